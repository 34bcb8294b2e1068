"""PDF text layers that read right (issue 13, item 1): radicals in the text layer, pdfminer's
log kept off stderr."""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

import report_miner
from report_miner.mining.normalise import fold_chars
from report_miner.readers.load import read_document

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "radicals_hexi.pdf"  # tests/fixtures/make_radical_pdf.py
REPORT = ROOT / "corpora" / "t01_zongjie_hexi.txt"                 # the same report as text


def _comparable(table: pd.DataFrame) -> pd.DataFrame:
    """A table without its source, with text columns folded (the PDF's rows quote ⼈ where the
    text's quote 人: the characters as loaded)."""
    out = table.drop(columns=["source"]).copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: fold_chars(v) if isinstance(v, str) else v)
    return out.reset_index(drop=True)


def test_pdf_with_radicals_in_its_text_layer_gives_the_tables_of_the_text(tmp_path):
    doc = read_document(FIXTURE)
    assert doc.format == "pdf"
    assert "\u2f08" in doc.text and "\u2ea0" in doc.text  # ⼈ and ⺠ (人, 民) as the PDF has them
    from_pdf = report_miner.mine_file(FIXTURE)
    # the text as the PDF holds it: a PDF's text layer has no line break after its last line
    text_copy = tmp_path / REPORT.name
    text_copy.write_text(REPORT.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    from_text = report_miner.mine_file(text_copy)
    assert len(from_text.figures) > 50 and len(from_text.sections) > 10
    for name in ("figures", "blanks", "sections", "reports", "findings"):
        pd.testing.assert_frame_equal(_comparable(getattr(from_pdf, name)),
                                      _comparable(getattr(from_text, name)), obj=name)
    # each row still quotes the PDF's own characters at its offsets
    for row in from_pdf.figures.itertuples():
        assert doc.text[row.start:row.end] == row.text


def test_pdfminer_warnings_go_to_logging_at_debug_not_stderr(capfd, caplog):
    with caplog.at_level(logging.DEBUG, logger="report_miner.readers.pdf"):
        read_document(FIXTURE)
    captured = capfd.readouterr()
    assert "FontBBox" not in captured.err and captured.err == ""
    # the fixture's font descriptor has no FontBBox: pdfminer's warning is there, at DEBUG
    messages = [r for r in caplog.records if "FontBBox" in r.getMessage()]
    assert messages and all(r.levelno == logging.DEBUG for r in messages)
