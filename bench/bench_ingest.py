#!/usr/bin/env python3
"""End-to-end throughput of ``report-miner ingest`` on generated archives, and how it scales.

    python bench/bench_ingest.py                       # N = 1,000 and 10,000 files
    python bench/bench_ingest.py --n 200 2000          # a quicker check
    python bench/bench_ingest.py --n 1000 --scaling    # also 1 worker vs all cores
    python bench/bench_ingest.py --n 500 --mixed       # a tenth .docx and a tenth .html too

For each N, N report files are written to a temporary folder laid out as
``{township}/{year}/NNNNN.txt``, each a report from ``corpora/`` with every number changed
(years kept) and a serial number added, so every file has its own hash, nothing is skipped and
no clause repeats exactly (the miner's caches help no more than on a real archive); a fifth
are GB18030, the rest UTF-8. The miner's clause-tagging cache is cleared before every file
(``--keep-caches`` keeps it), since generated files still share more clauses than real ones. Each N is ingested in a fresh process into a fresh database, then
ingested again (everything skipped). Printed per N: files/s, MB/s of input, the wall time
(the one-off warm-up, which loads rules and jieba's dictionary before the workers are forked,
is timed apart), the re-run time, and peak memory: the parent's maximum RSS
(``resource.getrusage``; it includes the warm-up's dictionaries) and the largest worker's
(``RUSAGE_CHILDREN``; workers are separate processes); with ``--tracemalloc`` also the peak of
the parent's Python allocations (tracing slows the parent several times, so it is off by
default).

Then: the time ratio of the largest N to the smallest (linear growth means the ratio of the
N's), and, for the smallest N, in the same process and over the very same generated files
(their decoded texts, loaded beforehand), three throughputs on ONE core, each in MB/s of the
texts' UTF-8 bytes (so GB18030 files count as much as their UTF-8 twins):

- ``jieba.lcut``: a ``jieba.Tokenizer()`` initialised beforehand (not timed),
- ``report_miner.mine_text`` alone, one text after another (rules and dictionaries loaded
  beforehand; the clause cache cleared before each text unless ``--keep-caches``), once
  before the ingest and once after it, averaged (other programs on the machine shift the
  figures less then),
- ``ingest`` end to end (hashing, loading, mining, storing), with the ``--jobs`` given,

and the ratios ingest / jieba and mine_text / jieba (issue 5 asks for ingest >= 5x jieba on
one core: run with ``--jobs 1``), plus what ingest adds on top of mine_text. Each rate is
also given from CPU time, which other programs sharing the machine disturb less (ingest's only
with --jobs 1). jieba's second dictionary is loaded after the peak memory is read.

    python bench/bench_ingest.py --n 200 --jobs 1      # issue 5's one-core figures, quickly
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_DIGITS = re.compile(r"[0-9]+")
TOWNSHIPS = ["河西镇", "石桥乡", "青山镇", "南溪镇", "柳坪乡", "东坝镇", "凤凰乡", "白沙镇"]


def base_texts() -> list[str]:
    from report_miner.errors import LoadError
    from report_miner.readers.files import iter_files, read_text

    texts = []
    for path in iter_files([ROOT / "corpora"]):
        try:
            texts.append(read_text(path).text)
        except LoadError:
            continue
    return texts


def generate(folder: Path, n: int, mixed: bool = False, seed: int = 7) -> tuple[int, list[Path]]:
    """Write ``n`` varied reports under ``folder``; return (total bytes, paths)."""
    rng = random.Random(seed)
    texts = base_texts()
    total, paths = 0, []
    def vary(match: re.Match[str]) -> str:
        digits = match.group()
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return digits  # a year stays a year
        low = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
        return str(rng.randint(low, 10 ** len(digits) - 1))

    for i in range(n):
        # every number changed, so no clause repeats exactly and the miner's caches help no
        # more than they would on a real archive; plus a serial number
        text = _DIGITS.sub(vary, texts[i % len(texts)])
        text += f"\n附：档案编号{i:05d}，本年度补录材料{rng.randint(1, 500)}份。\n"
        township = TOWNSHIPS[i % len(TOWNSHIPS)]
        year = 2015 + (i // len(TOWNSHIPS)) % 10
        sub = folder / township / str(year)
        sub.mkdir(parents=True, exist_ok=True)
        kind = i % 10 if mixed else -1
        if kind == 3:
            path = sub / f"{i:05d}.docx"
            data = _docx_bytes(text)
        elif kind == 6:
            path = sub / f"{i:05d}.html"
            body = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
            data = ("<html><head><meta charset='utf-8'><script>var x=1;</script></head><body>"
                    + body + "</body></html>").encode("utf-8")
        else:
            path = sub / f"{i:05d}.txt"
            codec = "gb18030" if i % 5 == 4 else "utf-8"
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
        paths.append(path)
    return total, paths


def _docx_bytes(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _without_caches() -> None:
    """Clear the clause-tagging cache before every file, as bench_throughput.py does.

    Generated reports share far more clauses than a real archive, so the cache would make a
    large N look faster per file than a small one. Workers are forked, so they inherit the
    wrapped function (on Linux; elsewhere the caches stay on).
    """
    import report_miner.store.ingest as ing
    from report_miner.mining import context

    original = ing._mine_one

    def mine_one_fresh(path: str, rules_dir: str | None, meta: dict,
                       timeout: float | None = None) -> dict:
        context._tag_cached.cache_clear()
        return original(path, rules_dir, meta, timeout)

    ing._mine_one = mine_one_fresh


def run_one(n: int, jobs: int | None, mixed: bool, trace: bool, keep_caches: bool,
            baseline: bool = False) -> dict:
    """Generate, ingest and re-ingest N files in this process; the figures as a dict.

    With ``baseline``, also time mine_text over the same files' texts once before and once
    after the ingest (the mean of the two, so a machine that gets busier or quieter during
    the run favours neither), and jieba.lcut after it. Peak memory is read before jieba's
    second dictionary is loaded."""
    import resource
    import tracemalloc

    from report_miner.store.ingest import _warm_up, ingest

    if not keep_caches:
        _without_caches()

    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
        folder = Path(tmp) / "档案"
        nbytes, paths = generate(folder, n, mixed)
        db = Path(tmp) / "archive.sqlite"
        t0 = time.perf_counter()
        _warm_up(None)  # what ingest does first: rules, jieba's dictionary, loader imports
        warm = time.perf_counter() - t0
        texts = _texts(paths) if baseline else []
        before = mine_text_pass(texts, keep_caches) if baseline else None
        if trace:
            tracemalloc.start()
        t0, c0 = time.perf_counter(), time.process_time()
        stats = ingest([folder], db, jobs=jobs, progress=False,
                       path_pattern="{township}/{year}/*")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        traced_peak = tracemalloc.get_traced_memory()[1] if trace else None
        tracemalloc.stop()
        t1 = time.perf_counter()
        again = ingest([folder], db, jobs=jobs, progress=False)
        rerun = time.perf_counter() - t1
        self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
        extra: dict = {}
        if baseline:
            after = mine_text_pass(texts, keep_caches)
            jieba_s, jieba_cpu = jieba_pass(texts)
            extra = {"texts": len(texts),
                     "text_bytes": sum(len(t.encode("utf-8")) for _, t in texts),
                     "jieba_seconds": jieba_s, "jieba_cpu": jieba_cpu,
                     "mine_text_passes": [before[0], after[0]],
                     "mine_text_seconds": (before[0] + after[0]) / 2,
                     "mine_text_cpu": (before[1] + after[1]) / 2}
        return {
            "n": n, "jobs": stats.jobs, "bytes": nbytes, "seconds": seconds, "warm_up": warm,
            "cpu_seconds": cpu,  # this process only: all of it with --jobs 1
            "mined": stats.mined, "failed": stats.failed, "rerun_seconds": rerun,
            "rerun_skipped": again.skipped, "db_bytes": db.stat().st_size,
            "parent_rss": self_rss * scale, "parent_traced_peak": traced_peak,
            "child_rss": child_rss * scale, **extra,
        }


def _texts(paths: list[Path]) -> list[tuple[str, str]]:
    """(path, decoded text) of every file that loads, as ingest reads them."""
    from report_miner.errors import LoadError
    from report_miner.readers.load import read_document

    out = []
    for p in paths:
        try:
            out.append((str(p), read_document(p).text))
        except LoadError:
            continue
    return out


def mine_text_pass(texts: list[tuple[str, str]], keep_caches: bool) -> tuple[float, float]:
    """Wall and CPU seconds of report_miner.mine_text over ``texts``, one after another in
    this process (rules and dictionaries already loaded; the clause cache cleared before
    each text unless ``keep_caches``, as for ingest)."""
    from report_miner.mining import context
    from report_miner.api import mine_text

    t0, c0 = time.perf_counter(), time.process_time()
    for path, text in texts:
        if not keep_caches:
            context._tag_cached.cache_clear()
        mine_text(text, source=path)
    return time.perf_counter() - t0, time.process_time() - c0


def jieba_pass(texts: list[tuple[str, str]]) -> tuple[float, float]:
    """Wall and CPU seconds of jieba.lcut over ``texts`` on one core, with a
    ``jieba.Tokenizer()`` whose dictionary is loaded beforehand (not timed)."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    t0, c0 = time.perf_counter(), time.process_time()
    for _, text in texts:
        tokenizer.lcut(text)
    return time.perf_counter() - t0, time.process_time() - c0


def _child(n: int, jobs: int | None, mixed: bool, trace: bool, keep: bool,
           baseline: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--one", str(n), *(["--mixed"] if mixed else []),
           *(["--tracemalloc"] if trace else []), *(["--keep-caches"] if keep else []),
           *(["--baseline"] if baseline else [])]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _mb(x: float) -> str:
    return f"{x / 2**20:.0f} MB"


def _report(r: dict) -> str:
    traced = ("" if r["parent_traced_peak"] is None else
              f", parent Python allocations {_mb(r['parent_traced_peak'])} (tracemalloc)")
    return (f"N={r['n']:>6}  jobs {r['jobs']}  {r['bytes'] / 1e6:7.1f} MB in {r['seconds']:7.1f} s  "
            f"{r['n'] / r['seconds']:6.1f} files/s  {r['bytes'] / 1e6 / r['seconds']:5.2f} MB/s  "
            f"(+ warm-up {r['warm_up']:.1f} s)  re-run {r['rerun_seconds']:5.1f} s "
            f"({r['rerun_skipped']} skipped)\n"
            f"          peak memory: parent RSS {_mb(r['parent_rss'])}{traced}, largest worker "
            f"RSS {_mb(r['child_rss'])}; database {_mb(r['db_bytes'])}; failed {r['failed']}")


def _one_core_report(r: dict) -> str:
    """The issue-5 figures: jieba, mine_text and ingest over the same texts, per core.

    Wall-clock rates first; in brackets the same from CPU time (this process's), steadier
    when other programs share the machine (ingest's only with --jobs 1)."""
    mb = r["text_bytes"] / 1e6
    jieba, jieba_cpu = mb / r["jieba_seconds"], mb / r["jieba_cpu"]
    mine, mine_cpu = mb / r["mine_text_seconds"], mb / r["mine_text_cpu"]
    ingest = mb / r["seconds"]
    one = r["jobs"] == 1
    ingest_cpu = mb / r["cpu_seconds"] if one else None

    def cpu(rate: float | None, base: float | None = None) -> str:
        if rate is None:
            return ""
        return f"  [cpu {rate:5.2f} MB/s" + (f" = {rate / base:.2f}x]" if base else "]")

    per_core = "" if one else f", {ingest / r['jobs']:.2f} MB/s per core"
    overhead = r["seconds"] / r["mine_text_seconds"] - 1
    passes = " / ".join(f"{x:.1f}" for x in r["mine_text_passes"])
    label = f"ingest --jobs {r['jobs']}, end to end:"
    lines = [
        f"same texts (N={r['n']}, {r['texts']} texts, {mb:.1f} MB UTF-8), MB/s of UTF-8 text:",
        f"  {'jieba.lcut, one core:':31s} {jieba:6.2f} MB/s  ({r['jieba_seconds']:5.1f} s)"
        f"{' ' * 16}{cpu(jieba_cpu)}",
        f"  {'mine_text, one core:':31s} {mine:6.2f} MB/s  ({r['mine_text_seconds']:5.1f} s)"
        f"  = {mine / jieba:5.2f}x jieba{cpu(mine_cpu, jieba_cpu)}  (before / after ingest: "
        f"{passes} s)",
        f"  {label:31s} {ingest:6.2f} MB/s  ({r['seconds']:5.1f} s)"
        f"  = {ingest / jieba:5.2f}x jieba{cpu(ingest_cpu, jieba_cpu)}{per_core}",
        f"  ingest adds {overhead * 100:+.0f}% time to mine_text's"
        + (f" (cpu {r['cpu_seconds'] / r['mine_text_cpu'] * 100 - 100:+.0f}%)" if one
           else f" (with {r['jobs']} workers; use --jobs 1 for one core)")
        + "; issue 5's target: ingest --jobs 1 >= 5x jieba",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 10000],
                    help="archive sizes to ingest (default 1000 10000)")
    ap.add_argument("--jobs", type=int, help="worker processes (default all cores)")
    ap.add_argument("--mixed", action="store_true", help="a tenth .docx and a tenth .html")
    ap.add_argument("--scaling", action="store_true",
                    help="also ingest the smallest N with 1 worker, to compare with all cores")
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also trace the parent's Python allocations (slows the parent down)")
    ap.add_argument("--keep-caches", action="store_true",
                    help="let the miner's clause cache carry over between files (by default it "
                         "is cleared before each file, as generated files repeat clauses)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one run, JSON out
    ap.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)  # with --one
    a = ap.parse_args()

    if a.one:
        print(json.dumps(run_one(a.one, a.jobs, a.mixed, a.tracemalloc, a.keep_caches,
                                 a.baseline)))
        return

    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, "
          f"files: {'txt (UTF-8, GB18030), docx, html' if a.mixed else 'txt (UTF-8, GB18030)'}")
    results = []
    for n in sorted(a.n):
        results.append(_child(n, a.jobs, a.mixed, a.tracemalloc, a.keep_caches,
                              baseline=not results))
        print(_report(results[-1]), flush=True)
    if len(results) > 1:
        small, big = results[0], results[-1]
        print(f"time ratio {big['n']:,} : {small['n']:,} = "
              f"{big['seconds'] / small['seconds']:.2f} (linear: {big['n'] / small['n']:.0f})")
    if a.scaling:
        one = _child(results[0]["n"], 1, a.mixed, a.tracemalloc, a.keep_caches)
        print(_report(one))
        print(f"speed-up with {results[0]['jobs']} workers over 1: "
              f"{one['seconds'] / results[0]['seconds']:.2f}x")
    print(_one_core_report(results[0]))

if __name__ == "__main__":
    main()
