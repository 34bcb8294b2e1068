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


# ---------------------------------------------------------------- item 7: output hygiene

def _read_csv(path: Path) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_cells_neutralised_numbers_kept(tmp_path):
    import pandas as pd

    from report_miner.store.writers import write_tables

    frame = pd.DataFrame({
        "text": ["=1+2", "+86 电话", "-拨款", "@SUM(A1)", "\t=1", "'=1", "-3.5", "平常的话", ""],
        "value": [-3, 5, -2, 0, 1, 2, 3, 4, -7],
        "ratio": [-0.5, 1.5, 2.0, -1e-3, 0.0, 1.0, 2.0, 3.0, 4.0],
    })
    write_tables({"figures": frame}, tmp_path / "out.csv")
    rows = _read_csv(tmp_path / "out" / "figures.csv")
    texts = [r[0] for r in rows[1:]]
    assert texts[:6] == ["'=1+2", "'+86 电话", "'-拨款", "'@SUM(A1)", "'\t=1", "'=1"]
    assert texts[6:] == ["-3.5", "平常的话", ""]
    assert [r[1] for r in rows[1:]] == ["-3", "5", "-2", "0", "1", "2", "3", "4", "-7"]
    assert rows[1][2] == "-0.5" and rows[4][2] == "-0.001"
    from report_miner.store.writers import csv_safe
    assert csv_safe("\r=1") == "'\r=1" and csv_safe(-3) == -3 and csv_safe("1e5") == "1e5"


def test_export_csv_neutralised(tmp_path):
    import sqlite3

    from report_miner.store.export import export
    from report_miner.store.ingest import ingest

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("某镇2023年工作总结\n全镇辖12个村, 总人口35000人, 比上年减少200人。\n",
                               encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([src], db, jobs=1, progress=False)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE reports SET title = '=HYPERLINK(\"http://x\")'")
        conn.execute("UPDATE figures SET value = -value")
    export(db, tmp_path / "x.csv")
    reports = _read_csv(tmp_path / "x" / "reports.csv")
    col = reports[0].index("title")
    assert reports[1][col].startswith("'=HYPERLINK")
    figures = _read_csv(tmp_path / "x" / "figures.csv")
    col = figures[0].index("value")
    values = [r[col] for r in figures[1:]]
    assert values and all(v.startswith("-") and float(v) < 0 for v in values)


def test_clean_text_strips_escapes_keeps_text():
    from report_miner.render.terminal import clean_text

    dirty = ("总人口\x1b[31m1万\x1b[0m人\x1b]0;标题\x07。\x1b]8;;http://x\x1b\\链接\x1b]8;;\x1b\\"
             "\x9b2J\x07\x08\x7f\x85\t下一行\n结束")
    assert clean_text(dirty) == "总人口1万人。链接\t下一行\n结束"


def test_audit_prints_no_control_characters(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(
        "\x1b]0;被改的标题\x07某镇\x1b[2J工作总结\n全镇辖*个村, 总人口\x1b[31m12000\x1b[0m人。\n",
        encoding="utf-8")
    main(["audit", str(tmp_path), "--color", "never"])
    out = capsys.readouterr().out
    assert "工作总结" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b\x9d")


# ---------------------------------------------------------------- item 9: option values

@pytest.mark.parametrize("argv, says", [
    (["compare", "--copy-threshold", "5"], "--copy-threshold"),
    (["compare", "--copy-threshold", "0"], "--copy-threshold"),
    (["compare", "--copy-threshold", "nan"], "--copy-threshold"),
    (["compare", "--yoy-factor", "-1"], "--yoy-factor"),
    (["compare", "--yoy-factor", "1"], "--yoy-factor"),
    (["compare", "--show-passages", "-2"], "--show-passages"),
    (["audit", "x.txt", "--limit", "-1"], "--limit"),
    (["audit", "x.txt", "--limit", "二"], "--limit"),
    (["ingest", "x", "--db", "a.sqlite", "--timeout", "-5"], "--timeout"),
    (["ingest", "x", "--db", "a.sqlite", "--timeout", "inf"], "--timeout"),
])
def test_nonsense_option_values_rejected(argv, says, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_sensible_option_values_accepted():
    from report_miner.cli.common import int_at_least, number_in

    assert int_at_least(0)("0") == 0
    assert number_in(0, 1, low_open=True)("1") == 1.0
    assert number_in(1, low_open=True)("1.5") == 1.5
    assert number_in(0)("0") == 0.0
