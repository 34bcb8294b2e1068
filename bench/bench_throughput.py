#!/usr/bin/env python3
"""Throughput of report_miner.mine_text against jieba.lcut on the same text, in one run.

    python bench/bench_throughput.py              # the reports in corpora/, repeated to ~2 MB
    python bench/bench_throughput.py --mb 5 --repeat 3

Prints: start-up time (import + first report), MB/s of UTF-8 input through mine_text, MB/s of
jieba.lcut over the same documents (its dictionary loaded beforehand, not timed), the ratio,
each stage's share of mine_text's time, and the ceiling: the rule patterns alone, scanned
over the same text with nothing done per match. Caches that would let a repeated document run
faster than a new one are cleared before every document.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def startup_seconds() -> float:
    """Import report_miner and mine the first report, in a fresh interpreter."""
    code = ("import time; t=time.perf_counter(); import report_miner; "
            "report_miner.mine_file(r'%s'); print(time.perf_counter()-t)"
            % (ROOT / "corpora" / "000_69ef0c422dca94cf.txt"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def load_docs(target_mb: float) -> list[str]:
    from report_miner.errors import LoadError
    from report_miner.io import iter_files, read_text

    base = []
    for p in iter_files([ROOT / "corpora"]):
        try:
            base.append(read_text(p).text)
        except LoadError:
            continue
    docs, size = [], 0
    while size < target_mb * 1e6:
        for t in base:
            docs.append(t)
            size += len(t.encode("utf-8"))
    return docs


def pattern_floor(docs: list[str]) -> tuple[float, int]:
    """Seconds to run every rule pattern that scans whole texts (figures, bare numbers,
    exclusions, blank patterns) over the normalised documents, doing nothing per match: the
    least mine_text can cost while rules are regexes scanned one by one."""
    from report_miner.blanks import get_blank_scanner
    from report_miner.figures import get_scanner
    from report_miner.normalise import normalise

    sc, bs = get_scanner(None), get_blank_scanner(None)
    pats = [sc.figure_re, sc.bare_re, *sc.exclusions, *(r.pattern for r in bs.rules)]
    texts = [normalise(d).text for d in docs]
    t0 = time.perf_counter()
    for t in texts:
        for p in pats:
            for _ in p.finditer(t):
                pass
    return time.perf_counter() - t0, len(pats)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=2.0, help="MB of UTF-8 text to push through (default 2)")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs; the best is reported")
    a = ap.parse_args()

    start = startup_seconds()
    import jieba

    import report_miner
    from report_miner import context, figures, normalise

    docs = load_docs(a.mb)
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    report_miner.mine_text(docs[0])  # warm: rules compiled, tokenizer loaded

    # stage timing: wrap the stage functions for one pass
    stages = {"normalise": 0.0, "figures: scan (regex + rules)": 0.0,
              "figures: context (jieba, subject)": 0.0, "blanks": 0.0,
              "structure (reports, outline)": 0.0, "audit": 0.0}
    orig_norm, orig_ctx = normalise.normalise, context.subject_and_action

    def timed_norm(text):
        t = time.perf_counter()
        try:
            return orig_norm(text)
        finally:
            stages["normalise"] += time.perf_counter() - t

    def timed_ctx(*args):
        t = time.perf_counter()
        try:
            return orig_ctx(*args)
        finally:
            stages["figures: context (jieba, subject)"] += time.perf_counter() - t

    best = float("inf")
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for d in docs:
            context._tag_cached.cache_clear()
            report_miner.mine_text(d)
        best = min(best, time.perf_counter() - t0)

    import report_miner.api as api

    orig_scan = figures.FigureScanner.scan

    def timed_scan(self, *args, **kw):
        t = time.perf_counter()
        c0 = stages["figures: context (jieba, subject)"]
        try:
            return orig_scan(self, *args, **kw)
        finally:
            inner = stages["figures: context (jieba, subject)"] - c0
            stages["figures: scan (regex + rules)"] += time.perf_counter() - t - inner

    def timer(stage, fn):
        def wrapped(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                stages[stage] += time.perf_counter() - t
        return wrapped

    from report_miner import audit, blanks
    patched = [(blanks.BlankScanner, "scan", "blanks"), (audit.Auditor, "run", "audit")]
    originals = [(cls, name, getattr(cls, name)) for cls, name, _ in patched]
    for cls, name, stage in patched:
        setattr(cls, name, timer(stage, getattr(cls, name)))
    orig_split, orig_outline = api.split_reports, api.outline
    api.split_reports = timer("structure (reports, outline)", orig_split)
    api.outline = timer("structure (reports, outline)", orig_outline)

    api.normalise, figures.subject_and_action = timed_norm, timed_ctx
    figures.FigureScanner.scan = timed_scan
    t0 = time.perf_counter()
    for d in docs:
        context._tag_cached.cache_clear()
        report_miner.mine_text(d)
    total_staged = time.perf_counter() - t0
    api.normalise, figures.subject_and_action = orig_norm, orig_ctx
    figures.FigureScanner.scan = orig_scan
    api.split_reports, api.outline = orig_split, orig_outline
    for cls, name, fn in originals:
        setattr(cls, name, fn)

    tok = jieba.Tokenizer()
    tok.initialize()
    jbest = float("inf")
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for d in docs:
            tok.lcut(d)
        jbest = min(jbest, time.perf_counter() - t0)

    floor, npats = pattern_floor(docs)
    mb = nbytes / 1e6
    print(f"input: {len(docs)} documents, {mb:.2f} MB UTF-8")
    print(f"startup (import + first report, fresh process): {start:.2f} s")
    print(f"report_miner.mine_text: {mb / best:.3f} MB/s ({best:.2f} s)")
    print(f"jieba.lcut (same text):  {mb / jbest:.3f} MB/s ({jbest:.2f} s)")
    print(f"ratio mine_text / jieba.lcut: {jbest / best:.2f}x")
    print(f"rule patterns alone ({npats} whole-text regex scans per document, nothing done per match): "
          f"{mb / floor:.2f} MB/s = {jbest / floor:.1f}x jieba.lcut, the ceiling of this design")
    other = total_staged - sum(stages.values())
    stages["the rest (rows, sections index)"] = other
    print("stage shares of mine_text time:")
    for k, v in stages.items():
        print(f"  {k:32} {100 * v / total_staged:5.1f}%")


if __name__ == "__main__":
    main()
