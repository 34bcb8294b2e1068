#!/usr/bin/env python3
"""Where mine_text's time goes, as counts that do not depend on the machine's load: how often
each function is called over the bench's texts, beside its share of the profiled time.

    python bench/call_counts.py                                    # top 30 by cumulative share
    python bench/call_counts.py --only _seam_after,_candidate_lines  # just these (name or file:name)
    python bench/call_counts.py --passes 3 --top 60 --sort tottime

Texts: those of bench/bench_throughput.py (corpora/, heldout/, ../shared/gold/real/*.json read at
run time), each mined ``--passes`` times (default 3) under ``cProfile``, with the caches a new
document would not have cleared before each (as the throughput bench does). A speed cut that skips
work shows as fewer calls of the function it spares, the same count on every run: quote those.
The shares (``cum``: the function and what it calls; ``self``: its own code) come from the
profiler's clock: on a shared machine they move by a few tenths of a percent between runs, and
the profiler's cost per call inflates small functions; never read them as a speed-up (the
alternating bench_throughput.py is the measure of speed).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def profile(passes: int) -> pstats.Stats:
    """mine_text over the bench's texts ``passes`` times, under cProfile (one warm-up first)."""
    from bench_throughput import _clear_caches, base_texts
    import report_miner

    texts, _counts = base_texts()
    if not texts:
        raise SystemExit("no texts found (corpora/ is empty) / 没有找到文本")
    report_miner.mine_text(texts[0])  # rules compiled, segmenter loaded: not profiled
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(passes):
        for t in texts:
            _clear_caches()
            report_miner.mine_text(t)
    pr.disable()
    return pstats.Stats(pr)


def rows(stats: pstats.Stats, only: list[str], sort: str, top: int) -> list[tuple]:
    """``(calls, cum share, self share, where)`` per function, the ``only`` ones (by name or
    ``file:name``) or the ``top`` ones by ``sort``."""
    total = sum(v[2] for v in stats.stats.values()) or 1.0
    out = []
    for (path, line, name), (_cc, calls, tt, ct, _callers) in stats.stats.items():
        file = Path(path).name
        if only and name not in only and f"{file}:{name}" not in only:
            continue
        out.append((calls, ct / total * 100, tt / total * 100, f"{file}:{line} {name}"))
    key = {"calls": 0, "cumtime": 1, "tottime": 2}[sort]
    out.sort(key=lambda r: -r[key])
    return out if only else out[:top]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passes", type=int, default=3, help="times each text is mined (default 3)")
    ap.add_argument("--only", default="", metavar="NAMES",
                    help="comma-separated function names (or file:name) to show, all their rows")
    ap.add_argument("--sort", choices=("cumtime", "tottime", "calls"), default="cumtime",
                    help="order of the rows (default cumtime)")
    ap.add_argument("--top", type=int, default=30, help="rows shown without --only (default 30)")
    a = ap.parse_args()
    if a.passes < 1 or a.top < 1:
        print("--passes and --top must be at least 1 / --passes 与 --top 至少为 1", file=sys.stderr)
        return 2
    stats = profile(a.passes)
    only = [n.strip() for n in a.only.split(",") if n.strip()]
    print(f"{'calls':>9} {'cum %':>7} {'self %':>7}  function")
    for calls, cum, own, where in rows(stats, only, a.sort, a.top):
        print(f"{calls:9d} {cum:7.2f} {own:7.2f}  {where}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted / 已中断", file=sys.stderr)
        sys.exit(130)
