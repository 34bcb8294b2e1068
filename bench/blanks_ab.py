#!/usr/bin/env python3
"""The blanks stage of two versions of report_miner/mining/blanks.py, side by side in one process.

    git show main:report_miner/mining/blanks.py > /tmp/blanks_main.py
    python bench/blanks_ab.py /tmp/blanks_main.py                  # against this checkout's
    python bench/blanks_ab.py /tmp/a.py /tmp/b.py --rounds 12       # two files

The blanks counterpart of bench/figures_ab.py (read its help for why one process): both
``BlankScanner``s (one per file, built over the same compiled rules, metric classifier,
segmenter and blank patterns) run document by document, taking turns (odd rounds the first
file first, even rounds the second). Each file must be a blanks.py this package can import.

Texts: those of bench/bench_throughput.py, normalised once, each with its figures (found once,
by this checkout's figures stage). Before each scan the caches a new document would not have are
emptied (the segmenter's tags of clauses, the sentence index). First, both scanners must give
the same blanks and the same log of dropped candidates (``explain``) on every text, else it
stops. Printed: the CPU milliseconds of a pass for each (median of the rounds) and the ratio
second/first per round: median, min and max. The ratio is what to quote.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from figures_ab import _load, ab_setup, alternate, fresh_caches  # noqa: E402  (bench/ is on the path)


def main() -> int:
    setup = ab_setup(__doc__, "blanks.py")
    if setup is None:
        return 2
    a, rules, norms = setup
    unit_forms = {form: u.unit for form, u in rules.figures.units.items()}
    scanners = [_load(path, f"_blanks_ab{i}").BlankScanner(rules.data, rules.metrics, unit_forms,
                                                           words=rules.words,
                                                           patterns=rules.blank_patterns)
                for i, path in enumerate((a.first, a.second))]
    docs = [(n, rules.figures.scan(n)) for n in norms]

    def rows(scanner, n, figs):
        log: list[dict] = []
        found = [sorted(b.__dict__.items()) for b in scanner.scan(n, figs, log=log)]
        return found, log, [sorted(b.__dict__.items()) for b in scanner.scan(n, figs)]

    for n, figs in docs:
        if rows(scanners[0], n, figs) != rows(scanners[1], n, figs):
            print("the two give different blanks or logs: no timing / 两者结果不同，不计时", file=sys.stderr)
            return 1
    alternate(a, [lambda d, s=s: s.scan(*d) for s in scanners], docs, lambda d: fresh_caches(rules, d[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
