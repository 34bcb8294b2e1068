"""What every reader returns: :class:`Document` (the text exactly as loaded, its source, format and
encoding).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One report file as loaded: its text, where it came from and how it was decoded.

    Attributes:
        text: the decoded text, exactly as in the file minus a BOM (offsets refer to it).
        source: the path (or other label) the text was read from, e.g. ``"corpora/河西镇.txt"``.
        encoding: the encoding used, e.g. ``"utf-8"``, ``"utf-8-sig"``, ``"gb18030"``, ``"big5"``.
        format: the input format; ``"txt"`` for plain text, ``"image"`` for a scan read by OCR.
        headings: layout hints from the file, ``(start, end, level)`` of each paragraph the file
            marks as a heading (Word's Heading 1-9 / 标题 1-9 styles or outline levels, HTML
            h1-h6), offsets into ``text``; empty for plain text, whose headings are read from
            the text alone. Numbers Word draws (automatic numbering) are already in ``text``.
        tables: the file's tables (.docx, .html): each a tuple of rows, each row a tuple of
            cells ``(start, end, column)`` (offsets into ``text``, column counted on the table's
            grid, so a merged cell keeps the columns after it in place); an empty cell has
            ``start == end``; a cell merged into the one above is left out. The mining stage reads them into the
            ``cells`` table (:mod:`report_miner.mining.cells`).
        ocr_pages: the pages (1-based) whose text was read by OCR; empty when none was.
        ocr_lines: one :class:`report_miner.readers.ocr.OcrLine` per OCR'd line: its offsets in
            ``text``, page and the recogniser's confidence (0-1).

    Example::

        >>> doc = Document("河西镇共有12个村。", "河西镇.txt", "utf-8")
        >>> doc.text[3:5]
        '共有'
    """

    text: str = field(repr=False)
    source: str
    encoding: str
    format: str = "txt"
    headings: tuple[tuple[int, int, int], ...] = ()
    tables: tuple[tuple[tuple[tuple[int, int, int], ...], ...], ...] = ()
    ocr_pages: tuple[int, ...] = ()
    ocr_lines: tuple = field(default=(), repr=False)

    def __post_init__(self) -> None:
        # a file name that is not valid UTF-8 is stored printable (readers.files.display_path)
        from .paths import display_path

        object.__setattr__(self, "source", display_path(self.source))


def _no_text(text: str) -> bool:
    return not text.strip()


def inflated_size(inflater: Any, data: bytes, limit: int) -> int:
    """How many bytes ``data`` inflates to through ``inflater`` (a ``zlib.decompressobj``),
    counted in 1 MB steps and never kept, stopped just past ``limit``; a damaged stream counts
    what inflated before the damage. The bounded decompression of .docx members and PDF
    streams (a bomb is measured without being held in memory)."""
    import zlib

    size, pending = 0, data
    try:
        while pending and size <= limit:
            size += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass
    return size
