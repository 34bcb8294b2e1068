"""Normalisation that keeps offsets: the text that rules scan, and a map back to the text as loaded.

Reports served by document sites arrive with running page-chunk numbers at line starts
("1、", "2、" … "47、") that cut sentences and even numbers in half::

    目前全镇1
    17、0个村          ->  目前全镇10个村

``normalise(text)`` returns a :class:`Normalised` whose ``.text`` is the cleaned copy and whose
``.to_orig_span(start, end)`` maps any span of it back to the original, so that
``original[s:e]`` shows exactly the characters a figure came from ("1\\n17、0个村").

What it does, in order:

0. reads through what a copy from a web page, a word processor, a numbering viewer or a
   justified PDF left (:func:`find_copy_remnants`): invisible characters (zero-width space, BOM,
   soft hyphen) go, a no-break space next to a digit and an ideographic space between a number
   and its unit go (other no-break spaces read as spaces), HTML entities read as the character
   they stand for and tags that end a line as a line break, line numbers at every line start go,
   and so do the spaces of a line spaced out glyph by glyph; the steps below read the text
   without them (their spans are mapped back to the text as loaded);
1. removes page-chunk numbers (a running sequence 1、2、3、… at line starts that cuts sentences),
   together with the line break when the break falls inside a sentence; and, in a text that a
   PDF or OCR engine wrapped at a fixed width, the line breaks that only wrap a paragraph
   ("会员1⏎800人" is 1800人 again) and running page numbers on lines of their own (in a text
   too short to show one width, the breaks of a paragraph whose lines are of exactly one width:
   ``short_wraps``; never the lines of a table drawn with characters); and the
   break inside a number that a page or line break cut ("100⏎⏎%", "3⏎⏎3.8万元");
2. folds compatibility characters to the ideographs they stand for, as NFKC does (Kangxi
   radicals ⼈ → 人, compatibility ideographs, circled digits written for a digit in running
   text: 共⑤个 → 共5个, while ① as a list marker stays), plus the CJK radicals supplement that
   NFKC leaves (⺠ → 民): PDF text layers carry them for the glyphs they share; and folds
   full-width ASCII (０-９, ％, ，…) and the ideographic space to their half-width forms;
3. converts traditional characters to simplified ones one-for-one (OpenCC ``t2s``) so the
   same rules serve Big5 reports;
4. writes 〇 for the letter o/O, the digit 0 or ○ inside Chinese year numerals ("二o一0年"),
   and mends a few look-alike characters OCR leaves in common words (己婚 → 已婚).

Steps 2-4 (and step 0's entities, tags and no-break spaces) replace characters one for one; only
steps 0 and 1 delete, so the map is a short list of segments (one per deletion) and costs little
even for large files.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable

import regex

from .numerals import CN_YEAR_DIGITS

# ----------------------------------------------------------------------------- offset map


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise map from clean-text offsets to original offsets.

    ``starts[k]`` is the clean offset where segment ``k`` begins and ``origs[k]`` the original
    offset of that character; inside a segment both advance together.
    """

    starts: tuple[int, ...]
    origs: tuple[int, ...]
    clean_len: int
    orig_len: int

    def to_orig(self, i: int) -> int:
        """Original offset of the clean character at ``i`` (``i == clean_len`` maps to the end)."""
        if i >= self.clean_len:
            return self.orig_len
        if len(self.starts) == 1:  # nothing was deleted: one segment
            return self.origs[0] + (i - self.starts[0])
        k = bisect.bisect_right(self.starts, i) - 1
        return self.origs[k] + (i - self.starts[k])

    def to_orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span ``[start, end)`` to the original text.

        The end is mapped through its last character, so a span that stops just before a removed
        page-chunk number does not swallow it, while a span that crosses one covers it.
        """
        if end <= start:
            s = self.to_orig(start)
            return s, s
        return self.to_orig(start), self.to_orig(end - 1) + 1


@dataclass(frozen=True)
class Normalised:
    """A cleaned copy of a text plus the way back to the original offsets."""

    text: str
    original: str
    map: OffsetMap
    page_chunks: tuple[tuple[int, int], ...] = field(default=())
    """Original spans removed in step 1: page-chunk markers, wrapping line breaks, page numbers
    (for the record)."""

    def to_orig_span(self, start: int, end: int) -> tuple[int, int]:
        """:meth:`OffsetMap.to_orig_span`: a clean span ``[start, end)`` in the original text."""
        if 0 <= start < end <= self.unmoved:
            return start, end  # the map is the identity there (most texts lose no character)
        return self.map.to_orig_span(start, end)

    @cached_property
    def unmoved(self) -> int:
        """The length of the clean text when no character moved (nothing was deleted, so the
        map is one segment from 0 to 0 and a span maps to itself), else -1."""
        return len(self.text) if self.map.starts == (0,) and self.map.origs == (0,) else -1

    @cached_property
    def sentences(self):
        """The :class:`report_miner.mining.context.SentenceIndex` of the clean text, built once (and
        the one :func:`report_miner.mining.context.sentence_span` finds for this text)."""
        from .context import _sentence_index

        return _sentence_index(self.text)

    @cached_property
    def chars(self) -> frozenset[str]:
        """The distinct characters of the clean text, found once: every rule scan first asks
        whether the text holds a character its matches need (figures' exclusions and blank
        rules alike; building the set costs as much as a few dozen of those tests)."""
        return frozenset(self.text)


# ----------------------------------------------------------------------------- page chunks

_CHUNK_RE = regex.compile(r"(?:(?<=\n)|^)(\d{1,4})、", regex.MULTILINE)
_SENTENCE_END = set("。!?;:！？；：”\"」』)）")
MIN_CHUNK_RUN = 3          # a running sequence this long or longer may be page chunks
MIN_MEAN_CHUNK_CHARS = 80  # page chunks are long; a real numbered list usually is not
MIN_MIDSENTENCE_SHARE = 0.4


def find_page_chunks(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` to delete for page-chunk markers, line break included where the
    break cuts a sentence. Empty when the text has no running 1、2、3… sequence at line starts,
    or when the sequence looks like a real numbered list (short items ending in 。). A running
    sequence of page numbers on lines of their own (document sites: "共计4.5⏎1⏎万元") counts
    the same way, by the same tests.

    >>> find_page_chunks("1、抓认识。\\n2、抓试点。\\n3、抓整体。")
    []
    """
    spans = _chunk_spans(text, _CHUNK_RE, bare=False)
    if "\n" in text and _BARE_PAGE_HINT.search(text):
        spans = sorted(spans + _chunk_spans(text, _BARE_PAGE_RE, bare=True))
    return spans


# a page number alone on its line (a document site's running page marker)
_BARE_PAGE_RE = regex.compile(r"(?:(?<=\n)|^)[ \t]*(\d{1,4})[ \t]*(?=\r?\n)", regex.MULTILINE)
_BARE_PAGE_HINT = re.compile(r"\n[ \t]*1[ \t]*\r?\n")


def _chunk_spans(text: str, pattern, bare: bool) -> list[tuple[int, int]]:
    expected, chain = 1, []
    for m in pattern.finditer(text):
        if int(m.group(1)) == expected:
            chain.append(m)
            expected += 1
    # (page numbers alone on their lines: two running ones in a longer text, one in a short
    # one, each cutting a sentence as the tests below require; "1、2、3、" chunks: three)
    if len(chain) < ((MIN_CHUNK_RUN if not bare else 2) if len(text) > 600 else 2 if not bare else 1):
        return []
    # page chunks are long and break mid-sentence; numbered lists are short and end in 。
    positions = [m.start() for m in chain] + [len(text)]
    mean_len = (positions[-1] - positions[0]) / len(chain)
    breaks = chain[1:] if not bare else chain
    mid = 0
    for m in breaks:
        j = m.start() - 1
        while j >= 0 and text[j] in "\r\n \t":
            j -= 1
        mid += j >= 0 and text[j] not in _SENTENCE_END
    if mean_len < MIN_MEAN_CHUNK_CHARS or (breaks and mid / len(breaks) < MIN_MIDSENTENCE_SHARE):
        return []
    spans = []
    for m in chain:
        s, e = m.start(), m.end()
        j = s
        while j > 0 and text[j - 1] in "\r\n":
            j -= 1
        k = j - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        mid_sentence = k >= 0 and text[k] not in _SENTENCE_END
        if bare:  # the number's line goes with its own break; mid-sentence the break before too
            e = text.index("\n", e) + 1
            spans.append((j if mid_sentence else s, e))
        else:
            spans.append((j if mid_sentence else s, e))
    return spans


# ----------------------------------------------------------------------------- hard line wraps

# a page number as printed: "— 3 —", "第 2 页", "第2页 共5页", "2/5" (a split number's break may hold one too)
_PAGE_NUMBER = (r"(?:[—\-－–]+[ \t\u3000]*\d{1,4}[ \t\u3000]*[—\-－–]+"
                r"|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页(?:[ \t\u3000]*[,，/]?[ \t\u3000]*共[ \t\u3000]*\d{1,4}[ \t\u3000]*页)?"
                r"|\d{1,4}[ \t\u3000]*/[ \t\u3000]*\d{1,4})")
_PAGE_FURNITURE = regex.compile(
    r"[ \t\u3000]*(?:" + _PAGE_NUMBER + r"|[-－]?[ \t\u3000]*\d{1,3}[ \t\u3000]*[-－]?)[ \t\u3000]*\r?")
_NEW_PARAGRAPH = regex.compile(
    r"[ \t\u3000]|[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)"
    r"|第[一二三四五六七八九十\d]{1,3}[篇章节条部分]")
MIN_WRAPPED_LINES = 8      # a text needs this many lines of the common width to be hard-wrapped
MIN_WRAPPED_SHARE = 0.5    # … and they must be this share of its lines of some length


def _visual_width(line: str) -> float:
    """Printed width in full-width character cells (ASCII letters and digits take half)."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


def _full_lines(lines: list[str]) -> list[bool] | None:
    """Which lines run to the common width, by the measure that explains the text best: the
    printed width (a PDF wraps at a fixed width, ASCII takes half a cell) or the number of
    characters (some converters wrap at a fixed count). None when there is no common width."""
    best: list[bool] | None = None
    best_n = 0
    stripped = [ln.rstrip("\r \u3000") for ln in lines]
    for visual, tol in ((False, 1.0), (True, 1.5)):
        # (the printed width: _visual_width, written out to spare a call per line)
        widths = ([len(ln) - 0.5 * len(ln.encode("ascii", "ignore")) if not ln.isascii()
                   else 0.5 * len(ln) for ln in stripped]
                  if visual else [float(len(ln)) for ln in stripped])
        long_enough = [round(w) for w in widths if w >= 12]
        if len(long_enough) < MIN_WRAPPED_LINES:
            continue
        counts: dict[int, int] = {}
        for w in long_enough:
            counts[w] = counts.get(w, 0) + 1
        mode = max(counts, key=lambda w: (counts[w], w))
        full = [abs(w - mode) <= tol for w in widths]
        n_full = sum(full)
        if (mode >= 12 and n_full >= MIN_WRAPPED_LINES
                and n_full >= MIN_WRAPPED_SHARE * len(long_enough) and n_full > best_n):
            best, best_n = full, n_full
    return best


def _is_layout_line(line: str, table_chars: str) -> bool:
    """A row or a rule line of a table drawn with characters (``│村别│户数│``, ``+----+``,
    ``├──┼──┤``): it opens and ends with one of ``table_chars``. Never prose to unwrap."""
    body = line.strip(" \t\r\u3000")
    return bool(body) and body[0] in table_chars and body[-1] in table_chars


_COLUMN_GAP = re.compile(r"\S(?:\t|  |\u3000)")


def _short_full_lines(lines: list[str], min_lines: int, ends: str) -> list[bool] | None:
    """The wrapped lines of a short paragraph a PDF wrapped (a text with too few lines for
    :func:`_full_lines`): a run of at least ``min_lines`` lines of exactly one width (the same
    number of characters, or printed widths within half a cell), at least 12 cells wide, most of
    them ending mid-clause (no punctuation at the line end) and with punctuation inside, then the
    paragraph's last line: shorter, ending in one of ``ends`` (。！？…); or the run's own last
    line ends so and a blank line, a new paragraph or the text's end follows. Poems and
    slogans (short lines, no punctuation inside), lists and headings (each line ending in
    punctuation, or opening with a number: never joined) and a table's rows (a tab or a gap of
    two blanks inside a line) are left as they are. None when no run is found."""
    if min_lines <= 0:
        return None
    stripped = [ln.rstrip("\r \u3000") for ln in lines]
    sizes = [(len(ln), len(ln) - 0.5 * len(ln.encode("ascii", "ignore"))) for ln in stripped]
    full = [False] * len(lines)
    found = False
    i = 0
    while i < len(lines):
        n0, w0 = sizes[i]
        if w0 < 12:
            i += 1
            continue
        j = i + 1
        while (j < len(lines) and (sizes[j][0] == n0 or abs(sizes[j][1] - w0) <= 0.5)
               and not _NEW_PARAGRAPH.match(lines[j])):
            j += 1
        if j - i < min_lines:
            i = j
            continue
        run = stripped[i:j]
        if any(_COLUMN_GAP.search(ln.lstrip(" \t\u3000")) for ln in run):
            i = j  # aligned columns (a table's rows are of one width too): no paragraph
            continue
        nxt = stripped[j] if j < len(lines) else ""
        if nxt and not _NEW_PARAGRAPH.match(lines[j]) and sizes[j][1] < w0 and nxt[-1] in ends:
            joined = run  # the last line, shorter, ends the paragraph: every run line wraps
        elif (not nxt or _NEW_PARAGRAPH.match(lines[j])) and run[-1][-1] in ends:
            joined = run[:-1]  # the run's last line ends the paragraph itself
        else:
            joined = []
        mid = sum(ln[-1] not in _SENTENCE_END and ln[-1] not in "，,、" for ln in joined)
        inner = sum(any(c in "，,、。；;" for c in ln[:-1]) for ln in run)
        if (joined and 2 * mid >= len(joined)
                and 2 * inner >= len(run)):
            for k in range(i, i + len(joined)):
                full[k] = True
            found = True
        i = j
    return full if found else None


def find_line_wraps(text: str, table_chars: str = "", short_lines: int = 0,
                    ends: str = "。！？!?；;…") -> list[tuple[int, int]]:
    """Spans to delete in a text that a PDF or an OCR engine wrapped at a fixed width: the line
    break after every full-width line that the next line continues (so "会员1\\n800人" is 1800人
    again), and the page furniture between pages: running page numbers on lines of their own
    ("— 3 —", "第 2 页 共 5 页") and a running header (the same line again next to a page
    number), each with its line break. Empty when the lines are not of one common width
    (ordinary text with a paragraph per line is never touched).

    ``table_chars``: the characters of tables drawn as text (cell separators and rule
    characters, ``rules/structure.yaml`` ``text_tables``): a line that opens and ends with one
    (``│东坪村│182│``, ``├──┼──┤``) is a table's, of one width like a wrapped paragraph's but
    never joined. ``short_lines`` (``short_wraps`` ``min_lines``; 0: off): in a text with too few
    lines of one width to tell, a short paragraph wrapped at a fixed width is still unwrapped
    when at least this many of its lines are of exactly one width (see
    :func:`_short_full_lines`; ``ends``: what ends the paragraph's last line).

    >>> t = "\\n".join(["全镇共有协会会员一千八百余人。今年以来新发展会员二百"] * 9) + "\\n　　二、下一步"
    >>> len(find_line_wraps(t))
    8
    >>> t = "全镇共有协会会员一千八百余人,今年以来新发\\n展会员二百余人,开展各类培训班十二期,培训\\n人员六百余人次,发放宣传资料三千余份,走访\\n群众一千二百户。"
    >>> len(find_line_wraps(t, short_lines=3))
    3
    """
    if text.count("\n") < (min(MIN_WRAPPED_LINES, short_lines) if short_lines > 0
                            else MIN_WRAPPED_LINES):
        return []
    lines, pos = [], 0
    for ln in text.split("\n"):
        lines.append((pos, ln))
        pos += len(ln) + 1
    layout = ([_is_layout_line(ln, table_chars) for _, ln in lines] if table_chars
              else [False] * len(lines))
    plain = [("" if lay else ln) for lay, (_, ln) in zip(layout, lines)]
    full = _full_lines(plain) if len(lines) > MIN_WRAPPED_LINES else None
    if full is None:
        full = _short_full_lines(plain, short_lines, ends)
        if full is None:
            return []
        # a short paragraph: its line breaks only; too few lines to tell page furniture
        return [(start + len(ln) - ln.endswith("\r"), start + len(ln) + 1)
                for i, (start, ln) in enumerate(lines[:-1])
                if full[i] and lines[i + 1][1].strip() and not _NEW_PARAGRAPH.match(lines[i + 1][1])]
    furniture = [bool(ln.strip()) and _PAGE_FURNITURE.fullmatch(ln) is not None for _, ln in lines]
    # a running header or footer: a line that recurs, standing next to a page number
    seen: dict[str, int] = {}
    for _, ln in lines:
        if ln.strip():
            seen[ln.strip()] = seen.get(ln.strip(), 0) + 1
    for i, (_, ln) in enumerate(lines):
        if (not furniture[i] and seen.get(ln.strip(), 0) >= 2 and len(ln.strip()) <= 40
                and ((i and furniture[i - 1]) or (i + 1 < len(lines) and furniture[i + 1]))):
            furniture[i] = True
    spans: list[tuple[int, int]] = []
    for i, (start, ln) in enumerate(lines):
        if furniture[i]:
            # page furniture between pages: the line and its break go; the text around it joins
            spans.append((start, min(len(text), start + len(ln) + 1)))
            continue
        if i + 1 >= len(lines) or not full[i]:
            continue
        j = i + 1
        while j < len(lines) and furniture[j]:
            j += 1
        if j >= len(lines):
            continue
        nxt = lines[j][1]
        if not nxt.strip() or _NEW_PARAGRAPH.match(nxt) or layout[i] or layout[j]:
            continue  # a new paragraph, a heading, a blank line or a table's line follows
        end = start + len(ln)
        cut = end - 1 if ln.endswith("\r") else end
        spans.append((cut, end + 1))
    spans.sort()
    return spans


# ----------------------------------------------------------------------------- split numbers

# a number cut by a page or line break: a prose line (at least 6 characters) that ends in the
# digits of a number right after a Chinese character, and a next line that goes on with digits,
# a percent sign or a unit alone before punctuation ("计划生育率达到了100⏎⏎%", "发放一次性生活补贴
# 3⏎⏎3.8万元", "全村耕地面积2860⏎⏎亩,", "林地1.2万⏎⏎亩。"); a next line that starts with a date or a
# list number (2019年…, 3、…) is a new paragraph, not the rest. The units are those of the rule
# set (rules/units.yaml, a user's own units too): see :class:`SplitNumbers`.
# (the text is not folded yet: full-width ，；：％ as typed count as their ASCII forms)
_CUT_UNIT_END = r"(?=[,。;、)），；：:]|\.(?!\d))"
# the break itself: line breaks and blank space, and at most one page-number line between the two
# halves ("- 3 -", "—12—", "第 2 页", "第2页 共5页", "2/5"): a page break inside the number
# and after the page number the next page's running header, a short line of its own without
# punctuation that does not end in a digit ("— 2 —⏎南岭镇2015年工作报告⏎26万元": 126万元)
_HEADER_LINE = r"(?:[^\n\s,。;、()（），；:：!?！？][^\n,。;、()（），；:：!?！？]{0,37}[^\n\d\s,。;、()（），；:：!?！？][ \t]*\n(?:[ \t]*\n)*[ \t]*)?"
_PAGE_LINE = _PAGE_NUMBER + r"[ \t]*\n(?:[ \t]*\n)*[ \t]*" + _HEADER_LINE
_CUT = r"[ \t]*\n(?:[ \t]*\n)*[ \t]*(?:" + _PAGE_LINE + ")?"


class SplitNumbers:
    """The patterns that find a number cut by a page or line break, for the unit forms
    ``forms`` (every form of ``rules/units.yaml``: ``RuleSet.load(dir).split_numbers``), with
    ``captions`` the words a caption line starts with (表, 附件: ``rules/structure.yaml``
    section ``layout``, ``caption_words``).

    A unit counts only alone before punctuation on the next line ("2860⏎⏎亩,"), so a longer
    unit list joins no paragraph that starts with a word."""

    def __init__(self, forms: Iterable[str], captions: Iterable[str]):
        from ..ruleset.load import literal_alternation

        cut_units = literal_alternation(sorted(set(forms))) + _CUT_UNIT_END
        captions = list(captions)
        caption = literal_alternation(captions) if captions else "(?!)"  # none: no line is one
        self.pattern = regex.compile(
            # a prose line (six characters at least, no table or figure caption): the rest of
            # the number on the next line (digits, % or a unit). The line is read lazily: only
            # the number at its end can be followed by the break, and a greedy run backtracked
            # over a long line that fails (quadratic in the regex module). One space may stand
            # between the word and the number ("总人口 21⏎563 人": a copy that spaced numbers out),
            # and the number may be spaced in thousands ("贫困户1 352⏎户"); the next line may
            # start at the decimal point ("投资3⏎.6亿元") or with 万/亿 ("合同3.8⏎万份", traditional 萬/億
            # too: the text is not folded yet); the number may follow a list's 、 or a comma
            # ("共426户、15⏎83人")
            r"(?m)^(?:(?![ \t]*" + caption + r")[^\n]{5}[^\n]*?\p{Han}(?:[ \u3000]|[、,，])?\d+(?: \d{3})*(?:\.\d+)?(?P<mag>[万亿萬億])?(?P<cut>" + _CUT + r")"
            r"(?(mag)(?=" + cut_units + r")|(?=[%‰％]|\d[\d.]*(?![\d.])(?![ \t]*(?:年|月|日|号|、))|"
            r"\.\d+(?:[万亿萬億]?" + cut_units + r"|[%‰％])|[万亿萬億]?" + cut_units + r"))"
            # a shorter line or a caption: only % / ‰ or a unit alone before punctuation goes on
            # it ("水窖36⏎口,"), never bare digits (表1⏎12个村 is a caption and a sentence)
            r"|[^\n]{0,4}\p{Han} ?\d+(?:\.\d+)?[万亿萬億]?(?P<cut>" + _CUT + r")(?=[%‰％]|" + cut_units + r")"
            # a decimal cut after its point, the rest a number with % or a unit ("达92.⏎⏎6%,")
            # (on a line of any length: a number's point never ends a caption or a heading)
            r"|[^\n]*?\p{Han}\d+\.(?P<cut>" + _CUT + r")(?=\d+(?:[%‰％]|" + cut_units + r"))"
            # 个百分点 / 个千分点 cut after its 个 ("提高1.2个⏎百分点")
            r"|[^\n]*?\p{Han}\d+(?:\.\d+)?个(?P<cut>" + _CUT + r")(?=[百千]分点))")
        # what every match of pattern holds: a digit, 万/亿, a point or 个 (the number's end), a line break,
        # and a digit, a percent sign, a unit or a page-number line after blank space: searched
        # first, as a line break is found by a fast literal search while pattern is tried at
        # every line start (most texts have no such place: 48 of the 55 bench texts; 5.3 -> 1.8 ms a pass)
        self.hint = regex.compile(r"(?<=[\d万亿萬億.个][ \t]*)\n[ \t\n]*(?:[%‰％\d\-—–第.万亿萬億]|" + cut_units + ")")

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans to delete (see :func:`find_split_numbers`)."""
        if "\n" not in text:
            return []
        # the pattern is tried only at the start of a line that ends where the hint matched
        # (each line once): the same spans as ``pattern.finditer``, but a long line whose end
        # fails the pattern is not rescanned from each of its characters (quadratic)
        out: list[tuple[int, int]] = []
        tried, last_end = -1, 0
        for h in self.hint.finditer(text):
            start = text.rfind("\n", 0, h.start()) + 1
            if start <= tried or start < last_end:
                continue
            tried = start
            m = self.pattern.match(text, start)
            if m is not None:
                out.append(m.span("cut"))
                last_end = m.end()
        return out


def _wrap_rules(rules) -> tuple[str, int, str]:
    """What :func:`find_line_wraps` reads from the rules (``rules/structure.yaml``, ``layout``):
    the characters of tables drawn as text, ``short_wraps`` ``min_lines`` and its ``words``."""
    from ..ruleset.load import RuleSet

    st = RuleSet.load(rules).structure
    return (st.text_table_separators + st.text_table_rule_chars, st.short_wrap_lines,
            st.short_wrap_ends)


def _split_numbers(rules) -> SplitNumbers:
    from ..ruleset.load import RuleSet

    return RuleSet.load(rules).split_numbers


def find_split_numbers(text: str, rules=None) -> list[tuple[int, int]]:
    """Spans to delete where a page or line break cuts a number in two (the break and the
    blank lines around it), so that "100⏎⏎%" is 100% and "3⏎⏎3.8万元" is 33.8万元 again.
    ``rules``: a :class:`report_miner.ruleset.load.RuleSet` or rules folder whose units count
    (default: the shipped rules).

    >>> t = "今年以来全乡的计划生育家庭奖励落实率达到了100\\n\\n%,性别比为105。"
    >>> [t[s:e] for s, e in find_split_numbers(t)]
    ['\\n\\n']
    """
    if "\n" not in text:
        return []
    return _split_numbers(rules).find(text)


# ----------------------------------------------------------------------------- char folding

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# the digits of a year written in Chinese, and what is written for 〇 in one (二○二一, 二O二一,
# 二0二一)
_CN_DIGITS = CN_YEAR_DIGITS
_ZERO_LOOKALIKES = "○oO0"
# from the start of a run only, taken whole (possessive): a match must end right before 年, so a
# later start in the same run can never match; without this a long run of numerals with no 年
# after it was tried from each of its characters (quadratic: 100k numerals took minutes)
_YEAR_RUN = regex.compile(rf"(?<![{_CN_DIGITS}{_ZERO_LOOKALIKES}])[{_CN_DIGITS}{_ZERO_LOOKALIKES}]{{3,}}+(?=年)")
# a Chinese digit next to a look-alike of 〇 (二o, 0一): a run that _fix_year_zeros changes holds
# both, so one such pair at least. The standard library's engine, led by one character class,
# finds or misses one in a fraction of the time _YEAR_RUN's scan takes (most texts have none)
_YEAR_ZERO_PAIR = re.compile(rf"[{_CN_DIGITS}{_ZERO_LOOKALIKES}]"
                             rf"(?:(?<=[{_CN_DIGITS}])[{_ZERO_LOOKALIKES}]|(?<=[{_ZERO_LOOKALIKES}])[{_CN_DIGITS}])")


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return None
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _t2s_char(ch: str) -> str:
    conv = _t2s()
    out = conv.convert(ch) if conv else ch
    return out if len(out) == 1 else ch


@lru_cache(maxsize=2)
def _traditional_re(beyond_bmp: bool = False):
    """One character class of every single character OpenCC t2s changes: in the Basic
    Multilingual Plane (CJK blocks, compatibility ideographs), or with ``beyond_bmp`` in the
    CJK extensions beyond it (built only when a text holds such characters; a class of them
    is slow). Built once per process, for the standard ``re`` module, which tests a large
    class many times faster than ``regex``. (A few words t2s changes only as whole phrases,
    such as 瞭解, are not detected on their own: such a text is left as it is unless some other
    character in it is traditional.)"""
    conv = _t2s()
    if conv is None:
        return None
    ranges = ((0x20000, 0x2FA20),) if beyond_bmp else ((0x3400, 0xA000), (0xF900, 0xFB00))
    chars = [chr(i) for r in ranges for i in range(*r)]
    out = conv.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # pragma: no cover - a converter that merged lines
        changed = [c for c in chars if conv.convert(c) != c]
    else:
        changed = [c for c, o in zip(chars, out) if c != o]
    return re.compile("[" + "".join(changed) + "]") if changed else None


_BEYOND_BMP = re.compile("[\U00010000-\U0010FFFF]")


@lru_cache(maxsize=1)
def _traditional_or_beyond_re():
    """:func:`_traditional_re`'s class plus every character beyond the Basic Multilingual
    Plane: one scan tells the common text (neither) from the rest."""
    bmp = _traditional_re()
    return re.compile((bmp.pattern[:-1] if bmp is not None else "[") + "\U00010000-\U0010FFFF]")


def _has_traditional(text: str) -> bool:
    """Does ``text`` hold any character that OpenCC t2s converts?"""
    first = _traditional_or_beyond_re().search(text)
    if first is None:
        return False  # no traditional character in the BMP, and none beyond it
    bmp = _traditional_re()
    if first.group() < "\U00010000" or (bmp is not None and bmp.search(text, first.end())):
        return True
    beyond = _traditional_re(True)
    return beyond is not None and beyond.search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional to simplified, one character for one (lengths never change).

    >>> to_simplified("全鎮共有12個村")
    '全镇共有12个村'
    """
    if not _has_traditional(text):
        return text
    out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    return "".join(_t2s_char(c) for c in text)


def _fix_year_zeros(text: str) -> str:
    """〇 for the look-alikes of it (○ o O 0) in a year written in Chinese numerals (二o一0年).

    >>> _fix_year_zeros("二o一0年,2010年,二〇一〇年,20000人")
    '二〇一〇年,2010年,二〇一〇年,20000人'
    """
    if _YEAR_ZERO_PAIR.search(text) is None:
        return text  # no Chinese digit beside a look-alike: no run to change
    def repl(m: regex.Match) -> str:
        s = m.group(0)
        if sum(c in _CN_DIGITS for c in s) < 2:
            return s
        return "".join("〇" if c in _ZERO_LOOKALIKES else c for c in s)

    return _YEAR_RUN.sub(repl, text)


_FULLWIDTH_RE = re.compile("[" + re.escape("".join(map(chr, sorted(_FULLWIDTH)))) + "]")  # re: faster here


def fold_fullwidth(text: str) -> str:
    """Full-width ASCII and the ideographic space to half-width, one for one.

    ``str.replace`` per full-width character present: Chinese text holds only a handful of
    distinct ones (，：；（）％), and this is many times faster than ``str.translate``'s
    per-character lookup on non-ASCII text.

    >>> fold_fullwidth("共１２３人，占１５％")
    '共123人,占15%'
    """
    for ch in set(_FULLWIDTH_RE.findall(text)):
        text = text.replace(ch, chr(_FULLWIDTH[ord(ch)]))
    return text


# ----------------------------------------------------------------------------- compatibility forms

#: CJK Radicals Supplement (U+2E80–U+2EFF) → the ideograph each stands for. NFKC folds only two
#: of them (⺟ ⻳), yet PDF producers put them in text layers for the glyphs they share with
#: ordinary characters (⺠ for 民, ⻅ for 见, ⻓ for 长). A fact table after Unicode's
#: EquivalentUnifiedIdeograph.txt, where a component form (⺮, ⻊) maps to the ideograph of
#: that component (𥫗, 𧾷), the one that shares its glyph in Noto Sans CJK.
#: tests/test_normalise.py checks it against the font (every radical that shares a glyph with an
#: ideograph maps to that ideograph) and against the characters' names.
RADICALS_SUPPLEMENT = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺉刂⺊卜⺋㔾⺌小⺍𭕄⺎尢⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺗心"
    "⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩𤣩⺪疋⺫罒⺬示⺭礻⺮𥫗"
    "⺯糹⺰纟⺱罓⺲罒⺳㓁⺴网⺶羊⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见"
    "⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏阝⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风"
    "⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜"
    "⻲亀⻳龟"
)

_CIRCLED_DIGITS = "⓪①②③④⑤⑥⑦⑧⑨"
#: a circled number inside running text, where it is written for a digit ("共⑤个村",
#: "第③届"): after a Chinese character or a letter and before a Chinese character. At a line
#: start, after a space or punctuation it is a list marker (the outline reads it), and right
#: before punctuation, a line end or a digit it is a note mark ("18500人①，"): those stay.
#: Only ⓪–⑨, which fold to one digit (⑩ and above would take two characters).
_CIRCLED_IN_TEXT = re.compile(r"(?<=[\u3400-\u9fffA-Za-z])[⓪①②③④⑤⑥⑦⑧⑨](?=[\u3400-\u9fff])")


@lru_cache(maxsize=1)
def _compat_table() -> dict[int, str]:
    """Compatibility characters → what NFKC makes of them, where that is one character: Kangxi
    radicals (U+2F00–U+2FDF), CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F),
    plus :data:`RADICALS_SUPPLEMENT`. Built on first use (a few thousand ``unicodedata`` calls)."""
    import unicodedata

    table: dict[int, str] = {}
    for lo, hi in ((0x2F00, 0x2FE0), (0xF900, 0xFB00), (0x2F800, 0x2FA20)):
        for cp in range(lo, hi):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and len(folded) == 1:
                table[cp] = folded
    pairs = RADICALS_SUPPLEMENT
    for i in range(0, len(pairs), 2):
        table[ord(pairs[i])] = pairs[i + 1]
    return table


#: the blocks that hold every compatibility character :func:`fold_compat` folds (a class of
#: ranges: scanned far faster than a class of the characters themselves)
_COMPAT_BLOCKS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_CIRCLED_ANY = re.compile("[⓪①②③④⑤⑥⑦⑧⑨]")
_ANY_TO_FOLD = re.compile("[\u2460-\u2468\u24ea\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def fold_compat(text: str) -> str:
    """Compatibility characters to the ideographs they stand for, one for one, as NFKC does:
    Kangxi radicals (⼈ → 人), CJK radicals supplement (⺠ → 民, which NFKC leaves), CJK
    compatibility ideographs (U+F900 豈 → U+8C48 豈), and circled digits written for a
    digit inside running text (共⑤个 → 共5个; ① as a list marker or a note mark stays).

    >>> fold_compat("全镇总\\u2f08\\u2f1d18500\\u2f08,⺠主评议⑤次")
    '全镇总人口18500人,民主评议5次'
    >>> fold_compat("①抓认识;②抓试点")
    '①抓认识;②抓试点'
    """
    if _ANY_TO_FOLD.search(text) is None:  # the common case: one scan of the text
        return text
    if _COMPAT_BLOCKS.search(text) is not None:
        table = _compat_table()
        for ch in set(_COMPAT_BLOCKS.findall(text)):
            if ord(ch) in table:
                text = text.replace(ch, table[ord(ch)])
    if _CIRCLED_ANY.search(text) is not None:
        out = list(text)
        for m in _CIRCLED_ANY.finditer(text):
            i = m.start()
            if _CIRCLED_IN_TEXT.match(text, i):  # (its look-behind sees the text before i)
                out[i] = str(_CIRCLED_DIGITS.index(text[i]))
        text = "".join(out)
    return text


#: look-alike characters that OCR and hurried typing put in common words, one for one
_CONFUSABLE_WORDS = {"己婚": "已婚", "巳婚": "已婚", "己经": "已经", "巳经": "已经"}


_CONFUSABLE_FIRST = frozenset(w[0] for w in _CONFUSABLE_WORDS)


def _fix_confusables(text: str) -> str:
    if not any(c in text for c in _CONFUSABLE_FIRST):
        return text  # the common case: two scans instead of one per word
    for wrong, right in _CONFUSABLE_WORDS.items():
        if wrong in text:
            text = text.replace(wrong, right)
    return text


def fold_chars(text: str) -> str:
    """One-for-one folding: compatibility characters (Kangxi radicals, radicals supplement,
    compatibility ideographs, circled digits in running text), full-width ASCII, traditional
    characters, 〇 in Chinese years.

    >>> fold_chars("共１２３人，占１５％；二o一0年")
    '共123人,占15%;二〇一〇年'
    """
    text = fold_compat(text)
    text = fold_fullwidth(text)
    text = to_simplified(text)
    text = _fix_confusables(text)
    text = fold_ascii_stops(text)
    return _fix_year_zeros(text)


# ----------------------------------------------------------------------------- register: spaces, full stops

# one ASCII space that a copy put between a Chinese character and a number, or between a number
# and its unit ("总人口 35126 人", "增长 3.2 %"; before folding, so a PDF's radical ⼈ counts as 人):
# a single space is never a table's column gap
# (two or more spaces, a tab or a full-width space are; see texttables), nor the space inside a
# spaced number ("31 426人", digit on both sides), which the figure patterns read themselves.
# Before a number only when a space and a unit or word (not 年/月/日) or a % / ‰ follow it too,
# so a text whose paragraphs or headline parts were joined by spaces keeps them apart ("夯实基础
# 1、配齐", "下步打算 20XX年", "主要目标 1.全镇", "送到农家 1200名妇女"). After a number, not
# before 年/月/日 (a date, or the slot of one: "20 年 月 日"); a qualifier after a space
# ("300 左右") the figure patterns read as it is
_NUMBER_SPACE = regex.compile(
    r"(?<=[\u3400-\u9fff\u2e80-\u2fdf\uf900-\ufaff]) (?=\d+(?:[ ,]\d{3})*(?:\.\d+)?"
    r"(?: (?![年月日])[\u3400-\u9fff\u2e80-\u2fdf\uf900-\ufaff%‰]|[%‰]))"
    r"|(?<=\d) (?![年月日]|左右|上下|以[上下内])(?=[\u3400-\u9fff\u2e80-\u2fdf\uf900-\ufaff%‰])")
# a title or heading typed with a space between every character ("工 作 总 结", "中 共 镇 委
# 员 会"): a run of at least four Chinese characters, each alone between single spaces
_H = "\u3400-\u9fff\u2e80-\u2fdf\uf900-\ufaff"  # ideographs, and the radicals PDFs put for them
_SPACED_RUN = regex.compile(rf"(?<![{_H}] ?)[{_H}](?: [{_H}]){{3,}}(?! ?[{_H}])")


def find_register_spaces(text: str) -> list[tuple[int, int]]:
    """Spans (one space each) to delete where a copy spaced a text out: a single ASCII space
    between a Chinese character and a number or between a number and its unit, and the
    spaces of a run of single characters spaced out ("工 作 总 结"). Cheap on text without
    single spaces next to Chinese characters.

    >>> t = "总人口 35126 人，工 作 总 结"
    >>> "".join(c for i, c in enumerate(t) if not any(s <= i < e for s, e in find_register_spaces(t)))
    '总人口35126人，工作总结'
    """
    if " " not in text:
        return []
    spans = [m.span() for m in _NUMBER_SPACE.finditer(text)]
    for m in _SPACED_RUN.finditer(text):
        spans.extend((k, k + 1) for k in range(m.start() + 1, m.end(), 2))
    return sorted(spans)


# an ASCII full stop used as the Chinese one (a text typed or converted with ASCII punctuation):
# after a Chinese character, %, ‰ or a closing bracket or quote (no decimal point follows one of
# those: "老龄工作.80岁以上" is a heading and a figure) but not after a Chinese numeral ("一.基本
# 情况" is a heading number), not before a letter, another stop or a
# slash (web addresses); or after a number that follows a Chinese character and holds a decimal
# point ("同比增长15.2."; "目标1.全镇" is a list number), then not before a digit ("1.2.3") nor
# at a line end before a line that starts with a digit (a number a line break cut: "2.⏎4万头").
_ASCII_STOP = regex.compile(
    r"(?<=[\u3400-\u9fff%‰)”\"』」])(?<![一二三四五六七八九十])\.(?![.A-Za-z/])"
    r"|(?<=[\u3400-\u9fff]\d+\.\d+)\.(?![\d.A-Za-z/]|[ \t]*\r?\n[ \t\u3000]*\d)")


# a full stop an OCR engine read as the letter o, between two Chinese characters that are no
# numerals (元o乡财政…; 二o一0年 is a year, its o a 〇)
_OCR_STOP_O = re.compile(r"(?<=[\u3400-\u9fff])(?<![〇零一二三四五六七八九十])o(?=[\u3400-\u9fff])(?![〇零一二三四五六七八九十])")


def fold_ascii_stops(text: str) -> str:
    """Write 。 for an ASCII full stop that ends a Chinese sentence, one for one, so that
    clauses and slots end where they do in text typed with Chinese punctuation; and for the
    letter o that OCR reads for 。 between two Chinese characters (not in a year: 二o一0年).

    >>> fold_ascii_stops("拨付经费24万元.同比增长15.2.网址www.gov.cn,3.5万人")
    '拨付经费24万元。同比增长15.2。网址www.gov.cn,3.5万人'
    """
    if "o" in text:
        text = _OCR_STOP_O.sub("。", text)
    if "." not in text:
        return text
    return _ASCII_STOP.sub("。", text)


# ----------------------------------------------------------------------------- copy remnants

# characters a copy leaves that print as nothing: zero-width space / non-joiner / joiner, word
# joiner, byte-order mark (zero-width no-break space), soft hyphen, left-to-right and
# right-to-left marks. Inside a number or a unit (35\u200b126人) they cut what is one token
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]+")
# HTML a text was stored in (a web page's or an old system's export): the tags that end a line
# (p, br, div, li, tr, headings, table), those that do not (span, font, b …), a table cell's end
_HTML_TAG = regex.compile(
    r"<(?P<close>/?)(?P<name>p|br|div|li|ul|ol|tr|h[1-6]|table|tbody|thead|section|article|center"
    r"|span|font|strong|b|i|u|em|sup|sub|a|td|th)(?:\s[^<>\n]{0,300}?)?\s*/?>", regex.I)
_HTML_INLINE = {"span", "font", "strong", "b", "i", "u", "em", "sup", "sub", "a"}
# a text is taken for stored HTML only when it holds a tag that ends a line (<p>, </p>, <br>,
# <div>…): a few inline tags alone (<b>甲镇</b>) may be the text's own words about markup
_HTML_BLOCK = regex.compile(r"<(?:/?(?:p|div|li|tr|h[1-6])|br)(?:\s[^<>\n]{0,300}?)?\s*/?>", regex.I)
_HTML_ENTITY = regex.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,10}|#\d{2,7}|#[xX][0-9A-Fa-f]{2,6});")
# a line number at a line's start, as a viewer that numbers lines copies it ("  12  全镇…")
_LINE_NUMBER = re.compile(r"[ \t]*(\d{1,5})(?:\t[ \t]*|  *|$)")
MIN_NUMBERED_LINES = 5       # a text needs this many lines to tell line numbers
MIN_NUMBERED_SHARE = 0.9     # … and this share of its lines must run 1, 2, 3 … (or k, k+1 …)


# a line a PDF justified, copied out glyph by glyph with a space between every two characters
# ("全 镇 总 人 口 3 5 1 2 6 人 ,"): a run of at least six single characters, each alone between
# single spaces, three of them Chinese at least (a spaced number such as "31 426", a date slot
# "20 年 月 日" or a list of single letters or digits is no such run)
_JUSTIFIED_RUN = regex.compile(r"(?<!\S ?)\S(?: \S){5,}")
# the same test as r"\S \S \S \S \S \S", opened with its space so that the engine skips to spaces
# instead of trying every character (a Chinese text has few)
_JUSTIFIED_HINT = re.compile(r" (?<=\S )\S \S \S \S \S")
_HAN_CHAR = re.compile("[\u3400-\u9fff\u2e80-\u2fdf\uf900-\ufaff]")
MIN_JUSTIFIED_HAN = 3
# a no-break space next to a digit (web pages put one between a number and its word or unit,
# or between its thousands): read through, as the number is one token
# (and so is a single ideographic space between a number and its unit: "563　人", "12　号"; one
# before a number is often a layout's gap, "耕地面积　3.1万亩", and stays)
_NBSP_AT_DIGIT = re.compile(r"(?<=[\d\u3400-\u9fff])\u00a0+(?=\d)|(?<=\d)\u00a0+(?=[\u3400-\u9fff%‰])"
                            r"|(?<=\d)\u3000(?=[\u3400-\u9fff%‰])")


def find_justified_spaces(text: str) -> list[tuple[int, int]]:
    """Spans (one space each) to delete in lines a PDF justified and a copy spaced out glyph by
    glyph: every space of a run of single characters (:data:`_JUSTIFIED_RUN`).

    >>> t = "资 金 8 . 6 万 元 , 为 全 镇 3 2 6 户,共20 年 月 日"
    >>> "".join(c for i, c in enumerate(t) if not any(s <= i < e for s, e in find_justified_spaces(t)))
    '资金8.6万元,为全镇326户,共20 年 月 日'
    """
    if _JUSTIFIED_HINT.search(text) is None:
        return []
    spans = []
    for m in _JUSTIFIED_RUN.finditer(text):
        if len(_HAN_CHAR.findall(m.group())) >= MIN_JUSTIFIED_HAN:
            spans.extend((k, k + 1) for k in range(m.start() + 1, m.end(), 2))
    return spans


def find_line_numbers(text: str) -> list[tuple[int, int]]:
    """Spans to delete where every line starts with its own line number (text copied from a
    viewer that numbers lines: "1 标题⏎2 ⏎3 　　全镇…"): the number and the blanks after it, when
    at least nine lines in ten run on from the first one's number. A numbered list (1、 1. (1))
    or a table's first column does not run with the lines.

    >>> t = "1 全镇总人口3万人。\\n2 \\n3 辖12个村。\\n4 会员800人。\\n5 完。"
    >>> "".join(c for i, c in enumerate(t) if not any(s <= i < e for s, e in find_line_numbers(t)))
    '全镇总人口3万人。\\n\\n辖12个村。\\n会员800人。\\n完。'
    """
    if text.count("\n") + 1 < MIN_NUMBERED_LINES or not text[:8].lstrip(" \t")[:1].isdigit():
        return []
    spans, pos, first, lines = [], 0, None, 0
    for j, line in enumerate(text.split("\n")):
        lines += 1
        m = _LINE_NUMBER.match(line)
        if m is not None:
            n = int(m.group(1))
            if first is None:
                first = n - j
            if n == first + j:
                spans.append((pos, pos + m.end()))
        pos += len(line) + 1
    if text.endswith("\n"):
        lines -= 1  # the empty line after the last break carries no number
    if len(spans) < max(MIN_NUMBERED_LINES, MIN_NUMBERED_SHARE * lines):
        return []
    return spans


def find_copy_remnants(text: str) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """What a copy from a web page, a word processor or a line-numbering viewer left in a text,
    as ``(deletions, replacements)`` in its offsets: invisible characters (zero-width space,
    BOM, soft hyphen…) are deleted; a no-break space reads as a space; HTML entities
    (&ldquo; &nbsp; &#8220;) read as the one character they stand for (the entity's first
    character is replaced, the rest deleted, so a slot before the next character maps to
    where the entity starts); in a text with a tag that ends a line (</p>, <br>, <div>…: stored
    HTML) tags are deleted, and one that ends a line is a line break where none follows or
    precedes it; line numbers at
    every line start (:func:`find_line_numbers`) are deleted. Replacements are one character for
    one, so offsets stay exact.

    >>> t = "<p>总人口&nbsp;3\\u200b5126人,&ldquo;两癌&rdquo;筛查</p><p>完</p>"
    >>> dels, reps = find_copy_remnants(t)
    >>> "".join(reps.get(i, c) for i, c in enumerate(t) if not any(s <= i < e for s, e in dels))
    '总人口 35126人,“两癌”筛查\\n完'
    """
    dels: list[tuple[int, int]] = []
    reps: dict[int, str] = {}
    if "\u00a0" in text or "\u3000" in text:
        dels.extend(m.span() for m in _NBSP_AT_DIGIT.finditer(text))
        if "\u00a0" in text:
            for m in re.finditer("\u00a0", text):
                reps[m.start()] = " "
    if any(c in text for c in _INVISIBLE_CHARS):  # eight substring tests: faster than a class scan
        dels.extend(m.span() for m in _INVISIBLE.finditer(text))
    if "&" in text:
        import html

        for m in _HTML_ENTITY.finditer(text):
            ch = html.unescape(m.group())
            if len(ch) == 1 and ch != m.group():
                s, e = m.span()
                dels.append((s + 1, e))
                reps[s] = " " if ch == "\u00a0" else ch
    if "<" in text and _HTML_BLOCK.search(text) is not None:
        prev_nl, cursor = True, -1
        for m in _HTML_TAG.finditer(text):
            s, e = m.span()
            if s != cursor:  # after text: is that text's last character a line break?
                prev_nl = s == 0 or text[s - 1] in "\r\n"
            cursor = e
            name, close = m.group("name").lower(), bool(m.group("close"))
            if name in _HTML_INLINE or (name in ("td", "th") and not close):
                dels.append((s, e))
            elif name in ("td", "th"):  # a cell's end: a tab, as a table copied as text has
                dels.append((s + 1, e))
                reps[s] = "\t"
                prev_nl = False
            elif prev_nl or text[e:e + 1] in ("\r", "\n", ""):
                dels.append((s, e))  # a line break is there already
            else:
                dels.append((s + 1, e))
                reps[s] = "\n"
                prev_nl = True
    dels.extend(find_line_numbers(text))
    dels.extend(find_justified_spaces(text))
    return dels, reps


# ----------------------------------------------------------------------------- entry point


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _scan_deletions(text: str, rules) -> list[tuple[int, int]]:
    return (find_page_chunks(text) + find_line_wraps(text, *_wrap_rules(rules))
            + find_split_numbers(text, rules) + find_register_spaces(text))


def normalise(text: str, rules=None) -> Normalised:
    """Clean ``text`` for scanning and keep the way back. ``rules``: the
    :class:`report_miner.ruleset.load.RuleSet` (or rules folder) whose units mend a number cut
    by a line break (default: the shipped rules).

    >>> n = normalise("1、今年以来,目前全镇1\\n2、0个村全部建立了协会组织" + "。" * 200)
    >>> n.text[:15]
    '今年以来,目前全镇10个村全部'
    >>> n.to_orig_span(9, 13)
    (11, 18)
    """
    pre, reps = find_copy_remnants(text)
    src = text
    if reps:
        chars = list(text)
        for i, ch in reps.items():
            chars[i] = ch
        src = "".join(chars)
    if pre:
        # the other steps read the text without the remnants; their spans are mapped back
        pre = _merge_spans(pre)
        kept, pos = [], 0
        for s, e in pre:
            kept.append((pos, s))
            pos = e
        kept.append((pos, len(text)))
        scan = "".join(src[s:e] for s, e in kept)
        index = [i for s, e in kept for i in range(s, e)]
        found = _scan_deletions(scan, rules)
        deletions = _merge_spans(pre + [(index[s], index[e - 1] + 1) for s, e in found if e > s])
    else:
        deletions = _merge_spans(_scan_deletions(src, rules))
    pieces, starts, origs = [], [], []
    pos = clean = 0
    for s, e in deletions:
        if s > pos:
            starts.append(clean)
            origs.append(pos)
            pieces.append(src[pos:s])
            clean += s - pos
        pos = e
    if pos < len(text) or not starts:
        starts.append(clean)
        origs.append(pos)
        pieces.append(src[pos:])
        clean += len(text) - pos
    joined = "".join(pieces)
    folded = fold_chars(joined)
    assert len(folded) == len(joined)
    omap = OffsetMap(tuple(starts), tuple(origs), len(folded), len(text))
    return Normalised(folded, text, omap, tuple(deletions))
