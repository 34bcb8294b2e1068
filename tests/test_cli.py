"""The report-miner command line, end to end on the corpus."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import report_miner
from report_miner.cli.app import main

CORPORA = Path(__file__).parent.parent / "corpora"


def test_cli_extract_writes_sqlite_and_xlsx(tmp_path, capsys):
    db, xl = tmp_path / "a.sqlite", tmp_path / "a.xlsx"
    assert main(["extract", str(CORPORA), "-o", str(db), "-o", str(xl)]) == 0
    err = capsys.readouterr().err
    assert "figures 数字:" in err
    with sqlite3.connect(db) as con:
        n_files = con.execute("select count(*) from files where status='ok'").fetchone()[0]
        pop = con.execute("select value from figures where metric='population.total' "
                          "and source like '%000_69ef0c422dca94cf.txt' order by start").fetchall()
    assert n_files == len(list(CORPORA.glob("*.txt")))
    assert [p[0] for p in pop] == [17364, 16400]
    sheets = pd.read_excel(xl, sheet_name=None)
    assert {"figures", "blanks", "files", "reports"} <= set(sheets)
    assert len(sheets["figures"]) > 400


def test_cli_extract_jsonl_to_stdout(capsys):
    path = CORPORA / "000_69ef0c422dca94cf.txt"
    assert main(["extract", str(path), "-o", "-", "--format", "jsonl", "-q"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    figs = [r for r in rows if r["table"] == "figures"]
    assert any(r["text"] == "2000余份" and r["metric"] == "outreach.materials" for r in figs)


def test_cli_extract_csv_folder(tmp_path):
    out = tmp_path / "csv"
    assert main(["extract", str(CORPORA / "000_69ef0c422dca94cf.txt"), "-o", str(out), "-q"]) == 0
    df = pd.read_csv(out / "figures.csv", encoding="utf-8-sig")
    assert (df.text == "17364人").sum() == 1


def test_cli_bad_file_is_a_row_and_the_rest_is_mined(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("全镇总人口12000人。", encoding="utf-8")
    (tmp_path / "junk.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    db = tmp_path / "o.sqlite"
    assert main(["extract", str(tmp_path), "-o", str(db)]) == 1
    with sqlite3.connect(db) as con:
        files = dict(con.execute("select source, status from files").fetchall())
        figs = con.execute("select text from figures").fetchall()
    assert files == {str(tmp_path / "good.txt"): "ok", str(tmp_path / "junk.txt"): "failed"}
    assert figs == [("12000人",)]
    assert "junk.txt" in capsys.readouterr().err


def test_cli_no_input_is_usage_error(tmp_path):
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "x.sqlite")]) == 2


def test_cli_help_has_examples():
    out = subprocess.run([sys.executable, "-m", "report_miner.cli.app", "extract", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "report-miner extract corpora/ -o out/corpora.xlsx" in out


def test_cli_rules_check(capsys, tmp_path):
    assert main(["rules", "check"]) == 0
    (tmp_path / "units.yaml").write_text("units:\n  - id: x\n    forms: [人]\n", encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "units.yaml:2 (x): missing field 'unit'" in err
    assert "[RM100] 规则文件有误 / invalid rule file(s):" in err  # as the README shows it


@pytest.mark.parametrize("bad", ["out.txt", "out.docx"])
def test_cli_unknown_output_suffix(tmp_path, bad, capsys):
    assert main(["extract", str(CORPORA / "000_69ef0c422dca94cf.txt"), "-o", str(tmp_path / bad)]) == 2


def test_cli_whitespace_only_file_is_failed_not_a_phantom_report(tmp_path):
    (tmp_path / "blank.txt").write_text(" \n\t\r\n　\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("全镇总人口12000人。", encoding="utf-8")
    db = tmp_path / "o.sqlite"
    assert main(["extract", str(tmp_path), "-o", str(db), "-q"]) == 1
    with sqlite3.connect(db) as con:
        status = dict(con.execute("select source, status from files").fetchall())
        reports = con.execute("select source from reports").fetchall()
    assert status[str(tmp_path / "blank.txt")] == "failed"
    assert reports == [(str(tmp_path / "good.txt"),)]


#: the command-line modules, by full name (plain dotted names, so tools/relayout.py moves them
#: with the modules)
CLI_MODULES = ["report_miner.cli.app", "report_miner.cli.common", "report_miner.cli.ingest",
               "report_miner.cli.review"]


def _cli_import_graph():
    """Which report_miner CLI module imports which (at any depth in the module, function-level
    imports included)."""
    import ast
    import importlib.util

    graph = {}
    for name in CLI_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        package = name.rpartition(".")[0]
        deps = set()
        for node in ast.walk(ast.parse(Path(spec.origin).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level and node.module:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                deps.add(".".join(base + [node.module]))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("report_miner."):
                deps.add(node.module)
        graph[name] = {d for d in deps if d in CLI_MODULES}
    return graph


def test_cli_modules_import_each_other_without_a_cycle():
    graph = _cli_import_graph()
    assert set(CLI_MODULES) <= set(graph)
    state = {}

    def visit(m, trail):
        if state.get(m) == "done":
            return
        assert state.get(m) != "open", f"import cycle: {' -> '.join(trail + [m])}"
        state[m] = "open"
        for d in graph.get(m, ()):
            visit(d, trail + [m])
        state[m] = "done"

    for m in graph:
        visit(m, [])


@pytest.mark.parametrize("module", CLI_MODULES)
def test_cli_each_module_imports_alone(module):
    import subprocess
    import sys

    code = f"import {module} as m; print(m.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_cli_quiet_on_compare_audit_explain(tmp_path, capsys):
    """-q has the meaning it has elsewhere on compare, audit and explain: no summary, only
    errors; the exit status and the files written are the same."""
    report = CORPORA / "000_69ef0c422dca94cf.txt"
    for cmd in ("compare", "audit", "explain"):
        with pytest.raises(SystemExit):
            main([cmd, "--help"])
        assert "-q, --quiet" in capsys.readouterr().out, cmd
    assert main(["compare", str(report), "-o", str(tmp_path / "loud")]) == 0
    loud = capsys.readouterr()
    assert "wrote 已写入" in loud.err and loud.out
    assert main(["compare", str(report), "-o", str(tmp_path / "quiet"), "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert sorted(p.name for p in (tmp_path / "quiet").iterdir()) == \
        sorted(p.name for p in (tmp_path / "loud").iterdir())
    status = main(["audit", str(report)])
    assert capsys.readouterr().out
    xl = tmp_path / "audit.sqlite"
    assert main(["audit", str(report), "-q", "-o", str(xl)]) == status == 1  # findings: exit 1
    assert capsys.readouterr() == ("", "")
    assert xl.exists()
    assert main(["audit", str(tmp_path / "missing.txt"), "-q"]) == 2  # errors are still said
    assert "missing.txt" in capsys.readouterr().err
    db = tmp_path / "archive.sqlite"
    assert main(["ingest", str(report), "--db", str(db), "-q"]) == 0
    status = main(["audit", "--db", str(db)])
    assert "archive 档案库" in capsys.readouterr().out
    assert main(["audit", "--db", str(db), "-q"]) == status
    assert capsys.readouterr() == ("", "")
    assert main(["audit", "--db", str(tmp_path / "missing.txt"), "-q"]) == 2
    assert "missing.txt" in capsys.readouterr().err
    assert main(["explain", "全镇总人口人,辖10个村。"]) == 0
    explained = capsys.readouterr()
    assert main(["explain", "全镇总人口人,辖10个村。", "-q"]) == 0
    assert capsys.readouterr() == explained
