"""Township comparison, copy detection, section topics and charts."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from report_miner.cli.app import main
from report_miner.analysis.compare import compare, copies, load_inputs

CORPORA = Path(__file__).parent.parent / "corpora"

# (township, year) -> (population, members, leaflets, screenings or None when left blank)
KNOWN = {
    ("河东镇", 2021): (18000, 1500, 3000, 820),
    ("河东镇", 2022): (18200, 1600, 3500, None),
    ("西山乡", 2021): (9500, 700, 1200, 400),
    ("西山乡", 2022): (9600, 760, 5200, 450),
    ("北岭镇", 2022): (25000, 2300, 6000, 1900),
}


def _report(town, year, pop, members, leaflets, screened):
    screen = f"全年组织育龄妇女免费健康检查{screened}人次" if screened else "全年组织育龄妇女免费健康检查人次"
    return (f"{town}{year}年计划生育协会工作总结\n一、基本情况\n{town}辖8个村,全镇总人口{pop}人,"
            f"现有协会会员{members}人。\n二、主要工作\n(一)宣传教育。全镇全年发放宣传资料{leaflets}份,"
            f"其中村级发放宣传资料{leaflets // 3}份。\n(二)生殖健康。{screen},查出患者12人。\n"
            f"三、下一步打算\n继续加强协会建设。\n{town}计划生育协会\n{year}年12月20日\n")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    from report_miner.store.ingest import ingest

    root = tmp_path_factory.mktemp("archive")
    for (town, year), vals in KNOWN.items():
        d = root / town / str(year)
        d.mkdir(parents=True)
        (d / "总结.txt").write_text(_report(town, year, *vals), encoding="gb18030")
    db = root / "archive.sqlite"
    stats = ingest([root], db, jobs=1, path_pattern="{township}/{year}/*", progress=False)
    assert stats.exit_status == 0
    return db


def test_compare_known_values_in_the_right_cells(archive):
    reports, figures, blanks, sections, texts, _files = load_inputs(db=archive)
    comp = compare(reports, figures, blanks, sections)
    t = comp.table.set_index(["township", "year"])
    for (town, year), (pop, members, leaflets, screened) in KNOWN.items():
        row = t.loc[(town, year)]
        assert row["population.total"] == pop
        assert row["association.members"] == members
        assert row["outreach.materials"] == leaflets  # the township total, not the 其中 part
        if screened is None:
            assert pd.isna(row["health.screenings"])  # a blank is a blank, not 0
        else:
            assert row["health.screenings"] == screened
        assert row["association.members.per10k"] == pytest.approx(members / pop * 10000, abs=0.01)
    st = comp.status.set_index(["township", "year"])
    assert st.loc[("河东镇", 2022), "health.screenings"] == "blank"
    assert st.loc[("河东镇", 2022), "governance.contracts"] == "absent"
    choice = comp.choices[(comp.choices.township == "西山乡") & (comp.choices.metric == "outreach.materials")]
    # the 其中 part (其中村级发放宣传资料…份) is not the whole's metric (SCHEMA.md, "Decisions
    # where annotators differed"): the whole is the only candidate
    assert set(choice.candidates) == {1} and set(choice.rule) == {"township-level, largest"}


def test_compare_year_over_year_jump(archive):
    comp = compare(*load_inputs(db=archive)[:4], yoy_factor=3.0)
    jumps = comp.findings
    assert len(jumps) == 1
    j = jumps.iloc[0]
    assert (j.township, j.metric, j.year_from, j.year_to) == ("西山乡", "outreach.materials", 2021, 2022)


def test_compare_copy_detection_on_the_corpus():
    reports, figures, blanks, sections, texts, _files = load_inputs([CORPORA])
    cr = copies(reports, texts)
    pairs = cr.pairs
    assert len(pairs) == 1
    p = pairs.iloc[0]
    assert p.source_a.endswith("000_69ef0c422dca94cf.txt") and (p.report_a, p.report_b) == (2, 3)
    assert p.shared_passages >= 5
    shared = " ".join(cr.passages.text_a)
    assert "在协议书的签订过程中" in shared and "抓认识,准确定位" in shared


def test_compare_boilerplate_is_not_copying(tmp_path):
    closing = "以上汇报,如有不妥,敬请各位领导批评指正,我们将在今后的工作中认真改进。"
    bodies = ["全镇发放宣传资料3000份,组织健康检查800人次,群众满意。", "全乡培训骨干120人,走访困难家庭56户。",
              "全村修建文化广场一处,开展文艺演出六场。", "全镇协会会员1800人,新发展会员200人。",
              "全镇签订自治协议4000份,覆盖所有村组。"]
    texts, rows = {}, []
    for i, body in enumerate(bodies):
        src = f"r{i}.txt"
        texts[src] = f"工作汇报 {body * 1} {closing}"
        rows.append(dict(source=src, report=1, start=0, end=len(texts[src])))
    cr = copies(pd.DataFrame(rows), texts)
    assert len(cr.pairs) == 0
    assert len(cr.boilerplate) >= 1 and "如有不妥" in cr.boilerplate.text.iloc[0]


def test_compare_topics_align_differently_worded_sections():
    from report_miner.analysis.topics import label_sections

    reports, figures, blanks, sections, texts, _files = load_inputs([CORPORA / "t01_zongjie_hexi.txt",
                                                             CORPORA / "t02_jihua_shiqiao.txt"])
    topics = label_sections(sections, texts)
    by_title = dict(zip(topics.title, topics.topic))
    assert by_title["突出宣传倡导"] == by_title["深化宣传倡导"] == "publicity"
    assert by_title["加强组织建设"] == by_title["加强协会组织建设"] == "organisation"
    assert set(topics.topic_source) <= {"rule", "model", "none"}


def test_compare_cli_xlsx_and_charts(tmp_path, capsys):
    xl, charts = tmp_path / "c.xlsx", tmp_path / "charts"
    assert main(["compare", str(CORPORA), "-o", str(xl), "--charts", str(charts)]) == 0
    out = capsys.readouterr().out
    assert "河西镇" in out and "1 pair(s)" in out
    from openpyxl import load_workbook

    wb = load_workbook(xl)
    assert {"compare", "status", "choices", "copies", "copy_passages", "topics"} <= set(wb.sheetnames)
    ws = wb["compare"]
    header = [c.value for c in ws[1]]
    col = header.index("population.total") + 1
    colours = {ws.cell(row=r, column=col).fill.fgColor.rgb for r in range(2, ws.max_row + 1)}
    assert {"00C6EFCE", "00FFC7CE"} <= colours  # stated green and blank red
    png = charts / "completeness_heatmap.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert (charts / "bar_association.members.svg").exists()


def test_compare_charts_font_draws_chinese():
    from matplotlib.ft2font import FT2Font
    from matplotlib import font_manager

    from report_miner.analysis.charts import cjk_font

    path = font_manager.findfont(font_manager.FontProperties(family=cjk_font()), fallback_to_default=False)
    cmap = FT2Font(path).get_charmap()
    assert all(ord(ch) in cmap for ch in "乡镇协会会员数完整度")


def test_compare_one_template_filed_by_many_townships_is_copying():
    body = ("{t}认真贯彻落实上级关于计划生育协会工作的部署要求,全面加强基层协会组织建设。"
            "一是健全镇村两级协会网络,调整充实理事会成员,明确工作职责。"
            "二是深入开展婚育新风进万家活动,组织志愿者入户宣传优生优育知识。"
            "三是扎实推进生育关怀行动,走访慰问计生特殊家庭并发放慰问金。"
            "四是规范协会阵地建设,完善会员之家的活动制度和工作台账。")
    towns = ["东岭镇", "南岭镇", "河西镇", "白沙镇", "石门镇"]
    texts, rows = {}, []
    for t in towns:
        texts[f"{t}.txt"] = body.format(t=t)
        rows.append(dict(source=f"{t}.txt", report=1, start=0, end=len(texts[f"{t}.txt"])))
    cr = copies(pd.DataFrame(rows), texts)
    assert len(cr.pairs) == 10  # every pair of the five
    assert (cr.pairs.share_a > 0.9).all()


def test_compare_core_metric_order_is_read_from_the_rules(tmp_path):
    from report_miner.analysis.compare import core_metrics

    shipped = core_metrics()
    assert shipped[:2] == ["population.total", "population.married_women"] and len(shipped) == 11
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n"
        "  - id: health.checkups\n"
        "    label: 体检人数\n"
        "    core: true\n"
        "    core_rank: 0\n"
        "    match:\n"
        "      - units: [人]\n"
        "        before: '体检$'\n", encoding="utf-8")
    assert core_metrics(str(tmp_path)) == ["health.checkups"] + shipped


def test_compare_never_puts_a_per_head_amount_beside_totals():
    """人均/每户/每人每月 amounts (column ``per``) are standards: a township's money cell takes
    the total even when a standard is larger, and a report with only a standard stays empty."""
    import report_miner

    texts = {
        "a.txt": "东塘镇2023年工作总结\n一、基本情况\n全镇投入计生奖扶资金4200元,对独生子女户每户一次性奖励5000元。\n",
        "b.txt": "南岗乡2023年工作总结\n一、基本情况\n对计生特殊家庭按每人每月600元发放扶助金。\n",
    }
    res = [report_miner.mine_text(t, source=s) for s, t in texts.items()]
    figures = pd.concat([r.figures for r in res], ignore_index=True)
    money = figures[figures.metric == "finance.money"]
    assert sorted(money.per.tolist()) == ["", "人/月", "户"]
    comp = compare(pd.concat([r.reports for r in res], ignore_index=True), figures,
                   pd.concat([r.blanks for r in res], ignore_index=True),
                   pd.concat([r.sections for r in res], ignore_index=True))
    t = comp.table.set_index("source")
    assert t.loc["a.txt", "finance.money"] == 4200
    assert pd.isna(t.loc["b.txt", "finance.money"])


def test_one_plain_number_for_the_terminal_and_the_disagree_notes():
    # compare's terminal cells and compare_sql's `disagree` notes share one definition
    from report_miner.analysis import compare as compare_mod
    from report_miner.analysis.compare_sql import plain_number

    assert compare_mod._plain_number is plain_number
    assert not hasattr(__import__("report_miner.analysis.compare_sql", fromlist=["x"]), "_plain_value")
    assert [plain_number(v) for v in (3.0, 2.5, None, float("nan"), pd.NA, "甲", 12)] == \
        ["3", "2.5", "", "", "", "甲", "12"]
