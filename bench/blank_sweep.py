#!/usr/bin/env python3
"""Blind sweep of numbers REMOVED with nothing left in their place (issue 12, item 1 "blanks").

Every sentence is generated from invented frames (no text from any gold document, none from the
web): clauses where a year, a month or a day, a count before a measure word, a document number,
a signature date or the second slot of a pair was deleted are crossed with the contexts a clause
stands in (text start, after a heading line, after a comma, after a full stop) and the endings
after it. ``@`` in a frame marks a removed number: a ``missing_number`` blank must be found within
4 characters of it (as ../shared/gold/score.py matches). Look-alike frames (今年, 近年来, 年轻,
元月, 个人, 日常, 即日起 …) carry no ``@``: any blank found in them is a false blank.

    python bench/blank_sweep.py             # misses and false blanks per kind
    python bench/blank_sweep.py -v          # also print the first missed / false sentences
    python bench/blank_sweep.py --kind years_since -v
    python bench/blank_sweep.py --rules /tmp/main_rules    # the same frames on other rules

Counted per kind: slots expected / missed, and blanks found that no slot expects ("extra") in
positive sentences; look-alike sentences / sentences with a false blank. The numbers estimate
how often a removed number is found in unseen reports only as far as the frames were written
blind; some frames are debatable (notes beside them).

Measured (issue 12, branch gap12): slots missed, on main's rules -> after the branch. Round 2
was written after round 1's fixes and measured on them before its own (the fairer estimate for
unseen text: 456/1224, 37.3%).

    round 1   705/2070 (34.1%)  ->  54/2070 (2.6%: all year_end_bare, 截至年底, left alone)
    round 2   573/1224 (46.8%)  ->  24/1224 (2.0%: 年度全镇共 at a clause start, 人、户 opening a text)
    round 3   568/1336 (42.5%)  ->  34/1336 (2.5%: 截至年底 again, 年度全镇共, 人、户 after a colon)
              (on the rules after round 2, before round 3's own fixes: 156/1336, 11.7%: a removed
              number right after a numbered heading (一) or an indented line was not seen)
    look-alikes  3/5023 -> 0/5023 (rounds 1-3 and the heading look-alikes: 本月至月底 was a false
                 month slot on main already)
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from report_miner.mining.blanks import scan_blanks  # noqa: E402
from report_miner.mining.normalise import normalise  # noqa: E402

# Contexts a clause stands in: {C} is the clause.
CLAUSE_CTX = ["{C}", "全镇上下齐心协力,{C}", "一、工作开展情况\n{C}", "为此,{C}",
              "各项工作稳步推进。{C}", "在镇党委的领导下,{C}"]
CLAUSE_END = ["全镇计生工作取得新进展。", "镇党委召开专题会议。", "我们做了大量工作,"]
TITLE_CTX = ["{C}", "附件2\n{C}", "  {C}"]
TITLE_END = ["\n", "\n一、基本情况\n"]

# kind -> (positive frames, contexts, endings). A positive frame has one or more @.
POS: dict[str, tuple[list[str], list[str], list[str]]] = {}
POS["year_title"] = ([
    "@年工作总结", "@年计划生育工作总结", "青山镇@年工作总结", "东坪乡@年计划生育工作要点",
    "@年上半年工作总结", "关于@年工作的报告", "石桥镇@年度目标管理责任书",
    "@年计生协会工作汇报", "龙溪乡@年上半年工作小结",
], TITLE_CTX, TITLE_END)
# debatable, left out of the counts: 年底, (a year end without its year is ordinary Chinese),
# 到年底, 至年底, 截至年底, 截止年末 (a year end: ordinary in a year-end report; the rules leave
# them alone, see year_end_bare below, counted apart), 年度工作计划 as a title, 在年度考核中, 于月初 (no number needed), 发放台套 (台套 is a unit).
POS["years_since"] = ([
    "@年以来,", "自@年以来,", "@年来,", "从@年开始,", "自@年起,", "@年至今,",
], CLAUSE_CTX, CLAUSE_END)
POS["year_end"] = ([
    "截至@年年底,", "截止到@年年底,", "到@年年底,",
], CLAUSE_CTX, CLAUSE_END)
POS["full_date"] = ([
    "截至@年@月@日,", "于@年@月@日召开会议,", "@年@月@日,", "截止@年@月@日,", "定于@年@月@日开展,",
    "在@年@月@日的会议上,",
], CLAUSE_CTX, CLAUSE_END)
POS["year_end_bare"] = ([
    "截至@年底,", "截止@年末,", "截止到@年底,",
], CLAUSE_CTX, CLAUSE_END)
POS["year_half"] = ([
    "@年上半年,", "@年下半年,", "@年第一季度,", "@年前三季度,", "@年1至6月,", "@年一季度,",
], CLAUSE_CTX, CLAUSE_END)
POS["year_in"] = ([
    "在@年的工作中,", "@年,我镇", "@年全镇共", "@年是脱贫攻坚的关键之年,", "回顾@年,", "@年被评为先进单位,",
    "在@年的各项工作中,", "展望@年,", "@年我们将",
], CLAUSE_CTX, CLAUSE_END)
POS["month_day"] = ([
    "于@月@日召开,", "@月@日,", "在@月@日的会议上,", "今年@月,", "从@月@日起,", "于@月中旬,", "@月份,",
    "@月@日至@月@日,",
], CLAUSE_CTX, CLAUSE_END)
POS["count_measure"] = ([
    "辖@个村,", "全镇共有@户,", "开展@次督查,", "发放宣传资料@份,", "占总人口的@%,", "全镇辖@个行政村@个村民小组,",
    "培训@人次,", "慰问@户困难群众,", "累计投入@万元,", "共有@户@人,", "其中男性@人,", "建成@个服务室,",
    "组织@场宣传活动,", "参加@人,", "新增会员@名,", "签订协议@份,", "完成@项任务,", "走访@户,",
    "发放奖励金@元,", "下辖@个社区,", "办班@期,",
], CLAUSE_CTX, CLAUSE_END)
POS["doc_number"] = ([
    "根据县委办〔@〕56号文件,", "按照镇政发〔2019〕@号要求,", "依据县政办发〔@〕12号,", "按县计生委〔@〕@号文件,",
    "根据《关于印发的通知》(乡发〔@〕8号),",
], CLAUSE_CTX, CLAUSE_END)
POS["signature"] = ([
    "二〇@年@月@日", "@年@月@日", "@年 @月 @日", "@年  @月  @日", "二〇@年 @月 @日", "20@年@月@日",
    "青山镇人民政府\n@年@月@日", "@ 年 @ 月 @ 日",
], ["{C}", "特此报告。\n{C}", "    {C}"], ["\n", ""])
POS["pair_second"] = ([
    "培训@批@人次,", "全村@户@人,", "共@户、@人,", "辖@个村、@个社区,", "召开@次会议@人次,", "培训@期@人,",
    "3月@日,", "2019年@月,", "2019年3月@日,",
], CLAUSE_CTX, CLAUSE_END)

# kind -> (look-alike frames, contexts, endings): no slot anywhere
NEG: dict[str, tuple[list[str], list[str], list[str]]] = {}
NEG["not_year"] = ([
    "今年以来,", "去年底,", "明年,我们将", "近年来,", "多年来,", "每年组织一次体检,", "当年完成任务,",
    "全年完成任务,", "今年年底前,", "去年年底,", "新年伊始,", "年轻干部积极参与,", "年龄结构合理,",
    "做好年度考核工作,", "建党100周年之际,", "青年志愿者积极参与,", "老年协会积极参与,",
    "少年儿童健康成长,", "成年人积极参与,", "历年来,", "常年坚持,", "年年被评为先进,", "逐年增加,",
    "年初制定计划,", "年终考核中,", "三年来,", "跨年度项目,", "上年度,", "本年度,", "往年,", "前年,",
    "次年,", "同年,", "千年古镇,", "经年累月,", "年底,全镇", "在年度考核中,", "力争到年底完成,",
    "于月底前上报,", "年度工作计划\n", "发放台套设备,", "年内完成,", "在年终考核中,", "到年底,",
], CLAUSE_CTX, CLAUSE_END)
NEG["not_month_day"] = ([
    "元月份,", "正月十五,", "腊月里,", "3月份,", "每月开展一次活动,", "本月,", "上月,", "月初,",
    "日常管理规范,", "日益完善,", "节日期间,", "生日当天,", "日前,", "近日,", "即日起,", "从即日起,",
    "每月10日前,", "逐月上报,", "按月发放,", "月度考核中,", "日均接待,", "日积月累,", "节假日,",
    "同日,", "当日,", "次日,", "每日巡查,",
], CLAUSE_CTX, CLAUSE_END)
NEG["not_count"] = ([
    "个人所得稳步增长,", "个别村工作滞后,", "各个环节落实到位,", "某个环节出现问题,", "每个村都有,",
    "个体工商户积极参与,", "人均收入增长,", "户籍管理规范,", "名单已经公布,", "份额不断扩大,",
    "组织群众参加活动,", "做到家喻户晓,", "逐户走访,", "入户调查,", "挨家挨户,", "一户一档,",
    "人人参与,", "户户通电,", "批准成立,", "场所建设,", "项目建设,",
], CLAUSE_CTX, CLAUSE_END)
NEG["complete_dates"] = ([
    "2019年以来,", "自2018年以来,", "截至2020年底,", "到二〇二〇年底,", "2021年上半年,", "二〇一九年上半年,",
    "于2019年3月5日召开会议,", "3月5日,", "于十月十日召开,", "2019年度考核中,", "在2019年的工作中,",
    "2019年,我镇", "截至12月31日,", "从3月1日起,", "于6月中旬,", "5月份,", "今年5月,", "去年3月,",
    "2019年1至6月,", "19年来,", "三年以来,", "自去年以来,", "今年上半年,", "去年下半年,", "今年底,",
    "辖12个村,", "发放宣传资料3000份,", "占总人口的12%,", "培训300人次,", "二〇一九年十二月三十日",
    "2019年12月30日", "2019 年 12 月 30 日",
], CLAUSE_CTX, CLAUSE_END)
NEG["not_doc"] = ([
    "根据县委办〔2019〕56号文件,", "按照镇政发〔2020〕3号要求,", "根据有关文件(附件1),",
], CLAUSE_CTX, CLAUSE_END)


# Round 2: frames written after round 1's fixes and measured before any fix for them (the
# fairer estimate for unseen text).
POS["r2_year"] = ([
    "早在@年,", "于@年被确定为示范镇,", "与@年相比,", "比@年增长,", "较@年同期,", "@年全年,", "@年共完成,",
    "自@年实施以来,", "在@年至@年间,", "@年,全乡", "我镇@年共完成", "该村@年被列为试点,", "@年来,全镇",
    "于@年@月成立,", "@年度全镇共", "截止@年上半年,",
], CLAUSE_CTX, CLAUSE_END)
POS["r2_month_day"] = ([
    "截至@月底,", "@月@日上午,", "@月@日下午,", "于@月@日前,", "@月@日—@月@日,", "@月下旬,", "@至@月,",
    "1至@月,", "@月以来,", "自@月份以来,", "今年@月@日,",
], CLAUSE_CTX, CLAUSE_END)
POS["r2_count"] = ([
    "全镇有@个村(社区),", "设@个网格,", "配备@名专干,", "全年共接待@人次,", "新发展会员@名,", "走访慰问@户,",
    "举办培训班@期,", "投入资金@万元,", "受益群众@人,", "占全镇总户数的@%,", "其中女性@名,", "全年共查处@起,",
    "发放慰问金@元,", "覆盖@个村,",
], CLAUSE_CTX, CLAUSE_END)
POS["r2_pair"] = ([
    "@个村@个组,", "@人、@户,", "@月至@月,", "由@人增加到@人,", "@户@人次,", "于@年@月,",
], CLAUSE_CTX, CLAUSE_END)
POS["r2_signature"] = ([
    "@年@月@日印发", "(@年@月@日)", "日期:@年@月@日", "二〇一@年@月@日", "二○@年@月@日",
], ["{C}", "特此报告。\n{C}", "    {C}"], ["\n", ""])
NEG["r2_look"] = ([
    "年初,全镇", "年中检查,", "年末,", "一年一度,", "年复一年,", "学年,", "中年人,", "晚年生活,",
    "过年期间,", "年报,", "年检,", "年限,", "年份,", "每年度,", "上半年,", "下半年,", "月亮湾村,", "月饼,",
    "岁月,", "日子越过越好,", "日程,", "日期,", "工作日,", "每日,", "当月,", "按月,", "个案,",
    "整个镇,", "这个村,", "一个个,", "次要,", "场面,", "各项工作,", "多项措施,", "一批批,", "批次,",
    "住户,", "农户,", "名誉,", "名额,", "年货,", "拜年,",
], CLAUSE_CTX, CLAUSE_END)
NEG["r2_complete"] = ([
    "2019年初,", "截至2020年6月底,", "1至10月,", "3月下旬,", "于2019年被确定为示范镇,", "与2018年相比,",
    "(2020年3月5日)", "第3期,", "2019-2020年,", "全年召开3次会议,", "组织3场演出,", "召开了一次会议,",
    "召开两次会议,", "完成各项任务,", "开展多次督查,", "组织多场活动,", "培训一期,", "自即日起,",
    "召开专题会议,", "完成项目建设,", "开展专项行动,", "组织开展活动,",
], CLAUSE_CTX, CLAUSE_END)


NEG["r3_heading_look"] = ([
    "年度考核优秀,", "年终考核中,", "月度考核中,", "日常管理规范,", "个别村滞后,", "个人所得稳步增长,",
    "年轻干部积极参与,", "年初以来,", "与年轻人相比,", "比年初增长,", "与年末相比,", "在年会上,", "于年内完成,",
    "自年初以来,", "我镇年均增长,", "本月至月底,", "上月至本月,", "月初以来,", "个体工商户增多,",
], ["（一）{C}", "二、主要成绩\n  {C}", "{C}"], ["全镇上下形成合力。"])
# Round 3: every clause frame of rounds 1-2 again, written with full-width punctuation (，。；：)
# as real reports are, in other contexts (a numbered sub-heading, after a colon, after 据统计).
CTX3 = ["（一）{C}", "二、主要成绩\n  {C}", "具体情况如下：{C}", "据统计，{C}"]
END3 = ["全镇上下形成合力。", "并上报县计生局；"]
_FW = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})
for _k in [k for k in POS if POS[k][1] is CLAUSE_CTX]:
    POS["r3_" + _k] = ([f.translate(_FW) for f in POS[_k][0]], CTX3, END3)
for _k in [k for k in NEG if NEG[k][1] is CLAUSE_CTX]:
    NEG["r3_" + _k] = ([f.translate(_FW) for f in NEG[_k][0]], CTX3, END3)


def _items(table):
    for kind, (frames, ctxs, ends) in table.items():
        for f in frames:
            for c in ctxs:
                for e in ends:
                    yield kind, f, c.replace("{C}", f) + e


def _slots(raw: str) -> tuple[str, list[int]]:
    out, pos = [], []
    for ch in raw:
        if ch == "@":
            pos.append(len(out))
        else:
            out.append(ch)
    return "".join(out), pos


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", action="store_true", help="print missed and false sentences")
    ap.add_argument("--kind", help="only this kind")
    ap.add_argument("--limit", type=int, default=40, help="sentences printed per kind with -v")
    ap.add_argument("--rules", help="a rules folder to measure instead of rules/ (e.g. a copy of main's)")
    a = ap.parse_args()

    st: dict[str, dict] = defaultdict(lambda: {"n": 0, "slots": 0, "missed": 0, "extra": 0,
                                               "bad": 0, "rows": [], "frames": defaultdict(int)})
    for kind, frame, raw in _items(POS):
        if a.kind and kind != a.kind:
            continue
        text, want = _slots(raw)
        clean = normalise(text).text
        got = scan_blanks(text, a.rules)
        s = st[kind]
        s["n"] += 1
        used = set()
        for p in want:
            s["slots"] += 1
            near = sorted((abs(b.start - p), j) for j, b in enumerate(got)
                          if j not in used and b.kind in ("missing_number", "placeholder") and abs(b.start - p) <= 4)
            if near:
                used.add(near[0][1])
            else:
                s["missed"] += 1
                s["frames"][frame] += 1
                s["rows"].append(("miss", raw))
        for j, b in enumerate(got):
            if j not in used and b.kind != "missing_unit":
                s["extra"] += 1
                s["rows"].append(("extra", raw, b.kind, b.rule, b.context))
    for kind, frame, raw in _items(NEG):
        if a.kind and kind != a.kind:
            continue
        got = [b for b in scan_blanks(raw, a.rules) if b.kind != "missing_unit"]
        s = st[kind]
        s["n"] += 1
        if got:
            s["bad"] += 1
            s["frames"][frame] += 1
            s["rows"].append(("false", raw, [(b.rule, b.context) for b in got]))
    tot = defaultdict(int)
    for kind, s in st.items():
        if s["slots"]:
            print(f"{kind:15s} sentences {s['n']:5d}  slots {s['slots']:5d}  missed {s['missed']:5d}"
                  f" ({100 * s['missed'] / s['slots']:.1f}%)  extra blanks {s['extra']}")
            tot["slots"] += s["slots"]
            tot["missed"] += s["missed"]
            tot["extra"] += s["extra"]
            tot["pn"] += s["n"]
        else:
            print(f"{kind:15s} sentences {s['n']:5d}  with a false blank {s['bad']:5d}"
                  f" ({100 * s['bad'] / s['n']:.1f}%)")
            tot["nn"] += s["n"]
            tot["bad"] += s["bad"]
        if a.v:
            for f, n in sorted(s["frames"].items(), key=lambda x: -x[1]):
                print(f"     frame {n:4d}  {f!r}")
            for row in s["rows"][:a.limit]:
                print("    ", row)
    if tot["slots"]:
        print(f"TOTAL positives: sentences {tot['pn']}, slots {tot['slots']}, missed {tot['missed']}"
              f" ({100 * tot['missed'] / tot['slots']:.1f}%), extra blanks {tot['extra']}")
    if tot["nn"]:
        print(f"TOTAL look-alikes: sentences {tot['nn']}, with a false blank {tot['bad']}"
              f" ({100 * tot['bad'] / tot['nn']:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
