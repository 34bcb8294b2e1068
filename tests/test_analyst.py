"""What an analyst relies on in `compare`: each cell traced to its file and offsets, two
reports that disagree on a cell said so, one township name in two counties kept apart when
the folders say so (--path-pattern), copies told from a township's own stock text."""
from __future__ import annotations

import os
from pathlib import Path

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
    assert f"in {tmp_path / 'c'}{os.sep}" in captured.out   # the summary names the folder too
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


# ---------------------------------------------------------------------------------------------
# copies: a township's own text of several years is no stock text of many townships

# each township writes in its own words; (county, township) -> its sentences
OWN_WORDS = {
    ("东川县", "龙口镇"): ["{t}依山傍水,辖{v}个行政村,常住人口{p}人。",
                        "镇协会把“孝老爱亲”评议活动作为抓手,全年评出星级文明户{n}户,表彰到人到户。"],
    ("东川县", "桃源乡"): ["桃源乡山多地少,下设{v}个村,户籍人口{p}人。",
                        "乡协会同农技站联合办起“田间课堂”,把政策和实用技术一起送到农户手中,受益群众{n}人。"],
    ("西坪县", "龙口镇"): ["西坪龙口镇地处平原,共有{v}个村,总人口{p}人。",
                        "镇里依托集贸市场设立流动宣传台,赶集日由协会骨干轮流值守,累计接待咨询{n}人次。"],
    ("西坪县", "清水乡"): ["清水乡位于县城北郊,管辖{v}个建制村,人口{p}人。",
                        "乡协会发动退休教师组成“银发宣讲团”,走村入户讲解惠民政策,开讲{n}场。"],
}
#: a distinctive paragraph (two passages) 龙口镇 of 东川县 writes in 2020 and 2021, copied by
#: 桃源乡 (2021) and 龙口镇 of 西坪县 (2021): four reports, three townships
COPIED = ("协会在每个村的党群服务中心开辟了“暖心驿站”,由两名骨干会员轮流坐班,帮助留守老人代缴电费、代购药品、"
          "代写家信,受到群众普遍欢迎。\n驿站还建立了“一本台账、一部电话、一张联系卡”的服务机制,做到老人有事随时找、"
          "协会有人随时应,真正把关怀送到了群众的心坎上。")
CLOSING = "以上汇报,如有不妥之处,恳请各位领导和同志们批评指正,谢谢大家。"


@pytest.fixture(scope="module")
def own_words(tmp_path_factory):
    root = tmp_path_factory.mktemp("own_words")
    for i, ((county, town), words) in enumerate(OWN_WORDS.items()):
        for year in (2019, 2020, 2021):
            body = [w.format(t=town, v=8 + i, p=15000 + 1000 * i + year, n=40 + year - 2000 + i) for w in words]
            if (county, town, year) in {("东川县", "龙口镇", 2020), ("东川县", "龙口镇", 2021),
                                        ("东川县", "桃源乡", 2021), ("西坪县", "龙口镇", 2021)}:
                body.append(COPIED)
            d = root / county / town / str(year)
            d.mkdir(parents=True)
            (d / "总结.txt").write_text("\n".join([f"{town}{year}年计生协会工作总结"] + body + [CLOSING]),
                                       encoding="utf-8")
    return root


def test_copies_a_paragraph_one_township_repeats_and_others_copy_is_a_copy(own_words):
    from report_miner.analysis.compare import copies

    reports, _f, _b, _s, texts, _files = load_inputs([own_words])
    reports, _files = with_path_metadata(reports, [own_words], "{county}/{township}/{year}/*")
    cr = copies(reports, texts)
    between = cr.pairs[~cr.pairs.same_township]
    names = {frozenset((a, b)) for a, b in zip(between.township_a, between.township_b)}
    # four reports hold the paragraph: counted in reports it looked like stock text of many
    assert names == {frozenset(("龙口镇 (东川县)", "桃源乡")), frozenset(("龙口镇 (东川县)", "龙口镇 (西坪县)")),
                     frozenset(("桃源乡", "龙口镇 (西坪县)"))}
    assert len(between) == 5  # 东川 龙口镇 has it in two years: each pairs with the two copies, + the copies
    # the closing every township writes is boilerplate, and in no pair
    assert any(CLOSING in t for t in cr.boilerplate.text)
    assert not any(CLOSING in t for t in cr.passages.text_a)
    # one name in two counties is two townships, never "same township"
    lk = cr.pairs[(cr.pairs.township_a.str.startswith("龙口镇")) & (cr.pairs.township_b.str.startswith("龙口镇"))]
    assert len(lk) and all(a != b or s for a, b, s in zip(lk.township_a, lk.township_b, lk.same_township))
    assert not lk[lk.township_a != lk.township_b].same_township.any()


def test_copies_terminal_lists_pairs_between_townships_first(own_words, capsys):
    assert main(["compare", str(own_words), "--path-pattern", "{county}/{township}/{year}/*",
                 "--show-passages", "0"]) == 0
    out = capsys.readouterr().out
    head = out[out.index("copied passages"):].splitlines()
    assert "5 between townships" in head[0]
    assert all("same township" not in line for line in head[1:6])
    assert "same township" in head[6]


# ---------------------------------------------------------------------------------------------
# charts: a blank year is a gap, bars say which year and unit


def _years_folder(root: Path) -> Path:
    # 北塘镇 leaves its 2021 population blank; 南湖乡 states every year, its money in 万元
    for town, pops in {"北塘镇": {2020: 12100, 2021: None, 2022: 12300},
                       "南湖乡": {2020: 8800, 2021: 8850, 2022: None}}.items():
        for year, pop in pops.items():
            d = root / town / str(year)
            d.mkdir(parents=True)
            (d / "总结.txt").write_text(
                f"{town}{year}年计生协会工作总结\n一、基本情况\n全镇辖6个村,总人口{pop or ''}人。\n"
                f"二、主要工作\n全年投入协会经费{year - 2017}.5万元。\n", encoding="utf-8")
    return root


def test_charts_leave_a_blank_year_as_a_gap_and_name_year_and_unit(tmp_path):
    import math

    from report_miner.analysis.charts import _setup, bar_figures, line_figures

    folder = _years_folder(tmp_path / "towns")
    reports, figures, blanks, sections, _t, _f = load_inputs([folder])
    reports, files = with_path_metadata(reports, [folder], "{township}/{year}/*")
    comp = compare(reports, figures, blanks, sections, files=files)
    plt = _setup()
    (_stem, fig), = list(line_figures(comp, "population.total", {}, plt))
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    ys = dict(zip(lines["北塘镇"].get_xdata(), lines["北塘镇"].get_ydata()))
    assert ys[2020] == 12100 and math.isnan(ys[2021]) and ys[2022] == 12300   # not bridged
    assert "(人)" in fig.axes[0].get_title()
    plt.close(fig)
    (_stem, fig), = list(bar_figures(comp, "population.total", {}, plt))
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    # 南湖乡's 2022 is blank: its bar is its latest stated year, 2021, and says so
    assert sorted(names) == ["北塘镇 (2022)", "南湖乡 (2021)"]
    assert ax.get_xlabel().endswith("(人)")
    plt.close(fig)
    (_stem, fig), = list(bar_figures(comp, "finance.money", {}, plt))
    assert fig.axes[0].get_xlabel().endswith("(元)") and "2022年" in fig.axes[0].get_title()
    plt.close(fig)


def test_compare_outputs_checked_first_and_jsonl_stdout_stays_clean(folder, tmp_path, capsys):
    import json

    # an output it cannot write, or a --charts path that is a file: exit 2 before comparing
    assert main(["compare", str(folder), "-o", str(tmp_path / "a.txt")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "unsupported output" in captured.err
    blocker = tmp_path / "charts"
    blocker.write_text("x", encoding="utf-8")
    assert main(["compare", str(folder), "--charts", str(blocker)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "not a folder" in captured.err
    # -o -: the tables as JSON lines on stdout, the summary on stderr (a pipe to jq stays valid)
    assert main(["compare", str(folder), "-o", "-", "--path-pattern", "{county}/{township}/{year}/*"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert {r["table"] for r in rows} >= {"compare", "choices", "copies"}
    assert "compared 比较" in captured.err


def test_kinds_say_a_half_year_report(tmp_path):
    d = tmp_path / "东坪乡" / "2022"
    d.mkdir(parents=True)
    (d / "上半年.txt").write_text("东坪乡2022年上半年计生协会工作总结\n全乡总人口9100人。\n", encoding="utf-8")
    (d / "全年.txt").write_text("东坪乡2022年计生协会工作总结\n全乡总人口9150人。\n", encoding="utf-8")
    reports, figures, blanks, sections, _t, _f = load_inputs([tmp_path])
    comp = compare(reports, figures, blanks, sections)
    row = comp.table.set_index(["township", "year"]).loc[("东坪乡", 2022)]
    assert row["population.total"] == 9150          # the full year's summary wins …
    assert sorted(row["kinds"].split("; ")) == ["总结", "总结(上半年)"]   # … and the half year is named
    per_report = compare(reports, figures, blanks, sections, per="report")
    assert sorted(per_report.table["kind"]) == ["总结", "总结(上半年)"]


def test_year_over_year_jump_names_both_figures(tmp_path):
    for year, members in ((2020, 1200), (2021, 12000)):   # a slip of one digit
        d = tmp_path / "西岭镇" / str(year)
        d.mkdir(parents=True)
        (d / "总结.txt").write_text(f"西岭镇{year}年计生协会工作总结\n全镇现有协会会员{members}人。\n",
                                   encoding="utf-8")
    reports, figures, blanks, sections, texts, _f = load_inputs([tmp_path])
    jump = compare(reports, figures, blanks, sections).findings.set_index("metric").loc["association.members"]
    assert (jump.text_from, jump.text_to) == ("1200人", "12000人")
    assert "2020" in jump.source_from and "2021" in jump.source_to
    assert texts[jump.source_to][jump.start_to:jump.start_to + len(jump.text_to)] == "12000人"


def test_by_topic_sums_totals_only(tmp_path):
    from report_miner.analysis.compare import figures_by_topic
    from report_miner.analysis.compare_sql import figures_by_topic_db
    from report_miner.analysis.topics import label_sections
    from report_miner.store.ingest import ingest

    d = tmp_path / "南坡乡" / "2021"
    d.mkdir(parents=True)
    (d / "总结.txt").write_text(
        "南坡乡2021年计生协会工作总结\n一、基本情况\n全乡总人口8800人。\n二、生育关怀\n"
        "全年投入关怀资金12万元,对计生困难家庭人均补助300元,每人每月另发50元。\n"
        "政策符合率96.5%,协议签订率98.2%。\n", encoding="utf-8")
    reports, figures, blanks, sections, texts, _f = load_inputs([tmp_path])
    topics = label_sections(sections, texts)
    got = figures_by_topic(figures, topics, reports).set_index("metric")
    assert got.loc["finance.money", "total"] == 120000 and got.loc["finance.money", "figures"] == 1
    assert got.loc["rate.target", "figures"] == 2 and pd.isna(got.loc["rate.target", "total"])
    db = tmp_path / "a.sqlite"
    ingest([tmp_path / "南坡乡"], db, jobs=1, progress=False)
    in_db = figures_by_topic_db(db, topics.assign(source=[str(Path(s).resolve()) for s in topics["source"]])
                                ).set_index("metric")
    assert in_db.loc["finance.money", "total"] == 120000
    assert in_db.loc["rate.target", "figures"] == 2 and pd.isna(in_db.loc["rate.target", "total"])


def test_year_over_year_message_names_the_metric_in_chinese(tmp_path):
    for year, members in ((2020, 1300), (2021, 130)):
        d = tmp_path / "东岗乡" / str(year)
        d.mkdir(parents=True)
        (d / "总结.txt").write_text(f"东岗乡{year}年计生协会工作总结\n全乡现有协会会员{members}人。\n", encoding="utf-8")
    comp = compare(*load_inputs([tmp_path])[:4])
    (msg,) = comp.findings["message_zh"]
    assert msg.startswith("东岗乡 协会会员数(association.members) 从 2020 年的 1300 变为 2021 年的 130")


def test_statements_of_a_part_are_no_disagreement(tmp_path):
    d = tmp_path / "北坡镇" / "2022"
    d.mkdir(parents=True)
    # two results reports of one year; each names one event's leaflets, no township total
    (d / "总结.txt").write_text("北坡镇2022年计生协会工作总结\n二、宣传\n在集市上发放宣传资料500份。\n", encoding="utf-8")
    (d / "汇报.txt").write_text("北坡镇2022年计生协会工作汇报\n二、宣传\n在东村发放宣传资料300份。\n", encoding="utf-8")
    comp = compare(*load_inputs([tmp_path])[:4])
    cell = comp.choices.set_index("column").loc["outreach.materials"]
    assert cell["value"] == 500 and cell["disagree"] == ""


def test_per_report_jumps_compare_reports_of_one_kind(tmp_path):
    # a half-year summary states a fraction of the year: never a jump against last year's total
    for year in (2020, 2021):
        d = tmp_path / "西川乡" / str(year)
        d.mkdir(parents=True)
        (d / "a上半年.txt").write_text(f"西川乡{year}年上半年计生协会工作总结\n全乡全年发放宣传资料{1000 + year - 2020}份。\n",
                                     encoding="utf-8")
        (d / "b总结.txt").write_text(f"西川乡{year}年计生协会工作总结\n全乡全年发放宣传资料{9000 + year - 2020}份。\n",
                                    encoding="utf-8")
    comp = compare(*load_inputs([tmp_path])[:4], per="report")
    assert len(comp.table) == 4 and len(comp.findings) == 0


def test_per_report_jump_names_the_figures_of_its_own_reports(tmp_path):
    # two reports a year (per report): the jump's figures are those of the reports compared,
    # not of another report of the same township and year
    for year, half, full in ((2020, 800, 1500), (2021, 810, 15000)):
        d = tmp_path / "北川乡" / str(year)
        d.mkdir(parents=True)
        (d / "a总结.txt").write_text(f"北川乡{year}年计生协会工作总结\n全乡现有协会会员{full}人。\n",
                                    encoding="utf-8")
        (d / "b上半年.txt").write_text(f"北川乡{year}年上半年计生协会工作总结\n全乡现有协会会员{half}人。\n",
                                     encoding="utf-8")
    reports, figures, blanks, sections, texts, _f = load_inputs([tmp_path])
    comp = compare(reports, figures, blanks, sections, per="report")
    (jump,) = comp.findings.itertuples()
    assert (jump.value_from, jump.value_to) == (1500, 15000)
    assert (jump.text_from, jump.text_to) == ("1500人", "15000人")
    assert "a总结" in jump.source_from and "a总结" in jump.source_to
    assert texts[jump.source_from][jump.start_from:jump.start_from + len(jump.text_from)] == "1500人"


def test_per_report_charts_draw_the_report_the_cells_prefer(tmp_path):
    # two reports a year, a half-year summary and the year's: the charts draw the year's
    # summary whatever the files' order (bars took the last report, lines the first)
    from report_miner.analysis.charts import _setup, bar_figures, chart_rows, line_figures

    for town, half_name, full_name in (("东川乡", "z上半年.txt", "a总结.txt"),
                                       ("西川乡", "a上半年.txt", "z总结.txt")):
        for year, half, full in ((2020, 800, 1500), (2021, 810, 1600)):
            d = tmp_path / town / str(year)
            d.mkdir(parents=True)
            (d / full_name).write_text(f"{town}{year}年计生协会工作总结\n全乡现有协会会员{full}人。\n",
                                       encoding="utf-8")
            (d / half_name).write_text(f"{town}{year}年上半年计生协会工作总结\n全乡现有协会会员{half}人。\n",
                                       encoding="utf-8")
    reports, figures, blanks, sections, _texts, _f = load_inputs([tmp_path])
    comp = compare(reports, figures, blanks, sections, per="report")
    metric = "association.members"
    assert len(comp.table) == 8 and sorted(comp.report_rank.values()) == [0] * 4 + [1] * 4
    assert sorted(chart_rows(comp, metric)[metric]) == [1500, 1500, 1600, 1600]
    plt = _setup()
    (_stem, fig), = list(bar_figures(comp, metric, {}, plt))
    assert sorted(p.get_width() for p in fig.axes[0].patches) == [1600, 1600]
    plt.close(fig)
    (_stem, fig), = list(line_figures(comp, metric, {}, plt))
    for line in fig.axes[0].get_lines():
        assert list(line.get_ydata()) == [1500, 1600], line.get_label()
    plt.close(fig)


def test_disagreements_with_counties_given_print_no_county_hint(tmp_path, capsys):
    # two summaries of one township, county and year that disagree: the folders name the
    # county already, so "give each its county" would send the analyst the wrong way
    root = tmp_path / "in"
    d = root / "南岭县" / "石桥镇" / "2022"
    d.mkdir(parents=True)
    (d / "总结.txt").write_text(_summary("石桥镇", 2022, 18400, 10, 1330), encoding="utf-8")
    (d / "总结(修改稿).txt").write_text(_summary("石桥镇", 2022, 18650, 10, 1330), encoding="utf-8")
    args = ["compare", str(root), "--no-copies", "--path-pattern", "{county}/{township}/{year}/*"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "disagreements 数字不一致" in out                      # the disagreement is still said
    assert "Give each its county" not in out and "--path-pattern" not in out
    reports, figures, blanks, sections, _texts, _files = load_inputs([root])
    reports, files = with_path_metadata(reports, [root], "{county}/{township}/{year}/*")
    assert compare(reports, figures, blanks, sections, files=files).counties
    assert not compare(reports, figures, blanks, sections).counties
    # without the county in the pattern the hint stays (one name may stand in two counties)
    assert main(["compare", str(root), "--no-copies"]) == 0
    assert "Give each its county" in capsys.readouterr().out
