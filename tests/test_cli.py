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


# ---------------------------------------------------------------- outputs checked before mining

def _no_mining(monkeypatch):
    """Make any mining fail loudly: an output check must stop the command before it."""
    import report_miner.api as api

    def boom(*a, **k):
        raise AssertionError("mined although the output cannot be written")

    monkeypatch.setattr(api, "mine_paths", boom)


@pytest.mark.parametrize("command", [
    ["extract", str(CORPORA)],
    ["audit", str(CORPORA)],
    ["compare", str(CORPORA)],
])
@pytest.mark.parametrize("name", ["x.xlsx", "x.XLSX", "x.Csv", "x.sqlite"])
def test_an_output_under_a_file_fails_before_mining(tmp_path, capsys, monkeypatch, command, name):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    _no_mining(monkeypatch)
    out = tmp_path / "afile" / "sub" / name
    assert main([*command, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot write / 无法写入" in err and "not a folder" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [
    ["extract", str(CORPORA)],
    ["audit", str(CORPORA)],
    ["compare", str(CORPORA)],
    ["review", str(CORPORA)],
])
def test_an_unwritable_output_folder_fails_before_mining(tmp_path, capsys, monkeypatch, command):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.access
    # root may write anywhere: the folder is made unwritable for os.access alone
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k:
                        False if Path(p) == locked else real(p, mode, *a, **k))
    _no_mining(monkeypatch)
    out = locked / ("pages" if command[0] == "review" else "new" / Path("x.xlsx"))
    assert main([*command, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "not writable" in err and "Traceback" not in err


def test_export_checks_its_output_before_reading_the_archive(tmp_path, capsys, monkeypatch):
    import report_miner.store.export as export_mod

    db = tmp_path / "a.sqlite"
    assert main(["ingest", str(CORPORA / sorted(p.name for p in CORPORA.glob("*.txt"))[0]),
                 "--db", str(db), "-q"]) == 0
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    monkeypatch.setattr(export_mod, "export", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    for name in ("x.XLSX", "x.Csv", "x"):
        assert main(["export", "--db", str(db), "-o", str(tmp_path / "afile" / name)]) == 2
        assert "not a folder" in capsys.readouterr().err


def test_upper_case_suffixes_are_the_lower_case_formats(tmp_path, monkeypatch):
    from report_miner.analysis import compare as compare_mod
    from report_miner.cli.common import output_kind

    assert [output_kind(n) for n in ("a.XLSX", "a.Csv", "a.SQLite", "a.JSONL")] == \
        ["xlsx", "csv", "sqlite", "jsonl"]
    calls = []
    monkeypatch.setattr(compare_mod, "write_xlsx", lambda comp, extra, out, labels=None: calls.append(out))
    first = sorted(CORPORA.glob("*.txt"))[0]
    assert main(["compare", str(first), "--no-copies", "-q", "-o", str(tmp_path / "c.XLSX")]) == 0
    assert calls == [str(tmp_path / "c.XLSX")]  # the coloured workbook, as for .xlsx


# ---------------------------------------------------------------- -q: errors only, in every command

@pytest.mark.parametrize("command", ["extract", "audit", "compare", "review", "ingest"])
def test_quiet_still_says_which_files_failed(tmp_path, capsys, command):
    folder = tmp_path / "in"
    folder.mkdir()
    first = sorted(CORPORA.glob("*.txt"))[0]
    (folder / "good.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    args = {"extract": ["-o", str(tmp_path / "x.sqlite")],
            "audit": [],
            "compare": ["--no-copies"],
            "review": ["-o", str(tmp_path / "pages")],
            "ingest": ["--db", str(tmp_path / "a.sqlite")]}[command]
    status = main([command, str(folder), *args, "-q"])
    captured = capsys.readouterr()
    assert status == 1, captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("failed 失败:") and "broken.txt" in lines[0], lines
    if command != "audit":
        assert captured.out == ""


def test_quiet_counts_failed_files_past_twenty(capsys):
    from report_miner.cli.common import say_failed

    say_failed([(f"f{i}.docx", "broken") for i in range(23)])
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 21 and lines[-1].startswith("… 3 more failed file(s)")


def test_every_quiet_option_says_the_same():
    from report_miner.cli.app import build_parser
    from report_miner.cli.common import QUIET_HELP

    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, __import__("argparse")._SubParsersAction))
    for name in ("extract", "review", "ingest", "export", "compare", "audit", "explain"):
        quiet = next(a for a in subs.choices[name]._actions if "--quiet" in a.option_strings)
        assert quiet.help.startswith(QUIET_HELP), name


# ---------------------------------------------------------------- audit keeps no texts

def test_audit_keeps_line_breaks_not_texts(monkeypatch, capsys):
    import report_miner.cli.app as app_mod
    import report_miner.cli.common as common
    from report_miner.render.terminal import LineStarts, render_audit

    paths = [str(p) for p in sorted(CORPORA.glob("*.txt"))[:4]]
    texts: dict = {}
    res = report_miner.mine_paths(paths, texts=texts)
    starts = LineStarts()
    for source, text in texts.items():
        starts[source] = text
    assert not any(isinstance(v, str) for v in starts.values())
    assert render_audit(res, texts=starts) == render_audit(res, texts=texts)  # same line numbers
    assert " L" in render_audit(res, texts=starts)

    seen = []
    real = common.mine_inputs
    monkeypatch.setattr(app_mod, "mine_inputs",
                        lambda args, texts=None: seen.append(texts) or real(args, texts=texts))
    main(["audit", *paths])
    main(["audit", *paths, "-q"])
    capsys.readouterr()
    assert isinstance(seen[0], LineStarts) and seen[0] and \
        not any(isinstance(v, str) for v in seen[0].values())
    assert seen[1] is None  # -q prints nothing: nothing kept


# ---------------------------------------------------------------- README lists every column

def _readme_tables() -> dict[str, list[str]]:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("### The tables"):]
    part = part[:part.index("\n\n", part.index("| table | columns |"))]
    rows = {}
    for line in part.splitlines()[2:]:
        if line.startswith("| `"):
            name, cols = [c.strip() for c in line.strip("|").split("|")]
            rows[name.replace("`", "")] = [c.strip() for c in cols.split(",")]
    return rows


def test_readme_lists_every_column_extract_and_export_write(tmp_path):
    from report_miner.tables import ARCHIVE_FILE_COLUMNS, TABLE_COLUMNS

    listed = _readme_tables()
    for name, cols in TABLE_COLUMNS.items():
        assert listed[name] == cols, name
    # what extract -o writes
    out = tmp_path / "x"
    first = sorted(CORPORA.glob("*.txt"))[0]
    assert main(["extract", str(first), "-o", str(out), "-q"]) == 0
    for name, cols in TABLE_COLUMNS.items():
        assert pd.read_csv(out / f"{name}.csv", nrows=0).columns.tolist() == cols, name
    # what export writes from an archive: the same, plus the archive's own columns
    db = tmp_path / "a.sqlite"
    assert main(["ingest", str(first), "--db", str(db), "-q"]) == 0
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "e"), "-q"]) == 0
    archive = {**listed, "files": ARCHIVE_FILE_COLUMNS,
               "reports": listed["reports"] + [c.removeprefix("then ")
                                               for c in listed["reports in an archive"][1:]]}
    assert listed["reports in an archive"][0] == "the columns of `reports`"
    assert listed["files in an archive"] == ARCHIVE_FILE_COLUMNS
    for csv in sorted((tmp_path / "e").glob("*.csv")):
        assert pd.read_csv(csv, nrows=0).columns.tolist() == archive[csv.stem], csv.stem
