"""The folder report_miner keeps what it derives once and can rebuild any time: jieba's
dictionary as a ready prefix table (:func:`report_miner.mining.context.load_lexicon`) and the
rule records of a rules folder already validated (:func:`report_miner.ruleset.load.read_rule_data`).

``REPORT_MINER_CACHE`` (or ``XDG_CACHE_HOME``) chooses it; otherwise ``~/.cache/report_miner``,
then a folder of the user's own in the temp folder. Deleting the folder is always safe: what is missing is rebuilt.
"""
from __future__ import annotations

import os
import pickle
import stat
import tempfile
from pathlib import Path


def _home_cache() -> list[Path]:
    """``~/.cache/report_miner``, or nothing when the system knows no home folder (no
    ``HOME`` and no password entry, as in a container run under a bare user id)."""
    try:
        return [Path.home() / ".cache" / "report_miner"]
    except (RuntimeError, KeyError, OSError):
        return []


def _temp_cache() -> Path:
    """The temp-folder fallback: shared by every user of the machine, so one folder per user
    where the system has owners (``report_miner-1000``), used only while no one else can
    write in it (see :func:`_others_can_write`)."""
    name = f"report_miner-{os.getuid()}" if hasattr(os, "getuid") else "report_miner"
    return Path(tempfile.gettempdir()) / name


def _others_can_write(d: Path) -> bool:
    """Whether ``d`` belongs to another user or others may write in it: there, anyone could
    rename a cache file or plant a link under the name of one."""
    if not hasattr(os, "getuid"):
        return False
    st = d.stat()
    return st.st_uid != os.getuid() or bool(st.st_mode & 0o022)


def _new_temporary(folder: Path, prefix: str) -> tuple[int, str]:
    """A file made new in ``folder`` under a name no one can foresee (never one already
    there, nor through a link planted under its name), open for writing: ``(fd, path)``."""
    return tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)


def cache_dir() -> Path | None:
    """The first of the candidate folders that can be written to (created if need be), or
    None when none can: callers then work without a cache."""
    base = os.environ.get("REPORT_MINER_CACHE") or os.environ.get("XDG_CACHE_HOME")
    temp = _temp_cache()
    for d in ([Path(base) / "report_miner"] if base else []) + _home_cache() + [temp]:
        try:
            d.mkdir(mode=0o700 if d == temp else 0o777, parents=True, exist_ok=True)
            if d == temp and _others_can_write(d):
                continue
            fd, probe = _new_temporary(d, ".w")
            os.close(fd)
            os.unlink(probe)
            return d
        except OSError:
            continue
    return None


def read_trusted(path: Path) -> bytes | None:
    """The bytes of cache file ``path``, or None unless the file is there and, where the system
    has owners, belongs to this user and only they can write it (the temp-folder fallback is
    shared: a file another user left there is never unpickled). The owner is read off the
    file as opened, not off its name: in a folder others can write, a file swapped in between
    a check of the name and the opening would otherwise be read."""
    try:  # not blocking: a pipe left under the name must not hang the process
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:  # missing, unreadable
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (
                hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022)):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1  # closed with fh
            return fh.read()
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place, so that a
    process reading the cache never sees half a file; errors are left to the caller."""
    fd, tmp = _new_temporary(path.parent, f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            # only the owner writes it, whatever the umask (see read_trusted)
            os.fchmod(fh.fileno(), 0o644) if hasattr(os, "fchmod") else os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently written files of ``folder`` matching
    ``pattern``: each rules folder and each set of user words has its own entry, and a folder
    read once (a test's, a moved one) should not leave its entry there for ever."""
    try:
        found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in found[keep:]:
            old.unlink()
    except OSError:
        pass  # another process pruned the same file first, or the folder went read-only


def read_pickle(name: str):
    """The object kept as file ``name`` of the cache folder, or None: no folder, no such file,
    a file this user cannot trust (:func:`read_trusted`), or a damaged one (rebuilt by the
    caller). Every cache of report_miner reads through here."""
    d = cache_dir()
    data = None if d is None else read_trusted(d / name)
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - damaged, or from a version that no longer unpickles
        return None


def keep_pickle(name: str, obj, prune_like: str | None = None, keep: int = 0) -> bool:
    """Keep ``obj`` as file ``name`` of the cache folder (:func:`write_atomically`), then
    :func:`prune` the files matching ``prune_like`` to the latest ``keep``. False when nothing
    could be written (no folder, a full disk): the caller works on without the cache."""
    d = cache_dir()
    if d is None:
        return False
    try:
        write_atomically(d / name, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError):
        return False
    if prune_like:
        prune(d, prune_like, keep)
    return True

