"""Every rule earns its place (issue 11): turned off, it changes the output of an example.

For each record of the rule sections that decide what is mined (and each ``match`` entry of a
metric with several), the rules are compiled without it (:meth:`RuleSet.without`, or the same
with only that section's record when an id is used in two sections: ``jin`` is 斤 and 近) and
the examples it could matter to are mined with both rule sets. At least one must come out
different: figures, blanks, reports, sections or findings, provenance columns (``rule``,
``metric_rule``) aside, since a rule that only changes its own name in the output is
redundant. A rule whose removal changes nothing is merged into another or removed; or it
gets an example (an invented sentence) that shows what it does.

Examples: every ``examples``/``keeps`` string of every rule file and every input of
``tests/cases/*.yaml``; the rule's own come first. An example is mined with the full rules
once; a rule is tried only on the examples it could change: its pattern, form or words occur
in the text, or (metrics, checks) its id occurs in the full output.

Named records the code asks for (:data:`report_miner.ruleset.load.FIXED_IDS`) cannot be removed:
they are turned off by their fields instead (a pattern that never matches, an empty word
list). Sections that decide no mined table are exempt, see :data:`EXEMPT`.

Run as a script for the whole list with the example that shows each rule:
``.venv/bin/python tests/test_rules_earn_their_place.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import regex

from case_files import read_yaml
from report_miner.mining.normalise import normalise
from report_miner.ruleset.load import FIXED_IDS, RuleData, RuleSet, expand, unit_macros

CASES_DIR = Path(__file__).parent / "cases"
TABLES = ("figures", "blanks", "reports", "sections", "findings")
#: columns that name the rule that made a row: a rule that changes only these is redundant
PROVENANCE = frozenset({"rule", "metric_rule"})

#: sections (file, section) whose records decide no mined table, with the reason
EXEMPT: dict[tuple[str, str], str] = {
    ("topics", "topics"): "section topics label sections for compare/topics (analysis), never "
                          "a mined table; covered by tests of the analysis",
    ("metrics", "scope"): "read by compare to pick the township-level value, not by mining; "
                          "its examples/keeps are checked by `rules check`",
    ("checks", "archive_checks"): "checks across an archive (`audit --db`), never a table mined "
                                  "from one text; tests/test_archive_audit.py plants what each "
                                  "one finds in a generated archive",
    ("metrics", "word_sets"): "lists written out, when the rules are read, into the patterns that "
                              "name them ({SUBSET_LEADS}): those records are tried here; "
                              "tests/test_rules_word_sets.py shows that an edited list changes the output",
    ("units", "word_sets"): "as metrics' word_sets (none shipped yet)",
    ("qualifiers", "word_sets"): "as metrics' word_sets, also spliced into `words` lists (numerals): "
                                 "the records that name them are tried here; "
                                 "tests/test_rules_word_sets.py shows that an edited list changes the output",
    ("metrics", "unit_groups"): "read by compare to keep units that count different things "
                                "(人, 人次, 对, 户) in separate columns, not by mining; "
                                "covered by tests/test_compare_archive.py",
}
#: single records exempt, (file, section, id) -> reason
EXEMPT_RECORDS: dict[tuple[str, str, str], str] = {
    ("checks", "checks", "ocr_low_confidence"): "fires only on text read by OCR (it needs a "
        "line's confidence, which no text example has); tests/test_ocr.py covers it",
}

#: the parts of a RuleSet and what they are compiled from: a part is shared with the full set
#: when the record turned off is in none of them (the test's only shortcut)
_PARTS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "words": (("blanks", "slot_words"),),
    "subject_rules": (("qualifiers", "subject"),),
    "figures": (("units", None), ("qualifiers", None), ("exclusions", None), ("metrics", None),
                ("blanks", "slot_words"), ("structure", "layout")),
    "blanks": (("blanks", None), ("units", None), ("metrics", None)),
    "structure": (("structure", None),),
    "auditor": (("checks", None), ("metrics", None), ("structure", None)),
}


# ------------------------------------------------------------------------------- examples


def _examples_of(rec: dict) -> list[str]:
    return [str(x) for x in (rec.get("examples") or []) + (rec.get("keeps") or [])]


def _from_fields(file: str, section: str, rec: dict) -> list[str]:
    """Examples made from a record's own fields, for sections that carry no ``examples``:
    a unit's forms after a number, a qualifier's form around one, a unit-less context
    (its examples are clause ends) before a bare number, a report kind's word in a title, a
    structure word (a place name's boundary or look-alike) at the start of a title."""
    if section == "units":
        return [f"共有12{form}。" for form in rec["forms"]]
    if section == "qualifiers":
        form = rec["form"]
        return [{"before": f"共有{form}120人。", "after_number": f"共有120{form}人。",
                 "after_unit": f"共有120人{form}。"}[rec["position"]]]
    if section == "unitless":
        return [f"{ex}12。" for ex in rec.get("examples") or []]
    if section == "direction":  # its examples are clause ends before a number
        return [f"{ex}30人。" for ex in rec.get("examples") or []]
    if section == "kinds":
        return [f"青山镇{rec['word']}{end}\n全镇总人口1200人。" for end in ("", "报告")]
    if (file, section) == ("structure", "words"):  # words read around a place in a title
        return [f"{w}工作计划\n今年新建服务站3个。" for w in rec["words"]]
    return []


@lru_cache(maxsize=None)
def _norm(text: str) -> str:
    return normalise(text).text


def _output(rules: RuleSet, text: str) -> str:
    """The tables of ``text`` mined with ``rules``, provenance aside, as one comparable string."""
    res = rules.pipeline.mine(text)
    return repr([[{k: v for k, v in row.items() if k not in PROVENANCE} for row in res.rows(t)]
                 for t in TABLES])


# ------------------------------------------------------------------------------- rules


@dataclass
class Rule:
    """One record (or one ``match`` entry of a metric) and how to test it."""

    file: str
    section: str
    id: str
    entry: int | None  # 1-based match entry of a metric, None for the whole record
    own: list[str]
    could_change: Callable[[str], bool]  # (example text) -> may turning it off change it?

    @property
    def name(self) -> str:
        return f"{self.file}.{self.section}:{self.id}" + (f"#{self.entry}" if self.entry else "")


def _unanchored(pattern: str) -> regex.Pattern:
    """A pattern searched in a clause with ^/$ anchors, searched anywhere in a whole text (a
    superset of where it can match)."""
    p = pattern
    if p.startswith("^"):
        p = p[1:]
    if p.endswith("$") and not p.endswith("\\$"):
        p = p[:-1]
    return regex.compile(p)


class Checker:
    """The rules of ``full`` (a :class:`RuleSet`), each with the examples it could change and
    the rule set without it; every example is mined once with ``full`` (kept here)."""

    def __init__(self, full: RuleSet):
        self.full = full
        self._full_out: dict[str, str] = {}
        self._full_tables: dict[str, dict[str, list[dict]]] = {}
        self.pool = self._pool()
        self.rules = self._rules()

    def _pool(self) -> list[str]:
        """Every example text: the rules' own examples and keeps, then the cases' inputs."""
        out: dict[str, None] = {}
        for secs in self.full.data.files.values():
            for recs in secs.values():
                for rec in recs:
                    out.update(dict.fromkeys(_examples_of(rec)))
        for path in sorted(CASES_DIR.glob("*.yaml")):
            for case in read_yaml(path).get("cases", []):
                out[str(case["input"])] = None
        return list(out)

    def full_output(self, text: str) -> str:
        if text not in self._full_out:
            self._full_out[text] = _output(self.full, text)
        return self._full_out[text]

    def full_rows(self, text: str) -> dict[str, list[dict]]:
        if text not in self._full_tables:
            res = self.full.pipeline.mine(text)
            self._full_tables[text] = {t: res.rows(t) for t in TABLES}
        return self._full_tables[text]

    def _labelled(self, column: str, value: str, tables=("figures", "blanks")) -> Callable[[str], bool]:
        """Does the full output of a text hold ``value`` in ``column`` of ``tables``?"""
        return lambda t: any(r[column] == value for tb in tables for r in self.full_rows(t)[tb])

    def _rules(self) -> list[Rule]:
        data = self.full.data
        macros = unit_macros(data.section("blanks", "slot_units"), data.section("blanks", "word_sets"))
        out: list[Rule] = []
        for file, secs in data.files.items():
            for section, recs in secs.items():
                if (file, section) in EXEMPT:
                    continue
                for rec in recs:
                    rid = rec["id"]
                    if (file, section, rid) in EXEMPT_RECORDS:
                        continue
                    own = _examples_of(rec) + _from_fields(file, section, rec)
                    test: Callable[[str], bool]
                    if "pattern" in rec:
                        test = _matched(expand(rec["pattern"], macros if file == "blanks" else None))
                    elif section == "unitless":
                        test = _matched(rec["before"])
                    elif section == "direction":
                        test = _matched(rec["before"])
                    elif section == "per":
                        test = _any(_matched(rec[k]) for k in ("before", "after") if rec.get(k))
                    elif section == "units":
                        test = _words_in(rec["forms"])
                    elif section == "qualifiers":
                        test = _words_in([rec["form"]])
                    elif section == "kinds":
                        test = _words_in([rec["word"]])
                    elif section == "unit_tokens":
                        test = _words_in([rid])
                    elif section == "subject" and rid == "noun_tags":
                        test = lambda t: bool(self.full_rows(t)["figures"])  # noqa: E731
                    elif "words" in rec:
                        test = _words_in(rec["words"])
                    elif file == "metrics" and section == "metrics":
                        # removing a metric changes only the figures and slots it labels (not
                        # the labels a check message quotes for an expected metric)
                        test = self._labelled("metric", rid)
                        if len(rec["match"]) > 1:
                            out.extend(Rule(file, section, rid, i, own,
                                            self._labelled("metric_rule", f"{rid}#{i}"))
                                       for i in range(1, len(rec["match"]) + 1))
                    elif file == "checks" and section == "checks":
                        test = self._labelled("check", rid, ("findings",))
                    elif file == "checks" and section == "expected":
                        kinds = set(rec["kinds"])
                        test = lambda t, kinds=kinds: any(  # noqa: E731
                            r["kind"] in kinds for r in self.full_rows(t)["reports"])
                    else:
                        raise AssertionError(f"no test for {file}.{section}:{rid}: add one or exempt it")
                    out.append(Rule(file, section, rid, None, own, test))
        return out

    def off(self, rule: Rule) -> RuleSet:
        """The full rule set with ``rule`` turned off: removed (:meth:`RuleSet.without`, the id
        qualified by its file and section), or for a named record the code asks for, emptied."""
        full = self.full
        files = full.data.files
        fixed = (rule.file, rule.section) in FIXED_IDS
        if rule.entry is None and not fixed:
            rules = full.without(f"{rule.file}.{rule.section}:{rule.id}")
        else:
            new = dict(files)
            new[rule.file] = dict(new[rule.file])
            recs = []
            for r in new[rule.file][rule.section]:
                if r["id"] != rule.id:
                    recs.append(r)
                elif rule.entry is not None:
                    recs.append({**r, "match": [m for i, m in enumerate(r["match"], 1) if i != rule.entry]})
                elif fixed:
                    recs.append({**r, **({"pattern": "(?!)"} if "pattern" in r else {}),
                                 **({"words": []} if "words" in r else {})})
            new[rule.file][rule.section] = recs
            rules = RuleSet(RuleData(new, full.data.dirs))
        for part, deps in _PARTS.items():
            if not any(f == rule.file and s in (None, rule.section) for f, s in deps):
                rules.__dict__[part] = getattr(full, part)  # compiled from records it keeps
        return rules

    def showing_example(self, rule: Rule) -> tuple[str | None, int]:
        """The first example whose output changes with ``rule`` off, and how many were mined."""
        off = None
        tried = 0
        for text in dict.fromkeys(rule.own + self.pool):
            if not rule.could_change(text):
                continue
            off = off or self.off(rule)
            tried += 1
            if _output(off, text) != self.full_output(text):
                return text, tried
        return None, tried

    def idle(self, section: str | None = None) -> list[str]:
        """The rules (of ``section`` only, when given) no example shows."""
        return [rule.name for rule in self.rules if section in (None, rule.section)
                and self.showing_example(rule)[0] is None]


def _matched(pattern: str) -> Callable[[str], bool]:
    pat = _unanchored(pattern)
    return lambda text: bool(pat.search(_norm(text)))


def _any(tests) -> Callable[[str], bool]:
    tests = list(tests)
    return lambda text: any(t(text) for t in tests)


def _words_in(words) -> Callable[[str], bool]:
    words = [str(w) for w in words]
    return lambda text: any(w in _norm(text) for w in words)


@lru_cache(maxsize=None)
def shipped() -> Checker:
    """The checker of the shipped rules (built on first use)."""
    return Checker(RuleSet.load())


def test_every_rule_earns_its_place():
    idle = shipped().idle()
    assert not idle, (f"{len(idle)} rules change no example when turned off (merge them into "
                      f"another rule, remove them, or give them an example): {idle}")


def test_every_section_that_decides_a_table_is_checked():
    checker = shipped()
    checked = {(r.file, r.section) for r in checker.rules}
    for file, secs in checker.full.data.files.items():
        for section in secs:
            assert (file, section) in checked or (file, section) in EXEMPT, (file, section)


def test_a_rule_another_covers_is_found_idle(tmp_path):
    # the check itself: an exclusion that repeats part of another (Chinese ordinals only)
    # changes nothing; the one it copies still counts (第 3 批)
    (tmp_path / "exclusions.yaml").write_text(
        "exclusions:\n  - id: ordinal_again\n    pattern: '第\\s*[一二三四五六七八九十]+'\n"
        "    examples: [第七个]\n", encoding="utf-8")
    checker = Checker(RuleSet.load(tmp_path))
    assert checker.idle("exclusions") == ["exclusions.exclusions:ordinal_again"]


if __name__ == "__main__":  # pragma: no cover - the list with the example that shows each rule
    import time

    t0 = time.perf_counter()
    checker = shipped()
    idle = 0
    for rule in checker.rules:
        text, tried = checker.showing_example(rule)
        idle += text is None
        print(f"{'IDLE' if text is None else 'ok  '} {rule.name:60s} tried {tried:4d}  "
              f"{(text or '').replace(chr(10), '⏎')[:40]}")
    print(f"{len(checker.rules)} rules, {idle} idle, {time.perf_counter() - t0:.1f} s")
