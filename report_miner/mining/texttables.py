"""Tables written as plain text: their layout, as a .docx or .html reader gives it.

Plain text (a .txt file, a PDF's text layer, OCR) has no table markup, but archived reports
write tables as text all the same. Three kinds of line are read as a table's rows:

* **tab-separated** cells: ``组别⇥户数⇥人口`` (a run of tabs is one separator; a line that
  starts with a tab has an empty first cell);
* **pipe tables**: ``| 出生人数 | 276 | 人 |`` (the separators are ``rules/structure.yaml``,
  ``layout`` ``text_tables``: ``|``, ``｜``, ``│``; a Markdown rule line ``|---|---|`` is skipped);
* **space-aligned** columns: cells parted by two or more spaces or by full-width spaces, each column
  boundary a blank "river" that every row shares (measured in display columns: a Han character
  is two wide), as ``总人口(人)      35126       0.4%`` under ``项目     本年数     比上年增减``;
  a first line that heads the data columns only (its first cell blank: ``      2019年   2020年``)
  is the header, with an empty first cell.

A **table** is a run of at least ``min_rows`` (``text_tables`` ``min_rows``, 2) consecutive
lines of one kind with the same number of cells (two or more, none longer than 40 characters),
at least one of whose cells after the first is a number, alone or with a unit (``276``,
``46户``, ``0.4%``; a year ``2020年`` is not), or is exactly a figure the text gives
(``90%以上``, ``2000余份``). So running text is never a table: prose (long
cells), a line with one tab (one line), a numbered list and a two-column signature block (no
number in a cell), a pipe in a sentence (one line, long cells).

:func:`find_text_tables` returns the layout of :attr:`report_miner.readers.base.Document.tables`
(rows of ``(start, end, column)``, offsets into the text), which
:mod:`report_miner.mining.cells` reads into the ``cells`` table and figures. It is called only
for a text whose reader gave no tables, and costs a few substring searches when the text holds
no tab, pipe, full-width space or two spaces in a row, one regex scan when it has no line with
one of those inside it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: cells longer than this are running text, not a table's
MAX_CELL = 40
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
#: a gap between space-aligned cells: two or more spaces, or any run with a full-width space
_SPACE_GAP = re.compile(r"[ \u3000]*[\u3000\t][ \t\u3000]*| {2,}")
_TAB_GAP = re.compile(r"[ \u3000]*\t[\t ]*")


@lru_cache(maxsize=8)
def _patterns(separators: str) -> tuple[re.Pattern, str, re.Pattern | None]:
    """The patterns of one set of separators: a run of blanks and separators (one character
    class: a fast scan), the pipe characters, and the pipe split pattern."""
    seps = "".join(sorted(set(separators) - {"\t", " ", "\u3000", "\n", "\r"}))
    run = re.compile(rf"[\t\u3000 {re.escape(seps)}]+")
    return run, seps, (re.compile(f"[{re.escape(seps)}]") if seps else None)


def _candidate_lines(text: str, run: re.Pattern, seps: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line with a separator inside it, after a character that is not
    blank: a tab, a pipe, or (before a character that is not blank) two spaces or a full-width
    space. An indent, one space between words and a line's trailing blanks are none."""
    lines: list[tuple[int, int]] = []
    n, pos = len(text), 0
    while True:
        m = run.search(text, pos)
        if m is None:
            return lines
        i, k = m.span()
        pos = k
        if i == 0 or text[i - 1].isspace():
            continue  # an indent
        r = m.group()
        if not ("\t" in r or (seps and any(c in r for c in seps))
                or (("\u3000" in r or len(r) > 1) and k < n and not text[k].isspace())):
            continue
        s = text.rfind("\n", 0, i) + 1
        e = text.find("\n", k)
        e = n if e < 0 else e
        lines.append((s, e))
        if e >= n:
            return lines
        pos = e + 1


def _may_part_cells(text: str, seps: str) -> bool:
    """Can :func:`_candidate_lines` find a line in ``text``? Only if it holds a tab, a
    full-width space, two spaces in a row or a separator (``seps``): a text with single spaces
    only has none, found with a few fast substring searches instead of a stop at every space.

    >>> _may_part_cells("总人口 35126 人,其中 女性", "|"), _may_part_cells("组别  户数", "|")
    (False, True)
    """
    return ("\t" in text or "\u3000" in text or "  " in text
            or any(c in text for c in seps))


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _widths_at(line: str, offsets: list[int]) -> list[int]:
    """The display width of ``line[:o]`` for each of the ascending ``offsets``, in one pass over
    the line (measuring each prefix anew made a long line of many cells quadratic)."""
    out, w, pos = [], 0, 0
    for o in offsets:
        w += _width(line[pos:o])
        pos = o
        out.append(w)
    return out


def _cells(line: str, at: int, kind: str, pipe: re.Pattern | None) -> list[tuple[int, int]]:
    """The cells of one line as spans ``(start, end)`` in the text (``at``: the line's offset),
    blank space around each cell left out."""
    spans: list[tuple[int, int]] = []
    if kind == "pipe":
        bounds = [m.start() for m in pipe.finditer(line)]
        edges = [-1, *bounds, len(line)]
        parts = [(edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]
        if parts and not line[parts[0][0]:parts[0][1]].strip():
            parts = parts[1:]  # | a | b |: nothing before the first pipe
        if parts and not line[parts[-1][0]:parts[-1][1]].strip():
            parts = parts[:-1]
    else:
        gap = _TAB_GAP if kind == "tab" else _SPACE_GAP
        lead = len(line) - len(line.lstrip(" \u3000" if kind == "tab" else " \u3000\t"))
        body_end = len(line.rstrip())
        parts, pos = [], lead
        for m in gap.finditer(line, lead, body_end):
            if m.start() == lead and kind == "tab":
                parts.append((lead, lead))  # ⇥户数⇥人口: an empty first cell
            elif m.start() > pos:
                parts.append((pos, m.start()))
            pos = m.end()
        if pos < body_end:
            parts.append((pos, body_end))
    for s, e in parts:
        cell = line[s:e]
        s += len(cell) - len(cell.lstrip())
        e = max(s, s + len(cell.strip()))
        spans.append((at + s, at + e))
    return spans


def _is_number_cell(text: str, units: frozenset) -> bool:
    from .cells import YEAR_CELL, _value

    value, rest = _value(text)
    return value is not None and not YEAR_CELL.match(text) and (
        rest == "" or rest in units or rest in ("%", "‰"))


def find_text_tables(text: str, *, separators: str = "|｜│", min_rows: int = 2,
                     units: frozenset = frozenset(), figures: list | None = None,
                     contents: frozenset = frozenset()) -> tuple:
    """The tables written as text in ``text`` (see the module docstring), as
    :attr:`report_miner.readers.base.Document.tables`: a tuple of tables, each a tuple of rows,
    each a tuple of cells ``(start, end, column)`` with offsets into ``text``.

    ``separators``: the characters besides tab and spaces that part cells (pipes);
    ``min_rows``: the fewest rows a table has; ``units``: the units a number in a cell may carry;
    ``figures``: the figure rows the text gives (``start``, ``end``): a cell that is exactly a
    figure counts as a number too (``90%以上``, ``2000余份``, ``3.5万人``); ``contents``: the
    titles of a table of contents (目录, compared without blank space): a block whose first
    row, or the line above it, is one lists headings and page numbers and is no table.

    >>> t = "各组人口如下:\\n组别\\t户数\\t人口\\n一组\\t46户\\t182人\\n合计\\t46户\\t182人\\n"
    >>> [[t[s:e] for s, e, _c in row] for row in find_text_tables(t, units=frozenset("户人"))[0]]
    [['组别', '户数', '人口'], ['一组', '46户', '182人'], ['合计', '46户', '182人']]
    >>> find_text_tables("我们坚持一切为了群众|一切依靠群众。\\n全年完成12项。")
    ()
    """
    run, seps, pipe = _patterns(separators)
    lines = _candidate_lines(text, run, seps) if _may_part_cells(text, seps) else []
    if len(lines) < min_rows:
        return ()
    tables: list[tuple] = []
    block: list[tuple[str, int, list[tuple[int, int]]]] = []  # (kind, line start, cells)
    rivers: list[tuple[int, int]] = []  # the blank columns a space-aligned block's rows share

    spans: set | None = None

    def is_contents(s: int) -> bool:
        # the block's first line or the last non-blank line above it reads 目录 (目  录)
        e = text.find("\n", s)
        if "".join(text[s:e if e >= 0 else len(text)].split()) in contents:
            return True
        e = s - 1
        while e >= 0 and text[e].isspace():
            e -= 1
        return e >= 0 and "".join(text[text.rfind("\n", 0, e) + 1:e + 1].split()) in contents

    def close() -> None:
        nonlocal spans
        rows = [cells for _k, _s, cells in block]
        if len(rows) >= min_rows and contents and is_contents(block[0][1]):
            rows = []
        if len(rows) >= min_rows and spans is None:
            spans = {(f["start"], f["end"]) for f in figures or ()}
        if len(rows) >= min_rows and any(
                _is_number_cell(text[s:e], units) or (s, e) in spans
                for row in rows for s, e in row[1:]):
            tables.append(tuple(tuple((s, e, c) for c, (s, e) in enumerate(row)) for row in rows))
        block.clear()

    prev_end = -2
    for s, e in lines:
        line = text[s:e].rstrip("\r")
        kind = ("pipe" if pipe is not None and pipe.search(line) else
                "tab" if "\t" in line.strip(" \u3000") else "space")
        cells = _cells(line, s, kind, pipe)
        if kind == "pipe" and cells and all(_RULE_CELL.match(text[a:b] or "-") and b > a
                                            for a, b in cells):
            if not (block and block[-1][0] == "pipe" and s == prev_end + 1):
                close()  # a border above the table: no row of it, the table starts below
                rivers = []
            prev_end = e  # |---|---|: a Markdown rule between the header and the rows, or a border
            continue
        ok = len(cells) >= 2 and all(b - a <= MAX_CELL for a, b in cells)
        gaps: list[tuple[int, int]] = []
        if ok and kind == "space":
            at = _widths_at(line, [o - s for i in range(len(cells) - 1)
                                   for o in (cells[i][1], cells[i + 1][0])])
            gaps = list(zip(at[::2], at[1::2]))
        joins = (ok and block and s == prev_end + 1 and block[-1][0] == kind
                 and len(block[-1][2]) == len(cells))
        if joins and kind == "space":
            shared = [(max(a, c), min(b, d)) for (a, b), (c, d) in zip(rivers, gaps)]
            joins = all(a < b for a, b in shared)
            if joins:
                rivers = shared
        if (not joins and ok and kind == "space" and len(block) == 1 and block[0][0] == "space"
                and s == prev_end + 1 and len(block[0][2]) + 1 == len(cells)):
            # a header over the data columns only (⎵⎵⎵⎵2019年⎵⎵2020年 above 总人口(人)⎵⎵28415⎵⎵
            # 28640): its first cell is empty, its blank reaching from the line start
            _k, hs, hcells = block[0]
            head = [(0, _width(text[hs:hcells[0][0]])), *rivers]
            shared = [(max(a, c), min(b, d)) for (a, b), (c, d) in zip(head, gaps)]
            if all(a < b for a, b in shared):
                block[0] = (_k, hs, [(hs, hs), *hcells])
                joins, rivers = True, shared
        if not joins:
            close()
            rivers = gaps
        if ok:
            block.append((kind, s, cells))
        prev_end = e
    close()
    return tuple(tables)
