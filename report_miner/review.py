"""The review page: what was mined, shown on the report's own text, as static HTML.

Auditors would rather look than read tables. :func:`render_review` writes, for every report of
a :class:`~report_miner.tables.MineResult`, one self-contained HTML page (inline CSS and a few
lines of inline JS, no external resources, opens offline from a USB stick or a mail
attachment) plus ``index.html`` listing the batch:

- the report's text, ``text[start:end]`` of its source exactly as loaded (line breaks kept,
  every character escaped: a report containing ``<script>`` shows it as text);
- its outline as a sticky side navigation, each entry a link to an anchor placed at the
  heading's start offset;
- figures underlined, with value, value_max, unit, subject, action and metric on hover;
- blanks highlighted, one colour per kind; a blank of zero width (辖⟨⟩村) is an empty marker
  element that CSS draws as ⟨ ⟩, so copying the text still copies the text as submitted;
- findings listed in a side panel, coloured by severity, each linked to an anchor at its
  start offset in the text (and back).

The text is walked once with all spans sorted by offset. Spans nest by kind (headings outside
findings outside figures outside blanks); a span that overlaps another without nesting is
closed and reopened around the boundary, so the HTML is always well nested, the first piece
keeps the ``id`` and the class (``blank``, ``fig`` …) and later pieces get ``…-cont``.

>>> highlight("辖村,<b>", 0, 6, [_Span(0, 6, _RANK_FINDING, "finding"),
...                                _Span(3, 6, _RANK_FIGURE, "fig")],
...           [_Point(1, _ORDER_BLANK, '<span class="blank empty"></span>')])
'<span class="finding">辖<span class="blank empty"></span>村,<span class="fig">&lt;b&gt;</span></span>'

``review_paths`` mines files and folders and renders them in one call; the command line is
``report-miner review PATH... -o DIR`` (:mod:`report_miner.cli_review`).
"""
from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import quote

from .tables import MineResult

__all__ = ["render_review", "review_paths", "mine_for_review", "highlight", "BLANK_KINDS", "SEVERITIES"]

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
_RANK_HEADING, _RANK_FINDING, _RANK_FIGURE, _RANK_BLANK = 0, 1, 2, 3
# order of zero-width elements at one offset: section anchors, finding anchors, empty blanks
_ORDER_SECTION, _ORDER_FINDING, _ORDER_BLANK = 0, 1, 2


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
    """A figure value for people: 17364, 214000, 0.5 (no exponent, no trailing zeros)."""
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


def _e(s: Any) -> str:
    """Escape for text and for attribute values (quotes included)."""
    return escape(_str(s), quote=True)


# ----------------------------------------------------------------------------- spans

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

    def open(self, first: bool) -> str:
        classes = self.cls if first else _cont_classes(self.cls)
        parts = [f'<{self.tag} class="{_e(classes)}"']
        if first and self.id:
            parts.append(f' id="{_e(self.id)}"')
        for k, v in self.attrs:
            parts.append(f' {k}="{_e(v)}"')
        return "".join(parts) + ">"

    def close(self) -> str:
        return f"</{self.tag}>"


@dataclass(frozen=True)
class _Point:
    """A zero-width element at ``pos`` (anchor, empty blank); ``markup`` holds no report text
    except in escaped attribute values."""

    pos: int
    order: int
    markup: str


def _cont_classes(cls: str) -> str:
    # the first class names the kind (blank, fig, finding, heading); later pieces say "-cont"
    # so that counting ".blank" counts blanks, not pieces
    head, _, rest = cls.partition(" ")
    return f"{head}-cont {rest}".strip()


def highlight(text: str, start: int, end: int, spans: Iterable[_Span],
              points: Iterable[_Point] = ()) -> str:
    """HTML of ``text[start:end]`` with ``spans`` wrapped and ``points`` inserted.

    One pass over the sorted boundaries. At each offset: spans ending there are closed (any
    span opened inside them and still running is closed first and reopened after), then the
    zero-width points are written, then the spans starting there are opened, outer ones (the
    longest, then by rank) first. Every piece of text goes through :func:`html.escape`.
    Spans are clipped to ``[start, end]``; empty ones are dropped.
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
    out: list[str] = []
    stack: list[_Span] = []
    pos = start
    for b in sorted(set(opens) | set(at) | ends | {end}):
        if b > pos:
            out.append(escape(text[pos:b], quote=True))
            pos = b
        if any(s.end == b for s in stack):
            i = next(k for k, s in enumerate(stack) if s.end == b)
            out.extend(s.close() for s in reversed(stack[i:]))
            survivors = [s for s in stack[i:] if s.end > b]
            del stack[i:]
            for s in survivors:
                out.append(s.open(first=False))
                stack.append(s)
        out.extend(p.markup for p in sorted(at.get(b, ()), key=lambda p: p.order))
        for s in sorted(opens.get(b, ()), key=lambda s: (-s.end, s.rank)):
            out.append(s.open(first=True))
            stack.append(s)
    out.extend(s.close() for s in reversed(stack))
    return "".join(out)


# ----------------------------------------------------------------------------- per report

@dataclass
class _Page:
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


def _figure_tip(f: Mapping[str, Any]) -> str:
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
    if _str(f.get("section")):
        lines.append(f"章节 section: {_str(f.get('section'))}")
    return "\n".join(lines)


def _blank_tip(b: Mapping[str, Any]) -> str:
    kind = _str(b.get("kind"))
    zh, en = BLANK_KINDS.get(kind, (kind, kind))
    lines = [f"空缺 blank: {zh} / {en} ({kind})"]
    if _str(b.get("token")):
        lines.append(f"原文 token: {_str(b.get('token'))}")
    if _str(b.get("unit")):
        lines.append(f"单位 unit: {_str(b.get('unit'))}")
    if _str(b.get("metric")):
        lines.append(f"指标 metric: {_str(b.get('metric'))}")
    return "\n".join(lines)


def _finding_tip(f: Mapping[str, Any]) -> str:
    return (f"{_str(f.get('severity'))} · {_str(f.get('check'))}\n{_str(f.get('message_zh'))}\n"
            f"{_str(f.get('message_en'))}")


def _heading_end(text: str, start: int, limit: int, heading_text: str) -> int:
    """Where the heading ends in the text as loaded: its length in the normalised text, but
    never past a line break or the end of its section."""
    stop = min(start + max(len(heading_text), 1), limit, len(text))
    nl = text.find("\n", start, stop)
    return nl if nl > start else stop


def _report_html(page: _Page, text: str) -> tuple[str, str, str]:
    """(text HTML, outline HTML, findings HTML) of one report."""
    rs, re_ = _int(page.row.get("start")) or 0, _int(page.row.get("end"))
    re_ = len(text) if re_ is None else min(re_, len(text))
    spans: list[_Span] = []
    points: list[_Point] = []

    numbering_at: dict[int, list[str]] = defaultdict(list)
    for f in page.findings:
        if _str(f.get("check")).startswith("numbering_"):
            numbering_at[_int(f.get("start")) or 0].append(_str(f.get("message_zh")))

    nav: list[str] = []
    for sec in page.sections:
        sid, s0 = _int(sec.get("section_id")), _int(sec.get("start"))
        if sid is None or s0 is None:
            continue
        level = _int(sec.get("level")) or 1
        s1 = _int(sec.get("end")) or re_
        points.append(_Point(s0, _ORDER_SECTION, f'<a class="anchor" id="s-{sid}"></a>'))
        h_end = _heading_end(text, s0, min(s1, re_), _str(sec.get("heading_text")))
        spans.append(_Span(s0, h_end, _RANK_HEADING, f"heading lv-{min(level, 5)}",
                           (("data-path", _str(sec.get("path"))),)))
        inside = sum(1 for f in page.findings
                     if s0 <= (_int(f.get("start")) or -1) < s1
                     and _str(f.get("severity")) in ("error", "warning"))
        warn = numbering_at.get(s0)
        warn_attr = f' title="{_e(chr(10).join(warn))}"' if warn else ""
        nav.append(
            f'<li class="lv-{min(level, 5)}{" numbering" if warn else ""}">'
            f'<a href="#s-{sid}"{warn_attr}>'
            f'<span class="tok">{_e(sec.get("token"))}</span>{_e(sec.get("title"))}</a>'
            + (f'<span class="cnt" title="{inside} 条错误/警告 errors/warnings">{inside}</span>'
               if inside else "")
            + "</li>")

    for i, f in enumerate(page.figures, 1):
        s0, s1 = _int(f.get("start")), _int(f.get("end"))
        if s0 is None or s1 is None or s1 <= s0:
            continue
        spans.append(_Span(s0, s1, _RANK_FIGURE, "fig", (
            ("title", _figure_tip(f)), ("data-metric", _str(f.get("metric"))),
            ("data-value", _num(f.get("value"))), ("data-unit", _str(f.get("unit"))),
        ), id=f"g-{i}"))

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
        tip = "\n".join([_blank_tip(b)] + about_blank.get((s0, s1), []))
        attrs = (("title", tip), ("data-kind", kind), ("data-span", f"{s0}-{s1}"))
        cls = f"blank k-{re.sub(r'[^A-Za-z0-9_-]', '_', kind)}"
        if s1 > s0:
            spans.append(_Span(s0, s1, _RANK_BLANK, cls, attrs, id=f"b-{i}"))
        else:
            hint = _str(b.get("unit")) if kind == "missing_unit" else ""
            extra = "".join(f' {k}="{_e(v)}"' for k, v in attrs + (("data-hint", hint),))
            points.append(_Point(s0, _ORDER_BLANK, f'<span class="{cls} empty" id="b-{i}"'
                                                   f' role="mark"{extra}></span>'))

    items: list[str] = []
    for i, f in enumerate(page.findings, 1):
        s0 = _int(f.get("start"))
        s0 = rs if s0 is None else min(max(s0, rs), re_)
        s1 = _int(f.get("end")) or s0
        sev = _str(f.get("severity")) or "info"
        sev_cls = re.sub(r"[^A-Za-z0-9_-]", "_", sev)
        tip = _finding_tip(f)
        quiet = (_int(f.get("start")), _int(f.get("end"))) in about_blank \
            and _str(f.get("check")).startswith("blank_")
        points.append(_Point(s0, _ORDER_FINDING,
                             f'<a class="fmark sev-{sev_cls}{" quiet" if quiet else ""}" id="f-{i}" '
                             f'href="#fi-{i}" title="{_e(tip)}"></a>'))
        if s1 > s0 and not quiet:
            spans.append(_Span(s0, s1, _RANK_FINDING, f"finding sev-{sev_cls}", (("title", tip),)))
        where = f"@{s0}" + (f" · {_e(f.get('section'))}" if _str(f.get("section")) else "")
        items.append(
            f'<li id="fi-{i}" class="sev-{sev_cls}"><a class="goto" href="#f-{i}">'
            f'<span class="sev">{_e(sev)} {_e(SEVERITIES.get(sev, ""))}</span>'
            f'<span class="where">{where}</span></a>'
            f'<code class="check">{_e(f.get("check"))}</code>'
            f'<p class="zh" lang="zh-CN">{_e(f.get("message_zh"))}</p>'
            f'<p class="en" lang="en">{_e(f.get("message_en"))}</p></li>')

    body = highlight(text, rs, re_, spans, points)
    outline = ("<ol class=\"toc\">" + "".join(nav) + "</ol>") if nav else \
        '<p class="none">未识别到标题 no headings found</p>'
    findings = ("<ol class=\"flist\">" + "".join(items) + "</ol>") if items else \
        '<p class="none">没有审核发现 no findings</p>'
    return body, outline, findings


# ----------------------------------------------------------------------------- assembly

_FONTS = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
          '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')

_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:%FONTS%;color:#1f2937;background:#f3f4f6;line-height:1.6;font-size:15px}
a{color:#1d4ed8}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:.85em}
.layout{display:grid;grid-template-columns:15rem minmax(0,1fr) 23rem;max-width:1680px;margin:0 auto}
nav.outline,aside.findings{position:sticky;top:0;height:100vh;overflow-y:auto;padding:1rem .9rem;
 background:#fff;font-size:.9rem}
nav.outline{border-right:1px solid #e5e7eb}
aside.findings{border-left:1px solid #e5e7eb}
nav h2,aside h2{font-size:.95rem;margin:.6rem 0 .5rem;color:#374151}
nav .back{display:inline-block;margin-bottom:.3rem;text-decoration:none}
.toc{list-style:none;margin:0;padding:0}
.toc li{display:flex;align-items:baseline;gap:.3rem;margin:.1rem 0}
.toc a{flex:1;text-decoration:none;color:#111827;padding:.15rem .35rem;border-radius:4px;min-width:0}
.toc a:hover,.toc a:focus{background:#eef2ff}
.toc .tok{color:#6b7280;margin-right:.15rem}
.toc .lv-2{padding-left:.9rem}.toc .lv-3{padding-left:1.8rem}.toc .lv-4{padding-left:2.6rem}
.toc .lv-5{padding-left:3.3rem}
.toc .lv-1 a{font-weight:600}
.toc .numbering>a{color:#b45309}
.toc .numbering>a::after{content:" ⚠"}
.toc .cnt{font-size:.72rem;background:#fee2e2;color:#991b1b;border-radius:9px;padding:0 .4rem}
.pager{display:flex;justify-content:space-between;gap:.5rem;margin-top:1rem;font-size:.85rem}
main{padding:1.2rem 1.6rem;min-width:0}
header.rep h1{font-size:1.35rem;margin:.2rem 0 .4rem;line-height:1.4}
.meta{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:0 0 .6rem;font-size:.88rem;color:#4b5563}
.meta dt{display:inline;color:#6b7280}.meta dd{display:inline;margin:0 0 0 .3rem;color:#111827}
.meta div{white-space:nowrap}
.ph{background:#f5d0fe;color:#86198f;border-radius:3px;padding:0 .3rem;font-size:.8em;margin-left:.3rem}
.bar{display:inline-block;width:5rem;height:.5rem;background:#e5e7eb;border-radius:3px;vertical-align:middle;
 overflow:hidden;margin-left:.3rem}
.bar i{display:block;height:100%;background:#16a34a}
.legend{display:flex;flex-wrap:wrap;gap:.4rem .9rem;font-size:.8rem;color:#4b5563;margin:.2rem 0 .8rem}
.legend span{white-space:nowrap}
.text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal;line-break:strict;background:#fff;
 border:1px solid #e5e7eb;border-radius:8px;padding:1.2rem 1.5rem;font-size:1.02rem;line-height:2;
 max-width:52em;margin:0}
.fig{border-bottom:2px solid #2563eb;cursor:help}
.fig-cont{border-bottom:2px solid #2563eb}
.fig:hover,.fig-cont:hover{background:#dbeafe}
.blank,.blank-cont{border-radius:3px;padding:0 .05em;cursor:help;box-shadow:0 0 0 1px var(--bc) inset;
 background:var(--bg)}
.k-missing_number{--bg:#fed7aa;--bc:#ea580c}
.k-placeholder{--bg:#f5d0fe;--bc:#c026d3}
.k-missing_unit{--bg:#fef08a;--bc:#ca8a04}
.k-missing_text{--bg:#a5f3fc;--bc:#0891b2}
.blank.empty{display:inline-block;min-width:1.3em;text-align:center;line-height:1.3;color:var(--bc);
 font-size:.85em;margin:0 .08em;vertical-align:.05em}
.blank.empty::before{content:"⟨" attr(data-hint) "⟩"}
.legend .blank{display:inline-block;min-width:1.3em;text-align:center}
.heading{font-weight:700;color:#0f172a;background:#f1f5f9;border-radius:3px}
.finding.sev-error,.finding-cont.sev-error{background:#fef2f2}
.finding.sev-warning,.finding-cont.sev-warning{background:#fffbeb}
.finding.sev-info,.finding-cont.sev-info{background:#f9fafb}
.fmark{text-decoration:none;font-size:.6em;vertical-align:super;line-height:0;margin:0 .05em}
.fmark::before{content:"●"}
.fmark.sev-error{color:#dc2626}.fmark.sev-warning{color:#d97706}.fmark.sev-info{color:#6b7280}
.anchor{scroll-margin-top:0}
.fmark.quiet::before{content:none}
.fmark:target{outline:2px solid currentColor;outline-offset:2px}
.fmark.quiet:target+.blank,.fmark.quiet:target+.fmark+.blank{outline:3px solid #2563eb;outline-offset:1px}
.anchor:target+.heading,.anchor:target+*+.heading{background:#fde68a}
.counts{font-size:.82rem;color:#4b5563;margin:0 0 .6rem}
.flist{list-style:none;margin:0;padding:0}
.flist li{border-left:4px solid var(--sc);background:#fafafa;border-radius:0 6px 6px 0;padding:.4rem .6rem;
 margin:0 0 .5rem}
.flist li:target{background:#fef9c3}
.flist .goto{display:flex;justify-content:space-between;gap:.5rem;text-decoration:none;font-size:.8rem}
.flist .sev{font-weight:700;color:var(--sc)}
.flist .where{color:#6b7280}
.flist .check{color:#374151}
.flist p{margin:.2rem 0 0;font-size:.85rem;overflow-wrap:anywhere}
.flist p.en{color:#6b7280;font-size:.8rem}
.sev-error{--sc:#dc2626}.sev-warning{--sc:#d97706}.sev-info{--sc:#6b7280}
.none{color:#6b7280;font-size:.85rem}
#rm-selftest{display:none}
@media (min-width:1181px){.text{margin-bottom:70vh}}
@media (max-width:1180px){.layout{grid-template-columns:14rem minmax(0,1fr)}
 aside.findings{grid-column:2;position:static;height:auto;border-left:0;border-top:1px solid #e5e7eb}}
@media (max-width:760px){.layout{display:block}
 nav.outline{position:static;height:auto;max-height:45vh;border-right:0;border-bottom:1px solid #e5e7eb}
 main{padding:.8rem}.text{padding:.8rem;font-size:1rem}}
@media print{
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 body{background:#fff;font-size:11pt}
 nav.outline,.pager,.fmark{display:none}
 .layout{display:block;max-width:none}
 main{padding:0}
 .text{border:0;padding:0;max-width:none;margin:0;line-height:1.8}
 aside.findings{position:static;height:auto;overflow:visible;border:0;padding:0;margin-top:1.5rem;
  break-before:page}
 .flist li{break-inside:avoid}
 a{color:inherit;text-decoration:none}
 @page{margin:15mm}
}
""".replace("%FONTS%", _FONTS)

_INDEX_CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:%FONTS%;color:#1f2937;background:#f3f4f6;line-height:1.5;font-size:15px}
main{max-width:1400px;margin:0 auto;padding:1.2rem 1.5rem}
h1{font-size:1.4rem;margin:.2rem 0 .3rem}
.summary{color:#4b5563;margin:0 0 1rem}
.wrap{overflow-x:auto;background:#fff;border:1px solid #e5e7eb;border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
th{background:#f9fafb;font-weight:600;position:sticky;top:0;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.src{color:#4b5563;overflow-wrap:anywhere;max-width:18rem;border-right:1px solid #e5e7eb}
td.nw{white-space:nowrap}
tr.failed td{background:#fef2f2;color:#991b1b}
.ph{background:#f5d0fe;color:#86198f;border-radius:3px;padding:0 .3rem;font-size:.8em;margin-left:.3rem}
.bar{display:inline-block;width:4rem;height:.5rem;background:#e5e7eb;border-radius:3px;vertical-align:middle;
 overflow:hidden;margin-left:.3rem}
.bar i{display:block;height:100%;background:#16a34a}
.sev-error{color:#dc2626;font-weight:600}.sev-warning{color:#d97706;font-weight:600}.sev-info{color:#6b7280}
.zero{color:#d1d5db;font-weight:400}
a{color:#1d4ed8}
@media print{body{background:#fff}.wrap{border:0}th{position:static}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
""".replace("%FONTS%", _FONTS)

# Runs only when the page is opened with ?rm-selftest[=ANCHOR]: measures what is rendered
# (blanks present and visible, a section link lands at the top of the viewport, no broken
# in-page links, no horizontal scrolling) and writes the facts as JSON into #rm-selftest, for
# tests that load the page in a headless browser and read the DOM back (--dump-dom).
_SELFTEST_JS = """
(function(){
var q=new URLSearchParams(location.search).get("rm-selftest");
if(q===null)return;
function all(s){return Array.prototype.slice.call(document.querySelectorAll(s));}
function shown(el){var r=el.getBoundingClientRect(),s=getComputedStyle(el);
 return r.width>0&&r.height>0&&s.visibility==="visible"&&s.display!=="none"&&parseFloat(s.opacity)>0;}
function painted(el){var c=getComputedStyle(el).backgroundColor;
 return !!c&&c!=="transparent"&&c!=="rgba(0, 0, 0, 0)";}
function run(){
 var blanks=all("#text .blank"),empty=all("#text .blank.empty");
 var broken=all('a[href^="#"]').map(function(a){return decodeURIComponent(a.getAttribute("href").slice(1));})
  .filter(function(id){return id&&!document.getElementById(id);});
 var toc=all("nav.outline a[href^='#s-']");
 var target=q||(toc.length?toc[Math.floor(toc.length/2)].getAttribute("href").slice(1):"");
 var before=window.scrollY;
 if(target)location.hash="#"+target;
 setTimeout(function(){
  var el=target?document.getElementById(target):null,r=el?el.getBoundingClientRect():null;
  var t=document.getElementById("text");
  var facts={blanks:blanks.length,visibleBlanks:blanks.filter(shown).length,
   highlightedBlanks:blanks.filter(painted).length,emptyBlanks:empty.length,
   visibleEmptyBlanks:empty.filter(shown).length,figures:all("#text .fig").length,
   findings:all("aside.findings li").length,sections:toc.length,brokenLinks:broken,
   scripts:document.scripts.length,textChars:t?t.textContent.length:0,
   target:target,targetFound:!!el,targetIsTarget:!!el&&el===document.querySelector(":target"),
   targetTop:r?r.top:null,scrollBefore:before,scrollY:window.scrollY,viewportWidth:innerWidth,
   viewportHeight:innerHeight,overflowX:document.documentElement.scrollWidth-innerWidth,
   hash:location.hash};
  document.getElementById("rm-selftest").textContent=JSON.stringify(facts);
 },100);
}
var done=false;function once(){if(!done){done=true;run();}}
window.addEventListener("load",function(){
 if(document.fonts&&document.fonts.ready)document.fonts.ready.then(once);
 setTimeout(once,1000);});
})();
"""


def _head(title: str, css: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="color-scheme" content="light">\n'
            '<meta name="generator" content="report_miner review">\n'
            f"<title>{_e(title)}</title>\n<style>{css}</style>\n</head>\n")


def _completeness(row: Mapping[str, Any]) -> str:
    c = _v(row.get("completeness"))
    if c is None:
        return "—"
    pct = max(0.0, min(1.0, float(c)))
    return f'{pct:.0%}<span class="bar" aria-hidden="true"><i style="width:{pct * 100:.0f}%"></i></span>'


def _unit_html(row: Mapping[str, Any]) -> str:
    unit = _str(row.get("unit_name"))
    if not unit:
        return "—"
    ph = "unit_name" in _str(row.get("placeholders"))
    return _e(unit) + ('<span class="ph" title="模板占位符 placeholder">占位符</span>' if ph else "")


def _year_html(row: Mapping[str, Any]) -> str:
    year, date = _int(row.get("year")), _str(row.get("date"))
    if year is None:
        return ('<span class="ph" title="年份是模板占位符 year is a placeholder">20xx</span>'
                if "year" in _str(row.get("placeholders")) else "—")
    return f'<span title="{_e(date)}">{year}</span>' if date else str(year)


def _report_page(page: _Page, text: str, n_in_source: int, prev: _Page | None,
                 nxt: _Page | None) -> str:
    row = page.row
    body, outline, findings = _report_html(page, text)
    title = _str(row.get("title")) or "(无标题 untitled)"
    counts = page.severity_counts()
    meta = [
        ("文件 file", _e(page.source)),
        ("报告 report", f"{page.report}/{n_in_source}"),
        ("类型 kind", _e(row.get("kind")) or "—"),
        ("单位 unit", _unit_html(row)),
        ("年份 year", _year_html(row)),
    ]
    if _str(row.get("date")):
        meta.append(("日期 date", _e(row.get("date"))))
    if _str(row.get("period")):
        meta.append(("期间 period", _e(row.get("period"))))
    meta.append(("完整度 completeness", _completeness(row)))
    meta.append(("数字 figures", str(len(page.figures))))
    meta.append(("空缺 blanks", str(len(page.blanks))))
    meta_html = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in meta)
    legend = ['<span><span class="fig">123人</span> 数字 figure (悬停查看 hover for details)</span>']
    for kind, (zh, en) in BLANK_KINDS.items():
        legend.append(f'<span><span class="blank-cont k-{kind}">&#x27E8; &#x27E9;</span> {zh} {en}</span>')
    legend.append('<span><span class="fmark sev-error"></span>审核发现 finding</span>')
    pager = '<div class="pager">'
    pager += (f'<a href="{quote(prev.name)}" title="{_e(prev.row.get("title"))}">← 上一篇 prev</a>'
              if prev else "<span></span>")
    pager += (f'<a href="{quote(nxt.name)}" title="{_e(nxt.row.get("title"))}">下一篇 next →</a>'
              if nxt else "<span></span>")
    pager += "</div>"
    count_line = " · ".join(f'<span class="sev-{s}">{counts.get(s, 0)} {s}</span>' for s in SEVERITIES)
    return (
        _head(f"{title} · {page.source} · 审阅 review", _CSS)
        + '<body>\n<div class="layout">\n'
        + '<nav class="outline" aria-label="目录 outline">'
        + '<a class="back" href="index.html">← 总览 index</a>'
        + f'<h2>目录 Outline</h2><p class="none"><a href="#top">↑ 报告开头 top</a></p>{outline}{pager}</nav>\n'
        + '<main>\n<header class="rep" id="top">'
        + f'<h1>{_e(title)}</h1><dl class="meta">{meta_html}</dl>'
        + f'<p class="legend">{"".join(legend)}</p></header>\n'
        + f'<article id="text" class="text" lang="zh-CN">{body}</article>\n</main>\n'
        + '<aside class="findings" aria-label="审核发现 findings">'
        + f'<h2>审核发现 Findings ({len(page.findings)})</h2><p class="counts">{count_line}</p>'
        + f"{findings}</aside>\n</div>\n"
        + '<pre id="rm-selftest"></pre>\n'
        + f"<script>{_SELFTEST_JS}</script>\n</body>\n</html>\n")


def _index_page(pages: list[_Page], files: list[dict[str, Any]]) -> str:
    rows = []
    by_source: dict[str, list[_Page]] = defaultdict(list)
    for p in pages:
        by_source[p.source].append(p)
    order = [_str(f.get("source")) for f in files]
    order += [s for s in by_source if s not in order]
    file_rows = {_str(f.get("source")): f for f in files}
    totals = {"figures": 0, "blanks": 0, **{s: 0 for s in SEVERITIES}}
    for src in order:
        f = file_rows.get(src, {})
        if _str(f.get("status")) == "failed":
            rows.append(f'<tr class="failed"><td class="src">{_e(src)}</td><td colspan="11">'
                        f'无法读取 unreadable: {_e(f.get("reason"))}</td></tr>')
            continue
        group = by_source.get(src, [])
        for k, p in enumerate(group):
            counts = p.severity_counts()
            totals["figures"] += len(p.figures)
            totals["blanks"] += len(p.blanks)
            for s in SEVERITIES:
                totals[s] += counts.get(s, 0)
            sev = "".join(f'<td class="n"><span class="{("sev-" + s) if counts.get(s) else "zero"}">'
                          f'{counts.get(s, 0)}</span></td>' for s in SEVERITIES)
            src_cell = (f'<td class="src" rowspan="{len(group)}">{_e(src)}</td>' if k == 0 else "")
            rows.append(
                f'<tr>{src_cell}<td class="n">{p.report}</td>'
                f'<td><a href="{quote(p.name)}">{_e(p.row.get("title")) or "(无标题 untitled)"}</a></td>'
                f'<td>{_e(p.row.get("kind")) or "—"}</td><td class="nw">{_unit_html(p.row)}</td>'
                f'<td class="nw">{_year_html(p.row)}</td><td class="n nw">{_completeness(p.row)}</td>'
                f'<td class="n">{len(p.figures)}</td><td class="n">{len(p.blanks)}</td>{sev}</tr>')
    n_failed = sum(1 for f in files if _str(f.get("status")) == "failed")
    summary = (f"文件 files: {len(order)}" + (f" (无法读取 unreadable {n_failed})" if n_failed else "")
               + f" · 报告 reports: {len(pages)} · 数字 figures: {totals['figures']}"
               + f" · 空缺 blanks: {totals['blanks']} · 审核发现 findings: "
               + ", ".join(f"{totals[s]} {s}" for s in SEVERITIES))
    head = ("<tr><th>文件 File</th><th class=\"n\">#</th><th>标题 Title</th><th>类型 Kind</th>"
            "<th>单位 Unit</th><th>年份 Year</th><th class=\"n\">完整度 Completeness</th>"
            "<th class=\"n\">数字 Figures</th><th class=\"n\">空缺 Blanks</th>"
            + "".join(f'<th class="n">{s}</th>' for s in SEVERITIES) + "</tr>")
    return (_head("审阅总览 review index · report_miner", _INDEX_CSS)
            + "<body>\n<main>\n<h1>审阅总览 Review index</h1>\n"
            + f'<p class="summary">{summary}</p>\n'
            + f'<div class="wrap"><table>\n<thead>{head}</thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody></table></div>\n</main>\n</body>\n</html>\n")


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


def render_review(result: MineResult, texts: Mapping[str, str], out_dir: str | os.PathLike
                  ) -> list[Path]:
    """Write the review pages of ``result`` into ``out_dir``; return their paths, ``index.html``
    first, then one page per report in the order of ``result.reports``.

    ``texts`` maps each ``source`` of the result to its text *as loaded* (the text the offsets
    refer to; :func:`report_miner.io.read_document` gives it for a file). Pages are named after
    the source file and report number (``河西镇-1.html``); existing files of those names are
    overwritten, nothing else in ``out_dir`` is touched.

    Raises ``KeyError`` naming the source when a report's text is missing from ``texts``.

    Example::

        res = mine_text(text, source="甲镇.txt")
        render_review(res, {"甲镇.txt": text}, "out/review")
        # [PosixPath('out/review/index.html'), PosixPath('out/review/甲镇-1.html')]
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figures, blanks = _group(result.rows("figures")), _group(result.rows("blanks"))
    findings, sections = _group(result.rows("findings")), _group(result.rows("sections"))
    used: set[str] = set()
    pages: list[_Page] = []
    for row in result.rows("reports"):
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
    written = []
    for i, p in enumerate(pages):
        html = _report_page(p, texts[p.source], n_in_source[p.source],
                            pages[i - 1] if i else None, pages[i + 1] if i + 1 < len(pages) else None)
        path = out / p.name
        path.write_text(html, encoding="utf-8")
        written.append(path)
    index = out / "index.html"
    index.write_text(_index_page(pages, result.rows("files")), encoding="utf-8")
    return [index] + written


def mine_for_review(paths: Iterable[str | os.PathLike] | str | os.PathLike,
                    rules_dir: str | os.PathLike | None = None, *,
                    suffixes: tuple[str, ...] | None = None) -> tuple[MineResult, dict[str, str]]:
    """Mine files and folders (:func:`report_miner.api.mine_paths`) and keep the text of every
    file mined, as it was read for mining: what :func:`render_review` needs."""
    from .api import DEFAULT_SUFFIXES, mine_paths

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    texts: dict[str, str] = {}
    res = mine_paths(list(paths), rules_dir=rules_dir, suffixes=suffixes or DEFAULT_SUFFIXES,
                     texts=texts)
    return res, texts


def review_paths(paths: Iterable[str | os.PathLike] | str | os.PathLike, out_dir: str | os.PathLike,
                 rules_dir: str | os.PathLike | None = None, *,
                 suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Mine files and folders and write their review pages: ``index.html`` first, then one
    page per report (see :func:`render_review`).

    ``suffixes`` are the file endings picked up in folders (default: every format
    :func:`report_miner.io.read_document` reads). Files that cannot be read are listed in
    ``index.html`` with the reason; the others are rendered.

    Example::

        review_paths(["corpora/"], "out/review")[0]   # PosixPath('out/review/index.html')
    """
    res, texts = mine_for_review(paths, rules_dir, suffixes=suffixes)
    return render_review(res, texts, out_dir)
