"""Problems found by an archivist using the tool for the first time from the README (invented
report texts; one test group per problem):

1. a file changed between two ingest runs, mined again by a run without --path-pattern, keeps
   the township, year and county the earlier run's pattern gave it;
2. a span of years in a title (2016年至2020年工作总结, 2021—2025年工作计划) gives the year a
   results report ends in and the year a plan starts in;
3. compare's column names: one role suffix, never doubled (rate.target as a target), and a
   figure without a unit in ``[-]``;
4. compare names a desk upload without a township by the uploaded file's name, not its sha256;
5. ``enabled: false`` switches a shipped check (or blank rule, look-alike, exclusion) off;
6. ingest counts the files in its folders that it does not read (other endings);
7. compare --db given a folder says so, as ingest and audit do.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from report_miner.store.ingest import ingest

REPORT = ("白石乡工作总结\n"
          "一、基本情况\n"
          "全乡辖9个行政村，总人口12000人。\n")


def _files(db: Path) -> dict[str, tuple]:
    with sqlite3.connect(db) as conn:
        return {Path(p).name: (t, y, c) for p, t, y, c in
                conn.execute("SELECT path, township, year, county FROM files")}


# ------------------------------------------------------------------ 1. changed file, no pattern

def test_changed_file_mined_again_without_pattern_keeps_its_folder_metadata(tmp_path):
    folder = tmp_path / "档案" / "云水县" / "白石乡" / "2020"
    folder.mkdir(parents=True)
    (folder / "总结.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([tmp_path / "档案"], db, jobs=1, progress=False,
           path_pattern="{county}/{township}/{year}/*")
    assert _files(db)["总结.txt"] == ("白石乡", 2020, "云水县")
    (folder / "总结.txt").write_text(REPORT.replace("12000", "12500"), encoding="utf-8")
    stats = ingest([tmp_path / "档案"], db, jobs=1, progress=False)  # no --path-pattern
    assert stats.mined == 1
    assert _files(db)["总结.txt"] == ("白石乡", 2020, "云水县")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT township, year FROM reports").fetchall() == [("白石乡", 2020)]
        assert conn.execute("SELECT value FROM figures WHERE metric = 'population.total'"
                            ).fetchall() == [(12500.0,)]


# ------------------------------------------------------------------ 2. a span of years in a title

@pytest.mark.parametrize("title, year", [
    ("白石乡2016年至2020年计划生育协会工作总结", 2020),   # results: the span's end
    ("白石乡2016—2020年工作汇报", 2020),
    ("白石乡二〇一六年到二〇二〇年工作总结", 2020),
    ("白石乡2021—2025年计划生育协会工作计划", 2021),      # a plan: the span's start
    ("白石乡2021-2025年工作要点", 2021),
    ("白石乡2016年以来工作汇报", None),                    # a start, no span: no year
    ("白石乡2016年以来及2021年工作总结", 2021),
])
def test_year_span_in_title(title, year):
    from report_miner import mine_text

    reports = mine_text(title + "\n全乡辖9个行政村，总人口12000人。\n").reports
    import pandas as pd

    got = reports["year"].iloc[0]
    assert (None if pd.isna(got) else int(got)) == year
