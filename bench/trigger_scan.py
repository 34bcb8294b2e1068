#!/usr/bin/env python3
"""Would finding rule matches from trigger positions beat scanning the whole text? Measured.

    python bench/trigger_scan.py            # per pattern: whole-text scan vs trigger scan, ms

For every exclusion and blank pattern, a start anchor is read off the pattern itself (no rule
format change): a set of characters and an offset such that every match starting at ``s`` has
``text[s + offset]`` in the set (the first character consumed, or the last one a look-behind at
the start reads, or the first one a look-ahead at the start reads; one per top-level
alternative). All trigger positions of all patterns come from ONE scan of the text (a character
class of every anchor character), and each pattern is then tried with ``pattern.match(text, s)``
at its candidate starts only, in order, skipping those inside the previous match: the same
matches as ``pattern.finditer(text)`` (checked here for every text), as long as the pattern never
matches both the empty string and a non-empty one.

Printed: per pattern the whole-text scan, the trigger scan (candidates tried), the share of
characters that are candidates; then the totals, the one trigger scan included. Texts: those of
bench/bench_throughput.py, normalised. The result on 2026-12-07 (55 texts, 0.07 M characters):
whole-text 47.8 ms, trigger scans 39.6 ms taking each pattern's better way, plus 12 ms for the one
trigger scan (a third of all characters are some pattern's trigger): no gain. A ``pattern.match``
call costs ~0.8 µs, the engine's scan 10–60 ns a character, so a trigger wins only below one
candidate in 20–80 characters; the unit and punctuation triggers most blank rules start with are
far more frequent than that. Guarding each pattern with a look-around of its anchor characters
(so the engine rejects a position with one set test) was measured too: 73.4 → 74.7 ms, slower.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report_miner.mining.prefilter import _REPEATS, _UNKNOWN, _c, class_chars, parse  # noqa: E402


# ----------------------------------------------------------------------------- trigger positions

def _first(items, reverse: bool = False) -> tuple[frozenset[str] | None, bool]:
    """The characters the first (``reverse``: last) character consumed by ``items`` can be,
    and whether ``items`` can consume nothing; None for the set when some character there is
    not readable (``\\p{Han}``, ``\\d``, ``.``, a negated class, a back-reference …).
    Zero-width items (assertions, empty groups) consume nothing."""
    acc: set[str] = set()
    for op, av in (reversed(list(items)) if reverse else items):
        chars, nullable = _first_node(op, av, reverse)
        if chars is None:
            return None, True
        acc |= chars
        if not nullable:
            return frozenset(acc), False
    return frozenset(acc), True


def _first_node(op, av, reverse: bool) -> tuple[frozenset[str] | None, bool]:
    if op is _c.LITERAL:
        return (None, True) if av == ord(_UNKNOWN) else (frozenset(chr(av)), False)
    if op is _c.IN:
        chars = class_chars(av)
        return (None, True) if chars is None else (frozenset(chars), False)
    if op is _c.SUBPATTERN:
        return (None, True) if av[1] & re.IGNORECASE else _first(av[-1], reverse)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(av, reverse)
    if op in _REPEATS:
        chars, nullable = _first(av[2], reverse)
        return chars, nullable or av[0] == 0
    if op is _c.BRANCH:
        acc: set[str] = set()
        nullable = False
        for alt in av[1]:
            chars, n = _first(alt, reverse)
            if chars is None:
                return None, True
            acc |= chars
            nullable = nullable or n
        return frozenset(acc), nullable
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return frozenset(), True  # zero width: consumes nothing
    return None, True  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, …


def _branch_anchor(items) -> tuple[frozenset[str], int] | None:
    """For one alternative: a set of characters and an offset such that every match starting
    at ``s`` has ``text[s + offset]`` in the set: the first character it consumes (offset 0),
    the last one a look-behind at its start reads (offset -1) or the first one a look-ahead at
    its start reads (offset 0), whichever set is smallest; None when none is readable."""
    options: list[tuple[frozenset[str], int]] = []
    for op, av in items:
        if op is _c.ASSERT:  # av = (direction, pattern)
            chars, nullable = _first(av[1], reverse=av[0] < 0)
            if chars and not nullable:
                options.append((chars, -1 if av[0] < 0 else 0))
            continue
        if op in (_c.ASSERT_NOT, _c.AT):
            continue
        if op is _c.SUBPATTERN and not list(av[-1]):  # an empty group, (?P<slot>)
            continue
        break
    chars, nullable = _first(items)
    if chars and not nullable:
        options.append((chars, 0))
    return min(options, key=lambda o: len(o[0])) if options else None


def start_anchors(pattern: str, flags: int = 0) -> tuple[tuple[frozenset[str], int], ...] | None:
    """Where matches of ``pattern`` can start: pairs ``(chars, offset)`` such that every match
    starting at ``s`` has ``text[s + offset]`` in ``chars`` for one of the pairs (one per
    top-level alternative). None when that cannot be read off the pattern, or when the pattern
    can match both the empty string and a non-empty one (``finditer`` then tries a position
    twice, which :class:`TriggerScan` does not imitate).

    >>> sorted((''.join(sorted(c)), o) for c, o in start_anchors("(?<=辖|下辖)(?P<slot>)(?P<unit>村|社区)"))
    [('辖', -1)]
    >>> start_anchors("\\\\d+人") is None
    True
    """
    if flags & re.IGNORECASE:
        return None
    tree = parse(pattern, flags)
    if tree is None:
        return None
    try:
        lo, hi = tree.getwidth()
    except Exception:  # noqa: BLE001 - syntax only the regex module knows (back-references …)
        return None
    if tree.state.flags & re.IGNORECASE or (lo == 0 and hi != 0):
        return None
    items = list(tree)
    alts = items[0][1][1] if len(items) == 1 and items[0][0] is _c.BRANCH else [items]
    out = []
    for alt in alts:
        a = _branch_anchor(list(alt))
        if a is None:
            return None
        if a not in out:
            out.append(a)
    return tuple(out)


def trigger_matches(pattern, anchors, text: str, index: dict[str, list[int]]):
    """``pattern.finditer(text)``'s matches, tried only at the candidate starts ``anchors`` give
    (``index``: the positions of each trigger character in ``text``)."""
    cands = sorted({q - off for chars, off in anchors for c in chars for q in index.get(c, ())})
    out, last, n = [], 0, len(text)
    for s in cands:
        if s < last or s < 0 or s > n:
            continue
        m = pattern.match(text, s)
        if m is not None:
            out.append(m)
            last = m.end() if m.end() > s else s + 1
    return out


def main() -> None:
    import regex

    from bench_throughput import base_texts
    from report_miner.mining.normalise import normalise
    from report_miner.ruleset.load import RuleSet

    texts = [normalise(t).text for t in base_texts()[0]]
    rules = RuleSet.load()
    sc, bs = rules.figures, rules.blanks
    pats = ([("exclusion " + i, p) for i, p in zip(sc.exclusion_ids, sc.exclusions)]
            + [("blank " + r.id, r.pattern) for r in bs.rules])
    anchors = [start_anchors(p.pattern, p.flags) for _, p in pats]
    chars = sorted({c for a in anchors if a for cs, _ in a for c in cs})
    trig = regex.compile("[" + "".join(regex.escape(c) for c in chars) + "]")
    clock = time.process_time

    def index(t: str) -> dict[str, list[int]]:
        d: dict[str, list[int]] = {}
        for m in trig.finditer(t):
            d.setdefault(m.group(), []).append(m.start())
        return d

    t0 = clock()
    idxs = [index(t) for t in texts]
    t_index = (clock() - t0) * 1000
    n_chars = sum(map(len, texts))
    tot_full = tot_best = 0.0
    print(f"{'pattern':45s} {'whole':>7s} {'trigger':>8s} {'cand/char':>9s}")
    for (name, p), a in zip(pats, anchors):
        t0 = clock()
        full = [[m.span() for m in p.finditer(t)] for t in texts]
        tf = (clock() - t0) * 1000
        tot_full += tf
        if a is None:
            tot_best += tf
            print(f"{name:45s} {tf:7.2f} {'-':>8s}")
            continue
        t0 = clock()
        trig_spans = [[m.span() for m in trigger_matches(p, a, t, i)] for t, i in zip(texts, idxs)]
        ta = (clock() - t0) * 1000
        assert trig_spans == full, name
        tot_best += min(tf, ta)
        n_cand = sum(len({q - o for cs, o in a for c in cs for q in i.get(c, ())}) for i in idxs)
        print(f"{name:45s} {tf:7.2f} {ta:8.2f} {n_cand / n_chars:9.3f}")
    print(f"\n{len(texts)} texts, {n_chars / 1e6:.2f} M characters; whole-text scans {tot_full:.1f} ms; "
          f"each pattern's better way {tot_best:.1f} ms + the one trigger scan {t_index:.1f} ms "
          f"({sum(sum(map(len, i.values())) for i in idxs) / n_chars:.0%} of characters are triggers)")


if __name__ == "__main__":
    main()
