"""tests/case_files.py: the example files of the tests are read strictly."""
from __future__ import annotations

import pytest
import yaml

from case_files import CASES_DIR, read_yaml


def test_case_files_refuse_a_key_given_twice(tmp_path):
    # a case that lost its id line takes over its neighbour's input silently under yaml.safe_load;
    # tests/case_files.py reads every tests/cases/*.yaml strictly (and they all load)
    bad = tmp_path / "x.yaml"
    bad.write_text("cases:\n  - id: a\n    input: 甲\n    input: 乙\n", "utf-8")
    with pytest.raises(yaml.constructor.ConstructorError, match="given twice"):
        read_yaml(bad)
    for path in CASES_DIR.glob("*.yaml"):
        assert read_yaml(path)["cases"], path


def test_case_files_every_case_has_its_own_id():
    # pytest makes repeated ids unique by a suffix, so two cases under one id would run but a
    # failure could not be told apart; figures*.yaml and blanks*.yaml are each read as one list
    from collections import Counter

    for kind in ("figures", "blanks"):
        ids = [c.get("id") for p in sorted(CASES_DIR.glob(f"{kind}*.yaml")) for c in read_yaml(p)["cases"]]
        assert None not in ids, kind
        assert not [k for k, n in Counter(ids).items() if n > 1], kind
