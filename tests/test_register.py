"""The same facts in another register give the same rows (issue 12, bench/register_probe.py):
a copy that spaced numbers from their words or spaced a heading out, or typed ASCII full stops.
Positions are those of the text as given (the spaces the miner reads through stay in it)."""
import report_miner
from report_miner.mining.normalise import find_register_spaces, fold_ascii_stops, normalise


def _blanks(text):
    res = report_miner.mine_text(text)
    return [(b["kind"], text[:b["start"]]) for b in res.blanks.to_dict("records")]


def test_a_name_left_out_of_a_spaced_signature_is_a_blank():
    got = _blanks("中 共 镇 委 员 会\n2024年1月8日")
    assert [k for k, _ in got] == ["missing_text"]
    assert got[0][1].rstrip().endswith("中 共")


def test_spaced_heading_reads_as_the_heading():
    assert normalise("工 作 总 结\n").text == "工作总结\n"


def test_spaces_that_join_paragraphs_or_dates_stay():
    for text in ("夯实基础 1、配齐班子", "四、下步打算 20XX年", "一、主要目标 1.全镇",
                 "送到农家 1200名妇女", "协会 20 年 月 日", "输出600 左右", "表1 2023年"):
        assert find_register_spaces(text) == [], text


def test_number_spaced_from_its_unit_and_word():
    n = normalise("总人口 35126 人,增长 3.2 %")
    assert n.text == "总人口35126人,增长3.2%"
    s = n.text.index("35126")
    assert n.original[slice(*n.to_orig_span(s, s + 6))] == "35126 人"


def test_ascii_full_stop_is_a_sentence_end_but_not_a_decimal_or_list_number():
    assert fold_ascii_stops("经费24万元.增长15.2.") == "经费24万元。增长15.2。"
    for text in ("3.5万人", "目标1.全镇", ":1.持续;2.年内", "www.gov.cn", "出栏2.\n4万头"):
        assert fold_ascii_stops(text) == text, text


def test_running_page_numbers_on_lines_of_their_own_are_read_through():
    filler = "全镇开展各类宣传服务活动。" * 25
    text = "全镇为困难家庭送去慰问品，共计2.6\n1\n万元，其中现金1万元。" + filler + "发放宣传\n2\n品3000份。" + filler + "培训\n3\n骨干。"
    n = normalise(text)
    assert "共计2.6万元" in n.text and "发放宣传品3000份" in n.text
    s = n.text.index("2.6万元")
    assert n.original[slice(*n.to_orig_span(s, s + 5))] == "2.6\n1\n万元"


def test_numbers_on_lines_of_their_own_that_do_not_run_stay():
    for text in ("出生人数\n1\n死亡人数\n2\n", "表格\n3\n" + "说明文字。" * 40 + "\n1\n结束。"):
        assert normalise(text).text == text.replace("：", ":"), text


def test_a_wrap_before_the_decimal_point_or_inside_a_spaced_number_is_mended():
    for text, whole in (("全年完成农田水利投资3\n.6亿元,同比增长。", "3.6亿元"),
                        ("今年年底建档立卡贫困户1 352\n户,全部脱贫。", "1 352户"),
                        ("与育龄群众签订计划生育合同3.8\n 万份,签订率高。", "3.8万份")):
        assert whole in normalise(text).text, text


def test_ascii_stop_after_a_heading_before_a_figure_but_not_after_a_chinese_numeral():
    assert fold_ascii_stops("三、助残工作.90岁以上老人") == "三、助残工作。90岁以上老人"
    assert fold_ascii_stops("一.基本情况") == "一.基本情况"


def test_a_bound_word_spaced_from_its_percentage_keeps_the_bound():
    res = report_miner.mine_text("验收合格率不低于 96%。")
    assert [(f["value"], f["bound"]) for f in res.figures.to_dict("records")] == [(96.0, "min")]


def test_a_year_spaced_from_its_nian_is_no_blank():
    assert _blanks("该乡协会 2011 年被评为省级先进。") == []
