"""Tables written as plain text (report_miner/mining/texttables.py): the cases of
tests/cases/tables.yaml through the whole pipeline, the rules that steer them
(rules/structure.yaml, layout: text_tables, unit_column_headers), and ``extract`` on a .txt."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import report_miner
from case_files import read_cases
from report_miner.cli.app import main
from report_miner.mining.figures import get_scanner
from report_miner.mining.texttables import find_text_tables
from report_miner.ruleset.load import RuleError, RuleSet, read_rule_data

CORE_IDS = get_scanner().metrics.core_ids
CASES = read_cases("tables.yaml")
#: findings that are about the report as a whole, not about its tables
_OTHER_CHECKS = {"expected_metric_missing", "numbering_skipped"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_text_table_cases(case):
    res = report_miner.mine_text(case["input"])
    figs = res.figures
    if case.get("none"):
        assert res.cells.empty
        assert figs.empty or figs.table_no.isna().all()
        return
    assert len(res.cells) == case["cells"], res.cells[["row_no", "column_no", "text"]].values.tolist()
    in_table = figs[figs.table_no.notna()]
    got = [(r.text, r.value, r.unit, r.metric, [int(r.table_no), int(r.row_no), int(r.column_no)])
           for r in in_table.itertuples()]
    assert len(got) == len(case["expect"]), got
    for g, (text, value, unit, metric, ref) in zip(got, case["expect"]):
        assert (g[0], g[2], g[4]) == (text, unit, ref), g
        assert g[1] == pytest.approx(value), g
        if metric is None:
            assert g[3] not in CORE_IDS, g
        else:
            assert g[3] == metric, g
    if "blanks" in case:
        assert list(res.blanks.kind) == case["blanks"], res.blanks[["kind", "context"]].values.tolist()
    checks = {c for c in (res.findings.check if len(res.findings) else ())
              if c not in _OTHER_CHECKS and not c.startswith("blank_")}  # blank_*: the blanks
    assert checks == set(case.get("findings", [])), res.findings[["check", "message_zh"]].values.tolist()


def test_text_table_cells_point_at_their_text():
    text = next(c for c in CASES if c["id"] == "pipe_table_with_a_unit_column_inside")["input"]
    res = report_miner.mine_text(text)
    for r in res.cells.itertuples():
        assert text[r.start:r.end] == r.text
    assert res.cells[res.cells.row_no == 2].row_label.unique().tolist() == ["协会会员"]
    assert res.cells[res.cells.column_no == 3].column_label.unique().tolist() == ["2019年"]


def test_text_table_layout_is_the_docx_layout():
    # the same shape as Document.tables: rows of (start, end, column), an empty first cell kept
    text = "\t户数\t人口\n一组\t46户\t182人\n"
    tables = find_text_tables(text, units=frozenset({"户", "人"}))
    assert tables == ((((0, 0, 0), (1, 3, 1), (4, 6, 2)), ((7, 9, 0), (10, 13, 1), (14, 18, 2))),)


def test_text_table_space_columns_must_line_up():
    # two lines with two gaps each, but the second gap is not in one place: not a table
    text = "东坪村  120人  300人次以上的数字\n西坪村村村村村村村村村  96人  210人次\n"
    assert find_text_tables(text, units=frozenset({"人", "人次"})) == ()
    aligned = "东坪村    120人    300人次\n西坪村    96人     210人次\n"
    assert len(find_text_tables(aligned, units=frozenset({"人", "人次"}))) == 1


def test_text_table_display_widths_are_measured_in_one_pass():
    # the rivers of a space-aligned line are display widths (Han two wide) at each cell edge;
    # measured prefix by prefix anew, a long line of many cells was quadratic (an 80 KB line of
    # aligned numbers took a minute); one pass gives the same widths
    from report_miner.mining.texttables import _width, _widths_at

    line = "总人口(人)  35126  ０.4%  　甲乙  x" * 3
    offsets = sorted({0, 3, 7, 8, 15, 20, 31, len(line)})
    assert _widths_at(line, offsets) == [_width(line[:o]) for o in offsets]
    row = "  ".join(str(i % 1000) for i in range(5000))
    tables = find_text_tables("项目  数\n" + row + "\n" + row + "\n")
    assert len(tables) == 1 and len(tables[0][1]) == 5000


def test_a_long_text_table_gives_every_cell_its_figure():
    # each cell looks only at the figures that start inside it (a scan to the last figure of
    # the text for every cell was quadratic: a 1 MB table of aligned columns took minutes)
    rows = "".join(f"第{i:04d}组    {1000 + i}户    {3000 + i}人\n" for i in range(1500))
    res = report_miner.mine_text("村别      户数      人口\n" + rows)
    figs = res.figures
    assert len(figs) == 3000 and figs.table_no.notna().all()
    last = figs.iloc[-1]
    assert (last.text, int(last.row_no), int(last.column_no)) == ("4499人", 1501, 3)


def test_text_table_a_text_without_tables_costs_one_scan():
    # the detection returns before any line is split when no line has a separator inside it
    assert find_text_tables("　　全镇辖12个村,总人口23456人。\n　　已婚育龄妇女5230人。\n" * 200) == ()


def _rules_dir(tmp_path: Path, layout: str) -> Path:
    d = tmp_path / "my_rules"
    d.mkdir()
    (d / "structure.yaml").write_text("layout:\n" + layout, "utf-8")
    return d


def test_text_table_min_rows_is_a_rule(tmp_path):
    text = "村别\t会员\n东坪村\t120人\n"
    assert len(report_miner.mine_text(text).cells) == 4
    d = _rules_dir(tmp_path, "  - id: text_tables\n    words: ['|']\n    min_rows: 3\n")
    assert RuleSet.load(d).pipeline.mine(text).rows("cells") == []


def test_text_table_unit_column_headers_are_a_rule(tmp_path):
    text = "| 指标 | 量纲 | 本年 |\n| 协会会员 | 人 | 1650 |\n"
    res = report_miner.mine_text(text)
    assert res.cells[res.cells.text == "1650"].unit.tolist() == [""]  # 量纲 is no unit column
    d = _rules_dir(tmp_path, "  - id: unit_column_headers\n    words: [单位, 计量单位, 量纲]\n")
    cells = RuleSet.load(d).pipeline.mine(text).rows("cells")
    assert [c["unit"] for c in cells if c["text"] == "1650"] == ["人"]


def test_text_table_contents_titles_are_a_rule(tmp_path):
    text = "目次\n第一章\t总则\t1\n第二章\t职责\t4\n"
    assert report_miner.mine_text(text).cells.empty
    d = _rules_dir(tmp_path, "  - id: text_tables\n    words: ['|']\n    contents: [目录]\n")
    assert len(RuleSet.load(d).pipeline.mine(text).rows("cells")) == 6


def test_text_table_contents_lines_and_rule_characters_are_rules(tmp_path):
    # a contents page without its title is no table under the shipped rules; a rules folder
    # that sets contents_lines: 0 reads it as one (only a title such as 目录 marks it then)
    contents = ("一、基本情况        1\n二、主要做法        3\n三、下步打算        6\n"
                "一、基本情况\n全镇辖9个村。\n二、主要做法\n走访农户120户。\n三、下步打算\n继续努力。\n")
    res = report_miner.mine_text(contents)
    assert res.cells.empty
    # nor are its lines the outline's sections: each heading once, no numbering_duplicate
    assert res.sections.token.tolist() == ["一、", "二、", "三、"]
    assert "numbering_duplicate" not in set(res.findings.check)
    d = _rules_dir(tmp_path, "  - id: text_tables\n    words: ['|', '│']\n    contents_lines: 0\n")
    mined = RuleSet.load(d).pipeline.mine(contents)
    assert len(mined.rows("cells")) == 6
    assert len(mined.rows("sections")) == 6
    # the rule lines of a grid are layout by rule_characters: without them (this folder leaves
    # them out) each row stands alone between its rules and no table is read
    grid = "┌────┬────┐\n│组别│人数│\n├────┼────┤\n│一组│46人│\n├────┼────┤\n│二组│52人│\n└────┴────┘\n"
    assert len(report_miner.mine_text(grid).cells) == 6
    assert RuleSet.load(d).pipeline.mine(grid).rows("cells") == []


@pytest.mark.parametrize("text, sections", [
    # dot leaders, no title: the dots are enough
    ("河东乡2023年工作总结\n一、基本情况……………………1\n二、主要成效……………………3\n"
     "三、存在不足……………………6\n一、基本情况\n全乡辖9个村。\n二、主要成效\n好。\n", ["一、", "二、"]),
    # under a 目录 title (blank space inside), gaps only
    ("河东乡2023年工作总结\n目　　录\n\n一、基本情况        1\n二、主要成效        3\n"
     "一、基本情况\n全乡辖9个村。\n二、主要成效\n好。\n", ["一、", "二、"]),
    # headings with a tab and dots after them (a chapter 第一章 is no heading style of the
    # outline: no section either way)
    ("前言\t……\t1\n(一)人口概况\t……\t3\n(二)重点工作\t……\t7\n"
     "前言\n本报告记述全年工作。\n(一)人口概况\n全乡总人口15200人。\n", ["(一)"]),
], ids=["dot_leaders", "under_a_title", "tabs_and_dots"])
def test_contents_page_lines_are_no_sections(text, sections):
    res = report_miner.mine_text(text)
    assert res.sections.token.tolist() == sections
    assert res.cells.empty
    assert "numbering_duplicate" not in set(res.findings.check)


def test_contents_lines_point_at_whole_lines_and_leave_prose_alone():
    from report_miner.mining.texttables import find_contents_lines

    prose = "全镇共有协会会员1800人,发放宣传品2000份。\n新建活动室      3\n培训班  12\n"
    assert find_contents_lines(prose, titles=frozenset({"目录"}), min_lines=3, leaders="….") == []
    t = "一、基本情况....1\n二、主要成效....4\n三、下步打算....9\n"
    got = find_contents_lines(t, min_lines=3, leaders="….")
    assert [t[s:e] for s, e in got] == t.splitlines()
    # page numbers that go back down are no contents page
    assert find_contents_lines(t.replace("9", "2"), min_lines=3, leaders="….") == []


@pytest.mark.parametrize("above", ["各组养殖户数如下:", "组别      户数"], ids=["introduced", "header_row"])
def test_a_table_of_counts_whose_labels_are_headings_again_stays_a_table(above):
    # review12: rising counts by group, each group a part of its own further down, read like a
    # contents page without dots; the line that introduces the rows (or their header) says table
    body = "\n\n上组\n上组新发展养殖户2户。\n中组\n中组新发展养殖户1户。\n下组\n下组无变化。\n"
    rows = "上组      8\n中组      11\n下组      17\n"
    res = report_miner.mine_text(above + "\n" + rows + body)
    assert {"上组", "中组", "下组", "8", "11", "17"} <= set(res.cells.text)


def test_text_table_rule_lines_never_make_a_row_or_a_cell():
    text = "+------+------+\n| 组别 | 人数 |\n+======+======+\n| 一组 | 46人 |\n|------+------|\n| 二组 | 52人 |\n+------+------+\n"
    res = report_miner.mine_text(text)
    assert res.cells.text.tolist() == ["组别", "人数", "一组", "46人", "二组", "52人"]
    assert not any(set(t) & set("-+=") for t in res.cells.column_label)
    for r in res.cells.itertuples():
        assert text[r.start:r.end] == r.text


@pytest.mark.parametrize("layout, words", [
    ("  - id: unit_column_headers\n    words: [单位]\n    contents: [目录]\n",
     "contents belongs to the record 'text_tables'"),
    ("  - id: text_tables\n    words: ['|']\n    contents: [1, '']\n", "contents must be non-empty strings"),
    ("  - id: text_tables\n    words: ['|']\n    contents: 目录\n", "'contents' must be list"),
    ("  - id: text_tables\n    words: ['|']\n    min_rows: 1\n", "min_rows must be a whole number of 2"),
    ("  - id: text_tables\n    words: ['|']\n    min_rows: two\n", "min_rows"),
    ("  - id: text_tables\n    words: ['||']\n", "single characters"),
    ("  - id: unit_column_headers\n    words: [单位]\n    min_rows: 3\n", "min_rows belongs to the record 'text_tables'"),
    ("  - id: text_tables\n    words: ['|']\n    rule_characters: ['--']\n", "rule_characters must be single"),
    ("  - id: text_tables\n    words: ['|']\n    rule_characters: ['|', '-']\n", "rule_characters must be single"),
    ("  - id: text_tables\n    words: ['|']\n    rule_characters: [a]\n", "rule_characters must be single"),
    ("  - id: caption_words\n    words: [表]\n    rule_characters: ['-']\n",
     "rule_characters belongs to the record 'text_tables'"),
    ("  - id: text_tables\n    words: ['|']\n    contents_lines: 1\n", "contents_lines must be 0"),
    ("  - id: text_tables\n    words: ['|']\n    contents_lines: yes\n", "contents_lines"),
    ("  - id: caption_words\n    words: [表]\n    contents_lines: 3\n",
     "contents_lines belongs to the record 'text_tables'"),
    ("  - id: short_wraps\n    words: [。。]\n    min_lines: 3\n", "single characters"),
    ("  - id: short_wraps\n    words: [。]\n    min_lines: 1\n", "min_lines must be 0"),
    ("  - id: text_tables\n    words: ['|']\n    min_lines: 3\n", "min_lines belongs to the record 'short_wraps'"),
])
def test_text_table_rules_check_names_a_bad_setting(tmp_path, layout, words):
    d = _rules_dir(tmp_path, layout)
    with pytest.raises(RuleError) as err:
        read_rule_data(d)
    assert words in str(err.value) and "structure.yaml" in str(err.value)


def _extract(tmp_path, src, *queries):
    """Run ``report-miner extract`` on ``src`` into a fresh SQLite file; the rows of each query."""
    db = tmp_path / "out.sqlite"
    assert main(["extract", str(src), "-o", str(db), "-q"]) == 0
    con = sqlite3.connect(db)
    try:
        return [con.execute(q).fetchall() for q in queries]
    finally:
        con.close()


_CELLS = "select row_no, column_no, text, value, unit, is_total from cells order by row_no, column_no"


def test_extract_writes_cells_rows_for_a_text_table(tmp_path):
    src = tmp_path / "东坪镇统计.txt"
    src.write_text("东坪镇2020年工作总结\n　　全镇人口情况:\n村别\t总人口(人)\n东坪村\t1200\n"
                   "西坪村\t980\n合计\t2180\n", "utf-8")
    cells, figs = _extract(tmp_path, src, _CELLS,
                           "select text, value, unit, table_no, row_no, column_no from figures "
                           "where table_no is not null order by start")
    assert len(cells) == 8
    assert cells[-1][2:] == ("2180", 2180.0, "人", 1)
    assert [f[:3] for f in figs] == [("1200", 1200.0, "人"), ("980", 980.0, "人"), ("2180", 2180.0, "人")]


def test_extract_reads_a_box_table_in_a_gb18030_text(tmp_path):
    # a converter's box table, saved in GB18030 (box characters are in it): cells and figures,
    # the rule lines no row, and the total checked against its parts
    src = tmp_path / "西坪乡统计.txt"
    src.write_text("西坪乡2021年工作总结\n各村人口:\n┌──────┬──────┐\n│村别　│人口(人)│\n├──────┼──────┤\n"
                   "│上坪村│640　 │\n├──────┼──────┤\n│下坪村│512　 │\n├──────┼──────┤\n│合计　│1152　│\n"
                   "└──────┴──────┘\n", "gb18030")
    (cells,) = _extract(tmp_path, src, _CELLS)
    assert [c[2] for c in cells] == ["村别", "人口(人)", "上坪村", "640", "下坪村", "512", "合计", "1152"]
    assert cells[-1][3:] == (1152.0, "人", 1)


def test_a_long_grid_table_is_one_table_with_every_row():
    # 2,000 rows, a rule line between each two (speed: bench/layout_scaling.py, not here)
    rows = "".join(f"│第{i:04d}户│{i % 9 + 1}人│\n├──────┼────┤\n" for i in range(2000))
    text = "┌──────┬────┐\n│户别　│人口│\n├──────┼────┤\n" + rows + "└──────┴────┘\n"
    tables = find_text_tables(text, rule_chars="─┼┌┐└┘├┤┬┴", units=frozenset({"人"}))
    assert len(tables) == 1 and len(tables[0]) == 2001
    assert text[tables[0][-1][1][0]:tables[0][-1][1][1]] == "2人"  # the last row: 1999 % 9 + 1
