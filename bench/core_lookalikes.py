#!/usr/bin/env python3
"""Look-alike sweep of the core metrics: sentences that carry a core metric's words but whose
number is NOT that metric, each kind beside matched positives in the same frame.

bench/core_sweep.py (rounds 1-5) mostly measures recall: labels x linking verbs x number forms.
On real text nearly all core-metric errors are FALSE core labels, so this sweep crosses, for
every core metric, the KINDS of phrasing where a number sits near the metric's words but counts
something else (parts after 其中, per-place breakdowns, people taking part, villages covered,
natural villages and groups, changes, targets, other levels, money coming in, ages, ranks,
document and phone numbers …). Every kind also lists positives written in the same frame, so a
fix that vetoes too much shows as missed positives. All sentences are invented (no text from
any gold document).

    python bench/core_lookalikes.py             # per kind: look-alikes wrongly labelled, positives missed
    python bench/core_lookalikes.py -v          # also print every failing sentence
    python bench/core_lookalikes.py --kind parts --kind changes -v

A frame holds "{N}" (crossed with number forms of the metric's scale) or is a pair
(sentence, number) for numbers with one sensible form (ages, ranks, document numbers).
A look-alike FAILS when the figure at its number gets the metric named beside it; a positive
fails when the figure does not get it (or no figure is found). Frames whose answer
SCHEMA.md leaves open are left out and noted beside the kind.

Measured (issue 12, branch prec12): look-alikes wrongly labelled / positives missed.

First runs, as measured, each before any fix for its round (the honest estimates):
  round 1, written before the rules were read, on main's rules, scored by label alone:
    parts 25/100, breakdown 4/40, taking_part 6/99, village_subsets 4/30, village_subunits 0/18,
    changes 25/56, targets 45/51, other_levels 12/21, past_years 0/9, ranges_sizes 1/24,
    per_head 6/12, money_in 16/46, ages_ranks_numbers 0/22, members_activity 3/18,
    contract_villages 0/9, census_items 6/70, growth_vs_birth 0/10
    TOTAL 153/635 (24.1%), positives 0/279
  round 2, written after round 1 was fixed: 45/424 (10.6%; main's rules 92/424), positives 0/180
  round 3, written after round 2 was fixed: 28/172 (16.3%; main's rules 28/172), positives 0/50

Then, as noted beside their kinds, frames whose answer the annotated sets or SCHEMA.md leave
open were left out (全市总人口, 月工资, 群众捐款, 覆盖全镇N个村, contributions paid, funds won from
above, 固定资产投资), four written as look-alikes moved to the positives (每亩补助, 在全镇N个村推广,
培训教师N人, 村级自筹 beside 镇财政投入), and two kinds are scored as `report-miner compare` reads
them: targets by their role (target/planned columns), changes by `direction` (only finance.money
gives a change "other", SCHEMA; the other metrics keep their label with a direction). On that
final set, main's rules -> this branch:

    round 1: 87/616 -> 0/616   (parts 25, targets 18, other_levels 9, money_in 8, taking_part 6,
                                census_items 6, changes 5, breakdown 4, members_activity 3,
                                village_subsets 2, ranges_sizes 1 -> 0)
    round 2: 68/421 -> 0/421   (parts 16, other_levels 14, census_items 11, taking_part 9,
                                ranges_sizes 5, money_in 4, targets 3 …  -> 0)
    round 3: 23/167 -> 0/167   (facilities_staff 9, economic_statistics 6, densities_rates 4,
                                parts_more 4 -> 0)
    positives missed: 0/517 on both
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core_sweep import _figure_at  # noqa: E402  (the figure a number of a sentence belongs to)

BIG = {"arabic": "3256", "cn": "三千二百五十六", "duo": "3200多"}
SMALL = {"arabic": "17", "cn": "十七"}
MONEY = {"arabic": "35600", "wan": "3.56万"}
FORMS = {"population.total": BIG, "population.married_women": BIG, "admin.villages": SMALL,
         "association.count": SMALL, "association.members": BIG, "outreach.materials": BIG,
         "outreach.contraceptives": BIG, "health.screenings": BIG, "governance.contracts": BIG,
         "training.participants": BIG, "finance.money": MONEY, "rate.birth": {"dec": "6.52", "int": "11"}}

POP, MW, VIL = "population.total", "population.married_women", "admin.villages"
ACNT, AMEM = "association.count", "association.members"
MAT, CON = "outreach.materials", "outreach.contraceptives"
SCR, CTR, TRN, MON = "health.screenings", "governance.contracts", "training.participants", "finance.money"

# kind -> list of (metric, look-alike frames, positive frames in the same frames)
K: dict[str, list[tuple[str, list, list]]] = {}

K["parts"] = [  # parts after 其中 / 包括 / 含 / 分别: not the whole's metric (SCHEMA)
    (POP, ["全镇总人口5万人,其中女性{N}人。", "总人口5万人,包括农业人口{N}人。", "全镇总人口5万人,含流动人口{N}人。",
           "全镇总人口5万人,其中非农业人口{N}人,农业人口4万人。", "全镇总人口5万人,男性、女性分别为25100人、{N}人。",
           "全镇总人口5万人。其中:常住人口{N}人,外出人口6000人。", "总人口5万人,其中户籍人口{N}人。"],
          ["全镇总人口{N}人,其中女性24000人。", "总人口{N}人,包括农业人口4万人。", "全镇总人口{N}人,含流动人口800人。"]),
    (MW, ["已婚育龄妇女8000人,其中一孩妇女{N}人。", "已婚育龄妇女8000人,包括外出的{N}人。",
          "全镇已婚育龄妇女8000人,其中农村{N}人、城镇900人。", "已婚育龄妇女8000人,其中采取节育措施的{N}人。"],
         ["全镇已婚育龄妇女{N}人,其中一孩妇女3000人。", "全镇总人口5万人,其中已婚育龄妇女{N}人。"]),
    (VIL, ["全镇辖20个村,包括{N}个移民村。", "全镇辖20个村(社区),其中社区{N}个。", "全镇辖20个行政村,其中山区村{N}个、平原村3个。",
           "全镇辖20个村,含{N}个少数民族村。"],
          ["全镇辖{N}个村,包括3个移民村。", "全镇辖{N}个村(社区),其中社区3个。"]),
    (AMEM, ["协会会员2万人,包括流动人口会员{N}人。", "全镇会员2万人,其中党员会员{N}人、青年会员3000人。",
            "全镇有会员2万人,其中:男会员{N}人。"],
           ["协会会员{N}人,包括流动人口会员800人。", "全镇有会员{N}人,其中:男会员8000人。"]),
    (ACNT, ["全镇建立计生协会30个,其中村级协会{N}个、企业协会5个。", "协会组织30个,包括企业协会{N}个。",
            "全镇计生协会组织30个,含流动人口协会{N}个。"],
           ["全镇建立计生协会{N}个,其中企业协会5个。", "协会组织{N}个,包括企业协会5个。"]),
    (MAT, ["发放宣传资料5万份,包括宣传单{N}张、宣传册3000本。", "发放宣传资料5万份,其中计生政策问答{N}份。",
           "全年发放宣传品5万份,其中:宣传折页{N}份。"],
          ["发放宣传资料{N}份,其中宣传单3万张。", "全年发放宣传品{N}份,其中:宣传折页8000份。"]),
    (CON, ["发放避孕药具5万盒,包括口服避孕药{N}板。", "全年发放药具5万盒,其中避孕套{N}盒、避孕药5000板。"],
          ["发放避孕药具{N}盒,其中避孕套3万只。"]),
    (SCR, ["查环查孕5000人次,其中流动人口{N}人次。", "开展妇科病普查5000人,包括宫颈癌筛查{N}人。",
           "孕前优生健康检查5000人,其中男性{N}人。"],
          ["开展妇科病普查{N}人,其中宫颈癌筛查2000人。", "孕前优生健康检查{N}人,其中男性2000人。"]),
    (TRN, ["培训5000人次,包括村干部{N}人次。", "培训5000人次,其中计生专干{N}人次,育龄群众3000人次。"],
          ["培训{N}人次,其中计生专干800人次。"]),
    (CTR, ["签订合同5000份,包括流动人口合同{N}份。", "签订协议书5000份,其中与企业签订{N}份。"],
          ["签订合同{N}份,包括流动人口合同800份。"]),
    (MON, ["投入资金50万元,其中县级配套{N}元。", "共投入资金50万元,包括奖励扶助金{N}元。",
           "投入50万元,其中:镇财政{N}元、村集体10万元。", "投入资金50万元,含上级补助{N}元。"],
          ["投入资金{N}元,其中县级配套20万元。", "共投入资金{N}元,包括奖励扶助金20万元。"]),
]

K["breakdown"] = [  # place-by-place after a total (SCHEMA: other, not the total)
    (POP, ["全镇3万人。东村500户、1800人,西村420户、{N}人。", "全镇总人口3万人,东村{N}人、西村2100人、南村1900人。",
           "各村人口:东村{N}人,西村2100人。", "东村、西村、南村人口分别为{N}人、2100人、1900人。",
           "全镇8000户3万人,其中东村400户{N}人,西村380户1500人。", "东村有{N}人,西村有2100人。"],
          ["全镇共有8000户、{N}人,其中东村400户、1600人。", "全镇总人口{N}人,东村1800人、西村2100人。"]),
    (MW, ["全镇已婚育龄妇女8000人,东村{N}人、西村700人。", "已婚育龄妇女:东村{N}人,西村700人。"],
         ["全镇已婚育龄妇女{N}人,东村900人、西村700人。"]),
    (AMEM, ["全镇会员2万人,东村{N}人、西村700人。", "会员人数:东村协会{N}人,西村协会700人。"],
           ["全镇会员{N}人,东村900人、西村700人。"]),
    (MAT, ["发放宣传资料5万份,东村{N}份、西村3000份。"], ["发放宣传资料{N}份,东村900份、西村700份。"]),
    (SCR, ["查环查孕5000人次,东村{N}人次、西村700人次。"], ["查环查孕{N}人次,东村900人次、西村700人次。"]),
    (MON, ["投入资金50万元,东村{N}元、西村10万元。"], ["投入资金{N}元,东村20万元、西村10万元。"]),
    (VIL, ["全镇辖30个村,东片{N}个村、西片8个村。"], ["全镇辖{N}个村,东片9个村、西片8个村。"]),
]

K["taking_part"] = [  # people served / covered / visited / taking part: not the population or membership
    (POP, ["服务群众{N}人。", "受益群众达{N}人。", "覆盖人口{N}人。", "走访群众{N}人。", "参加活动群众{N}人。",
           "全镇参保人数{N}人。", "惠及{N}人。", "涉及人口{N}人。", "观看演出群众{N}人。", "接待来访群众{N}人。",
           "全镇参加新农合{N}人。"],
          ["全镇共有人口{N}人。", "全镇户籍人口{N}人。", "全镇总人口{N}人,参保率95%。"]),
    (MW, ["走访已婚育龄妇女{N}人。", "服务已婚育龄妇女{N}人。", "已婚育龄妇女落实长效节育措施{N}人。",
          "为已婚育龄妇女{N}人次提供咨询。", "已婚育龄妇女参加培训{N}人次。"],
         ["全镇有已婚育龄妇女{N}人。", "全镇已婚育龄妇女{N}人,落实节育措施7000人。"]),
    (AMEM, ["参加活动的会员达{N}人。", "会员参加宣传服务{N}人次。", "出动会员{N}人次。", "开展会员活动,参与会员{N}人。",
            "组织会员{N}人开展义务宣传。", "会员志愿者{N}人。", "会员入户走访{N}户。", "会员参加培训{N}人次。"],
           ["全镇现有会员{N}人。", "全镇协会会员{N}人,参加活动8000人次。"]),
    (SCR, ["接受政策咨询{N}人次。", "咨询群众{N}人次。", "接待来访{N}人次。", "上门宣传{N}人次。",
           "开展生殖健康讲座,听课群众{N}人。"],
          ["开展生殖健康检查{N}人次。", "开展妇科病普查{N}人,咨询群众800人次。"]),
    (TRN, ["召开座谈会,参会{N}人。", "参加宣传活动{N}人次。", "参加会议{N}人次。", "组织文艺演出,观众{N}人次。"],
          ["举办培训班,参训{N}人。", "参加培训{N}人次。"]),
]

K["village_subsets"] = [  # villages covered, visited, chosen, reaching a goal: not the village count
    # 覆盖全镇17个村 (all the villages of the area, named while covering them) is left out: debatable
    (VIL, ["走访{N}个村。", "项目区涉及{N}个村。", "{N}个村达到省级标准。", "{N}个村实现零违法生育。",
           "在{N}个村建立服务室。", "开展检查,抽查{N}个村。", "创建{N}个示范村。", "全镇有{N}个村开展了村民自治。",
           "{N}个村(社区)被评为先进。", "已在{N}个村推行。", "{N}个村建立了协会。", "全镇已有{N}个村完成了任务。",
           "确定{N}个村为重点村。", "对{N}个村进行了督查。"],
          ["全镇辖{N}个村,覆盖率100%。", "全镇{N}个村全部达到省级标准。", "全镇共有{N}个行政村。"]),
]

K["village_subunits"] = [  # 自然村 / 村民小组 / 组 beside a village count: a finer level
    (VIL, ["全镇辖9个行政村,{N}个自然村,150个村民小组。", "辖9个村{N}个组。", "全镇9个村共{N}个组。",
           "全镇辖9个村委会、{N}个居民小组。", "全镇辖9个行政村({N}个自然村)。", "辖9个村,下设{N}个村民小组。",
           "全镇有{N}个村民小组。", "全镇共有{N}个屯。", "全镇辖9个村{N}个社。"],
          ["全镇辖{N}个行政村,86个自然村,150个村民小组。", "辖{N}个村86个组。", "全镇辖{N}个行政村(86个自然村)。"]),
]

K["changes"] = [  # changes over a period: not the level itself. Only finance.money gives a change
    # "other" (SCHEMA); the other metrics keep their label and the `direction` column tells a
    # change from a level (compare never fills a cell with one: tests/test_user_fixes.py), so a
    # look-alike here fails when it gets the metric with no direction
    (POP, ["总人口净增{N}人。", "人口比上年减少{N}人。", "全镇人口较2010年增长{N}人。", "全镇总人口5万人,净增{N}人。",
           "全镇总人口比上年末多{N}人。"],
          ["全镇总人口{N}人,比上年增加300人。", "全镇总人口{N}人,净增300人。"]),
    (MW, ["已婚育龄妇女净增{N}人。", "已婚育龄妇女比上年减少{N}人。"], ["已婚育龄妇女{N}人,比上年减少300人。"]),
    (AMEM, ["会员比上年增加{N}人。", "会员净增{N}名。", "协会会员较去年增长{N}人。"], ["协会会员{N}人,比上年增加300人。"]),
    (ACNT, ["协会组织比上年增加{N}个。", "计生协会净增{N}个。"], ["协会组织{N}个,比上年增加3个。"]),
    (MAT, ["宣传资料比上年多发放{N}份。", "发放宣传资料比去年增加{N}份。"], ["发放宣传资料{N}份,比去年增加300份。"]),
    (MON, ["投入比上年增加{N}元。", "经费同比增长{N}元。", "资金投入较上年减少{N}元。"],
          ["投入资金{N}元,比上年增加5万元。"]),
    (VIL, ["撤并{N}个村。", "行政村比原来减少{N}个。"], ["全镇辖{N}个行政村,比原来减少5个。"]),
    (SCR, ["查环查孕比上年增加{N}人次。"], ["查环查孕{N}人次,比上年增加300人次。"]),
    (TRN, ["培训人数比上年增加{N}人次。"], ["培训{N}人次,比上年增加300人次。"]),
]

K["targets"] = [  # plans, targets, quotas: by design they keep the metric and compare reads their
    # role (metrics.yaml `scope`: target / planned columns), so here a look-alike fails when it gets
    # the metric AND compare would read it as a result; a positive fails unless it is a result
    (MAT, ["计划发放宣传资料{N}份。", "力争全年发放宣传品{N}份。", "全年任务数为发放宣传资料{N}份。"],
          ["全年发放宣传资料{N}份,完成计划的105%。"]),
    (TRN, ["力争全年培训{N}人次。", "计划培训育龄群众{N}人次。", "培训任务数{N}人次。"], ["全年培训育龄群众{N}人次。"]),
    (SCR, ["目标任务是完成孕检{N}人。", "孕前优生健康检查任务数{N}人。", "县下达查环查孕任务{N}人次。",
           "计划开展妇科病普查{N}人。"],
          ["完成孕前优生健康检查{N}人,完成任务的102%。"]),
    (POP, ["人口总量控制在{N}人以内。", "人口控制目标为{N}人。"], ["全镇总人口{N}人。"]),
    (AMEM, ["力争会员发展到{N}人。", "计划发展会员{N}人。"], ["全镇协会会员{N}人。"]),
    (CTR, ["计划签订合同{N}份。", "签订合同任务数{N}份。"], ["全年签订合同{N}份。"]),
    (CON, ["计划发放避孕药具{N}盒。"], ["全年发放避孕药具{N}盒。"]),
    # planned money (计划投入30-40万元) is finance.money in tests/cases/figures.yaml 'ranges': not a look-alike here
]

K["other_levels"] = [  # figures of the nation, province, city, another township (not the area reported on)
    (POP, ["我国总人口{N}万人。", "全省总人口{N}万人。", "邻镇总人口{N}人。",
           "比邻镇多{N}人。"],
          ["我镇总人口{N}人。", "全镇总人口{N}人。"]),
    (VIL, ["全县共有{N}个乡镇。", "全市辖{N}个县区。", "全县{N}个乡镇全部达标。"], ["全镇辖{N}个行政村。"]),
    # 全县总人口 is population.total in tests/cases/figures.yaml 'wan_scaled' (county reports exist),
    # and 全市 too (city reports exist: a report's own level is not known to a sentence): left out
]

K["past_years"] = [  # a change since a past year; the figure stated at a past date stays the metric
    (POP, ["全镇总人口3万人,比2005年末增加{N}人。", "全镇总人口比2005年末减少{N}人。"],
          ["截至2005年末,全镇总人口{N}人。", "2005年末全镇总人口{N}人,2010年末3万人。"]),
    (AMEM, ["会员比2005年底增加{N}人。"], ["2005年底全镇有会员{N}人。"]),
]

K["ranges_sizes"] = [  # household sizes, thresholds, per-unit ratios: not a population or count
    (POP, ["3至5人的家庭{N}户。", "户均人口3.2人,3人户{N}户。", "人口在{N}人以上的村有5个。", "人口规模{N}人以下的村9个。",
           ("全镇户均人口3.5人。", "3.5"), ("每户3-5人。", "3-5"), ("4口之家占60%。", "4")],
          ["全镇{N}人,户均3.5人。"]),
    (VIL, ["人口超千人的村{N}个。", "人口在3000人以上的村有{N}个。"], ["全镇辖{N}个村,其中人口在3000人以上的村9个。"]),
    (AMEM, [("每个会员联系10户。", "10"), ("每村会员不少于50人。", "50"), ("每个协会平均会员60人。", "60")],
           ["全镇共有会员{N}人。"]),
    (MAT, [("每户发放宣传资料2份。", "2"), ("人均发放宣传资料3份。", "3")], ["全镇发放宣传资料{N}份。"]),
]

K["per_head"] = [  # per-head money paid is finance.money (SCHEMA); per-head income or fees paid in are not
    # contributions paid (每人每年缴费, 个人缴纳) are left out: tests/gold labels them finance.money
    (MON, ["农民人均纯收入{N}元。", "人均可支配收入{N}元。",
           "人均年收入{N}元以上。"],
          # 月工资 (wages paid out by the township, or a worker's income?) is left out: debatable
          ["每人每月{N}元。", "人均补助{N}元。", "每人每年发放{N}元。", "独生子女父母奖励每人每月{N}元。"]),
]

K["money_in"] = [  # income, revenue, tax, donations received, money won from above, sales, prices
    # 群众捐款 (received by the township, or given to a disaster area?) is left out: debatable
    # funds won from above (争取上级资金) are left out: SCHEMA's "investment attracted" is other,
    # but the gold of tests/gold labels 8 of 9 such figures finance.money (a question for the lead)
    (MON, ["收到社会捐款{N}元。", "募集捐款{N}元。",
           "实现销售收入{N}元。", "销售额{N}元。", "每公斤售价{N}元。", "市场价格{N}元。", "亩产值{N}元。",
           "收取社会抚养费{N}元。", "征收社会抚养费{N}元。", "收缴{N}元。", "实现税收{N}元。", "村集体经济收入{N}元。",
           "旅游收入{N}元。", "招商引资{N}元。", "存款余额{N}元。", "欠款{N}元。", "挽回损失{N}元。", "罚款{N}元。",
           "获得上级奖励{N}元。"],
          ["拨付项目资金{N}元。", "向灾区捐款{N}元。", "发放奖励扶助金{N}元。", "投入资金{N}元。", "发放价值{N}元的药具。",
           "兑现奖励{N}元。"]),
]

K["ages_ranks_numbers"] = [  # ages, durations, ranks, document / phone numbers, page furniture
    (MW, [("全镇49岁以下已婚育龄妇女8000人。", "49"), ("已婚育龄妇女平均年龄35岁。", "35"),
          ("已婚育龄妇女工作连续3年排名第2名。", "2")],
         ["全镇49岁以下已婚育龄妇女{N}人。"]),
    (AMEM, [("会员平均年龄45岁。", "45"), ("会员发展工作位列全县第3名。", "3"), ("会员年龄在60岁以上的居多。", "60")],
           ["全镇有会员{N}人。"]),
    (POP, [("60岁以上老年人口5000人。", "60"), ("总人口居全县第3位。", "3"), ("人口工作连续5年获全县第1名。", "5"),
           ("全镇总人口见附表3。", "3")],
          ["全镇总人口{N}人。"]),
    (TRN, [("培训为期15天。", "15"), ("培训时间8小时。", "8"), ("共培训3天,参训人员名单见附件2。", "3")],
          ["共培训{N}人次。"]),
    (CTR, [("依据县委〔2010〕15号文件签订合同。", "15"), ("签订合同期限5年。", "5"), ("合同签订咨询电话：5678901。", "5678901")],
          ["签订合同{N}份。"]),
    (VIL, [("全镇辖村情况见表3。", "3"), ("全镇辖区面积86平方公里。", "86"), ("距县城36公里,辖9个村。", "36")],
          ["距县城36公里,辖{N}个村。"]),
    (MAT, [("宣传资料下载浏览次数419次。", "419"), ("宣传资料全文2750字。", "2750"), ("精选宣传资料20篇。", "20")],
          ["发放宣传资料{N}份。"]),
]

K["members_activity"] = [  # members taking part in an activity are not the membership (SCHEMA)
    (AMEM, ["会员参与率90%,参与会员{N}人。", "全镇会员2万人,参加“会员之家”活动{N}人。", "{N}名会员参加了宣传活动。",
            "动员会员{N}人次入户宣传。", "会员参加义务劳动{N}人次。", "会员参加知识竞赛{N}人。"],
           ["全镇会员{N}人,参加活动9000人次。", "计生协会会员{N}人。"]),
]

K["contract_villages"] = [  # signings with villages count contracts, not villages (SCHEMA)
    (VIL, ["与{N}个村签订目标管理责任书。", "同{N}个村委会签订了合同。", "镇政府与{N}个村(居)签订责任状。",
           "与全镇{N}个村签订了协议。"],
          ["全镇辖{N}个村,均签订了目标管理责任书。"]),
    (CTR, [("全镇辖17个村,均签订了目标管理责任书。", "17")],
          [("与17个村签订目标管理责任书。", "17"), ("同十七个村委会签订了合同。", "十七"), "签订目标管理责任书{N}份。"]),
]

K["census_items"] = [  # census wording, items that are not publicity material or contraceptives
    (SCR, ["人口普查员{N}人。", "普查登记{N}户。", "选聘普查员{N}名。", "普查人口{N}人。", "入户登记{N}人。"],
          ["妇科病普查{N}人。", "开展查环查孕{N}人次。"]),
    (MAT, ["发放慰问品{N}份。", "发放米面油{N}袋。", "发放礼品{N}份。", "发放生育服务证{N}本。", "发放扶贫物资{N}件。",
           "发放调查问卷{N}份。", "发放独生子女父母光荣证{N}本。"],
          ["发放宣传品{N}份。", "发放宣传折页{N}份。"]),
    (CON, ["药具管理员{N}人。", "药具库存{N}盒。", "从县站领取药具{N}盒。", "药具发放点{N}个。"],
          ["向群众发放药具{N}盒。", "免费发放避孕药具{N}盒。"]),
    (ACNT, ["协会会员之家{N}个。", "协会示范点{N}个。", "兴趣小组{N}个。", "专业合作社{N}个。", "种植协会{N}个。"],
           ["村级计生协会{N}个。"]),
    (AMEM, ["协会理事{N}人。", "协会工作人员{N}人。", "种植协会会员{N}人。", "老年协会会员{N}人。"],
           ["计生协会会员{N}人。"]),
]

K["growth_vs_birth"] = [  # not a core metric, but the brief's pair: 自然增长率 is not the birth rate
    ("rate.birth", ["人口自然增长率{N}‰。", "自然增长率控制在{N}‰以内。", "出生率12.5‰,自然增长率{N}‰。",
                    "人口自然增长率为{N}‰,出生率12.5‰。", "出生人口自然增长率{N}‰。"],
     ["人口出生率{N}‰。", "出生率{N}‰,自然增长率5.3‰。", "人口自然增长率5.3‰,出生率{N}‰。"]),
]


# Round 2: new wordings of the same kinds, written after round 1 was fixed and before any fix
# for these (its first run estimates how far the fixes reach: see the docstring)
K2: dict[str, list[tuple[str, list, list]]] = {}
K2["parts"] = [
    (POP, ["全乡人口5万人,内有流动人口{N}人。", "全镇总人口5万人,其中女性占{N}人。", "全镇总人口5万人,当中农业人口{N}人。",
           "全镇总人口5万人;其中,城镇人口{N}人。", "全镇总人口5万人(包括暂住人口{N}人)。"],
          ["全乡人口{N}人,内有流动人口800人。", "全镇总人口{N}人;其中,城镇人口8000人。"]),
    (AMEM, ["全镇会员2万人,其中女性会员占{N}人。", "会员2万人,当中青年会员{N}人。"], ["全镇会员{N}人,当中青年会员800人。"]),
    (ACNT, ["全镇计生协会25个;其中,村级协会{N}个。", "全镇共有计生协会25个(包括企业协会{N}个)。"],
           ["全镇计生协会{N}个;其中,企业协会5个。"]),
    (MAT, ["发放宣传资料5万份(其中宣传单{N}张)。", "发放宣传品5万份,当中宣传册{N}本。"], ["发放宣传资料{N}份(其中宣传单800张)。"]),
    (MON, ["共投入资金50万元(其中县级补助{N}元)。", "全年投入50万元;其中,村级自筹{N}元。", "投入资金50万元,当中上级拨款{N}元。"],
          ["共投入资金{N}元(其中县级补助20万元)。"]),
    (SCR, ["孕检5000人,当中流动人口{N}人。", "开展查环查孕5000人次(其中外出人员{N}人次)。"], ["开展查环查孕{N}人次(其中外出人员800人次)。"]),
    (TRN, ["培训5000人次(其中村干部{N}人次)。"], ["培训{N}人次(其中村干部800人次)。"]),
    (VIL, ["全镇辖20个村,当中{N}个山区村。", "全镇辖20个村;其中,{N}个村为贫困村。"], ["全镇辖{N}个村;其中,3个村为贫困村。"]),
]
K2["breakdown"] = [
    (POP, ["全镇3万人,其中:东风村{N}人,红旗村2000人。", "全镇总人口3万人,东片区{N}人、西片区1万人。", "东风村{N}人,红旗村2000人。",
           "全镇总人口3万人,集镇{N}人,农村2万人。"],
          ["全镇总人口{N}人,集镇5000人,农村2万人。"]),
    (AMEM, ["全镇会员2万人,东风村协会{N}人、红旗村协会700人。"], ["全镇会员{N}人,东风村协会900人、红旗村协会700人。"]),
    (SCR, ["全年孕检5000人,东风村{N}人,红旗村700人。"], ["全年孕检{N}人,东风村900人,红旗村700人。"]),
    (MAT, ["发放宣传资料5万份,其中东风村{N}份。", "发放宣传资料5万份,东片{N}份、西片2万份。"], ["发放宣传资料{N}份,东片3万份、西片2万份。"]),
    (CTR, ["签订合同5000份,东风村{N}份、红旗村700份。"], ["签订合同{N}份,东风村900份、红旗村700份。"]),
    (TRN, ["培训5000人次,东风村{N}人次、红旗村700人次。"], ["培训{N}人次,东风村900人次、红旗村700人次。"]),
    (VIL, ["全镇辖30个村,平原{N}个村、山区8个村。"], ["全镇辖{N}个村,平原9个村、山区8个村。"]),
]
K2["taking_part"] = [
    (POP, ["全镇有{N}人参加了新农合。", "{N}人次群众观看了演出。", "受教育群众{N}人次。", "听取讲座的群众{N}人。", "签名群众{N}人。",
           "慰问群众{N}人。", "全镇{N}人享受低保。"],
          ["全镇人口{N}人。", "全镇居住着{N}人。"]),
    (MW, ["上门服务已婚育龄妇女{N}人次。", "慰问已婚育龄妇女{N}人。", "已婚育龄妇女参加孕检{N}人。", "已婚育龄妇女中有{N}人参加了培训。",
          "联系已婚育龄妇女{N}人。"],
         ["全镇共有已婚育龄妇女{N}人。"]),
    (AMEM, ["会员义务宣传{N}人次。", "会员帮扶困难户{N}户。", "会员到场{N}人。", "{N}名会员观看了演出。", "会员出勤{N}人次。"],
           ["全镇发展会员{N}人。"]),
    (TRN, ["听众{N}人次。", "参观学习{N}人次。", "参加座谈{N}人。"], ["培训骨干{N}人。"]),
]
K2["village_subsets"] = [
    # 在全镇17个村推广 was written as a look-alike, but it names all the villages of the area
    # (SCHEMA: a count for the whole area; tests/gold labels 在全乡19个村推行… admin.villages):
    # moved to the positives after the first run
    (VIL, ["辐射{N}个村。", "{N}个村被列为重点村。", "{N}个村完成了改厕。", "新建{N}个村级服务室。", "选择{N}个村作为示范点。",
           "{N}个村建起了文化广场。", "{N}个村实现了通水。", "先后在{N}个村召开现场会。", "对{N}个村开展了考核。", "评选出{N}个先进村。"],
          ["全镇辖{N}个村(社区)。", "全镇下辖{N}个村委会。", "在全镇{N}个村推广。"]),
]
K2["village_subunits"] = [
    (VIL, ["全镇辖9个村(居),{N}个村民小组。", "全镇辖9个行政村、{N}个自然屯。", "全镇辖9个村委会,共{N}个村民组。", "下设{N}个村民小组。",
           "全镇9个村{N}个组1万户。"],
          ["全镇辖{N}个村(居),86个村民小组。", "全镇辖{N}个村委会,共86个村民组。"]),
]
K2["changes"] = [
    (POP, ["全镇人口比上年增长{N}人。", "全镇总人口较上年末减少了{N}人。", "人口同比增加{N}人。"], ["全镇人口{N}人,同比增加300人。"]),
    (MW, ["已婚育龄妇女同比增加{N}人。"], ["已婚育龄妇女{N}人,同比增加300人。"]),
    (AMEM, ["会员同比增加{N}人。", "会员较上年增加了{N}人。", "会员比去年多{N}人。"], ["会员{N}人,同比增加300人。"]),
    (CTR, ["签订合同比上年增加{N}份。", "合同签订数同比增长{N}份。"], ["签订合同{N}份,比上年增加300份。"]),
    (CON, ["发放避孕药具比上年增加{N}盒。", "药具发放同比减少{N}盒。"], ["发放避孕药具{N}盒,比上年增加300盒。"]),
    (MON, ["投入比上年多{N}元。", "经费比去年增加了{N}元。"], ["投入资金{N}元,比去年增加5万元。"]),
    (TRN, ["培训比上年多{N}人次。", "参训人数同比增加{N}人。"], ["培训{N}人次,比上年多300人次。"]),
    (VIL, ["行政村较以前减少{N}个。"], ["全镇现有行政村{N}个。"]),
]
K2["targets"] = [
    (MAT, ["拟发放宣传资料{N}份。", "预计发放宣传品{N}份。", "确保发放宣传资料不少于{N}份。"], ["已发放宣传资料{N}份。"]),
    (SCR, ["应参加孕检{N}人。", "全年孕检目标{N}人。", "查环查孕任务{N}人次。"], ["实际参加孕检{N}人。"]),
    (TRN, ["明年计划培训{N}人次。", "力争培训育龄群众{N}人次。"], ["全年共培训育龄群众{N}人次。"]),
    (AMEM, ["确保会员达到{N}人。", "会员发展目标{N}人。"], ["全镇现有会员{N}人。"]),
    (MON, ["计划投入资金{N}元。"], ["实际投入资金{N}元。"]),
    (CTR, ["应签订合同{N}份。"], ["实签合同{N}份。"]),
]
K2["other_levels"] = [
    (POP, ["全国人口{N}万人。", "全省常住人口{N}万人。", "邻乡总人口{N}人。", "周边乡镇人口{N}人。"], ["本乡总人口{N}人。"]),
    (VIL, ["全省{N}个县市。", "邻镇辖{N}个村。"], ["本镇辖{N}个村。"]),
    (AMEM, ["全省计生协会会员{N}万人。", "全国计生协会会员{N}万人。"], ["本镇计生协会会员{N}人。"]),
]
K2["ranges_sizes"] = [
    (POP, ["5人以上的家庭{N}户。", "人口不足{N}人的村3个。", "三代同堂家庭{N}户。", ("户均3.6人。", "3.6"), ("每户平均4人。", "4")],
          ["全镇共有{N}人。"]),
    (AMEM, [("每户至少1名会员。", "1"), ("每名会员联系5户。", "5"), ("每个小组会员10至15人。", "10至15")], ["全镇会员{N}人。"]),
    (CON, [("每对夫妇发放避孕套2盒。", "2")], ["发放避孕套{N}盒。"]),
    # 每亩补助200元 was written as a look-alike and is money paid out (SCHEMA: subsidies, per
    # person or household): moved to the positives after the first run
    (MON, [], [("每亩补助200元。", "200"), "发放补助{N}元。"]),
]
K2["per_head"] = [
    (MON, ["人均住房面积{N}平方米。", "人均年纯收入达{N}元。", "职工月平均工资{N}元。", "人均存款{N}元。"],
          ["按每人每年{N}元发放。", "每户奖励{N}元。", "每名独生子女每月补助{N}元。"]),
]
K2["money_in"] = [
    (MON, ["实现财政总收入{N}元。", "全年罚没收入{N}元。", "收取管理费{N}元。", "募集善款{N}元。", "接收社会捐赠{N}元。", "出售农产品收入{N}元。",
           "实现营业额{N}元。", "引进外资{N}元。", "实现利润{N}元。", "征收抚养费{N}元。", "回收贷款{N}元。", "亩均效益{N}元。",
           "全年门票收入{N}元。", "上缴国税{N}元。", "收到各类捐款{N}元。"],
          ["投资{N}元修建道路。", "拨付补助资金{N}元。", "支付医疗费用{N}元。", "为计生家庭代缴保费{N}元。", "捐资{N}元助学。"]),
]
K2["ages_ranks_numbers"] = [
    (MW, [("已婚育龄妇女年龄在20至49岁之间。", "20至49"), ("已婚育龄妇女中35岁以上的占四成。", "35")], ["已婚育龄妇女{N}人。"]),
    (POP, [("全镇总人口排名全县第2。", "2"), ("人口计生工作连续3年获全县第一名。", "3"), ("详见第12页。", "12")], ["全镇总人口{N}人。"]),
    (AMEM, [("会员最大年龄78岁。", "78"), ("协会成立15周年。", "15")], ["全镇会员{N}人。"]),
    (MAT, [("宣传资料编号第16期。", "16"), ("阅读量3000次。", "3000")], ["发放宣传资料{N}份。"]),
    (SCR, [("孕检每年2次。", "2"), ("服务热线12356。", "12356")], ["开展孕检{N}人次。"]),
]
K2["members_activity"] = [
    (AMEM, ["会员参与率达90%,参与人数{N}人。", "组织会员开展活动,参加会员{N}人次。", "发动会员{N}人次开展志愿服务。",
            "会员积极参与,到会{N}人。", "会员投工投劳{N}人次。"],
           ["全镇共有协会会员{N}人。", "全镇会员总数{N}人。"]),
]
K2["contract_villages"] = [
    (VIL, ["与辖区{N}个村签订了责任书。", "与{N}个村(社区)签订目标责任书。", "镇与{N}个村委会签订了协议书。"],
          ["全镇辖{N}个村委会。"]),
]
K2["census_items"] = [
    (SCR, ["普查小区{N}个。", "普查登记人口{N}人。", "第七次人口普查登记{N}人。", "普查表{N}份。"], ["开展妇科普查{N}人。"]),
    (MAT, ["发放慰问金{N}份。", "发放证明{N}份。", "发放光荣证{N}本。", "发放征求意见表{N}份。", "发放救灾物资{N}件。", "发放生育证{N}本。"],
          ["发放宣传材料{N}份。"]),
    (CON, ["药具储备{N}盒。", "申领药具{N}盒。", "采购药具{N}盒。"], ["发放避孕药具{N}盒。"]),
    (ACNT, ["种养协会{N}个。", "农民专业协会{N}个。", "老年协会组织{N}个。", "协会会员小组{N}个。"], ["计生协会组织{N}个。"]),
    (AMEM, ["种植协会会员{N}人。", "老年人协会会员{N}人。", "协会理事会成员{N}人。"], ["计生协会会员{N}人。"]),
]
K2["growth_vs_birth"] = [
    ("rate.birth", ["人口自然增长率控制在{N}‰。", "自增率{N}‰。", "人口自然增长率为{N}‰,低于出生率。"], ["人口出生率为{N}‰。"]),
]


# Round 3: kinds round 1 and 2 did not name (sign-ins, densities, facilities, economic statistics,
# staff and places of training), written after round 2 was fixed, before any fix for these
K3: dict[str, list[tuple[str, list, list]]] = {}
K3["signing_not_contract"] = [
    (CTR, ["签到{N}人。", "签收{N}份。", "签发{N}份。", "签名{N}人。", "签字确认{N}人次。", "在倡议书上签名{N}人。"],
          ["签订协议{N}份。", "与育龄夫妇签订合同{N}份。"]),
]
K3["densities_rates"] = [
    (POP, ["人口密度为{N}人/平方公里。", "每平方公里{N}人。", "全镇每万人拥有医生{N}人。"], ["全镇总人口{N}人,人口密度280人/平方公里。"]),
    (MON, ["人均GDP{N}元。", "人均储蓄{N}元。", "人均消费{N}元。"], ["人均补助{N}元。"]),
]
K3["facilities_staff"] = [
    (SCR, ["检查站{N}个。", "体检中心{N}家。", "检查人员{N}名。", "督查{N}人次。", "卫生检查{N}人次。", "消防检查{N}人次。"],
          ["健康体检{N}人。", "开展孕情检查{N}人次。"]),
    (TRN, ["培训基地{N}个。", "培训机构{N}家。", "授课老师{N}名。", "培训费用{N}元。"],
          ["培训村干部{N}人。", "举办培训班,参训{N}人次。", "培训教师{N}人。"]),
    (VIL, ["{N}个村卫生室。", "{N}个空壳村。", "{N}个移民村。", "{N}个村级活动场所。", "{N}个村党支部。", "{N}个村集体经济。"],
          ["全镇辖{N}个村。"]),
    (MAT, ["发放通知{N}份。", "填写问卷{N}份。", "发放表格{N}份。", "发放结婚证{N}本。", "发放宣传资料的村{N}个。"],
          ["发放宣传资料{N}份。"]),
]
K3["economic_statistics"] = [
    # 完成固定资产投资 is left out after the first run: the annotated sets disagree (tests/gold
    # tuning9 labels it other, the floor of heldout/ holds it as money)
    (MON, ["资产总额{N}元。", "集资{N}元。", "实现农业总产值{N}元。", "村级集体资产{N}元。",
           "全年农民收入增加{N}元。", "城乡居民储蓄存款{N}元。", "全年实现工业增加值{N}元。"],
          ["投入资金{N}元。", "拨付补偿款{N}元。", "全年共支出{N}元。"]),
]
K3["groups_not_population"] = [
    (POP, ["全镇有党员{N}人。", "全镇在校学生{N}人。", "全镇劳动力{N}人。", "全镇育龄妇女{N}人。", "全镇60岁以上老人{N}人。",
           "全镇独生子女{N}人。", "全镇适龄儿童{N}人。", "全镇残疾人{N}人。"],
          ["全镇现有人口{N}人。"]),
    (MW, ["全镇育龄妇女{N}人。", "全镇未婚青年{N}人。", "已婚育龄妇女中独生子女母亲{N}人。", "已婚男性{N}人。"],
         ["全镇已婚育龄妇女{N}人。"]),
    (AMEM, ["全镇志愿者{N}人。", "协会理事{N}人。", "中心户长{N}人。", "联络员{N}人。"], ["全镇协会会员{N}人。"]),
]
K3["parts_more"] = [
    (POP, ["全镇总人口5万人,这其中男性{N}人。", "全镇总人口5万人,男性{N}人,女性24000人。", "全镇总人口5万人,农业人口占{N}人。"],
          ["全镇总人口{N}人,男性26000人,女性24000人。"]),
    (MON, ["共投入50万元,县级{N}元、镇级20万元。", "投入资金50万元,用于购买设备{N}元。"],
          ["共投入{N}元,县级30万元、镇级20万元。", "镇财政投入8万元,村级自筹{N}元。"]),
    (ACNT, ["全镇计生协会30个,村级{N}个、企业5个。"], ["全镇计生协会{N}个,村级20个、企业5个。"]),
]


def _cases(kinds, sets=None):
    for kind in kinds:
        for metric, neg, pos in (sets or K)[kind]:
            for positive, frames in ((False, neg), (True, pos)):
                for frame in frames:
                    if isinstance(frame, tuple):
                        yield kind, metric, positive, frame[0], frame[1]
                        continue
                    for n in FORMS[metric].values():
                        text = frame.replace("{N}", n)
                        assert text.count(n) == 1, text
                        yield kind, metric, positive, text, n


def _role(f) -> str:
    """How `report-miner compare` reads the figure: actual, target or planned (a result report,
    outside any plan section)."""
    from report_miner.analysis.compare_sql import _split, compare_rules

    lead, clause = _split(f.sentence, f.text, 1)
    return compare_rules().role(0, False, False, lead, clause).split(":", 1)[0]


def run(kinds, verbose: bool, sets=None) -> tuple[int, int, int, int]:
    """Print per kind (and metric) the look-alikes wrongly labelled and positives missed."""
    tally = defaultdict(Counter)
    fails = defaultdict(list)
    for kind, metric, positive, text, n in _cases(kinds, sets):
        f = _figure_at(text, n)
        got = f.metric if f is not None else None
        if kind == "targets" and got == metric:
            role = _role(f)
            got = got if role == "actual" else f"{got} ({role})"
        if kind == "changes" and got == metric and f.direction:
            got = f"{got} (change: {f.direction})"  # a change keeps its metric; `direction` tells it
        bad = (got != metric) if positive else (got == metric)
        key = (kind, metric)
        tally[key]["pos" if positive else "neg"] += 1
        tally[key][("pos" if positive else "neg") + "_bad"] += bad
        if bad:
            fails[kind].append(("+" if positive else "-", metric, text, got))
    totals = Counter()
    for kind in kinds:
        kt = Counter()
        for (k, metric), c in tally.items():
            if k == kind:
                kt.update(c)
        totals.update(kt)
        print(f"== {kind}: look-alikes {kt['neg_bad']}/{kt['neg']} wrongly labelled, "
              f"positives {kt['pos_bad']}/{kt['pos']} missed")
        for (k, metric), c in sorted(tally.items()):
            if k == kind and (c["neg_bad"] or c["pos_bad"]):
                print(f"  {metric}: look-alikes {c['neg_bad']}/{c['neg']}, positives {c['pos_bad']}/{c['pos']}")
        if verbose:
            for sign, metric, text, got in fails[kind]:
                print(f"    {sign} {metric:26} {text}  -> {got}")
    print(f"TOTAL look-alikes {totals['neg_bad']}/{totals['neg']} wrongly labelled; "
          f"positives {totals['pos_bad']}/{totals['pos']} missed")
    return totals["neg_bad"], totals["neg"], totals["pos_bad"], totals["pos"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", action="append", choices=list(K) + list(K3), help="only this kind (repeatable)")
    ap.add_argument("--round", type=int, choices=(1, 2, 3), default=1,
                    help="1: the first sweep (default); 2: new wordings of the same kinds, written after round 1 was fixed; "
                         "3: kinds the first two did not name (sign-ins, densities, facilities and staff, economic "
                         "statistics, groups of people, more parts), written after round 2 was fixed")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every failing sentence")
    a = ap.parse_args(argv)
    sets = {1: K, 2: K2, 3: K3}[a.round]
    run([k for k in (a.kind or list(sets)) if k in sets], a.verbose, sets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
