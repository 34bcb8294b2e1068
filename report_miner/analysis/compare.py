"""Townships side by side: one row per (township, year, report), one column per metric.

Which figure fills a cell when a report states a metric several times (the township's total
against village-level figures, new members against all members …) is decided by one rule:

    **the largest value among the township-level statements, else the largest value stated.**

A statement is township-level when its sentence speaks of the whole area (全镇, 全乡, 我镇,
全县, 辖区, 总…) or it stands in the report's 基本情况 section or before its first heading.
For stock metrics (population, villages, members) the whole is the largest figure; for flows
(materials, screenings, contracts, money) the largest single statement is the conservative
choice — summing statements would count 其中-parts twice. Every choice is listed in the
``choices`` table with the figure's text, offset, and how many candidates there were.

A metric left blank in a report is shown as empty (NaN), never 0, with status ``blank``;
one never mentioned is ``absent``. Per-capita columns (per 10,000 people) are added where the
report states its population. Amounts stated per person, household, village or month (figures
whose ``per`` column is set: 人均补助560元, 每人每月150元) never fill a cell: they are standards,
not the township's totals (a yearly amount, per "年", is kept: it is the year's total).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import regex

from ..mining.structure import PLACEHOLDER_CHARS

PER_CAPITA = ["association.members", "outreach.materials", "outreach.contraceptives",
              "health.screenings", "governance.contracts", "training.participants", "finance.money"]
TOTAL_PER = ("", "年")
"""Values of a figure's ``per`` column that still state a township's total (see :func:`compare`)."""
_PLACEHOLDER = regex.compile("^[" + regex.escape(PLACEHOLDER_CHARS) + "某]")


@dataclass
class Comparison:
    """``table``: the wide table; ``status``: stated / blank / absent per cell; ``choices``:
    which figure filled each cell; ``findings``: year-over-year jumps; ``by_topic``: figures
    per section topic (when topics were given)."""

    table: pd.DataFrame
    status: pd.DataFrame
    choices: pd.DataFrame
    findings: pd.DataFrame
    by_topic: pd.DataFrame = field(default_factory=pd.DataFrame)
    metrics: list[str] = field(default_factory=list)
    #: the core metrics (:func:`core_metrics`), in order
    core: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        out = {"compare": self.table, "status": self.status, "choices": self.choices,
               "findings": self.findings}
        if len(self.by_topic):
            out["by_topic"] = self.by_topic
        return out


def _township(rep: pd.Series) -> str:
    for col in ("township",):
        v = rep.get(col)
        if isinstance(v, str) and v.strip():
            return v.strip()
    name = rep.get("unit_name")
    if isinstance(name, str) and name and not _PLACEHOLDER.match(name):
        return name
    src = str(rep.get("source", ""))
    fname = src.replace("\\", "/").rsplit("/", 1)[-1]  # with its suffix: a.txt and a.html differ
    return f"{fname}#{int(rep['report'])}"


def _year(rep: pd.Series):
    y = rep.get("year")
    try:
        return int(y) if y is not None and not pd.isna(y) else pd.NA
    except (TypeError, ValueError):
        return pd.NA


def core_metrics(rules_dir: str | None = None) -> list[str]:
    """The core metric ids (``core: true`` in ``rules/metrics.yaml``), ordered by their
    ``core_rank`` (then as written): the columns analysts compare first.

        >>> core_metrics()[:3]
        ['population.total', 'population.married_women', 'admin.villages']
    """
    from ..ruleset.load import load_rule_data

    recs = [r for r in load_rule_data(rules_dir).section("metrics", "metrics") if r.get("core")]
    return [r["id"] for _, r in sorted(enumerate(recs), key=lambda ir: (
        ir[1].get("core_rank", float("inf")), ir[0]))]


def _scope_patterns(rules_dir: str | None) -> dict[str, "regex.Pattern"]:
    """The ``scope`` patterns of ``rules/metrics.yaml`` (plus ``rules_dir``)."""
    from ..ruleset.load import load_rule_data

    return {k: regex.compile(r["pattern"])
            for k, r in load_rule_data(rules_dir).named("metrics", "scope").items()}


def _is_township_level(f: pd.Series, basics: set, township_level: "regex.Pattern") -> bool:
    sec = str(f.get("section") or "")
    if sec == "" or (f["source"], int(f["report"]), sec) in basics:
        return True
    return bool(township_level.search(str(f.get("sentence") or "")))


def compare(reports: pd.DataFrame, figures: pd.DataFrame, blanks: pd.DataFrame,
            sections: pd.DataFrame | None = None, *, yoy_factor: float = 3.0,
            metrics: list[str] | None = None, rules_dir: str | None = None) -> Comparison:
    """Build the comparison from mined tables (from files or from an archive database).

    Which statements speak for the whole township is read from ``rules/metrics.yaml``
    (section ``scope``; ``rules_dir`` adds or overrides rules)."""
    scope = _scope_patterns(str(rules_dir) if rules_dir else None)
    reports = reports.reset_index(drop=True)
    basics = set()
    if sections is not None and len(sections):
        for _, s in sections.iterrows():
            if scope["basics_section"].search(str(s.get("title", ""))):
                basics.add((s["source"], int(s["report"]), str(s["path"])))
    seen_metrics = set(figures["metric"]) | set(blanks["metric"]) if len(figures) or len(blanks) else set()
    core = core_metrics(str(rules_dir) if rules_dir else None)
    if metrics is None:
        metrics = core + sorted(m for m in seen_metrics - set(core) - {"other"})
    rows, status_rows, choice_rows = [], [], []
    # an amount per person, household, village or month (人均补助560元, 每人每月150元: column
    # ``per``) is a standard, not the township's total: it never fills a cell beside totals. A
    # yearly amount alone (每年投入5万元, per "年") is the year's total of an annual report.
    if len(figures) and "per" in figures.columns:
        figures = figures[figures["per"].fillna("").astype(str).isin(TOTAL_PER)]
    fig_groups = {k: g for k, g in figures.groupby(["source", "report", "metric"])} if len(figures) else {}
    blank_keys = set(zip(blanks["source"], blanks["report"], blanks["metric"])) if len(blanks) else set()
    for _, rep in reports.iterrows():
        key = (rep["source"], int(rep["report"]))
        row = {"township": _township(rep), "year": _year(rep), "source": rep["source"],
               "report": int(rep["report"]), "title": rep.get("title", ""), "kind": rep.get("kind", "")}
        st = dict(row)
        for m in metrics:
            g = fig_groups.get((key[0], key[1], m))
            if g is not None and len(g):
                level = g[[_is_township_level(f, basics, scope["township_level"]) for _, f in g.iterrows()]]
                pool, rule = (level, "township-level, largest") if len(level) else (g, "largest stated")
                best = pool.loc[pool["value"].idxmax()]
                row[m] = float(best["value"])
                st[m] = "stated"
                choice_rows.append(dict(township=row["township"], year=row["year"], source=key[0],
                                        report=key[1], metric=m, value=float(best["value"]),
                                        unit=best["unit"], text=best["text"], start=int(best["start"]),
                                        candidates=len(g), rule=rule))
            else:
                row[m] = float("nan")
                st[m] = "blank" if (key[0], key[1], m) in blank_keys else "absent"
        pop = row.get("population.total")
        for m in PER_CAPITA:
            if m in metrics:
                v = row.get(m)
                row[f"{m}.per10k"] = (round(v / pop * 10000, 2)
                                      if pop and not pd.isna(pop) and pop > 0 and not pd.isna(v) else float("nan"))
        rows.append(row)
        status_rows.append(st)
    table = pd.DataFrame(rows)
    status = pd.DataFrame(status_rows)
    if len(table):
        table["year"] = table["year"].astype("Int64")
        status["year"] = table["year"]
        order = table.sort_values(["township", "year", "source", "report"], na_position="last").index
        table = table.loc[order].reset_index(drop=True)
        status = status.loc[order].reset_index(drop=True)
    choices = pd.DataFrame(choice_rows, columns=["township", "year", "source", "report", "metric", "value",
                                                 "unit", "text", "start", "candidates", "rule"])
    findings = year_over_year(table, metrics, yoy_factor)
    return Comparison(table, status, choices, findings, metrics=metrics, core=core)


def year_over_year(table: pd.DataFrame, metrics: list[str], factor: float) -> pd.DataFrame:
    """A township's metric changing by more than ``factor`` times between consecutive years."""
    out = []
    cols = ["township", "metric", "year_from", "year_to", "value_from", "value_to", "ratio", "check",
            "severity", "message_zh", "message_en", "source", "report"]
    if not len(table):
        return pd.DataFrame(columns=cols)
    for town, g in table.dropna(subset=["year"]).groupby("township"):
        g = g.sort_values("year")
        for m in metrics:
            if m not in g:
                continue
            series = g[["year", m, "source", "report"]].dropna(subset=[m])
            prev = None
            for _, r in series.iterrows():
                if prev is not None and int(r["year"]) - int(prev["year"]) == 1 and prev[m] > 0:
                    ratio = r[m] / prev[m]
                    if ratio > factor or ratio < 1 / factor:
                        out.append(dict(
                            township=town, metric=m, year_from=int(prev["year"]), year_to=int(r["year"]),
                            value_from=prev[m], value_to=r[m], ratio=round(ratio, 2),
                            check="year_over_year_jump", severity="warning",
                            message_zh=f"{town} {m} 从 {int(prev['year'])} 年的 {prev[m]:g} 变为 "
                                       f"{int(r['year'])} 年的 {r[m]:g}(×{ratio:.2f})",
                            message_en=f"{town} {m} went from {prev[m]:g} ({int(prev['year'])}) to "
                                       f"{r[m]:g} ({int(r['year'])}), x{ratio:.2f}",
                            source=r["source"], report=int(r["report"])))
                prev = r
    return pd.DataFrame(out, columns=cols)


def figures_by_topic(figures: pd.DataFrame, sections_with_topics: pd.DataFrame,
                     reports: pd.DataFrame) -> pd.DataFrame:
    """Figures with the topic of their section, summed per (township, year, topic, metric)."""
    if not len(figures) or not len(sections_with_topics):
        return pd.DataFrame(columns=["township", "year", "topic", "topic_label", "metric", "figures", "total"])
    sec = sections_with_topics[["source", "report", "path", "topic", "topic_label"]].rename(
        columns={"path": "section"})
    f = figures.merge(sec, on=["source", "report", "section"], how="left")
    rep = reports.copy()
    rep["township"] = [_township(r) for _, r in rep.iterrows()]
    rep["year"] = [_year(r) for _, r in rep.iterrows()]
    f = f.merge(rep[["source", "report", "township", "year"]], on=["source", "report"], how="left")
    f = f[f["metric"] != "other"]
    f["topic"] = f["topic"].fillna("")
    f["topic_label"] = f["topic_label"].fillna("")
    g = (f.groupby(["township", "year", "topic", "topic_label", "metric"], dropna=False)["value"]
         .agg(figures="count", total="sum").reset_index())
    return g


def load_inputs(paths=None, db=None, rules_dir=None, suffixes=None):
    """(reports, figures, blanks, sections, texts, files) from files (mined now), an archive database
    made by ``report-miner ingest``, or the Parquet folder of ``ingest --engine dask`` (texts are
    read back from the files' paths when they still exist; copy detection skips the rest)."""
    from ..errors import LoadError
    from ..readers.load import read_document

    texts: dict[str, str] = {}
    if db is not None:
        from ..integrations.dask import is_parquet_archive, read_parquet_tables
        from ..store.writers import read_sqlite_tables

        t = read_parquet_tables(db) if is_parquet_archive(db) else read_sqlite_tables(db)
        reports, figures = t.get("reports", pd.DataFrame()), t.get("figures", pd.DataFrame())
        blanks, sections = t.get("blanks", pd.DataFrame()), t.get("sections", pd.DataFrame())
        for src in reports["source"].unique() if len(reports) else []:
            try:
                texts[src] = read_document(src).text
            except LoadError:
                pass
        return reports, figures, blanks, sections, texts, t.get("files", pd.DataFrame())
    from ..api import mine_paths

    kw = {"suffixes": suffixes} if suffixes else {}
    res = mine_paths(paths, rules_dir=rules_dir, texts=texts, **kw)
    return res.reports, res.figures, res.blanks, res.sections, texts, res.files


def copies(reports: pd.DataFrame, texts: dict[str, str], threshold: float = 0.6):
    """Copy detection over the reports whose text is at hand (see :mod:`report_miner.analysis.similarity`)."""
    from .similarity import find_copies, passages_of

    passages = []
    # the reports of each source found once (a mask per source costs sources x reports)
    by_source = {src: list(zip(g["report"], g["start"], g["end"]))
                 for src, g in reports.groupby("source", sort=False)} if len(reports) else {}
    for src, text in texts.items():
        reps = [(int(r), int(s), int(e)) for r, s, e in by_source.get(src, ())]
        passages += passages_of(text, src, reps)
    return find_copies(passages, threshold=threshold)


def write_xlsx(comparison: Comparison, extra: dict[str, pd.DataFrame], out) -> None:
    """The comparison workbook: the compare sheet with cells coloured by status (green stated,
    red blank, grey absent), then the other tables one sheet each (written like every
    workbook, by :class:`report_miner.store.writers.XlsxBook`)."""
    from pathlib import Path

    from openpyxl.styles import PatternFill

    from ..store.writers import XlsxBook, _replacing, _sheet_title, _unique_names

    fills = {"stated": PatternFill("solid", fgColor="C6EFCE"), "blank": PatternFill("solid", fgColor="FFC7CE"),
             "absent": PatternFill("solid", fgColor="E7E6E6")}
    table = comparison.table
    cols = list(table.columns)
    status = {cols.index(m): [fills.get(s, fills["absent"]) for s in comparison.status[m].tolist()]
              for m in comparison.metrics if m in cols}

    def fill(row: int, col: int):
        by_row = status.get(col)
        return by_row[row] if by_row is not None and row < len(by_row) else None

    book = XlsxBook()
    book.add_frame("compare", table, freeze="C2", fill=fill)
    others = {k: v for k, v in {**comparison.tables(), **extra}.items() if k != "compare"}
    for (name, df), title in zip(others.items(), _unique_names(others, _sheet_title, 31)):
        book.add_frame(title, df)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _replacing(path) as tmp:
        book.save(tmp)
