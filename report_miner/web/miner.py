"""Mining uploaded files in the background, into the archive, one outcome per file.

Uploads are queued; a dispatcher thread hands each to a worker process (``jobs`` of them,
started with ``spawn`` rather than ``fork``, since the server runs threads) that
runs the same per-file step as ``report-miner ingest`` (:func:`report_miner.store.ingest._mine_one`:
read, mine, never raise for a bad file, stop after ``timeout`` seconds). The outcome is
written with ingest's writer, in one transaction per file, and the upload's row in
``desk_uploads`` goes queued → mining → ok / failed (with the reason). A worker that dies
(a crash in a C library, killed for memory) fails only the file it was mining: the pool is
made again for the next one.
"""
from __future__ import annotations

import logging
import multiprocessing
import queue
import sqlite3
import threading
from typing import Any

from ..store.ingest import DEFAULT_TIMEOUT

log = logging.getLogger("report_miner.web")

_WORKER_DIED = ("worker process died while mining this file (crash, or killed e.g. for lack "
                "of memory) / 处理进程意外终止")


class Miner:
    """The background miner of one desk (see the module docstring).

    ``submit(upload_id)`` queues an upload whose file is stored; ``wait(ids, timeout)`` blocks
    until those are done; ``close()`` stops the workers (files being mined are left queued,
    and are queued again the next time the desk starts)."""

    def __init__(self, db: str, rules_dir: str | None = None, jobs: int = 1,
                 timeout: float | None = DEFAULT_TIMEOUT):
        self.db, self.rules_dir, self.jobs, self.timeout = db, rules_dir, max(1, jobs), timeout
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._done = threading.Condition()
        self._slots = threading.Semaphore(self.jobs)
        self._pool: Any = None
        self._pool_lock = threading.Lock()
        self._conn = sqlite3.connect(db, isolation_level=None, timeout=60, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._write_lock = threading.Lock()
        from ..store.archive import _Writer

        self._writer = _Writer(self._conn)
        self._closed = False
        self._thread = threading.Thread(target=self._dispatch, name="desk-miner", daemon=True)
        self._thread.start()
        # uploads left queued or mining when the desk last stopped
        for (uid,) in self._conn.execute("SELECT id FROM desk_uploads WHERE status IN "
                                         "('queued', 'mining') AND path IS NOT NULL ORDER BY id"):
            self._queue.put(uid)

    # -- public -------------------------------------------------------------------------

    def submit(self, upload_id: int) -> None:
        self._queue.put(upload_id)

    def wait(self, upload_ids: list[int], timeout: float | None = None) -> bool:
        """Block until every upload of ``upload_ids`` is ok or failed; False on time-out."""
        ids = list(upload_ids)

        def finished() -> bool:
            if not ids:
                return True
            marks = ",".join("?" * len(ids))
            with self._write_lock:
                n = self._conn.execute(f"SELECT count(*) FROM desk_uploads WHERE id IN ({marks}) "
                                       f"AND status IN ('queued', 'mining')", ids).fetchone()[0]
            return n == 0

        with self._done:
            return self._done.wait_for(finished, timeout=timeout)

    def close(self) -> None:
        """Stop the dispatcher and the worker processes (waits for them to exit)."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout=30)
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
        with self._write_lock:
            self._conn.close()

    # -- inside ---------------------------------------------------------------------------

    def _new_pool(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        from ..store.ingest import _worker_init

        # spawn: the server runs threads, which fork must not copy; and unlike a forkserver,
        # spawned workers end with the pool (nothing is left running after the desk stops)
        ctx = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx, initializer=_worker_init)

    def _set(self, upload_id: int, **values: Any) -> None:
        cols = ", ".join(f"{k} = ?" for k in values)
        with self._write_lock:
            self._conn.execute(f"UPDATE desk_uploads SET {cols} WHERE id = ?",
                               [*values.values(), upload_id])
        with self._done:
            self._done.notify_all()

    def _dispatch(self) -> None:
        while True:
            uid = self._queue.get()
            if uid is None or self._closed:
                return
            self._slots.acquire()
            if self._closed:
                return
            try:
                self._start(uid)
            except Exception as exc:  # never let one upload stop the dispatcher
                log.exception("desk: cannot start mining upload %s", uid)
                self._set(uid, status="failed", reason=f"internal error / 内部错误: "
                                                       f"{type(exc).__name__}: {exc}")
                self._slots.release()

    def _start(self, uid: int) -> None:
        with self._write_lock:
            row = self._conn.execute("SELECT path, sha256, size, township, year, status "
                                     "FROM desk_uploads WHERE id = ?", (uid,)).fetchone()
        if row is None or row[5] not in ("queued", "mining"):
            self._slots.release()
            return
        path, sha, size, township, year, _ = row
        with self._write_lock:
            stored = self._conn.execute("SELECT sha256, status, reason FROM files WHERE path = ?",
                                        (path,)).fetchone()
        if stored is not None and stored[0] == sha and stored[1] in ("ok", "failed"):
            # the same bytes were mined before (the same file uploaded again): reuse the result
            self._set(uid, status=stored[1], reason=stored[2] or "")
            self._slots.release()
            return
        original = self._stored_elsewhere(path, sha)
        if original is not None:
            # ingest's rule: content is stored once. The upload links to the reports of the
            # file that holds it; mining it again would count it twice in compare
            self._set(uid, status="ok", same_as=original,
                      reason=f"already in the archive / 档案库中已有 (same content as / 内容与此文件"
                             f"相同: {original})")
            self._slots.release()
            return
        meta = {k: v for k, v in (("township", township), ("year", year)) if v}
        self._set(uid, status="mining")
        with self._pool_lock:
            if self._pool is None:
                self._pool = self._new_pool()
            from ..store.ingest import _worker_task

            future = self._pool.submit(_worker_task, path, self.rules_dir, meta, self.timeout)
        future.add_done_callback(lambda f: self._finish(uid, path, sha, size, meta, f))

    def _stored_elsewhere(self, path: str, sha: str) -> str | None:
        """The archive file that already holds content ``sha`` under another path than
        ``path`` (ingest's rule: :func:`report_miner.store.ingest.stored_original`); None
        when there is none."""
        from ..store.archive import _suffix_format
        from ..store.ingest import stored_original

        return stored_original(self._conn, path, sha, _suffix_format(path), lock=self._write_lock)

    def _finish(self, uid: int, path: str, sha: str, size: int, meta: dict[str, Any],
                future: Any) -> None:
        from concurrent.futures.process import BrokenProcessPool

        from ..store.archive import _suffix_format

        try:
            if self._closed:  # stopped while mining: left "mining", queued again next start
                return
            try:
                outcome = future.result()
            except BrokenProcessPool:
                with self._pool_lock:
                    pool, self._pool = self._pool, None
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                outcome = {"path": path, "status": "failed", "reason": _WORKER_DIED,
                           "format": _suffix_format(path), **meta}
            except Exception as exc:  # pickling trouble and the like
                outcome = {"path": path, "status": "failed", "format": _suffix_format(path),
                           "reason": f"internal error / 内部错误: {type(exc).__name__}: {exc}",
                           **meta}
            outcome.setdefault("size", size)
            outcome.setdefault("sha256", sha)
            with self._write_lock:
                self._writer.write(outcome)
                from .deskdb import SYNC_REPORT_IDS_OF

                self._conn.execute(SYNC_REPORT_IDS_OF, (path,))
            self._set(uid, status=outcome["status"], reason=outcome.get("reason") or "")
        except BaseException as exc:  # CancelledError too: never leave an upload "mining"
            if self._closed:
                return
            log.exception("desk: cannot store the result of upload %s", uid)
            try:
                self._set(uid, status="failed", reason=f"internal error while storing / "
                                                       f"写入时内部错误: {type(exc).__name__}: {exc}")
            except Exception:  # pragma: no cover - the database itself is gone
                pass
        finally:
            self._slots.release()
