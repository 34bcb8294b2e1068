#!/usr/bin/env python3
"""Could the blank rules' whole-text scans be cheaper? Four other ways to scan, timed against
the patterns as mine_text compiles them, in alternating rounds.

    python bench/scan_alternatives.py                 # 5 rounds
    python bench/scan_alternatives.py --rounds 9

Texts: those of bench/bench_throughput.py (corpora/, heldout/, ../shared/gold/real/*.json,
read at run time), normalised. Each round times every way over all blank rules and all texts
(the order of the ways rotates from round to round); the report gives each way's seconds and
its ratio to the patterns as compiled, per round: median (min, max).

The ways:

- ``as compiled``: each rule's pattern (``RuleSet.blank_patterns``), one ``finditer`` per
  text: what mine_text and bench_throughput.py's floor scan.
- ``lead lookahead``: each pattern behind ``(?=[…])`` of the characters a match can start
  at (read off the pattern: its first consumed character, or the look-aheads at its start),
  where they can be read. Same matches (checked). Tells whether the engine skips to
  candidate positions already.
- ``stdlib re``: the patterns the standard library can compile (no ``\\p{…}``, fixed-width
  look-behinds), with ``re``. Same matches (checked); the others as compiled.
- ``key windows``: per rule, only the stretches within ``--radius`` characters of its key
  characters (:func:`report_miner.mining.prefilter.key_chars`), each scanned with
  ``finditer(text, lo, hi)``. Timing only: a window's end cuts look-aheads, so the matches
  are not guaranteed the same.
- ``one alternation``: all rules in one pattern, each inside a look-ahead
  (``(?=(?:A))|(?=(?:B))|…``), which finds every position some rule matches at. Positions
  only (which rule, and its match, would still be needed): a lower bound on its cost.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))

try:  # Python 3.11+
    import re._constants as _c
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]

END = ""  # in a set of starting characters: the match may start at the end of the text
_AT_END = {getattr(_c, n) for n in ("AT_END", "AT_END_LINE", "AT_END_STRING")}
_EMPTY = "\x00"  # the continuation's mark, to tell a repeated body that may match nothing


def _union(a, b):
    return None if a is None or b is None else a | b


def _inter(a, b):
    return b if a is None else (a if b is None else a & b)


def _first(seq: list, cont):
    """The characters ``text[pos]`` may be when ``seq`` (a stdlib parse tree's items) matches
    at ``pos`` followed by something whose own characters are ``cont``; None: any."""
    from report_miner.mining.prefilter import _REPEATS, _UNKNOWN, class_chars

    for i, (op, av) in enumerate(seq):
        rest = seq[i + 1:]
        if op is _c.LITERAL:
            return None if av == ord(_UNKNOWN) else frozenset(chr(av))
        if op is _c.IN:
            chars = class_chars(av)
            return None if chars is None else frozenset(chars)
        if op is _c.ASSERT and av[0] == 1:  # a look-ahead: both it and what follows hold
            return _inter(_first(list(av[1]), None), _first(rest, cont))
        if op is _c.AT and av in _AT_END:
            return _inter(frozenset((END, "\n")), _first(rest, cont))
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # a look-behind, a negative look-around, ^: nothing about text[pos]
        if op is _c.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else _first(list(av[-1]) + rest, cont)
        if op is _c.BRANCH:
            out = frozenset()
            for alt in av[1]:
                out = _union(out, _first(list(alt) + rest, cont))
            return out
        if op in _REPEATS:
            lo, hi, body = av
            if hi == 0:
                continue
            b = _first(list(body), frozenset(_EMPTY))
            if b is None or _EMPTY in b:
                return None  # a body that may match nothing: not read
            return b if lo >= 1 else _union(b, _first(rest, cont))
        return None  # any character, a category, a backreference …
    return cont


def lead_lookahead(pattern: str) -> str | None:
    """``pattern`` behind a look-ahead of the characters its matches can start at, or None
    when they cannot be read or a match may start at the end of the text."""
    from report_miner.mining.prefilter import _class_char, parse

    tree = parse(pattern)
    if tree is None or tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    chars = _first(list(tree), None)
    if not chars or END in chars:
        return None
    return "(?=[" + "".join(_class_char(c) for c in sorted(chars)) + "])(?:" + pattern + ")"


def _same(a, b, texts: list[str]) -> bool:
    return all([(m.span(), m.groupdict()) for m in a.finditer(t)]
               == [(m.span(), m.groupdict()) for m in b.finditer(t)] for t in texts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    ap.add_argument("--radius", type=int, default=24,
                    help="key windows: characters either side of a key character (default 24)")
    a = ap.parse_args()
    if a.rounds < 1 or a.radius < 1:
        print("--rounds and --radius must be at least 1 / --rounds 与 --radius 至少为 1", file=sys.stderr)
        return 2

    from bench_throughput import base_texts
    from report_miner.mining.normalise import normalise
    from report_miner.ruleset.load import RuleSet

    rs = RuleSet.load()
    base, _ = base_texts()
    if not base:
        print("no texts found (corpora/ is empty) / 没有找到文本", file=sys.stderr)
        return 1
    texts = [normalise(t, rs).text for t in base]
    rules = rs.blanks.rules
    compiled = [r.pattern for r in rules]

    lead, n_lead = [], 0
    for p in compiled:
        src = lead_lookahead(p.pattern)
        q = regex.compile(src) if src else p
        if src and not _same(p, q, texts):
            print(f"lead lookahead changes the matches of {p.pattern[:60]}…: left as compiled", file=sys.stderr)
            q = p
        n_lead += q is not p
        lead.append(q)
    stdlib, n_std = [], 0
    for p in compiled:
        try:
            q = re.compile(p.pattern)
        except re.error:
            q = p
        if q is not p and not _same(p, q, texts):
            q = p
        n_std += q is not p
        stdlib.append(q)
    keys = [regex.compile("[" + "".join(regex.escape(c) for c in sorted(r.key)) + "]") if r.key else None
            for r in rules]
    alternation = regex.compile("|".join(f"(?=(?:{p.pattern}))" for p in compiled))

    def scan(pats) -> None:
        for t in texts:
            for p in pats:
                for _ in p.finditer(t):
                    pass

    def windows() -> None:
        rad = a.radius
        for t in texts:
            n = len(t)
            for p, k in zip(compiled, keys):
                if k is None:
                    for _ in p.finditer(t):
                        pass
                    continue
                spans: list[list[int]] = []
                for m in k.finditer(t):
                    lo, hi = max(0, m.start() - rad), m.start() + rad
                    if spans and lo <= spans[-1][1]:
                        spans[-1][1] = hi
                    else:
                        spans.append([lo, hi])
                for lo, hi in spans:
                    for _ in p.finditer(t, lo, min(n, hi + rad)):
                        pass

    ways = {"as compiled": lambda: scan(compiled), "lead lookahead": lambda: scan(lead),
            "stdlib re": lambda: scan(stdlib), "key windows": windows,
            "one alternation": lambda: scan([alternation])}
    names = list(ways)
    secs: dict[str, list[float]] = {k: [] for k in names}
    clock = time.process_time
    for r in range(a.rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            t0 = clock()
            ways[name]()
            secs[name].append(clock() - t0)
    print(f"{len(texts)} texts, {sum(map(len, texts)) / 1e6:.2f} M chars; {len(rules)} blank rules; "
          f"{a.rounds} rounds (order rotating), CPU time")
    print(f"lead lookahead applies to {n_lead} rules, stdlib re compiles {n_std} (the rest as compiled)")
    base_s = secs["as compiled"]
    for name in names:
        xs = secs[name]
        ratios = [x / b for x, b in zip(xs, base_s)]
        print(f"  {name:16} {1000 * statistics.median(xs):8.1f} ms (min {1000 * min(xs):.1f}, "
              f"max {1000 * max(xs):.1f})   x{statistics.median(ratios):.2f} of as compiled "
              f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
