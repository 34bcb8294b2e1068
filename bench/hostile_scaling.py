#!/usr/bin/env python3
"""Hostile inputs to the layout and dropped-punctuation code: does mining stay linear, and
without a traceback? A size-doubling check (no timed assertion anywhere).

    python bench/hostile_scaling.py                      # every text, 3 sizes, best of 1
    python bench/hostile_scaling.py --kind no_punct --size 20000 --steps 4 --repeat 2

For each invented hostile text it mines N units, then 2N, 4N … with ``mine_text`` (the whole
pipeline: normalise, text tables, contents pages, wraps, figures, blanks, audit) and prints the
seconds per size and the ratio to the size before: about 2 when the cost grows linearly with the
text, about 4 when it is quadratic. Texts (all invented):

    box_line        one line of N box-drawing characters (─┼─…), between two prose lines
    box_mixed       one line of N cells "│ ─ ┼" mixed with digits (neither rule line nor table row)
    contents_like   N lines "第k项 工作名称    k" with rising page numbers, no title, no headings again
    contents_crlf   the same with CRLF line ends and full-width digits
    no_punct        Chinese with figures and slots and no punctuation at all (N clauses, one line)
    rate_runs       率为率为率为… / 同比增加率… / 晚婚率晚婚率…: runs for rate_before_next_clause
    unit_runs       人人人人… and 户户户… after Han text: runs for slot_before_next_clause
    short_lines     N lines of 12 characters each, a comma inside, no line ending in punctuation
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROSE = "今年以来,全镇认真落实各项工作措施,取得了明显成效。\n"
_FW = str.maketrans("0123456789", "０１２３４５６７８９")


def box_line(n: int) -> str:
    return PROSE + ("─┼" * (n // 2)) + "\n" + PROSE


def box_mixed(n: int) -> str:
    return PROSE + "".join("│ ─ ┼ %d " % (i % 10) for i in range(n // 8)) + "\n" + PROSE


def contents_like(n: int) -> str:
    return "".join(f"第{k}项 乡村道路维护工作    {k}\n" for k in range(1, n // 20 + 1)) + PROSE


def contents_crlf(n: int) -> str:
    return contents_like(n).replace("\n", "\r\n").translate(_FW)


def no_punct(n: int) -> str:
    clauses = ["全镇总户数8560户总人口32000人", "已婚育龄妇女人发放宣传资料份", "晚婚率为出生率为",
               "同比增加流动人口人", "低保户户五保户户", "举办培训班期参加培训人次"]
    out, size, i = [], 0, 0
    while size < n:
        c = clauses[i % len(clauses)]
        out.append(c)
        size += len(c)
        i += 1
    return "".join(out)


def rate_runs(n: int) -> str:
    return PROSE + ("率为" * (n // 6)) + ("同比增加率" * (n // 15)) + ("晚婚率" * (n // 9)) + "\n" + PROSE


def unit_runs(n: int) -> str:
    return PROSE + "全镇" + ("人" * (n // 2)) + "发放" + ("户" * (n // 2)) + "享受\n" + PROSE


def short_lines(n: int) -> str:
    return "".join("全镇各村认真,落实工作措施\n" for _ in range(n // 14))


KINDS = {f.__name__: f for f in (box_line, box_mixed, contents_like, contents_crlf, no_punct,
                                 rate_runs, unit_runs, short_lines)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=sorted(KINDS), action="append", help="one text (repeatable); default all")
    ap.add_argument("--size", type=int, default=50_000, help="characters of the first size (default 50,000)")
    ap.add_argument("--steps", type=int, default=3, help="sizes, each double the one before (default 3)")
    ap.add_argument("--repeat", type=int, default=1, help="best of this many runs per size (default 1)")
    a = ap.parse_args()
    if a.size < 100 or a.steps < 2 or a.repeat < 1:
        ap.error("--size >= 100, --steps >= 2, --repeat >= 1")

    import report_miner
    from report_miner.ruleset.load import RuleSet

    rules = RuleSet.load()
    for name in a.kind or list(KINDS):
        before = None
        cells = []
        for step in range(a.steps):
            text = KINDS[name](a.size << step)
            best = None
            for _ in range(a.repeat):
                t0 = time.perf_counter()
                res = report_miner.mine_text(text, name, rules=rules)
                dt = time.perf_counter() - t0
                best = dt if best is None else min(best, dt)
            ratio = f" x{best / before:.1f}" if before else ""
            cells.append(f"{len(text):>9,} ch {best:7.2f}s{ratio} ({len(res.figures)} fig, {len(res.blanks)} bl)")
            before = best
        print(f"{name:14s} " + " | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
