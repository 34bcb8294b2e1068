#!/usr/bin/env python3
"""Where the miner and a gold annotation disagree, document by document.

    python bench/gold_diff.py ../shared/gold/real/fp_r0*.json          # every disagreement
    python bench/gold_diff.py --scores ../shared/gold/real/*.json      # one score line per file

For each gold file (format: ``../shared/gold/SCHEMA.md``) it prints the figures missed or
invented, every core-metric disagreement (gold metric -> predicted metric, with the clause
around the figure), and the blanks missed or invented. It uses the project's scorer
(``score.py`` beside the gold files, or ``tests/gold/scorer``), so its counts are the scorer's.
A rule writer reads this before writing a rule; ``--scores`` records first-seen scores.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_scorer(gold_file: Path):
    """The project's scorer module (score.py beside ``gold_file``, above it, in ../shared/gold or
    tests/gold/scorer), imported once under the name ``rm_gold_score``."""
    if "rm_gold_score" in sys.modules:
        return sys.modules["rm_gold_score"]
    for base in (gold_file.parent, gold_file.parent.parent, ROOT.parent / "shared" / "gold",
                 ROOT / "tests" / "gold" / "scorer"):
        if (base / "score.py").exists():
            sys.path.insert(0, str(base))
            spec = importlib.util.spec_from_file_location("rm_gold_score", base / "score.py")
            mod = importlib.util.module_from_spec(spec)
            sys.modules["rm_gold_score"] = mod
            spec.loader.exec_module(mod)
            return mod
    raise SystemExit("score.py not found / 找不到 score.py")


def _f1(tp: int, pred: int, gold: int) -> float:
    if not pred and not gold:
        return 1.0
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path, help="gold JSON files")
    ap.add_argument("--scores", action="store_true", help="one score line per file, nothing else")
    args = ap.parse_args(argv)
    score = load_scorer(args.gold[0])
    run = score.adapter_project()
    for path in args.gold:
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            print(f"skipped {path}: cannot be read as JSON ({exc})", file=sys.stderr)
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            # seed_sections.json and other side files beside the gold documents
            print(f"skipped {path}: not a gold document (no 'text')", file=sys.stderr)
            continue
        text = doc["text"]
        figs, blanks = run(text)
        s = score.score_doc(doc, figs, blanks)
        core_f1 = _f1(s["core_tp"], s["core_tp"] + s["core_fp"], s["core_tp"] + s["core_fn"])
        line = (f"{doc['id']}: figures {_f1(s['fig_tp'], s['fig_pred'], s['fig_gold']):.3f} "
                f"({s['fig_tp']}/{s['fig_pred']}p/{s['fig_gold']}g)  core {core_f1:.3f} "
                f"(tp {s['core_tp']} fp {s['core_fp']} fn {s['core_fn']})  blanks "
                f"{_f1(s['blank_tp'], s['blank_pred'], s['blank_gold']):.3f} "
                f"({s['blank_tp']}/{s['blank_pred']}p/{s['blank_gold']}g)")
        print(("" if args.scores else "== ") + line)
        if args.scores:
            continue
        for m in s["misses"]:
            print("   figure missed   ", m)
        for m in s["false"]:
            print("   figure invented ", m)
        # core-metric disagreements on matched figures (the scorer's pairing, redone here)
        gfigs, _, _ = score.resolve(doc) if hasattr(score, "resolve") else (None, None, None)
        if gfigs is None:
            from validate_gold import resolve  # type: ignore[import-not-found]
            gfigs, _, _ = resolve(doc)
        used: set[int] = set()
        for g in gfigs:
            for i, f in enumerate(figs):
                if i in used:
                    continue
                fs, fe = int(f["start"]), int(f["end"])
                if fs < g["end"] + 2 and g["start"] < fe + 2 and score.close(f.get("value"), g["value"]):
                    used.add(i)
                    gm, pm = g.get("metric", "other"), f.get("metric") or "other"
                    pm = pm if pm in score.CORE else "other"
                    if gm != pm:
                        ctx = text[max(0, fs - 14):fs] + "【" + text[fs:fe] + "】" + text[fe:fe + 8]
                        rule = f.get("metric_rule") or ""
                        print(f"   metric {gm} -> {pm} {rule}  {ctx!r}")
                    break
        for m in s["blank_misses"]:
            print("   blank missed    ", m)
        for m in s["blank_false"]:
            print("   blank invented  ", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
