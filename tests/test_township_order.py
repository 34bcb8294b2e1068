"""Townships as a Chinese reader lists them (拼音 order), not by code point, in every output
that lists them: compare's tables, by_topic, findings, charts, copies and the audit desk."""
from __future__ import annotations

from pathlib import Path

import pytest

from report_miner.analysis.compare import compare, load_inputs, with_path_metadata
from report_miner.analysis.township_order import township_key

#: code points put 白 (U+767D) before 石 (U+77F3) before 青 (U+9752); pinyin: bái, qīng, shí
PINYIN_ORDER = ["白沙镇", "青山乡", "石桥镇"]


def _summary(town: str, year: int, pop: int) -> str:
    return (f"{town}{year}年计生协会工作总结\n一、基本情况\n全镇辖8个行政村,总人口{pop}人。\n"
            f"二、主要工作\n全年投入协会经费{year - 2015}.5万元,培训骨干{pop // 100}人。\n")


@pytest.fixture(scope="module")
def towns(tmp_path_factory):
    root = tmp_path_factory.mktemp("pinyin")
    for i, town in enumerate(["石桥镇", "青山乡", "白沙镇"]):   # written in code point's reverse
        for year in (2020, 2021):
            d = root / town / str(year)
            d.mkdir(parents=True)
            (d / "总结.txt").write_text(_summary(town, year, 12000 + 1000 * i + year), encoding="utf-8")
    return root


def test_key_reads_pinyin_and_keeps_an_order_for_names_read_alike():
    assert sorted(["石桥镇", "青山乡", "白沙镇"]) == ["白沙镇", "石桥镇", "青山乡"]   # code points
    assert sorted(["石桥镇", "青山乡", "白沙镇"], key=township_key) == PINYIN_ORDER
    # two names read alike (shí qiáo zhèn) are still in one order, by their characters
    alike = sorted(["石乔镇", "石桥镇", "十桥镇"], key=township_key)
    assert alike == sorted(["十桥镇", "石桥镇", "石乔镇"], key=township_key)
    assert len({township_key(n) for n in alike}) == 3
    # a heteronym takes its default reading: 长乐镇 reads cháng, not zhǎng
    assert township_key("长乐镇")[1][0] == "chang2"
    # no name (None, NaN) last, never an error
    assert sorted(["青山乡", None, "白沙镇"], key=township_key) == ["白沙镇", "青山乡", None]


def test_compare_tables_and_charts_list_townships_in_pinyin_order(towns):
    reports, figures, blanks, sections, texts, _f = load_inputs([towns])
    reports, files = with_path_metadata(reports, [towns], "{township}/{year}/*")
    comp = compare(reports, figures, blanks, sections, files=files)
    assert list(dict.fromkeys(comp.table["township"])) == PINYIN_ORDER
    assert list(dict.fromkeys(comp.status["township"])) == PINYIN_ORDER
    assert list(dict.fromkeys(comp.choices["township"])) == PINYIN_ORDER

    from report_miner.analysis.compare import figures_by_topic
    from report_miner.analysis.topics import label_sections

    topics = label_sections(sections, texts)
    by_topic = figures_by_topic(figures, topics, reports.assign(county=""))
    assert list(dict.fromkeys(by_topic["township"])) == PINYIN_ORDER

    from report_miner.analysis.charts import _setup, line_figures

    plt = _setup()
    (_stem, fig), = list(line_figures(comp, "population.total", {}, plt))
    assert [ln.get_label() for ln in fig.axes[0].get_lines()] == PINYIN_ORDER   # the legend's order
    plt.close(fig)


def test_year_over_year_findings_in_pinyin_order(tmp_path):
    for town in ["石桥镇", "青山乡", "白沙镇"]:
        for year, members in ((2020, 1200), (2021, 12000)):
            d = tmp_path / town / str(year)
            d.mkdir(parents=True)
            (d / "总结.txt").write_text(f"{town}{year}年计生协会工作总结\n全镇现有协会会员{members}人。\n",
                                       encoding="utf-8")
    comp = compare(*load_inputs([tmp_path])[:4])
    assert comp.findings["township"].tolist() == PINYIN_ORDER


def test_audit_desk_lists_and_sorts_townships_in_pinyin_order():
    from report_miner.web.app import _sort_reports

    rows = [{"township": t, "findings": {}} for t in ["石桥镇", "", "青山乡", "白沙镇"]]
    assert [r["township"] for r in _sort_reports(rows, "township", False)] == PINYIN_ORDER + [""]
    assert [r["township"] for r in _sort_reports(rows, "township", True)] == PINYIN_ORDER[::-1] + [""]
