"""The spaCy component, found through the package's entry point, on a blank Chinese pipeline."""
from __future__ import annotations

from pathlib import Path


import spacy  # in the test extra: a missing spaCy fails the suite rather than skipping

CORPUS = Path(__file__).parent.parent / "corpora" / "000_69ef0c422dca94cf.txt"


def test_spacy_component_figures_and_blanks_on_doc_spans():
    nlp = spacy.blank("zh")
    nlp.add_pipe("report_miner")
    doc = nlp("全镇总人口17364人,辖村,协会会员1800多人,签订率在98以上。")
    figs = [(s.text, s._.rm_value, s._.rm_unit, s._.rm_metric, s._.rm_approx) for s in doc.spans["rm_figures"]]
    assert figs[:2] == [("17364人", 17364, "人", "population.total", False),
                        ("1800多人", 1800, "人", "association.members", True)]
    assert figs[2][0] == "98以上" and figs[2][2] == ""
    blanks = [(s.text, s._.rm_kind, s._.rm_empty, s._.rm_unit) for s in doc.spans["rm_blanks"]]
    assert ("村", "missing_number", True, "村") in blanks
    assert any(k == "missing_unit" and u == "%" for _, k, _, u in blanks)


def test_spacy_component_on_the_corpus_matches_the_api():
    import report_miner

    text = CORPUS.read_text("utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe("report_miner", config={"figures_key": "figs"})
    doc = nlp(text)
    res = report_miner.mine_text(text)
    assert len(doc.spans["figs"]) == len(res.figures)
    assert [s.start_char for s in doc.spans["figs"]] == res.figures.start.tolist()
    # spaCy's own segmenter is untouched by report_miner's private jieba tokenizer
    assert nlp.tokenizer.segmenter == "char"
