"""Audit: findings on mined reports, from the checks in ``rules/checks.yaml``.

Checks look at the figures, blanks and outline of each report:

- ``part_whole``: a part larger than its whole (已婚育龄妇女 35024人 vs 总人口 17364人);
- ``percent_range``: a percentage above 100 (growth rates excepted);
- ``plausible``: a figure beyond plausible bounds (a township of over 10 million people,
  一万亿亿人), or more of one thing than another can hold (more villages than people): the
  figure row stays, as written, and the finding says not to take it as a fact;
- ``breakdown``: the parts after 其中 add up to more than the total before it (or, with
  ``each``, one part alone is larger: 31250人,其中已婚育龄妇女41250人);
- ``approx_precise``: 多/余 after a non-round number (1823多人), likely a typo;
- ``rate_counts``: a rate that contradicts the two counts stated before it in the sentence
  (the base it names, 占出生总数的; never a change such as 比上年减少9人);
- ``change_counts``: a change (同比增长15%) that contradicts last year's and this year's
  figures stated before it in the sentence (上年为1亿元 … 1.2亿元: 20%);
- ``required_metric`` / ``expected_metrics``: what a report of its kind should state;
- ``blank``: every blank is also a finding;
- ``numbering``: heading numbers used twice, skipped, out of order, or changing style;
- ``table_total``: in a table of a .docx or .html file, a 合计/小计/总计 row or column that is
  not the sum of its parts (the cells are named: 表1 第5行“合计” × “户籍人口(人)”);
- ``table_pair``: in a table, a 实检 cell larger than its 应检 cell (pairs of words in params).

Each kind is one function registered with :func:`check_kind`, with a params dataclass:
:func:`validate_check` holds the records of ``rules/checks.yaml`` to it, so ``report-miner
rules check`` names an unknown kind or param instead of the check silently never running.

Each report also gets a completeness score: expected metrics stated, divided by expected metrics
plus blanks (a blank counts against the report however many metrics it states).
"""
from __future__ import annotations

import bisect
import dataclasses
import difflib
import itertools
import math
import operator
import re
import types
import typing
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import regex

from ..ruleset.load import BLANK_KINDS
from .context import MAX_SENTENCE, SENTENCE_BREAKS, _sentence_index
from .numerals import CN_DIGIT
from .prefilter import last_chars
from .structure import kind_label

if TYPE_CHECKING:  # pragma: no cover - ruleset calls validate_check: no import at run time
    from ..ruleset.load import RuleData

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


# ---------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Check:
    """One record of ``rules/checks.yaml`` with its params as the kind's typed dataclass."""

    id: str
    kind: str
    severity: str
    message_zh: str
    message_en: str
    params: Any


@dataclass(frozen=True)
class CheckKind:
    """A registered check kind: its name, its params dataclass and the function that runs it."""

    name: str
    params: type
    run: Callable[[Check, "_Audit"], None]


#: every check kind, by name, in the order they run (see :func:`check_kind`)
CHECK_KINDS: dict[str, CheckKind] = {}


def check_kind(name: str, params: type) -> Callable:
    """Register the function that runs the checks of kind ``name``.

    ``params`` is a dataclass: its fields are the params a check of this kind takes in
    ``rules/checks.yaml`` (a field without a default is required), with their types;
    :func:`validate_check` holds every check record to them. The function is called as
    ``fn(check, audit)`` once per check of the kind and reports findings with
    ``audit.emit(check, row, **fields)``.
    """
    def register(fn: Callable[[Check, "_Audit"], None]) -> Callable[[Check, "_Audit"], None]:
        CHECK_KINDS[name] = CheckKind(name, params, fn)
        return fn
    return register


def _regex(default: str | None = None) -> Any:
    """A params field holding a regular expression (validated when the rules are checked)."""
    return field(default=default, metadata={"regex": True})


def _choice(choices: tuple[str, ...]) -> Any:
    """A required params field that takes one of ``choices``."""
    return field(metadata={"choices": choices})


def _same_group(groups: list[list[str]], a: str, b: str) -> bool:
    """Whether units ``a`` and ``b`` may be compared: the same unit, or one group of
    ``groups`` holds both (人 and 名 do; 人 and 对, persons and couples, do not)."""
    return a == b or any(a in g and b in g for g in groups)


def validate_check(record: dict, kinds: dict[str, CheckKind] | None = None, *,
                   bilingual: bool = True) -> list[str]:
    """Every problem of one check record (a mapping from ``rules/checks.yaml``) against the
    registered kinds: an unknown ``kind``, an unknown or misspelt param, a missing required
    param, a param of the wrong type or a bad regex. Empty when the check is fine.

    The messages say what is wrong; the rule loader adds file, line and check id. ``kinds``
    is the registry to hold the record to (default :data:`CHECK_KINDS`; the archive checks
    of ``archive_checks`` have their own, :mod:`report_miner.analysis.archive_audit`).
    Each message is in English / 中文, as every message of the rule loader and ``report-miner
    rules check`` (one convention for Python callers and the command line); ``bilingual=False``
    gives the English half only (the problems a kind's params find themselves, such as a pair
    of three, are always both).

        >>> validate_check({"id": "x", "kind": "percent_rnage"})
        ["unknown check kind 'percent_rnage' (did you mean 'percent_range'?) / 未知的检查类型 'percent_rnage'(是否应为 'percent_range'?)"]
        >>> validate_check({"id": "x", "kind": "percent_range", "params": {"maxx": 100}}, bilingual=False)
        ["unknown param 'maxx' for kind 'percent_range' (did you mean 'max'?; allowed: max, not, not_clause)"]
    """
    kinds = CHECK_KINDS if kinds is None else kinds

    def say(en: str, zh: str) -> str:
        return f"{en} / {zh}" if bilingual else en

    kind = record.get("kind")
    spec = kinds.get(kind) if isinstance(kind, str) else None
    if spec is None:
        near = difflib.get_close_matches(str(kind), kinds, n=1)
        hint = f"did you mean '{near[0]}'?" if near else "known: " + ", ".join(kinds)
        hint_zh = f"是否应为 '{near[0]}'?" if near else "可用: " + ", ".join(kinds)
        return [say(f"unknown check kind '{kind}' ({hint})", f"未知的检查类型 '{kind}'({hint_zh})")]
    params = record.get("params")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        return [say(f"params must be a mapping, got {params!r}", "params 须为映射(键: 值)")]
    fields_ = {_yaml_name(f): f for f in dataclasses.fields(spec.params)}
    by_name = typing.get_type_hints(spec.params)
    hints = {key: by_name[f.name] for key, f in fields_.items()}
    problems = []
    for key, value in params.items():
        if key == "__line__":
            continue
        if key not in fields_:
            near = difflib.get_close_matches(key, fields_, n=1)
            allowed = ", ".join(fields_) or "none"
            hint = f"did you mean '{near[0]}'?; allowed: {allowed}" if near else f"allowed: {allowed}"
            hint_zh = (f"是否应为 '{near[0]}'?; " if near else "") + f"可用: {', '.join(fields_) or '无'}"
            problems.append(say(f"unknown param '{key}' for kind '{kind}' ({hint})",
                                f"检查类型 '{kind}' 没有参数 '{key}'({hint_zh})"))
            continue
        f = fields_[key]
        if not _has_type(value, hints[key]):
            problems.append(say(f"param '{key}' must be {_type_name(hints[key])}, got {value!r}",
                                f"参数 '{key}' 的类型不对(应为 {_type_name(hints[key])})"))
            continue
        if f.metadata.get("regex") and isinstance(value, str):
            try:
                regex.compile(value)
            except regex.error as exc:
                problems.append(say(f"param '{key}': bad regex: {exc}", f"参数 '{key}' 的正则表达式有误"))
        choices = f.metadata.get("choices")
        if choices and value not in choices:
            problems.append(say(f"param '{key}' must be one of {', '.join(choices)}, got {value!r}",
                                f"参数 '{key}' 须为以下之一: {', '.join(choices)}"))
    for name, f in fields_.items():
        if (name not in params and f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING):
            problems.append(say(f"missing param '{name}' (kind '{kind}' needs it)",
                                f"缺少参数 '{name}'(检查类型 '{kind}' 需要)"))
    if not problems and hasattr(spec.params, "problems"):
        problems += _make_params(spec.params, params).problems()
    return problems


def _has_type(value: Any, hint: Any) -> bool:
    """Whether a YAML value fits a params field's type (str, int, float, bool, list[...], X | None)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_has_type(value, a) for a in args)
    if hint is type(None):
        return value is None
    if origin is list:
        return isinstance(value, list) and all(_has_type(v, args[0]) for v in value)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def _type_name(hint: Any) -> str:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args)
    if origin is list:
        return f"a list of {_type_name(args[0])}"
    return {str: "text", float: "a number", int: "a whole number", bool: "true or false",
            type(None): "empty"}.get(hint, getattr(hint, "__name__", str(hint)))


def _yaml_name(f: dataclasses.Field) -> str:
    """The YAML key of a params field: its name without a trailing _ (``not_`` is ``not``)."""
    return f.name.rstrip("_")


def _make_params(cls: type, params: dict) -> Any:
    names = {_yaml_name(f): f.name for f in dataclasses.fields(cls)}
    return cls(**{names[k]: v for k, v in params.items() if k != "__line__"})


class Auditor:
    """Compiled checks (see :func:`get_auditor`)."""

    def __init__(self, rules: RuleData):
        self.checks = [Check(r.id, r.kind, r.severity, r.message_zh, r.message_en,
                             _make_params(CHECK_KINDS[r.kind].params, r.params or {}))
                       for r in rules.records("checks", "checks")]
        self.expected = {k: list(r.metrics) for r in rules.records("checks", "expected") for k in r.kinds}
        # per kind: the metrics of one subject, asked only of reports whose title names it or no
        # other subject (the record's topic_metrics, topic, other_topics)
        self.topic_rules: dict[str, tuple[set[str], Any, Any]] = {
            k: (set(r.topic_metrics), regex.compile(r.topic) if r.topic else None,
                regex.compile(r.other_topics) if r.other_topics else None)
            for r in rules.records("checks", "expected") for k in r.kinds}
        self.labels = {m.id: (m.label, m.id if m.label_en is None else m.label_en)
                       for m in rules.records("metrics", "metrics")}
        # report kinds in English messages (rules/structure.yaml, section kinds)
        self.kind_en = {k.kind: k.label_en for k in rules.records("structure", "kinds")}
        self._by_kind: dict[str, list[Check]] = defaultdict(list)
        for c in self.checks:
            self._by_kind[c.kind].append(c)
        self._memo: dict[tuple[str, int], tuple[Check, Any]] = {}

    def memo(self, check: Check, name: str, build: Callable[[], Any]) -> Any:
        """What ``build()`` returns for ``check`` (read off its params), built once per rule
        set instead of once per document."""
        got = self._memo.get((name, id(check)))
        if got is None or got[0] is not check:
            got = self._memo[(name, id(check))] = (check, build())
        return got[1]

    def by_kind(self, kind: str) -> list[Check]:
        return list(self._by_kind.get(kind, ()))

    def label(self, metric: str) -> tuple[str, str]:
        return self.labels.get(metric, (metric, metric))

    def expected_for(self, report_kind: str, title: str = "") -> list[str]:
        """The metrics a report of ``report_kind`` titled ``title`` is expected to state: its
        kind's ``metrics`` (section ``expected``), without the ``topic_metrics`` when the title
        names another subject (``other_topics``: 安全生产, 人居环境整治) and not theirs
        (``topic``: 计划生育); a title that names no subject (镇2022年工作总结) keeps them."""
        kind = report_kind if report_kind in self.expected else "报告"
        metrics = self.expected.get(kind, [])
        own, topic, others = self.topic_rules.get(kind, (set(), None, None))
        if own and about_other_subject(title, topic, others):
            return [m for m in metrics if m not in own]
        return metrics

    # ------------------------------------------------------------------ running

    def run(self, text: str, figs: list[dict], blanks: list[dict], reports: list[dict],
            sections: list[dict], cells: list[dict] | None = None,
            spans: dict[int, tuple[int, int]] | None = None,
            to_orig: Callable[[int, int], tuple[int, int]] | None = None,
            ) -> tuple[list[dict], dict[int, dict]]:
        """Findings (rows) and, per report number, its completeness columns.

        ``figs`` and ``blanks`` are table rows plus ``cstart`` (offset in the normalised
        ``text``); ``sections`` are outline rows. The checks run kind by kind, in the order
        the kinds are registered, each kind's checks in their order in the rules. ``cells``
        are rows of the ``cells`` table (a .docx or .html file's tables), for the table checks.
        ``spans`` gives each report's span in ``text`` and ``to_orig`` maps a span of ``text``
        to the text as loaded, for checks that read the text itself (``year_title``; without
        them, those find nothing).
        """
        audit = _Audit(self, text, figs, blanks, reports, sections)
        audit.cells = cells or []
        audit.spans, audit.to_orig = spans or {}, to_orig
        for name, spec in CHECK_KINDS.items():
            for c in self._by_kind.get(name, ()):
                spec.run(c, audit)
        completeness: dict[int, dict] = {}
        for rep in reports:
            r = rep["report"]
            expected = self.expected_for(rep["kind"], audit.subject_title(rep))
            stated = [m for m in expected if m in audit.stated(r)]
            nblank = audit.blank_count.get(r, 0)
            denom = len(expected) + nblank
            completeness[r] = dict(expected=len(expected), stated=len(stated), blank_count=nblank,
                                   completeness=round(len(stated) / denom, 3) if denom else 1.0)
        out = audit.out
        out.sort(key=lambda x: (x["report"], x["start"], -SEVERITY_RANK[x["severity"]]))
        return out, completeness


def _file_under(index: dict, report: int, metric: str, f: dict) -> None:
    """Add figure ``f`` to ``index[report][metric]`` (one lookup where the list is there
    already, instead of setdefault's new dict and list for every figure)."""
    per = index.get(report)
    if per is None:
        per = index[report] = {}
    rows = per.get(metric)
    if rows is None:
        per[metric] = [f]
    else:
        rows.append(f)


class _Audit:
    """What the checks of one run share: the text, the rows, the figures by report and
    metric, and :meth:`emit` that turns a check and a row into a finding."""

    def __init__(self, auditor: Auditor, text: str, figs: list[dict], blanks: list[dict],
                 reports: list[dict], sections: list[dict]):
        self.auditor, self.text, self.figs, self.blanks = auditor, text, figs, blanks
        self.reports, self.sections = reports, sections
        self.out: list[dict] = []
        self.by_metric: dict[int, dict[str, list[dict]]] = {}  # report -> metric -> its figures
        # the same without changes (减少100人, direction 减少/增加): what the checks that hold
        # one level against another compare
        self.levels_by_metric: dict[int, dict[str, list[dict]]] = {}
        for f in figs:
            _file_under(self.by_metric, f["report"], f["metric"], f)
            if not f.get("direction"):
                _file_under(self.levels_by_metric, f["report"], f["metric"], f)
        self.blank_count: dict[int, int] = defaultdict(int)  # per report
        self.blanks_by_kind: dict[str, list[dict]] = defaultdict(list)
        for b in blanks:
            self.blank_count[b["report"]] += 1
            self.blanks_by_kind[b["kind"]].append(b)
        self._numbering: dict | None = None
        self.cells: list[dict] = []
        self.spans: dict[int, tuple[int, int]] = {}  # report -> its span in text
        self.to_orig: Callable[[int, int], tuple[int, int]] | None = None
        # the text's sentence index (the one sentence_span reads): breaks found once
        self.sentences = _sentence_index(text)
        self._near: dict[str, dict[tuple[int, int], list[dict]]] = {}

    def by_sentence_near(self, marker: re.Pattern | regex.Pattern) -> dict[tuple[int, int], list[dict]]:
        """The figures whose sentence may hold a match of ``marker`` (:func:`_figures_near`),
        grouped by that sentence, in order; found once per marker (two checks read 其中)."""
        got = self._near.get(marker.pattern)
        if got is None:
            span = self.sentences.span
            got = defaultdict(list)
            for f in _figures_near(marker, self.text, self.figs, self.sentences.breaks):
                got[span(f["cstart"], f["cend"])].append(f)
            self._near[marker.pattern] = got
        return got

    def stated(self, report: int):
        """The metrics report number ``report`` states."""
        return self.by_metric.get(report, {}).keys()

    def subject_title(self, rep: dict) -> str:
        """What names a report's subject: its title, and the line right after it when that is
        a byline (a short line without punctuation: 石鼓镇民政办主任 张三, 青山镇卫生健康办公室)
        — a 述职 titled 2021年度个人述职报告 tells its subject there."""
        title = rep.get("title") or ""
        span = self.spans.get(rep["report"])
        if span is None:
            return title
        rs, re_ = span
        nl = self.text.find("\n", rs, re_)
        while nl >= 0 and nl + 1 < re_ and self.text[nl + 1] == "\n":
            nl += 1  # blank lines after the title
        if nl < 0:
            return title
        end = self.text.find("\n", nl + 1, re_)
        line = self.text[nl + 1:end if end >= 0 else re_].strip()
        if line and len(line) <= _BYLINE_MAX and not _BYLINE_NOT.search(line):
            return f"{title} {line}"
        return title

    def part_whole_pairs(self) -> set[tuple[str, str]]:
        """The (part, whole) metric pairs the ``part_whole`` checks compare (reported there)."""
        return {(pw[0], pw[1]) for c in self.auditor.by_kind("part_whole") for pw in c.params.pairs}

    def numbering_problems(self) -> dict[str, list[tuple[dict, dict]]]:
        if self._numbering is None:
            self._numbering = _numbering_problems(self.sections)
        return self._numbering

    def emit(self, check: Check, row: dict, **fields: Any) -> None:
        fields = _Fields(fields)
        self.out.append({"source": row["source"], "report": row["report"],
                         "section": row.get("section", ""), "start": row["start"], "end": row["end"],
                         "check": check.id, "severity": check.severity,
                         "message_zh": check.message_zh.format_map(fields),
                         "message_en": check.message_en.format_map(fields),
                         "context": row.get("context") or row.get("sentence") or row.get("heading_text", "")})


# ---------------------------------------------------------------------------- the check kinds
# Registered in the order they run (findings are sorted afterwards; the order only breaks ties).


@dataclass(frozen=True)
class PartWholeParams:
    """``pairs``: [part metric, whole metric] pairs; ``groups``: units that may be compared
    with each other (a part in 对, couples, is never held against a whole in 人)."""

    pairs: list[list[str]] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"param 'pairs': each pair is [part metric, whole metric], got {p!r} "
                f"/ 参数 pairs 的每一对应为 [部分指标, 整体指标]"
                for p in self.pairs if len(p) != 2]


@check_kind("part_whole", PartWholeParams)
def check_part_whole(c: Check, a: _Audit) -> None:
    """A part larger than its whole in one report (the whole is the report's first statement
    of it): 已婚育龄妇女 35024人 vs 总人口 17364人."""
    p: PartWholeParams = c.params
    for rep, metrics in a.levels_by_metric.items():
        for part_m, whole_m in p.pairs:
            wholes = metrics.get(whole_m)
            if not wholes:
                continue
            whole = wholes[0]
            for f in metrics.get(part_m, ()):
                if f["value"] > whole["value"] and (
                        not p.groups or _same_group(p.groups, f["unit"], whole["unit"])):
                    pl, ple = a.auditor.label(part_m)
                    wl, wle = a.auditor.label(whole_m)
                    a.emit(c, f, part_label=pl, part_label_en=ple, whole_label=wl,
                           whole_label_en=wle, part=f["text"], whole=whole["text"])


@dataclass(frozen=True)
class PercentRangeParams:
    """``max``: the highest plausible percentage; ``not``: sentences where more is fine
    (growth: 增长150%); ``not_clause``: words that make more fine when they stand in the
    percentage's own clause, before it (a share of a task or target: 完成任务的107%, 完成率103%)."""

    max: float = 100
    not_: str | None = _regex()
    not_clause: str | None = _regex()


@check_kind("percent_range", PercentRangeParams)
def check_percent_range(c: Check, a: _Audit) -> None:
    """A percentage above ``max`` (群众满意率达120%), growth rates and shares of a task excepted."""
    p: PercentRangeParams = c.params
    veto = _pattern(p.not_) if p.not_ else None
    veto_clause = _pattern(p.not_clause) if p.not_clause else None
    for f in a.figs:
        if f["unit"] == "%" and f["value"] > p.max:
            if veto and veto.search(f["sentence"]):
                continue
            if veto_clause:
                ss, _se = a.sentences.span(f["cstart"], f["cend"])
                if veto_clause.search(a.text, _clause_start(a.text, f["cstart"], ss), f["cstart"]):
                    continue
            a.emit(c, f, value=_num(f["value"]))


@dataclass(frozen=True)
class PlausibleParams:
    """``limits``: bounds a figure must keep, each a mapping with ``max`` and/or ``min`` and,
    to narrow it, ``metric`` (a metric id) and ``units`` (a list of units); the first limit
    that applies to a figure and is broken is reported (one finding per figure).
    ``fewer_than``: [metric a, metric b] pairs where a report's statement of a can never
    exceed its first statement of b (villages, people)."""

    limits: list[dict] = field(default_factory=list)
    fewer_than: list[list[str]] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = [f"param 'fewer_than': each pair is [metric, metric], got {p!r} "
               f"/ 参数 fewer_than 的每一对应为 [指标, 指标]"
               for p in self.fewer_than if len(p) != 2]
        for lim in self.limits:
            keys = set(lim) - {"__line__"}
            if keys - {"metric", "units", "max", "min"}:
                out.append(f"param 'limits': unknown key(s) {sorted(keys - {'metric', 'units', 'max', 'min'})} "
                           f"in {lim!r} (allowed: metric, units, max, min) "
                           f"/ 参数 limits 含未知的键(可用: metric, units, max, min)")
            if not keys & {"max", "min"}:
                out.append(f"param 'limits': {lim!r} needs max or min / 参数 limits 的每项须有 max 或 min")
            for k in ("max", "min"):
                if k in lim and (isinstance(lim[k], bool) or not isinstance(lim[k], (int, float))):
                    out.append(f"param 'limits': {k} must be a number, got {lim[k]!r} / 参数 limits 的 {k} 须为数字")
            if "units" in lim and not (isinstance(lim["units"], list)
                                       and all(isinstance(u, str) for u in lim["units"])):
                out.append(f"param 'limits': units must be a list of units, got {lim['units']!r} "
                           f"/ 参数 limits 的 units 须为单位列表")
            if "metric" in lim and not isinstance(lim["metric"], str):
                out.append(f"param 'limits': metric must be a metric id, got {lim['metric']!r} "
                           f"/ 参数 limits 的 metric 须为指标 id")
        return out


@check_kind("plausible", PlausibleParams)
def check_plausible(c: Check, a: _Audit) -> None:
    """A figure beyond the bounds of ``limits`` (总人口一万亿亿人), or a report whose figure of
    one metric exceeds its figure of another that must be larger (12个村 vs 总人口8人)."""
    p: PlausibleParams = c.params
    generic, by_metric, inside = a.auditor.memo(c, "limits", lambda: _limits_by_metric(p.limits))
    inside_any = inside.get(None)
    for f in a.figs:
        v = f.get("value")
        if v is None or v != v:
            continue
        lo, hi = inside.get(f["metric"], inside_any)
        if lo <= v <= hi:
            continue  # within every limit that could apply: none is broken
        for units, hi, lo in by_metric.get(f["metric"], generic):
            if units is not None and f["unit"] not in units:
                continue
            if (hi is not None and v > hi) or (lo is not None and v < lo):
                label, label_en = a.auditor.label(f["metric"]) if f["metric"] != "other" else ("", "")
                a.emit(c, f, text=f["text"], value=_big(v), label=label or f["unit"] or "数值",
                       label_en=label_en or f["unit"] or "value",
                       bound=(f"上限 {_big(hi)}" if hi is not None and v > hi else f"下限 {_big(lo)}"),
                       bound_en=(f"at most {_big(hi)}" if hi is not None and v > hi
                                 else f"at least {_big(lo)}"))
                break
    for rep, metrics in a.levels_by_metric.items():
        for small_m, big_m in p.fewer_than:
            bigs = metrics.get(big_m)
            if not bigs:
                continue
            big = bigs[0]
            for f in metrics.get(small_m, ()):
                if f["value"] > big["value"]:
                    sl, sle = a.auditor.label(small_m)
                    bl, ble = a.auditor.label(big_m)
                    a.emit(c, f, text=f["text"], label=sl, label_en=sle, other=big["text"],
                           other_label=bl, other_label_en=ble)


def _limits_by_metric(limits: list[dict]) -> tuple[list[tuple], dict[str, list[tuple]]]:
    """``plausible``'s limits as (units or None, max, min), in order: those of any metric,
    and per metric a limit names, those that apply to a figure of that metric; and per metric
    (None: any other) the range of values none of them can refuse (low, high)."""
    def read(lim: dict) -> tuple:
        return (frozenset(lim["units"]) if "units" in lim else None, lim.get("max"), lim.get("min"))

    def within(lims: list[tuple]) -> tuple[float, float]:
        # the values no limit of ``lims`` can refuse, whatever its units: above every min,
        # below every max
        return (max((lo for _u, _hi, lo in lims if lo is not None), default=-math.inf),
                min((hi for _u, hi, _lo in lims if hi is not None), default=math.inf))

    generic = [read(lim) for lim in limits if "metric" not in lim]
    by_metric = {m: [read(lim) for lim in limits if lim.get("metric", m) == m]
                 for m in {lim["metric"] for lim in limits if "metric" in lim}}
    inside: dict[str | None, tuple[float, float]] = {m: within(lims) for m, lims in by_metric.items()}
    inside[None] = within(generic)
    return generic, by_metric, inside


@dataclass(frozen=True)
class ApproxPreciseParams:
    """``qualifiers``: the approximation words; ``min_value``: smaller numbers are left alone."""

    qualifiers: str = field(metadata={"regex": True})
    min_value: float = 20


@check_kind("approx_precise", ApproxPreciseParams)
def check_approx_precise(c: Check, a: _Audit) -> None:
    """多/余 after a non-round number (1823多人), or after one written with two decimals or more
    (22.23余万元): the figure is probably mistyped."""
    p: ApproxPreciseParams = c.params
    qual = _pattern(p.qualifiers)
    for f in a.figs:
        v = f["value"]
        if not f["approx"] or v < p.min_value or not qual.search(f["text"]):
            continue
        dec = _TWO_DECIMALS.search(f["text"])
        # 22.23余万元 (the qualifier right after the decimals; 2.35万余亩 is a round 23500 and more)
        if ((float(v).is_integer() and int(v) % 10 != 0)
                or (dec is not None and qual.match(f["text"], dec.end()))):
            a.emit(c, f, text=f["text"])


@dataclass(frozen=True)
class BreakdownParams:
    """``marker``: the words that open the parts (其中); ``groups``: units that add up together
    (only parts in the total's group are summed); ``list_mark``: what separates the parts of
    one list (宣传册3200份、宣传单2500份: such parts add up whatever metric each got);
    ``each``: report each single part larger than the total instead (31250人,其中…41250人),
    where the parts do not add up or their sum is not already reported. ``complements``: words
    that split a whole into parts that never overlap (流出/流入, 男/女): parts whose clauses
    open with different words of one such set add up, whatever verb or metric each got
    (其中流出1066人,流入659人). ``dimensions``: sets of words that each name one way of
    counting the whole (sex: 男, 女; age: 岁, 老年 …): parts that name words of different
    dimensions only, and no dimension in common (其中男性300人,老年人600人; 其中女会员…、党员…),
    count it along different lines and may overlap, so they are never summed, even as one list
    (each may still exceed the total alone: ``each``). A part names the words found in its own
    stretch of text (from the end of the part before it, or the marker, to the next part or
    clause break); each set of ``complements`` is a dimension too. ``band_units``: units of a
    band's bound (岁, 周岁); a part whose own stretch holds one such figure open on one side (its
    ``bound``, or ``band_above`` / ``band_below`` right after it: 60岁以上, 18岁及以下) names an
    open band. Two parts naming open bands of one side with different bounds (其中60岁以上…,
    80岁以上…) contain one another, so the parts are not summed (each may still exceed the total
    alone); bands that do not overlap (60-69岁, 70-79岁, 80岁以上; 18岁以下, 60岁以上) still add up."""

    marker: str = field(metadata={"regex": True})
    groups: list[list[str]] = field(default_factory=list)
    list_mark: str | None = _regex()
    each: bool = False
    complements: list[list[str]] = field(default_factory=list)
    dimensions: list[list[str]] = field(default_factory=list)
    band_units: list[str] = field(default_factory=list)
    band_above: str | None = _regex()
    band_below: str | None = _regex()


@check_kind("breakdown", BreakdownParams)
def check_breakdown(c: Check, a: _Audit) -> None:
    """The parts after 其中 add up to more than the total before it."""
    p: BreakdownParams = c.params
    text = a.text
    marker = _pattern(p.marker)
    listed = _pattern(p.list_mark) if p.list_mark else None
    group_of = {u: i for i, g in enumerate(p.groups) for u in g}
    for (ss, se), rows in a.by_sentence_near(marker).items():
        for m in marker.finditer(text, ss, se):
            before = [f for f in rows if f["cend"] <= m.start()]
            after = [f for f in rows if f["cstart"] >= m.end()]
            if not before or not after:
                continue
            total = before[-1]
            if total.get("direction") and total["unit"] in ("%", "‰"):
                # 完成地区生产总值7.8亿元,同比增长4.9%,其中第一产业…: the parts are of the
                # level the growth rate is of
                total = next((f for f in reversed(before[:-1]) if not f.get("direction")
                              and f["unit"] not in ("%", "‰")), None)
                if total is None:
                    continue
            g = group_of.get(total["unit"])
            if g is None:
                continue
            if total.get("direction"):
                # 会员总数4.6万人,比上年增加3200人,其中本地会员4.12万人、…: the parts may be of
                # the change or of the level before it; held against that level, which both
                # interpretations put above them (none in the sentence: not checked)
                total = next((f for f in reversed(before[:-1]) if not f.get("direction")
                              and group_of.get(f["unit"]) == g), None)
                if total is None:
                    continue
            # amounts per head or household (户均人口2.97人) and changes (比上年减少6人) are
            # no parts of a level
            after = [f for f in after if not f.get("per") and not f.get("direction")]
            if not any(group_of.get(f["unit"]) == g for f in after) and len(before) > 1:
                # one group counted in two units, written together (低保对象419户822人,其中一类
                # 对象118户、…): the parts are of the figure of their own unit
                twin = before[-2] if total is before[-1] else None
                if (twin is not None and not twin.get("direction") and not twin.get("per")
                        and not text[twin["cend"]:total["cstart"]].strip()
                        and any(group_of.get(f["unit"]) == group_of.get(twin["unit"]) is not None
                                for f in after)):
                    total, g = twin, group_of.get(twin["unit"])
            parts = [f for f in after if group_of.get(f["unit"]) == g]
            # only a list of like parts adds up (附件炎16例,阴道炎10例…); parts counted by
            # different verbs or metrics (8个村建立…,12个村开展…; 老人…,男性…) may overlap,
            # unless they are one list (宣传册3200份、宣传单2500份)
            alike = (len({f.get("action") or "" for f in parts}) == 1
                     and len({f.get("metric") for f in parts}) == 1)
            if parts and not alike and listed:
                alike = _one_list(text, m.end(), parts, listed)
            if len(parts) > 1 and not alike and p.complements:
                alike = _complements(text, m.end(), parts, p.complements)
            if len(parts) > 1 and alike and (p.dimensions or p.complements):
                alike = not _across_dimensions(text, m.end(), se, parts, a.auditor.memo(
                    c, "dimensions", lambda: _word_searches([*p.dimensions, *p.complements])), listed)
            if len(parts) > 1 and alike and p.band_units:
                alike = not _nested_bands(text, m.end(), se, parts, rows, p, listed)
            # figures written rounded (1.54亿元, 3.2万人) may add up to a little more than their
            # rounded total; exact counts (118户) may not
            slack = sum(_rounding(f) for f in (total, *parts))
            summed = parts and alike and sum(f["value"] for f in parts) > total["value"] + slack
            if p.each:  # one part alone larger than its whole, whatever metric either got;
                # only in the clause the marker opens (其中X N人,发展会员…: the rest is not a part)
                brk = _CLAUSE_BREAK.search(text, m.end(), se)
                for f in parts if not summed else ():
                    if (f["value"] > total["value"] and (brk is None or f["cend"] <= brk.start())
                            and (f["metric"], total["metric"]) not in a.part_whole_pairs()):
                        anchor = dict(f, start=total["start"], end=f["end"])
                        a.emit(c, anchor, part=f["text"], total=total["text"])
            elif summed:
                anchor = dict(parts[-1], start=total["start"], end=parts[-1]["end"])
                a.emit(c, anchor, parts=_num(sum(f["value"] for f in parts)), total=total["text"])


def _complements(text: str, start: int, parts: list[dict], sets: list[list[str]]) -> bool:
    """Whether each of ``parts`` opens its clause (after the marker ending at ``start``) with
    a different word of one set of ``sets`` (其中流出1066人,流入659人)."""
    leads = [text[max(start, _clause_start(text, f["cstart"], start)):f["cstart"]] for f in parts]
    for words in sets:
        got = [next((w for w in words if lead.startswith(w)), None) for lead in leads]
        if None not in got and len(set(got)) == len(got):
            return True
    return False


def _word_searches(word_sets: list[list[str]]) -> list[Callable[[str], Any]]:
    """For each set of words, the ``search`` of a pattern matching any of them: whether a text
    holds one of the words, in one call (``any(w in text for w in words)`` word by word)."""
    return [re.compile("|".join(map(re.escape, sorted(ws, key=len, reverse=True)))).search
            if ws else _NEVER for ws in word_sets]


def _NEVER(_text: str) -> None:
    """The search of an empty set of words: never found."""
    return None


def _across_dimensions(text: str, start: int, end: int, parts: list[dict],
                       dimensions: list[Callable[[str], Any]],
                       listed: re.Pattern | regex.Pattern | None) -> bool:
    """Whether two of ``parts`` (after the marker ending at ``start``, in the sentence ending at
    ``end``) name words of dimensions and have none in common: they count the whole along
    different lines (其中男性300人,老年人600人) and may overlap. ``dimensions``: per
    dimension, the search for its words (:func:`_word_searches`)."""
    named: list[set[int]] = []
    for f, (lo, hi) in zip(parts, _own_stretches(text, start, end, parts, listed)):
        own = text[lo:f["cstart"]] + text[f["cend"]:hi]
        dims = {d for d, holds in enumerate(dimensions) if holds(own) is not None}
        if dims:
            named.append(dims)
    return any(not (x & y) for x, y in itertools.combinations(named, 2))


def _own_stretches(text: str, start: int, end: int, parts: list[dict],
                   listed: re.Pattern | regex.Pattern | None) -> list[tuple[int, int]]:
    """Each part's own stretch of text (after the marker ending at ``start``, in the sentence
    ending at ``end``): from the end of the part before it (or its clause start) to the next
    part, clause break or list mark after it."""
    out = []
    for i, f in enumerate(parts):
        lo = max(start, parts[i - 1]["cend"] if i else start, _clause_start(text, f["cstart"], start))
        hi = parts[i + 1]["cstart"] if i + 1 < len(parts) else end
        brk = _CLAUSE_BREAK.search(text, f["cend"], hi)
        if brk is not None:
            hi = brk.start()
        if listed is not None:
            lst = listed.search(text, f["cend"], hi)
            if lst is not None:
                hi = lst.start()
        out.append((lo, hi))
    return out


#: the side a band is open on, from a figure's ``bound`` (60岁以上: min, 18岁以下: max)
_BAND_SIDE = {"min": "above", "max": "below"}


def _nested_bands(text: str, start: int, end: int, parts: list[dict], rows: list[dict],
                  p: BreakdownParams, listed: re.Pattern | regex.Pattern | None) -> bool:
    """Whether two of ``parts`` name open bands of one side with different bounds (其中60岁以上
    2800人,80岁以上400人): the one contains the other, they are no disjoint parts. A part names
    the band figures (``p.band_units``) in its own stretch; one with bounds on both sides
    (60岁以上80岁以下) is a closed band and names none."""
    above = _pattern(p.band_above) if p.band_above else None
    below = _pattern(p.band_below) if p.band_below else None
    units = set(p.band_units)
    open_bands: dict[str, set[float]] = {"above": set(), "below": set()}
    for lo, hi in _own_stretches(text, start, end, parts, listed):
        sides: dict[str, float] = {}
        for f in rows:
            if f["unit"] not in units or f["cstart"] < lo or f["cend"] > hi:
                continue
            side = _BAND_SIDE.get(f.get("bound") or "")
            if side is None and above is not None and above.match(text, f["cend"]):
                side = "above"
            elif side is None and below is not None and below.match(text, f["cend"]):
                side = "below"
            if side is not None:
                sides.setdefault(side, f["value"])
        if len(sides) == 1:
            (side, value), = sides.items()
            open_bands[side].add(value)
    return any(len(values) > 1 for values in open_bands.values())


def _one_list(text: str, start: int, parts: list[dict], mark: re.Pattern | regex.Pattern) -> bool:
    """Whether ``parts`` are one list right after the marker ending at ``start``: no figure-free
    clause break before the first, and only list marks (、) between each and the next."""
    if _CLAUSE_BREAK.search(text, start, parts[0]["cstart"]):
        return False
    for x, y in zip(parts, parts[1:]):
        gap = text[x["cend"]:y["cstart"]]
        if _CLAUSE_BREAK.search(gap) or not mark.search(gap):
            return False
    return True


@dataclass(frozen=True)
class RateCountsParams:
    """``tolerance``: percentage points allowed; ``not``: sentences whose rates have other
    bases (分别, 其中); ``list_mark``: two counts with it between are a parallel list
    (A 1104人、B 296人), not whole and part; ``change``: words that make a count a change (比上年减少9人), never a part
    or a base; ``base``: how a rate names its base (占出生总数的: group ``base`` = 出生). Part
    and whole are counts of one unit (never couples, 对, against persons, 人). ``name``: how a
    rate names what it counts in its clause, before it (节育率为: group ``name`` = 育; the last
    such name counts):
    such a rate is checked only when its part's clause holds that text (已落实节育措施1800人),
    never against counts of something else (收治住院病人2416人次, 病床使用率87%). ``same_name``:
    characters that name one count (检查: 受检率 after 实查N人). ``done``: how a part's clause
    opens when it is the done share of the whole before it (实到, 已完成改造): then the rate's
    name may stand in the whole's clause instead (应到会员577人,实到534人,到会率). A rate whose
    own clause says it is a change (比上年增长12%) is no share of the counts at all.
    ``base_earlier``: when the base a rate names is not counted in its sentence, the report's
    nearest earlier figure of the part's unit stated right after the base's words, with this
    between them (总户数4000户 … 低保320户,占总户数的5%), is the base. ``base_place``: a place
    named right before that base's words (东坪村总户数500户) makes it that place's base, used
    only when the rate's sentence names the same place (西坪村…占总户数的5% is not held against
    东坪村's households). ``unit_pairs``: [whole unit, part unit, pattern] triples: a whole in
    the first unit whose clause matches the pattern may be held against a part in the second
    (床位153张, 入住老人89人, 床位使用率: each resident fills a bed); the units say what is
    counted, so the rate's name is not looked for in the part's clause.
    ``permille_base``: the metric a rate in ‰ named after the count right before it (出生率
    after 出生N人) is a share of, per thousand: the report's first statement of it before the
    rate, within ``permille_tolerance`` (a share of the computed rate)."""

    tolerance: float = 2.0
    not_: str | None = _regex()
    change: str | None = _regex()
    base: str | None = _regex()
    list_mark: str | None = _regex()
    name: str | None = _regex()
    same_name: list[str] = field(default_factory=list)
    done: str | None = _regex()
    base_earlier: str | None = _regex()
    base_place: str | None = _regex()
    permille_base: str | None = None
    permille_tolerance: float = 0.1
    unit_pairs: list[list[str]] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"param 'unit_pairs': each entry is [whole unit, part unit, pattern], got {e!r} "
                f"/ 参数 unit_pairs 的每项应为 [整体单位, 部分单位, 正则]"
                for e in self.unit_pairs if len(e) != 3 or not all(isinstance(x, str) for x in e)]


def _permille_rate(c: Check, a: _Audit, p: RateCountsParams, f: dict, counts, own: str,
                   name_re: re.Pattern | regex.Pattern | None, ss: int, se: int) -> None:
    """A rate in ‰ named after what it counts (出生率, 死亡率) right after that count in its
    sentence (全年出生327人,出生率16.76‰), held against the report's first statement of
    ``p.permille_base`` (the total population) before it: 1000 × count ÷ population, within
    ``p.permille_tolerance`` of the rate (a share: the rate's base is the year's average
    population, not the year-end one); with two populations stated (户籍, 常住) the rate may be
    of either. A rate whose name is not in its count's clause (自然增长率 after 死亡235人) is
    left alone."""
    text = a.text
    called = list(name_re.finditer(own)) if name_re else []
    part = next(counts, None)
    if not called or part is None or part.get("per") or part.get("approx"):
        return
    word = called[-1].group("name")
    alike = next((g for g in p.same_name if word in g), word)
    if not any(ch in _clause(text, part["cstart"], part["cend"], ss, se) for ch in alike):
        return
    # every statement of the population before the count (户籍人口, 常住人口: the rate may be of
    # either); the rate contradicts them only when it is the share of none
    bases = [g for g in a.levels_by_metric.get(f["report"], {}).get(p.permille_base or "", ())
             if not g.get("approx") and not g.get("bound") and g["cstart"] < part["cstart"]
             and g["unit"] == part["unit"] and g["value"]]
    if not bases:
        return
    rates = [1000.0 * part["value"] / g["value"] for g in bases]
    if all(abs(r - f["value"]) > p.permille_tolerance * r + 0.005 for r in rates):
        a.emit(c, f, rate_text=f["text"], part=part["text"], whole=bases[0]["text"] + "(前文 earlier)",
               computed=f"{rates[0]:.2f}‰")


def _stated_earlier(a: _Audit, figs: list[dict], starts: list[int], before: int, report: int,
                    unit: str, word: str, joiner: re.Pattern | regex.Pattern,
                    seen: dict[tuple[str, str], list[int]]) -> dict | None:
    """The nearest figure of ``unit`` in ``report`` before offset ``before`` that is a level
    stated right after ``word`` (总户数4000户: the base 占总户数的 names), the text between them
    matching ``joiner`` (为, 是, 共 …); None when there is none. ``seen`` keeps, per word and
    unit, the positions in ``figs`` of every such level (found once: scanning back from each
    rate made a text with many shares quadratic)."""
    key = (word, unit)
    if key not in seen:
        found = []
        for j, g in enumerate(figs):
            if g["unit"] != unit or g.get("direction") or g.get("per") or g.get("approx") or g.get("bound"):
                continue
            lead = a.text[max(0, g["cstart"] - len(word) - 4):g["cstart"]]
            k = lead.rfind(word)
            if k >= 0 and joiner.fullmatch(lead[k + len(word):]):
                found.append(j)
        seen[key] = found
    found = seen[key]
    n = bisect.bisect_left(found, bisect.bisect_left(starts, before))
    g = figs[found[n - 1]] if n else None
    return g if g is not None and g["report"] == report else None  # not from another report


@check_kind("rate_counts", RateCountsParams)
def check_rate_counts(c: Check, a: _Audit) -> None:
    """A rate that contradicts two counts stated before it in its sentence (whole, then part):
    已婚育龄妇女2000人,已落实节育措施1800人,节育率95% (1800/2000 = 90%)."""
    p: RateCountsParams = c.params
    text, figs = a.text, a.figs
    veto = _pattern(p.not_) if p.not_ else None
    change = _pattern(p.change) if p.change else None
    base_re = _pattern(p.base) if p.base else None
    listed = _pattern(p.list_mark) if p.list_mark else None
    name_re = _pattern(p.name) if p.name else None
    done_re = _pattern(p.done) if p.done else None
    earlier_re = _pattern(p.base_earlier) if p.base_earlier else None
    place_re = _pattern(p.base_place) if p.base_place else None
    earlier_seen: dict[tuple[str, str], list[int]] = {}  # (base word, unit) -> levels stated after it
    sentence_of = a.sentences.span
    starts: list[int] | None = None
    is_change: dict[tuple[int, int], bool] = {}  # (figure, sentence start) -> a change?

    def counts_before(i: int, k: int, ss: int):
        """The counts before the rate ``figs[i]`` in its sentence (from ``ss``, figures from
        ``k``), last first; read as far as asked."""
        for j in range(i - 1, k - 1, -1):
            g = figs[j]
            if g["unit"] in ("%", "‰", ""):
                continue
            if change:
                ch = is_change.get((j, ss))
                if ch is None:
                    ch = is_change[(j, ss)] = change.search(
                        text, _clause_start(text, g["cstart"], ss), g["cstart"]) is not None
                if ch:
                    continue  # 比上年减少9人 is a change, not a count of anything
            yield g

    for i, f in enumerate(figs):
        permille = f["unit"] == "‰" and bool(p.permille_base)
        if (f["unit"] != "%" and not permille) or f.get("bound") or f.get("approx"):
            continue
        ss, se = sentence_of(f["cstart"], f["cend"])
        own = text[_clause_start(text, f["cstart"], ss):f["cstart"]]
        if change and change.search(own):
            continue  # 比上年增长12%: the rate is a change, not a share of the counts
        if starts is None:
            starts = [g["cstart"] for g in figs]
        counts = counts_before(i, bisect.bisect_left(starts, ss), ss)
        if permille:
            _permille_rate(c, a, p, f, counts, own, name_re, ss, se)
            continue
        part, whole = next(counts, None), next(counts, None)
        if part is None:
            continue
        named = base_re.search(text[part["cend"]:f["cstart"]]) if base_re else None
        if whole is None and not (named and earlier_re is not None):
            continue
        if named:  # 占出生总数的38.2%: the base is the count of 出生, wherever it stands
            word = named.group("base")
            whole = next((g for g in itertools.chain((whole,) if whole else (), counts)
                          if word in text[_clause_start(text, g["cstart"], ss):g["cstart"]]), None)
            if whole is None and earlier_re is not None and len(word) >= 2:
                whole = _stated_earlier(a, figs, starts, ss, f["report"], part["unit"], word,
                                        earlier_re, earlier_seen)
                if whole is not None and place_re is not None:
                    at = text.rfind(word, max(0, whole["cstart"] - len(word) - 4), whole["cstart"])
                    place = place_re.search(text, max(0, at - 6), at)
                    if place and place.group("place") not in text[ss:se]:
                        whole = None  # 东坪村's households are not the base of 西坪村's share
            if whole is None:
                continue
        paired = False  # persons against beds (床位153张,入住老人89人): the units say what is counted
        if whole["unit"] != part["unit"]:
            pair = next((u for u in p.unit_pairs if u[:2] == [whole["unit"], part["unit"]]), None)
            paired = pair is not None and bool(_pattern(pair[2]).search(
                _clause(text, whole["cstart"], whole["cend"], min(ss, whole["cstart"]), se)))
            if not paired:
                continue
        if not whole["value"] or part["value"] > whole["value"]:
            continue
        # the last rate named in the rate's clause (准确率由76%提高到92%)
        names = list(name_re.finditer(own)) if name_re and not named and not paired else []
        called = names[-1] if names else None
        if called:
            word = called.group("name")
            alike = next((g for g in p.same_name if word in g), word)
            part_clause = _clause(text, part["cstart"], part["cend"], ss, se)
            if not any(ch in part_clause for ch in alike):
                whole_clause = _clause(text, whole["cstart"], whole["cend"], ss, se)
                if not (done_re and done_re.match(part_clause) and any(ch in whole_clause for ch in alike)):
                    continue  # 病床使用率 is not a share of the patients counted before it
        # (a base from an earlier sentence has no list between it and the part: 二、 is a heading)
        between = text[whole["cend"]:part["cstart"]] if whole["cstart"] >= ss else ""
        span = text[ss:f["cend"]]
        # parallel lists (A 1104人、B 296人, 分别为…) and subsets (其中…) rate against other bases
        if (listed and listed.search(between)) or (veto and veto.search(span)):
            continue
        computed = 100.0 * part["value"] / whole["value"]
        if abs(computed - f["value"]) > p.tolerance:
            # a base from an earlier sentence says so: 320户/4000户(前文 earlier)
            where = "" if whole["cstart"] >= ss else "(前文 earlier)"
            a.emit(c, f, rate_text=f["text"], part=part["text"], whole=whole["text"] + where,
                   computed=f"{computed:.1f}%")


def _clause(text: str, start: int, end: int, floor: int, ceil: int) -> str:
    """The clause holding ``text[start:end]`` (from the break before it, not before ``floor``,
    to the next break, not after ``ceil``: its sentence's bounds)."""
    brk = _CLAUSE_BREAK.search(text, end, ceil)
    return text[_clause_start(text, start, floor):brk.start() if brk else ceil]


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding ``pos`` starts: after the last clause break before it, not
    before ``floor`` (its sentence start)."""
    best = floor
    for m in _CLAUSE_BREAK.finditer(text, floor, pos):
        best = m.end()
    return best


@dataclass(frozen=True)
class ChangeCountsParams:
    """``tolerance``: percentage points allowed; ``previous``: words in a figure's clause,
    before it, that make it last year's (上年为1亿元, 去年完成500亩; a year before the report's,
    2024年为560万元 in a 2025 report, does so too: group ``year``); ``current``: words that make
    a clause this year's even when it names last year as well; ``not``: sentences whose change
    has another base (其中, 分别). The change itself is a percentage with a ``direction``
    (同比增长15%, 比上年下降3%), or a figure of the levels' own unit with one (减少45人).
    ``change_words``: the words of a change's clause that say it is one (比上年, 减少 …): what
    else a change in units' clause says before it is its subject (外出务工人员比上年增加120人),
    and a subject that shares no two characters with the levels' clauses (全年出生260人,上年为
    301人) is another's: not checked."""

    tolerance: float = 1.0
    previous: str | None = _regex()
    current: str | None = _regex()
    not_: str | None = _regex()
    change_words: str | None = _regex()


@check_kind("change_counts", ChangeCountsParams)
def check_change_counts(c: Check, a: _Audit) -> None:
    """A stated change that contradicts last year's and this year's figures in its sentence:
    全年完成投资1.2亿元,上年为1亿元,同比增长15% ((1.2 − 1) / 1 = 20%)."""
    p: ChangeCountsParams = c.params
    if not p.previous:
        return
    text, figs = a.text, a.figs
    prev_re = _pattern(p.previous)
    cur_re = _pattern(p.current) if p.current else None
    veto = _pattern(p.not_) if p.not_ else None
    words_re = _pattern(p.change_words) if p.change_words else None
    years = {r["report"]: r.get("year") for r in a.reports}
    starts: list[int] | None = None

    def last_year(g: dict, ss: int, after: int) -> int | None:
        """The year ``g`` is of when its clause makes it an earlier year's figure, else None:
        上年/去年 is the report's year − 1 (0 when the report's year is unknown), 2024年 in a
        2025 report is 2024."""
        # the words before ``g`` in its clause, after the figure before it (由上年的2.1万吨增加到
        # 2.4万吨: 上年 names the first only)
        clause = text[max(_clause_start(text, g["cstart"], ss), after):g["cstart"]]
        if cur_re and cur_re.search(clause):
            return None
        ry = years.get(g["report"])
        found = None
        for m in prev_re.finditer(clause):
            y = m.groupdict().get("year")
            if y is None:
                return ry - 1 if isinstance(ry, int) else 0
            if isinstance(ry, int) and int(y) < ry:
                found = int(y)
        return found

    for i, f in enumerate(figs):
        if (f.get("direction") not in ("增加", "减少") or f["unit"] in ("‰", "")
                or f.get("bound") or f.get("approx") or f.get("per")):
            continue
        # a change in the figures' own unit (比上年的319人减少45人; 由上年的455户减少到403户,
        # 减少52户) is held against their difference, a percentage against their ratio
        absolute = f["unit"] != "%"
        ss, _se = a.sentences.span(f["cstart"], f["cend"])
        if veto and veto.search(text, ss, f["cstart"]):
            continue
        if starts is None:
            starts = [g["cstart"] for g in figs]
        lo = bisect.bisect_left(starts, ss)
        ends = {id(g): (figs[k - 1]["cend"] if k > lo else ss) for k, g in enumerate(figs[lo:i], lo)}
        # the figures since the sentence's change before this one (上年为10万人次,…同比增长20%,
        # 实现旅游收入1.5亿元,同比增长15%: the 15% is the income's, not the visitors')
        # (for a change in units, the sentence's change of that unit before it: 上年为301人,今年
        # 260人,同比下降13.6%,减少41人 still holds the 41人 against the two levels)
        since = next((k + 1 for k in range(i - 1, lo - 1, -1) if figs[k].get("direction")
                      and (figs[k]["unit"] == f["unit"] if absolute else figs[k]["unit"] in ("%", "‰"))), lo)
        before = [g for g in figs[since:i]
                  if g["report"] == f["report"] and g["unit"] not in ("%", "‰", "")
                  and not g.get("direction") and not g.get("approx") and not g.get("bound")
                  and not g.get("per")]
        if absolute:
            # only the two levels of its unit right before it (全年出生289人,比上年的319人减少45人)
            before = [g for g in before if g["unit"] == f["unit"]][-2:]
            if len(before) < 2:
                continue
        # last year is the latest earlier year stated (2024年为1.1亿元,2023年为1亿元,今年1.2亿元,
        # 同比增长9.1%: the 2024 figure in a 2025 report), the nearest to the change among equals
        prev, prev_y = None, None
        for g in reversed(before):
            y = last_year(g, ss, ends[id(g)])
            if y is not None and (prev_y is None or y > prev_y):
                prev, prev_y = g, y
        if prev is None or not prev["value"] or before[-1]["unit"] != prev["unit"]:
            continue  # the figure nearest the change is of another unit: it is that one's change
        cur = next((g for g in reversed(before) if g is not prev and g["unit"] == prev["unit"]
                    and last_year(g, ss, ends[id(g)]) is None), None)
        if cur is None:
            continue
        stated = f["value"] if f["direction"] == "增加" else -f["value"]
        if absolute and words_re is not None:
            # what the change's clause names besides the change (外出务工人员比上年增加120人)
            lead = text[max(_clause_start(text, f["cstart"], ss), figs[i - 1]["cend"] if i > lo else ss):f["cstart"]]
            subject = words_re.sub("", _NON_HAN.sub("", lead))
            levels = "".join(text[_clause_start(text, g["cstart"], ss):g["cstart"]] for g in (prev, cur))
            if len(subject) >= 2 and not any(subject[k:k + 2] in levels for k in range(len(subject) - 1)):
                continue  # the change of something else than the two levels
        if absolute:
            computed = cur["value"] - prev["value"]
            slack = _rounding(f) + _rounding(cur) + _rounding(prev) + 1e-9 * abs(computed)
            if abs(computed - stated) > slack:
                shown = next((w for w in ("亿", "万") if w in f["text"]), "")
                factor = {"亿": 1e8, "万": 1e4, "": 1}[shown]
                a.emit(c, f, rate_text=f["text"], current=cur["text"], previous=prev["text"],
                       computed=f"{computed / factor:+.10g}{shown}{f['unit']}")
            continue
        computed = 100.0 * (cur["value"] - prev["value"]) / prev["value"]
        if abs(computed - stated) > p.tolerance:
            a.emit(c, f, rate_text=f["text"], current=cur["text"], previous=prev["text"],
                   computed=f"{computed:+.1f}%")


@dataclass(frozen=True)
class BlankParams:
    """``blank_kind``: which blanks this check reports."""

    blank_kind: str = _choice(tuple(sorted(BLANK_KINDS)))


@check_kind("blank", BlankParams)
def check_blank(c: Check, a: _Audit) -> None:
    """Every blank of one kind is a finding. Its message may name ``{context}``, ``{unit}`` (the
    unit a missing number or a dropped unit stands before, "" when unknown) and
    ``{expected_zh}`` / ``{expected_en}``: "(应为 %)" / " (expected %)", or "" when the unit is
    unknown (生猪年出栏逾10万: some unit was dropped, which one is not said)."""
    for b in a.blanks_by_kind.get(c.params.blank_kind, ()):
        unit = b["unit"]
        a.emit(c, b, context=b["context"], unit=unit,
               expected_zh=f"(应为 {unit})" if unit else "",
               expected_en=f" (expected {unit})" if unit else "")


@dataclass(frozen=True)
class NumberingParams:
    """``problem``: which numbering problem this check reports."""

    problem: str = _choice(("duplicate", "skipped", "out_of_order", "style_changed"))


@check_kind("numbering", NumberingParams)
def check_numbering(c: Check, a: _Audit) -> None:
    """Heading numbers used twice, skipped, out of order, or changing style."""
    for row, prev in a.numbering_problems().get(c.params.problem, ()):
        a.emit(c, row, token=row["token"], prev=prev["token"] if prev else "",
               title=row.get("title", ""))


@dataclass(frozen=True)
class OcrConfidenceParams:
    """``below``: a figure read by OCR from a line whose confidence (0-1) is under this."""

    below: float = 0.9

    def problems(self) -> list[str]:
        return [] if 0 < self.below <= 1 else [f"param 'below' must be in (0, 1], got {self.below} "
                                               f"/ 参数 below 须大于 0 且不超过 1"]


@check_kind("ocr_confidence", OcrConfidenceParams)
def check_ocr_confidence(c: Check, a: _Audit) -> None:
    """A figure read by OCR with low confidence: check it against the scan. Text that was
    not OCR'd has no confidence and is never reported."""
    p: OcrConfidenceParams = c.params
    for f in a.figs:
        conf = f.get("ocr_confidence")
        if conf is not None and conf == conf and conf < p.below:
            a.emit(c, f, text=f["text"], confidence=f"{conf:.2f}")


def about_other_subject(title: str, topic: Any, others: Any) -> bool:
    """Whether a report titled ``title`` is about another subject than the one ``topic`` (a
    compiled pattern or None) names: its title matches ``others`` and not ``topic``. A title
    that names no subject (镇2022年工作总结), or both (卫生健康和计划生育工作计划), is not.

        >>> import regex
        >>> about_other_subject("水利工程建设情况汇报", regex.compile("计划生育|计生"), regex.compile("水利|脱贫"))
        True
        >>> about_other_subject("2022年工作总结", regex.compile("计划生育|计生"), regex.compile("水利|脱贫"))
        False
    """
    return bool(title and others is not None and others.search(title)
                and not (topic is not None and topic.search(title)))


@dataclass(frozen=True)
class RequiredMetricParams:
    """``metric``: the metric every report of ``kinds`` (default: every kind) must state.
    ``topic`` / ``other_topics`` (regexes, optional): the metric belongs to one subject and is
    asked only of reports whose title names it (``topic``: 计划生育) or no other subject
    (``other_topics``: 水利, 脱贫攻坚), as the ``expected`` section's records do."""

    metric: str
    kinds: list[str] | None = None
    topic: str | None = _regex()
    other_topics: str | None = _regex()


@check_kind("required_metric", RequiredMetricParams)
def check_required_metric(c: Check, a: _Audit) -> None:
    """A report of one of ``kinds`` that does not state ``metric`` (or left it blank); with
    ``other_topics``, not a report whose title names another subject only."""
    p: RequiredMetricParams = c.params
    topic, others = a.auditor.memo(c, "topics", lambda: (
        _pattern(p.topic) if p.topic else None, _pattern(p.other_topics) if p.other_topics else None))
    for rep in a.reports:
        if ((p.kinds is None or rep["kind"] in p.kinds) and p.metric not in a.stated(rep["report"])
                and not about_other_subject(a.subject_title(rep), topic, others)):
            a.emit(c, _report_anchor(rep))


@dataclass(frozen=True)
class ExpectedMetricsParams:
    """No params: what each kind of report should state is the ``expected`` section."""


@check_kind("expected_metrics", ExpectedMetricsParams)
def check_expected_metrics(c: Check, a: _Audit) -> None:
    """The metrics a report of its kind and subject usually states (section ``expected``: a
    report whose title names another subject than family planning is not asked its metrics)
    that it does not."""
    for rep in a.reports:
        stated = a.stated(rep["report"])
        missing = [m for m in a.auditor.expected_for(rep["kind"], a.subject_title(rep))
                   if m not in stated]
        if missing:
            a.emit(c, _report_anchor(rep), kind=kind_label(rep["kind"]),
                   kind_en=a.auditor.kind_en.get(rep["kind"], "report"),
                   missing=", ".join(a.auditor.label(m)[0] for m in missing))


def _report_anchor(rep: dict) -> dict:
    return dict(source=rep["source"], report=rep["report"], section="", start=rep["start"],
                end=rep["start"], context=rep.get("title", ""))


_CLAUSE_BREAK = re.compile("[,，;；:：。!！?？\n]")
_NON_HAN = regex.compile(r"[^\p{Han}]")
# a byline under a title (石鼓镇民政办主任 张三): short, no clause or sentence punctuation, no
# heading number
_BYLINE_MAX = 30
_BYLINE_NOT = regex.compile(r"[,，。;；:：!！?？、]|^[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]")
# the decimals a number is written with (3.25万人: 25)
_DECIMALS = re.compile(r"\.(\d+)")
# a number written with two decimals or more (22.23余万元: no approximate amount)
_TWO_DECIMALS = re.compile(r"\d\.\d{2,}")
# what a count names right after its measure word (132个村民小组), up to a break
_NOUN_AFTER = regex.compile(r"\p{Han}{0,6}")
_SENTENCE_BREAK = re.compile("[" + re.escape("".join(sorted(SENTENCE_BREAKS))) + "]")
# a pattern that is only words (其中|包括|含): it matches inside a sentence where the words occur
_PLAIN_WORDS = regex.compile(r"[^\\^$.|?*+()\[\]{}]+(?:\|[^\\^$.|?*+()\[\]{}]+)*")


def _figures_near(marker: re.Pattern | regex.Pattern, text: str, figs: list[dict],
                  breaks: list[int] | None = None) -> list[dict]:
    """The figures (in their order) whose sentence may hold a match of ``marker``, so that the
    sentence of the others need not be found.

    A sentence (:func:`report_miner.mining.context.sentence_span`) reaches at most MAX_SENTENCE characters
    either side of its figure (and the break that ends it), and holds no sentence break before
    that one: a figure shares one with an offset when no break lies between them and it is near
    enough. Made for markers that are only words (其中|包括|含), found with a plain search; any
    other pattern may match within a sentence but not in the whole text: then all figures.
    ``breaks``: the offsets of the text's sentence breaks, when known
    (:attr:`report_miner.mining.context.SentenceIndex.breaks`), found here otherwise."""
    if not _PLAIN_WORDS.fullmatch(marker.pattern):
        return figs
    found = set()
    for word in marker.pattern.split("|"):
        i = text.find(word)
        while i >= 0:
            found.add(i)
            i = text.find(word, i + 1)
    if not found or not figs:
        return []
    starts = [f["cstart"] for f in figs]
    longest = max(map(operator.sub, [f["cend"] for f in figs], starts))
    order = sorted(range(len(figs)), key=starts.__getitem__)  # by start, as figures mostly are
    starts = [starts[i] for i in order]
    reach = MAX_SENTENCE + 1
    if breaks is None:
        breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]
    nbreaks = len(breaks)
    near: set[int] = set()
    for q in found:
        # the figure's sentence may hold q if it ends after the last break before q and starts
        # at or before the first break from q, both within reach
        lo = q - reach + 1
        k = bisect.bisect_left(breaks, q)
        if k and breaks[k - 1] >= lo:
            lo = breaks[k - 1] + 1
        hi = breaks[k] if k < nbreaks and breaks[k] < q + reach else q + reach - 1
        for k in range(bisect.bisect_left(starts, lo - longest), bisect.bisect_right(starts, hi)):
            if figs[order[k]]["cend"] >= lo:
                near.add(order[k])
    return [figs[i] for i in sorted(near)]


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> re.Pattern | regex.Pattern:
    """A check's pattern, compiled once: by the standard library when it is only words (其中|包括),
    which finds the same and starts much faster, else by regex."""
    return re.compile(pattern) if _PLAIN_WORDS.fullmatch(pattern) else regex.compile(pattern)


def _written_step(f: dict) -> float:
    """The value of the last digit a figure's text writes, in its unit (1 for 31560人, 1000 for
    3.2万人, 10000 for 3万人): how far a figure written rounded may be from the exact one."""
    text = f.get("text") or ""
    factor = 1e8 if "亿" in text else 1e4 if "万" in text else 1.0
    written = _DECIMALS.search(text)
    return factor * 10 ** -(len(written.group(1)) if written else 0)


def _rounding(f: dict) -> float:
    """How far a figure written rounded (1.54亿元, 3.2万人: a decimal point, 万 or 亿) may be
    from the exact value: half its :func:`_written_step`; 0 for an exact count (118户)."""
    text = f.get("text") or ""
    if "." not in text and "万" not in text and "亿" not in text:
        return 0.0
    return _written_step(f) / 2


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _big(v: float) -> str:
    """:func:`_num`, with values of 10¹² and more in exponent form (1.0001e+52)."""
    return f"{v:.5g}" if abs(v) >= 1e12 else _num(v)


class _Fields(dict):
    """Template fields (for ``str.format_map``); an unknown {name} stays as written instead of
    failing."""

    def __missing__(self, key):
        return "{" + key + "}"


def _numbering_problems(sections: list[dict]) -> dict[str, list[tuple[dict, dict]]]:
    """(row, previous sibling) pairs for each kind of numbering problem (``duplicate``,
    ``skipped``, ``out_of_order``, ``style_changed``), all found in one pass."""
    found: dict[str, list[tuple[dict, dict]]] = {
        "duplicate": [], "skipped": [], "out_of_order": [], "style_changed": []}
    siblings: dict[tuple, list[dict]] = defaultdict(list)
    for s in sections:
        siblings[(s["report"], s.get("parent"), s["level"])].append(s)
    # lists numbered on across subsections ((一) 1. 2. 3. (二) 4. 5.): a heading whose number
    # follows that of the last heading of its style and level under the previous sibling of
    # its parent
    before_me = {(b["report"], b.get("section_id")): (a["report"], a.get("section_id"))
                 for rows in siblings.values() for a, b in zip(rows, rows[1:])}
    last_of: dict[tuple, dict] = {}
    numbered_on: set[int] = set()
    for s in sections:
        k = (s["report"], s["level"], s.get("style"))
        last = last_of.get(k)
        if (last is not None and last["number"] == s["number"] - 1 and s.get("parent") is not None
                and before_me.get((s["report"], s["parent"])) == (s["report"], last.get("parent"))):
            numbered_on.add(id(s))
        last_of[k] = s
    for rows in siblings.values():
        seen: set[int] = set()
        prev = None
        outer: list[tuple[set[int], dict]] = []  # inline lists a nested 一是 interrupted
        for row in rows:
            n = row["number"]
            inline = row.get("style") == "cn_shi"
            if inline and n == 1:  # 一是 starts a new inline list (problems, then next steps,
                # or a list inside an item of the one before)
                if prev is not None:
                    outer.append((seen, prev))
                seen, prev = set(), None
            elif inline and prev is not None and n != prev["number"] + 1:
                # 一是…(一是 二是)…二是: the outer list goes on after a nested one
                while outer and outer[-1][1]["number"] + 1 != n:
                    outer.pop()
                if outer:
                    seen, prev = outer.pop()
            if prev is not None:
                if n in seen:
                    found["duplicate"].append((row, prev))
                if n > prev["number"] + 1 and n not in seen:
                    found["skipped"].append((row, prev))
                if n < prev["number"] and n not in seen:
                    found["out_of_order"].append((row, prev))
                if row.get("style") != prev.get("style"):
                    found["style_changed"].append((row, prev))
            elif n > 1 and not inline and id(row) not in numbered_on:
                found["skipped"].append((row, dict(token="(start)")))
            seen.add(n)
            prev = row
    return found


@dataclass(frozen=True)
class TotalAfterPartsParams:
    """``marker``: what the total's clause says before its number (共计, 合计: the whole
    clause up to the number must match it); ``since``: words after which the parts start
    (其中, 分别: figures before them are not parts); ``groups``: units that add up together;
    ``rounding``: how far the total may be from the sum, in units of the total's last written
    digit (0.5: 5.7万元 for parts that add up to 5.71万元, 16万元 for 15.6万元)."""

    marker: str = field(metadata={"regex": True})
    since: str | None = _regex()
    groups: list[list[str]] = field(default_factory=list)
    rounding: float = 0.5


@check_kind("total_after_parts", TotalAfterPartsParams)
def check_total_after_parts(c: Check, a: _Audit) -> None:
    """A total stated after its parts (镇级协会1个、村级协会17个、企业协会3个,共计23个) that is
    not their sum; the parts are the figures of the total's unit group right before it in its
    sentence (after 其中 / 分别 when those stand there; a figure of another group ends them), at
    least two, none a change or per head."""
    p: TotalAfterPartsParams = c.params
    text = a.text
    marker = _pattern(p.marker)
    since = _pattern(p.since) if p.since else None
    group_of = {u: i for i, g in enumerate(p.groups) for u in g}
    # what a match of the marker may end with (共计, 合计为: 计, 为 …): the clause before a total
    # ends with one of them, so the other figures need no sentence or clause bounds
    ends = a.auditor.memo(c, "marker_ends", lambda: last_chars(marker.pattern, marker.flags))
    starts = [f["cstart"] for f in a.figs]
    for i, f in enumerate(a.figs):
        g = group_of.get(f["unit"])
        if g is None or f.get("direction") or f.get("approx") or f.get("bound") or f.get("per"):
            continue
        if ends is not None and (f["cstart"] == 0 or text[f["cstart"] - 1] not in ends):
            continue
        ss, se = a.sentences.span(f["cstart"], f["cend"])
        cs = _clause_start(text, f["cstart"], ss)
        if cs == ss or not marker.fullmatch(text, cs, f["cstart"]):
            continue
        floor = ss
        if since:
            for m in since.finditer(text, ss, cs):
                floor = m.end()
        k = bisect.bisect_left(starts, floor)
        before = [x for x in a.figs[k:i] if x["cstart"] >= floor and x["cend"] <= cs]
        parts = []  # the figures of the total's group right before it (建成中转站6座,配备A 6名、B 82名,共100名)
        for x in reversed(before):
            if group_of.get(x["unit"]) != g:
                break
            parts.insert(0, x)
        if len(parts) < 2 or any(x.get("direction") or x.get("per") or x.get("bound") for x in parts):
            continue
        noun = _NOUN_AFTER.match(text, f["cend"]).group()
        if noun and any(_NOUN_AFTER.match(text, x["cend"]).group() != noun for x in parts):
            continue  # 辖14个行政村和2个社区,共132个村民小组: the total counts something else
        got = sum(x["value"] for x in parts)
        scale = next((w for w in ("亿", "万") if w in f["text"]), "")  # in the total's own terms
        factor = {"亿": 1e8, "万": 1e4, "": 1}[scale]
        if abs(got - f["value"]) > p.rounding * _written_step(f):  # 5.7万元 may stand for 5.71万元
            anchor = dict(f, start=parts[0]["start"], end=f["end"])
            shown = _num(round(got / factor, 4)) + scale + f["unit"]
            a.emit(c, anchor, total=f["text"], parts=shown,
                   items="、".join(x["text"] for x in parts))


@dataclass(frozen=True)
class RestatedParams:
    """``metrics``: the metrics a report states once (levels: population, villages); a later
    statement that differs from the first by more than ``tolerance`` (a share: 0.01 = 1%) is
    reported. ``subjects``: patterns of what is counted, tried in order on each figure's
    subject and the words right after it (行政村 / 社区): two figures that name different ones
    are not compared. ``not``: a later figure's sentence with these words states a change of
    the level (由12个村合并为8个) and is left alone. ``kinds``: the report kinds checked
    (default all; a plan's targets are not its current level). ``whole``: words in a later
    figure's clause, before it, that say it is the whole's (全镇, 辖): without them it may be
    a part (在11个村推行) and is not compared. ``within``: [narrower, wider] pairs of
    ``subjects`` (by number from 0): a later count of the narrower one larger than a first
    count of the wider one is reported too (19个村(社区) … 全乡21个村). ``sorts``: words that
    say which count of the level a figure is (常住, 户籍): two figures whose clauses, before
    them, name different ones of these are not compared (总人口26000人 … 常住人口21000人)."""

    metrics: list[str] = field(default_factory=list)
    tolerance: float = 0.01
    subjects: list[str] = field(default_factory=list)
    not_: str | None = _regex()
    kinds: list[str] | None = None
    whole: str | None = _regex()
    within: list[list[int]] = field(default_factory=list)
    sorts: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        n = len(self.subjects)
        return [f"param 'within': each entry is [narrower subject, wider subject], numbers of "
                f"'subjects' from 0 to {n - 1}, got {e!r} "
                f"/ 参数 within 的每项应为 [较窄主题, 较宽主题], 即 subjects 的序号 0 至 {n - 1}"
                for e in self.within if len(e) != 2 or not all(0 <= k < n for k in e)]


@check_kind("restated", RestatedParams)
def check_restated(c: Check, a: _Audit) -> None:
    """A level stated twice in one report with two values: 总人口26126人 … 全镇27476人."""
    p: RestatedParams = c.params
    subj = [_pattern(x) for x in p.subjects]
    veto = _pattern(p.not_) if p.not_ else None
    whole = _pattern(p.whole) if p.whole else None
    kinds = {r["report"]: r["kind"] for r in a.reports}

    def subject(f: dict) -> int | None:
        words = (f.get("subject") or "") + a.text[f["cend"]:f["cend"] + 4]
        return next((k for k, r in enumerate(subj) if r.search(words)), None)

    def sort(f: dict) -> set[str]:
        ss, _se = a.sentences.span(f["cstart"], f["cend"])
        clause = a.text[_clause_start(a.text, f["cstart"], ss):f["cstart"]]
        return {w for w in p.sorts if w in clause}

    for rep, metrics in a.levels_by_metric.items():
        if p.kinds is not None and kinds.get(rep) not in p.kinds:
            continue
        for m in p.metrics:
            rows = [f for f in metrics.get(m, ()) if not (f.get("approx") or f.get("bound") or f.get("per"))]
            if len(rows) < 2:
                continue
            first = rows[0]
            s0 = a.sentences.span(first["cstart"], first["cend"])
            k0 = subject(first)
            for f in rows[1:]:
                if f["unit"] != first["unit"] or not first["value"]:
                    continue
                if abs(f["value"] - first["value"]) <= max(p.tolerance * abs(first["value"]),
                                                            _written_step(f) / 2, _written_step(first) / 2):
                    continue  # the same figure, or one written rounded (3.2万人, 3万人 for 31560人)
                sf = a.sentences.span(f["cstart"], f["cend"])
                if sf == s0:
                    continue  # one sentence lists them (辖13个行政村、2个社区)
                kf = subject(f)
                if k0 is not None and kf is not None and kf != k0 and not (
                        [kf, k0] in p.within and f["value"] > first["value"]):
                    continue
                if veto and veto.search(a.text, sf[0], sf[1]):
                    continue
                own = sort(f)
                if own != sort(first):
                    if own:
                        continue  # 户籍 against 常住: two counts of the level
                    # 总人口 naming no count after 户籍人口N人,常住人口M人: it may be either, and
                    # contradicts them only when it is none of the counts stated before it
                    if any(g["unit"] == f["unit"] and abs(f["value"] - g["value"]) <= max(
                            p.tolerance * abs(g["value"]), _written_step(f) / 2, _written_step(g) / 2)
                           for g in rows if g["cstart"] < f["cstart"]):
                        continue
                if whole and not whole.search(a.text, _clause_start(a.text, f["cstart"], sf[0]), f["cstart"]):
                    continue
                label, label_en = a.auditor.label(m)
                a.emit(c, f, label=label, label_en=label_en, text=f["text"], first=first["text"])


@dataclass(frozen=True)
class YearTitleParams:
    """``title``: the title's year (group ``year``; a title with two, a span such as
    2016年至2020年, is left alone); ``date``: the signing date (group ``year``; the report's
    last match); ``date_years``: [report kind, min, max]: how many years after the title's the
    date may lie (a 总结 is signed in its year or early the next, a 计划 late the year before
    or in its year; kinds not listed: the date is not checked); ``own_year``: statements that
    name the report's own year (现将2022年度工作情况报告如下; group ``year``), which must be
    the title's; ``not_before``: statements of a year the report is about that may be a later
    one (a summary's 2020年是…之年 opens its plan for the next year) but never an earlier one
    (a 2023 plan that says 2022年是…一年); ``opening``: how a body line that opens with the report's year starts
    (2021年,我镇…), tried at the start of each of the first ``opening_lines`` lines after the
    title (in a report not of ``heading_kinds``, a plan, such a line with an earlier year that
    ``heading_opening`` does not match, one stating a figure, recalls that year's result:
    2024年,全乡完成改厕310户; it is left alone); ``heading``: how a heading line starts (二、, (一)): in a report of
    ``heading_kinds`` (results: a plan looks back on earlier years) the line right after one is
    tried with ``heading_opening`` (else ``opening``), and an earlier year than the title's is
    reported (二、主要工作⏎2023年,我镇紧紧围绕… in a 2025 summary: last years' text under this
    year's title) unless the heading itself names that year (一、2023年工作回顾); a later one
    there may open a plan section and is left alone; so is the line after a heading matching
    ``heading_not`` (一、个人简历, 一、项目背景: a section that tells of the past). ``term``: what
    makes a report one over several years (任期述职, 三年来, 2021年以来), searched in its title and
    its first ``term_lines`` lines: there an earlier year than the title's (一、履职情况⏎2021年,
    我调任…) is the report's own and only ``own_year`` and ``date`` hold it against the title."""

    title: str = field(metadata={"regex": True})
    date: str | None = _regex()
    date_years: list[list[str | int]] = field(default_factory=list)
    own_year: str | None = _regex()
    not_before: str | None = _regex()
    opening: str | None = _regex()
    opening_lines: int = 3
    heading: str | None = _regex()
    heading_kinds: list[str] = field(default_factory=list)
    heading_opening: str | None = _regex()
    heading_not: str | None = _regex()
    term: str | None = _regex()
    term_lines: int = 3

    def problems(self) -> list[str]:
        return [f"param 'date_years': each entry is [report kind, min, max], got {e!r} "
                f"/ 参数 date_years 的每项应为 [报告类型, 最小值, 最大值]"
                for e in self.date_years
                if len(e) != 3 or not isinstance(e[0], str) or not all(isinstance(x, int) for x in e[1:])]


# a year written digit by digit (二〇二二, 二O二二 with a letter O for 〇): numerals.CN_DIGIT's digits
_CN_DIGITS = {c: str(v) for c, v in CN_DIGIT.items()} | {"O": "0", "o": "0"}


def _year(s: str) -> int | None:
    digits = "".join(_CN_DIGITS.get(ch, ch) for ch in s)
    return int(digits) if digits.isdigit() and len(digits) == 4 else None


@check_kind("year_title", YearTitleParams)
def check_year_title(c: Check, a: _Audit) -> None:
    """A year in the text that contradicts the title's: a 2022年工作总结 signed in 2020, or
    one that says 现将2021年度工作情况报告如下."""
    p: YearTitleParams = c.params
    title_re = _pattern(p.title)
    date_re = _pattern(p.date) if p.date else None
    own_re = _pattern(p.own_year) if p.own_year else None
    opening_re = _pattern(p.opening) if p.opening else None
    heading_re = _pattern(p.heading) if p.heading else None
    after_heading_re = _pattern(p.heading_opening) if p.heading_opening else opening_re
    heading_not_re = _pattern(p.heading_not) if p.heading_not else None
    not_before_re = _pattern(p.not_before) if p.not_before else None
    allowed = {e[0]: (e[1], e[2]) for e in p.date_years}
    term_re = _pattern(p.term) if p.term else None
    for rep in a.reports:
        span = a.spans.get(rep["report"])
        if span is None or a.to_orig is None:
            continue
        years = {_year(m.group("year")) for m in title_re.finditer(rep.get("title") or "")} - {None}
        if len(years) != 1:
            continue
        ty = years.pop()
        rs, re_ = span
        found = []  # (start, end in the clean text, the year read there)
        # a term report (任期述职, 三年来): its earlier years are its own
        head_end = rs
        for _ in range(p.term_lines + 1):  # the title's line and the lines after it
            nl = a.text.find("\n", head_end, re_)
            head_end = re_ if nl < 0 else nl + 1
            if nl < 0:
                break
        term = bool(term_re and (term_re.search(rep.get("title") or "")
                                 or term_re.search(a.text, rs, head_end)))
        if own_re:
            for m in own_re.finditer(a.text, rs, re_):
                y = _year(m.group("year"))
                if y is not None and y != ty:
                    found.append((m.start("year"), m.end("year"), y))
        if not_before_re:
            for m in not_before_re.finditer(a.text, rs, re_):
                y = _year(m.group("year"))
                if y is not None and y < ty and not term:
                    found.append((m.start("year"), m.end("year"), y))
        if opening_re:
            pos = a.text.find("\n", rs, re_)
            for _ in range(p.opening_lines):
                if pos < 0:
                    break
                m = opening_re.match(a.text, pos + 1, re_)
                y = _year(m.group("year")) if m else None
                if (y is not None and y < ty and rep["kind"] not in p.heading_kinds
                        and p.heading_opening and not after_heading_re.match(a.text, pos + 1, re_)):
                    y = None  # a plan recalling last year's result (2021年,全乡…达到67%): a fact of that year
                if y is not None and y != ty and not (term and y < ty):
                    found.append((m.start("year"), m.end("year"), y))
                pos = a.text.find("\n", pos + 1, re_)
        if after_heading_re and heading_re and rep["kind"] in p.heading_kinds and not term:
            seen = {s for s, _e, _y in found}
            for h in heading_re.finditer(a.text, rs, re_):
                eol = a.text.find("\n", h.end(), re_)
                if eol < 0:
                    break
                if heading_not_re and heading_not_re.search(a.text, h.start(), eol):
                    continue  # 一、个人简历⏎2019年,我从…毕业: the past is this section's topic
                m = after_heading_re.match(a.text, eol + 1, re_)
                y = _year(m.group("year")) if m else None
                if (y is not None and y < ty and m.start("year") not in seen
                        and m.group("year") not in a.text[h.start():eol]):
                    found.append((m.start("year"), m.end("year"), y))
        if date_re and rep["kind"] in allowed:
            last = None
            for m in date_re.finditer(a.text, rs, re_):
                last = m
            y = _year(last.group("year")) if last else None
            lo, hi = allowed[rep["kind"]]
            if y is not None and not lo <= y - ty <= hi:
                found.append((last.start("year"), last.end(), y))
        for s, e, y in found:
            os_, oe = a.to_orig(s, e)
            row = dict(source=rep["source"], report=rep["report"], section="", start=os_, end=oe,
                       context=a.text[max(rs, s - 20):min(re_, e + 20)])
            a.emit(c, row, year=y, title_year=ty, title=rep.get("title", ""))


# ---------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class TableTotalParams:
    """``total``: a regular expression a total row's or column's label starts with;
    ``subtotal``: the labels of subtotal rows (a total over subtotals adds the subtotals only);
    ``rounding``: how far a total may be from its sum where the cells write decimals, in units
    of the last decimal place written, per cell added and for the total (0.5: each cell
    rounded by half a unit: 1.25 + 2.25 = 3.4 passes, 1.2 + 2.3 = 3.6 does not); whole
    numbers must add up exactly (1200 + 980 = 2190 does not)."""

    total: str = "合\\s*计|总\\s*计|共\\s*计|小\\s*计"
    subtotal: str = "小\\s*计"
    rounding: float = 0.5


def _table_grid(cells: list[dict]) -> dict[tuple, dict[tuple[int, int], dict]]:
    """(source, table) -> (row, column) -> cell row."""
    out: dict[tuple, dict[tuple[int, int], dict]] = {}
    for cell in cells:
        out.setdefault((cell["source"], cell["table_no"]), {})[(cell["row_no"], cell["column_no"])] = cell
    return out


def _cell_value(cell: dict | None) -> float | None:
    v = cell.get("value") if cell else None
    return None if v is None or v != v else float(v)  # (v != v: NaN)


def _fmt(v: float) -> str:
    return f"{v:.10g}"


@check_kind("table_total", TableTotalParams)
def check_table_total(c: Check, a: _Audit) -> None:
    """A total row (合计, 总计, 小计) or total column of a file's table that is not the sum of its
    parts: the rows above it since the previous total (a 合计 under 小计 rows adds the 小计
    rows), or the other numeric columns of the row. Cells with another unit (%, a rate) are
    not added; the finding names the total cell and the cells added."""
    p: TableTotalParams = c.params
    total_re, sub_re = a.auditor.memo(c, "labels", lambda: (
        re.compile(rf"^\s*(?:{p.total})"), re.compile(rf"^\s*(?:{p.subtotal})")))
    for (_src, t), grid in _table_grid(a.cells).items():
        rows = sorted({r for r, _ in grid})
        cols = sorted({col for _, col in grid})
        label_of = {r: next((grid[(r, col)]["row_label"] for col in cols if (r, col) in grid), "")
                    for r in rows}
        numeric_rows = [r for r in rows if any(_cell_value(grid.get((r, col))) is not None for col in cols)]
        for r in numeric_rows:
            label = label_of[r]
            if not total_re.match(label):
                continue
            is_sub = bool(sub_re.match(label))
            above = [x for x in numeric_rows if x < r]
            parts: list[int] = []
            subs = [x for x in above if sub_re.match(label_of[x])]
            if not is_sub and subs:
                last_total = max([x for x in above if total_re.match(label_of[x])
                                  and not sub_re.match(label_of[x])], default=0)
                parts = [x for x in subs if x > last_total]
            else:
                for x in reversed(above):
                    if total_re.match(label_of[x]):
                        break
                    parts.append(x)
                parts.reverse()
            if not parts:
                continue
            for col in cols:
                total = grid.get((r, col))
                tv = _cell_value(total)
                if tv is None:
                    continue
                vals = [(x, _cell_value(grid.get((x, col)))) for x in parts]
                vals = [(x, v) for x, v in vals if v is not None
                        and (grid[(x, col)]["unit"] or "") == (total["unit"] or "")]
                if len(vals) < 2 or total["unit"] in ("%", "‰"):
                    continue
                # cells left empty among the parts (a template's table half filled): named in
                # the finding, since they are why the sum falls short; the parts run from the
                # total before this one (else from the table's first row, its header) to it, so
                # an empty first part counts too
                lo = max((x for x in rows if x < r and total_re.match(label_of[x])), default=rows[0])
                between = ([x for x in rows if lo < x < r and not total_re.match(label_of[x])]
                           if not subs or is_sub else [])
                empty = [f"R{x}C{col}" for x in between
                         if not str((grid.get((x, col)) or {}).get("text") or "").strip()]
                _total_finding(c, a, total, [grid[(x, col)] for x, _ in vals],
                               sum(v for _, v in vals), tv, p.rounding,
                               f"第{r}行“{label}” × “{total['column_label'] or col}”",
                               f"row {r} '{label}', column '{total['column_label'] or col}'", empty)
        # total columns
        header_labels = {col: next((cell["column_label"] for (rr, cc), cell in grid.items()
                                    if cc == col and cell["column_label"]), "") for col in cols}
        for col in cols:
            clabel = (header_labels[col] or "").split("/")[-1]
            if not total_re.match(clabel):
                continue
            left = [x for x in cols if x < col and not total_re.match((header_labels[x] or "").split("/")[-1])]
            for r in numeric_rows:
                total = grid.get((r, col))
                tv = _cell_value(total)
                if tv is None or total["unit"] in ("%", "‰"):
                    continue
                parts_cells = [grid[(r, x)] for x in left if _cell_value(grid.get((r, x))) is not None
                               and (grid[(r, x)]["unit"] or "") == (total["unit"] or "")]
                if len(parts_cells) < 2:
                    continue
                _total_finding(c, a, total, parts_cells, sum(_cell_value(x) for x in parts_cells), tv,
                               p.rounding, f"第{r}行“{label_of[r]}” × “{clabel}”列",
                               f"row {r} '{label_of[r]}', column '{clabel}'")


def _total_finding(c: Check, a: _Audit, total: dict, parts: list[dict], got: float, tv: float,
                   rounding: float, where_zh: str, where_en: str, empty: list[str] = ()) -> None:
    decimals = max(len(x["text"].split(".")[1]) if "." in x["text"] else 0
                   for x in parts + [total])
    decimals = min(decimals, 6)
    slack = rounding * (len(parts) + 1) * 10 ** -decimals if decimals else 0.0
    if abs(got - tv) <= slack + 1e-9:
        return
    named = "、".join(f"R{x['row_no']}C{x['column_no']}={x['text']}" for x in parts)
    if empty:
        named += "; 空 empty: " + "、".join(empty)
    a.emit(c, dict(total, context=f"表{total['table_no']} {where_zh}: {total['text']}"),
           table=total["table_no"], where=where_zh, where_en=where_en, total=total["text"],
           sum=_fmt(got), cells=named, cell=f"R{total['row_no']}C{total['column_no']}")


@dataclass(frozen=True)
class TablePairParams:
    """``pairs``: [whole word, part word] pairs (应检, 实检): where two columns' (or rows')
    labels differ only by these words, the part's cell may not exceed the whole's."""

    pairs: list[list[str]] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"param 'pairs': each pair is [whole word, part word], got {p!r} "
                f"/ 参数 pairs 的每一对应为 [整体词, 部分词]"
                for p in self.pairs if len(p) != 2]


@check_kind("table_pair", TablePairParams)
def check_table_pair(c: Check, a: _Audit) -> None:
    """In a file's table, a part column (or row) larger than its whole: 实检 120 > 应检 100 in
    one row, where the two labels differ only by the pair's words."""
    p: TablePairParams = c.params
    for (_src, t), grid in _table_grid(a.cells).items():
        rows = sorted({r for r, _ in grid})
        cols = sorted({col for _, col in grid})
        clabel = {col: next((cell["column_label"].split("/")[-1] for (rr, cc), cell in grid.items()
                             if cc == col and cell["column_label"]), "") for col in cols}
        rlabel = {r: next((grid[(r, col)]["row_label"] for col in cols if (r, col) in grid), "")
                  for r in rows}
        for whole_w, part_w in p.pairs:
            # columns
            for wc in cols:
                if whole_w not in clabel[wc]:
                    continue
                for pc in cols:
                    if pc != wc and clabel[pc] == clabel[wc].replace(whole_w, part_w, 1):
                        for r in rows:
                            _pair_finding(c, a, grid.get((r, wc)), grid.get((r, pc)))
            # rows
            for wr in rows:
                if whole_w not in rlabel[wr]:
                    continue
                for pr in rows:
                    if pr != wr and rlabel[pr] == rlabel[wr].replace(whole_w, part_w, 1):
                        for col in cols:
                            _pair_finding(c, a, grid.get((wr, col)), grid.get((pr, col)))


def _pair_finding(c: Check, a: _Audit, whole: dict | None, part: dict | None) -> None:
    wv, pv = _cell_value(whole), _cell_value(part)
    if wv is None or pv is None or pv <= wv or (whole["unit"] or "") != (part["unit"] or ""):
        return
    a.emit(c, dict(part, context=f"表{part['table_no']} 第{part['row_no']}行 {part['row_label']}: "
                                 f"{part['column_label']} {part['text']} / {whole['column_label']} {whole['text']}"),
           table=part["table_no"], part=part["text"], whole=whole["text"],
           part_cell=f"R{part['row_no']}C{part['column_no']}", whole_cell=f"R{whole['row_no']}C{whole['column_no']}",
           part_label=part["column_label"] if part["row_no"] == whole["row_no"] else part["row_label"],
           whole_label=whole["column_label"] if part["row_no"] == whole["row_no"] else whole["row_label"])


def get_auditor(rules_dir=None) -> Auditor:
    """The compiled checks of the shipped rules (plus ``rules_dir``): ``RuleSet.load(rules_dir).auditor``."""
    from ..ruleset.load import RuleSet

    return RuleSet.load(rules_dir).auditor


def fail_status(findings_severities: list[str], fail_on: str) -> bool:
    """True when a finding at or above ``fail_on`` exists."""
    need = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK.get(s, 0) >= need for s in findings_severities)

