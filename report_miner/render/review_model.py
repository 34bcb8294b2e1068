"""What the review pages show, prepared as plain data: no HTML is written here.

:mod:`report_miner.render.review` turns a :class:`~report_miner.tables.MineResult` into one
:class:`ReportView` per report and one :class:`IndexView` for the batch; the Jinja2 templates
in ``report_miner/render/templates/`` (:mod:`report_miner.render.review_html`) turn those into HTML with
autoescaping. Every string here is plain text (report text, titles, tooltips, file names):
escaping is the template's job, so no value in this module may hold markup.

The report's text with its highlights is a flat list of :class:`Piece` (text, element opened,
element closed) made by :func:`text_pieces` in one pass over the sorted span boundaries. Spans
nest by kind (headings outside findings outside figures outside blanks); a span that overlaps
another without nesting is closed and reopened around the boundary, so the pieces are always
well nested; the first piece keeps the ``id`` and the class (``blank``, ``fig`` …) and later
pieces get ``…-cont``.

>>> [tuple(p) for p in text_pieces("辖村,<b>", 0, 6,
...     [_Span(0, 6, RANK_FINDING, "finding"), _Span(3, 6, RANK_FIGURE, "fig")],
...     [_Point(1, ORDER_BLANK, "span", (("class", "blank empty"),))])]
... # doctest: +NORMALIZE_WHITESPACE
[('open', 'span', (('class', 'finding'),)), ('text', '辖', ()),
 ('open', 'span', (('class', 'blank empty'),)), ('close', 'span', ()), ('text', '村,', ()),
 ('open', 'span', (('class', 'fig'),)), ('text', '<b>', ()), ('close', 'span', ()),
 ('close', 'span', ())]
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple
from urllib.parse import quote

from ..mining.structure import kind_label

__all__ = ["BLANK_KINDS", "SEVERITIES", "Piece", "text_pieces", "ReportView", "IndexView",
           "build_views"]

#: blank kinds with their labels (Chinese, English), in legend order.
BLANK_KINDS: dict[str, tuple[str, str]] = {
    "missing_number": ("空缺数字", "number left out"),
    "placeholder": ("模板占位符", "template placeholder"),
    "missing_unit": ("缺少单位", "unit left out"),
    "missing_text": ("空缺内容", "text left out"),
}
#: severities, most severe first, with their labels.
SEVERITIES: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

# nesting order of span kinds: lower is outer
RANK_HEADING, RANK_FINDING, RANK_FIGURE, RANK_BLANK = 0, 1, 2, 3
# order of zero-width elements at one offset: section anchors, finding anchors, empty blanks
ORDER_SECTION, ORDER_FINDING, ORDER_BLANK = 0, 1, 2

# the only elements and attribute names the text may contain: they are written into the page
# as they are (the template escapes values, not names), so they must never come from data
_TAGS = frozenset({"span", "a"})
_ATTR_NAME = re.compile(r"[a-z][a-z-]*\Z")


# ----------------------------------------------------------------------------- values

def _v(x: Any) -> Any:
    """``None`` for every flavour of missing (None, NaN, pd.NA, NaT), else ``x``."""
    if x is None:
        return None
    try:
        if x != x:  # NaN, NaT
            return None
    except TypeError:  # pd.NA refuses to be compared to a bool
        return None
    if type(x).__name__ in ("NAType", "NaTType"):
        return None
    return x


def _int(x: Any) -> int | None:
    x = _v(x)
    if x is None:
        return None
    try:
        return int(x)
    except (TypeError, ValueError):
        return None


def _str(x: Any) -> str:
    x = _v(x)
    return "" if x is None else str(x)


def _num(x: Any) -> str:
    """A figure value for people: 17364, 214000, 0.5 (no exponent, no trailing zeros).

    >>> _num(214000.0), _num(0.50), _num(None), _num(float("nan"))
    ('214000', '0.5', '—', '—')
    """
    x = _v(x)
    if x is None:
        return "—"
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isinf(f):
        return str(f)
    if f.is_integer():
        return str(int(f))
    return f"{f:.6f}".rstrip("0").rstrip(".")


def _css_word(s: str) -> str:
    """``s`` usable as part of a class name (kinds and severities come from data)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", s)


# ----------------------------------------------------------------------------- pieces

class Piece(NamedTuple):
    """One step of the highlighted text: ``("text", chars, ())``, ``("open", tag, attrs)`` or
    ``("close", tag, ())``. ``tag`` and attribute names are fixed by this module; attribute
    values and text are plain text the template escapes."""

    kind: str
    value: str
    attrs: tuple[tuple[str, str], ...] = ()


def _check_element(tag: str, attrs: tuple[tuple[str, str], ...]) -> None:
    if tag not in _TAGS or not all(_ATTR_NAME.match(k) for k, _ in attrs):
        raise ValueError(f"not an element the review text may hold: <{tag}> {attrs!r}")


@dataclass(frozen=True)
class _Span:
    """An element wrapped around ``text[start:end]``; may be cut into pieces to nest."""

    start: int
    end: int
    rank: int
    cls: str
    attrs: tuple[tuple[str, str], ...] = ()
    id: str = ""
    tag: str = "span"

    def __post_init__(self) -> None:
        _check_element(self.tag, self.attrs)

    def open(self, first: bool) -> Piece:
        attrs: tuple[tuple[str, str], ...] = (("class", self.cls if first else _cont_classes(self.cls)),)
        if first and self.id:
            attrs += (("id", self.id),)
        return Piece("open", self.tag, attrs + self.attrs)

    def close(self) -> Piece:
        return Piece("close", self.tag)


@dataclass(frozen=True)
class _Point:
    """An empty element at ``pos`` (anchor, zero-width blank, finding marker)."""

    pos: int
    order: int
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        _check_element(self.tag, self.attrs)

    def pieces(self) -> tuple[Piece, Piece]:
        return Piece("open", self.tag, self.attrs), Piece("close", self.tag)


def _cont_classes(cls: str) -> str:
    # the first class names the kind (blank, fig, finding, heading); later pieces say "-cont"
    # so that counting ".blank" counts blanks, not pieces
    head, _, rest = cls.partition(" ")
    return f"{head}-cont {rest}".strip()


def text_pieces(text: str, start: int, end: int, spans: Iterable[_Span],
                points: Iterable[_Point] = ()) -> list[Piece]:
    """``text[start:end]`` as pieces, with ``spans`` wrapped and ``points`` inserted.

    One pass over the sorted boundaries. At each offset: spans ending there are closed (any
    span opened inside them and still running is closed first and reopened after), then the
    zero-width points are written, then the spans starting there are opened, outer ones (the
    longest, then by rank) first. Spans are clipped to ``[start, end]``; empty ones are
    dropped. The text pieces, joined, are ``text[start:end]`` exactly.
    """
    opens: dict[int, list[_Span]] = defaultdict(list)
    for s in spans:
        a, b = max(s.start, start), min(s.end, end)
        if a < b:
            opens[a].append(s if (a, b) == (s.start, s.end) else
                            _Span(a, b, s.rank, s.cls, s.attrs, s.id, s.tag))
    at: dict[int, list[_Point]] = defaultdict(list)
    for p in points:
        at[min(max(p.pos, start), end)].append(p)
    ends = {s.end for lst in opens.values() for s in lst}
    out: list[Piece] = []
    stack: list[_Span] = []
    pos = start
    for b in sorted(set(opens) | set(at) | ends | {end}):
        if b > pos:
            out.append(Piece("text", text[pos:b]))
            pos = b
        if any(s.end == b for s in stack):
            i = next(k for k, s in enumerate(stack) if s.end == b)
            out.extend(s.close() for s in reversed(stack[i:]))
            survivors = [s for s in stack[i:] if s.end > b]
            del stack[i:]
            for s in survivors:
                out.append(s.open(first=False))
                stack.append(s)
        for p in sorted(at.get(b, ()), key=lambda p: p.order):
            out.extend(p.pieces())
        for s in sorted(opens.get(b, ()), key=lambda s: (-s.end, s.rank)):
            out.append(s.open(first=True))
            stack.append(s)
    out.extend(s.close() for s in reversed(stack))
    return out


# ----------------------------------------------------------------------------- tooltips

def _rule_lines(row: Mapping[str, Any], *names: tuple[str, str]) -> list[str]:
    """"label: value" for each provenance column present and non-empty (older tables have
    none of them: then nothing is shown)."""
    return [f"{label}: {_str(row.get(col))}" for col, label in names if _str(row.get(col))]


def figure_tip(f: Mapping[str, Any]) -> str:
    """The hover text of a figure: what was read, and the rule that gave it its metric."""
    value = _num(f.get("value"))
    if _str(f.get("approx")) in ("True", "true", "1"):
        value += " (约 approx)"
    bound = _str(f.get("bound"))
    if bound:
        value += {"min": " (下限 at least)", "max": " (上限 at most)"}.get(bound, f" ({bound})")
    lines = [
        f"数字 figure: {_str(f.get('text'))}",
        f"值 value: {value}",
        f"上限值 value_max: {_num(f.get('value_max'))}",
        f"单位 unit: {_str(f.get('unit')) or '—'}",
        f"对象 subject: {_str(f.get('subject')) or '—'}",
        f"动作 action: {_str(f.get('action')) or '—'}",
        f"指标 metric: {_str(f.get('metric')) or '—'}",
    ]
    lines += _rule_lines(f, ("metric_rule", "指标规则 metric rule"), ("per", "每 per"),
                         ("direction", "增减 direction"))
    if _str(f.get("section")):
        lines.append(f"章节 section: {_str(f.get('section'))}")
    return "\n".join(lines)


def blank_tip(b: Mapping[str, Any]) -> str:
    """The hover text of a blank: its kind, and the rule that proposed it."""
    kind = _str(b.get("kind"))
    zh, en = BLANK_KINDS.get(kind, (kind, kind))
    lines = [f"空缺 blank: {zh} / {en} ({kind})"]
    if _str(b.get("token")):
        lines.append(f"原文 token: {_str(b.get('token'))}")
    if _str(b.get("unit")):
        lines.append(f"单位 unit: {_str(b.get('unit'))}")
    if _str(b.get("metric")):
        lines.append(f"指标 metric: {_str(b.get('metric'))}")
    lines += _rule_lines(b, ("rule", "规则 rule"), ("metric_rule", "指标规则 metric rule"))
    return "\n".join(lines)


def finding_tip(f: Mapping[str, Any]) -> str:
    return (f"{_str(f.get('severity'))} · {_str(f.get('check'))}\n{_str(f.get('message_zh'))}\n"
            f"{_str(f.get('message_en'))}")


def _heading_end(text: str, start: int, limit: int, heading_text: str) -> int:
    """Where the heading ends in the text as loaded: its length in the normalised text, but
    never past a line break or the end of its section."""
    stop = min(start + max(len(heading_text), 1), limit, len(text))
    nl = text.find("\n", start, stop)
    return nl if nl > start else stop


# ----------------------------------------------------------------------------- views

@dataclass
class _Page:
    """The rows of one report, grouped (the input of a :class:`ReportView`)."""

    source: str
    report: int
    row: dict[str, Any]
    name: str
    figures: list[dict[str, Any]] = field(default_factory=list)
    blanks: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)

    def severity_counts(self) -> dict[str, int]:
        counts = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            sev = _str(f.get("severity"))
            counts[sev] = counts.get(sev, 0) + 1
        return counts


@dataclass(frozen=True)
class Header:
    """Title, unit, year and completeness of a report, shown on its page and in the index."""

    title: str           # "" when the report has none
    kind: str
    unit: str
    unit_placeholder: bool
    year: int | None
    year_placeholder: bool
    date: str
    period: str
    completeness: str    # "40%", "" when unknown
    bar_width: str       # "40%": the CSS width of the completeness bar

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> "Header":
        placeholders = _str(row.get("placeholders"))
        c = _v(row.get("completeness"))
        pct = None if c is None else max(0.0, min(1.0, float(c)))
        return cls(title=_str(row.get("title")), kind=kind_label(_str(row.get("kind"))),
                   unit=_str(row.get("unit_name")), unit_placeholder="unit_name" in placeholders,
                   year=_int(row.get("year")), year_placeholder="year" in placeholders,
                   date=_str(row.get("date")), period=_str(row.get("period")),
                   completeness="" if pct is None else f"{pct:.0%}",
                   bar_width="" if pct is None else f"{pct * 100:.0f}%")


@dataclass(frozen=True)
class OutlineEntry:
    section_id: int
    level: int            # 1..5
    token: str
    title: str
    numbering: str        # the numbering findings at this heading, one per line ("" if none)
    flagged: bool         # a numbering finding is there (its message may be empty)
    errors: int           # errors and warnings inside the section


@dataclass(frozen=True)
class FindingItem:
    number: int           # anchors f-N (in the text) and fi-N (in the list)
    severity: str
    severity_label: str
    css: str              # the severity as a class name
    where: str            # "@123 · 一、基本情况"
    check: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class PageLink:
    href: str             # URL-quoted file name
    title: str


@dataclass(frozen=True)
class ReportView:
    """Everything a report page shows (rendered by ``templates/review_report.html``)."""

    source: str
    report: int
    reports_in_source: int
    header: Header
    figures: int
    blanks: int
    counts: dict[str, int]
    outline: list[OutlineEntry]
    findings: list[FindingItem]
    text: list[Piece]
    prev: PageLink | None
    next: PageLink | None

    @property
    def title(self) -> str:
        return self.header.title or "(无标题 untitled)"


@dataclass(frozen=True)
class IndexRow:
    source: str
    rowspan: int          # rows of this file: the file cell spans them on its first row, else 0
    failed: bool = False  # a file that could not be read (one row, with the reason)
    reason: str = ""
    report: int = 0
    href: str = ""
    header: Header | None = None
    figures: int = 0
    blanks: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexView:
    """The batch overview (rendered by ``templates/review_index.html``)."""

    summary: str
    rows: list[IndexRow]


def _report_view(page: _Page, text: str, n_in_source: int, prev: _Page | None,
                 nxt: _Page | None) -> ReportView:
    rs, re_ = _int(page.row.get("start")) or 0, _int(page.row.get("end"))
    re_ = len(text) if re_ is None else min(re_, len(text))
    spans: list[_Span] = []
    points: list[_Point] = []

    numbering_at: dict[int, list[str]] = defaultdict(list)
    for f in page.findings:
        if _str(f.get("check")).startswith("numbering_"):
            numbering_at[_int(f.get("start")) or 0].append(_str(f.get("message_zh")))

    # where the errors and warnings start, sorted once: each section counts those inside it by
    # bisection (a scan of every finding per section was quadratic on a long report)
    serious = sorted(_int(f.get("start")) or -1 for f in page.findings
                     if _str(f.get("severity")) in ("error", "warning"))
    outline: list[OutlineEntry] = []
    for sec in page.sections:
        sid, s0 = _int(sec.get("section_id")), _int(sec.get("start"))
        if sid is None or s0 is None:
            continue
        level = min(_int(sec.get("level")) or 1, 5)
        s1 = _int(sec.get("end")) or re_
        points.append(_Point(s0, ORDER_SECTION, "a", (("class", "anchor"), ("id", f"s-{sid}"))))
        h_end = _heading_end(text, s0, min(s1, re_), _str(sec.get("heading_text")))
        spans.append(_Span(s0, h_end, RANK_HEADING, f"heading lv-{level}",
                           (("data-path", _str(sec.get("path"))),)))
        inside = bisect_left(serious, s1) - bisect_left(serious, s0)
        warn = numbering_at.get(s0)
        outline.append(OutlineEntry(sid, level, _str(sec.get("token")), _str(sec.get("title")),
                                    "\n".join(warn or ()), bool(warn), inside))

    for i, f in enumerate(page.figures, 1):
        s0, s1 = _int(f.get("start")), _int(f.get("end"))
        if s0 is None or s1 is None or s1 <= s0:
            continue
        attrs = (("title", figure_tip(f)), ("data-metric", _str(f.get("metric"))),
                 ("data-value", _num(f.get("value"))), ("data-unit", _str(f.get("unit"))))
        if _str(f.get("metric_rule")):
            attrs += (("data-rule", _str(f.get("metric_rule"))),)
        spans.append(_Span(s0, s1, RANK_FIGURE, "fig", attrs, id=f"g-{i}"))

    # a finding about a blank (blank_placeholder …) is shown by the blank itself: its message
    # goes into the blank's tooltip and its anchor stays invisible, so the text is not
    # dotted with a marker before every blank
    blank_spans = {(_int(b.get("start")), _int(b.get("end"))) for b in page.blanks}
    about_blank: dict[tuple[int | None, int | None], list[str]] = defaultdict(list)
    for f in page.findings:
        key = (_int(f.get("start")), _int(f.get("end")))
        if key in blank_spans and _str(f.get("check")).startswith("blank_"):
            about_blank[key].append(f"{_str(f.get('severity'))} · {_str(f.get('check'))}")

    for i, b in enumerate(page.blanks, 1):
        s0, s1 = _int(b.get("start")), _int(b.get("end"))
        if s0 is None:
            continue
        s1 = s0 if s1 is None else s1
        kind = _str(b.get("kind")) or "blank"
        tip = "\n".join([blank_tip(b)] + about_blank.get((s0, s1), []))
        attrs = (("title", tip), ("data-kind", kind), ("data-span", f"{s0}-{s1}"))
        if _str(b.get("rule")):
            attrs += (("data-rule", _str(b.get("rule"))),)
        cls = f"blank k-{_css_word(kind)}"
        if s1 > s0:
            spans.append(_Span(s0, s1, RANK_BLANK, cls, attrs, id=f"b-{i}"))
        else:
            hint = _str(b.get("unit")) if kind == "missing_unit" else ""
            points.append(_Point(s0, ORDER_BLANK, "span",
                                 (("class", f"{cls} empty"), ("id", f"b-{i}"), ("role", "mark"))
                                 + attrs + (("data-hint", hint),)))

    items: list[FindingItem] = []
    for i, f in enumerate(page.findings, 1):
        s0 = _int(f.get("start"))
        s0 = rs if s0 is None else min(max(s0, rs), re_)
        s1 = _int(f.get("end")) or s0
        sev = _str(f.get("severity")) or "info"
        sev_cls = _css_word(sev)
        tip = finding_tip(f)
        quiet = (_int(f.get("start")), _int(f.get("end"))) in about_blank \
            and _str(f.get("check")).startswith("blank_")
        points.append(_Point(s0, ORDER_FINDING, "a", (
            ("class", f"fmark sev-{sev_cls}{' quiet' if quiet else ''}"), ("id", f"f-{i}"),
            ("href", f"#fi-{i}"), ("title", tip))))
        if s1 > s0 and not quiet:
            spans.append(_Span(s0, s1, RANK_FINDING, f"finding sev-{sev_cls}", (("title", tip),)))
        section = _str(f.get("section"))
        items.append(FindingItem(i, sev, SEVERITIES.get(sev, ""), sev_cls,
                                 f"@{s0}" + (f" · {section}" if section else ""),
                                 _str(f.get("check")), _str(f.get("message_zh")),
                                 _str(f.get("message_en"))))

    def link(p: _Page | None) -> PageLink | None:
        return None if p is None else PageLink(quote(p.name), _str(p.row.get("title")))

    return ReportView(source=page.source, report=page.report, reports_in_source=n_in_source,
                      header=Header.of(page.row), figures=len(page.figures),
                      blanks=len(page.blanks), counts=page.severity_counts(), outline=outline,
                      findings=items, text=text_pieces(text, rs, re_, spans, points),
                      prev=link(prev), next=link(nxt))


def _index_view(pages: list[_Page], files: list[dict[str, Any]]) -> IndexView:
    by_source: dict[str, list[_Page]] = defaultdict(list)
    for p in pages:
        by_source[p.source].append(p)
    order = [_str(f.get("source")) for f in files]
    order += [s for s in by_source if s not in order]
    file_rows = {_str(f.get("source")): f for f in files}
    totals = {"figures": 0, "blanks": 0, **{s: 0 for s in SEVERITIES}}
    rows: list[IndexRow] = []
    for src in order:
        f = file_rows.get(src, {})
        if _str(f.get("status")) == "failed":
            rows.append(IndexRow(src, 1, failed=True, reason=_str(f.get("reason"))))
            continue
        group = by_source.get(src, [])
        for k, p in enumerate(group):
            counts = p.severity_counts()
            totals["figures"] += len(p.figures)
            totals["blanks"] += len(p.blanks)
            for s in SEVERITIES:
                totals[s] += counts.get(s, 0)
            rows.append(IndexRow(src, len(group) if k == 0 else 0, False, "", p.report, quote(p.name),
                                 Header.of(p.row), len(p.figures), len(p.blanks), counts))
    n_failed = sum(1 for f in files if _str(f.get("status")) == "failed")
    summary = (f"文件 files: {len(order)}" + (f" (无法读取 unreadable {n_failed})" if n_failed else "")
               + f" · 报告 reports: {len(pages)} · 数字 figures: {totals['figures']}"
               + f" · 空缺 blanks: {totals['blanks']} · 审核发现 findings: "
               + ", ".join(f"{totals[s]} {s}" for s in SEVERITIES))
    return IndexView(summary, rows)


def _safe_name(source: str, report: int, used: set[str]) -> str:
    stem = Path(source.replace("\\", "/")).stem or "report"
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._")[:60] or "report"
    name = f"{stem}-{report}.html"
    k = 2
    while name.lower() in used or name.lower() == "index.html":
        name = f"{stem}-{report}~{k}.html"
        k += 1
    used.add(name.lower())
    return name


def _group(rows: list[dict[str, Any]]) -> dict[tuple[str, int | None], list[dict[str, Any]]]:
    out: dict[tuple[str, int | None], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[(_str(r.get("source")), _int(r.get("report")))].append(r)
    for lst in out.values():
        lst.sort(key=lambda r: (_int(r.get("start")) or 0, _int(r.get("end")) or 0))
    return out


def build_views(tables: Mapping[str, list[dict[str, Any]]], texts: Mapping[str, str]
                ) -> tuple[IndexView, Iterator[tuple[str, ReportView]]]:
    """The index and, in the order of the ``reports`` rows, ``(file name, view)`` of every
    report page, from the rows of a result's tables (``figures``, ``blanks``, ``findings``,
    ``sections``, ``reports``, ``files``). Report views are made one at a time as the
    iterator is read, so a large batch never holds every page in memory.

    Raises ``KeyError`` naming the source when a report's text is missing from ``texts``.
    """
    figures, blanks = _group(tables["figures"]), _group(tables["blanks"])
    findings, sections = _group(tables["findings"]), _group(tables["sections"])
    used: set[str] = set()
    pages: list[_Page] = []
    for row in tables["reports"]:
        src, num = _str(row.get("source")), _int(row.get("report")) or 1
        if src not in texts:
            raise KeyError(f"no text for source {src!r} / 缺少该来源的文本 (texts must map every "
                           f"source of the result to its text as loaded)")
        key = (src, num)
        pages.append(_Page(src, num, dict(row), _safe_name(src, num, used), figures.get(key, []),
                           blanks.get(key, []), findings.get(key, []), sections.get(key, [])))
    n_in_source: dict[str, int] = defaultdict(int)
    for p in pages:
        n_in_source[p.source] += 1
    views = ((p.name, _report_view(p, texts[p.source], n_in_source[p.source],
                                   pages[i - 1] if i else None,
                                   pages[i + 1] if i + 1 < len(pages) else None))
             for i, p in enumerate(pages))
    return _index_view(pages, list(tables["files"])), views
