"""Audit findings on the supplied report and on text written for these tests."""
from __future__ import annotations

from pathlib import Path

import report_miner
from report_miner.cli import main

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
    assert main(["audit", str(clean), str(bad)]) == 2
    assert main(["audit", str(CORPUS), "--fail-on", "info", "-o", str(tmp_path / "a.sqlite")]) == 1
    assert (tmp_path / "a.sqlite").exists()


def test_audit_breakdown_skips_only_figures_far_from_the_marker():
    # figures with no 其中 in reach are left out before their sentences are found; the same marker
    # written as a pattern (not plain words, so every figure is looked at) finds the same
    import dataclasses

    from report_miner.audit import get_auditor
    from report_miner.figures import get_scanner
    from report_miner.normalise import normalise

    text = ("全镇共有育龄妇女300人,其中城镇户籍200人,农村户籍150人。" * 3 + "累计服务2000人次。" * 250
            + "全镇共有育龄妇女300人,其中城镇户籍200人,农村户籍150人。")
    norm = normalise(text)
    assert len(norm.text) > 2000  # sentences found from cached breaks
    figs = [{**vars(f), "report": 1, "section": "", "source": "<text>"}
            for f in get_scanner().scan(norm)]
    check = next(c for c in get_auditor().checks if c.kind == "breakdown")
    general = dataclasses.replace(check, params={**check.params,
                                                 "marker": f"(?:{check.params['marker']})"})
    found = []
    for c in (check, general):
        out = []
        get_auditor()._breakdown(c, norm.text, figs, lambda _c, row, **kw: out.append((row["start"], kw)))
        found.append(out)
    assert found[0] == found[1] and len(found[0]) == 4


def test_audit_sentences_stay_within_reach_and_breaks():
    # what the breakdown check relies on to skip figures: a sentence reaches at most
    # MAX_SENTENCE characters either side of its figure (and the break ending it), with no
    # sentence break inside but that one
    import random

    from report_miner.context import MAX_SENTENCE, SENTENCE_BREAKS, sentence_span

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
