""".html/.htm: the visible text, the page's declared charset honoured."""
from __future__ import annotations

import codecs
import re
from typing import Any

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
_TABLE_END = "\ufdee"
_SPAN_MARK = re.compile("[\ufdda-\ufded]")
_MARKS = re.compile("[\ufdd1-\ufdee]")


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
    :class:`report_miner.readers.base.Document`. A cell may hold several paragraphs (as Word's
    "save as web page" writes every cell); ``rowspan`` is not followed."""
    lines: list[str] = []
    hints: list[tuple[int, int, int]] = []
    marks: list[tuple[str, int, int]] = []  # (mark, offset in the text returned, colspan)
    pos = 0
    for raw_line in raw.split("\n"):
        line, line_marks = _clean_line(raw_line)
        level = min((ord(m) - _H_MARK for m, _p, _s in line_marks if _H_MARK < ord(m) <= _H_MARK + 6),
                    default=0)
        marks.extend((m, pos + p, span) for m, p, span in line_marks)
        if not line:
            continue
        if level:
            hints.append((pos, pos + len(line), level))
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join(lines)
    return text, tuple(hints), _tables(text, marks)


def _tables(text: str, marks: list[tuple[str, int, int]]) -> tuple:
    """Tables from the marks: a cell runs from its mark to the next mark (of a cell, a row or
    a table's end), white space at either end left out; nested tables are tables of their own."""
    done: list[list[list[tuple[int, int, int]]]] = []
    stack: list[list[list[tuple[int, int, int]]]] = []
    columns: list[int] = []
    open_cell: list[tuple[int, int] | None] = []  # per open table: (start, column) of its cell

    def close(at: int) -> None:
        if stack and open_cell[-1] is not None:
            start, col = open_cell[-1]
            end = max(start, at)
            while end > start and text[end - 1] in " \t\n":
                end -= 1
            while start < end and text[start] in " \t\n":
                start += 1
            if stack[-1]:
                stack[-1][-1].append((start, end, col))
            open_cell[-1] = None

    for mark, at, span in marks:
        at = min(at, len(text))  # a mark on the last, dropped lines
        if mark == _TABLE_MARK:
            stack.append([])
            columns.append(0)
            open_cell.append(None)
        elif not stack:
            continue
        elif mark == _TABLE_END:
            close(at)
            table = stack.pop()
            columns.pop()
            open_cell.pop()
            if any(table):
                done.append([r for r in table if r])
        elif mark == _ROW_MARK:
            close(at)
            stack[-1].append([])
            columns[-1] = 0
        elif mark == _CELL_MARK:
            close(at)
            if not stack[-1]:
                stack[-1].append([])
            open_cell[-1] = (at, columns[-1])
            columns[-1] += span
    return tuple(tuple(tuple(r) for r in t) for t in done)


def _clean_line(line: str) -> tuple[str, list[tuple[str, int, int]]]:
    """A line as the text shows it (marks out, runs of spaces collapsed, spaces and tabs at
    the ends stripped), and its marks ``(mark, offset in the cleaned line, colspan)``."""
    if not _MARKS.search(line):
        return re.sub(r" {2,}", " ", line).strip(" \t"), []
    out: list[str] = []
    marks: list[tuple[str, int, int]] = []
    for ch in line:
        if "\ufdd1" <= ch <= "\ufdee":
            if _SPAN_MARK.match(ch):
                if marks and marks[-1][0] == _CELL_MARK:
                    marks[-1] = (_CELL_MARK, marks[-1][1], ord(ch) - _SPAN_BASE)
            else:
                marks.append((ch, len(out), 1))
            continue
        if ch == " " and out and out[-1] == " ":
            continue
        out.append(ch)
    joined = "".join(out)
    lead = len(joined) - len(joined.lstrip(" \t"))
    cleaned = joined.strip(" \t")
    return cleaned, [(m, min(len(cleaned), max(0, p - lead)), sp) for m, p, sp in marks]


#: a tag with more attributes than this loses them before parsing: libxml2 checks each new
#: attribute against the tag's others, so the time grows with their square (a 1 MB tag of
#: 100,000 attributes took a minute); a page's own tags have a handful
MAX_HTML_ATTRIBUTES = 1000

#: a start tag long enough to hold that many attributes (``a=1`` and a space: 4 characters)
_LONG_TAG = re.compile(r"<([A-Za-z][\w:.-]*)(\s[^<>]{%d,})>" % (4 * MAX_HTML_ATTRIBUTES))


def _tame_attributes(markup: str) -> str:
    """``markup`` with every start tag of more than :data:`MAX_HTML_ATTRIBUTES` attributes
    reduced to its name (``<p a0=1 … a99999=1>`` → ``<p>``); other tags, and a long tag with a
    few long attributes (an embedded image), as they are. Text is never touched."""
    def bare(m: re.Match) -> str:
        return f"<{m.group(1)}>" if m.group(2).count("=") > MAX_HTML_ATTRIBUTES else m.group(0)

    return _LONG_TAG.sub(bare, markup)


def _refuse_past_a_limit(parser: Any, source: str) -> None:
    """Raise :class:`LoadError` with the reason when libxml2 stopped parsing at one of its
    limits: elements nested deeper than it allows (2048 levels, whatever ``huge_tree``
    says). It stops there silently and the page's text after that point is lost, so the page
    would read as empty ("no visible text") or, worse, as a part of itself."""
    for entry in parser.error_log:
        if entry.type_name != "ERR_RESOURCE_LIMIT":
            continue
        depth = re.search(r"depth[^0-9]*(\d+)", entry.message or "")
        if depth:
            raise LoadError(source, f"the HTML page nests its elements more than {depth.group(1)} "
                                    f"levels deep (line {entry.line}), past what the HTML parser "
                                    f"(libxml2) reads, so its text cannot be read whole; not read. "
                                    f"Open it in a browser and save it as text (.txt) to mine it / "
                                    f"网页元素嵌套超过 {depth.group(1)} 层，超出解析器上限，无法完整读取；"
                                    f"可在浏览器中另存为文本(.txt)后再处理")
        raise LoadError(source, f"the HTML page goes past a limit of the HTML parser (libxml2: "
                                f"{(entry.message or '').strip()}, line {entry.line}), so its text "
                                f"cannot be read whole; not read / 网页超出解析器的限制，无法完整读取")


def _visible_raw(markup: str, source: str) -> str:
    """The page's visible text before blank lines are dropped, an ``<hN>`` marked by
    ``chr(_H_MARK + N)`` at its start."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    markup = _tame_attributes(markup)
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8", "replace"),
                                             parser=parser)
    except (etree.ParserError, ValueError) as exc:  # "Document is empty"
        _refuse_past_a_limit(parser, source)
        if _no_text(markup):
            return ""
        raise LoadError(source, f"cannot parse the HTML page ({exc}) / 无法解析网页") from exc
    _refuse_past_a_limit(parser, source)

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
            element.tail = "\n" + _TABLE_END + "\n" + (element.tail or "")
        elif tag in _HTML_BLOCKS:
            mark = chr(_H_MARK + int(tag[1])) if tag in _HTML_HEADINGS else ""
            element.text = "\n" + mark + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return "".join(root.itertext()).replace("\xa0", " ")
