"""What an analyst relies on in `compare`: each cell traced to its file and offsets, two
reports that disagree on a cell said so, one township name in two counties kept apart when
the folders say so (--path-pattern), copies told from a township's own stock text."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from report_miner.analysis.compare import compare, load_inputs, with_path_metadata
from report_miner.cli.app import main

# (county, township, year) -> (population, villages, members); one name in two counties
TOWNS = {
    ("东川县", "龙口镇", 2020): (23150, 12, 1610),
    ("东川县", "龙口镇", 2021): (23320, 12, 1705),
    ("西坪县", "龙口镇", 2020): (9870, 7, 640),
    ("西坪县", "龙口镇", 2021): (9915, 7, 688),
    ("东川县", "桃源乡", 2021): (15400, 9, 1120),
}


def _summary(town, year, pop, villages, members):
    return (f"{town}{year}年计生协会工作总结\n一、基本情况\n全镇辖{villages}个行政村,总人口{pop}人,"
            f"计生协会会员{members}人。\n二、主要工作\n全年投入协会经费{villages + 1}.5万元,"
            f"为独生子女家庭发放奖励金每人每月80元。\n{town}计生协会\n{year}年12月28日\n")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("counties")
    for (county, town, year), vals in TOWNS.items():
        d = root / county / town / str(year)
        d.mkdir(parents=True)
        (d / "总结.txt").write_text(_summary(town, year, *vals), encoding="utf-8")
    return root


def test_choices_trace_each_cell_to_its_file_and_offsets(folder):
    reports, figures, blanks, sections, texts, _files = load_inputs([folder])
    comp = compare(reports, figures, blanks, sections)
    ch = comp.choices
    assert {"source", "report", "start", "end", "text"} <= set(ch.columns)
    for row in ch.itertuples():
        assert texts[row.source][row.start:row.end] == row.text
    money = ch[(ch.township == "桃源乡") & (ch.column == "finance.money")].iloc[0]
    assert money.value == 105000 and money.text == "10.5万元"  # 万元 read as 元
    # the per-head standard (每人每月80元) never fills the money cell
    assert not (ch["text"] == "80元").any()


def test_two_reports_disagreeing_on_a_cell_are_said(folder, capsys):
    # without the county in the folders, both 龙口镇 summaries of a year land in one row
    reports, figures, blanks, sections, _texts, _files = load_inputs([folder])
    comp = compare(reports, figures, blanks, sections)
    ch = comp.choices.set_index(["township", "year", "column"])
    pop = ch.loc[("龙口镇", 2020, "population.total")]
    assert pop["value"] == 23150                              # the largest is kept …
    assert "9870 (" in pop["disagree"] and "西坪县" in pop["disagree"]   # … and the other named
    assert "同等报告的数字不一致" in pop["why"]
    assert ch.loc[("桃源乡", 2021, "population.total"), "disagree"] == ""
    assert main(["compare", str(folder), "--no-copies"]) == 0
    out = capsys.readouterr().out
    assert "disagreements 数字不一致" in out and "--path-pattern" in out


def test_path_pattern_keeps_one_name_in_two_counties_apart(folder, capsys, tmp_path):
    reports, figures, blanks, sections, _texts, _files = load_inputs([folder])
    reports, files = with_path_metadata(reports, [folder], "{county}/{township}/{year}/*")
    comp = compare(reports, figures, blanks, sections, files=files)
    t = comp.table.set_index(["township", "year"])
    for (county, town, year), (pop, villages, members) in TOWNS.items():
        name = f"{town} ({county})" if town == "龙口镇" else town
        assert t.loc[(name, year), "population.total"] == pop
        assert t.loc[(name, year), "admin.villages"] == villages
        assert t.loc[(name, year), "association.members"] == members
    assert (comp.choices["disagree"] == "").all()
    out = tmp_path / "c.csv"
    assert main(["compare", str(folder), "--no-copies", "--path-pattern", "{county}/{township}/{year}/*",
                 "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "disagreements" not in captured.out
    # out/c.csv writes the folder out/c/ (one CSV per table), and the message names that folder
    assert f"wrote 已写入: {tmp_path / 'c'}{os.sep} (one .csv per table" in captured.err
    table = pd.read_csv(tmp_path / "c" / "compare.csv")
    assert {"龙口镇 (东川县)", "龙口镇 (西坪县)", "桃源乡"} == set(table["township"])


def test_path_pattern_errors_exit_2(folder, tmp_path, capsys):
    assert main(["compare", str(folder), "--path-pattern", "{town}/*"]) == 2
    assert "unknown field" in capsys.readouterr().err
    db = tmp_path / "a.sqlite"
    from report_miner.store.ingest import ingest

    ingest([folder], db, jobs=1, progress=False)
    assert main(["compare", "--db", str(db), "--path-pattern", "{township}/*"]) == 2
    assert "--path-pattern" in capsys.readouterr().err
    assert main(["compare", str(folder), "--no-copies", "--path-pattern", "{year}/{county}/{township}/*"]) == 0
    assert "matched none of the files" in capsys.readouterr().err
