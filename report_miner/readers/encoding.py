"""Bytes to text: UTF-8, GB18030/GBK, Big5 and UTF-16 told apart without guessing a Western or
Japanese code page; binary files refused.
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from functools import lru_cache

from report_miner.errors import LoadError


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
                found = (_misdeclared_after_bom(data[len(bom):]) if codec == "utf-8"
                         else _after_wrong_bom(data[len(bom):], source, name))
                if found is not None:
                    return found
                raise LoadError(
                    source,
                    f"starts with a {name} byte-order mark but is not valid {name} at byte "
                    f"{exc.start + len(bom)} ({exc.reason}) / 文件以 {name} 标记开头，"
                    f"但第 {exc.start + len(bom)} 字节无法按 {name} 解码",
                ) from exc
            padded = len(text) - len(text.rstrip("\x00"))
            if padded:  # zeros a crash left at the end of the file (see _decode_with_nuls)
                text = text[:-padded]
                name = f"{name} ({_padding_note(padded * len(chr(0).encode(codec)))})"
            if codec != "utf-8" and _plausibility(text) < _MIN_PLAUSIBILITY:
                # a UTF-16/32 mark before bytes that are not UTF-16/32 (a tool wrote the mark, then
                # UTF-8 or GBK text): read as such it is garbage that "decodes"; the bytes after
                # the mark are read as a file without one when they read as Chinese that way
                found = _after_wrong_bom(data[len(bom):], source, name)
                if found is not None:
                    return found
            _check_control(text, source)
            return text, name

    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise LoadError(source, f"binary file ({kind}), not text / 二进制文件，不是文本")

    if b"\x00" in data:
        found = _decode_utf16_by_nuls(data) or _decode_with_nuls(data, source)
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
        # lines in GBK first: a short GBK line in a long UTF-8 file is few enough bytes to pass
        # as stray ones, and would turn into U+FFFD and mojibake (全 C8 AB reads ȫ)
        tolerated = _decode_by_lines(data) or _decode_tolerant(data, "utf-8")
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


def _padding_note(count: int) -> str:
    return f"{count} NUL byte(s) at the end ignored / 已忽略末尾 {count} 个空字节"


def _decode_with_nuls(data: bytes, source: str) -> tuple[str, str] | None:
    """A UTF-8, GB18030 or Big5 text with NUL bytes in it, not UTF-16: zeros at the end (a
    file a crash or a power cut left with its last blocks unwritten, common in old archives)
    are dropped; a few stray ones inside (as many as :data:`MAX_BAD_BYTES` stray bytes, at
    most one per :data:`BYTES_PER_BAD_BYTE`) are shown as U+FFFD, one for one, so offsets
    still count the file's characters. The encoding name says which. None when the bytes
    without their zeros are not text in one of those encodings (a binary file stays binary).

        >>> decode_bytes("总人口23456人".encode() + bytes(4096))
        ('总人口23456人', 'utf-8 (4096 NUL byte(s) at the end ignored / 已忽略末尾 4096 个空字节)')
    """
    body = data.rstrip(b"\x00")
    padded, stray = len(data) - len(body), body.count(b"\x00")
    if not body.strip() or stray > min(MAX_BAD_BYTES, len(body) // BYTES_PER_BAD_BYTE):
        return None
    try:
        _text, encoding = decode_bytes(body.replace(b"\x00", b""), source)
    except LoadError:
        return None
    if encoding not in ("utf-8", "gb18030", "big5", "cp950"):
        return None  # (a BOM, UTF-16, mixed or repaired text: not a case for guessing more)
    try:
        text = "\ufffd".join(part.decode(encoding) for part in body.split(b"\x00"))
    except UnicodeDecodeError:  # a zero inside a character: damage of another kind
        return None
    notes = [_padding_note(padded)] if padded else []
    if stray:
        notes.append(f"{stray} NUL byte(s) shown as U+FFFD / {stray} 个空字节显示为 U+FFFD")
    return text, f"{encoding} ({'; '.join(notes)})"


#: the encoding name of a file whose lines are partly UTF-8, partly GB18030 (GBK)
MIXED_ENCODING = "utf-8+gb18030 (mixed by line / 按行混用编码)"


def _decode_by_lines(data: bytes) -> tuple[str, str] | None:
    """A report pasted together from a UTF-8 and a GBK file: each line UTF-8, else GB18030
    (a line may switch once, where UTF-8 stops: the rest of it in GB18030). None unless every
    line decodes so, both encodings occur, and the GB18030 parts read as Chinese on their own
    (UTF-8 bytes misread as GB18030 do not), so a damaged UTF-8 file is never "mixed".

        >>> data = "河西镇工作总结".encode() + bytes([10]) + "全镇总人口12000人，辖9个行政村。".encode("gbk")
        >>> _decode_by_lines(data)[0].split()
        ['河西镇工作总结', '全镇总人口12000人，辖9个行政村。']
    """
    parts: list[str] = []
    gb: list[str] = []
    utf8 = False
    for line in data.splitlines(keepends=True):
        try:
            text = line.decode("utf-8")
            utf8 = utf8 or not line.isascii()
            parts.append(text)
            continue
        except UnicodeDecodeError as exc:
            split = _switch_point(line, exc.start)
        if split is None:
            return None
        head, rest = split
        utf8 = utf8 or not head.isascii()
        parts += [head, rest]
        gb.append(rest)
    gb_text = "".join(gb)
    if not (utf8 and len(gb_text.strip()) >= 8 and _plausibility(gb_text) >= _MIN_PLAUSIBILITY):
        return None
    text = "".join(parts)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        return None
    return text, MIXED_ENCODING


#: the encoding name of a GBK file that starts with a UTF-8 byte-order mark
GBK_AFTER_BOM = "gb18030 (after a UTF-8 byte-order mark / UTF-8 标记后为 GB18030)"


def _after_wrong_bom(rest: bytes, source: str, name: str) -> tuple[str, str] | None:
    """The bytes after a UTF-16/32 byte-order mark read as a file without a mark, when that
    gives plausible Chinese text (None otherwise: the caller keeps its reading)."""
    if not rest or rest.startswith(tuple(b for b, _, _ in _BOMS)):
        return None
    try:
        text, enc = decode_bytes(rest, source)
    except LoadError:
        return None
    if _plausibility(text) < _MIN_PLAUSIBILITY:
        return None
    return text, f"{enc} (after a {name} byte-order mark / {name} 标记后为 {enc})"


def _misdeclared_after_bom(rest: bytes) -> tuple[str, str] | None:
    """The text after a UTF-8 BOM that is not UTF-8: a GBK file an editor or a converter gave
    the mark (or UTF-8 and GBK lines, :func:`_decode_by_lines`). Only a text long enough to
    tell (8 characters at least) that reads as Chinese in GB18030; damaged UTF-8 is not."""
    if _mostly_utf8(rest):
        return None
    try:
        text = rest.decode("gb18030")
    except UnicodeDecodeError:
        return _decode_by_lines(rest)
    if (len(text.strip()) < 8 or _plausibility(text) < _MIN_PLAUSIBILITY
            or _control_share(text) > _MAX_CONTROL_SHARE):
        return None
    return text, GBK_AFTER_BOM


def _switch_point(line: bytes, bad: int) -> tuple[str, str] | None:
    """Where a line turns from UTF-8 to GB18030: UTF-8 fails at byte ``bad``, but GBK bytes
    may read as UTF-8 for a character or two before it (全 C8 AB is ȫ in UTF-8), so every
    split up to 12 bytes earlier is tried and the one whose characters around it read most
    like Chinese wins (the later one on a tie). None when no split decodes."""
    best: tuple[float, int, str, str] | None = None
    for k in range(bad, max(-1, bad - 13), -1):
        try:
            head, rest = line[:k].decode("utf-8"), line[k:].decode("gb18030")
        except UnicodeDecodeError:
            continue
        score = _plausibility(head[-3:] + rest[:12])
        if best is None or score > best[0]:
            best = (score, k, head, rest)
    return None if best is None else (best[2], best[3])


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
        mixed = _decode_by_lines(data)
        if mixed is not None:
            return mixed
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
        mixed = _decode_by_lines(data)
        if mixed is not None:
            return mixed
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


#: lone surrogates, which no table, output file or codec (OpenCC, Arrow, SQLite) accepts
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (bytes that were not UTF-8, as ``os.fsdecode`` or
    ``errors="surrogateescape"`` leave them) replaced by U+FFFD, one for one, so offsets still
    count ``text``'s characters; ``text`` itself when it holds none.

        >>> without_lone_surrogates("总人口" + chr(0xDCC1) + "人") == "总人口" + chr(0xFFFD) + "人"
        True
    """
    return _LONE_SURROGATES.sub("\ufffd", text) if _LONE_SURROGATES.search(text) else text


def argument_text(text: str) -> str:
    """A command-line argument (``explain TEXT``) as text that can be mined and printed.

    On POSIX an argument whose bytes are not UTF-8 (typed in a GBK terminal, pasted from a
    GBK file) reaches Python with those bytes as lone surrogates, which neither OpenCC nor
    the terminal accepts. Its bytes are decoded as a file's are (:func:`decode_bytes`, so GBK
    reads as Chinese); bytes that read as nothing become U+FFFD. Any other argument is
    returned as it is.

        >>> import os
        >>> argument_text(os.fsdecode("总人口100人".encode("gbk")))
        '总人口100人'
        >>> argument_text("总人口100人")
        '总人口100人'
    """
    if not re.search("[\udc80-\udcff]", text):
        return text
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # other lone surrogates: not bytes of the OS
        return without_lone_surrogates(text)
    try:
        return decode_bytes(data, "<argument>")[0]
    except LoadError:
        return data.decode("utf-8", "replace")
