#!/usr/bin/env python3
"""What each rule pattern costs: whole-text scan time over the bench's texts, and per rule the
candidates it proposes and keeps.

    python bench/pattern_costs.py              # top 25 patterns by scan time
    python bench/pattern_costs.py --top 80 --repeat 5

Texts: those of bench/bench_throughput.py (corpora/, heldout/, ../shared/gold/real/*.json,
read at run time), normalised. Columns: ms for one scan of all texts (best of ``--repeat``),
ms with the character prefilter (what mine_text pays: a text without the pattern's key
characters is skipped), matches, and for blank rules the candidates kept in the blank table.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    from bench_throughput import base_texts
    from report_miner.mining.blanks import get_blank_scanner
    from report_miner.mining.figures import get_scanner
    from report_miner.mining.normalise import normalise
    from report_miner.ruleset.load import RuleSet

    base, _ = base_texts()
    norms = [normalise(t) for t in base]
    texts = [n.text for n in norms]
    charsets = [set(t) for t in texts]
    sc, bs = get_scanner(None), get_blank_scanner(None)
    from report_miner.mining.figures import _alternation_spans
    from report_miner.mining.prefilter import may_match

    def scanner(p, branches=None):
        if branches:  # scanned one branch at a time (FigureScanner.excluded_spans)
            return lambda t: _alternation_spans(branches, t) or ()
        return p.finditer

    pats = [("figure_re", sc.figure_re, ()), ("bare_re", sc.bare_re, ())]
    pats += [(f"exclusion {i}", scanner(p, b), (k,) if k else ()) for i, p, k, b
             in zip(sc.exclusion_ids, sc.exclusions, sc._exclusion_keys, sc._exclusion_branches)]
    pats += [(f"blank {r.id}", r.pattern, (r.key,) if r.key else ()) for r in bs.rules]

    kept: Counter = Counter()
    rs = RuleSet.load()
    for n in norms:
        for b in rs.blanks.scan(n, rs.figures.scan(n)):
            kept[b.rule] += 1

    rows = []
    clock = time.process_time
    for name, p, required in pats:
        scan = p if callable(p) else p.finditer
        best = bestk = float("inf")
        nm = 0
        for _ in range(a.repeat):
            t0 = clock()
            nm = sum(1 for t in texts for _ in scan(t))
            best = min(best, clock() - t0)
            t0 = clock()
            for t, cs in zip(texts, charsets):
                if not may_match(required, cs):
                    continue
                for _ in scan(t):
                    pass
            bestk = min(bestk, clock() - t0)
        rid = name.split(" ", 1)[1] if name.startswith("blank ") else None
        rows.append((bestk, best, nm, kept.get(rid, "") if rid else "", name))
    total = sum(r[0] for r in rows)
    print(f"{len(texts)} texts, {sum(map(len, texts)) / 1e6:.2f} M chars; {len(rows)} patterns; "
          f"total {1000 * total:.1f} ms with the prefilter, {1000 * sum(r[1] for r in rows):.1f} ms without")
    print(f"{'ms(pref)':>9} {'ms(raw)':>8} {'share':>6} {'matches':>8} {'kept':>5}  pattern")
    for bk, b, nm, k, name in sorted(rows, reverse=True)[:a.top]:
        print(f"{1000 * bk:9.2f} {1000 * b:8.2f} {100 * bk / total:5.1f}% {nm:8d} {k!s:>5}  {name}")


if __name__ == "__main__":
    main()
