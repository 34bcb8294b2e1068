"""Numbers as written in Chinese reports, to values.

Arabic (``1,234``, ``3.5``), Chinese (``十六``, ``两千``, ``一万二千``, ``一万二``, ``二〇一〇``),
mixed (``3.5万``, ``2千``), loose ranges written as neighbouring digits (``三四`` is 3-4,
``二三十`` is 20-30) and vague magnitudes (``十几`` ≈ 10, ``几百`` ≈ 100).

>>> parse_number("1,234")
ParsedNumber(value=1234, value_max=None, approx=False)
>>> parse_number("3.5万").value
35000
>>> parse_number("一万二千").value, parse_number("一万二").value, parse_number("两千").value
(12000, 12000, 2000)
>>> parse_number("二〇一〇").value
2010
>>> parse_number("三四")
ParsedNumber(value=3, value_max=4, approx=True)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "两": 2,
            "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7,
            "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
CN_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}
ARABIC_MAG = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000,
              "百万": 1_000_000, "千万": 10_000_000}

_DIGITS = "".join(CN_DIGIT)
_UNITS = "十拾百佰千仟万亿"

# Regex building blocks (``regex`` syntax), shared by the figure scanner.
# At most 15 digits (a longer run is a code or junk, not a count). Thousands may be grouped with
# commas or with (thin) spaces as typesetters do (5 860人); 万/亿 may stand after a space (2.18 万人).
# digits with several magnitudes (1万8千, 2千3百, 1万零346, 1万8) and 20余万 (200,000 and more)
_RE_MIXED = (r"\d{1,12}(?:\.\d+)?[亿万千百](?:零?\d{1,4}[千百十]|零\d{1,4}|\d(?![\d.,]))"
             r"(?:零?\d{1,4}[千百十]|零\d{1,4}|\d(?![\d.,])){0,2}"
             r"|\d{1,12}[余多][万亿]")
RE_ARABIC = (rf"(?:{_RE_MIXED}"
             r"|(?:\d{1,3}(?:,\d{3}){1,4}(?![\d])|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3}){1,4}(?![\d])"
             r"|\d{1,15}(?!\d))(?:\.\d+)?(?:百万|千万|[十百千]|[ \u00a0]?[万亿])?)")
# A Chinese numeral is at most 25 characters before 点 and 15 after (一亿二千三百四十五万六千七百八十九
# is 17): unbounded, a long run of numerals with no unit after it was tried from each of its
# characters to its end (quadratic: 25k numerals took minutes in mine_text)
# The financial (大写) numerals 壹贰叁肆伍陆柒捌玖拾 start a number only in a run of numerals or
# before 佰/仟/万/元/圆 (伍仟元, 叁拾人): alone they are mostly a character of a word (队伍, 入伍,
# 拾金不昧). 廿 (20) and 卅 (30) start a number too (廿六个, 卅人), read as 二十 / 三十.
_FIN_START = "壹贰叁肆伍陆柒捌玖拾"
_PLAIN_START = "".join(c for c in _DIGITS + "十" if c not in _FIN_START)
# what a financial numeral is followed by in a number: another financial numeral, 零, 万/亿 or
# 元/圆 (伍拾柒, 壹万, 伍仟元); never an everyday one (队伍十七支: 伍 ends a word before 十七)
_FIN_FOLLOW = _FIN_START + "佰仟零〇万亿元圆"
# Character sets other modules build character classes from (derived here, from the tables
# above, so that a digit added to CN_DIGIT reaches every class):
#: the digits as everyday text writes them: CN_DIGIT without the financial (大写) forms, the 幺
#: of spoken numbers and the circle ○ that stands in for 〇 (零〇一二两三四五六七八九)
CN_EVERYDAY_DIGITS = "".join(c for c in CN_DIGIT if c not in _FIN_START and c not in "幺○")
#: the magnitudes as everyday text writes them (十百千万亿): CN_SMALL_UNIT and CN_BIG_UNIT
#: without the financial forms 拾佰仟
CN_EVERYDAY_MAGNITUDES = "".join(c for c in (*CN_SMALL_UNIT, *CN_BIG_UNIT)
                                 if c not in _FIN_START and c not in "佰仟")
#: the digits of a year written in Chinese (二〇二一, 一九九八): the everyday digits without 两,
#: which no year holds (零〇一二三四五六七八九)
CN_YEAR_DIGITS = CN_EVERYDAY_DIGITS.replace("两", "")


def chinese_re(lone_after: str, lone_before: str = "") -> str:
    """The pattern of a Chinese numeral (``regex`` syntax). ``lone_after``: a pattern of the
    words after which a lone 百/千/万 is a number (近万人, 上千名, 过万元), as a look-behind
    holds it: the rule set's ``rules/qualifiers.yaml`` section ``numerals``
    (``lone_magnitude_after``), built by the figure scanner; "" for none. ``lone_before``: a
    pattern of what a lone 百/千 is a number before (a measure word and 以上/左右: 百人以上,
    千人左右; ``lone_magnitude_before``), as a look-ahead holds it; "" for none.

    >>> import regex
    >>> regex.search(chinese_re("近|上"), "近万人").group(), regex.search(chinese_re(""), "近万人")
    ('万', None)
    """
    lone = rf"|(?<={lone_after})(?:[百千][万亿]?|万)" if lone_after else ""
    if lone_before:
        lone += rf"|(?<![{_DIGITS}{_UNITS}几])[百千](?={lone_before})"
    return (
        rf"(?:(?:[{_PLAIN_START}]|[{_FIN_START}](?=[{_FIN_FOLLOW}])|几(?=[十百千万]))"
        rf"[{_DIGITS}{_UNITS}几]{{0,24}}(?:点[{_DIGITS}]{{1,15}})?[万亿]?"
        rf"|[廿卅][一二三四五六七八九]?(?![{_DIGITS}{_UNITS}])"
        rf"{lone}|[百千万](?=[余多]))"
    )


#: the characters a match of :func:`chinese_re` may start with (a cheap first test before it)
CHINESE_FIRST = _DIGITS + _UNITS + "几廿卅"


def number_re(lone_after: str, lone_before: str = "") -> str:
    """The pattern of a number, Arabic (:data:`RE_ARABIC`) or Chinese (:func:`chinese_re`,
    which ``lone_after`` and ``lone_before`` are passed to)."""
    return rf"(?:{RE_ARABIC}|{chinese_re(lone_after, lone_before)})"


@dataclass(frozen=True)
class ParsedNumber:
    """A number's value; ``value_max`` for a range, ``approx`` for vague forms (十几, 三四)."""

    value: int | float
    value_max: int | float | None = None
    approx: bool = False


def _clean(x: Decimal) -> int | float:
    return int(x) if x == x.to_integral_value() else float(x)


def _arabic(s: str) -> Decimal:
    mult = Decimal(1)
    for mag in ("百万", "千万"):
        if s.endswith(mag):
            mult, s = Decimal(ARABIC_MAG[mag]), s[: -len(mag)]
            break
    else:
        if s and s[-1] in ARABIC_MAG:
            mult, s = Decimal(ARABIC_MAG[s[-1]]), s[:-1]
    return Decimal(s.replace(",", "").replace(" ", "").replace("\u00a0", "")
                   .replace("\u2009", "").replace("\u202f", "")) * mult


_MIXED_TAIL = re.compile(r"[亿万千百十][零\d]|\d[余多][万亿]")
_MIXED_TOKEN = re.compile(r"\d+(?:\.\d+)?|[亿万千百十零余多]")


def _arabic_mixed(s: str) -> ParsedNumber:
    """Digits with more than one magnitude, read like Chinese numerals: 1万8千 = 18000,
    2千3百 = 2300, 1万零346 = 10346, 1万8 = 18000 (a lone digit counts in the next lower
    place, as in 一万八), 20余万 = 200000 and more.

    >>> [parse_number(x).value for x in ("1万8千", "2千3百", "1万零346", "1万8", "1千1百")]
    [18000, 2300, 10346, 18000, 1100]
    >>> parse_number("20余万")
    ParsedNumber(value=200000, value_max=None, approx=True)
    """
    total = section = Decimal(0)
    pending: Decimal | None = None
    pending_text = ""
    last_small = last_big = None
    after_zero = approx = False
    for tok in _MIXED_TOKEN.findall(s):
        if tok[0].isdigit():
            pending, pending_text = Decimal(tok), tok
        elif tok in "余多":
            approx = True
        elif tok == "零":
            after_zero = True
        elif tok in "十百千":
            section += (Decimal(1) if pending is None else pending) * CN_SMALL_UNIT[tok]
            pending, last_small = None, CN_SMALL_UNIT[tok]
        else:  # 万 亿
            # a magnitude right after another (1万亿) multiplies what is there; alone (万) it is 1
            part = section + (Decimal(1) if pending is None and not section and not total
                              else pending or 0)
            if tok == "万" and total >= 100_000_000 and part:  # 1亿5千万: the 万 part after 亿
                total += part * CN_BIG_UNIT[tok]
            else:
                total = (total + part) * CN_BIG_UNIT[tok]
            section, pending, last_big, last_small = Decimal(0), None, CN_BIG_UNIT[tok], None
    if pending is not None:
        place = last_small or last_big
        if not after_zero and len(pending_text) == 1 and place and place >= 100:
            section += pending * Decimal(place) / 10  # 1万8, 2千3
        else:
            section += pending
    return ParsedNumber(_clean(total + section), None, approx)


def _chinese_section(s: str) -> Decimal:
    """Value of a Chinese numeral below 万 (十六, 三百零五, 两千, 三千五 = 3500)."""
    total, digit, last_unit = Decimal(0), None, None
    for ch in s:
        if ch in CN_DIGIT:
            digit = CN_DIGIT[ch]
            if digit == 0:
                last_unit = None  # 一百零五: what follows 零 is in the ones place
        elif ch in CN_SMALL_UNIT:
            u = CN_SMALL_UNIT[ch]
            total += Decimal(1 if digit is None else digit) * u
            digit, last_unit = None, u
    if digit is not None:
        # 三千五 is 3500, 一百二 is 120: a trailing digit counts in the next lower place
        total += Decimal(digit) * (Decimal(last_unit) / 10 if last_unit and last_unit >= 100 else 1)
    return total


def _chinese(s: str) -> ParsedNumber:
    approx = "几" in s
    s = s.replace("几", "")
    if "点" in s:
        whole, frac = s.split("点", 1)
        big = whole[-1] if whole and whole[-1] in CN_BIG_UNIT else ""
        intpart = _chinese(whole.rstrip("万亿")).value if whole.rstrip("万亿") else 0
        frac_digits = "".join(str(CN_DIGIT[c]) for c in frac if c in CN_DIGIT)
        frac_big = frac[-1] if frac and frac[-1] in CN_BIG_UNIT else big
        val = Decimal(f"{intpart}.{frac_digits or 0}") * (CN_BIG_UNIT.get(frac_big, 1))
        return ParsedNumber(_clean(val), None, approx)
    if not s:
        return ParsedNumber(0, None, True)
    if s in ("十", "拾"):
        return ParsedNumber(10, None, approx)
    if s in CN_SMALL_UNIT or s in CN_BIG_UNIT:  # lone magnitude after 近/上/数: 近万
        return ParsedNumber(CN_SMALL_UNIT.get(s) or CN_BIG_UNIT[s], None, True)
    if all(c in CN_DIGIT for c in s):
        digits = [CN_DIGIT[c] for c in s]
        if len(s) == 2 and digits[1] == digits[0] + 1 and digits[0] > 0:
            return ParsedNumber(digits[0], digits[1], True)  # 三四个: 3-4
        return ParsedNumber(int("".join(map(str, digits))), None, approx)  # 二〇一〇
    # 二三十: neighbouring digits before a unit, a range of tens
    if (len(s) >= 3 and s[0] in CN_DIGIT and s[1] in CN_DIGIT and s[2] in CN_SMALL_UNIT
            and CN_DIGIT[s[1]] == CN_DIGIT[s[0]] + 1 and len(s) == 3):
        u = CN_SMALL_UNIT[s[2]]
        return ParsedNumber(CN_DIGIT[s[0]] * u, CN_DIGIT[s[1]] * u, True)
    total, section = Decimal(0), ""
    for ch in s:
        if ch in CN_BIG_UNIT:
            # 一万亿: a magnitude right after another multiplies the number so far (not + 1)
            sec = _chinese_section(section) if section else Decimal(0 if total else 1)
            if ch == "万" and total >= 100_000_000:
                total += sec * CN_BIG_UNIT[ch]
            else:
                total = (total + sec) * CN_BIG_UNIT[ch]
            section = ""
            last_big = CN_BIG_UNIT[ch]
        else:
            section += ch
    if section:
        if total and all(c in CN_DIGIT for c in section) and len(section) == 1:
            total += Decimal(CN_DIGIT[section]) * Decimal(last_big) / 10  # 一万二 = 12000
        else:
            total += _chinese_section(section)
    return ParsedNumber(_clean(total), None, approx)


def parse_number(s: str) -> ParsedNumber:
    """Parse one number token as matched by :func:`number_re`.

    >>> parse_number("十六").value, parse_number("十几").approx, parse_number("21.4万").value
    (16, True, 214000)
    """
    s = s.strip()
    if not s:
        raise ValueError("empty number")
    if s.isascii() and s.isdigit():  # the common case, 17364
        return ParsedNumber(int(s))
    if s[0].isdigit() and _MIXED_TAIL.search(s):
        return _arabic_mixed(s)
    s = s.rstrip(" \u00a0") if s[-1] not in "万亿" else s.replace(" ", "").replace("\u00a0", "")
    if s[0].isdigit():
        try:
            return ParsedNumber(_clean(_arabic(s)))
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {s!r}") from exc
    if s[0] in "廿卅":  # 廿六 = 26, 卅 = 30
        s = ("二十" if s[0] == "廿" else "三十") + s[1:]
    return _chinese(s)


def is_chinese_numeral(s: str) -> bool:
    """True when ``s`` is written in Chinese numerals (一, 十六), not Arabic digits."""
    return bool(s) and not s[0].isdigit()
