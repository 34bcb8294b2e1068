"""Report structure: where each report starts and ends, what it is, and its outline.

One file may hold several reports ("第二篇:…工作情况汇报"), as document sites serve them.
:func:`split_reports` finds them and reads title, kind (汇报 / 总结 / 计划 / 述职 / 自查报告),
the unit's name (莆美镇, or a placeholder such as ``*镇``), the closing date and year, and the
period. :func:`outline` reads headings in the usual numbering styles::

    level 1  一、          level 2  (一)         level 3  1、 or 1.
    level 4  (1)           level 5  ①            level 2  第一、 / 第一,
    level 6  一是 … 二是 … (inline enumerations inside a paragraph)

Page-chunk numbers are gone before this runs (they are removed by normalisation), so they are
never headings. All offsets here are offsets of the normalised text; the API maps them back.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
import re

import regex

from .numerals import CN_YEAR_DIGITS, parse_number
from ..ruleset.load import literal_alternation

# ----------------------------------------------------------------------------- reports

_MARKER = regex.compile(r"第[一二三四五六七八九十\d]{1,3}篇\s*[:：]?\s*")
# a year's digits written in Chinese (○ stands in for 〇): 零〇一二三四五六七八九○
_CN_YEAR_DIGIT = "[" + CN_YEAR_DIGITS + "○]"
_CN_DATE = regex.compile(
    rf"(?P<y>{_CN_YEAR_DIGIT}{{4}}|(?:19|20)\d{{2}})"
    r"\s*年\s*(?P<m>[一二三四五六七八九十]{1,3}|\d{1,2})\s*月"
    r"\s*(?P<d>[一二三四五六七八九十]{1,3}|\d{1,2})\s*日")
_YEAR_PLACEHOLDER = regex.compile(r"(?:20|19)[xX×＊*]{2}\s*年|[xX×]{2,4}\s*年")
_YEAR = regex.compile(rf"(?<![\d])((?:19|20)\d{{2}})\s*年|({_CN_YEAR_DIGIT}{{4}})年")
#: a span of years in a title: 2016年至2020年, 2016—2020年, 2021-2025年, 2016年到2020年
_SPAN_YEAR = rf"((?<!\d)(?:19|20)\d{{2}}|{_CN_YEAR_DIGIT}{{4}})"
_YEAR_SPAN = regex.compile(rf"{_SPAN_YEAR}\s*年?\s*(?:至|到|—+|–|－|-|~|～)\s*{_SPAN_YEAR}\s*年")
PLACEHOLDER_CHARS = "*＊Xx×"
"""Characters a template writes for a name it leaves out (*镇, XX县, ××村)."""
#: the Han characters a place name may hold: the unified ideographs and their extensions A
#: (㙟) and B onwards (𠮷, 𡌶: rare characters of real place names, outside GBK)
_NAME_HAN = "\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U000323af"


_NAME_STEM = regex.compile(f"[{_NAME_HAN}]+")


@dataclass(frozen=True)
class StructureRules:
    """The word lists and patterns of ``rules/structure.yaml``: report kinds, title words,
    periods, and what is not a unit's name. Built once per rule set (``RuleSet.load(dir).structure``)."""

    kinds: tuple[tuple[str, str, "regex.Pattern | None"], ...]
    """(word, kind, not_before) per ``kinds`` record, in file order: the first word found in a
    title where its ``not_before`` does not match right after it names the report's kind."""
    title: "regex.Pattern"
    period: "regex.Pattern"
    generic_places: frozenset[str]
    not_in_name: frozenset[str]
    not_after_place: frozenset[str]
    name_boundary: tuple[str, ...]
    named_place_suffix: "regex.Pattern"
    """A place suffix (``words`` ``place_suffixes``: 镇, 乡, 街道 …) where the character before
    it may end a name (a placeholder, 某, or a Han character that :func:`_name_before` may take
    as a name's last): elsewhere there is no name to find. No suffix starts inside another, so
    the matches skipped do not move where the others are found."""
    title_place_suffix: "re.Pattern"
    """A place suffix in a title: ``place_suffixes`` and ``title_place_suffixes`` (县, 区, 村:
    in a title the unit may also be a county, a district or a village, 青禾县…工作总结)."""
    not_last_in_name: str
    """The place suffixes of one character (乡镇县区村): no name's last character."""
    total_label: "re.Pattern"
    """What the label of a table's total row or column starts with (``layout``
    ``total_labels``: 合计, 小计 …; :func:`total_label_re`), read by
    :mod:`report_miner.mining.cells`."""
    text_table_separators: str = "|｜│"
    """The characters besides tab and spaces that part a table's cells written as text
    (``layout`` ``text_tables``; :mod:`report_miner.mining.texttables`)."""
    text_table_min_rows: int = 2
    """The fewest consecutive lines that make a table written as text (``text_tables``
    ``min_rows``)."""
    text_table_contents: frozenset[str] = frozenset()
    """The titles of a table of contents (``text_tables`` ``contents``: 目录): aligned lines
    under one (一、基本情况    1) are page numbers, not a table."""
    text_table_rule_chars: str = ""
    """The characters a grid table's rule lines are drawn with (``text_tables``
    ``rule_characters``: ``+-=``, box drawing ``─┼━╋═``): such lines between rows are layout."""
    text_table_contents_lines: int = 0
    """The fewest lines, each a heading and its page number, that are a contents page without
    its title (``text_tables`` ``contents_lines``; 0: only under a title)."""
    text_table_leaders: str = ""
    """The characters of a dot leader in a contents page (``leader_ellipses`` and
    ``leader_dots``)."""
    short_wrap_lines: int = 0
    """``short_wraps`` ``min_lines``: the fewest lines of exactly one width that make a short
    paragraph wrapped at a fixed width (:func:`report_miner.mining.normalise.find_line_wraps`;
    0: off)."""
    short_wrap_ends: str = "。！？!?；;…"
    """``short_wraps`` ``words``: what ends the last line of such a paragraph."""
    unit_column: "re.Pattern | None" = None
    """What the label of a table's column of units says (``layout`` ``unit_column_headers``:
    单位, 计量单位; brackets and spaces around it allowed), read by
    :mod:`report_miner.mining.cells`."""
    may_open_name: frozenset[str] = frozenset()
    """Characters of ``not_in_name`` that may open a name (七星乡, 和平乡) when no other
    character of ``not_in_name`` follows in it."""
    may_open_name_chars: str = ""
    """``may_open_name`` as one string (what :func:`_name_before` strips off a stem's start)."""
    may_join_name: frozenset[str] = frozenset()
    """Characters of ``not_in_name`` that may stand inside a name in a title, after a character
    that is no place suffix (太和镇; not 县和镇)."""
    no_join_after: str = ""
    """Characters after which a ``may_join_name`` character joins no name (县和镇, 市和镇):
    the one-character place suffixes (``not_last_in_name``) and the ``words`` list
    ``no_join_after`` (市, 省, 州, 道)."""
    year_since: tuple[str, ...] = ()
    """Words after a year in a title (2016年以来, 2016年起) that make it the start of a
    period, not the report's year."""
    report_start: "regex.Pattern | None" = None
    """Where a report starts other than at 第N篇 (``patterns`` ``report_start``): a marker
    (篇二:) or a title on the line after a signature's date; the report starts at the match,
    or at the pattern's group ``start`` where it has one and it took part."""
    plan_kinds: frozenset[str] = frozenset()
    """The report kinds that are plans (``compare: plan`` in ``kinds``): a span of years in
    such a title (2021—2025年工作计划) gives its first year, in any other its last."""


def total_label_re(words) -> re.Pattern:
    """What a total row's or column's label starts with: one of ``words`` (``rules/structure.yaml``
    section ``layout``, ``total_labels``: 合计, 小计 …), blank space allowed between its characters
    (合 计); none: no label is a total's.

    >>> bool(total_label_re(["合计"]).match(" 合 计")), bool(total_label_re(["合计"]).match("合作社"))
    (True, False)
    """
    words = sorted(set(words), key=lambda w: (-len(w), w))
    if not words:
        return re.compile("(?!)")
    return re.compile(r"^\s*(?:" + "|".join(r"\s*".join(map(re.escape, w)) for w in words) + ")")


def get_structure_rules(rules_dir=None) -> StructureRules:
    """The structure rules as shipped (plus ``rules_dir``): ``RuleSet.load(rules_dir).structure``."""
    from ..ruleset.load import RuleSet

    return RuleSet.load(rules_dir).structure


def _structure_rules(rules) -> StructureRules:
    """:class:`StructureRules` compiled from a :class:`report_miner.ruleset.load.RuleData`."""
    pats = {k: r.pattern for k, r in rules.named("structure", "patterns").items()}
    words = {k: r.words for k, r in rules.named("structure", "words").items()}
    layout = rules.named("structure", "layout")
    kinds = tuple((r.word, r.kind, regex.compile(r.not_before) if r.not_before else None)
                  for r in rules.records("structure", "kinds"))
    not_in_name = frozenset(words["not_in_name"])
    suffixes, title_suffixes = words["place_suffixes"], words["title_place_suffixes"]
    not_last = "".join(dict.fromkeys(w for w in (*suffixes, *title_suffixes) if len(w) == 1))
    named_suffix = regex.compile(
        rf"(?:(?<=[{regex.escape(PLACEHOLDER_CHARS)}某])|(?<=[{_NAME_HAN}])"
        rf"(?<![{regex.escape(''.join(sorted(not_in_name | set(not_last))))}]))"
        rf"{literal_alternation(suffixes) if suffixes else '(?!)'}")
    return StructureRules(
        kinds=kinds,
        title=regex.compile(rf"^\s*(?P<title>[^\n。;!?]{{0,40}}?(?:{pats['title_words']})"
                            rf"(?:发言材料|发言稿|材料)?)"),
        period=regex.compile(pats["period"]),
        generic_places=frozenset(words["generic_places"]),
        not_in_name=not_in_name,
        not_after_place=frozenset(words["not_after_place"]),
        name_boundary=tuple(words["name_boundary"]),
        named_place_suffix=named_suffix,
        title_place_suffix=re.compile(literal_alternation((*suffixes, *title_suffixes))
                                      if suffixes or title_suffixes else "(?!)"),
        not_last_in_name=not_last,
        total_label=total_label_re(rules.named("structure", "layout")["total_labels"].words),
        text_table_separators="".join(layout["text_tables"].words),
        text_table_min_rows=int(layout["text_tables"].min_rows),
        text_table_contents=frozenset("".join(w.split()) for w in layout["text_tables"].contents),
        text_table_rule_chars="".join(layout["text_tables"].rule_characters),
        text_table_contents_lines=int(layout["text_tables"].contents_lines),
        text_table_leaders="".join(dict.fromkeys((*layout["leader_ellipses"].words,
                                                  *layout["leader_dots"].words))),
        short_wrap_lines=int(layout["short_wraps"].min_lines) if "short_wraps" in layout else 0,
        short_wrap_ends="".join(layout["short_wraps"].words) if "short_wraps" in layout else "",
        unit_column=re.compile(r"^\s*[(（]?\s*(?:" + "|".join(
            r"\s*".join(map(re.escape, w)) for w in sorted(layout["unit_column_headers"].words,
                                                      key=len, reverse=True))
            + r")\s*[)）]?\s*$") if layout["unit_column_headers"].words else None,
        may_open_name=frozenset(words.get("may_open_name", ())),
        may_open_name_chars="".join(sorted(set(words.get("may_open_name", ())))),
        may_join_name=frozenset(words.get("may_join_name", ())),
        no_join_after=not_last + "".join(c for c in words["no_join_after"] if c not in not_last),
        year_since=tuple(words.get("year_since", ())),
        report_start=regex.compile(pats["report_start"]) if pats.get("report_start") else None,
        plan_kinds=frozenset(r.kind for r in rules.records("structure", "kinds") if r.compare == "plan"))


#: the kind of a report whose title names none of ``rules/structure.yaml``'s kinds (stored as
#: is in the ``reports`` table, where code and users' queries look for it)
OTHER_KIND = "other"
#: how :data:`OTHER_KIND` is shown in Chinese text (messages, the audit, review pages)
OTHER_KIND_LABEL = "报告"


def kind_label(kind: str | None) -> str:
    """A report kind as shown to users: ``other`` (no kind word in the title) is 报告, the
    rest are Chinese already (汇报, 总结, 计划 …); "" for none."""
    if kind is None or kind != kind:  # None or NaN from a table
        return ""
    return OTHER_KIND_LABEL if kind == OTHER_KIND else str(kind)


def _kind(title: str, rules: StructureRules) -> str:
    for word, kind, not_before in rules.kinds:
        at = title.find(word)
        while at >= 0:
            if not_before is None or not not_before.match(title, at + len(word)):
                return kind
            at = title.find(word, at + 1)
    return OTHER_KIND


@dataclass(frozen=True)
class ReportInfo:
    """One report inside a text (offsets into the normalised text)."""

    report: int
    start: int
    end: int
    title: str
    kind: str
    unit_name: str
    date: str | None
    year: int | None
    period: str
    placeholders: tuple[str, ...] = field(default=())
    """Which metadata are template tokens: "unit_name", "year"."""
    year_span: str = ""
    """The years the title names when it names a span (2019—2020年度总结: "2019-2020"; ``year``
    is then one of them: the last for results, the first for plans), else ""."""


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    return int(parse_number(s).value)


def _date(text: str) -> tuple[str | None, int | None]:
    tail = text[-160:]
    found = list(_CN_DATE.finditer(tail)) if "日" in tail else None  # (it needs 日)
    if not found:
        return None, None
    m = found[-1]
    try:
        y = _cn_int(m.group("y"))
        mo, d = _cn_int(m.group("m")), _cn_int(m.group("d"))
    except (ValueError, KeyError):
        return None, None
    if not (1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None, None
    return f"{y:04d}-{mo:02d}-{d:02d}", y


def _unit_name(text: str, title: str, rules: StructureRules) -> str:
    """The unit's name: the place name (莆美镇, *镇) named most often, the title counting 3×.

    Finds each 镇/乡/街道 and looks at the two or three characters before it (four for a name
    opened by a numeral, 二十里铺镇; a placeholder
    token, or Han characters after a boundary such as punctuation, 代表, 在 …)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    in_title: set[str] = set()
    for src, weight, suffixes in ((title, 3, rules.title_place_suffix),
                                  (text[:4000], 1, rules.named_place_suffix)):
        for m in suffixes.finditer(src):
            if src[m.end():m.end() + 1] in rules.not_after_place:
                continue  # 乡村, 乡镇, 镇村, 乡亲: words, not a place's name
            name = _name_before(src, m.start(), m.group(0), rules, in_title=weight > 1)
            if name is None:
                continue
            counts[name] = counts.get(name, 0) + weight
            first.setdefault(name, m.start())
            if weight > 1:
                in_title.add(name)
    # a name opened by a numeral or a word (七星乡, 和平乡) only from the title or when named
    # twice: 一是镇党委… 二是镇政府… are enumerations, each once
    for name in [n for n in counts if n[0] in rules.may_open_name
                 and n not in in_title and counts[n] < 2]:
        del counts[name]
    if not counts:
        return ""
    return max(counts, key=lambda n: (counts[n], -first[n]))


def _name_before(src: str, end: int, suffix: str, rules: StructureRules,
                 in_title: bool = False) -> str | None:
    j = end
    while j > 0 and src[j - 1] in PLACEHOLDER_CHARS:
        j -= 1
    if j < end:  # *镇, XX镇: a placeholder
        return src[j:end] + suffix
    if end >= 1 and src[end - 1] == "某":
        return "某" + suffix
    if end >= 2 and src[end - 1] in rules.not_last_in_name:
        return None  # every stem below ends in that character (乡镇, 县区…)
    opens = rules.may_open_name_chars
    for n in (2, 3, 4):
        start = end - n
        if start < 0:
            break
        stem = src[start:end]
        rest = stem.lstrip(opens)  # 七星乡, 十八里乡, 和平乡
        if not rest or (n == 4 and rest == stem):
            continue  # four characters only for a name opened by a numeral: 二十里铺镇
        if in_title and rules.may_join_name:  # 太和镇 in a title; not 县和镇
            rest = "".join(c for i, c in enumerate(rest) if c not in rules.may_join_name
                           or i == 0 or rest[i - 1] in rules.no_join_after)
        if not rules.not_in_name.isdisjoint(rest) or not _NAME_STEM.fullmatch(stem):
            continue
        before = src[max(0, start - 2):start]
        if start == 0 or before[-1:] in " \t\n,。;:、“\"(（" or before.endswith(rules.name_boundary):
            name = stem + suffix
            if name in rules.generic_places:
                return None
            return name
    return None


def _title(head: str, rules: StructureRules) -> str:
    """The report's title: the first of its opening lines that names a kind of report
    (a document number such as 石政发〔2024〕3号 may stand above it), else its first line."""
    lines = [ln.strip() for ln in head[:400].split("\n") if ln.strip()][:6]
    for ln in lines:
        tm = rules.title.match(ln)
        if tm:
            return tm.group("title").strip()
    first = lines[0] if lines else ""
    return first[:30].split(" ")[0]


def _title_year(title: str, rules: StructureRules) -> "regex.Match | None":
    """The first year of ``title`` that is not the start of a period (2016年以来, 2016年度起:
    ``year_since`` words follow it); None when there is none.

    >>> rules = get_structure_rules()
    >>> _title_year("河西镇2016年以来计划生育工作汇报", rules) is None
    True
    >>> _title_year("河西镇2016年以来及2021年工作总结", rules).group(1)
    '2021'
    """
    for m in _YEAR.finditer(title):
        after = title[m.end():].lstrip()
        if after.startswith("度"):
            after = after[1:]
        if not (rules.year_since and after.startswith(rules.year_since)):
            return m
    return None


def _year_span(title: str) -> tuple[int, int] | None:
    """The first and last year of a span of years in ``title`` (the later year after the
    earlier one), None when it has none.

    >>> _year_span("河西镇2016年至2020年工作总结"), _year_span("2021—2025年工作计划")
    ((2016, 2020), (2021, 2025))
    >>> _year_span("二〇一六年至二〇二〇年工作总结")
    (2016, 2020)
    >>> _year_span("2020-2016年") is None, _year_span("2021年工作总结") is None
    (True, True)
    """
    m = _YEAR_SPAN.search(title)
    if m is None:
        return None
    first, last = (int(g) if g.isdigit() else _cn_int(g) for g in m.groups())
    return (first, last) if last > first else None


def split_reports(text: str, rules_dir: str | None = None) -> list[ReportInfo]:
    """The reports in a (normalised) text, in order; one at least, unless the text is blank.
    Kinds, title words, periods and place-name filters come from ``rules/structure.yaml``
    (plus ``rules_dir``).

    >>> [r.title for r in split_reports("甲镇工作总结 全镇总人口100人。第二篇:乙乡工作计划 目标……")]
    ['甲镇工作总结', '乙乡工作计划']
    >>> split_reports("  ")
    []
    """
    if not text or text.isspace():
        return []
    rules = get_structure_rules(rules_dir)
    starts = [m.start() for m in _MARKER.finditer(text) if m.start() > 0]
    more = rules.report_start
    if more is not None:
        # a report starts at the match, or at its (?P<start>) group where the pattern has one
        at = (lambda m: m.start("start") if m.start("start") >= 0 else m.start()) \
            if "start" in more.groupindex else (lambda m: m.start())
        starts = sorted(set(starts) | {p for p in map(at, more.finditer(text)) if p > 0})
    starts = [0] + starts
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    out = []
    for i, (s, e) in enumerate(bounds, 1):
        while s < e and text[s].isspace():
            s += 1
        body = text[s:e]
        # a pattern below is tried only where the text holds what it needs (第, 年): a quick test
        # that spares most calls into the regex engine
        m = (_MARKER.match(body) if body.startswith("第")
             else more.match(body) if more is not None and body.startswith("篇") else None)
        head = body[m.end():] if m else body
        title = _title(head, rules)
        kind = _kind(title, rules)
        unit = _unit_name(body, title, rules)
        date, year = _date(body.rstrip())
        placeholders = []
        if unit and unit[0] in PLACEHOLDER_CHARS + "某":
            placeholders.append("unit_name")
        ym = _title_year(title, rules) if "年" in title else None
        sm = _year_span(title) if ym else None
        if sm:  # 2016年至2020年工作总结: results up to 2020; 2021—2025年工作计划: a plan from 2021
            year = sm[0] if kind in rules.plan_kinds else sm[1]
        elif ym:  # the year the report is about (2021年度述职报告, dated 2022-01-10)
            year = int(ym.group(1)) if ym.group(1) else _cn_int(ym.group(2))
        elif year is None and "年" in body[:300] and _YEAR_PLACEHOLDER.search(body[:300]):
            placeholders.append("year")
        pm = rules.period.search(title) or rules.period.search(head[len(title):len(title) + 40])
        out.append(ReportInfo(i, s, e, title, kind, unit, date, year, pm.group(0) if pm else "",
                              tuple(placeholders), f"{sm[0]}-{sm[1]}" if sm else ""))
    return out


# ----------------------------------------------------------------------------- outline

# (style id, level, pattern of the token, how to read its number)
_STYLES = [
    ("cn_dun", 1, r"[一二三四五六七八九十]{1,3}、"),
    ("cn_di", 2, r"第[一二三四五六七八九十]{1,3}[,，、:：]"),
    ("cn_shi", 6, r"[一二三四五六七八九十]{1,2}是"),
    ("cn_paren", 2, r"[(（][一二三四五六七八九十]{1,3}[)）]"),
    ("arabic_dun", 3, r"\d{1,2}、"),
    # 1. but not 1.5 (a decimal), except before a month (1.1月底前: item 1, by the end of January)
    ("arabic_dot", 3, r"\d{1,2}[.．](?!\d(?!\d?月))"),
    ("arabic_paren", 4, r"[(（]\d{1,2}[)）]"),
    ("circled", 5, r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"),
]
_HEADING_TEXT = r"[^。;!?\n；！？]{0,3}[^。;!?\n；！？ ]{0,57}"
"""A heading's text: up to 60 characters, to the first 。;!? or line break, or a space after its
first three characters."""
_HEADING_OPENS = (r"[\p{Han}“\"《]"
                  # a year (四、2021年工作打算, (一)20XX年…) or a placeholder name ((一)××村建成…)
                  # or a span of years (一、2021-2025年规划)
                  r"|(?:19|20)[\dXx×*＊]{2}\s?(?:年|[-—–~～至到](?:19|20)?\d{2}\s?年)"
                  r"|(?:[×Xx*＊]{1,4}|_{2,}|＿{2,}|□{1,4})\p{Han}"
                  # or a month (1.3月底前完成…: a work plan's item with its deadline)
                  r"|(?<=\d[.．])\d{1,2}月")
"""What a heading's text starts with, right after its numbering token."""
_HEADING = regex.compile(
    # the heading's text too, in a look-ahead (it may reach past the numbering token)
    rf"(?=(?P<heading_text>{_HEADING_TEXT}))"
    r"(?:(?<=^)|(?<=[\s。;!?:；：！？])|(?<=[,，](?=[一二三四五六七八九十]{1,2}是)))(?:"
    + "|".join(f"(?P<{sid}>{pat})" for sid, _lvl, pat in _STYLES)
    + rf")(?={_HEADING_OPENS})",
    regex.MULTILINE,
)
# style and level by group number (a Match reads groups by number much faster than by name)
_STYLE_OF_GROUP = {_HEADING.groupindex[sid]: (sid, lvl) for sid, lvl, _ in _STYLES}
_HEADING_TEXT_GROUP = _HEADING.groupindex["heading_text"]
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# _HEADING for the standard library's engine, which scans far faster: the character before the
# token (consumed, so that a match is that one character), then the token, looked ahead. It matches
# wherever _HEADING does, and more: it takes a comma before any token (_HEADING only before 一是 …),
# and does not look at the character after the token; its \s holds all of regex's (and four control
# characters); its \d holds all of regex's but for the digits of scripts newer than its Unicode
# tables, all outside the Basic Multilingual Plane, so there it takes any character. Each match is
# checked in :func:`_headings`, where _HEADING decides any case the quick checks cannot.
_DIGITS, _SCAN_DIGITS = r"\d{1,2}", r"[\d\U00010000-\U0010FFFF]{1,2}"
_HEADING_SCAN = re.compile(
    r"[\s。;!?:；：！？,，]"
    rf"(?=[\d\U00010000-\U0010FFFF一二三四五六七八九十第(（{_CIRCLED}])"  # a quick test first
    r"(?=(?:" + "|".join(f"(?P<{sid}>{pat.replace(_DIGITS, _SCAN_DIGITS)})" for sid, _lvl, pat in _STYLES)
    + "))")
_SCAN_STYLE_OF_GROUP = {_HEADING_SCAN.groupindex[sid]: (sid, lvl) for sid, lvl, _ in _STYLES}
_YEAR_OR_PLACEHOLDER_FIRST = frozenset("12×Xx*_□")  # how _HEADING_OPENS's year or placeholder starts
_MONTH_FIRST = frozenset("0123456789")  # a month after 1. (1.3月底前)
_SURE_BEFORE = frozenset(" \t\n\r\u3000。;!?:；：！？,，")  # where _HEADING's look-behind surely agrees
_TITLE_STOP = re.compile(r"[,，、:：“”\"(（]")
_HEADING_TEXT_RE = re.compile(_HEADING_TEXT)


@lru_cache(maxsize=512)
def _token_number(token: str) -> int:
    core = token.strip("、.．()（）,，:：").removeprefix("第").removesuffix("是")
    if core in _CIRCLED:
        return _CIRCLED.index(core) + 1
    if core.isdigit():
        return int(core)
    return int(parse_number(core).value)


@dataclass(frozen=True)
class Heading:
    """One heading of the outline (offsets into the normalised text)."""

    section_id: int
    report: int
    level: int
    style: str
    token: str
    number: int
    title: str
    heading_text: str
    start: int
    end: int
    parent: int | None
    path: str


def _new_heading(values: dict) -> Heading:
    """The same as ``Heading(**values)``, without the frozen dataclass's ``object.__setattr__``
    for every field (a long outline has thousands of headings). Valid while ``Heading`` has no
    ``__slots__``, ``__post_init__`` or defaults; tests/test_structure.py checks the two agree."""
    h = object.__new__(Heading)
    h.__dict__.update(values)
    return h


def _headings(text: str, rep: ReportInfo, found: list[re.Match], first: int):
    """(start, style, level, token, heading text, title) of each heading of report ``rep``, as
    ``_HEADING.finditer(text, rep.start, rep.end)`` finds them. ``found`` are the matches of
    _HEADING_SCAN in the whole text, ``first`` the index of the first one in ``rep``."""
    last = rep.start  # where the previous heading's token ends
    if rep.start == 0:  # at the start of the text, where nothing stands before the token
        m = _HEADING.match(text, 0, rep.end)
        if m:
            last = m.end()
            yield _read_heading(text, m, rep.end)
    for i in range(first, len(found)):
        m = found[i]
        start = m.end()  # the match is the character before the token
        if start >= rep.end:
            break
        group = m.lastindex  # the style's group (the only groups)
        sid, level = _SCAN_STYLE_OF_GROUP[group]
        token = m.group(group)
        end = start + len(token)
        if start < last or end >= rep.end:
            continue  # inside the previous token; or _HEADING cannot look past the report's end
        before, after = text[start - 1], text[end]
        if before in ",，" and sid != "cn_shi":
            continue  # after a comma, only 一是 …
        if before in _SURE_BEFORE and max(token) < "\U00010000":
            if after in "“\"《" or "\u4e00" <= after <= "\u9fff":  # Han (or a quote) follows
                stop = _HEADING_TEXT_RE.match(text, start).end()
                t = _TITLE_STOP.search(text, end, stop)
                last = end
                yield start, sid, level, token, text[start:stop], text[end:t.start() if t else stop]
                continue
            if after < "\u2e80" and after not in _YEAR_OR_PLACEHOLDER_FIRST and not (
                    sid == "arabic_dot" and after in _MONTH_FIRST):
                continue  # no Han character is below U+2E80 (a year or a placeholder is decided below)
        m = _HEADING.match(text, start, rep.end)  # what the quick tests cannot tell
        if m:
            last = m.end()
            yield _read_heading(text, m, rep.end)


def _read_heading(text: str, m: regex.Match, end: int) -> tuple:
    """What :func:`_headings` yields for a _HEADING match ``m`` (found before ``end``)."""
    sid, level = _STYLE_OF_GROUP[m.lastindex]
    start, stop = m.regs[_HEADING_TEXT_GROUP]
    if stop == end < len(text):  # the look-ahead stopped at the end of the search: read on
        stop = _HEADING_TEXT_RE.match(text, start).end()
    end = m.end()
    t = _TITLE_STOP.search(text, end, stop)
    return start, sid, level, m.group(m.lastindex), text[start:stop], text[end:t.start() if t else stop]


def outline(text: str, reports: list[ReportInfo],
            hints: tuple[tuple[int, int, int], ...] | list = (),
            skip: list[tuple[int, int]] | tuple = ()) -> list[Heading]:
    """Headings of every report, with level, parent and path (``二/(一)/3``).

    ``hints`` are headings the file itself marks (a Word Heading style, an HTML ``<h2>``):
    ``(start, end, level)`` in ``text`` (:attr:`report_miner.readers.base.Document.headings`
    mapped to the normalised text). A hinted line whose text starts with a numbering token is
    read from the text as any other (so a Word file's outline equals that of the same report
    typed as text; numbers Word draws are already in the text, put there by the reader); a
    hinted line without one (but the report's first line, its title) becomes a heading of the
    hint's level, style ``file``, no token,
    numbered by its place among its siblings, its label in the path its title (up to 20
    characters). ``skip``: the lines of a table of contents, ascending ``(start, end)``
    (:func:`report_miner.mining.texttables.find_contents_lines`): no heading starts on one."""
    found = list(_HEADING_SCAN.finditer(text))
    starts = [m.end() for m in found]
    rows: list[dict] = []  # the fields of each heading
    for rep in reports:
        stack: list[dict] = []  # the sections still open: a heading and its ancestors
        first = bisect_left(starts, rep.start)
        items = _headings(text, rep, found, first)
        if hints:
            items = _with_hints(text, rep, list(items), hints)
        if skip:  # 一、基本情况……1 in a table of contents: layout, not the section
            skip_starts = [a for a, _b in skip]
            items = [it for it in items
                     if (k := bisect_right(skip_starts, it[0]) - 1) < 0 or it[0] >= skip[k][1]]
        siblings: dict[tuple, int] = {}
        for start, sid, level, token, heading, title in items:
            # a section ends where the next heading of the same or a higher level starts, else
            # where its report ends
            while stack and stack[-1]["level"] >= level:
                stack.pop()["end"] = start
            parent = stack[-1] if stack else None
            if token:
                label, number = token.rstrip("、.．,，:："), _token_number(token)
            else:  # a heading by the file's layout alone
                key = (parent["section_id"] if parent else None, level)
                number = siblings[key] = siblings.get(key, 0) + 1
                label = title.strip().replace("/", "／")[:20] or str(number)
            row = dict(section_id=len(rows) + 1, report=rep.report, level=level, style=sid,
                       token=token, number=number, title=title.strip(),
                       heading_text=heading, start=start, end=rep.end,
                       parent=parent["section_id"] if parent else None,
                       path=(parent["path"] + "/" if parent else "") + label)
            rows.append(row)
            stack.append(row)
    return [_new_heading(row) for row in rows]


def _with_hints(text: str, rep: ReportInfo, items: list[tuple], hints) -> list[tuple]:
    """``items`` (what :func:`_headings` yields for ``rep``) and a heading for each hint in
    ``rep`` whose line holds no heading found in the text at its start."""
    taken = [it[0] for it in items]
    title_at = rep.start
    while title_at < rep.end and text[title_at].isspace():
        title_at += 1
    extra = []
    for start, end, level in hints:
        while start < end and text[start] in " \t\u3000":
            start += 1
        if not rep.start <= start < rep.end or start >= end or start == title_at:
            continue  # the report's first line is its title (the ``reports`` table), not a section
        i = bisect_left(taken, start)
        if i < len(taken) and taken[i] < end and not text[start:taken[i]].strip():
            continue  # the text's own numbering token starts the line: read as in a text file
        line = text[start:min(end, rep.end)].rstrip()
        heading = line[:60]
        t = _TITLE_STOP.search(heading)
        title = heading[:t.start()] if t and t.start() > 0 else heading
        extra.append((start, "file", max(1, min(9, level)), "", heading, title))
    if not extra:
        return items
    return sorted(items + extra, key=lambda it: it[0])


def clean_offset(norm, orig: int) -> int:
    """The offset in a normalised text (``norm``: :class:`report_miner.mining.normalise.Normalised`)
    of the original offset ``orig`` (the next kept character when ``orig`` was removed)."""
    m = norm.map
    k = max(0, bisect_left(m.origs, orig + 1) - 1)
    if k >= len(m.starts):
        return m.clean_len
    pos = m.starts[k] + max(0, orig - m.origs[k])
    nxt = m.starts[k + 1] if k + 1 < len(m.starts) else m.clean_len
    return min(pos, nxt)


class SectionIndex:
    """Finds the innermost section holding a position in O(log n), for all reports at once."""

    def __init__(self, headings: list[Heading]):
        import bisect

        self._bisect = bisect.bisect_right
        self._by_report: dict[int, tuple[list[int], list[Heading]]] = {}
        for h in headings:
            starts, hs = self._by_report.setdefault(h.report, ([], []))
            starts.append(h.start)
            hs.append(h)
        self._by_id = {h.section_id: h for h in headings}

    def at(self, report: int, pos: int) -> Heading | None:
        entry = self._by_report.get(report)
        if entry is None:
            return None
        starts, hs = entry
        i = self._bisect(starts, pos) - 1
        h = hs[i] if i >= 0 else None
        while h is not None and not (h.start <= pos < h.end):
            h = self._by_id.get(h.parent) if h.parent is not None else None
        return h


def section_at(headings: list[Heading], report: int, pos: int) -> Heading | None:
    """The innermost heading of ``report`` whose section holds ``pos`` (see :class:`SectionIndex`
    to look up many positions)."""
    return SectionIndex(headings).at(report, pos)
