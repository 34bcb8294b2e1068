""".pdf: the text layer (pdfminer), refusing encrypted and image-only files."""
from __future__ import annotations

import re

from report_miner.errors import LoadError
from . import ocr
from .base import Document, _no_text


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
    if any(_no_text(p) for p in page_texts):
        # pages without a text layer (scans) are read by OCR, when the ocr extra is installed
        if ocr.available():
            return ocr.pdf_with_ocr(data, source, page_texts)
    if _no_text(text):
        raise LoadError(source, f"scanned PDF without a text layer / 扫描件，无文字层 "
                                f"({pages} page(s), {ocr.INSTALL_HINT})")
    garbage = sum(len(m) for m in _CID_GARBAGE.findall(text))
    if garbage > 0.5 * len(text.strip()):
        raise LoadError(source, "PDF text layer cannot be decoded (fonts without a Unicode "
                                "mapping) / PDF 文字层无法解码(字体缺少 Unicode 映射)")
    return Document(text=text, source=source, encoding="", format="pdf")
