"""Hostile inputs (issue 15): every command survives them, accounts for every file and exits
with its documented status.

A file name that is not valid UTF-8 (a GBK name copied from a Windows archive); then the
hostile folder (:func:`hostile`): a PDF stream bomb, a .docx whose zip header understates a
member, a FIFO, a socket, an unlistable folder (not as root), empty and binary files, a huge
one-line text, alias-bomb and slow-pattern rule folders, run through every command under a
time limit (subprocess timeout) and a memory limit (RLIMIT_AS on the child); workers of a
killed ingest die with it; Ctrl-C, internal errors, a full disk and output modes.
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

from fixtures.signals import MINING_FOREVER, ctrl_c_reaches_children, wait_for_lines, wait_until
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


# ------------------------------------------------------------------ the hostile folder

import resource  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import struct  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
import zlib  # noqa: E402

from report_miner import limits  # noqa: E402
from report_miner.cli.app import main  # noqa: E402

#: address space a command may use in these tests (RLIMIT_AS on the child)
CHILD_MEMORY = 6 * 2**30
#: seconds a command may take in these tests
CHILD_SECONDS = 180
#: --max-memory given to the commands: the huge text is refused by it (limits.max_text_chars)
MAX_MEMORY_MB = "150"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _pdf_bomb(inflated: int = 300 * 2**20) -> bytes:
    """A one-page PDF whose content stream is ``inflated`` zero bytes, deflated (~1/1000)."""
    deflate = zlib.compressobj(9)
    block, parts, left = bytes(1 << 24), [], inflated
    while left > 0:
        parts.append(deflate.compress(block[:min(left, len(block))]))
        left -= len(block)
    stream = b"".join(parts) + deflate.flush()
    return (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>\n"
            b"endobj\n4 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\n"
            b"stream\n" + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _understated_docx(real: int = 40 * 2**20, declared: int = 2**20) -> bytes:
    """A .docx whose document.xml inflates to ``real`` bytes but whose headers say
    ``declared``."""
    import io

    body = (b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
            b"<w:body>" + b" " * real + b"</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", body)
    raw = bytearray(buf.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := raw.find(signature, at)) >= 0:
            if struct.unpack("<I", raw[at + offset:at + offset + 4])[0] == len(body):
                raw[at + offset:at + offset + 4] = struct.pack("<I", declared)
            at += 4
    return bytes(raw)


def _huge_line(chars: int) -> str:
    """One line of ``chars`` characters of corpus report text (no line break)."""
    text = "".join((CORPORA / n).read_text("utf-8").replace("\n", "") for n in NORMAL)
    return (text * (chars // len(text) + 1))[:chars]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, set[str]]:
    """The hostile folder and the names of the inputs every command must account for."""
    folder = tmp_path_factory.mktemp("hostile") / "in"
    folder.mkdir()
    for name in NORMAL:
        (folder / name).write_bytes((CORPORA / name).read_bytes())
    want = set(NORMAL)
    try:
        with open(os.fsencode(folder) + b"/" + GBK_NAME.encode("gbk"), "wb") as fh:
            fh.write((CORPORA / "t02_jihua_shiqiao.txt").read_bytes())
        want.add(GBK_NAME)
    except (OSError, UnicodeError):
        pass
    (folder / "bomb.pdf").write_bytes(_pdf_bomb())
    (folder / "understated.docx").write_bytes(_understated_docx())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    # over the text limit of --max-memory 150 (1,000,000 characters)
    (folder / "huge.txt").write_text(_huge_line(limits.max_text_chars(150) + 50_000), "utf-8")
    want |= {"bomb.pdf", "understated.docx", "empty.txt", "binary.txt", "huge.txt"}
    os.mkfifo(folder / "pipe.txt")
    want.add("pipe.txt")
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(folder / "sock.txt"))
        sock.close()
        want.add("sock.txt")
    except OSError:  # a path too long for a socket
        pass
    if not IS_ROOT:  # root lists any folder
        locked = folder / "locked"
        locked.mkdir()
        (locked / "inside.txt").write_text("全镇总人口12000人。", encoding="utf-8")
        locked.chmod(0)
        want.add("locked")
    yield folder, want
    if not IS_ROOT:
        (folder / "locked").chmod(0o755)


def _bounded(args: list[str], **kw) -> subprocess.CompletedProcess:
    """A report-miner command under a time limit and an address-space limit; never a
    traceback in its output."""
    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))

    env = dict(os.environ, PYTHONIOENCODING="utf-8", **kw.pop("env", {}))
    out = subprocess.run([sys.executable, "-m", "report_miner.cli.app", *args], capture_output=True,
                         env=env, timeout=CHILD_SECONDS, preexec_fn=limit_memory, **kw)
    for stream in (out.stdout, out.stderr):
        assert b"Traceback" not in stream, stream.decode("utf-8", "replace")
        assert b"Exception ignored" not in stream, stream.decode("utf-8", "replace")
    return out


def _names(values) -> set[str]:
    return {Path(str(v)).name for v in values}


def test_every_command_accounts_for_every_hostile_input(hostile, tmp_path):
    folder, want = hostile
    lim = ["--max-memory", MAX_MEMORY_MB]
    failing = want - set(NORMAL) - {GBK_NAME}

    db = tmp_path / "x.sqlite"
    r = _bounded(["extract", str(folder), "-o", str(db), *lim])
    assert r.returncode == 1, r.stderr.decode()  # some files failed
    with sqlite3.connect(db) as con:
        status = {Path(s).name: (st, why) for s, st, why in
                  con.execute("select source, status, reason from files")}
    assert set(status) == want
    assert {n for n, (st, _) in status.items() if st == "failed"} == failing
    assert "compression bomb" in status["bomb.pdf"][1]
    assert "inflates past" in status["understated.docx"][1]
    assert "named pipe" in status["pipe.txt"][1]
    assert "text too long" in status["huge.txt"][1]
    if "sock.txt" in want:
        assert "socket" in status["sock.txt"][1]
    if "locked" in want:
        assert "cannot list folder" in status["locked"][1]

    r = _bounded(["audit", str(folder), "--color", "never", *lim])
    assert r.returncode == 1, r.stderr.decode()
    r = _bounded(["review", str(folder), "-o", str(tmp_path / "review"), "--suffix", ".txt",
                  "--suffix", ".pdf", "--suffix", ".docx", *lim])
    assert r.returncode == 1, r.stderr.decode()
    index = (tmp_path / "review" / "index.html").read_text("utf-8")
    assert all(n.replace(".txt", "") in index for n in want if n != "locked")
    r = _bounded(["compare", str(folder), *lim])
    assert r.returncode == 1, r.stderr.decode()
    assert all(n in r.stderr.decode("utf-8") for n in failing)
    r = _bounded(["explain", "-f", str(folder / "pipe.txt"), *lim])  # the others: in-process
    assert r.returncode == 2, r.stderr.decode()
    assert len(r.stderr.decode("utf-8").strip().splitlines()) == 1, r.stderr.decode()
    for bad in ("bomb.pdf", "huge.txt", "understated.docx"):
        assert main(["explain", "-f", str(folder / bad), *lim]) == 2, bad

    archive = tmp_path / "archive.sqlite"
    r = _bounded(["ingest", str(folder), "--db", str(archive), "-j", "2", "-q", *lim])
    assert r.returncode == 1, r.stderr.decode()
    with sqlite3.connect(archive) as con:
        status = {Path(p).name: st for p, st in con.execute("select path, status from files")}
    assert set(status) == want
    assert {n for n, st in status.items() if st == "failed"} == failing
    r = _bounded(["export", "--db", str(archive), "-o", str(tmp_path / "export.xlsx")])
    assert r.returncode == 0, r.stderr.decode()
    r = _bounded(["compare", "--db", str(archive)])
    assert r.returncode == 1, r.stderr.decode()  # the archive lists failed files


def test_a_file_over_the_time_limit_is_a_failed_row(tmp_path):
    # the limit is wall-clock time: an ordinary report must stay far inside it on a loaded
    # machine (a fresh worker after the timeout, a few KB mined), the long line far outside
    # it on an idle one (4M characters take ~10 s to mine).
    (tmp_path / "long.txt").write_text(_huge_line(4_000_000), encoding="utf-8")
    (tmp_path / "ok.txt").write_bytes((CORPORA / NORMAL[0]).read_bytes())
    r = _bounded(["extract", str(tmp_path), "-o", str(tmp_path / "x.sqlite"), "--timeout", "2"])
    assert r.returncode == 1, r.stderr.decode()
    with sqlite3.connect(tmp_path / "x.sqlite") as con:
        status = {Path(s).name: (st, why) for s, st, why in
                  con.execute("select source, status, reason from files")}
    assert status["ok.txt"][0] == "ok"
    assert status["long.txt"][0] == "failed" and "--timeout" in status["long.txt"][1]


@pytest.mark.parametrize("case", ["alias", "slow"])
def test_hostile_rules_are_refused_by_every_command(case, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    if case == "alias":
        lines = ["a0: &a0 [" + ", ".join(['"哈"'] * 9) + "]"]
        lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
        (rules / "metrics.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        (rules / "metrics.yaml").write_text(
            "metrics:\n  - id: my.slow\n    label: 慢\n    match:\n      - before: '(?:x|xx)+z'\n",
            encoding="utf-8")
    report = str(CORPORA / NORMAL[0])
    assert _bounded(["rules", "check", str(rules)]).returncode == 1
    r = _bounded(["extract", report, "-o", str(tmp_path / "o.sqlite"), "--rules", str(rules)])
    assert r.returncode == 2, r.stderr.decode()
    others = (["audit", report], ["review", report, "-o", str(tmp_path / "r")],
              ["compare", report], ["explain", "-f", report],
              ["ingest", report, "--db", str(tmp_path / "a.sqlite")])
    for args in others if case == "alias" else others[:1]:  # (each slow probe takes a second)
        assert main([*args, "--rules", str(rules)]) == 2, args  # refused before any file


# ------------------------------------------------------------------ workers and signals


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_ingest_workers_die_when_the_parent_is_killed(sig, tmp_path):
    """kill -9: the kernel ends the workers (parent-death signal); kill: the parent stops
    them and exits 130 (workers take SIGTERM's default action, not the parent's handler)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(f"第{i}份。" + _huge_line(200_000), encoding="utf-8")
    marker = tmp_path / "mining"
    with ctrl_c_reaches_children():
        # the workers mine until stopped, and say when they have begun (MINING_FOREVER)
        proc = subprocess.Popen([sys.executable, "-c", MINING_FOREVER, str(marker), "ingest",
                                 str(folder), "--db", str(tmp_path / "a.sqlite"), "-j", "2", "-q",
                                 "--timeout", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers = [int(pid) for pid in wait_for_lines(marker, 2, proc)]  # both are mining
        assert set(workers) <= set(_children(proc.pid))
        proc.send_signal(sig)  # SIGKILL: no clean-up in the parent at all
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == (-signal.SIGKILL if sig == signal.SIGKILL else 130), err.decode()
        wait_until(lambda: not any(map(_alive, workers)), 30, "a worker outlived its killed parent")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _signal_handlers() -> tuple:
    return signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _allocate(mb: int) -> int:
    return len(bytearray(mb * 2**20))


def _stuck_in_c(seconds: float) -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as a C library that never returns
    time.sleep(seconds)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_worker_limits_and_signals(monkeypatch):
    previous = signal.signal(signal.SIGTERM, lambda *a: None)  # a parent's own handler
    try:
        with limits.Worker(limits.Limits(timeout=0.3, max_memory_mb=200)) as worker:
            term, intr = worker.call(_signal_handlers)
            assert term == signal.SIG_DFL and intr == signal.SIG_IGN  # not inherited
            assert worker.call(_allocate, 20) == 20 * 2**20
            with pytest.raises(limits.WorkerFailure, match="memory"):
                worker.call(_allocate, 1000)
            with pytest.raises(limits.WorkerFailure, match="--timeout"):
                worker.call(_sleep, 5)
            monkeypatch.setattr(limits, "KILL_GRACE", 0.5)
            with pytest.raises(limits.WorkerFailure, match="--timeout"):
                worker.call(_stuck_in_c, 30)  # killed by the parent
            # the parent waits timeout + KILL_GRACE for an answer: the fresh worker's fork and
            # start are not the task's time, and take longer than 0.8 s on a loaded machine
            monkeypatch.setattr(limits, "KILL_GRACE", 60)
            assert worker.call(_allocate, 1) == 2**20  # a fresh worker goes on
    finally:
        signal.signal(signal.SIGTERM, previous)


def _blocked_signals() -> set:
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, set()))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_a_ctrl_c_during_a_workers_fork_is_not_lost():
    """A signal that arrives while a worker is forked was handled inside an at-fork callback,
    where its KeyboardInterrupt is "Exception ignored": the run went on (an ingest stopped with
    `kill` while forking its workers did). Held over the fork, it is raised after it."""
    from report_miner import limits

    reached = False
    with ctrl_c_reaches_children():  # SIGINT handled here even if pytest runs in the background
        with pytest.raises(KeyboardInterrupt):
            with limits.held_signals():
                os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while the fork is under way
                pid = os.fork()
                if pid == 0:
                    os._exit(0)
                os.waitpid(pid, 0)
                reached = True  # held: the block runs to its end, then the interrupt comes
    assert reached
    assert not _blocked_signals() & {signal.SIGINT, signal.SIGTERM}  # the block is lifted
    with limits.Worker(limits.Limits(timeout=30, max_memory_mb=None)) as worker:
        # the worker inherited the block over its fork and lifted it: SIGTERM ends it
        assert not worker.call(_blocked_signals) & {signal.SIGINT, signal.SIGTERM}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_is_one_line_exit_130_and_no_partial_output(sig, tmp_path):
    (tmp_path / "long.txt").write_text(_huge_line(300_000), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    marker = tmp_path / "mining"
    with ctrl_c_reaches_children():
        # the worker says when it has begun mining, then mines until stopped (MINING_FOREVER):
        # the signal reaches the command while it mines, however loaded the machine is
        proc = subprocess.Popen([sys.executable, "-c", MINING_FOREVER, str(marker), "extract",
                                 str(tmp_path / "long.txt"), "-o", str(out), "--timeout", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        workers = [int(pid) for pid in wait_for_lines(marker, 1, proc)]
        assert set(workers) <= set(_children(proc.pid))
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr and len(stderr.decode().strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob(".out.xlsx*"))
    wait_until(lambda: not any(map(_alive, workers)), 30, "the worker outlived the command")


def test_internal_error_is_exit_3_with_the_traceback_in_a_log(tmp_path, monkeypatch, capsys):
    import report_miner.store.writers as writers

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(writers, "write_tables", broken)
    monkeypatch.setenv("REPORT_MINER_LOG_DIR", str(tmp_path / "logs"))
    assert main(["extract", str(CORPORA / NORMAL[0]), "-o", str(tmp_path / "o.xlsx")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error" in err[0] and "Traceback" not in err[0]
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err[0]
    assert "ZeroDivisionError: a bug" in logs[0].read_text("utf-8")


def test_full_disk_is_one_clean_line_for_every_format(tmp_path):
    def full_disk() -> None:  # writes beyond 4 kB fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4_000, 4_000))

    for out in ("a.xlsx", "csv/", "a.sqlite"):
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        r = subprocess.run([sys.executable, "-m", "report_miner.cli.app", "extract",
                            str(CORPORA / NORMAL[1]),
                            "-o", str(tmp_path / out), "-q"], capture_output=True, env=env,
                           timeout=CHILD_SECONDS, preexec_fn=full_disk)
        assert r.returncode == 2, r.stderr.decode()
        lines = r.stderr.decode("utf-8").strip().splitlines()
        assert len(lines) == 1 and ("cannot write" in lines[0] or "failed" in lines[0]), lines
    assert not (tmp_path / "a.xlsx").exists()


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_output_files_follow_the_umask(mask, tmp_path):
    from report_miner.store.ingest import ingest

    old = os.umask(mask)
    try:
        outs = [tmp_path / "a.xlsx", tmp_path / "csv", tmp_path / "a.sqlite"]
        assert main(["extract", str(CORPORA / NORMAL[0]), *sum((["-o", str(o)] for o in outs), []),
                     "-q"]) == 0
        db = tmp_path / "archive.sqlite"
        ingest([CORPORA / NORMAL[0]], db, jobs=1, progress=False)
        assert main(["export", "--db", str(db), "-o", str(tmp_path / "p.parquet"), "-q"]) == 0
        assert main(["export", "--db", str(db), "-o", str(tmp_path / "e.xlsx"), "-q"]) == 0
        assert main(["review", str(CORPORA / NORMAL[0]), "-o", str(tmp_path / "r"), "-q"]) == 0
    finally:
        os.umask(old)
    files = [outs[0], *outs[1].glob("*.csv"), outs[2], *(tmp_path / "p").glob("*.parquet"),
             tmp_path / "e.xlsx", *(tmp_path / "r").glob("*.html")]
    assert len(files) > 8
    for f in files:
        assert f.stat().st_mode & 0o777 == 0o666 & ~mask, f


def test_unlistable_folder_is_a_row_in_every_command(tmp_path, monkeypatch, capsys):
    """Simulated (root lists any folder): the folder is a failed row, the rest is mined."""
    import report_miner.readers.files as files

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_bytes((CORPORA / NORMAL[0]).read_bytes())
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    db = tmp_path / "o.sqlite"
    assert main(["extract", str(tmp_path), "-o", str(db), "-q"]) == 1
    with sqlite3.connect(db) as con:
        rows = dict(con.execute("select source, status from files").fetchall())
    assert rows == {str(tmp_path / "ok" / "a.txt"): "ok", str(tmp_path / "locked"): "failed"}
    assert main(["audit", str(tmp_path), "--color", "never"]) == 1
    assert main(["compare", str(tmp_path)]) == 1
    assert main(["review", str(tmp_path), "-o", str(tmp_path / "r"), "-q"]) == 1
    assert "locked" in capsys.readouterr().err


def test_ingest_engine_dask_without_dask_is_a_clean_error(tmp_path, monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name.split(".")[0] == "dask" else real(name, *a))
    assert main(["ingest", str(CORPORA), "--db", str(tmp_path / "d"), "--engine", "dask"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'report_miner[dask]'" in err and "Traceback" not in err


def test_compare_charts_into_an_unwritable_folder_is_a_clean_error(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert main(["compare", str(CORPORA / NORMAL[0]), "--charts", str(tmp_path / "afile" / "c")]) == 2
    assert "cannot write the charts" in capsys.readouterr().err


def test_every_help_documents_the_exit_statuses():
    from report_miner.cli.app import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, __import__("argparse")._SubParsersAction))
    for name, command in sub.choices.items():
        text = command.format_help()
        if name != "rules":
            assert "3 internal error" in text and "130" in text, name
    assert "130 interrupted" in parser.format_help()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the patched reader reaches workers by fork")
@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_kills_a_worker_stuck_past_its_alarm(jobs, tmp_path, monkeypatch):
    """A file stuck in C code (the alarm cannot fire) is killed by the parent and fails with
    the time limit as its reason; the run finishes and the other files are stored."""
    import report_miner.store.ingest as ing

    folder = tmp_path / "in"
    folder.mkdir()
    for name in NORMAL:
        (folder / name).write_bytes((CORPORA / name).read_bytes())
    (folder / "stuck.txt").write_text("全镇总人口12000人。", encoding="utf-8")
    original = ing._mine_one

    def mine_one(path, rules_dir, meta, timeout=None):
        if str(path).endswith("stuck.txt"):
            _stuck_in_c(60)
        return original(path, rules_dir, meta, timeout)

    monkeypatch.setattr(ing, "_mine_one", mine_one)
    monkeypatch.setattr(limits, "KILL_GRACE", 0.5)
    db = tmp_path / "a.sqlite"
    started = time.monotonic()
    stats = ing.ingest([folder], db, jobs=jobs, progress=False, timeout=1.0, max_memory_mb=2000)
    assert time.monotonic() - started < 50
    assert (stats.mined, stats.failed) == (len(NORMAL), 1)
    with sqlite3.connect(db) as con:
        status = {Path(p).name: (st, why) for p, st, why in
                  con.execute("select path, status, reason from files")}
    assert status["stuck.txt"][0] == "failed" and "--timeout" in status["stuck.txt"][1]
