"""A report whose title names a span of years (2019—2020年度) is counted in one year: the
outputs say which span, so an analyst can see it (reports.year_span, compare's summary)."""
from __future__ import annotations

from report_miner.analysis.compare import load_inputs
from report_miner.cli.app import main


def _folder(root):
    texts = {
        "石桥镇/跨年度总结.txt": "石桥镇2019—2020年度计生协会工作总结\n一、基本情况\n全镇总人口12000人。\n",
        "青山乡/规划.txt": "青山乡2021-2025年计生协会工作计划\n一、基本情况\n全乡总人口9000人。\n",
        "白沙镇/总结.txt": "白沙镇2021年计生协会工作总结\n一、基本情况\n全镇总人口8100人。\n",
    }
    for name, text in texts.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_reports_table_names_the_span_and_the_year_counted(tmp_path):
    reports = load_inputs([_folder(tmp_path)])[0].set_index("unit_name")
    assert (reports.loc["石桥镇", "year"], reports.loc["石桥镇", "year_span"]) == (2020, "2019-2020")
    assert (reports.loc["青山乡", "year"], reports.loc["青山乡", "year_span"]) == (2021, "2021-2025")
    assert (reports.loc["白沙镇", "year"], reports.loc["白沙镇", "year_span"]) == (2021, "")


def test_compare_summary_says_which_rows_a_span_was_counted_in(tmp_path, capsys):
    from report_miner.store.ingest import ingest

    folder = _folder(tmp_path / "f")
    assert main(["compare", str(folder), "--no-copies"]) == 0
    out = capsys.readouterr().out
    assert "跨年度报告: 2 report(s)" in out
    assert "石桥镇 2020 ← 2019-2020" in out and "青山乡 2021 ← 2021-2025" in out
    assert "白沙镇 2021 ←" not in out
    # the same from an archive (compared in SQLite)
    db = tmp_path / "a.sqlite"
    ingest([folder], db, jobs=1, progress=False)
    assert main(["compare", "--db", str(db), "--no-copies"]) == 0
    assert "石桥镇 2020 ← 2019-2020" in capsys.readouterr().out
