"""Long runs without the characters a pattern ends on (a table of numerals, OCR junk, a list of
empty slots): the tables stay right. Speed on such text is measured in bench/, not here."""
from __future__ import annotations

import codecs

import pytest

from report_miner import mine_text
from report_miner.mining.normalise import normalise
from report_miner.readers.encoding import decode_bytes
from report_miner.ruleset.load import RuleSet


@pytest.fixture(scope="module")
def rules():
    return RuleSet.load()


def test_a_year_after_a_long_numeral_run_still_gets_its_zero_fixed():
    text = normalise("一二三" * 3000 + "。二〇二O年").text
    assert text.endswith("。二〇二〇年")
    assert text.startswith("一二三一二三")


def test_a_figure_after_a_long_numeral_run_is_found(rules):
    figs = mine_text("九" * 1500 + ",全村共有三千二百人。" + "一二三" * 500 + "个", rules=rules).figures
    assert (figs["value"] == 3200).sum() == 1
    assert figs.loc[figs["value"] == 3200, "unit"].tolist() == ["人"]


def test_a_long_list_of_empty_rates_keeps_its_first_slots(rules):
    text = "出生率、死亡率分别为" + "、" * 2000 + "。"
    blanks = mine_text(text, rules=rules).blanks
    rate = blanks[blanks["rule"] == "rate_left_empty"]
    assert len(rate) >= 2
    assert rate["start"].min() == len("出生率、死亡率分别为")


@pytest.mark.parametrize("encode,encoding", [("utf-8", "utf-8"), ("gbk", "gb18030")])
def test_text_after_a_wrong_utf16_mark_is_read_as_what_it_is(encode, encoding):
    text = "全镇总人口12345人,已婚育龄妇女2100人。\n"
    got, name = decode_bytes(codecs.BOM_UTF16_LE + text.encode(encode))
    assert got == text
    assert name.startswith(encoding + " (after a utf-16-le byte-order mark")


def test_a_real_utf16_file_with_its_mark_is_unchanged():
    text = "全镇总人口12345人。\n"
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == (text, "utf-16-le")


def test_a_long_line_ending_in_a_number_before_a_break_is_mended_right(rules):
    # the split-number pattern reads a line lazily (a greedy run over a long line that ends
    # in no split number was backtracked quadratically); the spans are those of a greedy read
    from report_miner.mining.normalise import find_split_numbers

    text = "中1." * 3000 + "\n6年。" + "全年共计为困难群众发放救助金共3\n\n3.8万元," + "中1" * 3000 + "\n%,"
    spans = find_split_numbers(text, rules)
    assert [text[s:e] for s, e in spans] == ["\n\n", "\n"]
    assert spans == [m.span("cut") for m in rules.split_numbers.pattern.finditer(text)]
