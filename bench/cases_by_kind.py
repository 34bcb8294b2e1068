#!/usr/bin/env python3
"""Score test cases item by item, per kind of phrasing (issue 12's robustness pass).

    python bench/cases_by_kind.py                      # tests/cases/*_unseen.yaml
    python bench/cases_by_kind.py tests/cases/figures.yaml tests/cases/blanks.yaml

Each case of a figures file (``expect: [text, value, value_max, unit, approx, bound, metric]``) or
a blanks file (``expect: [kind, before, unit, metric]``) may carry ``kind:``; the case kind
defaults to ``figures`` / ``blanks`` by file. The script prints, per kind:

- cases: how many cases pass as strictly as the tests check them;
- figures: expected figures found (same text, or overlapping span and same value), with the
  right unit; figures found that no case expects (in ``none`` cases too);
- core: of the figures found, how many carry the expected metric (``~``: no core metric);
- per: of the figures found in cases with ``per:``, how many have the expected ``per``;
- blanks: expected blanks found (same kind, slot within 4 characters of the end of ``before``,
  as ../shared/gold/score.py matches), blanks found that no case expects.

It reads no gold document: the numbers estimate accuracy on text the rules were not grown on
only as far as the cases were written blind.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from report_miner.mining.blanks import scan_blanks  # noqa: E402
from report_miner.mining.figures import get_scanner, scan_figures  # noqa: E402
from report_miner.mining.normalise import normalise  # noqa: E402


def _figure_case(case: dict, core: frozenset, st: dict) -> bool:
    figs = scan_figures(case["input"])
    exp = [] if case.get("none") else case["expect"]
    pers = case.get("per")
    used: set[int] = set()
    ok = len(figs) == len(exp)
    for i, (text, value, vmax, unit, approx, bound, metric) in enumerate(exp):
        st["fig_gold"] += 1
        hit = next((j for j, f in enumerate(figs) if j not in used and f.text == text), None)
        if hit is None:
            hit = next((j for j, f in enumerate(figs) if j not in used and abs(f.value - value) < 1e-6
                        and (text in f.text or f.text in text)), None)
        if hit is None:
            ok = False
            st["fig_missed"].append((case["id"], text))
            continue
        used.add(hit)
        f = figs[hit]
        good_value = abs(f.value - value) < 1e-6 * max(1, abs(value))
        st["fig_found"] += good_value
        st["unit_ok"] += good_value and f.unit == unit
        if not good_value or f.unit != unit or f.text != text or f.approx != approx or f.bound != bound \
                or (vmax is None) != (f.value_max is None):
            ok = False
            st["fig_wrong"].append((case["id"], text, (f.text, f.value, f.unit, f.approx, f.bound)))
        st["core_n"] += 1
        good = (f.metric not in core) if metric is None else f.metric == metric
        st["core_ok"] += good
        if not good:
            ok = False
            st["core_wrong"].append((case["id"], text, metric, f.metric))
        if pers is not None:
            st["per_n"] += 1
            st["per_ok"] += f.per == pers[i]
            if f.per != pers[i]:
                ok = False
                st["per_wrong"].append((case["id"], text, pers[i], f.per))
    for j, f in enumerate(figs):
        if j not in used:
            st["fig_false"].append((case["id"], f.text))
    return ok


def _blank_case(case: dict, st: dict) -> bool:
    text = case["input"]
    got = scan_blanks(text)
    clean = normalise(text).text
    exp = [] if case.get("none") else case["expect"]
    used: set[int] = set()
    ok = len(got) == len(exp)
    cursor = 0
    for kind, before, unit, metric in exp:
        st["blank_gold"] += 1
        at = clean.find(before, cursor) if before else cursor
        pos = (at + len(before)) if at >= 0 else -99
        cursor = max(cursor, at)
        near = sorted((abs(b.start - pos), j) for j, b in enumerate(got)
                      if j not in used and b.kind == kind and abs(b.start - pos) <= 4)
        hit = near[0][1] if near else None
        if hit is None:
            ok = False
            st["blank_missed"].append((case["id"], kind, before))
            continue
        used.add(hit)
        st["blank_found"] += 1
        b = got[hit]
        if b.start != pos or b.unit != unit or (metric is not None and b.metric != metric):
            ok = False
            st["blank_wrong"].append((case["id"], before, (b.kind, b.unit, b.metric, b.start - pos)))
    for j, b in enumerate(got):
        if j not in used:
            st["blank_false"].append((case["id"], b.kind, b.context))
    return ok


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "tests" / "cases").glob("*_unseen.yaml"))
    core = get_scanner().metrics.core_ids
    stats: dict[str, dict] = defaultdict(lambda: defaultdict(int) | {
        k: [] for k in ("fig_missed", "fig_wrong", "fig_false", "core_wrong", "per_wrong",
                        "blank_missed", "blank_wrong", "blank_false")})
    for path in paths:
        cases = yaml.safe_load(path.read_text("utf-8"))["cases"]
        is_blank = "blank" in path.name
        for case in cases:
            kind = case.get("kind", "blanks" if is_blank else "figures")
            st = stats[kind]
            st["cases"] += 1
            st["passed"] += _blank_case(case, st) if is_blank else _figure_case(case, core, st)
    verbose = "-v" in sys.argv
    for kind, st in stats.items():
        print(f"== {kind}: cases passed {st['passed']}/{st['cases']}")
        if st["fig_gold"] or st["fig_false"]:
            print(f"   figures found {st['fig_found']}/{st['fig_gold']}, unit right {st['unit_ok']},"
                  f" invented {len(st['fig_false'])}")
        if st["core_n"]:
            print(f"   core metric right {st['core_ok']}/{st['core_n']}")
        if st["per_n"]:
            print(f"   per right {st['per_ok']}/{st['per_n']}")
        if st["blank_gold"] or st["blank_false"]:
            print(f"   blanks found {st['blank_found']}/{st['blank_gold']}, invented {len(st['blank_false'])}")
        for key in ("fig_missed", "fig_wrong", "fig_false", "core_wrong", "per_wrong",
                    "blank_missed", "blank_wrong", "blank_false"):
            for row in st[key]:
                print(f"   {key}: {row}")
    return 0


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):  # not a case file: say how to run it
        print(__doc__)
        sys.exit(0)
    sys.exit(main([a for a in sys.argv[1:] if a != "-v"]))
