"""A 社会救助/低保 summary is not asked for family-planning figures (invented text, users10)."""
import report_miner


def _checks(text: str) -> list[str]:
    return report_miner.mine_text(text).findings.check.tolist()


def test_social_assistance_summary_is_not_asked_for_family_planning_figures():
    text = ("清水镇2025年社会救助工作总结\n一、基本情况\n清水镇辖10个村。\n"
            "二、工作成效\n全镇纳入低保320户,保障人数610人;实施临时救助85人次。\n")
    checks = _checks(text)
    assert "population_not_stated" not in checks
    res = report_miner.mine_text(text)
    assert res.reports.expected[0] == 2  # 总人口 and 行政村 only
    assert "expected_metric_missing" in checks  # 总人口 is still asked, as info
