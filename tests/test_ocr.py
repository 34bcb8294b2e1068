"""Scanned pages read by OCR (the ``ocr`` extra): images, PDF pages without a text layer.

The pages are rendered from the gold reports by ``bench/render_scans.py`` (CJK font, slight
rotation, noise, JPEG compression). Without RapidOCR these tests fail when ``CI`` is set (CI
installs the test extras, which include it) and are skipped otherwise; the tests of the
messages shown without the extra run everywhere.
"""
from __future__ import annotations

import io
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from report_miner.errors import LoadError
from report_miner.readers import ocr
from report_miner.readers.load import read_document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def _need_ocr():
    if ocr.available():
        return
    msg = "rapidocr-onnxruntime is not installed (pip install 'report_miner[ocr]')"
    if os.environ.get("CI"):
        pytest.fail(msg)
    pytest.skip(msg)


def _font_or_skip():
    import render_scans

    try:
        render_scans.font()
    except (RuntimeError, ImportError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))


def _page_png(lines: list[str]) -> bytes:
    """A clean page with ``lines`` (a tab splits a line into a left and a right cell)."""
    from PIL import Image, ImageDraw

    import render_scans

    fnt = render_scans.font(32)
    img = Image.new("L", (1000, 120 + 60 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        left, _, right = line.partition("\t")
        draw.text((60, 60 + 60 * i), left, font=fnt, fill=0)
        if right:
            draw.text((600, 60 + 60 * i), right, font=fnt, fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_ocr_figures_f1_on_rendered_pages_at_least_095():
    """Issue 13: figures F1 of the OCR path against the gold of the same pages ≥ 0.95."""
    _need_ocr()
    _font_or_skip()
    import bench_ocr

    rendered = [(d, pages[1:3]) for d, pages in bench_ocr.render(bench_ocr.gold_docs(["t01"]))]
    rendered += bench_ocr.render(bench_ocr.gold_docs(["t08"]), max_pages=1)
    res = bench_ocr.evaluate(rendered)
    assert res["pages"] == 3
    assert res["text_f1"] >= 0.95  # the pages are ones the text path reads well
    assert res["ocr_f1"] >= 0.95, res["per_doc"]


def test_ocr_image_lines_in_reading_order_with_confidence(tmp_path):
    _need_ocr()
    _font_or_skip()
    path = tmp_path / "扫描件.png"
    path.write_bytes(_page_png(["河西镇2023年工作总结", "全镇总人口3500人。", "行政村\t12个"]))
    doc = read_document(path)
    assert doc.format == "image"
    assert doc.ocr_pages == (1,)
    assert doc.text.split("\n") == ["河西镇2023年工作总结", "全镇总人口3500人。", "行政村\t12个"]
    assert [doc.text[ln.start:ln.end] for ln in doc.ocr_lines] == doc.text.split("\n")
    assert all(0.5 < ln.confidence <= 1 for ln in doc.ocr_lines)
    start = doc.text.index("3500")
    assert ocr.confidence_at(doc, start) == doc.ocr_lines[1].confidence


def test_ocr_wrapped_line_joined_to_its_paragraph():
    """A line reaching the right edge continues on the next: no line break inside a number."""
    box = lambda x0, x1, y: [[x0, y], [x1, y], [x1, y + 30], [x0, y + 30]]  # noqa: E731
    rows = ocr.page_lines([(box(100, 1100, 100), "全镇户籍总人口3.5万", 0.99),
                           (box(100, 400, 150), "人，比上年增加。", 0.98),
                           (box(100, 1100, 200), "出生率为9.26%0。", 0.97),
                           (box(100, 300, 250), "下一段", 0.96)])
    assert rows == [("全镇户籍总人口3.5万", 0.99, True), ("人，比上年增加。", 0.98, False),
                    ("出生率为9.26‰。", 0.97, False), ("下一段", 0.96, False)]


def test_ocr_degree_sign_after_a_chinese_character_is_a_full_stop():
    """Some builds of the recogniser read a final 。 as °: after a Chinese character (or a
    closing bracket) it is the full stop; after a number it stays a degree."""
    box = lambda y: [[100, y], [300, y], [300, y + 30], [100, y + 30]]  # noqa: E731
    rows = ocr.page_lines([(box(100), "全镇总人口3500人°", 0.99), (box(150), "（见附表）°", 0.98),
                           (box(200), "气温最低-5°，最高36.5°C。", 0.97)])
    assert [r[0] for r in rows] == ["全镇总人口3500人。", "（见附表）。", "气温最低-5°，最高36.5°C。"]


def test_ocr_scanned_pdf_and_mixed_pdf_say_which_pages(tmp_path):
    _need_ocr()
    _font_or_skip()
    import pypdfium2 as pdfium

    import render_scans
    from test_io import make_pdf

    scan = render_scans.pages_to_pdf(render_scans.render_text("全镇共有会员4200余人。\n发放宣传资料1.2万份。\n"))
    (tmp_path / "scan.pdf").write_bytes(scan)
    doc = read_document(tmp_path / "scan.pdf")
    assert (doc.format, doc.ocr_pages) == ("pdf", (1,))
    assert "4200余人" in doc.text and "1.2万份" in doc.text

    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(make_pdf(["第一页有文字层", "辖村12个"])))
    mixed.import_pages(pdfium.PdfDocument(scan))
    buf = io.BytesIO()
    mixed.save(buf)
    (tmp_path / "mixed.pdf").write_bytes(buf.getvalue())
    doc = read_document(tmp_path / "mixed.pdf")
    assert doc.ocr_pages == (2,)
    assert doc.text.startswith("第一页有文字层\n辖村12个\n")
    assert "4200余人" in doc.text
    assert all(ln.page == 2 for ln in doc.ocr_lines)


def test_ocr_scanned_pages_with_the_pdfminer_reader(tmp_path, monkeypatch):
    """The pdfminer.six fallback hands its text-less pages to OCR as PDFium's reader does."""
    _need_ocr()
    _font_or_skip()
    import pypdfium2 as pdfium

    import render_scans
    from report_miner.readers import pdf
    from test_io import make_pdf

    monkeypatch.setattr(pdf, "PDF_READER", "pdfminer")
    scan = render_scans.pages_to_pdf(render_scans.render_text("全镇共有会员4200余人。\n"))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(make_pdf(["第一页有文字层", "辖村12个"])))
    mixed.import_pages(pdfium.PdfDocument(scan))
    buf = io.BytesIO()
    mixed.save(buf)
    (tmp_path / "mixed.pdf").write_bytes(buf.getvalue())
    doc = read_document(tmp_path / "mixed.pdf")
    assert (doc.format, doc.ocr_pages) == ("pdf", (2,))
    assert "辖村12个" in doc.text and "4200余人" in doc.text
    assert doc.text.index("辖村12个") < doc.text.index("4200余人")
    assert all(ln.page == 2 for ln in doc.ocr_lines)


@pytest.mark.parametrize("jobs", [1, 2], ids=["main-process", "worker-processes"])
def test_ocr_ingest_files_row_names_ocr_pages(tmp_path, jobs):
    _need_ocr()
    _font_or_skip()
    from report_miner.store.ingest import ingest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "扫描.png").write_bytes(_page_png(["全镇总人口3500人。"]))
    (tmp_path / "in" / "a.txt").write_text("全镇总人口3500人。", encoding="utf-8")
    ingest([tmp_path / "in"], tmp_path / "a.sqlite", jobs=jobs, progress=False)
    with sqlite3.connect(tmp_path / "a.sqlite") as conn:
        rows = dict(conn.execute("SELECT format || ':' || status, ocr_pages FROM files"))
        conf = dict(conn.execute("SELECT source LIKE '%.png', ocr_confidence FROM figures"))
    assert rows == {"image:ok": "1", "txt:ok": ""}
    assert conf[0] is None and 0.5 < conf[1] <= 1


def test_ocr_dask_workers_read_scans(tmp_path):
    """The Dask engine reads files in its workers, so scans are OCR'd there."""
    _need_ocr()
    _font_or_skip()
    pytest.importorskip("distributed")
    from report_miner.integrations.dask import ingest_parquet, read_parquet_tables

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "扫描.png").write_bytes(_page_png(["全镇总人口3500人。"]))
    stats = ingest_parquet([tmp_path / "in"], tmp_path / "out", jobs=1)
    assert stats.failed == 0
    back = read_parquet_tables(tmp_path / "out", ["files", "figures"])
    assert list(back["files"]["ocr_pages"]) == ["1"]
    assert list(back["figures"]["text"]) == ["3500人"]
    assert back["figures"]["ocr_confidence"].between(0.5, 1).all()


def test_ocr_missing_extra_says_how_to_install(tmp_path, monkeypatch):
    """Without the extra, images and scanned PDFs are failed rows that say what to install."""
    from test_io import make_pdf

    def no_engine():
        raise ImportError("No module named 'rapidocr_onnxruntime'")

    monkeypatch.setattr(ocr, "_engine", no_engine)
    monkeypatch.setattr(ocr, "available", lambda: False)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    (tmp_path / "a.png").write_bytes(png)
    (tmp_path / "b.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    (tmp_path / "c.pdf").write_bytes(make_pdf([], image_only=True))
    for name in ("a.png", "b.jpg", "c.pdf"):
        with pytest.raises(LoadError) as info:
            read_document(tmp_path / name)
        assert "pip install 'report_miner[ocr]'" in info.value.reason
        assert "需要 OCR" in info.value.reason
    with pytest.raises(LoadError) as info:
        read_document(tmp_path / "c.pdf")
    assert info.value.reason.startswith("scanned PDF without a text layer / 扫描件，无文字层")

    from report_miner.api import mine_paths

    files = mine_paths([tmp_path]).rows("files")
    assert [r["status"] for r in files] == ["failed"] * 3
    assert all("report_miner[ocr]" in r["reason"] for r in files)


def test_ocr_image_by_content_whatever_its_suffix(tmp_path, monkeypatch):
    """PNG bytes saved as .txt are an image, not undecodable text."""
    called = []
    monkeypatch.setattr(ocr, "load_image", lambda data, source: called.append(source) or
                        ocr.Document("河西镇", source, "", "image", ocr_pages=(1,)))
    (tmp_path / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert read_document(tmp_path / "scan.txt").format == "image"
    assert called


def test_ocr_confidence_on_rows_and_low_confidence_finding():
    """Figures and blanks carry their line's confidence; a figure under 0.9 is a finding."""
    from report_miner import mine_text

    text = "全镇总人口3500人。\n辖村个，发放宣传资料1200份。"
    second = text.index("\n") + 1
    lines = (ocr.OcrLine(0, second - 1, 1, 0.99), ocr.OcrLine(second, len(text), 1, 0.62))
    res = mine_text(text, ocr_lines=lines)
    conf = {r["text"]: r["ocr_confidence"] for r in res.rows("figures")}
    assert conf == {"3500人": 0.99, "1200份": 0.62}
    assert [r["ocr_confidence"] for r in res.rows("blanks")] == [0.62]
    low = [f for f in res.rows("findings") if f["check"] == "ocr_low_confidence"]
    assert [(f["start"], f["severity"]) for f in low] == [(text.index("1200份"), "warning")]
    assert "0.62" in low[0]["message_zh"] and "check it against the scan" in low[0]["message_en"]

    plain = mine_text(text)  # text that was not OCR'd: no confidence, no finding
    assert all(r.get("ocr_confidence") is None for r in plain.rows("figures"))
    assert not [f for f in plain.rows("findings") if f["check"] == "ocr_low_confidence"]
