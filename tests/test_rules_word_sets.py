"""Word lists shared by patterns of metrics.yaml and units.yaml (section ``word_sets``, written
``{ID}`` in a pattern, like blanks.yaml's): a user's edited list changes what is mined, and
`rules check` names a list that does not exist with file, line and rule id. Sentences invented
for these tests."""
from __future__ import annotations

from report_miner.ruleset.load import RuleSet, check_rules, word_set_macros


def _villages(rules: RuleSet, text: str) -> list[str]:
    return [f.text for f in rules.figures.scan(rules_normalised(rules, text)) if f.metric == "admin.villages"]


def rules_normalised(rules: RuleSet, text: str):
    from report_miner.mining.normalise import normalise

    return normalise(text, rules)


def _write_one_count_rule(folder, before_macro: str) -> None:
    """A user's metrics.yaml with one metric whose entry names ``before_macro`` (line 7)."""
    (folder / "metrics.yaml").write_text(
        "metrics:\n"
        "  - id: my.count\n"
        "    label: 我的\n"
        "    priority: 10\n"
        "    match:\n"
        "      - units: [个]\n"
        f"        before: '{before_macro}$'\n", encoding="utf-8")


def test_shipped_villages_entries_share_one_list():
    rules = RuleSet.load()
    entries = [m for r in rules.data.records("metrics", "metrics") if r.id == "admin.villages"
               for m in r.match[:2]]
    leads = word_set_macros(rules.data.section("metrics", "word_sets"))["{SUBSET_LEADS}"]
    assert all(leads in m.lead_not for m in entries)          # written out where it is named
    assert all("{SUBSET_LEADS}" not in m.lead_not for m in entries)
    # a subset of villages picked out by a word of the list is no count of the township's villages
    assert _villages(rules, "全镇辖14个行政村。") == ["14个"]
    assert _villages(rules, "工作组走访了6个村。") == []


def test_a_users_edited_list_changes_the_output(tmp_path):
    text = "工作组蹲守了6个村。"
    assert _villages(RuleSet.load(), text) == ["6个"]
    (tmp_path / "metrics.yaml").write_text(
        "word_sets:\n"
        "  - id: subset_leads\n"
        "    words: [走访, 蹲守]\n", encoding="utf-8")
    assert check_rules(tmp_path) == []
    mine = RuleSet.load(tmp_path)
    assert _villages(mine, text) == []                        # the user's word vetoes it now
    assert _villages(mine, "工作组走访了6个村。") == []
    assert _villages(mine, "工作组覆盖了6个村。") == ["6个"]  # no longer in the list


def test_an_unknown_list_is_named_with_file_line_and_id(tmp_path):
    _write_one_count_rule(tmp_path, "{MY_WORDS}")   # line 7
    problems = "\n".join(check_rules(tmp_path))
    assert "metrics.yaml:7 (my.count)" in problems
    assert "unknown macro {MY_WORDS}" in problems and "{SUBSET_LEADS}" in problems
    (tmp_path / "units.yaml").write_text(
        "word_sets:\n"
        "  - id: step_words\n"
        "    words: [阶, 账]\n"
        "units:\n"
        "  - {id: tai, forms: [台], unit: 台, kind: count, not_before: '{STEP_WORD}'}\n", encoding="utf-8")
    problems = "\n".join(check_rules(tmp_path))
    assert "units.yaml:5 (tai)" in problems and "unknown macro {STEP_WORD}" in problems
    assert "{STEP_WORDS}" in problems                          # the known lists are listed


def test_units_word_sets_are_written_out_too(tmp_path):
    (tmp_path / "units.yaml").write_text(
        "word_sets:\n"
        "  - id: step_words\n"
        "    words: [阶, 账, 帐]\n"
        "units:\n"
        "  - {id: tai, forms: [台], unit: 台, kind: count, not_before: '{STEP_WORDS}'}\n", encoding="utf-8")
    assert check_rules(tmp_path) == []
    rules = RuleSet.load(tmp_path)
    tai = [r for r in rules.data.records("units", "units") if r.id == "tai"][0]
    import regex

    assert "{STEP_WORDS}" not in tai.not_before
    assert all(regex.fullmatch(tai.not_before, c) for c in "阶账帐")
    assert not regex.fullmatch(tai.not_before, "风")


def test_qualifier_word_sets_are_written_out_once_for_both_files():
    """qualifiers.yaml's lists: the words of going past a mark (numerals' two lists shared 13
    words) and the remaining places (written in qualifiers.yaml and in metrics.yaml)."""
    rules = RuleSet.load()
    numerals = {r.id: r.words for r in rules.data.records("qualifiers", "numerals")}
    passing = [r.words for r in rules.data.records("qualifiers", "word_sets") if r.id == "passing_words"][0]
    assert numerals["bare_magnitude_after"] == passing
    assert set(passing) < set(numerals["lone_magnitude_after"]) and "近" in numerals["lone_magnitude_after"]
    assert not any("{" in w for ws in numerals.values() for w in ws)
    remaining = word_set_macros(rules.data.section("qualifiers", "word_sets"))["{REMAINING}"]
    place_line = [r for r in rules.data.records("qualifiers", "context") if r.id == "place_line"][0]
    assert remaining in place_line.pattern and "{REMAINING}" not in place_line.pattern
    villages = [r for r in rules.data.records("metrics", "metrics") if r.id == "admin.villages"][0]
    assert remaining in villages.match[1].before
    # what the lists decide, in sentences of my own
    assert _villages(rules, "全乡辖11个行政村，其余的3个村已并入邻乡。") == ["11个"]
    texts = [f.text for f in rules.figures.scan(rules_normalised(rules, "全县财政收入迈上十亿台阶。"))]
    assert texts == ["十亿"]


def test_a_users_qualifier_list_changes_what_is_read(tmp_path):
    text = "全镇产值跃居千万元。"

    def figures(rules):
        return [f.text for f in rules.figures.scan(rules_normalised(rules, text))]

    assert figures(RuleSet.load()) == []
    (tmp_path / "qualifiers.yaml").write_text(
        "word_sets:\n"
        "  - id: passing_words\n"
        "    words: [突破, 逾, 超过, 跃居]\n", encoding="utf-8")
    assert check_rules(tmp_path) == []
    mine = RuleSet.load(tmp_path)
    assert figures(mine) == ["千万元"]                      # a lone magnitude after the new word
    assert mine.data.named("qualifiers", "numerals")["bare_magnitude_after"].words == ("突破", "逾", "超过", "跃居")


def test_an_unknown_qualifier_list_is_named_with_file_line_and_id(tmp_path):
    (tmp_path / "qualifiers.yaml").write_text(
        "numerals:\n"
        "  - id: lone_magnitude_after\n"
        "    words: [近, \"{PASSING_WORD}\"]\n"           # line 3
        "context:\n"
        "  - id: place_line\n"
        "    pattern: '{REMAINDER}个村'\n", encoding="utf-8")   # line 6
    problems = "\n".join(check_rules(tmp_path))
    assert "qualifiers.yaml:3 (lone_magnitude_after)" in problems
    assert "unknown word set {PASSING_WORD}" in problems and "{PASSING_WORDS}" in problems
    assert "引用了未知的词表" in problems                       # bilingual
    assert "qualifiers.yaml:6 (place_line)" in problems and "unknown macro {REMAINDER}" in problems
    (tmp_path / "qualifiers.yaml").unlink()
    _write_one_count_rule(tmp_path, "{REMAINING}")   # qualifiers' list: known here
    assert check_rules(tmp_path) == []
