"""Bulk ingest of report archives into one incremental SQLite database, and streaming export.

Archivists digitise years of reports at a time: folders of .txt, .docx, .pdf, .html and .doc
files in mixed encodings, thousands at once, re-run as more are scanned. :func:`ingest`

- walks the folders (:func:`report_miner.readers.files.iter_files`, link loops searched once),
- hashes every file (SHA-256) and skips the ones whose content is already stored with status
  ``ok``; a changed file (same path, new hash) is mined again and its old rows replaced,
- mines the rest in worker processes (``jobs``, default all cores; ``jobs=1`` in-process),
- writes each file's rows, in every table, in ONE transaction together with its ``files`` row:
  Ctrl-C, a killed process or a power cut leaves every file either fully stored or not at all,
  and the next run completes the rest,
- never stops for one bad file: it gets a ``files`` row with status ``failed`` and the reason.
  An unchanged file that failed before is not tried again (``retry_failed=True`` does), but is
  still counted as failed, so the exit status keeps saying that the archive is incomplete.

The database holds the tables of :class:`report_miner.tables.MineResult` (``reports``,
``sections``, ``figures``, ``blanks``, ``findings``; ``source`` is the file's absolute path)
and a ``files`` table, one row per file::

    path      absolute path, the same value as ``source`` in the other tables (primary key)
    size      bytes                          sha256   content hash (hex)
    format    txt / docx / pdf / html / doc / image   encoding how text bytes were decoded
    status    ok / skipped / failed          reason   why it failed or was skipped
    read_s    seconds to load the file       mine_s   seconds to mine the text
    mined_at  when the row was written (UTC, ISO 8601)
    chars, reports, figures, blanks, findings   counts;  township, year   from --path-pattern
    ocr_pages the pages read by OCR ("1,2,5"; "" when none): scans, with the ocr extra

``status = 'skipped'`` in the database marks a file whose content is the same as another
stored file's (``reason`` names it); unchanged files skipped on a re-run keep their ``ok``
row and are only counted as skipped in :class:`IngestStats`.

Example::

    stats = ingest(["档案/"], "archive.sqlite", path_pattern="{township}/{year}/*")
    print(stats.summary())
    export("archive.sqlite", "archive.xlsx", labels="zh")
"""
from __future__ import annotations

import os
import re
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import LoadError, OutputError
from ..readers.load import INPUT_SUFFIXES, read_document
from ..readers.ocr import ocr_pages_label
from ..readers.files import display_path, file_digest, file_endings, iter_files, other_endings_note
from ..readers.paths import one_line_name
from .archive import (MISSING, IngestError, _quote, _Writer, _column_names, _column_types,
                      _sql_rows, _suffix_format, open_archive)
from .export import ZH_LABELS, export

__all__ = ["ingest", "export", "IngestStats", "IngestError", "compile_path_pattern",
           "ZH_LABELS", "DEFAULT_SUFFIXES"]

#: file endings picked up in folders (:data:`report_miner.readers.load.INPUT_SUFFIXES`).
DEFAULT_SUFFIXES: tuple[str, ...] = INPUT_SUFFIXES

#: seconds one file may take by default (real reports take well under one).
DEFAULT_TIMEOUT = 600.0
#: fields ``--path-pattern`` can fill.
PATTERN_FIELDS = ("township", "year", "county")

_COUNTED = ("reports", "figures", "blanks", "findings")
_MISSING_REASON = "no longer at this path / 文件已不在原路径"


def _on_disk(path: str) -> bool:
    """Whether the file stored as ``path`` is still there. A name that is not valid UTF-8 is
    stored printable (:func:`display_path`), which the OS does not know: such a path is
    looked for folder by folder, comparing printable names."""
    if os.path.lexists(path):
        return True
    parts = [p for p in path.split("/") if p]
    here = b"/" if path.startswith("/") else b"."
    for part in parts:
        candidate = os.path.join(here, os.fsencode(part)) if "\\" not in part else None
        if candidate is not None and os.path.lexists(candidate):
            here = candidate
            continue
        try:
            names = os.listdir(here)
        except OSError:
            return False
        found = next((n for n in names if display_path(n) == part), None)
        if found is None:
            return False
        here = os.path.join(here, found)
    return True


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
_WORKER_DIED = ("worker process died while mining this file (crash, or killed e.g. for lack "
                "of memory) / 处理进程意外终止")


# --------------------------------------------------------------------------------------------
# statistics


def _listed(lines: list[str], items: list[str], most: int, rest: str) -> None:
    """Append the first ``most`` of ``items`` indented, then how many more and where ``rest``
    says they are (the ingest summary's lists of failed, moved and missing files)."""
    lines.extend(f"  {item}" for item in items[:most])
    if len(items) > most:
        lines.append(f"  … {len(items) - most} more: {rest}")


@dataclass
class IngestStats:
    """What one :func:`ingest` run did.

    ``found`` files were seen; each is counted once in ``mined`` (mined and stored, status
    ok), ``skipped`` (unchanged since the last run, or the same content as another stored
    file) or ``failed`` (see ``failures``: path and reason). ``bytes_mined`` and ``seconds``
    give the throughput of the run; ``interrupted`` is set when it was stopped (Ctrl-C).
    """

    found: int = 0
    mined: int = 0
    skipped: int = 0
    failed: int = 0
    bytes_mined: int = 0
    seconds: float = 0.0
    jobs: int = 1
    interrupted: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: files found at a new path with the content of a stored file that is gone from its old
    #: path: their rows now point to the new path (counted in ``skipped`` too: nothing mined)
    moved: list[tuple[str, str]] = field(default_factory=list)
    #: stored files under the folders given that are no longer there (status ``missing``)
    missing: list[str] = field(default_factory=list)
    #: missing files deleted from the archive with all their rows (``prune=True``)
    pruned: int = 0
    #: unchanged files whose township/year/county were updated from a changed --path-pattern
    relabelled: int = 0
    #: the --path-pattern given (None: none) and how many files it gave metadata to
    path_pattern: str | None = None
    pattern_matched: int = 0
    #: files in the folders given that were not read for their ending: ending -> count
    #: (``.rtf``: 9; ``""`` for no ending); ``--suffix`` adds an ending
    other_endings: dict[str, int] = field(default_factory=dict)
    #: files the --path-pattern gave a township that is only digits (a year folder, when the
    #: pattern has fewer levels than the layout), and the first such township
    township_digits: int = 0
    township_digits_example: str = ""

    @property
    def warnings(self) -> list[str]:
        """One-line warnings for the terminal: a --path-pattern that matched no file, or one
        that took a folder of digits (2019) for the township."""
        out = []
        if self.path_pattern and self.found and not self.pattern_matched:
            out.append(f"warning 注意: --path-pattern {self.path_pattern!r} matched none of the "
                       f"{self.found} file(s): no township/year from folders / 路径模式未匹配任何文件")
        if self.township_digits:
            out.append(f"warning 注意: --path-pattern {self.path_pattern!r} gave "
                       f"{self.township_digits} file(s) a township of digits "
                       f"({self.township_digits_example!r}): is a level of the layout missing, "
                       f"e.g. \"{{township}}/{{year}}/*\"? / 乡镇名为数字，路径模式是否少了一层？")
        return out

    @property
    def files_per_s(self) -> float:
        return self.found / self.seconds if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.bytes_mined / 1e6 / self.seconds if self.seconds else 0.0

    @property
    def exit_status(self) -> int:
        """0 when every file is ok or skipped, 1 when some failed."""
        return 1 if self.failed else 0

    def summary(self, max_failures: int = 20) -> str:
        """A few lines for the terminal, bilingual like the rest of the CLI."""
        lines = [
            f"files 文件: {self.found} (mined 已处理 {self.mined}, skipped 跳过 {self.skipped}, "
            f"failed 失败 {self.failed})",
            f"time 用时: {self.seconds:.1f} s, {self.files_per_s:.1f} files/s, "
            f"{self.mb_per_s:.2f} MB/s mined, jobs {self.jobs}",
        ]
        _listed(lines, [f"failed 失败: {one_line_name(path)}: {reason}" for path, reason in self.failures],
                max_failures, "see the files table (status = 'failed') / 其余见 files 表")
        if self.moved:
            lines.append(f"moved 已移动: {len(self.moved)} file(s), rows kept under the new path "
                         f"/ 文件已移动，结果随路径更新")
            _listed(lines, [f"moved 移动: {one_line_name(old)} → {one_line_name(new)}"
                            for old, new in self.moved], max_failures,
                    "see moved_from in the files table / 其余见 files 表 moved_from")
        if self.missing:
            done = (f"deleted with their rows / 已删除 ({self.pruned})" if self.pruned else
                    "rows kept, left out of compare/export/audit; --prune deletes them / "
                    "结果保留但不参与比较、导出、审核，--prune 删除")
            lines.append(f"missing 已缺失: {len(self.missing)} file(s) no longer found: {done}")
            _listed(lines, [f"missing 缺失: {one_line_name(path)}" for path in self.missing], max_failures,
                    "status = 'missing' in the files table / 其余见 files 表")
        if self.relabelled:
            lines.append(f"relabelled 已更新: {self.relabelled} unchanged file(s) took township/"
                         f"year/county from --path-pattern without mining / 按新路径模式更新元数据")
        if self.other_endings:
            lines.append(other_endings_note(self.other_endings))
        lines.extend(self.warnings)
        if self.interrupted:
            lines.append("interrupted 已中断: stored files are complete; run again to finish / "
                         "已写入的文件完整，再次运行即可继续")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# folder layout → metadata


def compile_path_pattern(pattern: str) -> re.Pattern[str]:
    """Turn ``"{township}/{year}/*"`` into a regex matched against the END of a file's path.

    ``{township}``, ``{year}`` and ``{county}`` match one folder (or file) name, or part of
    one (``"{year}年"``); ``*`` matches within one name, ``**`` across folders, ``?`` one
    character. The pattern is matched against the end of the path; :func:`path_metadata`
    matches it only below the folder given to ingest, and only where ``{year}`` holds a year.
    If the whole path does not match, its folder is tried (so ``"{township}/{year}"`` works
    too).

        >>> m = compile_path_pattern("{township}/{year}/*").search("/档案/河西镇/2023/总结.docx")
        >>> m.group("township"), m.group("year")
        ('河西镇', '2023')
        >>> compile_path_pattern("{township}/{year}年*").search("/a/青山镇/2022年工作总结.txt")["year"]
        '2022'
    """
    parts: list[str] = []
    seen: set[str] = set()
    for token in re.split(r"(\{[^{}]*\}|\*\*|\*|\?)", pattern.replace("\\", "/").strip("/")):
        if not token:
            continue
        if token.startswith("{"):
            name = token[1:-1]
            if name not in PATTERN_FIELDS:
                raise IngestError(f"--path-pattern: unknown field {token}; use "
                                  + ", ".join("{" + f + "}" for f in PATTERN_FIELDS)
                                  + " / 未知字段")
            if name in seen:
                raise IngestError(f"--path-pattern: {token} appears twice / 字段重复")
            seen.add(name)
            parts.append(f"(?P<{name}>[^/]+?)")
        elif token == "**":
            parts.append(".*")
        elif token == "*":
            parts.append("[^/]*")
        elif token == "?":
            parts.append("[^/]")
        else:
            parts.append(re.escape(token))
    if not seen:
        raise IngestError(f"--path-pattern {pattern!r} has no field; use e.g. "
                          "\"{township}/{year}/*\" / 模式中没有字段")
    return re.compile("(?:^|/)" + "".join(parts) + "$")


def path_metadata(pattern: re.Pattern[str] | None, path: str,
                  root: str | None = None) -> dict[str, Any]:
    """``{"township": …, "year": …, "county": …}`` read off ``path``; empty when the pattern
    does not match.

    ``root`` is the folder given to ingest that holds ``path``: only the part of the path
    below it is matched, so a file outside the layout (``档案/说明/a.txt`` for
    ``"{township}/{year}/*"``) gets no township from ``档案`` or the folders above it. A match
    whose ``{year}`` holds no year (19xx/20xx) is no match either.

        >>> pat = compile_path_pattern("{township}/{year}/*")
        >>> path_metadata(pat, "/x/河西镇/2023年/a.txt")
        {'township': '河西镇', 'year': 2023}
        >>> path_metadata(pat, "/档案/2023/a.txt", root="/档案")
        {}
        >>> path_metadata(pat, "/x/河西镇/说明/a.txt")
        {}
    """
    if pattern is None:
        return {}
    posix = path.replace("\\", "/")
    if root is not None:
        base = root.replace("\\", "/").rstrip("/") + "/"
        if not posix.startswith(base):
            return {}
        posix = posix[len(base):]
    folder = posix.rsplit("/", 1)[0] if "/" in posix else ""
    for candidate in (posix, folder):
        match = pattern.search(candidate) if candidate else None
        if match:
            meta = _fields(match.groupdict())
            if meta is not None:
                return meta
    return {}


def _fields(groups: dict[str, str | None]) -> dict[str, Any] | None:
    """The metadata of one match; None when ``{year}`` holds no year."""
    meta: dict[str, Any] = {}
    if "year" in groups:
        year = re.search(r"(?:19|20)\d\d", groups["year"] or "")
        if not year:
            return None
        meta["year"] = int(year.group())
    for name in ("township", "county"):
        if groups.get(name):
            meta[name] = groups[name]
    return dict(sorted(meta.items(), key=lambda kv: PATTERN_FIELDS.index(kv[0])))


# --------------------------------------------------------------------------------------------
# the database


# --------------------------------------------------------------------------------------------
# the worker: one file → outcome (picklable)


#: the memory budget of one file in this process (MB; None: no limit): set by :func:`ingest`
#: before it mines and inherited by the workers, which also cap their address space with it;
#: a text too long for it is refused before mining (:func:`report_miner.limits.check_text_size`)
_MEMORY_MB: float | None = None


def _worker_init(parent: int | None = None, memory_mb: float | None = None) -> None:
    """In each worker: die with the parent (``parent``: its pid; parent-death signal, or a
    check every second) and take SIGTERM's default action, not the parent's handler; Ctrl-C
    is the parent's business; address space capped at ``memory_mb`` MB above the worker's
    own; pdfminer's warnings stay quiet; OCR runs on one thread (one worker per core
    already)."""
    import logging

    from .. import limits

    limits.become_worker(parent)
    limits.apply_memory_limit(memory_mb)
    os.environ.setdefault("REPORT_MINER_OCR_THREADS", "1")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _timeout_reason(stage: str, seconds: float, chars: int | None) -> str:
    size = f", {chars:,} characters" if chars else ""
    return (f"{stage} took longer than {seconds:g} s and was stopped{size} (--timeout) / "
            f"处理超时，已停止")


def stored_original(conn: sqlite3.Connection, path: str, sha: str, fmt: str,
                    opened: dict[str, str] | None = None,
                    lock: AbstractContextManager[Any] | None = None) -> str | None:
    """The archive file that already holds content ``sha`` in format ``fmt`` under another
    path than ``path`` (status ok, and the file on disk still holds that content), or None.

    Content is stored once: ingest skips a copy of a stored file, and the desk links an upload
    to the stored file instead of mining it again. A stored file that has changed or gone
    since it was mined is no original (its rows no longer stand for that content).
    ``opened`` maps an archive path (printable) to the name to open it by (non-UTF-8 names);
    ``lock`` is held while the archive is read (not while files are hashed)."""
    with lock or nullcontext():
        rows = conn.execute("SELECT path FROM files WHERE sha256 = ? AND status = 'ok' "
                            "AND path <> ? ORDER BY path", (sha, path)).fetchall()
    for (other,) in rows:
        if _suffix_format(other) == fmt and _still_holds(other, sha, opened or {}):
            return other
    return None


def _still_holds(other: str, sha: str, opened: dict[str, str]) -> bool:
    """Does ``other`` still hold the content stored for it? (It may have changed since the
    last run and be re-mined in this one; then it is no original to skip a copy against.)"""
    try:  # a non-UTF-8 name is stored printable: open it by the name the OS gave
        return file_digest(opened.get(other, other))[1] == sha
    except LoadError:
        return False


def _mine_one(path: str, rules_dir: str | None, meta: dict[str, Any],
              timeout: float | None = None) -> dict[str, Any]:
    """Load and mine one file; never raises for a bad file (status failed + reason instead)."""
    outcome: dict[str, Any] = {"path": display_path(path), "format": _suffix_format(path), **meta}
    from ..limits import FileTimeout, time_limit

    try:
        with time_limit(timeout):
            return _load_and_mine(path, rules_dir, meta, outcome)
    except FileTimeout:
        stage = "mining" if "read_s" in outcome else "reading"
        outcome.update(status="failed", reason=_timeout_reason(stage, timeout or 0,
                                                               outcome.get("chars")))
        outcome.pop("rows", None)
        return outcome


def _load_and_mine(path: str, rules_dir: str | None, meta: dict[str, Any],
                   outcome: dict[str, Any]) -> dict[str, Any]:
    from ..api import mine_text

    t0 = time.perf_counter()
    try:
        outcome["size"], outcome["sha256"] = file_digest(path)
        doc = read_document(path)
        from .. import limits

        limits.check_text_size(doc.text, display_path(path), _MEMORY_MB)
    except LoadError as exc:
        outcome.update(status="failed", reason=exc.reason, read_s=time.perf_counter() - t0)
        return outcome
    except Exception as exc:  # a loader bug must not stop the run
        outcome.update(status="failed", reason=f"internal error while reading / 读取时内部错误: "
                                               f"{type(exc).__name__}: {exc}",
                       read_s=time.perf_counter() - t0)
        return outcome
    t1 = time.perf_counter()
    outcome.update(format=doc.format, encoding=doc.encoding, chars=len(doc.text), read_s=t1 - t0,
                   ocr_pages=ocr_pages_label(doc))
    try:
        res = mine_text(doc.text, source=path, rules_dir=rules_dir, headings=doc.headings,
                        tables=doc.tables, ocr_lines=doc.ocr_lines)
        rows: dict[str, list[list[Any]]] = {}
        for table, names in _column_names().items():
            table_rows = res.rows(table)
            if table == "reports":
                for r in table_rows:
                    if not r.get("township") and meta.get("township"):
                        r["township"] = meta["township"]
                    if r.get("year") is None and meta.get("year"):
                        r["year"] = meta["year"]  # the text does not say: take the folder's
            rows[table] = _sql_rows(table_rows, names)
    except MemoryError:
        from .. import limits

        outcome.update(status="failed", reason=limits.memory_reason(_MEMORY_MB),
                       mine_s=time.perf_counter() - t1)
        outcome.pop("rows", None)
        return outcome
    except Exception as exc:
        outcome.update(status="failed", reason=f"internal error while mining / 挖掘时内部错误: "
                                               f"{type(exc).__name__}: {exc}",
                       mine_s=time.perf_counter() - t1)
        return outcome
    outcome.update(status="ok", reason="", mine_s=time.perf_counter() - t1, rows=rows,
                   **{t: len(rows.get(t, ())) for t in _COUNTED})
    return outcome


def _worker_task(path: str, rules_dir: str | None, meta: dict[str, Any],
                 timeout: float | None) -> dict[str, Any]:
    """What the pool runs: :func:`_mine_one`, looked up when called (tests replace it)."""
    return _mine_one(path, rules_dir, meta, timeout)


# --------------------------------------------------------------------------------------------
# ingest


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db: str | os.PathLike[str],
    jobs: int | None = None,
    force: bool = False,
    path_pattern: str | None = None,
    rules_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    suffixes: Sequence[str] = DEFAULT_SUFFIXES,
    retry_failed: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    prune: bool = False,
    max_memory_mb: float | None = None,
) -> IngestStats:
    """Mine files and folders into the archive ``db``, skipping what is already there.

    Args:
        paths: folders (walked recursively for ``suffixes``) and files.
        db: the SQLite archive, created if missing.
        jobs: worker processes; ``None`` = all cores, ``1`` = mine in this process.
        force: mine every file again, even unchanged ones.
        path_pattern: e.g. ``"{township}/{year}/*"``: fills ``township`` and, where the text
            gives none, ``year`` of each report from the folder layout
            (see :func:`compile_path_pattern`).
        rules_dir: your rule folder, added to the shipped rules.
        progress: show a progress bar (files/s, ETA) on stderr; ``None`` (the default): only
            when stderr is a terminal (not in a log file, a pipe or a scheduled job).
        suffixes: file endings picked up in folders.
        retry_failed: try again files that failed before and have not changed (by default
            they are not redone, since the same bytes fail the same way, but they are still
            counted as failed; use this after installing a .doc converter, say). Files that
            could not be read at all (no hash) are always tried again.
        timeout: seconds one file may take (reading and mining); a file that takes longer
            is stopped and fails with that reason. ``None`` or 0: no limit. POSIX only.
        prune: delete from the archive, with all their rows, the stored files under the
            folders given that are no longer there (by default they are kept with status
            ``missing`` and left out of compare, export and audit).
        max_memory_mb: memory one file may use (MB; ``None``: no limit): worker processes
            cap their address space at it (``RLIMIT_AS``), and a text too long to mine
            within it is refused before mining; with ``jobs=1`` and a limit, files are mined
            in one capped worker process (without one, in this process, uncapped). Workers
            die with this process (parent-death signal) whatever ends it, and are killed
            when no file finishes within ``timeout`` and a grace (stuck in C code).

    Files that moved (a new path with the content of a stored file that is gone from its
    old path) take over the stored rows: nothing is mined or stored twice. When the folder
    layout (``path_pattern``) gives the new path another township, year or county, the file
    is mined again once, replacing the old path's rows. Stored files under the folders given
    that are gone get status ``missing`` at the end of a complete run (not after Ctrl-C).

    Returns:
        :class:`IngestStats`; ``stats.exit_status`` is 1 when some files failed.

    Raises:
        IngestError: a path that does not exist, a bad ``path_pattern`` or ``jobs``, a
            database that is not an archive. Nothing is written then.
        RuleError: ``rules_dir`` holds invalid rules.
        OutputError: the database cannot be written (disk full, locked); files stored so
            far are complete.
        KeyboardInterrupt: after Ctrl-C; every file stored so far is complete.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    if not paths:
        raise IngestError("no folder or file given / 未指定文件夹或文件")
    missing = [display_path(str(p)) for p in paths if not os.path.lexists(p)]
    if missing:
        raise IngestError("not found / 找不到: " + ", ".join(missing))
    if timeout is not None and timeout < 0:
        raise IngestError(f"--timeout must be 0 (none) or more, not {timeout}")
    if jobs is not None and jobs < 1:
        raise IngestError(f"--jobs must be 1 or more, not {jobs} / --jobs 至少为 1")
    jobs = jobs or os.cpu_count() or 1
    pattern = compile_path_pattern(path_pattern) if path_pattern else None
    rdir = str(rules_dir) if rules_dir else None
    if rdir:
        from ..mining.figures import get_scanner

        get_scanner(rdir)  # RuleError now, not once per file in the workers

    global _MEMORY_MB
    _MEMORY_MB = max_memory_mb or None
    conn = open_archive(db)
    stats = IngestStats(jobs=jobs, path_pattern=path_pattern or None)
    writer = _Writer(conn)
    walk_errors: list[LoadError] = []
    files = _walk_counting_others(paths, suffixes, walk_errors.append, stats.other_endings)
    stats.found = len(files) + len(walk_errors)
    bar = _progress_bar(stats.found, progress)
    run = _Run(conn, writer, stats, bar, force, pattern, rdir, jobs, retry_failed, timeout)
    run.roots = [display_path(os.path.abspath(p)) for p in paths if os.path.isdir(p)]
    # folders that could not be listed: what they hold is unknown, not gone
    run.unlisted = [display_path(os.path.abspath(e.path)).rstrip("/") + "/" for e in walk_errors]
    db_failed = False
    try:
        for error in walk_errors:
            run.record({"path": os.path.abspath(error.path), "status": "failed",
                        "reason": error.reason, "format": "folder"})
        run.mine(files)
        run.close()  # every outcome is stored before missing files are settled
        run.settle_missing(prune)
    except KeyboardInterrupt:
        stats.interrupted = True
        raise
    except sqlite3.Error as exc:  # disk full, database locked by another program, ...
        stats.interrupted = db_failed = True
        raise OutputError(f"writing the archive failed / 写入数据库失败 ({db}: {exc}); files "
                          f"stored so far are complete, run again to finish") from exc
    finally:
        stats.seconds = time.perf_counter() - started
        run.close()
        if bar is not None:
            bar.close()
        if not db_failed:  # also after Ctrl-C: the archive may be read where it cannot be written
            try:  # a single self-contained file again (WAL is only for the run)
                conn.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.Error:
                pass
        conn.close()
    return stats


def _walk_counting_others(paths, suffixes, on_error, others: dict[str, int]) -> list[str]:
    """The files to ingest (absolute paths): every file named, and the files in the folders
    with one of ``suffixes``; ``others`` counts the rest of the folders' files by ending (so
    the summary can say what was not read)."""
    wanted = file_endings(suffixes)
    named = {os.path.abspath(p) for p in paths if not os.path.isdir(p)}
    out = []
    for p in iter_files(paths, None, on_error=on_error):
        path = os.path.abspath(p)
        if path in named or path.lower().endswith(wanted):
            out.append(path)
        else:
            ending = Path(path).suffix.lower()
            ending = ending if 0 < len(ending) <= 12 else ""
            others[ending] = others.get(ending, 0) + 1
    return out


def _progress_bar(total: int, enabled: bool | None) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="ingest", file=sys.stderr, dynamic_ncols=True,
                smoothing=0.1)


@dataclass
class _Item:
    path: str
    size: int
    sha256: str
    meta: dict[str, Any]
    isolated: bool = False


class _Run:
    """One ingest run: decides what to mine, schedules workers, stores outcomes."""

    def __init__(self, conn: sqlite3.Connection, writer: _Writer, stats: IngestStats, bar: Any,
                 force: bool, pattern: re.Pattern[str] | None, rules_dir: str | None, jobs: int,
                 retry_failed: bool = False, timeout: float | None = None):
        self.conn, self.writer, self.stats, self.bar = conn, writer, stats, bar
        self.timeout = timeout
        self.retry_failed = retry_failed or force
        self.force, self.pattern, self.rules_dir, self.jobs = force, pattern, rules_dir, jobs
        self.pool: Any = None
        self.killed_stuck = False  # the pool's workers were killed for outliving the time limit
        self.inflight_hashes: dict[tuple[str, str], str] = {}
        # a copy of a file still being mined waits for that file's outcome (by its path)
        self.copies: dict[str, list[tuple[dict[str, Any], dict[str, Any], bool]]] = {}
        self.settled: dict[str, dict[str, Any]] = {}  # outcomes of those files, once stored
        self.opened: dict[str, str] = {}
        self.roots: list[str] = []  # the folders given (printable absolute paths)
        self.claimed: set[str] = set()  # gone paths whose rows a moved file takes over
        self.unlisted: list[str] = []  # folders the walk could not list ("/"-terminated)

    # -- bookkeeping ----------------------------------------------------------------------

    def record(self, outcome: dict[str, Any]) -> None:
        """Store one outcome and count it."""
        self.writer.write(outcome)
        status = outcome["status"]
        if status == "ok":
            self.stats.mined += 1
            self.stats.bytes_mined += outcome.get("size") or 0
        elif status == "skipped":
            self.stats.skipped += 1
        else:
            self.stats.failed += 1
            self.stats.failures.append((outcome["path"], outcome.get("reason") or ""))
        self._tick()

    def _tick(self) -> None:
        if self.bar is not None:
            s = self.stats
            self.bar.set_postfix_str(f"ok {s.mined} skipped {s.skipped} failed {s.failed}",
                                     refresh=False)
            self.bar.update(1)

    def _plan(self, path: str) -> _Item | None:
        """Hash ``path`` and decide: None when it is settled here (skipped or failed).

        ``path`` is opened as the OS gave it; the archive's key is its printable form
        (:func:`display_path`: a non-UTF-8 file name cannot be stored as it is)."""
        opened, path = path, display_path(path)
        meta = path_metadata(self.pattern, path, self.root_of(path))
        if meta:
            self.stats.pattern_matched += 1
            town = str(meta.get("township") or "")
            if town.isdigit():
                self.stats.township_digits += 1
                self.stats.township_digits_example = self.stats.township_digits_example or town
        row = self.conn.execute("SELECT sha256, status, reason FROM files WHERE path = ?",
                                (path,)).fetchone()
        try:
            size, sha = file_digest(opened)
        except LoadError as exc:
            if row is not None and row[1] == "ok":
                # unreadable now, mined before: keep the last good result, report the problem
                self.stats.failed += 1
                self.stats.failures.append((path, exc.reason + " (previous result kept / "
                                                               "保留上次结果)"))
                self._tick()
            else:
                self.record({"path": path, "status": "failed", "reason": exc.reason,
                             "format": _suffix_format(path), **meta})
            return None
        fmt = _suffix_format(path)
        if self.pattern is None and row is not None:
            # no --path-pattern this run: a changed file mined again keeps the township, year
            # and county an earlier run's pattern gave it ("the stored metadata stays")
            meta = self._stored_meta(path)
        if row is not None and row[1] == MISSING and not self._was_mined(path):
            row = None  # it failed before it went missing: read it as a new file (never "ok")
        if not (row is not None and row[0] == sha and row[1] in ("ok", MISSING)):
            old = self._moved_from(path, sha, fmt)
            if old is not None:
                self.stats.moved.append((old, path))
                if self.pattern is None:
                    meta = self._stored_meta(old)
                if not self.force and self._same_meta(old, meta):
                    self._move(old, path, size)  # nothing to mine: the rows follow the file
                    self.stats.skipped += 1
                    self._tick()
                    return None
                # the folder layout says something else now (or --force): mined again, and
                # the old path's rows are replaced in the same transaction
                self.claimed.add(old)
                self.inflight_hashes.setdefault((sha, fmt), path)  # a second copy: skipped
                return _Item(opened, size, sha, {**meta, "moved_from": old})
        if not self.force:
            if row is not None and row[0] == sha and row[1] in ("ok", MISSING):
                if row[1] == MISSING:  # back at its path: its rows count again
                    self._restore(path)
                if self._relabel(path, meta):  # a report's year came from the old layout
                    return _Item(opened, size, sha, meta)
                self.stats.skipped += 1  # unchanged: the stored row stays as it is
                self._tick()
                return None
            if row is not None and row[0] == sha and row[1] == "failed" and not self.retry_failed:
                # the same bytes would fail the same way: not redone, but still reported
                self.stats.failed += 1
                self.stats.failures.append((path, f"{row[2]} (unchanged since the last run; "
                                                  f"--retry-failed tries again / 文件未变，未重试)"))
                self._tick()
                return None
            original = self._same_content(path, sha, fmt)
            if original is not None:
                copy = {"path": path, "size": size, "sha256": sha, "status": "skipped",
                        "reason": f"same content as / 内容与此文件相同: {original}", **meta}
                kept = row is not None and row[0] == sha and row[1] == "skipped"
                if self.inflight_hashes.get((sha, fmt)) == original and original not in self.settled:
                    self.copies.setdefault(original, []).append((copy, meta, kept))
                else:
                    self._settle_copy(copy, meta, kept, self.settled.get(original))
                return None
            self.inflight_hashes.setdefault((sha, fmt), path)
        return _Item(opened, size, sha, meta)

    def _placed(self, opened: str) -> bool:
        path = display_path(opened)
        return bool(path_metadata(self.pattern, path, self.root_of(path)))

    def root_of(self, path: str) -> str | None:
        """The folder given to ingest that holds ``path`` (the deepest one), None for a file
        given by name (then its whole path is matched against ``--path-pattern``)."""
        best = None
        for root in self.roots:
            if path.startswith(root.rstrip("/") + "/") and (best is None or len(root) > len(best)):
                best = root
        return best

    def _exists(self, path: str) -> bool:
        return path in self.opened or _on_disk(path)

    def _moved_from(self, path: str, sha: str, fmt: str) -> str | None:
        """A stored file with this content (and format) that is gone from its own path:
        ``path`` is where it went. None when there is none."""
        for (other,) in self.conn.execute(
                "SELECT path FROM files WHERE sha256 = ? AND status IN ('ok', ?) AND path <> ? "
                "ORDER BY path", (sha, MISSING, path)):
            if (other not in self.claimed and _suffix_format(other) == fmt and self._was_mined(other)
                    and not self._exists(other)):
                return other
        return None

    def _relabel(self, path: str, meta: dict[str, Any]) -> bool:
        """An unchanged file whose ``--path-pattern`` metadata differ from the stored ones (a
        corrected pattern, or one that no longer matches): township, year and county of its
        ``files`` row and township of its reports are updated without mining it again, and
        reports whose text states no year take the new year. Returns True (nothing updated)
        when a report's stored year may have come from the old layout and the year changed:
        that file is mined again. Nothing happens without ``--path-pattern``."""
        if self.pattern is None:
            return False
        keys = ("township", "year", "county")
        row = self.conn.execute("SELECT township, year, county FROM files WHERE path = ?",
                                (path,)).fetchone()
        new = tuple(meta.get(k) for k in keys)
        if row is None or tuple(row) == new:
            return False
        old_year, new_year = row[1], new[1]
        if old_year is not None and old_year != new_year and self.conn.execute(
                "SELECT 1 FROM reports WHERE source = ? AND year = ? LIMIT 1",
                (path, old_year)).fetchone():
            return True
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("UPDATE files SET township = ?, year = ?, county = ? WHERE path = ?",
                         (*new, path))
            conn.execute("UPDATE reports SET township = ? WHERE source = ?", (new[0], path))
            if new_year is not None and new_year != old_year:
                conn.execute("UPDATE reports SET year = ? WHERE source = ? AND year IS NULL",
                             (new_year, path))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self.stats.relabelled += 1
        return False

    def _stored_meta(self, path: str) -> dict[str, Any]:
        """The township, year and county stored for ``path`` (those set), as
        :func:`path_metadata` gives them."""
        row = self.conn.execute("SELECT township, year, county FROM files WHERE path = ?",
                                (path,)).fetchone()
        if row is None:
            return {}
        return {k: v for k, v in zip(("township", "year", "county"), row) if v not in (None, "")}

    def _was_mined(self, path: str) -> bool:
        """Whether ``path`` has rows (reports): a file that failed and then went missing has
        none, and must not come back, or be moved elsewhere, as ``ok``."""
        return self.conn.execute("SELECT 1 FROM reports WHERE source = ? LIMIT 1",
                                 (path,)).fetchone() is not None

    def _same_meta(self, old: str, meta: dict[str, Any]) -> bool:
        """Whether the folder layout gives the new path what it gave the old one (always,
        when this run has no ``--path-pattern``: the stored metadata stays)."""
        if self.pattern is None:
            return True
        row = self.conn.execute("SELECT township, year, county FROM files WHERE path = ?",
                                (old,)).fetchone()
        return row is not None and tuple(row) == tuple(meta.get(k) for k in
                                                       ("township", "year", "county"))

    def _move(self, old: str, new: str, size: int) -> None:
        """Point the rows of ``old`` at ``new`` in one transaction (its files row keeps
        everything but the path, and records where it came from)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM files WHERE path = ?", (new,))
            for table in _column_types():
                conn.execute(f"DELETE FROM {_quote(table)} WHERE source = ?", (new,))
                conn.execute(f"UPDATE {_quote(table)} SET source = ? WHERE source = ?", (new, old))
            conn.execute("UPDATE files SET path = ?, moved_from = ?, status = 'ok', reason = '', "
                         "missing_since = NULL, size = ? WHERE path = ?", (new, old, size, old))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _restore(self, path: str) -> None:
        self.conn.execute("UPDATE files SET status = 'ok', reason = '', missing_since = NULL "
                          "WHERE path = ?", (path,))

    def settle_missing(self, prune: bool) -> None:
        """Mark ``missing`` the stored files under the folders given (or where those folders
        were before they moved) that are no longer there (rows kept); with ``prune``, delete
        them and their rows instead. Files elsewhere are left alone: an archive may be filled
        from several folders, and a drive that is not mounted now is not gone for good."""
        conn = self.conn
        gone: list[tuple[str, str]] = []
        for root in self.roots + self._old_roots():
            base = root.rstrip("/") + "/"
            for path, status in conn.execute(
                    "SELECT path, status FROM files WHERE substr(path, 1, ?) = ? ORDER BY path",
                    (len(base), base)).fetchall():
                if not self._exists(path) and not any(path.startswith(u) for u in self.unlisted):
                    gone.append((path, status))
        gone = list(dict.fromkeys(gone))  # nested roots list a file twice
        if not gone:
            return
        now = _now()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for path, status in gone:
                if prune:
                    for table in [*_column_types(), "files"]:
                        key = "path" if table == "files" else "source"
                        conn.execute(f"DELETE FROM {_quote(table)} WHERE {key} = ?", (path,))
                elif status != MISSING:
                    conn.execute("UPDATE files SET status = ?, missing_since = ?, reason = ? "
                                 "WHERE path = ?", (MISSING, now, _MISSING_REASON, path))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self.stats.missing = [p for p, _ in gone]
        self.stats.pruned = len(gone) if prune else 0

    def _old_roots(self) -> list[str]:
        """Where the folders given were before they moved: a stored file below a folder given
        whose ``moved_from`` has the same path below another folder (档案/云溪县/a.txt →
        新档案/云溪县/a.txt) says that other folder is the archive's old place. Its stored
        files that did not move along are gone, and are settled like those of the folders
        given (this run's moves and earlier runs' alike)."""
        out: list[str] = []
        for root in self.roots:
            base = root.rstrip("/") + "/"
            for path, old in self.conn.execute(
                    "SELECT path, moved_from FROM files WHERE substr(path, 1, ?) = ? "
                    "AND moved_from IS NOT NULL AND moved_from <> ''", (len(base), base)):
                rel = path[len(base):]
                if old.endswith("/" + rel):
                    old_root = old[:-len(rel) - 1]
                    if old_root and old_root not in self.roots and old_root not in out:
                        out.append(old_root)
        return out

    def _same_content(self, path: str, sha: str, fmt: str) -> str | None:
        other = stored_original(self.conn, path, sha, fmt, self.opened)
        if other is not None:
            return other
        other = self.inflight_hashes.get((sha, fmt))
        return other if other is not None and other != path else None

    def _store(self, item: _Item, outcome: dict[str, Any]) -> None:
        outcome.setdefault("size", item.size)
        outcome.setdefault("sha256", item.sha256)
        self.record(outcome)
        path = outcome["path"]
        if self.inflight_hashes.get((item.sha256, _suffix_format(path))) == path:
            # the outcome holds the mined rows: keep only what a copy needs of it
            self.settled[path] = {k: outcome.get(k) for k in ("status", "reason", "format")}
            for copy, meta, kept in self.copies.pop(path, []):
                self._settle_copy(copy, meta, kept, outcome)

    def _settle_copy(self, copy: dict[str, Any], meta: dict[str, Any], kept: bool,
                     outcome: dict[str, Any] | None) -> None:
        """Store a copy of a file mined in this run (or stored before) once that file's
        outcome is known: ``skipped`` when it was mined, ``failed`` with its reason when it
        failed (the same bytes fail the same way; a copy is never "skipped" behind a failure,
        which the next run would read again and fail). ``kept``: the copy's stored row is
        already this skip, and stays as it is."""
        if outcome is not None and outcome.get("status") == "failed":
            self.record({**copy, "status": "failed", "format": outcome.get("format"),
                         "reason": f"{outcome.get('reason') or ''} ({copy['reason']})"})
        elif kept:
            self._relabel(copy["path"], meta)
            self.stats.skipped += 1
            self._tick()
        else:
            self.record(copy)

    # -- scheduling -----------------------------------------------------------------------

    def mine(self, files: list[str]) -> None:
        # archive key (printable) → the path to open, for files seen in this run
        self.opened.update((display_path(f), f) for f in files)
        if self.pattern is not None:
            # of two copies, the one the folder layout places (township, year) is mined and
            # the other skipped: a copy in a backup folder never takes a township's report
            files = sorted(files, key=lambda f: not self._placed(f))
        items = (item for item in map(self._plan, files) if item is not None)
        if self.jobs == 1 and _MEMORY_MB is None:
            for item in items:
                self._store(item, _mine_one(item.path, self.rules_dir, item.meta, self.timeout))
            return
        if self.jobs == 1:
            self._mine_in_worker(items)
            return
        self._mine_parallel(items)

    def _mine_in_worker(self, items: Iterator[_Item]) -> None:
        """``jobs=1`` with a memory limit: one worker process at a time, capped, killed by
        this process when it outlives the time limit (stuck in C code)."""
        from .. import limits

        _warm_up(self.rules_dir)
        with limits.Worker(limits.Limits(self.timeout, _MEMORY_MB)) as worker:
            for item in items:
                try:
                    outcome = worker.call(_worker_task, item.path, self.rules_dir, item.meta,
                                          self.timeout)
                except limits.WorkerFailure as exc:
                    outcome = {"path": display_path(item.path), "status": "failed",
                               "format": _suffix_format(item.path), "reason": exc.reason,
                               **item.meta}
                self._store(item, outcome)

    def _new_pool(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        if self.pool is None:
            _warm_up(self.rules_dir)  # forked workers inherit loaded rules and dictionaries
        return ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_init,
                                   initargs=(os.getpid(), _MEMORY_MB))

    def _mine_parallel(self, items: Iterator[_Item]) -> None:
        """Keep ``4 × jobs`` files in flight; survive a worker that dies.

        When a worker dies (killed, out of memory, a crash in a C library) the whole pool
        breaks and every file in flight fails with it. Those files are then mined again one
        at a time, so the one that kills its worker is found and marked failed, and the
        others are stored normally.
        """
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        window = 4 * self.jobs
        suspects: deque[_Item] = deque()
        inflight: dict[Any, _Item] = {}
        exhausted = False
        while True:
            if suspects:
                if not inflight:
                    item = suspects.popleft()
                    item.isolated = True
                    inflight[self._submit(item)] = item
            else:
                while not exhausted and len(inflight) < window:
                    item = next(items, None)
                    if item is None:
                        exhausted = True
                    else:
                        inflight[self._submit(item)] = item
            if not inflight:
                if exhausted and not suspects:
                    return
                continue
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED, timeout=self._patience())
            if not done:  # no file finished within its time limit and more: a worker is stuck
                self._kill_workers()  # in C code, past its alarm; its futures break
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED, timeout=60)
            broken = False
            for future in done:
                item = inflight.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    if item.isolated:
                        reason = (_timeout_reason("reading or mining", self.timeout or 0, None)
                                  if self.killed_stuck else _WORKER_DIED)
                        self._store(item, {"path": display_path(item.path), "status": "failed",
                                           "format": _suffix_format(item.path),
                                           "reason": reason, **item.meta})
                    else:
                        suspects.append(item)
                except Exception as exc:  # pickling trouble and the like
                    self._store(item, {"path": display_path(item.path), "status": "failed",
                                       **item.meta,
                                       "format": _suffix_format(item.path),
                                       "reason": f"internal error / 内部错误: "
                                                 f"{type(exc).__name__}: {exc}"})
                else:
                    self._store(item, outcome)
            if broken:
                self.killed_stuck = False
                suspects.extend(inflight.values())  # they die with the pool
                inflight.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._new_pool()

    def _patience(self) -> float | None:
        """Seconds to wait for the next finished file before the workers count as stuck:
        each file stops itself after ``timeout``, so a healthy worker finishes one by then."""
        from .. import limits

        return self.timeout + limits.KILL_GRACE if self.timeout else None

    def _kill_workers(self) -> None:
        self.killed_stuck = True
        for proc in list(getattr(self.pool, "_processes", {}).values()):
            proc.kill()

    def _submit(self, item: _Item) -> Any:
        if self.pool is None:
            self.pool = self._new_pool()
        from ..limits import held_signals

        with held_signals():  # the pool forks its workers here: a Ctrl-C meanwhile is not lost
            return self.pool.submit(_worker_task, item.path, self.rules_dir, item.meta, self.timeout)

    def close(self) -> None:
        """Stop the workers; on Ctrl-C without waiting for the files they are mining."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if self.stats.interrupted:
            procs = list(getattr(pool, "_processes", {}).values())
            for proc in procs:
                proc.terminate()
            # a worker that does not end on SIGTERM within a few seconds (one signalled while it
            # was still starting, before it took SIGTERM's default action) is killed: the pool's
            # shutdown would otherwise wait for it for ever
            deadline = time.monotonic() + WORKER_STOP_GRACE
            for proc in procs:
                proc.join(max(0.0, deadline - time.monotonic()))
                if proc.is_alive():
                    proc.kill()
        pool.shutdown(wait=True, cancel_futures=True)


#: seconds an interrupted run gives its workers to end on SIGTERM before they are killed
WORKER_STOP_GRACE = 5.0


def _warm_up(rules_dir: str | None) -> None:
    """Load rules, dictionaries and the loaders' libraries once, before workers are forked."""
    from ..api import mine_text

    mine_text("全镇共有12个村，总人口23456人。", rules_dir=rules_dir)
    for module in ("docx", "pdfminer.pdfinterp", "pdfminer.converter", "lxml.html"):
        try:
            __import__(module)
        except ImportError:  # pragma: no cover - declared dependencies
            pass


# --------------------------------------------------------------------------------------------
# export


