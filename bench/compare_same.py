#!/usr/bin/env python3
"""Does a change leave ``report-miner compare --db`` as it was? Both workbooks, sheet by sheet.

    git worktree add /tmp/old main            # or: git archive main | tar -x -C /tmp/old
    python bench/compare_same.py --db /tmp/cmp/n2000/archive.sqlite --before /tmp/old

runs ``compare --db ARCHIVE -o X.xlsx`` once with the code in ``--before`` (a checkout of the
old code) and once with the code in ``--after`` (default: this checkout), each in its own
process, then compares every sheet of the two workbooks exactly (values, column names, order,
types) and the terminal output (the line that names the output file aside). Exit status 0 when
all is the same, 1 when something differs (what is printed). A generated archive comes from
``bench/bench_compare.py --reports 2000 --keep DIR``.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUN = """
import sys
from contextlib import redirect_stdout
root, db, out = sys.argv[1:4]
sys.path.insert(0, root)
import report_miner
assert report_miner.__file__.startswith(root), report_miner.__file__
from report_miner.cli.app import main
with open(out + ".txt", "w", encoding="utf-8") as f, redirect_stdout(f):
    status = main(["compare", "--db", db, "-o", out])
sys.exit(status)
"""


def _run(root: Path, db: str, out: Path) -> tuple[int, str]:
    p = subprocess.run([sys.executable, "-c", _RUN, str(root.resolve()), db, str(out)],
                       capture_output=True, text=True, cwd=tempfile.gettempdir())
    if p.returncode not in (0, 1):
        raise SystemExit(f"compare failed with the code in {root}:\n{p.stderr[-3000:]}")
    text = Path(str(out) + ".txt").read_text(encoding="utf-8")
    return p.returncode, "\n".join(ln for ln in text.splitlines() if str(out) not in ln)


def main(argv: list[str] | None = None) -> int:
    import pandas as pd

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="the archive to compare")
    ap.add_argument("--before", type=Path, required=True, help="a checkout of the old code")
    ap.add_argument("--after", type=Path, default=ROOT, help="a checkout of the new code (default: this one)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare_same_") as tmp:
        sb, tb = _run(a.before, a.db, Path(tmp) / "before.xlsx")
        sa, ta = _run(a.after, a.db, Path(tmp) / "after.xlsx")
        before = pd.read_excel(Path(tmp) / "before.xlsx", sheet_name=None)
        after = pd.read_excel(Path(tmp) / "after.xlsx", sheet_name=None)
    same = True
    if list(before) != list(after):
        print(f"sheets differ: {list(before)} / {list(after)}")
        same = False
    for name in before:
        if name not in after:
            continue
        try:
            pd.testing.assert_frame_equal(before[name], after[name], check_exact=True)
            print(f"{name:14s} {before[name].shape[0]:7d} rows x {before[name].shape[1]:3d} columns: identical")
        except AssertionError as exc:
            print(f"{name:14s} DIFFERS: {str(exc)[:500]}")
            same = False
    if (sb, tb) != (sa, ta):
        print(f"terminal output or exit status differs (exit {sb} / {sa})")
        same = False
    else:
        print(f"terminal output and exit status ({sa}): identical")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
