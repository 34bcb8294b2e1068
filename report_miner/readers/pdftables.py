"""Ruled tables of text-layer PDFs, found by pdfplumber (the optional ``pdftables`` extra).

:func:`pages_with_tables` looks for ruled tables (cells drawn with lines, as Word, WPS and
browsers print them) on every page with ``pdfplumber``'s ``page.find_tables()``. A page with
tables gets its text rewritten: the text above, between and below the tables as pdfplumber
reads it, and each table as one line per row, its cells joined by tabs (as the .docx reader
writes them), so every cell has offsets and becomes ``(start, end, column)`` layout in
:attr:`report_miner.readers.base.Document.tables`, which :mod:`report_miner.mining.cells` reads
as it reads .docx and .html tables. Pages without tables keep the text the PDF reader gave.

Without pdfplumber installed (``pip install 'report_miner[pdftables]'``), PDFs are read as
before and give no cells. pdfplumber reads text through pdfminer.six, so a page with a table
may carry Kangxi radicals (⼈ for 人) where PDFium would not: normalisation folds them.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: shown when a user asks for PDF tables without the extra
INSTALL_HINT = "pip install 'report_miner[pdftables]'"


def available() -> bool:
    """True when pdfplumber is installed (tables of PDFs are then read)."""
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class PageTables:
    """One page rewritten around its tables: ``text`` and each table's cells as
    ``(start, end, column)`` rows, offsets into ``text``."""

    text: str
    tables: tuple


def _cell_text(cell: str | None) -> str:
    # a cell's wrapped lines joined (Chinese wraps inside words), tabs kept out of it
    return "".join((cell or "").replace("\r\n", "\n").split("\n")).replace("\t", " ").strip()


def _plumber_text(page, bbox: tuple[float, float, float, float]) -> str:
    return page.crop(bbox, strict=False).extract_text() or ""


def _page(page, text_in) -> PageTables | None:
    """``page`` rewritten around its ruled tables (None without any); ``text_in(bbox)`` reads
    the text inside a box ``(x0, top, x1, bottom)`` in pdfplumber's coordinates."""
    found = [t for t in page.find_tables() if len(t.rows) >= 2]
    if not found:
        return None
    found.sort(key=lambda t: t.bbox[1])
    parts: list[str] = []
    tables = []
    pos = 0

    def newline() -> None:
        nonlocal pos
        if parts and not parts[-1].endswith("\n"):
            parts.append("\n")
            pos += 1

    def band(top: float, bottom: float) -> None:
        nonlocal pos
        text = text_in((0, top, page.width, bottom)).replace("\r\n", "\n").strip("\n")
        if text.strip():
            newline()
            parts.append(text)
            pos += len(text)

    top = 0.0
    for table in found:
        _x0, t0, _x1, b0 = table.bbox
        if t0 < top:  # overlaps a table already written
            continue
        band(top, t0)
        newline()
        rows = []
        for row in table.rows:
            texts = [_cell_text(text_in(c)) if c is not None else "" for c in row.cells]
            offs = []
            col_pos = pos
            for column, (box, text) in enumerate(zip(row.cells, texts)):
                if box is not None:  # None: merged into the cell to its left or above
                    offs.append((col_pos, col_pos + len(text), column))
                col_pos += len(text) + 1
            rows.append(tuple(offs))
            line = "\t".join(texts)
            parts.append(line + "\n")
            pos += len(line) + 1
        tables.append(tuple(rows))
        # text beside the table (a note, a table found but overlapping): kept, after it
        for box in ((0, t0, _x0, b0), (_x1, t0, page.width, b0)):
            if box[2] - box[0] > 1:
                beside = text_in(box).replace("\r\n", "\n").strip("\n")
                if beside.strip():
                    newline()
                    parts.append(beside)
                    pos += len(beside)
        top = b0
    band(top, page.height)
    return PageTables("".join(parts).rstrip("\n"), tuple(tables))


def pages_with_tables(data: bytes, text_in=None,
                      candidates: set[int] | None = None) -> dict[int, PageTables]:
    """The pages (0-based index) of a PDF that hold ruled tables, each rewritten around them;
    empty when pdfplumber is not installed, the PDF has no ruled table, or pdfplumber cannot
    read it (the PDF is then read as without tables).

    ``text_in(page_index, bbox)``, when given, reads the text inside a box ``(x0, top, x1,
    bottom)`` (points from the page's top left corner) with the PDF reader in use (PDFium);
    else pdfplumber reads it. ``candidates``: the only pages to look at (all when None)."""
    try:
        import pdfplumber
    except ImportError:
        return {}
    out: dict[int, PageTables] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for index, page in enumerate(pdf.pages):
                if candidates is not None and index not in candidates:
                    continue
                if text_in is None:
                    reader = lambda bbox, page=page: _plumber_text(page, bbox)  # noqa: E731
                else:
                    reader = lambda bbox, index=index: text_in(index, bbox)  # noqa: E731
                found = _page(page, reader)
                if found is not None:
                    out[index] = found
                page.close()
    except Exception as exc:  # a damaged file: the text reader decides what to say about it
        log.debug("pdfplumber could not read the tables: %s: %s", type(exc).__name__, exc)
        return {}
    return out


def _keeps_text(before: str, after: str) -> bool:
    """True when the page rewritten around its tables still has (nearly) every character the
    reader gave for it: a page whose boxes were misplaced (an odd crop box) keeps its text
    and gives no table rather than losing words."""
    from collections import Counter

    want = Counter(ch for ch in before if not ch.isspace())
    have = Counter(ch for ch in after if not ch.isspace())
    lost = sum((want - have).values())
    if lost > 0.02 * max(1, sum(want.values())):
        log.debug("tables dropped on a page: %d of %d characters would be lost", lost,
                  sum(want.values()))
        return False
    return True


def join_pages(pages: list[str], found: dict[int, PageTables]) -> tuple[str, tuple]:
    """The document text (pages joined by a line break, trailing white space cut, as the PDF
    readers join them) with the pages of ``found`` replaced, and the tables with offsets into
    it."""
    found = {i: f for i, f in found.items() if i < len(pages) and _keeps_text(pages[i], f.text)}
    texts = [found[i].text if i in found else p for i, p in enumerate(pages)]
    text = "\n".join(texts).rstrip()
    tables = []
    offset = 0
    for i, page_text in enumerate(texts):
        if i in found:
            for table in found[i].tables:
                tables.append(tuple(
                    tuple((min(offset + s, len(text)), min(offset + e, len(text)), c)
                          for s, e, c in row)
                    for row in table))
        offset += len(page_text) + 1
    return text, tuple(tables)
