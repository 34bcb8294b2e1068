"""Blanks: slots the writer left unfilled, found by patterns in ``rules/blanks.yaml``.

Four kinds (as in the gold schema):

- ``missing_number``: a measure word with no number (``全镇总人口人,``, ``辖村,``, ``对名夫妇``);
- ``placeholder``: a template token standing for a name or a number (``*镇``, ``XX县区``, ``20xx年``);
- ``missing_unit``: a number whose unit was dropped (``签订率在98以上``), taken from the figures;
- ``missing_text``: an empty name slot (``田河村位于,距镇区``).

Patterns propose candidates; a ``missing_number`` candidate survives only when no
``not_blanks`` pattern covers its measure word and the segmenter reads that measure word as a
word of its own (so 个人, 期间, 平台, 命名 never become blanks).

>>> [(b.kind, b.unit, b.metric) for b in scan_blanks("全镇总人口人,配备电脑台。")]
[('missing_number', '人', 'population.total'), ('missing_number', '台', 'other')]
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from .context import ContextWords, clause_after, clause_before, lead_before
from .figures import Figure, MetricClassifier
from .normalise import Normalised, normalise
from .prefilter import key_chars
from .ruleset import RuleData, expand, load_rule_data, unit_macros

CONTEXT_CHARS = 12


@dataclass(frozen=True)
class Blank:
    """One unfilled slot. ``start == end`` for a slot with nothing in it; a placeholder or an
    instruction left in (``*``, ``XX``, ``(填写…)``) spans that token."""

    start: int
    end: int
    kind: str
    unit: str
    metric: str
    context: str
    token: str
    rule: str
    cstart: int = 0


@dataclass(frozen=True)
class _BlankRule:
    id: str
    kind: str
    pattern: regex.Pattern
    segment: bool
    key: frozenset[str] | None = None
    """characters a match holds one of at least (:func:`report_miner.prefilter.key_chars`)"""


class BlankScanner:
    """Compiled blank rules; build once per rule set (see :func:`get_blank_scanner`)."""

    def __init__(self, rules: RuleData, metrics: MetricClassifier,
                 unit_forms: dict[str, str] | None = None):
        """``unit_forms`` maps a unit as written to the unit its figure has (万元 -> 元, from
        ``rules/units.yaml``): a slot is classified as the figure it lacks would be."""
        macros = unit_macros(rules.section("blanks", "slot_units"), rules.section("blanks", "word_sets"))
        self.rules = [_BlankRule(r["id"], r["kind"], regex.compile(expand(r["pattern"], macros)),
                                 bool(r.get("segment", False)))
                      for r in rules.section("blanks", "blanks")]
        self.rules = [replace(r, key=key_chars(r.pattern.pattern, r.pattern.flags))
                      for r in self.rules]
        self.not_blanks = [regex.compile(expand(r["pattern"], macros))
                           for r in rules.section("blanks", "not_blanks")]
        self._not_blank_keys = [(p, key_chars(p.pattern, p.flags)) for p in self.not_blanks]
        self.metrics = metrics
        self.unit_forms = unit_forms or {}
        tokens = rules.section("blanks", "unit_tokens")
        self.unit_as_figure = {str(r["id"]): r["as_unit"] for r in tokens if r.get("as_unit")}
        self.unit_prefixed_ok = frozenset(str(r["id"]) for r in tokens if r.get("prefixed_ok"))

    def _covered(self, text: str, s: int, e: int) -> bool:
        lo, hi = max(0, s - 8), min(len(text), e + 8)
        window = text[lo:hi]
        chars = set(window)
        for pat, key in self._not_blank_keys:
            if key is not None and key.isdisjoint(chars):
                continue
            for m in pat.finditer(window):
                if m.start() + lo < e and m.end() + lo > s:
                    return True
        return False

    def _stands_alone(self, text: str, s: int, e: int, words: ContextWords) -> bool:
        """Does the segmenter read ``text[s:e]`` (a measure word) as a word of its own?"""
        lo, hi = max(0, s - 6), min(len(text), e + 4)
        if not words.any_word_over(text, lo, hi, s):
            return True  # no dictionary word of two or more characters holds it: no need to segment
        pos = lo
        for w in words.words(text[lo:hi]):
            end = pos + len(w)
            if pos < s < end:
                # the measure word is the tail of a longer word (平台, 命名), unless the
                # "word" is only the segmenter's guess (村个)
                return not words.known(w)
            if pos == s:
                return end <= e or text[s:end] in self.unit_prefixed_ok or not words.known(w)
            pos = end
        return True

    def scan(self, norm: Normalised, figures: list[Figure] | None = None,
             words: ContextWords | None = None) -> list[Blank]:
        """All blanks of a normalised text (and the dropped units of ``figures``), in order.

        A candidate whose slot is taken already is dropped before the ``not_blanks`` patterns
        and the segmenter are asked (the answer could not change anything)."""
        text = norm.text
        words = words or ContextWords.default()
        found: dict[int, Blank] = {}
        fig_spans = sorted((f.cstart, f.cend) for f in figures or [])
        chars = set(text)
        for rule in self.rules:
            if rule.key is not None and rule.key.isdisjoint(chars):
                continue  # a character every match holds is missing: the scan would find nothing
            groups = rule.pattern.groupindex
            has_token, has_slot, has_unit = "token" in groups, "slot" in groups, "unit" in groups
            missing_number = rule.kind == "missing_number"
            for m in rule.pattern.finditer(text):
                if has_token and m.group("token"):
                    s, e = m.span("token")
                    token = m.group("token")
                else:
                    s = e = m.start("slot") if has_slot else m.start()
                    token = ""
                if missing_number:
                    us, ue = m.span("unit")
                    if s in found or _touches(fig_spans, s) or self._covered(text, us, ue):
                        continue
                    if rule.segment and ue - us == 1 and not self._stands_alone(text, us, ue, words):
                        continue
                elif s in found:
                    continue
                unit = (m.group("unit") or "") if has_unit else ""
                found[s] = self._make(norm, s, e, rule.kind, unit, token, rule.id, m)
        # "(  )人": the empty brackets (a placeholder) and the measure word after them (a slot
        # with no number) are one blank: the placeholder, with the slot's unit and metric
        token_ends = {b.cstart + len(b.token): b for b in found.values()
                      if b.kind == "placeholder" and b.token}
        for pos, b in list(found.items()):
            ph = token_ends.get(pos) if b.kind == "missing_number" and not b.token else None
            if ph is not None:
                del found[pos]
                unit = ph.unit or b.unit
                metric = (self._slot_metric(text, ph.cstart, pos + len(b.unit), b.unit)
                          if ph.metric == "other" and b.unit else ph.metric)
                found[ph.cstart] = replace(ph, unit=unit, metric=metric)
        for f in figures or []:
            if f.unit == "" and f.expected_unit:
                s = _num_end(text, f.cstart, f.cend)
                if s not in found:
                    found[s] = self._make(norm, s, s, "missing_unit", f.expected_unit, "",
                                          "dropped_unit", None, metric=f.metric)
        return sorted(found.values(), key=lambda b: b.cstart)

    def _slot_metric(self, text: str, s: int, unit_end: int, unit: str) -> str:
        """The metric of the figure a slot at ``s`` (measure word ``unit`` ending at
        ``unit_end``) lacks, classified as that figure would be (万元 as 元, 个村 as 个)."""
        unit_clean = unit[1:] if len(unit) > 1 and unit[0] == "个" else unit
        return self.metrics.classify(clause_before(text, s), clause_after(text, unit_end),
                                     self.unit_as_figure.get(unit_clean)
                                     or self.unit_forms.get(unit_clean, unit_clean),
                                     lead_before(text, s))

    def _make(self, norm, s, e, kind, unit, token, rule_id, m, metric=None) -> Blank:
        text = norm.text
        if metric is None:
            if kind == "missing_number" and unit:
                metric = self._slot_metric(text, s, m.end("unit"), unit)
                unit = self.unit_as_figure.get(unit, unit)
            else:
                metric = "other"
        os_, oe = norm.to_orig_span(s, e) if e > s else (norm.map.to_orig(s),) * 2
        ctx = (text[max(0, s - CONTEXT_CHARS):s] + "⟨" + text[s:e] + "⟩" + text[e:e + CONTEXT_CHARS])
        return Blank(os_, oe, kind, unit, metric, ctx.replace("\n", " "), token, rule_id, s)


def _touches(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside or right at the end of a figure (``10个|村``: the number is there)?"""
    i = bisect.bisect_right(spans, (pos, float("inf")))
    return any(a <= pos <= b for a, b in spans[max(0, i - 3):i])


def _num_end(text: str, cstart: int, cend: int) -> int:
    i = cstart
    while i < cend and (text[i].isdigit() or text[i] in ".,-万亿"):  # 98|以上, 2.05万|,
        i += 1
    return i


@lru_cache(maxsize=8)
def get_blank_scanner(rules_dir: str | None = None) -> BlankScanner:
    from .figures import get_scanner

    figures = get_scanner(rules_dir)
    return BlankScanner(load_rule_data(rules_dir), figures.metrics,
                        {form: u.unit for form, u in figures.units.items()})


def scan_blanks(text: str, rules_dir: str | None = None) -> list[Blank]:
    """Blanks of a raw text (normalised here), dropped units included. See :class:`Blank`."""
    from .figures import get_scanner

    norm = normalise(text)
    figs = get_scanner(rules_dir).scan(norm)
    return get_blank_scanner(rules_dir).scan(norm, figs)
