"""Why each row came out as it did: ``mine_text(text, explain=True)`` and ``report-miner explain``.

The explanation walks the mining steps in order and names, for every row, the rule that made
it (file and line in the rule folder), so a user who disagrees knows which rule to change:

1. normalisation: what was deleted (page-chunk numbers, wrapping line breaks) and which
   characters were replaced (full-width digits, traditional characters, o for 〇);
2. figures: the unit rule (``units.yaml``), the metric rule (``metrics.yaml``, entry
   ``#n``), subject and action;
3. blanks: the blank rule (``blanks.yaml``) and the metric rule of the slot;
4. suppressed candidates: what a rule proposed and what vetoed it (an exclusion, a
   ``not_blanks`` record, the segmenter, a figure, or a rule ranked before it);
5. findings: the check (``checks.yaml``) behind each.

>>> from report_miner import mine_text
>>> ex = mine_text("全镇总人口人,辖１０个村。", explain=True).explanation
>>> print(ex.steps()[0])
1. 规范化 normalisation: 2 character(s) replaced, nothing deleted
     [8,10) '１０' -> '10'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .context import clause_before
from .normalise import Normalised

SUPPRESSED_COLUMNS = ["source", "stage", "start", "end", "text", "candidate", "vetoed_by", "reason"]


@dataclass
class Explanation:
    """The record of one text's mining, step by step (``str()`` prints it)."""

    source: str
    deleted: list[dict[str, Any]] = field(default_factory=list)
    replaced: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    blanks: list[dict[str, Any]] = field(default_factory=list)
    suppressed: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def steps(self) -> list[str]:
        """One paragraph per step, as printed."""
        out = []
        lines = [f"1. 规范化 normalisation: {sum(len(r['before']) for r in self.replaced)} "
                 f"character(s) replaced, "
                 + (f"{len(self.deleted)} span(s) deleted" if self.deleted else "nothing deleted")]
        lines += [f"     deleted [{r['start']},{r['end']}) {r['text']!r}" for r in self.deleted]
        lines += [f"     [{r['start']},{r['end']}) {r['before']!r} -> {r['after']!r}"
                  for r in self.replaced]
        out.append("\n".join(lines))
        lines = [f"2. 数字 figures: {len(self.figures)}"]
        for f in self.figures:
            lines.append(f"   [{f['start']},{f['end']}) {f['text']!r}  value {f['value']}"
                         + (f"-{f['value_max']}" if f["value_max"] is not None else "")
                         + f" unit {f['unit']!r}"
                         + (f" per {f['per']!r}" if f.get("per") else "")
                         + (f" direction {f['direction']}" if f.get("direction") else "")
                         + f"  subject {f['subject']!r} action {f['action']!r}")
            lines.append(f"     unit rule: {f['unit_rule']}")
            lines.append(f"     metric {f['metric']}: {f['metric_why']}")
        out.append("\n".join(lines))
        lines = [f"3. 空缺 blanks: {len(self.blanks)}"]
        for b in self.blanks:
            lines.append(f"   [{b['start']},{b['end']}) {b['kind']} {b['context']!r} unit {b['unit']!r}")
            lines.append(f"     proposed by: {b['rule_why']}")
            lines.append(f"     metric {b['metric']}: {b['metric_why']}")
        out.append("\n".join(lines))
        lines = [f"4. 未采用的候选 suppressed candidates: {len(self.suppressed)}"]
        for s in self.suppressed:
            lines.append(f"   {s['stage']} [{s['start']},{s['end']}) {s['text']!r} ({s['candidate']})")
            lines.append(f"     vetoed by {s['vetoed_by'] or '?'}: {s['reason']}")
        out.append("\n".join(lines))
        lines = [f"5. 审核发现 findings: {len(self.findings)}"]
        for f in self.findings:
            lines.append(f"   [{f['start']},{f['end']}) check {f['check']} ({f['severity']}): "
                         f"{f['message_zh']}")
            if f.get("check_where"):
                lines.append(f"     rule: {f['check_where']}")
            ctx = str(f.get("context") or "").replace("\n", " ")
            if ctx and not f.get("check", "").startswith("blank_"):  # a blank's message holds it
                lines.append(f"     read in 所在原文: {ctx}")
        out.append("\n".join(lines))
        return out

    def __str__(self) -> str:
        return f"report-miner explain: {self.source}\n\n" + "\n\n".join(self.steps())


def _where_index(rules) -> dict[tuple[str, str], str]:
    """``(file, id) -> "[shipped] rules/metrics.yaml:41"`` (a user's file with the path given
    to --rules: ``my_rules/metrics.yaml:3``) for every record of the rule set."""
    out = {}
    for file, sections in rules.data.files.items():
        for recs in sections.values():
            for r in recs:
                rid = r.get("id")
                if isinstance(rid, str):
                    out.setdefault((file, rid), f"{r.get('__file__', file + '.yaml')}:{r.get('__line__', '?')}")
    return out


def _brief(rec: dict, width: int = 90) -> str:
    text = ", ".join(f"{k}: {v}" for k, v in rec.items() if not k.startswith("__"))
    return text if len(text) <= width else text[:width - 1] + "…"


def _normalisation(norm: Normalised) -> tuple[list[dict], list[dict]]:
    """The spans deleted and the characters replaced (one for one) by normalisation."""
    deleted = [dict(start=s, end=e, text=norm.original[s:e]) for s, e in norm.page_chunks]
    replaced: list[dict] = []
    text, orig, to_orig = norm.text, norm.original, norm.map.to_orig
    run = None
    for i, ch in enumerate(text):
        o = to_orig(i)
        if orig[o] != ch:
            if run is not None and run["end"] == o:
                run["end"] = o + 1
                run["after"] += ch
            else:
                run = dict(start=o, end=o + 1, after=ch)
                replaced.append(run)
        else:
            run = None
    for r in replaced:
        r["before"] = orig[r["start"]:r["end"]]
    return deleted, replaced


def _unit_rule(rules, norm: Normalised, fig, where) -> str:
    """Which record of ``units.yaml`` gave the figure its unit (or why it has none)."""
    scanner = rules.figures
    text = norm.text
    for at in (fig.cstart, fig.cstart + 1):
        m = scanner.figure_re.match(text, at)
        if m is not None and (m.group("unit") or m.group("pct")):
            if m.group("pct"):
                return f"{m.group('pct')} (a percentage written out, in the code)"
            form = m.group("unit")
            for rec in rules.data.records("units", "units"):
                if form in rec.forms:
                    return f"{rec.id} ({where.get(('units', rec.id), 'units.yaml')}): " \
                           f"form {form!r} -> unit {rec.unit!r}" + \
                           (f" x {rec.scale}" if rec.scale != 1 else "")
            return f"form {form!r}"
    before = clause_before(text, fig.cstart)
    records = list(rules.data.records("units", "unitless"))
    for at in (fig.cstart, fig.cstart + 1):  # +1: past the sign of 增长率为-3
        m = scanner.bare_re.match(text, at)
        i = scanner.unitless_rule(text, m) if m is not None else None
        if i is not None and i < len(records):  # the rule the scanner took, not the first whose
            rec = records[i]                     # `before` fits (its after/qualifier may not)
            return (f"unitless rule {rec.id} ({where.get(('units', rec.id), 'units.yaml')}): "
                    f"a number without unit after {before[-12:]!r}"
                    + (f", unit {rec.expect!r} dropped (a missing_unit blank)" if rec.expect
                       else ", a unit dropped, which one is not said (a missing_unit blank with unit '')"
                       if rec.blank else "")
                    + ("" if not rec.assume else f", classified as if in {rec.assume!r}" if rec.expect
                       else f", read as {rec.assume!r}"))
    return "(none found)"


def _continues(rules, norm: Normalised, fig) -> bool:
    """Did the figure take its metric from the one before (no rule fires on its own label)?
    Its own label is read as the figure scanner reads it (after a colon, leader dots or in a
    table row: :meth:`FigureScanner.metric_label`)."""
    from .context import clause_after, lead_before, tail_after

    text = norm.text
    own = rules.metrics.classify(rules.figures.metric_label(text, fig.cstart), clause_after(text, fig.cend),
                                 fig.unit, lead_before(text, fig.cstart, norm.sentences.span(fig.cstart, fig.cend)[0]),
                                 tail_after(text, fig.cend), text[fig.cstart:fig.cend])
    return own == "other"


def _metric_why(rules, metric_rule: str, where) -> str:
    if not metric_rule:
        return "no metric rule fired (other)"
    if metric_rule == "part_of":
        return ("other: a part after 其中 of a whole (a figure or a blank slot) with the metric its rule gave "
                f"({where.get(('qualifiers', 'part_of'), 'qualifiers.yaml')} context part_of), or one place's, "
                f"level's or use's share after such a total ({where.get(('qualifiers', 'place_part'), 'qualifiers.yaml')} "
                "context place_part) or before a total written after it (context total_after), or a figure on "
                f"a line that opens with one place's name ({where.get(('qualifiers', 'place_line'), 'qualifiers.yaml')} "
                "context place_line)")
    if metric_rule == "change":
        return ("other: a stated change (the direction column), not a level of the metric its rule "
                "gave (metrics.yaml changes_other)")
    mid, _, n = metric_rule.partition("#")
    for rec in rules.data.section("metrics", "metrics"):
        if rec["id"] == mid:
            entry = rec["match"][int(n) - 1]
            line = entry.get("__line__", rec.get("__line__", "?"))
            file = rec.get("__file__", "metrics.yaml")
            veto = f"; not: {rec['not']}" if rec.get("not") else ""
            return f"{metric_rule} ({file}:{line}) {{{_brief(entry)}{veto}}}"
    return metric_rule


def explain(rules, norm: Normalised, source: str, figs, blanks, fig_rows, blank_rows,
            findings, suppressed) -> Explanation:
    """The :class:`Explanation` of one mined text (``mine_text(..., explain=True)`` builds it)."""
    where = _where_index(rules)
    ex = Explanation(source)
    ex.deleted, ex.replaced = _normalisation(norm)
    spans = {(f.start, f.end): f for f in figs}  # rows by place: a file's table cells add
    for row in fig_rows:                           # rows of their own (and may replace one)
        f = spans.get((row["start"], row["end"]))
        if f is not None and row.get("table_no") is not None and row["unit"] != f.unit:
            f = None  # a bare number the cell's column gave its unit (cells.py): the cell's reading
        why = _metric_why(rules, row["metric_rule"], where)
        if f is not None and row["metric_rule"] and _continues(rules, norm, f):
            why = "continues the figure before it in the sentence (目标…, 实际完成…): " + why
        unit_rule = _unit_rule(rules, norm, f, where) if f is not None else (
            f"table {row.get('table_no')}, row {row.get('row_no')}, column {row.get('column_no')}: "
            f"the cell read with its row label, unit {row['unit']!r} written in it or named by "
            f"its column or table (cells)")
        ex.figures.append({**row, "unit_rule": unit_rule, "metric_why": why})
    for row in blank_rows:
        rid = row["rule"]
        why = (f"{rid} ({where[('blanks', rid)]})" if ("blanks", rid) in where
               else f"{rid} (a figure's unit was dropped: units.yaml unitless)")
        ex.blanks.append({**row, "rule_why": why,
                          "metric_why": _metric_why(rules, row["metric_rule"], where)})
    for s in suppressed:
        by = s["vetoed_by"]
        for file in ("exclusions", "blanks"):
            if (file, by) in where:
                by = f"{by} ({where[(file, by)]})"
                break
        ex.suppressed.append({**s, "vetoed_by": by})
    for f in findings:
        ex.findings.append({**f, "check_where": where.get(("checks", f.get("check", "")), "")})
    return ex
