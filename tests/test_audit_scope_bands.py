"""Two false alarms of the audit, with reports and sentences invented for these tests:

- population_not_stated (severity error) asks for the total population only of reports whose
  title names family planning or no other subject (params ``topic`` / ``other_topics`` of the
  check in rules/checks.yaml, the lists the ``expected`` section uses);
- breakdown_exceeds_total does not add up age bands that contain one another (其中60岁以上…,
  70岁以上…, 80岁以上…: params ``band_units`` / ``band_above`` / ``band_below``), while bands that do not overlap still add up.
"""
from __future__ import annotations

import report_miner


def _found(text: str, check: str) -> list[dict]:
    f = report_miner.mine_text(text).findings
    return f[f.check == check].to_dict("records")


# ------------------------------------------------------------------ population_not_stated by subject

_NO_POPULATION = "\n一、基本情况\n今年全镇完成渠道清淤18公里,新修机耕道6公里,帮扶脱贫户320户增收。\n"


def test_a_water_or_poverty_report_is_not_asked_the_total_population():
    for title in ("白沙镇2023年水利工程建设工作总结", "松林乡2022年脱贫攻坚工作汇报",
                  "白沙镇2024年巩固脱贫成果和水利建设述职报告"):
        assert not _found(title + _NO_POPULATION, "population_not_stated"), title


def test_a_family_planning_or_plain_report_still_is():
    for title in ("白沙镇2023年计划生育工作总结", "松林乡2022年工作汇报",
                  # names both subjects: still a family-planning report
                  "白沙镇2024年人口计生和水利工作总结"):
        got = _found(title + _NO_POPULATION, "population_not_stated")
        assert len(got) == 1 and got[0]["severity"] == "error", title
    # stated, it is not reported
    text = "松林乡2022年计划生育工作汇报\n全乡总人口18600人,辖9个村。\n"
    assert not _found(text, "population_not_stated")


def test_required_metric_topic_params_are_data(tmp_path):
    """A user who drops the params asks every report again; the check reads them from the file."""
    import shutil
    from pathlib import Path

    from report_miner.ruleset.load import check_rules

    rules = tmp_path / "rules"
    shutil.copytree(Path(report_miner.__file__).resolve().parent.parent / "rules", rules)
    src = (rules / "checks.yaml").read_text(encoding="utf-8")
    src = src.replace("      other_topics: &other_topics '", "      other_topics: &other_topics '(?!x)x|", 1)
    # the first other_topics (population_not_stated's) now also holds a pattern that never
    # matches: same behaviour; a bad pattern is named with file, line and id
    (rules / "checks.yaml").write_text(src, encoding="utf-8")
    assert not check_rules(rules)
    bad = src.replace("      other_topics: &other_topics '(?!x)x|", "      other_topics: &other_topics '(|", 1)
    (rules / "checks.yaml").write_text(bad, encoding="utf-8")
    problems = "\n".join(check_rules(rules))
    assert "checks.yaml:" in problems and "(population_not_stated)" in problems
    assert "other_topics" in problems


# ------------------------------------------------------------------ nested bands of one dimension

def test_bands_that_contain_one_another_are_not_summed():
    for text in ("全乡老年人2600人,其中60岁以上2400人,70周岁以上1300人,80岁及以上老人350人。",
                 "全村儿童900人,其中14岁以下700人,6岁及以下学龄前儿童300人。",
                 "全镇会员1500人,其中60岁以上会员900人、80岁以上会员700人。"):      # even as one list
        assert not _found(text, "breakdown_exceeds_total"), text
        assert not _found(text, "part_exceeds_total"), text


def test_bands_that_do_not_overlap_still_add_up():
    for text in ("全乡老人520人,其中60-69岁310人,70-79岁190人,80岁以上90人。",
                 "全村人口4100人,其中18岁以下1300人,60岁以上3000人。",       # two sides: disjoint
                 "全乡老人520人,其中60岁以上80岁以下老人400人,80岁以上老人200人。",  # closed + open
                 "全镇老年会员600人,其中60岁以上男性350人,60岁以上女性300人。"):   # one band, split by sex
        got = _found(text, "breakdown_exceeds_total")
        assert len(got) == 1, text


def test_a_nested_band_larger_than_the_whole_alone_is_still_reported():
    text = "全乡老人520人,其中60岁以上2400人,80岁以上90人。"
    got = _found(text, "part_exceeds_total")
    assert len(got) == 1 and "2400人" in got[0]["message_zh"]
    assert not _found(text, "breakdown_exceeds_total")
