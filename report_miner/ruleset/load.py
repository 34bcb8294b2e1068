"""Rules as data: one loader and one validator for every file under ``rules/``.

The shipped rules live in the package (``report_miner.rules``, the top-level ``rules/`` folder of
the source tree). A user can add or override rules without touching Python: put YAML files of
the same names in a folder and pass it as ``rules_dir`` (``--rules DIR`` on the command line).
Records in the user's file with an ``id`` that already exists replace the shipped record; new
ids are added.

Every record is a mapping with an ``id``. A malformed file raises :class:`RuleError` listing
*every* problem with its file, line and rule id, for example::

    [RM100] 规则文件有误 / invalid rule file(s):
      my_rules/metrics.yaml:41 (population.total): field 'before': bad regex: missing ) at 3

A user's file is named with the path given, a shipped one as ``[shipped] rules/metrics.yaml``;
the line is that of the field at fault (of a ``match`` entry's field, of a check's param).

Run ``report-miner rules check [DIR]`` to validate a folder.

:class:`RuleSet` is the compiled form of one folder (``RuleSet.load(dir)``): the scanners,
classifier, checks and segmenter the mining code reads, built once and passed explicitly.
"""
from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
import os
import threading
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable

import regex
import yaml

from ..errors import RuleError
from .schema import BOOL as _BOOL, DICT as _DICT, LIST as _LIST, NUM as _NUM, STR as _STR  # noqa: F401
from .schema import RECORDS, SWITCHABLE, MatchEntry, Record, from_yaml, schema_table, yaml_fields, yaml_name
from .schema import BLANK_KINDS, BOUNDS, DIRECTIONS, POSITIONS, SEVERITIES, UNIT_KINDS  # noqa: F401 (the values fields take)

RULE_FILES = ("units", "qualifiers", "exclusions", "metrics", "blanks", "checks", "topics",
              "structure")


#: file -> section -> field -> (YAML type or tuple of types, required): read off the record
#: classes of :mod:`report_miner.ruleset.schema`, so the validator checks the fields the mining
#: code reads, with the same names, types and defaults
SCHEMAS: dict[str, dict[str, dict[str, tuple[Any, bool]]]] = schema_table()
#: the fields of one entry of a metric's ``match`` list (:class:`~report_miner.ruleset.schema.MatchEntry`)
MATCH_FIELDS = {yaml_name(f): f.metadata["yaml"] for f in yaml_fields(MatchEntry)}
#: the named groups the blank scanner reads, per kind: each tuple is one requirement, met by
#: any of its groups (``slot``: where an empty slot is; ``token``: a placeholder's text;
#: ``unit``: the measure word after a missing number)
BLANK_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "missing_number": (("unit",),),
    "placeholder": (("token",),),
    "missing_text": (("slot", "token"),),
    "missing_unit": (("slot", "token"),),
}
KNOWN_BLANK_GROUPS = ("slot", "token", "unit")
#: a macro reference in a pattern, ``{UNITS}``, ``{HOUSEHOLD_KINDS}`` (not a ``\{`` literal,
#: nor a property or a name: ``\p{L}``, ``\P{N}``, ``\N{...}``)
_MACRO_RE = regex.compile(r"(?<!\\)(?<!\\[pPN])\{[A-Z][A-Z0-9_]*\}")
REGEX_FIELDS = {"before", "after", "not", "clause", "lead", "lead_not", "tail", "figure", "figure_not", "pattern", "keywords", "number",
                "not_before", "topic", "other_topics"}
#: sections whose records are named parts the code asks for: only these ids are allowed
FIXED_IDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("qualifiers", "context"): ("counted_one", "continues", "change_from", "range_after",
                                "weak_subject", "part_of", "place_part", "coordinated",
                                "place_line", "total_after", "whole_word", "seam_kept_before",
                                "seam_kept_after", "opens_clause_after",
                                "opens_clause_after_number"),
    ("qualifiers", "subject"): ("noun_tags", "noun_like_verbs", "skip_before", "copulas"),
    ("qualifiers", "numerals"): ("lone_magnitude_after", "bare_magnitude_after", "lone_magnitude_before"),
    ("metrics", "scope"): ("township_level", "basics_section", "planned", "target", "target_lead",
                           "actual", "target_section", "plan_fact", "full_year"),
    ("structure", "patterns"): ("title_words", "period", "report_start"),
    ("structure", "words"): ("generic_places", "not_in_name", "not_after_place", "name_boundary",
                             "may_open_name", "may_join_name", "no_join_after", "year_since",
                             "place_suffixes", "title_place_suffixes"),
    ("structure", "layout"): ("caption_words", "column_headers", "leader_ellipses", "leader_dots",
                              "total_labels", "text_tables", "unit_column_headers", "short_wraps"),
}
#: word lists that are sets of single characters
SINGLE_CHARACTERS = {("blanks", "word_sets"): {"slot_not_after"},
                     ("structure", "words"): {"not_in_name", "not_after_place", "may_open_name",
                                              "may_join_name", "no_join_after"},
                     ("structure", "layout"): {"leader_ellipses", "leader_dots", "text_tables",
                                               "short_wraps"}}


# libyaml's parser when PyYAML has it (several times faster), else the pure-Python one
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that remembers the line of every mapping as ``__line__`` and the line
    of each of its keys in :attr:`_Mapping.key_lines` (so a problem is reported at the line
    of the field, not of the record)."""


class _Mapping(dict):
    """A YAML mapping as read: a plain dict that also knows the line of each key."""

    key_lines: dict


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set = set()
    for k, _v in node.value:  # a key given twice would silently replace the first one's value
        if isinstance(k, yaml.ScalarNode):
            if k.value in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"field {k.value!r} given twice in one record (the second would "
                    f"replace the first) / 同一记录中字段重复", k.start_mark)
            seen.add(k.value)
    mapping = _Mapping(yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=True))
    mapping["__line__"] = node.start_mark.line + 1
    mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _v in node.value
                         if isinstance(getattr(k, "value", None), str)}
    return mapping


def key_line(rec: dict, key: str):
    """The line of ``rec``'s field ``key`` in its file (the record's own line when unknown)."""
    lines = getattr(rec, "key_lines", None) or {}
    return lines.get(key, rec.get("__line__", "?"))


#: a plain sentence with no blank: a blank, not_blanks or exclusion pattern that matches the
#: empty string at more than :data:`_EMPTY_MATCHES_ALLOWED` of its positions would find a
#: "blank" (or veto one) at nearly every character
_PLAIN_TEXTS = ("全镇共有10个村。", "我镇辖3个社区,总人口12000人。")
_EMPTY_MATCHES_ALLOWED = 2
#: sections whose ``pattern`` marks spans in running text (a pattern that may match nothing)
_SPAN_PATTERNS = {("blanks", "blanks"), ("blanks", "not_blanks"), ("exclusions", "exclusions")}


def _matches_empty_everywhere(pattern: str, macros: dict[str, str] | None) -> bool:
    """Does ``pattern`` match the empty string at many positions of a plain sentence?"""
    cre = regex.compile(expand(pattern, macros))
    for text in _PLAIN_TEXTS:
        empty = sum(1 for m in cre.finditer(text) if m.start() == m.end())
        if empty > _EMPTY_MATCHES_ALLOWED:
            return True
    return False


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


#: the most nodes a rule file may hold once its aliases are expanded: the shipped files hold a
#: few thousand; a YAML "alias bomb" (anchors nesting anchors) expands to millions or more
MAX_YAML_NODES = 200_000


class _AliasBomb(Exception):
    """A rule file whose aliases expand beyond :data:`MAX_YAML_NODES` nodes, or refer to
    themselves."""


def _expanded_size(root: yaml.Node, limit: int = MAX_YAML_NODES) -> int:
    """How many nodes ``root`` stands for with every alias expanded, computed without expanding
    (an aliased node is counted once per use from a per-node memo); raises :class:`_AliasBomb`
    past ``limit`` or on a node that contains itself."""
    memo: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in memo:
            return memo[key]
        if key in busy:
            raise _AliasBomb("an alias refers to a node that contains it (recursive anchor)")
        busy.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
                if total > limit:
                    break
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
                if total > limit:
                    break
        busy.discard(key)
        if total > limit:
            raise _AliasBomb(f"its aliases expand to more than {limit:,} nodes (a YAML alias bomb?)")
        memo[key] = total
        return total

    return size(root)


def _load_yaml_bounded(text: str):
    """Parse ``text`` like ``yaml.load(text, Loader=_LineLoader)``, but measure the node graph
    (aliases expanded) before building any Python object from it."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _read_yaml(path: Path, label: str, problems: list[str]) -> dict | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{label}: cannot read: {exc} / 无法读取文件")
        return None
    try:
        data = _load_yaml_bounded(text)
    except (_AliasBomb, RecursionError) as exc:
        why = exc if isinstance(exc, _AliasBomb) else "nested too deeply"
        problems.append(f"{label}: refused: {why} / 规则文件过大或别名嵌套过深, 已拒绝")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{label}:{mark.line + 1}" if mark else label
        problems.append(f"{where}: YAML syntax error: {getattr(exc, 'problem', exc)} / YAML 语法错误")
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(f"{label}:1: top level must be a mapping of sections, got {type(data).__name__} "
                        f"/ 文件顶层须为各节(section)的映射")
        return None
    return data


def literal_alternation(words: Iterable[str]) -> str:
    """A regex group matching any of ``words``, the longest first where several fit: the same
    matches, in the same order of preference, as ``(?:平方公里|平方米|…|人次|…|人|…)`` sorted
    longest first, but written as a tree of shared first characters, so that the engine tries
    one branch per character instead of every word (``人次?`` instead of ``人次|…|人``). Words
    that differ at some character exclude each other at one position, so only the order of a
    word and its own prefixes matters, and the greedy ``?`` keeps it longest first.

    >>> literal_alternation(["人", "人次", "户", "户次", "万元", "元"])
    '(?:万元|人次?|户次?|元)'
    >>> literal_alternation(["平方公里", "平方米", "个", "名"])
    '(?:平方(?:公里|米)|[个名])'
    """
    def tree(suffixes: list[str]) -> tuple[str, bool]:
        """The group for ``suffixes`` (in order of preference) and whether it is one atom."""
        groups: dict[str, list[str]] = {}
        ends_here = False
        for w in suffixes:
            if w:
                groups.setdefault(w[0], []).append(w[1:])
            else:
                ends_here = True
        alts: list[tuple[str, bool]] = []
        singles = [regex.escape(c) for c, rest in groups.items() if rest == [""]]
        for c, rest in groups.items():
            if rest != [""]:
                sub, atom = tree(rest)
                alts.append((regex.escape(c) + sub, False))
        if singles:
            alts.append((singles[0], True) if len(singles) == 1 else ("[" + "".join(singles) + "]", True))
        if len(alts) == 1:
            body, atom = alts[0]
        else:
            body, atom = "(?:" + "|".join(a for a, _ in alts) + ")", True
        if ends_here:  # a word ends here: the longer ones first (greedy ?), then this one
            return (body if atom else "(?:" + body + ")") + "?", False
        return body, atom

    ws = sorted(set(words), key=lambda w: (-len(w), w))
    if not ws:
        return "(?:)"
    body, _ = tree(ws)
    # a group already when it is the alternation of several first characters
    return body if body.startswith("(?:") and body.endswith(")") else "(?:" + body + ")"



def unit_macros(slot_units: list[dict], word_sets: list[dict] = ()) -> dict[str, str]:
    """``{UNITS}`` and ``{CLASSIFIERS}`` for blank patterns, from ``blanks.yaml``'s slot_units,
    and one ``{ID}`` per record of its ``word_sets`` (``{HOUSEHOLD_KINDS}``), each a group
    that matches the longest word that fits first (:func:`literal_alternation`)."""
    alt = literal_alternation

    every = [w for r in slot_units if r.get("id") != "classifiers" for w in r.get("words", [])]
    cls = [w for r in slot_units if r.get("id") == "classifiers" for w in r.get("words", [])]
    macros = {"{UNITS}": alt(every or ["人"]), "{CLASSIFIERS}": alt(cls or ["个"])}
    macros.update(word_set_macros(word_sets))
    return macros


#: the rule files whose patterns may name a list of their own ``word_sets`` as ``{ID}``
#: (blanks.yaml's are expanded by the blank scanner, with ``{UNITS}``: :func:`unit_macros`),
#: and whose word lists (``words``) may hold one as an item, its words put in its place
WORD_SET_FILES = ("metrics", "units", "qualifiers")
#: files whose patterns may also name a list of qualifiers.yaml's ``word_sets`` (the words
#: around numbers, shared; a file's own list of the same id wins): metrics.yaml, read after it
SHARES_QUALIFIER_SETS = ("metrics",)


def word_set_macros(word_sets: Iterable[dict]) -> dict[str, str]:
    """One ``{ID}`` per record of a ``word_sets`` section (id ``subset_leads`` is written
    ``{SUBSET_LEADS}`` in a pattern), each a group that matches any of its words, the longest
    first (:func:`literal_alternation`). Records that are not a list of words are left out
    (``rules check`` names them).

        >>> word_set_macros([{"id": "leads", "words": ["覆盖", "走访"]}])
        {'{LEADS}': '(?:覆盖|走访)'}
    """
    return {"{" + r["id"].upper() + "}": literal_alternation(str(w) for w in r["words"])
            for r in word_sets
            if isinstance(r, dict) and isinstance(r.get("id"), str) and isinstance(r.get("words"), list)}


def word_set_lists(word_sets: Iterable[dict]) -> dict[str, list[str]]:
    """``{ID}`` → the words of each record of a ``word_sets`` section, for word lists that
    name one as an item (``words: [近, 约, "{BOUND_VERBS}"]``).

        >>> word_set_lists([{"id": "leads", "words": ["覆盖", "走访"]}])
        {'{LEADS}': ['覆盖', '走访']}
    """
    return {"{" + r["id"].upper() + "}": [str(w) for w in r["words"]]
            for r in word_sets
            if isinstance(r, dict) and isinstance(r.get("id"), str) and isinstance(r.get("words"), list)}


def _spliced(words: list, lists: dict[str, list[str]]) -> list:
    """A ``words`` list with each item that names a word set replaced by its words."""
    out: list = []
    for w in words:
        out.extend(lists[w] if isinstance(w, str) and w in lists else [w])
    return out


def expand_word_sets(records: list[dict], macros: dict[str, str],
                     lists: dict[str, list[str]] | None = None) -> list[dict]:
    """``records`` with every ``{ID}`` of ``macros`` written out in their pattern fields (and in
    a metric's ``match`` entries), and a ``words`` item naming a list of ``lists`` replaced by
    its words: copies, the records read from YAML are left as they are."""
    def fields(d: dict) -> dict:
        return {k: expand(v, macros) if k in REGEX_FIELDS and isinstance(v, str)
                else _spliced(v, lists) if k == "words" and lists and isinstance(v, list) else v
                for k, v in d.items()}

    out = []
    for rec in records:
        if not isinstance(rec, dict):
            out.append(rec)
            continue
        new = fields(rec)
        if isinstance(rec.get("match"), list):
            new["match"] = [fields(m) if isinstance(m, dict) else m for m in rec["match"]]
        out.append(new)
    return out


def expand(pattern: str, macros: dict[str, str] | None) -> str:
    for k, v in (macros or {}).items():
        pattern = pattern.replace(k, v)
    return pattern


def _check_regex(pattern: str, macros: dict[str, str] | None = None) -> str | None:
    pattern = expand(pattern, macros)
    try:
        regex.compile(pattern)
    except regex.error as exc:
        return str(exc)
    return None


def _unknown_macros(pattern: str, macros: dict[str, str] | None) -> str | None:
    """A ``{NAME}`` left in a pattern that no macro expands (``{HOUSEHOLD_KIND}`` for
    ``{HOUSEHOLD_KINDS}``): it would stay a literal that never matches."""
    left = [m.group() for m in _MACRO_RE.finditer(expand(pattern, macros))]
    if not left:
        return None
    known = (", ".join(macros or ()) or "none here: name a list of this file's word_sets "
             "(blanks.yaml, metrics.yaml, units.yaml, qualifiers.yaml)")
    return f"unknown macro {', '.join(dict.fromkeys(left))} (known: {known})"


def _blank_group_problems(rec: dict, macros: dict[str, str] | None) -> list[str]:
    """The named groups a blank rule's kind needs (:data:`BLANK_GROUPS`) and no others."""
    pat = rec.get("pattern")
    if not isinstance(pat, str) or _check_regex(pat, macros):
        return []  # reported already
    groups = regex.compile(expand(pat, macros)).groupindex
    out = []
    for need in BLANK_GROUPS.get(rec["kind"], ()):
        if not any(g in groups for g in need):
            names = " or ".join(f"(?P<{g}>...)" for g in need)
            out.append(f"kind {rec['kind']} needs the named group {names} in its pattern "
                       f"/ 类型 {rec['kind']} 的 pattern 须含命名组 {names}")
    if rec.get("segment") and rec["kind"] != "missing_number":
        out.append("segment: true asks the segmenter about a measure word: only for kind "
                   "missing_number / segment: true 只用于 missing_number 类型")
    if rec.get("clause_ends") is True and rec["kind"] != "missing_number":
        out.append("clause_ends: true says where a slot's metric is read: only for kind "
                   "missing_number (other kinds get no metric) / clause_ends: true 只用于 "
                   "missing_number 类型")
    # a group the pattern refers back to ((?P=d) after (?P<d>...)) is the pattern's own
    # business; any other unknown name is most likely a misspelt slot/token/unit
    expanded = expand(pat, macros)
    backrefs = set(regex.findall(r"\(\?P=(\w+)\)|\\g<(\w+)>", expanded))
    backrefs = {a or b for a, b in backrefs}
    for g in groups:
        if g not in KNOWN_BLANK_GROUPS and g not in backrefs:
            out.append(f"unknown named group (?P<{g}>...) in pattern (the scanner reads "
                       f"{', '.join(KNOWN_BLANK_GROUPS)}; other names are for back-references "
                       f"(?P={g}) only) / pattern 中有未知的命名组 (?P<{g}>...)")
    return out


#: qualifiers.yaml context patterns that figures.py also puts, without their leading ``^``,
#: inside a look-ahead of the figure pattern (a bare number's end: 性别比108.6较上年下降)
INSIDE_FIGURE_PATTERN = ("opens_clause_after", "opens_clause_after_number")
# a ``^`` anchor that is neither escaped nor a class's negation ([^,。])
_CARET_ANCHOR = regex.compile(r"(?<!\\)(?<!\[)\^")


def _inside_figure_problems(pat: str) -> list[str]:
    """A context pattern put inside the figure pattern must start with ``^``, have no other
    ``^`` (mid-text it never matches) and no named group (the figure pattern has its own)."""
    out = []
    if not pat.startswith("^") or _CARET_ANCHOR.search(pat, 1):
        out.append("this pattern is read from the start of the words after a figure and is also "
                   "put inside the figure pattern: it must start with ^ and have no other ^ "
                   "(write ^(?:全年|今年), not 全年|^今年) / 此模式须以 ^ 开头且不得再含 ^")
    if regex.compile(pat).groupindex:
        out.append("this pattern is put inside the figure pattern: no named groups "
                   "(?P<name>...), use (?:...) / 此模式不得含命名组, 请用 (?:...)")
    return out


def _check_problems(rec: dict, section: str = "checks") -> list[str]:
    """A check's kind and params, as the check registry validates them
    (:func:`report_miner.mining.audit.validate_check`; the archive checks against
    :data:`report_miner.analysis.archive_audit.ARCHIVE_CHECK_KINDS`)."""
    from ..mining.audit import validate_check  # noqa: PLC0415 - audit is loaded only when needed

    if rec.get("kind") is None:  # missing or empty: said above as such, not as "unknown kind 'None'"
        return []
    if section == "archive_checks":
        from ..analysis.archive_audit import ARCHIVE_CHECK_KINDS  # noqa: PLC0415

        return validate_check(rec, ARCHIVE_CHECK_KINDS)
    return validate_check(rec)


#: the fields of a ``layout`` record of structure.yaml beyond ``words``: the record each belongs to
LAYOUT_FIELD_OWNERS = {"contents": "text_tables", "min_rows": "text_tables",
                       "rule_characters": "text_tables", "contents_lines": "text_tables",
                       "min_lines": "short_wraps"}
#: the whole-number ones: fewest, most (None: no limit; with a limit 0 switches it off), why
_LAYOUT_NUMBERS = {
    "min_rows": (2, None, "a table has a header or two rows at least", "须为不小于 2 的整数"),
    "contents_lines": (2, 100, "the fewest entries of a contents page without its title",
                       "须为 0(关闭)或 2 至 100 的整数"),
    "min_lines": (2, 7, "the fewest lines of one width of a short wrapped paragraph; a text with "
                  "8 or more is measured as a whole", "须为 0(关闭)或 2 至 7 的整数"),
}


def _layout_problems(rec: dict, rid: Any, at, problems: list[str]) -> None:
    """The fields of a ``layout`` record (:data:`LAYOUT_FIELD_OWNERS`): on their own record only,
    numbers in their range, titles and rule characters usable."""
    for key, owner in LAYOUT_FIELD_OWNERS.items():
        if key not in rec:
            continue
        v = rec[key]
        if rid != owner:
            problems.append(f"{at(key)}: {key} belongs to the record '{owner}' only "
                            f"/ {key} 仅用于 {owner}")
        elif key in _LAYOUT_NUMBERS:
            lo, hi, why, zh = _LAYOUT_NUMBERS[key]
            ok = (not isinstance(v, bool) and isinstance(v, int)
                  and (v >= lo if hi is None else (v == 0 or lo <= v <= hi)))
            if not ok:
                want = (f"a whole number of {lo} or more" if hi is None
                        else f"0 (off) or a whole number from {lo} to {hi}")
                problems.append(f"{at(key)}: {key} must be {want} ({why}), got {v!r} / {key} {zh}")
        elif key == "contents" and isinstance(v, list):
            bad = [w for w in v if not isinstance(w, str) or not "".join(w.split())]
            if bad:
                problems.append(f"{at(key)}: contents must be non-empty strings (titles such as "
                                f"目录), got {bad!r} / contents 须为非空字符串")
        elif key == "rule_characters" and isinstance(v, list):
            bad = [c for c in v if not isinstance(c, str) or len(c) != 1 or c.isspace()
                   or c.isalnum() or c in (rec.get("words") or ())]
            if bad:
                problems.append(f"{at(key)}: rule_characters must be single characters "
                                f"that draw a rule line (-, =, +, ─, ━ …), no blank, letter, digit "
                                f"or cell separator of words; got {bad!r} "
                                f"/ rule_characters 须为画表格线的单个字符(不可为空白、字母、数字或分隔符)")


def _validate_record(name: str, section: str, rec: Any, label: str, problems: list[str],
                     macros: dict[str, str] | None = None) -> None:
    schema = SCHEMAS[name][section]
    if not isinstance(rec, dict):
        problems.append(f"{label}: section '{section}': each rule must be a mapping, got {rec!r} "
                        f"/ 每条规则须为映射(键: 值)")
        return
    line = rec.get("__line__", "?")
    rid = rec.get("id", "?")
    where = f"{label}:{line} ({rid})"

    def at(key: str, entry: dict = rec) -> str:  # where a field's problem is: its own line
        return f"{label}:{key_line(entry, key)} ({rid})"

    # a record that only switches a rule off (id + enabled: false) needs no other field
    switched_off = _switched_off(name, section, rec) and any(
        required and key not in rec for key, (_t, required) in schema.items())
    for key, (typ, required) in schema.items():
        if key not in rec:
            if required and not (switched_off and key != "id"):
                problems.append(f"{where}: missing field '{key}' / 缺少字段 '{key}'")
            continue
        val = rec[key]
        if typ is _NUM and isinstance(val, bool) or not isinstance(val, typ):
            tname = typ.__name__ if isinstance(typ, type) else "number"
            problems.append(f"{at(key)}: field '{key}' must be {tname}, got {val!r} / 字段 '{key}' 的类型不对(应为 {tname})")
            continue
        if key == "words" and (unknown := [w for w in val if isinstance(w, str)
                                           and _MACRO_RE.fullmatch(w) and w not in (macros or {})]):
            known = ", ".join(m for m in (macros or {}) if m not in ("{UNITS}", "{CLASSIFIERS}")) or "none"
            problems.append(f"{at(key)}: field 'words': unknown word set {', '.join(unknown)} (known: "
                            f"{known}) / 字段 'words' 引用了未知的词表(word_sets)")
        if key in REGEX_FIELDS and (err := _check_regex(val, macros)):
            problems.append(f"{at(key)}: field '{key}': bad regex: {err} / 字段 '{key}' 的正则表达式有误")
        elif key in REGEX_FIELDS and (err := _unknown_macros(val, macros)):
            problems.append(f"{at(key)}: field '{key}': {err} / 字段 '{key}' 引用了未知的词表(word_sets)或宏")
        elif (key == "pattern" and (name, section) in _SPAN_PATTERNS
              and _matches_empty_everywhere(val, macros)):
            problems.append(f"{at(key)}: field 'pattern' matches the empty string almost "
                            f"everywhere (e.g. in {_PLAIN_TEXTS[0]!r}), so it would fire at "
                            f"every character: give the slot some context around it "
                            f"(位于(?P<slot>),) / 模式可匹配空串, 需要上下文")
    for key in rec:
        if key != "__line__" and key not in schema:
            problems.append(f"{at(key)}: unknown field '{key}' (allowed: {', '.join(schema)}) / 未知字段 '{key}'")
    if switched_off:
        return  # nothing of it is used: only the fields it gives were checked
    allowed = FIXED_IDS.get((name, section))
    if allowed and isinstance(rid, str) and rid not in allowed:
        problems.append(f"{at('id')}: unknown id (section '{section}' takes: {', '.join(allowed)}) / 未知的 id")
    words = rec.get("words")
    if isinstance(words, list):
        bad = [w for w in words if not isinstance(w, str) or not w]
        if not words and "words" in schema and schema["words"][1]:
            # an empty list would compile to a group that matches nothing or the empty string
            problems.append(f"{at('words')}: words must not be empty (list one word at least) "
                            f"/ words 不能为空")
        elif bad:
            problems.append(f"{at('words')}: words must be non-empty strings (quote them), got {bad!r} "
                            f"/ words 须为非空字符串(请加引号)")
        elif rid in SINGLE_CHARACTERS.get((name, section), ()) and any(len(w) != 1 for w in words):
            problems.append(f"{at('words')}: words must be single characters, got "
                            f"{[w for w in words if len(w) != 1]!r} / words 须为单个字符")
    # the values a field may take (its ``choices`` in the schema): units' kind, a qualifier's
    # position and bound, a blank rule's kind, a check's severity
    for f in yaml_fields(RECORDS[name][section]):
        key, choices = yaml_name(f), f.metadata.get("choices")
        if choices and key in rec and rec.get(key) not in choices:  # a missing one is said above
            problems.append(f"{at(key)}: {key} must be one of {sorted(choices)} / {key} 须为以下之一: {sorted(choices)}")
    # file-specific checks
    if name == "structure" and section == "layout":
        _layout_problems(rec, rid, at, problems)
    if name == "units" and section == "units":
        if not all(isinstance(f, str) and f for f in rec.get("forms", [])):
            problems.append(f"{at('forms')}: forms must be non-empty strings / forms 须为非空字符串")
    if name == "metrics":
        for i, m in enumerate(rec.get("match") or []):
            if not isinstance(m, dict):
                problems.append(f"{at('match')}: match[{i}] must be a mapping / match[{i}] 须为映射(键: 值)")
                continue
            for k, v in m.items():
                if k == "__line__":
                    continue
                if k not in MATCH_FIELDS:
                    problems.append(f"{at(k, m)}: match[{i}]: unknown field '{k}' "
                                    f"(allowed: {', '.join(MATCH_FIELDS)}) / match[{i}] 有未知字段 '{k}'")
                elif not isinstance(v, MATCH_FIELDS[k]):
                    problems.append(f"{at(k, m)}: match[{i}].{k} has the wrong type: {v!r} / match[{i}].{k} 的类型不对")
                elif k in REGEX_FIELDS and (err := _check_regex(v, macros)):
                    problems.append(f"{at(k, m)}: match[{i}].{k}: bad regex: {err} / match[{i}].{k} 的正则表达式有误")
                elif k in REGEX_FIELDS and (err := _unknown_macros(v, macros)):
                    problems.append(f"{at(k, m)}: match[{i}].{k}: {err} / match[{i}].{k} 引用了未知的词表(word_sets)或宏")
    if name == "blanks" and section == "blanks":
        if rec.get("kind") in BLANK_KINDS:
            problems.extend(f"{at(p.split(':', 1)[0] if p.startswith(('segment:', 'clause_ends:')) else 'pattern')}: {p}"
                            for p in _blank_group_problems(rec, macros))
    if (name == "qualifiers" and section == "context" and rid in INSIDE_FIGURE_PATTERN
            and isinstance(rec.get("pattern"), str) and not _check_regex(rec["pattern"], macros)):
        problems.extend(f"{at('pattern')}: {p}" for p in _inside_figure_problems(rec["pattern"]))
    if name == "checks" and section in ("checks", "archive_checks"):
        for p in _check_problems(rec, section):
            params = rec.get("params") if isinstance(rec.get("params"), dict) else None
            named = regex.search(r"param '([^']+)'", p)
            if params is not None and named and named.group(1) in params:
                problems.append(f"{at(named.group(1), params)}: {p}")  # the param's own line
            else:
                problems.append(f"{at('params' if params is not None and 'param' in p else 'kind')}: {p}")
    # self-tests carried by the rule: examples must match, keeps must not
    pat = rec.get("pattern") or rec.get("before")
    if isinstance(pat, str) and not _check_regex(pat, macros):
        cre = regex.compile(expand(pat, macros))
        for ex in rec.get("examples") or []:
            if not cre.search(str(ex)):
                problems.append(f"{at('examples')}: example {ex!r} is not matched by the pattern / 示例 {ex!r} 未被 pattern 匹配")
        for ex in rec.get("keeps") or []:
            if cre.search(str(ex)):
                problems.append(f"{at('keeps')}: 'keeps' example {ex!r} is matched by the pattern / keeps 示例 {ex!r} 不应被 pattern 匹配")


#: the strings every pattern of a user's rule folder is tried on: runs of one character and of
#: Chinese text and digits, with and without a non-matching tail, where a pattern with nested or
#: overlapping repetition (``(?:x|xx)+z``) backtracks for minutes
PROBE_TEXTS = ("x" * 40, "x" * 40 + "y", "1" * 60, "1" * 60 + "x", "镇" * 200, "镇" * 200 + "x",
               "一二三四五六七八九十" * 20 + "x", "12,345.6" * 30 + "x", "全镇共有10个村, " * 20 + "x",
               " " * 100 + "x")
#: seconds one probe may take: a sound pattern needs well under a millisecond for these strings
PROBE_TIMEOUT = 0.5


def probe_pattern(pattern: str, macros: dict[str, str] | None = None,
                  timeout: float = PROBE_TIMEOUT) -> str | None:
    """Try a (valid) rule pattern on :data:`PROBE_TEXTS` with a time limit: the string it
    timed out on (shortened), or None when it is quick on every one."""
    cre = regex.compile(expand(pattern, macros))
    for text in PROBE_TEXTS:
        try:
            for _m in cre.finditer(text, timeout=timeout):
                pass
        except TimeoutError:
            shown = text if len(text) <= 48 else f"{text[:12]!s}…({len(text)} characters)"
            return shown
    return None


def slow_pattern_problems(name: str, data: dict, label: str,
                          macros: dict[str, str] | None = None) -> list[str]:
    """Every pattern of one (already valid) rule file that takes more than
    :data:`PROBE_TIMEOUT` seconds on a :data:`PROBE_TEXTS` string: it could hang extraction on
    a real report (catastrophic backtracking), so it is an error naming file, line and id."""
    out = []
    for section, records in data.items():
        if section == "__line__" or not isinstance(records, list):
            continue
        for rec in records:
            if not isinstance(rec, dict):
                continue
            rid = rec.get("id", "?")
            fields = [(k, v, rec, k) for k, v in rec.items() if k in REGEX_FIELDS]
            for i, m in enumerate(rec.get("match") or [] if name == "metrics" else []):
                if isinstance(m, dict):
                    fields += [(k, v, m, f"match[{i}].{k}") for k, v in m.items() if k in REGEX_FIELDS]
            for key, val, where, shown in fields:
                if not isinstance(val, str) or _check_regex(val, macros):
                    continue
                slow = probe_pattern(val, macros)
                if slow is not None:
                    out.append(f"{label}:{key_line(where, key)} ({rid}): field '{shown}': pattern "
                               f"too slow: no result within {PROBE_TIMEOUT} s on {slow!r} "
                               f"(nested or overlapping repetition such as (?:x|xx)+ backtracks "
                               f"without end; make the alternatives exclusive) / 正则回溯过慢")
    return out


def _validate_file(name: str, data: dict, label: str, problems: list[str],
                   macros: dict[str, str] | None = None) -> None:
    """Every problem of one rule file (``macros`` expand ``{UNITS}`` in blank patterns)."""
    sections = SCHEMAS[name]
    for section, records in data.items():
        if section == "__line__":
            continue
        if section not in sections:
            problems.append(f"{label}:{data.get('__line__', 1)}: unknown section '{section}' "
                            f"(allowed: {', '.join(sections)}) / 未知的节 '{section}'")
            continue
        if not isinstance(records, list):
            problems.append(f"{label}: section '{section}' must be a list of rules / 节 '{section}' 须为规则列表")
            continue
        seen: dict[str, int] = {}
        for rec in records:
            _validate_record(name, section, rec, label, problems, macros)
            if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                rid = rec["id"]
                if rid in seen:
                    problems.append(f"{label}:{rec.get('__line__', '?')} ({rid}): duplicate id "
                                    f"(first at line {seen[rid]}) / id 重复(首次见于第 {seen[rid]} 行)")
                seen.setdefault(rid, rec.get("__line__", 0))


def _switched_off(name: str, section: str, rec: Any) -> bool:
    """Whether ``rec`` switches its rule off (``enabled: false`` in a :data:`SWITCHABLE` section)."""
    return (name, section) in SWITCHABLE and isinstance(rec, dict) and rec.get("enabled") is False


def _switch_off_problems(name: str, section: str, records: list, known: set, label: str) -> list[str]:
    """A record that only switches a rule off (no other required field) must name a rule of the
    folders before: otherwise a misspelt id would switch off nothing, silently."""
    schema = SCHEMAS[name][section]
    return [f"{label}:{r.get('__line__', '?')} ({r.get('id')}): enabled: false names no rule "
            f"to switch off (no {section} record of that id) / 没有此 id 的规则可关闭"
            for r in records
            if _switched_off(name, section, r) and r.get("id") not in known
            and any(req and k not in r for k, (_t, req) in schema.items())]


def _shipped_dir() -> Path:
    return Path(str(importlib.resources.files("report_miner.rules")))


def _merge(base: list[dict], extra: list[dict]) -> list[dict]:
    by_id = {r["id"]: i for i, r in enumerate(base)}
    out = list(base)
    for rec in extra:
        if rec["id"] in by_id:
            out[by_id[rec["id"]]] = rec
        else:
            out.append(rec)
    return out


SHIPPED_PREFIX = "[shipped] rules/"


def rule_file_label(path: Path) -> str:
    """How a rule file is named to the user: a shipped one as ``[shipped] rules/metrics.yaml``,
    the user's own with the path as given (``my_rules/metrics.yaml``), so that with --rules
    the two are never confused."""
    if path.parent == _shipped_dir():
        return SHIPPED_PREFIX + path.name
    return str(path)


def _unknown_file_problem(path: Path, label: str) -> str:
    """An unknown rule file, with the known name it most likely meant."""
    import difflib  # noqa: PLC0415 - only on this error

    known = [n + ".yaml" for n in RULE_FILES]
    guess = (path.stem + ".yaml") if path.stem in RULE_FILES else None
    guess = guess or next(iter(difflib.get_close_matches(path.stem + ".yaml", known, n=1, cutoff=0.6)), None)
    hint = f"; did you mean {guess}? / 是否应为 {guess}?" if guess else ""
    return f"{label}: unknown rule file (a rule folder holds {', '.join(known)}){hint}"


def read_rule_dirs(dirs: Iterable[Path], warnings: list[str] | None = None,
                   switched_off: dict[tuple[str, str], list[dict]] | None = None
                   ) -> tuple[dict[str, dict[str, list[dict]]], list[str]]:
    """Read and validate the rule files of ``dirs`` (later folders override earlier ones).

    ``warnings``, when given, receives what is allowed but likely a mistake: a new record (an
    id the first folder does not have) in a section that takes ``examples`` without any, so
    ``rules check`` cannot test it. ``switched_off``, when given, receives the records left out
    by ``enabled: false``, by (file, section), so that ``rules list`` can show them."""
    merged: dict[str, dict[str, list[dict]]] = {n: {} for n in RULE_FILES}
    problems: list[str] = []
    for n_dir, d in enumerate(dirs):
        for path in sorted(d.glob("*.y*ml")):  # a misspelt file name would be ignored silently
            if path.suffix in (".yaml", ".yml") and (path.stem not in RULE_FILES or path.suffix == ".yml"):
                problems.append(_unknown_file_problem(path, rule_file_label(path)))
        for name in RULE_FILES:
            path = d / f"{name}.yaml"
            if not path.exists():
                continue
            label = rule_file_label(path)
            data = _read_yaml(path, label, problems)
            if data is None:
                continue
            before = len(problems)
            macros = None
            if name == "blanks":
                su = data.get("slot_units") if isinstance(data.get("slot_units"), list) else None
                ws = data.get("word_sets") if isinstance(data.get("word_sets"), list) else None
                macros = unit_macros(su if su is not None else merged["blanks"].get("slot_units", []),
                                     ws if ws is not None else merged["blanks"].get("word_sets", []))
            elif name in WORD_SET_FILES:  # the lists of earlier folders, a user's own in place
                ws = data.get("word_sets") if isinstance(data.get("word_sets"), list) else []
                macros = word_set_macros(_merge(_word_sets_seen(merged, name),
                                                [r for r in ws if isinstance(r, dict) and isinstance(r.get("id"), str)]))
            _validate_file(name, data, label, problems, macros)
            if n_dir and len(problems) == before:  # a user's patterns: probed for backtracking
                problems.extend(slow_pattern_problems(name, data, label, macros))
            # a misspelt id under enabled: false is named even when the file has other
            # problems, so that one run of `rules check` lists them all
            for section, records in (data.items() if isinstance(data, dict) else ()):
                if section != "__line__" and section in SCHEMAS[name] and isinstance(records, list):
                    known = {r["id"] for r in merged[name].get(section, [])}
                    problems.extend(_switch_off_problems(name, section, records, known, label))
            if len(problems) > before:
                continue
            for section, records in data.items():
                if section == "__line__":
                    continue
                if warnings is not None and n_dir and "examples" in SCHEMAS[name][section]:
                    known = {r["id"] for r in merged[name].get(section, [])}
                    warnings.extend(
                        f"{label}:{r.get('__line__', '?')} ({r['id']}): warning: a new rule "
                        f"without 'examples': add a sentence or two it must match, so `rules "
                        f"check` tests it / 新规则没有 examples 示例"
                        for r in records if r["id"] not in known and not r.get("examples"))
                for r in records:
                    r["__file__"] = label
                merged[name][section] = _merge(merged[name].get(section, []), records)
    for name, section in SWITCHABLE:  # rules switched off are left out, as if not written
        if section in merged[name]:
            if switched_off is not None:
                off = [r for r in merged[name][section] if _switched_off(name, section, r)]
                if off:
                    switched_off[(name, section)] = off
            merged[name][section] = [r for r in merged[name][section]
                                     if not _switched_off(name, section, r)]
    for name in WORD_SET_FILES:  # {ID} of a word set written out where the code reads patterns
        seen = _word_sets_seen(merged, name)
        macros, lists = word_set_macros(seen), word_set_lists(seen)
        if macros:
            for section in merged[name]:
                if section != "word_sets":
                    merged[name][section] = expand_word_sets(merged[name][section], macros, lists)
    if not problems:
        problems.extend(_cross_file_problems(merged))
    return merged, problems


def _word_sets_seen(merged: dict[str, dict[str, list[dict]]], name: str) -> list[dict]:
    """The word sets a pattern or word list of rule file ``name`` may name: its own, and for
    :data:`SHARES_QUALIFIER_SETS` qualifiers.yaml's too (its own of the same id first)."""
    own = merged[name].get("word_sets", [])
    if name not in SHARES_QUALIFIER_SETS:
        return own
    return _merge(merged["qualifiers"].get("word_sets", []), own)


def _cross_file_problems(files: dict[str, dict[str, list[dict]]]) -> list[str]:
    """References from one rule file to another that would otherwise fail silently: a metric
    entry's ``units`` the scanner never gives a figure (``册份``), a ``unitless`` rule's
    ``expect``/``assume``, a blank ``unit_tokens`` record's ``as_unit``, and the report kinds
    and metric ids of ``checks.yaml``'s ``expected``."""
    def sec(f, s):
        return files.get(f, {}).get(s, [])

    def where(r):
        return f"{r.get('__file__', '?')}:{r.get('__line__', '?')} ({r.get('id', '?')})"

    units_recs = sec("units", "units")
    units = {r["unit"] for r in units_recs} | {""}
    forms = {f for r in units_recs for f in r["forms"]}
    out = []
    for r in sec("metrics", "metrics"):
        for i, m in enumerate(r["match"]):
            bad = [u for u in m.get("units", []) if u not in units]
            if bad:
                out.append(f"{where(r)}: match[{i}].units: {bad!r} is no unit of units.yaml "
                           f"(a figure's unit is the record's 'unit', e.g. 份 for 万份), so the "
                           f"entry never sees it / {bad!r} 不是 units.yaml 中的单位")
    for r in sec("units", "unitless"):
        if r["expect"] not in units:
            out.append(f"{where(r)}: expect {r['expect']!r} is no unit of units.yaml / expect 不是 units.yaml 中的单位")
        if r.get("assume") and r["assume"] not in forms:
            out.append(f"{where(r)}: assume {r['assume']!r} is no unit form of units.yaml / assume 不是 units.yaml 中的单位写法")
    for r in sec("blanks", "unit_tokens"):
        if r.get("as_unit") and r["as_unit"] not in units:
            out.append(f"{where(r)}: as_unit {r['as_unit']!r} is no unit of units.yaml / as_unit 不是 units.yaml 中的单位")
    metric_ids = {r["id"] for r in sec("metrics", "metrics")}
    kinds = {r["kind"] for r in sec("structure", "kinds")}
    for r in sec("checks", "expected"):
        for k in r["kinds"]:
            if k not in kinds:
                out.append(f"{where(r)}: kind {k!r} is no report kind of structure.yaml "
                           f"({', '.join(sorted(kinds))}) / {k!r} 不是 structure.yaml 中的报告类型")
        for m in r["metrics"]:
            if m not in metric_ids:
                out.append(f"{where(r)}: metric {m!r} is no metric id of metrics.yaml / {m!r} 不是 metrics.yaml 中的指标 id")
        for m in r.get("topic_metrics") or ():
            if m not in r["metrics"]:
                out.append(f"{where(r)}: topic_metrics: {m!r} is not one of the record's metrics / {m!r} 不在本条的 metrics 中")
    return out


def compile_blank_patterns(data: "RuleData") -> tuple:
    """Every blank rule's pattern (``rules/blanks.yaml`` section ``blanks``, in file order),
    macros expanded and compiled behind the look-behind of
    :func:`report_miner.mining.prefilter.guarded` (the same matches, found faster): what
    :attr:`RuleSet.blank_patterns` holds, and what a scanner built without them compiles."""
    from ..mining.prefilter import guarded  # noqa: PLC0415 - the rule set builds the miner lazily

    macros = data.macros
    return tuple(regex.compile(guarded(expand(r.pattern, macros)))
                 for r in data.records("blanks", "blanks"))


def not_a_rules_folder(rules_dir: str | Path) -> str:
    """Why ``--rules DIR`` cannot be read: a folder that is not there yet (the README's
    ``my_rules/`` before it is written) is "not found", a file is "not a folder"."""
    if not os.path.lexists(rules_dir):
        return (f"{rules_dir}: not found / 找不到 (give the folder that holds your rule files "
                f"/ 请给出规则文件所在的文件夹)")
    return f"{rules_dir}: not a folder / 不是文件夹"


def check_rules(rules_dir: str | Path | None = None, warnings: list[str] | None = None) -> list[str]:
    """Validate the shipped rules plus ``rules_dir``; return every problem found (empty: all
    good). ``warnings``, when given, receives what does not make the rules invalid but is
    likely a mistake (a new rule without examples)."""
    dirs = [_shipped_dir()] + ([Path(rules_dir)] if rules_dir else [])
    if rules_dir and not Path(rules_dir).is_dir():
        return [not_a_rules_folder(rules_dir)]
    return read_rule_dirs(dirs, warnings)[1]


@dataclass(frozen=True)
class RuleData:
    """The validated rule records, by file and section: as read (:meth:`section`, mappings,
    for tools that show the YAML) and as typed records (:meth:`records`, :meth:`named`: one
    frozen dataclass per section, :mod:`report_miner.ruleset.schema`), built once here; the
    mining code reads the records."""

    files: dict[str, dict[str, list[dict]]]
    dirs: tuple[str, ...]
    #: records switched off with ``enabled: false``, by (file, section); not used for mining
    switched_off: dict[tuple[str, str], list[dict]] = field(default_factory=dict, compare=False)
    typed: dict[tuple[str, str], tuple[Record, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        typed = {(f, sec): tuple(from_yaml(f, sec, r) for r in recs)
                 for f, secs in self.files.items() for sec, recs in secs.items()}
        object.__setattr__(self, "typed", typed)

    @property
    def macros(self) -> dict[str, str]:
        """The macros blank patterns are written with (``{UNITS}``, ``{HOUSEHOLD_KINDS}``…,
        :func:`unit_macros`), from ``blanks.yaml``'s ``slot_units`` and ``word_sets``."""
        return unit_macros(self.section("blanks", "slot_units"), self.section("blanks", "word_sets"))

    def section(self, file: str, section: str) -> list[dict]:
        """The records of a section as read from YAML (mappings with ``__line__``, ``__file__``)."""
        return self.files.get(file, {}).get(section, [])

    def records(self, file: str, section: str) -> tuple[Record, ...]:
        """The typed records of a section (:data:`report_miner.ruleset.schema.RECORDS`), in
        file order, a user's overrides in place."""
        return self.typed.get((file, section), ())

    def named(self, file: str, section: str) -> dict[str, Record]:
        """The records of a section whose ids the code asks for (:data:`FIXED_IDS`), by id;
        every one must be there (a user's folder can only replace them, so a gap means the
        shipped rules are broken)."""
        recs = {r.id: r for r in self.records(file, section)}
        missing = [k for k in FIXED_IDS[(file, section)] if k not in recs]
        if missing:
            raise RuleError([f"shipped rules broken: {file}.yaml: section '{section}' lacks "
                             f"{', '.join(missing)}"])
        return recs


def read_rule_data(rules_dir: str | os.PathLike | None = None, *, cache: bool = True) -> RuleData:
    """Read and validate the shipped rules, overridden by ``rules_dir`` when given
    (:meth:`RuleSet.load` keeps the compiled result for the process).

    Validating compiles and probes every pattern, the larger part of a fresh process's
    start-up; so the records of rule files that passed are kept in the cache folder
    (:func:`report_miner.cache.cache_dir`) under a key made of every rule file's bytes, the
    folders' paths and the validating code (:func:`_validated_key`). The next process that
    reads the very same files takes them from there; a changed, added or removed rule file, a
    new version of report_miner, ``regex`` or Python, is read and validated afresh. Files with
    problems are never kept. ``cache=False`` always reads and validates (``rules check`` does).

    Raises :class:`RuleError` naming file, line and id of every problem.
    """
    dirs = [_shipped_dir()]
    if rules_dir:
        p = Path(rules_dir)
        if not p.is_dir():
            raise RuleError([not_a_rules_folder(rules_dir)])
        dirs.append(p)
    key = _validated_key(dirs) if cache else None
    kept = _read_validated(key)
    if kept is not None:
        files, off = kept
    else:
        off: dict[tuple[str, str], list[dict]] = {}
        files, problems = read_rule_dirs(dirs, switched_off=off)
        if problems:
            raise RuleError(problems)
        if key is not None and _validated_key(dirs) == key:  # not saved anew while being read
            _keep_validated(key, files, off)
    return RuleData(files, tuple(str(d) for d in dirs), off)


#: bump when what :func:`read_rule_dirs` returns changes shape in a way the sources' hash
#: would not show
_VALIDATED_FORMAT = "rules-v1"
#: how many sets of validated records the cache folder keeps (the most recently written)
_VALIDATED_KEEP = 16


def _validated_key(dirs: list[Path]) -> str | None:
    """The cache key of the records read from ``dirs``: a hash of every rule file's name and
    bytes (every ``*.y*ml`` :func:`read_rule_dirs` looks at), each folder's path, the sources
    of report_miner (the validator, the record types, and the check registry of
    ``mining/audit.py`` and ``analysis/archive_audit.py`` it asks about a check's params) and
    its version, and the versions of Python, ``regex`` and PyYAML. None when a file cannot be
    read (then nothing is cached)."""
    import hashlib

    h = hashlib.sha256()
    try:
        h.update(_code_digest())
        for d in dirs:
            h.update(b"dir\0" + str(d).encode("utf-8", "surrogatepass") + b"\0")
            for path in sorted(d.glob("*.y*ml")):
                h.update(path.name.encode("utf-8", "surrogatepass") + b"\0" + path.read_bytes() + b"\0")
    except (OSError, UnicodeError):
        return None
    return h.hexdigest()[:24]


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """The part of :func:`_validated_key` that is the same for every folder: the versions and
    every source file of report_miner (about 1 MB, hashed once per process)."""
    import hashlib
    import sys

    from .. import __version__  # noqa: PLC0415

    h = hashlib.sha256()
    for part in (_VALIDATED_FORMAT, __version__, sys.version, regex.__version__, yaml.__version__):
        h.update(part.encode("utf-8") + b"\0")
    package = Path(__file__).resolve().parent.parent
    for src in sorted(package.rglob("*.py")):
        h.update(src.relative_to(package).as_posix().encode("utf-8") + b"\0" + src.read_bytes() + b"\0")
    return h.digest()


def _validated_name(key: str) -> str:
    return f"{_VALIDATED_FORMAT}-{key}.pickle"


def _read_validated(key: str | None):
    """``(files, switched_off)`` kept under ``key``, or None (no key, nothing kept)."""
    from ..cache import read_pickle  # noqa: PLC0415 - only when rules are read

    kept = read_pickle(_validated_name(key)) if key else None
    if isinstance(kept, tuple) and len(kept) == 3 and kept[0] == key:
        return kept[1], kept[2]
    return None


def _keep_validated(key: str | None, files: dict, off: dict) -> None:
    """Keep records that passed validation under ``key`` (silently not, when no cache folder
    can be written)."""
    from ..cache import keep_pickle  # noqa: PLC0415

    if key:
        keep_pickle(_validated_name(key), (key, files, off), f"{_VALIDATED_FORMAT}-*.pickle", _VALIDATED_KEEP)


def load_rule_data(rules_dir: str | os.PathLike | None = None) -> RuleData:
    """The validated records of the shipped rules plus ``rules_dir``: those of
    :meth:`RuleSet.load` (so they are read once per folder)."""
    return RuleSet.load(rules_dir).data


class RuleSet:
    """Every rule of one rules folder (the shipped rules plus the user's), compiled once and
    passed explicitly to whatever mines with it.

    ``RuleSet.load()`` gives the shipped rules, ``RuleSet.load("my_rules/")`` the shipped
    rules overridden and extended by the folder's YAML files. The parts are compiled on first
    use and then kept on this object (not in module-level caches), so two folders never share
    derived state: a user's ``slot_words`` reach the segmenter, a user's core metrics the
    summary.

        >>> rules = RuleSet.load()
        >>> rules.figures.metrics is rules.metrics, "population.total" in rules.core_ids
        (True, True)

    Parts: :attr:`figures` (figure scanner), :attr:`metrics` (metric classifier),
    :attr:`blanks` (blank scanner), :attr:`words` (the segmenter with the folder's own words),
    :attr:`subject_rules`, :attr:`structure`, :attr:`auditor`, :attr:`topics`,
    :attr:`core_ids`.
    """

    _loaded: dict[str | None, "RuleSet"] = {}
    _lock = threading.Lock()

    def __init__(self, data: RuleData):
        self.data = data

    def __repr__(self) -> str:
        return f"RuleSet({', '.join(self.data.dirs)})"

    @classmethod
    def load(cls, rules_dir: "str | os.PathLike | RuleSet | None" = None) -> "RuleSet":
        """The rule set of the shipped rules plus ``rules_dir`` (a folder of YAML files named
        like those in ``rules/``), read, validated and kept for the process: the one cache,
        keyed by the folder's resolved path. A :class:`RuleSet` passed in is returned as is.

        Raises :class:`RuleError` naming file, line and id of every problem.
        """
        if isinstance(rules_dir, RuleSet):
            return rules_dir
        key = str(Path(rules_dir).resolve()) if rules_dir else None
        hit = cls._loaded.get(key)
        if hit is None:
            hit = cls(read_rule_data(rules_dir))
            with cls._lock:
                hit = cls._loaded.setdefault(key, hit)
        return hit

    def without(self, *ids: str) -> "RuleSet":
        """A new rule set without the records ``ids``: to see what one rule changes.

        An id names one record; where the same id is used in two sections (``jin`` is a unit
        and a qualifier), qualify it with its file and section, ``"units.units:jin"``. A bare id
        used in several sections, or one that names no record, is a ``ValueError`` (so a typo
        never turns off nothing, nor two rules at once).

            >>> len(RuleSet.load().without("unit_before_punct").blanks.rules) == len(RuleSet.load().blanks.rules) - 1
            True
            >>> RuleSet.load().without("jin")
            Traceback (most recent call last):
            ...
            ValueError: id 'jin' names records in several sections (units.units, qualifiers.qualifiers): write one of units.units:jin, qualifiers.qualifiers:jin
        """
        where: dict[str, list[str]] = {}
        for f, secs in self.data.files.items():
            for sec, recs in secs.items():
                for r in recs:
                    where.setdefault(r.get("id"), []).append(f"{f}.{sec}")
        drop: set[tuple[str, str]] = set()  # (file.section, id)
        for spec in ids:
            place, sep, rid = spec.rpartition(":")
            if not sep:
                places = where.get(rid, [])
                if len(places) > 1:
                    raise ValueError(f"id {rid!r} names records in several sections ({', '.join(places)}): "
                                     f"write one of {', '.join(p + ':' + rid for p in places)}")
                place = places[0] if places else ""
            if place not in where.get(rid, []):
                raise ValueError(f"no rule {spec!r} in {self!r}")
            drop.add((place, rid))
        files = {f: {sec: [r for r in recs if (f"{f}.{sec}", r.get("id")) not in drop]
                     for sec, recs in secs.items()}
                 for f, secs in self.data.files.items()}
        return RuleSet(RuleData(files, self.data.dirs))

    # ------------------------------------------------------------------ compiled parts

    @cached_property
    def words(self):
        """The segmenter (:class:`report_miner.mining.context.ContextWords`) knowing this folder's
        ``slot_words`` (``rules/blanks.yaml``); the shipped folder's is shared."""
        from ..mining.context import ContextWords

        words = tuple(w for rec in self.data.records("blanks", "slot_words") for w in rec.words)
        return ContextWords(words)

    @cached_property
    def split_numbers(self):
        """The patterns that mend a number a line break cut before its unit ("2860⏎⏎亩,"), for
        every unit form of ``rules/units.yaml``, outside the caption lines of
        ``rules/structure.yaml`` (``layout``: ``caption_words``)
        (:class:`report_miner.mining.normalise.SplitNumbers`)."""
        from ..mining.normalise import SplitNumbers

        return SplitNumbers((form for rec in self.data.records("units", "units") for form in rec.forms),
                            self.data.named("structure", "layout")["caption_words"].words)

    @cached_property
    def subject_rules(self):
        """The word lists subject and action are read with (``rules/qualifiers.yaml``)."""
        from ..mining.context import SubjectRules

        return SubjectRules.from_rules(self.data)

    @cached_property
    def figures(self):
        """The compiled figure scanner (:class:`report_miner.mining.figures.FigureScanner`)."""
        from ..mining.figures import FigureScanner

        from ..mining.prefilter import keep_answers

        scanner = FigureScanner(self.data, words=self.words, subject_rules=self.subject_rules,
                                blank_patterns=self.blank_patterns)
        keep_answers()  # what the prefilter read off the patterns, for the next process
        return scanner

    @cached_property
    def blank_patterns(self) -> tuple:
        """The pattern of every blank rule (``rules/blanks.yaml`` section ``blanks``, in file
        order), macros expanded, compiled once behind the look-behind of
        :func:`report_miner.mining.prefilter.guarded` (the same matches): the blank scanner's,
        and the figure scanner's for the rules whose slot ends a clause (``clause_ends``)."""
        return compile_blank_patterns(self.data)

    @cached_property
    def metrics(self):
        """The metric classifier (``rules/metrics.yaml``), shared by figures and blanks."""
        return self.figures.metrics

    @cached_property
    def core_ids(self) -> frozenset[str]:
        """The ids of the core metrics (``core: true`` in ``rules/metrics.yaml``)."""
        return self.metrics.core_ids

    @cached_property
    def blanks(self):
        """The compiled blank scanner (:class:`report_miner.mining.blanks.BlankScanner`)."""
        from ..mining.blanks import BlankScanner

        from ..mining.prefilter import keep_answers

        scanner = BlankScanner(self.data, self.metrics,
                               {form: u.unit for form, u in self.figures.units.items()},
                               words=self.words, patterns=self.blank_patterns)
        keep_answers()
        return scanner

    @cached_property
    def structure(self):
        """Report kinds, title words, periods (:class:`report_miner.mining.structure.StructureRules`)."""
        from ..mining.structure import _structure_rules

        return _structure_rules(self.data)

    @cached_property
    def auditor(self):
        """The compiled checks (:class:`report_miner.mining.audit.Auditor`)."""
        from ..mining.audit import Auditor

        return Auditor(self.data)

    @cached_property
    def pipeline(self):
        """The mining pipeline over this rule set (:class:`report_miner.mining.document.Pipeline`)."""
        from ..mining.document import Pipeline

        return Pipeline(self)

    @cached_property
    def topics(self):
        """The section topics (``rules/topics.yaml``)."""
        from ..analysis.topics import Topic

        return tuple(Topic(r.id, r.label, regex.compile(r.keywords))
                     for r in self.data.records("topics", "topics"))
