"""The audit desk's own tables inside an ingest archive, and the queries its pages need.

The desk adds four tables to the archive (:func:`report_miner.store.archive.open_archive`
makes the miner's tables; these sit beside them and are never touched by ``ingest``)::

    desk_uploads     one row per file received through the desk: the client's file name
                     (metadata only, never used as a path), sha256, size, the stored path
                     (the archive's ``source``), who uploaded it and when, status
                     queued / mining / ok / failed and the reason
    desk_report_ids  a stable number for every (source, report) of the reports table, used
                     in URLs (/reports/7); it survives a file being mined again
    desk_reviews     the current review state of a finding: status checked / explained /
                     returned (no row: open), note, who, when
    desk_review_log  every change of a review state, in order (who changed what when)

A finding is identified for review by (source, report, check, start, end, message_zh), not by
its row number: a file mined again (``ingest --force``) gets new rows, and the reviews still
attach to the same findings. The API's finding ``id`` is the findings row's ``rowid``, valid
until that file is mined again.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from typing import Any

from ..render.review_model import SEVERITIES
from ..mining.structure import kind_label

#: review states a finding can be put in; "open" deletes the review (nothing decided yet).
STATUSES: dict[str, tuple[str, str]] = {
    "open": ("待核查", "open"),
    "checked": ("已核实", "checked"),
    "explained": ("已说明", "explained"),
    "returned": ("退回乡镇", "returned to the township"),
}

#: longest note and name kept (longer ones are refused with a message, not cut silently).
MAX_NOTE = 4000
#: finding messages listed per severity in a report's row of the list (on hover).
MAX_TIPS = 8
MAX_NAME = 80

_SCHEMA = """
CREATE TABLE IF NOT EXISTS desk_uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch TEXT NOT NULL,
    client_name TEXT NOT NULL,
    sha256 TEXT, size INTEGER, path TEXT,
    township TEXT, year INTEGER,
    uploaded_by TEXT, uploaded_at TEXT,
    status TEXT NOT NULL, reason TEXT);
CREATE INDEX IF NOT EXISTS ix_desk_uploads_batch ON desk_uploads (batch);
CREATE INDEX IF NOT EXISTS ix_desk_uploads_path ON desk_uploads (path);
CREATE TABLE IF NOT EXISTS desk_report_ids (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL, report INTEGER NOT NULL,
    UNIQUE (source, report));
CREATE TABLE IF NOT EXISTS desk_reviews (
    source TEXT NOT NULL, report INTEGER, "check" TEXT, start INTEGER, "end" INTEGER,
    message_zh TEXT, status TEXT NOT NULL, note TEXT, by TEXT, at TEXT,
    PRIMARY KEY (source, report, "check", start, "end", message_zh));
CREATE TABLE IF NOT EXISTS desk_review_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL, report INTEGER, "check" TEXT, start INTEGER, "end" INTEGER,
    message_zh TEXT, status TEXT NOT NULL, note TEXT, by TEXT, at TEXT);
"""

# the join of a findings row (alias f) with its review (alias v)
_REVIEW_JOIN = ('LEFT JOIN desk_reviews v ON v.source = f.source AND v.report IS f.report '
                'AND v."check" IS f."check" AND v.start IS f.start AND v."end" IS f."end" '
                'AND v.message_zh IS f.message_zh')


class DeskError(ValueError):
    """A request the desk cannot carry out (unknown status, missing note …); the message is
    bilingual and shown to the user as it is."""


def now() -> str:
    """The time stamps the desk writes: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def open_desk(db: str) -> sqlite3.Connection:
    """Open the archive ``db`` (created if missing; :class:`IngestError` when the file is not
    an archive) with the desk's tables added. The connection may be used from several
    threads, one at a time (the app holds a lock)."""
    from ..store.archive import open_archive

    conn = open_archive(db)
    conn.close()
    conn = sqlite3.connect(db, isolation_level=None, timeout=60, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(_SCHEMA)
    # desks made before: an upload whose content was already in the archive names the file
    # that holds it (``same_as``) instead of being mined and stored a second time
    if "same_as" not in {r[1] for r in conn.execute("PRAGMA table_info(desk_uploads)")}:
        conn.execute("ALTER TABLE desk_uploads ADD COLUMN same_as TEXT")
    conn.row_factory = sqlite3.Row
    return conn


def sync_report_ids(conn: sqlite3.Connection) -> None:
    """Give every (source, report) of the reports table its stable desk number."""
    conn.execute(SYNC_REPORT_IDS)


#: numbers only the reports that have none (a plain INSERT OR IGNORE of every report would
#: use up an AUTOINCREMENT number for each one ignored, and the ids would jump)
SYNC_REPORT_IDS = ("INSERT OR IGNORE INTO desk_report_ids (source, report) "
                   "SELECT r.source, r.report FROM reports r WHERE NOT EXISTS ("
                   "SELECT 1 FROM desk_report_ids d WHERE d.source = r.source "
                   "AND d.report = r.report) ORDER BY r.source, r.report")
#: the same for the reports of one file (``?`` = its source): what one upload adds, without
#: reading every report of the archive under the write lock
SYNC_REPORT_IDS_OF = SYNC_REPORT_IDS.replace(" ORDER BY", " AND r.source = ? ORDER BY")


# ----------------------------------------------------------------------------- reports

def _display_name(row: sqlite3.Row | dict[str, Any]) -> str:
    """The name shown for a file: the client's file name for an upload, else the file's
    name in the archive."""
    name = row["client_name"]
    if name:
        return name
    src = str(row["source"] or "")
    return src.replace("\\", "/").rsplit("/", 1)[-1]


def list_reports(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every report with what the list shows: desk id, township, year, kind, title, file
    name, completeness, finding counts by severity and by review status."""
    sync_report_ids(conn)
    rows = conn.execute(
        "SELECT d.id, r.source, r.report, r.title, r.kind, r.unit_name, r.township, r.year, "
        "r.completeness, r.placeholders, "
        "(SELECT u.client_name FROM desk_uploads u WHERE u.path = r.source ORDER BY u.id LIMIT 1)"
        " AS client_name, "
        "(SELECT fl.mined_at FROM files fl WHERE fl.path = r.source) AS mined_at "
        "FROM reports r JOIN desk_report_ids d ON d.source = r.source AND d.report = r.report "
        "ORDER BY d.id").fetchall()
    sev: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for src, rep, s, n in conn.execute(
            "SELECT source, report, severity, count(*) FROM findings GROUP BY 1, 2, 3"):
        sev[(src, rep)][s or "info"] = n
    # the messages behind the counts, shown when the pointer rests on a count (a few each)
    messages: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for src, rep, s, msg in conn.execute(
            'SELECT source, report, severity, message_zh FROM findings '
            'ORDER BY source, report, coalesce(start, 0)'):
        lst = messages[(src, rep, s or "info")]
        if len(lst) < MAX_TIPS:
            lst.append(msg or "")
        elif len(lst) == MAX_TIPS:
            lst.append("…")
    review: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for src, rep, s, n in conn.execute(
            f"SELECT f.source, f.report, coalesce(v.status, 'open'), count(*) FROM findings f "
            f"{_REVIEW_JOIN} GROUP BY 1, 2, 3"):
        review[(src, rep)][s] = n
    out = []
    for r in rows:
        key = (r["source"], r["report"])
        counts = {s: sev[key].get(s, 0) for s in SEVERITIES}
        statuses = {s: review[key].get(s, 0) for s in STATUSES}
        township = r["township"] or r["unit_name"] or ""
        placeholder = "unit_name" in (r["placeholders"] or "") and not r["township"]
        out.append({
            "id": r["id"], "source": r["source"], "report": r["report"],
            "file": _display_name(r), "title": r["title"] or "",
            "township": township, "township_placeholder": placeholder,
            "year": r["year"], "kind": r["kind"] or "", "kind_label": kind_label(r["kind"] or ""),
            "completeness": r["completeness"], "findings": counts,
            "messages": {s: "\n".join(messages.get((*key, s), [])) for s in SEVERITIES},
            "findings_total": sum(counts.values()), "review": statuses,
            "open": statuses.get("open", 0), "mined_at": r["mined_at"] or "",
        })
    return out


def failed_files(conn: sqlite3.Connection, limit: int = 200) -> list[dict[str, Any]]:
    """Files that could not be read (uploads and ingested files), newest first."""
    rows = conn.execute(
        "SELECT f.path AS source, f.reason, f.mined_at, "
        "(SELECT u.client_name FROM desk_uploads u WHERE u.path = f.path ORDER BY u.id LIMIT 1)"
        " AS client_name FROM files f WHERE f.status = 'failed' ORDER BY f.mined_at DESC LIMIT ?",
        (limit,)).fetchall()
    rows_out = [{"file": _display_name(r), "reason": r["reason"] or "", "at": r["mined_at"] or ""}
                for r in rows]
    # uploads refused before they were stored (empty, unsupported type, too many files)
    for r in conn.execute("SELECT client_name, reason, uploaded_at FROM desk_uploads "
                          "WHERE status = 'failed' AND path IS NULL ORDER BY id DESC LIMIT ?",
                          (limit,)):
        rows_out.append({"file": r["client_name"], "reason": r["reason"] or "",
                         "at": r["uploaded_at"] or ""})
    return rows_out


def report_by_id(conn: sqlite3.Connection, report_id: int) -> dict[str, Any] | None:
    """The reports row of desk id ``report_id`` (with ``id``, ``file``), or None."""
    sync_report_ids(conn)
    row = conn.execute(
        "SELECT d.id, r.*, (SELECT u.client_name FROM desk_uploads u WHERE u.path = r.source "
        "ORDER BY u.id LIMIT 1) AS client_name FROM desk_report_ids d JOIN reports r "
        "ON r.source = d.source AND r.report = d.report WHERE d.id = ?", (report_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["file"] = _display_name(row)
    return out


def report_ids_of(conn: sqlite3.Connection, source: str) -> list[int]:
    """The desk ids of the reports found in one stored file."""
    sync_report_ids(conn)
    return [r[0] for r in conn.execute(
        "SELECT d.id FROM desk_report_ids d JOIN reports r ON r.source = d.source "
        "AND r.report = d.report WHERE d.source = ? ORDER BY d.report", (source,))]


def table_rows(conn: sqlite3.Connection, table: str, source: str, report: int | None = None
               ) -> list[dict[str, Any]]:
    """The rows of one of the miner's tables for a file (and report), as dicts."""
    if report is None:
        cur = conn.execute(f'SELECT * FROM "{table}" WHERE source = ?', (source,))
    else:
        cur = conn.execute(f'SELECT * FROM "{table}" WHERE source = ? AND report = ?',
                           (source, report))
    return [dict(r) for r in cur]


# ----------------------------------------------------------------------------- findings

def _review_fields(r: sqlite3.Row) -> dict[str, Any]:
    status = r["status"] or "open"
    return {"status": status, "status_label": STATUSES.get(status, (status, status))[0],
            "note": r["note"] or "", "by": r["by"] or "", "at": r["at"] or ""}


def findings_of(conn: sqlite3.Connection, source: str, report: int) -> list[dict[str, Any]]:
    """The findings of one report with their review state, in the order the review page lists
    them (by start, end)."""
    rows = conn.execute(
        f'SELECT f.rowid AS id, f.*, v.status, v.note, v.by, v.at FROM findings f {_REVIEW_JOIN} '
        f'WHERE f.source = ? AND f.report = ? ORDER BY coalesce(f.start, 0), coalesce(f."end", 0), '
        f'f.rowid', (source, report)).fetchall()
    out = []
    for r in rows:
        d = {k: r[k] for k in ("id", "source", "report", "section", "start", "end", "check",
                               "severity", "message_zh", "message_en", "context")}
        d.update(_review_fields(r))
        out.append(d)
    return out


def all_findings(conn: sqlite3.Connection, report_id: int | None = None
                 ) -> list[dict[str, Any]]:
    """Every finding (of one report when ``report_id`` is given) with its report's desk id,
    township, year, file name and review state: the export's rows."""
    sync_report_ids(conn)
    where, args = ("WHERE d.id = ?", (report_id,)) if report_id is not None else ("", ())
    rows = conn.execute(
        f'SELECT d.id AS report_id, f.rowid AS id, f.*, coalesce(r.township, r.unit_name) AS '
        f'township, r.year, r.kind, r.title, v.status, v.note, v.by, v.at, '
        f'(SELECT u.client_name FROM desk_uploads u WHERE u.path = f.source ORDER BY u.id '
        f'LIMIT 1) AS client_name FROM findings f {_REVIEW_JOIN} '
        f'JOIN desk_report_ids d ON d.source = f.source AND d.report = f.report '
        f'LEFT JOIN reports r ON r.source = f.source AND r.report = f.report {where} '
        f'ORDER BY d.id, coalesce(f.start, 0), coalesce(f."end", 0), f.rowid', args).fetchall()
    out = []
    number: dict[int, int] = defaultdict(int)
    for r in rows:
        d = dict(r)
        d["file"] = _display_name(r)
        d.update(_review_fields(r))
        number[d["report_id"]] += 1
        d["number"] = number[d["report_id"]]  # its place in the report page's list (fi-N)
        out.append(d)
    return out


def set_review(conn: sqlite3.Connection, finding_id: int, status: str, note: str, by: str
               ) -> dict[str, Any]:
    """Put finding ``finding_id`` (a findings rowid) in ``status`` with ``note``, by ``by``;
    return its new review state. Raises ``KeyError`` when there is no such finding (checked
    first: a missing finding is "not found" whatever else the request lacks), else
    :class:`DeskError` for an unknown status, a missing name, an explanation or a return to
    the township without a note, or text that is too long."""
    status = (status or "").strip()
    note = (note or "").strip()
    by = " ".join((by or "").split())
    row = conn.execute('SELECT source, report, "check", start, "end", message_zh FROM findings '
                       'WHERE rowid = ?', (finding_id,)).fetchone()
    if row is None:
        raise KeyError(finding_id)
    if status not in STATUSES:
        raise DeskError(f"unknown status {status!r}; use one of {', '.join(STATUSES)} / "
                        f"未知状态")
    if not by:
        raise DeskError("say who you are: a name is needed to mark a finding / 请先填写审核人姓名")
    if len(by) > MAX_NAME:
        raise DeskError(f"the name is longer than {MAX_NAME} characters / 姓名过长")
    if len(note) > MAX_NOTE:
        raise DeskError(f"the note is longer than {MAX_NOTE} characters / 说明过长")
    if status == "explained" and not note:
        raise DeskError("an explained finding needs a note saying how it was explained / "
                        "标记为“已说明”时须填写说明")
    if status == "returned" and not note:
        raise DeskError("a finding returned to the township needs a note saying why / "
                        "退回乡镇时须填写退回原因")
    key = tuple(row)
    at = now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute('DELETE FROM desk_reviews WHERE source = ? AND report IS ? AND "check" IS ? '
                     'AND start IS ? AND "end" IS ? AND message_zh IS ?', key)
        if status != "open":
            conn.execute('INSERT INTO desk_reviews (source, report, "check", start, "end", '
                         'message_zh, status, note, by, at) VALUES (?,?,?,?,?,?,?,?,?,?)',
                         key + (status, note, by, at))
        conn.execute('INSERT INTO desk_review_log (source, report, "check", start, "end", '
                     'message_zh, status, note, by, at) VALUES (?,?,?,?,?,?,?,?,?,?)',
                     key + (status, note, by, at))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return {"id": finding_id, "status": status, "status_label": STATUSES[status][0],
            "note": note if status != "open" else "", "by": by, "at": at}


def review_log(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every review change, oldest first."""
    return [dict(r) for r in conn.execute(
        'SELECT id, source, report, "check", start, "end", message_zh, status, note, by, at '
        'FROM desk_review_log ORDER BY id')]


# ----------------------------------------------------------------------------- uploads

def upload_rows(conn: sqlite3.Connection, batch: str) -> list[dict[str, Any]]:
    """The files of one upload batch with their status, reason and report ids (for content
    already in the archive, ``same_as``: the reports of the file that holds it)."""
    rows = [dict(r) for r in conn.execute(
        "SELECT id, client_name, sha256, size, path, status, reason, uploaded_at, uploaded_by, "
        "same_as FROM desk_uploads WHERE batch = ? ORDER BY id", (batch,))]
    for r in rows:
        source = r.pop("same_as") or r["path"]
        r["already_stored"] = source != r["path"]
        r["reports"] = report_ids_of(conn, source) if r["status"] == "ok" and source else []
        r.pop("path")
    return rows
