#!/usr/bin/env python3
"""Throughput of report_miner.mine_text against jieba.lcut on the same texts, in alternating rounds.

    python bench/bench_throughput.py                 # ~2 MB of real report text, 7 rounds
    python bench/bench_throughput.py --mb 1 --rounds 9

Texts: the reports in corpora/ plus, when present, the texts of ../shared/gold/real/*.json and
heldout/*.txt (read here at run time, never copied), repeated to ``--mb`` MB of UTF-8.

Each round times mine_text over all the documents, jieba.lcut over the same documents (a
private ``jieba.Tokenizer`` whose dictionary is loaded beforehand, not timed) and the rule
patterns alone (the floor: every rule pattern that scans whole texts, scanned over the
normalised documents with nothing done per match). Odd rounds run mine_text first, even
rounds jieba first, and within a round the two take turns document by document, so a machine
that gets busier or quieter during a round favours neither. The ratios are per round
(jieba's seconds over mine_text's, i.e. mine_text's MB/s over jieba's) and the report gives
their min / median / max: on a shared machine quote the median and the spread. ``--clock cpu``
(default) counts this process's CPU time, steadier than wall time when other work shares the
cores; ``--clock wall`` counts elapsed time.

Also printed: start-up time (fresh interpreter: import + first report; must stay under 1 s),
and each stage's share of mine_text's time, from mine_text's own timing hook
(``mine_text(..., timings=dict)``), so no private function is patched.

Last, the budget: how much time mine_text may take per round to reach the targets (2.5x
jieba.lcut; half the floor's speed), and per stage how that splits when the rule scans stay as
they are (the floor's patterns of each stage, timed alone) and the rest of each stage's work
shrinks in proportion: what each stage's own Python work would have to come down to.

Caches that would let a repeated document run faster than a new one are cleared before every
document.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_REAL = ROOT.parent / "shared" / "gold" / "real"


def startup_seconds() -> float:
    """Import report_miner and mine the first report, in a fresh interpreter."""
    code = ("import time; t=time.perf_counter(); import report_miner; "
            "report_miner.mine_file(r'%s'); print(time.perf_counter()-t)"
            % (ROOT / "corpora" / "000_69ef0c422dca94cf.txt"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def base_texts(gold: Path = GOLD_REAL) -> tuple[list[str], dict[str, int]]:
    """The distinct texts benched, and how many came from each place."""
    from report_miner.errors import LoadError
    from report_miner.readers.files import iter_files, read_text

    texts: list[str] = []
    counts = {}
    for name, folder in (("corpora", ROOT / "corpora"), ("heldout", ROOT / "heldout")):
        n = 0
        if folder.is_dir():
            for p in iter_files([folder], suffixes=(".txt",)):
                try:
                    texts.append(read_text(p).text)
                    n += 1
                except LoadError:
                    continue
        counts[name] = n
    n = 0
    if gold.is_dir():
        for p in sorted(gold.glob("*.json")):
            try:
                t = json.loads(p.read_text(encoding="utf-8")).get("text")
            except (OSError, ValueError):
                continue
            if isinstance(t, str) and t.strip():
                texts.append(t)
                n += 1
    counts["gold/real"] = n
    return texts, counts


def load_docs(target_mb: float, base: list[str]) -> list[str]:
    docs, size = [], 0
    while size < target_mb * 1e6:
        for t in base:
            docs.append(t)
            size += len(t.encode("utf-8"))
    return docs


def floor_patterns():
    """Every rule pattern that scans whole texts: figures, bare numbers, exclusions, blanks."""
    from report_miner.mining.blanks import get_blank_scanner
    from report_miner.mining.figures import get_scanner

    sc, bs = get_scanner(None), get_blank_scanner(None)
    return [sc.figure_re, sc.bare_re, *sc.exclusions, *(r.pattern for r in bs.rules)]


def _clear_caches() -> None:
    """Forget the segmenter's tags of clauses seen before (a new document would not have them)."""
    from report_miner.ruleset.load import RuleSet

    RuleSet.load().words._tag_cache.clear()


def time_mine(docs: list[str], timings: dict | None = None, clock=time.perf_counter) -> float:
    import report_miner

    t0 = clock()
    for d in docs:
        _clear_caches()
        report_miner.mine_text(d, timings=timings) if timings is not None else report_miner.mine_text(d)
    return clock() - t0


def time_floor(pats, texts: list[str], clock=time.perf_counter) -> float:
    t0 = clock()
    for t in texts:
        for p in pats:
            for _ in p.finditer(t):
                pass
    return clock() - t0


def one_round(docs: list[str], norm_texts: list[str], tok, pats, mine_first: bool, clock
              ) -> tuple[float, float, float]:
    """Seconds of mine_text, jieba.lcut and the floor over all documents. They take turns
    document by document (mine_text first, or jieba first), so a change in the machine's load
    during the round falls on both nearly alike."""
    import report_miner

    m = j = f = 0.0
    for d, nt in zip(docs, norm_texts):
        for which in (("m", "j") if mine_first else ("j", "m")):
            if which == "m":
                _clear_caches()
                t0 = clock()
                report_miner.mine_text(d)
                m += clock() - t0
            else:
                t0 = clock()
                tok.lcut(d)
                j += clock() - t0
        t0 = clock()
        for p in pats:
            for _ in p.finditer(nt):
                pass
        f += clock() - t0
    return m, j, f


FLOOR_STAGE = {"figures": "figure, bare-number and exclusion patterns", "blanks": "blank patterns"}


def floor_by_stage(norm_texts: list[str], clock) -> dict[str, float]:
    """Seconds of the floor's scans over ``norm_texts``, by the stage that runs them."""
    from report_miner.mining.blanks import get_blank_scanner
    from report_miner.mining.figures import get_scanner

    sc, bs = get_scanner(None), get_blank_scanner(None)
    groups = {"figures": [sc.figure_re, sc.bare_re, *sc.exclusions],
              "blanks": [r.pattern for r in bs.rules]}
    return {stage: time_floor(pats, norm_texts, clock) for stage, pats in groups.items()}


def print_budget(mine_s: float, jieba_s: float, floor_s: float, shares: dict[str, float],
                 scans: dict[str, float], target: float = 2.5, floor_share: float = 0.5) -> None:
    """The time mine_text may take for each target, and per stage what its work other than
    the rule scans (``scans``, seconds per stage, scaled to the floor's total) would have to
    come down to if the scans stay and the rest shrinks in proportion."""
    total_scan = sum(scans.values()) or 1.0
    scans = {k: v * floor_s / total_scan for k, v in scans.items()}  # the floor's own total
    now = {k: mine_s * v for k, v in shares.items()}
    rest = {k: max(0.0, now[k] - scans.get(k, 0.0)) for k in now}
    rest_total = sum(rest.values())
    goals = [(f"mine_text >= {target:g}x jieba", f"{target:g}x jieba", jieba_s / target),
             (f">= {floor_share:g}x the floor", f"{floor_share:g}x floor", floor_s / floor_share)]
    print(f"budget per round (CPU s, median round): mine_text {mine_s:.2f}, jieba.lcut {jieba_s:.2f}, "
          f"floor {floor_s:.2f} (rule scans: " + ", ".join(f"{k} {v:.2f}" for k, v in scans.items()) + ")")
    for name, _, goal in goals:
        spare = goal - floor_s
        print(f"  {name}: at most {goal:.2f} s ({100 * (goal / mine_s - 1):+.0f}%); after the scans "
              f"{max(spare, 0):.2f} s for the rest (now {rest_total:.2f} s: "
              + (f"x{spare / rest_total:.2f})" if spare > 0 else "impossible without faster scans)"))
    print(f"  {'stage':<20} {'now':>6} {'scans':>6} {'rest':>6}"
          + "".join(f"  rest for {short:>10}" for _, short, _ in goals))
    for k in now:
        cells = "".join(f"  {max(0.0, rest[k] * (goal - floor_s) / rest_total) if rest_total else 0.0:>19.3f}"
                        for _, _, goal in goals)
        print(f"  {k:<20} {now[k]:6.3f} {scans.get(k, 0.0):6.3f} {rest[k]:6.3f}" + cells)


def _spread(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.2f}x (min {min(xs):.2f}, max {max(xs):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=2.0, help="MB of UTF-8 text per round (default 2)")
    ap.add_argument("--rounds", type=int, default=7, help="alternating rounds (default 7)")
    ap.add_argument("--no-startup", action="store_true", help="skip the fresh-interpreter start-up timing")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="cpu: this process's CPU time (steadier on a shared machine, default); wall: elapsed time")
    a = ap.parse_args()

    start = None if a.no_startup else startup_seconds()
    from report_miner.mining.context import import_jieba
    from report_miner.mining.normalise import normalise

    import report_miner

    jieba = import_jieba()
    base, counts = base_texts()
    docs = load_docs(a.mb, base)
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    mb = nbytes / 1e6
    report_miner.mine_text(docs[0])  # warm: rules compiled, tokenizer loaded
    tok = jieba.Tokenizer()
    tok.initialize()
    pats = floor_patterns()
    norm_texts = [normalise(d).text for d in docs]

    clock = time.process_time if a.clock == "cpu" else time.perf_counter
    mine_t, jieba_t, floor_t, ratios, floor_ratios = [], [], [], [], []
    for r in range(a.rounds):
        m, j, f = one_round(docs, norm_texts, tok, pats, r % 2 == 0, clock)
        mine_t.append(m)
        jieba_t.append(j)
        floor_t.append(f)
        ratios.append(j / m)
        floor_ratios.append(j / f)
        print(f"  round {r + 1}: mine_text {m:.2f} s, jieba.lcut {j:.2f} s, floor {f:.2f} s: "
              f"mine_text {j / m:.2f}x jieba, floor {j / f:.2f}x jieba", flush=True)

    stages: dict[str, float] = {}
    total_staged = time_mine(docs, stages)  # the hook reads the wall clock

    print(f"input: {len(docs)} documents ({len(base)} distinct: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"), {mb:.2f} MB UTF-8")
    if start is not None:
        print(f"startup (import + first report, fresh process): {start:.2f} s"
              + ("" if start < 1 else "  ** over 1 s **"))
    print(f"rounds: {a.rounds} (alternating order), clock: {a.clock}")
    print(f"report_miner.mine_text: median {mb / statistics.median(mine_t):.3f} MB/s")
    print(f"jieba.lcut (same text): median {mb / statistics.median(jieba_t):.3f} MB/s")
    print(f"ratio mine_text / jieba.lcut per round: {_spread(ratios)}")
    print(f"rule patterns alone ({len(pats)} whole-text scans per document, nothing done per match): "
          f"median {mb / statistics.median(floor_t):.2f} MB/s; as a ratio to jieba: {_spread(floor_ratios)}")
    mf = [f / m for f, m in zip(floor_t, mine_t)]
    print(f"mine_text as a share of the floor's speed per round: median {statistics.median(mf):.2f} "
          f"(min {min(mf):.2f}, max {max(mf):.2f})")
    stages["outside the stages"] = total_staged - sum(stages.values())
    print("stage shares of mine_text time (one extra pass, timing hook on):")
    for k, v in stages.items():
        print(f"  {k:32} {100 * v / total_staged:5.1f}%")
    print_budget(statistics.median(mine_t), statistics.median(jieba_t), statistics.median(floor_t),
                 {k: v / total_staged for k, v in stages.items()}, floor_by_stage(norm_texts, clock))


if __name__ == "__main__":
    main()
