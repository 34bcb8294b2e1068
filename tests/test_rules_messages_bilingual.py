"""`report-miner rules check` names every problem of a user's rule file with file, line and rule
id, in English and Chinese (English / 中文), check params included (rules written for these tests)."""
from __future__ import annotations

from report_miner.ruleset.load import check_rules


def _problem(problems: list[str], needle: str) -> str:
    got = [p for p in problems if needle in p]
    assert len(got) == 1, (needle, problems)
    return got[0]


def test_check_param_problems_are_bilingual_with_file_line_and_id(tmp_path):
    (tmp_path / "checks.yaml").write_text(
        "checks:\n"
        "  - id: my_pct\n"                              # 2
        "    kind: percent_range\n"
        "    severity: error\n"
        "    message_zh: x\n"
        "    message_en: x\n"
        "    params:\n"
        "      maxx: 100\n"                             # 8
        "  - id: my_breakdown\n"                        # 9
        "    kind: breakdown\n"
        "    severity: error\n"
        "    message_zh: x\n"
        "    message_en: x\n"
        "    params:\n"
        "      marker: '(其中'\n"                        # 15
        "      each: yes please\n"                      # 16
        "  - id: my_required\n"                         # 17
        "    kind: required_metric\n"                   # 18
        "    severity: error\n"
        "    message_zh: x\n"
        "    message_en: x\n"
        "  - id: my_pairs\n"                            # 22
        "    kind: part_whole\n"
        "    severity: error\n"
        "    message_zh: x\n"
        "    message_en: x\n"
        "    params:\n"
        "      pairs: [[population.total]]\n"           # 28
        "  - id: my_kind\n"                             # 29
        "    kind: percent_rnage\n"                     # 30
        "    severity: error\n"
        "    message_zh: x\n"
        "    message_en: x\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    p = _problem(problems, "maxx")
    assert "checks.yaml:8 (my_pct)" in p
    assert "unknown param 'maxx'" in p and "did you mean 'max'" in p
    assert "没有参数 'maxx'" in p and "是否应为 'max'" in p
    p = _problem(problems, "marker")
    assert "checks.yaml:15 (my_breakdown)" in p
    assert "param 'marker': bad regex" in p and "参数 'marker' 的正则表达式有误" in p
    p = _problem(problems, "'each'")
    assert "checks.yaml:16 (my_breakdown)" in p
    assert "param 'each' must be true or false" in p and "参数 'each' 的类型不对" in p
    p = _problem(problems, "my_required")
    assert "checks.yaml:18 (my_required)" in p
    assert "missing param 'metric'" in p and "缺少参数 'metric'" in p
    p = _problem(problems, "my_pairs")
    assert "checks.yaml:28 (my_pairs)" in p
    assert "each pair is [part metric, whole metric]" in p and "每一对应为 [部分指标, 整体指标]" in p
    p = _problem(problems, "my_kind")
    assert "checks.yaml:30 (my_kind)" in p
    assert "unknown check kind 'percent_rnage'" in p and "未知的检查类型" in p


def test_archive_check_param_problems_are_bilingual(tmp_path):
    (tmp_path / "checks.yaml").write_text(
        "archive_checks:\n"
        "  - id: my_jump\n"
        "    kind: year_jump\n"
        "    severity: error\n"
        "    message_zh: x\n"
        "    message_en: x\n"
        "    params:\n"
        "      metrics: [population.total]\n"
        "      factor: 0.5\n", encoding="utf-8")
    p = _problem(check_rules(tmp_path), "factor")
    assert "checks.yaml:" in p and "(my_jump)" in p
    assert "param 'factor' must be above 1" in p and "参数 factor 须大于 1" in p


def test_other_rule_file_problems_are_bilingual(tmp_path):
    (tmp_path / "units.yaml").write_text(
        "units:\n"
        "  - {id: my_unit, forms: [台], unit: 台, kind: count, colour: red}\n"
        "  - {id: my_unit2, unit: 套, kind: count}\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    p = _problem(problems, "colour")
    assert "units.yaml:2 (my_unit)" in p and "unknown field 'colour'" in p and "未知字段 'colour'" in p
    p = _problem(problems, "my_unit2")
    assert "units.yaml:3 (my_unit2)" in p and "missing field 'forms'" in p and "缺少字段 'forms'" in p
