"""Plain-text files and folders: size and permission checks, content hashes, walking folders (link
loops searched once, hidden files skipped).
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from pathlib import Path

from report_miner.errors import LoadError
from .base import Document
from .encoding import decode_bytes
from .paths import display_path  # noqa: F401  (re-exported: readers.files.display_path)


def read_text(path: str | os.PathLike[str]) -> Document:
    """Read a plain-text report file and decode it with :func:`decode_bytes`.

    Args:
        path: the file to read, e.g. ``"corpora/河西镇2023年工作总结.txt"``.

    Returns:
        A :class:`Document` whose ``source`` is ``str(path)`` as given.

    Raises:
        LoadError: if the file is missing, is a folder or not a regular file, cannot be read
            (the operating system's reason is included, e.g. "Permission denied"), is a
            symbolic-link loop, is larger than :data:`MAX_FILE_BYTES`, is empty, binary or
            cannot be decoded.

    Example::

        doc = read_text("corpora/000_69ef0c422dca94cf.txt")
        doc.encoding      # 'utf-8'
        doc.text[:8]      # '1、乡镇计划生育协'
    """
    source = os.fspath(path)
    data = _read_bytes(source)
    text, encoding = decode_bytes(data, source)
    return Document(text=text, source=source, encoding=encoding)


#: files larger than this are refused (a report is rarely over a few MB; this keeps one odd
#: file from exhausting the memory of a worker).
MAX_FILE_BYTES = 256 * 2**20


def _too_long_reason(exc: OSError) -> str:
    return (f"path too long for the operating system / 路径过长，系统无法打开 ({exc.strerror}): "
            f"shorten the folder names or move the folder up / 请缩短文件夹名或移到上层")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return _too_long_reason(exc)
    if exc.errno == errno.ELOOP:
        return f"symbolic link loop / 符号链接循环 ({exc.strerror})"
    if isinstance(exc, FileNotFoundError):
        return f"file not found / 文件不存在 ({exc.strerror})"
    if isinstance(exc, IsADirectoryError):  # a race: replaced by a folder after the check
        return f"is a folder, not a file / 这是文件夹，不是文件 ({exc.strerror})"
    if isinstance(exc, PermissionError):
        return f"permission denied / 没有读取权限 ({exc.strerror})"
    return f"cannot read file / 无法读取文件 ({exc.strerror or exc})"


def special_file_reason(mode: int) -> str:
    """Why a file of ``mode`` (not a regular file) is not read; it is never opened, so a
    named pipe cannot hang a run."""
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO) / 命名管道"
    elif stat.S_ISSOCK(mode):
        kind = "a socket / 套接字"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device / 设备文件"
    else:
        kind = "a special file / 特殊文件"
    return f"not a regular file: {kind}; not opened / 不是普通文件，未打开"


def _open_regular(source: str) -> Any:
    """``source`` opened for reading in binary, refused (LoadError) unless it is a regular
    file when opened: it is opened without blocking (a file replaced by a FIFO after the
    check cannot hang), then checked with ``fstat``. OSError as ``open`` raises it."""
    handle = open(source, "rb", opener=_opener_nonblocking)
    try:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise LoadError(source, special_file_reason(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle.fileno(), True)
        return handle
    except BaseException:
        handle.close()
        raise


def _opener_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _check_regular(source: str) -> os.stat_result:
    """``os.stat`` of a file that must be a regular one; LoadError otherwise."""
    try:
        st = os.stat(source)
    except OSError as exc:
        raise LoadError(source, _os_reason(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(source, "is a folder, not a file / 这是文件夹，不是文件")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(source, special_file_reason(st.st_mode))
    if st.st_size > MAX_FILE_BYTES:
        raise LoadError(
            source,
            f"file too large: {st.st_size / 2**20:.0f} MB (limit {MAX_FILE_BYTES // 2**20} MB) / "
            f"文件过大",
        )
    return st


def _read_bytes(source: str) -> bytes:
    """The whole content of a regular file, with every OS problem turned into a LoadError."""
    st = _check_regular(source)
    try:
        with _open_regular(source) as handle:
            # the size it has (+1, to see growth), not the limit: read(n) reserves n bytes
            data = handle.read(st.st_size + 1)
            if len(data) > st.st_size:  # it grows while read: up to the limit
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise LoadError(source, _os_reason(exc)) from exc
    if len(data) > MAX_FILE_BYTES:  # grew after the check
        raise LoadError(source, f"file too large (limit {MAX_FILE_BYTES // 2**20} MB) / 文件过大")
    return data


def file_digest(path: str | os.PathLike[str]) -> tuple[int, str]:
    """``(size in bytes, SHA-256 hex digest)`` of a file, read in 1 MB blocks.

    Raises the same :class:`LoadError` reasons as :func:`read_text` for files that cannot be
    read (missing, permission denied, link loop, not a regular file, too large), so a caller
    that hashes before loading reports the same reason.

        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile(delete=False) as fh:
        ...     _ = fh.write("总结".encode("utf-8"))
        >>> file_digest(fh.name)[0]
        6
    """
    source = os.fspath(path)
    _check_regular(source)
    digest = hashlib.sha256()
    size = 0
    try:
        with _open_regular(source) as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
                size += len(block)
    except OSError as exc:
        raise LoadError(source, _os_reason(exc)) from exc
    return size, digest.hexdigest()


def file_endings(suffixes: Iterable[str]) -> tuple[str, ...]:
    """File endings as :func:`iter_files` compares them with a name: each with its dot, lower
    case (``"TXT"`` and ``".txt"`` are both ``".txt"``).

    >>> file_endings(["txt", ".DOCX"])
    ('.txt', '.docx')
    """
    return tuple((s if s.startswith(".") else "." + s).lower() for s in suffixes)


def count_other_endings(paths: Iterable[str | os.PathLike[str]], suffixes: Iterable[str],
                        counts: dict[str, int] | None = None) -> dict[str, int]:
    """Count, by ending (lower case, ``""`` for none), the files in the folders of ``paths``
    that a walk for ``suffixes`` leaves out (files named directly are always read), so a
    command can say what it did not read (``.rtf 9, .wps 1``) instead of leaving it unseen.
    Folders that cannot be listed are skipped here: the walk that mines reports them."""
    wanted = file_endings(suffixes)
    counts = {} if counts is None else counts
    folders = [p for p in paths if os.path.isdir(p)]
    for p in iter_files(folders, None, on_error=lambda error: None):
        name = os.fspath(p)
        if not name.lower().endswith(wanted):
            ending = Path(name).suffix.lower()
            ending = ending if 0 < len(ending) <= 12 else ""
            counts[ending] = counts.get(ending, 0) + 1
    return counts


def other_endings_note(counts: dict[str, int]) -> str:
    """One line for :func:`count_other_endings`'s counts ("" when there are none)."""
    if not counts:
        return ""
    n = sum(counts.values())
    kinds = ", ".join(f"{e or '(none)'} {c}" for e, c in
                      sorted(counts.items(), key=lambda ec: (-ec[1], ec[0]))[:8])
    more = ", …" if len(counts) > 8 else ""
    return (f"not read 未读取: {n} file(s) with other endings ({kinds}{more}); "
            f"--suffix .EXT reads them too / 其他后缀的文件未处理，可用 --suffix 加入")


def iter_files(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    suffixes: Iterable[str] | None = (".txt",),
    on_error: Callable[[LoadError], None] | None = None,
) -> Iterator[Path]:
    """List the report files under ``paths``, each once, in a stable order.

    Args:
        paths: files and folders (a single path is accepted too). Folders are searched
            recursively in name order; files named directly are always yielded, whatever
            their suffix, even hidden ones or ones that do not exist (so that
            :func:`read_text` reports the problem for that file and the others can go on).
        suffixes: file endings to keep when searching folders, compared case-insensitively
            (``".txt"`` also matches ``"报告.TXT"``); ``None`` keeps every file.

    Yields:
        Paths built from the arguments (not resolved), e.g. ``corpora/乡镇/河西镇.txt``.

        on_error: called with a :class:`LoadError` for each folder that cannot be listed,
            and the walk goes on; without it the error is raised.

    Inside folders, hidden files and folders (names starting with ``"."``, and on Windows
    those marked hidden) are skipped. Symbolic links are followed, but a folder reached twice
    (a link loop, or two links to one folder) is searched once, and a file reached by several
    paths is yielded only the first time. A link with a wanted suffix that cannot be followed
    (it points to itself or nowhere) is yielded, so that reading it reports the problem; so
    is a named pipe (FIFO), socket or device with a wanted suffix (reading it refuses it
    without opening it, so a FIFO cannot hang the run).

    Raises:
        LoadError: if a folder cannot be listed (e.g. permission denied) and no ``on_error``.

    Example::

        list(iter_files(["corpora", "extra/河西镇.doc"]))
        # [PosixPath('corpora/000_69ef0c422dca94cf.txt'), PosixPath('extra/河西镇.doc')]
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    wanted = None if suffixes is None else file_endings(suffixes)
    seen_files: set[str] = set()
    seen_dirs: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, wanted, seen_files, seen_dirs, on_error)
        else:
            key = os.path.realpath(path)
            if key not in seen_files:
                seen_files.add(key)
                yield path


def _walk(
    folder: Path,
    wanted: tuple[str, ...] | None,
    seen_files: set[str],
    seen_dirs: set[str],
    on_error: Callable[[LoadError], None] | None = None,
) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        why = _too_long_reason(exc) if exc.errno == errno.ENAMETOOLONG else exc.strerror
        error = LoadError(str(folder), f"cannot list folder / 无法读取文件夹 ({why})")
        if on_error is None:
            raise error from exc
        on_error(error)
        return
    for entry in entries:
        if _is_hidden(entry):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:  # e.g. a link to itself (ELOOP): report it if it looks like a report
            is_dir, is_file = False, entry.is_symlink()
        if not is_dir and not is_file and entry.is_symlink():
            is_file = True  # a dangling link: reading it says "file not found"
        if not is_dir and not is_file:
            is_file = True  # a FIFO, socket or device: reading it says what it is (never opened)
        if is_dir:
            yield from _walk(path, wanted, seen_files, seen_dirs, on_error)
        elif is_file and (wanted is None or entry.name.lower().endswith(wanted)):
            key = os.path.realpath(path)
            if key not in seen_files:
                seen_files.add(key)
                yield path


def _is_hidden(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith("."):
        return True
    try:
        attributes = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & 0x2)  # FILE_ATTRIBUTE_HIDDEN, Windows only
