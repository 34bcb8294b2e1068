"""The archive database: the files table, the result tables' SQL schema, opening (and upgrading) an
archive, writing one file's rows in one transaction.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import sqlite3
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ReportMinerError
from ..readers.load import FORMATS
from ..tables import ARCHIVE_FILE_COLUMNS, TABLE_COLUMNS, column_kind


#: SQLite type of each :func:`report_miner.tables.column_kind`.
_SQL_TYPES = {"bool": "BOOLEAN", "int": "INTEGER", "float": "REAL", "object": "TEXT"}


#: ``files`` columns (:data:`report_miner.tables.ARCHIVE_FILE_COLUMNS`) and their SQLite types,
#: in order; ``path`` is the key.
FILES_SCHEMA: tuple[tuple[str, str], ...] = tuple(
    (c, "TEXT PRIMARY KEY" if c == "path" else _SQL_TYPES[column_kind(c)])
    for c in ARCHIVE_FILE_COLUMNS)


FILES_COLUMNS = list(ARCHIVE_FILE_COLUMNS)


#: columns the archive adds to the miner's tables (from the folder layout).
EXTRA_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {"reports": (("township", "TEXT"),)}


#: schema version of the archive, kept in ``PRAGMA user_version``.
#: 1: the first archives; 2: ``files`` gains ``county`` (from ``--path-pattern``),
#: ``moved_from`` and ``missing_since`` and status ``missing`` (see :func:`_migrate`).
ARCHIVE_VERSION = 2

#: ``files.status`` of a file that is no longer at its path (its rows are kept, and left out
#: of compare, export and audit unless asked for).
MISSING = "missing"


#: value types stored as they are (everything else goes through :func:`_sql_value`).
_AS_IS = frozenset({str, type(None)})


_INT64 = (-2**63, 2**63 - 1)


class IngestError(ReportMinerError):
    """Arguments ingest or export cannot use: a missing folder, a bad --path-pattern, a
    database that is not an archive. The CLI exits with status 2 for these."""

    code = "RM400"


@lru_cache(maxsize=1)
def _column_types() -> dict[str, list[tuple[str, str]]]:
    """Every stored table's columns with SQLite types, from the miner's own table types
    (:func:`report_miner.tables.column_kind`: no pandas needed, so none is imported)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name in TABLE_COLUMNS:
        if name == "files":
            continue
        cols = [(col, _SQL_TYPES[column_kind(col)]) for col in TABLE_COLUMNS[name]]
        out[name] = cols + [c for c in EXTRA_COLUMNS.get(name, ()) if c[0] not in TABLE_COLUMNS[name]]
    return out


@lru_cache(maxsize=1)
def _column_names() -> dict[str, tuple[str, ...]]:
    """The column names of :func:`_column_types`, table by table."""
    return {t: tuple(c for c, _ in cols) for t, cols in _column_types().items()}


def _suffix_format(path: str) -> str:
    return FORMATS.get(os.path.splitext(path)[1].lower(), "txt")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect_read_only(db: str | os.PathLike[str]) -> sqlite3.Connection:
    """A connection that only reads the SQLite database ``db`` (export, audit, compare).

    An archive an interrupted ingest left in WAL mode needs a ``-shm`` file beside it even to
    be read, so in a folder this user cannot write (a read-only share, a CD, a copy handed
    over with read permission only) SQLite refuses it ("attempt to write a readonly
    database"). It is then opened as immutable, which is exact when no ``-wal`` file holds
    changes; when one does, :class:`IngestError` says how to get them in (exit 2), rather
    than reading the archive without its last files.

    Raises:
        sqlite3.Error: as ``sqlite3.connect`` and a first read raise it otherwise (a file
            that is no database).
    """
    path = Path(db).resolve()
    uri = path.as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK) or not _wal_mode(path):
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise IngestError(
            f"{path}: an interrupted ingest left changes in {wal.name}, and this folder cannot be "
            f"written, so SQLite cannot read them: copy the archive with its -wal file to a "
            f"folder you can write, or run ingest on it once / 档案库有未合并的 -wal 文件且文件夹"
            f"不可写：请连同 -wal 文件复制到可写的文件夹，或先运行一次 ingest")
    conn = sqlite3.connect(uri + "&immutable=1", uri=True)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _wal_mode(path: Path) -> bool:
    """Whether the database file at ``path`` is in WAL mode (header bytes 18-19 are 2)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return len(head) == 20 and head[18:20] == b"\x02\x02"


def _create_archive(path: Path) -> None:
    """Make a new, empty archive at ``path``: built under a temporary name beside it, then
    linked to ``path`` only if nothing is there yet. SQLite creates a database file empty and
    writes its header later, and an empty file is refused as "not an ingest archive" (a
    ``touch``ed file given by mistake), so a second ``ingest`` started on the same new path a
    moment after the first refused it; now it finds a whole archive, or makes one itself."""
    import uuid

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.new")
        try:
            open_archive(tmp, _creating=True).close()
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another run made it first: use theirs
            except OSError:  # no hard links here (FAT, some network shares)
                if not os.path.lexists(path):
                    os.replace(tmp, path)
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    except OSError as exc:
        raise IngestError(f"cannot create database / 无法创建数据库 {path}: {exc}") from exc


def check_archive_file(db: str | os.PathLike[str], need: Sequence[str] = ("files",)) -> None:
    """Refuse (:class:`IngestError`, exit 2 in the CLI) an EXISTING ``db`` that is not an
    archive: an empty file, a file that is no SQLite database, or a database without the
    tables ``need`` (``files`` with ``sha256`` when ``need`` names ``files``). A path that does
    not exist passes (ingest and serve create it); so does a folder (each caller reports it).

    Without this an empty file given by mistake (``touch a.db``) was silently turned into an
    archive, and a document given as ``--db`` was written into.
    """
    path = Path(db)
    if not path.exists() or path.is_dir():
        return
    zh = "不是档案数据库 (ingest)"
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot open database / 无法打开数据库 {path}: {exc}") from exc
    if size == 0:
        raise IngestError(f"{path} is not an ingest archive (an empty file; give a new path or an "
                          f"archive made by `report-miner ingest`) / {zh}（空文件）")
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise IngestError(f"cannot open database / 无法打开数据库 {path}: {exc}") from exc
    if head != b"SQLite format 3\x00":
        raise IngestError(f"{path} is not an ingest archive (not an SQLite database) / "
                          f"{zh}（不是 SQLite 数据库）")
    try:
        conn = connect_read_only(path)
        try:
            existing = _table_columns(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise IngestError(f"{path} is not an ingest archive ({exc}) / {zh}") from exc
    lacking = [t for t in need if t not in existing]
    if "files" in need and "files" in existing and "sha256" not in existing["files"]:
        lacking.append("files.sha256")
    if lacking:
        raise IngestError(f"{path} is not an ingest archive (no {', '.join(lacking)}; made by "
                          f"`report-miner ingest`?) / {zh}")


def open_archive(db: str | os.PathLike[str], _creating: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) an archive database and bring its tables up to date.

    Tables and columns the miner has gained since the archive was made are added; nothing is
    dropped. A database whose ``files`` table is not an archive's (e.g. one written by
    ``report-miner extract``) is refused with :class:`IngestError`. A new archive appears
    whole (see :func:`_create_archive`), so two runs starting on a new path at once both use
    it.
    """
    path = Path(db)
    if path.is_dir():
        raise IngestError(f"--db is a folder, not a database file / --db 是文件夹: {path}")
    if not _creating and not os.path.lexists(path):
        _create_archive(path)
    check_archive_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=60)
        conn.execute("PRAGMA journal_mode = WAL")  # cheap per-file commits, readers not blocked
        conn.execute("PRAGMA synchronous = NORMAL")
        existing = _table_columns(conn)
    except (sqlite3.Error, OSError) as exc:
        raise IngestError(f"cannot open database / 无法打开数据库 {path}: {exc}") from exc
    if "files" in existing and "sha256" not in existing["files"]:
        conn.close()
        raise IngestError(f"{path} is not an ingest archive (its files table has no sha256; "
                          f"written by `report-miner extract`?) / 不是 ingest 数据库")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > ARCHIVE_VERSION:
        conn.close()
        raise IngestError(f"{path} was made by a newer report_miner (archive version {version}, "
                          f"this one reads up to {ARCHIVE_VERSION}): upgrade report_miner / "
                          f"档案库版本较新，请升级 report_miner")
    try:
        conn.execute("BEGIN IMMEDIATE")
        wanted = {**_column_types(), "files": list(FILES_SCHEMA)}
        for table, cols in wanted.items():
            if table not in existing:
                spec = ", ".join(f"{_quote(c)} {t}" for c, t in cols)
                conn.execute(f"CREATE TABLE {_quote(table)} ({spec})")
            else:
                for col, typ in cols:
                    if col not in existing[table]:
                        typ = typ.replace(" PRIMARY KEY", "")
                        conn.execute(f"ALTER TABLE {_quote(table)} ADD COLUMN {_quote(col)} {typ}")
            key = "path" if table == "files" else "source"
            conn.execute(f"CREATE INDEX IF NOT EXISTS {_quote(f'ix_{table}_{key}')} "
                         f"ON {_quote(table)} ({_quote(key)})")
        conn.execute("CREATE INDEX IF NOT EXISTS ix_files_sha256 ON files (sha256)")
        _migrate(conn, version if "files" in existing else ARCHIVE_VERSION)
        conn.execute(f"PRAGMA user_version = {ARCHIVE_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        raise IngestError(f"cannot prepare database / 无法初始化数据库 {path}: {exc}") from exc
    return conn


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring an archive of schema ``version`` up to :data:`ARCHIVE_VERSION` (inside the
    transaction of :func:`open_archive`, after the missing columns were added).

    1 → 2: the new ``files`` columns (``county``, ``moved_from``, ``missing_since``) start
    empty, which is what they mean for files stored before: no county pattern, never moved,
    present. An index on ``files.status`` serves the filters that leave missing files out.
    """
    conn.execute("CREATE INDEX IF NOT EXISTS ix_files_status ON files (status)")


def present_sources_sql(include_missing: bool = False, column: str = "source") -> str:
    """An SQL condition on ``column`` (a table's ``source``) that leaves out the rows of files
    marked ``missing`` (``"1"`` when ``include_missing``). For compare, export and audit:

        >>> present_sources_sql()
        "source NOT IN (SELECT path FROM files WHERE status = 'missing')"
    """
    if include_missing:
        return "1"
    return f"{column} NOT IN (SELECT path FROM files WHERE status = '{MISSING}')"


def _table_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "ORDER BY rowid")]
    return {n: [r[1] for r in conn.execute(f"PRAGMA table_info({_quote(n)})")] for n in names}


def _sql_rows(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> list[list[Any]]:
    """``records`` as rows of SQLite values in ``columns`` order (missing keys → NULL).

    The same values as :func:`_sql_value` on every cell, but text, integers and NULLs (nearly
    every cell) are taken as they are without a function call.
    """
    as_is, convert, (lo, hi) = _AS_IS, _sql_value, _INT64
    return [[v if type(v) in as_is or (type(v) is int and lo <= v <= hi) else convert(v)
             for v in map(r.get, columns)]
            for r in records]


def _sql_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
            return float(value)  # beyond SQLite's 64-bit integers (1.2亿亿元): kept as REAL
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return _sql_value(item())
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return str(value)


class _Writer:
    """Writes one file's outcome (files row + all its rows) in one transaction."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.tables = _column_types()
        self.insert = {
            t: f"INSERT INTO {_quote(t)} ({', '.join(_quote(c) for c, _ in cols)}) "
               f"VALUES ({', '.join('?' * len(cols))})"
            for t, cols in self.tables.items()
        }
        self.upsert_file = (f"INSERT OR REPLACE INTO files ({', '.join(FILES_COLUMNS)}) "
                            f"VALUES ({', '.join('?' * len(FILES_COLUMNS))})")

    def write(self, outcome: dict[str, Any]) -> None:
        conn = self.conn
        path = outcome["path"]
        old = outcome.get("moved_from")
        if old and outcome.get("status") != "ok":
            outcome = {**outcome, "moved_from": None}  # the old rows stay until this one is mined
            old = None
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table in self.tables:
                conn.execute(f"DELETE FROM {_quote(table)} WHERE source = ?", (path,))
                if old:  # a moved file mined again: its rows replace those of its old path
                    conn.execute(f"DELETE FROM {_quote(table)} WHERE source = ?", (old,))
            if old:
                conn.execute("DELETE FROM files WHERE path = ?", (old,))
            for table, rows in outcome.get("rows", {}).items():
                if table in self.insert and rows:
                    conn.executemany(self.insert[table], rows)
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            conn.execute(self.upsert_file,
                         [_sql_value(outcome.get(c, now if c == "mined_at" else None))
                          for c in FILES_COLUMNS])
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
