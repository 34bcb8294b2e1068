"""Bounded resources (issue 15): what one file may cost, and worker processes that die with
their parent.

Every command that reads report files (extract, audit, review, compare, explain -f, ingest)
reads and mines each file under three limits, so one hostile file ends as a failed row with a
reason instead of hanging the run, exhausting the machine's memory or killing the command:

- **time**: ``timeout`` seconds per file (default :data:`DEFAULT_TIMEOUT`; ``--timeout``).
  An alarm stops the file inside the worker; a file stuck in C code (a PDF library) is killed
  by the parent a few seconds later (:data:`KILL_GRACE`).
- **memory**: ``max_memory_mb`` MB of address space per file above what the program itself
  uses (``--max-memory``; default :func:`default_memory_mb`: 60 % of the machine's memory
  shared by the workers, from :data:`MIN_MEMORY_MB` to :data:`MAX_DEFAULT_MEMORY_MB`), enforced with
  ``RLIMIT_AS`` in the worker process: an allocation beyond it fails (MemoryError) or kills
  the worker, never the command.
- **text size**: a text longer than the memory budget can mine is refused before mining
  (:func:`max_text_chars`, from :data:`MINING_MB_PER_MCHAR`, measured by
  ``bench/bench_memory.py``).

Decompression is bounded where it happens: .docx zip members (readers/docx.py) and PDF
streams (readers/pdf.py) are inflated in bounded chunks and refused beyond their limits.

Worker processes (:class:`Worker` here, ingest's pool) call :func:`become_worker`: on Linux
the kernel kills them when their parent dies (``prctl(PR_SET_PDEATHSIG)``), elsewhere a
thread checks the parent's pid every second; they ignore Ctrl-C (the parent's business) and
take SIGTERM's default action (they do not inherit a parent's handler).

The Python API stays unbounded and in-process unless asked: the CLI calls :func:`configure`
once, and :func:`report_miner.api.mine_paths` then mines each file through a :class:`Worker`.
Without ``fork`` (Windows) files are mined in-process, without limits.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import signal
import sys
import tempfile
import threading
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Iterator

#: seconds one file may take to read and mine (real reports take well under one second).
DEFAULT_TIMEOUT = 600.0
#: the default memory budget per file is at most this (MB).
MAX_DEFAULT_MEMORY_MB = 4096
#: nor less than this (MB): OCR (ONNX Runtime and its models, the ``ocr`` extra) alone maps
#: about 1.3 GB of address space; the limit counts address space, not memory in use.
MIN_MEMORY_MB = 2048
#: peak MB mining takes per million characters of text, with a margin: bench/bench_memory.py
#: measures about 67-75 MB per million characters (26-29 MB per MB of UTF-8 text) on real
#: reports, with line breaks or on one line.
MINING_MB_PER_MCHAR = 150
#: seconds the parent waits beyond ``timeout`` before it kills a worker stuck in C code.
KILL_GRACE = 10.0

_LIMITS: "Limits | None" = None


def total_memory_mb() -> int | None:
    """The machine's physical memory in MB (None when it cannot be told)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20)
    except (ValueError, OSError, AttributeError):
        return None


def default_memory_mb(workers: int = 1) -> int:
    """The default memory budget of one file when ``workers`` files are mined at once: 60 %
    of the machine's memory shared between them, from :data:`MIN_MEMORY_MB` to
    :data:`MAX_DEFAULT_MEMORY_MB`."""
    total = total_memory_mb()
    if not total:
        return MAX_DEFAULT_MEMORY_MB
    return int(max(MIN_MEMORY_MB, min(MAX_DEFAULT_MEMORY_MB, 0.6 * total / max(1, workers))))


def max_text_chars(memory_mb: float | None) -> int | None:
    """The longest text (characters) a ``memory_mb`` budget can mine; None: no limit.

        >>> max_text_chars(1500)
        10000000
    """
    if not memory_mb:
        return None
    return int(memory_mb / MINING_MB_PER_MCHAR * 1_000_000)


def check_text_size(text: str, source: str, memory_mb: float | None) -> None:
    """Refuse (LoadError) a text too long to mine within ``memory_mb``."""
    limit = max_text_chars(memory_mb)
    if limit is not None and len(text) > limit:
        from .errors import LoadError

        raise LoadError(source, f"text too long to mine: {len(text):,} characters (limit "
                                f"{limit:,} with --max-memory {memory_mb:g} MB) / 文本过长，超出内存限制")


@dataclass(frozen=True)
class Limits:
    """What one file may cost: ``timeout`` seconds (None: no limit), ``max_memory_mb`` MB
    (None: no limit)."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_memory_mb: float | None = None

    @classmethod
    def default(cls, workers: int = 1) -> "Limits":
        return cls(DEFAULT_TIMEOUT, default_memory_mb(workers))


def configure(limits: Limits | None) -> None:
    """Mine files under ``limits`` from now on in this process (the CLI does, once); None:
    in-process and unbounded again (the Python API's default)."""
    global _LIMITS
    _LIMITS = limits


def current() -> Limits | None:
    """The limits set by :func:`configure` (None when none were)."""
    return _LIMITS


# --------------------------------------------------------------------------------------------
# worker processes


def set_parent_death_signal(sig: int | None = None) -> bool:
    """Ask the kernel to send ``sig`` (default SIGKILL) to this process when its parent dies
    (Linux ``prctl(PR_SET_PDEATHSIG)`` through ctypes); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    sig = signal.SIGKILL if sig is None else sig
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(sig), 0, 0, 0) == 0  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int, interval: float = 1.0) -> None:
    """A daemon thread that ends this process when its parent is gone (the fallback where
    there is no parent-death signal, and for the moment before it was set)."""
    def watch() -> None:
        import time

        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(interval)

    threading.Thread(target=watch, name="report-miner-parent-watch", daemon=True).start()


#: the signals that stop a run (Ctrl-C, ``kill``): held while a worker is forked
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while a worker process is forked (``with held_signals():``
    around the call that forks), and act on one that came meanwhile right after, as its
    handler would have.

    A signal that arrives during a fork is handled by the first Python code that runs after
    it, which is one of the interpreter's at-fork callbacks (logging's lock release); the
    KeyboardInterrupt raised there can only be reported as "Exception ignored", so the
    Ctrl-C was lost and the run went on. Within the block the two signals are only noted
    (by a handler that raises nothing) and blocked in this thread; at its end the previous
    handlers are back and a noted signal is passed to its handler, in ordinary code. Threads
    started meanwhile (a process pool's) keep them blocked; the forked child inherits the
    block, and :func:`become_worker` lifts it. Only in the main thread, where Python handles
    signals; elsewhere it does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []

    def note(signum: int, frame: Any) -> None:
        noted.append(signum)

    previous = {sig: signal.signal(sig, note) for sig in _STOP_SIGNALS}
    mask = (signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            if hasattr(signal, "pthread_sigmask") else None)
    try:
        yield
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # one held by the block is noted now
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(noted):
            handler = previous[sig]
            if callable(handler):
                handler(sig, None)  # Ctrl-C: KeyboardInterrupt, here
            elif handler == signal.SIG_DFL:
                signal.raise_signal(sig)  # its default action (SIGTERM ends the process)


def become_worker(parent: int | None) -> None:
    """What a worker process does first: die with ``parent`` (its pid, taken before the fork),
    ignore Ctrl-C (the parent stops the run), and take SIGTERM's default action instead of a
    handler inherited from the parent (both were held over the fork: :func:`held_signals`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    if parent is not None:
        signalled = set_parent_death_signal()
        if os.getppid() != parent:  # the parent died before the signal was asked for
            os._exit(1)
        if not signalled:  # (a thread costs ~70 MB of address space: only where needed)
            _watch_parent(parent)


def _address_space_mb() -> float | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def apply_memory_limit(memory_mb: float | None) -> None:
    """Cap this process's address space at what it uses now plus ``memory_mb`` MB
    (``RLIMIT_AS``; nothing where it is not available)."""
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    base = _address_space_mb()
    if base is None:
        return
    limit = int((base + memory_mb) * 2**20)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


class FileTimeout(BaseException):
    """Raised by the alarm of :func:`time_limit` (a BaseException: no ``except Exception``
    in a reader or the miner can swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`FileTimeout` in this thread after ``seconds`` (POSIX, main thread only;
    elsewhere no limit)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def alarm(signum: int, frame: Any) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timeout_reason(seconds: float) -> str:
    return (f"took longer than {seconds:g} s and was stopped (--timeout) / 处理超时，已停止")


def memory_reason(memory_mb: float | None) -> str:
    limit = f" ({memory_mb:g} MB, --max-memory)" if memory_mb else ""
    return f"needs more memory than one file may use{limit} / 超出单个文件的内存限制"


class WorkerFailure(Exception):
    """A task did not finish in its worker; ``reason`` says why (for the file's row)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _serve(conn: Any, limits: Limits, parent: int) -> None:
    """The worker's loop: run each task under the limits, send back what happened."""
    become_worker(parent)
    apply_memory_limit(limits.max_memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            os._exit(0)
        if task is None:
            os._exit(0)
        fn, args = task
        kind, value, leave = _run_task(fn, args, limits)
        try:
            conn.send((kind, value, leave))
        except MemoryError:
            leave = True
            conn.send(("failed", memory_reason(limits.max_memory_mb), leave))
        except Exception as exc:  # an unpicklable result: a bug, said in the row
            conn.send(("failed", f"internal error / 内部错误: {type(exc).__name__}: {exc}", leave))
        if leave:  # a fresh process for the next file, after memory or time ran out
            os._exit(0)


def _run_task(fn: Callable[..., Any], args: tuple, limits: Limits) -> tuple[str, Any, bool]:
    """``("ok", result, False)`` or ``("failed", reason, leave)`` of ``fn(*args)`` under the
    time limit; ``leave`` when the worker should end (a limit was hit)."""
    from .errors import LoadError

    try:
        with time_limit(limits.timeout):
            result = fn(*args)
        # close to the limit: a fresh process next (VmPeak, which tells later failures apart,
        # never goes down)
        return "ok", result, _hit_memory_limit()
    except FileTimeout:
        return "failed", timeout_reason(limits.timeout or 0), True
    except MemoryError:
        return "failed", memory_reason(limits.max_memory_mb), True
    except Exception as exc:
        if _hit_memory_limit():  # a library's failed allocation, raised as its own error
            return "failed", memory_reason(limits.max_memory_mb), True
        if isinstance(exc, LoadError):
            return "failed", exc.reason, False
        log = save_traceback(traceback.format_exc())
        return "failed", (f"internal error / 内部错误: {type(exc).__name__}: {exc}"
                          + (f" (details: {log})" if log else "")), False


def _hit_memory_limit(margin_mb: float = 64) -> bool:
    """Did this process's address space reach its ``RLIMIT_AS`` (within ``margin_mb``)?
    (``VmPeak``: an allocation that failed there is why a library raised.)"""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft == resource.RLIM_INFINITY:
            return False
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= soft - margin_mb * 2**20
    except (ImportError, OSError, ValueError, IndexError):
        pass
    return False


class Worker:
    """One forked process that runs tasks, one at a time, under :class:`Limits`.

    ``call(fn, *args)`` runs ``fn(*args)`` in the worker and returns its result, or raises
    :class:`WorkerFailure` with the reason (time or memory limit, a LoadError's reason, an
    internal error, the worker killed). The process is forked at the first call, so it
    inherits what the parent has loaded by then (rule sets, dictionaries: pass them in
    ``shared``, read back in the worker by :func:`shared`), and again after one was lost.
    Use it as a context manager (``with Worker(limits) as w:``) so the process ends with it.
    Without ``fork`` (Windows) tasks run in this process without limits.
    """

    def __init__(self, limits: Limits, shared: dict[str, Any] | None = None):
        self.limits = limits
        self.shared = dict(shared or {})
        self.proc: Any = None
        self.conn: Any = None

    def __enter__(self) -> "Worker":
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        if exc_type is None:
            self.close()
        else:  # Ctrl-C or an error: the worker ends now, not after its task
            self.kill()

    def kill(self) -> None:
        """End the worker process at once."""
        self._discard()

    def _start(self) -> None:
        import multiprocessing

        global _SHARED
        _SHARED = self.shared  # inherited by the fork
        ctx = multiprocessing.get_context("fork")
        mine, theirs = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(theirs, self.limits, os.getpid()), daemon=True,
                           name="report-miner-worker")
        with held_signals():  # a Ctrl-C during the fork is not lost
            proc.start()
        theirs.close()
        self.proc, self.conn = proc, mine

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        if not hasattr(os, "fork"):  # pragma: no cover - Windows: in-process, unbounded
            global _SHARED
            _SHARED = self.shared
            try:
                return fn(*args)
            except Exception as exc:
                from .errors import LoadError

                if isinstance(exc, LoadError):
                    raise WorkerFailure(exc.reason) from exc
                raise
        if self.proc is None or not self.proc.is_alive():
            self._discard()
            self._start()
        try:
            self.conn.send((fn, args))
        except (BrokenPipeError, EOFError, OSError):
            self._discard()
            self._start()
            self.conn.send((fn, args))
        wait = None if not self.limits.timeout else self.limits.timeout + KILL_GRACE
        if not self.conn.poll(wait):
            self._discard()
            raise WorkerFailure(timeout_reason(self.limits.timeout or 0))
        try:
            kind, value, leave = self.conn.recv()
        except (EOFError, OSError):
            code = self._discard()
            raise WorkerFailure(self._death_reason(code)) from None
        if leave:  # it ends itself after a time or memory limit
            self._discard()
        if kind == "ok":
            return value
        raise WorkerFailure(value)

    def _death_reason(self, code: int | None) -> str:
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            how = f"killed by {name}"
        else:
            how = f"exit status {code}"
        return (f"worker process died while reading or mining this file ({how}; e.g. out of "
                f"memory, limit {self.limits.max_memory_mb or 'none'} MB) / 处理进程意外终止")

    def _discard(self) -> int | None:
        """End the worker (if any); its exit code."""
        proc, self.proc = self.proc, None
        conn, self.conn = self.conn, None
        if conn is not None:
            conn.close()
        if proc is None:
            return None
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        return proc.exitcode

    def close(self) -> None:
        """Stop the worker process."""
        if self.conn is not None and self.proc is not None and self.proc.is_alive():
            try:
                self.conn.send(None)
                self.proc.join(2)
            except (OSError, ValueError):
                pass
        self._discard()


_SHARED: dict[str, Any] = {}


def shared(name: str) -> Any:
    """In a :class:`Worker`'s task: the object its parent shared under ``name``."""
    return _SHARED.get(name)


# --------------------------------------------------------------------------------------------
# errors the user should not see as tracebacks


def log_dir() -> str:
    """Where tracebacks of internal errors are saved: ``$REPORT_MINER_LOG_DIR``, else
    ``~/.cache/report_miner/logs`` (the temporary folder when that cannot be made)."""
    wanted = os.environ.get("REPORT_MINER_LOG_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "report_miner", "logs")
    try:
        os.makedirs(wanted, exist_ok=True)
        if os.access(wanted, os.W_OK):
            return wanted
    except OSError:
        pass
    return tempfile.gettempdir()


def save_traceback(text: str, argv: list[str] | None = None) -> str | None:
    """Write ``text`` (a formatted traceback) to a new log file; its path, or None when
    nothing could be written."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        fd, path = tempfile.mkstemp(prefix=f"crash-{stamp}-", suffix=".log", dir=log_dir())
        # backslashreplace: a message may hold lone surrogates (bytes of a non-UTF-8 argument)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            from . import __version__

            fh.write(f"report_miner {__version__}, Python {sys.version.split()[0]}, "
                     f"{sys.platform}\n")
            if argv is not None:
                fh.write("command: " + " ".join(argv) + "\n")
            fh.write(text)
        return path
    except OSError:
        return None
