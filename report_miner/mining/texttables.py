"""Tables written as plain text: their layout, as a .docx or .html reader gives it.

Plain text (a .txt file, a PDF's text layer, OCR) has no table markup, but archived reports
write tables as text all the same. Three kinds of line are read as a table's rows:

* **tab-separated** cells: ``组别⇥户数⇥人口`` (a run of tabs is one separator; a line that
  starts with a tab has an empty first cell);
* **pipe tables**: ``| 出生人数 | 276 | 人 |`` (the separators are ``rules/structure.yaml``,
  ``layout`` ``text_tables``: ``|``, ``｜``, ``│``, ``┃``, ``║``; a Markdown rule line
  ``|---|---|`` is skipped), and **grid tables** drawn with ASCII or box characters: a rule line
  (``+------+------+``, ``├──┼──┤``, ``┣━━╋━━┫``, ``╞══╪══╡``: two or more of
  ``text_tables`` ``rule_characters`` and nothing else but separators and blank space) between
  two rows is layout, and the rows around it stay one table;
* **space-aligned** columns: cells parted by two or more spaces or by full-width spaces, each column
  boundary a blank "river" that every row shares (measured in display columns: a Han character
  is two wide), as ``总人口(人)      35126       0.4%`` under ``项目     本年数     比上年增减``;
  a first line that heads the data columns only (its first cell blank: ``      2019年   2020年``)
  is the header, with an empty first cell; a row one cell short whose trailing blanks reach into
  the last column (``本季度⎵⎵46⎵⎵12⎵⎵—⎵⎵⎵⎵`` under ``…⎵⎵结扎⎵⎵人流``) has that last cell empty.

A **table** is a run of at least ``min_rows`` (``text_tables`` ``min_rows``, 2) consecutive
lines of one kind with the same number of cells (two or more, none longer than 40 characters),
at least one of whose cells after the first is a number, alone or with a unit (``276``,
``46户``, ``0.4%``; a year ``2020年`` is not), or is exactly a figure the text gives
(``90%以上``, ``2000余份``). So running text is never a table: prose (long
cells), a line with one tab (one line), a numbered list and a two-column signature block (no
number in a cell), a pipe in a sentence (one line, long cells). Nor is a table of contents: the
lines under a title such as 目录 (``text_tables`` ``contents``), or, without a title, at least
``contents_lines`` (3) lines each ending in a page number (at most three digits, never going back
down) after a dot leader, a tab or two blanks, at least half of them leading to it with dots
(``前言  ……  1``) or naming a heading the text gives again further down
(:func:`find_contents_lines`).

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

from .cells import YEAR_CELL, _value

#: cells longer than this are running text, not a table's
MAX_CELL = 40
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_BLANKS = " \t\u3000\r"
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


def _is_rule_cell(cell: str, rule_chars: str) -> bool:
    """A cell of a rule line: ``---`` or ``:---:`` (Markdown), ``------+------`` or ``──┼──``
    (two or more of the rule characters, nothing else)."""
    if _RULE_CELL.match(cell):
        return True
    body = cell.strip(_BLANKS)
    return len(body) >= 2 and all(c in rule_chars for c in body)


class _RuleLines:
    """Rule lines of a grid table between two of its rows (``+------+------+``, ``├──┼──┤``,
    ``┣━━╋━━┫``, ``╞══╪══╡``): a line of two or more ``rule_chars`` and nothing else but cell
    separators and blank space. Each gap between two candidate lines is read at most up to its
    first line that is no rule line, so the whole text costs one pass."""

    def __init__(self, rule_chars: str, seps: str):
        self.rule = frozenset(rule_chars)
        self.allowed = self.rule | frozenset(seps) | frozenset(_BLANKS)

    def only_rules(self, text: str, a: int, b: int) -> bool:
        """Whether ``text[a:b]`` (whole lines, ``b`` a line start) is one or more rule lines."""
        if not self.rule or b <= a:
            return False
        pos = a
        while pos < b:
            e = text.find("\n", pos, b)
            if e < 0:
                return False
            n = 0
            for c in text[pos:e]:
                if c not in self.allowed:
                    return False
                n += c in self.rule
            if n < 2:
                return False
            pos = e + 1
        return True


def _unit_row(text: str, cells: list[tuple[int, int]], units: frozenset) -> bool:
    """Whether a row reads label, …, number, unit: three cells or more, the last a unit alone
    (``总人口⎵⎵32000⎵⎵人``), the one before it a number without a unit."""
    if len(cells) < 3 or not units:
        return False
    (a, b), (c, d) = cells[-2], cells[-1]
    if text[c:d].strip() not in units:
        return False
    return _is_number_cell(text[a:b], frozenset(), bare=True)


def _data_row(text: str, cells: list[tuple[int, int]], units: frozenset) -> bool:
    """Whether a row reads a label and then only numbers: three cells or more, each after the
    first a number (bare, or with a unit of ``units``, % or ‰) or a unit alone, two numbers at
    least (``地区生产总值⎵⎵亿元⎵⎵26.5⎵⎵12.9⎵⎵48.7``, ``河东村⎵⎵12⎵⎵12``)."""
    if len(cells) < 3 or not units:
        return False
    numbers = 0
    for a, b in cells[1:]:
        cell = text[a:b].strip()
        if _is_number_cell(cell, units):
            numbers += 1
        elif cell not in units:
            return False
    return numbers >= 2


#: a header cell that opens with a period, not a count: 2024年目标, 6月完成, 1-6月完成, 1—9月累计
_PERIOD_HEAD = re.compile(r"^[年月]|^[-—~至]\d{1,2}月")


def _header_row(text: str, cells: list[tuple[int, int]]) -> bool:
    """Whether a row can head a table of data rows: three cells or more, none after the first
    a number, or a number other than a period's (``指标名称⎵⎵单位⎵⎵全年目标⎵⎵1-6月完成``)."""
    if len(cells) < 3:
        return False
    for a, b in cells[1:]:
        value, rest = _value(text[a:b].strip())
        if value is not None and not _PERIOD_HEAD.match(rest):
            return False
    return True


def _is_number_cell(text: str, units: frozenset, bare: bool = False) -> bool:
    """A cell that holds a number (not a year), alone or (unless ``bare``) with a unit of
    ``units``, % or ‰ after it."""
    value, rest = _value(text)
    return value is not None and not YEAR_CELL.match(text) and (
        rest == "" or (not bare and (rest in units or rest in ("%", "‰"))))


#: a page number at a line's end (a contents entry's end, when a leader or a gap comes before it)
#: (its last digit only: a pattern that opens with a character class is scanned for fast; the
#: other digits are read back from it)
_LINE_END_NUMBER = re.compile(r"\d[ \t\u3000\r]*$", re.M)
#: a gap between two cells of a line (a tab, two blanks or more): a table's header row
_HEADER_GAP = re.compile(r"\S(?:\t|[ \u3000]{2,})[ \t\u3000]*\S")


def _entry_head(text: str, s: int, at: int, leaders: str) -> tuple[str, bool] | None:
    """The heading of a contents line ``text[s:at]`` before its page number (at ``at``) and
    whether a dot leader leads to it; None when no leader (two or more of ``leaders``), tab or
    two blanks stand before the page number."""
    body = text[s:at]
    head = body.rstrip(" \t\u3000")
    gap = body[len(head):]
    stripped = head.rstrip("".join(leaders)) if leaders else head
    led = len(head) - len(stripped) >= 2
    if not (led or "\t" in gap or len(gap) >= 2):
        return None
    return stripped.strip(" \t\u3000\r"), led


def find_contents_lines(text: str, *, titles: frozenset = frozenset(), min_lines: int = 0,
                        leaders: str = "") -> list[tuple[int, int]]:
    """``(start, end)`` of each line of a table of contents in ``text``: a heading and its page
    number (``一、基本情况……………1``, ``二、主要成效        3``, ``第一章⇥总则⇥1``), in a run
    of such lines (blank lines between them allowed) that stands under a title in ``titles``
    (目录, compared without blank space), or without one when the run has at least
    ``min_lines`` lines (0: never), its page numbers never go back down and at least half of
    its lines lead to the page number with dots or name a heading the text gives again on a
    line of its own further down (compared without blank space). ``leaders``: the dot leader
    characters (``rules/structure.yaml`` ``leader_ellipses``, ``leader_dots``). A list of counts
    (``1、新建活动室  3``) has neither and stays text; so does a run without dots under a line
    that introduces it (``各村低保户数如下:``) or under a header row (``村别  户数``), even when
    its labels are headings again further down (a table of counts by village, then a part per
    village).
    Such lines are layout: no section of the outline starts on one.

    >>> t = "一、基本情况……………1\\n二、主要成效……………3\\n三、下步打算……………6\\n一、基本情况\\n全镇辖9个村。"
    >>> [t[s:e] for s, e in find_contents_lines(t, min_lines=3, leaders="…")]
    ['一、基本情况……………1', '二、主要成效……………3', '三、下步打算……………6']
    """
    if not titles and min_lines <= 0:
        return []
    runs: list[list[tuple[int, int, str, int, bool]]] = []  # (start, end, title, page, led)
    for m in _LINE_END_NUMBER.finditer(text):
        at = m.start()
        while at > 0 and "0" <= text[at - 1] <= "9":
            at -= 1
        if m.start() - at > 2 or (at > 1 and text[at - 1] in ".．" and text[at - 2].isdigit()):
            continue  # four digits or more, or the decimals of a number: no page number
        s = text.rfind("\n", 0, at) + 1
        found = _entry_head(text, s, at, leaders) if at - s <= 80 else None
        if found is None:
            continue
        head, led = found
        if not head or len(head) > 40 or head[-1].isdigit() or "。" in head:
            continue
        entry = (s, m.end(), head, int(text[at:m.start() + 1]), led)
        if runs and not text[runs[-1][-1][1]:s].strip():
            runs[-1].append(entry)  # the next line, or the next after blank lines
        else:
            runs.append([entry])
    out: list[tuple[int, int]] = []
    last_seen: dict[str, int] | None = None  # each line, without blank space: where it last stands
    for run in runs:
        e = run[0][0] - 1
        while e >= 0 and text[e].isspace():
            e -= 1
        above = "".join(text[text.rfind("\n", 0, e) + 1:e + 1].split()) if e >= 0 else ""
        pages = [x[3] for x in run]
        if not (titles and above in titles):
            if not (min_lines > 0 and len(run) >= min_lines
                    and all(a <= b for a, b in zip(pages, pages[1:]))):
                continue
            led = sum(x[4] for x in run)
            if 2 * led < len(run):
                above_line = text[text.rfind("\n", 0, e) + 1:e + 1].strip() if e >= 0 else ""
                if above_line.endswith((":", "：")) or _HEADER_GAP.search(above_line):
                    continue  # 各村低保户数如下: / 村别  户数 above it: a table of counts, no contents
                if last_seen is None:  # once per text, and only for a run that may be contents
                    last_seen, pos = {}, 0
                    for ln in text.split("\n"):
                        key = "".join(ln.split()).rstrip(":：")
                        if 0 < len(key) <= 40:
                            last_seen[key] = pos
                        pos += len(ln) + 1
                end = run[-1][1]
                again = sum(last_seen.get("".join(x[2].split()), -1) > end for x in run if not x[4])
                if 2 * (led + again) < len(run):
                    continue
        out.extend((x[0], x[1]) for x in run)
    return out


def find_text_tables(text: str, *, separators: str = "|｜│", min_rows: int = 2,
                     units: frozenset = frozenset(), figures: list | None = None,
                     contents: frozenset = frozenset(), rule_chars: str = "",
                     contents_lines: int = 0, leaders: str = "") -> tuple:
    """The tables written as text in ``text`` (see the module docstring), as
    :attr:`report_miner.readers.base.Document.tables`: a tuple of tables, each a tuple of rows,
    each a tuple of cells ``(start, end, column)`` with offsets into ``text``.

    ``separators``: the characters besides tab and spaces that part cells (pipes);
    ``min_rows``: the fewest rows a table has; ``units``: the units a number in a cell may carry;
    ``figures``: the figure rows the text gives (``start``, ``end``): a cell that is exactly a
    figure counts as a number too (``90%以上``, ``2000余份``, ``3.5万人``); ``contents``: the
    titles of a table of contents (目录, compared without blank space): a block whose first
    row, or the line above it, is one lists headings and page numbers and is no table;
    ``rule_chars``: the characters a grid table's rule lines are drawn with (``+-=`` and box
    drawing ``─┼━╋═``): such lines between rows are layout, the rows around them one table;
    ``contents_lines``: the fewest lines that are a contents page without its title
    (:func:`find_contents_lines`; 0: only under a title);
    ``leaders``: the characters of a dot leader (…, ·, .) in such a page.

    >>> t = "各组人口如下:\\n组别\\t户数\\t人口\\n一组\\t46户\\t182人\\n合计\\t46户\\t182人\\n"
    >>> [[t[s:e] for s, e, _c in row] for row in find_text_tables(t, units=frozenset("户人"))[0]]
    [['组别', '户数', '人口'], ['一组', '46户', '182人'], ['合计', '46户', '182人']]
    >>> find_text_tables("我们坚持一切为了群众|一切依靠群众。\\n全年完成12项。")
    ()
    """
    run, seps, pipe = _patterns(separators)
    rules = _RuleLines("".join(c for c in rule_chars if c not in seps), seps)
    lines = _candidate_lines(text, run, seps) if _may_part_cells(text, seps) else []
    if len(lines) < min_rows:
        return ()
    tables: list[tuple] = []
    block: list[tuple[str, int, list[tuple[int, int]]]] = []  # (kind, line start, cells)
    rivers: list[tuple[int, int]] = []  # the blank columns a space-aligned block's rows share

    spans: set | None = None
    entries: set | None = None  # the line starts of a table of contents

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
        nonlocal spans, entries
        rows = [cells for _k, _s, cells in block]
        if len(rows) >= min_rows and contents and is_contents(block[0][1]):
            rows = []
        if contents_lines and len(rows) >= min_rows:
            if entries is None:
                entries = {a for a, _b in find_contents_lines(
                    text, titles=contents, min_lines=contents_lines, leaders=leaders)}
            if all(ls in entries for _k, ls, _c in block):
                rows = []  # 一、基本情况 …… 1 ⏎ 二、主要成效 …… 3: a contents page, no title
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
        if (kind == "space" and len(cells) >= 2 and block and block[-1][0] == "space"
                and s == prev_end + 1 and len(cells) + 1 == len(block[-1][2]) and rivers
                and _width(line) > rivers[-1][0]):
            # 本季度⎵⎵46⎵⎵12⎵⎵—⎵⎵⎵⎵ under 项目⎵⎵上环⎵⎵取环⎵⎵结扎⎵⎵人流: the row's last cell left
            # empty, its trailing blanks reaching into the last column: an empty cell, the row stays
            cells = [*cells, (s + len(line), s + len(line))]
        if s > prev_end + 1 and block and rules.only_rules(text, prev_end + 1, s):
            prev_end = s - 1  # +----+----+ or ├──┼──┤ between two rows: layout, the rows go on
        if cells and (kind == "pipe" or rule_chars) and all(
                b > a and _is_rule_cell(text[a:b], rule_chars) for a, b in cells):
            # (a rule line with a gap inside, ━━━━　━━━━, is one too, whatever its kind)
            if not (block and (block[-1][0] == "pipe" or kind != "pipe") and s == prev_end + 1):
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
        if (not joins and ok and kind == "space" and block and block[-1][0] == "space"
                and s == prev_end + 1 and len(block[-1][2]) == len(cells)
                and _unit_row(text, cells, units)
                and all(_unit_row(text, c, units) for _k, _s, c in block)):
            # 总人口⎵⎵32000⎵⎵人 ⏎ 已婚育龄妇女⎵⎵5100⎵⎵人: rows of label, number and a unit in a cell
            # of its own are one table even where their blanks do not line up
            joins, rivers = True, gaps
        if (not joins and ok and kind == "space" and block and block[-1][0] == "space"
                and s == prev_end + 1 and len(block[-1][2]) == len(cells)
                and _data_row(text, cells, units)
                and all(_data_row(text, c, units) for _k, _s, c in block[1:])
                and (_data_row(text, block[0][2], units) or _header_row(text, block[0][2]))):
            # a table flattened with two blanks between cells (地区生产总值⎵⎵亿元⎵⎵26.5⎵⎵12.9 under
            # 指标名称⎵⎵单位⎵⎵全年目标⎵⎵1-6月完成): rows of a label and numbers only, as many cells
            # as the rows above, under a header of words (or a first row like them), are one
            # table though unaligned
            joins, rivers = True, gaps
        if not joins:
            close()
            rivers = gaps
        if ok:
            block.append((kind, s, cells))
        prev_end = e
    close()
    return tuple(tables)
