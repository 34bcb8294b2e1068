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

from dataclasses import dataclass, field

import regex

from .numerals import parse_number

# ----------------------------------------------------------------------------- reports

_MARKER = regex.compile(r"第[一二三四五六七八九十\d]{1,3}篇\s*[:：]?\s*")
_KIND_WORDS = r"(?:述职报告|自查报告|自查自评报告|工作汇报|情况汇报|工作总结|工作计划(?!生育)|工作要点|汇报|总结|计划(?!生育)|报告|要点)"
_TITLE = regex.compile(
    rf"^\s*(?P<title>[^\n。;!?]{{0,40}}?{_KIND_WORDS}(?:发言材料|发言稿|材料)?)"
)
_CN_DATE = regex.compile(
    r"(?P<y>[一二三四五六七八九〇零○]{4}|(?:19|20)\d{2})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3}|\d{1,2})\s*月"
    r"\s*(?P<d>[一二三四五六七八九十]{1,3}|\d{1,2})\s*日")
_YEAR_PLACEHOLDER = regex.compile(r"(?:20|19)[xX×＊*]{2}\s*年|[xX×]{2,4}\s*年")
_YEAR = regex.compile(r"(?<![\d])((?:19|20)\d{2})\s*年|([一二三四五六七八九〇零○]{4})年")
_PERIOD = regex.compile(r"上半年|下半年|全年|年度|第[一二三四]季度|[一二三四]季度|前三季度|半年")
_NOT_IN_NAME = set("依托通过经组织协调全各本我该和在的了计划作汇报结总协会成为一二三四五六七八九十个")
_GENERIC_PLACES = frozenset({"乡镇", "城镇", "全镇", "我镇", "本镇", "该镇", "各镇", "集镇", "村镇",
                             "市镇", "重镇", "全乡", "我乡", "本乡", "该乡", "各乡", "城乡", "乡乡",
                             "下乡", "返乡", "家乡", "老乡", "农村社区", "城市社区", "各社区", "全社区",
                             "镇乡", "村社区", "和社区", "及社区", "进社区", "入社区", "各街道",
                             "城关镇街道", "省乡"})


def _kind(title: str) -> str:
    for word, kind in (("述职", "述职"), ("自查", "自查报告"), ("汇报", "汇报"), ("总结", "总结"),
                       ("计划", "计划"), ("要点", "计划"), ("报告", "报告")):
        if word in title:
            return kind
    return "other"


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


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    return int(parse_number(s).value)


def _date(text: str) -> tuple[str | None, int | None]:
    tail = text[-160:]
    found = list(_CN_DATE.finditer(tail))
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


_PLACE_SUFFIX = regex.compile(r"街道办事处|街道|镇|乡")
# in a title the unit may also be a county, a district or a village (青禾县…工作总结)
_TITLE_PLACE_SUFFIX = regex.compile(r"街道办事处|街道|镇|乡|县|区|村|社区")
_NOT_AFTER_PLACE = set("村镇亲土情里间")
_NAME_BOUNDARY = ("代表", "我们", "在", "是", "对", "向", "与", "和", "据", "为", "由")


def _unit_name(text: str, title: str) -> str:
    """The unit's name: the place name (莆美镇, *镇) named most often, the title counting 3×.

    Finds each 镇/乡/街道 and looks at the two or three characters before it (a placeholder
    token, or Han characters after a boundary such as punctuation, 代表, 在 …)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for src, weight, suffixes in ((title, 3, _TITLE_PLACE_SUFFIX), (text[:4000], 1, _PLACE_SUFFIX)):
        for m in suffixes.finditer(src):
            if src[m.end():m.end() + 1] in _NOT_AFTER_PLACE:
                continue  # 乡村, 乡镇, 镇村, 乡亲: words, not a place's name
            name = _name_before(src, m.start(), m.group(0))
            if name is None:
                continue
            counts[name] = counts.get(name, 0) + weight
            first.setdefault(name, m.start())
    if not counts:
        return ""
    return max(counts, key=lambda n: (counts[n], -first[n]))


def _name_before(src: str, end: int, suffix: str) -> str | None:
    j = end
    while j > 0 and src[j - 1] in "*＊Xx×":
        j -= 1
    if j < end:  # *镇, XX镇: a placeholder
        return src[j:end] + suffix
    if end >= 1 and src[end - 1] == "某":
        return "某" + suffix
    for n in (2, 3):
        start = end - n
        if start < 0:
            break
        stem = src[start:end]
        if (not all("\u4e00" <= c <= "\u9fff" for c in stem) or set(stem) & _NOT_IN_NAME
                or stem[-1] in "乡镇县区村"):
            continue
        before = src[max(0, start - 2):start]
        if start == 0 or before[-1:] in " \t\n,。;:、“\"(（" or before.endswith(_NAME_BOUNDARY):
            name = stem + suffix
            if name in _GENERIC_PLACES:
                return None
            return name
    return None


def _title(head: str) -> str:
    """The report's title: the first of its opening lines that names a kind of report
    (a document number such as 石政发〔2024〕3号 may stand above it), else its first line."""
    lines = [ln.strip() for ln in head[:400].split("\n") if ln.strip()][:6]
    for ln in lines:
        tm = _TITLE.match(ln)
        if tm:
            return tm.group("title").strip()
    first = lines[0] if lines else ""
    return first[:30].split(" ")[0]


def split_reports(text: str) -> list[ReportInfo]:
    """The reports in a (normalised) text, in order; one at least, unless the text is blank.

    >>> [r.title for r in split_reports("甲镇工作总结 全镇总人口100人。第二篇:乙乡工作计划 目标……")]
    ['甲镇工作总结', '乙乡工作计划']
    >>> split_reports("  ")
    []
    """
    if not text.strip():
        return []
    starts = [0] + [m.start() for m in _MARKER.finditer(text) if m.start() > 0]
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    out = []
    for i, (s, e) in enumerate(bounds, 1):
        while s < e and text[s].isspace():
            s += 1
        body = text[s:e]
        m = _MARKER.match(body)
        head = body[m.end():] if m else body
        title = _title(head)
        kind = _kind(title)
        unit = _unit_name(body, title)
        date, year = _date(body.rstrip())
        placeholders = []
        if unit and regex.match(r"[*＊Xx×某]", unit):
            placeholders.append("unit_name")
        ym = _YEAR.search(title)
        if ym:  # the year the report is about (2021年度述职报告, dated 2022-01-10)
            year = int(ym.group(1)) if ym.group(1) else _cn_int(ym.group(2))
        elif year is None and _YEAR_PLACEHOLDER.search(body[:300]):
            placeholders.append("year")
        pm = _PERIOD.search(title) or _PERIOD.search(head[len(title):len(title) + 40])
        out.append(ReportInfo(i, s, e, title, kind, unit, date, year, pm.group(0) if pm else "",
                              tuple(placeholders)))
    return out


# ----------------------------------------------------------------------------- outline

# (style id, level, pattern of the token, how to read its number)
_STYLES = [
    ("cn_dun", 1, r"[一二三四五六七八九十]{1,3}、"),
    ("cn_di", 2, r"第[一二三四五六七八九十]{1,3}[,，、:：]"),
    ("cn_shi", 6, r"[一二三四五六七八九十]{1,2}是"),
    ("cn_paren", 2, r"[(（][一二三四五六七八九十]{1,3}[)）]"),
    ("arabic_dun", 3, r"\d{1,2}、"),
    ("arabic_dot", 3, r"\d{1,2}[.．](?!\d)"),
    ("arabic_paren", 4, r"[(（]\d{1,2}[)）]"),
    ("circled", 5, r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"),
]
_HEADING = regex.compile(
    r"(?:(?<=^)|(?<=[\s。;!?:；：！？])|(?<=[,，](?=[一二三四五六七八九十]{1,2}是)))(?:"
    + "|".join(f"(?P<{sid}>{pat})" for sid, _lvl, pat in _STYLES)
    + r")(?=[\p{Han}“\"《])",
    regex.MULTILINE,
)
_LEVEL = {sid: lvl for sid, lvl, _ in _STYLES}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


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


def _title_of(text: str, start: int, token_len: int) -> tuple[str, str]:
    """Heading text (to the first 。 or line end, at most 60 chars) and its short title (after
    the numbering token, to the first punctuation)."""
    stop = start
    limit = min(len(text), start + 60)
    while stop < limit and text[stop] not in "。;!?\n；！？" and not (
            text[stop] == " " and stop > start + 2):
        stop += 1
    heading = text[start:stop]
    title = regex.split(r"[,，、:：“”\"(（]", heading[token_len:], maxsplit=1)[0]
    return heading, title


def outline(text: str, reports: list[ReportInfo]) -> list[Heading]:
    """Headings of every report, with level, parent and path (``二/(一)/3``)."""
    out: list[Heading] = []
    for rep in reports:
        stack: list[Heading] = []
        raw = []
        for m in _HEADING.finditer(text, rep.start, rep.end):
            sid = next(k for k in _LEVEL if m.group(k))
            token = m.group(sid)
            heading, title = _title_of(text, m.start(), len(token))
            raw.append((m.start(), sid, token, heading, title))
        for start, sid, token, heading, title in raw:
            level = _LEVEL[sid]
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            label = token.rstrip("、.．,，:：")
            path = (parent.path + "/" if parent else "") + label
            h = Heading(len(out) + 1, rep.report, level, sid, token, _token_number(token),
                        title.strip(), heading, start, rep.end, parent.section_id if parent else None,
                        path)
            out.append(h)
            stack.append(h)
    # a section ends where the next heading of the same or a higher level starts (one pass
    # with a stack, so a report with many headings costs no more than it should)
    ends = {h.section_id: h.end for h in out}
    stack: list[Heading] = []
    for h in out:
        while stack and (stack[-1].report != h.report or stack[-1].level >= h.level):
            top = stack.pop()
            if top.report == h.report:
                ends[top.section_id] = h.start
        stack.append(h)
    return [Heading(**{**h.__dict__, "end": ends[h.section_id]}) for h in out]


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
