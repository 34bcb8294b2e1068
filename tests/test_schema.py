"""Rule records: one frozen dataclass per section, the schema the validator checks with."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from report_miner.ruleset import schema
from report_miner.ruleset.load import MATCH_FIELDS, SCHEMAS, RuleSet, check_rules

PACKAGE = Path(__file__).resolve().parent.parent / "report_miner"


def test_schema_every_section_has_a_record_class_and_the_validator_reads_its_fields():
    assert set(SCHEMAS) == set(schema.RECORDS)
    for name, sections in schema.RECORDS.items():
        for section, cls in sections.items():
            assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
            assert SCHEMAS[name][section] == schema.field_table(cls)
    assert list(MATCH_FIELDS) == ["units", "before", "after", "not", "clause", "lead", "lead_not", "tail",
                                 "figure", "figure_not"]


def test_schema_records_are_built_once_with_the_schema_defaults():
    data = RuleSet.load().data
    rules = data.records("blanks", "blanks")
    assert rules and all(isinstance(r, schema.BlankRule) for r in rules)
    assert rules is data.records("blanks", "blanks")  # built once, when the folder was loaded
    first = rules[0]
    assert first.file == "[shipped] rules/blanks.yaml" and first.line > 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.priority = 3  # type: ignore[misc]
    metric = data.records("metrics", "metrics")[0]
    assert isinstance(metric.match[0], schema.MatchEntry) and isinstance(metric.match, tuple)
    # a field the YAML leaves out has the schema's default, whatever the section
    rec = schema.from_yaml("qualifiers", "qualifiers", {"id": "q", "form": "约", "position": "before"})
    assert (rec.approx, rec.bound) == (False, None)
    assert schema.from_yaml("units", "units", {"id": "u", "forms": ["个"], "unit": "个",
                                               "kind": "count"}).numerals is True


def test_schema_user_record_reaches_the_scanner_typed(tmp_path):
    (tmp_path / "blanks.yaml").write_text(
        "blanks:\n"
        "  - id: my_slot\n"
        "    kind: missing_number\n"
        "    pattern: '(?<=共有)(?P<slot>)(?P<unit>口)(?=,)'\n"
        "    priority: 5\n"
        "    examples: ['共有口,']\n", encoding="utf-8")
    rules = RuleSet.load(tmp_path)
    rec = [r for r in rules.data.records("blanks", "blanks") if r.id == "my_slot"][0]
    assert rec.priority == 5 and rec.segment is False and rec.file.endswith("blanks.yaml")
    assert rules.blanks.rules[0].id == "my_slot"  # priority 5 outranks every shipped rule


def test_schema_choices_are_checked(tmp_path):
    (tmp_path / "qualifiers.yaml").write_text(
        "qualifiers:\n  - id: q\n    form: 约莫\n    position: before\n    bound: most\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any(":5 (q): bound must be one of ['max', 'min']" in p for p in problems), problems


def test_schema_mining_code_reads_records_not_yaml_mappings():
    """The stages read typed records; only tools that show the YAML as written read mappings."""
    shows_yaml = {"explain.py"}
    for path in sorted((PACKAGE / "mining").glob("*.py")):
        if path.name in shows_yaml:
            continue
        src = path.read_text(encoding="utf-8")
        assert not re.search(r"\.section\(\"", src), f"{path.name} reads rule mappings"


def test_ruleset_without_one_record_of_a_shared_id():
    """``jin`` and ``household_kinds`` each name records in two sections: a bare id is refused,
    a qualified one drops that record only; an unknown id is refused too."""
    full = RuleSet.load()
    with pytest.raises(ValueError, match="several sections"):
        full.without("household_kinds")
    off = full.without("blanks.not_blanks:household_kinds")
    assert [r.id for r in off.blanks.not_blanks] == [r.id for r in full.blanks.not_blanks
                                                     if r.id != "household_kinds"]
    assert off.data.records("blanks", "word_sets") == full.data.records("blanks", "word_sets")
    with pytest.raises(ValueError, match="no rule"):
        full.without("unit_before_punctt")
