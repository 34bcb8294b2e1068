"""Provenance and explain: every row names the rule that made it; dropped candidates name
what vetoed them (only when asked)."""
from __future__ import annotations

import report_miner
from report_miner.cli.app import main

FILLER = "各村认真落实各项工作措施,进一步提高服务水平和群众满意度" * 4


def test_explain_figure_rows_name_their_metric_rule():
    res = report_miner.mine_text("我镇辖12个村,全镇总人口2.1万人,发放宣传册500本,修路8次。")
    rows = res.figures[["text", "metric", "metric_rule"]].values.tolist()
    for text, metric, rule in rows:
        assert (rule == "") == (metric == "other"), text
        assert not rule or (rule.split("#")[0] == metric and int(rule.split("#")[1]) >= 1)
    assert rows[1][2].startswith("population.total#")


def test_explain_blank_rows_keep_rule_and_metric_rule():
    res = report_miner.mine_text("全镇总人口人,群众满意率在96以上。")
    rows = res.blanks[["kind", "rule", "metric", "metric_rule"]].values.tolist()
    assert rows[0][:2] == ["missing_number", "unit_before_punct"]
    assert rows[0][3].startswith("population.total#")
    assert rows[1][:2] == ["missing_unit", "dropped_unit"]
    assert rows[1][3] == res.figures.metric_rule.tolist()[0]


def test_explain_suppressed_only_when_asked():
    text = "学习贯彻十九大精神,开展第3次集中宣传,全镇总人口1.2万人。"
    plain = report_miner.mine_text(text)
    assert plain.suppressed is None and plain.explanation is None
    assert "suppressed" not in plain.tables()
    res = report_miner.mine_text(text, explain=True)
    assert res.figures.text.tolist() == plain.figures.text.tolist() == ["1.2万人"]
    sup = res.suppressed
    assert sup[sup.stage == "figures"][["text", "vetoed_by", "reason"]].values.tolist() == [
        ["3次", "ordinal", "exclusion"]]
    # no slot next to the figure: a blank pattern that proposes one there is vetoed by it
    assert res.blanks.empty
    assert set(sup[sup.stage == "blanks"].vetoed_by) <= {"(figure)"}


def test_explain_names_not_blanks_segmenter_and_taken_slots():
    res = report_miner.mine_text("我们关心每个人。各村都建有服务平台,配备电脑台。", explain=True)
    sup = res.suppressed
    assert set(sup.vetoed_by) >= {"determiner_before", "words_starting_with_a_unit", "(segmenter)"}
    seg = sup[sup.vetoed_by == "(segmenter)"].iloc[0]
    assert "服务平台" in seg.reason and seg.candidate == "unit_before_punct"
    assert res.blanks.rule.tolist() == ["unit_before_punct"]  # 电脑台 is a slot


def test_explain_slot_taken_by_a_higher_ranked_user_rule(tmp_path):
    (tmp_path / "blanks.yaml").write_text(
        "blanks:\n  - id: my_population_slot\n    kind: missing_number\n    priority: 10\n"
        "    pattern: '总人口(?P<slot>)(?P<unit>人)'\n", encoding="utf-8")
    res = report_miner.mine_text("全镇总人口人,", rules_dir=tmp_path, explain=True)
    assert res.blanks.rule.tolist() == ["my_population_slot"]
    # every shipped rule that proposes the same slot gives way to the user's rule
    # (count_word_then_unit proposed it too until it was merged into unit_before_punct)
    assert sorted(res.suppressed[["candidate", "vetoed_by"]].values.tolist()) == [
        ["unit_before_punct", "my_population_slot"]]
    # the user's rule named with the path of their folder, so it is not taken for a shipped one
    assert f"my_population_slot ({tmp_path / 'blanks.yaml'}:2)" in str(res.explanation)


def test_explain_steps_name_rules_files_and_lines():
    ex = report_miner.mine_text("辖１２个村,全镇总人口人,开展第3次集中宣传。", explain=True).explanation
    text = str(ex)
    steps = ex.steps()
    assert len(steps) == 5
    assert "'１２' -> '12'" in steps[0]
    # shipped rule files are marked as such ([shipped] rules/units.yaml:22)
    assert "unit rule: ge ([shipped] rules/units.yaml:" in steps[1] and "admin.villages#" in steps[1]
    assert "proposed by: unit_before_punct ([shipped] rules/blanks.yaml:" in steps[2]
    assert "vetoed by ordinal ([shipped] rules/exclusions.yaml:" in steps[3]
    assert ("check blank_missing_number (error)" in steps[4]
            and "rule: [shipped] rules/checks.yaml:" in steps[4])
    assert text.startswith("report-miner explain: <text>")


def test_explain_normalisation_records_deleted_page_chunks():
    chunks = [FILLER + "目前全镇1", "0个村全部建立了协会组织" + FILLER, FILLER + "共发放资料4",
              "000多份," + FILLER]
    text = "\n".join(f"{i}、{c}" for i, c in enumerate(chunks, 1))
    ex = report_miner.mine_text(text, explain=True).explanation
    assert [d["text"] for d in ex.deleted] == ["1、", "\n2、", "\n3、", "\n4、"]
    assert [f["text"] for f in ex.figures][:1] == ["1\n2、0个"]


def test_explain_unitless_figure_names_its_rule():
    ex = report_miner.mine_text("群众满意率在96以上。", explain=True).explanation
    assert ex.figures[0]["unit_rule"].startswith("unitless rule ")
    assert "dropped" in ex.figures[0]["unit_rule"]


def test_cli_explain_text_and_file(tmp_path, capsys):
    assert main(["explain", "全镇总人口人,辖12个村。"]) == 0
    out = capsys.readouterr().out
    assert "2. 数字 figures: 1" in out and "admin.villages#" in out and "unit_before_punct" in out
    f = tmp_path / "r.txt"
    f.write_text("开展第3次集中宣传。", encoding="utf-8")
    assert main(["explain", "-f", str(f)]) == 0
    out = capsys.readouterr().out
    assert f"report-miner explain: {f}" in out and "vetoed by ordinal" in out
    assert main(["explain"]) == 2
    assert main(["explain", "-f", str(tmp_path / "missing.txt")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_explain_a_figure_continuing_the_one_before_says_so():
    res = report_miner.mine_text("今年目标发放宣传资料2,500份,实际完成3,000份。", explain=True)
    assert res.figures.metric_rule.tolist()[0] == res.figures.metric_rule.tolist()[1] != ""
    whys = [f["metric_why"] for f in res.explanation.figures]
    assert not whys[0].startswith("continues") and whys[1].startswith("continues the figure before")


def test_explain_a_table_line_label_is_its_own_not_a_continuation():
    """The figure read its metric from its own label (after leader dots or a column header), as
    the scanner reads it: explain must not say it continued the figure before it."""
    for text in ("全镇总人口......23456人", "项目:总人口  数量:23456人", "全镇总人口……23456人"):
        ex = report_miner.mine_text(text, explain=True).explanation
        assert [f["metric"] for f in ex.figures] == ["population.total"], text
        assert not ex.figures[0]["metric_why"].startswith("continues"), text
