"""An archivist's messy batch and an attacker's, part two (session 8): inputs that
tests/test_hostile.py does not build, each made here on the fly and small.

- file names carrying terminal escape sequences or bidirectional controls, printed by
  ``extract`` and ``ingest`` (they reached the terminal raw);
- .docx paragraphs whose text sits in tracked insertions, simple fields, smart tags and inline
  content controls (it was silently dropped);
- bytes that are not UTF-8 in a command-line argument (``explain`` crashed in OpenCC, and the
  crash handler itself crashed writing the log);
- a folder path longer than the system allows (a row, with a reason that says so);
- an archive left in WAL mode by an interrupted ingest, read from a folder the user cannot
  write (export, audit and compare called it "not an ingest archive"); Ctrl-C now leaves a
  self-contained file, and the run resumes;
- two ingest runs into one archive at once (the second refused a new archive as empty);
- an export to a folder stopped halfway (it left some tables);
- text with NUL bytes a crash left at its end, or a few inside (refused as binary);
- a .docx list starting at 10**18 in Roman numerals (the reader hung), an HTML tag with
  thousands of attributes (libxml2 is quadratic in them);
- the audit desk given row numbers beyond SQLite's integers (a 500).
"""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from report_miner.cli.app import main

CORPORA = Path(__file__).parent.parent / "corpora"
REPORTS = ["000_69ef0c422dca94cf.txt", "t01_zongjie_hexi.txt", "t02_jihua_shiqiao.txt"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and users")


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", **kw.pop("env", {}))
    out = subprocess.run([sys.executable, "-m", "report_miner.cli.app", *args],
                         capture_output=True, env=env, timeout=300, **kw)
    for stream in (out.stdout, out.stderr):
        assert b"Traceback" not in stream, stream.decode("utf-8", "replace")
    return out


# ----------------------------------------------------------------------------- names


@posix_only
def test_names_with_escape_sequences_or_bidi_controls_never_reach_the_terminal(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    clear = "a\x1b[2J\x1b]0;pwned\x07b.txt"  # clears the screen, retitles the window
    flipped = "rtl\u202etxt.exe.txt"  # shows as rtlexe.txt…
    (folder / clear).write_bytes(b"")  # failed rows, listed on the terminal
    (folder / flipped).write_bytes(b"\x00\x01\x02")
    (folder / "ok.txt").write_bytes((CORPORA / REPORTS[0]).read_bytes())

    assert main(["extract", str(folder), "-o", str(tmp_path / "x.sqlite")]) == 1
    err = capsys.readouterr().err
    assert main(["ingest", str(folder), "--db", str(tmp_path / "a.sqlite"), "-j", "1",
                 "--no-progress"]) == 1
    err += capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert err.count("a\\x1b[2J\\x1b]0;pwned\\x07b.txt") == 2  # shown, escaped, by both
    assert err.count("rtl\\u202etxt.exe.txt") == 2
    # the tables keep the real names
    with sqlite3.connect(tmp_path / "x.sqlite") as con:
        names = {Path(s).name for (s,) in con.execute("select source from files")}
    assert {clear, flipped} <= names


# ----------------------------------------------------------------------------- .docx


def _docx_with_body(body_xml: str) -> bytes:
    """A .docx made by python-docx whose body is replaced by ``body_xml``."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = (f'<w:document xmlns:w="{W}"><w:body>{body_xml}</w:body></w:document>'
                        ).encode("utf-8")
            package.writestr(info, data)
    return out.getvalue()


def _run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def test_docx_text_in_tracked_changes_fields_smart_tags_and_inline_controls_is_read(tmp_path):
    from report_miner import mine_file
    from report_miner.readers.load import read_document

    date = "w:author='审' w:date='2023-01-01T00:00:00Z'"
    body = "".join([
        "<w:p>", _run("全镇总人口"),
        f"<w:ins w:id='1' {date}>{_run('23456人')}</w:ins>",  # a change not yet accepted
        f"<w:del w:id='2' {date}><w:r><w:delText>19999人</w:delText></w:r></w:del>",
        _run("，辖"), f"<w:smartTag w:uri='urn:x' w:element='n'>{_run('12')}</w:smartTag>",
        _run("个村。"), "</w:p>",
        "<w:p>", _run("新建文化广场"),
        f"<w:sdt><w:sdtPr/><w:sdtContent>{_run('3')}</w:sdtContent></w:sdt>",
        _run("个，投入"),
        f"<w:fldSimple w:instr=' MERGEFIELD 金额 '>{_run('150')}</w:fldSimple>",
        _run("万元。"), "</w:p>",
        "<w:p>", f"<w:moveFrom w:id='3' {date}>{_run('旧处')}</w:moveFrom>",
        f"<w:moveTo w:id='4' {date}>{_run('新处')}</w:moveTo>",
        f"<w:hyperlink><w:ins w:id='5' {date}>{_run('链接里')}</w:ins></w:hyperlink>", "</w:p>",
    ])
    path = tmp_path / "修订稿.docx"
    path.write_bytes(_docx_with_body(body))
    lines = read_document(path).text.split("\n")
    assert lines[:3] == ["全镇总人口23456人，辖12个村。", "新建文化广场3个，投入150万元。", "新处链接里"]
    figures = mine_file(path).figures
    assert {"23456人", "12个", "3个", "150万元"} <= set(figures["text"])
    assert "19999人" not in set(figures["text"])  # deleted text stays out


def test_docx_list_starting_at_an_absurd_number_is_read_at_once(tmp_path):
    """A list whose w:start is 10**18 in Roman numerals or letters spelled out for ever (a
    hang until --timeout, or the worker's memory); such numbers are drawn in digits."""
    import re

    import docx

    from report_miner.readers.load import read_document

    document = docx.Document()
    for _ in range(3):
        document.add_paragraph("全镇总人口12000人。", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    for fmt, first in (("upperRoman", "1000000000000000000"), ("lowerLetter", "1000000000000000000")):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "word/numbering.xml":
                    xml = re.sub(r'<w:start w:val="\d+"/>', f'<w:start w:val="{first}"/>',
                                 data.decode("utf-8"))
                    data = re.sub(r'<w:numFmt w:val="\w+"/>', f'<w:numFmt w:val="{fmt}"/>',
                                  xml).encode("utf-8")
                package.writestr(info.filename, data)
        path = tmp_path / f"{fmt}.docx"
        path.write_bytes(out.getvalue())
        lines = read_document(path).text.split("\n")
        assert lines[0].startswith(first) and lines[2].startswith("1000000000000000002"), lines


def test_html_tag_with_a_hundred_thousand_attributes_is_read_at_once(tmp_path, monkeypatch):
    """libxml2 checks each attribute against the tag's others: 100,000 of them took a minute.
    Made small here: the limit lowered to 50, a tag of 2,000 attributes."""
    import report_miner.readers.html as html
    from report_miner.readers.load import read_document

    monkeypatch.setattr(html, "_LONG_TAG", html.re.compile(r"<([A-Za-z][\w:.-]*)(\s[^<>]{200,})>"))
    monkeypatch.setattr(html, "MAX_HTML_ATTRIBUTES", 50)
    attrs = " ".join(f"a{i}=1" for i in range(2000))
    page = (f"<html><body><p {attrs}>全镇总人口12000人。</p><p style='display:none'>隐藏</p>"
            f"<img src='data:image/png;base64,{'A' * 5000}=='><p>辖12个村。</p></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert html._tame_attributes(page).startswith("<html><body><p>全镇")
    assert read_document(path).text == "全镇总人口12000人。\n辖12个村。"


def test_html_nested_a_hundred_thousand_deep_says_why_it_is_not_read(tmp_path, capsys):
    """libxml2 stops at 2048 levels of nesting and drops the rest of the page silently: the
    row said "no visible text"; it says the real reason now, in both languages, and a page
    nested deep but within the limit is read as before."""
    from report_miner import mine_paths
    from report_miner.readers.load import read_document

    def page(depth: int) -> str:
        return ("<html><body><p>龙溪镇工作总结</p>" + "<div>" * depth + "全镇辖9个村，常住人口8600人。"
                + "</div>" * depth + "<p>二〇二三年十二月</p></body></html>")

    (tmp_path / "deep.html").write_text(page(100_000), encoding="utf-8")
    (tmp_path / "ok.html").write_text(page(1000), encoding="utf-8")
    assert read_document(tmp_path / "ok.html").text == "龙溪镇工作总结\n全镇辖9个村，常住人口8600人。\n二〇二三年十二月"
    files = mine_paths([tmp_path]).files.set_index("source")
    row = files.loc[str(tmp_path / "deep.html")]
    assert row["status"] == "failed"
    assert "more than 2048 levels deep" in row["reason"] and "嵌套超过 2048 层" in row["reason"]
    assert "no visible text" not in row["reason"]
    assert files.loc[str(tmp_path / "ok.html"), "status"] == "ok"
    assert main(["extract", str(tmp_path / "deep.html"), "-o", str(tmp_path / "o.xlsx")]) in (1, 2)
    err = capsys.readouterr().err
    assert "levels deep" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- NUL bytes


@pytest.mark.parametrize("codec, bom", [("utf-8", b""), ("gb18030", b""), ("big5", b""),
                                        ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")])
def test_a_report_with_zeros_a_crash_left_at_its_end_is_read(tmp_path, codec, bom):
    """A file whose last blocks a power cut left unwritten ends in NUL bytes: it was refused
    as binary; the zeros are dropped and the encoding says so."""
    from report_miner import mine_file

    text = "河西镇共有12个村，总人口23456人。\n" if codec != "big5" else "河西鎮共有12個村。\n"
    path = tmp_path / "断电.txt"
    path.write_bytes(bom + text.encode(codec) + bytes(4096))
    res = mine_file(path)
    row = res.files.iloc[0]
    assert row["status"] == "ok", row["reason"]
    assert "4096 NUL byte(s) at the end ignored" in row["encoding"]
    assert "12" in set(res.figures["value"].astype(int).astype(str))


def test_a_few_stray_nul_bytes_are_shown_as_replacement_characters(tmp_path):
    from report_miner.readers.encoding import decode_bytes

    report = (CORPORA / REPORTS[1]).read_text("utf-8")
    data = report[:100].encode() + b"\x00" + report[100:].encode()  # one NUL in 5 kB
    text, encoding = decode_bytes(data)
    assert len(text) == len(report) + 1 and text[100] == "\ufffd"
    assert text[:100] + text[101:] == report
    assert "1 NUL byte(s) shown as U+FFFD" in encoding
    # binary stays binary: zeros throughout, zeros only, or many in a short text
    for data in (bytes(range(256)) * 16, bytes(5000), "河西镇".encode() + b"\x00\x01\x02" * 3):
        with pytest.raises(Exception, match="binary file"):
            decode_bytes(data)


# ----------------------------------------------------------------------------- arguments


@posix_only
def test_non_utf8_bytes_in_an_argument_are_no_traceback(tmp_path):
    """``explain TEXT`` with bytes that are not UTF-8 (Python hands them on as lone
    surrogates): traditional characters around them are still folded; no crash."""
    text = "全鎮共有12個村".encode() + b"\xff\xfe" + "總人口100人".encode()
    r = _cli("explain", os.fsdecode(text))
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    out = r.stdout.decode("utf-8", "replace")
    assert "'鎮' -> '镇'" in out and "'總' -> '总'" in out and "'100人'" in out
    r = _cli("explain", os.fsdecode("全镇总人口100人".encode("gbk")))  # typed in a GBK terminal
    assert r.returncode == 0 and "population.total" in r.stdout.decode(), r.stderr.decode()


def test_mining_text_with_lone_surrogates_keeps_its_offsets():
    from report_miner import mine_text

    text = "全鎮共有12個村\udcff\udcfe總人口100人"  # as os.fsdecode gives bytes that are not UTF-8
    figures = mine_text(text).figures
    assert list(figures["text"]) == ["12個", "100人"]  # traditional characters still folded
    assert text[figures["start"].iloc[1]:figures["end"].iloc[1]] == "100人"


def test_the_crash_log_takes_any_text(tmp_path, monkeypatch):
    from report_miner import limits

    monkeypatch.setenv("REPORT_MINER_LOG_DIR", str(tmp_path))
    path = limits.save_traceback("UnicodeEncodeError: '\udcb3'\n", ["report-miner", "x\udcff"])
    assert path and "\\udcb3" in Path(path).read_text("utf-8")


# ----------------------------------------------------------------------------- long paths


@posix_only
def test_a_folder_deeper_than_the_system_allows_is_a_row_saying_so(tmp_path, capsys):
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "a" / "ok.txt").write_bytes((CORPORA / REPORTS[0]).read_bytes())
    here = os.getcwd()
    try:
        os.chdir(root)
        while len(os.fsencode(os.getcwd())) < 4200:  # beyond PATH_MAX (4096 on Linux)
            os.mkdir("深" * 60)
            os.chdir("深" * 60)
        with open("deep.txt", "w", encoding="utf-8") as fh:
            fh.write("全镇总人口12000人。")
    finally:
        os.chdir(here)
    db = tmp_path / "x.sqlite"
    assert main(["extract", str(root), "-o", str(db), "-q"]) == 1
    with sqlite3.connect(db) as con:
        rows = con.execute("select source, status, reason from files").fetchall()
    status = {Path(s).name: (st, why) for s, st, why in rows}
    assert status["ok.txt"][0] == "ok"
    failed = [why for _s, st, why in rows if st == "failed"]
    assert len(failed) == 1 and "path too long" in failed[0], rows
    shutil.rmtree(root, ignore_errors=True)  # (rmtree copes with the depth)


# ----------------------------------------------------------------------------- archives


def _folder(tmp_path: Path, n: int = 3) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in REPORTS[:n]:
        (folder / name).write_bytes((CORPORA / name).read_bytes())
    return folder


def test_ctrl_c_leaves_a_self_contained_archive_that_exports_and_resumes(tmp_path, monkeypatch):
    import report_miner.store.ingest as ing
    from report_miner.store.ingest import export, ingest

    folder = _folder(tmp_path)
    db = tmp_path / "a.sqlite"
    original, calls = ing._mine_one, []

    def interrupted(path, *args):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second file is mined
        return original(path, *args)

    monkeypatch.setattr(ing, "_mine_one", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest([folder], db, jobs=1, progress=False)
    assert not Path(f"{db}-wal").exists()
    with sqlite3.connect(db) as con:
        assert con.execute("pragma journal_mode").fetchone()[0] == "delete"
        assert con.execute("select count(*) from files").fetchone()[0] == 1
    export(db, tmp_path / "part.xlsx")  # the interrupted archive exports
    monkeypatch.setattr(ing, "_mine_one", original)
    stats = ingest([folder], db, jobs=1, progress=False)  # the same command finishes it
    assert (stats.mined, stats.skipped, stats.failed) == (2, 1, 0)


def test_an_export_to_a_folder_stopped_halfway_leaves_no_half_set_of_tables(tmp_path,
                                                                             monkeypatch):
    import report_miner.store.export as exp
    from report_miner.store.ingest import export, ingest

    db = tmp_path / "a.sqlite"
    ingest([_folder(tmp_path, 2)], db, jobs=1, progress=False)
    real, written = exp._export_csv, []

    def stopped(conn, table, *args):
        if len(written) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the third table is written
        written.append(table)
        return real(conn, table, *args)

    monkeypatch.setattr(exp, "_export_csv", stopped)
    with pytest.raises(KeyboardInterrupt):
        export(db, tmp_path / "new" / "csv", fmt="csv")
    assert not (tmp_path / "new" / "csv").exists()  # the folder it made is gone again
    monkeypatch.setattr(exp, "_export_csv", real)
    export(db, tmp_path / "old", fmt="csv")
    before = {p.name: p.read_bytes() for p in (tmp_path / "old").iterdir()}
    ingest([CORPORA / REPORTS[2]], db, jobs=1, progress=False)  # the archive grows
    written.clear()
    monkeypatch.setattr(exp, "_export_csv", stopped)
    with pytest.raises(KeyboardInterrupt):
        export(db, tmp_path / "old", fmt="csv")
    assert {p.name: p.read_bytes() for p in (tmp_path / "old").iterdir()} == before  # untouched


def test_an_extract_to_a_csv_folder_stopped_halfway_leaves_no_csv_of_it(tmp_path, monkeypatch,
                                                                         capsys):
    """extract -o folder/ is all or none, as export is: Ctrl-C while the third table is
    written leaves no new folder, and an existing folder as it was (its other files too)."""
    import report_miner.store.writers as writers

    real, calls = writers._plain_columns, []

    def stopped(frame):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C while the third table is written
        return real(frame)

    src = str(CORPORA / REPORTS[1])
    monkeypatch.setattr(writers, "_plain_columns", stopped)
    assert main(["extract", src, "-o", str(tmp_path / "new" / "out")]) == 130
    assert not (tmp_path / "new" / "out").exists()
    assert list((tmp_path / "new").iterdir()) == []  # no temporary folder left either

    monkeypatch.setattr(writers, "_plain_columns", real)
    old = tmp_path / "old"
    assert main(["extract", str(CORPORA / REPORTS[2]), "-o", str(old)]) in (0, 1)
    (old / "my notes.txt").write_text("kept", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in old.iterdir()}
    assert "figures.csv" in before
    calls.clear()
    monkeypatch.setattr(writers, "_plain_columns", stopped)
    assert main(["extract", src, "-o", str(old)]) == 130
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "old"]
    monkeypatch.setattr(writers, "_plain_columns", real)
    assert main(["extract", src, "-o", str(old)]) in (0, 1)  # a whole run replaces them all
    after = {p.name: p.read_bytes() for p in old.iterdir()}
    assert after.keys() == before.keys() and after["my notes.txt"] == b"kept"
    assert after["figures.csv"] != before["figures.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "old"]
    capsys.readouterr()


def _as_other_user() -> dict:
    """subprocess arguments that run a command as a user who cannot write a folder of ours:
    nobody when we are root (root writes anywhere), else ourselves (the folder is chmod)."""
    if os.geteuid() != 0:
        return {}
    return {"user": 65534, "group": 65534, "extra_groups": []}


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX users")
def test_a_wal_archive_in_a_folder_the_user_cannot_write_is_still_read(tmp_path):
    """An archive an interrupted run (before this fix) or a crash left in WAL mode, handed
    over read-only: export, audit --db and compare --db read it; when its -wal file holds
    changes, export says what to do (exit 2) instead of "not an ingest archive"."""
    from report_miner.store.ingest import ingest

    if os.geteuid() == 0:  # the folders and the code must be reachable by nobody
        for parent in Path(__file__).resolve().parents:
            if not os.stat(parent).st_mode & 0o001:
                pytest.skip(f"{parent} is closed to other users")
    base = Path(tempfile.mkdtemp(prefix="rm-readonly-"))
    try:
        base.chmod(0o755)
        (base / "out").mkdir(mode=0o777)
        (base / "out").chmod(0o777)
        shelf = base / "shelf"
        shelf.mkdir()
        db = shelf / "archive.sqlite"
        ingest([_folder(tmp_path, 2)], db, jobs=1, progress=False)
        with sqlite3.connect(db) as con:  # as an interrupted run left it
            assert con.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
        assert not Path(f"{db}-wal").exists()
        db.chmod(0o644)
        shelf.chmod(0o555)
        kw = _as_other_user()
        code = Path(__file__).resolve().parent.parent
        env = {"PYTHONPATH": str(code), "HOME": str(base / "out"),
               "REPORT_MINER_LOG_DIR": str(base / "out")}
        r = _cli("export", "--db", str(db), "-o", str(base / "out" / "a.xlsx"), "-q",
                 env=env, **kw)
        assert r.returncode == 0, r.stderr.decode()
        assert (base / "out" / "a.xlsx").exists()
        r = _cli("audit", "--db", str(db), env=env, **kw)
        assert r.returncode in (0, 1), r.stderr.decode()
        r = _cli("compare", "--db", str(db), "-q", env=env, **kw)
        assert r.returncode == 0, r.stderr.decode()

        # changes still in the -wal file (a crash): refused with what to do, not misread
        shelf.chmod(0o755)
        writer = sqlite3.connect(db)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE files SET reason = 'x'")
        writer.commit()
        copy = base / "copy"
        copy.mkdir()
        shutil.copy(db, copy / db.name)
        shutil.copy(f"{db}-wal", copy / f"{db.name}-wal")
        writer.close()
        copy.chmod(0o555)
        r = _cli("export", "--db", str(copy / db.name), "-o", str(base / "out" / "b.xlsx"),
                 env=env, **kw)
        assert r.returncode == 2, r.stderr.decode()
        assert "-wal" in r.stderr.decode() and "not an ingest archive" not in r.stderr.decode()
    finally:
        for p in base.rglob("*"):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_two_ingest_runs_into_one_archive_at_once_store_every_file_once(tmp_path):
    folder = _folder(tmp_path)
    db = tmp_path / "a.sqlite"
    cmd = [sys.executable, "-m", "report_miner.cli.app", "ingest", str(folder), "--db", str(db),
           "-j", "1", "-q"]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0 and b"Traceback" not in err, err.decode()
    with sqlite3.connect(db) as con:
        files = con.execute("select status, count(*) from files group by status").fetchall()
        per_file = con.execute("select count(*), count(distinct source) from reports "
                               "where report = 1").fetchone()
        mode = con.execute("pragma journal_mode").fetchone()[0]
    assert files == [("ok", len(REPORTS))]
    assert per_file == (len(REPORTS), len(REPORTS))  # no report stored twice
    assert mode == "delete"


# ----------------------------------------------------------------------------- the desk


def test_desk_row_numbers_beyond_sqlite_integers_are_not_found(tmp_path):
    import multiprocessing
    import urllib.error
    import urllib.request

    from report_miner.web.server import DeskServer

    def request(url: str, method: str = "GET", body: bytes | None = None) -> int:
        req = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    huge = "9" * 25
    server = DeskServer(str(tmp_path / "a.sqlite"), port=0, quiet=True).start()
    try:
        base = server.url
        assert request(f"{base}/reports/{huge}") == 404
        assert request(f"{base}/api/reports/{huge}/findings") == 404
        assert request(f"{base}/api/findings/{huge}", "PATCH",
                       json.dumps({"status": "checked", "by": "甲"}).encode()) == 404
        for report in (huge, "%C2%B2"):  # ² is a digit to str.isdigit, not to int()
            assert request(f"{base}/export.xlsx?report={report}") == 200
    finally:
        server.stop()
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "report-miner-serve.log").exists()


def _repetitive_docx(paragraphs: int, text: str = "全镇共有12个村，总人口23456人。") -> bytes:
    """A .docx of one paragraph repeated (as python-docx writes paragraphs): compressed about
    290 times, like the long repetitive documents generators make."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" * paragraphs
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="rels" ContentType='
                         '"application/vnd.openxmlformats-package.relationships+xml"/><Override '
                         'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats'
                         '-officedocument.wordprocessingml.document.main+xml"/></Types>')
        package.writestr("_rels/.rels",
                         '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                         'Target="word/document.xml"/></Relationships>')
        package.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document '
                                              f'{ns}><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def test_a_long_repetitive_docx_is_read_and_a_bomb_still_refused(tmp_path, monkeypatch):
    """A genuine document of one paragraph repeated compresses 140-340 times (measured), past the
    old 100× limit: it is read now; zeros (≈1030×) are still a bomb at any size past 1 MB, and
    over 100× only documents up to MAX_ZIP_RATIO_SIZE are read."""
    import report_miner.readers.docx as docx_reader
    from report_miner.errors import LoadError
    from report_miner.readers.load import read_document
    from test_io import make_zip_bomb

    data = _repetitive_docx(60_000)  # about 4 MB of XML
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size > 2**20 and 200 < info.file_size / info.compress_size < 500
    (tmp_path / "long.docx").write_bytes(data)
    text = read_document(tmp_path / "long.docx").text
    assert text.count("总人口23456人") == 60_000
    (tmp_path / "bomb.docx").write_bytes(make_zip_bomb(2))
    with pytest.raises(LoadError, match="zip bomb") as bomb:
        read_document(tmp_path / "bomb.docx")
    assert "times" in bomb.value.reason and "压缩炸弹" in bomb.value.reason
    monkeypatch.setattr(docx_reader, "MAX_ZIP_RATIO_SIZE", 2**21)  # 2 MB: the 4 MB one is over
    with pytest.raises(LoadError, match="would unpack to 4 MB") as big:
        read_document(tmp_path / "long.docx")
    assert "压缩炸弹" in big.value.reason
