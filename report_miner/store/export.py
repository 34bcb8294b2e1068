"""Streaming an archive out to CSV, Parquet or xlsx, in chunks, with optional Chinese column
labels.
"""
from __future__ import annotations

import csv
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..tables import TABLE_COLUMNS, csv_safe
from .archive import (MISSING, IngestError, _quote, _table_columns, check_archive_file,
                      connect_read_only, present_sources_sql)


#: Chinese column labels for ``--labels zh`` (columns not listed keep their name).
ZH_LABELS: dict[str, str] = {
    "source": "来源", "report": "报告", "section": "章节", "start": "起", "end": "止",
    "text": "原文", "value": "数值", "value_max": "上限", "unit": "单位", "approx": "约数",
    "bound": "界限", "subject": "对象", "action": "动作", "metric": "指标", "sentence": "句子",
    "unit_kind": "单位类别", "per": "每单位", "direction": "增减", "kind": "类型", "context": "上下文", "token": "标记",
    "section_id": "章节编号", "level": "层级", "number": "序号", "title": "标题",
    "heading_text": "标题原文", "parent": "上级章节", "path": "路径", "style": "编号样式",
    "unit_name": "单位名称", "date": "日期", "year": "年份", "period": "期间",
    "placeholders": "占位符", "completeness": "完整度", "expected": "应填数",
    "stated": "已填数", "blank_count": "空缺数", "check": "检查项", "severity": "严重程度",
    "message_zh": "说明", "message_en": "说明(英文)", "status": "状态", "reason": "原因",
    "encoding": "编码", "format": "格式", "chars": "字数", "figures": "数字数",
    "blanks": "空缺个数", "reports": "报告数", "findings": "发现数", "size": "字节数",
    "sha256": "SHA-256", "read_s": "读取秒数", "mine_s": "挖掘秒数", "mined_at": "处理时间",
    "township": "乡镇", "ocr_pages": "OCR页码", "county": "县(区)", "moved_from": "原路径",
    "missing_since": "缺失时间",
    "table_no": "表号", "row_no": "行号", "column_no": "列号", "row_label": "行标题",
    "column_label": "列标题", "is_total": "合计行列",
}


#: labels that differ by table.
ZH_TABLE_LABELS: dict[tuple[str, str], str] = {
    ("files", "path"): "文件路径",
    ("sections", "path"): "章节路径",
}


#: what ``export`` writes, for help texts.
EXPORT_FORMATS = ("xlsx", "csv", "parquet")


def _labels(table: str, columns: list[str], labels: str | None) -> list[str]:
    if labels in (None, "", "en"):
        return list(columns)
    if labels != "zh":
        raise IngestError(f"--labels must be zh or en, not {labels!r}")
    out: list[str] = []
    for col in columns:
        label = ZH_TABLE_LABELS.get((table, col)) or ZH_LABELS.get(col, col)
        if label in out:  # never two columns with one header
            label = f"{label}({col})"
        out.append(label)
    return out


def _export_kind(out: Path, fmt: str | None) -> str:
    if fmt:
        fmt = fmt.lower()
        if fmt not in EXPORT_FORMATS:
            raise IngestError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        return fmt
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".csv", ""):
        return "csv"
    raise IngestError(f"cannot tell the format from {out.name!r}: use .xlsx, .csv or a folder "
                      f"(CSV files), .parquet, or --format / 无法从后缀判断格式")


def export(
    db: str | os.PathLike[str],
    out: str | os.PathLike[str],
    labels: str | None = None,
    fmt: str | None = None,
    tables: Sequence[str] | None = None,
    chunk_rows: int = 50_000,
    include_missing: bool = False,
) -> dict[str, int]:
    """Export an archive's tables, reading the database ``chunk_rows`` rows at a time.

    Formats (from ``out``'s suffix, or ``fmt``):

    - ``.xlsx``: one sheet per table (openpyxl's write-only mode streams rows to disk). A
      table longer than Excel's 1,048,576 rows continues on sheets ``figures_2``, ….
    - ``.csv`` or a path without suffix: a folder with one UTF-8 (BOM) CSV per table
      (``out/结果.csv`` → folder ``out/结果/``).
    - ``.parquet``: a folder with one Parquet file per table (``out/a.parquet`` → ``out/a/``),
      typed columns, one row group per chunk (pyarrow's ParquetWriter).

    With one table chosen (``tables=["figures"]``) a ``.csv`` or ``.parquet`` path is that
    single file. Memory stays flat as the archive grows: only ``chunk_rows`` rows are held at
    a time (xlsx keeps a little per sheet for column widths). Each output file is written
    under a temporary name and renamed when complete.

    Args:
        labels: ``"zh"`` for Chinese column headers (:data:`ZH_LABELS`); default English.
        tables: which tables, in that order; default all, with ``files`` last.
        include_missing: also write the rows of files marked ``missing`` (gone from their
            path since they were ingested; see :func:`report_miner.store.ingest.ingest`).
            By default they are left out, their ``files`` rows too.

    Returns:
        Table name → rows written.

    Raises:
        IngestError: the database is missing or not an archive, an unknown table or format.
        OutputError: the output cannot be written.
    """
    src = Path(db)
    if not src.is_file():
        raise IngestError(f"database not found / 找不到数据库: {src}")
    check_archive_file(src)  # empty, no SQLite, no files table: "not an ingest archive"
    out_path = Path(out)
    kind = _export_kind(out_path, fmt)
    _labels("files", [], labels)  # validates ``labels``
    conn = connect_read_only(src)  # also an interrupted run's WAL archive in a read-only folder
    try:
        try:
            present = _table_columns(conn)
        except sqlite3.DatabaseError as exc:
            raise IngestError(f"{src} is not an SQLite database / 不是 SQLite 数据库: {exc}") from exc
        if "files" not in present or "sha256" not in present["files"]:
            raise IngestError(f"{src} is not an ingest archive / 不是 ingest 数据库")
        order = [t for t in TABLE_COLUMNS if t != "files" and t in present]
        order += [t for t in present if t not in order and t != "files"] + ["files"]
        chosen = list(tables) if tables else order
        unknown = [t for t in chosen if t not in present]
        if unknown:
            raise IngestError(f"no such table / 没有这个表: {', '.join(unknown)} "
                              f"(tables: {', '.join(order)})")
        types = {t: {r[1]: (r[2] or "").upper() for r in conn.execute(
            f"PRAGMA table_info({_quote(t)})")} for t in chosen}
        where = {t: _present_rows(t, present[t], include_missing) for t in chosen}
        target = export_target(out_path, kind, len(chosen))
        single = target.suffix != "" and kind != "xlsx"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if kind == "xlsx":
                return _export_xlsx(conn, chosen, present, types, target, labels, chunk_rows,
                                    where)
            writer = _export_csv if kind == "csv" else _export_parquet
            if single:
                return {chosen[0]: writer(conn, chosen[0], present[chosen[0]], types[chosen[0]],
                                          target, labels, chunk_rows, where[chosen[0]])}
            if target.exists() and not target.is_dir():
                raise OutputError(f"a file is in the way of folder / 已存在同名文件: {target}")
            return _export_folder(conn, chosen, present, types, target, kind, labels,
                                  chunk_rows, where)
        except OSError as exc:
            from .writers import shown_output  # the output, not its temporary name

            raise OutputError(f"cannot write / 无法写入 {shown_output(exc.filename, target)}: "
                              f"{exc.strerror or exc}") from exc
    finally:
        conn.close()


def _export_folder(conn: sqlite3.Connection, chosen: list[str], present: dict[str, list[str]],
                   types: dict[str, dict[str, str]], target: Path, kind: str, labels: str | None,
                   chunk_rows: int, where: dict[str, str]) -> dict[str, int]:
    """One file per table in the folder ``target``, all or none: each table is written under
    a temporary name, and they are renamed only when every one is complete, so Ctrl-C or a
    full disk halfway never leaves a folder that looks like a whole export but lacks tables
    (a folder this made is removed again)."""
    from .writers import temp_output

    made = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    writer = _export_csv if kind == "csv" else _export_parquet
    staged: list[tuple[Path, Path]] = []  # (a complete table under a temporary name, its name)
    try:
        counts = {}
        for table in chosen:
            dest = target / f"{table}.{kind}"
            fd, part = temp_output(dest)
            os.close(fd)
            staged.append((part, dest))
            counts[table] = writer(conn, table, present[table], types[table], part, labels,
                                   chunk_rows, where[table])
        for part, dest in staged:
            os.replace(part, dest)
        staged.clear()
        return counts
    finally:
        for part, _dest in staged:
            part.unlink(missing_ok=True)
        if made and staged:
            try:
                target.rmdir()  # only if empty
            except OSError:
                pass


def export_target(out: str | os.PathLike[str], kind: str, n_tables: int) -> Path:
    """Where :func:`export` writes: the .xlsx file, the folder, or the single table file.

        >>> export_target("out/档案.parquet", "parquet", 6).as_posix()
        'out/档案'
        >>> export_target("figures.csv", "csv", 1).as_posix()
        'figures.csv'
    """
    out = Path(out)
    if kind == "xlsx" or (n_tables == 1 and out.suffix):
        return out
    return out.with_suffix("") if out.suffix else out


def _present_rows(table: str, columns: list[str], include_missing: bool) -> str:
    """The SQL condition that leaves out the rows of missing files (``"1"``: every row)."""
    if include_missing:
        return "1"
    if table == "files" and "status" in columns:
        return f"status IS NOT '{MISSING}'"
    if "source" in columns:
        return present_sources_sql()
    return "1"


def _chunks(conn: sqlite3.Connection, table: str, columns: list[str],
            chunk_rows: int, where: str = "1") -> Iterator[list[tuple[Any, ...]]]:
    cur = conn.execute(f"SELECT {', '.join(_quote(c) for c in columns)} FROM {_quote(table)} "
                       f"WHERE {where} ORDER BY rowid")
    while rows := cur.fetchmany(chunk_rows):
        yield rows


def _bool_columns(columns: list[str], types: dict[str, str]) -> list[int]:
    return [i for i, c in enumerate(columns) if types.get(c) == "BOOLEAN"]


def _fix_bools(rows: list[tuple[Any, ...]], bools: list[int]) -> list[list[Any]]:
    out = [list(r) for r in rows]
    for r in out:
        for i in bools:
            if r[i] is not None:
                r[i] = bool(r[i])
    return out


class _Replacing:
    """A temporary file next to ``dest`` that replaces it only when writing succeeded."""

    def __init__(self, dest: Path):
        self.dest = dest

    def __enter__(self) -> Path:
        from .writers import temp_output  # the mode the umask gives, not mkstemp's 0600

        fd, self.tmp = temp_output(self.dest)
        os.close(fd)
        return self.tmp

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        try:
            if exc_type is None:
                os.replace(self.tmp, self.dest)
        finally:
            self.tmp.unlink(missing_ok=True)


def _export_csv(conn: sqlite3.Connection, table: str, columns: list[str], types: dict[str, str],
                dest: Path, labels: str | None, chunk_rows: int, where: str = "1") -> int:
    bools = _bool_columns(columns, types)
    n = 0
    with _Replacing(dest) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(_labels(table, columns, labels))
        for rows in _chunks(conn, table, columns, chunk_rows, where):
            writer.writerows([csv_safe(v) for v in row]
                             for row in (_fix_bools(rows, bools) if bools else rows))
            n += len(rows)
    return n


def _arrow_schema(table: str, columns: list[str], types: dict[str, str],
                  labels: str | None) -> Any:
    import pyarrow as pa

    mapping = {"INTEGER": pa.int64(), "REAL": pa.float64(), "BOOLEAN": pa.bool_()}
    return pa.schema([pa.field(label, mapping.get(types.get(c, ""), pa.string()))
                      for c, label in zip(columns, _labels(table, columns, labels))])


def _export_parquet(conn: sqlite3.Connection, table: str, columns: list[str],
                    types: dict[str, str], dest: Path, labels: str | None, chunk_rows: int,
                    where: str = "1") -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(table, columns, types, labels)
    n = 0
    with _Replacing(dest) as tmp:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for rows in _chunks(conn, table, columns, chunk_rows, where):
                arrays = []
                for i, f in enumerate(schema):
                    values = [r[i] for r in rows]
                    arrays.append(_arrow_array(values, f.type))
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
                n += len(rows)
            if n == 0:
                writer.write_table(schema.empty_table())
    return n


def _arrow_array(values: list[Any], typ: Any) -> Any:
    import pyarrow as pa

    try:
        if pa.types.is_boolean(typ):
            return pa.array([None if v is None else bool(v) for v in values], type=typ)
        return pa.array(values, type=typ)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        # a column of mixed values (SQLite does not enforce types): keep them as text
        if pa.types.is_string(typ):
            return pa.array([None if v is None else str(v) for v in values], type=typ)
        cast = float if pa.types.is_floating(typ) else int
        out = []
        for v in values:
            try:
                out.append(None if v is None else cast(v))
            except (TypeError, ValueError, OverflowError):
                out.append(None)
        return pa.array(out, type=typ)


def _export_xlsx(conn: sqlite3.Connection, chosen: list[str], present: dict[str, list[str]],
                 types: dict[str, dict[str, str]], dest: Path, labels: str | None,
                 chunk_rows: int, where: dict[str, str] | None = None) -> dict[str, int]:
    from .writers import XlsxBook  # the one xlsx writer: streams, splits sheets past Excel's limit

    book = XlsxBook()
    counts: dict[str, int] = {}
    for table in chosen:
        columns = present[table]
        bools = _bool_columns(columns, types[table])
        rows = (row for chunk in _chunks(conn, table, columns, chunk_rows,
                                         (where or {}).get(table, "1"))
                for row in _fix_bools(chunk, bools))
        counts[table] = book.add_sheet(table, _labels(table, columns, labels), rows)
    with _Replacing(dest) as tmp:
        book.save(tmp)
    return counts
