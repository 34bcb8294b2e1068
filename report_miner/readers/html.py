""".html/.htm: the visible text, the page's declared charset honoured."""
from __future__ import annotations

import codecs
import re

from report_miner.errors import LoadError
from .base import Document, _no_text
from .encoding import _BOMS, decode_bytes


_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.IGNORECASE | re.DOTALL)


def _looks_like_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head))


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


_HTML_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


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
    visible, headings, tables = _layout(_visible_raw(text, source))
    if _no_text(visible):
        raise LoadError(source, "no visible text in the HTML page / 网页中没有可见文字")
    return Document(text=visible, source=source, encoding=encoding, format="html",
                    headings=headings, tables=tables)


#: a Unicode noncharacter (never in a page's text, nor produced by decoding GBK/GB18030, unlike
#: the private-use area) marks where an ``<hN>`` starts while the tree becomes text (N is added
#: to it); it never reaches the text returned
_H_MARK = 0xFDD0
#: … and where a table, a row and a cell start (a cell's mark is followed by one giving its
#: colspan, ``chr(_SPAN_BASE + n)``, n up to 20)
_TABLE_MARK, _ROW_MARK, _CELL_MARK, _SPAN_BASE = "\ufdd7", "\ufdd8", "\ufdd9", 0xFDD9
_SPAN_MARK = re.compile("[\ufdda-\ufded]")
_MARKS = re.compile("[\ufdd1-\ufded]")


def html_visible_text(markup: str, source: str = "<html>") -> str:
    """The text a browser shows for ``markup``: no script, style, head or hidden elements.

    Block elements (p, div, li, tr, h1 …) and ``<br>`` start new lines, table cells are
    separated by tabs, white space is collapsed as a browser does (kept inside ``<pre>``),
    and blank lines are dropped.

        >>> html_visible_text("<p>全镇共有<b>12</b>个村</p><script>var n = 3;</script><p>完成</p>")
        '全镇共有12个村\\n完成'
    """
    return _visible_text_and_headings(markup, source)[0]


def _visible_text_and_headings(markup: str, source: str = "<html>"
                               ) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """:func:`html_visible_text`, and the headings of the page: ``(start, end, level)`` of each
    line an ``<h1>`` … ``<h6>`` starts (level = N), the layout hints of
    :attr:`report_miner.readers.base.Document.headings`. A heading's text is kept as the page
    shows it: a number typed in it (一、, （二）) is read by the outline as in a text file; one
    without a number becomes a heading through the hint."""
    return _layout(_visible_raw(markup, source))[:2]


def _layout(raw: str) -> tuple[str, tuple, tuple]:
    """The visible text of :func:`_visible_raw`'s output, with the headings and the tables
    (rows of ``(start, end, column)`` cells) the marks in it show: the layout hints of
    :class:`report_miner.readers.base.Document`. A row is read when all its cells are on its
    line (a cell holding several paragraphs breaks its row; ``rowspan`` is not followed)."""
    lines: list[str] = []
    hints: list[tuple[int, int, int]] = []
    tables: list[list[tuple[tuple[int, int, int], ...]]] = []
    pos = 0
    for line in raw.split("\n"):
        level = 0
        if _TABLE_MARK in line:
            tables.append([])
        if any(_H_MARK < ord(c) <= _H_MARK + 6 for c in line):
            level = min(ord(c) - _H_MARK for c in line if _H_MARK < ord(c) <= _H_MARK + 6)
        row = _row_cells(line) if _ROW_MARK in line and tables else None
        line = _clean_line(line)
        if not line:
            continue
        if level:
            hints.append((pos, pos + len(line), level))
        if row is not None and row[0] == line:
            tables[-1].append(tuple((pos + a, pos + b, col) for a, b, col in row[1]))
        lines.append(line)
        pos += len(line) + 1
    return "\n".join(lines), tuple(hints), tuple(tuple(t) for t in tables if t)


def _clean_line(line: str) -> str:
    line = _MARKS.sub("", line)
    return re.sub(r" {2,}", " ", line).strip(" \t")


def _row_cells(line: str) -> tuple[str, list[tuple[int, int, int]]] | None:
    """(the cleaned line, its cells ``(start, end, column)``) of a table row's line."""
    pieces = line.split(_CELL_MARK)
    joined, spans, column = "", [], 0
    for k, piece in enumerate(pieces):
        span = 1
        m = _SPAN_MARK.match(piece)
        if m:
            span = ord(m.group(0)) - _SPAN_BASE
        text = re.sub(r" {2,}", " ", _MARKS.sub("", piece))
        if k:
            start = len(joined) + len(text) - len(text.lstrip(" \t"))
            spans.append((start, start + len(text.strip(" \t")), column))
            column += span
        joined += text
    lead = len(joined) - len(joined.lstrip(" \t"))
    line = joined.strip(" \t")
    return line, [(max(0, a - lead), max(0, b - lead), col) for a, b, col in spans]


def _visible_raw(markup: str, source: str) -> str:
    """The page's visible text before blank lines are dropped, an ``<hN>`` marked by
    ``chr(_H_MARK + N)`` at its start."""
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
            span = min(20, int(element.get("colspan") or 1)) if (element.get("colspan") or "1").isdigit() else 1
            element.text = _CELL_MARK + chr(_SPAN_BASE + max(1, span)) + (element.text or "")
            element.tail = "\t" + (element.tail or "")
        elif tag == "tr":
            element.text = "\n" + _ROW_MARK + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        elif tag == "table":
            element.text = "\n" + _TABLE_MARK + "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        elif tag in _HTML_BLOCKS:
            mark = chr(_H_MARK + int(tag[1])) if tag in _HTML_HEADINGS else ""
            element.text = "\n" + mark + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return "".join(root.itertext()).replace("\xa0", " ")
