"""Writing result tables (figures, blanks, findings, ...) to Excel, SQLite, CSV or JSON Lines.

One call writes a whole set of named :class:`pandas.DataFrame` tables; the format follows the
output path unless given::

    tables = {"figures": figures_df, "blanks": blanks_df}
    write_tables(tables, "out/河西镇.xlsx")     # one sheet per table
    write_tables(tables, "out/corpora.sqlite")  # one SQLite table per table
    write_tables(tables, "out/csv")             # folder out/csv/ with figures.csv, blanks.csv
    write_tables(tables, "-", fmt="jsonl")      # JSON lines on standard output

Values are written the same way everywhere: missing values (``None``, ``NaN``, ``pd.NA``,
``NaT``) become empty cells / SQL ``NULL`` / JSON ``null``; numpy numbers become plain numbers;
booleans stay booleans (``0``/``1`` in SQLite, where the column is declared ``BOOLEAN`` so that
:func:`read_sqlite_tables` turns them back into booleans); dates become ISO 8601 text; lists and
dicts become JSON (real JSON structures in JSON Lines). The DataFrame index is not written: call
``df.reset_index()`` first if it holds data.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import itertools
import json
import math
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from report_miner.errors import LoadError, OutputError
from report_miner.tables import csv_safe

__all__ = ["write_tables", "read_sqlite_tables", "SUPPORTED_OUTPUTS"]

#: what :func:`write_tables` can write, for help texts and error messages.
SUPPORTED_OUTPUTS = (
    ".xlsx (Excel 工作簿 / workbook); "
    ".sqlite .sqlite3 .db (SQLite 数据库 / database); "
    ".csv 或无后缀的文件夹路径 / or a folder path without suffix (每表一个 CSV / one CSV per table); "
    ".jsonl，或 - 表示标准输出 / or - for standard output (JSON Lines)"
)

_FORMAT_NAMES = {
    "xlsx": "xlsx",
    "excel": "xlsx",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "db": "sqlite",
    "csv": "csv",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
}
_SUFFIXES = {
    ".xlsx": "xlsx",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".csv": "csv",
    "": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

_XLSX_MAX_CELL = 32767  # Excel refuses longer cell texts
_XLSX_WIDTH_SAMPLE = 1000  # rows looked at to size a column
_XLSX_MIN_WIDTH, _XLSX_MAX_WIDTH = 8, 60
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XLSX_NOT_PLAIN = ("=", "#")  # openpyxl would write these as formulas / error values
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out: str | os.PathLike[str],
    fmt: str | None = None,
) -> Path | None:
    """Write named tables to one output: an Excel workbook, SQLite file, CSV folder or JSONL.

    Args:
        tables: table name → DataFrame, written in this order, e.g.
            ``{"figures": figures_df, "blanks": blanks_df}``. Every table needs at least one
            column; tables without rows are still written with their header (in JSON Lines,
            which has no header, they leave no trace).
        out: where to write. ``"-"`` means standard output (JSON Lines only).
        fmt: ``"xlsx"``, ``"sqlite"`` (or ``"db"``), ``"csv"`` or ``"jsonl"``; ``None`` infers it
            from the suffix of ``out``:

            - ``.xlsx``: one sheet per table (openpyxl). The header row is bold, frozen and has
              a filter; column widths fit the content, counting a Chinese character as two.
              Sheet names are the table names made valid for Excel (at most 31 characters,
              no ``[]:*?/\\``, unique). Cells over Excel's 32,767 characters are cut, and
              control characters Excel refuses become spaces; use SQLite or CSV for exact text.
            - ``.sqlite``, ``.sqlite3``, ``.db``: one table per entry, written in a single
              transaction (all or nothing); an existing table of the same name is replaced,
              other tables in the file are kept. A ``source`` column gets an index.
            - ``.csv`` or no suffix: a folder (``out`` without its ``.csv`` suffix, so
              ``"out/结果.csv"`` gives the folder ``out/结果/``) with one ``<table>.csv`` per
              table, UTF-8 with a BOM so that Excel shows Chinese correctly. Other files in
              the folder are left alone. All or none: the CSVs are written in a temporary
              folder beside it and moved in when every one is complete.
            - ``.jsonl`` (or ``"-"``): one JSON object per row, ``{"table": name, column: value,
              ...}``, UTF-8, Chinese written as is (not ``\\uXXXX``).

    Returns:
        The file or folder written, or ``None`` for standard output.

    Raises:
        OutputError: unknown suffix or format (the message lists the supported ones), a table
            without columns or with duplicate column names, a column named ``table`` in JSON
            Lines, or a path that cannot be written (the operating system's reason is given).
        TypeError: if ``tables`` is not a mapping of DataFrames.

    Parent folders are created as needed. Files are written to a temporary name first and
    then renamed, so an interrupted run never leaves half a file behind.

    Example::

        >>> import pandas as pd, tempfile
        >>> figures = pd.DataFrame({"source": ["河西镇.txt"], "metric": ["总人口"],
        ...                         "value": [23456], "approx": [False]})
        >>> out = Path(tempfile.mkdtemp()) / "结果.sqlite"
        >>> write_tables({"figures": figures}, out) == out
        True
        >>> read_sqlite_tables(out)["figures"].loc[0, "metric"]
        '总人口'
    """
    kind = _resolve_format(out, fmt)
    _check_tables(tables, kind)
    if kind == "jsonl" and os.fspath(out) == "-":
        _write_jsonl(tables, sys.stdout)
        sys.stdout.flush()
        return None
    path = Path(out)
    target = csv_folder(path) if kind == "csv" else path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "csv":
            _write_csv_folder(tables, target)
        elif target.is_dir():
            raise OutputError(f"是文件夹，不能写成文件 / is a folder, not a file: {target}")
        elif kind == "sqlite":
            _write_sqlite(tables, target)
        elif kind == "xlsx":
            with _replacing(target) as tmp:
                _write_xlsx(tables, tmp)
        else:
            with _replacing(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                _write_jsonl(tables, fh)
    except OSError as exc:
        raise OutputError(
            f"无法写入 / cannot write {shown_output(exc.filename, target)}: {exc.strerror or exc}"
        ) from exc
    return target


def read_sqlite_tables(
    path: str | os.PathLike[str], tables: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Read tables written by :func:`write_tables` back from an SQLite file.

    Args:
        path: the SQLite file, e.g. ``"out/corpora.sqlite"``. It is opened read-only and never
            created.
        tables: names of the tables to read; ``None`` reads every table, in the order they
            were created.

    Returns:
        Table name → DataFrame. Columns declared ``BOOLEAN`` (booleans written by
        :func:`write_tables`) come back as ``bool``, or as pandas' nullable ``"boolean"`` when
        they hold NULLs; ``NULL`` elsewhere becomes ``None``/``NaN`` as pandas reads it.

    Raises:
        LoadError: the file is missing, is not an SQLite database, or lacks a requested table.

    Example::

        tables = read_sqlite_tables("out/corpora.sqlite")
        tables["figures"].query("metric == '总人口'")
    """
    source = os.fspath(path)
    if not Path(source).is_file():
        raise LoadError(source, "file not found / 文件不存在")
    uri = Path(source).resolve().as_uri() + "?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            names = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid"
                )
            ]
            if tables is not None:
                missing = [name for name in tables if name not in names]
                if missing:
                    raise LoadError(
                        source, f"no such table / 没有这个表: {', '.join(missing)}"
                    )
                names = list(tables)
            result: dict[str, pd.DataFrame] = {}
            for name in names:
                frame = pd.read_sql_query(f"SELECT * FROM {_quote(name)}", conn)
                for _, column, declared, *_rest in conn.execute(
                    f"PRAGMA table_info({_quote(name)})"
                ):
                    if declared.upper() == "BOOLEAN":
                        frame[column] = _as_bool(frame[column])
                result[name] = frame
            return result
    except sqlite3.DatabaseError as exc:
        raise LoadError(
            source, f"not a readable SQLite database / 不是可读的 SQLite 数据库 ({exc})"
        ) from exc


# --------------------------------------------------------------------------------------------
# checks


def _resolve_format(out: str | os.PathLike[str], fmt: str | None) -> str:
    raw = os.fspath(out)
    if fmt is not None:
        kind = _FORMAT_NAMES.get(fmt.lower().lstrip("."))
        if kind is None:
            raise OutputError(
                f"不支持的输出格式 / unsupported output format {fmt!r}. "
                f"支持 / supported: {SUPPORTED_OUTPUTS}"
            )
    elif raw == "-":
        kind = "jsonl"
    else:
        kind = _SUFFIXES.get(Path(raw).suffix.lower())
        if kind is None:
            raise OutputError(
                f"不支持的输出 / unsupported output {raw!r} (suffix {Path(raw).suffix!r}). "
                f"支持 / supported: {SUPPORTED_OUTPUTS}"
            )
    if raw == "-" and kind != "jsonl":
        raise OutputError(
            f"只有 JSON Lines 能写到标准输出 / only jsonl can go to standard output, not {kind}"
        )
    return kind


def _check_tables(tables: Mapping[str, pd.DataFrame], kind: str) -> None:
    if not isinstance(tables, Mapping):
        raise TypeError(
            f"tables must be a mapping of name → DataFrame, not {type(tables).__name__}"
        )
    if not tables:
        raise OutputError("没有要写的表 / no tables to write")
    for name, frame in tables.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"table {name!r} is a {type(frame).__name__}, not a pandas DataFrame")
        if not str(name).strip():
            raise OutputError("表名不能为空 / a table name is empty")
        columns = _columns(frame)
        if not columns:
            raise OutputError(f"表 {name} 没有列 / table {name!r} has no columns")
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        if duplicates:
            raise OutputError(
                f"表 {name} 有重复的列名 / table {name!r} has duplicate columns: {duplicates}"
            )
        if kind == "jsonl" and "table" in columns:
            raise OutputError(
                f"表 {name} 有名为 table 的列，与 JSON Lines 的 table 键冲突，请改名 / table "
                f"{name!r} has a column named 'table', which clashes with the jsonl 'table' key"
            )
        if kind == "sqlite" and str(name).lower().startswith("sqlite_"):
            raise OutputError(
                f"SQLite 保留 sqlite_ 开头的表名 / SQLite reserves names starting with "
                f"'sqlite_': {name!r}"
            )


# --------------------------------------------------------------------------------------------
# values


def _columns(frame: pd.DataFrame) -> list[str]:
    return [str(c) for c in frame.columns]


def _plain_columns(frame: pd.DataFrame) -> list[list[Any]]:
    """Each column as a list of plain Python values (see :func:`_plain`), None for missing."""
    result = []
    for i in range(frame.shape[1]):
        series = frame.iloc[:, i]
        dtype = series.dtype
        values = series.tolist()
        if isinstance(dtype, np.dtype) and dtype.kind in "biu":
            result.append(values)  # tolist() already gives Python bool / int, never missing
        elif isinstance(dtype, np.dtype) and dtype.kind == "f":
            result.append([None if v != v else v for v in values])
        else:
            result.append([_plain(v) for v in values])
    return result


def _plain(value: Any) -> Any:
    """One cell as None, bool, int, float, str, Decimal, list or dict."""
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).isoformat()
    if isinstance(value, (list, tuple, dict)):
        return value
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return _plain(value.item())
    return str(value)


def _json_default(value: Any) -> Any:
    """Make what json cannot serialise itself into JSON: Decimal, numpy values, sets, ..."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def _to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _finite(value: Any) -> Any:
    """±inf → None (JSON has no infinity); used only when a row fails strict JSON."""
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------------------------
# writers


def output_mode() -> int:
    """The permission bits a new output file gets: ``0o666`` less the process's umask, as
    ``open()`` would give (a temporary file from :mod:`tempfile` is ``0o600`` whatever the
    umask, so outputs written under a temporary name are given these before the rename)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no /proc: read it by setting it (and put it back at once)
    os.umask(mask)
    return 0o666 & ~mask


def temp_output(path: Path) -> tuple[int, Path]:
    """``(fd, temporary path)`` next to ``path``, with the mode of :func:`output_mode`."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, output_mode())
    except (OSError, AttributeError):  # pragma: no cover - Windows
        pass
    return fd, Path(name)


def shown_output(filename: str | bytes | os.PathLike | None, target: str | os.PathLike) -> Path:
    """The path a "cannot write" message names: ``target`` itself when the failing path is
    the temporary file or folder it is first written under (``.<name>.*.tmp``, a name the
    user never gave and will not find afterwards), else the failing path (a parent folder
    that cannot be made, say).

        >>> shown_output("/srv/out/.a.xlsx.k2j4.tmp", "/srv/out/a.xlsx")
        PosixPath('/srv/out/a.xlsx')
    """
    if filename is None:
        return Path(target)
    failing = Path(os.fsdecode(filename))
    prefix = f".{Path(target).name}."
    if any(part.startswith(prefix) and part.endswith(".tmp") for part in failing.parts):
        return Path(target)
    return failing


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` under a temporary name, then rename: an
    interrupted run leaves the old file or the new one, never half of one."""
    with _replacing(Path(path)) as tmp:
        tmp.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically.
    The file gets the permissions the umask gives (:func:`output_mode`)."""
    fd, tmp = temp_output(path)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_jsonl(tables: Mapping[str, pd.DataFrame], handle: IO[str]) -> None:
    for name, frame in tables.items():
        columns = _columns(frame)
        for row in zip(*_plain_columns(frame)):
            record = {"table": str(name), **dict(zip(columns, row))}
            try:
                line = json.dumps(
                    record, ensure_ascii=False, default=_json_default, allow_nan=False
                )
            except ValueError:  # an infinite float somewhere
                line = json.dumps(_finite(record), ensure_ascii=False, default=_json_default)
            handle.write(line + "\n")


def csv_folder(out: str | os.PathLike) -> Path:
    """The folder a CSV output writes: ``out`` without its ``.csv`` suffix (any case), so
    ``out/结果.csv`` is the folder ``out/结果/``; a path with no suffix is the folder itself."""
    path = Path(out)
    return path.with_suffix("") if path.suffix.lower() == ".csv" else path


def _write_csv_folder(tables: Mapping[str, pd.DataFrame], folder: Path) -> None:
    """One ``<table>.csv`` per table in ``folder``, all or none (as ``export`` writes a
    folder): every file is written first in a temporary folder beside it (``.<name>.*.tmp``),
    which becomes ``folder`` by one rename when ``folder`` is new, or whose files replace
    their namesakes in ``folder`` when it exists (its other files are left alone). Ctrl-C, a
    full disk or an error halfway leaves no CSV of this run behind, and no folder."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"已存在同名文件，不能建文件夹 / a file is in the way of folder {folder}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        for (name, frame), stem in zip(tables.items(), _unique_names(tables, _file_stem, 120)):
            with open(stage / f"{stem}.csv", "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(_columns(frame))
                writer.writerows(
                    [_csv_value(v) for v in row] for row in zip(*_plain_columns(frame))
                )
        if not folder.exists():
            mode = output_mode()  # a folder as mkdir makes it: searchable where readable
            with contextlib.suppress(OSError):
                os.chmod(stage, mode | (mode & 0o444) >> 2)
            try:
                os.rename(stage, folder)  # the folder appears whole, in one step
                return
            except OSError:  # made meanwhile by someone else: fill it as an existing one
                folder.mkdir(exist_ok=True)
        for part in sorted(stage.iterdir()):
            os.replace(part, folder / part.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return _to_json(value)
    return csv_safe(value)


def _write_sqlite(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    try:
        conn = sqlite3.connect(path, isolation_level=None)  # we manage the transaction
    except sqlite3.Error as exc:
        raise OutputError(f"无法打开 / cannot open SQLite file {path}: {exc}") from exc
    try:
        conn.execute("BEGIN IMMEDIATE")
        for name, frame in tables.items():
            name = str(name)
            columns = _columns(frame)
            values = _plain_columns(frame)
            types = [_sqlite_type(frame.iloc[:, i], values[i]) for i in range(len(columns))]
            table = _quote(name)
            conn.execute(f"DROP TABLE IF EXISTS {table}")
            spec = ", ".join(f"{_quote(c)} {t}".rstrip() for c, t in zip(columns, types))
            conn.execute(f"CREATE TABLE {table} ({spec})")
            placeholders = ", ".join("?" * len(columns))
            conn.executemany(
                f"INSERT INTO {table} VALUES ({placeholders})",
                ([_sqlite_value(v) for v in row] for row in zip(*values)),
            )
            if "source" in columns:
                conn.execute(
                    f"CREATE INDEX IF NOT EXISTS {_quote(f'ix_{name}_source')} "
                    f"ON {table} ({_quote('source')})"
                )
        conn.execute("COMMIT")
    except (sqlite3.Error, OverflowError) as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise OutputError(f"写入 SQLite 失败，未做任何改动 / SQLite write failed, nothing "
                          f"was changed in {path}: {exc}") from exc
    finally:
        conn.close()


def _sqlite_type(series: pd.Series, values: list[Any]) -> str:
    """Declared column type: BOOLEAN, INTEGER, REAL, NUMERIC, TEXT, or none for mixed values."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(dtype):
        return "INTEGER"
    if pd.api.types.is_float_dtype(dtype):
        return "REAL"
    kinds = {
        str if isinstance(v, (list, tuple, dict)) else type(v) for v in values if v is not None
    }
    if not kinds or kinds == {str}:  # lists and dicts are stored as JSON text
        return "TEXT"
    if kinds == {bool}:
        return "BOOLEAN"
    if kinds == {int}:
        return "INTEGER"
    if kinds <= {int, float}:
        return "REAL"
    if kinds <= {int, float, Decimal}:
        return "NUMERIC"  # Decimals are stored as text, NUMERIC makes them numbers again
    return ""  # mixed: no type affinity, every value kept as given


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, dict)):
        return _to_json(value)
    return value


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _as_bool(series: pd.Series) -> pd.Series:
    converted = series.astype("boolean")
    return converted if converted.isna().any() else converted.astype(bool)


def _write_xlsx(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    book = XlsxBook()
    for (name, frame), title in zip(tables.items(), _unique_names(tables, _sheet_title, 31)):
        book.add_frame(title, frame)
    book.save(path)


class XlsxBook:
    """The one .xlsx writer of report_miner: the tables (:func:`write_tables`), the archive
    export (:func:`report_miner.store.export.export`) and the comparison
    (:func:`report_miner.analysis.compare.write_xlsx`) all go through it.

    openpyxl's write-only mode streams rows to disk; every sheet gets a bold, frozen header
    row and columns sized from its first rows (Chinese characters count two); text is cleaned
    of characters Excel refuses and cut to its cell limit; text that looks like a formula
    (=…, #…) stays text. A sheet longer than Excel's row limit continues on ``title_2``, ….
    """

    #: Excel's limit per sheet, header included
    MAX_ROWS = 1_048_576

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self._book = Workbook(write_only=True)
        self._bold = Font(bold=True)

    def add_sheet(self, title: str, headers: list[str], rows: Iterable[Iterable[Any]], *,
                  freeze: str = "A2", filter_rows: int | None = None,
                  fill: Callable[[int, int], Any] | None = None) -> int:
        """Write ``rows`` (plain Python values) under ``headers``; return the rows written.

        ``fill(row, column)`` (both 0-based, data rows only) may give an openpyxl fill for a
        cell; ``filter_rows`` (the number of rows, known for a table in memory) puts filter
        buttons on the header. OutputError when the rows cannot be written (openpyxl streams
        them to a temporary file: a full disk fails here)."""
        failure = None
        try:
            return self._add_sheet(title, headers, rows, freeze=freeze, filter_rows=filter_rows,
                                   fill=fill)
        except _WRITE_ERRORS as exc:
            failure = _write_failure(exc)
        self._discard_quietly()  # out of the except block: the traceback holds no sheet
        raise OutputError(f"无法写入 / cannot write the workbook: {failure} (disk full? / 磁盘已满?)")

    def _add_sheet(self, title: str, headers: list[str], rows: Iterable[Iterable[Any]], *,
                   freeze: str, filter_rows: int | None,
                   fill: Callable[[int, int], Any] | None) -> int:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        src: Iterator[list[Any]] = ([_xlsx_value(v) for v in r] for r in rows)  # cleaned rows
        n = 0
        part = 1
        while True:
            sample = list(itertools.islice(src, _XLSX_WIDTH_SAMPLE))
            if not sample and part > 1:
                return n
            sheet = self._book.create_sheet(title[:31] if part == 1 else f"{title[:28]}_{part}")
            columns = list(zip(*sample)) if sample else [()] * len(headers)
            for i, (header, column) in enumerate(zip(headers, columns), start=1):
                sheet.column_dimensions[get_column_letter(i)].width = _column_width(header, list(column))
            sheet.freeze_panes = freeze
            if filter_rows is not None and headers:
                sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{filter_rows + 1}"
            header_row = []
            for header in headers:
                cell = WriteOnlyCell(sheet, value=_xlsx_value(header))
                cell.font = self._bold
                header_row.append(cell)
            sheet.append(header_row)
            written = 1
            src = itertools.chain(sample, src)  # what is left continues on the next sheet
            for row in src:
                cells = [_xlsx_cell(sheet, v, WriteOnlyCell) for v in row]
                if fill is not None:
                    for j, v in enumerate(cells):
                        f = fill(n, j)
                        if f is not None:
                            cell = v if hasattr(v, "fill") else WriteOnlyCell(sheet, value=v)
                            cell.fill = f
                            cells[j] = cell
                sheet.append(cells)
                n += 1
                written += 1
                if written >= self.MAX_ROWS:
                    break
            else:
                return n
            part += 1

    def add_frame(self, title: str, frame: pd.DataFrame, **options: Any) -> int:
        """Write a DataFrame as one sheet (see :meth:`add_sheet`), with filter buttons."""
        options.setdefault("filter_rows", len(frame))
        return self.add_sheet(title, _columns(frame), zip(*_plain_columns(frame)), **options)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the workbook to ``path`` (under a temporary name, then renamed; the mode
        the umask gives)."""
        if self._book is None:
            raise OutputError(f"无法写入 / cannot write {path}: an earlier write failed")
        failure = None
        try:
            with _replacing(Path(path)) as tmp:
                self._book.save(tmp)
            return
        except _WRITE_ERRORS as exc:  # OSError, or lxml's SerialisationError (IO_ENOSPC, IO_EFBIG)
            failure = _write_failure(exc)
        self._discard_quietly()  # out of the except block: the traceback holds no sheet
        raise OutputError(f"无法写入 / cannot write {path}: {failure} (disk full? / 磁盘已满?)")

    def _discard_quietly(self) -> None:
        """Drop the workbook after a failed save: openpyxl's half-closed sheet writers would
        each print an "Exception ignored" traceback when collected; they are collected here,
        silently."""
        import gc

        hook = sys.unraisablehook
        sys.unraisablehook = lambda unraisable: None
        try:
            self._book = None
            gc.collect()
        finally:
            sys.unraisablehook = hook


def _lxml_error() -> type:
    try:
        from lxml.etree import LxmlError
    except ImportError:  # pragma: no cover - openpyxl without lxml
        return OSError
    return LxmlError


_WRITE_ERRORS = (OSError, _lxml_error())


def _write_failure(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        value = _to_json(value)
    if isinstance(value, str):
        value = _XLSX_ILLEGAL.sub(" ", value)[:_XLSX_MAX_CELL]
    elif isinstance(value, float) and math.isinf(value):
        value = "inf" if value > 0 else "-inf"
    return value


def _xlsx_cell(sheet: Any, value: Any, cell_type: Callable[..., Any]) -> Any:
    """Strings openpyxl would take for a formula or error code are forced to stay text."""
    if isinstance(value, str) and value.startswith(_XLSX_NOT_PLAIN):
        cell = cell_type(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _display_width(text: str) -> int:
    """Width in Excel character units: Chinese (wide) characters count two."""
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
         for line in text.splitlines() or [""]),
        default=0,
    )


def _column_width(header: str, values: list[Any]) -> float:
    sample = [header, *(str(v) for v in values[:_XLSX_WIDTH_SAMPLE] if v is not None)]
    widest = max(_display_width(text) for text in sample)
    return float(min(max(widest + 2, _XLSX_MIN_WIDTH), _XLSX_MAX_WIDTH))


def _sheet_title(name: str) -> str:
    title = _SHEET_FORBIDDEN.sub("_", name).strip("'").strip()
    if not title or title.lower() == "history":  # "History" is reserved by Excel
        title = f"{title or 'table'}_"
    return title


def _file_stem(name: str) -> str:
    stem = _FILE_FORBIDDEN.sub("_", name).strip().rstrip(". ")
    if not stem or stem.startswith("."):
        stem = f"_{stem}"
    if stem.split(".")[0].lower() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem


def _unique_names(
    tables: Mapping[str, pd.DataFrame], clean: Callable[[str], str], limit: int
) -> list[str]:
    """Cleaned names, cut to ``limit`` characters, made unique ignoring case (~2, ~3, ...)."""
    used: set[str] = set()
    names = []
    for name in tables:
        base = clean(str(name))[:limit]
        candidate, n = base, 1
        while candidate.lower() in used:
            n += 1
            suffix = f"~{n}"
            candidate = base[: limit - len(suffix)] + suffix
        used.add(candidate.lower())
        names.append(candidate)
    return names
