"""Audit findings that real phrasing made false (bench/findings_review.py, findings_judged.yaml),
each kind with sentences invented for these tests, and the true finding the fix keeps."""
from __future__ import annotations

import report_miner


def _checks(text: str) -> list[str]:
    return report_miner.mine_text(text).findings.check.tolist()


def _findings(text: str, check: str):
    f = report_miner.mine_text(text).findings
    return f[f.check == check]


# ------------------------------------------------------------------ percent_over_100

def test_a_share_of_a_task_may_exceed_100_percent():
    for text in ("全年下达孕检任务900人,实际完成孕检960人,完成任务的106.7%。",
                 "计划开展宫颈癌筛查600人,实查648人,筛查任务完成率108%。",
                 "孕前优生健康检查完成年度任务的112%,群众反映良好。",
                 "新发展会员完成目标的125%。"):
        assert "percent_over_100" not in _checks(text), text
    # a rate of people over 100% is still an error, even beside a finished task
    assert "percent_over_100" in _checks("全面完成了各项任务。群众满意率为130%。")
    assert "percent_over_100" in _checks("各项任务顺利完成,群众满意率为130%。")


def test_done_alone_is_no_share_of_a_task():
    # 完成 before a share of people is no task share: the look-alike is still reported
    for text in ("本年度完成孕检人数占比120%。", "全镇完成体检的群众占常住人口的135%。"):
        assert "percent_over_100" in _checks(text), text
    # the shares of a task in their other wordings are still left alone
    for text in ("全镇完成计划的103%。", "植树造林任务完成118%。", "新建示范户达到指标的104%。"):
        assert "percent_over_100" not in _checks(text), text


# ------------------------------------------------------------------ rate_contradicts_counts

def test_a_rate_of_something_else_is_not_checked_against_the_counts():
    # the counts are visits and patients; the rate is of beds
    assert "rate_contradicts_counts" not in _checks(
        "全年接诊门诊病人5.2万人次,收治住院病人1830人次,病床使用率91%。")
    # the rate is of cases settled, not of cases mediated out of cases received
    assert "rate_contradicts_counts" not in _checks(
        "全年受理群众来信来访46件,调解家庭纠纷31件,结案率100%。")
    # conformity to policy is no share of births among married women
    assert "rate_contradicts_counts" not in _checks(
        "全村已婚育龄妇女820人,全年出生51人,政策符合率97.5%。")
    # a task completed: the task is not stated
    assert "rate_contradicts_counts" not in _checks(
        "共为农村妇女完成宫颈癌检查2300人,乳腺癌检查2150人,检查任务完成率104%。")


def test_a_rate_that_is_a_change_is_not_a_share_of_the_counts():
    assert "rate_contradicts_counts" not in _checks(
        "全乡全年投入计生经费26.4万元,人均12.2元,比上年增长15%。")
    # an accuracy rate rising from one level to another
    assert "rate_contradicts_counts" not in _checks(
        "全年核实育龄妇女信息4.2万条,补录漏报信息1600余条,信息准确率由年初的81%提高到95%。")


def test_a_rate_naming_what_its_part_counts_is_still_checked():
    f = _findings("全村已婚育龄妇女600人,已落实长效节育措施420人,长效节育率85%。",
                  "rate_contradicts_counts")
    assert len(f) == 1 and "420人/600人 = 70.0%" in f.iloc[0].message_zh
    assert "rate_contradicts_counts" not in _checks(
        "全村已婚育龄妇女600人,已落实长效节育措施420人,长效节育率70%。")
    # a rate with no name of its own (占…) stays checked as before
    assert "rate_contradicts_counts" in _checks("全村育龄妇女600人,已办理服务证300人,占80%。")


# ------------------------------------------------------------------ breakdown after a change

def test_parts_after_a_change_are_held_against_the_level_before_it():
    # 其中 after 比上年增加N人: the parts add up to the level, not to the change
    assert "breakdown_exceeds_total" not in _checks(
        "全镇会员总数达到5200人,比上年增加640人,其中本地会员4500人、流动人口会员700人。")
    # parts above the level are wrong whichever the writer meant
    f = _findings("全镇会员总数达到5200人,比上年增加640人,其中本地会员4500人、流动人口会员900人。",
                  "breakdown_exceeds_total")
    assert len(f) == 1 and "5400" in f.iloc[0].message_zh and "5200人" in f.iloc[0].message_zh
    # a change alone before 其中: not checked
    assert "breakdown_exceeds_total" not in _checks(
        "今年新增会员比上年增加640人,其中本地会员500人、流动人口会员300人。")


# ------------------------------------------------------------------ numbering

def test_items_numbered_on_across_subsections_are_not_skipped():
    text = ("一、主要任务\n(一)加强组织领导\n1.年初召开动员大会。\n2.层层签订责任书。\n"
            "(二)抓好宣传教育\n3.更新村级宣传栏。\n4.开展集中宣传月活动。\n"
            "(三)优化技术服务\n5.开展三查服务。\n")
    assert "numbering_skipped" not in _checks(text)
    # a list that starts at 3 with nothing before it is still reported
    bad = ("一、主要任务\n(一)加强组织领导\n1.年初召开动员大会。\n2.层层签订责任书。\n"
           "二、保障措施\n三、工作要求\n(三)严格考核奖惩。\n")
    assert "numbering_skipped" in _checks(bad)


def test_an_inline_list_resumes_after_a_list_nested_in_one_of_its_items():
    text = ("一、经济发展\n今年主要做了两方面工作。一是工业稳步增长。新引进项目两个:一是食品加工厂,"
            "二是建材厂。二是农业结构调整加快。新建蔬菜基地。三是服务业繁荣。\n")
    checks = _checks(text)
    assert "numbering_duplicate" not in checks and "numbering_skipped" not in checks
    # a number used twice with no nested list is still reported
    assert "numbering_duplicate" in _checks(
        "一、经济发展\n一是工业稳步增长。二是农业结构调整加快。二是服务业繁荣。\n")


# ------------------------------------------------------------------ two reports in one file

def test_reports_glued_without_a_di_n_pian_marker_are_split():
    # 篇二: marks a report like 第二篇: (its headings are not numbered twice, its figures are
    # not held against the first report's population)
    text = ("篇一：青石村计生协会工作汇报 一、基本情况 全村总人口1800人。二、主要做法 加强宣传。"
            " 篇二：镇人口学校工作总结 一、办学情况 全年培训育龄群众2600人。二、存在问题 经费不足。")
    res = report_miner.mine_text(text)
    assert res.reports.title.tolist() == ["青石村计生协会工作汇报", "镇人口学校工作总结"]
    checks = res.findings.check.tolist()
    assert "numbering_duplicate" not in checks and "part_exceeds_whole" not in checks
    # a title line naming a unit, a year and a kind, after a line that ends a sentence
    glued = ("白沙乡2020年人口计生工作总结\n一、基本情况\n全乡总人口9000人。\n二、存在问题\n经费不足。\n"
             "白沙乡2021年人口计生工作计划\n一、目标任务\n出生率控制在12‰以内。\n二、工作措施\n加强宣传。\n")
    res = report_miner.mine_text(glued)
    assert res.reports.kind.tolist() == ["总结", "计划"]
    assert "numbering_duplicate" not in res.findings.check.tolist()
    # or any title line right after the date that signs the report before it
    signed = ("东山镇计生协会工作总结\n一、做法\n加强宣传。\n东山镇计生协会\n2021年12月20日\n"
              "东山镇计生协会工作计划\n一、目标\n发展会员100人。\n")
    assert report_miner.mine_text(signed).reports.kind.tolist() == ["总结", "计划"]
    # also with blank lines between the date and the next title (reports bound one after
    # another, a .docx with empty paragraphs between them): 13,000 reports read as one
    for gap in ("\n", "\n\n", "\n \n\u3000\n"):
        spaced = signed.replace("日\n东山镇", "日\n" + gap + "东山镇")
        assert report_miner.mine_text(spaced).reports.kind.tolist() == ["总结", "计划"], gap
    kept = "东山镇计生协会工作总结\n一、做法\n加强宣传。\n2021年12月20日\n\n全镇工作总结如下:\n"
    assert len(report_miner.mine_text(kept).reports) == 1


def test_headings_and_words_that_look_like_a_report_start_do_not_split():
    for text in ("河东镇2021年工作总结\n一、基本情况\n全镇总人口8000人。\n全镇2022年工作计划\n发展会员。\n",
                 "河东镇2021年工作总结\n一、基本情况\n全镇总人口8000人。\n三、2022年工作计划\n发展会员。\n",
                 "河东镇2021年工作总结\n学习名篇一:爱莲说。全镇总人口8000人。\n"):
        assert len(report_miner.mine_text(text).reports) == 1, text


# ------------------------------------------------------------------ what an auditor reads

def test_audit_output_gives_each_finding_its_line_and_counts_what_it_hides(tmp_path, capsys):
    from report_miner.cli.app import main

    p = tmp_path / "tpl.txt"
    p.write_text("某镇计生协会工作汇报\n\n一、基本情况\n全镇辖个行政村,总人口人。\n"
                 "二、做法\n签订率达98以上。\n", encoding="utf-8")
    assert main(["audit", str(p), "--color", "never", "--min-severity", "warning"]) == 1
    out = capsys.readouterr().out
    # line 4 of the file holds the two empty slots; the offset stays beside it
    assert "blank_missing_number [一]  L4 @" in out
    assert "L6 @" in out  # the dropped unit, line 6
    # the info finding is counted but not listed, and the line says so
    assert "1 info  (1 below --min-severity warning not listed" in out
    assert "expected_metric_missing" not in out


def test_a_table_total_names_the_cells_left_empty(tmp_path):
    docx = __import__("docx")
    d = docx.Document()
    d.add_paragraph("某乡计生协会工作总结")
    for rows in ([("村名", "会员(人)"), ("甲村", "120"), ("乙村", ""), ("丙村", "100"), ("合计", "300")],
                 [("村名", "会员(人)"), ("甲村", "120"), ("乙村", "150"), ("丙村", "10"), ("合计", "300")]):
        t = d.add_table(rows=len(rows), cols=2)
        for i, (a, b) in enumerate(rows):
            t.cell(i, 0).text, t.cell(i, 1).text = a, b
    p = tmp_path / "t.docx"
    d.save(p)
    f = report_miner.mine_file(p).findings
    msgs = f[f.check == "table_total_mismatch"].message_zh.tolist()
    assert len(msgs) == 2
    assert "220(R2C2=120、R4C2=100; 空 empty: R3C2)" in msgs[0]  # table 1: a part left empty
    assert "空" not in msgs[1]  # table 2: every part filled, the sum is wrong


def test_explain_shows_the_sentence_a_finding_was_read_in():
    res = report_miner.mine_text("全村已婚育龄妇女600人,已落实长效节育措施420人,长效节育率85%。", explain=True)
    out = str(res.explanation)
    assert "check rate_contradicts_counts" in out
    assert "read in 所在原文: 全村已婚育龄妇女600人,已落实长效节育措施420人,长效节育率85%。" in out


def test_a_rate_is_matched_to_its_part_by_the_verb_it_names():
    # 普查率 after 实查: the same verb (查), checked
    f = _findings("全镇应查育龄妇女8000人,实查7200人,普查率95%。", "rate_contradicts_counts")
    assert len(f) == 1 and "7200人/8000人 = 90.0%" in f.iloc[0].message_zh
    assert "rate_contradicts_counts" not in _checks("全镇应查育龄妇女8000人,实查7200人,普查率90%。")


def test_an_item_that_opens_with_its_deadline_month_is_a_heading():
    text = ("一、重点任务\n(一)加强领导\n1.2月底前召开全镇动员大会。\n2.每季度召开例会一次。\n"
            "(二)抓好宣传\n3.5月底前更新村级宣传栏。\n4.全年发放宣传品不少于3000份。\n")
    res = report_miner.mine_text(text)
    assert res.sections.token.tolist() == ["一、", "(一)", "1.", "2.", "(二)", "3.", "4."]
    assert "numbering_skipped" not in res.findings.check.tolist()
    # a decimal is no heading, month or not
    assert res.sections.token.tolist().count("1.") == 1
    assert "1." not in report_miner.mine_text("二、基本情况\n全镇人口\n1.5万人。\n").sections.token.tolist()


def test_a_table_total_names_an_empty_first_part(tmp_path):
    # the first part left empty is as much a reason for the short sum as one in the middle
    docx = __import__("docx")
    d = docx.Document()
    d.add_paragraph("某乡计生协会工作总结")
    rows = [("村名", "会员(人)"), ("甲村", ""), ("乙村", "150"), ("丙村", "100"), ("合计", "300")]
    t = d.add_table(rows=len(rows), cols=2)
    for i, (a, b) in enumerate(rows):
        t.cell(i, 0).text, t.cell(i, 1).text = a, b
    p = tmp_path / "t.docx"
    d.save(p)
    f = report_miner.mine_file(p).findings
    (msg,) = f[f.check == "table_total_mismatch"].message_zh.tolist()
    assert "250(R3C2=150、R4C2=100; 空 empty: R2C2)" in msg
