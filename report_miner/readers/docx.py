""".docx: paragraphs and tables in reading order, with the zip-bomb limits, and the document's
structure as Word shows it.

Structure from the file. Word keeps two things out of the paragraph text that a reader sees:

* **automatic numbering** (``w:numPr`` on the paragraph or on its style, defined in
  ``numbering.xml``: List Number, 一、 (一) 1. …): the number exists only when Word draws it.
  :class:`_Numbering` renders it as Word would (counters per list and level, lower levels
  restarted, ``w:start`` / ``w:startOverride``, formats decimal, chineseCounting 一 … 二十一,
  ideographTraditional 甲乙丙, enclosed circles ①, letters, roman numerals) from the level's
  ``w:lvlText`` (``%1、``, ``（%2）``, ``%1.%2``), and the reader **inserts the rendered number
  into the text it returns**, directly before the paragraph's text and without the tab Word
  puts after it (so ``一、基本情况`` reads as it would have been typed; a space where the text
  starts with a digit or a Latin letter, so ``1. 2023年`` does not become one number); a number
  typed by hand as well (the paragraph already starts with it) is not doubled;
* **heading styles** (Heading 1-9 / 标题 1-9, or any style or paragraph with ``w:outlineLvl``):
  returned as layout hints, :attr:`report_miner.readers.base.Document.headings`
  (start, end, level of each such paragraph in the text).

Why both, and why the number goes into the text: the miner reads text (every row points into
the text as loaded); with the number in the text, ``text[start:end]`` of a heading is what a
reader of the printed report sees, the outline parser reads a numbered Word heading exactly as
it reads the same report typed as text (the same ``sections`` rows), and no offset has to be
shifted afterwards. A heading style carries no characters of its own, so it can only be a hint:
the structure stage makes a heading of a hinted paragraph whose text has no numbering token of
its own (:func:`report_miner.mining.structure.outline`, ``hints``).
"""
from __future__ import annotations

import re
from typing import Any

from report_miner.errors import LoadError
from .base import Document, _no_text, inflated_size


#: zip-bomb guard for .docx: refuse packages that unpack to more than this in total …
MAX_ZIP_TOTAL_BYTES = 200 * 2**20


#: … or hold a member above :data:`MAX_ZIP_RATIO_FLOOR` bytes that is compressed more than
#: this ratio and unpacks to more than :data:`MAX_ZIP_RATIO_SIZE` … (measured: a report's
#: document.xml compresses about 8 times; a document of one paragraph repeated 300,000 times
#: 140 times as Word writes it (run properties, rsids) and 290-340 times as python-docx does;
#: a bomb of zeros 1030 times, deflate's limit)
MAX_ZIP_RATIO = 100


#: … or that is compressed more than this ratio whatever its size: neither Word nor python-docx
#: writes XML that compresses so far, a bomb of zeros or of one byte repeated does (≈1030)
MAX_ZIP_RATIO_ANY = 500


#: (a member compressed between :data:`MAX_ZIP_RATIO` and :data:`MAX_ZIP_RATIO_ANY` times is
#: read up to this size: a long repetitive document; inflated in bounded steps and parsed under
#: the worker's memory limit, it costs what a plain document of that size costs)
MAX_ZIP_RATIO_SIZE = 64 * 2**20


#: members up to this size are never judged by their ratio
MAX_ZIP_RATIO_FLOOR = 2**20


#: … or has more members than this (a Word document has a few dozen).
MAX_ZIP_MEMBERS = 10_000


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_W_P, _W_TBL, _W_TR, _W_TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"


_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"


_W_TXBX, _W_TCPR, _W_VMERGE, _W_VAL = _W + "txbxContent", _W + "tcPr", _W + "vMerge", _W + "val"


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_W_R = _W + "r"
#: what a paragraph wraps runs in that Word shows as text: tracked insertions and moves (a
#: report sent round for review with changes not yet accepted), simple fields' results, smart
#: tags (Word 2003's dates and numbers), custom XML, bidirectional runs, hyperlinks.
#: python-docx's paragraph text reads only runs and hyperlinks directly under the paragraph;
#: tracked deletions (``w:del``, ``w:moveFrom``) are left out, as Word shows the text after
#: the changes.
_W_INLINE_WRAPPERS = frozenset(_W + t for t in ("ins", "moveTo", "fldSimple", "smartTag",
                                               "customXml", "dir", "bdo", "hyperlink"))


def _check_zip(data: bytes, source: str) -> None:
    """Refuse damaged, encrypted and zip-bomb packages before a parser unpacks anything.

    Sizes are first the ones the zip declares; then every compressed member is inflated in
    1 MB steps, counting, and refused as soon as it grows past its declared size (a header
    that understates a member's size would otherwise let a parser inflate gigabytes in one
    call before any check), so the declared sizes, bounded here, bound the memory.
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
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > MAX_ZIP_RATIO_FLOOR and ratio > MAX_ZIP_RATIO_ANY:
            raise LoadError(source, f"zip bomb? {info.filename} is compressed {ratio:.0f} times "
                                    f"(limit {MAX_ZIP_RATIO_ANY}; no document compresses so far); "
                                    f"not opened / 疑似压缩炸弹，未打开")
        if info.file_size > MAX_ZIP_RATIO_SIZE and ratio > MAX_ZIP_RATIO:
            raise LoadError(source, f"zip bomb? {info.filename} is compressed {ratio:.0f} times and "
                                    f"would unpack to {info.file_size / 2**20:.0f} MB (over "
                                    f"{MAX_ZIP_RATIO} times only up to {MAX_ZIP_RATIO_SIZE // 2**20} "
                                    f"MB); not opened / 疑似压缩炸弹(压缩比过高且解压后过大)，未打开")
        if info.compress_type == zipfile.ZIP_DEFLATED:
            inflated = _inflated_size(data, info, info.file_size)
            if inflated > info.file_size:
                raise LoadError(source, f"zip bomb? {info.filename} inflates past the "
                                        f"{info.file_size:,} bytes its header declares; not "
                                        f"opened / 疑似压缩炸弹(实际大小超过声明)，未打开")


def _inflated_size(data: bytes, info: Any, limit: int) -> int:
    """How many bytes the deflated member ``info`` of the zip ``data`` inflates to, counted
    in 1 MB steps and stopped just past ``limit`` (``limit + 1`` then); a damaged stream
    counts what inflated before the damage (the parser then says it is damaged)."""
    import struct
    import zlib

    header = data[info.header_offset:info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return 0  # zipfile itself refuses it when the parser opens it
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_len + extra_len
    return inflated_size(zlib.decompressobj(-15), data[start:start + info.compress_size], limit)


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
        document = docx.Document(_io.BytesIO(data))
        body = document.element.body
        ctx = _Context(_Styles(_part_element(document, "styles")),
                       _Numbering(_part_element(document, "numbering")))
        lines: list[str] = []
        ctx.top = lines
        _docx_lines(body, lines, ctx)
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
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    hints = tuple((starts[i], starts[i] + len(lines[i]), level) for i, level in ctx.hints
                  if lines[i].strip())
    tables = tuple(tuple(tuple((starts[i] + a, starts[i] + b, col) for a, b, col in cells)
                         for i, cells in table) for table in ctx.tables)
    return Document(text=text, source=source, encoding="", format="docx", headings=hints,
                    tables=tables)


def _part_element(document: Any, which: str) -> Any:
    """The XML root of the styles or numbering part, or None when the package has none."""
    try:
        if which == "styles":
            return document.styles.element
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


class _Context:
    """What the walk over the body needs besides the lines: styles, numbering, the hints."""

    def __init__(self, styles: "_Styles", numbering: "_Numbering"):
        self.styles, self.numbering = styles, numbering
        self.top: list[str] | None = None
        self.hints: list[tuple[int, int]] = []  # (line index in ``top``, heading level)
        self.tables: list[list[tuple[int, list[tuple[int, int, int]]]]] = []
        """Tables of the body: per row, its line index and its cells (start, end in the
        line, grid column)."""


def _docx_lines(element: Any, out: list[str], ctx: _Context | None = None) -> None:
    """Paragraphs (one line each, automatic numbers rendered in front) and tables (a row per
    line, cells tab-separated), in order; heading paragraphs of the body noted in ``ctx.hints``."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == _W_P:
            text = _paragraph_text(child)
            if ctx is not None:
                number, level = ctx.paragraph(child)
                if number and not text.startswith(number):
                    # Word draws a tab after the number; dropped, so 一、基本情况 reads as typed,
                    # but a space is kept between a number ending in a digit, a Latin letter or
                    # a dot and a digit or a Latin letter (1. 2023年 stays apart; 四、2023年 needs
                    # none)
                    sep = (" " if text[:1].isascii() and text[:1].isalnum()
                           and number[-1:].isascii() and (number[-1:].isalnum() or number[-1:] == ".")
                           else "")
                    text = number + sep + text
                if level and out is ctx.top:
                    ctx.hints.append((len(out), level))
            out.append(text)
            for box in child.iter(_W_TXBX):  # text boxes anchored in the paragraph
                if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                    _docx_lines(box, out, ctx)
        elif tag == _W_TBL:
            table: list[tuple[int, list[tuple[int, int, int]]]] = []
            for row in child.iterchildren(_W_TR):
                cells = []
                spans: list[tuple[int, int, int]] = []  # (start, end in the line, grid column)
                pos = column = 0
                for cell in row.iterchildren(_W_TC):
                    width = _grid_span(cell)
                    if _is_merge_continuation(cell):
                        column += width
                        continue  # a vertically merged cell: its text is in the row above
                    inner: list[str] = []
                    _docx_lines(cell, inner, ctx)
                    cell_text = "\n".join(inner)
                    if cells:
                        pos += 1  # the tab before it
                    spans.append((pos, pos + len(cell_text), column))
                    pos += len(cell_text)
                    cells.append(cell_text)
                    column += width
                table.append((len(out), spans))
                out.append("\t".join(cells))
            if ctx is not None and out is ctx.top and table:
                ctx.tables.append(table)
        elif tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                _docx_lines(content, out, ctx)
        elif tag == _W_CUSTOM_XML:
            _docx_lines(child, out, ctx)


def _paragraph_text(element: Any) -> str:
    """The text of a paragraph as Word shows it: each run's text as python-docx reads it (text,
    tabs, breaks), also inside the wrappers of :data:`_W_INLINE_WRAPPERS` and inline content
    controls, in order; deleted text (``w:del``, ``w:moveFrom``) left out."""
    parts = []
    for child in element.iterchildren():
        tag = child.tag
        if tag == _W_R:
            parts.append(child.text or "")
        elif tag in _W_INLINE_WRAPPERS:
            parts.append(_paragraph_text(child))
        elif tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                parts.append(_paragraph_text(content))
    return "".join(parts)


def _paragraph(self: _Context, p: Any) -> tuple[str, int]:
    """(the number Word draws before paragraph ``p``, or ""; its heading level 1-9, or 0)."""
    ppr = p.find(_W_PPR)
    style_id = None
    num_id = ilvl = None
    outline_lvl = None
    if ppr is not None:
        ps = ppr.find(_W_PSTYLE)
        style_id = ps.get(_W_VAL) if ps is not None else None
        num_id, ilvl = _num_pr(ppr)
        ol = ppr.find(_W_OUTLINE_LVL)
        if ol is not None:
            outline_lvl = _int(ol.get(_W_VAL))
    style = self.styles.get(style_id)
    if num_id is None:
        num_id = style.num_id
    if ilvl is None:
        ilvl = style.ilvl if style.ilvl is not None else self.numbering.level_of_style(num_id, style_id)
    level = style.heading
    if outline_lvl is not None:
        level = outline_lvl + 1 if 0 <= outline_lvl <= 8 else 0
    number = self.numbering.render(num_id, ilvl or 0) if num_id else ""
    return number, level


_Context.paragraph = _paragraph  # type: ignore[attr-defined]


_W_PPR, _W_PSTYLE, _W_NUMPR, _W_ILVL, _W_NUMID = (_W + "pPr", _W + "pStyle", _W + "numPr",
                                                 _W + "ilvl", _W + "numId")
_W_OUTLINE_LVL, _W_STYLE, _W_STYLE_ID, _W_BASED_ON, _W_NAME = (
    _W + "outlineLvl", _W + "style", _W + "styleId", _W + "basedOn", _W + "name")
_W_TYPE, _W_DEFAULT = _W + "type", _W + "default"
_W_NUM, _W_ABSTRACT_NUM, _W_ABSTRACT_NUM_ID, _W_LVL, _W_START = (
    _W + "num", _W + "abstractNum", _W + "abstractNumId", _W + "lvl", _W + "start")
_W_NUM_FMT, _W_LVL_TEXT, _W_LVL_OVERRIDE, _W_START_OVERRIDE, _W_NUM_STYLE_LINK = (
    _W + "numFmt", _W + "lvlText", _W + "lvlOverride", _W + "startOverride", _W + "numStyleLink")
_W_ABSTRACT_NUM_ID_ATTR, _W_NUM_ID_ATTR, _W_ILVL_ATTR = (
    _W + "abstractNumId", _W + "numId", _W + "ilvl")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _num_pr(ppr: Any) -> tuple[int | None, int | None]:
    """(numId, ilvl) of a ``w:pPr`` (None where not given)."""
    numpr = ppr.find(_W_NUMPR) if ppr is not None else None
    if numpr is None:
        return None, None
    n, i = numpr.find(_W_NUMID), numpr.find(_W_ILVL)
    return (_int(n.get(_W_VAL)) if n is not None else None,
            _int(i.get(_W_VAL)) if i is not None else None)


#: style names of Word's built-in headings, in English and in a Chinese Word
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


class _StyleInfo:
    __slots__ = ("num_id", "ilvl", "heading")

    def __init__(self, num_id: int | None = None, ilvl: int | None = None, heading: int = 0):
        self.num_id, self.ilvl, self.heading = num_id, ilvl, heading


class _Styles:
    """Paragraph styles: each one's numbering (numId, ilvl) and heading level, through
    ``w:basedOn`` (a style's own setting wins over its base's)."""

    def __init__(self, root: Any):
        self._raw: dict[str, Any] = {}
        self._default: str | None = None
        self._done: dict[str | None, _StyleInfo] = {}
        if root is None:
            return
        for st in root.iterchildren(_W_STYLE):
            if st.get(_W_TYPE, "paragraph") != "paragraph":
                continue
            sid = st.get(_W_STYLE_ID)
            if sid is None:
                continue
            self._raw[sid] = st
            if st.get(_W_DEFAULT) in ("1", "true", "on"):
                self._default = sid

    def get(self, style_id: str | None, _depth: int = 0) -> _StyleInfo:
        sid = style_id if style_id in self._raw else self._default
        if sid in self._done:
            return self._done[sid]
        info = _StyleInfo()
        st = self._raw.get(sid) if sid is not None else None
        if st is not None and _depth < 20:
            based = st.find(_W_BASED_ON)
            base = (self.get(based.get(_W_VAL), _depth + 1)
                    if based is not None and based.get(_W_VAL) != sid else _StyleInfo())
            ppr = st.find(_W_PPR)
            num_id, ilvl = _num_pr(ppr)
            info.num_id = num_id if num_id is not None else base.num_id
            info.ilvl = ilvl if ilvl is not None else base.ilvl
            name = st.find(_W_NAME)
            m = _HEADING_NAME.match((name.get(_W_VAL) if name is not None else "") or "") \
                or _HEADING_NAME.match(sid)
            ol = ppr.find(_W_OUTLINE_LVL) if ppr is not None else None
            lvl = _int(ol.get(_W_VAL)) if ol is not None else None
            if lvl is not None:
                info.heading = lvl + 1 if 0 <= lvl <= 8 else 0
            elif m:
                info.heading = int(m.group(1))
            else:
                info.heading = base.heading
        self._done[sid] = info
        return info


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _cn_counting(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = "" if not rest else (("零" if rest < 10 else "") + (
            _cn_counting(rest, digits, ten) if rest >= 20 or rest < 10
            else digits[1] + _cn_counting(rest, digits, ten)))
        return digits[hundreds] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word: a … z, aa … zz, aaa …
    n = max(1, n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


#: the largest list number drawn in letters or Roman numerals (Word's largest list start);
#: above it the number is drawn in digits. Their length grows with the number
#: (``M`` per thousand, a letter repeated per 26), so a .docx whose list starts at 10**18
#: would otherwise hang the reader or exhaust its memory.
MAX_SPELLED_NUMBER = 32767

_SPELLED_OUT = frozenset(("lowerLetter", "upperLetter", "lowerRoman", "upperRoman"))


def format_number(n: int, fmt: str) -> str:
    """Counter ``n`` in Word's ``w:numFmt`` ``fmt`` (unknown formats as decimal).

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 12, 21)]
    ['一', '十', '十二', '二十一']
    >>> format_number(3, "decimalEnclosedCircleChinese"), format_number(2, "ideographTraditional")
    ('③', '乙')
    """
    if fmt in _SPELLED_OUT and n > MAX_SPELLED_NUMBER:
        return str(n)  # a crafted w:start of 10**18 would spell out for ever
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital",
               "koreanCounting"):
        return _cn_counting(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _cn_counting(n, _CN_LEGAL, "拾")
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "decimalEnclosedFullstop"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n >= 1 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Word's list counters over ``numbering.xml``, advanced paragraph by paragraph in
    document order: :meth:`render` gives the number Word draws (``一、``, ``（二）``, ``1.``)."""

    def __init__(self, root: Any):
        self._nums: dict[int, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, overrides)
        self._abstract: dict[str, dict[int, tuple[int, str, str, str | None]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[int] = set()
        if root is None:
            return
        links: dict[str, str] = {}
        style_of: dict[str, str] = {}
        for a in root.iterchildren(_W_ABSTRACT_NUM):
            aid = a.get(_W_ABSTRACT_NUM_ID_ATTR)
            levels = {}
            for lvl in a.iterchildren(_W_LVL):
                i = _int(lvl.get(_W_ILVL_ATTR))
                if i is None:
                    continue
                st, fm, tx = lvl.find(_W_START), lvl.find(_W_NUM_FMT), lvl.find(_W_LVL_TEXT)
                ps = lvl.find(_W_PSTYLE)
                levels[i] = (_int(st.get(_W_VAL)) if st is not None else 1) or 0, \
                    (fm.get(_W_VAL) if fm is not None else "decimal") or "decimal", \
                    (tx.get(_W_VAL) if tx is not None else "") or "", \
                    ps.get(_W_VAL) if ps is not None else None
            self._abstract[aid] = levels
            link = a.find(_W_NUM_STYLE_LINK)
            if link is not None:
                links[aid] = link.get(_W_VAL)
            style_link = a.find(_W + "styleLink")
            if style_link is not None:
                style_of[style_link.get(_W_VAL)] = aid
        for aid, style in links.items():  # a list that points to a numbering style's definition
            if style in style_of and not self._abstract.get(aid):
                self._abstract[aid] = self._abstract.get(style_of[style], {})
        for num in root.iterchildren(_W_NUM):
            nid = _int(num.get(_W_NUM_ID_ATTR))
            ref = num.find(_W_ABSTRACT_NUM_ID)
            if nid is None or ref is None:
                continue
            overrides = {}
            for ov in num.iterchildren(_W_LVL_OVERRIDE):
                so = ov.find(_W_START_OVERRIDE)
                i = _int(ov.get(_W_ILVL_ATTR))
                if so is not None and i is not None:
                    overrides[i] = _int(so.get(_W_VAL)) or 0
            self._nums[nid] = (ref.get(_W_VAL), overrides)

    def level_of_style(self, num_id: int | None, style_id: str | None) -> int | None:
        """The level whose ``w:pStyle`` is the paragraph's style (a heading style linked to a
        multilevel list), else None."""
        if num_id is None or num_id not in self._nums or style_id is None:
            return None
        for i, (_s, _f, _t, ps) in self._abstract.get(self._nums[num_id][0], {}).items():
            if ps == style_id:
                return i
        return None

    def render(self, num_id: int, ilvl: int) -> str:
        """Advance the list's counter at ``ilvl`` and return what Word draws ("" for a bullet,
        an unknown list or a level without text)."""
        if num_id not in self._nums:
            return ""
        aid, overrides = self._nums[num_id]
        levels = self._abstract.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(aid, [None] * 10)
        if num_id not in self._started and overrides:
            self._started.add(num_id)  # a restarted list (startOverride): its levels start afresh
            for i in overrides:
                if 0 <= i < 10:
                    counters[i] = None
        start, fmt, text, _ps = levels[ilvl]
        if not 0 <= ilvl < 10:
            return ""
        if counters[ilvl] is None:
            counters[ilvl] = overrides.get(ilvl, start)
        else:
            counters[ilvl] += 1
        for i in range(ilvl + 1, 10):  # the levels below restart
            counters[i] = None
        if fmt == "bullet" or not text:
            return ""

        def value(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            if not 0 <= i < 10 or i not in levels:
                return ""
            n = counters[i] if counters[i] is not None else levels[i][0]
            if i != ilvl and counters[i] is None:
                counters[i] = n  # an upper level never drawn counts from its start
            return format_number(n, levels[i][1])

        return re.sub(r"%([1-9])", value, text)


def _grid_span(cell: Any) -> int:
    props = cell.find(_W_TCPR)
    span = props.find(_W + "gridSpan") if props is not None else None
    return max(1, _int(span.get(_W_VAL)) or 1) if span is not None else 1


def _is_merge_continuation(cell: Any) -> bool:
    props = cell.find(_W_TCPR)
    merge = props.find(_W_VMERGE) if props is not None else None
    return merge is not None and merge.get(_W_VAL, "continue") == "continue"
