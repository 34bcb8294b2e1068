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

import os
from collections.abc import Callable

from report_miner.errors import LoadError
from .base import Document
from .doc import _load_doc
from .docx import _load_docx
from .encoding import decode_bytes
from .files import _read_bytes, file_digest, iter_files, read_text
from .html import _load_html, _looks_like_html, html_visible_text
from .ocr import IMAGE_FORMATS, looks_like_image
from .pdf import _load_pdf

__all__ = ["Document", "decode_bytes", "read_text", "read_document", "file_digest", "iter_files",
           "html_visible_text", "FORMATS"]


# --------------------------------------------------------------------------------------------
# decoding


# --------------------------------------------------------------------------------------------
# files


# --------------------------------------------------------------------------------------------
# other formats: .docx, .pdf, .html/.htm, legacy .doc
#
# Each format is read by a maintained library, never by a parser of our own:
#   .docx       python-docx (on lxml): paragraphs and table cells, in document order
#   .pdf        pypdfium2 (PDFium), or pdfminer.six without it: the text layer (readers/pdf.py)
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
    **IMAGE_FORMATS,  # .png .jpg .jpeg .tif .tiff: scans, read by OCR (the ocr extra)
}
#: file endings picked up in folders by default: every format :func:`read_document` reads
#: (the one definition: the API, the CLI, ingest and the Dask engine use it)
INPUT_SUFFIXES: tuple[str, ...] = tuple(FORMATS)


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")  # a stream of an encrypted .docx


def read_document(path: str | os.PathLike[str]) -> Document:
    """Load a report in any supported format into a :class:`Document`.

    The file's content decides how it is read, before its suffix, which is often wrong in
    archives: a PDF (``%PDF-``), a Word document (a zip holding ``word/document.xml``), an old
    binary Word file (OLE2, ``D0 CF 11 E0``), a PNG, JPEG or TIFF image, an HTML page
    (``<html``, ``<!DOCTYPE html``) is read for what it is, whatever its name (a PDF named
    ``.txt``, a ``.doc`` that is really a ``.docx``, a "Word web page" saved as ``.doc``). A
    file whose content is none of these is read as the suffix says (``.txt .docx .pdf .html
    .htm .doc``, and the images ``.png .jpg .jpeg .tif .tiff``; any other suffix as plain
    text), except that plain text named ``.docx``/``.pdf``/``.doc`` is read as text (a text
    file renamed to ``.docx`` is not a "damaged .docx"). Two cases stay refused: an HTML page
    named ``.pdf`` (in practice a failed download, an error or login page, not the report:
    "not a PDF file"), and bytes that are neither the suffix's format nor text (the suffix's
    own reason, e.g. "damaged or truncated .docx"). :attr:`Document.format` names the format
    actually read: ``"txt"``, ``"docx"``, ``"pdf"``, ``"html"``, ``"doc"`` or ``"image"``.
    PDF pages without a text layer and images are read by OCR when the ``ocr`` extra is
    installed (``pip install 'report_miner[ocr]'``); :attr:`Document.ocr_pages` lists those
    pages and :attr:`Document.ocr_lines` each OCR'd line's confidence.

    ``Document.encoding`` is the character encoding used to decode text bytes (plain text,
    HTML); ``"utf-8"`` for converter output; ``""`` for .docx and .pdf, which carry their own.

    Offsets in the tables refer to ``Document.text``, the text extracted here: paragraphs one
    per line, table rows one per line with cells separated by tabs, PDF pages by line breaks.

    Raises:
        LoadError: with a bilingual reason, e.g. "scanned PDF without a text layer / 扫描件，
            无文字层 … needs OCR: install the ocr extra …" (without the ``ocr`` extra),
            "password-protected .docx", "damaged or truncated .docx", "zip bomb",
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
    kind = _sniff(data, fmt, source)
    if kind is None:  # not the suffix's binary format by its content: text, or a damaged file
        try:
            doc = _load_txt(data, source)
        except LoadError:
            doc = _LOADERS[fmt](data, source)  # the suffix's loader says what is wrong
    else:
        doc = _LOADERS[kind](data, source)
    if not doc.text.strip():
        raise LoadError(source, "no text: only white space / 无正文,只有空白")
    return doc


def _by_content(data: bytes, fmt: str) -> str | None:
    """The format the first bytes of ``data`` show, or None (plain text, or not recognised)."""
    head = data[:1024]
    if data.startswith(b"%PDF-") or (fmt == "pdf" and b"%PDF-" in head):
        return "pdf"  # (a PDF named .pdf may have a few bytes of junk before its header)
    if data.startswith(_ZIP_MAGIC):
        # a Word package, or any zip named .docx/.doc (its loader says what is wrong with it)
        return "docx" if fmt in ("docx", "doc") or b"word/document.xml" in data else None
    if data.startswith(_OLE_MAGIC):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "doc"  # RTF: the converters read it
    if looks_like_image(data):
        return "image"  # a scan (PNG, JPEG, TIFF), read by OCR
    if _looks_like_html(head):
        return "html"
    return None


def _sniff(data: bytes, fmt: str, source: str) -> str | None:
    """The format to read ``data`` as: the one its content shows (see :func:`read_document`),
    else the one its suffix names; None for content that is not the binary format its suffix
    (.docx, .pdf, .doc) names, to be read as text if it is text."""
    kind = _by_content(data, fmt)
    if kind == "doc" and fmt == "docx" and data.startswith(_OLE_MAGIC) and (
            _ENCRYPTED_OOXML in data[:1 << 20] or _ENCRYPTED_OOXML in data[-(1 << 20):]):
        raise LoadError(source, "password-protected (encrypted) .docx; save it without "
                                "a password / 文档已加密(有密码)，请另存为无密码文件")
    if kind == "html" and fmt == "pdf":
        return "pdf"  # a web page saved as .pdf is a failed download: "not a PDF file"
    if kind is not None:
        return kind
    if fmt in ("docx", "pdf"):
        return None
    return "txt" if fmt == "doc" else fmt  # a .doc that is not Word: its text, or why not


def _load_image(data: bytes, source: str) -> Document:
    from .ocr import load_image  # numpy, Pillow and ONNX Runtime only when a scan comes

    return load_image(data, source)


def _load_txt(data: bytes, source: str) -> Document:
    text, encoding = decode_bytes(data, source)
    return Document(text=text, source=source, encoding=encoding, format="txt")


# --- .docx --------------------------------------------------------------------------------


# --- .pdf ---------------------------------------------------------------------------------


# --- .html / .htm -------------------------------------------------------------------------


# --- legacy .doc --------------------------------------------------------------------------


_LOADERS: dict[str, Callable[[bytes, str], Document]] = {
    "txt": _load_txt,
    "docx": _load_docx,
    "pdf": _load_pdf,
    "html": _load_html,
    "doc": _load_doc,
    "image": _load_image,
}
