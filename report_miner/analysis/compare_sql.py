"""The comparison computed inside SQLite: one pass over the archive, nothing loaded whole.

:func:`compare_connection` reads the ``reports``, ``sections``, ``figures`` and ``blanks``
tables of an SQLite database (an ingest archive, or the mined tables copied into a temporary
database by :func:`report_miner.analysis.compare.compare`) and lets SQLite do the work:

1. every report gets its township, year, kind class (results / plan / other, from
   ``rules/structure.yaml`` ``kinds.compare``) and its row key (township + year, or the report);
2. every section is marked basics (基本情况) and/or target (下一步打算, 工作计划), parents
   passing their mark to their subsections;
3. every figure with a metric (amounts per head or per month aside) is given a role
   (actual / target / planned), a township-level mark and a column
   (``<metric>[_target|_planned][[unit group]]``) by small Python functions registered with
   SQLite, row by row as the rows stream past;
4. a window query ranks the candidates of each cell and keeps the first: results reports
   (总结/汇报/述职) before other reports before a plan's basics, full-year before part-year,
   township-level before not, then the largest value;
5. blanks (unfilled slots) are placed in columns the same way, so an unfilled cell is
   ``blank`` (red), not ``absent`` (grey).

Python holds only what is returned: one value per (row, column) and one ``choices`` row per
filled cell, which grow linearly with the number of reports; sorting and grouping are
SQLite's, spilling to temporary files when large.
"""
from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import regex

from ..mining.structure import PLACEHOLDER_CHARS
from .township_order import sort_key as township_sort_key

#: ``per`` values that still state a township's total (see :mod:`report_miner.analysis.compare`)
TOTAL_PER = ("", "年")
ROLES = ("actual", "target", "planned")
ROLE_SUFFIX = {"actual": "", "target": "_target", "planned": "_planned"}
#: the unit suffix of a column of figures written without a unit (签订率在98以上): ``rate.other[-]``
NO_UNIT = "-"
ROLE_ZH = {"actual": "", "target": "(目标)", "planned": "(应)"}
#: what a role rule means, for the ``choices`` sheet (English / 中文)
ROLE_RULES = {
    "actual": "a result 实际数",
    "actual:plan_basics": "a plan's 基本情况 or its statement of the present (辖/现有/总人口): a fact, "
                          "not a target 计划中的现状",
    "target:plan_report": "a plan report's figures are targets 计划报告中的数字为目标",
    "target:plan_section": "under a 下一步打算/工作计划 heading: a target 打算/计划章节中的目标",
    "target:target_words": "计划/目标 in its clause, or 力争/确保/预计 before it: a target 目标数",
    "planned:planned_words": "应… before the number: the number due, not done 应…数(非实际数)",
}
#: report preference for a cell (lower first), with its rule name
REPORT_RULES = {
    0: "results_report",           # 总结/汇报/述职/自查 covering the whole year
    1: "results_report_part_year",  # 上半年总结 …
    2: "other_report",             # 报告, or no kind word in the title
    3: "plan_report",              # 计划/要点 (their basics for actual cells; their figures for targets)
    4: "plan_report_part_year",
}
#: the fields of a choice row as it is collected (township and year are filled in last)
_C_COLUMNS = ["township", "column", "metric", "role", "value", "unit", "text", "source", "report",
              "start", "end", "candidates", "rule", "role_rule", "report_rule", "why", "disagree", "year"]
_C_VALUE, _C_TEXT, _C_SOURCE, _C_REPORT = 4, 6, 7, 8
_C_RULE, _C_REPORT_RULE, _C_WHY, _C_DISAGREE, _C_RANK = 12, 14, 15, 16, 17
_SLOT = regex.compile(r"⟨([^⟩]*)⟩")
_NUMERIC_SLOT = regex.compile(r"^[_＿\-—－ \u3000.·…□○〇()（）" + regex.escape(PLACEHOLDER_CHARS) + r"]*$")
_PLACEHOLDER = regex.compile("^[" + regex.escape(PLACEHOLDER_CHARS) + "某]")
_CLAUSE_BREAK = regex.compile(r"[,，;；:：。!！?？\n]")


def township_name(township, unit_name) -> str:
    """The name of a report's township: the folder metadata of ``ingest --path-pattern``,
    else the report's unit name (not a placeholder such as *镇); "" when it has neither.

    >>> township_name(None, "河西镇"), township_name(" 石桥乡 ", "河西镇"), township_name("", "*镇")
    ('河西镇', '石桥乡', '')
    """
    if isinstance(township, str) and township.strip():
        return township.strip()
    if isinstance(unit_name, str) and unit_name and not _PLACEHOLDER.match(unit_name):
        return unit_name
    return ""


def with_county_name(township: str, county: str) -> str:
    """A township name told apart by its county, where one name stands in several counties:
    ``石门镇 (青禾县)``. The one definition of that name: compare's rows and ``by_topic`` of an
    archive (in SQLite, where :func:`_split_by_county` registers it as ``rm_with_county``),
    ``by_topic`` of mined tables and copy detection
    (:func:`report_miner.analysis.compare.with_county`) all call it.

    >>> with_county_name("石门镇", "青禾县")
    '石门镇 (青禾县)'
    """
    return f"{township} ({county})"


def township_of(township, unit_name, source, report) -> str:
    """A report's township as compare names its rows: :func:`township_name`, else
    ``<file name>#<report>`` (an audit desk upload's name as uploaded: ``source`` is then that
    name, see :func:`_source_name`)."""
    name = township_name(township, unit_name)
    if name:
        return name
    fname = str(source or "").replace("\\", "/").rsplit("/", 1)[-1]  # a.txt and a.html differ
    return f"{fname}#{int(report or 0)}"


@dataclass
class CompareRules:
    """What compare reads from the rules: scope patterns, unit groups, each metric's column
    unit, report kinds' classes, core metric order, metric labels."""

    scope: dict[str, "regex.Pattern"]
    unit_group: dict[str, tuple[str, str]]          # unit -> (group id, label)
    primary: dict[str, str]                         # metric -> group id ("" = no group)
    kind_class: dict[str, str]                      # report kind -> results / plan
    core: list[str]
    labels: dict[str, str]
    labels_en: dict[str, str] = field(default_factory=dict)
    rules_dir: str | None = None
    #: metric -> the name its compare columns start with, where that is not its id (``column``)
    bases: dict[str, str] = field(default_factory=dict)

    def base(self, metric: str) -> str:
        """The name of ``metric``'s own compare column: its ``column`` in metrics.yaml, else its id."""
        return self.bases.get(metric, metric)

    def metric_of(self, column: str) -> str:
        """The metric id of a column: ``rate.target`` for ``rate.other_target[-]``."""
        base = metric_of(column)
        return self._by_base.get(base, base)

    @cached_property
    def _by_base(self) -> dict[str, str]:
        return {b: m for m, b in self.bases.items()}

    @classmethod
    def load(cls, rules_dir: str | None = None) -> "CompareRules":
        from ..ruleset.load import load_rule_data

        data = load_rule_data(rules_dir)
        scope = {k: regex.compile(r.pattern) for k, r in data.named("metrics", "scope").items()}
        groups: dict[str, tuple[str, str]] = {}
        for g in data.records("metrics", "unit_groups"):
            for u in g.units:
                groups.setdefault(str(u), (g.id, str(g.label)))
        metrics = data.records("metrics", "metrics")
        primary = {}
        for m in metrics:
            first = next((e.units for e in m.match if e.units), None)
            unit = m.column_unit or (str(first[0]) if first else "")
            primary[m.id] = groups.get(unit, ("", ""))[0]
        kinds = {r.kind: r.compare for r in data.records("structure", "kinds") if r.compare}
        core_recs = [r for r in metrics if r.core]
        core = [r.id for _, r in sorted(enumerate(core_recs), key=lambda ir: (
            float("inf") if ir[1].core_rank is None else ir[1].core_rank, ir[0]))]
        return cls(scope, groups, primary, kinds, core, {m.id: m.label for m in metrics},
                   {m.id: m.label_en or m.id for m in metrics}, rules_dir,
                   {m.id: m.column for m in metrics if m.column and m.column != m.id})

    # -- the functions SQLite calls, row by row ---------------------------------------------
    def township(self, township, unit_name, source, report) -> str:
        """A report's row name in the comparison: :func:`township_of`."""
        return township_of(township, unit_name, source, report)

    def kind_shown(self, kind, period) -> str:
        """A report's kind as the ``kinds`` / ``kind`` column shows it: with its period when
        that is part of the year (``总结(上半年)``), so a half-year summary is not read as the
        year's."""
        kind = kind or ""
        if period and kind and not self.scope["full_year"].search(period):
            return f"{kind}({period})"
        return kind

    def report_rank(self, kind, period) -> int:
        """0 results (full year), 1 results (part year), 2 other, 3 plan (full year), 4 plan (part)."""
        cls = self.kind_class.get(kind or "", "")
        part = 0 if self.scope["full_year"].search(period or "") else 1
        if cls == "results":
            return part
        if cls == "plan":
            return 3 + part
        return 2

    def role(self, rank, sec_plan, sec_basics, lead, clause) -> str:
        """The role rule of a statement: see :data:`ROLE_RULES`. ``lead``: the sentence up to
        the number; ``clause``: its last clause (from the last comma)."""
        clause = clause or ""
        if rank >= 3:
            if sec_basics or self.scope["plan_fact"].search(lead or ""):
                return "actual:plan_basics"
            return "target:plan_report"
        if self.scope["planned"].search(clause):
            return "planned:planned_words"
        lead = lead or ""
        last_actual = _last(self.scope["actual"], lead)
        if sec_plan:
            return "actual" if self.scope["actual"].search(clause) else "target:plan_section"
        in_clause = _last(self.scope["target"], clause)
        last_target = max(_last(self.scope["target_lead"], lead),
                          in_clause + len(lead) - len(clause) if in_clause >= 0 else -1)
        if last_target >= 0 and last_actual < last_target:
            return "target:target_words"
        return "actual"

    def column(self, metric: str, unit, role_rule: str) -> str:
        """The column a statement fills: the metric's name (its id, or its ``column`` in
        metrics.yaml), + ``_target``/``_planned`` by role, + ``[<group label>]`` when its unit's
        group is not the metric's own (``[-]``: no unit).

            >>> r = compare_rules()
            >>> r.column("health.screenings", "人", "planned:planned_words")
            'health.screenings_planned[人]'
            >>> r.column("association.members", "名", "actual")
            'association.members'
            >>> r.column("rate.target", "", "target:plan_report")
            'rate.other_target[-]'
        """
        role = role_rule.split(":", 1)[0]
        unit = unit or ""
        gid, label = self.unit_group.get(unit, ("", ""))
        suffix = ""
        if gid != self.primary.get(metric, ""):
            suffix = f"[{label or unit or NO_UNIT}]"
        return f"{self.base(metric)}{ROLE_SUFFIX[role]}{suffix}"

    def level(self, section, sec_basics, sentence) -> int:
        """1 when the statement speaks for the whole township (before the first heading, in a
        basics section, or its sentence matches ``scope.township_level``), else 0."""
        if not section or sec_basics:
            return 1
        return 1 if self.scope["township_level"].search(sentence or "") else 0

    def label(self, column: str, zh: bool = True) -> str:
        """A column's label: 检查/普查/随访人数(目标)(人次) for ``health.screenings_target[人次]``."""
        base, unit = column, ""
        if base.endswith("]") and "[" in base:
            base, unit = base[:-1].split("[", 1)
        per10k = base.endswith(".per10k")
        if per10k:
            base = base[: -len(".per10k")]
        role = next((r for r in ("target", "planned") if base.endswith(ROLE_SUFFIX[r])), "actual")
        if role != "actual":
            base = base[: -len(ROLE_SUFFIX[role])]
        base = self._by_base.get(base, base)
        if base not in self.labels:
            return column
        if not zh:
            return column
        unit = "无单位" if unit == NO_UNIT else unit
        return (self.labels[base] + ROLE_ZH[role] + (f"({unit})" if unit else "")
                + ("(每万人)" if per10k else ""))


def metric_of(column: str) -> str:
    """The metric id of a column: ``health.screenings`` for ``health.screenings_target[人次]``."""
    base = column.split("[", 1)[0]
    for role in ("target", "planned"):
        base = base.removesuffix(ROLE_SUFFIX[role])
    return base


def role_of(column: str) -> str:
    base = column.split("[", 1)[0]
    return next((r for r in ("target", "planned") if base.endswith(ROLE_SUFFIX[r])), "actual")


def _column_order(column: str):
    unit = column.split("[", 1)[1] if "[" in column else ""
    return ROLES.index(role_of(column)), unit != "", unit


def _last(pattern, text: str) -> int:
    pos = -1
    for m in pattern.finditer(text):
        pos = m.start()
    return pos


def _split(sentence, text, occ) -> tuple[str, str]:
    """(lead, clause) of the ``occ``-th (1-based) statement of ``text`` in ``sentence``."""
    sentence, text = sentence or "", text or ""
    n = sentence.count(text) if text else 0
    if not n:
        # the figure as written differs from the clean sentence (a page number inside it,
        # traditional characters): nothing is known of its lead, so no words make it a target
        return "", ""
    k = (int(occ or 1) - 1) % n
    pos = -1
    for _ in range(k + 1):
        pos = sentence.find(text, pos + 1)
    lead = sentence[:pos]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(lead)), default=0)
    return lead, lead[cut:]


def _context_split(context) -> tuple[str, str, str]:
    """(lead, clause, slot) of a blank's context (the slot marked ⟨…⟩)."""
    context = context or ""
    m = _SLOT.search(context)
    if not m:
        return context, "", ""
    lead = context[: m.start()]
    cut = max((b.end() for b in regex.finditer(r"[。!！?？\n]", lead)), default=0)
    lead = lead[cut:]
    clause_cut = max((b.end() for b in _CLAUSE_BREAK.finditer(lead)), default=0)
    return lead, lead[clause_cut:], m.group(1)


class _BlankMetric:
    """The metric of a blank the miner left without one (全镇总人口____人): the slot's clause
    is mined again with a number in the slot, and the metric the rules give that number is
    the blank's. Cached by clause: templates repeat."""

    def __init__(self, rules_dir):
        self.rules_dir = rules_dir
        self._rules = None
        self.cache: dict[str, tuple[str, str] | None] = {}

    def __call__(self, context: str, unit: str) -> tuple[str, str] | None:
        context = context or ""
        m = _SLOT.search(context)
        if not m or not _NUMERIC_SLOT.match(m.group(1)):
            return None
        before, after = context[: m.start()], context[m.end():]
        if after[:1] in "村镇乡县区组":  # ××村: a name left out, not a number
            return None
        cut = max((b.end() for b in _CLAUSE_BREAK.finditer(before)), default=0)
        end = _CLAUSE_BREAK.search(after)
        ins = "1" + (unit if unit and not after.startswith(unit) else "")
        clause = before[cut:] + ins + after[: end.start() if end else len(after)]
        if clause in self.cache:
            return self.cache[clause]
        if self._rules is None:
            from ..ruleset.load import RuleSet

            self._rules = RuleSet.load(self.rules_dir)
        from ..api import mine_text

        figs = mine_text(clause, source="<slot>", rules=self._rules).rows("figures")
        pos = len(before) - cut
        hit = next((f for f in figs if f["start"] == pos and f.get("metric") not in (None, "", "other")), None)
        out = (hit["metric"], hit["unit"] or "") if hit else None
        if len(self.cache) < 50_000:
            self.cache[clause] = out
        return out


def _has_table(conn, name: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]


def _county_of(conn) -> str:
    """The SQL expression for the county of report ``r`` (``{county}`` of ingest's
    --path-pattern, stored on its file), NULL where the archive has no such column."""
    if not {"path", "county"} <= set(_has_table(conn, "files")):
        return "NULL"
    return "(SELECT fl.county FROM files fl WHERE fl.path = r.source)"


def _source_name(conn) -> str:
    """The SQL expression for a report's file name where it has no township: ``r.source``, or,
    in an archive the audit desk fills, the name the file was uploaded as (a TEMP table
    ``rm_name``; the desk stores uploads as ``uploads/<sha256>.docx``). Two different uploads
    of one name keep apart by the start of their sha256 (``总结.docx (3fa9c2d1)``)."""
    if not {"path", "client_name", "sha256", "id"} <= set(_has_table(conn, "desk_uploads")):
        return "r.source"
    conn.execute("DROP TABLE IF EXISTS temp.rm_name")
    conn.execute("""
        CREATE TEMP TABLE rm_name AS
        SELECT path, CASE WHEN COUNT(*) OVER (PARTITION BY client_name) > 1
                          THEN client_name || ' (' || substr(COALESCE(sha256, ''), 1, 8) || ')'
                          ELSE client_name END AS name
        FROM (SELECT path, sha256, REPLACE(client_name, '/', '_') AS client_name,
                     ROW_NUMBER() OVER (PARTITION BY path ORDER BY id) AS k
              FROM desk_uploads WHERE path IS NOT NULL AND client_name != '')
        WHERE k = 1""")
    conn.execute("CREATE INDEX temp.ix_rm_name ON rm_name (path)")
    return "COALESCE((SELECT n.name FROM rm_name n WHERE n.path = r.source), r.source)"


def _split_by_county(conn, gkey: str) -> None:
    """Two townships of one name in two counties (``{county}`` of ingest's --path-pattern) are
    two townships, as for ``audit --db``: where a name has reports under several counties,
    each is named with its county, ``龙潭镇 (青禾县)``; other names stay as they are."""
    conn.execute("DROP TABLE IF EXISTS temp.rm_amb")
    conn.execute("CREATE TEMP TABLE rm_amb AS SELECT township FROM rm_rep WHERE county != '' "
                 "GROUP BY township HAVING COUNT(DISTINCT county) > 1")
    if conn.execute("SELECT COUNT(*) FROM rm_amb").fetchone()[0]:
        # the name is Python's (with_county_name), so SQL and pandas cannot write it two ways
        conn.create_function("rm_with_county", 2, with_county_name, deterministic=True)
        conn.execute("UPDATE rm_rep SET township = rm_with_county(township, county) "
                     "WHERE county != '' AND township IN (SELECT township FROM rm_amb)")
        conn.execute(f"UPDATE rm_rep SET gkey = {gkey}")
    conn.execute("DROP TABLE temp.rm_amb")


def compare_connection(conn: sqlite3.Connection, *, per: str = "township-year", yoy_factor: float = 3.0,
                       metrics: list[str] | None = None, rules_dir: str | None = None,
                       include_missing: bool = False):
    """The :class:`report_miner.analysis.compare.Comparison` of the tables in ``conn``.

    Reports of files that ``ingest`` marked ``missing`` are left out unless ``include_missing``.

    ``per``: ``"township-year"`` (one row per township and year; reports of unknown year keep
    a row each) or ``"report"`` (one row per report). Only TEMP tables are created: the
    database itself is read, never written.
    """
    import pandas as pd

    from .comparison import PER_CAPITA, Comparison, with_figures, year_over_year

    if per not in ("township-year", "report"):
        raise ValueError(f"per must be 'township-year' or 'report', not {per!r}")
    rules = CompareRules.load(rules_dir)
    blank_metric = _BlankMetric(rules_dir)
    conn.create_function("rm_township", 4, rules.township, deterministic=True)
    conn.create_function("rm_rank", 2, rules.report_rank, deterministic=True)
    conn.create_function("rm_kind", 2, rules.kind_shown, deterministic=True)
    conn.execute("PRAGMA temp_store = FILE")
    for t in ("rm_rep", "rm_grp", "rm_sec", "rm_cand", "rm_blank"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{t}")

    rep_cols = _has_table(conn, "reports")
    if not rep_cols:
        return _empty(Comparison, per, rules)
    township_col = "r.township" if "township" in rep_cols else "NULL"
    source_name = _source_name(conn)
    period_col = "r.period" if "period" in rep_cols else "''"
    missing = ""
    file_cols = _has_table(conn, "files")
    if "path" in file_cols and "status" in file_cols and not include_missing:
        missing = "WHERE r.source NOT IN (SELECT path FROM files WHERE status = 'missing' AND path IS NOT NULL)"
    if per == "report":
        gkey = "source || char(31) || report"
    else:
        gkey = ("CASE WHEN year IS NULL THEN township || char(31) || '?' || source || '#' || report "
                "ELSE township || char(31) || year END")
    county_col = _county_of(conn)
    conn.execute(f"""
        CREATE TEMP TABLE rm_rep AS
        SELECT *, {gkey} AS gkey FROM (
            SELECT r.source AS source, CAST(r.report AS INTEGER) AS report,
                   rm_township({township_col}, r.unit_name, {source_name}, r.report) AS township,
                   CAST(r.year AS INTEGER) AS year, rm_kind(r.kind, {period_col}) AS kind,
                   COALESCE(r.title, '') AS title, rm_rank(r.kind, {period_col}) AS rank,
                   COALESCE({county_col}, '') AS county
            FROM reports r {missing})""")
    _split_by_county(conn, gkey)
    conn.execute("CREATE INDEX temp.ix_rm_rep ON rm_rep (source, report)")
    year_spans = _year_spans(conn, rep_cols)

    # 2. sections: basics / target marks, inherited by subsections
    conn.execute("CREATE TEMP TABLE rm_sec (source TEXT, report INTEGER, path TEXT, basics INTEGER, plan INTEGER)")
    sec_cols = _has_table(conn, "sections")
    if {"source", "report", "section_id", "parent", "path", "title"} <= set(sec_cols):
        basics_re, plan_re = rules.scope["basics_section"], rules.scope["target_section"]

        def marked():
            key, marks = None, {}
            for source, report, sid, parent, path, title in conn.execute(
                    "SELECT source, report, section_id, parent, path, title FROM sections "
                    "ORDER BY source, report, section_id"):
                if (source, report) != key:
                    key, marks = (source, report), {}
                b0, p0 = marks.get(parent, (0, 0))
                b = b0 or int(bool(basics_re.search(title or "")))
                p = p0 or int(bool(plan_re.search(title or "")))
                marks[sid] = (b, p)
                if b or p:
                    yield source, report, path, b, p

        rows = list(marked())  # marked sections only; the cursor must be done before inserting
        conn.executemany("INSERT INTO rm_sec VALUES (?, ?, ?, ?, ?)", rows)
        del rows
    conn.execute("CREATE INDEX temp.ix_rm_sec ON rm_sec (source, report, path)")

    # 3. candidates
    def role(rank, sec_plan, sec_basics, sentence, text, occ):
        lead, clause = _split(sentence, text, occ)
        return rules.role(rank, sec_plan, sec_basics, lead, clause)

    conn.create_function("rm_role", 6, role, deterministic=True)
    conn.create_function("rm_level", 3, rules.level, deterministic=True)
    conn.create_function("rm_column", 3, rules.column, deterministic=True)
    fig_cols = set(_has_table(conn, "figures"))
    per_filter = (f"AND COALESCE(f.per, '') IN ({', '.join(repr(p) for p in TOTAL_PER)})"
                  if "per" in fig_cols else "")
    per_col = "per" if "per" in fig_cols else "'' AS per"
    # a change (减少100人, direction 减少/增加) is no level: it never fills a cell
    dir_filter = "AND COALESCE(f.direction, '') = ''" if "direction" in fig_cols else ""
    dir_col = "direction" if "direction" in fig_cols else "'' AS direction"
    # where a cell's figure ends in its source (mined tables have "end"; else start + its length)
    end_col = '"end"' if "end" in fig_cols else 'start + length(text) AS "end"'
    # the occurrence of a figure's text in its sentence is counted over every figure (those of
    # no metric too), so 应检2000人,实检2000人 places each 2000人 after its own words
    conn.execute("""CREATE TEMP TABLE rm_cand (gkey TEXT, metric TEXT, col TEXT, role_rule TEXT,
                    rank INTEGER, level INTEGER, value REAL, unit TEXT, text TEXT, source TEXT,
                    report INTEGER, start INTEGER, "end" INTEGER)""")
    if fig_cols:
        conn.execute(f"""
            INSERT INTO rm_cand
            SELECT gkey, metric, rm_column(metric, unit, role_rule), role_rule, rank, level, value,
                   unit, text, source, report, start, "end" FROM (
              SELECT p.gkey, f.metric, f.unit, f.value, f.text, f.source, f.report, f.start, f."end", p.rank,
                     rm_role(p.rank, COALESCE(s.plan, 0),
                             COALESCE(s.basics, 0) OR COALESCE(f.section, '') = '', f.sentence, f.text,
                             f.occ) AS role_rule,
                     rm_level(f.section, COALESCE(s.basics, 0), f.sentence) AS level
              FROM (SELECT source, report, section, start, {end_col}, text, value, unit, metric, sentence,
                           {per_col},
                           {dir_col},
                           ROW_NUMBER() OVER (PARTITION BY source, report, sentence, text
                                              ORDER BY start) AS occ
                    FROM figures) f
              JOIN rm_rep p ON p.source = f.source AND p.report = f.report
              LEFT JOIN rm_sec s ON s.source = f.source AND s.report = f.report AND s.path = f.section
              WHERE f.metric IS NOT NULL AND f.metric NOT IN ('', 'other') AND f.value IS NOT NULL
                    {per_filter} {dir_filter})""")

    # 4. winners: one per (row, column)
    cells: dict[tuple[str, str], float] = {}
    choice_rows: list[list] = []
    choice_at: dict[tuple[str, str], int] = {}
    whys: dict[tuple, str] = {}
    strings: dict[str, str] = {}
    same = lambda v: strings.setdefault(v, v) if isinstance(v, str) else v  # noqa: E731
    columns_seen: set[str] = set()
    for (gkey, col, metric, role_rule, rank, level, value, unit, text, source, report, start, end, n,
         n_rank, n_level) in conn.execute("""
            SELECT gkey, col, metric, role_rule, rank, level, value, unit, text, source, report, start,
                   "end", n, n_rank, n_level FROM (
              SELECT c.*, ROW_NUMBER() OVER w AS rn,
                     COUNT(*) OVER (PARTITION BY gkey, col) AS n,
                     COUNT(*) OVER (PARTITION BY gkey, col, rank) AS n_rank,
                     SUM(level) OVER (PARTITION BY gkey, col, rank) AS n_level
              FROM rm_cand c
              WINDOW w AS (PARTITION BY gkey, col ORDER BY rank, level DESC, value DESC, source,
                           report, start))
            WHERE rn = 1"""):
        cells[(gkey, col)] = float(value)
        columns_seen.add(col)
        role = role_rule.split(":", 1)[0]
        report_rule = REPORT_RULES.get(int(rank), "other_report")
        if role == "actual" and int(rank) >= 3:
            report_rule = "plan_report_basics"
        rule = "township-level, largest" if level else "largest stated"
        why_key = (role_rule, report_rule, n - n_rank, level, n_level if level else n_rank)
        why = whys.get(why_key)
        if why is None:
            parts = [ROLE_RULES.get(role_rule, role_rule)]
            if n > n_rank:
                parts.append(f"{report_rule}: preferred over {n - n_rank} figure(s) of other reports "
                             f"优先于其他报告的 {n - n_rank} 个数字")
            if level:
                parts.append(f"township-level (全镇/辖/基本情况), largest of {n_level} 全镇口径中取最大")
            else:
                parts.append(f"no township-level statement: largest of {n_rank} 无全镇口径,取最大")
            why = whys[why_key] = "; ".join(parts)
        # one list per filled cell, strings shared (sources, columns, rules repeat): the
        # choices grow with the cells, as lightly as Python allows
        choice_rows.append([gkey, same(col), same(metric), role, float(value), same(unit), text,
                            same(source), int(report), int(start), _int(end), int(n), rule,
                            same(role_rule), report_rule, why, "", int(rank)])
        choice_at[(gkey, col)] = len(choice_rows) - 1
    _mark_disagreements(conn, choice_rows, choice_at)

    # 5. blanks: the columns they leave unfilled
    blank_cells: set[tuple[str, str]] = set()
    blank_rank: dict[tuple[str, str], int] = {}
    blank_cols = set(_has_table(conn, "blanks"))
    if {"source", "report", "metric", "unit", "context"} <= blank_cols:
        section = "b.section" if "section" in blank_cols else "''"
        for gkey, metric, unit, context, rank, plan, basics, bsection in conn.execute(f"""
                SELECT p.gkey, b.metric, b.unit, b.context, p.rank, COALESCE(s.plan, 0), COALESCE(s.basics, 0),
                       COALESCE({section}, '')
                FROM blanks b
                JOIN rm_rep p ON p.source = b.source AND p.report = b.report
                LEFT JOIN rm_sec s ON s.source = b.source AND s.report = b.report AND s.path = {section}
                WHERE b.kind IS NULL OR b.kind != 'missing_unit'"""):
            if not metric or metric == "other":
                found = blank_metric(context, unit)
                if found is None:
                    continue
                metric, unit = found[0], unit or found[1]
            lead, clause, _slot = _context_split(context)
            col = rules.column(metric, unit, rules.role(rank, plan, basics or not bsection, lead, clause))
            blank_cells.add((gkey, col))
            blank_rank[(gkey, col)] = min(rank, blank_rank.get((gkey, col), rank))
            columns_seen.add(col)
    # a slot left unfilled in the preferred report (a summary's 总人口____人) makes the cell
    # blank, even when a report ranked after it (the year's plan) states the figure
    for key, rank in blank_rank.items():
        i = choice_at.get(key)
        if i is None:
            continue
        c = choice_rows[i]
        if rank < c[_C_RANK]:
            del cells[key]
            c[_C_RULE], c[_C_VALUE] = "blank in the preferred report", float("nan")
            c[_C_WHY] = (f"{REPORT_RULES.get(rank, 'other_report')} leaves this slot unfilled "
                         f"(status blank); {c[_C_REPORT_RULE]} states {c[_C_TEXT]} (not used) "
                         f"优先报告中此项空缺,未采用其他报告的数字")

    # rows, in order
    groups = []
    for gkey, township, year, sources, nrep, kinds, title, source1, report1 in conn.execute("""
            SELECT gkey, township, MIN(year), group_concat(source, '; '), COUNT(*),
                   group_concat(kind, '; '), MIN(title), MIN(source), MIN(report)
            FROM (SELECT DISTINCT gkey, township, year, source, report, kind, title FROM rm_rep
                  ORDER BY gkey, source, report)
            GROUP BY gkey"""):
        groups.append((gkey, township, year, sources, nrep, kinds, title, source1, report1))
    for t in ("rm_cand", "rm_sec"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{t}")

    # columns: each metric's own column, then its other unit groups, its targets, its planned
    seen_metrics = {rules.metric_of(c) for c in columns_seen}
    if metrics is None:
        metrics = rules.core + sorted(m for m in seen_metrics - set(rules.core) - {"other"})
    value_cols = []
    for m in metrics:
        value_cols.append(rules.base(m))
        value_cols += sorted((c for c in columns_seen if rules.metric_of(c) == m and c != rules.base(m)),
                             key=_column_order)

    head = ["township", "year", "source", "report", "title", "kind"] if per == "report" else \
        ["township", "year", "source", "reports", "kinds"]
    rows, status_rows = [], []
    by_gkey = {}
    for gkey, township, year, sources, nrep, kinds, title, source1, report1 in groups:
        if per == "report":
            row = dict(township=township, year=year, source=source1, report=int(report1), title=title,
                       kind=kinds)
        else:
            row = dict(township=township, year=year, source="; ".join(dict.fromkeys(sources.split("; "))),
                       reports=int(nrep),
                       kinds="; ".join(dict.fromkeys(k for k in (kinds or "").split("; ") if k)))
        st = dict(row)
        for c in value_cols:
            v = cells.get((gkey, c))
            if v is not None:
                row[c], st[c] = v, "stated"
            else:
                row[c] = float("nan")
                st[c] = "blank" if (gkey, c) in blank_cells else "absent"
        pop = row.get("population.total")
        for m in PER_CAPITA:
            if m in value_cols:
                v = row.get(m)
                row[f"{m}.per10k"] = (round(v / pop * 10000, 2) if pop and not math.isnan(pop) and pop > 0
                                      and not math.isnan(v) else float("nan"))
        rows.append(row)
        status_rows.append(st)
        by_gkey[gkey] = row
    table = pd.DataFrame(rows, columns=head + value_cols + [f"{m}.per10k" for m in PER_CAPITA if m in value_cols])
    status = pd.DataFrame(status_rows, columns=head + value_cols)
    if len(table):
        table["year"] = pd.array(table["year"].tolist(), dtype="Int64")
        status["year"] = table["year"]
        keys = ["township", "year", "source"] + (["report"] if per == "report" else [])
        # townships in pinyin order (白沙镇, 青山乡, 石桥镇), as a Chinese reader looks them up
        order = table.sort_values(keys, na_position="last", key=township_sort_key).index
        table = table.loc[order].reset_index(drop=True)
        status = status.loc[order].reset_index(drop=True)
    ccols = ["township", "year", "source", "report", "column", "metric", "role", "value", "unit", "text",
             "start", "end", "candidates", "rule", "role_rule", "report_rule", "why", "disagree"]
    for c in choice_rows:
        row = by_gkey.get(c[0], {})
        c[0] = row.get("township")
        c[-1] = row.get("year")
    choices = pd.DataFrame(choice_rows, columns=_C_COLUMNS)[ccols]
    del choice_rows
    if len(choices):
        choices["year"] = pd.array(choices["year"].tolist(), dtype="Int64")
        choices = choices.sort_values(["township", "year", "column", "source", "report"],
                                      na_position="last", ignore_index=True, key=township_sort_key)
    actual_cols = [c for c in value_cols if role_of(c) == "actual"]
    findings = with_figures(year_over_year(table, actual_cols, yoy_factor, {c: rules.label(c) for c in actual_cols}),
                            choices)
    comp = Comparison(table, status, choices, findings, metrics=value_cols, core=list(rules.core))
    comp.per = per
    comp.rules = rules
    comp.year_spans = year_spans
    comp.counties = conn.execute("SELECT EXISTS (SELECT 1 FROM rm_rep WHERE county != '')").fetchone()[0] == 1
    if per == "report":  # the standing of each report, as the cells ranked them (for the charts)
        comp.report_rank = {(str(s), int(r)): int(k) for s, r, k in
                            conn.execute("SELECT source, report, rank FROM rm_rep")}
    return comp


def _int(v):
    return None if v is None else int(v)


#: the columns of :func:`_year_spans`' table
YEAR_SPAN_COLUMNS = ["township", "year", "year_span", "source", "report"]


def _year_spans(conn, rep_cols):
    """The reports compared whose title names a span of years (2019—2020年度总结: reports'
    ``year_span``), with the row's township and the one year they are counted in (the span's
    last for results, its first for plans): compare's summary says so. Empty for tables
    mined before reports had the column."""
    import pandas as pd

    if "year_span" not in rep_cols:
        return pd.DataFrame(columns=YEAR_SPAN_COLUMNS)
    # only the reports with a span come back (row by row: the archive is never loaded whole)
    spans = pd.DataFrame(conn.execute("""
        SELECT p.township, p.year, r.year_span, p.source, p.report
        FROM reports r JOIN rm_rep p ON p.source = r.source AND p.report = CAST(r.report AS INTEGER)
        WHERE COALESCE(r.year_span, '') != ''""").fetchall(), columns=YEAR_SPAN_COLUMNS)
    spans["year"] = pd.array(spans["year"].tolist(), dtype="Int64")
    return spans.sort_values(["township", "year", "source", "report"], key=township_sort_key,
                             na_position="last", ignore_index=True)[YEAR_SPAN_COLUMNS]


def _mark_disagreements(conn, choice_rows: list[list], choice_at: dict) -> None:
    """Say where other reports of the same standing as the winner's (same report rank, both
    speaking for the whole township: 全镇…, 辖…, 基本情况) state another figure for a cell: two
    full-year summaries of one township and year with different populations, say, or two
    townships of one name mixed up in one row. Statements of a part (one village's, one
    event's) are no township figure to disagree with. The largest figure still fills the cell, but its choice row gets ``disagree``
    (each other report's largest figure with its file and offset) and its ``why`` says so.
    Only cells with candidates from two reports or more are read back, grouped in SQLite."""
    others: dict[tuple[str, str], list[tuple[float, str, int, int]]] = {}
    for gkey, col, source, report, value, start in conn.execute("""
            SELECT gkey, col, source, report, v, st FROM (
              SELECT gkey, col, source, report, MAX(value) AS v, MIN(start) AS st,
                     COUNT(*) OVER (PARTITION BY gkey, col) AS nrep
              FROM (SELECT c.*, MIN(rank * 2 + 1 - level) OVER (PARTITION BY gkey, col) AS best
                    FROM rm_cand c)
              WHERE rank * 2 + 1 - level = best AND level = 1
              GROUP BY gkey, col, source, report)
            WHERE nrep > 1"""):
        others.setdefault((gkey, col), []).append((float(value), source, int(report), int(start)))
    for key, rows in others.items():
        i = choice_at.get(key)
        if i is None:
            continue
        c = choice_rows[i]
        won = c[_C_VALUE]
        differ = [(v, s, r, st) for v, s, r, st in rows
                  if (s, r) != (c[_C_SOURCE], c[_C_REPORT]) and not math.isclose(v, won, rel_tol=1e-9, abs_tol=1e-9)]
        if not differ:
            continue
        shown = "; ".join(f"{plain_number(v)} ({s}#{r}@{st})" for v, s, r, st in sorted(differ, reverse=True))
        c[_C_DISAGREE] = shown
        c[_C_WHY] = (f"{c[_C_WHY]}; {len(differ)} other report(s) of the same standing state another "
                     f"figure 同等报告的数字不一致: {shown}")


def plain_number(v) -> str:
    """A value as the terminal and the ``disagree`` notes show it: "" when empty (None, NaN,
    pd.NA), whole numbers without ``.0`` (3.0 → "3"), other text as it is. The one definition
    :mod:`report_miner.analysis.compare` uses too."""
    if v is None:
        return ""
    try:
        f = float(v)
    except (TypeError, ValueError):
        import pandas as pd

        return "" if pd.isna(v) is True else str(v)
    if math.isnan(f):
        return ""
    return str(int(f)) if f.is_integer() else str(f)


def _empty(Comparison, per, rules):
    import pandas as pd

    from .comparison import with_figures, year_over_year

    head = ["township", "year", "source", "report", "title", "kind"] if per == "report" else \
        ["township", "year", "source", "reports", "kinds"]
    table = pd.DataFrame(columns=head)
    findings = with_figures(year_over_year(table, [], 3.0), pd.DataFrame())
    comp = Comparison(table, table.copy(), pd.DataFrame(), findings, metrics=[],
                      core=list(rules.core))
    comp.per = per
    comp.rules = rules
    comp.year_spans = pd.DataFrame(columns=YEAR_SPAN_COLUMNS)
    return comp


def load_frames(conn: sqlite3.Connection, tables: dict) -> None:
    """Copy DataFrames (the mined tables) into ``conn`` as tables of the same names, row by
    row (NaN and <NA> as NULL)."""
    for name, df in tables.items():
        if df is None:
            continue
        cols = list(df.columns)
        if not cols:
            continue
        quoted = ", ".join('"' + c.replace('"', '""') + '"' for c in cols)
        conn.execute(f'CREATE TABLE "{name}" ({quoted})')
        if not len(df):
            continue
        conn.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(cols))})',
                         (tuple(_plain(v) for v in row) for row in df.itertuples(index=False, name=None)))


def _plain(v):
    if v is None or isinstance(v, str):
        return v
    try:
        import pandas as pd

        if v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return None
    except ImportError:  # pragma: no cover
        pass
    item = getattr(v, "item", None)
    if callable(item):
        v = item()
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return None if isinstance(v, float) and math.isnan(v) else v
    return str(v)


@lru_cache(maxsize=8)
def compare_rules(rules_dir: str | None = None) -> CompareRules:
    """:class:`CompareRules` of ``rules_dir`` (cached)."""
    return CompareRules.load(rules_dir)


def figures_by_topic_db(db, topics, rules_dir: str | None = None):
    """:func:`report_miner.analysis.compare.figures_by_topic` computed in SQLite over an archive:
    figures with the topic of their section, counted and summed per (township, year, topic,
    metric); ``topics``: the labelled sections (source, report, path, topic, topic_label)."""
    import pandas as pd

    cols = ["township", "year", "topic", "topic_label", "metric", "figures", "total"]
    if topics is None or not len(topics):
        return pd.DataFrame(columns=cols)
    rules = compare_rules(rules_dir)
    from ..store.archive import connect_read_only

    conn = connect_read_only(db)
    try:
        conn.create_function("rm_township", 4, rules.township, deterministic=True)
        conn.execute("CREATE TEMP TABLE rm_topic (source TEXT, report INTEGER, path TEXT, topic TEXT, "
                     "topic_label TEXT)")
        conn.executemany("INSERT INTO rm_topic VALUES (?, ?, ?, ?, ?)",
                         ((_plain(a), _plain(b), _plain(c), _plain(d), _plain(e)) for a, b, c, d, e in
                          topics[["source", "report", "path", "topic", "topic_label"]].itertuples(
                              index=False, name=None)))
        conn.execute("CREATE INDEX temp.ix_rm_topic ON rm_topic (source, report, path)")
        township = "r.township" if "township" in _has_table(conn, "reports") else "NULL"
        county = _county_of(conn)
        # the townships as compare names them (one name in two counties: two townships)
        conn.execute(f"""
            CREATE TEMP TABLE rm_rep AS
            SELECT r.source AS source, r.report AS report, CAST(r.year AS INTEGER) AS year,
                   rm_township({township}, r.unit_name, {_source_name(conn)}, r.report) AS township,
                   COALESCE({county}, '') AS county, '' AS gkey
            FROM reports r""")
        _split_by_county(conn, "''")
        conn.execute("CREATE INDEX temp.ix_rm_rep ON rm_rep (source, report)")
        # as compare's cells: no amounts per head or month, no changes; rates (and numbers
        # written without a unit, 签订率98) counted, not summed
        fig_cols = set(_has_table(conn, "figures"))
        per_filter = (f"AND COALESCE(f.per, '') IN ({', '.join(repr(p) for p in TOTAL_PER)})"
                      if "per" in fig_cols else "")
        dir_filter = "AND COALESCE(f.direction, '') = ''" if "direction" in fig_cols else ""
        rates = ", ".join(["''"] + ["'" + u.replace("'", "''") + "'" for u, (gid, _l) in rules.unit_group.items()
                                    if gid in ("percent", "permille")])
        out = pd.read_sql_query(f"""
            SELECT r.township AS township,
                   r.year AS year, COALESCE(t.topic, '') AS topic,
                   COALESCE(t.topic_label, '') AS topic_label, f.metric AS metric,
                   COUNT(*) AS figures,
                   SUM(CASE WHEN COALESCE(f.unit, '') IN ({rates}) THEN NULL ELSE f.value END) AS total
            FROM figures f
            JOIN rm_rep r ON r.source = f.source AND r.report = f.report
            LEFT JOIN rm_topic t ON t.source = f.source AND t.report = f.report AND t.path = f.section
            WHERE f.metric IS NOT NULL AND f.metric != 'other' {per_filter} {dir_filter}
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 5""", conn)
    finally:
        conn.close()
    out["year"] = out["year"].astype("Int64")
    return topic_order(out[cols])


def topic_order(by_topic):
    """The ``by_topic`` table in its order: townships in pinyin order, then year (none last),
    topic and metric; the same for an archive (SQL) and for mined tables (pandas)."""
    return by_topic.sort_values(["township", "year", "topic", "metric"], na_position="last",
                                key=township_sort_key, ignore_index=True)
