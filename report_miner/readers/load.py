"""Reading plain-text reports: bytes → text, files → :class:`Document`, folders → file lists.

Chinese reports arrive in UTF-8, GB18030/GBK (mainland Windows), Big5 (Taiwan, Hong Kong) and
now and then UTF-16 (Notepad "Unicode"). :func:`decode_bytes` finds out which, without guessing
a Western or Japanese code page, and refuses binary files with a clear message::

    >>> decode_bytes("河西镇共有12个村。".encode("gb18030"))
    ('河西镇共有12个村。', 'gb18030')
    >>> decode_bytes("河西鎮共有12個村。".encode("big5"))
    ('河西鎮共有12個村。', 'big5')

The decoded text is returned exactly as it is in the file: line endings (``\\r\\n``, ``\\r``)
and every other character are kept, only a byte-order mark (BOM) is removed, so the ``start``/
``end`` offsets computed later always refer to :attr:`Document.text`.

Typical use::

    for path in iter_files(["corpora"]):
        doc = read_text(path)
        print(doc.source, doc.encoding, len(doc.text))
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from report_miner.errors import LoadError

__all__ = ["Document", "decode_bytes", "read_text", "read_document", "file_digest", "iter_files",
           "html_visible_text", "FORMATS"]


@dataclass(frozen=True)
class Document:
    """One report file as loaded: its text, where it came from and how it was decoded.

    Attributes:
        text: the decoded text, exactly as in the file minus a BOM (offsets refer to it).
        source: the path (or other label) the text was read from, e.g. ``"corpora/河西镇.txt"``.
        encoding: the encoding used, e.g. ``"utf-8"``, ``"utf-8-sig"``, ``"gb18030"``, ``"big5"``.
        format: the input format; ``"txt"`` for plain text.

    Example::

        >>> doc = Document("河西镇共有12个村。", "河西镇.txt", "utf-8")
        >>> doc.text[3:5]
        '共有'
    """

    text: str = field(repr=False)
    source: str
    encoding: str
    format: str = "txt"


# --------------------------------------------------------------------------------------------
# decoding

_BINARY = "binary file, not text / 二进制文件，不是文本"

#: byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

#: file signatures of common binary formats, so the error can say what the file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image / PNG 图片"),
    (b"\xff\xd8\xff", "JPEG image / JPEG 图片"),
    (b"GIF87a", "GIF image / GIF 图片"),
    (b"GIF89a", "GIF image / GIF 图片"),
    (b"%PDF-", "PDF document / PDF 文档"),
    (b"PK\x03\x04", "zip archive, e.g. .docx/.xlsx / zip 压缩包，如 .docx/.xlsx"),
    (b"PK\x05\x06", "zip archive / zip 压缩包"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office file, .doc/.xls / 旧版 Office 文件"),
    (b"\x1f\x8b", "gzip archive / gzip 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive / 7z 压缩包"),
    (b"Rar!\x1a\x07", "RAR archive / RAR 压缩包"),
    (b"\x7fELF", "ELF executable / 可执行文件"),
    (b"SQLite format 3\x00", "SQLite database / SQLite 数据库"),
)

#: encodings tried, in order of preference when two fit equally well.  cp950 (Microsoft's
#: Big5) is only tried when plain Big5 fails; UTF-16 without BOM only on even lengths.
_CANDIDATES: tuple[str, ...] = ("gb18030", "big5", "cp950", "utf-16-le", "utf-16-be")

#: a decoded text with more control characters than this share is treated as binary.
_MAX_CONTROL_SHARE = 0.10
#: below this plausibility (see ``_plausibility``) a decoding is not accepted as Chinese text.
_MIN_PLAUSIBILITY = 0.7
#: at least this share of non-ASCII bytes decoding as UTF-8 means "meant as UTF-8".
_UTF8_SHARE = 0.9

_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_ASCII_BYTES = bytes(range(0x80))
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII_RUNS = re.compile(r"[^\x00-\x7f]+")


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a plain-text report and say which encoding was used.

    Args:
        data: the raw file content.
        source: a label for error messages, usually the file path.

    Returns:
        ``(text, encoding)``. ``encoding`` is one of ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with a
        BOM), ``"utf-16-le"``, ``"utf-16-be"``, ``"utf-32-le"``, ``"utf-32-be"``, ``"gb18030"``
        (also GB2312 and GBK, which it contains), ``"big5"`` or ``"cp950"`` (Big5 with
        Microsoft's additions, only when plain Big5 fails).

    Raises:
        LoadError: for empty input, binary data (NUL bytes outside UTF-16, many control
            characters, or a known binary signature such as PNG, zip/docx, PDF, ELF), and for
            bytes that no supported encoding decodes into plausible Chinese text.

    How it decides:
        1. A BOM names the encoding; it is removed and the rest must decode strictly.
        2. NUL bytes mean UTF-16 without BOM (ASCII characters give a NUL every other byte),
           accepted only if the decoded text looks like text; otherwise the data is binary.
        3. Strict UTF-8. Data that is almost entirely valid UTF-8 but broken somewhere is
           reported as such, rather than turned into GB18030 mojibake; only an incomplete
           character cut off at the very end (a truncated download) is tolerated and shows as
           one U+FFFD.
        4. Otherwise GB18030, Big5 (cp950) and UTF-16 are each tried strictly. Big5 bytes are
           almost always valid GB18030 too, and short GB texts often decode as Big5, so when
           several fit, the one whose characters are common Chinese ones wins (level-1 Han of
           GB2312 or Big5, CJK punctuation; the wrong decoding gives rare Han, kana, bopomofo,
           vertical forms); if that is too close to call, charset-normalizer's chaos measure
           decides, then the order GB18030, Big5, UTF-16. A best result that still does not
           read as Chinese is refused. Western and Japanese code pages are never considered.

    The text is not otherwise changed: ``\\r\\n`` and ``\\r`` stay as they are.

    Examples::

        >>> decode_bytes("总人口23456人".encode("utf-8"))
        ('总人口23456人', 'utf-8')
        >>> decode_bytes(codecs.BOM_UTF8 + "总结".encode("utf-8"))
        ('总结', 'utf-8-sig')
        >>> decode_bytes("辖12个村\\r\\n".encode("utf-16"))[0]
        '辖12个村\\r\\n'
    """
    if not data:
        raise LoadError(source, "empty file / 空文件")

    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise LoadError(
                    source,
                    f"starts with a {name} byte-order mark but is not valid {name} at byte "
                    f"{exc.start + len(bom)} ({exc.reason}) / 文件以 {name} 标记开头，"
                    f"但第 {exc.start + len(bom)} 字节无法按 {name} 解码",
                ) from exc
            _check_control(text, source)
            return text, name

    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise LoadError(source, f"binary file ({kind}), not text / 二进制文件，不是文本")

    if b"\x00" in data:
        found = _decode_utf16_by_nuls(data)
        if found is None:
            raise LoadError(source, _BINARY)
        return found

    if len(data.translate(None, _NON_CONTROL_BYTES)) > _MAX_CONTROL_SHARE * len(data):
        raise LoadError(source, _BINARY)

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc

    truncated = utf8_error.end == len(data) and "unexpected end" in utf8_error.reason
    if truncated and _mostly_utf8(data[: utf8_error.start]):
        # a multi-byte character cut off at the end (truncated file): keep everything before it
        return data[: utf8_error.start].decode("utf-8") + "\ufffd", "utf-8"
    if _mostly_utf8(data):
        tolerated = _decode_tolerant(data, "utf-8")
        if tolerated is not None:
            return tolerated
        raise LoadError(
            source,
            f"mostly UTF-8 but invalid at byte {utf8_error.start} ({utf8_error.reason}); the "
            f"file is probably damaged or mixes encodings / 基本是 UTF-8，但第 "
            f"{utf8_error.start} 字节无法解码，文件可能已损坏或混用了编码",
        )
    return _decode_chinese(data, source, utf8_error)


#: a report with at most this many undecodable bytes (and at most one per this many bytes) is
#: kept, the bad bytes shown as U+FFFD, rather than lost for a stray byte
MAX_BAD_BYTES = 8
BYTES_PER_BAD_BYTE = 2000


def _decode_tolerant(data: bytes, codec: str) -> tuple[str, str] | None:
    """Decode with a few stray bytes replaced; the encoding name says how many (so the
    ``files`` table shows it). None when there are too many to call it a stray byte."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
    if 0 < bad <= min(MAX_BAD_BYTES, len(data) // BYTES_PER_BAD_BYTE):
        return text, f"{codec} ({bad} undecodable character{'s' if bad > 1 else ''} replaced / 已替换无法解码的字符)"
    return None


def _decode_utf16_by_nuls(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM, recognised by its NUL bytes; None if it does not read as text."""
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    # ASCII in UTF-16-LE puts the NUL second (odd positions); prefer the side with more NULs.
    order = ("utf-16-le", "utf-16-be") if odd_nuls >= even_nuls else ("utf-16-be", "utf-16-le")
    best: tuple[float, str, str] | None = None
    for codec in order:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > _MAX_CONTROL_SHARE:
            continue
        score = _plausibility(text)
        if score >= _MIN_PLAUSIBILITY and (best is None or score > best[0]):
            best = (score, text, codec)
    return None if best is None else (best[1], best[2])


def _decode_chinese(data: bytes, source: str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """Pick among GB18030, Big5/cp950 and BOM-less UTF-16 for non-UTF-8 data."""
    decoded: dict[str, str] = {}
    for codec in _CANDIDATES:
        if codec == "cp950" and "big5" in decoded:
            continue
        if codec.startswith("utf-16") and len(data) % 2:
            continue
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    tried = "UTF-8, GB18030, Big5, UTF-16"
    if not decoded:
        for codec in ("gb18030", "big5"):
            tolerated = _decode_tolerant(data, codec)
            if tolerated is not None and _plausibility(tolerated[0]) >= _MIN_PLAUSIBILITY:
                return tolerated
        raise LoadError(
            source,
            f"cannot decode as any of {tried} (UTF-8 fails at byte {utf8_error.start}) / "
            f"无法按 {tried} 解码",
        )

    scores = {codec: _plausibility(text) for codec, text in decoded.items()}
    top = max(scores.values())
    close = [codec for codec in decoded if scores[codec] >= top - 0.02]
    if len(close) == 1:
        best = close[0]
    else:  # too close to call on characters alone: let charset-normalizer's chaos decide
        chaos = _chaos(data, close)
        best = min(close, key=lambda c: (chaos.get(c, 1.0), _CANDIDATES.index(c)))
    if scores[best] < _MIN_PLAUSIBILITY:
        raise LoadError(
            source,
            f"does not read as Chinese text in any of {tried} (best guess {best}) / "
            f"按 {tried} 解码都不像中文文本",
        )
    text = decoded[best]
    _check_control(text, source)
    return text, best


def _chaos(data: bytes, codecs_: list[str]) -> dict[str, float]:
    """charset-normalizer's "chaos" (0 = clean … 1 = mess) for each candidate it accepts."""
    from charset_normalizer import from_bytes  # imported on first use, not at import time

    result: dict[str, float] = {}
    for match in from_bytes(data, cp_isolation=[c.replace("-", "_") for c in codecs_]):
        result.setdefault(codecs.lookup(match.encoding).name, match.chaos)
    return result


def _mostly_utf8(data: bytes) -> bool:
    """True if nearly all non-ASCII bytes decode as UTF-8 (and there are at least six)."""
    non_ascii = len(data.translate(None, _ASCII_BYTES))
    if non_ascii < 6:
        return False
    # each invalid byte (or broken sequence) becomes one U+FFFD; ignore U+FFFD already present
    broken = data.decode("utf-8", "replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return broken <= (1 - _UTF8_SHARE) * non_ascii


def _control_share(text: str) -> float:
    return len(_CONTROL_CHARS.findall(text)) / max(1, len(text))


def _check_control(text: str, source: str) -> None:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise LoadError(source, _BINARY)


@lru_cache(maxsize=65536)
def _char_weight(ch: str) -> float:
    """How usual ``ch`` is in a Chinese report: 1 common, 0.3 rare Han, 0 kana/Hangul/PUA/…"""
    cp = ord(ch)
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
        return 1.0 if _is_common_han(ch) else 0.3
    if (
        0x3000 <= cp <= 0x303F  # CJK punctuation 、。「」〇
        or 0xFF01 <= cp <= 0xFF5E  # full-width ASCII ，：（）１２
        or 0x2010 <= cp <= 0x203B  # dashes, quotes “”‘’, …, ‰, ※
        or 0x2100 <= cp <= 0x22FF  # ℃ №, Ⅰ Ⅱ, arrows, ≤ ≥
        or 0x2460 <= cp <= 0x27BF  # ①, box drawing, ■ ● ▲ ★ ☆
        or 0x3200 <= cp <= 0x33FF  # ㈠ ㎡ ㎏
        or cp in (0xA7, 0xB0, 0xB1, 0xB7, 0xD7, 0xF7, 0xFFE5)  # § ° ± · × ÷ ￥
    ):
        return 1.0
    if cp == 0x30FB:  # katakana middle dot, used as a separator in Chinese too
        return 1.0
    if 0xC0 <= cp <= 0x24F:  # accented Latin, e.g. pinyin lǜ, ā
        return 0.5
    if 0x0391 <= cp <= 0x03C9 or 0x0410 <= cp <= 0x044F:  # Greek (α, β, Ω), Cyrillic
        return 0.2
    return 0.0


@lru_cache(maxsize=65536)
def _is_common_han(ch: str) -> bool:
    """Level-1 (frequent) Han character of GB2312 (simplified) or of Big5 (traditional)."""
    try:
        b = ch.encode("gb2312")
        if 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        if 0xA4 <= b[0] <= 0xC5 or (b[0] == 0xC6 and b[1] <= 0x7E):
            return True
    except UnicodeEncodeError:
        pass
    return False


def _plausibility(text: str, sample: int = 20000) -> float:
    """Share (0..1) of the non-ASCII characters that are usual in Chinese text.

    A wrong decoding of Chinese bytes yields rare characters, kana, Hangul, bopomofo or
    private-use characters; the right one yields mostly common Han and CJK punctuation.
    Whitespace is not counted; text without non-ASCII characters scores 1.
    """
    runs: list[str] = []
    size = 0
    for match in _NON_ASCII_RUNS.finditer(text):
        runs.append(match.group())
        size += len(runs[-1])
        if size >= sample:
            break
    total = weighted = 0.0
    for ch, n in Counter("".join(runs)[:sample]).items():  # counted in C; weighed once per character
        if not ch.isspace():
            total += n
            weighted += _char_weight(ch) * n
    return weighted / total if total else 1.0


# --------------------------------------------------------------------------------------------
# files


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


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"symbolic link loop / 符号链接循环 ({exc.strerror})"
    if isinstance(exc, FileNotFoundError):
        return f"file not found / 文件不存在 ({exc.strerror})"
    if isinstance(exc, IsADirectoryError):  # a race: replaced by a folder after the check
        return f"is a folder, not a file / 这是文件夹，不是文件 ({exc.strerror})"
    if isinstance(exc, PermissionError):
        return f"permission denied / 没有读取权限 ({exc.strerror})"
    return f"cannot read file / 无法读取文件 ({exc.strerror or exc})"


def _check_regular(source: str) -> os.stat_result:
    """``os.stat`` of a file that must be a regular one; LoadError otherwise."""
    try:
        st = os.stat(source)
    except OSError as exc:
        raise LoadError(source, _os_reason(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(source, "is a folder, not a file / 这是文件夹，不是文件")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(source, "not a regular file / 不是普通文件")
    if st.st_size > MAX_FILE_BYTES:
        raise LoadError(
            source,
            f"file too large: {st.st_size / 2**20:.0f} MB (limit {MAX_FILE_BYTES // 2**20} MB) / "
            f"文件过大",
        )
    return st


def _read_bytes(source: str) -> bytes:
    """The whole content of a regular file, with every OS problem turned into a LoadError."""
    _check_regular(source)
    try:
        with open(source, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
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
        with open(source, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
                size += len(block)
    except OSError as exc:
        raise LoadError(source, _os_reason(exc)) from exc
    return size, digest.hexdigest()


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
    (it points to itself or nowhere) is yielded, so that reading it reports the problem.

    Raises:
        LoadError: if a folder cannot be listed (e.g. permission denied) and no ``on_error``.

    Example::

        list(iter_files(["corpora", "extra/河西镇.doc"]))
        # [PosixPath('corpora/000_69ef0c422dca94cf.txt'), PosixPath('extra/河西镇.doc')]
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    wanted = None if suffixes is None else tuple(
        (s if s.startswith(".") else "." + s).lower() for s in suffixes
    )
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
        error = LoadError(str(folder), f"cannot list folder / 无法读取文件夹 ({exc.strerror})")
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


# --------------------------------------------------------------------------------------------
# other formats: .docx, .pdf, .html/.htm, legacy .doc
#
# Each format is read by a maintained library, never by a parser of our own:
#   .docx       python-docx (on lxml): paragraphs and table cells, in document order
#   .pdf        pdfminer.six: the text layer in reading order (its layout analysis)
#   .html/.htm  lxml.html (libxml2's HTML parser, already installed with python-docx):
#               fast, tolerant of broken markup, and a real tree, so hidden subtrees are dropped
#   .doc        antiword or LibreOffice (``soffice --convert-to``), when one is installed
# Libraries are imported on first use, so ``import report_miner`` stays light.

#: suffixes :func:`read_document` knows, and the format name each gives.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".doc": "doc",
}
#: file endings picked up in folders by default: every format :func:`read_document` reads
#: (the one definition: the API, the CLI, ingest and the Dask engine use it)
INPUT_SUFFIXES: tuple[str, ...] = tuple(FORMATS)

#: zip-bomb guard for .docx: refuse packages that unpack to more than this in total …
MAX_ZIP_TOTAL_BYTES = 200 * 2**20
#: … or hold a member above :data:`MAX_ZIP_RATIO_FLOOR` bytes that is compressed more than
#: this ratio (Word XML compresses 5-20 times; a bomb of zeros about 1000 times) …
MAX_ZIP_RATIO = 100
MAX_ZIP_RATIO_FLOOR = 2**20
#: … or has more members than this (a Word document has a few dozen).
MAX_ZIP_MEMBERS = 10_000

#: seconds a .doc converter may run before it is stopped.
CONVERTER_TIMEOUT = 120.0

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")  # a stream of an encrypted .docx


def read_document(path: str | os.PathLike[str]) -> Document:
    """Load a report in any supported format into a :class:`Document`.

    The suffix chooses the loader (``.txt .docx .pdf .html .htm .doc``; any other suffix is
    read as plain text). Files whose content says otherwise are read for what they are, which
    is common in archives: a ``.doc`` that is really a ``.docx``, HTML ("Word web page") or
    plain text; a ``.docx`` that is really an old binary ``.doc``. :attr:`Document.format`
    names the format actually read: ``"txt"``, ``"docx"``, ``"pdf"``, ``"html"`` or ``"doc"``.

    ``Document.encoding`` is the character encoding used to decode text bytes (plain text,
    HTML); ``"utf-8"`` for converter output; ``""`` for .docx and .pdf, which carry their own.

    Offsets in the tables refer to ``Document.text``, the text extracted here: paragraphs one
    per line, table rows one per line with cells separated by tabs, PDF pages by line breaks.

    Raises:
        LoadError: with a bilingual reason, e.g. "scanned PDF without a text layer / 扫描件，
            无文字层", "password-protected .docx", "damaged or truncated .docx", "zip bomb",
            "legacy Word .doc needs a converter", plus every reason of :func:`read_text`.

    Example::

        doc = read_document("archive/河西镇/2023/工作总结.docx")
        doc.format     # 'docx'
    """
    source = os.fspath(path)
    data = _read_bytes(source)
    if not data:
        raise LoadError(source, "empty file / 空文件")
    fmt = FORMATS.get(os.path.splitext(source)[1].lower(), "txt")
    doc = _LOADERS[_sniff(data, fmt, source)](data, source)
    if not doc.text.strip():
        raise LoadError(source, "no text: only white space / 无正文,只有空白")
    return doc


def _sniff(data: bytes, fmt: str, source: str) -> str:
    """The format to read ``data`` as, starting from the one its suffix names."""
    head = data[:1024]
    if fmt == "docx":
        if data.startswith(_OLE_MAGIC):
            if _ENCRYPTED_OOXML in data[:1 << 20] or _ENCRYPTED_OOXML in data[-(1 << 20):]:
                raise LoadError(source, "password-protected (encrypted) .docx; save it without "
                                        "a password / 文档已加密(有密码)，请另存为无密码文件")
            return "doc"  # an old .doc renamed to .docx
        return "docx"
    if fmt == "doc":
        if data.startswith(_ZIP_MAGIC):
            return "docx"
        if data.startswith(_OLE_MAGIC) or head.lstrip().startswith(b"{\\rtf"):
            return "doc"
        if _looks_like_html(head):
            return "html"
        return "txt"  # plain text saved as .doc; decode_bytes refuses other binaries
    if fmt == "pdf":
        return "pdf"
    if fmt == "html":
        return "html"
    return "txt"


_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.IGNORECASE | re.DOTALL)


def _looks_like_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head))


def _load_txt(data: bytes, source: str) -> Document:
    text, encoding = decode_bytes(data, source)
    return Document(text=text, source=source, encoding=encoding, format="txt")


def _no_text(text: str) -> bool:
    return not text.strip()


# --- .docx --------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P, _W_TBL, _W_TR, _W_TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_W_TXBX, _W_TCPR, _W_VMERGE, _W_VAL = _W + "txbxContent", _W + "tcPr", _W + "vMerge", _W + "val"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _check_zip(data: bytes, source: str) -> None:
    """Refuse damaged, encrypted and zip-bomb packages before a parser unpacks anything.

    Sizes are the ones the zip declares; Python's zipfile never inflates a member beyond its
    declared size (it fails the CRC check instead), so the declared sizes bound the memory.
    """
    import io as _io
    import zipfile

    try:
        with zipfile.ZipFile(_io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise LoadError(source, f"damaged or truncated .docx (not a complete zip package: {exc}) / "
                                f"文件已损坏或不完整") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise LoadError(source, f"suspicious .docx: {len(infos)} parts in the zip (limit "
                                f"{MAX_ZIP_MEMBERS}); not opened / 可疑文件(压缩包内文件过多)，未打开")
    total = sum(info.file_size for info in infos)
    if total > MAX_ZIP_TOTAL_BYTES:
        raise LoadError(source, f"zip bomb? the .docx would unpack to {total / 2**20:.0f} MB "
                                f"(limit {MAX_ZIP_TOTAL_BYTES // 2**20} MB); not opened / "
                                f"疑似压缩炸弹，解压后过大，未打开")
    for info in infos:
        if info.flag_bits & 0x1:
            raise LoadError(source, "password-protected (encrypted) .docx / 文档已加密(有密码)")
        if (info.file_size > MAX_ZIP_RATIO_FLOOR
                and info.file_size > MAX_ZIP_RATIO * max(1, info.compress_size)):
            ratio = info.file_size / max(1, info.compress_size)
            raise LoadError(source, f"zip bomb? {info.filename} is compressed {ratio:.0f} times "
                                    f"(limit {MAX_ZIP_RATIO}); not opened / 疑似压缩炸弹，未打开")


def _load_docx(data: bytes, source: str) -> Document:
    import io as _io
    import zipfile

    _check_zip(data, source)
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise LoadError(source, "python-docx is not installed (pip install python-docx) / "
                                "缺少 python-docx") from exc
    try:
        body = docx.Document(_io.BytesIO(data)).element.body
        lines: list[str] = []
        _docx_lines(body, lines)
    except zipfile.BadZipFile as exc:
        raise LoadError(source, f"damaged .docx ({exc}) / 文件已损坏") from exc
    except (KeyError, ValueError) as exc:
        # python-docx: no main document part, or a package of another kind (.xlsx, .pptx)
        raise LoadError(source, f"not a Word document ({exc}) / 不是 Word 文档") from exc
    except Exception as exc:  # lxml syntax errors and the like, from a damaged part
        raise LoadError(source, f"damaged .docx ({type(exc).__name__}: {exc}) / 文件已损坏") from exc
    text = "\n".join(lines)
    if _no_text(text):
        raise LoadError(source, "no text in the .docx (empty, or only images) / 文档中没有文字")
    return Document(text=text, source=source, encoding="", format="docx")


def _docx_lines(element: Any, out: list[str]) -> None:
    """Paragraphs (one line each) and tables (a row per line, cells tab-separated), in order."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == _W_P:
            out.append(child.text or "")  # python-docx's CT_P.text: runs, tabs, breaks, links
            for box in child.iter(_W_TXBX):  # text boxes anchored in the paragraph
                if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                    _docx_lines(box, out)
        elif tag == _W_TBL:
            for row in child.iterchildren(_W_TR):
                cells = []
                for cell in row.iterchildren(_W_TC):
                    if _is_merge_continuation(cell):
                        continue  # a vertically merged cell: its text is in the row above
                    inner: list[str] = []
                    _docx_lines(cell, inner)
                    cells.append("\n".join(inner))
                out.append("\t".join(cells))
        elif tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                _docx_lines(content, out)
        elif tag == _W_CUSTOM_XML:
            _docx_lines(child, out)


def _is_merge_continuation(cell: Any) -> bool:
    props = cell.find(_W_TCPR)
    merge = props.find(_W_VMERGE) if props is not None else None
    return merge is not None and merge.get(_W_VAL, "continue") == "continue"


# --- .pdf ---------------------------------------------------------------------------------

_CID_GARBAGE = re.compile(r"\(cid:\d+\)")


def _load_pdf(data: bytes, source: str) -> Document:
    import io as _io

    if b"%PDF-" not in data[:1024]:
        raise LoadError(source, "not a PDF file (no %PDF- header) / 不是 PDF 文件")
    try:
        from pdfminer.converter import TextConverter
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise LoadError(source, "pdfminer.six is not installed (pip install pdfminer.six) / "
                                "缺少 pdfminer.six") from exc

    truncated = b"%%EOF" not in data[-2048:]
    damaged = ("truncated PDF (no %%EOF at the end) / PDF 文件不完整" if truncated
               else "damaged PDF / PDF 文件已损坏")
    try:
        document = PDFDocument(PDFParser(_io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as exc:
        raise LoadError(source, "password-protected PDF (needs a password to open) / "
                                "PDF 已加密，需要密码才能打开") from exc
    except PDFEncryptionError as exc:
        raise LoadError(source, f"encrypted PDF that cannot be opened ({exc}) / "
                                f"PDF 已加密，无法打开") from exc
    except Exception as exc:  # pdfminer raises many kinds on broken files
        raise LoadError(source, f"{damaged} ({type(exc).__name__}: {exc})") from exc

    out = _io.StringIO()
    manager = PDFResourceManager(caching=True)
    device = TextConverter(manager, out, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    pages = 0
    try:
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages += 1
    except PDFPasswordIncorrect as exc:  # pragma: no cover - caught above in practice
        raise LoadError(source, "password-protected PDF / PDF 已加密") from exc
    except Exception as exc:
        if not pages or _no_text(out.getvalue()):
            raise LoadError(source, f"{damaged} ({type(exc).__name__}: {exc})") from exc
        # some pages were read: keep them (a damaged tail must not lose the whole report)
    finally:
        device.close()
    text = out.getvalue().replace("\f", "\n").rstrip()  # pages end with a form feed
    if not pages:
        raise LoadError(source, damaged if truncated else "PDF without pages / PDF 没有页面")
    if _no_text(text):
        raise LoadError(source, f"scanned PDF without a text layer / 扫描件，无文字层 "
                                f"({pages} page(s), needs OCR / 需要 OCR)")
    garbage = sum(len(m) for m in _CID_GARBAGE.findall(text))
    if garbage > 0.5 * len(text.strip()):
        raise LoadError(source, "PDF text layer cannot be decoded (fonts without a Unicode "
                                "mapping) / PDF 文字层无法解码(字体缺少 Unicode 映射)")
    return Document(text=text, source=source, encoding="", format="pdf")


# --- .html / .htm -------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
#: labels seen in Chinese pages, mapped as browsers do (GB2312 and GBK pages are GB18030).
_HTML_CODECS = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
    "cp936": "gb18030", "gb_2312-80": "gb18030", "chinese": "gb18030", "csgb2312": "gb18030",
    "big5": "big5", "x-x-big5": "big5", "big5-hkscs": "big5hkscs", "cp950": "cp950",
    "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
}
#: elements whose content is never shown.
_HTML_HIDDEN_TAGS = frozenset({"head", "script", "style", "noscript", "template", "iframe",
                               "select", "datalist", "object", "embed", "canvas"})
#: elements that start a new line.
_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "menu", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "body",
})
_HTML_PRE = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
_HTML_STYLE_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _decode_html(data: bytes, source: str) -> tuple[str, str]:
    """Decode a page: BOM, then its ``<meta charset>``, then :func:`decode_bytes` detection.

    A declared Unicode or Chinese encoding is trusted when the bytes decode with it; a wrong
    declaration (pages saved in GBK that say UTF-8 are common) falls back to detection.
    """
    if any(data.startswith(bom) for bom, _, _ in _BOMS):
        return decode_bytes(data, source)
    match = _META_CHARSET.search(data[:8192])
    if match:
        label = (match.group(1) or match.group(2)).decode("ascii").lower()
        codec = _HTML_CODECS.get(label)
        if codec:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass
        else:  # another declared encoding: detection first, the declaration as a last resort
            try:
                return decode_bytes(data, source)
            except LoadError:
                try:
                    return data.decode(label), codecs.lookup(label).name
                except (LookupError, UnicodeDecodeError):
                    pass
    return decode_bytes(data, source)


def _load_html(data: bytes, source: str) -> Document:
    text, encoding = _decode_html(data, source)
    visible = html_visible_text(text, source)
    if _no_text(visible):
        raise LoadError(source, "no visible text in the HTML page / 网页中没有可见文字")
    return Document(text=visible, source=source, encoding=encoding, format="html")


def html_visible_text(markup: str, source: str = "<html>") -> str:
    """The text a browser shows for ``markup``: no script, style, head or hidden elements.

    Block elements (p, div, li, tr, h1 …) and ``<br>`` start new lines, table cells are
    separated by tabs, white space is collapsed as a browser does (kept inside ``<pre>``),
    and blank lines are dropped.

        >>> html_visible_text("<p>全镇共有<b>12</b>个村</p><script>var n = 3;</script><p>完成</p>")
        '全镇共有12个村\\n完成'
    """
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8", "replace"),
                                             parser=parser)
    except (etree.ParserError, ValueError) as exc:  # "Document is empty"
        if _no_text(markup):
            return ""
        raise LoadError(source, f"cannot parse the HTML page ({exc}) / 无法解析网页") from exc

    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if (element.tag.lower() in _HTML_HIDDEN_TAGS or element.get("hidden") is not None
                or _HTML_STYLE_HIDDEN.search(element.get("style") or "")):
            element.drop_tree()  # keeps the tail text, which is outside the element

    # a set of the elements themselves (not id()s): it keeps lxml's proxies alive, so the same
    # node always comes back as the same object
    in_pre = {e for p in root.iter(*_HTML_PRE) for e in p.iter()}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        parent = element.getparent()
        if element.text and element not in in_pre:
            element.text = _HTML_SPACE.sub(" ", element.text)
        if element.tail and (parent is None or parent not in in_pre):
            element.tail = _HTML_SPACE.sub(" ", element.tail)
        if tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif tag in ("td", "th"):
            element.tail = "\t" + (element.tail or "")
        elif tag in _HTML_BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    raw = "".join(root.itertext()).replace("\xa0", " ")
    lines = (re.sub(r" {2,}", " ", line).strip(" \t") for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


# --- legacy .doc --------------------------------------------------------------------------


def _load_doc(data: bytes, source: str) -> Document:
    """Convert a legacy Word file with antiword, else LibreOffice; say so when neither is here."""
    import shutil

    path = os.path.abspath(source)  # absolute: a name starting with "-" is not an option
    tried: list[str] = []
    rtf = data.lstrip()[:5] == b"{\\rtf"
    antiword = None if rtf else shutil.which("antiword")  # antiword reads only binary .doc
    if antiword:
        ok, out = _run_converter([antiword, "-m", "UTF-8.txt", "-w", "0", path], "antiword")
        if ok and not _no_text(out.decode("utf-8", "replace")):
            return Document(text=out.decode("utf-8", "replace"), source=source, encoding="utf-8",
                            format="doc")
        tried.append(out.decode("utf-8", "replace") if not ok else "antiword: no text")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="report_miner_doc_") as tmp:
            profile = Path(tmp, "profile").as_uri()  # a private profile: parallel runs do not clash
            ok, out = _run_converter(
                [office, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                 "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, path],
                "LibreOffice")
            converted = Path(tmp, Path(path).stem + ".txt")
            if ok and converted.is_file():
                text = converted.read_bytes().decode("utf-8-sig", "replace")
                if not _no_text(text):
                    return Document(text=text, source=source, encoding="utf-8", format="doc")
                tried.append("LibreOffice: no text")
            else:
                tried.append(out.decode("utf-8", "replace") if not ok else "LibreOffice: no output")
    if not antiword and not office:
        needs = "LibreOffice (soffice)" if rtf else "antiword or LibreOffice (soffice)"
        raise LoadError(source, f"legacy Word {'RTF' if rtf else '.doc'} file: no converter "
                                f"found; install {needs}, or save it as .docx / 旧版 Word 文件，"
                                f"未找到转换工具，请安装 {needs} 或另存为 .docx")
    raise LoadError(source, "cannot convert legacy Word .doc: " + "; ".join(tried)[:500]
                    + " / 旧版 Word 文件转换失败")


def _run_converter(command: list[str], name: str) -> tuple[bool, bytes]:
    """Run a converter with :data:`CONVERTER_TIMEOUT`; (ok, stdout) or (False, reason)."""
    import signal
    import subprocess

    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return False, f"{name} cannot start ({exc.strerror or exc})".encode()
    try:
        out, err = proc.communicate(timeout=CONVERTER_TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the converter and anything it started
        except OSError:
            proc.kill()
        proc.communicate()
        return False, f"{name} timed out after {CONVERTER_TIMEOUT:.0f} s".encode()
    if proc.returncode != 0:
        first = (err or out).decode("utf-8", "replace").strip().splitlines()
        return False, f"{name} failed ({first[0] if first else 'exit ' + str(proc.returncode)})".encode()
    return True, out


_LOADERS: dict[str, Callable[[bytes, str], Document]] = {
    "txt": _load_txt,
    "docx": _load_docx,
    "pdf": _load_pdf,
    "html": _load_html,
    "doc": _load_doc,
}
