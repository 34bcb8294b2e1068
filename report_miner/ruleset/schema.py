"""The rule records: one frozen dataclass per section of each rule file, the one schema.

Each class lists the fields a record of its section may have, in file order: the YAML type of
each (``str``, ``list``, ``bool``, ``number``, ``dict``), whether it is required, and the default
the mining code gets when the YAML leaves it out. The validator (:mod:`report_miner.ruleset.load`,
``report-miner rules check``) checks the YAML against these same fields (:func:`schema_table`), and
:class:`report_miner.ruleset.load.RuleData` builds one record per YAML mapping
(:func:`from_yaml`), so the code that mines reads attributes (``rule.priority``) and never a
dict with a default of its own.

A field named with a trailing ``_`` (``not_``) is the YAML key without it (``not``). Lists
become tuples; a metric's ``match`` entries become :class:`MatchEntry` records. Every record
also knows where it was written (``file``, ``line``: not YAML fields).

>>> rec = from_yaml("blanks", "not_blanks", {"id": "x", "pattern": "人", "__line__": 3})
>>> rec.priority, rec.line, rec.examples
(0, 3, ())
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

#: the YAML types a field may have (``number``: an int or a float, not a bool)
STR, LIST, BOOL, NUM, DICT = str, list, bool, (int, float), dict

_REQUIRED = dataclasses.MISSING

#: the values some fields take (the validator reports any other)
UNIT_KINDS = {"count", "money", "area", "length", "weight", "percent", "permille", "ratio",
              "time", "other"}
POSITIONS = {"before", "after_number", "after_unit"}
BOUNDS = {"min", "max"}
BLANK_KINDS = {"missing_number", "placeholder", "missing_unit", "missing_text"}
SEVERITIES = {"info", "warning", "error"}
#: the values of the figures' ``direction`` column besides "" (rules/qualifiers.yaml, direction)
DIRECTIONS = {"减少", "增加"}


def _f(kind: Any, default: Any = _REQUIRED, choices: set | None = None) -> Any:
    """A record field of YAML type ``kind``; required unless a ``default`` is given;
    ``choices``: the values it may take."""
    meta = {"yaml": kind, "choices": choices}
    if default is _REQUIRED:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, kw_only=True)
class Record:
    """What every record has besides its section's fields: where it was written."""

    file: str = field(default="", compare=False, metadata={"internal": True})
    """The rule file as shown to the user (``[shipped] rules/blanks.yaml`` or the user's path)."""
    line: int = field(default=0, compare=False, metadata={"internal": True})
    """The line of the record in that file (0 when it was not read from a file)."""


# ----------------------------------------------------------------------------- units.yaml

@dataclass(frozen=True, kw_only=True)
class UnitRule(Record):
    """``units.yaml`` section ``units``: the forms of one unit (万元, 元) and what they count."""

    id: str = _f(STR)
    forms: tuple[str, ...] = _f(LIST)
    unit: str = _f(STR)
    scale: int | float = _f(NUM, 1)
    kind: str = _f(STR, choices=UNIT_KINDS)
    numerals: bool = _f(BOOL, True)
    not_before: str = _f(STR, "")
    note: str = _f(STR, "")


@dataclass(frozen=True, kw_only=True)
class UnitlessRule(Record):
    """``units.yaml`` section ``unitless``: a bare number read as a figure in some context."""

    id: str = _f(STR)
    before: str = _f(STR)
    expect: str = _f(STR)
    assume: str = _f(STR, "")
    not_: str = _f(STR, "")
    note: str = _f(STR, "")
    examples: tuple = _f(LIST, ())
    after: str = _f(STR, "")
    number: str = _f(STR, "")
    qualifier: tuple[str, ...] = _f(LIST, ())
    #: searched in the sentence up to the number (at most 60 characters), for what an earlier
    #: clause names (性别比一度偏高,2009年达到118.6: the ratio named before the clause of its value)
    lead: str = _f(STR, "")
    #: with an empty ``expect``: the unit was dropped all the same, though which one is unknown
    #: (劳务输出300 左右, 出栏逾10万): a missing_unit blank with unit "" is recorded
    blank: bool = _f(BOOL, False)


# ----------------------------------------------------------------------------- qualifiers.yaml

@dataclass(frozen=True, kw_only=True)
class Qualifier(Record):
    """``qualifiers.yaml`` section ``qualifiers``: 约, 余, 以上 … and what they make a figure."""

    id: str = _f(STR)
    form: str = _f(STR)
    position: str = _f(STR, choices=POSITIONS)
    approx: bool = _f(BOOL, False)
    bound: str | None = _f(STR, None, choices=BOUNDS)
    #: characters that, right before a ``before`` form, make it part of a word rather than a
    #: qualifier (签约3256户: 签约 is signing, not 约 "about")
    not_after: str = _f(STR, "")
    note: str = _f(STR, "")


@dataclass(frozen=True, kw_only=True)
class ContextRule(Record):
    """``qualifiers.yaml`` section ``context``: a named pattern the figure code asks for."""

    id: str = _f(STR)
    pattern: str = _f(STR)
    note: str = _f(STR, "")
    examples: tuple = _f(LIST, ())
    keeps: tuple = _f(LIST, ())
    words: tuple[str, ...] = _f(LIST, ())


@dataclass(frozen=True, kw_only=True)
class PerRule(Record):
    """``qualifiers.yaml`` section ``per``: what an amount is per (人, 户, 月 …)."""

    id: str = _f(STR)
    per: str = _f(STR)
    before: str = _f(STR, "")
    after: str = _f(STR, "")
    not_: str = _f(STR, "")
    note: str = _f(STR, "")


@dataclass(frozen=True, kw_only=True)
class DirectionRule(Record):
    """``qualifiers.yaml`` section ``direction``: words before a number that make it a change
    one way (减少, 下降 …; 增加, 增长 …)."""

    id: str = _f(STR)
    direction: str = _f(STR, choices=DIRECTIONS)
    before: str = _f(STR)
    not_: str = _f(STR, "")
    note: str = _f(STR, "")
    examples: tuple = _f(LIST, ())
    keeps: tuple = _f(LIST, ())


@dataclass(frozen=True, kw_only=True)
class WordList(Record):
    """A named list of words (``subject``, qualifiers ``numerals``, ``slot_words``,
    ``slot_units``, ``word_sets`` of blanks, metrics, units and qualifiers, structure ``words`` and
    ``layout``)."""

    id: str = _f(STR)
    words: tuple[str, ...] = _f(LIST)
    note: str = _f(STR, "")


@dataclass(frozen=True, kw_only=True)
class LayoutList(WordList):
    """A ``layout`` word list of ``rules/structure.yaml``; the ``text_tables`` record also
    gives ``min_rows``: the fewest consecutive lines that make a table written as text,
    ``contents``: the titles of a table of contents (目录), whose lines are no table,
    ``rule_characters``: the single characters a grid table's rule lines are drawn with
    (``+------+``, ``├──┼──┤``: layout between its rows), and ``contents_lines``: the fewest
    lines, each a heading and a page number, that are a contents page without its title
    (0, as in a rules folder that leaves it out: only under a title). The ``short_wraps``
    record gives ``min_lines``: the fewest lines of exactly one width that make a short
    paragraph wrapped at a fixed width (0: off), its ``words`` what ends its last line."""

    min_rows: int = _f(NUM, 2)
    contents: tuple[str, ...] = _f(LIST, ())
    rule_characters: tuple[str, ...] = _f(LIST, ())
    contents_lines: int = _f(NUM, 0)
    min_lines: int = _f(NUM, 0)


# ----------------------------------------------------------------------------- exclusions, metrics

@dataclass(frozen=True, kw_only=True)
class PatternRule(Record):
    """A record that is a pattern (exclusions, metric ``scope``, structure ``patterns``)."""

    id: str = _f(STR)
    pattern: str = _f(STR)
    note: str = _f(STR, "")
    examples: tuple = _f(LIST, ())
    keeps: tuple = _f(LIST, ())


@dataclass(frozen=True, kw_only=True)
class Exclusion(PatternRule):
    """``exclusions.yaml`` section ``exclusions``: what is not a figure (a pattern)."""

    enabled: bool = _f(BOOL, True)


@dataclass(frozen=True, kw_only=True)
class MatchEntry(Record):
    """One entry of a metric's ``match`` list: every field given must hold."""

    units: tuple[str, ...] | None = _f(LIST, None)
    before: str | None = _f(STR, None)
    after: str | None = _f(STR, None)
    not_: str | None = _f(STR, None)
    clause: str | None = _f(STR, None)
    lead: str | None = _f(STR, None)
    lead_not: str | None = _f(STR, None)
    tail: str | None = _f(STR, None)
    figure: str | None = _f(STR, None)
    """searched in the figure as written (number, qualifier, unit: 10万, 98, 300 左右); a
    blank's slot has no figure and is searched as ""."""
    figure_not: str | None = _f(STR, None)
    """veto, searched in the figure as written (rate.target: a unitless 10万 is no rate)."""


@dataclass(frozen=True, kw_only=True)
class MetricRule(Record):
    """``metrics.yaml`` section ``metrics``: a metric id and the entries that give it."""

    id: str = _f(STR)
    label: str = _f(STR)
    label_en: str | None = _f(STR, None)
    core: bool = _f(BOOL, False)
    core_rank: int | float | None = _f(NUM, None)
    priority: int | float = _f(NUM, 0)
    match: tuple[MatchEntry, ...] = _f(LIST)
    not_: str = _f(STR, "")
    column_unit: str = _f(STR, "")
    """The unit group of the metric's own compare column (default: its first match unit's)."""
    column: str = _f(STR, "")
    """The name of the metric's compare columns, the role and unit suffixes after it (default:
    its id); for an id that would read oddly with them (``rate.target``: rate.target_target)."""
    changes_other: bool = _f(BOOL, False)
    """A stated change (a figure with a ``direction``: 比上年增加300人, 净增20名) is no level of
    this metric: it gets "other" (metric_rule ``change``)."""
    note: str = _f(STR, "")


@dataclass(frozen=True, kw_only=True)
class UnitGroup(Record):
    """``metrics.yaml`` section ``unit_groups``: units that count the same thing (人, 名, 位),
    kept in one compare column; other groups get columns of their own."""

    id: str = _f(STR)
    label: str = _f(STR)
    units: tuple[str, ...] = _f(LIST)
    note: str = _f(STR, "")


# ----------------------------------------------------------------------------- blanks.yaml

@dataclass(frozen=True, kw_only=True)
class BlankRule(Record):
    """``blanks.yaml`` section ``blanks``: a pattern proposing blanks of one kind."""

    id: str = _f(STR)
    kind: str = _f(STR, choices=BLANK_KINDS)
    pattern: str = _f(STR)
    unit: str = _f(STR, "")
    segment: bool = _f(BOOL, False)
    after_figure: bool = _f(BOOL, False)
    """``true``: the slot may sit right where a figure ends (培训3批|人次: a second count whose
    own number is missing); by default a slot touching a figure is dropped (10个|村: the
    number is there)."""
    clause_ends: bool = _f(BOOL, False)
    """``true``: the slot's clause ends at its measure word, the words after it open the next
    clause (总人口人已婚育龄妇女人, punctuation dropped): the slot's metric is read from the
    words before it only."""
    priority: int | float = _f(NUM, 0)
    note: str = _f(STR, "")
    examples: tuple = _f(LIST, ())
    keeps: tuple = _f(LIST, ())
    enabled: bool = _f(BOOL, True)
    """``false`` switches the rule off (see :data:`SWITCHABLE`)."""


@dataclass(frozen=True, kw_only=True)
class NotBlank(Record):
    """``blanks.yaml`` section ``not_blanks``: a look-alike that vetoes missing_number blanks."""

    id: str = _f(STR)
    pattern: str = _f(STR)
    priority: int | float = _f(NUM, 0)
    note: str = _f(STR, "")
    examples: tuple = _f(LIST, ())
    keeps: tuple = _f(LIST, ())
    enabled: bool = _f(BOOL, True)


@dataclass(frozen=True, kw_only=True)
class UnitToken(Record):
    """``blanks.yaml`` section ``unit_tokens``: a measure word's unit as a figure would have it."""

    id: str = _f(STR)
    as_unit: str = _f(STR, "")
    prefixed_ok: bool = _f(BOOL, False)
    note: str = _f(STR, "")


# ----------------------------------------------------------------------------- structure, topics, checks

@dataclass(frozen=True, kw_only=True)
class ReportKind(Record):
    """``structure.yaml`` section ``kinds``: a title word and the report kind it names."""

    id: str = _f(STR)
    word: str = _f(STR)
    kind: str = _f(STR)
    label_en: str = _f(STR, "report")
    compare: str = _f(STR, "", choices={"", "results", "plan"})
    """How compare ranks reports of this kind: ``results`` (总结, 汇报 …) before others,
    ``plan`` (计划) after them, their targets in ``*_target`` columns."""
    not_before: str = _f(STR, "")
    """A regex: where it matches right after ``word``, that ``word`` names no kind (as
    ``not_before`` of a unit form): 计划生育 (family planning) in 计划生育协会换届工作报告 is
    no 计划 (plan)."""
    note: str = _f(STR, "")


@dataclass(frozen=True, kw_only=True)
class Topic(Record):
    """``topics.yaml`` section ``topics``."""

    id: str = _f(STR)
    label: str = _f(STR)
    keywords: str = _f(STR)
    note: str = _f(STR, "")


@dataclass(frozen=True, kw_only=True)
class CheckRule(Record):
    """``checks.yaml`` section ``checks``: one check; ``params`` as its kind's dataclass takes
    them (:mod:`report_miner.mining.audit`)."""

    id: str = _f(STR)
    kind: str = _f(STR)
    severity: str = _f(STR, choices=SEVERITIES)
    message_zh: str = _f(STR)
    message_en: str = _f(STR)
    params: dict = _f(DICT, None)
    note: str = _f(STR, "")
    examples: tuple = _f(LIST, ())
    enabled: bool = _f(BOOL, True)
    """``false`` switches the check off (see :data:`SWITCHABLE`)."""


@dataclass(frozen=True, kw_only=True)
class ArchiveCheckRule(CheckRule):
    """``checks.yaml`` section ``archive_checks``: one check across an archive (``report-miner
    audit --db``), with the fields of a per-report check; ``params`` as its kind's dataclass
    takes them (:mod:`report_miner.analysis.archive_audit`)."""


@dataclass(frozen=True, kw_only=True)
class Expected(Record):
    """``checks.yaml`` section ``expected``: the metrics reports of some kinds should state."""

    id: str = _f(STR)
    kinds: tuple[str, ...] = _f(LIST)
    metrics: tuple[str, ...] = _f(LIST)
    topic_metrics: tuple[str, ...] = _f(LIST, ())
    """Those of ``metrics`` that belong to one subject (family planning): asked of a report
    only when its title names that subject (``topic``) or names no other (``other_topics``)."""
    topic: str = _f(STR, "")
    """A regex: a title it matches is about the subject of ``topic_metrics``."""
    other_topics: str = _f(STR, "")
    """A regex: a title it matches (and ``topic`` does not) is about another subject (安全生产,
    人居环境整治): its report is not asked ``topic_metrics``."""
    note: str = _f(STR, "")


#: the record class of every section of every rule file (file -> section -> class)
RECORDS: dict[str, dict[str, type[Record]]] = {
    "units": {"units": UnitRule, "unitless": UnitlessRule, "word_sets": WordList},
    "qualifiers": {"qualifiers": Qualifier, "context": ContextRule, "per": PerRule,
                   "subject": WordList, "direction": DirectionRule, "numerals": WordList,
                   "word_sets": WordList},
    "exclusions": {"exclusions": Exclusion},
    "metrics": {"metrics": MetricRule, "scope": PatternRule, "unit_groups": UnitGroup,
                "word_sets": WordList},
    "blanks": {"blanks": BlankRule, "not_blanks": NotBlank, "slot_words": WordList,
               "slot_units": WordList, "word_sets": WordList, "unit_tokens": UnitToken},
    "structure": {"kinds": ReportKind, "patterns": PatternRule, "words": WordList,
                  "layout": LayoutList},
    "topics": {"topics": Topic},
    "checks": {"checks": CheckRule, "expected": Expected, "archive_checks": ArchiveCheckRule},
}


#: the sections whose records may be switched off with ``enabled: false``: a user's record of
#: that id then needs no other field, and the rule is left out as if it were not written
SWITCHABLE = {("checks", "checks"), ("checks", "archive_checks"), ("blanks", "blanks"),
              ("blanks", "not_blanks"), ("exclusions", "exclusions")}


def yaml_name(f: dataclasses.Field) -> str:
    """The YAML key of a record field: its name without a trailing ``_`` (``not_`` is ``not``)."""
    return f.name.rstrip("_")


def yaml_fields(cls: type[Record]) -> list[dataclasses.Field]:
    """The fields of ``cls`` written in YAML, in file order (``file``/``line`` left out)."""
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def field_table(cls: type[Record]) -> dict[str, tuple[Any, bool]]:
    """``{yaml key: (YAML type, required)}`` of a record class, as the validator reads it."""
    return {yaml_name(f): (f.metadata["yaml"], f.default is _REQUIRED) for f in yaml_fields(cls)}


def schema_table() -> dict[str, dict[str, dict[str, tuple[Any, bool]]]]:
    """:func:`field_table` of every section of every rule file (file -> section -> fields)."""
    return {name: {section: field_table(cls) for section, cls in sections.items()}
            for name, sections in RECORDS.items()}


def _value(name: str, value: Any) -> Any:
    if name == "match" and isinstance(value, list):
        return tuple(_build(MatchEntry, m) for m in value)
    if isinstance(value, list):
        return tuple(value)
    return value


_KEYS: dict[type, tuple[tuple[str, str], ...]] = {}


def _build(cls: type[Record], rec: dict) -> Record:
    keys = _KEYS.get(cls)
    if keys is None:
        keys = _KEYS[cls] = tuple((f.name, yaml_name(f)) for f in yaml_fields(cls))
    kwargs = {name: _value(name, rec[key]) for name, key in keys if key in rec}
    return cls(**kwargs, file=rec.get("__file__", ""), line=rec.get("__line__", 0))


def from_yaml(file: str, section: str, rec: dict) -> Record:
    """The record of one validated YAML mapping of ``file``'s ``section`` (keys the schema does
    not know are left out: ``__line__``, ``__file__``)."""
    return _build(RECORDS[file][section], rec)
