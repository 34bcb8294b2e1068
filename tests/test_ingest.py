"""report-miner ingest / export: a mixed archive folder, re-runs, interruptions, exports.

The folder is built here from report sentences written for these tests, in every supported
format and encoding, plus the bad inputs an archive holds (empty, binary junk, truncated and
encrypted files, a zip bomb, a scan without text, unreadable files, link loops).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import report_miner.store.archive as arc
import report_miner.store.ingest as ing
from report_miner.tables import TABLE_COLUMNS
from report_miner.cli.ingest import main as cli_main
from report_miner.store.archive import IngestError
from report_miner.store.export import export
from report_miner.store.ingest import ingest

sys.path.insert(0, str(Path(__file__).parent))
from test_io import ENCRYPTED_DOCX, make_docx, make_pdf, make_zip_bomb  # noqa: E402

CONTENT_TABLES = [t for t in TABLE_COLUMNS if t != "files"]
FORK = multiprocessing.get_start_method() == "fork"

# Report sentences written for these tests (invented townships and figures).
HEXI = ("河西镇2023年工作总结\n"
        "一、基本情况\n"
        "全镇辖12个村、2个社区，总人口23456人，已婚育龄妇女4120人。\n"
        "二、主要工作\n"
        "全年发放宣传资料3000余份，开展健康检查1860人次，完成财政收入1860万元。\n")
SHIQIAO = ("石桥乡2024年工作计划\n"
           "全乡共有8个村，总人口15800人。\n"
           "计划新建村级活动场所3个，培训村干部200人次，争取项目资金50万元。\n")
NANXI_TRAD = ("南溪鎮2022年工作總結\n"
              "全鎮共有9個村，總人口18230人。\n"
              "全年發放宣傳品2500份，協會會員1200多人。\n")
LIUPING = ("柳坪乡工作汇报\n"
           "我乡辖6个行政村，总人口9870人。\n"
           "今年以来开展政策宣传活动15场次，发放避孕药具800余盒。\n")
QINGSHAN = ("青山镇2021年上半年工作汇报\n"
            "全镇共有15个村，总人口31200人。\n"
            "组织培训班6期，培训人员480人次，签订责任书15份。\n")
DONGBA = ("东坝镇工作总结\n"
          "全镇下辖10个村，总人口20500人。\n"
          "协会会员1500人，全年慰问困难家庭86户，发放慰问金4.3万元。\n")
NEW_REPORT = ("凤凰乡2023年工作总结\n"
              "全乡共有7个村，总人口11200人，完成植树造林600亩。\n")

HTML = """<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>网页标题</title><style>body {{ font-size: 14px }}</style>
<script>var hidden = "脚本里的99个村";</script></head>
<body>{body}<div style="display:none">隐藏的5000人</div></body></html>"""


def html_page(text: str) -> str:
    return HTML.format(body="".join(f"<p>{line}</p>\n" for line in text.splitlines()))


def _fake_antiword(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / "antiword"
    tool.write_text("#!/bin/sh\ncat <<'EOF'\n" + text + "EOF\n", encoding="utf-8")
    tool.chmod(0o755)
    return folder


def build_archive(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[set[str], set[str]]:
    """Write the mixed folder under ``root``; return (paths that must be ok, that must fail)."""
    good = {
        "河西镇/2023/总结_utf8.txt": HEXI.encode("utf-8"),
        "河西镇/2023/总结_bom.txt": ("\ufeff" + HEXI.replace("23456", "23457")).encode("utf-8"),
        "石桥乡/2024/计划_gb18030.txt": SHIQIAO.encode("gb18030"),
        "南溪镇/2022/总结_big5.txt": NANXI_TRAD.encode("big5"),
        "柳坪乡/2023/汇报_utf16.txt": LIUPING.encode("utf-16"),
        "青山镇/2021/汇报.docx": make_docx(QINGSHAN.splitlines()[:2],
                                        [["培训班", "6期"], ["培训人员", "480人次"]],
                                        QINGSHAN.splitlines()[2:]),
        "东坝镇/2023/总结.pdf": make_pdf(DONGBA.splitlines()),
        "东坝镇/2023/summary_latin.pdf": make_pdf(["Dongba 2023", "Total 20500"], cjk=False),
        "柳坪乡/2022/汇报.html": html_page(LIUPING.replace("9870", "9880")).encode("gb18030"),
        "石桥乡/2023/计划.htm": html_page(SHIQIAO.replace("15800", "15900"))
                            .replace("charset=gb2312", "charset=utf-8").encode("utf-8"),
        "南溪镇/2021/旧档.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024,
        "南溪镇/2020/一行.txt": (LIUPING.replace("\n", "") * 400).encode("utf-8"),  # one line
    }
    bad = {
        "坏文件/空.txt": b"",
        "坏文件/乱码.txt": bytes(range(256)) * 16,
        "坏文件/日文.txt": "日本語のテキストです。東京都の人口は約千四百万人です。".encode("shift_jis"),
        "坏文件/截断.docx": make_docx(QINGSHAN.splitlines())[:1500],
        "坏文件/炸弹.docx": make_zip_bomb(2),
        "坏文件/加密.docx": ENCRYPTED_DOCX,
        "坏文件/加密.pdf": make_pdf(["机密"], encrypt=True),
        "坏文件/扫描件.pdf": make_pdf([], image_only=True),
        "坏文件/截断.pdf": make_pdf(DONGBA.splitlines())[:500],
        "坏文件/无权限.txt": HEXI.encode("utf-8"),
    }
    for name, data in {**good, **bad}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    # a link to itself (reported) and a link back up the tree (searched once, no file)
    (root / "坏文件/循环.txt").symlink_to(root / "坏文件/循环.txt")
    (root / "河西镇/2023/回到上层").symlink_to(root, target_is_directory=True)
    (root / "说明.md").write_text("不是报告，后缀不在列表中", encoding="utf-8")

    unreadable = root / "坏文件/无权限.txt"
    if os.geteuid() == 0:  # root reads anything: simulate the refusal
        real_open = open

        def refusing_open(file, *args, **kwargs):
            if os.fspath(file) == str(unreadable):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("report_miner.readers.files.open", refusing_open, raising=False)
    else:  # pragma: no cover - depends on who runs the tests
        unreadable.chmod(0)
    # .doc files are converted by "antiword": a stand-in that prints a report
    bin_dir = _fake_antiword(root.parent / "bin", NANXI_TRAD)
    monkeypatch.setenv("PATH", os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]))
    ok = {str(root / n) for n in good}
    failed = {str(root / n) for n in bad} | {str(root / "坏文件/循环.txt")}
    return ok, failed


def files_table(db: Path) -> dict[str, dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["path"]: dict(r) for r in conn.execute("SELECT * FROM files")}


def row_counts(db: Path) -> dict[tuple[str, str], int]:
    """(table, source) → rows, for every content table."""
    out: dict[tuple[str, str], int] = {}
    with sqlite3.connect(db) as conn:
        for table in CONTENT_TABLES:
            for source, n in conn.execute(f"SELECT source, count(*) FROM {table} GROUP BY source"):
                out[(table, source)] = n
    return out


def assert_consistent(db: Path) -> None:
    """Every stored row belongs to a file stored as ok; the database is not damaged."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ok = {p for (p,) in conn.execute("SELECT path FROM files WHERE status = 'ok'")}
        for table in CONTENT_TABLES:
            sources = {s for (s,) in conn.execute(f"SELECT DISTINCT source FROM {table}")}
            assert sources <= ok, (table, sources - ok)
        for path, figures in conn.execute(
                "SELECT path, figures FROM files WHERE status = 'ok'"):
            n = conn.execute("SELECT count(*) FROM figures WHERE source = ?", (path,)).fetchone()[0]
            assert n == figures, path  # all of a file's rows or none


@pytest.fixture
def archive(tmp_path, monkeypatch):
    root = tmp_path / "档案"
    ok, failed = build_archive(root, monkeypatch)
    return root, tmp_path / "archive.sqlite", ok, failed


def test_ingest_mixed_folder_every_file_accounted_then_incremental(archive, capsys):
    root, db, ok, failed = archive
    code = cli_main(["ingest", str(root), "--db", str(db), "--jobs", "2",
                     "--path-pattern", "{township}/{year}/*"])
    assert code == 1  # some files failed, the rest were mined
    files = files_table(db)
    assert set(files) == ok | failed  # every file accounted for, nothing else
    status = {p: r["status"] for p, r in files.items()}
    assert {p for p, s in status.items() if s == "ok"} == ok
    assert {p for p, s in status.items() if s == "failed"} == failed
    for path in failed:
        assert files[path]["reason"], path
    reasons = {Path(p).name: r["reason"] for p, r in files.items()}
    assert "empty file" in reasons["空.txt"]
    assert "binary file" in reasons["乱码.txt"]
    assert "Chinese" in reasons["日文.txt"]
    assert "damaged or truncated .docx" in reasons["截断.docx"]
    assert "zip bomb" in reasons["炸弹.docx"]
    assert "password-protected" in reasons["加密.docx"]
    assert "password-protected PDF" in reasons["加密.pdf"]
    assert "扫描件，无文字层" in reasons["扫描件.pdf"]
    assert "truncated PDF" in reasons["截断.pdf"]
    assert "permission denied" in reasons["无权限.txt"]
    assert "symbolic link loop" in reasons["循环.txt"]

    by_name = {Path(p).name: r for p, r in files.items()}
    assert {by_name[n]["format"] for n in ("汇报.docx", "总结.pdf", "汇报.html", "计划.htm", "旧档.doc")} \
        == {"docx", "pdf", "html", "doc"}
    assert by_name["计划_gb18030.txt"]["encoding"] == "gb18030"
    assert by_name["总结_big5.txt"]["encoding"] == "big5"
    assert by_name["汇报_utf16.txt"]["encoding"] == "utf-16-le"
    assert by_name["汇报.html"]["encoding"] == "gb18030"
    for path in ok:
        row = files[path]
        assert len(row["sha256"]) == 64 and row["size"] > 0 and row["mined_at"]
        assert row["read_s"] >= 0 and row["mine_s"] >= 0

    with sqlite3.connect(db) as conn:
        figures = conn.execute("SELECT source, text FROM figures").fetchall()
        towns = dict(conn.execute("SELECT source, township FROM reports"))
        years = conn.execute("SELECT year FROM reports WHERE source LIKE '%一行.txt'").fetchall()
    texts = {t for _, t in figures}
    assert "23456人" in texts and "480人次" in texts  # 480人次 is in a docx table cell
    assert "20500人" in texts  # the PDF's text layer
    assert "99个村" not in texts and "5000人" not in texts  # script and hidden HTML
    assert towns[str(root / "青山镇/2021/汇报.docx")] == "青山镇"
    assert {y for (y,) in years} == {2020}  # the text names no year: the folder's
    assert_consistent(db)
    assert "failed 失败" in capsys.readouterr().err

    # a second run mines nothing
    stats = ingest([root], db, jobs=2, progress=False)
    assert (stats.mined, stats.skipped, stats.failed) == (0, len(ok), len(failed))
    assert stats.exit_status == 1
    hashed = {p: r for p, r in files.items() if r["sha256"]}
    assert {p: files_table(db)[p] for p in hashed} == hashed  # rows kept as they were
    # files that could not be read at all (no hash) are simply tried again

    # one new file: only it is mined
    new = root / "凤凰乡/2023/总结.txt"
    new.parent.mkdir(parents=True)
    new.write_text(NEW_REPORT, encoding="gb18030")
    stats = ingest([root], db, jobs=2, progress=False)
    assert (stats.mined, stats.skipped) == (1, len(ok))
    assert files_table(db)[str(new)]["status"] == "ok"

    # --force mines everything again, and nothing is stored twice
    before = row_counts(db)
    stats = ingest([root], db, jobs=2, force=True, progress=False)
    assert (stats.mined, stats.skipped, stats.failed) == (len(ok) + 1, 0, len(failed))
    assert row_counts(db) == before
    assert_consistent(db)


def test_ingest_changed_file_replaces_its_rows(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    a, b = root / "a.txt", root / "b.txt"
    a.write_text(HEXI, encoding="utf-8")
    b.write_text(SHIQIAO, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    assert ingest([root], db, jobs=1, progress=False).mined == 2
    old_sha = files_table(db)[str(a)]["sha256"]
    a.write_text(DONGBA, encoding="utf-8")
    stats = ingest([root], db, jobs=1, progress=False)
    assert (stats.mined, stats.skipped) == (1, 1)
    assert files_table(db)[str(a)]["sha256"] != old_sha
    with sqlite3.connect(db) as conn:
        texts = {t for (t,) in conn.execute("SELECT text FROM figures WHERE source = ?", (str(a),))}
    assert "20500人" in texts and "23456人" not in texts  # old rows replaced, not added to
    assert_consistent(db)


def test_ingest_same_content_under_another_path_is_skipped(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(HEXI, encoding="utf-8")
    (root / "副本.txt").write_text(HEXI, encoding="utf-8")
    (root / "a.html").write_text(HEXI, encoding="utf-8")  # same bytes, other format: mined
    db = tmp_path / "a.sqlite"
    stats = ingest([root], db, jobs=1, progress=False)
    assert (stats.mined, stats.skipped, stats.failed) == (2, 1, 0)
    row = files_table(db)[str(root / "副本.txt")]
    assert row["status"] == "skipped" and str(root / "a.txt") in row["reason"]
    assert ingest([root], db, jobs=1, progress=False).mined == 0


def test_ingest_failed_unchanged_files_are_not_retried_unless_asked(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "空.txt").write_bytes(b"")
    db = tmp_path / "a.sqlite"
    first = ingest([root], db, jobs=1, progress=False)
    mined_at = files_table(db)[str(root / "空.txt")]["mined_at"]
    again = ingest([root], db, jobs=1, progress=False)
    assert (first.failed, again.failed, again.exit_status) == (1, 1, 1)
    assert "unchanged since the last run" in again.failures[0][1]
    time.sleep(1.1)  # mined_at has one-second resolution
    ingest([root], db, jobs=1, progress=False, retry_failed=True)
    assert files_table(db)[str(root / "空.txt")]["mined_at"] != mined_at


def test_ingest_interrupted_inside_a_transaction_keeps_the_old_rows(tmp_path, monkeypatch):
    root = tmp_path / "in"
    root.mkdir()
    for i, text in enumerate([HEXI, SHIQIAO, LIUPING, QINGSHAN]):
        (root / f"{i}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False)
    before_files, before_rows = files_table(db), row_counts(db)

    target = str(root / "2.txt")
    (root / "2.txt").write_text(DONGBA, encoding="utf-8")  # changed: its rows will be replaced
    (root / "4.txt").write_text(NEW_REPORT, encoding="utf-8")  # new, after the target
    original_write = ing._Writer.write

    def write(self, outcome):
        if outcome["path"] != target:
            return original_write(self, outcome)
        real = self.conn

        class Interrupting:  # Ctrl-C after the old rows are deleted and the new ones inserted
            def __getattr__(self, name):
                return getattr(real, name)

            def execute(self, sql, *args):
                if sql.startswith("INSERT OR REPLACE INTO files"):
                    raise KeyboardInterrupt
                return real.execute(sql, *args)

        self.conn = Interrupting()
        try:
            return original_write(self, outcome)
        finally:
            self.conn = real

    monkeypatch.setattr(ing._Writer, "write", write)
    with pytest.raises(KeyboardInterrupt):
        ingest([root], db, jobs=1, progress=False)
    assert files_table(db)[target] == before_files[target]  # rolled back: the old state
    assert row_counts(db) == before_rows
    assert str(root / "4.txt") not in files_table(db)
    assert_consistent(db)

    monkeypatch.setattr(ing._Writer, "write", original_write)
    stats = ingest([root], db, jobs=1, progress=False)  # the next run completes it
    assert (stats.mined, stats.skipped) == (2, 3)
    assert files_table(db)[target]["sha256"] != before_files[target]["sha256"]
    assert_consistent(db)


@pytest.mark.skipif(not FORK, reason="the patched worker function reaches workers by fork")
def test_ingest_worker_killed_marks_only_its_file(tmp_path, monkeypatch):
    root = tmp_path / "in"
    root.mkdir()
    texts = [HEXI, SHIQIAO, LIUPING, QINGSHAN, DONGBA, NEW_REPORT]
    for i, text in enumerate(texts):
        (root / f"{i}.txt").write_text(text, encoding="utf-8")
    poison = str(root / "3.txt")
    original = ing._mine_one

    def mine_one(path, rules_dir, meta, timeout=None):
        if path == poison:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return original(path, rules_dir, meta, timeout)

    monkeypatch.setattr(ing, "_mine_one", mine_one)
    db = tmp_path / "a.sqlite"
    stats = ingest([root], db, jobs=2, progress=False)
    files = files_table(db)
    assert (stats.mined, stats.failed) == (len(texts) - 1, 1)
    assert files[poison]["status"] == "failed"
    assert "worker process died" in files[poison]["reason"]
    assert all(r["status"] == "ok" for p, r in files.items() if p != poison)
    assert_consistent(db)


def test_ingest_killed_process_leaves_a_consistent_database(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    reports = [HEXI, SHIQIAO, LIUPING, QINGSHAN, DONGBA, NEW_REPORT]
    for i in range(60):  # varied, so that no two files have the same content
        text = reports[i % len(reports)].replace("人。", f"人，另有{100 + i}户。", 1)
        (root / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "report_miner.cli.ingest", "ingest", str(root), "--db", str(db),
         "--jobs", "1", "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            # read-only: a plain connect would create an empty file first, which ingest
            # (rightly) refuses as "not an ingest archive"
            with sqlite3.connect(db.as_uri() + "?mode=ro", uri=True, timeout=1) as conn:
                stored = conn.execute("SELECT count(*) FROM files").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 5:
            break
    proc.kill()  # SIGKILL: no clean-up at all
    proc.wait()
    assert_consistent(db)
    stats = ingest([root], db, jobs=1, progress=False)
    assert stats.mined + stats.skipped == 60 and stats.failed == 0
    assert stats.skipped >= min(stored, 5)
    assert len(files_table(db)) == 60
    assert_consistent(db)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the time limit needs SIGALRM")
@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.skipif(
    not FORK, reason="the patched miner reaches workers by fork"))])
def test_ingest_file_over_the_time_limit_fails_and_the_run_goes_on(tmp_path, monkeypatch, jobs):
    import report_miner.api as api

    root = tmp_path / "in"
    root.mkdir()
    (root / "慢.txt").write_text(HEXI, encoding="utf-8")
    (root / "快.txt").write_text(SHIQIAO, encoding="utf-8")
    real_mine_text = api.mine_text

    def mine_text(text, *args, **kwargs):
        if "河西镇" in text:
            time.sleep(30)  # as a file on which some step grows faster than linearly
        return real_mine_text(text, *args, **kwargs)

    monkeypatch.setattr(api, "mine_text", mine_text)
    db = tmp_path / "a.sqlite"
    started = time.monotonic()
    stats = ingest([root], db, jobs=jobs, progress=False, timeout=0.5)
    assert time.monotonic() - started < 25
    files = files_table(db)
    assert (stats.mined, stats.failed) == (1, 1)
    assert "mining took longer than 0.5 s" in files[str(root / "慢.txt")]["reason"]
    assert files[str(root / "快.txt")]["status"] == "ok"
    assert_consistent(db)


def test_ingest_path_pattern_fills_township_and_year(tmp_path):
    root = tmp_path / "档案"
    (root / "柳坪乡" / "2019年").mkdir(parents=True)
    (root / "柳坪乡" / "2019年" / "汇报.txt").write_text(LIUPING, encoding="utf-8")
    (root / "河西镇" / "2019年").mkdir(parents=True)
    (root / "河西镇" / "2019年" / "总结.txt").write_text(HEXI, encoding="utf-8")  # says 2023
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern="{township}/{year}年/*")
    with sqlite3.connect(db) as conn:
        rows = dict(((t, y) for t, y in conn.execute("SELECT township, year FROM reports")))
        files = dict(conn.execute("SELECT township, year FROM files"))
    assert rows == {"柳坪乡": 2019, "河西镇": 2023}  # the text's own year wins
    assert files == {"柳坪乡": 2019, "河西镇": 2019}


@pytest.mark.parametrize(
    "argv",
    [
        ["ingest", "{root}/没有这个文件夹", "--db", "{db}"],
        ["ingest", "{root}", "--db", "{db}", "--path-pattern", "{{town}}/*"],
        ["ingest", "{root}", "--db", "{db}", "--jobs", "0"],
        ["ingest", "{root}", "--db", "{root}"],
        ["export", "--db", "{root}/没有.sqlite", "-o", "{root}/x.xlsx"],
        ["export", "--db", "{db}", "-o", "{root}/x.json"],
    ],
    ids=["missing-dir", "bad-pattern", "jobs-0", "db-is-folder", "export-missing-db",
         "export-bad-suffix"],
)
def test_ingest_cli_unusable_arguments_exit_2(tmp_path, argv):
    (tmp_path / "a.txt").write_text(HEXI, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    if argv[0] == "export":
        ingest([tmp_path / "a.txt"], db, jobs=1, progress=False)
    argv = [a.format(root=tmp_path, db=db) for a in argv]
    try:
        code = cli_main(argv)
    except SystemExit as exc:  # argparse refuses --jobs 0 itself
        code = exc.code
    assert code == 2


def test_ingest_cli_all_ok_exit_0_and_help_has_examples(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(HEXI, encoding="utf-8")
    assert cli_main(["ingest", str(tmp_path), "--db", str(tmp_path / "a.sqlite"), "-j", "1"]) == 0
    assert "mined 已处理 1" in capsys.readouterr().err
    for command in ("ingest", "export"):
        with pytest.raises(SystemExit):
            cli_main([command, "--help"])
        assert "examples / 示例" in capsys.readouterr().out


def test_ingest_refuses_a_database_written_by_extract(tmp_path):
    from report_miner.api import mine_paths
    from report_miner.store.writers import write_tables

    (tmp_path / "a.txt").write_text(HEXI, encoding="utf-8")
    db = tmp_path / "extract.sqlite"
    write_tables(mine_paths([tmp_path]).tables(), db)
    with pytest.raises(IngestError, match="not an ingest archive"):
        ingest([tmp_path], db, jobs=1, progress=False)


@pytest.fixture
def small_archive(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    for i, text in enumerate([HEXI, SHIQIAO, NANXI_TRAD]):
        (root / f"{i}.txt").write_text(text, encoding="utf-8")
    (root / "空.txt").write_bytes(b"")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False)
    return db


def _db_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in [*CONTENT_TABLES, "files"]}


def test_ingest_export_csv_parquet_xlsx_with_chinese_labels(small_archive, tmp_path):
    import pandas as pd
    import pyarrow.parquet as pq

    counts = _db_counts(small_archive)
    assert export(small_archive, tmp_path / "csv", labels="zh", chunk_rows=7) == counts
    figures = pd.read_csv(tmp_path / "csv" / "figures.csv", encoding="utf-8-sig")
    assert list(figures.columns[:8]) == ["来源", "报告", "章节", "起", "止", "原文", "数值", "上限"]
    assert {"单位", "约数", "界限", "对象", "动作", "指标", "句子"} <= set(figures.columns)
    assert len(figures) == counts["figures"]
    files = pd.read_csv(tmp_path / "csv" / "files.csv", encoding="utf-8-sig")
    assert {"文件路径", "状态", "原因"} <= set(files.columns)

    assert export(small_archive, tmp_path / "pq.parquet", chunk_rows=5) == counts
    table = pq.read_table(tmp_path / "pq" / "figures.parquet")
    assert table.num_rows == counts["figures"]
    assert str(table.schema.field("value").type) == "double"
    assert str(table.schema.field("approx").type) == "bool"
    assert str(table.schema.field("start").type) == "int64"

    single = tmp_path / "只有数字.parquet"
    assert export(small_archive, single, tables=["figures"], labels="zh") == {
        "figures": counts["figures"]}
    assert pq.read_table(single).column_names[:2] == ["来源", "报告"]

    assert export(small_archive, tmp_path / "a.xlsx", labels="zh", chunk_rows=3) == counts
    sheets = pd.read_excel(tmp_path / "a.xlsx", sheet_name=None)
    assert list(sheets) == list(counts)
    assert len(sheets["figures"]) == counts["figures"]
    assert "原文" in sheets["figures"].columns


def test_ingest_export_cli(small_archive, tmp_path, capsys):
    out = tmp_path / "out.parquet"
    assert cli_main(["export", "--db", str(small_archive), "-o", str(out), "--labels", "zh"]) == 0
    assert (tmp_path / "out" / "files.parquet").is_file()
    assert f"wrote 已写入: {tmp_path / 'out'}" in capsys.readouterr().err


def test_ingest_export_memory_stays_flat(tmp_path):
    import tracemalloc

    db = tmp_path / "big.sqlite"
    ing.open_archive(db).close()
    columns = [c for c, _ in arc._column_types()["figures"]]
    row = {c: None for c in columns}
    row.update(source="/档案/河西镇/2023/总结.txt", text="23456人", value=23456.0, unit="人",
               sentence="全镇辖12个村、2个社区，总人口23456人，已婚育龄妇女4120人。" * 3)
    peaks, sizes = [], []
    for rows in (10_000, 30_000):  # the archive triples …
        with sqlite3.connect(db) as conn:
            conn.executemany(f"INSERT INTO figures ({', '.join(columns)}) VALUES "
                             f"({', '.join('?' * len(columns))})",
                             ([row[c] if c != "start" else i for c in columns]
                              for i in range(rows - sum(sizes and [10_000]))))
        tracemalloc.start()
        assert export(db, tmp_path / "figures.csv", tables=["figures"], chunk_rows=1000) == {
            "figures": rows}
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        sizes.append((tmp_path / "figures.csv").stat().st_size)
    assert sizes[1] > 8_000_000
    assert peaks[1] < 1.5 * peaks[0]  # … the export's memory does not
    assert peaks[1] < sizes[1] / 4


def test_ingest_copy_of_a_file_that_changed_in_this_run_is_mined(tmp_path):
    from report_miner.store.ingest import ingest
    from report_miner.store.writers import read_sqlite_tables

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("全镇总人口5000人。", encoding="utf-8")
    (d / "b.txt").write_text("全镇总人口5000人。", encoding="utf-8")  # a copy of a.txt
    db = tmp_path / "arch.sqlite"
    ingest([d], db, jobs=1, progress=False)
    (d / "a.txt").write_text("全镇总人口6000人。", encoding="utf-8")  # the original changes
    ingest([d], db, jobs=1, progress=False)
    t = read_sqlite_tables(db)
    status = dict(zip(t["files"]["path"], t["files"]["status"]))
    assert status[str(d / "b.txt")] == "ok"
    assert sorted(t["figures"]["value"].tolist()) == [5000, 6000]



def test_ingest_column_types_match_the_dataframe_dtypes():
    """The archive's SQLite types come from tables.column_kind, the source of the
    DataFrames' dtypes too, so the two always agree."""
    from report_miner.tables import TABLE_COLUMNS, frame

    expected = {}
    for name in CONTENT_TABLES:
        dtypes = frame(name, []).dtypes
        cols = []
        for col in TABLE_COLUMNS[name]:
            kind = str(dtypes[col]).lower()
            cols.append((col, "BOOLEAN" if "bool" in kind else "INTEGER" if "int" in kind
                         else "REAL" if "float" in kind else "TEXT"))
        expected[name] = cols + [c for c in arc.EXTRA_COLUMNS.get(name, ())
                                 if c[0] not in TABLE_COLUMNS[name]]
    assert arc._column_types() == expected


def test_ingest_archive_setup_does_not_import_pandas(tmp_path):
    """Opening an archive and converting rows need no pandas (importing it costs about a
    second and 80 MB per run)."""
    code = ("import sys, report_miner.store.ingest as ing\n"
            "ing.open_archive(sys.argv[1]).close()\n"
            "ing._sql_rows([{'source': 'a', 'value': 1.5, 'approx': True}], "
            "ing._column_names()['figures'])\n"
            "print('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.sqlite")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ingest_sql_rows_store_every_value_as_sql_value_does():
    import datetime
    import math
    from decimal import Decimal

    import numpy as np

    columns = ("source", "start", "value", "approx", "text", "extra", "missing")
    records = [
        {"source": "河西镇.txt", "start": 3, "value": 1.5, "approx": True, "text": "12个村",
         "extra": None},
        {"source": "a", "start": np.int64(7), "value": math.nan, "approx": False,
         "text": Decimal("2.50"), "extra": ["一", 2]},
        {"source": "b", "start": 0, "value": np.float64(2.0), "approx": np.bool_(True),
         "text": datetime.date(2023, 5, 1), "extra": {"k": "值"}},
    ]
    rows = ing._sql_rows(records, columns)
    assert rows == [[arc._sql_value(r.get(c)) for c in columns] for r in records]
    assert rows[0] == ["河西镇.txt", 3, 1.5, 1, "12个村", None, None]
    assert rows[1][1:5] == [7, None, 0, "2.50"] and rows[1][5] == '["一", 2]'
    assert type(rows[1][1]) is int and type(rows[2][3]) is int
    assert rows[2][4] == "2023-05-01" and rows[2][5] == '{"k": "值"}'


def test_ingest_values_beyond_64_bit_integers_do_not_stop_the_run(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("全县累计投入资金123456789012345亿元。", encoding="utf-8")
    (root / "b.txt").write_text(HEXI, encoding="utf-8")
    (root / "c.txt").write_text("全镇总人口" + "9" * 5000 + "人。", encoding="utf-8")
    db = tmp_path / "a.sqlite"
    stats = ingest([root], db, jobs=1, progress=False)
    assert stats.mined == 3
    assert {r["status"] for r in files_table(db).values()} == {"ok"}
    with sqlite3.connect(db) as conn:
        (value,) = conn.execute("SELECT value FROM figures WHERE source = ?",
                                (str(root / "a.txt"),)).fetchone()
        junk = conn.execute("SELECT count(*) FROM figures WHERE source = ?",
                            (str(root / "c.txt"),)).fetchone()[0]
    assert value == pytest.approx(1.23456789012345e22)
    assert junk == 0  # a 5000-digit run is no figure
    assert_consistent(db)


def test_ingest_from_python_shows_no_progress_bar_where_stderr_is_no_terminal(tmp_path, capfd):
    # progress=None (the default) draws the bar only on a terminal: a scheduled job's log or a
    # notebook's captured stderr gets no carriage-return lines; progress=True still forces it
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("河口镇2020年工作总结\n全镇辖12个村,总人口23456人。", "utf-8")
    stats = ingest([tmp_path / "in"], tmp_path / "a.db", jobs=1)
    assert stats.found == 1
    assert "file/s" not in capfd.readouterr().err
    ingest([tmp_path / "in"], tmp_path / "b.db", jobs=1, progress=True)
    assert "ingest" in capfd.readouterr().err
