"""Document structure from the file (issue 13, item 2): Word heading styles and automatic
numbering, HTML h1-h6.

The main test builds a .docx from a corpus report the way an office would have typed it: the
level-1 headings in the Heading 1 style with Word's automatic numbering (一、 drawn by Word,
not typed), the level-2 and level-3 headings as numbered list paragraphs ((一), 1.) without
typed numbers, everything else as typed. Its ``sections`` table must equal that of the text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import report_miner
from report_miner.readers.docx import format_number
from report_miner.readers.load import read_document

ROOT = Path(__file__).resolve().parent.parent
docx = pytest.importorskip("docx")

_NUM_ID = 90
#: level -> (numFmt, lvlText) of the multilevel list the test document uses
_LEVELS = {0: ("chineseCounting", "%1、"), 1: ("chineseCounting", "（%2）"), 2: ("decimal", "%3.")}


def _add_list(document, levels=_LEVELS, num_id=_NUM_ID, heading_style=None) -> None:
    """A multilevel list definition (abstractNum + num) in the document's numbering part."""
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:pStyle w:val="{heading_style}"/>' if heading_style and i == 0 else "")
        + f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in levels.items())
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {ns} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
    nums = numbering.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {ns} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))


def _number(paragraph, ilvl: int, num_id: int = _NUM_ID) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {ns}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _docx_from_text(text: str, sections, path: Path) -> dict[str, int]:
    """Write ``text`` as a .docx, one paragraph a line; a heading at a line's start loses its
    typed number to Word's numbering wherever Word would draw the same token. Returns how many
    headings were numbered by Word, per level, and how many kept their typed number."""
    document = docx.Document()
    _add_list(document)
    heads = {s["start"]: s for s in sections if s["level"] in (1, 2, 3)}
    counters: list[int | None] = [None, None, None]
    used = {"word_numbered": 0, "typed": 0}
    pos = 0
    for line in text.split("\n"):
        h = heads.get(pos)
        if h is None:
            document.add_paragraph(line)
        else:
            ilvl = h["level"] - 1
            after = (counters[ilvl] or 0) + 1
            fmt, pattern = _LEVELS[ilvl]
            drawn = pattern.replace(f"%{ilvl + 1}", format_number(after, fmt))
            style = "Heading 1" if ilvl == 0 else None
            if line.startswith(drawn) and len(h["token"]) == len(drawn):
                p = document.add_paragraph(line[len(drawn):], style=style)
                _number(p, ilvl)
                counters[ilvl] = after
                for i in range(ilvl + 1, 3):
                    counters[i] = None
                used["word_numbered"] += 1
            else:  # Word would draw another number here: typed, as offices do
                document.add_paragraph(line, style=style)
                used["typed"] += 1
        pos += len(line) + 1
    document.save(path)
    return used


_COLUMNS = ["report", "section_id", "level", "token", "number", "title", "start", "end", "parent",
            "path"]


@pytest.mark.parametrize("name", ["t01_zongjie_hexi.txt", "t02_jihua_shiqiao.txt", "t07_zongjie_dongba_traps.txt"])
def test_docx_outline_equals_text_outline(tmp_path, name):
    text = read_document(ROOT / "corpora" / name).text.replace("\r\n", "\n")
    as_text = report_miner.mine_text(text, source="r")
    sections = as_text.rows("sections")
    assert any(s["level"] == 2 for s in sections)
    path = tmp_path / "r.docx"
    used = _docx_from_text(text, sections, path)
    assert used["word_numbered"] >= 5  # the test exercises Word's numbering, not typed numbers

    doc = read_document(path)
    assert doc.text == text  # the numbers Word draws are in the text, where they were typed
    from_docx = report_miner.mine_text(doc.text, source="r", headings=doc.headings)
    got = [{k: s[k] for k in _COLUMNS} for s in from_docx.rows("sections")]
    want = [{k: s[k] for k in _COLUMNS} for s in sections]
    assert got == want
    # and the same through mine_file, as every user reads a file
    via_file = report_miner.mine_file(path).rows("sections")
    assert [{k: s[k] for k in _COLUMNS} for s in via_file] == want


def test_heading_style_without_number_is_a_heading(tmp_path):
    document = docx.Document()
    document.add_paragraph("青山镇2023年工作总结", style="Title")
    document.add_paragraph("基本情况", style="Heading 1")
    document.add_paragraph("全镇辖12个村，总人口23456人。")
    document.add_paragraph("组织建设", style="Heading 2")
    document.add_paragraph("新发展会员300人。")
    document.add_paragraph("宣传教育", style="Heading 2")
    document.add_paragraph("发放宣传品2000份。")
    document.add_paragraph("二、下一步打算", style="Heading 1")  # a typed number: read from the text
    document.add_paragraph("继续做好各项工作。")
    path = tmp_path / "h.docx"
    document.save(path)
    doc = read_document(path)
    assert [(doc.text[s:e], lvl) for s, e, lvl in doc.headings] == [
        ("基本情况", 1), ("组织建设", 2), ("宣传教育", 2), ("二、下一步打算", 1)]
    res = report_miner.mine_file(path)
    rows = res.rows("sections")
    assert [(r["level"], r["token"], r["number"], r["title"], r["path"]) for r in rows] == [
        (1, "", 1, "基本情况", "基本情况"),
        (2, "", 1, "组织建设", "基本情况/组织建设"),
        (2, "", 2, "宣传教育", "基本情况/宣传教育"),
        (1, "二、", 2, "下一步打算", "二")]
    figs = res.rows("figures")
    assert {f["text"]: f["section"] for f in figs}["300人"] == "基本情况/组织建设"
    assert [doc.text[r["start"]:r["end"]].split("\n")[0] for r in rows] == [
        "基本情况", "组织建设", "宣传教育", "二、下一步打算"]


def test_heading_style_linked_to_numbering(tmp_path):
    """A Heading 1 style that carries the numbering itself (the multilevel list's level 1 is
    linked to the style): every Heading 1 paragraph gets its 一、 二、 from Word."""
    from docx.oxml import parse_xml

    document = docx.Document()
    _add_list(document, num_id=91, heading_style="Heading1")
    style = document.styles["Heading 1"].element
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    style.get_or_add_pPr().append(parse_xml(f'<w:numPr {ns}><w:numId w:val="91"/></w:numPr>'))
    document.add_paragraph("甲镇工作汇报")
    document.add_paragraph("基本情况", style="Heading 1")
    document.add_paragraph("全镇辖12个村。")
    p = document.add_paragraph("组织建设")
    _number(p, 1, num_id=91)
    document.add_paragraph("存在问题", style="Heading 1")
    path = tmp_path / "s.docx"
    document.save(path)
    text = read_document(path).text
    assert text.split("\n")[1:] == ["一、基本情况", "全镇辖12个村。", "（一）组织建设", "二、存在问题"]
    rows = report_miner.mine_file(path).rows("sections")
    assert [r["path"] for r in rows] == ["一", "一/(一)", "二"] or \
        [r["path"] for r in rows] == ["一", "一/（一）", "二"]


def test_numbering_formats_and_restart():
    assert [format_number(n, "chineseCounting") for n in (1, 9, 10, 11, 19, 20, 99, 100, 101, 110)] == [
        "一", "九", "十", "十一", "十九", "二十", "九十九", "一百", "一百零一", "一百一十"]
    assert format_number(4, "decimalEnclosedCircle") == "④"
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "chineseLegalSimplified") == "贰"
    assert format_number(28, "lowerLetter") == "bb"
    assert format_number(9, "upperRoman") == "IX"
    assert format_number(5, "bullet") == ""


def test_html_headings(tmp_path):
    page = ("<html><head><meta charset='utf-8'><title>x</title></head><body>"
            "<h1>乙乡2023年工作总结</h1><h2>基本情况</h2><p>全乡辖9个村，总人口12000人。</p>"
            "<h2>一、组织建设</h2><h3>（一）会员发展</h3><p>新发展会员120人。</p>"
            "<h2>宣传教育</h2><p>发放宣传品800份。</p></body></html>")
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert [(doc.text[s:e], lvl) for s, e, lvl in doc.headings] == [
        ("乙乡2023年工作总结", 1), ("基本情况", 2), ("一、组织建设", 2), ("（一）会员发展", 3),
        ("宣传教育", 2)]
    assert "\ufdd2" not in doc.text
    rows = report_miner.mine_file(path).rows("sections")
    got = [(r["level"], r["token"], r["path"]) for r in rows]
    # the h1 title line stays the report's title (the reports table), not a section; typed
    # numbers read as in a text file (their own levels), the other headings at their h-level
    assert got == [(2, "", "基本情况"), (1, "一、", "一"), (2, "(一)", "一/(一)"),
                   (2, "", "一/宣传教育")]
    assert report_miner.mine_file(path).rows("reports")[0]["title"] == "乙乡2023年工作总结"


# ------------------------------------------------------------------------------ tables (item 3)


def _docx_table(path: Path, rows: list[list[str]], before: str = "") -> None:
    document = docx.Document()
    document.add_paragraph("丙镇2023年计划生育协会工作总结")
    document.add_paragraph("一、基本情况")
    if before:
        document.add_paragraph(before)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、下一步打算")
    document.add_paragraph("继续做好各项工作。")
    document.save(path)


def test_docx_table_cells_figures_and_wrong_total(tmp_path):
    path = tmp_path / "t.docx"
    _docx_table(path, [["村名", "户籍人口（人）", "已婚育龄妇女（人）", "协会会员"],
                       ["东村", "1200", "310", "85人"],
                       ["西村", "980", "260", "70人"],
                       ["合计", "2190", "570", "155人"]])
    res = report_miner.mine_file(path)
    cells = res.rows("cells")
    assert len(cells) == 16
    c = {(x["row_no"], x["column_no"]): x for x in cells}
    assert c[(2, 2)]["row_label"] == "东村" and c[(2, 2)]["column_label"] == "户籍人口（人）"
    assert (c[(2, 2)]["value"], c[(2, 2)]["unit"]) == (1200, "人")
    assert c[(4, 1)]["is_total"] and not c[(2, 2)]["is_total"]
    assert c[(2, 2)]["section"] == "一"
    figs = [f for f in res.rows("figures") if f.get("table_no") == 1]
    got = {(f["row_no"], f["column_no"]): (f["subject"], f["value"], f["unit"]) for f in figs}
    assert got[(2, 2)] == ("东村", 1200, "人")       # the column's unit: 1200 under 户籍人口（人）
    assert got[(3, 3)] == ("西村", 260, "人")
    assert got[(2, 4)] == ("东村", 85, "人")         # the cell's own unit
    text = read_document(path).text
    assert all(text[f["start"]:f["end"]] == f["text"] for f in figs)
    found = [f for f in res.rows("findings") if f["check"] == "table_total_mismatch"]
    assert len(found) == 1  # 1200 + 980 = 2180, not 2190; 570 and 155 add up
    assert "2190" in found[0]["message_zh"] and "2180" in found[0]["message_zh"]
    assert "R2C2=1200" in found[0]["message_zh"] and "R3C2=980" in found[0]["message_zh"]
    assert text[found[0]["start"]:found[0]["end"]] == "2190"


def test_table_unit_line_total_column_and_pairs(tmp_path):
    path = tmp_path / "u.docx"
    _docx_table(path, [["项目", "上半年", "下半年", "合计"],
                       ["宣传经费", "3.5", "4.5", "8"],
                       ["活动经费", "2", "1", "4"]], before="单位：万元")
    res = report_miner.mine_file(path)
    figs = {(f["row_no"], f["column_no"]): f for f in res.rows("figures") if f.get("table_no") == 1}
    assert (figs[(2, 2)]["value"], figs[(2, 2)]["unit"]) == (35000, "元")  # 3.5 万元
    assert figs[(2, 2)]["subject"] == "宣传经费"
    bad = [f for f in res.rows("findings") if f["check"] == "table_total_mismatch"]
    assert [text_of(f) for f in bad] == ["4"]  # 2 + 1 = 3: the total column of row 3

    path2 = tmp_path / "p.docx"
    _docx_table(path2, [["村名", "应检人数", "实检人数"], ["东村", "300", "296"], ["西村", "200", "230"]])
    res2 = report_miner.mine_file(path2)
    pair = [f for f in res2.rows("findings") if f["check"] == "table_part_exceeds_whole"]
    assert len(pair) == 1 and "230" in pair[0]["message_zh"] and "200" in pair[0]["message_zh"]


def text_of(finding) -> str:
    return finding["context"].rsplit(": ", 1)[-1]


def test_html_table_cells(tmp_path):
    page = ("<html><head><meta charset='utf-8'></head><body><p>丁乡2023年工作总结</p>"
            "<p>一、基本情况</p><table><tr><th></th><th>会员（人）</th><th>经费（万元）</th></tr>"
            "<tr><td>南村</td><td>120</td><td>1.5</td></tr><tr><td>北村</td><td>80</td><td>0.5</td></tr>"
            "<tr><td>小计</td><td>200</td><td>2.5</td></tr></table></body></html>")
    path = tmp_path / "t.html"
    path.write_text(page, encoding="utf-8")
    res = report_miner.mine_file(path)
    cells = {(c["row_no"], c["column_no"]): c for c in res.rows("cells")}
    assert cells[(2, 2)]["row_label"] == "南村" and cells[(2, 2)]["unit"] == "人"
    figs = {(f["row_no"], f["column_no"]): f for f in res.rows("figures") if f.get("table_no") == 1}
    assert (figs[(3, 3)]["subject"], figs[(3, 3)]["value"], figs[(3, 3)]["unit"]) == ("北村", 5000, "元")
    bad = [f for f in res.rows("findings") if f["check"] == "table_total_mismatch"]
    assert len(bad) == 1 and "2.5" in bad[0]["message_zh"]  # 1.5 + 0.5 = 2
    assert read_document(path).text.split("\n")[2:4] == ["会员（人）\t经费（万元）", "南村\t120\t1.5"]


def test_plain_text_has_cells_only_where_it_writes_a_table():
    # plain text used to give no cells at all; a table written as text (tab-separated here) is
    # now read like a .docx table (report_miner/mining/texttables.py, tests/test_text_tables.py):
    # one part row and its 合计 with bare numbers name no unit, so nothing is summed
    res = report_miner.mine_text("甲村\t120\t1.5\n合计\t100\t1\n")
    assert len(res.rows("cells")) == 6 and "table_total_mismatch" not in set(res.findings["check"])
    assert report_miner.mine_text("甲村120人,合计100人。\n甲村\t120人。\n").rows("cells") == []


def test_numbering_counters_restart_and_digits(tmp_path):
    """Levels below restart when a level above counts; a num with a startOverride restarts its
    list; a number before a digit keeps a space (1. 2023年 is not the number 1.2023)."""
    from docx.oxml import parse_xml

    document = docx.Document()
    _add_list(document, num_id=92)
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.part.numbering_part.element.append(parse_xml(
        f'<w:num {ns} w:numId="93"><w:abstractNumId w:val="92"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for text, ilvl, num in [("甲", 0, 92), ("乙", 1, 92), ("丙", 1, 92), ("丁", 0, 92), ("戊", 1, 92),
                            ("己", 2, 92), ("2023年完成", 2, 92), ("庚", 0, 93)]:
        _number(document.add_paragraph(text), ilvl, num_id=num)
    path = tmp_path / "n.docx"
    document.save(path)
    assert read_document(path).text.split("\n") == [
        "一、甲", "（一）乙", "（二）丙", "二、丁", "（一）戊", "1.己", "2. 2023年完成", "一、庚"]


def test_html_table_cells_of_several_paragraphs(tmp_path):
    """Word's "save as web page" puts every cell's text in a <p>: a cell spans lines."""
    page = ("<html><head><meta charset='utf-8'></head><body><p>戊镇2023年工作总结</p>"
            "<table><tr><td><p>村名</p></td><td><p>人口</p><p>（人）</p></td></tr>"
            "<tr><td><p>东村</p></td><td><p>1,200</p></td></tr>"
            "<tr><td><p>西村</p></td><td><p>800</p></td></tr>"
            "<tr><td><p>合 计</p></td><td><p>2100</p></td></tr></table><p>完。</p></body></html>")
    path = tmp_path / "w.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "戊镇2023年工作总结\n村名\n人口\n（人）\n东村\n1,200\n西村\n800\n合 计\n2100\n完。"
    res = report_miner.mine_file(path)
    cells = {(c["row_no"], c["column_no"]): c for c in res.rows("cells")}
    assert cells[(1, 2)]["text"] == "人口\n（人）" and cells[(2, 2)]["unit"] == "人"
    assert (cells[(2, 2)]["value"], cells[(2, 2)]["row_label"]) == (1200, "东村")
    bad = [f for f in res.rows("findings") if f["check"] == "table_total_mismatch"]
    assert len(bad) == 1 and "2000" in bad[0]["message_zh"]
