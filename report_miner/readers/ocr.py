"""Scanned pages: images (.png .jpg .jpeg .tif .tiff) and PDF pages without a text layer, read by
OCR (optical character recognition).

The engine is RapidOCR (``rapidocr-onnxruntime``): PaddleOCR's PP-OCRv4 Chinese models, shipped
inside the package and run on the CPU by ONNX Runtime, so nothing is downloaded at run time. It is
an optional extra::

    pip install 'report_miner[ocr]'

Without it, images and scanned PDFs are refused with a :class:`LoadError` that says so.
Measured against Tesseract 5 with Debian's chi_sim on the same rendered pages
(``bench/bench_ocr.py``), RapidOCR reads figures more accurately (it keeps ``2,347``, ``98.2%``
and ``两千`` where Tesseract gives ``2.347``, ``98.29%`` and ``两干``); Tesseract is about three
times faster per page.

What comes out:

- Lines are put in reading order: top to bottom, and left to right within a row (boxes whose
  vertical centres are within half a line height form one row; cells of a row are joined by a
  tab, as table rows are for .docx).
- A line that reaches the right edge of the text block is a wrapped line of a paragraph: it is
  joined to the next line without a line break, so a number or a sentence cut by the page width
  reads as one (``3.5万\\n人`` would otherwise be two pieces).
- Three confusions of the recogniser are corrected: ``%0``/``%o`` after a digit is a
  per-mille sign ``‰``, a full-width comma between a digit and exactly three digits is a
  thousands separator (``2，347`` → ``2,347``), and a degree sign right after a Chinese
  character is the full stop it was read from (``3500人°`` → ``3500人。``: a degree follows a
  number, 36.5°). Offsets refer to the corrected text.
- :class:`OcrLine` records give every line's place in :attr:`Document.text`, its page and the
  recogniser's confidence (0-1); :attr:`Document.ocr_pages` lists the pages read by OCR.
"""
from __future__ import annotations

import io
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from report_miner.errors import LoadError
from .base import Document

#: image suffixes read by OCR, and the format name each gives
IMAGE_FORMATS: dict[str, str] = {".png": "image", ".jpg": "image", ".jpeg": "image",
                                 ".tif": "image", ".tiff": "image"}

#: resolution PDF pages without a text layer are rendered at before OCR (dots per inch)
PDF_DPI = 200

#: what a user is told when the OCR extra is missing
INSTALL_HINT = ("needs OCR: install the ocr extra (pip install 'report_miner[ocr]') / "
                "需要 OCR：请安装 OCR 组件 pip install 'report_miner[ocr]'")

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_TIFF = (b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class OcrLine:
    """One line read by OCR: ``Document.text[start:end]``, its page (1-based) and the
    recogniser's confidence (0-1)."""

    start: int
    end: int
    page: int
    confidence: float


def looks_like_image(data: bytes) -> bool:
    """True for PNG, JPEG and TIFF bytes (by their magic numbers)."""
    return data.startswith(_PNG) or data.startswith(_JPEG) or data[:4] in _TIFF


def available() -> bool:
    """True when the OCR extra (rapidocr-onnxruntime) is installed."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


_ENGINE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _engine() -> Any:
    """The RapidOCR engine, loaded once per process from the models its package ships.
    ONNX Runtime's threads: ``REPORT_MINER_OCR_THREADS`` (ingest's workers set 1), else its
    default (every core)."""
    import logging

    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get("REPORT_MINER_OCR_THREADS", "0")) or -1
    engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return engine


def _need_engine(source: str) -> Any:
    try:
        return _engine()
    except ImportError as exc:
        raise LoadError(source, INSTALL_HINT) from exc


# --- from recognised boxes to text ---------------------------------------------------------

_PERMILLE = re.compile(r"(?<=\d)%[0oO]")
_WIDE_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
# a small circle after a Chinese character (or its closing bracket) is a full stop, never a
# degree (which follows a number); some builds of the recogniser's image pipeline give ° for 。
_FULL_STOP_AS_DEGREE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff）)”])[°º˚]")
_SENTENCE_END = tuple("。！？；：")


def _fix(text: str) -> str:
    text = _PERMILLE.sub("‰", text)
    text = _FULL_STOP_AS_DEGREE.sub("。", text)
    return _WIDE_THOUSANDS.sub(",", text)


def page_lines(results: list[tuple[list[list[float]], str, float]]) -> list[tuple[str, float, bool]]:
    """Recognised boxes → rows in reading order: (text, confidence, joins_next).

    ``results`` are RapidOCR's ``(box, text, score)`` triples (box: four corner points).
    ``joins_next`` is True for a line that reaches the right edge of the text block and so
    continues on the next line.
    """
    boxes = []
    for box, text, score in results:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        if not text.strip():
            continue
        boxes.append((min(xs), max(xs), min(ys), max(ys), text.strip(), float(score)))
    if not boxes:
        return []
    boxes.sort(key=lambda b: (b[2] + b[3]) / 2)
    rows: list[list[tuple]] = []
    for b in boxes:
        centre, height = (b[2] + b[3]) / 2, b[3] - b[2]
        if rows:
            last = rows[-1]
            lc = sum((x[2] + x[3]) / 2 for x in last) / len(last)
            if abs(centre - lc) < 0.5 * height:
                last.append(b)
                continue
        rows.append([b])
    right = max(b[1] for b in boxes)
    out = []
    for i, row in enumerate(rows):
        row.sort(key=lambda b: b[0])
        text = _fix("\t".join(b[4] for b in row))
        conf = min(b[5] for b in row)
        height = max(b[3] - b[2] for b in row)
        full = len(row) == 1 and right - row[-1][1] < 1.5 * height
        joins = (full and i + 1 < len(rows) and not text.endswith(_SENTENCE_END)
                 and len(rows[i + 1]) == 1)
        out.append((text, conf, joins))
    return out


def _page_text(results, page: int, offset: int) -> tuple[str, list[OcrLine]]:
    """The text of one page (lines in reading order) and its :class:`OcrLine` records, whose
    offsets start at ``offset``."""
    parts: list[str] = []
    lines: list[OcrLine] = []
    pos = offset
    for text, conf, joins in page_lines(results):
        lines.append(OcrLine(pos, pos + len(text), page, round(conf, 4)))
        sep = "" if joins else "\n"
        parts.append(text + sep)
        pos += len(text) + len(sep)
    return "".join(parts), lines


def _recognise(engine: Any, image: Any) -> list:
    import numpy as np

    arr = np.asarray(image.convert("RGB"))
    with _ENGINE_LOCK:  # one ONNX session per process; threads (Dask) take turns
        result, _ = engine(arr)
    return result or []


def ocr_images(images: list[Any], source: str, pages: list[int] | None = None
               ) -> tuple[str, list[OcrLine]]:
    """OCR PIL images as consecutive pages: the joined text and the line records.

    ``pages`` gives each image's page number (1-based; default 1, 2, …)."""
    engine = _need_engine(source)
    pages = pages or list(range(1, len(images) + 1))
    text, lines = "", []
    for image, page in zip(images, pages):
        t, ls = _page_text(_recognise(engine, image), page, len(text))
        text += t
        lines.extend(ls)
    return text, lines


def load_image(data: bytes, source: str) -> Document:
    """Read an image file (PNG, JPEG, TIFF; every frame of a multi-page TIFF) by OCR."""
    _need_engine(source)
    try:
        from PIL import Image, ImageSequence
    except ImportError as exc:  # pragma: no cover - rapidocr depends on Pillow
        raise LoadError(source, INSTALL_HINT) from exc
    try:
        img = Image.open(io.BytesIO(data))
        frames = [f.copy() for f in ImageSequence.Iterator(img)]
    except Exception as exc:
        raise LoadError(source, f"damaged or unreadable image ({type(exc).__name__}: {exc}) / "
                                f"图片已损坏或无法读取") from exc
    text, lines = ocr_images(frames, source)
    if not text.strip():
        raise LoadError(source, "no text found in the image by OCR / 图片中未识别出文字")
    return Document(text=text.rstrip("\n"), source=source, encoding="", format="image",
                    ocr_pages=tuple(range(1, len(frames) + 1)), ocr_lines=tuple(lines))


def pdf_with_ocr(data: bytes, source: str, page_texts: list[str]) -> Document:
    """A PDF whose pages ``page_texts`` (the text layer, one string per page) include pages
    without text: those pages are rendered (pypdfium2) and read by OCR, the others kept.

    Raises LoadError with the install hint when the OCR extra is missing."""
    _need_engine(source)
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise LoadError(source, INSTALL_HINT) from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium refuses what pdfminer read: keep the reason short
        raise LoadError(source, f"scanned PDF pages cannot be rendered for OCR "
                                f"({type(exc).__name__}: {exc}) / 扫描页无法渲染") from exc
    engine = _engine()
    text, lines, ocr_pages = "", [], []
    try:
        for i, layer in enumerate(page_texts):
            if layer.strip():
                text += layer + "\n"  # as the text-layer path: a page break is a line break
                continue
            if i >= len(pdf):
                continue
            image = pdf[i].render(scale=PDF_DPI / 72).to_pil()
            t, ls = _page_text(_recognise(engine, image), i + 1, len(text))
            text += t if t.endswith("\n") or not t else t + "\n"
            lines.extend(ls)
            ocr_pages.append(i + 1)
    finally:
        pdf.close()
    text = text.rstrip()
    if not text.strip():
        raise LoadError(source, f"scanned PDF without a text layer / 扫描件，无文字层 "
                                f"({len(page_texts)} page(s); OCR found no text / OCR 未识别出文字)")
    return Document(text=text, source=source, encoding="", format="pdf",
                    ocr_pages=tuple(ocr_pages), ocr_lines=tuple(lines))


def ocr_pages_label(doc: Document) -> str:
    """The ``ocr_pages`` value of a ``files`` row: the OCR'd pages as ``"1,2,5"``; ``""`` when
    no page was read by OCR.

        >>> ocr_pages_label(Document("河西镇", "a.png", "", "image", ocr_pages=(1, 2)))
        '1,2'
    """
    return ",".join(str(p) for p in doc.ocr_pages)


def confidence_at(doc: Document, offset: int) -> float | None:
    """The OCR confidence of the line holding character ``offset`` of ``doc.text``; None for
    text that was not read by OCR."""
    import bisect

    lines = doc.ocr_lines
    if not lines:
        return None
    i = bisect.bisect_right([ln.start for ln in lines], offset) - 1
    if i >= 0 and lines[i].start <= offset <= lines[i].end:
        return lines[i].confidence
    return None
