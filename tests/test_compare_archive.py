"""compare on a generated archive (issue 14 items 2 and 3): townships × years, each year a
summary (总结) and a plan (计划), invented text. One row per township and year, results over
plans, targets and 应-numbers in their own columns, units apart, blanks red, the choices
sheet's reasons, Chinese labels, and the archive read in SQLite rather than loaded whole."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from report_miner.analysis.compare import compare, compare_archive, load_inputs
from report_miner.cli.app import main

TOWNS = {"东岭镇": 18000, "南坪乡": 9200, "西河镇": 26000}
YEARS = (2021, 2022)
BLANK_TEMPLATE = ("南坪乡", 2022)  # its summary leaves the basics unfilled (____)


def _vals(town: str, year: int) -> dict:
    k = list(TOWNS).index(town) + 1 + (year - 2021) * 10
    return dict(pop=TOWNS[town] + 100 * k, members=1000 + 10 * k, due=2000 + k, done=1800 + k,
                visits=4000 + k, trained=3000 + k, couples=200 + k, cadres=80 + k, leaflets=5000 + k,
                next_leaflets=9000 + k, plan_pop=TOWNS[town] + 5000, plan_leaflets=8000 + k,
                plan_trained=4000 + k)


def _summary(town: str, year: int, v: dict) -> str:
    unit = town[-1]
    if (town, year) == BLANK_TEMPLATE:
        basics = f"全{unit}总人口____人,辖____个村,现有协会会员____名。"
    else:
        basics = f"全{unit}总人口{v['pop']}人,辖9个村,现有协会会员{v['members']}名。"
    return (f"{town}{year}年计划生育协会工作总结\n一、基本情况\n{basics}\n二、主要工作\n"
            f"(一)生殖健康。全年应参加孕检{v['due']}人,"
            + (f"实检{v['done']}人;" if town == "西河镇" else f"实际参加孕检{v['done']}人;") +
            f"组织查环查孕{v['visits']}人次。\n"
            f"(二)培训。全年培训育龄群众{v['trained']}人次,培训新婚夫妇{v['couples']}对,"
            f"培训协会骨干{v['cadres']}名。\n"
            f"(三)宣传。全年发放宣传资料{v['leaflets']}份。\n"
            f"三、下一步打算\n力争明年发放宣传资料{v['next_leaflets']}份。\n"
            f"{town}计划生育协会\n{year}年12月20日\n")


def _plan(town: str, year: int, v: dict) -> str:
    unit = town[-1]
    return (f"{town}{year}年计划生育协会工作计划\n一、基本情况\n全{unit}总人口{v['plan_pop']}人,辖9个村。\n"
            f"二、工作目标\n全年发放宣传资料{v['plan_leaflets']}份,培训育龄群众{v['plan_trained']}人次。\n"
            f"{town}计划生育协会\n{year}年1月10日\n")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    from report_miner.store.ingest import ingest

    root = tmp_path_factory.mktemp("townships")
    for town in TOWNS:
        for year in YEARS:
            d = root / town / str(year)
            d.mkdir(parents=True)
            v = _vals(town, year)
            (d / "总结.txt").write_text(_summary(town, year, v), encoding="utf-8")
            (d / "计划.txt").write_text(_plan(town, year, v), encoding="gb18030")
    db = root / "archive.sqlite"
    stats = ingest([root], db, jobs=1, path_pattern="{township}/{year}/*", progress=False)
    assert stats.exit_status == 0
    return db


@pytest.fixture(scope="module")
def comp(archive):
    return compare_archive(archive)


def test_compare_archive_one_row_per_township_and_year(comp, archive):
    t = comp.table
    assert len(t) == len(TOWNS) * len(YEARS)
    assert not t.duplicated(["township", "year"]).any()
    assert set(t["reports"]) == {2}
    assert all(k.split("; ") == ["总结", "计划"] or k.split("; ") == ["计划", "总结"] for k in t["kinds"])
    by_report = compare_archive(archive, per="report").table
    assert len(by_report) == 2 * len(TOWNS) * len(YEARS)
    assert {"source", "report", "kind"} <= set(by_report.columns)


def test_compare_archive_results_over_plans_and_targets_apart(comp):
    t = comp.table.set_index(["township", "year"])
    for town in TOWNS:
        for year in YEARS:
            v, row = _vals(town, year), t.loc[(town, year)]
            if (town, year) != BLANK_TEMPLATE:
                # the summary's population, not the plan's (larger) one
                assert row["population.total"] == v["pop"]
            # the result, not the plan's target nor the summary's 下一步打算
            assert row["outreach.materials"] == v["leaflets"]
            assert row["outreach.materials_target"] == max(v["plan_leaflets"], v["next_leaflets"])
            assert row["training.participants_target[人次]"] == v["plan_trained"]


def test_compare_archive_planned_numbers_never_the_result(comp):
    t = comp.table.set_index(["township", "year"])
    for town in TOWNS:
        for year in YEARS:
            v, row = _vals(town, year), t.loc[(town, year)]
            # 应参加孕检2000人 (larger) is the number due; 实际参加孕检1800人 is the result
            assert row["health.screenings[人]"] == v["done"]
            assert row["health.screenings_planned[人]"] == v["due"]


def test_compare_archive_units_that_count_different_things_apart(comp):
    t = comp.table.set_index(["township", "year"])
    row, v = t.loc[("西河镇", 2022)], _vals("西河镇", 2022)
    assert row["health.screenings"] == v["visits"]                 # 人次: the metric's own unit
    assert row["training.participants"] == v["cadres"]             # 名 counts persons, as 人
    assert row["training.participants[人次]"] == v["trained"]
    assert row["training.participants[对]"] == v["couples"]
    assert row["association.members"] == v["members"]              # 1500名 is members in persons
    # no column holds two of persons, person-times, couples, households, in any row
    kinds = {"人": "persons", "名": "persons", "人次": "person_times", "对": "couples", "户": "households"}
    for col, g in comp.choices.groupby("column"):
        assert len({kinds[u] for u in g["unit"] if u in kinds}) <= 1, (col, set(g["unit"]))


def test_compare_archive_blank_slots_are_blank_not_absent(comp, archive, tmp_path):
    st = comp.status.set_index(["township", "year"])
    row = st.loc[BLANK_TEMPLATE]
    assert row["population.total"] == "blank"         # 全乡总人口____人
    assert row["association.members"] == "blank"      # 现有协会会员____名
    assert row["governance.contracts"] == "absent"    # never mentioned
    assert pd.isna(comp.table.set_index(["township", "year"]).loc[BLANK_TEMPLATE, "population.total"])
    # the plan of that year states its population; the choices sheet says why it is not used
    why = comp.choices.set_index(["township", "year", "column"]).loc[(*BLANK_TEMPLATE, "population.total")]
    assert why["rule"] == "blank in the preferred report" and pd.isna(why["value"])
    assert "results_report leaves this slot unfilled" in why["why"]
    xl = tmp_path / "c.xlsx"
    assert main(["compare", "--db", str(archive), "--no-copies", "-o", str(xl)]) == 0
    from openpyxl import load_workbook

    ws = load_workbook(xl)["compare"]
    header = [c.value for c in ws[1]]
    col = header.index("population.total") + 1
    rows = {(ws.cell(r, 1).value, ws.cell(r, 2).value): ws.cell(r, col).fill.fgColor.rgb
            for r in range(2, ws.max_row + 1)}
    assert rows[BLANK_TEMPLATE] == "00FFC7CE"   # red
    assert rows[("东岭镇", 2021)] == "00C6EFCE"  # green


def test_compare_archive_choices_say_why(comp):
    c = comp.choices.set_index(["township", "year", "column"])
    pop = c.loc[("东岭镇", 2021, "population.total")]
    assert pop["report_rule"] == "results_report" and pop["role_rule"] == "actual"
    assert "preferred over 1" in pop["why"] and pop["candidates"] == 2
    due = c.loc[("东岭镇", 2021, "health.screenings_planned[人]")]
    assert due["role"] == "planned" and due["role_rule"] == "planned:planned_words"
    target = c.loc[("东岭镇", 2021, "outreach.materials_target")]
    assert target["role_rule"] in {"target:plan_report", "target:plan_section"}
    assert {"rule", "role_rule", "report_rule", "why", "text", "source", "start"} <= set(comp.choices.columns)


def test_compare_archive_equals_compare_of_mined_tables(comp, archive):
    """The archive compared in SQLite and the same tables compared from pandas agree."""
    reports, figures, blanks, sections, _texts, _files = load_inputs(db=archive)
    ref = compare(reports, figures, blanks, sections)
    pd.testing.assert_frame_equal(comp.table, ref.table, check_dtype=False)
    pd.testing.assert_frame_equal(comp.status, ref.status, check_dtype=False)


def test_compare_archive_is_not_loaded_into_pandas(archive, monkeypatch):
    import report_miner.store.writers as writers

    def refuse(*a, **k):
        raise AssertionError("compare --db loaded whole tables")

    monkeypatch.setattr(writers, "read_sqlite_tables", refuse)
    monkeypatch.setattr(pd, "read_sql_query", refuse)
    comp = compare_archive(archive)
    assert len(comp.table) == len(TOWNS) * len(YEARS)


def test_compare_cli_summary_labels_zh_and_per_report(archive, tmp_path, capsys):
    out = tmp_path / "zh"
    assert main(["compare", "--db", str(archive), "--no-copies", "--labels", "zh", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "compared 比较: 12 report(s) → 6 row(s)" in text and "the rest 其余" in text
    assert len(text.splitlines()) < 40
    table = pd.read_csv(out / "compare.csv", encoding="utf-8-sig")
    assert {"乡镇", "年份", "总人口", "发放宣传品/资料(目标)", "检查/普查/随访人数(应)(人)"} <= set(table.columns)
    choices = pd.read_csv(out / "choices.csv", encoding="utf-8-sig")
    assert {"取值规则", "角色规则", "报告规则", "取值原因"} <= set(choices.columns)
    assert set(choices["角色"]) == {"实际", "目标", "应"}
    status = pd.read_csv(out / "status.csv", encoding="utf-8-sig")
    assert set(status["总人口"]) == {"已填", "空缺"}
    assert main(["compare", "--db", str(archive), "--no-copies", "--per", "report",
                 "-o", str(tmp_path / "r.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "r" / "compare.csv", encoding="utf-8-sig")) == 12
    with pytest.raises(SystemExit) as exc:
        main(["compare", "--db", str(archive), "--per", "village"])
    assert exc.value.code == 2


def test_compare_archive_leaves_out_files_marked_missing(archive, tmp_path):
    """A file the archive marks ``missing`` (gone from disk, issue 14 item 1) is not compared."""
    import shutil
    import sqlite3

    db = tmp_path / "a.sqlite"
    shutil.copy(archive, db)
    with sqlite3.connect(db) as con:
        (path,) = con.execute("SELECT path FROM files WHERE path LIKE '%东岭镇%2021%总结%'").fetchone()
        con.execute("UPDATE files SET status = 'missing' WHERE path = ?", (path,))
    t = compare_archive(db).table.set_index(["township", "year"])
    assert t.loc[("东岭镇", 2021), "reports"] == 1 and t.loc[("东岭镇", 2022), "reports"] == 2
    # with the summary gone the plan's own statement of its population fills the cell
    assert t.loc[("东岭镇", 2021), "population.total"] == _vals("东岭镇", 2021)["plan_pop"]


def test_compare_archive_by_topic_in_sql_equals_pandas(archive):
    from report_miner.analysis.compare import figures_by_topic
    from report_miner.analysis.compare_sql import figures_by_topic_db
    from report_miner.analysis.topics import label_sections

    reports, figures, _blanks, sections, texts, _files = load_inputs(db=archive)
    topics = label_sections(sections, texts)
    keys = ["township", "year", "topic", "metric"]
    ref = figures_by_topic(figures, topics, reports).sort_values(keys, ignore_index=True)
    got = figures_by_topic_db(archive, topics).sort_values(keys, ignore_index=True)
    assert len(got) > 0
    pd.testing.assert_frame_equal(got, ref, check_dtype=False)


def test_compare_same_number_due_and_done_each_in_its_column():
    """应参加孕检2000人,实际参加孕检2000人: each 2000人 is placed after its own words."""
    import report_miner

    text = ("东岭镇2021年工作总结\n一、基本情况\n全镇总人口18000人。\n二、主要工作\n"
            "全年应参加孕检2000人,实际参加孕检2000人。\n")
    r = report_miner.mine_text(text, source="a.txt")
    c = compare(r.reports, r.figures, r.blanks, r.sections).choices.set_index("column")
    assert c.loc["health.screenings[人]", "role_rule"] == "actual"
    assert c.loc["health.screenings_planned[人]", "role_rule"] == "planned:planned_words"
    assert c.loc["health.screenings[人]", "start"] > c.loc["health.screenings_planned[人]", "start"]


def test_compare_db_that_is_no_archive_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "not.sqlite"
    bad.write_text("hello", encoding="utf-8")
    assert main(["compare", "--db", str(bad)]) == 2
    assert "不是档案数据库" in capsys.readouterr().err
    # tables written by `extract` (files keyed by source, no path) compare too
    db = tmp_path / "x.sqlite"
    corpus = Path(__file__).parent.parent / "corpora"
    assert main(["extract", str(corpus / "t01_zongjie_hexi.txt"), "-o", str(db), "-q"]) == 0
    assert main(["compare", "--db", str(db), "--no-copies"]) == 0


def test_compare_summary_prints_a_missing_year_empty(tmp_path):
    """A report whose year is unknown gets a row of its own; the terminal table shows its year
    empty, never pandas' ``<NA>`` (a new user's finding)."""
    from report_miner.analysis.compare import summary
    from report_miner.api import mine_text

    res = mine_text("东岭镇计划生育协会工作汇报\n全镇总人口18000人,辖9个村。\n", source="a.txt")
    comp = compare(res.reports, res.figures, res.blanks, res.sections)
    assert comp.table["year"].isna().all()
    text = summary(comp)
    assert "东岭镇" in text and "<NA>" not in text and "18000" in text


def test_compare_summary_prints_whole_counts_without_a_decimal_point():
    """The terminal table shows 18000 and 9, not 18000.0 and 9.0 (the value columns are floats
    only because empty cells are NaN; a new user's finding)."""
    from report_miner.analysis.compare import summary
    from report_miner.api import mine_text

    res = mine_text("东岭镇2021年计划生育协会工作汇报\n全镇总人口18000人,辖9个村。\n", source="a.txt")
    text = summary(compare(res.reports, res.figures, res.blanks, res.sections))
    assert "18000" in text and "18000.0" not in text and " 9.0" not in text


def test_compare_summary_shows_a_blank_slot_as_blank_not_empty():
    """In the terminal table a slot left unfilled (全镇总人口人) reads 空缺, while a metric the
    report never mentions stays empty: an auditor tells the two apart without the workbook."""
    from report_miner.analysis.compare import summary
    from report_miner.api import mine_text

    res = mine_text("东岭镇2021年计划生育协会工作汇报\n全镇总人口人,辖9个村。\n", source="a.txt")
    comp = compare(res.reports, res.figures, res.blanks, res.sections)
    assert comp.status["population.total"].tolist() == ["blank"]
    assert comp.status["association.members"].tolist() == ["absent"]
    table = summary(comp).splitlines()
    header = next(ln for ln in table if "township" in ln and "total" in ln)
    row = table[table.index(header) + 1]
    assert "空缺" in row and row.count("空缺") == 1, row
