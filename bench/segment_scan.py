#!/usr/bin/env python3
"""Would scanning only the clauses (sentences, lines) that can hold a match beat scanning the
whole text? And would one combined scan of all rules? Measured.

    python bench/segment_scan.py            # exactness check, then the times

**Segment scans.** For every exclusion and blank pattern, read off the pattern itself (no rule
format change): the finest separator level (clause marks ``,:、。;!?``, sentence marks, or line
breaks) whose characters no part of the pattern can match, look-arounds included: then no
match crosses a separator, and the whole-text scan's matches are those of the segments one
after another. A segment that lacks every character of one of the pattern's required sets
(:func:`report_miner.mining.prefilter.required_sets`) holds none. So: count each required set's
characters in the text (one ``Counter`` per text), start from the rarest set, find the segments
that hold it (a character-class search, the segment bounds by bisection over the separators),
keep those that also hold the other sets, and scan only those runs of segments with
``finditer(text, pos, endpos)`` (look-behinds still see the text before ``pos``). The matches are
checked identical to ``finditer(text)`` for every pattern and text, both overlapped and not.

**One combined scan.** Every pattern wrapped in a look-ahead, ``(?=(?:P1))|(?=(?:P2))|…`` (group
names made unique): it finds the positions where some rule matches, which are few.

Result on 2026-12-07 (55 texts, 0.07 M characters; ms per pass over all texts): 56 of the 76
patterns can be scanned by segments, and every segment scan gives exactly the whole-text scan's
matches. Quiet machine: whole-text 34 ms, segment scans 69 ms plus 5 ms for the per-text counts;
loaded machine: 70-80 ms against 170-330 ms. A few patterns gain (per_head_amount 1.95 -> 0.48,
measure_word_in_words 2.27 -> 1.46, clock_time 1.95 -> 1.18 ms), most lose up to threefold: the
engine scans a character class at ~9 ns a character and a literal at ~1 ns, while each segment
costs Python ~2 µs (search, bisection, a set of its characters), so segments pay only where the
rarest required characters occur less than once in ~200 characters; trying segments only for
such rules (``MIN_GAP`` 200 or 400 instead of 40) still loses (42 -> 67 + 12 ms, 39 -> 53 + 6
ms: the counts and the fall-back cost more than the few wins). The combined scan: 856 ms
against 49 ms for the 76 separate scans (quiet), 1,300-1,600 ms against 60-100 ms (loaded): the
engine tries every alternative at every position, without a lone pattern's fast paths. Neither
is kept.
"""
from __future__ import annotations

import bisect
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report_miner.mining.prefilter import (  # noqa: E402
    _NAMED_GROUP, _REPEATS, _UNKNOWN, _c, _p, required_sets)

LEVELS = (",:、。;!?，：；！？\n", "。;!?；！？\n", "\n")
MIN_GAP = 40      # try segments only when the rarest required characters are rarer than this
MAX_COVER = 0.5   # give way to the whole-text scan when the segments cover more of the text

_CATEGORY = {getattr(_c, k): v for k, v in (
    ("CATEGORY_DIGIT", r"\d"), ("CATEGORY_NOT_DIGIT", r"\D"), ("CATEGORY_SPACE", r"\s"),
    ("CATEGORY_NOT_SPACE", r"\S"), ("CATEGORY_WORD", r"\w"), ("CATEGORY_NOT_WORD", r"\W"))}
_ENDS = frozenset(getattr(_c, n) for n in ("AT_END", "AT_END_STRING", "AT_BEGINNING_STRING"))


class Unreadable(Exception):
    pass


def _in_class(items, ch: str) -> bool:
    neg = hit = False
    for op, av in items:
        if op is _c.NEGATE:
            neg = True
        elif op is _c.LITERAL:
            hit = hit or chr(av) == ch
        elif op is _c.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op is _c.CATEGORY and av in _CATEGORY:
            hit = hit or re.match(_CATEGORY[av], ch) is not None
        else:
            raise Unreadable(op)
    return hit != neg


def touches(items, chars: str) -> bool:
    """Can any part of a parsed pattern (look-arounds included) match one of ``chars``?"""
    for op, av in items:
        if op is _c.LITERAL:
            if chr(av) in chars:
                return True
        elif op is _c.NOT_LITERAL or op is _c.ANY:
            return True
        elif op is _c.IN:
            if any(_in_class(av, ch) for ch in chars):
                return True
        elif op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise Unreadable(op)
            if touches(av[-1], chars):
                return True
        elif op in _REPEATS:
            if touches(av[2], chars):
                return True
        elif op is _c.BRANCH:
            if any(touches(alt, chars) for alt in av[1]):
                return True
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            if touches(av[1], chars):
                return True
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            if touches(av, chars):
                return True
        elif op is _c.AT:
            if av in _ENDS:  # $ \A \Z read the end of the scanned slice: not the same
                raise Unreadable(op)
        elif op is not _c.GROUPREF:
            raise Unreadable(op)
    return False


def separator_level(pattern: str, flags: int) -> str | None:
    if flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL) or re.search(r"\\[pP]", pattern.replace(r"\p{Han}", "")):
        return None
    src = re.sub(r"\(\?P=\w+\)", "(?:)", _NAMED_GROUP.sub("(", pattern.replace(r"\p{Han}", _UNKNOWN)))
    try:
        tree = _p.parse(src)
        if tree.state.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL):
            return None
        return next((seps for seps in LEVELS if not touches(tree, seps)), None)
    except Exception:  # noqa: BLE001 - regex-only syntax, or a construct not read
        return None


class TextSegments:
    """Per text: character counts and separator positions per level, found once."""

    def __init__(self, text: str):
        self.text, self.counts, self._seps = text, Counter(text), {}

    def separators(self, level: str) -> list[int]:
        if level not in self._seps:
            self._seps[level] = [m.start() for m in re.finditer("[" + re.escape(level) + "]", self.text)]
        return self._seps[level]


class SegmentScan:
    def __init__(self, pattern, level: str, required: list[frozenset[str]]):
        self.pattern, self.level, self.required = pattern, level, required
        self.key_res = [re.compile("[" + re.escape("".join(sorted(s))) + "]") for s in required]

    @classmethod
    def of(cls, pattern) -> "SegmentScan | None":
        level = separator_level(pattern.pattern, pattern.flags)
        if level is None:
            return None
        req = [s for s in required_sets(pattern.pattern, pattern.flags) if s.isdisjoint(level)]
        return cls(pattern, level, req) if req else None

    def regions(self, segs: TextSegments) -> list[tuple[int, int]] | None:
        text, counts = segs.text, segs.counts
        ns = [sum(counts.get(ch, 0) for ch in s) for s in self.required]
        if min(ns) == 0:
            return []
        best = ns.index(min(ns))
        if ns[best] * MIN_GAP > len(text):
            return None
        seps = segs.separators(self.level)
        others = [s for i, s in enumerate(self.required) if i != best]
        out: list[tuple[int, int]] = []
        covered, pos, search = 0, 0, self.key_res[best].search
        while (m := search(text, pos)) is not None:
            k = bisect.bisect_right(seps, m.start())
            a = seps[k - 1] + 1 if k else 0
            b = seps[k] if k < len(seps) else len(text)
            pos = b + 1
            if others:
                chars = set(text[a:b])
                if any(s.isdisjoint(chars) for s in others):
                    continue
            covered += b - a
            if covered > MAX_COVER * len(text):
                return None
            if out and out[-1][1] + 1 == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def finditer(self, segs: TextSegments, overlapped: bool = False):
        regions = self.regions(segs)
        if regions is None:
            yield from self.pattern.finditer(segs.text, overlapped=overlapped)
            return
        for a, b in regions:
            for m in self.pattern.finditer(segs.text, a, b + 1, overlapped=overlapped):
                if m.start() > b:
                    break
                yield m


def main() -> None:
    import regex

    from bench_throughput import base_texts
    from report_miner.mining.blanks import get_blank_scanner
    from report_miner.mining.figures import get_scanner
    from report_miner.mining.normalise import normalise

    texts, _ = base_texts()
    norms = [normalise(t).text for t in texts]
    sc, bs = get_scanner(None), get_blank_scanner(None)
    pats = ([(f"exclusion {i}", p) for i, p in zip(sc.exclusion_ids, sc.exclusions)]
            + [(f"blank {r.id}", r.pattern) for r in bs.rules])
    scans = [(n, p, SegmentScan.of(p)) for n, p in pats]
    eligible = [(n, p, s) for n, p, s in scans if s is not None]
    extra = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "tests" / "gold").rglob("*.txt"))]
    bad = 0
    for t in norms + [normalise(t).text for t in extra]:
        segs = TextSegments(t)
        for n, p, s in eligible + [(f"not_blank {r.id}", r.pattern, SegmentScan.of(r.pattern)) for r in bs.not_blanks
                                   if SegmentScan.of(r.pattern) is not None]:
            for ov in (False, True):
                if ([(m.span(), m.groups()) for m in p.finditer(t, overlapped=ov)]
                        != [(m.span(), m.groups()) for m in s.finditer(segs, overlapped=ov)]):
                    bad += 1
    print(f"{len(eligible)} of {len(pats)} patterns can be scanned by segments; "
          f"texts where a segment scan differs: {bad}")

    clock = time.perf_counter
    whole, seg, setup = Counter(), Counter(), 0.0
    for _ in range(3):
        for t in norms:
            t0 = clock()
            segs = TextSegments(t)
            setup += clock() - t0
            for n, p, s in eligible:
                t0 = clock()
                for _m in p.finditer(t):
                    pass
                t1 = clock()
                for _m in s.finditer(segs):
                    pass
                whole[n] += t1 - t0
                seg[n] += clock() - t1
    print(f"per pass over {len(norms)} texts, ms: whole-text {sum(whole.values()) / 3 * 1000:.1f}, "
          f"segment scans {sum(seg.values()) / 3 * 1000:.1f} + counts and separators {setup / 3 * 1000:.1f}")
    print("  pattern                                   whole  segments")
    for n in sorted(whole, key=whole.get, reverse=True)[:15]:
        print(f"  {n:40} {whole[n] / 3 * 1000:6.2f}  {seg[n] / 3 * 1000:8.2f}")

    def renamed(src: str, k: int) -> str:
        src = regex.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<r{k}_{m.group(1)}>", src)
        return regex.sub(r"\(\?P=(\w+)\)", lambda m: f"(?P=r{k}_{m.group(1)})", src)

    combined = regex.compile("|".join(f"(?=(?:{renamed(p.pattern, k)}))" for k, (_, p) in enumerate(pats)
                                      if not p.flags & regex.VERBOSE))
    t0 = clock()
    for t in norms:
        for p in (p for _, p in pats):
            for _m in p.finditer(t):
                pass
    t1 = clock()
    positions = sum(1 for t in norms for _m in combined.finditer(t))
    t2 = clock()
    print(f"one combined look-ahead scan: {1000 * (t2 - t1):.1f} ms ({positions} positions) "
          f"against {1000 * (t1 - t0):.1f} ms for the {len(pats)} separate scans")


if __name__ == "__main__":
    main()
