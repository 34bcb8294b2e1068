"""Ruled tables of text-layer PDFs (issue 13, item 3): cells and figures as .docx/.html give.

The table PDF is printed at test time by headless Chromium from an HTML page of my own (a
ruled 4-row table with a 合计 row that does not add up), as offices print tables to PDF. Without
Chromium the test fails when ``CI`` is set and is skipped otherwise (as in test_review.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import report_miner
from report_miner.mining.normalise import fold_chars
from report_miner.readers import pdf, pdftables
from report_miner.readers.load import read_document

pytest.importorskip("pdfplumber")
FIXTURE = Path(__file__).parent / "fixtures" / "radicals_hexi.pdf"

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body{font-family:"Noto Sans CJK SC",sans-serif;font-size:12pt}
table{border-collapse:collapse}td,th{border:1px solid #000;padding:4px 8px}
</style></head><body>
<p>青山镇二〇二五年工作总结</p>
<p>一、基本情况</p>
<p>全镇辖3个村，各村情况如下。</p>
<table>
<tr><th>村名</th><th>户籍人口(人)</th><th>耕地面积(亩)</th></tr>
<tr><td>甲村</td><td>1200</td><td>300</td></tr>
<tr><td>乙村</td><td>800</td><td>250</td></tr>
<tr><td>丙村</td><td>150</td><td>100</td></tr>
<tr><td>合计</td><td>2190</td><td>650</td></tr>
</table>
<p>二、下一步打算</p>
<p>继续抓好粮食生产。</p>
</body></html>
"""


PAGE2 = """<!doctype html><html><head><meta charset="utf-8"><style>
body{font-family:"Noto Sans CJK SC",sans-serif;font-size:12pt}
table{border-collapse:collapse;float:left}td,th{border:1px solid #000;padding:4px 8px}
.note{float:right;width:200px}
</style></head><body>
<p>红岭乡二〇二四年工作总结</p><p>一、基本情况</p><p>全乡共有5个行政村。</p>
<div style="page-break-before:always"></div>
<p>二、经费使用</p><p>单位：万元</p>
<div><table>
<tr><th rowspan="2">项目</th><th colspan="2">经费</th></tr>
<tr><th>上半年</th><th>下半年</th></tr>
<tr><td>宣传经费</td><td>3.5</td><td>4.5</td></tr>
<tr><td>活动经费</td><td>2</td><td>1</td></tr>
</table><div class="note">注：由乡财政拨付。</div></div>
<p style="clear:both">三、下一步打算</p>
</body></html>
"""


def _chromium() -> str:
    exe = (os.environ.get("RM_CHROMIUM") or shutil.which("chromium")
           or shutil.which("chromium-browser") or shutil.which("google-chrome"))
    if exe:
        return exe
    msg = "headless Chromium not found (apt-get install -y chromium fonts-noto-cjk)"
    if os.environ.get("CI"):
        pytest.fail(msg)
    pytest.skip(msg)


def _print(tmp: Path, page: str) -> Path:
    html = tmp / "t.html"
    html.write_text(page, encoding="utf-8")
    pdf = tmp / "t.pdf"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-dev-shm-usage", "--disable-background-networking",
           "--disable-component-update", f"--user-data-dir={tmp / 'profile'}",
           "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()]
    subprocess.run(cmd, capture_output=True, timeout=180)
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    return pdf


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory) -> Path:
    return _print(tmp_path_factory.mktemp("pdftables"), PAGE)


def test_pdf_table_on_page_two_merged_header_unit_line_and_note(tmp_path):
    """Offsets across pages, a rowspan/colspan header, 单位：万元 above the table, and the text
    beside the table kept."""
    path = _print(tmp_path, PAGE2)
    doc = read_document(path)
    assert "注：由乡财政拨付" in doc.text.replace("\n", "") and "全乡共有5个行政村" in doc.text
    res = report_miner.mine_file(path)
    cells = {(c["row_no"], c["column_no"]): c for c in res.rows("cells")}
    assert (3, 1) not in {k for k, c in cells.items() if c["value"] is not None}
    assert cells[(3, 2)]["column_label"] == "经费/上半年" and cells[(3, 2)]["section"] == "二"
    figs = {(f["row_no"], f["column_no"]): f for f in res.rows("figures") if f.get("table_no") == 1}
    assert (figs[(3, 2)]["subject"], figs[(3, 2)]["value"], figs[(3, 2)]["unit"]) == ("宣传经费", 35000, "元")
    assert (figs[(4, 3)]["subject"], figs[(4, 3)]["value"]) == ("活动经费", 10000)
    assert all(doc.text[f["start"]:f["end"]] == f["text"] for f in figs.values())


@pytest.mark.parametrize("reader", ["pypdfium2", "pdfminer"])
def test_pdf_table_cells_figures_and_wrong_total(table_pdf, reader, monkeypatch):
    """PDFium (the default) reads the cells' text; with pdfminer.six the text has Kangxi
    radicals (⼈ for 人), folded when labels and units are read."""
    monkeypatch.setattr(pdf, "PDF_READER", reader)
    doc = read_document(table_pdf)
    assert len(doc.tables) == 1 and len(doc.tables[0]) == 5
    res = report_miner.mine_file(table_pdf)
    cells = {(c["row_no"], c["column_no"]): c for c in res.rows("cells")}
    assert len(cells) == 15
    assert cells[(2, 2)]["row_label"] == "甲村"
    assert cells[(2, 2)]["column_label"] == "户籍人口(人)"
    assert cells[(3, 1)]["row_label"] == "乙村"  # ⼄ (a radical) in pdfminer's text, folded
    assert (cells[(2, 2)]["value"], cells[(2, 2)]["unit"]) == (1200, "人")
    assert (cells[(3, 3)]["value"], cells[(3, 3)]["unit"]) == (250, "亩")
    assert cells[(5, 1)]["is_total"] and not cells[(2, 2)]["is_total"]
    figs = {(f["row_no"], f["column_no"]): f for f in res.rows("figures") if f.get("table_no") == 1}
    got = {k: (f["subject"], f["value"], f["unit"]) for k, f in figs.items()}
    assert got[(2, 2)] == ("甲村", 1200, "人")
    assert got[(4, 2)] == ("丙村", 150, "人")
    assert got[(3, 3)] == ("乙村", 250, "亩")
    assert all(doc.text[f["start"]:f["end"]] == f["text"] for f in figs.values())
    bad = [f for f in res.rows("findings") if f["check"] == "table_total_mismatch"]
    assert len(bad) == 1  # 1200 + 800 + 150 = 2150, not 2190; 650 adds up
    assert "2190" in bad[0]["message_zh"] and "2150" in bad[0]["message_zh"]
    assert doc.text[bad[0]["start"]:bad[0]["end"]] == "2190"
    # the text around the table is still there, in order
    text = fold_chars(doc.text)  # pdfminer's ⼀ for 一
    assert text.index("基本情况") < text.index("1200") < text.index("下一步打算")


def test_pdf_tables_need_pdfplumber(table_pdf, monkeypatch):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # as if not installed
    assert not pdftables.available()
    doc = read_document(table_pdf)
    assert doc.tables == () and "1200" in doc.text
    assert report_miner.mine_file(table_pdf).rows("cells") == []


def test_pdf_without_tables_reads_as_before(monkeypatch):
    """A PDF without ruled tables: same text, same tables with pdfplumber as without."""
    with_plumber = report_miner.mine_file(FIXTURE)
    assert read_document(FIXTURE).tables == ()
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    without = report_miner.mine_file(FIXTURE)
    for name in ("figures", "blanks", "findings", "sections", "cells"):
        assert with_plumber.rows(name) == without.rows(name), name
