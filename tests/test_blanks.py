"""Blank detection on example sentences (tests/cases/blanks.yaml) and on the corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

import report_miner
from case_files import read_cases
from report_miner.mining.blanks import scan_blanks
from report_miner.mining.normalise import normalise

# blanks.yaml, and blanks_unseen.yaml: cases written blind (issue 12), before reading the rules
CASES = read_cases("blanks.yaml", "blanks_unseen.yaml")
CORPUS = Path(__file__).parent.parent / "corpora" / "000_69ef0c422dca94cf.txt"


def _params(cases):
    """Each case as a pytest param; ``xfail: reason`` marks a known failure, run strict."""
    return [pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])]
                         if c.get("xfail") else []) for c in cases]


@pytest.mark.parametrize("case", _params(CASES))
def test_blanks_examples(case):
    text = case["input"]
    got = scan_blanks(text)
    if case.get("none"):
        assert [(b.kind, b.context) for b in got] == []
        return
    assert len(got) == len(case["expect"]), [(b.kind, b.context) for b in got]
    clean = normalise(text).text
    for b, (kind, before, unit, metric) in zip(got, case["expect"]):
        assert b.kind == kind, b
        assert clean[:b.start].endswith(before), (b.context, before)
        assert b.unit == unit, b
        if metric is not None:
            assert b.metric == metric, b


def test_blanks_across_page_chunk_break_point_at_original_text():
    text = CORPUS.read_text("utf-8")
    blanks = report_miner.mine_text(text).blanks
    # "辖村,\n2、个村民小组": the slot before 个 sits after the removed chunk number
    row = blanks[blanks.context.str.contains("辖村,⟨⟩个村民小组")].iloc[0]
    assert text[row.start - 5:row.start] == "村,\n2、" and text[row.start] == "个"


def test_blanks_seed_includes_each_kind():
    blanks = report_miner.mine_text(CORPUS.read_text("utf-8")).blanks
    kinds = blanks.groupby("kind").size().to_dict()
    assert kinds["missing_number"] >= 30 and kinds["placeholder"] >= 10
    assert kinds["missing_unit"] == 3 and kinds["missing_text"] == 2


def test_blanks_no_false_blanks_in_filled_reports():
    for name in ["t01_zongjie_hexi.txt", "t04_zongjie_nanxi_big5.txt", "t05_zongjie_liuping_gb18030.txt",
                 "t07_zongjie_dongba_traps.txt"]:
        res = report_miner.mine_file(CORPUS.parent / name)
        assert len(res.blanks) == 0, res.blanks.context.tolist()
