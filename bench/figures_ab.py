#!/usr/bin/env python3
"""The figures stage of two versions of report_miner/mining/figures.py, side by side in one process.

    git show main:report_miner/mining/figures.py > /tmp/figures_main.py
    python bench/figures_ab.py /tmp/figures_main.py                 # against this checkout's
    python bench/figures_ab.py /tmp/a.py /tmp/b.py --rounds 12      # two files

Made for speed work on the figures stage, where the machine's load moves whole-run timings by
more than a change saves: both scanners (``FigureScanner`` of each file, built over the same
compiled rules, segmenter and blank patterns) run in the same process, document by document,
taking turns (odd rounds the first file first, even rounds the second), so a machine that gets
busier or quieter touches both alike. Each file must be a figures.py this package can import
(its relative imports resolve inside ``report_miner.mining``); only the figures module differs.

Texts: those of bench/bench_throughput.py (corpora/, heldout/, ../shared/gold/real/*.json, read
at run time), normalised once. Before each document the caches a new document would not have
are emptied (the segmenter's tags of clauses, the sentence index). First, both scanners must give
the same figures on every text (else it stops: a speed change must leave the tables as they
were). Printed: the CPU milliseconds of a pass for each (median of the rounds) and the ratio
second/first per round: median, min and max. The ratio is what to quote.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(f"report_miner.mining.{name}", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def ab_setup(doc: str, what: str) -> "tuple | None":
    """The arguments of an A/B bench of two versions of ``report_miner/mining/<what>`` (the two
    files and --rounds), the shipped rule set and the bench's texts normalised; None after
    saying what is wrong."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("first", type=Path, help=f"a {what} (the one before a change)")
    ap.add_argument("second", type=Path, nargs="?", default=ROOT / "report_miner" / "mining" / what,
                    help=f"another {what} (default: this checkout's)")
    ap.add_argument("--rounds", type=int, default=10, help="alternating rounds (default 10)")
    a = ap.parse_args()
    for p in (a.first, a.second):
        if not p.is_file():
            print(f"{p}: not found / 找不到", file=sys.stderr)
            return None
    if a.rounds < 1:
        print("--rounds must be at least 1 / --rounds 至少为 1", file=sys.stderr)
        return None
    rules, norms = bench_texts()
    return (a, rules, norms) if norms else None


def bench_texts() -> tuple:
    """The shipped rule set and the texts of bench/bench_throughput.py, normalised; no texts
    (said on stderr) when corpora/ is empty."""
    from bench_throughput import base_texts
    from report_miner.mining.normalise import normalise
    from report_miner.ruleset.load import RuleSet

    texts, _counts = base_texts()
    if not texts:
        print("no texts found (corpora/ is empty) / 没有找到文本", file=sys.stderr)
        return None, []
    rules = RuleSet.load()
    return rules, [normalise(t, rules) for t in texts]


def fresh_caches(rules, norm) -> None:
    """Empty the caches a new document would not have: the segmenter's tags of clauses, the
    sentence index of ``norm``."""
    from report_miner.mining import context

    rules.words._tag_cache.clear()
    norm.__dict__.pop("sentences", None)
    context._INDEX_CACHE.clear()


def alternate(a: argparse.Namespace, runs, items: list, clear) -> None:
    """Time ``runs[0](item)`` and ``runs[1](item)`` item by item, taking turns (odd rounds the
    first first), ``clear(item)`` before each, over ``a.rounds`` rounds; print the CPU time of
    a pass for each and the ratio second/first per round."""
    clock = time.process_time
    spent: list[list[float]] = [[], []]
    ratios = []
    for r in range(a.rounds):
        t = [0.0, 0.0]
        order = (0, 1) if r % 2 == 0 else (1, 0)
        for item in items:
            for k in order:
                clear(item)
                t0 = clock()
                runs[k](item)
                t[k] += clock() - t0
        spent[0].append(t[0])
        spent[1].append(t[1])
        ratios.append(t[1] / t[0])
    print(f"texts: {len(items)}, rounds: {a.rounds} (alternating order), clock: CPU")
    print(f"first  {a.first}: median {1000 * statistics.median(spent[0]):.1f} ms a pass")
    print(f"second {a.second}: median {1000 * statistics.median(spent[1]):.1f} ms a pass")
    print(f"second/first per round: median {statistics.median(ratios):.3f} "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


def main() -> int:
    setup = ab_setup(__doc__, "figures.py")
    if setup is None:
        return 2
    a, rules, norms = setup
    scanners = []
    for i, path in enumerate((a.first, a.second)):
        mod = _load(path, f"_figures_ab{i}")
        scanners.append(mod.FigureScanner(rules.data, words=rules.words, subject_rules=rules.subject_rules,
                                          blank_patterns=rules.blank_patterns))

    def rows(figs):
        return [sorted(f.__dict__.items()) for f in figs]

    for n in norms:
        if rows(scanners[0].scan(n)) != rows(scanners[1].scan(n)):
            print("the two give different figures: no timing / 两者结果不同，不计时", file=sys.stderr)
            return 1
    alternate(a, [s.scan for s in scanners], norms, lambda n: fresh_caches(rules, n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
