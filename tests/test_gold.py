"""Scores on hand-checked annotations, with the project's scorer (shared/gold/score.py).

The seed annotations of the supplied corpus come from ``../shared/gold`` (copied to
``tests/gold/seed.json``); the other files in ``tests/gold`` annotate reports written for
this project (see tests/gold/README.md). The scorer is taken from ``../shared/gold`` when the
checkout sits beside it, otherwise from the copy in ``tests/gold/scorer``.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest


HERE = Path(__file__).parent
GOLD = HERE / "gold"
SHARED = HERE.parent.parent / "shared" / "gold"


def _scorer():
    base = SHARED if (SHARED / "score.py").exists() else GOLD / "scorer"
    sys.path.insert(0, str(base))
    try:
        spec = importlib.util.spec_from_file_location("rm_gold_score", base / "score.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(base))
    return mod


def _score(paths):
    score = _scorer()
    run = score.adapter_project()
    tot = {}
    for p in paths:
        doc = json.loads(Path(p).read_text("utf-8"))
        figs, blanks = run(doc["text"])
        s = score.score_doc(doc, figs, blanks)
        for k, v in s.items():
            if isinstance(v, int):
                tot[k] = tot.get(k, 0) + v
    f1 = lambda tp, pred, gold: score.f1(tp, pred, gold)[2]  # noqa: E731
    return dict(
        figures=f1(tot["fig_tp"], tot["fig_pred"], tot["fig_gold"]),
        core=f1(tot["core_tp"], tot["core_tp"] + tot["core_fp"], tot["core_tp"] + tot["core_fn"]),
        blanks=f1(tot["blank_tp"], tot["blank_pred"], tot["blank_gold"]),
        unit_acc=tot["unit_ok"] / max(1, tot["fig_tp"]),
    )


def test_gold_seed_scores():
    seed = SHARED / "seed.json" if (SHARED / "seed.json").exists() else GOLD / "seed.json"
    s = _score([seed])
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.85, s
    assert s["unit_acc"] >= 0.97, s


OWN = sorted(p for p in GOLD.glob("t*.json"))


def test_gold_own_reports_scores():
    assert len(OWN) >= 8
    s = _score(OWN)
    assert s["figures"] >= 0.95, s
    assert s["core"] >= 0.90, s


# Sets by other authors who never saw the rules, each used to find kinds of phrasing the rules
# missed (the held-out set in heldout/ is only scored). Per set: folder, number of files, what it
# holds, and the least figures / core-metric / blanks F1 it must keep (None: not held).
AUTHOR_SETS = [
    ("tuning", 6, "third author: reports and three half-filled templates", 0.97, None, 0.95),
    ("tuning2", 6, "fourth: association, population, village duty report, template, plan, Big5",
     0.97, 0.93, 0.95),
    ("tuning3", 4, "fifth: glued multi-report files in the corpus's shape, one GB18030", 0.97, 0.93, 0.95),
    ("tuning4", 4, "seventh: glued files of the 2005-2012 era, Big5 and GB18030, 1万零346, 八成以上",
     0.97, 0.93, 0.95),
    ("tuning5", 5, "sixth: templates in other offices' habits (brackets, underscores, X; one GBK)",
     0.97, None, 0.95),
    ("tuning6", 4, "eighth: duty report, scored self-inspection, migrants' association, plan",
     0.97, 0.90, 0.95),
    ("tuning7", 4, "ninth: every core metric in many wordings, look-alikes beside them", 0.97, 0.90, 0.95),
    ("tuning8", 4, "tenth: glued templates with every kind of slot", 0.97, None, 0.95),
    ("tuning9", 4, "eleventh: whole-township summaries where few figures are core", 0.97, 0.90, 0.95),
    ("tuning10", 4, "twelfth: corpus-shaped, eleven provinces, spaces in numbers, full-width digits",
     0.97, 0.93, 0.95),
    ("tuning11", 4, "thirteenth: PDF text layers wrapped at a fixed width, page headers, OCR",
     0.97, 0.90, 0.95),
    ("tuning12", 4, "fourteenth: corpus-shaped with a village secretary's spoken report",
     0.96, 0.90, 0.95),
    ("tuning13", 4, "fifteenth: corpus-shaped on self-government, care, migrants; a template",
     0.97, 0.90, 0.95),
]


@pytest.mark.parametrize("folder, n, what, figures, core, blanks", AUTHOR_SETS,
                         ids=[a[0] for a in AUTHOR_SETS])
def test_gold_sets_of_other_authors(folder, n, what, figures, core, blanks):
    files = sorted((GOLD / folder).glob("*.json"))
    assert len(files) == n, what
    s = _score(files)
    assert s["figures"] >= figures, (what, s)
    if core is not None:
        assert s["core"] >= core, (what, s)
    assert s["blanks"] >= blanks, (what, s)


# Real public report excerpts (../shared/gold/real/, README there), read in place and never
# copied. fp_r*: family-planning reports, tw_r*: other township reports and templates; 15-20 of
# each are held out (no rule is written from them). Floors for blanks only (issue 12: the
# score at the end of the blanks work minus 0.005): blanks F1 and blank-kind accuracy; figure and
# core-metric floors for these sets are kept apart from these.
REAL = SHARED / "real"
REAL_BLANK_FLOORS = [
    # glob, files, blanks F1 floor, blank-kind accuracy floor
    ("fp_r*.json", 20, 0.939, 0.995),
    ("tw_r*.json", 20, 0.918, 0.987),
]


def _blank_scores(paths):
    """Blanks F1 and blank-kind accuracy (right kind among matched blanks) over ``paths``."""
    score = _scorer()
    run = score.adapter_project()
    tp = pred = gold = kind_ok = 0
    for p in paths:
        doc = json.loads(Path(p).read_text("utf-8"))
        figs, blanks = run(doc["text"])
        s = score.score_doc(doc, figs, blanks)
        tp, pred, gold = tp + s["blank_tp"], pred + s["blank_pred"], gold + s["blank_gold"]
        kind_ok += s["blank_kind_ok"]
    return dict(blanks=score.f1(tp, pred, gold)[2], kind_acc=kind_ok / max(1, tp))


@pytest.mark.parametrize("pattern, n, blanks, kind_acc", REAL_BLANK_FLOORS,
                         ids=[r[0].split("*")[0] for r in REAL_BLANK_FLOORS])
def test_gold_real_blanks(pattern, n, blanks, kind_acc):
    files = sorted(REAL.glob(pattern))
    if not files:
        pytest.skip("../shared/gold/real/ is not beside this checkout")
    assert len(files) == n, pattern
    s = _blank_scores(files)
    assert s["blanks"] >= blanks, (pattern, s)
    assert s["kind_acc"] >= kind_acc, (pattern, s)


# The real sets (../shared/gold/real, README there): public report excerpts, read in place (never
# copied into the repository). Rules were written from fp_r01-14 and tw_r01-14 only; fp_r15-20 and
# tw_r15-20 are held out. Each set keeps its figures F1, core-metric F1 and unit accuracy of
# 2026-12-06 (issue 12) minus 0.005. Blanks on these sets are held by their own test.
REAL_SETS = [
    # prefix, files, figures F1, core-metric F1, unit accuracy
    ("fp_r", 20, 0.9983 - 0.005, 0.9474 - 0.005, 0.9933 - 0.005),
    ("tw_r", 20, 0.9908 - 0.005, 0.9882 - 0.005, 0.9963 - 0.005),
]


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/gold/real is not beside this checkout")
@pytest.mark.parametrize("prefix, n, figures, core, unit_acc", REAL_SETS, ids=[r[0] for r in REAL_SETS])
def test_gold_real_figures(prefix, n, figures, core, unit_acc):
    files = sorted(REAL.glob(f"{prefix}*.json"))
    assert len(files) == n
    s = _score(files)
    assert s["figures"] >= figures, s
    assert s["core"] >= core, s
    assert s["unit_acc"] >= unit_acc, s
