"""What :mod:`report_miner.analysis.compare` returns: the :class:`Comparison` and its findings.

Kept apart from the code that builds it (``compare`` and ``compare_sql``), which both use it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .township_order import sort_key as township_sort_key

PER_CAPITA = ["association.members", "outreach.materials", "outreach.contraceptives",
              "health.screenings", "governance.contracts", "training.participants", "finance.money"]


@dataclass
class Comparison:
    """``table``: the wide table; ``status``: stated / blank / absent per cell; ``choices``:
    which figure filled each cell and why (``rule``, ``role_rule``, ``report_rule``, ``why``);
    ``findings``: year-over-year jumps of results; ``by_topic``: figures per section topic
    (when topics were given)."""

    table: pd.DataFrame
    status: pd.DataFrame
    choices: pd.DataFrame
    findings: pd.DataFrame
    by_topic: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: the value columns of ``table`` and ``status``, in order: each metric's own column, its
    #: other unit groups (``health.screenings[人]``), its ``_target`` and ``_planned`` columns
    metrics: list[str] = field(default_factory=list)
    #: the core metrics (:func:`core_metrics`), in order
    core: list[str] = field(default_factory=list)
    #: ``"township-year"`` or ``"report"``: what one row is
    per: str = "township-year"
    #: the :class:`report_miner.analysis.compare_sql.CompareRules` used (labels, unit groups)
    rules: object = None
    #: with ``per="report"``: (source, report) → the report's rank, the order compare's cells
    #: prefer reports in (:meth:`CompareRules.report_rank`: results full-year 0, part-year 1,
    #: other 2, plans 3-4); the charts pick one report per township and year by it
    report_rank: dict = field(default_factory=dict)
    #: whether the reports were given counties (``{county}`` of a --path-pattern, stored on
    #: their files): one township name in two counties is then two rows already, so a
    #: disagreement in a row is no sign of two townships merged
    counties: bool = False

    def tables(self) -> dict[str, pd.DataFrame]:
        out = {"compare": self.table, "status": self.status, "choices": self.choices,
               "findings": self.findings}
        if len(self.by_topic):
            out["by_topic"] = self.by_topic
        return out


def _named(column: str, labels: dict[str, str] | None) -> str:
    """``总人口(population.total)``: the label a reader knows, and the column to look in."""
    label = (labels or {}).get(column, column)
    return column if label == column else f"{label}({column})"


def year_over_year(table: pd.DataFrame, metrics: list[str], factor: float,
                   labels: dict[str, str] | None = None) -> pd.DataFrame:
    """A township's metric changing by more than ``factor`` times between consecutive years
    (``report`` is empty when a row is a township's year rather than one report). ``labels``
    (column -> Chinese label) names the metric in ``message_zh`` (总人口 rather than its id)."""
    out = []
    cols = ["township", "metric", "year_from", "year_to", "value_from", "value_to", "ratio", "check",
            "severity", "message_zh", "message_en", "source", "report"]
    t = table.dropna(subset=["year"]) if len(table) else table
    ms = [m for m in dict.fromkeys(metrics) if m in t]
    if not len(t) or not ms:
        return pd.DataFrame(columns=cols)
    # one long table (township, metric, year, value), sorted, each row beside the one before it:
    # vectorised, so the time grows with the cells, not with townships × metrics pandas calls
    t = t.reset_index(drop=True).assign(_row=lambda d: range(len(d)))
    # one row per report (--per report): a report is compared with the last year's report of
    # its own kind (a 上半年 summary with last year's 上半年 one, never with its full-year one)
    kind = "kind" if "kind" in t else None
    keep = ["township", "year", "source"] + (["report"] if "report" in t else []) + \
        ([kind] if kind else []) + ["_row"]
    long = t[keep + ms].melt(id_vars=keep, value_vars=ms, var_name="metric", value_name="value")
    long = long.dropna(subset=["value"])
    long["_m"] = long["metric"].map({m: i for i, m in enumerate(ms)})
    long = long.sort_values(["township", "_m"] + ([kind] if kind else []) + ["year", "_row"],
                            kind="stable", key=township_sort_key).reset_index(drop=True)
    year = long["year"].astype(float)
    value = long["value"].astype(float)
    same = long["township"].eq(long["township"].shift()) & long["_m"].eq(long["_m"].shift())
    if kind:
        same &= long[kind].fillna("").eq(long[kind].fillna("").shift())
    prev_year, prev_value = year.shift(), value.shift()
    ratio = value / prev_value
    hit = same & (year - prev_year == 1) & (prev_value > 0) & ((ratio > factor) | (ratio < 1 / factor))
    for i in hit[hit.fillna(False).astype(bool)].index:
        r, town, m = long.loc[i], long.at[i, "township"], long.at[i, "metric"]
        y0, y1, v0, v1, q = int(prev_year[i]), int(year[i]), prev_value[i], value[i], ratio[i]
        out.append(dict(
            township=town, metric=m, year_from=y0, year_to=y1, value_from=v0, value_to=v1,
            ratio=round(q, 2), check="year_over_year_jump", severity="warning",
            message_zh=f"{town} {_named(m, labels)} 从 {y0} 年的 {v0:g} 变为 {y1} 年的 {v1:g}(×{q:.2f})",
            message_en=f"{town} {m} went from {v0:g} ({y0}) to {v1:g} ({y1}), x{q:.2f}",
            source=r["source"], report=int(r["report"]) if "report" in r else pd.NA))
    return pd.DataFrame(out, columns=cols)


def with_figures(findings: pd.DataFrame, choices: pd.DataFrame) -> pd.DataFrame:
    """``findings`` of :func:`year_over_year` with the two figures behind each jump, from the
    ``choices`` table: ``text_from``, ``source_from``, ``start_from`` (the figure of the first
    year, as written, its file and offset) and the same ``_to`` (the second year): a jump can
    be checked in both reports without looking the cells up."""
    cols = ["text", "source", "start"]
    out = findings.copy()
    for end in ("from", "to"):
        for c in cols:
            out[f"{c}_{end}"] = pd.Series(dtype=object)
    if not len(findings) or not len(choices) or not {"column", "value", *cols} <= set(choices.columns):
        return out
    # one cell per township and year, or (per report) one per report: the figure is the one
    # of the value compared, so another report of the same township and year is never named
    by_cell: dict[tuple, list[tuple]] = {}
    for t, y, col, v, tx, src, st in zip(choices["township"], choices["year"], choices["column"],
                                         choices["value"], choices["text"], choices["source"],
                                         choices["start"]):
        if not pd.isna(y):
            by_cell.setdefault((t, int(y), col), []).append((v, (tx, src, st)))

    def figure(t, y, m, value, source=None):
        rows = by_cell.get((t, int(y), m), [])
        same = [f for v, f in rows if v == value] or [f for _v, f in rows]
        return next((f for f in same if source is None or f[1] == source), same[0] if same else
                    (None, None, None))

    for end in ("from", "to"):
        found = [figure(t, y, m, v, src if end == "to" else None) for t, y, m, v, src in zip(
            findings["township"], findings[f"year_{end}"], findings["metric"], findings[f"value_{end}"],
            findings["source"])]
        for k, c in enumerate(cols):
            out[f"{c}_{end}"] = [f[k] for f in found]
    return out
