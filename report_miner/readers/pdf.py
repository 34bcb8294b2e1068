""".pdf: the text layer, refusing encrypted and image-only files.

Read with pypdfium2 (PDFium, the PDF engine of Chromium) when it is installed, else with
pdfminer.six. On CJK PDFs printed by a browser, PDFium reads every character as printed and
ten times faster, where pdfminer gives Kangxi radicals (⼈ for 人) and a blank line after
every printed line; see ``bench/bench_pdf_readers.py`` and the README's libraries table.
``PDF_READER = "pdfminer"`` chooses pdfminer.six (its layout analysis orders the text of
multi-column pages; PDFium gives the text in the order it is drawn).

With the ``pdftables`` extra (pdfplumber), ruled tables become ``Document.tables``
(:mod:`report_miner.readers.pdftables`); PDFium's reader lets pdfplumber look only at the pages
that draw lines.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from report_miner.errors import LoadError
from . import ocr, pdftables
from .base import Document, _no_text, inflated_size


_CID_GARBAGE = re.compile(r"\(cid:\d+\)")

#: where pdfminer's messages go, at DEBUG level ("Could not get FontBBox from font descriptor",
#: thousands a run for CJK fonts that omit it): visible with
#: ``logging.getLogger("report_miner.readers.pdf").setLevel(logging.DEBUG)`` and a handler.
log = logging.getLogger(__name__)


class _PdfminerToDebug(logging.Handler):
    """Hands every record of the ``pdfminer`` loggers to :data:`log` at DEBUG level, so that
    its warnings about fonts never reach stderr (Python's last-resort handler prints any
    unhandled WARNING there, mixed into the progress bar)."""

    def emit(self, record: logging.LogRecord) -> None:
        if log.isEnabledFor(logging.DEBUG):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            record.msg = f"pdfminer: {record.msg}"
            log.handle(record)


def _quiet_pdfminer() -> None:
    """Route the ``pdfminer`` loggers to :data:`log` at DEBUG level (once per process)."""
    pdfminer_log = logging.getLogger("pdfminer")
    if not any(isinstance(h, _PdfminerToDebug) for h in pdfminer_log.handlers):
        pdfminer_log.addHandler(_PdfminerToDebug())
        pdfminer_log.propagate = False


#: ``"pypdfium2"`` (the default, when installed) or ``"pdfminer"``
PDF_READER = "pypdfium2"


#: a PDF stream may inflate to at most this many bytes (a page's content, a font or a
#: Flate-compressed scan is far smaller; a compression bomb of 2 MB inflates to 2 GB) …
MAX_PDF_STREAM_BYTES = 256 * 2**20
#: … and the streams checked, together, to at most this many.
MAX_PDF_INFLATED_BYTES = 1024 * 2**20
#: Deflate compresses at most about 1032 to 1: a stream shorter than this, filtered once,
#: cannot inflate past :data:`MAX_PDF_STREAM_BYTES` and is not inflated by the check.
_FLATE_MAX_RATIO = 1032

_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")


def _check_streams(data: bytes, source: str) -> None:
    """Refuse a PDF whose Flate streams inflate past :data:`MAX_PDF_STREAM_BYTES` (one) or
    :data:`MAX_PDF_INFLATED_BYTES` (together), before a PDF library inflates them whole.

    Streams are found by their ``stream``/``endstream`` keywords and inflated in 1 MB steps,
    counting, never kept; only those that could exceed the limit are inflated: a long one, or
    one whose filters name FlateDecode more than once."""
    import zlib

    floor = MAX_PDF_STREAM_BYTES // _FLATE_MAX_RATIO
    total, pos = 0, 0
    while True:
        match = _STREAM_START.search(data, pos)
        if match is None:
            return
        start = match.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        pos = end
        head = data[max(0, match.start() - 4096):match.start()]
        head = head[head.rfind(b"obj") + 1:] if b"obj" in head else head[-1024:]
        passes = head.count(b"FlateDecode")
        if not passes or (passes == 1 and end - start < floor):
            continue
        inflated = _inflate_counted(data[start:end], passes, MAX_PDF_STREAM_BYTES, zlib)
        total += inflated
        if inflated > MAX_PDF_STREAM_BYTES or total > MAX_PDF_INFLATED_BYTES:
            what = (f"a stream inflates past {MAX_PDF_STREAM_BYTES // 2**20} MB"
                    if inflated > MAX_PDF_STREAM_BYTES else
                    f"its streams inflate past {MAX_PDF_INFLATED_BYTES // 2**20} MB together")
            raise LoadError(source, f"PDF compression bomb? {what} (from a {len(data) / 2**20:.1f} "
                                    f"MB file); not opened / 疑似压缩炸弹，未打开")


def _inflate_counted(raw: bytes, passes: int, limit: int, zlib: Any) -> int:
    """Bytes ``raw`` inflates to through ``passes`` Flate filters, counted in 1 MB steps and
    stopped just past ``limit`` (a damaged stream counts what inflated before the damage).
    Only the last pass is counted without being kept; earlier ones are kept, up to ``limit``."""
    for _ in range(passes - 1):
        try:
            inflater = zlib.decompressobj()
            raw = inflater.decompress(raw, limit + 1)
        except zlib.error:
            return 0
        if len(raw) > limit:
            return len(raw)
    return inflated_size(zlib.decompressobj(), raw, limit)


def _load_pdf(data: bytes, source: str) -> Document:
    if b"%PDF-" not in data[:1024]:
        raise LoadError(source, "not a PDF file (no %PDF- header) / 不是 PDF 文件")
    _check_streams(data, source)
    if PDF_READER == "pypdfium2":
        try:
            import pypdfium2  # noqa: F401
        except ImportError:
            pass
        else:
            return _load_pdf_pdfium(data, source)
    return _load_pdf_pdfminer(data, source)


def _damaged(data: bytes) -> tuple[bool, str]:
    truncated = b"%%EOF" not in data[-2048:]
    return truncated, ("truncated PDF (no %%EOF at the end) / PDF 文件不完整" if truncated
                       else "damaged PDF / PDF 文件已损坏")


def _with_ocr(data: bytes, source: str, page_texts: list[str]) -> Document | None:
    """The document with its text-less pages (scans) read by OCR, given each page's text
    layer; None when every page has text or the ``ocr`` extra is not installed (then
    :func:`_check_text` refuses a PDF without any text, naming the extra)."""
    if any(_no_text(p) for p in page_texts) and ocr.available():
        return ocr.pdf_with_ocr(data, source, page_texts)
    return None


def _check_text(text: str, pages: int, source: str) -> None:
    if _no_text(text):
        raise LoadError(source, f"scanned PDF without a text layer / 扫描件，无文字层 "
                                f"({pages} page(s), {ocr.INSTALL_HINT})")
    garbage = sum(len(m) for m in _CID_GARBAGE.findall(text)) + text.count("\ufffd")
    if garbage > 0.5 * len(text.strip()):
        raise LoadError(source, "PDF text layer cannot be decoded (fonts without a Unicode "
                                "mapping) / PDF 文字层无法解码(字体缺少 Unicode 映射)")


def _draws_paths(page) -> bool:
    """True when a PDFium page draws a path (a line, a box) or a form XObject at its top level:
    only such pages can hold a ruled table, so pdfplumber (about 150 ms a page) looks only at
    them."""
    import pypdfium2.raw as raw

    kinds = (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM)
    return any(raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, k)) in kinds
               for k in range(raw.FPDFPage_CountObjects(page.raw)))


def _with_tables(data: bytes, source: str, pages: list[str], text: str,
                 pdfium_reader: bool = False, candidates: set[int] | None = None) -> Document:
    """The document, with the pages holding ruled tables rewritten around them and the
    tables as layout (:mod:`report_miner.readers.pdftables`, when pdfplumber is installed);
    ``text`` as read when no page has a table. With ``pdfium_reader`` the text of the tables'
    cells and around them is read by PDFium, else by pdfplumber (pdfminer.six); ``candidates``
    (0-based page indices), when given, are the only pages looked at."""
    if not pdftables.available() or candidates is not None and not candidates:
        return Document(text=text, source=source, encoding="", format="pdf")
    _quiet_pdfminer()  # pdfplumber reads the page through pdfminer.six
    document = None
    textpages: dict[int, tuple] = {}
    text_in = None
    if pdfium_reader:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)

        def text_in(index: int, bbox: tuple[float, float, float, float]) -> str:
            if index not in textpages:
                page = document[index]
                textpages[index] = (page, page.get_textpage(), page.get_height())
            _page, textpage, height = textpages[index]
            x0, top, x1, bottom = bbox
            return textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1,
                                             top=height - top)
    try:
        found = pdftables.pages_with_tables(data, text_in, candidates)
    finally:
        for page, textpage, _h in textpages.values():
            textpage.close()
            page.close()
        if document is not None:
            document.close()
    if not found:
        return Document(text=text, source=source, encoding="", format="pdf")
    text, tables = pdftables.join_pages(pages, found)
    return Document(text=text, source=source, encoding="", format="pdf", tables=tables)


def _load_pdf_pdfium(data: bytes, source: str) -> Document:
    """The text layer by PDFium: each page's text in drawing order, lines as PDFium finds
    them (its ``\\r\\n`` written ``\\n``), pages joined by a line break."""
    import pypdfium2 as pdfium

    truncated, damaged = _damaged(data)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise LoadError(source, "password-protected PDF (needs a password to open) / "
                                    "PDF 已加密，需要密码才能打开") from exc
        raise LoadError(source, f"{damaged} ({exc})") from exc
    pages: list[str] = []
    drawn: set[int] = set()  # pages that draw lines or forms: where a ruled table can be
    try:
        for index in range(len(document)):
            try:
                page = document[index]
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range())
                if _draws_paths(page):
                    drawn.add(index)
                textpage.close()
                page.close()
            except pdfium.PdfiumError as exc:
                if not pages or _no_text("".join(pages)):
                    raise LoadError(source, f"{damaged} ({exc})") from exc
                break  # some pages were read: keep them (a damaged tail must not lose the report)
    finally:
        document.close()
    if not pages:
        raise LoadError(source, damaged if truncated else "PDF without pages / PDF 没有页面")
    pages = [page.replace("\r\n", "\n").replace("\r", "\n") for page in pages]
    text = "\n".join(pages).rstrip()
    scanned = _with_ocr(data, source, pages)
    if scanned is not None:
        return scanned
    _check_text(text, len(pages), source)
    return _with_tables(data, source, pages, text, pdfium_reader=True, candidates=drawn)


def _load_pdf_pdfminer(data: bytes, source: str) -> Document:
    """The text layer by pdfminer.six, in reading order by its layout analysis."""
    import io as _io

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

    _quiet_pdfminer()
    truncated, damaged = _damaged(data)
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
    ends: list[int] = []  # where each page's text ends in ``out`` (for OCR of blank pages)
    try:
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages += 1
            ends.append(out.tell())
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
    value = out.getvalue()
    page_texts = [value[a:b].rstrip("\f") for a, b in zip([0, *ends], ends)]
    scanned = _with_ocr(data, source, page_texts)
    if scanned is not None:
        return scanned
    _check_text(text, pages, source)
    return _with_tables(data, source, [p.rstrip("\f") for p in page_texts], text)
