"""What a new user ran into on a first try: each test failed before its fix."""
from __future__ import annotations

from pathlib import Path

import pytest

import report_miner
from report_miner.cli.app import main
from report_miner.ruleset.load import check_rules


# ------------------------------------------------------------- 1. a part of a blank whole
# A part after 其中 of a stated whole is not the whole's metric (SCHEMA). When the whole was left
# blank, the part is the only number stated, and every annotator (the owner's seed included)
# gives it the metric: so does the miner.

@pytest.mark.parametrize("whole, metric", [("个", "association.count"), ("12个", "other")],
                         ids=["blank_whole", "stated_whole"])
def test_a_part_after_qizhong_takes_the_metric_only_when_its_whole_is_blank(whole, metric):
    res = report_miner.mine_text(f"全乡共建立计生协会{whole},其中村级协会8个。")
    part = [f for f in res.rows("figures") if f["text"] == "8个"][0]
    assert part["metric"] == metric
    assert (part["metric_rule"] == "part_of") == (metric == "other")


def test_a_blank_whole_of_another_metric_or_sentence_leaves_the_part_alone():
    # the blank counts people, the later figure associations: no whole of the part
    res = report_miner.mine_text("全乡总人口人,其中建立计生协会8个。")
    assert [f["metric"] for f in res.rows("figures")] == ["association.count"]
    # a blank in the sentence before is no whole either
    res = report_miner.mine_text("全乡共建立计生协会个。其中村级协会8个。")
    assert [f["metric"] for f in res.rows("figures")] == ["association.count"]


def test_explain_names_the_stated_whole_of_a_part():
    ex = str(report_miner.mine_text("全乡共建立计生协会12个,其中村级协会8个。", explain=True).explanation)
    assert "a part after 其中" in ex


# ------------------------------------------------------------- 2. no input at all

@pytest.mark.parametrize("command", [["extract"], ["audit"], ["review"], ["compare"]])
def test_no_existing_input_is_exit_2_and_writes_nothing(tmp_path, capsys, command):
    out = tmp_path / ("out" if command == ["review"] else "out.sqlite")
    missing = str(tmp_path / "nosuch")
    assert main(command + [missing, "-o", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "not found / 找不到" in err and "nothing to mine" in err


def test_one_missing_input_beside_a_good_one_still_mines_the_good_one(tmp_path):
    (tmp_path / "good.txt").write_text("全镇总人口12000人。", encoding="utf-8")
    out = tmp_path / "out.sqlite"
    assert main(["extract", str(tmp_path / "good.txt"), str(tmp_path / "nosuch.txt"),
                 "-o", str(out), "-q"]) == 1
    assert out.exists()


# ------------------------------------------------------------- 3. whose rule file is it

def test_explain_and_rule_errors_tell_user_files_from_shipped_ones(tmp_path, capsys):
    (tmp_path / "blanks.yaml").write_text(
        "blanks:\n  - id: my_slot\n    kind: missing_number\n    priority: 10\n"
        "    pattern: '总人口(?P<slot>)(?P<unit>人)'\n    examples: [总人口人]\n", encoding="utf-8")
    text = str(report_miner.mine_text("全镇总人口人,辖3个村。", rules_dir=tmp_path,
                                      explain=True).explanation)
    assert f"my_slot ({tmp_path / 'blanks.yaml'}:2)" in text
    assert "([shipped] rules/units.yaml:" in text and "([shipped] rules/metrics.yaml:" in text
    assert "(metrics.yaml:" not in text and "(units.yaml:" not in text
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n  - id: x.y\n    label: 测试\n    colour: red\n    match: []\n", encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 1
    assert f"{tmp_path / 'metrics.yaml'}:4 (x.y): unknown field 'colour'" in capsys.readouterr().err


# ------------------------------------------------------------- 4. the line of the field

def test_a_rule_error_names_the_line_of_the_bad_field(tmp_path):
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n"
        "  - id: my.metric\n"      # 2
        "    label: 测试\n"
        "    match:\n"
        "      - units: [个]\n"    # 5
        "        before: '测试('\n"  # 6: the bad field
        "    not: '(坏'\n",        # 7
        encoding="utf-8")
    text = "\n".join(check_rules(tmp_path))
    assert f"{tmp_path / 'metrics.yaml'}:6 (my.metric): match[0].before: bad regex" in text
    assert f"{tmp_path / 'metrics.yaml'}:7 (my.metric): field 'not': bad regex" in text
    assert "metrics.yaml:2 " not in text


# ------------------------------------------------------------- 5. patterns that match nothing

@pytest.mark.parametrize("file, body", [
    ("blanks", "blanks:\n  - id: everywhere\n    kind: missing_text\n    pattern: '(?P<slot>)'\n"),
    ("blanks", "not_blanks:\n  - id: everywhere\n    pattern: '(?:村)?'\n"),
    ("exclusions", "exclusions:\n  - id: everywhere\n    pattern: '\\d*'\n"),
])
def test_a_pattern_that_matches_the_empty_string_everywhere_is_an_error(tmp_path, file, body):
    (tmp_path / f"{file}.yaml").write_text(body, encoding="utf-8")
    text = "\n".join(check_rules(tmp_path))
    assert f"{tmp_path / (file + '.yaml')}:" in text and "(everywhere)" in text
    assert "matches the empty string" in text


def test_an_empty_slot_with_context_around_it_is_fine(tmp_path):
    (tmp_path / "blanks.yaml").write_text(
        "blanks:\n  - id: lies_at\n    kind: missing_text\n    pattern: '坐落于(?P<slot>),'\n"
        "    examples: ['坐落于,']\n", encoding="utf-8")
    assert check_rules(tmp_path) == []


def test_a_new_user_rule_without_examples_is_a_warning_not_an_error(tmp_path, capsys):
    (tmp_path / "blanks.yaml").write_text(
        "blanks:\n  - id: lies_at\n    kind: missing_text\n    pattern: '坐落于(?P<slot>),'\n",
        encoding="utf-8")
    warnings: list[str] = []
    assert check_rules(tmp_path, warnings) == []
    assert len(warnings) == 1 and f"{tmp_path / 'blanks.yaml'}:2 (lies_at)" in warnings[0]
    assert "examples" in warnings[0]
    assert main(["rules", "check", str(tmp_path)]) == 0
    assert "without 'examples'" in capsys.readouterr().err
    # the shipped rules give no such warnings (a user's folder is what is checked)
    shipped: list[str] = []
    assert check_rules(None, shipped) == [] and shipped == []


# ------------------------------------------------------------- 6. report kind "other"

def test_the_kind_other_is_shown_as_baogao():
    res = report_miner.mine_text("青山镇计生协会工作心得\n一、基本情况\n全镇辖3个村。")
    assert res.reports.loc[0, "kind"] == "other"  # the stored value stays
    msgs = res.findings["message_zh"].tolist()
    assert not any("other" in m for m in msgs)
    assert any(m.startswith("报告通常应说明的指标未出现") for m in msgs)
    from report_miner.render.terminal import render_audit

    shown = render_audit(res)
    assert "(other" not in shown and "(报告" in shown


def test_the_review_index_shows_the_kind_in_chinese(tmp_path):
    from report_miner.render.review_model import Header

    assert Header.of({"kind": "other"}).kind == "报告"
    assert Header.of({"kind": "总结"}).kind == "总结"


# ------------------------------------------------------------- 7. explain

def test_explain_shows_per(capsys):
    assert main(["explain", "困难户每户每月补助150元。"]) == 0
    assert "per '户/月'" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["", "  \n"])
def test_explain_with_nothing_to_explain_is_exit_2(capsys, text):
    assert main(["explain", text]) == 2
    assert "nothing to explain" in capsys.readouterr().err


def test_explain_an_empty_file_is_exit_2(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["explain", "-f", str(tmp_path / "empty.txt")]) == 2


# ------------------------------------------------------------- 8. metrics.yml

@pytest.mark.parametrize("name, meant", [("metrics.yml", "metrics.yaml"),
                                         ("metric.yaml", "metrics.yaml"),
                                         ("blank.yaml", "blanks.yaml")])
def test_a_misnamed_rule_file_gets_a_suggestion(tmp_path, name, meant):
    (tmp_path / name).write_text("metrics: []\n", encoding="utf-8")
    text = "\n".join(check_rules(tmp_path))
    assert f"{tmp_path / name}: unknown rule file" in text and f"did you mean {meant}?" in text
