"""Figures: numbers with what they count, found by rules in ``rules/``.

A figure is a number with its unit or measure word (``2000余份``, ``84.6%以上``, ``3.5万人``,
``1-2个``), plus numbers whose unit the writer dropped in a rate context (``签订率在98以上``).
Dates, ordinals, list numbering, document numbers and named slogans are not figures
(``rules/exclusions.yaml``).

The scan works on the normalised text (:mod:`report_miner.mining.normalise`); every figure's
``start``/``end`` are offsets into the text as loaded.

>>> from report_miner.mining.figures import scan_figures
>>> [(f.text, f.value, f.unit, f.metric) for f in scan_figures("我镇共有10个村,总人口1.7万人。")]
[('10个', 10, '个', 'admin.villages'), ('1.7万人', 17000, '人', 'population.total')]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

import regex

from .context import (_NEXT_BREAK, LEAD_CHARS, MAX_CLAUSE, ContextWords, SubjectRules, clause_after,
                      clause_before, label_before, lead_before, tail_after, SentenceIndex, subject_and_action)
from .normalise import Normalised, normalise
from .prefilter import consumes_literal, key_chars, top_branches
from .numerals import (CHINESE_FIRST, CN_DIGIT, CN_EVERYDAY_DIGITS, CN_EVERYDAY_MAGNITUDES, RE_ARABIC, chinese_re,
                       ParsedNumber, is_chinese_numeral, number_re, parse_number)
from ..ruleset.load import RuleData, RuleSet, compile_blank_patterns, literal_alternation


@dataclass(frozen=True)
class Figure:
    """One figure found in a report. Offsets refer to the text as loaded."""

    start: int
    end: int
    text: str
    value: int | float
    value_max: int | float | None
    unit: str
    approx: bool
    bound: str | None
    subject: str
    action: str
    metric: str
    sentence: str
    unit_kind: str = ""
    expected_unit: str | None = None
    """For a figure whose unit was dropped (unit ""), the unit the context calls for."""
    cstart: int = 0
    """Offsets in the normalised text (internal: used to relate figures and blanks)."""
    cend: int = 0
    metric_rule: str = ""
    """The metric rule that labelled the figure: ``"<metric id>#<entry, 1-based>"``
    (``population.total#2``); ``"part_of"`` when a rule fired but the figure is a part after
    其中 of a figure with that metric (so ``other``); ``"change"`` when a rule fired but the
    figure states a change of a metric marked ``changes_other`` (so ``other``); "" when no rule
    fired (``other``)."""
    per: str = ""
    """What an amount is per (``rules/qualifiers.yaml`` section ``per``): 人 for 人均8.5元, 户,
    亩 for 20元/亩, 人/月 for 每人每月150元 (who first, then the period); "" for a total."""
    direction: str = ""
    """Which way a stated change goes (``rules/qualifiers.yaml`` section ``direction``): 减少
    for 比上年减少9人, 下降3%, 亏损-3亿元; 增加 for 同比增长3.5%; "" for a level. ``value``
    keeps the sign as written (亏损-3亿元 is -300000000, 减少3% is 3, 增长-3% is -3)."""


def _figure_of(values: dict) -> Figure:
    """``Figure(**values)`` from a dict of every field (the dict becomes the figure's own, not
    copied), without the frozen dataclass's ``object.__setattr__`` for each of its fields (half
    the cost; a long report has thousands of figures). Valid while :class:`Figure` has no
    ``__slots__`` or ``__post_init__``; tests/test_scan_rewrites.py checks the two agree."""
    fig = object.__new__(Figure)
    object.__setattr__(fig, "__dict__", values)
    return fig


# ----------------------------------------------------------------------------- metric rules


@dataclass(frozen=True)
class _MatchRule:
    units: frozenset[str] | None
    before: regex.Pattern | None
    after: regex.Pattern | None
    clause: regex.Pattern | None
    not_: regex.Pattern | None
    """the entry's own veto, joined with the metric's (a ``not`` beside ``match``)"""
    lead: regex.Pattern | None = None
    lead_not: regex.Pattern | None = None
    tail: regex.Pattern | None = None
    figure: regex.Pattern | None = None
    figure_not: regex.Pattern | None = None


@dataclass(frozen=True)
class _Metric:
    id: str
    priority: float
    core: bool
    matches: tuple[_MatchRule, ...]


class MetricClassifier:
    """Chooses a metric id for a figure or a blank from its clause (``rules/metrics.yaml``)."""

    def __init__(self, rules: RuleData):
        metrics = []
        def compiled(pattern: str | None) -> regex.Pattern | None:
            return None if pattern is None else regex.compile(pattern)

        for rec in rules.records("metrics", "metrics"):
            ms = []
            for m in rec.match:
                vetoes = [v for v in (m.not_, rec.not_) if v]
                ms.append(_MatchRule(
                    frozenset(m.units) if m.units is not None else None,
                    compiled(m.before), compiled(m.after), compiled(m.clause),
                    regex.compile("|".join(f"(?:{v})" for v in vetoes)) if vetoes else None,
                    compiled(m.lead), compiled(m.lead_not), compiled(m.tail),
                    compiled(m.figure), compiled(m.figure_not),
                ))
            metrics.append(_Metric(rec.id, float(rec.priority), rec.core, tuple(ms)))
        metrics.sort(key=lambda m: -m.priority)
        self.metrics = tuple(metrics)
        self.core_ids = frozenset(m.id for m in metrics if m.core)
        #: metrics whose stated changes (比上年增加300人) are no level of theirs: "other"
        self.changes_other = frozenset(r.id for r in rules.records("metrics", "metrics") if r.changes_other)
        # per unit, the (metric id, rule, "id#entry") triples that may apply, in priority
        # order: a figure in 人 never looks at the rules for 份 or 元
        all_units = {u for m in metrics for r in m.matches if r.units for u in r.units}
        # each entry built once and shared by every unit's list (an entry for any unit is in
        # all of them: building it per unit parsed its patterns' key characters again each time)
        entries = {(m.id, i): _entry(m.id, r, f"{m.id}#{i}") for m in metrics
                   for i, r in enumerate(m.matches, 1)}
        self._any_unit = tuple(entries[m.id, i] for m in metrics
                               for i, r in enumerate(m.matches, 1) if r.units is None)
        self._by_unit = {u: tuple(entries[m.id, i] for m in metrics
                                  for i, r in enumerate(m.matches, 1)
                                  if r.units is None or u in r.units) for u in all_units}

    def classify(self, before: str, after: str, unit: str, lead: str = "", tail: str = "",
                 figure: str = "") -> str:
        """Metric id for a quantity in ``unit`` between clause parts ``before`` and ``after``;
        ``lead`` is the sentence up to the quantity (for rules with a ``lead`` field, which
        see past a 、 or a comma: 共812户、3104人); ``tail`` the text after the unit across a
        list's 、 (for rules with a ``tail`` field: 65家企业、230户出租房户签订了合同);
        ``figure`` the quantity as written (for rules with a ``figure``/``figure_not`` field:
        a unitless 10万 is no rate; "" for a blank's slot).

        >>> c = MetricClassifier(RuleSet.load().data)
        >>> c.classify("全镇总人口", ",其中", "人"), c.classify("共接诊育龄妇女", "", "人次")
        ('population.total', 'health.screenings')
        """
        return self.classify_rule(before, after, unit, lead, tail, figure)[0]

    def classify_rule(self, before: str, after: str, unit: str, lead: str = "",
                      tail: str = "", figure: str = "") -> tuple[str, str]:
        """:meth:`classify` and the rule that decided: ``(metric id, "<id>#<entry>")``, the
        entry counted from 1 in the metric's ``match`` list; ``("other", "")`` when none fits.

        >>> MetricClassifier(RuleSet.load().data).classify_rule("全镇总人口", ",其中", "人")[1].startswith("population.total#")
        True
        """
        return self._classify(self._by_unit.get(unit, self._any_unit), before, after, lead, tail,
                              figure)

    @staticmethod
    def _classify(entries, before: str, after: str, lead: str, tail,
                  figure: str = "") -> tuple[str, str]:
        """:meth:`classify_rule` over the ``entries`` of one unit (see :func:`_entry`); ``tail``
        may be a callable that returns it (read only when an entry has a ``tail`` field).

        Each field's pattern is searched only when its text holds one of the characters every
        match of it needs (the character sets are read off the patterns when compiled, see
        :func:`report_miner.mining.prefilter.key_chars`): the same answers, fewer searches (a
        figure in 人 has 29 entries to try). The character sets of ``before`` and ``after``
        are built once per figure (``after``'s when an entry first needs it). ``lead`` (up to
        60 characters, more than a set of its characters is worth building for the few entries
        that read it) is tested for its key characters by one class search of the stdlib engine
        before ``lead`` or ``lead_not`` is searched: most failing lead patterns are
        alternations the engine tries at every position of the sentence. An entry's key tests
        all come before its first search."""
        clause = aset = None
        bset = set(before)
        for kb, entry in entries:
            if kb is not None and kb.isdisjoint(bset):
                continue  # the most entries end here: only their before's key is unpacked
            metric_id, label, b, a, ld, ldn, tl, c, nt, ka, kc, fg, fgn, kl, kln, kfg, kfgn = entry
            # every test of key characters before any search: each is a set test (or one class
            # search of the stdlib engine), where a search is a call into the regex engine
            # that costs several of them even when it fails at once; the tests and searches
            # all have to pass, so their order does not change the answer
            if ka is not None or kc is not None:
                if aset is None:
                    aset = set(after)
                if ka is not None and ka.isdisjoint(aset):
                    continue
                if kc is not None and kc.isdisjoint(bset) and kc.isdisjoint(aset):
                    continue
            if kfg is not None and kfg.isdisjoint(figure):
                continue
            if kl is not None and kl(lead) is None:
                continue
            if b is not None and not b.search(before):
                continue
            if fg is not None and not fg.search(figure):
                continue
            if fgn is not None and (kfgn is None or not kfgn.isdisjoint(figure)) and fgn.search(figure):
                continue
            if a is not None and not a.search(after):
                continue
            if ld is not None and not ld.search(lead):
                continue
            if ldn is not None and (kln is None or kln(lead) is not None) and ldn.search(lead):
                continue
            if tl is not None:
                if callable(tail):
                    tail = tail()
                if not tl.search(tail):
                    continue
            if clause is None:
                clause = before + "\u2063" + after
            if c is not None and not c.search(clause):
                continue
            if nt is not None and nt.search(clause):
                continue
            return metric_id, label
        return "other", ""


def _entry(metric_id: str, rule: _MatchRule, label: str) -> tuple:
    """One metric entry as :meth:`MetricClassifier._classify` tries it: ``(key characters of
    before, (metric id, "id#n", before, after, lead, lead_not, tail, clause, not, key characters
    of after and clause, figure, figure_not, key class searches of lead and lead_not, key
    characters of figure and figure_not))`` (a key None: no key; the class searches:
    :func:`_key_search`). Flat tuples, as unpacking costs
    less than reading the rule's attributes, and the before key apart, as most entries are
    dropped by it alone (this runs for every entry of every figure)."""
    def key(p: regex.Pattern | None) -> frozenset[str] | None:
        return None if p is None else key_chars(p.pattern, p.flags)
    kc = key(rule.clause)
    if kc is not None and "\u2063" in kc:  # the mark that joins before and after in the clause
        kc = None
    # (no key for ``not``: reading one off its long patterns cost ~20 ms at start-up, more
    # than the searches it spared saved on the bench's texts)
    return (key(rule.before), (metric_id, label, rule.before, rule.after, rule.lead, rule.lead_not,
                               rule.tail, rule.clause, rule.not_, key(rule.after), kc,
                               rule.figure, rule.figure_not, _key_search(rule.lead),
                               _key_search(rule.lead_not), key(rule.figure), key(rule.figure_not)))


def _key_search(p: regex.Pattern | None):
    """The ``search`` of one stdlib character class of ``p``'s key characters (a text where
    it finds none holds no match of ``p``); None when ``p`` is None or has no key."""
    key = None if p is None else key_chars(p.pattern, p.flags)
    if not key:
        return None
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(key)) + "]").search


# ----------------------------------------------------------------------------- the scanner

_BRACKETED = regex.compile(r"[(（][^()（）]*[)）]")
_RANGE_BETWEEN = regex.compile(r"\s?(?:-|—|–|~|～|至|到)\s?")
_RANGE_SEP = r"(?:-|—|–|~|～|至|到)"
_MAG_CHARS = "十百千万亿"
_LEADING_NUMBER = regex.compile(r"\d+(?:\.\d+)?")
# a number of a coordinated list, with its own 万/亿 (分别投入2万、3万和5万元)
_LIST_NUMBER = regex.compile(r"\d+(?:\.\d+)?[万亿]?")
_HAN = regex.compile(r"\p{Han}")
_SPACED_HAN = regex.compile(r"(?<=\p{Han})[ \u3000]+(?=\p{Han})")
# a space between digit groups (8 216户, 31 426人): thousands written apart, read joined by the metric rules
_DIGIT_GROUP_SPACE = regex.compile(r"(?<=\d) (?=\d{3}(?!\d))")
# a table row read as one clause: | 总人口 | 23456人 | (markdown cells) and 项目:总人口  数量:23456人
# (a column header after the label, spaced off: rules/structure.yaml layout column_headers)
_PIPE_CELLS = regex.compile(r"[|｜]")


def header_word_re(words: Iterable[str]) -> regex.Pattern:
    """A column header word spaced off at the end of a label (``rules/structure.yaml`` section
    ``layout``, ``column_headers``; none: nothing is taken off)."""
    words = list(words)
    return regex.compile(r"[ \u3000\t]+" + literal_alternation(words) + "$" if words else "(?!)")


#: what a label holds when _table_label can change it (cell bars, or the spaces before a
#: header word, which header_word_re requires)
_TABLE_OR_SPACE = frozenset("|｜ \u3000\t")
_ALL_HAN = regex.compile(r"\p{Han}{2,}")
_DIGIT = regex.compile(r"\d")


def _from_start(pattern: str) -> str:
    """A context pattern written from ``^`` (``^(?:全年|其中)``) without it, to be put in a
    look-ahead of a larger pattern (``rules check`` makes sure it has no other ``^`` and no
    named group: :func:`report_miner.ruleset.load._inside_figure_problems`)."""
    return pattern[1:] if pattern.startswith("^") else pattern


_HAN_RUN = regex.compile(r"\p{Han}*")
#: what parse_number gives a number of plain ASCII digits, but its value (not approximate)
_PLAIN = ParsedNumber(0)


def _table_label(label: str, header_word: regex.Pattern) -> str:
    """The label a metric rule reads from a table row's clause: the last non-empty cell of a
    markdown row, without a spaced-off column header word (``header_word``: :func:`header_word_re`).

    >>> h = header_word_re(["数量"])
    >>> _table_label("| 总人口 |", h), _table_label("总人口  数量", h), _table_label("全镇总人口", h)
    ('总人口', '总人口', '全镇总人口')
    """
    if "|" in label or "｜" in label:
        cells = [c.strip() for c in _PIPE_CELLS.split(label) if c.strip()]
        label = cells[-1] if cells else ""
    return header_word.sub("", label)


def _last_non_space(text: str, j: int) -> int:
    """The last position at or before ``j`` that is no blank space or line break; -1 if none."""
    while j >= 0 and text[j] in " \t\u3000\r\n":
        j -= 1
    return j


# what may end a number (and 余/多 after it): 〇零一二两三四五六七八九十百千万亿余多
_NUMERAL_CHARS = CN_EVERYDAY_DIGITS + CN_EVERYDAY_MAGNITUDES + "余多"


def _compound_numeral(tok: str) -> bool:
    """A Chinese numeral of two characters or more with a magnitude or a decimal point in it
    (十八, 三十, 六百五十, 二点五): it reads as a number before any measure word, even one that
    takes no Chinese numeral alone (units.yaml ``numerals: false``: 一把手, 三面, 十分 are words,
    十八眼, 三十顶, 四十五口 are not)."""
    return len(tok) >= 2 and any(c in "十百千万亿点" for c in tok)


@dataclass(frozen=True)
class _Unit:
    unit: str
    scale: int | float
    kind: str
    numerals: bool
    not_before: regex.Pattern | None = None
    """A form of this unit is not the unit where this follows it (``rules/units.yaml``)."""


class FigureScanner:
    """Compiled figure rules. Built once per rule set (``RuleSet.load(dir).figures``), reused
    freely. ``words`` is the segmenter subject and action are read with (default: the shipped
    one), ``subject_rules`` the word lists it reads them by, ``blank_patterns`` the blank
    rules' patterns compiled already (:attr:`report_miner.ruleset.load.RuleSet.blank_patterns`,
    of which it reads those whose slot ends a clause; None: it compiles those itself)."""

    def __init__(self, rules: RuleData, words: ContextWords | None = None,
                 subject_rules: SubjectRules | None = None,
                 blank_patterns: "tuple[regex.Pattern, ...] | None" = None):
        self.units: dict[str, _Unit] = {}
        for rec in rules.records("units", "units"):
            u = _Unit(rec.unit, rec.scale, rec.kind, rec.numerals,
                      regex.compile(rec.not_before) if rec.not_before else None)
            for form in rec.forms:
                self.units[form] = u
        quals = rules.records("qualifiers", "qualifiers")
        # a qualifier as written -> (approx, bound) it gives the figure
        self.qualifiers = {q.form: (q.approx, q.bound) for q in quals}
        #: the same, with no qualifier (None or "") read as (False, None): one lookup per group
        self._quals = {None: (False, None), "": (False, None), **self.qualifiers}

        def alt(forms: Iterable[str]) -> str:
            # the longest form that fits first, as a tree of first characters (fewer tries)
            forms = list(forms)
            return literal_alternation(forms) if forms else ""

        pre = alt(q.form for q in quals if q.position == "before" and not q.not_after)
        # a form that is the end of a word after some characters (签约, 节约 before 约) only
        # counts when none of them stands right before it. The form comes first and the look
        # back after it (约(?<![签节…]约), the same matches): a branch that starts with its
        # literal lets the engine skip the positions where no qualifier starts, while a
        # look-behind first is tried at every position of the text (figure_re ~5% faster)
        guarded = [f"{regex.escape(q.form)}(?<![{regex.escape(q.not_after)}]{regex.escape(q.form)})"
                   for q in quals if q.position == "before" and q.not_after]
        if guarded:
            pre = "(?:" + "|".join(([pre] if pre else []) + guarded) + ")"
        # a qualifier right before a number with no unit (近2万, 逾10万): approx / bound as SCHEMA
        # reads it; the surface stays the number's
        self.pre_end_re = regex.compile(f"(?:{pre})$") if pre else None
        # the words a lone magnitude (近万, 过千) or a bare 万/亿 (突破百亿) stands after
        # (rules/qualifiers.yaml numerals): a word that is a qualifier before a number keeps its
        # not_after (过 in 通过, 经过 is no "over"), the guard before the word in a look-behind
        not_after = {q.form: q.not_after for q in quals if q.position == "before" and q.not_after}

        def after_words(words: Iterable[str]) -> str:  # "" for none (the branch is left out)
            return "|".join(f"(?<![{regex.escape(not_after[w])}]){regex.escape(w)}" if w in not_after
                            else regex.escape(w) for w in words)

        num_words = rules.named("qualifiers", "numerals")
        lone_after = after_words(num_words["lone_magnitude_after"].words)
        bare_after = after_words(num_words["bare_magnitude_after"].words)
        post_num = alt(q.form for q in quals if q.position == "after_number")
        post_unit = alt(q.form for q in quals if q.position == "after_unit")
        units = alt(self.units)
        # a lone 百/千 before a measure word and one of these words (百人以上, 千人左右)
        before_words = alt(num_words["lone_magnitude_before"].words)
        re_number = number_re(lone_after, f"(?:{units})(?:{before_words})" if before_words else "")
        # a unit written with a magnitude character first that reads as another unit without
        # it (百分点 is not 百 + 分, 千米 not 千 + 米): the number stops before that character
        split = [f for f in self.units if len(f) > 1 and f[0] in _MAG_CHARS
                 and any(f[1:].startswith(g) and self.units[g].unit != self.units[f].unit
                         for g in self.units)]
        stop = ("(?!" + "|".join(f"(?<={regex.escape(f[0])}){regex.escape(f[1:])}"
                                 for f in sorted(split, key=len, reverse=True)) + ")") if split else ""
        self.figure_re = regex.compile(
            rf"""
            (?P<pre>{pre})?
            (?:
                (?P<pct>百分之|千分之)(?P<pn>{re_number}|百)(?P<q2p>{post_unit})?
              | (?<![\d])(?:(?<![A-Za-z])|(?<=(?<![A-Za-z])[A-Z]{{2,}}))(?<!(?<!\.)\.)(?P<n1>{re_number}){stop}
                (?:[ ]?(?P<rs>{_RANGE_SEP})[ ]?(?P<n2>{re_number}){stop})?
                (?:[ \u00a0]?(?P<q1>{post_num}))?
                [ \u00a0]?
                (?P<unit>{units})
                (?:[ \u00a0]?(?P<q2>{post_unit}))?
            )
            """,
            regex.VERBOSE,
        )
        # the groups a match is read by, as numbers (a lookup by name costs five times more)
        self._figure_groups = tuple(self.figure_re.groupindex[g] for g in (
            "pre", "pct", "pn", "q2p", "n1", "n2", "q1", "unit", "q2"))
        self._n1_group = self.figure_re.groupindex["n1"]
        # what a match of figure_re can open its number with (a digit aside: Chinese numerals),
        # and every character of a qualifier before a number, which may come first (_may_seam)
        self._number_first = frozenset(CHINESE_FIRST)
        self._pre_chars = frozenset(c for q in quals if q.position == "before" for c in q.form)
        ctx_recs = rules.named("qualifiers", "context")
        coord = alt(ctx_recs["coordinated"].words)
        # a bare number: followed by a qualifier (98以上, 300 左右), by nothing that could be a
        # unit, by a coordinated bare number (8和12), or written with 万/亿 before a word
        # (3.77万群众); and a bare 百亿 after a bound word (突破百亿大关)
        # a Chinese numeral with a magnitude (一千, 三千五) is a bare number only before an
        # approximation written after it (一千出头的人口, 三千左右): alone it is too often a word
        approx_post = alt(q.form for q in quals if q.position == "after_unit" and q.approx)
        # (the first class is what a Chinese numeral can start with: without it the look-arounds
        # ran at every position and made this scan 8x slower)
        # after a bound word, a Chinese number ending in 万/亿 (突破五十亿, 已逾两万); a lone 万/亿
        # only with no character after it (突破万难 is "every difficulty", no number)
        # (a zero never starts the number but may stand inside it: 突破一千零五十万)
        cn_digits = "".join(d for d in CN_DIGIT if d not in "零〇○")
        cn_bare = (rf"|(?=[{CHINESE_FIRST}])(?<![{_NUMERAL_CHARS}第])(?=[^十拾百佰千仟万亿]{{0,4}}[十拾百佰千仟万亿])"
                   rf"{chinese_re(lone_after)}"
                   rf"(?=[ ]?(?:{approx_post}))") if approx_post else ""
        self.bare_re = regex.compile(
            rf"(?<![\d.A-Za-z])(?P<n1>{RE_ARABIC}"
            + (rf"|(?=[{cn_digits}十百千万亿])(?<={bare_after})"
               rf"(?:[{cn_digits}十百千][{cn_digits}零〇十百千万亿]{{0,7}}[万亿]|[万亿](?!\p{{Han}}))"
               if bare_after else "") + rf"{cn_bare}"
            # a Chinese decimal in 万/亿 (人口二点七万): never a word, a number wherever it stands
            + rf"|(?<![{_NUMERAL_CHARS}第点])[{cn_digits}十][{cn_digits}十零〇]{{0,3}}点[{cn_digits}零〇]{{1,4}}[万亿])"
            rf"(?:[ ]?(?P<q2>{post_unit})|(?![\d.%‰\p{{Han}}A-Za-z、])"
            + (rf"|(?=(?:{coord})\d)" if coord else "") + r"|(?<=[万亿])(?=\p{Han})"
            # 性别比108.6较上年下降 (punctuation dropped): the next clause opens right after it
            # (the two context patterns are written from ^, which is left out here)
            + rf"|(?<=\d)(?=(?:{_from_start(ctx_recs['opens_clause_after'].pattern)})"
            + rf"|(?:{_from_start(ctx_recs['opens_clause_after_number'].pattern)})))"
        )
        # a bare number's range end (性别比控制在103-107之间, 105-107以内): the second number and
        # the qualifier after it, read only once the first number is a unit-less figure
        self._bare_range_re = regex.compile(
            rf"[ ]?{_RANGE_SEP}[ ]?(?P<n2>{RE_ARABIC})(?![\d.%‰A-Za-z])" + (rf"(?:[ ]?(?P<q2>{post_unit}))?" if post_unit else ""))
        self.unitless = [
            (regex.compile(r.before), regex.compile(r.not_) if r.not_ else None,
             r.expect, r.assume,
             regex.compile(r.after) if r.after else None,
             regex.compile(r.number) if r.number else None,
             frozenset(r.qualifier), r.blank,
             regex.compile(r.lead) if r.lead else None)
            for r in rules.records("units", "unitless")
        ]
        #: per unit-less rule, the characters every match of its ``before`` needs (None: no key)
        self._unitless_keys = [key_chars(pat.pattern, pat.flags) for pat, *_ in self.unitless]
        self.exclusions = [regex.compile(r.pattern) for r in rules.records("exclusions", "exclusions")]
        self.exclusion_ids = [r.id for r in rules.records("exclusions", "exclusions")]
        self._exclusion_keys = [key_chars(p.pattern, p.flags) for p in self.exclusions]
        self._exclusion_branches = [_literal_branches(p) for p in self.exclusions]
        ctx = {k: regex.compile(r.pattern) for k, r in ctx_recs.items()}
        self.counted_one, self.continues = ctx["counted_one"], ctx["continues"]
        self.change_from, self.weak_subject = ctx["change_from"], ctx["weak_subject"]
        self.range_after = ctx["range_after"]
        self.part_of = ctx["part_of"]
        self.place_part = ctx["place_part"]
        self.place_line, self.total_after = ctx["place_line"], ctx["total_after"]
        self.whole_word = ctx["whole_word"]
        self.seam_kept_before, self.seam_kept_after = ctx["seam_kept_before"], ctx["seam_kept_after"]
        self.opens_clause_after = ctx["opens_clause_after"]
        self.coordinated = ctx["coordinated"]
        self.direction_rules = [
            (r.direction, regex.compile(r.before), regex.compile(r.not_) if r.not_ else None)
            for r in rules.records("qualifiers", "direction")
        ]
        # one character class of every key character of the direction patterns (None when one
        # has no key): a sentence start that holds none of them states no change, found with
        # one call of the stdlib engine (a plain class reads alike in both) instead of a search
        # per record (about three figures in four)
        keys = [key_chars(pat.pattern, pat.flags) for _, pat, _ in self.direction_rules]
        self._direction_keys = (None if not keys or any(k is None for k in keys) else
                                re.compile("[" + "".join(re.escape(c) for c in sorted(set().union(*keys))) + "]"))
        self.per_rules = [
            (r.per, regex.compile(r.before) if r.before else None,
             regex.compile(r.after) if r.after else None,
             regex.compile(r.not_) if r.not_ else None)
            for r in rules.records("qualifiers", "per")
        ]
        self._per_keys = [(None if b is None else key_chars(b.pattern, b.flags),
                           None if a is None else key_chars(a.pattern, a.flags))
                          for _, b, a, _ in self.per_rules]
        # per key character, the records it keeps in play (bit n for record n) by the side that
        # holds it, and the records with a side that has no key (always tried): a clause's
        # candidates are then the few key characters it holds (one set intersection a side)
        bits_b: dict[str, int] = {}
        bits_a: dict[str, int] = {}
        free = 0
        for n, ((_, b, a, _), (kb, ka)) in enumerate(zip(self.per_rules, self._per_keys)):
            for side, pat, key, bits in (("b", b, kb, bits_b), ("a", a, ka, bits_a)):
                if pat is None:
                    continue
                if key is None:
                    free |= 1 << n
                else:
                    for c in key:
                        bits[c] = bits.get(c, 0) | 1 << n
        self._per_bits = (bits_b, frozenset(bits_b), bits_a, frozenset(bits_a), free)
        # rates, shares and ratios are never "per" anything, nor is a number whose unit was dropped:
        # the units of those kinds in rules/units.yaml (a user's new percent unit included)
        self.per_skip_units = frozenset(
            {""} | {u.unit for u in self.units.values() if u.kind in ("percent", "permille", "ratio")})
        layout = rules.named("structure", "layout")
        #: a table line's leader between label and number (rules/structure.yaml layout):
        #: one of the ellipses, or three of the dots, and every character either may hold
        self._leader_ellipses = "".join(layout["leader_ellipses"].words)
        self._leader_dots = "".join(layout["leader_dots"].words)
        self._leader_chars = frozenset(self._leader_ellipses + self._leader_dots)
        self._header_word = header_word_re(layout["column_headers"].words)
        #: the words of a coordinated list (context coordinated): a text without any has none
        self._coord_words = tuple(ctx_recs["coordinated"].words)
        self.metrics = MetricClassifier(rules)
        self.subject_rules = subject_rules or SubjectRules.from_rules(rules)
        self.words = words
        # the blank rules that say a slot ends its clause (rules/blanks.yaml ``clause_ends``, a
        # measure word with no number before what opens the next clause: 会员人发放宣传资料份):
        # with the punctuation dropped, such a slot after a figure ends the figure's clause as a
        # next figure does (_seam_slot); the unit forms by first character, longest first, and
        # the characters before a measure word that make it no slot (a number, 余, 多)
        if blank_patterns is None:
            blank_patterns = compile_blank_patterns(rules)
        self._slot_seams = [blank_patterns[i] for i, r in enumerate(rules.records("blanks", "blanks"))
                            if r.clause_ends and r.kind == "missing_number"]
        self._unit_forms_at: dict[str, list[str]] = {}
        for f in sorted(self.units, key=len, reverse=True):  # the longest form first
            self._unit_forms_at.setdefault(f[0], []).append(f)
        not_after = next((r.words for r in rules.records("blanks", "word_sets")
                          if r.id == "slot_not_after"), ())  # rules/blanks.yaml word_sets
        self._slot_not_after = frozenset(CHINESE_FIRST) | frozenset(str(w) for w in not_after)

    # ---------------------------------------------------------------- helpers

    def excluded_spans(self, text: str, chars: "set[str] | frozenset[str] | None" = None
                       ) -> list[tuple[int, int]]:
        """Spans of the normalised text that no figure may overlap: sorted and disjoint
        (overlapping exclusions are merged), so :func:`overlaps` needs no limit on their length.
        ``chars``: the text's distinct characters, when known already (:attr:`Normalised.chars`).

        Every exclusion applies; their order in the file does not matter."""
        spans = []
        if chars is None:
            chars = set(text)
        for pat, key, branches in zip(self.exclusions, self._exclusion_keys, self._exclusion_branches):
            if key is not None and key.isdisjoint(chars):
                continue  # a character every match holds is missing: the scan would find nothing
            found = _alternation_spans(branches, text) if branches else None
            if found is None:
                found = [m.span() for m in pat.finditer(text) if m.end() > m.start()]
            spans.extend(found)
        return _disjoint(spans)

    def exclusion_at(self, text: str, s: int, e: int) -> str:
        """The id of the first exclusion that overlaps ``text[s:e]`` ("" for none): for
        ``explain``, not the scan."""
        for rid, pat in zip(self.exclusion_ids, self.exclusions):
            if any(m.start() < e and m.end() > s and m.end() > m.start() for m in pat.finditer(text)):
                return rid
        return ""

    @staticmethod
    def _drop(log: list | None, norm: Normalised, s: int, e: int, candidate: str, by: str,
              reason: str) -> None:
        """Record a candidate the scan drops (only when ``log`` is a list: ``explain``)."""
        if log is not None:
            os_, oe = norm.to_orig_span(s, e)
            log.append(dict(stage="figures", start=os_, end=oe, text=norm.original[os_:oe],
                            candidate=candidate, vetoed_by=by, reason=reason, cstart=s))
        return None

    def _qual(self, form: str | None) -> tuple[bool, str | None]:
        if not form:
            return False, None
        return self.qualifiers[form]

    # ---------------------------------------------------------------- scanning

    def scan(self, norm: Normalised, words: ContextWords | None = None,
             log: list[dict] | None = None, report_starts: Sequence[int] = ()) -> list[Figure]:
        """All figures of a normalised text, in order of position. With a list as ``log``,
        every candidate dropped is appended to it as a dict (what, by which rule, why).
        ``report_starts``: where each report of a file that glues several begins (offsets in
        ``norm.text``, ascending; the pipeline passes them): a line opening with a place's name
        is a share only of a figure of its own report (context ``place_line``)."""
        text = norm.text
        excl = self.excluded_spans(text, norm.chars)
        words = words or self.words or ContextWords.default()
        items: list[tuple] = []
        taken: list[tuple[int, int]] = []
        for m in list(self.figure_re.finditer(text)):  # the scan, then what each match says
            item = self._figure_from_match(norm, m, excl, log)
            if item is not None:
                items.append(item)
                taken.append((m.start(), m.end()))
        found = self._make_many(norm, items, words)  # their clauses, metrics, subjects, …
        taken.sort()
        bare_end = 0  # the end of the last unit-less figure (a range's second number is in it)
        for m in self.bare_re.finditer(text):
            if m.start() < bare_end:
                continue
            if overlaps(taken, m.start(), m.end()) or overlaps(excl, m.start(), m.end()):
                if (log is not None and not overlaps(taken, m.start(), m.end())
                        and self._unitless_figure(norm, m, words) is not None):
                    self._drop(log, norm, m.start(), m.end(), "unitless number",
                               self.exclusion_at(text, m.start(), m.end()), "exclusion")
                continue
            fig = self._unitless_figure(norm, m, words)
            if fig is not None:
                found.append(fig)
                bare_end = fig.cend
        if any(w in text for w in self._coord_words):
            found = self._coordinated_lists(norm, found, excl, words)
        found.sort(key=lambda f: f.cstart)
        return self._parts_of_whole(
            text, self._resolve_weak(text, self._merge_ranges(norm, found), norm.sentences), norm.sentences,
            report_starts)

    def _parts_of_whole(self, text: str, found: list[Figure], sentences,
                        report_starts: Sequence[int] = ()) -> list[Figure]:
        """A part after 其中 / 包括 / 含 (``rules/qualifiers.yaml`` context ``part_of``) does not
        take its whole's core metric (finer metrics such as health.cases keep theirs): in
        协会组织1519个,其中县级协会11个 only the 1519 counts associations. Nor does one place's
        share after the total (context ``place_part``: 投入资金50万元,东村20万元、西村…).
        The whole is an earlier figure of the same sentence with the same metric, or of the
        sentence before when the part's sentence opens with 其中 (总人口5万人。其中:常住人口…)."""
        for i, f in enumerate(found):
            if f.metric not in self.metrics.core_ids:
                continue
            ss, _ = sentences.span(f.cstart, f.cend)
            lo = ss
            head = ss
            while head < f.cstart and text[head] in " \t\u3000\n":
                head += 1
            opens = self.part_of.match(text, head)
            if opens is not None and ss > 0:
                # the sentence before (past a line break and blank space: 。⏎其中,…): its
                # figures are wholes too
                j = max(0, _last_non_space(text, ss - 1))
                lo = sentences.span(j, j)[0]
            listed = self._list_head(text, ss, sentences) if opens is None and ss > 0 else None
            if listed is not None:
                lo = listed  # 会员4350名,其中:⏎党员会员612名;⏎青年会员1037名: one item of a list after 其中:
            cb = clause_before(text, f.cstart)
            place = self.place_part.search(cb) is not None
            if self.place_line.match(text, head) is not None and not self.whole_word.search(cb):
                # 城关镇:辖24个村,人口5.2万人;⏎河西乡:…, 石门村　会员146人: a line that opens with
                # one place's name, after the area's own figure of the metric, gives that place's
                # share; the area's figure is one of its own report (a file may glue several, and
                # the next report's 河西乡 总人口… is that report's total)
                k = bisect.bisect_right(report_starts, f.cstart)
                own_report = report_starts[k - 1] if k else 0
                if any(w.metric == f.metric and w.cstart >= own_report for w in found[:i]):
                    found[i] = replace(f, metric="other", metric_rule="part_of")
                    continue
            if place and self._total_after(text, found, i, sentences):
                found[i] = replace(f, metric="other", metric_rule="part_of")
                continue  # 城关镇86万元,河西乡52万元,…,合计199万元: a share before its total
            if not place and listed is None and not self.part_of.search(text, ss, f.cstart):
                continue  # no 其中 before it in its sentence: nothing it could be a part of
            for j in range(i - 1, -1, -1):  # the figures before it in its sentence, last first
                w = found[j]
                if w.cstart < lo:
                    break
                if w.metric != f.metric or (f.per and f.per != w.per):
                    continue  # 每户慰问标准不低于300元 after 其中: an amount per head is no share of a total
                # a 其中 inside brackets that close before the part speaks only of the bracket:
                # 辖6个行政村(其中2个贫困村)2个社区 — the 2 communities are not a part
                between = _BRACKETED.sub("", text[w.cend:f.cstart])
                if (not place and self.whole_word.search(cb) is not None
                        and self.part_of.search(between) and self.part_of.search(cb) is None):
                    # 经费28.6万元,其中上级拨付20万元…,全镇共发放补贴9.6万元: a figure whose own
                    # clause names the whole area again (全镇, 本乡: context whole_word), with no
                    # 其中 of its own, is no part: the 其中 reaches no further than that clause
                    break
                if self.part_of.search(between) or (place and w.cstart >= ss):
                    found[i] = replace(f, metric="other", metric_rule="part_of")
                    break
        return found

    def _total_after(self, text: str, found: list[Figure], i: int, sentences) -> bool:
        """Whether a later figure of ``found[i]``'s sentence with its metric is a total named
        after its parts (context ``total_after``: 合计199万元, 共计69万元)."""
        f = found[i]
        _, se = sentences.span(f.cstart, f.cend)
        for w in found[i + 1:]:
            if w.cstart >= se:
                return False
            if w.metric == f.metric and self.total_after.search(clause_before(text, w.cstart)):
                return True
        return False

    def _list_head(self, text: str, ss: int, sentences, items: int = 8) -> int | None:
        """Where the sentence that opens a list of parts starts, when the sentence starting at
        ``ss`` is one item of it: the list opens with 其中 (or a whole) and a colon (其中:⏎,
        协会214个:), and its items end with a semicolon, each on its own line or not
        (其中:⏎党员会员612名;⏎青年会员1037名。, 其中:奖励金30万元;建设16万元。); ``None``
        otherwise (a full stop or a line that ends without a semicolon ends the list)."""
        k = ss
        for _ in range(items):
            j = _last_non_space(text, k - 1)
            if j < 0:
                return None
            c = text[j]
            if c in ":：":
                head = sentences.span(j, j)[0]
                return head if self.part_of.search(text, max(head, j - 6), j + 1) is not None else None
            if c not in ";；":
                return None
            k = sentences.span(j, j)[0]  # the item before, ended by its semicolon
            for m in self.part_of.finditer(text, k, j):  # 其中:奖励扶助金30万元;…: it opens the list
                if m.group(0)[-1:] in (":", "：") or text[m.end():m.end() + 1] in (":", "："):
                    return k
        return None

    def _merge_ranges(self, norm: Normalised, found: list[Figure]) -> list[Figure]:
        """``1千元至2千元``, ``3人到5人``: a range written with the unit on both ends is one
        figure (value … value_max), not two."""
        out: list[Figure] = []
        for f in found:
            prev = out[-1] if out else None
            if (prev is not None and prev.value_max is None and f.value_max is None
                    and prev.unit == f.unit and prev.unit and prev.bound is None
                    and _RANGE_BETWEEN.fullmatch(norm.text[prev.cend:f.cstart])
                    and f.value > prev.value
                    and (not self.change_from.search(norm.text[max(0, prev.cstart - 4):prev.cstart])
                         or self.range_after.search(norm.text[f.cend:f.cend + 4]))):
                s, e = norm.to_orig_span(prev.cstart, f.cend)
                out[-1] = replace(prev, end=e, text=norm.original[s:e], value_max=f.value,
                                  approx=prev.approx or f.approx, bound=f.bound, cend=f.cend)
                continue
            out.append(f)
        return out

    def _resolve_weak(self, text: str, found: list[Figure], sentences=None) -> list[Figure]:
        """Figures whose own clause names nothing (``实际完成3,000份``, ``全年服务1620人次``):
        take the metric of the figure just before in the same sentence with the same unit
        (``目标2,500份,实际完成3,000份``)."""
        sentences = sentences or SentenceIndex(text)
        for i, f in enumerate(found):
            if f.metric != "other" or not i:
                continue
            prev = found[i - 1]
            if prev.unit != f.unit or prev.metric == "other" or not self.weak_subject.search(f.subject):
                continue
            ss, se = sentences.span(f.cstart, f.cend)
            # only the "target …, actual …" pattern continues the figure before: 实际完成3,000份,
            # 全年完成260人次. 其中4个 or 已有4个 are parts of it, not more of the same.
            if prev.cstart >= ss and self.continues.search(clause_before(text, f.cstart)):
                found[i] = replace(f, metric=prev.metric, subject=f.subject or prev.subject,
                                   metric_rule=prev.metric_rule)
        return found

    def _figure_from_match(self, norm: Normalised, m: regex.Match, excl,
                           log: list | None = None) -> tuple | None:
        """What a match of ``figure_re`` says: the item :meth:`_make_many` builds the figure of
        (offsets, value, unit, qualifiers), or None when the match is no figure (inside an
        exclusion, a placeholder, a range that falls, an article 一, …; appended to ``log``)."""
        text = norm.text
        quals = self._quals
        s, e = m.span()
        if overlaps(excl, s, e):
            return self._drop(log, norm, s, e, "number+unit", self.exclusion_at(text, s, e),
                              "exclusion") if log is not None else None
        pre, pct, pn, q2p, n1, n2, q1, unit_form, q2 = m.group(*self._figure_groups)
        approx, bound = quals[pre]
        if pct:
            num = parse_number(pn)
            unit = "%" if pct == "百分之" else "‰"
            kind, scale, value, vmax = ("percent" if unit == "%" else "permille"), 1, num.value, None
            a2, b2 = quals[q2p]
            numtok = pn
        else:
            numtok = n1
            if not numtok.strip("〇○零"):  # 〇〇人: a placeholder for a number (a blank), not zero
                return self._drop(log, norm, s, e, "number+unit", "(code)",
                                  "〇〇 stands for a number (a placeholder), not zero")
            u = self.units[unit_form]
            if u.not_before is not None and u.not_before.match(text, m.end("unit")):
                # 10口人畜饮水池: the form ends inside the next word; the longest shorter form
                # it starts with is the unit (口), and what followed is not read as a qualifier
                shorter = max((f for f in self.units if len(f) < len(unit_form)
                               and unit_form.startswith(f)), key=len, default=None)
                if shorter is None:
                    return self._drop(log, norm, s, e, "number+unit", "(units.yaml not_before)",
                                      f"{unit_form} is followed by what makes it another word")
                unit_form, u, q2 = shorter, self.units[shorter], None
                e = m.start("unit") + len(shorter)
            # 15千米 is 15 千米 (a unit of its own), not 15千 + 米: a magnitude character that
            # makes a longer unit with the unit after it belongs to the unit (only where the
            # unit differs: 3万元 reads the same either way)
            glued = (self.units.get(numtok[-1] + unit_form)
                     if not n2 and not q1 and len(numtok) > 1 else None)
            if glued is not None and glued.unit != u.unit and numtok[-2].isdigit():
                numtok, u = numtok[:-1], glued
            if not u.numerals and is_chinese_numeral(numtok) and not _compound_numeral(numtok):
                return self._drop(log, norm, s, e, "number+unit", "(units.yaml numerals: false)",
                                  f"unit {unit_form} takes no Chinese numerals")
            if numtok.isascii() and numtok.isdigit():  # 17364: parse_number's common case, inline
                num, value, vmax = _PLAIN, int(numtok), None
            else:
                num = parse_number(numtok)
                value, vmax = num.value, num.value_max
            if n2:
                n2tok = n2
                vmax = parse_number(n2tok).value
                # 30-40万元: the magnitude written once applies to both ends
                if n2tok[-1] in _MAG_CHARS and numtok[-1] not in _MAG_CHARS and numtok[0].isdigit() == n2tok[0].isdigit():
                    from .numerals import ARABIC_MAG, CN_BIG_UNIT
                    mag = ARABIC_MAG.get(n2tok[-1]) or CN_BIG_UNIT.get(n2tok[-1], 1)
                    if value * mag <= vmax:
                        value = value * mag
                if vmax is not None and vmax < value:  # "3-2": most likely a date or a code
                    return self._drop(log, norm, s, e, "number+unit", "(code)",
                                      "a range that falls is not a range")
            unit, kind, scale = u.unit, u.kind, u.scale
            a1, _ = quals[q1]
            a2, b2 = quals[q2]
            approx = approx or a1
        approx = approx or a2 or num.approx
        bound = bound or b2
        if scale != 1:
            value = _scaled(value, scale)
            vmax = _scaled(vmax, scale) if vmax is not None else None
        if (value == 1 and vmax is None and numtok == "一"
                and not self.counted_one.search(text[max(0, m.start(self._n1_group) - 4):m.start(self._n1_group)])):
            # 召开一次座谈会, 不少于一次: an article, not a count
            return self._drop(log, norm, s, e, "number+unit", "(qualifiers.yaml context counted_one)",
                              "一 before a measure word reads as an article here, not a count")
        if s > 0 and text[s - 1] in "-−" and self._signed(text, s - 1):
            s -= 1  # 自然增长率为-1.3‰, 亏损-3亿元: a minus sign belongs to the figure
            value = -value
            vmax = -vmax if vmax is not None else None
        return s, e, value, vmax, unit, kind, approx, bound, None, None

    def _signed(self, text: str, i: int) -> bool:
        """Is the ``-`` at ``text[i]`` (right before a number) a minus sign? Not after a digit,
        a Latin letter or a dot (2021-08-31, A-3), nor after a number and its unit, where it
        joins a range (3人-5人, 2016年-2019年)."""
        if i == 0:
            return True
        c = text[i - 1]
        if c.isdigit() or c == "." or ("A" <= c <= "z") or c in "-−—–~～":
            return False
        for n in range(min(4, i), 0, -1):  # the longest unit form ending right before the sign
            form = text[i - n:i]
            if form in self.units:
                k = i - n
                return not (k > 0 and (text[k - 1].isdigit() or text[k - 1] in _NUMERAL_CHARS))
        return True

    def unitless_rule(self, text: str, m: regex.Match) -> int | None:
        """The index (in ``units.yaml``'s ``unitless`` records) of the first unit-less rule
        that reads the bare number ``m`` (a match of ``bare_re``) as a figure, else None.
        ``explain`` asks this too, so that it names the rule the scanner used."""
        # 分别下降了8和12, 分别增长6、9: the second of two coordinated bare numbers reads the
        # context before the first one
        co = self.coordinated.search(text, max(0, m.start() - 16), m.start())
        before = clause_before(text, co.start() if co is not None else m.start())
        after = clause_after(text, m.end())
        numtok = m.group("n1")
        bset = set(before)
        for i, ((pat, veto, expect, assume, after_pat, num_pat, quals, _blank, lead_pat), key) in enumerate(
                zip(self.unitless, self._unitless_keys)):
            if key is not None and key.isdisjoint(bset):
                continue  # the clause holds none of the characters every match of ``before`` needs
            if (pat.search(before) and not (veto and veto.search(before))
                    and (after_pat is None or after_pat.search(after))
                    and (num_pat is None or num_pat.search(numtok))
                    and (not quals or m.group("q2") in quals)
                    and (lead_pat is None or lead_pat.search(lead_before(text, m.start())))):
                return i
        return None

    def _unitless_figure(self, norm: Normalised, m: regex.Match, words) -> Figure | None:
        text = norm.text
        i = self.unitless_rule(text, m)
        if i is None:
            return None
        _pat, _veto, expect, assume, _after, _num, _quals, blank, _lead = self.unitless[i]
        num = parse_number(m.group("n1"))
        approx, bound = self._qual(m.group("q2"))
        s, e, value, vmax = m.start(), m.end(), num.value, None
        pq = self.pre_end_re.search(text, max(0, s - 6), s) if self.pre_end_re is not None else None
        if pq is not None:
            a0, b0 = self._qual(pq.group(0))
            approx, bound = approx or a0, bound or b0
        if s > 0 and text[s - 1] in "-−" and self._signed(text, s - 1):
            s, value = s - 1, -value  # 增长率为-3 (the % dropped): the sign stays
        elif not m.group("q2"):
            # a range with no unit (性别比控制在105-107以内): one figure, value … value_max
            r = self._bare_range_re.match(text, m.end())
            if r is not None:
                n2 = parse_number(r.group("n2"))
                if n2.value > value:
                    e, vmax = r.end(), n2.value
                    a2, b2 = self._qual(r.groupdict().get("q2"))
                    approx, bound = approx or a2, b2 or bound
        if assume:  # 人口2.3万: classified as a count of people
            u = self.units.get(assume)
            fig = self._make(norm, s, e, value, vmax, u.unit if u else assume,
                             u.kind if u else "", approx or num.approx, bound, expect or None, words)
            # with an expected unit the unit was dropped (a blank records it): the figure has none
            return replace(fig, unit="", unit_kind="") if expect else fig
        # expected_unit None: no blank; "" (a rule's ``blank``): a blank whose unit is unknown
        return self._make(norm, s, e, value, vmax, "", "", approx or num.approx,
                          bound, expect or ("" if blank else None), words)

    def _coordinated_lists(self, norm: Normalised, found: list[Figure], excl, words) -> list[Figure]:
        """``分别为15、20和25人``: the bare numbers coordinated before a number with its unit
        (``rules/qualifiers.yaml`` context ``coordinated``) are figures in that unit too, and
        every number of the list reads the clause before the list's first number and the
        clause after its last (subject, metric, direction). Rates and shares too (分别增长6、9%,
        分别为11.2、6.5‰): a bare number the unit-less rules read as a rate with its unit dropped
        (or as any number whose unit was dropped: 分别减少了15、20和25人) is then the list's, in its unit (no unit was dropped). A list after a line break, 第 or
        a digit is no list of figures."""
        text = norm.text
        spans = sorted((f.cstart, f.cend) for f in found)
        # bare numbers read by the unit-less rules: a list may take them over
        bare = {(f.cstart, f.cend): f for f in found if not f.unit}
        taken_over: set[tuple[int, int]] = set()
        out: list[Figure] = []
        for f in found:
            if (f.value_max is not None or not f.unit or not text[f.cstart].isdigit() or f.value <= 0):
                out.append(f)
                continue
            rate = f.unit_kind in ("percent", "permille", "ratio")
            parts: list[tuple[int, int]] = []
            pos = f.cstart
            while True:
                co = self.coordinated.search(text, max(0, pos - 16), pos)
                if co is None:
                    break
                num = _LIST_NUMBER.match(text, co.start())
                if num is None or overlaps(excl, num.start(), num.end()):
                    break
                # a bare number read as a dropped unit (分别减少了15、20和25人: the 人 is said once,
                # at the end) is the list's, in its unit; as is any bare number of a rate's list
                if overlaps(spans, num.start(), num.end()) and not (
                        num.span() in bare and (rate or bare[num.span()].expected_unit)):
                    break
                parts.append(num.span())
                pos = num.start()
            if not parts or pos == 0 or not _HAN.match(text[pos - 1]) or text[pos - 1] == "第":
                out.append(f)
                continue
            taken_over.update(p for p in parts if p in bare)
            digits = _LEADING_NUMBER.match(text, f.cstart).group(0)
            mult = f.value / float(digits) if float(digits) else 1
            mag = text[f.cstart + len(digits):f.cstart + len(digits) + 1]
            if any(text[b - 1] in "万亿" and text[b - 1] != mag for _, b in parts):
                out.append(f)  # 2万、30000元: the list's magnitudes disagree, no list read
                continue
            ctx = (pos, f.cend)
            for a, b in reversed(parts):
                # a part with its own 万 (2万、3万和5万元) has the last number's magnitude
                part = text[a:b - 1] if text[b - 1] in "万亿" else text[a:b]
                value = _scaled(parse_number(part).value, mult)
                out.append(self._make(norm, a, b, value, None, f.unit, f.unit_kind, False, None,
                                      None, words, ctx))
            last = self._make(norm, f.cstart, f.cend, f.value, None, f.unit, f.unit_kind, f.approx,
                              f.bound, f.expected_unit, words, ctx)
            out.append(replace(f, subject=last.subject, action=last.action, metric=last.metric,
                               metric_rule=last.metric_rule, per=last.per, direction=last.direction))
        if taken_over:
            out = [f for f in out if f.unit or (f.cstart, f.cend) not in taken_over]
        return out

    def metric_label(self, text: str, cs: int, before: str | None = None) -> str:
        """The words a figure starting at ``cs`` is named by, as the metric rules read them: the
        clause before it (``before``, :func:`clause_before` when not given), or the label before a
        colon, a line break or leader dots (总人口：23456人, 总人口……23456人, 总人口......23456人),
        without a table row's other cells or a spaced-off column header word (rules/structure.yaml
        ``layout``), spaced-out characters joined (总 人 口).

        >>> from report_miner.ruleset.load import RuleSet
        >>> sc = RuleSet.load().figures
        >>> t = "全镇总人口......23456人"
        >>> sc.metric_label(t, t.index("2"))
        '全镇总人口'
        """
        if before is None:
            before = clause_before(text, cs)
        # 总人口：23456人: the label before a colon names the number (for the metric only)
        label = (before if before or cs == 0 or text[cs - 1] not in ":： \t\n"
                 else label_before(text, cs, ellipses=self._leader_ellipses, dots=self._leader_dots))
        if label:
            if label[-1] in self._leader_chars:  # 总人口……23456人: a table line's leader dots
                label = label_before(text, cs, ellipses=self._leader_ellipses, dots=self._leader_dots)
            # a table row's cells or a spaced-off column header word (_table_label) and spaced-out
            # characters (总 人 口 23456 人, from a PDF: the metric reads the words joined) need a
            # bar or a space: most labels hold neither
            if not _TABLE_OR_SPACE.isdisjoint(label):
                label = _table_label(label, self._header_word)
                if " " in label or "\u3000" in label:
                    label = _SPACED_HAN.sub("", label)
        return label

    def _seam_after(self, after: str) -> str | None:
        """Punctuation dropped between two figures (总人口16804人已婚育龄妇女3120人): when ``after``
        (the raw text after a figure's unit) holds Han words only (2 or more) and then another
        figure, the metric those words give that next figure by themselves (rules/metrics.yaml,
        as data; what follows the next figure is not read: it may run on unpunctuated too),
        "" when they give none; None when there is no such next figure.

        :meth:`_make` then ends the figure's clause at its unit when its own clause before names
        a metric and the words after either gave it the next figure's metric (总人口16804人已婚
        育龄妇女3120人) or vetoed every metric, whether they name one (健康检查1047人次查出妇科病
        52人: 查出 belongs to the next figure) or not (经费24万元镇协会接受捐款3万元: 接受…捐 is
        the next figure's), unless they start with words that keep them in the figure's clause
        (``seam_kept_after`` in rules/qualifiers.yaml: 人口不足800人的村有4个, 2元的标准拨付共…).

        >>> sc = RuleSet.load().figures
        >>> sc._seam_after("已婚育龄妇女3120人"), sc._seam_after("查出妇科病52人")
        ('population.married_women', 'health.cases')
        >>> sc._seam_after("的村有4个"), sc._seam_after("参加培训")
        ('', None)
        """
        m = self.figure_re.search(after)
        if m is None or m.start() < 2:
            return None
        words = after[:m.start()]
        if not _ALL_HAN.fullmatch(words):
            return None
        unit_form = m.group("unit")
        u = self.units.get(unit_form) if unit_form else None
        if u is None:
            return None
        metrics = self.metrics
        return metrics._classify(metrics._by_unit.get(u.unit, metrics._any_unit),
                                 words, "", "", "", "")[0].replace("other", "")

    def _seam_before(self, label: str) -> str | None:
        """Punctuation dropped before a figure (总户数8560户总人口32000人): the words after the
        last earlier figure (digits and a unit) in the words ``label`` naming it, when they are
        Han text only (2 characters or more): the figure's metric is read from them, not from
        the earlier figure's words. None when there is no earlier figure or the words keep it in
        the clause (``seam_kept_before`` in rules/qualifiers.yaml: 人口不足600人的村有, 1560人增加
        到, 18个村和), the earlier figure is a range, an age (a unit of kind other: 已婚15-49岁妇女)
        or has a qualifier after it (60岁以上人口), or a change starts before it (``change_from``:
        由上年的3350人变为).

        >>> sc = RuleSet.load().figures
        >>> sc._seam_before("总户数8560户总人口"), sc._seam_before("人口不足600人的村有")
        ('总人口', None)
        """
        last = None
        for m in self.figure_re.finditer(label):
            if label[m.start()].isdigit():
                last = m
        if (last is None or last.group("unit") is None or last.group("q1") or last.group("q2")
                or last.group("n2")):
            return None
        u = self.units.get(last.group("unit"))
        if u is None or u.kind == "other":
            return None  # 已婚15-49岁妇女: an age describes who is counted
        words = label[last.end():]
        if (len(words) < 2 or not _ALL_HAN.fullmatch(words) or self.seam_kept_before.search(words)
                or self.change_from.search(label, 0, last.start())):
            return None  # 由上年的3350人变为3410人: a change from the earlier figure
        return words

    def _may_seam(self, after: str) -> bool:
        """Can :meth:`_seam_after` find a next figure in ``after``? It needs one that starts
        after two or more Han characters, all of ``after`` before it Han. Its number opens
        with a digit or a Chinese numeral (:data:`report_miner.mining.numerals.CHINESE_FIRST`),
        a qualifier before it (约, 近, 超过) at most coming first: so either the run of Han
        characters at the start of ``after`` holds a numeral past its first two characters, or
        the character right after that run is a digit, a numeral or a qualifier's. False: no
        such figure, and :meth:`_seam_after` would return None (it searches the whole window;
        most figures are followed by words and punctuation). tests/test_scan_rewrites.py
        checks the two agree.

        >>> sc = RuleSet.load().figures
        >>> sc._may_seam("已婚育龄妇女3120人"), sc._may_seam("查出妇科病五十二人")
        (True, True)
        >>> sc._may_seam("参加培训,其中女性5000人"), sc._may_seam("人,其中5000人")
        (False, False)
        """
        h = _HAN_RUN.match(after).end()
        if h < 2:
            return False
        if not self._number_first.isdisjoint(after[2:h]):
            return True
        if h == len(after):
            return False
        c = after[h]
        return c.isdigit() or c in self._number_first or c in self._pre_chars

    def _seam_slot(self, text: str, ce: int,
                   words: ContextWords | None = None) -> tuple[str, int] | None:
        """Punctuation dropped between a figure and a slot (总人口32000人已婚育龄妇女人发放…,
        协会组织9个会员人,): when the text after a figure's unit (at ``ce``) holds Han words only
        (2 or more), then a measure word with no number that the segmenter reads as a word of
        its own, followed by punctuation, the end of the text, or what opens the next clause
        after a slot (a ``clause_ends`` blank rule of rules/blanks.yaml matches there:
        ``slot_before_next_clause``): the metric those words give the slot by themselves and
        the slot's end; None when there is no such slot or its words name no metric (组成4个
        督查组,: then they are more likely what the figure counts). :meth:`_make` then treats it
        as :meth:`_seam_after`'s next figure.

        >>> sc = RuleSet.load().figures
        >>> t = "总人口32000人已婚育龄妇女人发放"
        >>> sc._seam_slot(t, t.index("已")), sc._seam_slot("会员12人常住人口,", 4)
        (('population.married_women', 16), None)
        """
        h = _HAN_RUN.match(text, ce, ce + MAX_CLAUSE).end()
        if h - ce < 3:
            return None
        forms = self._unit_forms_at
        hi = h + 40 if h + 40 < len(text) else len(text)
        for p in range(ce + 2, h):
            cands = forms.get(text[p])
            if cands is None or text[p - 1] in self._slot_not_after:
                continue  # 三百人: a number, and 余人, 多户: a vague one, are no slot
            form = next((f for f in cands if text.startswith(f, p)), None)
            if form is None:
                continue
            q = p + len(form)
            if q == h:  # 会员人, / 会员人 at the end: punctuation (or a line's end) after it
                ends = h == len(text) or not text[h].isalnum()
            else:  # 会员人发放…: what opens the next clause after a slot
                ends = False
                for pat in self._slot_seams:
                    m = pat.match(text, p, hi)
                    if m is not None and m.start("unit") == p:
                        ends = True
                        break
            if not ends or not self._stands_alone(text[ce:h], p - ce, q - ce, words):
                continue
            label = text[ce:p]
            if self.seam_kept_after.match(label):
                return None
            metrics = self.metrics
            u = self.units[form]
            named = metrics._classify(metrics._by_unit.get(u.unit, metrics._any_unit),
                                      label, "", "", "", "")[0]
            # 组成4个督查组,: words that name no metric are more likely what the figure counts
            return None if named == "other" else (named, q)
        return None

    def _stands_alone(self, run: str, s: int, e: int, words: ContextWords | None) -> bool:
        """Does the segmenter read ``run[s:e]`` (a measure word in a run of Han characters) as a
        word of its own, not as the end or start of a longer word (常住人口, 贫困农户)?"""
        words = words or self.words or ContextWords.default()
        if not words.any_word_over(run, 0, len(run), s) and not words.any_word_over(
                run, 0, len(run), e - 1):
            return True
        pos = 0
        for w in words.words(run):
            end = pos + len(w)
            if pos < s < end or (pos == s and end > e):
                return not words.known(w)
            if pos == s:
                return True
            pos = end
        return True

    def _make(self, norm, s, e, value, vmax, unit, kind, approx, bound, expected, words,
              ctx: tuple[int, int] | None = None) -> Figure:
        """A :class:`Figure` for ``norm.text[s:e]``; its clause is read before ``s`` and after
        ``e``, or before ``ctx[0]`` and after ``ctx[1]`` (a coordinated list's ends)."""
        return self._make_many(norm, [(s, e, value, vmax, unit, kind, approx, bound, expected, ctx)],
                               words)[0]

    def _make_many(self, norm: Normalised, items: list[tuple], words) -> list[Figure]:
        """The :class:`Figure` of each item ``(s, e, value, vmax, unit, kind, approx, bound,
        expected, ctx)`` (the arguments of :meth:`_make`), in order.

        The work is done in steps, each over all the items before the next: the clauses and
        the metric (:meth:`_clauses`, the metric rules, :meth:`_seam`), then subject and verb, then ``per`` and
        direction, then the records. Each step reads its own tables (the metric rules'
        patterns, the segmenter's dictionary, …); done figure by figure, each step found the
        processor's caches filled by the others (the same answers: no step reads what a later
        one writes)."""
        text = norm.text
        clauses = self._clauses
        contexts = [clauses(norm, it[0], it[1], it[9]) for it in items]
        metrics = self.metrics
        classify, by_unit, any_unit = metrics._classify, metrics._by_unit, metrics._any_unit
        found = [classify(by_unit.get(it[4], any_unit), c[4], c[1], c[3], c[2], text[it[0]:it[1]])
                 for c, it in zip(contexts, items)]
        for k, (c, it) in enumerate(zip(contexts, items)):
            after = c[1]
            if after and _HAN.match(after):
                s, e, unit, ctx = it[0], it[1], it[4], it[9]
                own = self._seam(text, s, e, ctx[1] if ctx else e, unit, c[4], after, c[3],
                                 found[k][0], words)
                if own is not None:
                    c[1] = ""  # the clause after is the next figure's
                    found[k] = own
        rules = self.subject_rules
        actors = [subject_and_action(c[0], c[1], it[4], words, rules) for c, it in zip(contexts, items)]
        per_of, direction_of, skip = self.per_of, self.direction_of, self.per_skip_units
        pers = [per_of(c[0], c[1], it[4]) if it[4] not in skip else "" for c, it in zip(contexts, items)]
        directions = [direction_of(c[3]) for c in contexts]
        changes_other = self.metrics.changes_other
        out = []
        for (s, e, value, vmax, unit, kind, approx, bound, expected, _ctx), \
                (_b, _a, _t, _l, _lb, ss, se), (metric, metric_rule), (subject, action), per, direction \
                in zip(items, contexts, found, actors, pers, directions):
            if direction and metric in changes_other:
                metric, metric_rule = "other", "change"  # 会员比上年增加300人: a change, not the membership
            os_, oe = norm.to_orig_span(s, e)
            out.append(_figure_of({
                "start": os_, "end": oe, "text": norm.original[os_:oe], "value": value, "value_max": vmax,
                "unit": unit, "approx": bool(approx), "bound": bound, "subject": subject, "action": action,
                "metric": metric, "sentence": text[ss:se].strip(), "unit_kind": kind,
                "expected_unit": expected, "cstart": s, "cend": e, "metric_rule": metric_rule,
                "per": per, "direction": direction,
            }))
        return out

    def _clauses(self, norm: Normalised, s: int, e: int, ctx: tuple[int, int] | None) -> list:
        """For :meth:`_make_many`: ``[clause before, clause after, tail, lead, label, sentence
        start, sentence end]`` of the figure at ``norm.text[s:e]`` (``ctx``: a coordinated
        list's ends, read instead of ``s`` and ``e``): what its metric is read from (``tail``
        may be a callable, see :meth:`MetricClassifier._classify`)."""
        text = norm.text
        cs, ce = ctx or (s, e)
        before = clause_before(text, cs)
        # the clause after (clause_after), and how far its tail reads (tail_after): the same text
        # unless the clause stops at a list's 、 (then the tail is read only if a rule asks)
        hi = len(text)
        if hi > ce + MAX_CLAUSE:
            hi = ce + MAX_CLAUSE
        brk = _NEXT_BREAK.search(text, ce, hi)
        j = hi if brk is None else brk.start()
        after = text[ce:j].strip()
        tail = after if j == hi or text[j] != "、" else (lambda: tail_after(text, ce))
        ss, se = norm.sentences.span(s, e)
        lead = text[ss if ss > cs - LEAD_CHARS else cs - LEAD_CHARS:cs]  # lead_before(text, cs, ss)
        label = self.metric_label(text, cs, before)
        if " " in lead:  # 现有人口8 216户29 437人: the rules read a spaced number as written joined
            lead = _DIGIT_GROUP_SPACE.sub("", lead)
            label = _DIGIT_GROUP_SPACE.sub("", label)
        # 总户数8560户总人口32000人: the words after an earlier figure in the clause name this one
        # (a label of letters only, as most are, holds no digit: no call into the regex engine)
        own_words = (self._seam_before(label) if label and not label.isalpha() and _DIGIT.search(label)
                     else None)
        if own_words is not None:
            label = own_words
        if after and self.opens_clause_after.match(after):
            after = tail = ""  # 老年人3120人全年完成体检…: the next clause starts at 全年
        return [before, after, tail, lead, label, ss, se]

    def _seam(self, text: str, s: int, e: int, ce: int, unit: str, label: str, after: str,
              lead: str, metric: str, words) -> tuple[str, str] | None:
        """For :meth:`_make_many`, a figure whose clause after (``after``, from ``ce``) opens
        with Han words: when punctuation was dropped before a next figure or slot there, the
        metric its clause before gives it alone, ``(metric, rule)``, and the clause after is
        the next one's; None when the clause after stays its own (``metric``: what the whole
        clause gave it)."""
        metrics = self.metrics
        window = text[ce:ce + MAX_CLAUSE]
        seam = self._seam_after(window) if self._may_seam(window) else None
        ends = seam is not None and (seam == metric or metric == "other")
        if seam is None and not self.seam_kept_after.match(after):
            # 总人口32000人已婚育龄妇女人举办培训班期: a slot follows instead. Whatever follows
            # the slot is a clause of its own too: the words after the figure are read up to
            # the slot's end only, to tell whether they gave the figure its metric
            slot = self._seam_slot(text, ce, words)
            if slot is not None:
                cut = metrics._classify(metrics._by_unit.get(unit, metrics._any_unit), label,
                                        text[ce:slot[1]], lead, text[ce:slot[1]], text[s:e])[0]
                ends = cut == slot[0] or cut == "other"
        if ends and not self.seam_kept_after.match(after):
            # 总人口16804人已婚育龄妇女3120人, 健康检查1047人次妇科病查出52人, 经费24万元镇协会
            # 接受捐款3万元: with the punctuation dropped, the words after the unit are the next
            # figure's clause, not this one's, when they lead to the next figure, gave this one
            # its metric or none, and its clause before names another
            own = metrics._classify(metrics._by_unit.get(unit, metrics._any_unit),
                                    label, "", lead, "", text[s:e])
            if own[0] != "other" and own[0] != metric:
                return own
        return None

    def direction_of(self, before: str) -> str:
        """Which way the change a figure states goes, from the sentence ``before`` it: the
        ``direction`` of the first record of ``rules/qualifiers.yaml`` (section ``direction``)
        that matches, "" for a level.

        >>> s = get_scanner()
        >>> s.direction_of("比上年减少"), s.direction_of("同比增长"), s.direction_of("下降到")
        ('减少', '增加', '')
        """
        if self._direction_keys is not None and self._direction_keys.search(before) is None:
            return ""
        for direction, pat, veto in self.direction_rules:
            if pat.search(before) and not (veto is not None and veto.search(before)):
                return direction
        return ""

    def per_of(self, before: str, after: str, unit: str) -> str:
        """What an amount in ``unit`` between clause parts ``before`` and ``after`` is per:
        the ``per`` values of every matching record of ``rules/qualifiers.yaml`` (section
        ``per``) in file order, joined by "/" (每人每月 → "人/月"); "" for totals, rates and
        shares.

        >>> get_scanner().per_of("按每人每月", "", "元"), get_scanner().per_of("", "/亩", "元")
        ('人/月', '亩')
        """
        if unit in self.per_skip_units:
            return ""
        bits_b, chars_b, bits_a, chars_a, cand = self._per_bits
        for c in chars_b.intersection(before):
            cand |= bits_b[c]
        for c in chars_a.intersection(after):
            cand |= bits_a[c]
        if not cand:
            return ""  # no record's key character: per nothing (most figures are totals)
        clause = before + "\u2063" + after
        bset, aset = set(before), set(after)
        rules, keys = self.per_rules, self._per_keys
        out: list[str] = []
        while cand:  # the records in play, in file order
            low = cand & -cand
            cand ^= low
            n = low.bit_length() - 1
            per, b, a, veto = rules[n]
            if per in out:
                continue
            kb, ka = keys[n]
            # a key character missing: the search could not match (same answer, cheaper)
            if ((b is not None and (kb is None or not kb.isdisjoint(bset)) and b.search(before))
                    or (a is not None and (ka is None or not ka.isdisjoint(aset)) and a.search(after))):
                if veto is None or not veto.search(clause):
                    out.append(per)
        return "/".join(out)


def _literal_branches(pattern: regex.Pattern) -> list[regex.Pattern] | None:
    """The top-level alternatives of ``pattern`` compiled one by one, when each consumes a fixed
    character (:func:`report_miner.mining.prefilter.consumes_literal`: the engine finds each by
    a literal search, while the alternation is tried at every position); else None."""
    branches = top_branches(pattern.pattern)
    if len(branches) < 2 or not all(consumes_literal(b) for b in branches):
        return None
    try:
        compiled = [regex.compile(b, pattern.flags) for b in branches]
    except regex.error:
        return None
    return compiled if all(c.flags == pattern.flags for c in compiled) else None


def _alternation_spans(branches: list[regex.Pattern], text: str) -> list[tuple[int, int]] | None:
    """The spans ``regex.compile("|".join(branches)).finditer(text)`` gives, from one scan per
    branch: the alternation matches at the first position where any branch matches, with the
    first branch (in order) that matches there, and goes on from that match's end. Each
    branch's ``overlapped`` scan gives its match at every position. None when a branch matches
    the empty string (the caller then scans with the whole pattern).

    >>> _alternation_spans([regex.compile("ab"), regex.compile("bc")], "abcbc")
    [(0, 2), (3, 5)]
    """
    first: dict[int, tuple[int, int]] = {}
    for i, b in enumerate(branches):
        for m in b.finditer(text, overlapped=True):
            s, e = m.span()
            if e == s:
                return None
            if s not in first:  # an earlier branch keeps the position
                first[s] = (i, e)
            elif first[s][0] > i:
                first[s] = (i, e)
    out: list[tuple[int, int]] = []
    pos = 0
    for s in sorted(first):
        if s >= pos:
            pos = first[s][1]
            out.append((s, pos))
    return out


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, with those that overlap merged into one."""
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does any of ``spans`` (sorted and disjoint, as :func:`_disjoint` makes them) overlap
    ``[s, e)``? Only the last span starting before ``e`` can: the ends grow with the starts,
    so no span is too long to be seen.

    >>> overlaps([(0, 3), (5, 130)], 120, 122), overlaps([(0, 3), (5, 130)], 3, 5)
    (True, False)
    """
    j = bisect.bisect_left(spans, (e, e)) - 1
    return j >= 0 and spans[j][1] > s


def _scaled(v: int | float, scale: int | float) -> int | float:
    out = v * scale
    if isinstance(out, float) and out.is_integer():
        return int(out)
    return round(out, 10) if isinstance(out, float) else out


def get_scanner(rules_dir: "str | RuleSet | None" = None) -> FigureScanner:
    """The compiled scanner of the shipped rules (plus ``rules_dir``): ``RuleSet.load(rules_dir).figures``."""
    return RuleSet.load(rules_dir).figures


def scan_figures(text: str, rules_dir: "str | RuleSet | None" = None) -> list[Figure]:
    """Figures of a raw text (normalised here). See :class:`Figure`.

    >>> [f.text for f in scan_figures("发放宣传品2000余份,群众满意率90%以上")]
    ['2000余份', '90%以上']
    """
    rules = RuleSet.load(rules_dir)
    return rules.figures.scan(normalise(text, rules))
