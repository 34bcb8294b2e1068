"""Hostile inputs that must be refused or neutralised (issue 15): rule files with alias bombs
or catastrophically backtracking patterns, formula-like CSV cells, control characters in text
printed to the terminal, nonsense option values."""
from __future__ import annotations

from pathlib import Path

import pytest

from report_miner.cli.app import main
from report_miner.errors import RuleError
from report_miner.ruleset import load as L

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"哈"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- item 3: safe user rules

def test_alias_bomb_refused_naming_the_file(tmp_path, capsys):
    (tmp_path / "metrics.yaml").write_text(_alias_bomb(), encoding="utf-8")
    problems = L.check_rules(tmp_path)
    assert len(problems) == 1 and "metrics.yaml" in problems[0] and "alias" in problems[0]
    assert main(["rules", "check", str(tmp_path)]) == 1
    assert "metrics.yaml: refused" in capsys.readouterr().err


def test_recursive_anchor_refused(tmp_path):
    (tmp_path / "units.yaml").write_text("units: &u [*u]\n", encoding="utf-8")
    problems = L.check_rules(tmp_path)
    assert problems and "units.yaml" in problems[0]


def test_small_aliases_still_allowed():
    text = "base: &b {id: a, label: 甲}\nitems: [*b, *b]\n"
    data = L._load_yaml_bounded(text)
    assert data["items"][0]["label"] == "甲"
    with pytest.raises(L._AliasBomb):
        L._expanded_size(L._LineLoader(_alias_bomb(4, 9)).get_single_node(), limit=1000)


def _user_metric(tmp_path: Path, before: str) -> Path:
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n"
        "  - id: my.test_metric\n"
        "    label: 试验指标\n"
        "    match:\n"
        f"      - before: '{before}'\n", encoding="utf-8")
    return tmp_path


def test_slow_user_pattern_is_an_error_with_file_line_id(tmp_path, capsys):
    _user_metric(tmp_path, "(?:x|xx)+z")
    problems = L.check_rules(tmp_path)
    assert len(problems) == 1
    assert "metrics.yaml:5 (my.test_metric)" in problems[0] and "too slow" in problems[0]
    assert main(["rules", "check", str(tmp_path)]) == 1
    assert "(my.test_metric)" in capsys.readouterr().err
    # extraction refuses the folder instead of hanging on it
    with pytest.raises(RuleError):
        L.RuleSet.load(tmp_path)


def test_sound_user_pattern_passes_the_probe(tmp_path):
    _user_metric(tmp_path, "养殖(?:户|场)")
    assert L.check_rules(tmp_path) == []


def test_probe_catches_nested_repetition_on_chinese_text():
    assert L.probe_pattern(r"(?:镇|镇镇)+元", timeout=0.05) is not None
    assert L.probe_pattern(r"共有\d+个村") is None


def test_every_shipped_pattern_passes_the_probe():
    shipped = L._shipped_dir()
    for name in L.RULE_FILES:
        problems: list[str] = []
        data = L._read_yaml(shipped / f"{name}.yaml", name, problems)
        assert not problems
        if data is None:
            continue
        macros = None
        if name == "blanks":
            macros = L.unit_macros(data.get("slot_units", []), data.get("word_sets", []))
        assert L.slow_pattern_problems(name, data, name, macros) == []
