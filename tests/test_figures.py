"""Figure extraction on example sentences (tests/cases/figures.yaml) and on the real corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

import report_miner
from case_files import read_cases
from report_miner.mining.figures import get_scanner, scan_figures

CORE_IDS = get_scanner().metrics.core_ids
# figures.yaml, figures_unseen.yaml: cases written blind (issue 12), before reading the rules, and
# figures_register.yaml: the registers of bench/register_probe.py (Chinese numerals)
CASES = read_cases("figures.yaml", "figures_unseen.yaml", "figures_register.yaml")


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else []
        yield pytest.param(c, id=c["id"], marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_figures_examples(case):
    figs = scan_figures(case["input"])
    got = [(f.text, f.value, f.value_max, f.unit, f.approx, f.bound, f.metric) for f in figs]
    if case.get("none"):
        assert got == []
        return
    assert len(got) == len(case["expect"]), got
    if "per" in case:
        assert [f.per for f in figs] == case["per"]
    if "direction" in case:
        assert [f.direction for f in figs] == case["direction"]
    for g, (text, value, vmax, unit, approx, bound, metric) in zip(got, case["expect"]):
        assert g[0] == text
        assert g[1] == pytest.approx(value)
        assert g[2] == (pytest.approx(vmax) if vmax is not None else None)
        assert (g[3], g[4], g[5]) == (unit, approx, bound)
        # ~ (None) means "no metric": no core metric (the scorer's "other"; a finer label such
        # as rate.target is fine, write it out to check it)
        if metric is None:
            assert g[6] not in CORE_IDS, (text, g[6])
        else:
            assert g[6] == metric, (text, g[6])


def test_figures_offsets_point_at_the_figure_text():
    text = (Path(__file__).parent.parent / "corpora" / "000_69ef0c422dca94cf.txt").read_text("utf-8")
    figs = report_miner.mine_text(text).figures
    assert len(figs) > 50
    for _, r in figs.iterrows():
        assert text[r.start:r.end] == r.text


def test_figures_number_cut_by_page_chunk_is_joined():
    text = (Path(__file__).parent.parent / "corpora" / "000_69ef0c422dca94cf.txt").read_text("utf-8")
    figs = report_miner.mine_text(text).figures
    row = figs[figs.text == "1\n17、0个"].iloc[0]
    assert (row.value, row.unit, row.metric) == (10, "个", "admin.villages")
    row = figs[figs.text == "4\n20、000多条"].iloc[0]
    assert (row.value, row.approx) == (4000, True)


def test_figures_subject_and_action():
    figs = report_miner.mine_text("今年累计发放各类宣传品2000余份,共接诊育龄妇女662人次。").figures
    assert figs[["subject", "action"]].values.tolist() == [["宣传品", "发放"], ["育龄妇女", "接诊"]]


def test_figures_table_columns():
    res = report_miner.mine_text("总人口100人。", source="x.txt")
    for col in ["source", "report", "section", "start", "end", "text", "value", "value_max", "unit",
                "approx", "bound", "subject", "action", "metric", "sentence"]:
        assert col in res.figures.columns
    assert res.figures.loc[0, "source"] == "x.txt"
    for col in ["source", "report", "section", "start", "end", "kind", "unit", "metric", "context"]:
        assert col in res.blanks.columns


def test_figures_subject_of_a_count_of_villages_is_the_village():
    # jieba tags 村 zg (as it does 很 and 此): rules/qualifiers.yaml lists it with the words that
    # name what is counted, so 10个村 counts 村, not the 镇 before it
    for text in ["我镇共有10个村。", "全乡辖10个村,总人口3000人。"]:
        assert scan_figures(text)[0].subject == "村", text


def test_people_in_wan_with_the_ren_dropped_are_counted_as_people_not_rates():
    # units.yaml wan_after_people / wan_before_people assume 人: a count of people in 万 whose
    # 人 was dropped is classified as people (救助…群众: welfare.people), never as "other rates"
    # (rate.target reads unitless numbers); the unit stays "" with a missing_unit blank
    res = report_miner.mine_text("全年救助受灾群众2.6万,保障了3.77万缺粮群众,接待游客4.5万。")
    figs = res.figures
    assert figs["text"].tolist() == ["2.6万", "3.77万", "4.5万"]
    assert "rate.target" not in set(figs["metric"])
    assert figs["metric"].tolist()[0] == "welfare.people"
    assert set(figs["unit"]) == {""}
    assert res.blanks["unit"].tolist() == ["人", "人", "人"]


def test_a_lone_hundred_before_a_measure_word_and_yishang_is_a_figure():
    # 百名以上 / 千人以上: a lone 百/千 before a measure word and 以上 (small11); not in 百分之 or 百姓
    import report_miner
    figs = report_miner.mine_text("召开百名以上的院坝会,参加千人以上的培训。百姓满意。").figures
    got = [(r.text, r.value, r.unit, r.bound) for r in figs.itertuples()]
    assert got == [("百名以上", 100, "名", "min"), ("千人以上", 1000, "人", "min")], got
