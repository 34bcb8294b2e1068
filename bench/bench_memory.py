"""Mining memory per MB of text, on a mix of real report texts (issue 15 item 2).

The texts are read at run time from ``corpora/*.txt`` and the ``text`` of
``../shared/gold/real/*.json`` (nothing is copied into the repository), glued together,
repeated up to each size asked for, and mined by :func:`report_miner.api.mine_text` in a fresh
forked child per size, so the peak resident memory (``ru_maxrss``) of the child minus its
resident memory before mining is what mining that text costs. Two layouts are measured: the
reports as written (lines) and the same text with every line break removed (one huge line, the
hostile case of issue 15).

    python bench/bench_memory.py                 # sizes 0.5 1 2 MB
    python bench/bench_memory.py --sizes 1 4 8   # MB of UTF-8 text

Prints one line per size and layout: MB of text, characters, peak MB above the baseline,
MB per MB of text, MB per million characters, and seconds.
``report_miner.limits.MINING_MB_PER_MCHAR`` (the factor the text size limit is derived from)
should stay well above the largest MB/Mchar printed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def real_texts() -> list[str]:
    """The report texts: corpora/*.txt and the gold excerpts' text (read, never copied)."""
    from report_miner.readers.load import read_document

    texts = []
    for path in sorted((ROOT / "corpora").glob("*.txt")):
        texts.append(read_document(path).text)
    gold = ROOT.parent / "shared" / "gold" / "real"
    for path in sorted(gold.glob("*.json")):
        texts.append(json.loads(path.read_text("utf-8"))["text"])
    return [t for t in texts if t.strip()]


def build(texts: list[str], mb: float, one_line: bool) -> str:
    """``mb`` MB (UTF-8) of the texts glued together, repeated as often as needed."""
    want = int(mb * 2**20)
    parts, size, i = [], 0, 0
    while size < want:
        t = texts[i % len(texts)]
        if one_line:
            t = t.replace("\r", "").replace("\n", "")
        parts.append(t + ("" if one_line else "\n"))
        size += len(parts[-1].encode("utf-8"))
        i += 1
    text = "".join(parts)
    # cut to the size asked for (on a character boundary)
    return text.encode("utf-8")[:want].decode("utf-8", "ignore")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(text: str) -> tuple[float, float]:
    """(peak MB above the child's baseline, seconds) of mining ``text`` in a forked child."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: mine, report, leave
        os.close(read_fd)
        from report_miner.api import mine_text

        base = _rss_mb()
        t0 = time.perf_counter()
        mine_text(text, source="bench")
        seconds = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
        os.write(write_fd, json.dumps([peak - base, seconds]).encode())
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    peak, seconds = json.loads(data)
    return peak, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1.0, 2.0], metavar="MB")
    args = ap.parse_args()
    if not hasattr(os, "fork"):
        sys.exit("needs fork (Linux, macOS)")
    from report_miner.api import mine_text

    texts = real_texts()
    mine_text(texts[0], source="warm-up")  # rules and dictionaries loaded before the forks
    print(f"texts: {len(texts)} real reports, {sum(len(t) for t in texts):,} characters")
    print(f"{'layout':9} {'text MB':>8} {'chars':>11} {'peak MB':>8} {'MB/MB':>6} {'MB/Mchar':>8} {'s':>7}")
    for layout in ("lines", "one-line"):
        for mb in args.sizes:
            text = build(texts, mb, layout == "one-line")
            peak, seconds = measure(text)
            print(f"{layout:9} {mb:8.2f} {len(text):11,} {peak:8.0f} {peak / mb:6.0f} "
                  f"{peak / len(text) * 1e6:8.0f} {seconds:7.1f}", flush=True)


if __name__ == "__main__":
    main()
