"""Copy detection over a report that repeats one sentence many times (an archivist's
one-line file of one sentence over and over): the pairs of its repeats, all inside one
report, were enumerated one by one to be dropped (n² / 2: 800 million for 40,000 repeats,
minutes of compare --db for one file); now they are skipped as runs, with the same pairs."""
from __future__ import annotations

import random
from itertools import combinations

import pandas as pd

from report_miner.analysis.compare import copies
from report_miner.analysis.similarity import pairs_across_reports


def test_pairs_across_reports_are_combinations_without_those_of_one_report():
    rng = random.Random(14)
    for _ in range(3000):
        items = rng.sample(range(40), rng.randint(0, 12))
        if rng.random() < 0.5:
            items.sort()  # passages numbered report by report: one report's items stand together
        report_of = {i: rng.randint(0, 3) for i in range(40)}
        want = [(a, b) for a, b in combinations(items, 2) if report_of[a] != report_of[b]]
        assert list(pairs_across_reports(items, report_of)) == want


def test_one_report_repeating_a_sentence_yields_no_pair_to_drop():
    items = list(range(40_000))
    assert next(pairs_across_reports(items, [0] * 40_000), None) is None
    # two reports: every pair across them, none inside either
    pairs = list(pairs_across_reports(items[:6], [0, 0, 0, 1, 1, 1]))
    assert pairs == [(a, b) for a in (0, 1, 2) for b in (3, 4, 5)]


def test_copies_of_an_archive_with_a_report_of_one_sentence_over_and_over():
    texts = {f"乡{i}.txt": f"白水乡{2015 + i}年工作总结\n全乡辖{8 + i}个村,总人口{12000 + i * 37}人。"
             f"今年以来我们在各村开展了培训活动{i + 3}次,群众满意度明显提升,效果良好。\n" for i in range(6)}
    texts["乡0副本.txt"] = texts["乡0.txt"].replace("白水乡", "青石镇")  # a copy: one pair
    texts["一行.txt"] = "红岩镇2021年工作总结" + "全镇辖12个村,总人口23000人,协会会员1500人,发放资料3000份;" * 20_000
    reports = pd.DataFrame([{"source": s, "report": 1, "start": 0, "end": len(t), "title": t[:10],
                             "township": "", "unit_name": t[:3], "year": 2021}
                            for s, t in texts.items()])
    pairs = copies(reports, texts, 0.6).pairs
    assert sorted(pairs[["source_a", "source_b"]].itertuples(index=False, name=None)) == \
        [("乡0.txt", "乡0副本.txt")]
