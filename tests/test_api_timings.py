"""mine_text's optional timing hook (used by bench/bench_throughput.py for stage shares)."""
import report_miner


def test_api_timings_hook_adds_every_stage_and_changes_no_row():
    text = "我镇共有10个村,总人口17364人。全镇总人口人,配备电脑台。"
    plain = report_miner.mine_text(text)
    timings: dict[str, float] = {}
    timed = report_miner.mine_text(text, timings=timings)
    # one entry per pipeline component, plus the building of the tables
    names = [name for name, _ in report_miner.RuleSet.load().pipeline.components]
    assert set(timings) == {*names, "tables"}
    assert names == ["normalise", "figures", "blanks", "structure", "rows", "audit"]
    assert all(v >= 0 for v in timings.values())
    for table in ("figures", "blanks", "reports", "sections", "findings"):
        assert timed.rows(table) == plain.rows(table)
    again = dict(timings)
    report_miner.mine_text(text, timings=timings)  # a second call adds to the same dict
    assert all(timings[k] >= again[k] for k in again)
