"""Townships side by side: one row per township and year (or per report), one column per metric.

Which figure fills a cell (README, "Comparing townships"; every choice is listed in the
``choices`` table with the rule names that made it):

- **role**: a result (实际数) fills ``<metric>``; a target fills ``<metric>_target`` (a plan
  report's figures, figures under 下一步打算/工作计划 headings, figures after 力争/计划/确保 …
  unless 实际/已/完成 follows); a number due fills ``<metric>_planned`` (应参加孕检2000人
  beside 实检1800人): a planned number is never taken as the result.
- **units**: units that count different things (persons 人/名/位/例, person-times 人次,
  couples 对, households 户; ``rules/metrics.yaml`` ``unit_groups``) never share a column: a
  figure in another group than the metric's own goes to ``<metric>[人次]``, ``[对]`` ….
- **reports**: with one row per township and year, results reports (总结/汇报/述职/自查) are
  preferred, full-year ones before 上半年…, then other reports, then a plan's 基本情况.
- **statements**: the largest township-level statement (全镇…, 辖…, 基本情况), else the largest
  stated. For stock metrics (population, villages, members) the whole is the largest figure; for
  flows the largest single statement is the conservative choice — summing statements would
  count 其中-parts twice.

A metric left blank (总人口人, 总人口____人) is an empty cell (NaN), never 0, with status
``blank``; one never mentioned is ``absent``. Per-capita columns (per 10,000 people) are added
where the population is stated. Amounts stated per person, household, village or month
(figures whose ``per`` column is set: 人均补助560元, 每人每月150元) never fill a cell: they are
standards, not the township's totals (a yearly amount, per "年", is kept: it is the year's total).

The work is done in SQLite (:mod:`report_miner.analysis.compare_sql`): an archive is compared
where it lies, without loading its tables; mined tables are copied into a temporary database.
"""
from __future__ import annotations

import pandas as pd

from .compare_sql import TOTAL_PER  # noqa: F401 (a public name of this module)
from .compare_sql import plain_number as _plain_number  # one definition for both modules
from .compare_sql import topic_order, township_name, township_of, with_county_name
from .comparison import PER_CAPITA, Comparison, year_over_year  # noqa: F401 (public names of this module)


def with_county(names, counties) -> list[str]:
    """Each township name with its county in brackets where that name stands in more than one
    county (石门镇 (青禾县)), as compare names its rows; other names as they are.

    >>> with_county(["石门镇", "石门镇", "河西镇"], ["青禾县", "云溪县", "青禾县"])
    ['石门镇 (青禾县)', '石门镇 (云溪县)', '河西镇']
    """
    names = list(names)
    counties = [c if isinstance(c, str) else "" for c in counties]
    seen: dict[str, set] = {}
    for n, c in zip(names, counties):
        if c:
            seen.setdefault(n, set()).add(c)
    return [with_county_name(n, c) if c and len(seen.get(n, ())) > 1 else n for n, c in zip(names, counties)]


def _township(rep: pd.Series) -> str:
    return township_of(rep.get("township"), rep.get("unit_name"), rep.get("source", ""), rep["report"])


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

    recs = [r for r in load_rule_data(rules_dir).records("metrics", "metrics") if r.core]
    return [r.id for _, r in sorted(enumerate(recs), key=lambda ir: (
        float("inf") if ir[1].core_rank is None else ir[1].core_rank, ir[0]))]


def compare(reports: pd.DataFrame, figures: pd.DataFrame, blanks: pd.DataFrame,
            sections: pd.DataFrame | None = None, *, yoy_factor: float = 3.0,
            metrics: list[str] | None = None, rules_dir: str | None = None,
            per: str = "township-year", files: pd.DataFrame | None = None) -> Comparison:
    """Build the comparison from mined tables (e.g. :func:`report_miner.mine_paths`).

    ``per="township-year"`` (default) gives one row per township and year, ``per="report"`` one
    row per report. Which statements speak for the whole township, and which are targets or
    planned numbers, is read from ``rules/metrics.yaml`` (section ``scope``; ``rules_dir`` adds
    or overrides rules). For an archive database use :func:`compare_archive`, which does not
    load its tables. ``files`` (columns ``path``, ``county``; see :func:`with_path_metadata`)
    names each file's county, so that one township name in two counties makes two townships.
    """
    import sqlite3

    from .compare_sql import compare_connection, load_frames

    conn = sqlite3.connect(":memory:")
    try:
        load_frames(conn, {"reports": reports, "figures": figures, "blanks": blanks,
                           "sections": sections if sections is not None else pd.DataFrame(),
                           "files": files[["path", "county"]] if files is not None and len(files) else None})
        return compare_connection(conn, per=per, yoy_factor=yoy_factor, metrics=metrics,
                                  rules_dir=str(rules_dir) if rules_dir else None)
    finally:
        conn.close()


def with_path_metadata(reports: pd.DataFrame, paths, pattern: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``reports`` (mined from ``paths`` now) with the township, year and county that the folder
    layout ``pattern`` gives, as ``ingest --path-pattern`` reads them
    (:func:`report_miner.store.ingest.path_metadata`: only the part of a path below the folder
    given is matched; a file given by name is matched on its whole path): the folder's
    township fills ``township``; its year fills ``year`` where the text gives none. Returns
    (reports, files) where ``files`` has one row per source with its ``county`` for
    :func:`compare` (and ``matched``: whether the layout matched its path). Raises
    :class:`report_miner.store.ingest.IngestError` for a bad pattern.

        >>> reps = pd.DataFrame({"source": ["/d/青禾县/石门镇/2020/a.txt"], "report": [1], "year": [None]})
        >>> r, f = with_path_metadata(reps, ["/d"], "{county}/{township}/{year}/*")
        >>> r.loc[0, "township"], int(r.loc[0, "year"]), f.loc[0, "county"]
        ('石门镇', 2020, '青禾县')
    """
    import os

    from ..store.ingest import compile_path_pattern, path_metadata

    pat = compile_path_pattern(pattern)
    roots = [os.path.abspath(str(p)) for p in paths if os.path.isdir(str(p))]
    meta_of: dict[str, dict] = {}
    for src in reports["source"].unique() if len(reports) else []:
        full = os.path.abspath(str(src))
        root = max((r for r in roots if full.startswith(r.rstrip(os.sep) + os.sep)), key=len, default=None)
        meta_of[src] = path_metadata(pat, full, root)
    out = reports.copy()
    out["county"] = [meta_of.get(s, {}).get("county", "") for s in out["source"]]
    old = out["township"] if "township" in out else pd.Series([None] * len(out), index=out.index)
    out["township"] = [meta_of.get(s, {}).get("township") or (o if isinstance(o, str) else None)
                       for s, o in zip(out["source"], old)]
    if "year" in out:
        out["year"] = [y if y is not None and not pd.isna(y) else meta_of.get(s, {}).get("year")
                       for s, y in zip(out["source"], out["year"])]
    files = pd.DataFrame({"path": list(meta_of), "county": [m.get("county", "") for m in meta_of.values()],
                          "matched": [bool(m) for m in meta_of.values()]})
    return out, files


def compare_archive(db, *, yoy_factor: float = 3.0, metrics: list[str] | None = None,
                    rules_dir: str | None = None, per: str = "township-year",
                    include_missing: bool = False) -> Comparison:
    """The comparison of an archive made by ``report-miner ingest``: computed in SQLite, reading
    the archive row by row (its tables are never loaded whole), so memory grows with the
    number of cells of the result, not with the figures stored. Files whose status is
    ``missing`` are left out (unless ``include_missing``). A Parquet archive (``ingest --engine dask``) is read into memory
    and compared the same way.

        >>> comp = compare_archive("archive.sqlite")           # doctest: +SKIP
        >>> comp.table.set_index(["township", "year"])         # doctest: +SKIP
    """
    import sqlite3

    from ..errors import LoadError
    from ..integrations.dask import is_parquet_archive, read_parquet_tables
    from .compare_sql import compare_connection

    if is_parquet_archive(db):
        t = read_parquet_tables(db, ["reports", "figures", "blanks", "sections"])
        return compare(t.get("reports", pd.DataFrame()), t.get("figures", pd.DataFrame()),
                       t.get("blanks", pd.DataFrame()), t.get("sections", pd.DataFrame()),
                       yoy_factor=yoy_factor, metrics=metrics, rules_dir=rules_dir, per=per)
    from ..store.archive import check_archive_file

    # an empty file or one without reports is refused, not compared as "no reports" (exit 2)
    check_archive_file(db, need=("reports",))
    conn = _open_read_only(db)
    try:
        return compare_connection(conn, per=per, yoy_factor=yoy_factor, metrics=metrics,
                                  rules_dir=str(rules_dir) if rules_dir else None,
                                  include_missing=include_missing)
    except sqlite3.DatabaseError as exc:
        raise LoadError(db, f"not an archive database / 不是档案数据库: {exc}") from exc
    finally:
        conn.close()


def _open_read_only(db):
    """An SQLite connection that can only read ``db``; :class:`LoadError` when it is no database."""
    import sqlite3

    from ..errors import LoadError
    from ..store.archive import connect_read_only

    try:
        return connect_read_only(db)  # it reads the schema once: a file that is no database fails
    except sqlite3.OperationalError as exc:  # cannot be opened or read
        raise LoadError(db, f"cannot read the archive / 无法读取数据库: {exc}") from exc
    except sqlite3.Error as exc:  # not an SQLite database
        raise LoadError(db, f"not an archive database / 不是档案数据库: {exc}") from exc


def _rate_units(rules_dir: str | None = None) -> set[str]:
    """The units of rates and shares (unit groups ``percent`` and ``permille`` of
    ``rules/metrics.yaml``): summing them means nothing, so ``by_topic`` counts them only."""
    from .compare_sql import compare_rules

    return {u for u, (gid, _label) in compare_rules(rules_dir).unit_group.items()
            if gid in ("percent", "permille")}


def figures_by_topic(figures: pd.DataFrame, sections_with_topics: pd.DataFrame,
                     reports: pd.DataFrame, rules_dir: str | None = None) -> pd.DataFrame:
    """Figures with the topic of their section, counted (``figures``) and summed (``total``) per
    (township, year, topic, metric). As for compare's cells, amounts per head or per month
    (``per`` set: 人均补助150元) and changes (``direction`` set: 减少100人) are left out: added to
    the totals they made a sum of nothing; rates and shares (%, ‰, or no unit: 签订率98) are
    counted, their ``total`` empty. One township name in two counties (a ``county`` column) is two townships."""
    if not len(figures) or not len(sections_with_topics):
        return pd.DataFrame(columns=["township", "year", "topic", "topic_label", "metric", "figures", "total"])
    sec = sections_with_topics[["source", "report", "path", "topic", "topic_label"]].rename(
        columns={"path": "section"})
    f = figures
    if "per" in f:
        f = f[f["per"].fillna("").isin(TOTAL_PER)]
    if "direction" in f:
        f = f[f["direction"].fillna("") == ""]
    f = f.merge(sec, on=["source", "report", "section"], how="left")
    rep = reports.copy()
    rep["township"] = [_township(r) for _, r in rep.iterrows()]
    if "county" in rep:
        rep["township"] = with_county(rep["township"], rep["county"])
    rep["year"] = [_year(r) for _, r in rep.iterrows()]
    f = f.merge(rep[["source", "report", "township", "year"]], on=["source", "report"], how="left")
    f = f[f["metric"] != "other"]
    f["topic"] = f["topic"].fillna("")
    f["topic_label"] = f["topic_label"].fillna("")
    f["summed"] = f["value"].where(~f["unit"].fillna("").isin(_rate_units(rules_dir) | {""}))
    g = (f.groupby(["township", "year", "topic", "topic_label", "metric"], dropna=False)
         .agg(figures=("value", "count"), total=("summed", lambda v: v.sum(min_count=1))).reset_index())
    return topic_order(g)


def load_inputs(paths=None, db=None, rules_dir=None, suffixes=None, include_missing=False):
    """(reports, figures, blanks, sections, texts, files) from files (mined now), an archive database
    made by ``report-miner ingest``, or the Parquet folder of ``ingest --engine dask`` (texts are
    read back from the files' paths when they still exist; copy detection skips the rest).

    Rows of archived files marked ``missing`` (gone from their path) are left out unless
    ``include_missing``."""
    from ..errors import LoadError
    from ..readers.load import read_document

    texts: dict[str, str] = {}
    if db is not None:
        from ..integrations.dask import is_parquet_archive, read_parquet_tables
        from ..store.writers import read_sqlite_tables

        t = read_parquet_tables(db) if is_parquet_archive(db) else read_sqlite_tables(db)
        t = _without_missing(t) if not include_missing else t
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


def _without_missing(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The archive's tables without the rows of files marked ``missing``."""
    files = tables.get("files")
    if files is None or "status" not in files or not (files["status"] == "missing").any():
        return tables
    gone = set(files.loc[files["status"] == "missing", "path"])
    out = {name: (t[~t["source"].isin(gone)].reset_index(drop=True) if "source" in t else t)
           for name, t in tables.items()}
    out["files"] = files[files["status"] != "missing"].reset_index(drop=True)
    return out


def archive_inputs(db, *, texts: bool = True, sections: bool = True, include_missing: bool = False):
    """(reports, sections, texts, failed) of an archive, for copy detection and section topics:
    only the columns these need are read (never the figures or blanks); ``texts`` are read back
    from the files' paths when they still exist; ``failed``: (path, reason) of files that could
    not be mined. Files marked ``missing`` are left out unless ``include_missing``."""
    import sqlite3

    from ..errors import LoadError
    from ..integrations.dask import is_parquet_archive, read_parquet_tables
    from ..readers.load import read_document

    if is_parquet_archive(db):
        t = read_parquet_tables(db, ["reports", "sections", "files"])
        reports, secs = t.get("reports", pd.DataFrame()), t.get("sections", pd.DataFrame())
        files = t.get("files", pd.DataFrame())
        failed = ([(f.get("source", f.get("path", "")), f.get("reason", "")) for _, f in
                   files[files["status"] == "failed"].iterrows()] if "status" in files else [])
    else:
        conn = _open_read_only(db)
        try:
            have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            file_cols = {r[1] for r in conn.execute("PRAGMA table_info(files)")}
            missing = ("WHERE source NOT IN (SELECT path FROM files WHERE status = 'missing' "
                       "AND path IS NOT NULL)" if {"path", "status"} <= file_cols and not include_missing
                       else "")
            # the township names too: copy detection masks each report's own name (similarity.frame_of)
            names = [c for c in ("unit_name", "township")
                     if c in {r[1] for r in conn.execute("PRAGMA table_info(reports)")}]
            if {"path", "county"} <= file_cols:  # one name in two counties: two townships
                names.append("(SELECT f.county FROM files f WHERE f.path = reports.source) AS county")
            reports = pd.read_sql_query("SELECT " + ", ".join(["source", "report", "start", '"end"'] + names)
                                        + f" FROM reports {missing}", conn) \
                if "reports" in have else pd.DataFrame(columns=["source", "report", "start", "end"])
            secs = pd.DataFrame()
            if sections and "sections" in have:
                secs = pd.read_sql_query(f"SELECT * FROM sections {missing}", conn)
            key = "path" if "path" in file_cols else "source"
            failed = (conn.execute(f"SELECT {key}, reason FROM files WHERE status = 'failed'").fetchall()
                      if {key, "status", "reason"} <= file_cols else [])
        except (sqlite3.DatabaseError, pd.errors.DatabaseError) as exc:
            raise LoadError(db, f"not an archive database / 不是档案数据库: {exc}") from exc
        finally:
            conn.close()
    out: dict[str, str] = {}
    if texts:
        for src in reports["source"].unique() if len(reports) else []:
            try:
                out[src] = read_document(src).text
            except LoadError:
                pass
    return reports, secs, out, failed


def summary(comparison: Comparison, extra: dict[str, pd.DataFrame] | None = None, *,
            top: int = 10, outputs: list[str] | None = None, table_rows: int = 30) -> str:
    """A short terminal summary: what was compared, how complete the core cells are, the top
    ``top`` year-over-year jumps, and where the rest is (the files written, or how to write
    them). The table itself is shown only when it has at most ``table_rows`` rows."""
    from ..readers.paths import one_line_name

    t, st = comparison.table, comparison.status
    n_rows = len(t)
    what = "township and year 乡镇×年份" if comparison.per == "township-year" else "report 报告"
    lines = []
    n_reports = int(t["reports"].sum()) if "reports" in t and n_rows else n_rows
    towns = t["township"].nunique() if n_rows else 0
    years = t["year"].dropna() if n_rows else pd.Series(dtype="Int64")
    span = f", years 年份 {int(years.min())}–{int(years.max())}" if len(years) else ""
    lines.append(f"compared 比较: {n_reports} report(s) → {n_rows} row(s), one per {what}; "
                 f"{towns} township(s) 乡镇{span}")
    if n_rows and n_rows <= table_rows:
        core = [m for m in comparison.core if m in t]
        with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 24):
            shown = t[["township", "year"] + core].rename(columns=lambda c: c.split(".")[-1])
            # a missing year prints empty, not <NA> (na_rep does not reach nullable integers)
            shown["year"] = [("" if pd.isna(y) else str(int(y))) for y in t["year"]]
            # a count reads 18230, not 18230.0 (the columns are floats because of empty cells)
            for c in shown.columns[2:]:
                shown[c] = [_plain_number(v) for v in shown[c]]
            # a slot left blank (总人口人) reads 空缺 / blank; a metric not mentioned stays empty
            for m, c in zip(core, shown.columns[2:]):
                if m in st:
                    shown[c] = ["空缺/blank" if s == "blank" and (v == "" or pd.isna(v)) else v
                                for s, v in zip(st[m].tolist(), shown[c].tolist())]
            lines.append(shown.to_string(index=False, na_rep=""))
    core = [m for m in comparison.core if m in st]
    if n_rows and core:
        counts = st[core].apply(lambda c: c.value_counts()).reindex(["stated", "blank", "absent"]).fillna(0)
        lines.append("core metrics 核心指标 (rows stated 已填 / blank 空缺 / absent 未提及):")
        for m in core:
            c = counts[m]
            lines.append(f"  {m:26} {int(c['stated']):6} / {int(c['blank']):5} / {int(c['absent']):6}")
    roles = {"_target": 0, "_planned": 0}
    if len(comparison.choices):
        for r, n in comparison.choices["role"].value_counts().items():
            key = {"target": "_target", "planned": "_planned"}.get(r)
            if key:
                roles[key] = int(n)
    if roles["_target"] or roles["_planned"]:
        lines.append(f"targets 目标数: {roles['_target']} cell(s) in *_target columns; planned 应…数: "
                     f"{roles['_planned']} cell(s) in *_planned columns (never taken as results)")
    spans = getattr(comparison, "year_spans", None)
    if spans is not None and len(spans):
        lines.append(f"spans of years 跨年度报告: {len(spans)} report(s) whose title names several years "
                     f"(2019—2020年度) are counted in one year, the span's last for results, its first "
                     f"for plans (reports.year_span) / 跨年度报告只计入一个年份:")
        for r in spans.head(top).itertuples():
            year = "" if pd.isna(r.year) else f" {int(r.year)}"
            lines.append(f"  {r.township}{year} ← {r.year_span} ({one_line_name(r.source)}#{int(r.report)})")
    ch = comparison.choices
    if len(ch) and "disagree" in ch:
        split = ch[ch["disagree"].fillna("").astype(str) != ""]
        if len(split):
            rows = split[["township", "year"]].drop_duplicates()
            # with counties given, one name in two counties is two rows already: no hint then
            hint, hint_zh = ("", "") if comparison.counties else (
                " Two townships of one name in one row? Give each its county "
                "(--path-pattern \"{county}/{township}/{year}/*\")", "(同名乡镇混在一行?请给出各自的县)")
            lines.append(f"disagreements 数字不一致: {len(split)} cell(s) in {len(rows)} row(s) where reports of "
                         f"the same standing state different figures (the largest is shown; choices.disagree "
                         f"names the others).{hint} / 同一行中报告数字不一致{hint_zh}:")
            for _, r in split.head(top).iterrows():
                year = "" if pd.isna(r["year"]) else f" {int(r['year'])}"
                lines.append(f"  {r['township']}{year} {r['column']}: {_plain_number(r['value'])} "
                             f"({one_line_name(r['source'])}#{int(r['report'])}@{int(r['start'])}) vs "
                             f"{one_line_name(r['disagree'])}")
    f = comparison.findings
    if len(f):
        worst = f.assign(_k=(f["ratio"].astype(float).map(lambda r: max(r, 1 / r) if r > 0 else float("inf"))))
        worst = worst.sort_values("_k", ascending=False).head(top)
        lines.append(f"year-over-year 逐年异常: {len(f)} (largest {len(worst)}):")
        lines += ["  " + m for m in worst["message_zh"]]
    sheets = ", ".join(k for k in {**comparison.tables(), **(extra or {})})
    if outputs:
        lines.append(f"the rest 其余: every row and the sheets {sheets} in {', '.join(outputs)}")
    else:
        lines.append(f"the rest 其余: write them with -o compare.xlsx (sheets {sheets}); "
                     f"why each cell holds its figure: the choices sheet")
    return "\n".join(lines)


def copies(reports: pd.DataFrame, texts: dict[str, str], threshold: float = 0.6, *,
           release_texts: bool = False, rules_dir=None):
    """Copy detection over the reports whose text is at hand (see :mod:`report_miner.analysis.similarity`).

    ``release_texts=True`` empties ``texts`` as each one is cut into passages, for a caller
    that needs them no more: the texts of a large archive are then not held during detection.
    ``rules_dir``: the rules folder (or :class:`report_miner.ruleset.load.RuleSet`) the reports
    were mined with, whose units mend a number a line break cut, as mining did."""
    from ..ruleset.load import RuleSet
    from .similarity import find_copies, passages_of

    rules = RuleSet.load(rules_dir)
    passages = []
    # the reports of each source found once (a mask per source costs sources x reports)
    by_source = {src: list(zip(g["report"], g["start"], g["end"]))
                 for src, g in reports.groupby("source", sort=False)} if len(reports) else {}
    for src in list(texts):
        text = texts.pop(src) if release_texts else texts[src]
        reps = [(int(r), int(s), int(e)) for r, s, e in by_source.get(src, ())]
        passages += passages_of(text, src, reps, rules)
    del by_source
    # each report's own township name is masked when passages are grouped into sentence frames
    # (compare's township_name; a one-character name is left unmasked: it would mask too much)
    names = {}
    none = [None] * len(reports)
    for src, rep, town, unit in zip(reports["source"], reports["report"],
                                    reports["township"] if "township" in reports else none,
                                    reports["unit_name"] if "unit_name" in reports else none):
        name = township_name(town, unit)
        if len(name) >= 2:
            names[(src, int(rep))] = name
    # one name in two counties (the county of ingest's or compare's --path-pattern) is two
    # townships, named as compare names them: 石门镇 (青禾县)
    towns = dict(names)
    if "county" in reports.columns:
        county = {(s, int(r)): c for s, r, c in zip(reports["source"], reports["report"], reports["county"])}
        towns = dict(zip(names, with_county(names.values(), [county.get(k) for k in names])))
    res = find_copies(passages, threshold=threshold, townships=names, groups=towns)
    # each pair says whose reports they are: a township's own reports of two years sharing its
    # stock sentences is another finding than two townships sharing text
    pairs = res.pairs
    at = pairs.columns.get_loc("report_b") + 1
    town_a = [towns.get((s, int(r)), "") for s, r in zip(pairs["source_a"], pairs["report_a"])]
    town_b = [towns.get((s, int(r)), "") for s, r in zip(pairs["source_b"], pairs["report_b"])]
    pairs.insert(at, "township_a", pd.Series(town_a, index=pairs.index, dtype=object))
    pairs.insert(at + 1, "township_b", pd.Series(town_b, index=pairs.index, dtype=object))
    pairs.insert(at + 2, "same_township", pd.Series(
        [bool(a) and a == b for a, b in zip(town_a, town_b)], index=pairs.index, dtype=bool))
    return res


#: Chinese labels of the comparison's own columns (the rest as ``export --labels zh``)
ZH_COMPARE_LABELS = {
    "reports": "报告数", "kinds": "报告类型", "column": "列", "role": "角色", "candidates": "候选数",
    "variants": "文本变体数", "township_a": "乡镇A", "township_b": "乡镇B", "same_township": "同一乡镇",
    "rule": "取值规则", "role_rule": "角色规则", "report_rule": "报告规则", "why": "取值原因",
    "disagree": "同等报告的其他数字", "text_from": "起始年原文", "source_from": "起始年来源",
    "start_from": "起始年位置", "text_to": "结束年原文", "source_to": "结束年来源", "start_to": "结束年位置",
    "year_from": "起始年份", "year_to": "结束年份", "value_from": "起始值", "value_to": "结束值",
    "ratio": "倍数", "topic": "主题", "topic_label": "主题名称", "total": "合计",
}


def labelled(df: pd.DataFrame, comparison: Comparison | None, labels: str | None) -> pd.DataFrame:
    """``df`` with Chinese column headers when ``labels == "zh"`` (metric columns by their
    metric label: 检查/普查/随访人数(目标)(人次); other columns as ``export --labels zh``);
    unchanged otherwise. Two columns never get one header."""
    if labels not in ("zh",):
        return df
    from ..store.export import ZH_LABELS

    from .compare_sql import compare_rules

    rules = getattr(comparison, "rules", None) or compare_rules(None)
    out: list[str] = []
    for col in df.columns:
        label = ZH_COMPARE_LABELS.get(col) or ZH_LABELS.get(col) or rules.label(str(col))
        if label in out:
            label = f"{label}({col})"
        out.append(label)
    return df.set_axis(out, axis=1)


def labelled_tables(comparison: Comparison, extra: dict[str, pd.DataFrame],
                    labels: str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the comparison (``compare`` first) and ``extra``, labelled (:func:`labelled`);
    with ``labels="zh"`` the status words (已填/空缺/未提及) and roles (实际/目标/应) too."""
    tables = {**comparison.tables(), **extra}
    if labels == "zh":
        value_cols = [c for c in comparison.metrics if c in comparison.status]
        tables["status"] = comparison.status.assign(
            **{c: comparison.status[c].map(ZH_STATUS).fillna(comparison.status[c]) for c in value_cols})
        if "role" in comparison.choices:
            tables["choices"] = comparison.choices.assign(
                role=comparison.choices["role"].map(ZH_ROLES).fillna(comparison.choices["role"]))
    return {k: labelled(v, comparison, labels) for k, v in tables.items()}


#: status words and roles in Chinese, for ``labels="zh"``
ZH_STATUS = {"stated": "已填", "blank": "空缺", "absent": "未提及"}
ZH_ROLES = {"actual": "实际", "target": "目标", "planned": "应"}


def write_xlsx(comparison: Comparison, extra: dict[str, pd.DataFrame], out, labels: str | None = None) -> None:
    """The comparison workbook: the compare sheet with cells coloured by status (green stated,
    red blank, grey absent), then the other tables one sheet each (written like every
    workbook, by :class:`report_miner.store.writers.XlsxBook`); ``labels="zh"`` for Chinese
    column headers."""
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
    book.add_frame("compare", labelled(table, comparison, labels), freeze="C2", fill=fill)
    others = {k: v for k, v in labelled_tables(comparison, extra, labels).items() if k != "compare"}
    for (name, df), title in zip(others.items(), _unique_names(others, _sheet_title, 31)):
        book.add_frame(title, df)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _replacing(path) as tmp:
        book.save(tmp)
