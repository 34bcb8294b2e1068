"""参与率 held against the counts of 参加 (invented sentences, users10)."""
import report_miner


def _checks(text: str) -> list[str]:
    return report_miner.mine_text(text).findings.check.tolist()


def test_participation_rate_is_checked_against_the_counts_of_taking_part():
    f = report_miner.mine_text("全乡应参加清洁行动农户500户,实际参加450户,参与率95%。").findings
    rc = f[f.check == "rate_contradicts_counts"]
    assert len(rc) == 1 and "450户/500户 = 90.0%" in rc.iloc[0].message_zh
    assert "rate_contradicts_counts" not in _checks("全乡应参加清洁行动农户500户,实际参加450户,参与率90%。")
    # a rate of something else after the counts is still not held against them
    assert "rate_contradicts_counts" not in _checks("全村应参加培训农户500户,实际参加450户,满意率98%。")

