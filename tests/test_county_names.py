"""One name for a township found in two counties, whichever path (SQLite or pandas) writes it."""
from __future__ import annotations

from report_miner.analysis.compare import load_inputs


def _summary(town: str, year: int, pop: int) -> str:
    return (f"{town}{year}年计生协会工作总结\n一、基本情况\n全镇辖8个行政村,总人口{pop}人。\n"
            f"二、主要工作\n全年投入协会经费{year - 2015}.5万元,培训骨干{pop // 100}人。\n")


# one name in two counties: SQLite (compare --db, by_topic of an archive) and pandas (copies,
# by_topic of mined tables) name it by one definition
TWO_COUNTIES = {("东川县", "龙口镇"): 23150, ("西坪县", "龙口镇"): 9870, ("东川县", "桃源乡"): 15400,
                ("O'Neil县", "龙口镇"): 5100}   # a quote in a name, as SQL would have to escape it


def test_one_name_in_two_counties_is_written_alike_by_sql_and_pandas(tmp_path):
    from report_miner.analysis.compare import (archive_inputs, compare_archive, copies, figures_by_topic,
                                               with_county)
    from report_miner.analysis.compare_sql import figures_by_topic_db, township_name
    from report_miner.analysis.topics import label_sections
    from report_miner.store.ingest import ingest

    root = tmp_path / "folders"
    shared = ("协会在每个村的党群服务中心开辟了“暖心驿站”,由两名骨干会员轮流坐班,帮助留守老人代缴电费。\n"
              "驿站还建立了“一本台账、一部电话、一张联系卡”的服务机制,做到老人有事随时找、协会有人随时应。\n")
    for (county, town), pop in TWO_COUNTIES.items():
        d = root / county / town / "2021"
        d.mkdir(parents=True)
        (d / "总结.txt").write_text(_summary(town, 2021, pop) + (shared if town == "龙口镇" else ""),
                                   encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern="{county}/{township}/{year}/*")

    sql_names = set(compare_archive(db).table["township"])
    reports, secs, texts, _failed = archive_inputs(db)
    pandas_names = set(with_county([township_name(t, u) for t, u in zip(reports["township"], reports["unit_name"])],
                                   reports["county"]))
    assert sql_names == pandas_names == {"龙口镇 (东川县)", "龙口镇 (西坪县)", "龙口镇 (O'Neil县)", "桃源乡"}

    topics = label_sections(secs, texts)
    assert set(figures_by_topic_db(db, topics)["township"]) == sql_names
    figures = load_inputs(db=db)[1]
    assert set(figures_by_topic(figures, topics, reports)["township"]) == sql_names
    pairs = copies(reports, texts).pairs
    assert set(pairs["township_a"]) | set(pairs["township_b"]) == sql_names - {"桃源乡"}

