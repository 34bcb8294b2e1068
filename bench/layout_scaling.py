#!/usr/bin/env python3
"""Do the text-layout readers stay linear? A size-doubling check (no timed assertion anywhere).

    python bench/layout_scaling.py                 # 2,500 … 20,000 rows, best of 3
    python bench/layout_scaling.py --rows 5000 --steps 3 --repeat 1

For each layout the archivists' conversions produce (issue 12) it builds an invented text of N
table rows, then 2N, 4N …, and times the two readers that walk such text line by line:
``find_text_tables`` (tables written as text: grid rule lines between rows, box-drawing
borders, contents pages), ``find_contents_lines`` (the contents-page lines the outline skips:
a 2,500-row contents text has a run of 2,500 entries to compare with the lines below) and
``find_line_wraps`` (hard-wrap detection, short wrapped paragraphs
and table lines it must leave alone). It prints the seconds per size and the ratio to the size
before: about 2 when the cost grows linearly with the text, about 4 when it is quadratic.
At 10,000 rows each text is about 1-2 MB.

Texts:

    ascii_grid    +------+------+ between every row of a | a | b | table, prose between tables
    box_grid      ┌─┬─┐ │ │ ├─┼─┤ └─┴─┘ rows, each table 50 rows, prose between
    contents      contents pages without their title (一、基本情况   3), then their sections
    contents_run  one contents page of N entries, no dots, every heading again below
    rules_prose   lines of dashes before long prose lines with double spaces (every gap between
                  candidate lines starts like a rule line and must be read to its first letter)
    short_wraps   short paragraphs wrapped at one width, one after another (the short-wrap test
                  runs once per run of equal lines)
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROSE = "今年以来,全镇上下认真落实各项工作措施,进一步提高服务水平和群众满意度,取得了明显成效。"


def ascii_grid(n: int) -> str:
    out = []
    for t in range(0, n, 50):
        out.append(PROSE * 3 + "\n+----------+----------+----------+\n| 组别     | 人口(人) | 户数(户) |\n"
                   "+==========+==========+==========+\n")
        for i in range(t, min(n, t + 50)):
            out.append(f"| 第{i % 97:02d}组   | {400 + i % 300:<8} | {100 + i % 90:<8} |\n"
                       "+----------+----------+----------+\n")
    return "".join(out)


def box_grid(n: int) -> str:
    out = []
    for t in range(0, n, 50):
        out.append(PROSE * 3 + "\n┌──────┬──────┬──────┐\n│组别　│人口　│户数　│\n")
        for i in range(t, min(n, t + 50)):
            out.append("├──────┼──────┼──────┤\n"
                       f"│第{i % 97:02d}组│{400 + i % 300}人│{100 + i % 90}户│\n")
        out.append("└──────┴──────┴──────┘\n")
    return "".join(out)


def contents(n: int) -> str:
    heads = ["一、基本情况", "二、主要做法", "三、存在问题", "四、下步打算", "五、保障措施"]
    out = []
    for t in range(0, n, 5):
        out.append("西坪乡工作总结\n\n")
        out.extend(f"{h}            {2 * k + 1}\n" for k, h in enumerate(heads))
        out.extend(f"{h}\n{PROSE}\n" for h in heads)
    return "".join(out)


def contents_run(n: int) -> str:
    """One contents page of n entries without dots, its headings again below (the slowest case
    of find_contents_lines: every entry is looked up among the lines further down)."""
    heads = [f"第{i}部分　事项{i}说明" for i in range(n)]
    return ("".join(f"{h}          {1 + i // 40}\n" for i, h in enumerate(heads))
            + "".join(f"{h}\n{PROSE}\n" for h in heads))


def rules_prose(n: int) -> str:
    return "".join(f"------------------------------\n{PROSE}  {PROSE}  全年走访{i}户。\n"
                   for i in range(n))


def short_wraps(n: int) -> str:
    para = ("今年以来,我镇计划生育工作在镇党委、政府正确领导下,全镇总人\n"
            "口23456人,已婚育龄妇女5230人,全年出生人数276人,政策符合率\n"
            "达到98.5%,各项工作取得了明显成效,得到了上级部门的充分肯定和\n"
            "群众的一致好评,为全镇经济社会发展营造了良好的人口环境。\n\n")
    return para * max(1, n // 4)


TEXTS = {"ascii_grid": ascii_grid, "box_grid": box_grid, "contents": contents,
         "contents_run": contents_run,
         "rules_prose": rules_prose, "short_wraps": short_wraps}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=2500, help="rows of the smallest text (default 2500)")
    ap.add_argument("--steps", type=int, default=4, help="sizes, each double the one before (default 4)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts (default 3)")
    a = ap.parse_args()
    if a.rows < 10 or not 2 <= a.steps <= 8 or not 1 <= a.repeat <= 10:
        print("--rows >= 10, --steps 2-8, --repeat 1-10 / 参数超出范围", file=sys.stderr)
        return 2

    from report_miner.mining.normalise import _wrap_rules, find_line_wraps
    from report_miner.mining.texttables import find_contents_lines, find_text_tables
    from report_miner.ruleset.load import RuleSet

    rules = RuleSet.load()
    st = rules.structure
    wrap_args = _wrap_rules(rules)

    def tables(text: str):
        return find_text_tables(text, separators=st.text_table_separators,
                                min_rows=st.text_table_min_rows, units=rules.figures.units,
                                contents=st.text_table_contents, rule_chars=st.text_table_rule_chars,
                                contents_lines=st.text_table_contents_lines,
                                leaders=st.text_table_leaders)

    def wraps(text: str):
        return find_line_wraps(text, *wrap_args)

    def contents_lines(text: str):
        return find_contents_lines(text, titles=st.text_table_contents,
                                   min_lines=st.text_table_contents_lines, leaders=st.text_table_leaders)

    print(f"{'text':12} {'reader':12} {'rows':>7} {'MB':>6} {'seconds':>8} {'ratio':>6}  found")
    for name, make in TEXTS.items():
        for reader, fn in (("text_tables", tables), ("line_wraps", wraps),
                           ("contents", contents_lines)):
            before = None
            for k in range(a.steps):
                n = a.rows * 2 ** k
                text = make(n)
                best, found = float("inf"), None
                for _ in range(a.repeat):
                    t0 = time.perf_counter()
                    found = fn(text)
                    best = min(best, time.perf_counter() - t0)
                ratio = f"{best / before:6.2f}" if before else "     -"
                print(f"{name:12} {reader:12} {n:7d} {len(text.encode()) / 1e6:6.2f} {best:8.3f} {ratio}  "
                      f"{len(found)}")
                before = best
    return 0


if __name__ == "__main__":
    sys.exit(main())
