"""Mends of the session-8 review (sentences invented for these tests).

- a Chinese number after a bound word may hold a zero or a 亿 inside it (突破一千零五十万,
  突破一亿零五百万): it gave no figure, or 一亿 alone;
- explain says that a unit-less rule with ``blank: true`` records a missing_unit blank whose
  unit is unknown, and which unit an ``assume`` reads the figure in;
- ingest that finds no report removes the archive it thought new only while that archive holds
  no file (a second run started at once on the same new path may have filled it).
"""
from __future__ import annotations

from pathlib import Path

import pytest

import report_miner


@pytest.mark.parametrize("text, number, value", [
    ("全县生猪年出栏突破一千零五十万。", "一千零五十万", 10_500_000),
    ("财政收入突破一亿零五百万,", "一亿零五百万", 105_000_000),
    ("游客已逾两万。", "两万", 20_000),                     # unchanged
], ids=["zero_inside", "yi_then_wan", "plain"])
def test_figures_bound_word_chinese_number_read_whole(text, number, value):
    figs = report_miner.mine_text(text).figures
    assert figs["text"].tolist() == [number]
    assert figs["value"].tolist() == [value]


def test_figures_bound_word_lone_wan_before_a_word_is_still_no_number():
    assert report_miner.mine_text("全镇上下突破万难,").figures.empty


def _unit_line(text: str, number: str) -> str:
    lines = str(report_miner.mine_text(text, explain=True).explanation).splitlines()
    at = next(i for i, ln in enumerate(lines) if f"'{number}'" in ln)
    return next(ln for ln in lines[at + 1:] if "unit rule" in ln)


def test_explain_unitless_blank_with_unknown_unit_is_said():
    line = _unit_line("全县生猪年出栏逾10万,", "10万")
    assert "unitless rule wan_after_bound " in line
    assert "missing_unit blank with unit ''" in line


def test_explain_unitless_assumed_unit_is_said():
    line = _unit_line("全镇协会会员1360,比上年增加。", "1360")
    assert "unit '人' dropped" in line and "classified as if in '人'" in line
    line = _unit_line("全村一千出头的人口。", "一千出头")
    assert "read as '人'" in line and "dropped" not in line


def test_ingest_holds_no_file_only_for_an_archive_without_files(tmp_path):
    from report_miner.cli.ingest import _holds_no_file
    from report_miner.cli.app import main
    from report_miner.store.archive import open_archive

    empty = tmp_path / "empty.sqlite"
    open_archive(empty).close()
    assert _holds_no_file(str(empty))
    full = tmp_path / "full.sqlite"
    corpora = Path(__file__).parent.parent / "corpora"
    assert main(["ingest", str(corpora / "t01_zongjie_hexi.txt"), "--db", str(full), "-q"]) == 0
    assert not _holds_no_file(str(full))
    other = tmp_path / "notes.sqlite"
    other.write_text("not a database", encoding="utf-8")
    assert not _holds_no_file(str(other))
    assert not _holds_no_file(str(tmp_path / "gone.sqlite"))


def test_figures_place_line_is_a_share_only_within_its_own_report():
    # two reports glued in one file: the second report's own total, on a line that opens with
    # its township's name, is no share of the first report's total
    glued = ("第一篇\n东山镇2022年计划生育工作总结\n全镇总人口21500人,辖11个村。\n"
             "第二篇\n河西乡2022年计划生育工作总结\n河西乡 总人口18600人,辖9个村。\n")
    figs = report_miner.mine_text(glued).figures
    assert figs[["text", "metric", "report"]].values.tolist() == [
        ["21500人", "population.total", 1], ["11个", "admin.villages", 1],
        ["18600人", "population.total", 2], ["9个", "admin.villages", 2]]
    # within one report the place's line is still its share
    one = "东山镇2022年工作总结\n全镇总人口21500人,辖11个村。\n城关村:人口1200人;\n"
    figs = report_miner.mine_text(one).figures
    assert figs[figs.text == "1200人"].metric.tolist() == ["other"]
