"""Audit checks an auditor needs that bench/audit_recall.py found missing: a total after its
parts that is not their sum, a level stated twice with two values, a year against the
title's, a rate against 应查/实查 counts, a two-way split after 其中 (流出/流入), 某某 on a
signature line, and a byline (秘书长 张志强) that is no blank. Every sentence is invented
for these tests."""
from __future__ import annotations

import report_miner


def _found(text: str, check: str) -> list[dict]:
    f = report_miner.mine_text(text).findings
    return f[f.check == check].to_dict("records")


# ------------------------------------------------------------------ total_not_sum

def test_total_after_its_parts_must_be_their_sum():
    bad = _found("全乡建有乡级协会1个、村级协会9个、企业协会2个,共计14个。", "total_not_sum")
    assert len(bad) == 1 and "相加为 12个" in bad[0]["message_zh"] and "14个" in bad[0]["message_zh"]
    money = _found("省里补助6万元,县里配套3万元,乡里自筹1.5万元,合计12万元。", "total_not_sum")
    assert len(money) == 1 and "10.5万元" in money[0]["message_zh"]
    assert not _found("乡级协会1个、村级协会9个、企业协会2个,共计12个。", "total_not_sum")
    assert not _found("培训村干部40人次、骨干120人次,合计160人次。", "total_not_sum")


def test_total_after_parts_leaves_other_sentences_alone():
    # a figure of another unit among the parts: not a list of parts
    assert not _found("新建活动室3个,投入2万元,配置书柜4个,共计9个。", "total_not_sum")
    # one part only, or the parts after 其中 that add up to the total
    assert not _found("今年举办培训2期,共计3期。", "total_not_sum")
    assert not _found("全镇协会12个,其中村级10个、企业2个,共计12个。", "total_not_sum")
    # a total that is not the whole clause (共发放…): not a total after parts
    assert not _found("宣传册3000份、折页2000份,向群众共发放资料6000份。", "total_not_sum")


# ------------------------------------------------------------------ figure_restated

def test_level_stated_twice_with_two_values():
    text = ("柳河镇2021年工作总结\n一、基本情况\n柳河镇辖11个行政村、2个社区,总人口18600人。\n"
            "二、主要工作\n全镇13个行政村全部建立了会员之家。\n随着外出务工增多,全镇19900人中留守老人比重上升。\n")
    got = _found(text, "figure_restated")
    assert [g["message_zh"].split(":")[1] for g in got] == ["先写 11个,此处为 13个", "先写 18600人,此处为 19900人"]


def test_level_restated_leaves_parts_lists_and_plans_alone():
    head = "柳河镇2021年工作总结\n柳河镇辖11个行政村、2个社区,总人口18600人。\n"
    # where an activity ran (some of the villages), communities, villages and communities together
    assert not _found(head + "在全镇6个村推行积分制管理。\n", "figure_restated")
    assert not _found(head + "全镇13个村(居)全部修订了村规民约。\n", "figure_restated")
    # the level changed, and the sentence says so; an approximate restatement
    assert not _found(head + "全镇由14个行政村合并为11个行政村。\n", "figure_restated")
    assert not _found(head + "全镇1.9万余人参加了医保。\n", "figure_restated")
    # a plan's figures are targets, not its level
    plan = "柳河镇2022年工作计划\n柳河镇辖11个行政村,总人口18600人。\n力争全镇总人口控制在19000人。\n"
    assert not _found(plan, "figure_restated")


# ------------------------------------------------------------------ year_differs_from_title

def test_year_of_the_signing_date_against_the_title():
    body = "今年以来,全镇各项工作稳步推进。\n柳河镇人民政府\n"
    got = _found("柳河镇2022年工作总结\n" + body + "二〇二〇年十二月二十日\n", "year_differs_from_title")
    assert len(got) == 1 and "2020" in got[0]["message_zh"] and "2022" in got[0]["message_zh"]
    # a summary signed early the next year, a plan signed late the year before: fine
    assert not _found("柳河镇2022年工作总结\n" + body + "2023年1月6日\n", "year_differs_from_title")
    assert not _found("柳河镇2023年工作计划\n" + body + "2022年12月28日\n", "year_differs_from_title")
    # a span of years in the title, or none: not checked
    assert not _found("柳河镇2016年至2020年工作总结\n" + body + "2018年12月1日\n", "year_differs_from_title")
    assert not _found("柳河镇工作总结\n" + body + "2018年12月1日\n", "year_differs_from_title")


def test_statements_of_the_reports_own_year():
    text = "2023年度个人述职报告\n现将2021年度工作情况报告如下。\n"
    got = _found(text, "year_differs_from_title")
    assert len(got) == 1 and text[got[0]["start"]:got[0]["end"]] == "2021"
    plan = "柳河镇2024年工作计划\n2022年是巩固提升的关键一年,特制定本计划。\n"
    assert len(_found(plan, "year_differs_from_title")) == 1
    # other years in the text are not the report's own
    ok = "柳河镇2022年工作总结\n现将2022年工作情况总结如下。比2021年增长5%,2016年以来连续获评先进。\n"
    assert not _found(ok, "year_differs_from_title")


def test_year_finding_points_at_the_year_in_the_text_as_loaded():
    text = "柳河镇2022年工作总结\n\n现将2020年工作情况汇报如下。\n"
    got = _found(text, "year_differs_from_title")
    assert len(got) == 1 and text[got[0]["start"]:got[0]["end"]] == "2020"


# ------------------------------------------------------------------ rates, splits

def test_rate_against_counts_named_by_a_synonym():
    # 受检率 after 应查/实查 counts: 检 and 查 name one count
    got = _found("全年应查对象3000人,实查2400人,受检率97.0%。", "rate_contradicts_counts")
    assert len(got) == 1 and "2400人/3000人 = 80.0%" in got[0]["message_zh"]
    assert not _found("全年应查对象3000人,实查2910人,受检率97.0%。", "rate_contradicts_counts")


def test_two_way_split_after_qizhong_adds_up():
    got = _found("全乡流动人口1300人,其中流出900人,流入550人。", "breakdown_exceeds_total")
    assert len(got) == 1 and "1450" in got[0]["message_zh"]
    assert not _found("全乡流动人口1300人,其中流出900人,流入400人。", "breakdown_exceeds_total")
    assert not _found("全乡会员800人,其中男性300人,女性500人。", "breakdown_exceeds_total")


# ------------------------------------------------------------------ blanks

def test_mou_mou_on_a_signature_line_is_a_placeholder():
    b = report_miner.mine_text("以上述职,请予评议。\n汇报人:某某\n2022年1月8日\n").blanks
    assert b[b.kind == "placeholder"].token.tolist() == ["某某"]


def test_a_byline_with_a_measure_word_surname_is_no_blank():
    assert report_miner.mine_text("柳河镇计生协会会长 张秀英\n各位领导:\n").blanks.empty
    assert report_miner.mine_text("镇妇联主任 方丽\n").blanks.empty
    assert report_miner.mine_text("会上,镇长 张明作了讲话。\n").blanks.empty
    # a spaced slot is still one
    b = report_miner.mine_text("全镇总人口 人,辖 个村。\n").blanks
    assert b.unit.tolist() == ["人", "个"]


# ------------------------------------------------------------------ round 2 of the bench

def test_total_after_the_run_of_parts_right_before_it():
    # a figure of another unit earlier in the sentence ends the parts, it does not stop the check
    got = _found("建成垃圾中转站4座,配备镇级保洁员8名、村级保洁员50名,共60名。", "total_not_sum")
    assert len(got) == 1 and "8名、50名" in got[0]["message_zh"]
    # a total that names what it counts, other than the parts: 132个村民小组 after villages
    assert not _found("全镇辖14个行政村和2个社区,共132个村民小组。", "total_not_sum")


def test_rate_named_after_the_whole_with_a_done_share():
    got = _found("全乡应改厕农户1500户,已完成改造1200户,改厕率95.0%。", "rate_contradicts_counts")
    assert len(got) == 1 and "1200户/1500户 = 80.0%" in got[0]["message_zh"]
    assert len(_found("会员大会应到会员400人,实到300人,到会率98%。", "rate_contradicts_counts")) == 1
    assert not _found("会员大会应到会员400人,实到392人,到会率98%。", "rate_contradicts_counts")
    # a part that is not the done share of the whole: another base, not checked
    assert not _found("全乡卫生院收治病人900人次,转诊120人次,病床使用率87%。", "rate_contradicts_counts")


def test_parts_counted_in_zuo_add_up():
    got = _found("全镇现有公共厕所9座,其中水冲式厕所7座、旱厕5座。", "breakdown_exceeds_total")
    assert len(got) == 1


def test_a_body_that_opens_with_another_year():
    text = "柳河镇2022年农村人居环境整治工作总结\n2021年,我镇以“三清一改”为抓手推进整治。\n"
    got = _found(text, "year_differs_from_title")
    assert len(got) == 1 and text[got[0]["start"]:got[0]["end"]] == "2021"
    # a period that starts in an earlier year, or a year further down the text
    assert not _found("柳河镇2022年工作总结\n2019年以来,我镇坚持绿色发展。\n", "year_differs_from_title")
    assert not _found("柳河镇2022年工作总结\n一、基本情况\n概况。\n二、主要工作\n2021年,全镇完成改厕300户。\n",
                      "year_differs_from_title")


def test_the_year_a_report_is_about_may_be_later_never_earlier():
    plan = "柳河镇2023年工作计划\n2022年是巩固提升的关键之年。\n"
    assert len(_found(plan, "year_differs_from_title")) == 1
    # a summary's plan for the next year
    summary = "柳河镇2019年工作总结\n今年以来工作顺利。\n四、2020年工作打算\n2020年是全面完成任务的收官之年。\n"
    assert not _found(summary, "year_differs_from_title")


def test_more_villages_than_villages_and_communities_together():
    head = "柳河镇2021年工作总结\n柳河镇下辖12个村(社区),总人口18600人。\n"
    got = _found(head + "全镇14个村均成立了村民理事会。\n", "figure_restated")
    assert len(got) == 1 and "先写 12个,此处为 14个" in got[0]["message_zh"]
    # fewer villages than villages and communities: the communities make up the rest
    assert not _found(head + "全镇10个村均成立了村民理事会。\n", "figure_restated")


def test_total_written_rounded_is_its_parts_sum():
    assert not _found("县里补助3.45万元,镇里配套2.26万元,合计5.7万元。", "total_not_sum")
    assert not _found("县里补助8.3万元,镇里配套7.3万元,合计16万元。", "total_not_sum")
    assert len(_found("县里补助8.3万元,镇里配套7.3万元,合计17万元。", "total_not_sum")) == 1


def test_a_level_restated_rounded_is_the_same():
    head = "柳河镇2021年工作总结\n柳河镇辖11个行政村,总人口31560人。\n"
    assert not _found(head + "全镇3万人口中,外出务工的占三成。\n", "figure_restated")
    assert not _found(head + "全镇3.2万人口中,外出务工的占三成。\n", "figure_restated")
    assert len(_found(head + "全镇3.6万人口中,外出务工的占三成。\n", "figure_restated")) == 1


def test_two_counts_of_the_population_are_not_a_restatement():
    head = "柳河镇2021年工作总结\n柳河镇总人口26000人。\n"
    assert not _found(head + "全镇常住人口21000人。\n", "figure_restated")
    both = "柳河镇2021年工作总结\n柳河镇常住人口21000人。\n全镇常住人口23000人。\n"
    assert len(_found(both, "figure_restated")) == 1


def test_a_signing_date_without_its_day():
    plan = "柳河镇2021年工作计划\n今年工作安排如下。\n"
    assert not _found(plan + "二〇二〇年十二月\n", "year_differs_from_title")
    assert len(_found(plan + "二〇一九年十二月\n", "year_differs_from_title")) == 1


def test_audit_help_names_every_shipped_check():
    # the README sends an auditor to `report-miner audit --help` for what each check finds
    from report_miner.cli.app import AUDIT_EPILOG

    checks = report_miner.ruleset.load.load_rule_data().section("checks", "checks")
    ids = {c["id"] for c in checks}
    listed = {i for i in ids if i in AUDIT_EPILOG}
    # the numbering checks are listed together (numbering_duplicate / _skipped / _out_of_order)
    missing = {i for i in ids - listed if not (i.startswith("numbering_") and "numbering_duplicate" in AUDIT_EPILOG)}
    assert not missing
