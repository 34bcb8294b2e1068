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


TUNING = sorted((GOLD / "tuning").glob("*.json"))


def test_gold_template_and_filled_reports_of_a_third_author():
    """Six more reports by another author (three half-filled templates), used to find missed
    kinds of blanks; the held-out set in heldout/ stays untouched."""
    assert len(TUNING) == 6
    s = _score(TUNING)
    assert s["figures"] >= 0.97, s
    assert s["blanks"] >= 0.95, s


TUNING2 = sorted((GOLD / "tuning2").glob("*.json"))


def test_gold_reports_of_a_fourth_author():
    """Six reports by a fourth author (association summary, population report, village duty
    report, half-filled template, plan, Big5 page-chunk summary), written without seeing the
    rules; used to find kinds of phrasing the rules missed."""
    assert len(TUNING2) == 6
    s = _score(TUNING2)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.93, s
    assert s["blanks"] >= 0.95, s


TUNING3 = sorted((GOLD / "tuning3").glob("*.json"))


def test_gold_glued_multi_report_files_of_a_fifth_author():
    """Four files in the supplied corpus's own shape (2-4 reports glued together, page-chunk
    numbers cutting sentences and numbers, one GB18030), by a fifth author who never saw the
    rules."""
    assert len(TUNING3) == 4
    s = _score(TUNING3)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.93, s
    assert s["blanks"] >= 0.95, s


TUNING5 = sorted((GOLD / "tuning5").glob("*.json"))


def test_gold_templates_in_other_offices_habits():
    """Five templates and half-filled reports by a sixth author (underscores, brackets, runs of
    X, deleted numbers, look-alike words, empty targets; one file in GBK)."""
    assert len(TUNING5) == 5
    s = _score(TUNING5)
    assert s["figures"] >= 0.97, s
    assert s["blanks"] >= 0.95, s


TUNING4 = sorted((GOLD / "tuning4").glob("*.json"))


def test_gold_glued_reports_of_the_2005_2012_era():
    """Four glued files by a seventh author in the style of the corpus's era (经验材料, 村民自治,
    a Big5 and a GB18030 file, numbers such as 1万零346, 20余万, 八成以上)."""
    assert len(TUNING4) == 4
    s = _score(TUNING4)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.93, s
    assert s["blanks"] >= 0.95, s


TUNING6 = sorted((GOLD / "tuning6").glob("*.json"))


def test_gold_duty_self_inspection_migrant_and_plan_reports():
    """Four reports by an eighth author: a personal duty report, a self-inspection with its
    scoring table in the text (分 scores), a migrant association's report, a terse plan."""
    assert len(TUNING6) == 4
    s = _score(TUNING6)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.90, s
    assert s["blanks"] >= 0.95, s


TUNING7 = sorted((GOLD / "tuning7").glob("*.json"))
TUNING8 = sorted((GOLD / "tuning8").glob("*.json"))


def test_gold_core_metrics_in_many_wordings():
    """Four glued files by a ninth author, each core metric written many ways with look-alikes
    (subsets, targets, averages) beside them."""
    assert len(TUNING7) == 4
    s = _score(TUNING7)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.90, s
    assert s["blanks"] >= 0.95, s


def test_gold_glued_templates_with_every_kind_of_slot():
    """Four glued files by a tenth author, each with templates or half-filled reports: slots
    before every measure word, in lists, dates, after prepositions; look-alikes in filled text."""
    assert len(TUNING8) == 4
    s = _score(TUNING8)
    assert s["figures"] >= 0.97, s
    assert s["blanks"] >= 0.95, s


TUNING9 = sorted((GOLD / "tuning9").glob("*.json"))


def test_gold_whole_township_summaries_with_few_core_figures():
    """Four township summaries by an eleventh author covering all of a township's work
    (economy, farming, poverty, roads, welfare, safety, party): most figures are not core."""
    assert len(TUNING9) == 4
    s = _score(TUNING9)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.90, s
    assert s["blanks"] >= 0.95, s


TUNING10 = sorted((GOLD / "tuning10").glob("*.json"))


def test_gold_corpus_shaped_files_from_many_provinces():
    """Four glued files in the corpus's shape by a twelfth author: 12 reports from eleven
    provinces, full-width digits, thousands grouped by spaces, 百分之/千分之, a template."""
    assert len(TUNING10) == 4
    s = _score(TUNING10)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.93, s
    assert s["blanks"] >= 0.95, s


TUNING11 = sorted((GOLD / "tuning11").glob("*.json"))


def test_gold_pdf_text_layers_wrapped_at_a_fixed_width():
    """Four reports by a thirteenth author as a PDF text layer gives them: hard line breaks at a
    fixed width cutting numbers and units, running page numbers and headers, one OCR'd scan."""
    assert len(TUNING11) == 4
    s = _score(TUNING11)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.90, s
    assert s["blanks"] >= 0.95, s


TUNING12 = sorted((GOLD / "tuning12").glob("*.json"))


def test_gold_corpus_shaped_files_with_spoken_reports():
    """Four corpus-shaped files by a fourteenth author: county speeches, a village secretary's
    spoken report (三百来户, 一千出头, 五千块钱), a women's federation summary, templates."""
    assert len(TUNING12) == 4
    s = _score(TUNING12)
    assert s["figures"] >= 0.96, s
    assert s["core"] >= 0.90, s
    assert s["blanks"] >= 0.95, s


TUNING13 = sorted((GOLD / "tuning13").glob("*.json"))


def test_gold_corpus_shaped_files_on_self_government_care_and_migrants():
    """Four corpus-shaped files by a fifteenth author (村民自治, 生育关怀, 流动人口, 性别比, 优质服务,
    会员之家, a template); one GB18030."""
    assert len(TUNING13) == 4
    s = _score(TUNING13)
    assert s["figures"] >= 0.97, s
    assert s["core"] >= 0.90, s
    assert s["blanks"] >= 0.95, s
