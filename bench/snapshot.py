#!/usr/bin/env python3
"""Record every table mine_file produces for the sample texts, or compare with a record.

Made for speed work: a faster path must give the same rows, to the character.

    python bench/snapshot.py save /tmp/before.json      # before the change
    python bench/snapshot.py diff /tmp/before.json      # after: lists every row that differs
    python bench/snapshot.py diff /tmp/before.json --ignore metric_rule --ignore rule
                                                        # columns added since the record

Texts: corpora/, heldout/, tests/gold/tuning/, tests/gold/tuning2/ to tuning24/ (all *.txt). ``diff`` exits 1 when anything
differs and prints the first differences per file and table.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("corpora", "heldout", "tests/gold/tuning", *(f"tests/gold/tuning{i}" for i in range(2, 25)))
TABLES = ("figures", "blanks", "reports", "sections", "findings", "cells")


def _clean(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def record() -> dict:
    import report_miner

    out = {}
    for folder in FOLDERS:
        for p in sorted((ROOT / folder).glob("*.txt")):
            res = report_miner.mine_file(p)
            key = str(p.relative_to(ROOT))
            out[key] = {t: [{k: _clean(v) for k, v in row.items() if k != "source"}
                            for row in res.rows(t)] for t in TABLES}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=("save", "diff"))
    ap.add_argument("file", type=Path)
    ap.add_argument("--show", type=int, default=3, help="differences shown per file and table")
    ap.add_argument("--ignore", action="append", default=[], metavar="COLUMN",
                    help="leave this column out of the comparison (one added since the record); "
                         "repeatable")
    a = ap.parse_args()
    now = record()
    if a.action == "save":
        a.file.write_text(json.dumps(now, ensure_ascii=False, indent=0, default=str), encoding="utf-8")
        print(f"saved {sum(len(v[t]) for v in now.values() for t in TABLES)} rows of {len(now)} files")
        return 0
    then = json.loads(a.file.read_text(encoding="utf-8"))
    now = json.loads(json.dumps(now, ensure_ascii=False, default=str))
    if a.ignore:
        for rec in (then, now):
            for tables in rec.values():
                for rows in tables.values():
                    for row in rows:
                        for c in a.ignore:
                            row.pop(c, None)
    bad = 0
    for key in sorted(set(then) | set(now)):
        for t in TABLES:
            old, new = then.get(key, {}).get(t, []), now.get(key, {}).get(t, [])
            if old == new:
                continue
            bad += 1
            print(f"== {key} {t}: {len(old)} rows before, {len(new)} now")
            shown = 0
            for i in range(max(len(old), len(new))):
                o = old[i] if i < len(old) else None
                n = new[i] if i < len(new) else None
                if o != n and shown < a.show:
                    if o and n:
                        print(f"  row {i}: " + "; ".join(f"{k}: {o.get(k)!r} -> {n.get(k)!r}"
                                                       for k in sorted(set(o) | set(n)) if o.get(k) != n.get(k)))
                    else:
                        print(f"  row {i}: {o!r} -> {n!r}")
                    shown += 1
    print("identical" if not bad else f"{bad} tables differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
