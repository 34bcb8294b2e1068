"""Audit findings on the supplied report and on text written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest

import report_miner
from report_miner.cli.app import main

CORPUS = Path(__file__).parent.parent / "corpora" / "000_69ef0c422dca94cf.txt"


def _findings(text):
    return report_miner.mine_text(text).findings


def test_audit_seed_findings():
    f = _findings(CORPUS.read_text("utf-8"))
    pw = f[f.check == "part_exceeds_whole"]
    assert len(pw) == 1 and pw.iloc[0].report == 2
    assert "35024人" in pw.iloc[0].message_zh and "17364人" in pw.iloc[0].message_zh
    mu = f[f.check == "blank_missing_unit"].context.tolist()
    assert len(mu) == 3
    assert any("签订率在98⟨⟩以上" in c for c in mu)
    assert any("出生率控制在15.0⟨⟩以内" in c for c in mu)
    assert any("增长率控制在8⟨⟩以内" in c for c in mu)
    ap = f[f.check == "approx_on_precise_number"]
    assert ap.message_zh.str.contains("1823多人").all() and len(ap) == 1
    pop = f[f.check == "population_not_stated"]
    assert pop.report.tolist() == [1]  # report 1 left it blank; 3 states it; 4 is a plan


def test_audit_every_blank_is_a_finding():
    res = report_miner.mine_text(CORPUS.read_text("utf-8"))
    blank_findings = res.findings[res.findings.check.str.startswith("blank_")]
    assert len(blank_findings) == len(res.blanks)


def test_audit_breakdown_and_percent():
    f = _findings("全镇共有育龄妇女300人,其中城镇户籍200人,农村户籍150人。"
                  "群众满意率达120%。全年财政收入比上年增长150%。")
    assert "breakdown_exceeds_total" in set(f.check)
    overlapping = _findings("全镇总人口18736人,其中流动人口1200人,60岁以上老人3200人,已婚育龄妇女3218人,"
                            "男性9500人,女性9236人。全镇共有行政村10个,其中8个村建立了协会,12个村开展了活动。")
    assert "breakdown_exceeds_total" not in set(overlapping.check)
    pct = f[f.check == "percent_over_100"]
    assert len(pct) == 1 and "120%" in pct.iloc[0].message_zh  # growth of 150% is fine


def test_audit_rate_contradicts_counts():
    f = _findings("全镇已婚育龄妇女2000人,已落实节育措施1800人,节育率95%。")
    rc = f[f.check == "rate_contradicts_counts"]
    assert len(rc) == 1 and "90.0%" in rc.iloc[0].message_zh
    ok = _findings("全镇已婚育龄妇女2000人,已落实节育措施1800人,节育率90%。")
    assert "rate_contradicts_counts" not in set(ok.check)


def test_audit_clean_report_has_no_errors():
    text = ("河东镇2023年计划生育协会工作总结\n一、基本情况\n全镇辖8个村,总人口21000人,已婚育龄妇女3100人,"
            "现有计生协会组织9个,协会会员1200人。全年发放宣传资料3000份。\n")
    res = report_miner.mine_text(text)
    assert (res.findings.severity == "error").sum() == 0, res.findings.message_zh.tolist()
    assert res.reports.completeness[0] == 1.0


def test_audit_cli_exit_status_and_output(tmp_path, capsys):
    clean = tmp_path / "clean.txt"
    clean.write_text("河东镇工作总结\n全镇辖8个村,总人口21000人,已婚育龄妇女3100人,计生协会组织9个,"
                     "协会会员1200人,发放宣传资料3000份。", encoding="utf-8")
    assert main(["audit", str(clean)]) == 0
    assert main(["audit", str(CORPUS), "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert "已婚育龄妇女数(35024人) 大于 总人口(17364人)" in out
    assert "距县城⟨⟩公里" in out
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["audit", str(clean), str(bad)]) == 1  # some files failed (issue 15 item 8)
    assert main(["audit", str(CORPUS), "--fail-on", "info", "-o", str(tmp_path / "a.sqlite")]) == 1
    assert (tmp_path / "a.sqlite").exists()


def test_audit_breakdown_skips_only_figures_far_from_the_marker():
    # figures with no 其中 in reach are left out before their sentences are found; the same marker
    # written as a pattern (not plain words, so every figure is looked at) finds the same
    import dataclasses

    from report_miner.mining.audit import CHECK_KINDS, _Audit, get_auditor
    from report_miner.mining.figures import get_scanner
    from report_miner.mining.normalise import normalise

    text = ("全镇共有育龄妇女300人,其中城镇户籍200人,农村户籍150人。" * 3 + "累计服务2000人次。" * 250
            + "全镇共有育龄妇女300人,其中城镇户籍200人,农村户籍150人。")
    norm = normalise(text)
    assert len(norm.text) > 2000  # sentences found from cached breaks
    figs = [{**vars(f), "report": 1, "section": "", "source": "<text>"}
            for f in get_scanner().scan(norm)]
    check = next(c for c in get_auditor().checks if c.kind == "breakdown")
    general = dataclasses.replace(check, params=dataclasses.replace(
        check.params, marker=f"(?:{check.params.marker})"))
    found = []
    for c in (check, general):
        audit = _Audit(get_auditor(), norm.text, figs, [], [], [])
        CHECK_KINDS["breakdown"].run(c, audit)
        found.append([(row["start"], row["message_zh"]) for row in audit.out])
    assert found[0] == found[1] and len(found[0]) == 4


def test_audit_sentences_stay_within_reach_and_breaks():
    # what the breakdown check relies on to skip figures: a sentence reaches at most
    # MAX_SENTENCE characters either side of its figure (and the break ending it), with no
    # sentence break inside but that one
    import random

    from report_miner.mining.context import MAX_SENTENCE, SENTENCE_BREAKS, sentence_span

    rnd = random.Random(7)
    for n in (300, 5000):  # the short path and the cached-bounds path
        text = "".join(rnd.choice("甲乙丙丁,。;\n!?   ") if rnd.random() < 0.3 else "字"
                       for _ in range(n))
        text = text[:n // 2] + "字" * 600 + text[n // 2:]  # one sentence longer than the reach
        for _ in range(300):
            start = rnd.randrange(len(text) - 5)
            end = start + rnd.randint(1, 5)
            i, j = sentence_span(text, start, end)
            assert start - MAX_SENTENCE <= i <= start and end <= j <= end + MAX_SENTENCE + 1
            assert not any(c in SENTENCE_BREAKS for c in text[i:start] + text[end:j - 1])


# ---------------------------------------------------------------- checks as a registry

_BAD_CHECKS = """\
checks:
  - id: my_percent_limit
    kind: percent_rnage
    severity: error
    message_zh: "百分比 {value}% 过高"
    message_en: "percentage {value}% too high"
  - id: percent_over_100
    kind: percent_range
    severity: error
    message_zh: "百分比 {value}% 超过 100%"
    message_en: "percentage {value}% is above 100%"
    params:
      maxx: 100
  - id: my_rate_check
    kind: rate_counts
    severity: warning
    message_zh: "比率不符"
    message_en: "rate does not match"
    params:
      tolerance: two points
"""


def test_audit_bad_check_kind_and_params_are_named_with_file_line_and_id(tmp_path):
    from report_miner.ruleset.load import check_rules

    (tmp_path / "checks.yaml").write_text(_BAD_CHECKS, encoding="utf-8")
    where = str(tmp_path / "checks.yaml")
    problems = "\n".join(check_rules(tmp_path))
    # each problem at the line of the field at fault (kind:, the param), not of the record
    assert f"{where}:3 (my_percent_limit): unknown check kind 'percent_rnage'" in problems
    assert "did you mean 'percent_range'" in problems
    assert f"{where}:13 (percent_over_100): unknown param 'maxx'" in problems
    assert "did you mean 'max'" in problems
    assert f"{where}:20 (my_rate_check): param 'tolerance' must be a number" in problems
    # mining with such rules stops with the same messages instead of skipping the checks
    from report_miner.errors import RuleError

    with pytest.raises(RuleError, match="percent_rnage"):
        report_miner.mine_text("全镇总人口5000人。", rules_dir=tmp_path)


def test_audit_rules_check_command_names_a_bad_check(tmp_path, capsys):
    (tmp_path / "checks.yaml").write_text(_BAD_CHECKS, encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert "checks.yaml:3 (my_percent_limit)" in err and "percent_rnage" in err
    assert "checks.yaml:13 (percent_over_100)" in err and "'maxx'" in err


def test_audit_validate_check_covers_every_registered_kind():
    from report_miner.mining.audit import CHECK_KINDS, validate_check

    assert validate_check({"id": "x", "kind": "blank", "params": {"blank_kind": "missing_number"}}) == []
    assert validate_check({"id": "x", "kind": "required_metric"}, bilingual=False) == [
        "missing param 'metric' (kind 'required_metric' needs it)"]
    # bilingual by default, for Python callers as for `rules check` (one convention)
    assert validate_check({"id": "x", "kind": "required_metric"}) == [
        "missing param 'metric' (kind 'required_metric' needs it) / 缺少参数 'metric'(检查类型 'required_metric' 需要)"]
    assert any("must be one of" in p for p in validate_check(
        {"id": "x", "kind": "numbering", "params": {"problem": "twice"}}))
    assert any("bad regex" in p for p in validate_check(
        {"id": "x", "kind": "breakdown", "params": {"marker": "(其中"}}))
    assert any("each pair" in p for p in validate_check(
        {"id": "x", "kind": "part_whole", "params": {"pairs": [["a.b"]]}}))
    # every shipped check uses a registered kind, and every kind has a docstring
    checks = report_miner.ruleset.load.load_rule_data().section("checks", "checks")
    assert {c["kind"] for c in checks} <= set(CHECK_KINDS)
    assert all(k.run.__doc__ for k in CHECK_KINDS.values())


# ---------------------------------------------------------------- precision on real phrasing
# Invented sentences showing the kinds of phrasing real reports use.

def _checks(text):
    return _findings(text).check.tolist()


def test_audit_rate_is_checked_against_the_base_it_names_not_a_change():
    # the count just before the rate is a change (比上年减少), not the rate's part
    ok = "全乡全年出生155人,二孩59人,比上年减少7人,占出生总数的38.1%。"
    assert "rate_contradicts_counts" not in _checks(ok)  # 59/155 = 38.1%
    only_change = "二孩64人,比上年减少9人,占出生总数的38.2%。"
    assert "rate_contradicts_counts" not in _checks(only_change)  # births not stated
    # 增加到 gives the new level: a count, still checked
    raised = _checks("全镇已婚育龄妇女2000人,落实节育措施人数增加到1800人,节育率95%。")
    assert "rate_contradicts_counts" in raised
    wrong = _findings("全乡全年出生200人,二孩59人,比上年下降7人,占出生总数的38.1%。")
    rc = wrong[wrong.check == "rate_contradicts_counts"]
    assert len(rc) == 1 and "59人/200人 = 29.5%" in rc.iloc[0].message_zh


def test_audit_rate_naming_another_base_is_not_checked_against_the_counts():
    # members are counted, the rate is of households: no base in the sentence to check against
    text = "全村协会会员1500余人,今年发展新会员230人,会员户占全村总户数的41%。"
    assert "rate_contradicts_counts" not in _checks(text)


def test_audit_one_part_larger_than_a_whole_with_no_metric():
    f = _findings("辖区内流动人口,,28400人,其中已婚育龄妇女36100人,外出务工2900人。")
    pe = f[f.check == "part_exceeds_total"]
    assert len(pe) == 1 and "36100人" in pe.iloc[0].message_zh and "28400人" in pe.iloc[0].message_zh
    # a part in a later clause is not one of the parts (其中…,发展会员…)
    assert "part_exceeds_total" not in _checks(
        "全镇建立协会组织35个,其中村级协会31个,发展会员3900人,组建会员小组260个。")
    # part and whole both labelled: the part_whole check reports it, once
    both = _checks("全镇总人口12800人,其中已婚育龄妇女15200人。")
    assert both.count("part_exceeds_whole") == 1 and "part_exceeds_total" not in both


def test_audit_breakdown_of_a_list_after_qizhong_whatever_each_part_counts():
    f = _findings("今年发放宣传品4000份,其中宣传册2600份、张贴宣传画1900份。")
    bd = f[f.check == "breakdown_exceeds_total"]
    assert len(bd) == 1 and "4500" in bd.iloc[0].message_zh
    f = _findings("全年印发宣传材料5200份,其中政策宣传册2600份、致育龄群众的一封信2200份、"
                  "知识折页800份。")
    assert "breakdown_exceeds_total" in set(f.check)
    # parts in separate clauses with different verbs may overlap: still not summed
    assert "breakdown_exceeds_total" not in _checks(
        "全镇共有行政村12个,其中9个村建立了协会,10个村开展了活动。")


def test_audit_couples_and_persons_are_not_compared():
    # part_whole: couples trained are not held against the population in persons
    assert "part_exceeds_whole" not in _checks("全镇总人口4200人,今年共培训新婚夫妇4600对。")
    assert "part_exceeds_whole" in _checks("全镇总人口4200人,今年共培训育龄群众4600人。")
    # person-times (人次) are not persons either: 5600人次 trained in a town of 4200 is fine
    assert "part_exceeds_whole" not in _checks("全镇总人口4200人,全年培训育龄群众5600人次。")
    # breakdown: persons after 其中 are not summed against a total in couples
    assert "breakdown_exceeds_total" not in _checks(
        "全镇共有育龄夫妇2600对,其中一孩夫妇1800人、二孩夫妇1500人。")
    # rate_counts: a count in couples is not the base of a count in persons
    assert "rate_contradicts_counts" not in _checks(
        "全镇已婚育龄夫妇2000对,已落实节育措施1500人,节育率90%。")


def test_audit_choice_params_agree_with_what_the_code_produces():
    import dataclasses

    from report_miner.mining.audit import BlankParams, NumberingParams, _numbering_problems
    from report_miner.ruleset.load import BLANK_KINDS

    choices = {f.name: f.metadata["choices"] for cls in (BlankParams, NumberingParams)
               for f in dataclasses.fields(cls)}
    assert set(choices["blank_kind"]) == BLANK_KINDS
    assert set(choices["problem"]) == set(_numbering_problems([]))


def test_audit_implausible_values_are_flagged_and_kept_as_written():
    res = report_miner.mine_text("全镇总人口一万亿亿亿亿亿亿人。全乡总人口1800万人,外出务工30亿人。")
    f = res.findings[res.findings.check == "implausible_value"]
    assert len(f) == 3
    assert "一万亿亿亿亿亿亿人" in f.iloc[0].message_zh and "上限 10000000" in f.iloc[0].message_zh
    assert "1800万人" in f.iloc[1].message_zh
    assert "at most 2000000000" in f.iloc[2].message_en  # any count of people
    # the figure rows stay, as written, where the findings point
    figs = res.figures.set_index("start")
    assert sorted(f.start) == sorted(figs.index)
    ok = _findings("全镇总人口1.8万人,辖12个行政村,外出务工3200人,比上年减少-30人。")
    assert not {"implausible_value", "villages_exceed_population"} & set(ok.check)


def test_audit_more_villages_than_people_is_flagged():
    f = _findings("全镇辖12个行政村,总人口8人。")
    v = f[f.check == "villages_exceed_population"]
    assert len(v) == 1 and "12个" in v.iloc[0].message_zh and "8人" in v.iloc[0].message_zh


def test_audit_plausible_limits_are_validated():
    from report_miner.mining.audit import validate_check

    rec = {"id": "x", "kind": "plausible", "params": {"limits": [{"metric": "a", "maxx": 3}]}}
    problems = validate_check(rec)
    assert any("maxx" in p for p in problems) and any("needs max or min" in p for p in problems)
    assert validate_check({"id": "x", "kind": "plausible",
                           "params": {"limits": [{"units": ["人"], "max": 5}],
                                      "fewer_than": [["admin.villages", "population.total"]]}}) == []


def test_audit_a_dropped_unit_of_unknown_kind_is_said_without_an_empty_expected_unit():
    # 生猪年出栏逾10万: some unit was dropped (SCHEMA: a missing_unit blank), which one is not said;
    # the message leaves out "(应为 …)" instead of printing it empty
    import report_miner

    res = report_miner.mine_text("某镇2020年工作总结\n签订率达到97,生猪年出栏逾10万,")
    got = res.findings[res.findings["check"] == "blank_missing_unit"]
    assert got["message_zh"].str.startswith("数字缺少单位(应为 %):").tolist() == [True, False]
    assert got["message_zh"].tolist()[1].startswith("数字缺少单位:")
    assert got["message_en"].tolist()[1].startswith("unit dropped: ")
    assert "(expected %)" in got["message_en"].tolist()[0]
