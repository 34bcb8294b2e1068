"""The document object and the pipeline of components that mine_text runs."""
from __future__ import annotations

import random

import report_miner
from report_miner.mining.context import MAX_SENTENCE, SENTENCE_BREAKS, SentenceIndex
from report_miner.mining.document import Doc, Pipeline
from report_miner.ruleset.load import RuleSet

TEXT = ("甲镇2023年工作总结\n一、基本情况\n我镇辖１２个村,全镇总人口2.1万人,已婚育龄妇女人。\n"
        "二、主要工作\n发放宣传资料3000余份,群众满意率在96以上。")


def test_document_pipeline_runs_named_components():
    pipe = Pipeline(RuleSet.load())
    assert [n for n, _ in pipe.components] == ["normalise", "figures", "blanks", "structure",
                                               "rows", "audit"]
    doc = pipe(TEXT, "t.txt")
    assert isinstance(doc, Doc) and doc.source == "t.txt"
    assert "12个村" in doc.text and doc.original == TEXT
    assert [f.text for f in doc.figures] == ["１２个", "2.1万人", "3000余份", "96以上"]
    assert [b.kind for b in doc.blanks] == ["missing_number", "missing_unit"]
    assert [r.title for r in doc.reports] == ["甲镇2023年工作总结"]
    assert [h.title for h in doc.headings] == ["基本情况", "主要工作"]
    assert {f["check"] for f in doc.findings} >= {"blank_missing_number"}


def test_document_mine_text_is_the_pipeline():
    a = report_miner.mine_text(TEXT, "t.txt")
    b = RuleSet.load().pipeline.mine(TEXT, "t.txt")
    for name in ("figures", "blanks", "reports", "sections", "findings"):
        assert a.rows(name) == b.rows(name), name


def test_document_rows_map_offsets_back_to_the_text_as_loaded():
    doc = RuleSet.load().pipeline(TEXT)
    for row in doc.rows["figures"]:
        assert TEXT[row["start"]:row["end"]] == row["text"]
    for row in doc.rows["sections"]:
        assert row["title"] in TEXT[row["start"]:row["end"]]


def test_document_a_component_of_your_own_sees_the_rows():
    pipe = Pipeline(RuleSet.load())
    seen = []

    def count(doc):
        seen.append(len(doc.rows["figures"]))
        return doc

    pipe.components.insert(5, ("count", count))
    pipe.mine(TEXT)
    assert seen == [4]


def test_document_stops_after_a_named_stage():
    doc = RuleSet.load().pipeline(TEXT, until="blanks")
    assert doc.figures and doc.blanks and not doc.reports and not doc.rows


def test_document_sentence_index_is_built_once_per_text():
    doc = RuleSet.load().pipeline(TEXT, until="normalise")
    assert doc.sentences is doc.norm.sentences is doc.sentences


def _scan_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence bounds by walking characters (what the index must agree with)."""
    i = start
    while i > max(0, start - MAX_SENTENCE) and text[i - 1] not in SENTENCE_BREAKS:
        i -= 1
    j, hi = end, min(len(text), end + MAX_SENTENCE)
    while j < hi and text[j] not in SENTENCE_BREAKS:
        j += 1
    if j < hi and text[j] != "\n":  # the break ends the sentence (a line break stays out)
        j += 1
    return i, j


def test_document_sentence_index_agrees_with_a_character_walk():
    rng = random.Random(7)
    pieces = ["全镇总人口", "2万人", "。", ";", "\n", "其中", "女性", "!", "发放资料", "?", "甲" * 30]
    for _ in range(50):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        idx = SentenceIndex(text)
        for _ in range(20):
            s = rng.randint(0, len(text))
            e = rng.randint(s, min(len(text), s + 6))
            assert idx.span(s, e) == _scan_span(text, s, e), (text, s, e)


def test_document_spacy_component_carries_provenance():
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("report_miner")
    doc = nlp("全镇总人口17364人,辖村。")
    assert doc.spans["rm_figures"][0]._.rm_metric_rule.startswith("population.total#")
    assert [s._.rm_rule for s in doc.spans["rm_blanks"]] == ["villages_after_xia"]
