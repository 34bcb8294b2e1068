"""Rule files: the shipped ones are valid, and a bad one is reported with file, line and id."""
from __future__ import annotations

import pytest

import report_miner
from report_miner.errors import RuleError
from report_miner.ruleset import check_rules, load_rule_data


def test_ruleset_shipped_rules_are_valid():
    assert check_rules() == []


def test_ruleset_bad_file_names_file_line_and_id(tmp_path):
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n"
        "  - id: population.total\n"
        "    label: 总人口\n"
        "    match:\n"
        "      - units: [人]\n"
        "        before: '(总人口'\n"
        "  - id: x.y\n"
        "    label: 测试\n"
        "    colour: red\n"
        "    match: []\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    text = "\n".join(problems)
    assert f"{tmp_path / 'metrics.yaml'}:2 (population.total)" in text
    assert "bad regex" in text
    assert f"{tmp_path / 'metrics.yaml'}:7 (x.y): unknown field 'colour'" in text
    with pytest.raises(RuleError) as exc:
        load_rule_data(str(tmp_path))
    assert "metrics.yaml:2" in str(exc.value)


def test_ruleset_yaml_syntax_error_has_line(tmp_path):
    (tmp_path / "units.yaml").write_text("units:\n  - {id: a, forms: [人\n  - id: b\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert len(problems) == 1 and "units.yaml:" in problems[0] and "YAML syntax error" in problems[0]


def test_ruleset_example_self_tests_are_checked(tmp_path):
    (tmp_path / "exclusions.yaml").write_text(
        "exclusions:\n  - id: t\n    pattern: '五好'\n    examples: [六好]\n", encoding="utf-8")
    assert any("example '六好' is not matched" in p for p in check_rules(tmp_path))


def test_ruleset_user_rules_add_a_metric(tmp_path):
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n"
        "  - id: outreach.tours\n"
        "    label: 宣传车巡回\n"
        "    priority: 95\n"
        "    match:\n"
        "      - units: [次]\n"
        "        before: '宣传车'\n", encoding="utf-8")
    res = report_miner.mine_text("组装宣传车巡回宣传12次。", rules_dir=tmp_path)
    assert res.figures.metric.tolist() == ["outreach.tours"]
    assert report_miner.mine_text("组装宣传车巡回宣传12次。").figures.metric.tolist() != ["outreach.tours"]


def test_ruleset_user_rules_change_how_the_subject_is_read(tmp_path):
    text = "今年入户走访群众共计860户。"
    shipped = report_miner.mine_text(text).figures.loc[0, ["subject", "action"]].tolist()
    assert shipped == ["群众", "走访"]
    # a user who wants 走访 read as what is counted (a visit count) lists it as a noun-like verb
    (tmp_path / "qualifiers.yaml").write_text(
        "subject:\n  - id: noun_like_verbs\n    words: [组织, 服务, 培训, 走访]\n", encoding="utf-8")
    mine = report_miner.mine_text(text, rules_dir=tmp_path).figures.loc[0, ["subject", "action"]]
    assert mine.tolist() == ["入户走访群众", ""]  # 入户 is a noun to jieba, so no verb is left


def test_ruleset_subject_words_must_be_a_list(tmp_path):
    (tmp_path / "qualifiers.yaml").write_text(
        "subject:\n  - id: copulas\n    words: 有\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any(f"{tmp_path / 'qualifiers.yaml'}:2 (copulas)" in p and "words" in p for p in problems), problems


def test_ruleset_user_rules_add_a_report_kind(tmp_path):
    text = "青山镇计生协会工作心得\n一、基本情况\n全镇总人口17364人。"
    assert report_miner.mine_text(text).reports.loc[0, "kind"] == "other"
    (tmp_path / "structure.yaml").write_text(
        "kinds:\n  - {id: xinde, word: 心得, kind: 心得}\n"
        "patterns:\n  - id: title_words\n"
        "    pattern: '工作汇报|工作总结|工作计划(?!生育)|汇报|总结|计划(?!生育)|报告|要点|心得'\n",
        encoding="utf-8")
    rep = report_miner.mine_text(text, rules_dir=tmp_path).reports.loc[0]
    assert (rep["title"], rep["kind"], rep["unit_name"]) == ("青山镇计生协会工作心得", "心得", "青山镇")


def test_ruleset_bad_structure_file_names_file_and_line(tmp_path):
    (tmp_path / "structure.yaml").write_text(
        "words:\n  - id: name_boundary\n    words: 代表\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any(f"{tmp_path / 'structure.yaml'}:2 (name_boundary)" in p for p in problems), problems


def test_ruleset_named_parts_and_word_lists_are_checked(tmp_path):
    (tmp_path / "qualifiers.yaml").write_text(
        "subject:\n  - {id: nountags, words: [n]}\n  - id: noun_tags\n    words: [no, yes]\n",
        encoding="utf-8")
    (tmp_path / "structure.yaml").write_text(
        "words:\n  - {id: not_in_name, words: [莆美]}\n", encoding="utf-8")
    text = "\n".join(check_rules(tmp_path))
    assert f"{tmp_path / 'qualifiers.yaml'}:2 (nountags): unknown id" in text
    assert f"{tmp_path / 'qualifiers.yaml'}:3 (noun_tags): words must be non-empty strings" in text
    assert f"{tmp_path / 'structure.yaml'}:2 (not_in_name): words must be single characters" in text


def test_ruleset_a_metric_level_not_vetoes_every_match_entry(tmp_path):
    text = "发放宣传资料3000份,平均每村发放宣传资料200份。"
    shipped = [f["metric"] for f in report_miner.mine_text(text).rows("figures")]
    assert shipped == ["outreach.materials", "other"]  # the shipped metric-level not: 平均, 每村
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n  - id: outreach.materials\n    label: 发放宣传品\n    core: true\n"
        "    priority: 70\n    not: '发放'\n    match:\n      - units: [份]\n"
        "        before: '资料$'\n", encoding="utf-8")
    mine = [f["metric"] for f in report_miner.mine_text(text, rules_dir=tmp_path).rows("figures")]
    assert "outreach.materials" not in mine
