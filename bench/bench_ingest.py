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
N's), and ``jieba.lcut``'s MB/s on one core over the same texts (the smallest N's), with the
ratio of ingest's throughput to it (all cores, and per core).
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
    from report_miner.io import iter_files, read_text

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
    import report_miner.ingest as ing
    from report_miner import context

    original = ing._mine_one

    def mine_one_fresh(path: str, rules_dir: str | None, meta: dict,
                       timeout: float | None = None) -> dict:
        context._tag_cached.cache_clear()
        return original(path, rules_dir, meta, timeout)

    ing._mine_one = mine_one_fresh


def run_one(n: int, jobs: int | None, mixed: bool, trace: bool, keep_caches: bool) -> dict:
    """Generate, ingest and re-ingest N files in this process; the figures as a dict."""
    import resource
    import tracemalloc

    from report_miner.ingest import _warm_up, ingest

    if not keep_caches:
        _without_caches()

    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
        folder = Path(tmp) / "档案"
        nbytes, _ = generate(folder, n, mixed)
        db = Path(tmp) / "archive.sqlite"
        t0 = time.perf_counter()
        _warm_up(None)  # what ingest does first: rules, jieba's dictionary, loader imports
        warm = time.perf_counter() - t0
        if trace:
            tracemalloc.start()
        t0 = time.perf_counter()
        stats = ingest([folder], db, jobs=jobs, progress=False,
                       path_pattern="{township}/{year}/*")
        seconds = time.perf_counter() - t0
        traced_peak = tracemalloc.get_traced_memory()[1] if trace else None
        tracemalloc.stop()
        t1 = time.perf_counter()
        again = ingest([folder], db, jobs=jobs, progress=False)
        rerun = time.perf_counter() - t1
        self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
        return {
            "n": n, "jobs": stats.jobs, "bytes": nbytes, "seconds": seconds, "warm_up": warm,
            "mined": stats.mined, "failed": stats.failed, "rerun_seconds": rerun,
            "rerun_skipped": again.skipped, "db_bytes": db.stat().st_size,
            "parent_rss": self_rss * scale, "parent_traced_peak": traced_peak,
            "child_rss": child_rss * scale,
        }


def jieba_rate(n: int, mixed: bool) -> tuple[float, int]:
    """jieba.lcut MB/s on one core over the texts of the N-file archive (dictionary preloaded)."""
    import jieba

    from report_miner.io import read_document

    with tempfile.TemporaryDirectory(prefix="bench_jieba_") as tmp:
        _, paths = generate(Path(tmp), n, mixed)
        texts = [read_document(p).text for p in paths]
    jieba.initialize()
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    t0 = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return nbytes / 1e6 / (time.perf_counter() - t0), nbytes


def _child(n: int, jobs: int | None, mixed: bool, trace: bool, keep: bool) -> dict:
    cmd = [sys.executable, __file__, "--one", str(n), *(["--mixed"] if mixed else []),
           *(["--tracemalloc"] if trace else []), *(["--keep-caches"] if keep else [])]
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
    a = ap.parse_args()

    if a.one:
        print(json.dumps(run_one(a.one, a.jobs, a.mixed, a.tracemalloc, a.keep_caches)))
        return

    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, "
          f"files: {'txt (UTF-8, GB18030), docx, html' if a.mixed else 'txt (UTF-8, GB18030)'}")
    results = []
    for n in sorted(a.n):
        results.append(_child(n, a.jobs, a.mixed, a.tracemalloc, a.keep_caches))
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
    rate, nbytes = jieba_rate(results[0]["n"], a.mixed)
    best = max(r["bytes"] / 1e6 / r["seconds"] for r in results)
    jobs = results[0]["jobs"]
    print(f"jieba.lcut, one core, same texts (N={results[0]['n']}, {nbytes / 1e6:.1f} MB UTF-8): "
          f"{rate:.2f} MB/s")
    print(f"ratio ingest / jieba.lcut: {best / rate:.2f}x with {jobs} cores "
          f"({best / jobs / rate:.2f}x per core); target 5x")


if __name__ == "__main__":
    main()
