"""The written gold sets built from hand-marked sources (tests/gold/markup.py) must match their
sources: an annotation fixed in a .json by hand and not in its source would be undone by the next
rebuild. Each source is rebuilt into a temporary folder and compared byte for byte."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent / "gold"
_spec = importlib.util.spec_from_file_location("gold_markup", GOLD / "markup.py")
markup = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(markup)

SETS = ("tuning15", "tuning17", "tuning18", "tuning19", "tuning20", "tuning21", "tuning22", "tuning23", "tuning24", "tuning25")


@pytest.mark.parametrize("name", SETS)
def test_sources_rebuild_the_set(name, tmp_path):
    sources = sorted((GOLD / name / "_build").glob("src_*.txt"))
    assert sources
    for src in sources:
        doc_id = markup.build(src, tmp_path)[0]
        for ext in (".txt", ".json"):
            assert (tmp_path / (doc_id + ext)).read_bytes() == (GOLD / name / (doc_id + ext)).read_bytes(), doc_id + ext
