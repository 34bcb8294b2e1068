"""Two false alarms an auditor meets, with sentences invented for these tests:

- 其中 parts that count the whole along different lines (sex and age, party and sex …) overlap:
  breakdown_exceeds_total must not add them up (params ``dimensions`` in rules/checks.yaml),
  while parts that split it along one line (男/女, 流出/流入) or form one list still add up;
- expected_metric_missing asks for family-planning figures only of reports whose title names
  family planning or no other subject (``topic_metrics`` of section ``expected``).
"""
from __future__ import annotations

import report_miner


def _found(text: str, check: str) -> list[dict]:
    f = report_miner.mine_text(text).findings
    return f[f.check == check].to_dict("records")


# ------------------------------------------------------------------ breakdown dimensions

def test_parts_along_different_dimensions_are_not_summed():
    for text in ("全镇协会会员800人,其中男性300人,老年人600人。",          # sex, age
                 "全村常住人口1500人,其中女性800人,党员900人。",          # sex, party
                 "全乡会员2400人,其中60岁以上会员1300人,残疾会员1200人。",  # age, disability
                 "全村户籍人口1200人,其中妇女650人、已婚人口800人。",       # sex, marriage: even as a list
                 "全镇流动人口900人,其中流出500人,少数民族450人。"):       # flow, ethnicity
        assert not _found(text, "breakdown_exceeds_total"), text
        assert not _found(text, "part_exceeds_total"), text


def test_parts_along_one_dimension_or_one_list_still_add_up():
    for text in ("全镇协会会员800人,其中男性500人,女性400人。",
                 "全镇会员800人,其中男会员500人、女会员400人。",
                 "全乡流动人口900人,其中流出600人,流入400人。",
                 "全镇会员800人,其中60岁以上会员500人,60岁以下会员400人。",
                 "全年发放宣传资料5000份,其中宣传册3000份、折页2500份。",
                 # words of two dimensions in each part, one of them shared
                 "全镇已婚育龄妇女3000人,其中一孩妇女1800人,二孩妇女1500人。",
                 "全镇会员800人,其中城镇妇女500人,农村妇女400人。",
                 # two age bands that do not overlap (育龄 is an age)
                 "全村人口900人,其中育龄妇女500人,老年人450人。"):
        got = _found(text, "breakdown_exceeds_total")
        assert len(got) == 1, text


def test_a_part_of_another_dimension_may_still_exceed_the_whole_alone():
    got = _found("全镇协会会员800人,其中女性900人,党员100人。", "part_exceeds_total")
    assert len(got) == 1 and "900人" in got[0]["message_zh"]
    assert not _found("全镇协会会员800人,其中女性900人,党员100人。", "breakdown_exceeds_total")


# ------------------------------------------------------------------ expected metrics by subject

_BODY = "\n全镇辖12个行政村,总人口21000人。\n"


def test_a_report_on_another_subject_is_not_asked_family_planning_figures():
    for title in ("青山镇2022年农村人居环境整治工作总结", "石桥乡2023年安全生产工作汇报",
                  "河西镇2021年防汛抗旱工作情况汇报", "柳湾镇2024年森林防火工作计划"):
        res = report_miner.mine_text(title + _BODY)
        assert not _found(title + _BODY, "expected_metric_missing"), title
        # completeness counts only what such a report is expected to state
        assert res.reports.completeness[0] == 1.0, title


def test_a_township_summary_or_a_family_planning_report_still_is():
    for title in ("青山镇2022年工作总结", "石桥乡2023年计生协会工作汇报",
                  "河西镇2022年卫生健康和计划生育工作计划",        # names both subjects
                  "柳湾镇2021年人口和计划生育暨综治工作总结"):
        got = _found(title + _BODY, "expected_metric_missing")
        assert len(got) == 1, title
        assert "协会会员数" in got[0]["message_zh"], title


def test_expected_for_reads_the_title():
    from report_miner.mining.audit import get_auditor

    a = get_auditor()
    whole = a.expected_for("总结")
    assert "population.married_women" in whole
    assert a.expected_for("总结", "青山镇2022年工作总结") == whole
    assert a.expected_for("总结", "") == whole
    other = a.expected_for("总结", "青山镇2022年安全生产工作总结")
    assert "population.total" in other and "population.married_women" not in other
    assert a.expected_for("计划", "石桥乡2023年乡村振兴工作计划") == []
    # 人民政府 holds 民政 (civil affairs): a government's plan names no subject
    assert a.expected_for("计划", "杨柳乡人民政府关于印发杨柳乡2025年工作计划") == a.expected_for("计划")


def test_topic_metrics_outside_the_records_metrics_are_named(tmp_path):
    from report_miner.ruleset.load import check_rules

    (tmp_path / "checks.yaml").write_text(
        "expected:\n"
        "  - id: plan\n"
        "    kinds: [计划]\n"
        "    metrics: [association.members]\n"
        "    topic_metrics: [outreach.materials]\n", encoding="utf-8")
    problems = "\n".join(check_rules(tmp_path))
    assert "topic_metrics: 'outreach.materials' is not one of the record's metrics" in problems
    (tmp_path / "checks.yaml").write_text(
        "expected:\n"
        "  - id: plan\n"
        "    kinds: [计划]\n"
        "    metrics: [association.members]\n"
        "    other_topics: '安全生产|(未闭合'\n", encoding="utf-8")
    problems = "\n".join(check_rules(tmp_path))
    assert "field 'other_topics': bad regex" in problems
