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

import regex

from .context import ContextWords, clause_after, clause_before, lead_before, tail_after
from .figures import Figure, MetricClassifier
from .normalise import Normalised, normalise
from .numerals import CN_EVERYDAY_DIGITS, CN_EVERYDAY_MAGNITUDES
from .prefilter import factor_word_groups, key_chars
from ..ruleset.load import RuleData, RuleSet, compile_blank_patterns, expand

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
    """The blank rule that proposed it (``rules/blanks.yaml``), ``dropped_unit`` for a unit
    dropped from a figure."""
    cstart: int = 0
    metric_rule: str = ""
    """The metric rule that labelled the slot (``"<metric id>#<entry>"``), "" for none."""


def _new_blank(start: int, end: int, kind: str, unit: str, metric: str, context: str, token: str,
               rule: str, cstart: int, metric_rule: str) -> Blank:
    """``Blank(...)`` with every field given, in field order, without the frozen dataclass's
    ``object.__setattr__`` for each field. Valid while :class:`Blank` has no ``__slots__`` or
    ``__post_init__``; tests/test_scan_rewrites.py checks the two agree."""
    b = object.__new__(Blank)
    b.__dict__.update(start=start, end=end, kind=kind, unit=unit, metric=metric, context=context,
                      token=token, rule=rule, cstart=cstart, metric_rule=metric_rule)
    return b


@dataclass(frozen=True)
class _BlankRule:
    id: str
    kind: str
    pattern: regex.Pattern
    segment: bool
    priority: float = 0.0
    after_figure: bool = False
    """the slot may sit right at a figure's end (培训3批|人次)"""
    clause_ends: bool = False
    """the slot's clause ends at its measure word (the words after open the next clause)"""
    key: frozenset[str] | None = None
    """characters a match holds one of at least (:func:`report_miner.mining.prefilter.key_chars`)"""
    has_token: bool = False
    has_slot: bool = False
    has_unit: bool = False
    """which of the named groups ``token``, ``slot``, ``unit`` the pattern has (read once)"""


@dataclass(frozen=True)
class _NotBlank:
    id: str
    pattern: regex.Pattern
    priority: float = 0.0
    key: frozenset[str] | None = None


# placeholders that stand for a number when a measure word follows: empty brackets (a run of
# underscores keeps unit "", as the cases record: 发放宣传品__份)
_SLOT_TOKEN_STARTS = frozenset("(（【[〔［")


class BlankScanner:
    """Compiled blank rules; built once per rule set (``RuleSet.load(dir).blanks``)."""

    def __init__(self, rules: RuleData, metrics: MetricClassifier,
                 unit_forms: dict[str, str] | None = None, words: ContextWords | None = None,
                 patterns: "tuple[regex.Pattern, ...] | None" = None):
        """``unit_forms`` maps a unit as written to the unit its figure has (万元 -> 元, from
        ``rules/units.yaml``): a slot is classified as the figure it lacks would be. ``words``
        is the segmenter that tells a measure word from the tail of a word (default: the
        shipped one). ``patterns``: the blank rules' patterns compiled already, in file order
        (:attr:`report_miner.ruleset.load.RuleSet.blank_patterns`; None: compiled here)."""
        self.words = words
        macros = rules.macros
        recs = rules.records("blanks", "blanks")
        # each pattern behind a look-behind of the characters its alternatives need before
        # them, when they all say (:func:`report_miner.mining.prefilter.guarded`): the same
        # matches, found with one test per position instead of one per alternative
        if patterns is None:
            patterns = compile_blank_patterns(rules)
        # precedence: a slot goes to the rule of highest ``priority`` (default 0) that proposes
        # it; among equals, to the one first in the file (a user's new rule comes after the
        # shipped ones, so it needs a priority to outrank them)
        order = sorted(range(len(recs)), key=lambda i: -float(recs[i].priority))
        self.rules = [_BlankRule(recs[i].id, recs[i].kind, patterns[i], recs[i].segment,
                                 float(recs[i].priority), bool(recs[i].after_figure),
                                 bool(recs[i].clause_ends))
                      for i in order]
        self.rules = [replace(r, key=key_chars(r.pattern.pattern, r.pattern.flags),
                              has_token="token" in r.pattern.groupindex,
                              has_slot="slot" in r.pattern.groupindex,
                              has_unit="unit" in r.pattern.groupindex)
                      for r in self.rules]
        # a not_blank vetoes the candidates of rules whose priority is not above its own
        # (groups of plain words as trees of shared first characters: the same matches, one
        # branch tried per character: :func:`report_miner.mining.prefilter.factor_word_groups`)
        self.not_blanks = [_NotBlank(r.id, regex.compile(factor_word_groups(expand(r.pattern, macros))),
                                     float(r.priority))
                           for r in rules.records("blanks", "not_blanks")]
        self.not_blanks = [replace(nb, key=key_chars(nb.pattern.pattern, nb.pattern.flags))
                           for nb in self.not_blanks]
        # which not_blanks a window may hold a match of, from its characters: per character a
        # bit for each not_blank whose key holds it (bit i: self.not_blanks[i]); those without
        # a key are always tried
        self._nb_bits: dict[str, int] = {}
        self._nb_always = 0
        for i, nb in enumerate(self.not_blanks):
            if nb.key is None:
                self._nb_always |= 1 << i
            else:
                for c in nb.key:
                    self._nb_bits[c] = self._nb_bits.get(c, 0) | 1 << i
        self._nb_chars = frozenset(self._nb_bits)
        self._nb_ranked: dict[float, int] = {}  # priority -> bits of the not_blanks at or above it
        self.metrics = metrics
        self.unit_forms = unit_forms or {}
        tokens = rules.records("blanks", "unit_tokens")
        self.unit_as_figure = {r.id: r.as_unit for r in tokens if r.as_unit}
        self.unit_prefixed_ok = frozenset(r.id for r in tokens if r.prefixed_ok)
        # measure words of people, things and events (slot_units people/things/events): a slot
        # before 万 + one of them (总人口万人, 孕检万人次) is classified as that count's figure;
        # money and areas (万元, 万亩) have unit records of their own in units.yaml
        self.count_words = frozenset(w for r in rules.records("blanks", "slot_units")
                                     if r.id in ("people", "things", "events") for w in r.words)
        # a measure word right after an empty bracket (辖（ ）个行政村): the placeholder stands
        # for that count's number, as in 总人口(  )人
        self.unit_after_token = regex.compile(expand("(?:{UNITS})", macros))

    def _covered(self, text: str, s: int, e: int, priority: float = 0.0) -> str | None:
        """The id of the first ``not_blanks`` pattern (of priority at least ``priority``) that
        covers ``text[s:e]``, else None."""
        lo = s - 8 if s > 8 else 0
        window = text[lo:e + 8]
        s -= lo
        e -= lo
        # the not_blanks whose key characters the window holds, in their order (a bit test
        # per key character the window holds, found by one set intersection, instead of a set
        # test per not_blank)
        bits, nb_bits = self._nb_always, self._nb_bits
        for c in self._nb_chars.intersection(window):
            bits |= nb_bits[c]
        ranked = self._nb_ranked.get(priority)
        if ranked is None:
            ranked = self._nb_ranked[priority] = sum(
                1 << i for i, nb in enumerate(self.not_blanks) if nb.priority >= priority)
        bits &= ranked
        not_blanks = self.not_blanks
        while bits:
            low = bits & -bits
            bits ^= low
            nb = not_blanks[low.bit_length() - 1]
            for m in nb.pattern.finditer(window):
                if m.start() >= e:
                    break  # matches come in order: none after this one reaches the slot
                if m.end() > s:
                    return nb.id
        return None

    def _stands_alone(self, text: str, s: int, e: int, words: ContextWords) -> bool:
        """Does the segmenter read ``text[s:e]`` (a measure word) as a word of its own?"""
        lo, hi = max(0, s - 6), min(len(text), e + 4)
        if not words.any_word_over(text, lo, hi, s):
            return True  # no dictionary word of two or more characters holds it: no need to segment
        # the segmenter cuts a text block by block (runs of Han characters, letters, digits and
        # a few signs, as jieba's re_han_default finds them), each on its own: the words around
        # the measure word are those of its block, which is all that needs segmenting
        for blk in _segment_blocks().finditer(text, lo, hi):
            if blk.start() <= s < blk.end():
                lo, hi = blk.span()
                break
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
             words: ContextWords | None = None, log: list[dict] | None = None) -> list[Blank]:
        """All blanks of a normalised text (and the dropped units of ``figures``), in order.

        A candidate whose slot is taken already is dropped before the ``not_blanks`` patterns
        and the segmenter are asked (the answer could not change anything). With a list as
        ``log``, every candidate dropped is appended to it as a dict (what, by what, why)."""
        text = norm.text
        words = words or self.words or ContextWords.default()
        found: dict[int, Blank] = {}
        fig_spans = sorted((f.cstart, f.cend) for f in figures or [])
        chars = norm.chars
        for rule in self.rules:
            if rule.key is not None and rule.key.isdisjoint(chars):
                continue  # a character every match holds is missing: the scan would find nothing
            has_token, has_slot, has_unit = rule.has_token, rule.has_slot, rule.has_unit
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
                    if (s in found or _touches(fig_spans, s, rule.after_figure)
                            or self._covered(text, us, ue, rule.priority)):
                        if log is not None:
                            self._log_vetoed(log, norm, rule, m, s, e, found, fig_spans)
                        continue
                    if rule.segment and ue - us == 1 and not self._stands_alone(text, us, ue, words):
                        if log is not None:
                            self._drop(log, norm, rule.id, s, e, "(segmenter)",
                                       f"{text[us:ue]} reads as part of a word here: "
                                       + "|".join(words.words(text[max(0, us - 6):ue + 4])))
                        continue
                elif s in found:
                    if log is not None:
                        self._drop(log, norm, rule.id, s, e, found[s].rule,
                                   "slot taken by a rule ranked before it")
                    continue
                unit = (m.group("unit") or "") if has_unit else ""
                found[s] = self._make(norm, s, e, rule.kind, unit, token, rule.id, m,
                                      clause_ends=rule.clause_ends)
        # "(  )人": the empty brackets (a placeholder) and the measure word after them (a slot
        # with no number) are one blank: the placeholder, with the slot's unit and metric
        token_ends = {b.cstart + len(b.token): b for b in found.values()
                      if b.kind == "placeholder" and b.token}
        for pos, b in list(found.items()):
            ph = token_ends.get(pos) if b.kind == "missing_number" and not b.token else None
            if ph is not None:
                del found[pos]
                unit = ph.unit or b.unit
                metric, mrule = (self._slot_metric(text, ph.cstart, pos + len(b.unit), b.unit)
                                 if ph.metric == "other" and b.unit else (ph.metric, ph.metric_rule))
                found[ph.cstart] = replace(ph, unit=unit, metric=metric, metric_rule=mrule)
        for pos, b in list(found.items()):
            if b.kind != "placeholder" or b.unit or not b.token or b.token[0] not in _SLOT_TOKEN_STARTS:
                continue
            end = pos + len(b.token)
            um = self.unit_after_token.match(text, end)
            if um is not None:
                unit = um.group(0)
                metric, mrule = self._slot_metric(text, pos, um.end(), unit)
                found[pos] = replace(b, unit=unit, metric=metric, metric_rule=mrule)
        for f in figures or []:
            if f.unit == "" and f.expected_unit is not None:  # "": dropped, which unit unknown
                s = _num_end(text, f.cstart, f.cend)
                if s not in found:
                    found[s] = self._make(norm, s, s, "missing_unit", f.expected_unit, "",
                                          "dropped_unit", None, metric=f.metric,
                                          metric_rule=f.metric_rule)
                elif log is not None:
                    self._drop(log, norm, "dropped_unit", s, s, found[s].rule,
                               "slot taken by a rule ranked before it")
        return sorted(found.values(), key=lambda b: b.cstart)

    @staticmethod
    def _drop(log: list, norm: Normalised, rule_id: str, s: int, e: int, by: str, reason: str) -> None:
        text = norm.text
        os_, oe = norm.to_orig_span(s, e) if e > s else (norm.map.to_orig(s),) * 2
        log.append(dict(stage="blanks", start=os_, end=oe,
                        text=(text[max(0, s - CONTEXT_CHARS):s] + "⟨" + text[s:e] + "⟩"
                              + text[e:e + CONTEXT_CHARS]).replace("\n", " "),
                        candidate=rule_id, vetoed_by=by, reason=reason, cstart=s))

    def _log_vetoed(self, log, norm, rule, m, s, e, found, fig_spans) -> None:
        """Why a missing_number candidate was dropped (for ``explain``)."""
        us, ue = m.span("unit")
        if s in found:
            self._drop(log, norm, rule.id, s, e, found[s].rule, "slot taken by a rule ranked before it")
        elif _touches(fig_spans, s, rule.after_figure):
            self._drop(log, norm, rule.id, s, e, "(figure)", "a figure's number is there")
        else:
            self._drop(log, norm, rule.id, s, e, self._covered(norm.text, us, ue, rule.priority) or "",
                       f"not_blanks: {norm.text[us:ue]} belongs to a look-alike word")

    def _slot_metric(self, text: str, s: int, unit_end: int, unit: str,
                     clause_ends: bool = False) -> tuple[str, str]:
        """The metric of the figure a slot at ``s`` (measure word ``unit`` ending at
        ``unit_end``) lacks, classified as that figure would be (万元 as 元, 个村 as 个), and
        the metric rule that decided (see :meth:`MetricClassifier.classify_rule`). With
        ``clause_ends`` the words after the measure word are the next clause's, not read."""
        unit_clean = unit[1:] if len(unit) > 1 and unit[0] == "个" else unit
        if (unit_clean not in self.unit_forms and len(unit_clean) > 1 and unit_clean[0] in "万亿"
                and unit_clean[1:] in self.count_words and unit_clean[1:] in self.unit_forms):
            unit_clean = unit_clean[1:]  # 总人口万人: the figure it lacks counts 人 (3万人)
        after, tail = ("", "") if clause_ends else (clause_after(text, unit_end),
                                                     tail_after(text, unit_end))
        return self.metrics.classify_rule(clause_before(text, s), after,
                                          self.unit_as_figure.get(unit_clean)
                                          or self.unit_forms.get(unit_clean, unit_clean),
                                          lead_before(text, s), tail)

    def _make(self, norm, s, e, kind, unit, token, rule_id, m, metric=None, metric_rule="",
              clause_ends=False) -> Blank:
        text = norm.text
        if metric is None:
            if kind == "missing_number" and unit:
                metric, metric_rule = self._slot_metric(text, s, m.end("unit"), unit, clause_ends)
                unit = self.unit_as_figure.get(unit, unit)
            else:
                metric = "other"
        os_, oe = norm.to_orig_span(s, e) if e > s else (norm.map.to_orig(s),) * 2
        ctx = (text[max(0, s - CONTEXT_CHARS):s] + "⟨" + text[s:e] + "⟩" + text[e:e + CONTEXT_CHARS])
        return _new_blank(os_, oe, kind, unit, metric, ctx.replace("\n", " "), token, rule_id, s,
                          metric_rule)


_BLOCKS = None


def _segment_blocks():
    """The pattern of the blocks the segmenter (jieba's ``Tokenizer.cut``) cuts one by one."""
    global _BLOCKS
    if _BLOCKS is None:
        from .context import import_jieba

        _BLOCKS = import_jieba().re_han_default
    return _BLOCKS


def _touches(spans: list[tuple[int, int]], pos: int, end_ok: bool = False) -> bool:
    """Is ``pos`` inside or right at the end of a figure (``10个|村``: the number is there)?
    With ``end_ok`` only inside (``3批|人次``: a rule's second count after a figure)."""
    i = bisect.bisect_right(spans, (pos, float("inf")))
    if end_ok:
        return any(a <= pos < b for a, b in spans[max(0, i - 3):i])
    return any(a <= pos <= b for a, b in spans[max(0, i - 3):i])


# what a bare number is written with besides digits (.,- and everyday Chinese numerals)
_NUM_CHARS = ".,-" + CN_EVERYDAY_DIGITS + CN_EVERYDAY_MAGNITUDES


def _num_end(text: str, cstart: int, cend: int) -> int:
    i = cstart
    # 98|以上, 2.05万|, 百亿|大关, 二点七万| (a Chinese numeral read as a bare number)
    while i < cend and (text[i].isdigit() or text[i] in _NUM_CHARS or text[i] == "点"):
        i += 1
    return i


def get_blank_scanner(rules_dir: "str | RuleSet | None" = None) -> BlankScanner:
    """The compiled blank scanner of the shipped rules (plus ``rules_dir``):
    ``RuleSet.load(rules_dir).blanks``."""
    return RuleSet.load(rules_dir).blanks


def scan_blanks(text: str, rules_dir: "str | RuleSet | None" = None) -> list[Blank]:
    """Blanks of a raw text (normalised here), dropped units included. See :class:`Blank`."""
    rules = RuleSet.load(rules_dir)
    norm = normalise(text, rules)
    return rules.blanks.scan(norm, rules.figures.scan(norm))
