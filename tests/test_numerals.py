"""Number parsing."""
from __future__ import annotations

import pytest

from report_miner.mining.numerals import parse_number

CASES = [
    ("17364", 17364, None, False), ("1,234", 1234, None, False), ("15.0", 15.0, None, False),
    ("3.5万", 35000, None, False), ("21.4万", 214000, None, False), ("2千", 2000, None, False),
    ("十", 10, None, False), ("十六", 16, None, False), ("二十五", 25, None, False),
    ("一百零五", 105, None, False), ("三千零五十", 3050, None, False), ("两千", 2000, None, False),
    ("一万二千", 12000, None, False), ("一万二", 12000, None, False), ("三千五", 3500, None, False),
    ("一亿二千万", 120_000_000, None, False), ("二〇一〇", 2010, None, False),
    ("三点五万", 35000, None, False), ("三四", 3, 4, True), ("二三十", 20, 30, True),
    ("十几", 10, None, True), ("几百", 100, None, True), ("万", 10000, None, True),
]


@pytest.mark.parametrize("text,value,vmax,approx", CASES, ids=[c[0] for c in CASES])
def test_numerals_parse(text, value, vmax, approx):
    n = parse_number(text)
    assert n.value == pytest.approx(value)
    assert n.value_max == vmax
    assert n.approx is approx


def test_numerals_empty_is_an_error():
    with pytest.raises(ValueError):
        parse_number("")


@pytest.mark.parametrize("text,value", [
    ("一万亿", 10**12), ("两万亿", 2 * 10**12), ("一亿亿", 10**16), ("一万亿亿亿亿亿亿", 10**52),
    ("1亿5千万", 150_000_000), ("2亿3万", 200_030_000), ("3千万", 30_000_000)])
def test_numerals_stacked_magnitudes_multiply(text, value):
    # a magnitude right after another multiplies (一万亿 is 10^12, not 10^12 + 10^8), and the
    # 万 part after 亿 adds (1亿5千万)
    assert parse_number(text).value == value
