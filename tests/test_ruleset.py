"""Rule files: the shipped ones are valid, and a bad one is reported with file, line and id."""
from __future__ import annotations

from pathlib import Path

import pytest

import report_miner
from report_miner.errors import RuleError
from report_miner.ruleset.load import check_rules, load_rule_data


def test_ruleset_shipped_rules_are_valid():
    assert check_rules() == []


def test_ruleset_bad_file_names_file_line_and_id(tmp_path):
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n"
        "  - id: population.total\n"
        "    label: 总人口\n"
        "    match:\n"
        "      - units: [人]\n"
        "        before: '(总人口'\n"
        "  - id: x.y\n"
        "    label: 测试\n"
        "    colour: red\n"
        "    match: []\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    text = "\n".join(problems)
    # the line of the bad field (the match entry's before:), not of the record
    assert f"{tmp_path / 'metrics.yaml'}:6 (population.total): match[0].before: bad regex" in text
    assert f"{tmp_path / 'metrics.yaml'}:9 (x.y): unknown field 'colour'" in text
    with pytest.raises(RuleError) as exc:
        load_rule_data(str(tmp_path))
    assert "metrics.yaml:6" in str(exc.value)


def test_ruleset_yaml_syntax_error_has_line(tmp_path):
    (tmp_path / "units.yaml").write_text("units:\n  - {id: a, forms: [人\n  - id: b\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert len(problems) == 1 and "units.yaml:" in problems[0] and "YAML syntax error" in problems[0]


def test_ruleset_example_self_tests_are_checked(tmp_path):
    (tmp_path / "exclusions.yaml").write_text(
        "exclusions:\n  - id: t\n    pattern: '五好'\n    examples: [六好]\n", encoding="utf-8")
    assert any("example '六好' is not matched" in p for p in check_rules(tmp_path))


def test_ruleset_user_rules_add_a_metric(tmp_path):
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n"
        "  - id: outreach.tours\n"
        "    label: 宣传车巡回\n"
        "    priority: 95\n"
        "    match:\n"
        "      - units: [次]\n"
        "        before: '宣传车'\n", encoding="utf-8")
    res = report_miner.mine_text("组装宣传车巡回宣传12次。", rules_dir=tmp_path)
    assert res.figures.metric.tolist() == ["outreach.tours"]
    assert report_miner.mine_text("组装宣传车巡回宣传12次。").figures.metric.tolist() != ["outreach.tours"]


def test_ruleset_user_rules_change_how_the_subject_is_read(tmp_path):
    text = "今年入户走访群众共计860户。"
    shipped = report_miner.mine_text(text).figures.loc[0, ["subject", "action"]].tolist()
    assert shipped == ["群众", "走访"]
    # a user who wants 走访 read as what is counted (a visit count) lists it as a noun-like verb
    (tmp_path / "qualifiers.yaml").write_text(
        "subject:\n  - id: noun_like_verbs\n    words: [组织, 服务, 培训, 走访]\n", encoding="utf-8")
    mine = report_miner.mine_text(text, rules_dir=tmp_path).figures.loc[0, ["subject", "action"]]
    assert mine.tolist() == ["入户走访群众", ""]  # 入户 is a noun to jieba, so no verb is left


def test_ruleset_subject_words_must_be_a_list(tmp_path):
    (tmp_path / "qualifiers.yaml").write_text(
        "subject:\n  - id: copulas\n    words: 有\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any(f"{tmp_path / 'qualifiers.yaml'}:3 (copulas)" in p and "words" in p for p in problems), problems


def test_ruleset_user_rules_add_a_report_kind(tmp_path):
    text = "青山镇计生协会工作心得\n一、基本情况\n全镇总人口17364人。"
    assert report_miner.mine_text(text).reports.loc[0, "kind"] == "other"
    (tmp_path / "structure.yaml").write_text(
        "kinds:\n  - {id: xinde, word: 心得, kind: 心得}\n"
        "patterns:\n  - id: title_words\n"
        "    pattern: '工作汇报|工作总结|工作计划(?!生育)|汇报|总结|计划(?!生育)|报告|要点|心得'\n",
        encoding="utf-8")
    rep = report_miner.mine_text(text, rules_dir=tmp_path).reports.loc[0]
    assert (rep["title"], rep["kind"], rep["unit_name"]) == ("青山镇计生协会工作心得", "心得", "青山镇")


def test_ruleset_bad_structure_file_names_file_and_line(tmp_path):
    (tmp_path / "structure.yaml").write_text(
        "words:\n  - id: name_boundary\n    words: 代表\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any(f"{tmp_path / 'structure.yaml'}:3 (name_boundary)" in p for p in problems), problems


def test_ruleset_named_parts_and_word_lists_are_checked(tmp_path):
    (tmp_path / "qualifiers.yaml").write_text(
        "subject:\n  - {id: nountags, words: [n]}\n  - id: noun_tags\n    words: [no, yes]\n",
        encoding="utf-8")
    (tmp_path / "structure.yaml").write_text(
        "words:\n  - {id: not_in_name, words: [莆美]}\n", encoding="utf-8")
    text = "\n".join(check_rules(tmp_path))
    assert f"{tmp_path / 'qualifiers.yaml'}:2 (nountags): unknown id" in text
    assert f"{tmp_path / 'qualifiers.yaml'}:4 (noun_tags): words must be non-empty strings" in text
    assert f"{tmp_path / 'structure.yaml'}:2 (not_in_name): words must be single characters" in text


def test_ruleset_a_metric_level_not_vetoes_every_match_entry(tmp_path):
    text = "发放宣传资料3000份,平均每村发放宣传资料200份。"
    shipped = [f["metric"] for f in report_miner.mine_text(text).rows("figures")]
    assert shipped == ["outreach.materials", "other"]  # the shipped metric-level not: 平均, 每村
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n  - id: outreach.materials\n    label: 发放宣传品\n    core: true\n"
        "    priority: 70\n    not: '发放'\n    match:\n      - units: [份]\n"
        "        before: '资料$'\n", encoding="utf-8")
    mine = [f["metric"] for f in report_miner.mine_text(text, rules_dir=tmp_path).rows("figures")]
    assert "outreach.materials" not in mine


# ----------------------------------------------------------------------------- one compiled RuleSet


def test_ruleset_is_compiled_once_per_folder_and_passed_explicitly(tmp_path):
    from report_miner.ruleset.load import RuleSet

    (tmp_path / "units.yaml").write_text("units: []\n", encoding="utf-8")
    shipped, mine = RuleSet.load(), RuleSet.load(tmp_path)
    assert RuleSet.load() is shipped and RuleSet.load(str(tmp_path)) is mine
    assert RuleSet.load(mine) is mine
    assert mine.figures is not shipped.figures and mine.words is not shipped.words
    assert mine.figures.metrics is mine.metrics is mine.blanks.metrics
    res = report_miner.mine_text("全镇总人口17364人。", rules=mine)
    assert res.figures.metric.tolist() == ["population.total"]


def test_ruleset_user_slot_words_reach_the_segmenter(tmp_path):
    (tmp_path / "blanks.yaml").write_text(
        "slot_words:\n  - id: my_words\n    words: [积分超市]\n", encoding="utf-8")
    text = "全镇建成积分超市8家。"
    assert report_miner.mine_text(text).figures.subject.tolist() == [""]
    res = report_miner.mine_text(text, rules_dir=tmp_path)
    assert res.figures[["subject", "action"]].values.tolist() == [["积分超市", "建成"]]


def test_ruleset_summary_counts_the_core_metrics_of_the_rules_used(tmp_path):
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n  - id: outreach.tours\n    label: 宣传车巡回\n    core: true\n    priority: 95\n"
        "    match:\n      - units: [次]\n        before: '宣传车'\n", encoding="utf-8")
    text = "组装宣传车巡回宣传12次。"
    assert "核心指标: 1" in report_miner.mine_text(text, rules_dir=tmp_path).summary()
    assert "核心指标: 0" in report_miner.mine_text(text).summary()


# ----------------------------------------------------------------------------- contracts checked


def _problems(tmp_path, name: str, body: str) -> str:
    (tmp_path / f"{name}.yaml").write_text(body, encoding="utf-8")
    return "\n".join(check_rules(tmp_path))


def test_ruleset_missing_number_pattern_needs_a_unit_group(tmp_path):
    text = _problems(tmp_path, "blanks", "blanks:\n  - id: no_unit\n    kind: missing_number\n"
                                         "    pattern: '总人口(?P<slot>)人'\n")
    assert f"{tmp_path / 'blanks.yaml'}:4 (no_unit): kind missing_number needs the named group " \
           "(?P<unit>...)" in text
    with pytest.raises(RuleError):
        report_miner.mine_text("全镇总人口人,", rules_dir=tmp_path)


@pytest.mark.parametrize("kind, pattern, message", [
    ("placeholder", "(?P<slot>)某某", "kind placeholder needs the named group (?P<token>...)"),
    ("missing_text", "位于,", "kind missing_text needs the named group (?P<slot>...) or (?P<token>...)"),
    ("missing_number", "(?P<slot>)(?P<units>人),", "unknown named group (?P<units>...)"),
    ("placeholder", "(?P<token>某某)", "segment: true asks the segmenter"),
], ids=["placeholder_without_token", "missing_text_without_slot", "misspelt_group",
        "segment_on_a_placeholder"])
def test_ruleset_blank_kinds_need_their_named_groups(tmp_path, kind, pattern, message):
    segment = "    segment: true\n" if "segment" in message else ""
    text = _problems(tmp_path, "blanks", f"blanks:\n  - id: r\n    kind: {kind}\n{segment}"
                                         f"    pattern: '{pattern}'\n")
    # the line of the field at fault: pattern: (line 4), or segment: (line 4, before pattern:)
    assert "blanks.yaml:4 (r): " in text and message in text


def test_ruleset_clause_ends_only_on_missing_number(tmp_path):
    # clause_ends says where a slot's metric is read: other kinds get no metric, so it would
    # do nothing there
    text = _problems(tmp_path, "blanks", "blanks:\n  - id: r\n    kind: placeholder\n"
                                         "    clause_ends: true\n    pattern: '(?P<token>某某)'\n")
    assert "blanks.yaml:4 (r): clause_ends: true says where" in text


@pytest.mark.parametrize("rid, pattern, message", [
    ("opens_clause_after", "全年|^今年", "must start with ^ and have no other ^"),
    ("opens_clause_after", "^(?:全年)|^今年", "must start with ^ and have no other ^"),
    ("opens_clause_after_number", "^(?P<unit>\\p{Han}{1,6}率为)", "no named groups"),
], ids=["no_leading_caret", "second_caret", "named_group"])
def test_ruleset_context_put_inside_the_figure_pattern(tmp_path, rid, pattern, message):
    # these two are also put inside the figure pattern (a bare number's end): an alternative
    # anchored with ^ mid-pattern never matches there, and a named group would shadow the
    # figure pattern's own (unit, q2 ...), both silently
    text = _problems(tmp_path, "qualifiers", f"context:\n  - id: {rid}\n    pattern: '{pattern}'\n")
    assert f"qualifiers.yaml:3 ({rid}): " in text and message in text
    ok = _problems(tmp_path, "qualifiers", "context:\n  - id: opens_clause_after\n"
                                           "    pattern: '^(?:全年|今年|[^,。]{0,2}其中)'\n")
    assert "opens_clause_after" not in ok


def test_ruleset_misspelt_macro_is_reported(tmp_path):
    text = _problems(tmp_path, "blanks", "blanks:\n  - id: kinds_of_household\n    kind: missing_number\n"
                                         "    pattern: '{HOUSEHOLD_KIND}(?P<slot>)(?P<unit>户)'\n")
    assert f"{tmp_path / 'blanks.yaml'}:4 (kinds_of_household): field 'pattern': unknown macro " \
           "{HOUSEHOLD_KIND} (known: {UNITS}, {CLASSIFIERS}, {HOUSEHOLD_KINDS}, {COUNT_SUBJECTS}, " \
           "{COMPARISONS}, {RATE_VERBS}, {SLOT_NOT_AFTER})" in text  # the shipped word_sets, in file order (a list that grows)


def test_ruleset_unicode_properties_are_not_macros(tmp_path):
    text = _problems(tmp_path, "exclusions",
                     "exclusions:\n  - id: t\n    pattern: '\\p{L}\\P{N}\\{ABC\\}号'\n")
    assert "macro" not in text


def test_ruleset_macro_outside_blanks_is_reported(tmp_path):
    text = _problems(tmp_path, "exclusions", "exclusions:\n  - id: t\n    pattern: '第{UNITS}'\n")
    assert "exclusions.yaml:3 (t): field 'pattern': unknown macro {UNITS}" in text


def test_ruleset_unknown_key_in_a_blank_rule_is_reported(tmp_path):
    text = _problems(tmp_path, "blanks", "blanks:\n  - id: r\n    kind: placeholder\n"
                                         "    pattern: '(?P<token>某某)'\n    priorty: 3\n")
    assert "blanks.yaml:5 (r): unknown field 'priorty'" in text


# ----------------------------------------------------------------------------- precedence


def test_ruleset_user_blank_rule_outranks_a_shipped_one_by_priority(tmp_path):
    from report_miner.mining.blanks import scan_blanks

    rule = ("blanks:\n  - id: my_population_slot\n    kind: missing_number\n{prio}"
            "    pattern: '总人口(?P<slot>)(?P<unit>人)'\n")
    text = "全镇总人口人,"
    assert [b.rule for b in scan_blanks(text)] == ["unit_before_punct"]
    (tmp_path / "blanks.yaml").write_text(rule.format(prio=""), encoding="utf-8")
    assert [b.rule for b in scan_blanks(text, str(tmp_path))] == ["unit_before_punct"]
    other = tmp_path / "ranked"
    other.mkdir()
    (other / "blanks.yaml").write_text(rule.format(prio="    priority: 10\n"), encoding="utf-8")
    assert [b.rule for b in scan_blanks(text, str(other))] == ["my_population_slot"]


def test_ruleset_not_blank_vetoes_only_rules_not_ranked_above_it(tmp_path):
    from report_miner.mining.blanks import scan_blanks

    text = "每户配备灭火器个,"
    (tmp_path / "blanks.yaml").write_text(
        "not_blanks:\n  - id: extinguishers\n    pattern: '灭火器个'\n", encoding="utf-8")
    assert scan_blanks(text, str(tmp_path)) == []
    ranked = tmp_path / "ranked"
    ranked.mkdir()
    (ranked / "blanks.yaml").write_text(
        "not_blanks:\n  - id: extinguishers\n    pattern: '灭火器个'\n"
        "blanks:\n  - id: extinguishers_left_out\n    kind: missing_number\n    priority: 5\n"
        "    pattern: '灭火器(?P<slot>)(?P<unit>个)'\n", encoding="utf-8")
    assert [b.rule for b in scan_blanks(text, str(ranked))] == ["extinguishers_left_out"]


def test_ruleset_exclusion_of_120_characters_holds_a_figure_at_its_end(tmp_path):
    from report_miner.mining.figures import scan_figures

    filler = "此处为引用的上级文件原文" * 10  # 120 characters
    text = f"〔引文:{filler}共计15人〕全镇总人口800人。"
    assert [f.text for f in scan_figures(text)] == ["15人", "800人"]
    (tmp_path / "exclusions.yaml").write_text(
        "exclusions:\n  - id: quoted_document\n    pattern: '〔引文:[^〕]*〕'\n", encoding="utf-8")
    assert len("〔引文:" + filler + "共计15人〕") == 130
    assert [f.text for f in scan_figures(text, str(tmp_path))] == ["800人"]


def test_ruleset_misspelt_rule_file_is_reported(tmp_path):
    (tmp_path / "metric.yaml").write_text("metrics: []\n", encoding="utf-8")
    (tmp_path / "blanks.yml").write_text("blanks: []\n", encoding="utf-8")
    text = "\n".join(check_rules(tmp_path))
    assert f"{tmp_path / 'metric.yaml'}: unknown rule file" in text
    assert f"{tmp_path / 'blanks.yml'}: unknown rule file" in text


def test_ruleset_references_between_files_are_checked(tmp_path):
    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n  - id: outreach.tours\n    label: 宣传车巡回\n"
        "    match:\n      - units: [次, 车次数]\n        before: '宣传车'\n", encoding="utf-8")
    (tmp_path / "checks.yaml").write_text(
        "expected:\n  - id: plan\n    kinds: [计划, 规划]\n    metrics: [population.totl]\n",
        encoding="utf-8")
    text = "\n".join(check_rules(tmp_path))
    assert f"{tmp_path / 'metrics.yaml'}:2 (outreach.tours): match[0].units: ['车次数'] is no unit" in text
    assert f"{tmp_path / 'checks.yaml'}:2 (plan): kind '规划' is no report kind" in text
    assert f"{tmp_path / 'checks.yaml'}:2 (plan): metric 'population.totl' is no metric id" in text


def test_ruleset_key_given_twice_is_a_problem(tmp_path):
    # a record with one field twice (keeps: … keeps: …) lost the first silently: its self-tests
    # never ran. The rule file now names the line of the second key.
    (tmp_path / "exclusions.yaml").write_text(
        "exclusions:\n  - id: t\n    pattern: '五好'\n    keeps: [六好]\n    keeps: [七好]\n",
        encoding="utf-8")
    problems = check_rules(tmp_path)
    assert len(problems) == 1 and "exclusions.yaml:5" in problems[0] and "keeps" in problems[0]


def test_shipped_rules_give_no_key_twice():
    assert check_rules() == []


def test_ruleset_check_given_only_params_says_what_is_missing_once(tmp_path):
    # a user overriding a shipped check with its params alone: the fields it lacks are named,
    # without a second, misleading "unknown check kind 'None'" or "severity must be one of"
    text = _problems(tmp_path, "checks", "checks:\n  - id: part_larger_than_whole\n"
                                         "    params: {tolerance: 2}\n")
    assert "missing field 'kind'" in text and "missing field 'severity'" in text
    assert "None" not in text and "must be one of" not in text


def test_ruleset_slot_not_after_takes_single_characters(tmp_path):
    # the figure scanner tests one character before a measure word against this word set
    text = _problems(tmp_path, "blanks", "word_sets:\n  - id: slot_not_after\n"
                                         "    words: [余, 多少]\n")
    assert "blanks.yaml:3 (slot_not_after): words must be single characters, got ['多少']" in text


def test_user_slot_not_after_reaches_the_blank_rule(tmp_path):
    # without 余 in the set, 余人 before the next clause reads as a slot (the user's choice)
    from report_miner import mine_text
    text = "会员余人发放宣传资料份"
    (tmp_path / "blanks.yaml").write_text(
        "word_sets:\n  - id: slot_not_after\n    words: [多, 百, 千, 万, 亿, 半, 两, 几, 数]\n",
        encoding="utf-8")
    shipped = mine_text(text).blanks
    mine = mine_text(text, rules_dir=str(tmp_path)).blanks
    assert list(shipped["start"]) == [10]
    assert list(mine["start"]) == [3, 10] and mine["rule"].iloc[0] == "slot_before_next_clause"


# ----------------------------------------------------------------------------- validated records kept


def test_ruleset_validated_records_are_kept_and_reread_only_when_a_file_changes(tmp_path, monkeypatch):
    """A second process reading the same rule files takes the validated records from the cache
    folder (validation is most of a fresh start-up); a changed file is validated afresh, so a
    rule broken after it was kept is still reported with file, line and id."""
    import report_miner.ruleset.load as load

    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path / "cache"))
    rules = tmp_path / "my_rules"
    rules.mkdir()
    (rules / "units.yaml").write_text(
        "units:\n  - id: dan\n    unit: 担\n    forms: [担]\n    kind: weight\n", encoding="utf-8")
    first = load.read_rule_data(rules)
    kept = list((tmp_path / "cache" / "report_miner").glob("rules-*.pickle"))
    assert len(kept) == 1

    def no_reading(*a, **k):
        raise AssertionError("read and validated again")

    with monkeypatch.context() as m:  # the same bytes: taken from the cache
        m.setattr(load, "read_rule_dirs", no_reading)
        again = load.read_rule_data(rules)
    assert again.files == first.files and again.records("units", "units") == first.records("units", "units")
    assert [r.unit for r in again.records("units", "units") if r.id == "dan"] == ["担"]

    (rules / "units.yaml").write_text(  # broken after it was kept: reported, not taken from the cache
        "units:\n  - id: dan\n    unit: 担\n    forms: [担]\n    kind: weight\n    not_before: '(担'\n",
        encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load.read_rule_data(rules)
    assert f"{rules / 'units.yaml'}:6 (dan)" in str(exc.value)
    # a file added to the folder changes the key too
    (rules / "units.yaml").write_text(
        "units:\n  - id: dan\n    unit: 担\n    forms: [担]\n    kind: weight\n", encoding="utf-8")
    (rules / "metrics.yml").write_text("metrics: []\n", encoding="utf-8")
    with pytest.raises(RuleError, match="unknown rule file"):
        load.read_rule_data(rules)


def test_ruleset_damaged_or_unwritable_cache_reads_the_yaml(tmp_path, monkeypatch):
    import report_miner.ruleset.load as load

    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path / "cache"))
    expected = load.read_rule_data(cache=False).files
    load.read_rule_data()
    for p in (tmp_path / "cache" / "report_miner").glob("rules-*.pickle"):
        p.write_bytes(b"not a pickle")
    assert load.read_rule_data().files == expected
    monkeypatch.setattr("report_miner.cache.cache_dir", lambda: None)
    assert load.read_rule_data().files == expected


def test_ruleset_cache_file_others_can_write_is_not_loaded(tmp_path, monkeypatch):
    """The cache may fall back to the shared temp folder: a kept file that others could have
    written is read again from the YAML instead of being unpickled."""
    import os

    import report_miner.ruleset.load as load

    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path / "cache"))
    load.read_rule_data()
    (kept,) = (tmp_path / "cache" / "report_miner").glob("rules-*.pickle")
    assert oct(kept.stat().st_mode & 0o777) == "0o644"
    os.chmod(kept, 0o666)
    calls = []
    real = load.read_rule_dirs
    monkeypatch.setattr(load, "read_rule_dirs", lambda *a, **k: calls.append(1) or real(*a, **k))
    load.read_rule_data()
    assert calls == [1]


def test_ruleset_cache_keeps_only_the_latest_validated_sets(tmp_path, monkeypatch):
    import os

    import report_miner.ruleset.load as load

    cache = tmp_path / "cache" / "report_miner"
    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path / "cache"))
    for i in range(load._VALIDATED_KEEP + 3):
        d = tmp_path / f"r{i}"
        d.mkdir()
        (d / "units.yaml").write_text("units: []\n", encoding="utf-8")
        load.read_rule_data(d)
        latest = cache / load._validated_name(load._validated_key([load._shipped_dir(), d]))
        os.utime(latest, (1_000_000 + i, 1_000_000 + i))  # distinct times on any file system
        assert latest.exists()
    assert len(list(cache.glob("rules-*.pickle"))) == load._VALIDATED_KEEP


def test_ruleset_cache_key_follows_the_check_registry_the_validator_asks(tmp_path, monkeypatch):
    """Validation asks the check registry (mining/audit.py, analysis/archive_audit.py) whether a
    check's kind and params are good: code outside report_miner/ruleset/ whose change can turn a
    valid checks.yaml into an invalid one. A new version of it must not take the records the old
    one passed (``rules check`` would say one thing and mining another)."""
    import report_miner.mining.audit as audit
    import report_miner.ruleset.load as load

    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path / "cache"))
    dirs = [load._shipped_dir()]
    before = load._validated_key(dirs)
    real = Path.read_bytes
    changed = Path(audit.__file__).resolve()

    def edited(self):
        data = real(self)
        return data + b"\n# a check's params changed\n" if Path(self).resolve() == changed else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    load._code_digest.cache_clear()  # a new process, after the upgrade
    try:
        assert load._validated_key(dirs) != before
    finally:
        load._code_digest.cache_clear()


def test_ruleset_file_edited_while_it_is_read_is_not_kept_under_the_old_bytes(tmp_path, monkeypatch):
    """A rule file saved while a process reads it (an editor saving as an ingest starts): the
    records read are those of the new bytes, and must not be kept under the key of the old
    ones, or going back to the old file would bring the new rule's records."""
    import report_miner.ruleset.load as load

    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path / "cache"))
    rules = tmp_path / "my_rules"
    rules.mkdir()
    old = "units:\n  - id: dan\n    unit: 担\n    forms: [担]\n    kind: weight\n"
    new = old.replace("[担]", "[担, 石担]")
    (rules / "units.yaml").write_text(old, encoding="utf-8")
    real = load.read_rule_dirs

    def saved_meanwhile(*a, **k):
        (rules / "units.yaml").write_text(new, encoding="utf-8")
        return real(*a, **k)

    with monkeypatch.context() as m:
        m.setattr(load, "read_rule_dirs", saved_meanwhile)
        assert _forms(load.read_rule_data(rules), "dan") == ("担", "石担")
    (rules / "units.yaml").write_text(old, encoding="utf-8")  # the edit undone
    assert _forms(load.read_rule_data(rules), "dan") == ("担",)


def _forms(data, unit_id: str) -> tuple:
    return next(r.forms for r in data.records("units", "units") if r.id == unit_id)
