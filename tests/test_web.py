"""The audit desk (``report-miner serve``, issue 16), tested as a user meets it: a real server
on a free port of 127.0.0.1, spoken to over HTTP (urllib, no test client), and in the browser
tests a real headless Chromium driven over its DevTools protocol.

Every server a test starts is stopped by its fixture, and the test checks that no worker
process is left behind.
"""
from __future__ import annotations

import http.client
import io
import json
import multiprocessing
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest

from fixtures.signals import ctrl_c_reaches_children, wait_until
from report_miner.web.server import DeskServer

CORPORA = Path(__file__).parent.parent / "corpora"
SEED = CORPORA / "000_69ef0c422dca94cf.txt"
GBK_NAME = "河西镇工作总结.txt"


# ----------------------------------------------------------------------------- helpers

def _multipart(files: list[tuple[bytes | str, bytes]], fields: dict[str, str] | None = None
               ) -> tuple[bytes, str]:
    """A multipart/form-data body with ``files`` in the field ``files``; a file name given
    as bytes is sent as those bytes (as a browser sends a name it cannot encode in UTF-8)."""
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in (fields or {}).items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                  f'{value}\r\n'.encode())
    for name, data in files:
        raw = name if isinstance(name, bytes) else name.encode("utf-8")
        out.write(f"--{boundary}\r\n".encode())
        out.write(b'Content-Disposition: form-data; name="files"; filename="' + raw + b'"\r\n')
        out.write(b"Content-Type: application/octet-stream\r\n\r\n")
        out.write(data)
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def _request(url: str, method: str = "GET", body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=300) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _json(url: str, method: str = "GET", data: dict | None = None, **headers: str):
    body = None if data is None else json.dumps(data).encode()
    h = {"Content-Type": "application/json", **headers} if data is not None else dict(headers)
    status, _h, raw = _request(url, method, body, h)
    return status, json.loads(raw)


def _upload(base: str, files, wait: bool = True, **fields: str):
    body, ctype = _multipart(files, fields)
    status, _h, raw = _request(f"{base}/api/reports" + ("" if wait else "?wait=0"), "POST", body,
                               {"Content-Type": ctype})
    return status, json.loads(raw)


@pytest.fixture
def desk(tmp_path):
    """A desk on a fresh archive, on a free port; stopped afterwards, workers and all."""
    server = DeskServer(str(tmp_path / "archive" / "archive.sqlite"), port=0, quiet=True).start()
    try:
        yield server
    finally:
        server.stop()
    assert multiprocessing.active_children() == []  # no mining worker left running


def _seed_finding(base: str) -> tuple[int, dict]:
    """The seed's 已婚育龄妇女 35024 > 总人口 17364 finding: (report id, finding)."""
    _s, reports = _json(f"{base}/api/reports")
    for rep in reports["reports"]:
        if rep["file"] != SEED.name:
            continue
        _s, found = _json(f"{base}/api/reports/{rep['id']}/findings")
        for f in found["findings"]:
            if f["check"] == "part_exceeds_whole" and "35024人" in f["message_zh"] \
                    and "17364人" in f["message_zh"]:
                return rep["id"], f
    raise AssertionError("the seed's 35024 > 17364 finding is not listed")


# ----------------------------------------------------------------------------- API

def test_web_api_uploads_corpus_marks_a_finding_and_exports_it(desk, tmp_path):
    base = desk.url
    files = sorted(CORPORA.iterdir())
    status, got = _upload(base, [(p.name, p.read_bytes()) for p in files], by="审计员甲")
    assert status == 200
    assert [f["client_name"] for f in got["files"]] == [p.name for p in files]
    assert all(f["status"] == "ok" for f in got["files"]), got["files"]
    assert len(got["reports"]) >= len(files) and len(set(got["reports"])) == len(got["reports"])
    seed_ids = got["files"][[p.name for p in files].index(SEED.name)]["reports"]
    assert len(seed_ids) == 4  # the seed holds four reports

    # stored under the archive's folder by content hash, never by the client's name
    stored = sorted(p.name for p in (tmp_path / "archive" / "uploads").iterdir())
    assert all(re.fullmatch(r"[0-9a-f]{64}\.txt", n) for n in stored), stored
    assert len(stored) == len(files)

    # the list: completeness and finding counts for every report
    _s, listed = _json(f"{base}/api/reports")
    assert sorted(r["id"] for r in listed["reports"]) == sorted(got["reports"])
    seed1 = next(r for r in listed["reports"] if r["id"] == seed_ids[0])
    assert seed1["findings"]["error"] == 43 and seed1["completeness"] == pytest.approx(0.042, abs=0.01)

    rid, finding = _seed_finding(base)
    assert finding["status"] == "open" and finding["severity"] == "error"
    # the list shows it: on the report's error count
    _s, _h, page = _request(f"{base}/reports")
    row = re.search(rf'<tr data-report="{rid}">.*?</tr>', page.decode(), re.S).group(0)
    assert "已婚育龄妇女数(35024人) 大于 总人口(17364人)" in row
    url = f"{base}/api/findings/{finding['id']}"
    # an explanation needs a note, a mark needs a name, a status must be known
    assert _json(url, "PATCH", {"status": "explained", "by": "审计员甲"})[0] == 422
    assert _json(url, "PATCH", {"status": "explained", "note": "x"})[0] == 422
    assert _json(url, "PATCH", {"status": "approved", "note": "x", "by": "a"})[0] == 422
    assert _json(f"{base}/api/findings/999999", "PATCH", {"status": "checked", "by": "a"})[0] == 404
    note = "乡镇回复:35024为全县数字,误填 <b>&"
    status, state = _json(url, "PATCH", {"status": "explained", "note": note, "by": "审计员甲"})
    assert status == 200 and state["status"] == "explained" and state["note"] == note
    assert state["by"] == "审计员甲" and state["at"]

    # kept: read back through the API and the pages
    _s, again = _json(f"{base}/api/reports/{rid}/findings")
    kept = next(f for f in again["findings"] if f["id"] == finding["id"])
    assert (kept["status"], kept["note"], kept["by"]) == ("explained", note, "审计员甲")
    _s, _h, page = _request(f"{base}/reports/{rid}")
    page_text = page.decode()
    assert "乡镇回复:35024为全县数字,误填 &lt;b&gt;&amp;" in page_text and "<b>&" not in page_text
    _s, _h, worklist = _request(f"{base}/findings?status=explained")
    assert "35024人" in worklist.decode() and "已说明" in worklist.decode()

    # the same file again: the same reports, nothing mined twice
    status, again = _upload(base, [("copy-of-seed.txt", SEED.read_bytes())])
    assert again["reports"] == seed_ids
    _s, listed2 = _json(f"{base}/api/reports")
    assert len(listed2["reports"]) == len(listed["reports"])

    # export: the findings with their status, read back
    status, headers, data = _request(f"{base}/export.xlsx")
    assert status == 200 and data[:2] == b"PK"
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book["findings"].iter_rows(values_only=True))
    head = list(rows[0])
    col = {h: head.index(h) for h in ("message_zh", "status", "note", "by", "at", "township")}
    mine = [r for r in rows[1:] if "35024人" in (r[col["message_zh"]] or "")
            and r[head.index("check")] == "part_exceeds_whole"]
    assert len(mine) == 1
    assert (mine[0][col["status"]], mine[0][col["note"]], mine[0][col["by"]]) == \
        ("explained", note, "审计员甲")
    assert sum(1 for r in rows[1:] if r[col["status"]] == "open") == len(rows) - 2
    log = list(book["review_log"].iter_rows(values_only=True))
    assert len(log) == 2 and log[1][log[0].index("status")] == "explained"
    # one report's export
    _s, _h, one = _request(f"{base}/export.xlsx?report={rid}")
    one_rows = list(openpyxl.load_workbook(io.BytesIO(one), read_only=True)["findings"]
                    .iter_rows(values_only=True))
    assert 1 < len(one_rows) < len(rows)


def test_web_reports_list_sorts_and_filters(desk):
    base = desk.url
    _upload(base, [(p.name, p.read_bytes()) for p in sorted(CORPORA.iterdir())])
    _s, _h, page = _request(f"{base}/reports?sort=completeness&dir=desc")
    html = page.decode()
    ids = [int(i) for i in re.findall(r'<tr data-report="(\d+)">', html)]
    _s, listed = _json(f"{base}/api/reports")
    by_id = {r["id"]: r for r in listed["reports"]}
    values = [by_id[i]["completeness"] for i in ids]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True) and len(ids) == len(by_id)
    _s, _h, page = _request(f"{base}/reports?sort=error&dir=desc")
    ids = [int(i) for i in re.findall(r'<tr data-report="(\d+)">', page.decode())]
    errors = [by_id[i]["findings"]["error"] for i in ids]
    assert errors == sorted(errors, reverse=True) and 43 in errors
    kinds = {r["kind"] for r in listed["reports"] if r["kind"]}
    kind = sorted(kinds)[0]
    _s, _h, page = _request(f"{base}/reports?kind={urllib.parse.quote(kind)}")
    ids = [int(i) for i in re.findall(r'<tr data-report="(\d+)">', page.decode())]
    assert ids and all(by_id[i]["kind"] == kind for i in ids)
    assert len(ids) == sum(1 for r in listed["reports"] if r["kind"] == kind)
    _s, _h, page = _request(f"{base}/reports?year=2010")
    ids = [int(i) for i in re.findall(r'<tr data-report="(\d+)">', page.decode())]
    assert ids and all(by_id[i]["year"] == 2010 for i in ids)


def _hostile_files() -> list[tuple[bytes | str, bytes]]:
    broken_docx = io.BytesIO()
    with zipfile.ZipFile(broken_docx, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>不完整")
    junk = bytes(range(256)) * 64
    return [
        ("empty.txt", b""),
        ("junk.pdf", b"%PDF-1.7\n" + junk),
        ("junk.txt", junk),
        ("bad.docx", b"PK\x03\x04" + junk[:300]),
        ("half.docx", broken_docx.getvalue()),
        ("program.exe", b"MZ" + junk[:100]),
        ("../../../escape.txt", "全镇总人口12000人。".encode()),
        ('<img src=x onerror=alert(1)>"&.txt', "全镇辖村,总人口人。".encode()),
        (GBK_NAME.encode("gbk"), (CORPORA / "t02_jihua_shiqiao.txt").read_bytes()),
    ]


def test_web_hostile_uploads_become_rows_with_reasons(desk, tmp_path):
    base = desk.url
    files = _hostile_files()
    status, got = _upload(base, files)
    assert status == 200, got
    rows = got["files"]
    assert len(rows) == len(files)
    by_name = {r["client_name"]: r for r in rows}
    for name in ("empty.txt", "junk.pdf", "bad.docx", "half.docx", "program.exe"):
        assert by_name[name]["status"] == "failed" and by_name[name]["reason"], by_name[name]
    assert "空文件" in by_name["empty.txt"]["reason"]
    assert "不支持" in by_name["program.exe"]["reason"]
    assert by_name["escape.txt"]["status"] == "ok"  # the path part is dropped, the name kept
    assert all(r["status"] in ("ok", "failed") for r in rows)
    gbk = [r for r in rows if "河西镇" in r["client_name"] or "\\x" in r["client_name"]
           or "\ufffd" in r["client_name"]]
    assert len(gbk) == 1 and gbk[0]["status"] == "ok" and gbk[0]["reports"]

    # nothing written outside the uploads folder, nothing named by the client
    archive = tmp_path / "archive"
    assert sorted(p.name for p in archive.iterdir() if p.is_dir()) == ["uploads"]
    for p in (archive / "uploads").iterdir():
        assert re.fullmatch(r"[0-9a-f]{64}\.(txt|pdf|docx)", p.name), p.name
    assert not (tmp_path / "escape.txt").exists()

    # the pages list every unreadable file with its reason, names escaped, no server error
    for url in ("/reports", "/findings", f"/uploads/{got['batch']}", "/export.xlsx"):
        status, _h, page = _request(base + url)
        assert status == 200, url
        if url != "/export.xlsx":
            text = page.decode()
            assert "<img src=x" not in text
    _s, _h, page = _request(base + "/reports")
    text = page.decode()
    assert "empty.txt" in text and "空文件" in text and "junk.pdf" in text
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;&amp;.txt" in text
    # the database is an archive still: ingest can go on with it
    with sqlite3.connect(archive / "archive.sqlite") as con:
        statuses = dict(con.execute("select status, count(*) from files group by status"))
    assert statuses.get("failed", 0) >= 3 and statuses.get("ok", 0) >= 3


def test_web_guard_refuses_other_hosts_cross_site_requests_and_big_uploads(tmp_path):
    server = DeskServer(str(tmp_path / "a.sqlite"), port=0, quiet=True, max_upload_mb=0.05).start()
    try:
        base = server.url
        status, headers, _b = _request(base + "/reports")
        assert status == 200
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        # DNS rebinding: a page of another name reaching 127.0.0.1
        assert _request(base + "/api/reports", headers={"Host": "evil.example"})[0] == 421
        # CSRF: another site's page posting or patching
        body, ctype = _multipart([("a.txt", "全镇总人口12000人。".encode())])
        assert _request(base + "/api/reports", "POST", body,
                        {"Content-Type": ctype, "Origin": "http://evil.example"})[0] == 403
        assert _request(base + "/api/reports", "POST", body,
                        {"Content-Type": ctype, "Sec-Fetch-Site": "cross-site"})[0] == 403
        assert _request(base + "/api/findings/1", "PATCH", b'{"status": "checked"}',
                        {"Content-Type": "text/plain"})[0] == 415
        assert _request(base + "/api/reports", "POST", body,
                        {"Content-Type": ctype, "Origin": base})[0] == 200
        # too large: refused by its Content-Length, and while it streams without one
        big, ctype = _multipart([("big.txt", "全".encode() * 40_000)])
        status, _h, raw = _request(base + "/api/reports", "POST", big, {"Content-Type": ctype})
        assert status == 413 and "上传文件过大" in json.loads(raw)["error"]
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        conn.putrequest("POST", "/api/reports")
        conn.putheader("Content-Type", ctype)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        try:
            for i in range(0, len(big), 8192):
                piece = big[i:i + 8192]
                conn.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            conn.send(b"0\r\n\r\n")
        except OSError:
            pass  # the server may close the connection once it has refused
        assert conn.getresponse().status == 413
        conn.close()
        # no files field, not multipart, bad year
        assert _request(base + "/api/reports", "POST", b"x=1",
                        {"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
        empty, ctype = _multipart([], {"township": "甲镇"})
        assert _request(base + "/api/reports", "POST", empty, {"Content-Type": ctype})[0] == 400
        body, ctype = _multipart([("a.txt", "全镇总人口12000人。".encode())], {"year": "12345"})
        assert _request(base + "/api/reports", "POST", body, {"Content-Type": ctype})[0] == 400
        assert _request(base + "/reports/424242")[0] == 404
        assert _request(base + "/api/reports/424242/findings")[0] == 404
    finally:
        server.stop()
    assert multiprocessing.active_children() == []


def test_web_folder_metadata_and_ingested_files_show_up(tmp_path):
    """Reports ingested from the command line appear in the desk; the township and year
    typed on the upload form fill the reports' columns."""
    from report_miner.store.ingest import ingest

    db = tmp_path / "a.sqlite"
    ingest([CORPORA / "t01_zongjie_hexi.txt"], db, jobs=1, progress=False)
    server = DeskServer(str(db), port=0, quiet=True).start()
    try:
        _s, listed = _json(server.url + "/api/reports")
        assert [r["file"] for r in listed["reports"]] == ["t01_zongjie_hexi.txt"]
        status, got = _upload(server.url, [("x.txt", "全镇辖村,总人口人。".encode())],
                              township="石桥镇", year="2021")
        rid = got["reports"][0]
        _s, listed = _json(server.url + "/api/reports")
        new = next(r for r in listed["reports"] if r["id"] == rid)
        assert new["township"] == "石桥镇" and new["year"] == 2021
        _s, _h, page = _request(server.url + f"/reports/{listed['reports'][0]['id']}")
        assert "t01_zongjie_hexi.txt" in page.decode()
    finally:
        server.stop()


# ----------------------------------------------------------------------------- command line

def _serve(*args: str, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    with ctrl_c_reaches_children():  # as from a terminal, even when pytest runs in the background
        return subprocess.Popen([sys.executable, "-m", "report_miner.cli.app", "serve", *args],
                                cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def test_web_serve_command_starts_answers_and_stops_with_ctrl_c(tmp_path):
    proc = _serve("--db", "desk.sqlite", "--port", "0", "-q", cwd=tmp_path)
    try:
        line = proc.stderr.readline().decode()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert m, line
        base = f"http://127.0.0.1:{m.group(1)}"
        status, _h, page = _request(base + "/upload")
        assert status == 200 and "Drop report files here" in page.decode()
        # the form without JavaScript: posted, then a progress page
        body, ctype = _multipart([(SEED.name, SEED.read_bytes())])
        req = urllib.request.Request(base + "/upload", data=body, method="POST",
                                     headers={"Content-Type": ctype})
        with urllib.request.urlopen(req, timeout=120) as resp:  # follows the 303
            assert "/uploads/" in resp.url and SEED.name in resp.read().decode()
            batch = resp.url.rsplit("/", 1)[1]
        deadline = time.monotonic() + 240
        while not _json(f"{base}/api/uploads/{batch}")[1]["done"]:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        _s, _h, page = _request(f"{base}/uploads/{batch}")
        assert "全部完成 all done" in page.decode() and "/reports/1" in page.decode()
        workers = _children(proc.pid)
        assert workers or not Path("/proc").is_dir()  # the mining worker is running
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert "已停止" in err.decode() and "Traceback" not in err.decode()
    assert (tmp_path / "desk.sqlite").exists()

    def left() -> list[int]:
        out = []
        for pid in workers:
            try:
                if "zombie" not in Path(f"/proc/{pid}/status").read_text().lower():
                    out.append(pid)
            except OSError:  # gone
                pass
        return out

    # the worker processes end with the server (multiprocessing's resource tracker a moment
    # after it: it ends when it reads the end of its pipe from the server)
    wait_until(lambda: left() == [], 30, f"processes outlived the server: {left()}")


def _children(pid: int) -> list[int]:
    """Process ids of ``pid``'s children (Linux /proc; none elsewhere)."""
    out: list[int] = []
    if not Path(f"/proc/{pid}/task").is_dir():
        return out
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(t) for t in text]
    return out


def test_web_serve_command_refuses_bad_options_with_status_2(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        return subprocess.run([sys.executable, "-m", "report_miner.cli.app", "serve", *args],
                              cwd=tmp_path, capture_output=True, env=env, timeout=120)

    r = run("--port", "70000")
    assert r.returncode == 2 and "0-65535" in r.stderr.decode()
    r = run("--db", str(tmp_path), "--port", "0")
    assert r.returncode == 2 and "folder" in r.stderr.decode()
    not_archive = tmp_path / "x.sqlite"
    with sqlite3.connect(not_archive) as con:
        con.execute("create table files (source text, status text)")
    r = run("--db", str(not_archive), "--port", "0")
    assert r.returncode == 2 and "not an ingest archive" in r.stderr.decode()
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        r = run("--db", "a.sqlite", "--port", str(busy.getsockname()[1]))
    assert r.returncode == 2 and "cannot listen" in r.stderr.decode()
    for out in (r.stdout, r.stderr):
        assert b"Traceback" not in out
    r = run("--help")
    assert r.returncode == 0 and b"report-miner serve --db" in r.stdout and b"exit status" in r.stdout


# ----------------------------------------------------------------------------- real browser

def _chromium() -> str:
    import shutil

    exe = (os.environ.get("RM_CHROMIUM") or shutil.which("chromium")
           or shutil.which("chromium-browser") or shutil.which("google-chrome"))
    if exe:
        return exe
    msg = ("headless Chromium not found: the browser tests need Debian's chromium package "
           "(apt-get install -y chromium; .ci/run installs it when missing), or RM_CHROMIUM")
    if os.environ.get("CI"):
        pytest.fail(msg)
    pytest.skip(msg)


def _rows(page) -> list[str]:
    return page.eval("Array.from(document.querySelectorAll('#progress-rows tr'))"
                     ".map(function (tr) { return tr.innerText; })")


def test_web_browser_upload_by_form_and_drop_then_mark_explained_and_reload(desk, tmp_path):
    from fixtures.devtools import Chromium

    exe = _chromium()
    corpus = sorted(CORPORA.iterdir())
    chosen, dropped = corpus[: len(corpus) // 2], corpus[len(corpus) // 2:]
    junk = tmp_path / "扫描件.pdf"
    junk.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    with Chromium(exe, tmp_path / "profile") as browser:
        page = browser.page()
        page.goto(desk.url + "/upload")
        # the reviewer types a name once; it is kept by the browser
        page.eval("document.getElementById('desk-user').focus()")
        page.call("Input.insertText", text="审计员乙")

        # files chosen in the form's file input are mined in the background, with progress
        page.set_files("#files", chosen)
        page.eval("document.getElementById('upload-submit').click()")
        page.wait_for("document.body.dataset.uploadDone === '1'")
        rows = _rows(page)
        assert len(rows) == len(chosen)
        assert all("完成 ok" in r and "报告 report" in r for r in rows), rows
        assert page.eval("document.getElementById('progress-bar').style.width") == "100%"

        # files dropped on the drop zone, an unreadable one among them: a row with its reason
        page.drop_files("#drop", dropped + [junk])
        page.wait_for("document.body.dataset.uploadDone === '1' && "
                      f"document.querySelectorAll('#progress-rows tr').length === {len(dropped) + 1}")
        rows = _rows(page)
        bad = [r for r in rows if "扫描件.pdf" in r]
        assert len(bad) == 1 and "失败 failed" in bad[0] and "无法读取 unreadable:" in bad[0]
        assert sum("完成 ok" in r for r in rows) == len(dropped)

        # the list has every report; the work list shows the seed's 35024 > 17364 finding
        _s, listed = _json(desk.url + "/api/reports")
        page.goto(desk.url + "/reports")
        assert page.eval("document.querySelectorAll('tr[data-report]').length") == \
            len(listed["reports"])
        assert "扫描件.pdf" in page.eval("document.querySelector('table.failed').innerText")
        rid, finding = _seed_finding(desk.url)
        tip = page.eval(f"document.querySelector('tr[data-report=\"{rid}\"] a.sev-error').title")
        assert "已婚育龄妇女数(35024人) 大于 总人口(17364人)" in tip
        page.goto(desk.url + "/findings?check=part_exceeds_whole")
        text = page.eval("document.querySelector('table.findings').innerText")
        assert "已婚育龄妇女数(35024人) 大于 总人口(17364人)" in text

        # mark it explained with a note on the report's review page
        rid, finding = _seed_finding(desk.url)
        page.goto(f"{desk.url}/reports/{rid}")
        box = f"document.getElementById('fd-{finding['id']}')"
        assert page.eval(f"{box}.dataset.status") == "open"
        assert page.eval("document.getElementById('desk-user').value") == "审计员乙"
        page.eval(f"{box}.querySelector('button[data-set=explained]').click()")
        assert page.eval(f"{box}.querySelector('.editor').hidden") is False
        page.eval(f"{box}.querySelector('textarea').focus()")
        page.call("Input.insertText", text="乡镇说明:35024为全县已婚育龄妇女数,已更正")
        page.eval(f"{box}.querySelector('.save').click()")
        page.wait_for(f"{box}.dataset.status === 'explained'")

        # reload: the status, the note, who and when are kept (in the archive)
        page.reload()
        state = page.eval(f"[{box}.dataset.status, {box}.querySelector('.st').innerText, "
                          f"{box}.querySelector('.note').innerText, "
                          f"{box}.querySelector('.who-at').innerText]")
        assert state[:3] == ["explained", "已说明", "乡镇说明:35024为全县已婚育龄妇女数,已更正"]
        assert state[3].startswith("审计员乙 · 20")
        # the review page is the review page: the text with its highlighted figures
        assert page.eval("document.querySelectorAll('#text .fig').length") > 10
        page.screenshot(tmp_path / "desk.png")
    assert (tmp_path / "desk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_web_guard_host_check_with_every_address_open():
    from report_miner.web.app import Guard

    only_here = Guard(None, {"127.0.0.1:8000", "localhost:8000"}, 10, Path("x.log"))
    assert only_here.host_ok("127.0.0.1:8000") and only_here.host_ok("LOCALHOST:8000")
    assert not only_here.host_ok("192.168.1.5:8000") and not only_here.host_ok("evil.example")
    everywhere = Guard(None, {"127.0.0.1:8000"}, 10, Path("x.log"), any_ip=True)
    assert everywhere.host_ok("192.168.1.5:8000") and everywhere.host_ok("[fe80::1]:8000")
    assert not everywhere.host_ok("rebind.evil.example:8000")  # a name is never enough


def test_web_templates_mark_nothing_safe_and_ship_as_package_data():
    import importlib.resources
    import tomllib

    folder = importlib.resources.files("report_miner.web") / "templates"
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert {"desk_base.html", "desk_report.html", "desk_reports.html", "desk_upload.html",
            "desk_findings.html", "desk_batch.html"} <= set(names)
    for name in names:
        src = (folder / name).read_text("utf-8")
        assert not re.search(r"\|\s*safe|Markup|autoescape\s+false|\bfrom_string\b", src), name
    js = (importlib.resources.files("report_miner.web") / "static" / "desk.js").read_text("utf-8")
    assert "innerHTML" not in js and "http" not in js.replace("XMLHttpRequest", "")  # no CDN
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert "report_miner.web" in setuptools["packages"]
    assert {"templates/*", "static/*"} <= set(setuptools["package-data"]["report_miner.web"])
    deps = " ".join(pyproject["project"]["dependencies"]).lower()
    assert all(d in deps for d in ("starlette", "uvicorn", "python-multipart"))


def test_web_findings_work_list_marks_findings_in_place(desk, tmp_path):
    from fixtures.devtools import Chromium

    exe = _chromium()
    _upload(desk.url, [(SEED.name, SEED.read_bytes())])
    rid, finding = _seed_finding(desk.url)
    with Chromium(exe, tmp_path / "profile") as browser:
        page = browser.page()
        page.goto(desk.url + "/findings?severity=error")
        page.eval("document.getElementById('desk-user').focus()")
        page.call("Input.insertText", text="审计员丙")
        box = f"document.getElementById('fd-{finding['id']}')"
        page.eval(f"{box}.querySelector('button[data-set=returned]').click()")
        page.eval(f"{box}.querySelector('textarea').focus()")
        page.call("Input.insertText", text="请乡镇核实已婚育龄妇女数")
        page.eval(f"{box}.querySelector('.save').click()")
        page.wait_for(f"{box}.dataset.status === 'returned'")
        # the link leads to the finding on its report's page
        href = page.eval(f"{box}.closest('tr').querySelector('a').getAttribute('href')")
        page.goto(desk.url + href)
        assert page.eval("location.hash.length > 1 && document.querySelector(location.hash)"
                         f".contains(document.getElementById('fd-{finding['id']}'))")
        assert page.eval(f"{box}.querySelector('.note').innerText") == "请乡镇核实已婚育龄妇女数"
    _s, again = _json(f"{desk.url}/api/reports/{rid}/findings")
    kept = next(f for f in again["findings"] if f["id"] == finding["id"])
    assert (kept["status"], kept["by"]) == ("returned", "审计员丙")


def test_web_serve_internal_error_is_one_line_and_status_3(tmp_path, monkeypatch, capsys):
    import argparse

    from report_miner.cli.serve import add_parsers
    from report_miner.web import server

    class Broken:
        def __init__(self, *a, **k):
            raise RuntimeError("a bug, not the user's fault")

    monkeypatch.setattr(server, "DeskServer", Broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    parser = argparse.ArgumentParser(prog="report-miner")
    add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "--db", str(tmp_path / "a.sqlite"), "--port", "0"])
    assert args.func(args) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    log = Path(re.search(r"details in (\S+)", err).group(1))
    assert "a bug, not the user's fault" in log.read_text("utf-8")


def test_web_uploads_left_unfinished_are_mined_when_the_desk_starts_again(tmp_path):
    db = tmp_path / "a.sqlite"
    server = DeskServer(str(db), port=0, quiet=True).start()
    server.stop()
    # as a desk stopped while mining leaves it: stored, its row still "mining"
    stored = tmp_path / "uploads" / ("0" * 64 + ".txt")
    stored.parent.mkdir()
    stored.write_bytes(SEED.read_bytes())
    import hashlib

    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO desk_uploads (batch, client_name, sha256, size, path, status) "
                    "VALUES ('b1', ?, ?, ?, ?, 'mining')",
                    (SEED.name, hashlib.sha256(SEED.read_bytes()).hexdigest(),
                     stored.stat().st_size, str(stored)))
    server = DeskServer(str(db), port=0, quiet=True).start()
    try:
        deadline = time.monotonic() + 240
        while not _json(f"{server.url}/api/uploads/b1")[1]["done"]:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        _s, got = _json(f"{server.url}/api/uploads/b1")
        assert got["files"][0]["status"] == "ok" and len(got["files"][0]["reports"]) == 4
    finally:
        server.stop()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX users")
def test_web_serve_refuses_an_archive_it_cannot_write_and_says_what_to_do(tmp_path):
    """Owner's choice: an archive handed over read-only is refused, not opened as a viewer;
    the refusal says why and the two ways on (a writable copy, or export), in both languages."""
    import shutil
    import tempfile

    from report_miner.store.ingest import ingest

    kw: dict = {}
    if os.geteuid() == 0:  # root writes anywhere: run the command as nobody
        for parent in Path(__file__).resolve().parents:
            if not os.stat(parent).st_mode & 0o001:
                pytest.skip(f"{parent} is closed to other users")
        kw = {"user": 65534, "group": 65534, "extra_groups": []}
    base = Path(tempfile.mkdtemp(prefix="rm-desk-readonly-"))
    try:
        base.chmod(0o755)
        shelf = base / "shelf"
        shelf.mkdir()
        db = shelf / "archive.sqlite"
        ingest([SEED], db, jobs=1, progress=False)
        db.chmod(0o444)
        shelf.chmod(0o555)
        before = sorted(p.name for p in shelf.iterdir())
        env = dict(os.environ, PYTHONIOENCODING="utf-8", HOME=str(base),
                   PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        r = subprocess.run([sys.executable, "-m", "report_miner.cli.app", "serve", "--db", str(db),
                            "--port", "0", "-q"], capture_output=True, timeout=300, env=env, **kw)
        err = r.stderr.decode()
        assert r.returncode == 2, err
        assert "cannot write the archive" in err and "read-only" in err        # why
        assert "Copy it to a folder you can write" in err and "report-miner export --db" in err
        assert "审核台无法写入档案库" in err and "复制到可写的文件夹" in err        # 中文 too
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert sorted(p.name for p in shelf.iterdir()) == before                 # nothing left
    finally:
        for p in [base, *base.rglob("*")]:
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_web_serve_names_a_read_only_folder_or_uploads_folder(tmp_path, monkeypatch):
    from report_miner.cli import serve

    db = tmp_path / "a.sqlite"
    db.write_bytes(b"")
    (tmp_path / "uploads").mkdir()
    assert serve.unwritable_archive(str(db)) is None
    real = os.access
    for closed, said in ((tmp_path, "its folder is read-only"),
                         (tmp_path / "uploads", "uploads/ folder beside it is read-only")):
        monkeypatch.setattr(os, "access",
                            lambda p, mode, closed=closed: False if Path(p) == closed else real(p, mode))
        msg = serve.unwritable_archive(str(db))
        assert msg and said in msg and "report-miner export" in msg and "审核台" in msg
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == tmp_path else real(p, mode))
    assert "cannot create the archive" in serve.unwritable_archive(str(tmp_path / "new.sqlite"))
    # a read-only file system, told by SQLite when the desk opens it: the same advice
    assert "Copy it to a folder" in serve.unwritable_archive(str(db), "attempt to write a readonly database")
