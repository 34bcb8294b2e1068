"""Audit: findings on mined reports, from the checks in ``rules/checks.yaml``.

Checks look at the figures, blanks and outline of each report:

- ``part_whole``: a part larger than its whole (已婚育龄妇女 35024人 vs 总人口 17364人);
- ``percent_range``: a percentage above 100 (growth rates excepted);
- ``breakdown``: the parts after 其中 add up to more than the total before it;
- ``approx_precise``: 多/余 after a non-round number (1823多人), likely a typo;
- ``rate_counts``: a rate that contradicts the two counts stated before it in the sentence;
- ``required_metric`` / ``expected_metrics``: what a report of its kind should state;
- ``blank``: every blank is also a finding;
- ``numbering``: heading numbers used twice, skipped, out of order, or changing style.

Each report also gets a completeness score: expected metrics stated, divided by expected metrics
plus blanks (a blank counts against the report however many metrics it states).
"""
from __future__ import annotations

import bisect
import operator
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .context import MAX_SENTENCE, SENTENCE_BREAKS, sentence_span
from .ruleset import RuleData, load_rule_data

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Check:
    id: str
    kind: str
    severity: str
    message_zh: str
    message_en: str
    params: dict


class Auditor:
    """Compiled checks (see :func:`get_auditor`)."""

    def __init__(self, rules: RuleData):
        self.checks = [Check(r["id"], r["kind"], r["severity"], r["message_zh"], r["message_en"],
                             {k: v for k, v in (r.get("params") or {}).items() if k != "__line__"})
                       for r in rules.section("checks", "checks")]
        self.expected = {k: r["metrics"] for r in rules.section("checks", "expected") for k in r["kinds"]}
        self.labels = {m["id"]: (m["label"], m.get("label_en", m["id"]))
                       for m in rules.section("metrics", "metrics")}
        # report kinds in English messages (rules/structure.yaml, section kinds)
        self.kind_en = {k["kind"]: k.get("label_en", "report") for k in rules.section("structure", "kinds")}
        self._by_kind: dict[str, list[Check]] = defaultdict(list)
        for c in self.checks:
            self._by_kind[c.kind].append(c)

    def by_kind(self, kind: str) -> list[Check]:
        return list(self._by_kind.get(kind, ()))

    def label(self, metric: str) -> tuple[str, str]:
        return self.labels.get(metric, (metric, metric))

    # ------------------------------------------------------------------ running

    def run(self, text: str, figs: list[dict], blanks: list[dict], reports: list[dict],
            sections: list[dict]) -> tuple[list[dict], dict[int, dict]]:
        """Findings (rows) and, per report number, its completeness columns.

        ``figs`` and ``blanks`` are table rows plus ``cstart`` (offset in the normalised
        ``text``); ``sections`` are outline rows.
        """
        out: list[dict] = []
        by_metric: dict[int, dict[str, list[dict]]] = {}  # report -> metric -> its figures
        for f in figs:
            by_metric.setdefault(f["report"], {}).setdefault(f["metric"], []).append(f)
        blank_count: dict[int, int] = defaultdict(int)  # per report
        blanks_by_kind: dict[str, list[dict]] = defaultdict(list)
        for b in blanks:
            blank_count[b["report"]] += 1
            blanks_by_kind[b["kind"]].append(b)

        def emit(check: Check, row: dict, **fields: Any) -> None:
            fields = _Fields(fields)
            out.append({"source": row["source"], "report": row["report"],
                        "section": row.get("section", ""), "start": row["start"], "end": row["end"],
                        "check": check.id, "severity": check.severity,
                        "message_zh": check.message_zh.format_map(fields),
                        "message_en": check.message_en.format_map(fields),
                        "context": row.get("context") or row.get("sentence") or row.get("heading_text", "")})

        for c in self.by_kind("part_whole"):
            for rep in by_metric:
                for part_m, whole_m in c.params.get("pairs", []):
                    wholes = by_metric[rep].get(whole_m)
                    if not wholes:
                        continue
                    whole = wholes[0]
                    for f in by_metric[rep].get(part_m, ()):
                        if f["value"] > whole["value"]:
                            pl, ple = self.label(part_m)
                            wl, wle = self.label(whole_m)
                            emit(c, f, part_label=pl, part_label_en=ple, whole_label=wl,
                                 whole_label_en=wle, part=f["text"], whole=whole["text"])
        for c in self.by_kind("percent_range"):
            veto = _pattern(c.params["not"]) if c.params.get("not") else None
            limit = c.params.get("max", 100)
            for f in figs:
                if f["unit"] == "%" and f["value"] > limit:
                    if veto and veto.search(f["sentence"]):
                        continue
                    emit(c, f, value=_num(f["value"]))
        for c in self.by_kind("approx_precise"):
            qual = _pattern(c.params.get("qualifiers", "多|余"))
            least = c.params.get("min_value", 20)
            for f in figs:
                v = f["value"]
                if (f["approx"] and v >= least and float(v).is_integer()
                        and int(v) % 10 != 0 and qual.search(f["text"])):
                    emit(c, f, text=f["text"])
        for c in self.by_kind("breakdown"):
            self._breakdown(c, text, figs, emit)
        for c in self.by_kind("rate_counts"):
            self._rate_counts(c, text, figs, emit)
        for c in self.by_kind("blank"):
            for b in blanks_by_kind.get(c.params.get("blank_kind"), ()):
                emit(c, b, context=b["context"], unit=b["unit"])
        numbering = self.by_kind("numbering")
        problems = _numbering_problems(sections) if numbering else {}
        for c in numbering:
            for row, prev in problems.get(c.params.get("problem"), ()):
                emit(c, row, token=row["token"], prev=prev["token"] if prev else "",
                     title=row.get("title", ""))
        completeness: dict[int, dict] = {}
        required, expected_checks = self.by_kind("required_metric"), self.by_kind("expected_metrics")
        for rep in reports:
            r = rep["report"]
            expected = self.expected.get(rep["kind"], self.expected.get("报告", []))
            stated_metrics = by_metric.get(r, {}).keys()
            stated = [m for m in expected if m in stated_metrics]
            nblank = blank_count.get(r, 0)
            denom = len(expected) + nblank
            completeness[r] = dict(expected=len(expected), stated=len(stated), blank_count=nblank,
                                   completeness=round(len(stated) / denom, 3) if denom else 1.0)
            anchor = dict(source=rep["source"], report=r, section="", start=rep["start"],
                          end=rep["start"], context=rep.get("title", ""))
            for c in required:
                if rep["kind"] in c.params.get("kinds", [rep["kind"]]) and c.params["metric"] not in stated_metrics:
                    emit(c, anchor)
            for c in expected_checks:
                missing = [m for m in expected if m not in stated_metrics]
                if missing:
                    emit(c, anchor, kind=rep["kind"], kind_en=self.kind_en.get(rep["kind"], "report"),
                         missing=", ".join(self.label(m)[0] for m in missing))
        out.sort(key=lambda x: (x["report"], x["start"], -SEVERITY_RANK[x["severity"]]))
        return out, completeness

    @staticmethod
    def _breakdown(c: Check, text: str, figs: list[dict], emit) -> None:
        marker = _pattern(c.params.get("marker", "其中"))
        group_of = {u: i for i, g in enumerate(c.params.get("groups", [])) for u in g}
        by_sentence: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for f in _figures_near(marker, text, figs):
            by_sentence[sentence_span(text, f["cstart"], f["cend"])].append(f)
        for (ss, se), rows in by_sentence.items():
            for m in marker.finditer(text, ss, se):
                before = [f for f in rows if f["cend"] <= m.start()]
                after = [f for f in rows if f["cstart"] >= m.end()]
                if not before or not after:
                    continue
                total = before[-1]
                g = group_of.get(total["unit"])
                if g is None:
                    continue
                parts = [f for f in after if group_of.get(f["unit"]) == g]
                # only a list of like parts adds up (附件炎16例,阴道炎10例…); parts counted by
                # different verbs or metrics (8个村建立…,12个村开展…; 老人…,男性…) may overlap
                alike = (len({f.get("action") or "" for f in parts}) == 1
                         and len({f.get("metric") for f in parts}) == 1)
                if parts and alike and sum(f["value"] for f in parts) > total["value"]:
                    anchor = dict(parts[-1], start=total["start"], end=parts[-1]["end"])
                    emit(c, anchor, parts=_num(sum(f["value"] for f in parts)), total=total["text"])

    @staticmethod
    def _rate_counts(c: Check, text: str, figs: list[dict], emit) -> None:
        tol = float(c.params.get("tolerance", 2.0))
        veto = _pattern(c.params.get("not", "分别|其中|各为|依次"))
        starts = [g["cstart"] for g in figs]
        for i, f in enumerate(figs):
            if f["unit"] != "%" or f.get("bound") or f.get("approx"):
                continue
            ss, _se = sentence_span(text, f["cstart"], f["cend"])
            k = bisect.bisect_left(starts, ss)
            counts = []  # the last two counts before the rate in its sentence, last first
            for j in range(i - 1, k - 1, -1):
                if figs[j]["unit"] not in ("%", "‰", ""):
                    counts.append(figs[j])
                    if len(counts) == 2:
                        break
            if len(counts) < 2:
                continue
            part, whole = counts
            if whole["unit"] != part["unit"] or not whole["value"] or part["value"] > whole["value"]:
                continue
            between = text[whole["cend"]:part["cstart"]]
            span = text[ss:f["cend"]]
            # parallel lists (A 1104人、B 296人, 分别为…) and subsets (其中…) rate against other bases
            if "、" in between or veto.search(span):
                continue
            computed = 100.0 * part["value"] / whole["value"]
            if abs(computed - f["value"]) > tol:
                emit(c, f, rate_text=f["text"], part=part["text"], whole=whole["text"],
                     computed=f"{computed:.1f}")


_SENTENCE_BREAK = re.compile("[" + re.escape("".join(sorted(SENTENCE_BREAKS))) + "]")
# a pattern that is only words (其中|包括|含): it matches inside a sentence where the words occur
_PLAIN_WORDS = regex.compile(r"[^\\^$.|?*+()\[\]{}]+(?:\|[^\\^$.|?*+()\[\]{}]+)*")


def _figures_near(marker: re.Pattern | regex.Pattern, text: str, figs: list[dict]) -> list[dict]:
    """The figures (in their order) whose sentence may hold a match of ``marker``, so that the
    sentence of the others need not be found.

    A sentence (:func:`report_miner.context.sentence_span`) reaches at most MAX_SENTENCE characters
    either side of its figure (and the break that ends it), and holds no sentence break before
    that one: a figure shares one with an offset when no break lies between them and it is near
    enough. Made for markers that are only words (其中|包括|含), found with a plain search; any
    other pattern may match within a sentence but not in the whole text: then all figures."""
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
    near: set[int] = set()
    for q in found:
        # the figure's sentence may hold q if it ends after the last break before q and starts
        # at or before the first break from q, both within reach
        lo = q - reach + 1
        for m in _SENTENCE_BREAK.finditer(text, max(0, lo), q):
            lo = m.start() + 1
        nxt = _SENTENCE_BREAK.search(text, q, q + reach)
        hi = min(nxt.start(), q + reach - 1) if nxt else q + reach - 1
        for k in range(bisect.bisect_left(starts, lo - longest), bisect.bisect_right(starts, hi)):
            if figs[order[k]]["cend"] >= lo:
                near.add(order[k])
    return [figs[i] for i in sorted(near)]


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> re.Pattern | regex.Pattern:
    """A check's pattern, compiled once: by the standard library when it is only words (其中|包括),
    which finds the same and starts much faster, else by regex."""
    return re.compile(pattern) if _PLAIN_WORDS.fullmatch(pattern) else regex.compile(pattern)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


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
    for rows in siblings.values():
        seen: set[int] = set()
        prev = None
        for row in rows:
            n = row["number"]
            inline = row.get("style") == "cn_shi"
            if inline and n == 1:  # 一是 starts a new inline list (problems, then next steps)
                seen, prev = set(), None
            if prev is not None:
                if n in seen:
                    found["duplicate"].append((row, prev))
                if n > prev["number"] + 1 and n not in seen:
                    found["skipped"].append((row, prev))
                if n < prev["number"] and n not in seen:
                    found["out_of_order"].append((row, prev))
                if row.get("style") != prev.get("style"):
                    found["style_changed"].append((row, prev))
            elif n > 1 and not inline:
                found["skipped"].append((row, dict(token="(start)")))
            seen.add(n)
            prev = row
    return found


def get_auditor(rules_dir=None) -> Auditor:
    """The compiled checks of the shipped rules (plus ``rules_dir``): ``RuleSet.load(rules_dir).auditor``."""
    from .ruleset import RuleSet

    return RuleSet.load(rules_dir).auditor


def fail_status(findings_severities: list[str], fail_on: str) -> bool:
    """True when a finding at or above ``fail_on`` exists."""
    need = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK.get(s, 0) >= need for s in findings_severities)

