"""Tests for report_miner.store.writers: writing tables to xlsx, SQLite, CSV, JSON Lines and back."""
from __future__ import annotations

import json
import sqlite3

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from report_miner.errors import LoadError, OutputError
from report_miner.store.writers import read_sqlite_tables, write_tables

FIGURE_COLUMNS = ["source", "start", "end", "metric", "value", "approx", "note"]
BLANK_COLUMNS = ["source", "start", "end", "text"]


def _tables() -> dict[str, pd.DataFrame]:
    figures = pd.DataFrame(
        {
            "source": ["河西镇.txt", "河西镇.txt", "东山镇.txt"],
            "start": np.array([5, 18, 40], dtype=np.int64),
            "end": np.array([7, 24, 47], dtype=np.int64),
            "metric": ["行政村", "总人口", "财政收入"],
            "value": [12.0, 23456.0, np.nan],
            "approx": [False, False, True],
            "note": ["全镇共有12个村", None, np.nan],
        }
    )
    blanks = pd.DataFrame({c: pd.Series(dtype=object) for c in BLANK_COLUMNS})
    return {"figures": figures, "blanks": blanks}


# ---------------------------------------------------------------------------------- xlsx


def test_store_xlsx_round_trip(tmp_path):
    out = tmp_path / "结果" / "汇总.xlsx"  # parent folder does not exist yet
    assert write_tables(_tables(), out) == out

    frames = pd.read_excel(out, sheet_name=None)
    assert list(frames) == ["figures", "blanks"]
    figures = frames["figures"]
    assert list(figures.columns) == FIGURE_COLUMNS
    assert len(figures) == 3
    assert figures["metric"].tolist() == ["行政村", "总人口", "财政收入"]
    assert figures["note"].iloc[0] == "全镇共有12个村"
    assert figures["note"].iloc[1:].isna().all()  # None and NaN both become empty cells
    assert figures["value"].iloc[:2].tolist() == [12.0, 23456.0]
    assert pd.isna(figures["value"].iloc[2])
    assert figures["approx"].tolist() == [False, False, True]
    assert list(frames["blanks"].columns) == BLANK_COLUMNS
    assert len(frames["blanks"]) == 0


def test_store_xlsx_header_frozen_and_widths_fit_chinese(tmp_path):
    out = tmp_path / "汇总.xlsx"
    write_tables(_tables(), out)
    book = load_workbook(out)
    sheet = book["figures"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    widths = {key: dim.width for key, dim in sheet.column_dimensions.items()}
    # "全镇共有12个村" is 7 Chinese characters (2 units each) + 2 digits: wider than "start"
    assert widths["G"] >= 16
    assert widths["B"] < widths["G"]
    assert all(w <= 60 for w in widths.values())
    empty = book["blanks"]
    assert [c.value for c in empty[1]] == BLANK_COLUMNS
    assert empty.max_row == 1


def test_store_xlsx_sheet_names_are_valid_and_unique(tmp_path):
    frame = pd.DataFrame({"数值": [1]})
    long_name = "乡镇工作汇报中的数字与空白一览表以及其他附表第一部分数据汇总"
    tables = {long_name: frame, long_name + "二": frame, "村/社区:人口?": frame, "History": frame}
    out = write_tables(tables, tmp_path / "names.xlsx")
    titles = load_workbook(out).sheetnames
    assert len(titles) == 4
    assert len({t.lower() for t in titles}) == 4
    assert all(len(t) <= 31 for t in titles)
    assert not any(ch in t for t in titles for ch in "[]:*?/\\")
    assert titles[2] == "村_社区_人口_"


def test_store_xlsx_keeps_formula_like_text_as_text(tmp_path):
    frame = pd.DataFrame({"text": ["=SUM(A1:A3)", "#N/A", "第一页\x0c第二页"]})
    out = write_tables({"原文": frame}, tmp_path / "text.xlsx")
    values = [row[0] for row in load_workbook(out)["原文"].iter_rows(min_row=2, values_only=True)]
    assert values == ["=SUM(A1:A3)", "#N/A", "第一页 第二页"]


# -------------------------------------------------------------------------------- sqlite


def test_store_sqlite_round_trip(tmp_path):
    out = tmp_path / "db" / "corpora.sqlite"
    assert write_tables(_tables(), out) == out

    with sqlite3.connect(out) as conn:
        rows = conn.execute(
            "SELECT source, metric, value, approx, typeof(approx), note"
            " FROM figures ORDER BY rowid"
        ).fetchall()
        assert rows == [
            ("河西镇.txt", "行政村", 12.0, 0, "integer", "全镇共有12个村"),
            ("河西镇.txt", "总人口", 23456.0, 0, "integer", None),
            ("东山镇.txt", "财政收入", None, 1, "integer", None),
        ]
        assert conn.execute("SELECT count(*) FROM blanks").fetchone() == (0,)
        assert [r[1] for r in conn.execute("PRAGMA table_info(blanks)")] == BLANK_COLUMNS
        index_query = "SELECT tbl_name FROM sqlite_master WHERE type = 'index'"
        indexes = {r[0] for r in conn.execute(index_query)}
        assert indexes == {"figures", "blanks"}

    back = read_sqlite_tables(out)
    assert list(back) == ["figures", "blanks"]
    figures = back["figures"]
    assert figures["approx"].dtype == bool
    assert figures["approx"].tolist() == [False, False, True]
    assert figures["start"].tolist() == [5, 18, 40]
    assert figures["metric"].tolist() == ["行政村", "总人口", "财政收入"]
    assert list(back["blanks"].columns) == BLANK_COLUMNS and back["blanks"].empty


def test_store_sqlite_replaces_same_name_and_keeps_other_tables(tmp_path):
    out = tmp_path / "corpora.db"
    write_tables(_tables(), out)
    newer = pd.DataFrame({"source": ["西坪乡.txt"], "metric": ["耕地面积"], "value": [3000.5]})
    write_tables({"figures": newer}, out)
    back = read_sqlite_tables(out)
    assert back["figures"]["metric"].tolist() == ["耕地面积"]
    assert "blanks" in back


def test_store_sqlite_failed_write_changes_nothing(tmp_path):
    out = tmp_path / "corpora.sqlite"
    write_tables(_tables(), out)
    too_big = pd.DataFrame({"n": np.array([2**64 - 1], dtype=np.uint64)})  # over SQLite's range
    replacement = pd.DataFrame({"source": ["x.txt"], "metric": ["新"]})
    with pytest.raises(OutputError, match="nothing was changed"):
        write_tables({"figures": replacement, "bad": too_big}, out)
    back = read_sqlite_tables(out)
    assert len(back["figures"]) == 3
    assert "bad" not in back


def test_store_read_sqlite_tables_missing_file_is_not_created(tmp_path):
    missing = tmp_path / "没有.sqlite"
    with pytest.raises(LoadError, match="file not found"):
        read_sqlite_tables(missing)
    assert not missing.exists()


# ----------------------------------------------------------------------------------- csv


@pytest.mark.parametrize(
    ("out", "fmt", "folder"),
    [("表格.csv", None, "表格"), ("表格", None, "表格"), ("表格", "csv", "表格")],
    ids=["csv-suffix", "no-suffix", "fmt-csv"],
)
def test_store_csv_folder_round_trip(tmp_path, out, fmt, folder):
    written = write_tables(_tables(), tmp_path / "输出" / out, fmt)
    assert written == tmp_path / "输出" / folder
    figures_path = written / "figures.csv"
    assert figures_path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    figures = pd.read_csv(figures_path, encoding="utf-8-sig")
    assert len(figures) == 3
    assert figures["metric"].tolist() == ["行政村", "总人口", "财政收入"]
    assert figures["note"].iloc[1:].isna().all()
    assert figures["approx"].tolist() == [False, False, True]
    blanks_text = (written / "blanks.csv").read_text(encoding="utf-8-sig")
    assert blanks_text == "source,start,end,text\n"


# --------------------------------------------------------------------------------- jsonl


def test_store_jsonl_to_stdout(capsys):
    assert write_tables(_tables(), "-", fmt="jsonl") is None
    out = capsys.readouterr().out
    assert "总人口" in out  # written as is, not as \u escapes
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3  # the empty table has no rows
    assert all(next(iter(r)) == "table" for r in records)
    assert records[0] == {
        "table": "figures",
        "source": "河西镇.txt",
        "start": 5,
        "end": 7,
        "metric": "行政村",
        "value": 12.0,
        "approx": False,
        "note": "全镇共有12个村",
    }
    assert records[1]["note"] is None and records[2]["note"] is None  # None and NaN alike
    assert records[2]["value"] is None
    assert records[2]["approx"] is True


def test_store_jsonl_file_and_numpy_values_in_object_columns(tmp_path):
    frame = pd.DataFrame(
        {"value": pd.Series([np.int64(7), np.float64(2.5), np.bool_(True), np.nan], dtype=object)}
    )
    out = write_tables({"杂项": frame}, tmp_path / "rows.jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["value"] for line in lines] == [7, 2.5, True, None]
    assert json.loads(lines[0])["table"] == "杂项"


# -------------------------------------------------------------------------------- errors


def test_store_unknown_suffix_lists_supported_outputs(tmp_path):
    with pytest.raises(OutputError) as info:
        write_tables(_tables(), tmp_path / "result.json")
    message = str(info.value)
    assert "不支持" in message and "unsupported" in message
    for suffix in (".xlsx", ".sqlite", ".db", ".csv", ".jsonl"):
        assert suffix in message


def test_store_unknown_format_name(tmp_path):
    with pytest.raises(OutputError, match="unsupported output format"):
        write_tables(_tables(), tmp_path / "x", fmt="parquet")


def test_store_only_jsonl_goes_to_stdout():
    with pytest.raises(OutputError, match="standard output"):
        write_tables(_tables(), "-", fmt="xlsx")


def test_store_rejects_duplicate_columns_and_table_column_in_jsonl(tmp_path):
    duplicated = pd.DataFrame([[1, 2]], columns=["数值", "数值"])
    with pytest.raises(OutputError, match="duplicate"):
        write_tables({"t": duplicated}, tmp_path / "x.sqlite")
    clashing = pd.DataFrame({"table": ["附表1"]})
    with pytest.raises(OutputError, match="clashes"):
        write_tables({"t": clashing}, tmp_path / "x.jsonl")


def test_tables_column_kind_gives_the_frame_dtypes():
    from report_miner.tables import TABLE_COLUMNS, column_kind, frame

    dtype = {"float": "float64", "int": "Int64", "bool": "boolean", "object": "object"}
    for name, columns in TABLE_COLUMNS.items():
        df = frame(name, [])
        assert [str(df[c].dtype) for c in columns] == [dtype[column_kind(c)] for c in columns]


def test_store_xlsx_book_splits_long_sheets_and_fills_cells(tmp_path, monkeypatch):
    from openpyxl.styles import PatternFill

    from report_miner.store.writers import XlsxBook

    monkeypatch.setattr(XlsxBook, "MAX_ROWS", 4)  # header + 3 rows per sheet
    book = XlsxBook()
    green = PatternFill("solid", fgColor="C6EFCE")
    n = book.add_sheet("长表", ["序号", "公式"], ([i, "=1+1"] for i in range(7)),
                       fill=lambda r, c: green if c == 0 and r % 2 == 0 else None)
    book.add_sheet("空表", ["a"], [])
    book.save(tmp_path / "b.xlsx")
    assert n == 7
    wb = load_workbook(tmp_path / "b.xlsx")
    assert wb.sheetnames == ["长表", "长表_2", "长表_3", "空表"]
    assert [c.value for c in wb["长表_2"]["A"]] == ["序号", 3, 4, 5]
    assert wb["长表"]["B2"].value == "=1+1" and wb["长表"]["B2"].data_type == "s"
    assert wb["长表"]["A2"].fill.fgColor.rgb == "00C6EFCE" and wb["长表"]["A3"].fill.fgColor.rgb != "00C6EFCE"
    assert [c.value for c in wb["空表"][1]] == ["a"] and wb["空表"]["A1"].font.bold
