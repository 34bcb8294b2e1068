"""Hostile inputs (issue 15): every command survives them, accounts for every file and exits
with its documented status.

So far: a file name that is not valid UTF-8 (a GBK name copied from a Windows archive).
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from report_miner.readers.files import display_path

CORPORA = Path(__file__).parent.parent / "corpora"
GBK_NAME = "河西镇工作总结.txt"
NORMAL = ["000_69ef0c422dca94cf.txt", "t01_zongjie_hexi.txt"]

pytestmark = pytest.mark.skipif(sys.platform == "win32" or sys.platform == "darwin",
                                reason="needs a file system that accepts any bytes in names")


@pytest.fixture
def gbk_folder(tmp_path) -> Path:
    """A folder with a GBK-named report (content: a corpus report) and two ordinary ones."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in NORMAL:
        (folder / name).write_bytes((CORPORA / name).read_bytes())
    try:
        with open(os.fsencode(folder) + b"/" + GBK_NAME.encode("gbk"), "wb") as fh:
            fh.write((CORPORA / "t02_jihua_shiqiao.txt").read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses a non-UTF-8 file name")
    return folder


def _run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    out = subprocess.run([sys.executable, "-m", "report_miner.cli.app", *args],
                         capture_output=True, env=env, timeout=600)
    for stream in (out.stdout, out.stderr):
        assert b"Traceback" not in stream, stream.decode("utf-8", "replace")
    return out


def _sources(values) -> set[str]:
    return {Path(str(v)).name for v in values}


def test_display_path_is_readable_reversible_and_idempotent():
    raw = os.fsdecode(b"/a/" + GBK_NAME.encode("gbk"))
    shown = display_path(raw)
    assert shown == "/a/" + GBK_NAME
    assert display_path(shown) == shown
    assert shown.encode("utf-8")  # printable anywhere
    junk = os.fsdecode(b"/a/\xff\xfe.txt")
    assert display_path(junk) == "/a/\\xff\\xfe.txt"
    assert display_path(b"/a/\xff.txt") == "/a/\\xff.txt"
    assert display_path("corpora/河西镇.txt") == "corpora/河西镇.txt"


def test_every_command_survives_a_gbk_file_name(gbk_folder, tmp_path):
    want = set(NORMAL) | {GBK_NAME}
    out = tmp_path / "out"
    # extract to every format
    db, xl, csv_dir = out / "a.sqlite", out / "a.xlsx", out / "csv"
    r = _run("extract", str(gbk_folder), "-o", str(db), "-o", str(xl), "-o", str(csv_dir) + "/")
    assert r.returncode == 0, r.stderr.decode()
    with sqlite3.connect(db) as con:
        rows = con.execute("select source, status from files").fetchall()
        fig_sources = {s for (s,) in con.execute("select distinct source from figures")}
    assert _sources(s for s, _ in rows) == want
    assert all(status == "ok" for _, status in rows)
    assert GBK_NAME in _sources(fig_sources)
    assert _sources(pd.read_excel(xl, sheet_name="files")["source"]) == want
    assert _sources(pd.read_csv(csv_dir / "files.csv")["source"]) == want

    r = _run("extract", str(gbk_folder), "-o", "-", "--format", "jsonl", "-q")
    assert r.returncode == 0, r.stderr.decode()
    lines = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    assert _sources(x["source"] for x in lines if x["table"] == "files") == want

    # audit: 0 clean or 1 findings; the name is printed readably
    r = _run("audit", str(gbk_folder))
    assert r.returncode in (0, 1), r.stderr.decode()
    assert GBK_NAME in (r.stdout + r.stderr).decode("utf-8")

    # review pages, one per report, names printable
    r = _run("review", str(gbk_folder), "-o", str(out / "review"))
    assert r.returncode == 0, r.stderr.decode()
    pages = [p for p in os.listdir(out / "review") if p.endswith(".html")]
    assert all(display_path(p) == p for p in pages)
    assert len(pages) >= 1 + len(want) or any("河西镇工作总结" in p for p in pages)
    index = (out / "review" / "index.html").read_text("utf-8")
    assert "河西镇工作总结" in index

    # compare in the terminal
    r = _run("compare", str(gbk_folder))
    assert r.returncode == 0, r.stderr.decode()

    # ingest twice: the second run skips every file as unchanged
    archive = out / "archive.sqlite"
    r = _run("ingest", str(gbk_folder), "--db", str(archive), "-j", "1")
    assert r.returncode == 0, r.stderr.decode()
    with sqlite3.connect(archive) as con:
        paths = [p for (p,) in con.execute("select path from files")]
    assert _sources(paths) == want
    r = _run("ingest", str(gbk_folder), "--db", str(archive), "-j", "1")
    assert r.returncode == 0, r.stderr.decode()
    with sqlite3.connect(archive) as con:
        assert len(con.execute("select path from files").fetchall()) == len(want)

    # export and compare from the archive
    r = _run("export", "--db", str(archive), "-o", str(out / "export.xlsx"))
    assert r.returncode == 0, r.stderr.decode()
    sheets = pd.read_excel(out / "export.xlsx", sheet_name=None)
    assert _sources(sheets["files"]["path"]) == want
    assert GBK_NAME in _sources(sheets["figures"]["source"])
    r = _run("compare", "--db", str(archive))
    assert r.returncode == 0, r.stderr.decode()


def test_undecodable_names_are_escaped_rows_and_ingest_skips_them_when_unchanged(gbk_folder,
                                                                                 tmp_path):
    """A name that is neither UTF-8 nor GB18030 is shown with \\xNN escapes; an unreadable
    file with such a name is a failed row; a copy under such a name is skipped as a copy, on
    every run, with parallel workers too."""
    raw = os.fsencode(gbk_folder)
    with open(raw + b"/copy\xff.txt", "wb") as fh:  # same content as the GBK-named report
        fh.write((CORPORA / "t02_jihua_shiqiao.txt").read_bytes())
    with open(raw + b"/bin\xff\xfe.txt", "wb") as fh:
        fh.write(b"\x00\x01\x02\x03 not a report")
    want = set(NORMAL) | {GBK_NAME, "copy\\xff.txt", "bin\\xff\\xfe.txt"}

    r = _run("extract", str(gbk_folder), "-o", str(tmp_path / "a.sqlite"))
    assert r.returncode == 1, r.stderr.decode()  # documented: some files failed
    assert "bin\\xff\\xfe.txt" in r.stderr.decode("utf-8")
    with sqlite3.connect(tmp_path / "a.sqlite") as con:
        status = {Path(s).name: st for s, st in con.execute("select source, status from files")}
    assert set(status) == want
    assert status["bin\\xff\\xfe.txt"] == "failed"

    archive = tmp_path / "archive.sqlite"
    for run in (1, 2):
        r = _run("ingest", str(gbk_folder), "--db", str(archive), "-j", "2")
        assert r.returncode == 1, r.stderr.decode()  # one file failed
        summary = (r.stdout + r.stderr).decode("utf-8")
        if run == 2:
            assert "mined 已处理 0," in summary, summary
    with sqlite3.connect(archive) as con:
        status = {Path(p).name: st for p, st in con.execute("select path, status from files")}
    assert set(status) == want
    assert sorted([status["copy\\xff.txt"], status[GBK_NAME]]) == ["ok", "skipped"]  # one copy
    assert status["bin\\xff\\xfe.txt"] == "failed"
