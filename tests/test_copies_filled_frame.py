"""A county's report frame that every township fills with its own figures is no copy; a
township that copies another's distinctive paragraph is one. Invented texts (users10)."""
from __future__ import annotations

import pandas as pd

from report_miner.analysis.compare import copies

FRAME = ("{t}{y}年人口和计划生育工作总结\n一、基本情况\n{t}辖{v}个行政村,总人口{p}人,农村居民人均可支配收入{i}元。"
         "全镇建立计生协会{c}个,发展会员{m}人。\n二、主要工作\n(一)奖励扶助。全年落实奖励扶助对象{o}人,每人每年960元,"
         "发放奖扶资金{f}万元。\n(二)宣传服务。全年发放宣传资料{d}份,开展入户随访{h}人次。{extra}\n"
         "三、存在问题\n流动人口底数不清,部分村协会活动经费不足。\n")
COPIED = ("镇村两级坚持把宣传服务阵地建设作为基础性工作来抓,各村均设立了宣传栏和图书角,定期更新内容,"
          "营造了浓厚的婚育新风氛围。协会会员积极参与幸福家庭创建,评选表彰示范户36户,带动群众转变婚育观念。")
TOWNS = [("东岭镇", 9, 15200), ("南岭镇", 14, 28100), ("白沙镇", 11, 8420), ("石门镇", 13, 23100),
         ("河东镇", 10, 16900)]


def _run(extra_for: dict[str, str]):
    texts, rows = {}, []
    for k, (t, v, p) in enumerate(TOWNS):
        src = f"{t}.txt"
        texts[src] = FRAME.format(t=t, y=2024, v=v, p=p, i=14000 + 700 * k, c=v + 1, m=800 + 170 * k,
                                  o=200 + 23 * k, f=round(19.2 + 2.2 * k, 1), d=3000 + 400 * k,
                                  h=900 + 37 * k, extra=extra_for.get(t, ""))
        rows.append(dict(source=src, report=1, start=0, end=len(texts[src])))
    return copies(pd.DataFrame(rows), texts)


def test_frame_filled_with_each_townships_own_figures_is_no_copy():
    cr = _run({})
    assert len(cr.pairs) == 0, cr.pairs[["source_a", "source_b", "share_a"]].to_string()
    assert len(cr.boilerplate) >= 1


def test_a_copied_paragraph_is_the_only_pair():
    cr = _run({"南岭镇": COPIED, "石门镇": COPIED})
    assert cr.pairs[["source_a", "source_b"]].values.tolist() == [["南岭镇.txt", "石门镇.txt"]]
    assert (cr.passages.similarity >= 0.99).all()


def test_frame_filled_with_the_same_figures_is_still_one_report_filed_twice():
    # 河东镇 hands in 东岭镇's report with only the names changed: all its figures kept
    src = FRAME.format(t="东岭镇", y=2024, v=9, p=15200, i=14000, c=10, m=800, o=200, f=19.2,
                       d=3000, h=900, extra="")
    texts = {"东岭镇.txt": src, "河东镇.txt": src.replace("东岭镇", "河东镇")}
    for t, v, p in TOWNS[1:4]:
        k = [x[0] for x in TOWNS].index(t)
        texts[f"{t}.txt"] = FRAME.format(t=t, y=2024, v=v, p=p, i=14000 + 700 * k, c=v + 1,
                                         m=800 + 170 * k, o=200 + 23 * k, f=round(19.2 + 2.2 * k, 1),
                                         d=3000 + 400 * k, h=900 + 37 * k, extra="")
    rows = [dict(source=s, report=1, start=0, end=len(x)) for s, x in texts.items()]
    cr = copies(pd.DataFrame(rows), texts)
    assert cr.pairs[["source_a", "source_b"]].values.tolist() == [["东岭镇.txt", "河东镇.txt"]]
    assert cr.pairs.share_a.iloc[0] > 0.9
