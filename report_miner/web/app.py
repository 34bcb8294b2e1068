"""The audit desk: a Starlette application on an ingest archive.

Pages (HTML from the Jinja2 templates in ``report_miner/web/templates/``, autoescaped; the
report page extends the static review page of :mod:`report_miner.render`)::

    GET  /                      → /reports
    GET  /upload                upload form: drop several files, watch them being mined
    POST /upload                the same without JavaScript (→ /uploads/BATCH)
    GET  /uploads/BATCH         one batch: each file queued / mining / ok / failed + reason
    GET  /reports               the reports, sortable and filterable
    GET  /reports/ID            one report's review page, with a status on every finding
    GET  /findings              every finding, filterable (the auditor's work list)
    GET  /export.xlsx           the findings with their status (?report=ID for one report)

JSON API::

    POST  /api/reports                  multipart field ``files`` (repeatable); optional
                                        fields township, year, by; ``?wait=0`` returns at
                                        once (202) with a progress URL instead of the ids
    GET   /api/reports                  reports with completeness and finding counts
    GET   /api/reports/ID/findings      findings of a report with their review state
    PATCH /api/findings/ID              JSON {"status": "checked" | "explained" | "returned"
                                        | "open", "note": "…", "by": "name"}
    GET   /api/uploads/BATCH            progress of an upload batch

Safety: requests whose ``Host`` is not one the desk serves are refused (DNS rebinding); a
POST or PATCH from a page of another origin (``Origin``/``Sec-Fetch-Site`` say so) is refused
(CSRF), and PATCH needs ``Content-Type: application/json``, which a cross-site form cannot
send; request bodies over the upload limit are refused with 413 while they arrive; every
page carries a Content-Security-Policy allowing only its own scripts. Uploaded files are
stored as ``uploads/<sha256><suffix>`` beside the archive; the client's file name is kept
only as text in ``desk_uploads``.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import traceback
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode

from ..analysis.township_order import township_key
from . import deskdb
from .deskdb import STATUSES, DeskError

log = logging.getLogger("report_miner.web")

#: default limit of one upload request (all its files together).
DEFAULT_MAX_UPLOAD_MB = 200
#: most files one upload request may carry.
MAX_FILES = 500
#: sort keys of the reports list.
SORT_KEYS = ("id", "township", "year", "kind", "title", "file", "completeness", "error",
             "warning", "info", "open")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'")


def clean_client_name(name: Any) -> str:
    """The client's file name as metadata: its last path part, control and direction
    characters removed, at most 200 characters; ``"(no name)"`` when nothing is left.

    >>> clean_client_name("../../etc/passwd")
    'passwd'
    >>> clean_client_name("C:\\\\报告\\\\河西镇\\u202e.txt")
    '河西镇.txt'
    """
    text = _undo_latin1(str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _CONTROL.sub("", text).strip()
    return text[:200] or "(no name)"


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _undo_latin1(name: str) -> str:
    """A file name the browser sent in GBK/GB18030 (a Windows archive's), which the multipart
    parser could only decode as Latin-1 ("ºÓÎ÷Õò…"), read back as the Chinese it was; any
    other name is returned as it is.

    >>> _undo_latin1("河西镇.txt".encode("gbk").decode("latin-1"))
    '河西镇.txt'
    >>> _undo_latin1("café.txt"), _undo_latin1("报告.txt")
    ('café.txt', '报告.txt')
    """
    if not any("\x80" <= c <= "\xff" for c in name) or any(c > "\xff" for c in name):
        return name
    try:
        decoded = name.encode("latin-1").decode("gb18030")
    except UnicodeError:
        return name
    return decoded if _CJK.search(decoded) else name


class _TooLarge(Exception):
    pass


class Desk:
    """What the desk's routes share: the archive connection (used under a lock), the
    background miner, the upload folder and limits, the templates."""

    def __init__(self, db: str | os.PathLike[str], rules_dir: str | None = None, *,
                 max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1_000_000, jobs: int = 1,
                 timeout: float | None = None, start_miner: bool = True):
        from ..readers.load import INPUT_SUFFIXES
        from ..store.ingest import DEFAULT_TIMEOUT
        from .miner import Miner

        self.db = str(Path(db).resolve())
        self.rules_dir = rules_dir
        self.uploads = Path(self.db).parent / "uploads"
        self.max_upload_bytes = max_upload_bytes
        self.suffixes = INPUT_SUFFIXES
        self.conn = deskdb.open_desk(self.db)
        self.lock = threading.RLock()
        self.log_path = Path(self.db).parent / "report-miner-serve.log"
        self.miner = Miner(self.db, rules_dir, jobs=jobs,
                           timeout=DEFAULT_TIMEOUT if timeout is None else timeout) \
            if start_miner else None
        self._texts: OrderedDict[tuple[str, str], str] = OrderedDict()

    def close(self) -> None:
        if self.miner is not None:
            self.miner.close()
        with self.lock:
            self.conn.close()

    def q(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """Run ``fn(conn, …)`` on the archive under the lock."""
        with self.lock:
            return fn(self.conn, *args, **kw)

    def text_of(self, source: str) -> str | None:
        """The text of a stored file as loaded (what the offsets refer to), cached; None
        when the file cannot be read any more (moved, deleted)."""
        from ..errors import LoadError
        from ..readers.load import read_document

        sha = self.q(lambda c: (c.execute("SELECT sha256 FROM files WHERE path = ?",
                                          (source,)).fetchone() or [""])[0])
        key = (source, sha or "")
        if key in self._texts:
            self._texts.move_to_end(key)
            return self._texts[key]
        try:
            text = read_document(source).text
        except (LoadError, OSError):
            return None
        self._texts[key] = text
        while len(self._texts) > 16:
            self._texts.popitem(last=False)
        return text

    # -- uploads ---------------------------------------------------------------------------

    def store_upload(self, batch: str, name: str, chunks: Any, meta: dict[str, Any],
                     by: str) -> int:
        """Store one uploaded file under ``uploads/<sha256><suffix>`` and record it; return its
        desk_uploads id. A file that cannot be taken (empty, unsupported type) gets a row with
        status failed and the reason; nothing is stored for it."""
        suffix = os.path.splitext(name)[1].lower()
        at = deskdb.now()
        base = dict(batch=batch, client_name=name, uploaded_by=by, uploaded_at=at,
                    township=meta.get("township"), year=meta.get("year"))
        if suffix not in self.suffixes:
            reason = (f"unsupported file type / 不支持的文件类型 ({suffix or 'no suffix 无后缀'}); "
                      f"supported 支持: {' '.join(self.suffixes)}")
            return self._insert(base, status="failed", reason=reason)
        self.uploads.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=self.uploads, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if size == 0:
                os.unlink(tmp)
                return self._insert(base, status="failed", reason="empty file / 空文件 (0 bytes)")
            sha = digest.hexdigest()
            final = self.uploads / f"{sha}{suffix}"
            os.replace(tmp, final)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        uid = self._insert(base, sha256=sha, size=size, path=str(final), status="queued",
                           reason="")
        if self.miner is not None:
            self.miner.submit(uid)
        return uid

    def _insert(self, row: dict[str, Any], **more: Any) -> int:
        row = {**row, **more}
        cols = ", ".join(row)
        with self.lock:
            cur = self.conn.execute(f"INSERT INTO desk_uploads ({cols}) VALUES "
                                    f"({', '.join('?' * len(row))})", list(row.values()))
            return int(cur.lastrowid)


# --------------------------------------------------------------------------------------------
# templates


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    """The desk's Jinja2 environment: its own templates first, then the review pages' (which
    the report page extends); autoescaping and the review pages' escaping finalizer."""
    import jinja2

    from ..render.review_html import _escape
    from ..render.review_model import BLANK_KINDS, SEVERITIES

    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader("report_miner.web", "templates"),
                                    jinja2.PackageLoader("report_miner.render", "templates")]),
        autoescape=True, finalize=_escape, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(blank_kinds=BLANK_KINDS, severities=list(SEVERITIES), statuses=STATUSES,
                       severity_labels=SEVERITIES)
    return env


#: SQLite's largest integer: a longer number in a URL names no row (a 404), rather than an
#: OverflowError when it is bound to a query (a 500)
MAX_ROW_ID = 2**63 - 1


def _render(name: str, status_code: int = 200, **context: Any) -> Any:
    from starlette.responses import HTMLResponse

    html = environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code)


def _json(data: Any, status_code: int = 200) -> Any:
    from starlette.responses import Response

    body = json.dumps(data, ensure_ascii=False, default=str)
    return Response(body, status_code=status_code, media_type="application/json")


def _error(status_code: int, message: str) -> Any:
    return _json({"error": message}, status_code)


# --------------------------------------------------------------------------------------------
# the ASGI guard: hosts, same origin, body size, headers


class Guard:
    """ASGI middleware: Host check, same-origin check for unsafe methods, upload size
    limit, security headers (see the module docstring)."""

    def __init__(self, app: Any, hosts: set[str], max_body: int, log_path: Path,
                 any_ip: bool = False, limit: int | None = None):
        self.app, self.hosts, self.max_body, self.log_path = app, hosts, max_body, log_path
        self.any_ip = any_ip  # listening on every address: any IP literal may be the Host
        # the limit the user set (--max-upload-mb), named in the refusal; max_body adds room
        # for the multipart headers around the files
        self.limit = max_body if limit is None else limit

    def host_ok(self, host: str) -> bool:
        """Is ``host`` (a Host header) one of the desk's own addresses? A name that only
        resolves here (DNS rebinding) is not; with ``--host 0.0.0.0``, any IP address is."""
        host = host.lower()
        if host in self.hosts:
            return True
        if not self.any_ip:
            return False
        import ipaddress

        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return True

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if not self.host_ok(host):
            await _send_plain(send, 421, "unknown host / 未知主机: the desk answers only on "
                                         "its own address")
            return
        method = scope["method"]
        if method not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site")
            if (origin is not None and origin.lower() != f"http://{host.lower()}") or \
                    (site is not None and site not in ("same-origin", "none")):
                await _send_plain(send, 403, "cross-site request refused / 拒绝跨站请求")
                return
            length = headers.get("content-length")
            if (length is not None and length.isascii() and length.isdigit()
                    and int(length) > self.max_body):
                await _send_plain(send, 413, _too_large(self.limit))
                return
        received = 0
        max_body = self.max_body

        async def counted_receive() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_body:
                    raise _TooLarge
            return message

        started = False

        async def send_with_headers(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [(b"content-security-policy", _CSP.encode()),
                         (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"same-origin"),
                         (b"x-frame-options", b"DENY"),
                         (b"cache-control", b"no-store")]
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + \
                    [(k, v) for k, v in extra if k not in names]
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await _send_plain(send, 413, _too_large(self.limit))
        except Exception:  # the last net: one line for the user, the traceback in the log
            where = _log_traceback(self.log_path)
            if not started:
                await _send_plain(send, 500, f"internal error / 内部错误 (details in {where})")


def _too_large(limit: int) -> str:
    return (f"upload too large / 上传文件过大: the limit is {limit / 1e6:g} MB per request "
            f"(--max-upload-mb)")


def _log_traceback(path: Path) -> str:
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {deskdb.now()}\n{traceback.format_exc()}\n")
        return str(path)
    except OSError:
        log.exception("desk: internal error")
        return "the server's log"


async def _send_plain(send: Any, status: int, text: str) -> None:
    body = json.dumps({"error": text}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"content-security-policy", _CSP.encode()),
                            (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})


# --------------------------------------------------------------------------------------------
# the application


def create_app(db: str | os.PathLike[str], rules_dir: str | None = None, *,
               host: str = "127.0.0.1", port: int = 8000,
               max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1_000_000, jobs: int = 1,
               timeout: float | None = None, extra_hosts: tuple[str, ...] = ()) -> Any:
    """The desk as an ASGI application on archive ``db`` (created if missing).

    ``host``/``port`` are where it will be served (the Host headers it accepts: that address,
    and localhost / 127.0.0.1 / [::1] with the port). ``app.desk`` holds the :class:`Desk`; the background miner stops when the application shuts down.
    """
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    desk = Desk(db, rules_dir, max_upload_bytes=max_upload_bytes, jobs=jobs, timeout=timeout)
    routes = _routes(desk)
    static = Path(__file__).parent / "static"
    routes.append(Mount("/static", app=StaticFiles(directory=str(static)), name="static"))

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        try:
            yield
        finally:
            desk.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.desk = desk
    hosts = {f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]")}
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    hosts.add(f"{shown}:{port}".lower())
    hosts.update(h.lower() for h in extra_hosts)
    # a body a little over the file limit still fits the multipart headers around the files
    guard = Guard(app, hosts, max_upload_bytes + 64_000, desk.log_path,
                  any_ip=host.strip("[]") in ("0.0.0.0", "::"), limit=max_upload_bytes)
    guard.desk = desk  # type: ignore[attr-defined]
    return guard


def _routes(desk: Desk) -> list[Any]:
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile
    from starlette.requests import Request
    from starlette.responses import RedirectResponse, Response
    from starlette.routing import Route

    async def read_upload(request: Request) -> tuple[str, list[int]] | Any:
        """Store the files of a multipart request; (batch, upload ids) or an error response."""
        ctype = request.headers.get("content-type", "")
        if not ctype.startswith("multipart/form-data"):
            return _error(415, "send the files as multipart/form-data in the field `files` / "
                               "请以 multipart/form-data 上传 (字段 files)")
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=50)
        except _TooLarge:  # the body grew past the limit while it arrived (no Content-Length)
            return _error(413, _too_large(desk.max_upload_bytes))
        except Exception as exc:  # a malformed multipart body, too many files
            return _error(400, f"cannot read the upload / 无法读取上传内容: {exc}")
        try:
            meta: dict[str, Any] = {}
            township = clean_client_name(form.get("township") or "") if form.get("township") \
                else ""
            if township and township != "(no name)":
                meta["township"] = township[:60]
            year = str(form.get("year") or "").strip()
            if year:
                if not (year.isascii() and year.isdigit() and 1900 <= int(year) <= 2100):
                    return _error(400, f"year must be a year between 1900 and 2100 / 年份无效: "
                                       f"{year[:20]!r}")
                meta["year"] = int(year)
            by = " ".join(str(form.get("by") or request.cookies.get("desk_user") or "")
                          .split())[:deskdb.MAX_NAME]
            files = form.getlist("files")
            if not files:
                return _error(400, "no files: send them in the multipart field `files` / "
                                   "没有收到文件 (字段 files)")
            batch = uuid.uuid4().hex[:16]
            ids = []
            for item in files:
                if not isinstance(item, UploadFile):
                    ids.append(await run_in_threadpool(
                        desk._insert, dict(batch=batch, client_name="(text field)",
                                           uploaded_by=by, uploaded_at=deskdb.now()),
                        status="failed", reason="not a file: the field `files` held text / "
                                                "不是文件"))
                    continue
                name = clean_client_name(item.filename)
                ids.append(await run_in_threadpool(desk.store_upload, batch, name,
                                                   _chunks(item.file), meta, by))
            return batch, ids
        finally:
            await form.close()

    async def api_post_reports(request: Request) -> Any:
        got = await read_upload(request)
        if not isinstance(got, tuple):
            return got
        batch, ids = got
        wait = request.query_params.get("wait", "1") not in ("0", "false", "no")
        if wait and desk.miner is not None:
            await run_in_threadpool(desk.miner.wait, ids, None)
        rows = desk.q(deskdb.upload_rows, batch)
        reports = [rid for r in rows for rid in r["reports"]]
        body = {"batch": batch, "reports": reports, "files": rows,
                "progress": f"/api/uploads/{batch}"}
        return _json(body, 200 if wait else 202)

    async def api_get_reports(request: Request) -> Any:
        rows = await run_in_threadpool(desk.q, deskdb.list_reports)
        return _json({"reports": rows})

    async def api_report_findings(request: Request) -> Any:
        rid = request.path_params["rid"]
        rep = desk.q(deskdb.report_by_id, rid) if rid <= MAX_ROW_ID else None
        if rep is None:
            return _error(404, f"no report {rid} / 没有该报告")
        rows = desk.q(deskdb.findings_of, rep["source"], rep["report"])
        return _json({"report": rid, "findings": rows})

    async def api_patch_finding(request: Request) -> Any:
        if not request.headers.get("content-type", "").startswith("application/json"):
            return _error(415, "send JSON (Content-Type: application/json) / 请发送 JSON")
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return _error(400, "not valid JSON / JSON 格式错误")
        if not isinstance(data, dict):
            return _error(400, 'send an object: {"status": …, "note": …, "by": …}')
        by = data.get("by") or request.cookies.get("desk_user") or ""
        try:
            if request.path_params["fid"] > MAX_ROW_ID:
                raise KeyError(request.path_params["fid"])
            state = desk.q(deskdb.set_review, request.path_params["fid"],
                           str(data.get("status", "")), str(data.get("note") or ""), str(by))
        except KeyError:
            return _error(404, f"no finding {request.path_params['fid']} (mined again? reload "
                               f"the page) / 没有该审核发现")
        except DeskError as exc:
            return _error(422, str(exc))
        return _json(state)

    async def api_upload_batch(request: Request) -> Any:
        rows = desk.q(deskdb.upload_rows, request.path_params["batch"])
        if not rows:
            return _error(404, "no such upload / 没有该批上传")
        done = all(r["status"] in ("ok", "failed") for r in rows)
        return _json({"batch": request.path_params["batch"], "done": done, "files": rows})

    # -- pages ------------------------------------------------------------------------------

    async def home(request: Request) -> Any:
        return RedirectResponse("/reports", status_code=303)

    async def upload_page(request: Request) -> Any:
        return _render("desk_upload.html", page="upload", limit_mb=desk.max_upload_bytes / 1e6,
                       suffixes=desk.suffixes, max_files=MAX_FILES)

    async def upload_post(request: Request) -> Any:
        got = await read_upload(request)
        if not isinstance(got, tuple):
            return got
        return RedirectResponse(f"/uploads/{got[0]}", status_code=303)

    async def batch_page(request: Request) -> Any:
        rows = desk.q(deskdb.upload_rows, request.path_params["batch"])
        if not rows:
            return _render("desk_message.html", 404, page="", title="没有该批上传 no such upload",
                           message="")
        done = all(r["status"] in ("ok", "failed") for r in rows)
        return _render("desk_batch.html", page="upload", rows=rows, done=done,
                       batch=request.path_params["batch"])

    async def reports_page(request: Request) -> Any:
        rows = await run_in_threadpool(desk.q, deskdb.list_reports)
        params = request.query_params
        filters = {k: params.get(k, "").strip() for k in ("township", "year", "kind", "q")}
        only_open = params.get("open") == "1"
        shown = _filter_reports(rows, filters, only_open)
        sort = params.get("sort", "id")
        sort = sort if sort in SORT_KEYS else "id"
        desc = params.get("dir") == "desc"
        shown = _sort_reports(shown, sort, desc)
        failed = desk.q(deskdb.failed_files)

        def sort_link(key: str) -> str:
            d = "asc" if (key != sort or desc) else "desc"
            return "?" + urlencode({**{k: v for k, v in filters.items() if v},
                                    **({"open": "1"} if only_open else {}), "sort": key, "dir": d})

        options = {
            "township": sorted({r["township"] for r in rows if r["township"]}, key=township_key),
            "year": sorted({str(r["year"]) for r in rows if r["year"] is not None}),
            "kind": sorted({r["kind"] for r in rows if r["kind"]}),
        }
        return _render("desk_reports.html", page="reports", rows=shown, total=len(rows),
                       filters=filters, only_open=only_open, sort=sort, desc=desc,
                       sort_link=sort_link, options=options, failed=failed,
                       export_query="")

    async def findings_page(request: Request) -> Any:
        rows = await run_in_threadpool(desk.q, deskdb.all_findings)
        params = request.query_params
        filters = {k: params.get(k, "").strip() for k in ("severity", "status", "check", "q",
                                                          "township")}
        shown = [f for f in rows
                 if (not filters["severity"] or f["severity"] == filters["severity"])
                 and (not filters["status"] or f["status"] == filters["status"])
                 and (not filters["check"] or f["check"] == filters["check"])
                 and (not filters["township"] or f["township"] == filters["township"])
                 and (not filters["q"] or filters["q"] in " ".join(
                     str(f.get(k) or "") for k in ("message_zh", "message_en", "file", "title",
                                                   "context")))]
        checks = sorted({f["check"] for f in rows if f["check"]})
        townships = sorted({f["township"] for f in rows if f["township"]}, key=township_key)
        return _render("desk_findings.html", page="findings", rows=shown[:2000],
                       cut=len(shown) > 2000, total=len(rows), shown=len(shown), filters=filters,
                       checks=checks, townships=townships)

    async def report_page(request: Request) -> Any:
        rid = request.path_params["rid"]
        rep = desk.q(deskdb.report_by_id, rid) if rid <= MAX_ROW_ID else None
        if rep is None:
            return _render("desk_message.html", 404, page="", title="没有该报告 no such report",
                           message=f"报告 {rid} 不存在 / there is no report {rid}")
        html = await run_in_threadpool(_report_html, desk, rep)
        from starlette.responses import HTMLResponse

        return HTMLResponse(html)

    async def export_xlsx(request: Request) -> Any:
        rid = request.query_params.get("report")
        report_id = min(int(rid), MAX_ROW_ID) if rid and rid.isascii() and rid.isdigit() else None
        data = await run_in_threadpool(_export_bytes, desk, report_id)
        name = f"findings-report-{report_id}.xlsx" if report_id else "findings.xlsx"
        return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                                          "spreadsheetml.sheet",
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    return [
        Route("/", home),
        Route("/upload", upload_page, methods=["GET"]),
        Route("/upload", upload_post, methods=["POST"]),
        Route("/uploads/{batch:str}", batch_page),
        Route("/reports", reports_page),
        Route("/reports/{rid:int}", report_page),
        Route("/findings", findings_page),
        Route("/export.xlsx", export_xlsx),
        Route("/api/reports", api_post_reports, methods=["POST"]),
        Route("/api/reports", api_get_reports, methods=["GET"]),
        Route("/api/reports/{rid:int}/findings", api_report_findings),
        Route("/api/findings/{fid:int}", api_patch_finding, methods=["PATCH"]),
        Route("/api/uploads/{batch:str}", api_upload_batch),
    ]


def _chunks(fh: Any, size: int = 1 << 20) -> Any:
    fh.seek(0)
    while True:
        chunk = fh.read(size)
        if not chunk:
            return
        yield chunk


def _filter_reports(rows: list[dict[str, Any]], filters: dict[str, str], only_open: bool
                    ) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        if filters["township"] and r["township"] != filters["township"]:
            continue
        if filters["year"] and str(r["year"]) != filters["year"]:
            continue
        if filters["kind"] and r["kind"] != filters["kind"]:
            continue
        if filters["q"] and filters["q"] not in f"{r['title']} {r['file']} {r['township']}":
            continue
        if only_open and not r["open"]:
            continue
        out.append(r)
    return out


def _sort_reports(rows: list[dict[str, Any]], key: str, desc: bool) -> list[dict[str, Any]]:
    def value(r: dict[str, Any]) -> Any:
        if key in ("error", "warning", "info"):
            v = r["findings"].get(key, 0)
        else:
            v = r.get(key)
        missing = v is None or v == ""
        if key == "township" and not missing:  # pinyin order: 白沙镇, 青山乡, 石桥镇
            return (missing != desc, township_key(v))
        return (missing != desc, v if not missing else 0) if not isinstance(v, str) \
            else (missing != desc, v)

    return sorted(rows, key=value, reverse=desc)


def _report_html(desk: Desk, rep: dict[str, Any]) -> str:
    """The review page of one report (the static review page's template, extended)."""
    from ..render.review_model import build_views

    source, number = rep["source"], rep["report"]
    findings = desk.q(deskdb.findings_of, source, number)
    # every report of the file (so the page says "report 2/4"), the rows of this one only
    tables = {
        "reports": desk.q(deskdb.table_rows, "reports", source),
        "findings": findings,
        "figures": desk.q(deskdb.table_rows, "figures", source, number),
        "blanks": desk.q(deskdb.table_rows, "blanks", source, number),
        "sections": desk.q(deskdb.table_rows, "sections", source, number),
        "files": [],
    }
    text = desk.text_of(source)
    missing = text is None
    _index, views = build_views(tables, {source: text or ""})
    view = next(v for _name, v in views if v.report == number)
    # the file as the auditor knows it: the uploaded file's name, not the stored sha256 path
    view = dataclasses.replace(view, source=rep["file"])
    by_number = {i: f for i, f in enumerate(findings, 1)}
    ids = desk.q(lambda c: [r[0] for r in c.execute(
        "SELECT id FROM desk_report_ids WHERE source = ? ORDER BY report", (source,))])
    return environment().get_template("desk_report.html").render(
        page=view, desk_findings=by_number, rep=rep, text_missing=missing, statuses=STATUSES,
        sibling_ids=ids)


def _export_bytes(desk: Desk, report_id: int | None) -> bytes:
    """The findings (of one report, or all) with their review state, as an .xlsx workbook:
    sheet ``findings`` and sheet ``review_log`` (every change, who and when)."""
    from ..store.writers import XlsxBook

    rows = desk.q(deskdb.all_findings, report_id)
    headers = ["report_id", "township", "year", "kind", "title", "file", "report", "severity",
               "check", "message_zh", "message_en", "context", "section", "start", "end",
               "status", "note", "by", "at", "finding_id", "source"]
    book = XlsxBook()
    book.add_sheet("findings", headers,
                   ([r.get("id") if h == "finding_id" else r.get(h) for h in headers]
                    for r in rows), filter_rows=len(rows))
    log_rows = desk.q(deskdb.review_log)
    if report_id is not None:
        rep = desk.q(deskdb.report_by_id, report_id)
        log_rows = [r for r in log_rows if rep and r["source"] == rep["source"]
                    and r["report"] == rep["report"]]
    log_headers = ["id", "at", "by", "status", "note", "source", "report", "check", "start",
                   "end", "message_zh"]
    book.add_sheet("review_log", log_headers, ([r.get(h) for h in log_headers] for r in log_rows))
    with tempfile.NamedTemporaryFile(suffix=".xlsx", dir=desk.uploads.parent, delete=False) as fh:
        tmp = fh.name
    try:
        book.save(tmp)
        return Path(tmp).read_bytes()
    finally:
        os.unlink(tmp)
