"""The same facts in another register give the same rows (issue 12, bench/register_probe.py):
a copy that spaced numbers from their words or spaced a heading out, or typed ASCII full stops.
Positions are those of the text as given (the spaces the miner reads through stay in it)."""
import report_miner
from report_miner.mining.normalise import find_line_numbers, find_register_spaces, fold_ascii_stops, normalise


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


# ----------------------------------------------------------------------------- copy remnants
# (issue 12: registers real archives arrive in; bench/register_probe.py nbsp, html, linenos,
# justify). Figures are read through what a copy left; offsets point into the text as given.

def _figures(text):
    res = report_miner.mine_text(text)
    return [(text[f["start"]:f["end"]], f["value"], f["metric"]) for f in res.figures.to_dict("records")]


def test_an_invisible_character_inside_a_number_or_unit_does_not_split_it():
    text = "全镇总人口35\u200b126人,已婚育龄妇女6\ufeff218人\u00ad次"
    got = _figures(text)
    assert got[0] == ("35\u200b126人", 35126, "population.total")
    assert got[1][1] == 6218


def test_no_break_and_ideographic_spaces_around_a_number_are_read_through():
    got = _figures("河西乡总人口\u00a028460\u00a0人,辖\u00a014\u3000个行政村。")
    assert [(v, m) for _, v, m in got] == [(28460, "population.total"), (14, "admin.villages")]


def test_an_ideographic_space_before_a_number_as_a_column_gap_stays():
    assert normalise("耕地面积\u30003.1万亩").text == "耕地面积 3.1万亩"  # folded, not removed


def test_html_entities_and_tags_read_as_what_they_stand_for():
    text = "<p>&nbsp;&nbsp;全镇辖12个村,&ldquo;两癌&rdquo;筛查1860人。</p><p>总人口3.2万人<br>会员900名</p>"
    n = normalise(text)
    assert n.text == "  全镇辖12个村,“两癌”筛查1860人。\n总人口3.2万人\n会员900名"
    got = _figures(text)
    assert [v for _, v, _ in got] == [12, 1860, 32000, 900]
    assert got[2][0] == "3.2万人"


def test_an_empty_quote_in_entities_is_a_slot_where_the_entity_starts():
    text = "紧紧围绕&ldquo;&rdquo;发展思路,全面推进。"
    res = report_miner.mine_text(text)
    starts = [b["start"] for b in res.blanks.to_dict("records")]
    assert text.index("&rdquo;") in starts


def test_lookalike_angle_brackets_and_ampersands_that_are_no_html_stay():
    for text in ("学习<<条例>>和&规定", "a<b且c>d", "R&D投入3万元", "<b>甲镇</b>工作总结"):
        assert normalise(text).text == text, text


def test_line_numbers_at_every_line_start_are_removed():
    lines = ["河口镇二〇二三年工作总结", "", "　　全镇辖12个村,总人口2.6万人。", "　　发放宣传资料3000份,",
             "培训骨干120人次。", "　　二〇二三年十二月"]
    text = "\n".join(f"{i:>3}  {ln}" for i, ln in enumerate(lines, 1))
    n = normalise(text)
    assert n.text == "\n".join(lines).replace("\u3000", " ")  # (the ideographic space folds to a space)
    got = _figures(text)
    assert [v for _, v, _ in got] == [12, 26000, 3000, 120]


def test_lookalike_a_short_numbered_list_keeps_its_numbers():
    for text in ("1 基本情况\n2 主要工作\n3 存在问题", "2023年\n全镇12个村\n3 月份\n4 人\n5 户\n6 个",
                 "1 基本情况\n全镇12个村。\n2 主要工作\n发放资料。\n3 存在问题\n经费不足。"):
        assert find_line_numbers(text) == [], text


def test_a_justified_line_spaced_glyph_by_glyph_is_read_as_one():
    text = "全 镇 总 人 口 3 1 4 2 6 人 , 已 婚 育 龄 妇 女 6 2 1 8 人 。\n发放资料500份。"
    got = _figures(text)
    assert got[0] == ("3 1 4 2 6 人", 31426, "population.total")
    assert got[1][1:] == (6218, "population.married_women")


def test_lookalike_spaced_date_slots_and_spaced_thousands_stay():
    for text in ("协会 20 年 月 日", "总人口31 426人", "A B C D E F"):
        assert normalise(text).text == text, text


def test_ocr_punctuation_an_o_for_a_full_stop_ends_the_sentence():
    assert fold_ascii_stops("全年支出86万元o乡财政安排") == "全年支出86万元。乡财政安排"
    for text in ("二o一0年", "O型血", "卡拉ok厅"):
        assert fold_ascii_stops(text) == text, text


def test_ocr_punctuation_empty_straight_or_mixed_quotes_are_a_slot():
    for text in ('以“"为主题开展活动', '举办了"”文艺汇演'):
        got = _blanks(text)
        assert [k for k, _ in got] == ["missing_text"], text


def test_lookalike_two_straight_quotes_close_one_name_and_open_the_next():
    assert _blanks('评选"好媳妇""好婆婆"各10名') == []


def test_a_number_cut_after_a_list_comma_or_before_a_traditional_wan_is_mended():
    for text, whole in (("全村辖6个村民小组,共426户、15\n83人。全村现有耕地。", "1583人"),
                        ("全年共發放獎勵扶助金136\n.8萬元。今年再發放。", "136.8万元")):
        assert whole in normalise(text).text, text


def test_two_running_page_numbers_on_lines_of_their_own_in_a_longer_text():
    filler = "全镇开展各类宣传服务活动,群众满意度不断提高。" * 14
    text = "全年投入资金86\n1\n.5万元," + filler + "发放药具1540\n2\n盒," + filler + "完。"
    n = normalise(text)
    assert "86.5万元" in n.text and "1540盒" in n.text


# ----------------------------------------------------------------------------- the probe's rewrites

def _probe():
    import importlib.util
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "tests" / "gold" / "scorer"))
    spec = importlib.util.spec_from_file_location("register_probe", root / "bench" / "register_probe.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_probe_rewrite_carries_the_gold_to_the_same_facts():
    """Each register the probe writes keeps every gold figure and blank findable in the new text,
    in order, and a Chinese-numeral rewrite of a figure still reads as the same value."""
    probe = _probe()
    from validate_gold import resolve

    doc = {"id": "invented", "source": "test", "text":
           "河口镇2023年工作总结\n　　全镇辖14个村,总人口31 426人,已婚育龄妇女6218人,签订率达98.5%。"
           "“两癌”筛查1860人次,投入资金12.6万元;全年发放宣传资料3000余份。\n　　全乡辖村,会员人。",
           "figures": [{"surface": s, "occurrence": 1, "value": v, "metric": m} for s, v, m in (
               ("14个", 14, "admin.villages"), ("31 426人", 31426, "population.total"),
               ("6218人", 6218, "population.married_women"), ("98.5%", 98.5, "other"),
               ("1860人次", 1860, "health.screenings"), ("12.6万元", 126000, "finance.money"),
               ("3000余份", 3000, "outreach.materials"))],
           "blanks": [{"before": "全乡辖", "after": "村,会员", "kind": "missing_number", "unit": "个"},
                      {"before": "会员", "after": "人。", "kind": "missing_number", "unit": "人"}]}
    for name, fn in probe.TRANSFORMS.items():
        out = fn(doc["text"], "invented" + name)
        if out is None:
            continue  # (trad without OpenCC)
        new = probe.carry(doc, out[0], out[1], resolve)
        figs, blanks, errs = resolve(new)
        assert not errs, name
        assert [f["start"] for f in figs] == sorted(f["start"] for f in figs), name
        assert len(figs) == 7 and len(blanks) == 2, name
    text, omap = probe.t_cnnum(doc["text"], "x")
    new = probe.carry(doc, text, omap, resolve)
    surfaces = [f["surface"] for f in new["figures"]]
    assert surfaces[:4] == ["十四个", "三万一千四百二十六人", "六千二百一十八人", "百分之九十八点五"]
    assert "二〇二三年" in text
