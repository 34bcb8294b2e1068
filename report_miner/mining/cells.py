"""Table cells: the ``cells`` table, and figures read from cells (issue 13, item 3).

A .docx or .html reader returns the file's tables as layout
(:attr:`report_miner.readers.base.Document.tables`: rows of ``(start, end, column)`` cells,
offsets into the text as loaded). Plain text has none, so nothing here changes what a text
file gives. For each table:

* the **header rows** are the leading rows with no number in a data column; a column's label
  is what its header cells say (joined with ``/`` over several header rows);
* the **unit** of a column is the one its label names in brackets (``户籍人口(人)``,
  ``经费（万元）``), else the table's ``单位：万元`` (in the header, or on the line just above or
  below the table), else its list ``单位：户、人`` (one unit for each column of numbers, see
  ``_list_units``); a cell that writes its own unit keeps it;
* the **row label** is the row's first cell (a 合计/小计/总计 row is labelled so);
* every cell becomes a row of ``cells`` (``table_no``, ``row_no``, ``column_no`` from 1; its text, row and
  column labels, and its value and unit when it holds a number);
* a number in a data cell becomes a **figure** whose subject is the row label, with
  ``table_no``/``row_no``/``column_no`` set: a figure the text scan found inside the cell gets the
  reference and the row label as subject; a bare number (``120`` under ``人口(人)``) becomes a
  figure read by the figure rules from ``row label + number + unit`` (``甲村120人``), so its
  value is scaled and its metric labelled as in running text; in a total row (合计) from
  ``column label + number + unit`` (``户籍人口2190人``: the whole's figure, labelled as such).

The audit's ``table_total`` and ``table_pair`` checks read the cells
(:mod:`report_miner.mining.audit`).

Text-layer PDFs: :mod:`report_miner.readers.pdftables` (the ``pdftables`` extra) gives the
same layout from pdfplumber's ``find_tables()``; cell texts are read with Kangxi radicals
folded (⼈ → 人, as pdfminer.six may give them), so labels and units read right.

How it was chosen. Measured once (2026-12-06, outside the repository): a
ruled 4×4 table printed to PDF by Chromium with Noto CJK fonts, read by pdfplumber 0.11.11's
``page.find_tables()``: every cell right (row labels, 1200 … 2190), 0.07 s for the page, the
text with the same Kangxi radicals as pdfminer's (⼈ for 人: the normalisation of issue 13
item 1 folds them). pdfplumber sits on pdfminer.six (already a dependency) and adds
pypdfium2 and Pillow. The plan: the PDF reader returns the same layout (``Document.tables``)
from ``find_tables()``, writing each table as tab-separated rows in the text in place of
pdfminer's lines for that area, so every cell has offsets; nothing here changes. camelot
(lattice) needs OpenCV and Ghostscript, so it is the alternative only if pdfplumber misses
tables on real archives.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .normalise import Normalised
    from ..ruleset.load import RuleSet

from ..tables import CELL_COLUMNS

#: a number as a table cell writes it (thousands grouped by commas), then anything after it.
#: Thousands grouped by single spaces (1 206, 12 345 678) are read only when the first group has
#: one or two digits, or three digits followed by two or more groups, and every later group has
#: exactly three digits: `100 200` (two numbers in one cell) and `1000 200` are two numbers, and a
#: number followed by more digits is text, not a figure (see _value's callers).
_NUMBER = re.compile(r"^\s*([+-]?(?:\d{1,2}(?: \d{3})+(?![\d,，])|\d{3}(?: \d{3}){2,}(?![\d,，])"
                     r"|\d[\d,，]*)(?:[.．]\d+)?)\s*(.*?)\s*$")
#: a unit named in brackets at the end of a label: 人口(人), 经费（万元）
_LABEL_UNIT = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?([^()（）\s]{1,4})\s*[)）]\s*$")
#: 单位：万元 (the unit of a whole table)
_TABLE_UNIT = re.compile(r"单\s*位\s*[:：]\s*([^\s,，;；)）(（]{1,4})")
#: 单位：户、人 (a list of units, one for each column of numbers: on the line above or below the table)
_TABLE_UNITS = re.compile(r"单\s*位\s*[:：]\s*([^\s,，;；)）(（、/／]{1,4}(?:\s*[、/／]\s*[^\s,，;；)）(（、/／]{1,4})+)")
#: a year (2019年, 2020 年度): a column's header, not a number
YEAR_CELL = re.compile(r"^\s*(?:19|20)\d\d\s*年")
#: labels of a total row or column


def _list_units(listed: str, data_rows: list, labels: dict[int, list[str]],
                units: set[str]) -> dict[int, str]:
    """The unit of each column of numbers from a table's list of units (``单位：户、人``): a column
    whose label holds one of the listed units takes it (户数 → 户, 人口 → 人), the others take the
    list in column order, its last unit carrying on (村名 | 户数 | 人口 | 已婚育龄妇女 → 户, 人, 人).
    Empty when a listed word is no unit."""
    names = [u.strip() for u in re.split(r"[、/／]", listed) if u.strip()]
    if len(names) < 2 or any(u not in units for u in names):
        return {}
    label_col = min((c for row in data_rows for *_, c, _t in row), default=0)
    cols = sorted({c for row in data_rows for _s, _e, c, txt in row
                   if c != label_col and _value(txt)[0] is not None})
    out = {}
    for i, c in enumerate(cols):
        label = (labels.get(c) or [""])[-1]
        own = [u for u in names if u in label]
        out[c] = own[0] if len(own) == 1 else names[min(i, len(names) - 1)]
    return out


def _value(text: str) -> tuple[float | None, str]:
    m = _NUMBER.match(text)
    if not m:
        return None, ""
    try:
        return float(m.group(1).replace(",", "").replace("，", "").replace(" ", "")
                     .replace("．", ".")), m.group(2)
    except ValueError:
        return None, ""


_RADICALS = re.compile(r"[\u2e80-\u2fdf]")


def _numeric(text: str, units: set[str]) -> bool:
    """Whether a cell is a number that ends a table's header: alone, or with a unit, % or ‰
    (not a year: 2019年 heads a column of that year; not a number with words after it: 1-6月完成
    heads the column of what was done in those months)."""
    value, rest = _value(text)
    return (value is not None and not YEAR_CELL.match(text)
            and (not rest or rest in units or rest in ("%", "‰")))


def _fold_radicals(text: str) -> str:
    """Kangxi radicals and the radicals supplement folded to the ideographs they stand for
    (⼈ → 人), one for one: a PDF text layer read by pdfminer.six writes ``户籍⼈⼝(⼈)``, whose
    label and unit must read as ``户籍人口(人)``. Nothing else changes (offsets stay)."""
    if not _RADICALS.search(text):
        return text
    from .normalise import fold_compat, to_simplified

    def one(m: re.Match) -> str:
        folded = to_simplified(fold_compat(m.group()))  # ⼾ → 戶 → 户
        return folded if len(folded) == 1 else m.group()
    return _RADICALS.sub(one, text)


def _within(spans: list[tuple[int, int]], closed: bool):
    """A test of whether an offset lies in one of ``spans`` (cells: they do not overlap), by
    bisection: a blank tested against every cell of a long table written as text was
    quadratic. ``closed``: the span's end counts as inside.

    >>> inside = _within([(10, 12), (2, 5)], closed=False)
    >>> inside(2), inside(5), inside(11), inside(12)
    (True, False, True, False)
    >>> _within([(2, 5)], closed=True)(5)
    True
    """
    spans = sorted(spans)
    starts = [s for s, _ in spans]

    def test(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and (pos <= spans[k][1] if closed else pos < spans[k][1])
    return test


def read_tables(original: str, layout: tuple, units: set[str],
                total_label: re.Pattern,
                unit_column: re.Pattern | None = None) -> list[list[dict[str, Any]]]:
    """The cells of each table (``layout`` as in ``Document.tables``), as dicts with table_no,
    row_no, column_no (1-based), start, end, text, row_label, column_label, value, unit, is_total
    and ``_written_unit`` (the unit the cell writes itself, internal). ``total_label``: what the
    label of a total row or column starts with
    (:func:`report_miner.mining.structure.total_label_re`); ``unit_column``: what the label of
    a column of units says (单位, 计量单位: ``layout`` ``unit_column_headers``).

    A row's own unit (for its numbers that write none, where their column names none): the
    one its label names in brackets (``总人口(人)``), else a cell of the row that is only a
    unit, last in the row (``| 出生人数 | 276 | 人 |``) or anywhere in a 单位 column; such a cell
    is marked ``_row_unit`` (internal) when a number of the row took its unit. A unit alone in
    the middle of a row outside a 单位 column is left alone: a template's slot may be one
    (``| 已婚育龄妇女 | 人 | 2020年 |``)."""
    out = []
    for t, table in enumerate(layout, 1):
        grid = [[(s, e, col, _fold_radicals(original[s:e].strip())) for s, e, col in row]
                for row in table]
        header_rows = 0
        for row in grid:
            if any(col > min(c for *_, c, _t in row) and _numeric(txt, units)
                   for _s, _e, col, txt in row):
                break
            header_rows += 1
        if header_rows == len(grid):  # no number anywhere: a layout table, or all text
            header_rows = 1 if len(grid) > 1 else 0
        labels: dict[int, list[str]] = {}
        for row in grid[:header_rows]:
            cols = sorted((col, txt) for _s, _e, col, txt in row)
            every = sorted({c for r in grid for *_, c, _t in r})
            for c in every:  # a header cell covers the columns up to the next one (colspan)
                cover = [txt for col, txt in cols if col <= c]
                if cover and cover[-1]:
                    labels.setdefault(c, [])
                    if cover[-1] not in labels[c]:
                        labels[c].append(cover[-1])
        table_unit = ""
        head = " ".join(txt for row in grid[:header_rows] for *_, txt in row)
        first = table[0][0][0] if table and table[0] else 0
        line_before = _fold_radicals(
            original[original.rfind("\n", 0, max(0, first - 1)) + 1:max(0, first - 1)])
        last = table[-1][-1][1] if table and table[-1] else first
        after = original.find("\n", last) + 1  # the line just below the table (0: none)
        line_after = _fold_radicals(original[after:after + 60].split("\n", 1)[0]) if after else ""
        col_units: dict[int, str] = {}
        for src in (head, line_before[-60:], line_after):
            m = _TABLE_UNIT.search(src)
            if m and m.group(1) in units:
                table_unit = m.group(1)
                break
            listed = _TABLE_UNITS.search(src)
            if listed:  # （单位：户、人）: the units of the number columns, in their order
                col_units = _list_units(listed.group(1), grid[header_rows:], labels, units)
                if col_units:
                    break
        unit_cols = {c for c, words in labels.items()
                     if unit_column is not None and words and unit_column.match(words[-1])}
        cells = []
        for r, row in enumerate(grid, 1):
            if not row:
                continue
            label_col = min(c for *_, c, _t in row)
            row_label = next((txt for _s, _e, c, txt in row if c == label_col), "")
            is_total_row = bool(total_label.match(row_label))
            row_unit, unit_at = "", -1
            if r > header_rows:
                m = _LABEL_UNIT.search(row_label)
                if m and m.group(1) in units:
                    row_unit = m.group(1)
                else:
                    last = max(c for *_, c, _t in row)
                    unit_at, row_unit = next(((col, txt) for _s, _e, col, txt in row
                                              if col != label_col and txt in units
                                              and (col in unit_cols or col == last)),
                                             (-1, ""))
            row_cells = len(cells)
            for s, e, col, txt in row:
                col_label = "/".join(labels.get(col, []))
                value, rest = (_value(txt) if r > header_rows and col != label_col
                               and col not in unit_cols else (None, ""))
                written = rest if rest and rest in units else ""
                if value is not None and rest and not written and rest not in ("%", "‰"):
                    value = None  # a number followed by words: text, not a figure
                unit = written or (rest if rest in ("%", "‰") else "")
                if value is not None and not unit:
                    m = _LABEL_UNIT.search(col_label.split("/")[-1]) if col_label else None
                    if m and m.group(1) in units:
                        unit = m.group(1)
                    elif row_unit:
                        unit = row_unit
                    elif table_unit:
                        unit = table_unit
                    elif col in col_units:
                        unit = col_units[col]
                is_total_col = bool(col_label and total_label.match(col_label.split("/")[-1]))
                # strip surrounding white space from the span, as from the text
                lead = len(original[s:e]) - len(original[s:e].lstrip())
                cells.append(dict(table_no=t, row_no=r, column_no=col + 1, start=s + lead,
                                  end=s + lead + len(txt), text=txt, row_label=row_label,
                                  column_label=col_label, value=value, unit=unit,
                                  is_total=is_total_row or is_total_col,
                                  _written_unit=written, _header=r <= header_rows,
                                  _label=col == label_col, _row_unit=col == unit_at,
                                  _took_row_unit=bool(row_unit) and value is not None
                                  and unit == row_unit and not written))
            if not any(c["_took_row_unit"] for c in cells[row_cells:]):
                for c in cells[row_cells:]:  # | 已婚育龄妇女 | 人 |: no number took the 人
                    c["_row_unit"] = False
        out.append(cells)
    return out


def cell_rows(doc: Any, rules: "RuleSet") -> list[dict[str, Any]]:
    """The ``cells`` rows of a piped document (``doc.tables`` layout), and figures for its
    numeric cells added to / updated in ``doc.rows["figures"]`` (see the module docstring).
    Needs the ``rows`` stage done (reports and sections are placed like figures)."""
    from .normalise import normalise
    from .structure import SectionIndex, clean_offset

    if not doc.tables:
        return []
    scanner = rules.figures
    units = set(scanner.units)
    norm: "Normalised" = doc.norm
    total_label = rules.structure.total_label
    tables = read_tables(doc.original, doc.tables, units, total_label, rules.structure.unit_column)
    sections = SectionIndex(doc.headings)
    reports = doc.reports
    figs = doc.rows["figures"]
    by_start = sorted(range(len(figs)), key=lambda i: figs[i]["start"])
    starts = [figs[i]["start"] for i in by_start]

    def place(start: int) -> dict:
        c = clean_offset(norm, start)
        rep = None
        for r in reports:
            if r.start <= c:
                rep = r
        if rep is None:
            return dict(source=doc.source, report=1, section="")
        sec = sections.at(rep.report, c)
        return dict(source=doc.source, report=rep.report, section=sec.path if sec else "")

    rows: list[dict[str, Any]] = []
    new_figs: list[dict[str, Any]] = []
    replaced: set[int] = set()  # ids of figure rows a cell's reading replaces
    dropped_units: list[tuple[int, int]] = []  # cells whose unit the text path took as dropped
    labels: list[tuple[int, int]] = []  # header and label cells: a 培训人次 there is no slot
    for cells in tables:
        for cell in cells:
            if cell["_row_unit"]:  # | 出生人数 | 276 | 人 |: the 人 is 276's unit, not a slot
                dropped_units.append((cell["start"], cell["end"]))
            elif (cell["_header"] or cell["_label"]) and cell["text"]:
                labels.append((cell["start"], cell["end"]))
            where = place(cell["start"])
            row = {**where, **{k: cell[k] for k in CELL_COLUMNS if k in cell}}
            rows.append(row)
            if cell["_header"] or cell["_label"]:
                continue
            ref = dict(table_no=cell["table_no"], row_no=cell["row_no"], column_no=cell["column_no"])
            i = bisect.bisect_left(starts, cell["start"])
            if cell["value"] is None:
                # a cell that is exactly one figure of the text, read with its qualifier
                # (90%以上, 2000余份): the figure gets the cell's reference and row label
                if i < len(starts) and starts[i] == cell["start"] and cell["end"] > cell["start"]:
                    f = figs[by_start[i]]
                    if f["end"] == cell["end"]:
                        f.update(ref)
                        if cell["row_label"]:
                            f["subject"] = cell["row_label"]
                continue
            # the figures inside the cell: those starting in it (``starts`` is sorted, so the
            # scan stops at the cell's end; running on to the last figure for every cell was
            # quadratic on a long table written as text)
            k = bisect.bisect_left(starts, cell["end"], i)
            inside = [figs[by_start[j]] for j in range(i, k) if figs[by_start[j]]["end"] <= cell["end"]]
            if inside and cell["unit"] and not cell["_written_unit"] and not any(f["unit"] for f in inside):
                # a bare number under a column that names its unit (人数（人）, 单位：万元): the
                # text path read it as a number whose unit was dropped (会员1200 → a missing 人);
                # the cell's reading below, in the column's unit, replaces it, and no blank
                replaced.update(id(f) for f in inside)
                dropped_units.append((cell["start"], cell["end"]))
            elif inside:
                for f in inside:
                    f.update(ref)
                    if cell["row_label"]:
                        f["subject"] = cell["row_label"]
                continue
            number = cell["text"][:len(cell["text"]) - len(cell["_written_unit"])].strip() \
                if cell["_written_unit"] else cell["text"]
            if cell["unit"] in ("%", "‰"):
                number = number.rstrip("%‰")
            label = _LABEL_UNIT.sub("", cell["row_label"]).strip() or "合计"  # 总人口(人) → 总人口
            column = _LABEL_UNIT.sub("", cell["column_label"].split("/")[-1]).strip()
            if cell["is_total"] and column and not total_label.match(column):
                label = column  # a total row states the whole's figure: 户籍人口 2190人
            found = []
            for synthetic in (f"{label}{number}{cell['unit']}", f"{label}为{number}{cell['unit']}"):
                found = scanner.scan(normalise(synthetic, rules))  # the user's rules, as mining
                if found:
                    break
            if not found:
                continue
            f = found[-1]
            sentence = doc.original[doc.original.rfind("\n", 0, cell["start"]) + 1:
                                    (doc.original.find("\n", cell["end"]) + 1 or len(doc.original) + 1) - 1]
            new_figs.append({**vars(f), **where, "start": cell["start"], "end": cell["end"],
                             "text": cell["text"], "subject": cell["row_label"],
                             "sentence": sentence.replace("\t", " | ")[:200],
                             "cstart": clean_offset(norm, cell["start"]),
                             "cend": clean_offset(norm, cell["end"]), **ref})
    if replaced:
        figs[:] = [f for f in figs if id(f) not in replaced]
    if dropped_units:
        in_unit_cell = _within(dropped_units, closed=True)
        doc.rows["blanks"] = [b for b in doc.rows["blanks"] if not (
            (b.get("rule") == "dropped_unit" or b.get("kind") == "missing_number")
            and in_unit_cell(b["start"]))]
    if labels:
        in_label = _within(labels, closed=False)
        doc.rows["blanks"] = [b for b in doc.rows["blanks"] if not (
            b.get("kind") == "missing_number" and in_label(b["start"]))]
    if new_figs:
        figs.extend(new_figs)
        figs.sort(key=lambda f: f["start"])
    return rows
