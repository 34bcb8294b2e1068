"""The result tables, built from records in one place.

Every table has ``source`` (the file, or the name given to :func:`report_miner.mine_text`) and
offsets ``start``/``end`` into that source's text as loaded.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


FIGURE_COLUMNS = ["source", "report", "section", "start", "end", "text", "value", "value_max",
                  "unit", "approx", "bound", "subject", "action", "metric", "sentence", "unit_kind",
                  "metric_rule", "per", "direction", "table_no", "row_no", "column_no", "ocr_confidence"]
BLANK_COLUMNS = ["source", "report", "section", "start", "end", "kind", "unit", "metric", "context",
                 "token", "rule", "metric_rule", "ocr_confidence"]
SECTION_COLUMNS = ["source", "report", "section_id", "level", "token", "number", "title",
                   "heading_text", "start", "end", "parent", "path", "style"]
REPORT_COLUMNS = ["source", "report", "start", "end", "title", "kind", "unit_name", "date", "year",
                  "year_span", "period", "placeholders", "completeness", "expected", "stated", "blank_count"]
FINDING_COLUMNS = ["source", "report", "section", "start", "end", "check", "severity", "message_zh",
                   "message_en", "context"]
#: the ``cells`` table: every cell of the tables of a .docx or .html file (``table_no``,
#: ``row_no``, ``column_no`` numbered from 1; not ``table``/``row``/``column``, which are SQL
#: keywords and the JSON-lines key naming a row's table; value and unit where the cell holds a number, the unit from the column's
#: header or the table's 单位 where the cell writes none); see :mod:`report_miner.mining.cells`
CELL_COLUMNS = ["source", "report", "section", "table_no", "row_no", "column_no", "start", "end", "text",
                "row_label", "column_label", "value", "unit", "is_total"]
FILE_COLUMNS = ["source", "status", "reason", "encoding", "format", "chars", "figures", "blanks",
                "ocr_pages"]
#: the ``files`` table of an ingest archive (:mod:`report_miner.store.ingest`): one row per file seen,
#: keyed by ``path``, with its hash, timings and row counts; types from :func:`column_kind`
ARCHIVE_FILE_COLUMNS = ["path", "size", "sha256", "format", "encoding", "status", "reason",
                        "read_s", "mine_s", "mined_at", "chars", "reports", "figures", "blanks",
                        "findings", "township", "year", "ocr_pages", "county", "moved_from",
                        "missing_since"]

TABLE_COLUMNS: dict[str, list[str]] = {
    "reports": REPORT_COLUMNS,
    "sections": SECTION_COLUMNS,
    "figures": FIGURE_COLUMNS,
    "blanks": BLANK_COLUMNS,
    "findings": FINDING_COLUMNS,
    "cells": CELL_COLUMNS,
    "files": FILE_COLUMNS,
}
_FLOAT = {"value", "value_max"}
_INT = {"report", "start", "end", "level", "chars", "figures", "blanks", "year", "section_id",
        "parent", "number", "expected", "stated", "blank_count", "size", "reports", "findings",
        "table_no", "row_no", "column_no"}
_FLOAT |= {"completeness", "read_s", "mine_s", "ocr_confidence"}
_BOOL = {"approx", "is_total"}


def file_row(source: str, status: str, **values: Any) -> dict[str, Any]:
    """A row of the mined ``files`` table: every column of :data:`FILE_COLUMNS`, None where
    ``values`` says nothing.

        >>> file_row("a.txt", "failed", reason="empty")["figures"] is None
        True
    """
    unknown = set(values) - set(FILE_COLUMNS)
    if unknown:
        raise ValueError(f"not columns of the files table: {sorted(unknown)}")
    return {c: values.get(c) for c in FILE_COLUMNS} | {"source": source, "status": status}


def column_kind(column: str) -> str:
    """The type of a table column: ``"float"``, ``"int"``, ``"bool"`` or ``"object"`` (text).

    The same in every table; :func:`frame` builds its dtypes from it (float64, Int64,
    boolean, object), and the ingest archive its SQLite column types, without pandas.

        >>> column_kind("value"), column_kind("start"), column_kind("approx"), column_kind("text")
        ('float', 'int', 'bool', 'object')
    """
    if column in _FLOAT:
        return "float"
    if column in _INT:
        return "int"
    if column in _BOOL:
        return "bool"
    return "object"


def frame(name: str, rows: Iterable[Mapping[str, Any]]) -> "pd.DataFrame":
    """A DataFrame of table ``name`` with its columns in the documented order and types."""
    import pandas as pd  # imported on first use: mining itself needs no pandas

    cols = TABLE_COLUMNS[name]
    df = pd.DataFrame(list(rows), columns=cols)
    for c in cols:
        kind = column_kind(c)
        if kind == "float":
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
        elif kind == "int":
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
        elif kind == "bool":
            df[c] = df[c].astype("boolean")
        else:
            df[c] = df[c].astype("object")
    return df


class MineResult:
    """What mining returns: one pandas DataFrame per table.

    ``figures``  numbers with unit, value, subject, action and metric
    ``blanks``   slots left unfilled (missing numbers, placeholders, dropped units)
    ``sections`` the outline of each report
    ``reports``  one row per report found in a file
    ``findings`` audit findings (contradictions, suspicious figures, numbering errors)
    ``cells``    every cell of the tables of a .docx or .html file (table, row, column, labels)
    ``files``    one row per input file, with its status (ok / failed) and the reason

    Tables are kept as rows until first read, so mining thousands of files and joining the
    results costs one DataFrame per table, not one per file.

    ``core_metrics`` are the ids of the core metrics of the rule set mined with (the shipped
    ones when unknown), counted by :meth:`summary`.
    """

    core_metrics: frozenset[str] | None = None
    suppressed: "pd.DataFrame | None" = None
    """With ``mine_text(..., explain=True)``: the candidates vetoed (a debug table, never written)."""
    explanation: Any = None
    """With ``mine_text(..., explain=True)``: a :class:`report_miner.mining.explain.Explanation`."""

    def __init__(self, **tables: "pd.DataFrame | list[dict[str, Any]]"):
        self._rows: dict[str, list[dict[str, Any]]] = {n: [] for n in TABLE_COLUMNS}
        self._frames: dict[str, pd.DataFrame] = {}
        for name, value in tables.items():
            setattr(self, name, value)

    def _get(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = frame(name, self._rows[name])
            self._rows[name] = []
        return self._frames[name]

    def _set(self, name: str, value: "pd.DataFrame | list[dict[str, Any]]") -> None:
        if isinstance(value, (list, tuple)):
            self._frames.pop(name, None)
            self._rows[name] = list(value)
        else:  # a DataFrame
            self._frames[name] = value
            self._rows[name] = []

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of a table as dicts (no DataFrame is built when none was yet)."""
        if name in self._frames:
            return self._frames[name].to_dict("records")
        return self._rows[name]

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name, in a stable order (for writing)."""
        return {name: self._get(name) for name in TABLE_COLUMNS}

    @classmethod
    def concat(cls, results: Iterable["MineResult"]) -> "MineResult":
        """One result holding the rows of many (e.g. one per file)."""
        import pandas as pd

        results = list(results)
        out = cls()
        out.core_metrics = next((r.core_metrics for r in results if r.core_metrics is not None), None)
        for name in TABLE_COLUMNS:
            if any(name in r._frames for r in results):
                parts = [r._get(name) for r in results if len(r._get(name))]
                if parts:
                    out._set(name, pd.concat(parts, ignore_index=True))
            else:
                out._rows[name] = [row for r in results for row in r._rows[name]]
        return out

    def _core_ids(self) -> frozenset[str]:
        if self.core_metrics is not None:
            return self.core_metrics
        from .ruleset.load import RuleSet

        return RuleSet.load().core_ids

    def summary(self) -> str:
        """A few lines for the terminal."""
        f = self.files
        ok = int((f["status"] == "ok").sum()) if len(f) else 0
        failed = int((f["status"] == "failed").sum()) if len(f) else 0
        lines = [
            f"files 文件: {len(f)} (ok {ok}, failed {failed})" if len(f) else "",
            f"reports 报告: {len(self.reports)}",
            f"figures 数字: {len(self.figures)}"
            + (f" (core metrics 核心指标: {int(self.figures['metric'].isin(self._core_ids()).sum())})"
               if len(self.figures) else ""),
            f"blanks 空缺: {len(self.blanks)}",
            f"findings 审核发现: {len(self.findings)}",
        ]
        if failed:
            from .readers.paths import one_line_name  # escape sequences shown, not sent

            for _, row in f[f["status"] == "failed"].iterrows():
                lines.append(f"  failed 失败: {one_line_name(row['source'])}: "
                             f"{one_line_name(row['reason'])}")
        return "\n".join(line for line in lines if line)



def _table_property(name: str) -> property:
    return property(lambda self: self._get(name), lambda self, v: self._set(name, v),
                    doc=f"The ``{name}`` table as a DataFrame (columns: {', '.join(TABLE_COLUMNS[name])}).")


for _name in TABLE_COLUMNS:
    setattr(MineResult, _name, _table_property(_name))


#: what a spreadsheet reads as the start of a formula (OWASP "CSV injection")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_safe(value: Any) -> Any:
    """A CSV cell that Excel/LibreOffice cannot run as a formula: a text starting with
    ``= + - @``, tab or carriage return gets a leading single quote (as OWASP advises against
    formula injection); numbers, and texts that are a plain number such as ``-3.5``, are kept
    as they are so numeric columns stay numeric."""
    if (isinstance(value, str) and value.startswith(_FORMULA_STARTS)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value
