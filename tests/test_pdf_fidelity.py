"""PDF text layers that read right (issue 13, item 1): radicals in the text layer, pdfminer's
log kept off stderr."""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

import report_miner
from report_miner.mining.normalise import fold_chars
from report_miner.readers.load import read_document

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "radicals_hexi.pdf"  # tests/fixtures/make_radical_pdf.py
REPORT = ROOT / "corpora" / "t01_zongjie_hexi.txt"                 # the same report as text


def _comparable(table: pd.DataFrame) -> pd.DataFrame:
    """A table without its source and offsets (a PDF holds no empty lines, or other ones, so
    offsets shift), with text columns folded (the PDF's rows quote ⼈ where the text's quote
    人: the characters as loaded)."""
    out = table.drop(columns=["source", "start", "end"]).copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: fold_chars(v) if isinstance(v, str) else v)
    return out.reset_index(drop=True)


@pytest.mark.parametrize("reader", ["pypdfium2", "pdfminer"])
def test_pdf_with_radicals_in_its_text_layer_gives_the_tables_of_the_text(tmp_path, monkeypatch,
                                                                          reader):
    if reader == "pypdfium2":
        pytest.importorskip("pypdfium2")
    monkeypatch.setattr("report_miner.readers.pdf.PDF_READER", reader)
    doc = read_document(FIXTURE)
    assert doc.format == "pdf"
    assert "\u2f08" in doc.text and "\u2ea0" in doc.text  # ⼈ and ⺠ (人, 民) as the PDF has them
    from_pdf = report_miner.mine_file(FIXTURE)
    from_text = report_miner.mine_file(REPORT)
    assert len(from_text.figures) > 50 and len(from_text.sections) > 10
    for name in ("figures", "blanks", "sections", "reports", "findings"):
        pd.testing.assert_frame_equal(_comparable(getattr(from_pdf, name)),
                                      _comparable(getattr(from_text, name)), obj=name)
    # each row still quotes the PDF's own characters at its offsets
    for row in from_pdf.figures.itertuples():
        assert doc.text[row.start:row.end] == row.text


def test_pdfminer_warnings_go_to_logging_at_debug_not_stderr(capfd, caplog, monkeypatch):
    monkeypatch.setattr("report_miner.readers.pdf.PDF_READER", "pdfminer")
    with caplog.at_level(logging.DEBUG, logger="report_miner.readers.pdf"):
        read_document(FIXTURE)
    captured = capfd.readouterr()
    assert "FontBBox" not in captured.err and captured.err == ""
    # the fixture's font descriptor has no FontBBox: pdfminer's warning is there, at DEBUG
    messages = [r for r in caplog.records if "FontBBox" in r.getMessage()]
    assert messages and all(r.levelno == logging.DEBUG for r in messages)


@pytest.mark.parametrize("reader", ["pypdfium2", "pdfminer"])
def test_both_pdf_readers_read_chinese_and_give_the_same_reasons(tmp_path, monkeypatch, reader):
    """Either reader (``PDF_READER``) reads the text layer and refuses bad files alike."""
    from test_io import PDF_LINES, make_pdf

    from report_miner.errors import LoadError

    if reader == "pypdfium2":
        pytest.importorskip("pypdfium2")
    monkeypatch.setattr("report_miner.readers.pdf.PDF_READER", reader)
    good = tmp_path / "总结.pdf"
    good.write_bytes(make_pdf(PDF_LINES))
    assert read_document(good).text.split("\n") == PDF_LINES
    for data, reason in [(make_pdf([], image_only=True), "scanned PDF without a text layer"),
                         (make_pdf(["机密"], encrypt=True), "password-protected PDF"),
                         (make_pdf(PDF_LINES)[:400], "truncated PDF")]:
        bad = tmp_path / "坏.pdf"
        bad.write_bytes(data)
        with pytest.raises(LoadError) as info:
            read_document(bad)
        assert reason in info.value.reason
