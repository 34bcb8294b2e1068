"""The character classes other modules build from Chinese digits come from numerals' tables
(CN_DIGIT, CN_SMALL_UNIT, CN_BIG_UNIT), and hold exactly the characters they held when each
module spelt its own (so the tables stay identical)."""
from __future__ import annotations

from report_miner.analysis import similarity
from report_miner.mining import blanks, figures, normalise, numerals, structure


def test_numerals_everyday_sets_come_from_the_numeral_table():
    assert set(numerals.CN_EVERYDAY_DIGITS) <= set(numerals.CN_DIGIT)
    assert set(numerals.CN_EVERYDAY_DIGITS) == set("零〇一二两三四五六七八九")
    assert {numerals.CN_DIGIT[c] for c in numerals.CN_EVERYDAY_DIGITS} == set(range(10))
    assert set(numerals.CN_EVERYDAY_MAGNITUDES) == set("十百千万亿")
    assert set(numerals.CN_EVERYDAY_MAGNITUDES) <= set(numerals.CN_SMALL_UNIT) | set(numerals.CN_BIG_UNIT)


def test_numeral_classes_hold_what_they_held_when_spelt_out():
    assert set(figures._NUMERAL_CHARS) == set("〇零一二两三四五六七八九十百千万亿余多")
    assert set(blanks._NUM_CHARS) == set(".,-万亿一二三四五六七八九十百千两零〇")
    assert set(normalise._CN_DIGITS) == set("一二三四五六七八九〇零")
    assert set(structure._CN_YEAR_DIGIT.strip("[]")) == set("一二三四五六七八九〇零○")
    masked = similarity._MASK_NUMBER.pattern.split("|[", 1)[1].split("]", 1)[0]
    assert set(masked) == set("〇零一二三四五六七八九十百千万亿两")


def test_numeral_classes_still_read_years_and_numbers():
    assert normalise._fix_year_zeros("二O二一年") == "二〇二一年"
    assert normalise._fix_year_zeros("OO年") == "OO年"
    assert structure._YEAR.search("二〇二二年工作总结").group(2) == "二〇二二"
    assert structure._CN_DATE.search("二〇二二年三月五日").group("y", "m", "d") == ("二〇二二", "三", "五")
    assert blanks._num_end("百亿大关", 0, 4) == 2
    assert similarity._MASK_NUMBER.sub("#", "全镇一千二百人") == "全镇#人"
