"""Audit across an archive: what no single report can show (``report-miner audit --db``).

The checks are the ``archive_checks`` of ``rules/checks.yaml``, one function per kind,
registered like the per-report checks of :mod:`report_miner.mining.audit` (a kind, a params
dataclass, :func:`report_miner.mining.audit.validate_check` holds the records to it):

- ``year_jump``: a township's figure that jumps implausibly between two years
  (总人口 12000人 in 2020, 120000人 in 2021);
- ``conflicting_figures``: two reports of one township, year and period that state a metric
  differently (a 汇报 says 总人口23456人, the 总结 of the same year 25456人); each report is
  held against the group's first, so findings grow with the reports, not with their pairs;
- ``repeated_year_text``: a report that repeats an earlier year's report of its township with
  only the years changed (its figures and their sentences identical, years masked);
- ``same_file``: one file (the same bytes) filed under two townships or years of the folder
  layout (河西镇/2021/总结.docx and 石桥乡/2021/总结.docx): ingest stores it once, so only this
  check shows that two townships handed in one report;
- ``missing_year``: a township without a report for a year that its neighbours have.
  Neighbours are the other townships of the same county (``{county}`` of
  ``ingest --path-pattern``), or of the whole archive when no county is known.

Everything is read with SQL from the archive's tables, a few rows per report at a time, so an
archive of 20,000 reports is audited without loading it into memory: the statements the checks
compare (each report's first statement of each metric checked) go into one temporary table,
and the comparisons are SQL joins and window functions over it. A township is the report's
``township`` (from the folder layout), else its ``unit_name`` (from its text); reports with
neither, or without a year, take part in no check. Townships of the same name in two counties
(``{county}`` of the folder layout) are two townships.

Each finding is a row like the per-report findings (source, report, section, start, end,
check, severity, message_zh, message_en, context) plus the place it is held against
(``source_b``, ``report_b``, ``start_b``, ``end_b``) and ``township``, ``year``, ``metric``.

    findings = audit_archive("archive.sqlite")
    for f in findings:
        print(f["check"], f["source"], f["start"], f["source_b"], f["start_b"])
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..mining.audit import SEVERITY_RANK, Check, CheckKind, _Fields, _make_params
from ..store.archive import IngestError, check_archive_file, connect_read_only, present_sources_sql

#: the columns of an archive finding, in order.
ARCHIVE_FINDING_COLUMNS = ["source", "report", "section", "start", "end", "check", "severity",
                           "message_zh", "message_en", "context", "source_b", "report_b",
                           "start_b", "end_b", "township", "year", "metric"]

#: every archive check kind, by name, in the order they run (see :func:`archive_check_kind`).
ARCHIVE_CHECK_KINDS: dict[str, CheckKind] = {}


def archive_check_kind(name: str, params: type) -> Callable:
    """Register the function that runs the archive checks of kind ``name``: called as
    ``fn(check, audit)`` with an :class:`ArchiveAudit`; it reports with ``audit.emit``.
    ``params`` is the kind's params dataclass (as for :func:`report_miner.mining.audit.check_kind`)."""
    def register(fn: Callable[[Check, ArchiveAudit], None]) -> Callable:
        ARCHIVE_CHECK_KINDS[name] = CheckKind(name, params, fn)
        return fn
    return register


# ------------------------------------------------------------------------------- the run


class ArchiveAudit:
    """One audit of one archive: the connection, the rules' labels, the findings so far."""

    def __init__(self, conn: sqlite3.Connection, labels: dict[str, tuple[str, str]],
                 include_missing: bool = False):
        self.conn, self.labels = conn, labels
        self.present = present_sources_sql(include_missing, "r.source")
        self.out: list[dict[str, Any]] = []
        self._statements: dict[tuple, str] = {}
        conn.execute("DROP TABLE IF EXISTS temp.rep")
        # the reports that take part: township and year known, file present; a unit name that
        # is a template's placeholder (*镇) names no township
        town = ("COALESCE(NULLIF(r.township, ''), CASE WHEN COALESCE(r.placeholders, '') "
                "LIKE '%unit_name%' THEN NULL ELSE NULLIF(r.unit_name, '') END)")
        conn.execute(f"""
            CREATE TEMP TABLE rep AS
            SELECT r.source, r.report, r.start, r."end", r.kind, r.title,
                   COALESCE(r.period, '') AS period, {town} AS township,
                   CAST(r.year AS INTEGER) AS year,
                   COALESCE(NULLIF(f.county, ''), '') AS county
            FROM reports r LEFT JOIN files f ON f.path = r.source
            WHERE {self.present} AND r.year IS NOT NULL AND {town} IS NOT NULL""")
        conn.execute("CREATE INDEX temp.ix_rep ON rep (source, report)")

    def label(self, metric: str) -> tuple[str, str]:
        return self.labels.get(metric, (metric, metric))

    def statements(self, metrics: list[str], kinds: list[str]) -> str:
        """The name of a temporary table holding, for each report of ``kinds`` that takes
        part, its first statement of each of ``metrics`` (township, year, period, metric,
        unit, value and where it is). Made once per (metrics, kinds)."""
        key = (tuple(metrics), tuple(kinds))
        if key in self._statements:
            return self._statements[key]
        name = f"stmt_{len(self._statements) + 1}"
        marks = ", ".join("?" * len(metrics)) or "NULL"
        kind_marks = ", ".join("?" * len(kinds)) or "NULL"
        # a change (减少100人: direction 减少/增加) states no level: it is no statement
        fig_cols = {c[1] for c in self.conn.execute("PRAGMA table_info(figures)")}
        no_change = "AND COALESCE(f.direction, '') = ''" if "direction" in fig_cols else ""
        # SQLite returns the other columns of the row holding MIN(start) (documented)
        self.conn.execute(f"""
            CREATE TEMP TABLE {name} AS
            SELECT rep.township, rep.year, rep.period, rep.county, x.metric, x.unit, x.value,
                   x.source, x.report, x.section, x.start, x."end", x.text, x.sentence
            FROM (SELECT f.source, f.report, f.section, f.metric, f.unit, f.value,
                         MIN(f.start) AS start, f."end", f.text, f.sentence
                  FROM figures f WHERE f.metric IN ({marks}) AND f.value IS NOT NULL {no_change}
                  GROUP BY f.source, f.report, f.metric) x
            JOIN rep ON rep.source = x.source AND rep.report = x.report
            WHERE rep.kind IN ({kind_marks})""", [*metrics, *kinds])
        self.conn.execute(f"CREATE INDEX temp.ix_{name} ON {name} "
                          f"(county, township, metric, unit, year)")
        self._statements[key] = name
        return name

    def emit(self, check: Check, a: dict[str, Any], b: dict[str, Any] | None,
             **fields: Any) -> None:
        """One finding: about place ``a`` (source, report, start, end, …), held against ``b``."""
        f = _Fields({k: _show(v) for k, v in fields.items()})
        b = b or {}
        self.out.append({
            "source": a["source"], "report": a["report"], "section": a.get("section") or "",
            "start": a["start"], "end": a["end"], "check": check.id, "severity": check.severity,
            "message_zh": check.message_zh.format_map(f),
            "message_en": check.message_en.format_map(f),
            "context": quote_around(a.get("sentence") or "", a.get("text") or "") or a.get("title") or "",
            "source_b": b.get("source", ""), "report_b": b.get("report"),
            "start_b": b.get("start"), "end_b": b.get("end"),
            "township": fields.get("township", ""), "year": fields.get("year"),
            "metric": fields.get("metric", ""),
        })

    def rows(self, sql: str, params: Any = ()) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        for row in cur:
            yield dict(zip(names, row))


#: characters of a quote kept on each side of the figure it is about
QUOTE_SIDE = 24


def quote_around(sentence: str, text: str, side: int = QUOTE_SIDE) -> str:
    """The part of ``sentence`` around the figure ``text`` (its first occurrence): ``side``
    characters either side, … where the sentence is cut, so the figure is always quoted
    (a long sentence cut from its start lost it: …户籍总人口 without 35万人).

        >>> quote_around("全乡上下齐心协力，各项工作稳步推进，截至年底户籍总人口35万人，比上年略有增加。", "35万人", 6)
        '…底户籍总人口35万人，比上年略有…'
        >>> quote_around("总人口13000人。", "13000人")
        '总人口13000人。'
    """
    sentence = " ".join(sentence.split())
    at = sentence.find(text) if text else -1
    if at < 0:
        return sentence if len(sentence) <= 2 * side else sentence[:2 * side] + "…"
    lo, hi = max(0, at - side), min(len(sentence), at + len(text) + side)
    return ("…" if lo > 0 else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


def _show(v: Any) -> Any:
    """A number as a person writes it (12000, not 12000.0)."""
    if isinstance(v, float):
        return int(v) if v.is_integer() else round(v, 2)
    return v


def audit_archive(db: str | os.PathLike[str], rules_dir: str | os.PathLike[str] | None = None,
                  include_missing: bool = False) -> list[dict[str, Any]]:
    """Run the ``archive_checks`` of the rules over the archive ``db`` (made by
    ``report-miner ingest``); the findings as rows (:data:`ARCHIVE_FINDING_COLUMNS`),
    most severe first, then by check, township and year.

    The archive is opened read-only. Files marked ``missing`` take part only with
    ``include_missing``.

    Raises:
        IngestError: ``db`` is missing, not an SQLite database or not an ingest archive.
        RuleError: ``rules_dir`` holds invalid rules.
    """
    from ..ruleset.load import load_rule_data

    data = load_rule_data(str(rules_dir) if rules_dir else None)
    checks = [Check(r.id, r.kind, r.severity, r.message_zh, r.message_en,
                    _make_params(ARCHIVE_CHECK_KINDS[r.kind].params, r.params or {}))
              for r in data.records("checks", "archive_checks")]
    labels = {m.id: (m.label, m.label_en or m.id) for m in data.records("metrics", "metrics")}
    with contextlib.closing(_open_read_only(db)) as conn:
        audit = ArchiveAudit(conn, labels, include_missing)
        for name, spec in ARCHIVE_CHECK_KINDS.items():
            for c in checks:
                if c.kind == name:
                    spec.run(c, audit)
    out = audit.out
    out.sort(key=lambda f: (-SEVERITY_RANK[f["severity"]], f["check"], f["township"] or "",
                            f["year"] or 0, f["source"], f["start"]))
    return out


def _open_read_only(db: str | os.PathLike[str]) -> sqlite3.Connection:
    path = Path(db)
    if path.is_dir():
        raise IngestError(f"{path} is a folder: the checks across reports read an SQLite archive "
                          f"(report-miner ingest --db FILE.sqlite), not the Parquet folder of "
                          f"--engine dask / 跨报告审核需要 SQLite 档案库")
    if not path.is_file():
        raise IngestError(f"archive not found / 找不到档案库: {path}")
    check_archive_file(path, need=("files", "reports", "figures"))
    try:
        conn = connect_read_only(path)
        tables = {n: {c[1] for c in conn.execute(f"PRAGMA table_info({n})")}
                  for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise IngestError(f"{path} is not an SQLite database / 不是 SQLite 数据库: {exc}") from exc
    need = {"files": {"path", "sha256", "status"}, "reports": {"source", "report", "year"},
            "figures": {"source", "report", "metric", "value"}}
    if any(not cols <= tables.get(t, set()) for t, cols in need.items()):
        conn.close()
        raise IngestError(f"{path} is not an ingest archive (made by `report-miner ingest`) "
                          f"/ 不是 ingest 档案库")
    # archives of version 1 have no county; a temporary view of files gives one
    if "county" not in tables["files"]:
        conn.execute("CREATE TEMP VIEW files AS SELECT *, NULL AS county FROM main.files")
    if "township" not in tables["reports"]:
        conn.execute("CREATE TEMP VIEW reports AS SELECT *, NULL AS township FROM main.reports")
    return conn


# ------------------------------------------------------------------------------- the kinds


@dataclass(frozen=True)
class YearJumpParams:
    """``metrics``: the metrics checked; ``factor``: larger/smaller above this between two
    years is implausible; ``min_value``: smaller figures are left alone; ``max_gap``: years
    further apart are not compared; ``report_kinds``: the reports whose figures count."""

    metrics: list[str] = field(default_factory=list)
    factor: float = 2.0
    min_value: float = 20
    max_gap: int = 2
    report_kinds: list[str] = field(default_factory=lambda: ["汇报", "总结", "述职", "自查报告", "报告"])

    def problems(self) -> list[str]:
        out = []
        if self.factor <= 1:
            out.append(f"param 'factor' must be above 1, got {self.factor} / 参数 factor 须大于 1")
        if self.max_gap < 1:
            out.append(f"param 'max_gap' must be 1 or more, got {self.max_gap} / 参数 max_gap 须不小于 1")
        return out


@archive_check_kind("year_jump", YearJumpParams)
def check_year_jump(c: Check, a: ArchiveAudit) -> None:
    """A township's figure that changes more than ``factor`` times from one year to the next
    year that states it (总人口 12000人 → 120000人)."""
    p: YearJumpParams = c.params
    stmt = a.statements(p.metrics, p.report_kinds)
    # one statement per township, metric, unit and year: the first report's (by file, number)
    sql = f"""
        WITH one AS (
            SELECT county, township, metric, unit, year, value, source, report, section, start,
                   "end", text, sentence, MIN(source || char(0) || printf('%09d', report)) AS k
            FROM {stmt} GROUP BY county, township, metric, unit, year),
        seq AS (
            SELECT one.*,
                   LAG(year) OVER w AS year_b, LAG(value) OVER w AS value_b,
                   LAG(source) OVER w AS source_b, LAG(report) OVER w AS report_b,
                   LAG(start) OVER w AS start_b, LAG("end") OVER w AS end_b
            FROM one WINDOW w AS (PARTITION BY county, township, metric, unit ORDER BY year))
        SELECT * FROM seq
        WHERE year_b IS NOT NULL AND year - year_b <= ?
          AND MIN(value, value_b) >= ? AND MIN(value, value_b) > 0
          AND MAX(value, value_b) > ? * MIN(value, value_b)
        ORDER BY county, township, metric, year"""
    for r in a.rows(sql, (p.max_gap, p.min_value, p.factor)):
        label, label_en = a.label(r["metric"])
        ratio = max(r["value"], r["value_b"]) / min(r["value"], r["value_b"])
        b = {"source": r["source_b"], "report": r["report_b"], "start": r["start_b"],
             "end": r["end_b"]}
        a.emit(c, r, b, township=r["township"], year=r["year"], year_b=r["year_b"],
               metric=r["metric"], label=label, label_en=label_en,
               value=f"{_show(r['value'])}{r['unit']}", value_b=f"{_show(r['value_b'])}{r['unit']}",
               ratio=f"{ratio:.1f}")


@dataclass(frozen=True)
class ConflictingFiguresParams:
    """``metrics``: the metrics compared; ``tolerance``: the relative difference allowed;
    ``report_kinds``: the reports whose figures count; ``whole_year``: the periods that mean
    the whole year, like a title that names none (only reports of one period are compared)."""

    metrics: list[str] = field(default_factory=list)
    tolerance: float = 0.01
    report_kinds: list[str] = field(default_factory=lambda: ["汇报", "总结", "述职", "自查报告", "报告"])
    whole_year: list[str] = field(default_factory=lambda: ["全年", "年度"])

    def problems(self) -> list[str]:
        return ([f"param 'tolerance' must be 0 or more, got {self.tolerance} / 参数 tolerance 须不小于 0"]
                if self.tolerance < 0 else [])


@archive_check_kind("conflicting_figures", ConflictingFiguresParams)
def check_conflicting_figures(c: Check, a: ArchiveAudit) -> None:
    """Two reports of one township, year and period that state a metric differently.

    Each statement is held against the first of its group (township, year, period, metric
    and unit; the first report by source and report number), not against every other one: a
    report that differs gives one finding, and a group of n reports at most n - 1, where all
    pairs would be n(n-1)/2 (a bound volume of thousands of reports of one township and year
    made tens of millions of findings and ran out of memory)."""
    p: ConflictingFiguresParams = c.params
    stmt = a.statements(p.metrics, p.report_kinds)
    whole = ", ".join(["''"] + ["?"] * len(p.whole_year))
    sql = f"""
        WITH r AS (
          SELECT s.*, ROW_NUMBER() OVER (
                   PARTITION BY s.county, s.township, s.metric, s.unit, s.year, s.pclass
                   ORDER BY s.source, s.report) AS rn
          FROM (SELECT t.*, CASE WHEN t.period IN ({whole}) THEN '' ELSE t.period END AS pclass
                FROM {stmt} t) s)
        SELECT x.township, x.year, x.metric, x.unit, x.value, x.source, x.report, x.section,
               x.start, x."end", x.text, x.sentence,
               y.value AS value_b, y.source AS source_b, y.report AS report_b,
               y.start AS start_b, y."end" AS end_b
        FROM r x JOIN r y
          ON y.county = x.county AND y.township = x.township AND y.metric = x.metric
         AND y.unit = x.unit AND y.year = x.year AND y.pclass = x.pclass AND y.rn = 1
        WHERE x.rn > 1 AND ABS(x.value - y.value) > ? * MAX(ABS(x.value), ABS(y.value))
        ORDER BY x.township, x.year, x.metric, x.source, x.report"""
    for r in a.rows(sql, (*p.whole_year, p.tolerance)):
        label, label_en = a.label(r["metric"])
        b = {"source": r["source_b"], "report": r["report_b"], "start": r["start_b"],
             "end": r["end_b"]}
        a.emit(c, r, b, township=r["township"], year=r["year"], metric=r["metric"],
               label=label, label_en=label_en, value=f"{_show(r['value'])}{r['unit']}",
               value_b=f"{_show(r['value_b'])}{r['unit']}")


@dataclass(frozen=True)
class RepeatedYearTextParams:
    """``min_figures`` and ``min_chars``: how much a report must state (figures, characters
    of their sentences) to be compared at all."""

    min_figures: int = 3
    min_chars: int = 60


#: years in a sentence, masked before reports are compared: 2021, 二〇二一 / 二零二一
_YEAR = re.compile(r"(?:19|20)\d\d|[一二][〇零○一二三四五六七八九]{3}(?=年)")


@archive_check_kind("repeated_year_text", RepeatedYearTextParams)
def check_repeated_year_text(c: Check, a: ArchiveAudit) -> None:
    """A report whose figures and their sentences, years masked, are those of an earlier
    year's report of the same township."""
    p: RepeatedYearTextParams = c.params
    # one pass over the figures in order, report by report; a digest per report is kept
    sql = f"""
        SELECT rep.source, rep.report, rep.county, rep.township, rep.year, rep.start AS rstart,
               rep."end" AS rend, rep.title, f.sentence, f.text
        FROM rep JOIN figures f ON f.source = rep.source AND f.report = rep.report
        ORDER BY rep.source, rep.report, f.start"""
    seen: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    current: tuple | None = None
    digest, n, chars, last, info = None, 0, 0, None, None

    def close() -> None:
        if info is not None and n >= p.min_figures and chars >= p.min_chars:
            seen[(info["county"], info["township"], digest.hexdigest())].append(
                {**info, "figures": n})

    for r in a.rows(sql):
        key = (r["source"], r["report"])
        if key != current:
            close()
            current, digest, n, chars, last = key, hashlib.sha1(), 0, 0, None
            info = {"source": r["source"], "report": r["report"], "township": r["township"],
                    "county": r["county"],
                    "year": r["year"], "start": r["rstart"], "end": r["rend"], "title": r["title"]}
        n += 1
        digest.update(_YEAR.sub("#", r["text"] or "").encode() + b"\0")
        sentence = r["sentence"] or ""
        if sentence != last:
            masked = _YEAR.sub("#", sentence)
            digest.update(masked.encode() + b"\1")
            chars += len(masked)
            last = sentence
    close()
    for (_county, township, _), group in seen.items():
        years = sorted(group, key=lambda g: (g["year"], g["source"], g["report"]))
        first = years[0]
        for later in years[1:]:
            if later["year"] > first["year"]:
                a.emit(c, later, first, township=township, year=later["year"],
                       year_b=first["year"], figures=later["figures"])


@dataclass(frozen=True)
class SameFileParams:
    """No params: files with the same content whose folders (``--path-pattern``) give another
    township or year."""


@archive_check_kind("same_file", SameFileParams)
def check_same_file(c: Check, a: ArchiveAudit) -> None:
    """The same bytes under two townships or years of the folder layout. Ingest mines the first
    and stores the second as ``skipped``; the finding is about the skipped copy, held against
    the file that was mined (both have the same text, so its first report's offsets hold for
    the copy too). A skipped copy outside the layout (a backup folder) is none: the placed
    copy holds the report. A placed copy skipped for one outside the layout (mined by an
    earlier run) is one: its township has lost that report."""
    sql = """
        SELECT x.path AS source, x.township, x.year, y.path AS source_b,
               y.township AS township_b, y.year AS year_b,
               r.report, r.start, r."end", r.title
        FROM files x JOIN files y ON y.sha256 = x.sha256 AND y.status = 'ok'
        LEFT JOIN reports r ON r.source = y.path AND r.report = 1
        WHERE x.status = 'skipped' AND x.sha256 IS NOT NULL
          AND (x.township IS NOT NULL OR x.year IS NOT NULL)
          AND (x.township IS NOT y.township OR x.year IS NOT y.year)
        ORDER BY x.path, y.path"""
    for r in a.rows(sql):
        place = {"report": r["report"] or 1, "start": r["start"] or 0, "end": r["end"] or 0,
                 "title": r["title"] or ""}
        a.emit(c, {**place, "source": r["source"]}, {**place, "source": r["source_b"]},
               township=r["township"] or "", year=_or_blank(r["year"]),
               township_b=r["township_b"] or ("" if r["year_b"] is not None else _OUTSIDE),
               year_b=_or_blank(r["year_b"]), path=r["source"], path_b=r["source_b"])


#: the place of a file the folder layout gives no township or year, in messages
_OUTSIDE = "(目录结构之外 outside the folder layout)"


def _or_blank(year: int | None) -> int | str:
    return "" if year is None else year


@dataclass(frozen=True)
class MissingYearParams:
    """``min_share``: the share of a township's neighbours that must have a year for it to
    be expected; ``min_neighbours``: fewer neighbours expect nothing; ``within_own_years``:
    only years between the township's own first and last report."""

    min_share: float = 0.75
    min_neighbours: int = 2
    within_own_years: bool = False

    def problems(self) -> list[str]:
        return ([f"param 'min_share' must be above 0 and at most 1, got {self.min_share} "
                 f"/ 参数 min_share 须大于 0 且不超过 1"]
                if not 0 < self.min_share <= 1 else [])


@archive_check_kind("missing_year", MissingYearParams)
def check_missing_year(c: Check, a: ArchiveAudit) -> None:
    """A township without a report for a year that most of its neighbours (the other
    townships of its county, or of the archive) have."""
    p: MissingYearParams = c.params
    # one row per county, township and year: its first report (by file, number)
    sql = """
        SELECT county, township, year, source, report, start, "end", title,
               MIN(source || char(0) || printf('%09d', report)) AS k
        FROM rep GROUP BY county, township, year ORDER BY county, township, year"""
    by_county: dict[str, dict[str, dict[int, dict[str, Any]]]] = defaultdict(dict)
    for r in a.rows(sql):
        by_county[r["county"]].setdefault(r["township"], {})[r["year"]] = r
    for county, towns in by_county.items():
        holders: dict[int, list[str]] = defaultdict(list)
        for town, years in towns.items():
            for y in years:
                holders[y].append(town)
        group = f"县({county})" if county else "档案库"
        group_en = f"county ({county})" if county else "archive"
        for town, years in sorted(towns.items()):
            others = len(towns) - 1
            if others < p.min_neighbours:
                continue
            lo, hi = min(years), max(years)
            for y in sorted(holders):
                if y in years or (p.within_own_years and not lo < y < hi):
                    continue
                have = len(holders[y])
                if have / others < p.min_share:
                    continue
                near = min(years, key=lambda v: (abs(v - y), v))
                b = towns[sorted(holders[y])[0]][y]
                a.emit(c, years[near], b, township=town, year=y, have=have, others=others,
                       group=group, group_en=group_en)
