#!/usr/bin/env python3
"""Blind sweep of core-metric phrasing: how often does each core metric get the right label?

Every sentence here is generated from invented frames (no text from any gold document): for
each core metric a list of label phrasings (what real township reports call the thing), linking
verbs (为/有/达/共计/colon/none …) and number forms (Arabic, thousands commas, Chinese numerals,
万, approximations, ranges) are crossed, and a list of look-alikes (其中 parts, per-village
breakdowns, other populations, natural villages, income …) must NOT get the metric.

    python bench/core_sweep.py            # miss counts per metric, per label, per verb, per form
    python bench/core_sweep.py -v         # also print every missed sentence (first 400)
    python bench/core_sweep.py --metric admin.villages -v

A "miss" is a positive sentence whose figure does not get the metric (or no figure is found at
the number), or a look-alike whose figure gets it. The sweep estimates accuracy on unseen
reports; it is not a gold set (some frames are debatable: see the notes beside them).

Measured (issue 12, branch core12): positives missed / look-alikes wrongly labelled, on the
rules of main before the branch -> after it. Each round was written before its own fixes, so
"before" of rounds 2-5 on the rules as left by the earlier rounds is the fairer unseen estimate
(round 2: 2.8%, round 3: 0.8%, round 4: 5.9%, round 5: 34%).

    round 1  2454/13052 (18.8%), 11/789  ->  19/13052 (0.1%), 0/789
    round 2   602/3397  (17.7%), 30/527  ->   8/3397  (0.2%), 0/527
    round 3    14/1750  (0.8%),   0/107  ->   7/1750  (0.4%), 0/107
    round 4    21/358   (5.9%),   0/143  ->   0/358,          0/143
    round 5    91/291   (31.3%),  0/92   ->   0/291,          0/92

Round 6 (branch recall12; shapes with the number before its label, from-to levels, 为/对/给/向 +
number + label, table-like lines, apposition), written before the rules were read, first run
on the rules as left by round 5 (the honest estimate):

    round 6   101/706  (14.3%),  60/531 (11.3%)
      population.total 70/126, 7/91; married_women 21/63, 35/70; admin.villages 10/60, 5/55;
      association.members 0/70, 7/63; finance.money 0/60, 6/42; the other six metrics 0 and 0
    after the fixes (rules/metrics.yaml: from-to levels, people after a village list or the
    area, 为/向/给 + the women, 向 + members, 引进…资金, villages whose people took part; leader
    dots of a table line read as 为):
    round 6     0/706,           0/531        (rounds 1-5 and core_lookalikes 1-3 unchanged)

Round 7 (same branch), written after round 6 was fixed and so after the rules were read (less
blind): other change verbs, markdown and colon table rows, 出头, the total inside a phrase. First
run, before its own fixes (two unitless frames, 全村{N}的人口 and 全村人口{N}, were replaced by
their 出头 forms before it: they were no figures by SCHEMA):

    round 7   101/299  (33.8%),   5/221 (2.3%)
      population.total 53/77, 0/42; married_women 28/42, 0/35; admin.villages 20/35, 5/25;
      the other eight metrics 0 and 0
    after its fixes (more change verbs 减至/变为/上升为, a markdown row's label cell, a spaced
    column header 数量 dropped from the label, 项目: as a header not a project, 村(居) in a list,
    替/帮/把 + N个村):
    round 7    11/299  (3.7%),    0/221       (left: 出头 — 一千出头的人口 is found as no figure at
                                               all; a figure-scanning question, not a metric one)
"""
from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from report_miner.mining.figures import scan_figures  # noqa: E402

VERBS = ["", "为", "有", "达", "达到", "共", "共有", "共计", "计", "合计", "总计", "约", "近", "逾",
         ":", "：", "约为", "已达"]
BIG = {"arabic": "3256", "comma": "3,256", "cn": "三千二百五十六", "wan": "3.3万",
       "yu": "3200余", "duo": "3200多", "range": "3200-3300"}
SMALL = {"arabic": "12", "cn": "十二", "cn2": "二十三", "duo": "10多", "yu": "十余"}
MONEY = {"arabic": "35600", "comma": "35,600", "wan": "3.56万", "cn": "三万五千", "yu": "3万余",
         "dec": "12.5万"}

# metric -> (positive frames, number forms, look-alike frames)
# a frame: "{V}" the linking verb (crossed with VERBS), "{N}" the number (crossed with the forms)
P = {}
P["population.total"] = (
    [f"{pre}{lab}{{V}}{{N}}人。" for pre, lab in [
        ("", "总人口"), ("", "人口总数"), ("全镇", "总人口"), ("全镇", "户籍人口"), ("", "户籍人口"),
        ("", "常住人口"), ("全乡", "常住人口"), ("", "现有人口"), ("全镇", "现有人口"), ("全镇", "人口"),
        ("全乡", "人口"), ("", "户籍总人口"), ("", "总人口数"), ("辖区", "总人口"), ("该镇", "总人口"),
        ("本镇", "人口"), ("全镇共有", "人口"), ("全社区", "人口"), ("全村", "人口"), ("全村", "总人口"),
        ("全镇辖12个行政村,", "总人口"), ("全镇辖12个行政村,", "人口"), ("", "全镇人口总数"),
        ("", "在册人口")]]
    + ["全镇共有农户1820户,{N}人。", "全镇共1820户、{N}人。", "辖12个村,1820户,{N}人。",
       "全镇现有1820户{N}人。", "人口1820户{N}人。", "全乡辖9个村委会,共有4120户、{N}人。",
       "全镇总户数1820户,总人口{N}人。", "全镇{V}{N}人口。", "全镇居住着{N}人。"],
    BIG,
    ["其中流动人口{N}人。", "全镇流动人口{N}人。", "外出人口{N}人。", "贫困人口{N}人。",
     "参保人口{N}人。", "农业人口{N}人。", "城镇人口{N}人。", "流入人口{N}人。", "暂住人口{N}人。",
     "全镇总人口5万人,其中男性{N}人。", "总人口5万人,其中常住人口{N}人。",
     "全镇共有8000户,其中东山村400户、{N}人。", "东山村有农户400户、人口{N}人。",
     "比上年增加{N}人。", "人口比上年增加{N}人。", "3至5人的家庭{N}户。", "全年出生人口{N}人。",
     "少数民族人口{N}人。", "劳动力人口{N}人。", "外出务工人员{N}人。", "脱贫人口{N}人。",
     "60岁以上老年人口{N}人。", "低保人口{N}人。", "残疾人口{N}人。", "新增人口{N}人。",
     "死亡人口{N}人。", "迁入人口{N}人。", "受益人口{N}人。", "参加合作医疗人口{N}人。"],
)
P["population.married_women"] = (
    [f"{pre}{lab}{{V}}{{N}}人。" for pre, lab in [
        ("", "已婚育龄妇女"), ("全镇", "已婚育龄妇女"), ("", "已婚育龄妇女人数"),
        ("", "已婚育龄妇女总数"), ("", "育龄妇女(已婚)"), ("", "已婚育妇"), ("", "已婚育龄女性"),
        ("", "已婚育龄妇女(含流动人口)"), ("", "15-49岁已婚育龄妇女"), ("", "15至49岁已婚妇女"),
        ("全镇现有", "已婚育龄妇女"), ("全镇共有", "已婚育龄妇女"), ("总人口5万人,其中", "已婚育龄妇女"),
        ("", "已婚育龄妇女数"), ("", "已婚育妇女")]]
    + ["全镇有已婚育龄妇女{N}名。", "育龄妇女5000人,其中已婚{N}人。", "全镇共有{N}名已婚育龄妇女。",
       "有已婚育龄妇女{N}人。"],
    BIG,
    ["流动已婚育龄妇女{N}人。", "外出已婚育龄妇女{N}人。", "未婚育龄妇女{N}人。", "育龄妇女{N}人。",
     "流入已婚育龄妇女{N}人。", "已婚育龄妇女中,独生子女户{N}户。", "已婚育龄妇女比上年增加{N}人。",
     "为已婚育龄妇女{N}人次进行检查。"],
    # 外出务工700人,其中已婚育龄妇女130人 is counted as married women on purpose (most annotators:
    # tests/cases/figures.yaml migrant_married_women_and_per_group_members), so it is no look-alike
)
P["admin.villages"] = (
    [f"{pre}{{N}}个{lab}。" for pre in ["全镇辖", "辖", "下辖", "全乡共辖", "全镇共有", "全镇有", "管辖", "全镇设",
                                         "全镇现有", "本镇辖", "我镇辖", "全镇共"]
     for lab in ["行政村", "村", "村委会", "村民委员会", "建制村", "社区", "村(居)委会", "村(社区)", "居委会"]]
    + [f"{lab}{{V}}{{N}}个。" for lab in ["行政村", "村委会", "全镇行政村", "建制村", "行政村数"]]
    + ["全镇辖{N}个行政村、2个社区。", "全镇辖2个社区、{N}个行政村。", "全镇{N}个村委会计生专干全部到位。",
       "辖{N}个行政村,152个村民小组。", "全镇共辖{N}个村,总人口3万人。", "该镇辖{N}个村。"],
    SMALL,
    ["全镇辖10个行政村,{N}个自然村。", "辖{N}个村民小组。", "覆盖{N}个村。", "走访了{N}个村。",
     "在{N}个村开展试点。", "{N}个示范村。", "其中{N}个贫困村。", "深入{N}个村调研。",
     "全镇有{N}个自然村。", "辖10个行政村,其中{N}个村达标。", "与{N}个村签订了目标责任书。",
     "{N}个村卫生室。", "为{N}个村新建活动室。", "抽查了{N}个村。", "涉及{N}个村。",
     "辖10个村,{N}个村民小组。", "项目区涉及{N}个村。", "全镇有{N}个村被评为示范村。",
     "选取{N}个村作为试点。", "惠及{N}个社区。"],
)
P["health.screenings"] = (
    ["开展妇科病普查{N}人。", "孕前优生健康检查{N}人。", "查环查孕{N}人次。", "B超检查{N}人次。",
     "随访{N}人次。", "免费孕检{N}人。", "参检{N}人。", "接诊育龄妇女{N}人次。", "共检查育龄妇女{N}人。",
     "为{N}名育龄妇女进行了健康检查。", "开展三查服务{N}人次。", "生殖健康普查{N}人。",
     "实检{N}人,检查率98%。", "组织育龄妇女体检{N}人次。", "完成妇女两癌筛查{N}人。",
     "全年共开展孕情监测{N}人次。", "免费为群众体检{N}人。", "入户随访{N}人次。", "妇检{N}人次。",
     "为{N}名妇女开展免费B超检查。", "孕前优生检查{V}{N}人。", "查环查孕人数{V}{N}人。"],
    BIG,
    ["普查员{N}人。", "人口普查登记{N}人。", "查出妇科病{N}人。", "发现患者{N}人。", "安全检查人员{N}人。",
     "检查组成员{N}人。", "出动执法人员{N}人次。", "普查人口{N}人。", "选聘普查指导员和普查员{N}人。",
     "应查{N}人。", "漏查{N}人。", "治疗{N}人。", "检出{N}例。"],
)
P["governance.contracts"] = (
    ["签订协议书{N}份。", "签订合同{N}份。", "签订目标责任书{N}份。", "与群众签订协议{N}份。",
     "共签订计划生育合同{N}份。", "签订诚信计生协议{N}户。", "签约{N}户。", "续签合同{N}份。",
     "与{N}户签订了协议。", "与{N}个村签订目标管理责任书。", "签订村民自治合同{N}份。",
     "签订合同书{V}{N}份。", "签订率100%,签订{N}份。", "与育龄夫妇签订协议{N}对。",
     "与{N}家企业签订劳动合同。", "全镇签订责任状{N}份。", "合同书{N}份。", "签订承诺书{N}份。",
     # firms signed with count whatever they sign (SCHEMA: contracts / agreements signed; contracts12
     # moved this frame here from the look-alikes, where it said a 责任书 was no agreement)
     "与{N}家企业签订了责任书。"],
    BIG,
    ["应签{N}份。", "未签{N}份。", "合同到期{N}份。", "签约医生{N}人。", "签约居民{N}人。",
     "走访辖区企业{N}家。", "对{N}家企业开展了检查。", "举行责任书签订仪式{N}次。"],
)
P["outreach.materials"] = (
    [f"{verb}{lab}{{N}}{unit}。" for verb in ["发放", "印发", "散发", "免费发放", "分发", "赠送", "派发", "发放各类"]
     for lab, unit in [("宣传资料", "份"), ("宣传品", "份"), ("宣传单", "张"), ("宣传册", "本"),
                       ("健康教育材料", "份"), ("计生服务袋", "个"), ("宣传挂图", "幅"), ("宣传咨料", "份"),
                       ("《新婚必读》", "本"), ("“致育龄群众的一封信”", "份"), ("明白纸", "份"),
                       ("宣传折页", "份"), ("知识手册", "册"), ("宣传画", "张"), ("宣传小报", "份"),
                       ("倡议书", "份"), ("宣传扇", "把"), ("宣传品和资料", "份"), ("宣传单页", "张")]]
    + ["宣传资料{V}{N}份。", "发放宣传资料{V}{N}份。", "印制宣传材料{N}份。", "发放{N}份宣传资料。",
       "印发{N}份。"],
    BIG,
    ["张贴标语{N}条。", "悬挂横幅{N}幅。", "制作展板{N}块。", "每村发放{N}份。", "张贴宣传画{N}张。",
     "刷写墙体标语{N}条。", "出黑板报{N}期。", "发放避孕药具{N}盒。"],
)
P["outreach.contraceptives"] = (
    [f"{verb}{lab}{{N}}{unit}。" for verb in ["发放", "免费发放", "送", "提供", "配送"]
     for lab, unit in [("避孕药具", "盒"), ("避孕套", "只"), ("药具", "盒"), ("计生用品", "份"),
                       ("安全套", "只"), ("避孕药", "板"), ("各类避孕药具", "盒")]]
    + ["避孕药具{V}{N}盒。", "发放{N}盒避孕药具。"],
    BIG,
    ["建立药具发放点{N}个。", "药具发放机{N}台。", "药具箱{N}个。"],
)
P["association.members"] = (
    [f"{pre}{lab}{{V}}{{N}}{unit}。" for pre in ["", "全镇"]
     for lab, unit in [("协会会员", "人"), ("会员", "名"), ("计生协会会员", "人"), ("现有会员", "人"),
                       ("会员总数", "人"), ("协会会员人数", "人"), ("会员人数", "名"), ("计生协会员", "人")]]
    + ["有会员{N}人。", "发展会员{N}人。", "全镇共有会员{N}名。", "全镇协会组织16个,会员{N}人。",
       "会员由1000人发展到{N}人。"],
    BIG,
    ["组织会员{N}人参加培训。", "{N}名会员参加了活动。", "优秀会员{N}名。", "会员代表{N}人。",
     "养殖协会会员{N}人。", "老年协会会员{N}人。", "表彰优秀会员{N}名。", "每个会员联系10户,共{N}户。",
     "动员会员{N}人参与宣传。", "全镇会员5万人,其中青年会员{N}人。"],
)
P["association.count"] = (
    ["协会{N}个。", "计生协会组织{N}个。", "村级协会{N}个。", "协会组织{N}家。", "建立{N}个村级计生协会。",
     "成立协会{N}个。", "全镇共有计生协会{N}个。", "全镇协会组织{V}{N}个。", "计生协会组织总数{V}{N}个。",
     "村级计生协会{N}个。", "全镇建立计生分会{N}个。", "协会数{V}{N}个。"],
    SMALL,
    ["养殖协会{N}个。", "会员小组{N}个。", "示范协会{N}个。", "协会服务站{N}个。", "协会活动室{N}个。",
     "老年协会{N}个。", "与{N}个协会结对。"],
)
P["training.participants"] = (
    ["培训{N}人次。", "参训{N}人。", "举办培训班3期,培训{N}人。", "培训育龄妇女{N}人次。",
     "受训人员{N}人。", "参加培训人员{N}人次。", "培训计生干部{N}名。", "轮训村干部{N}人次。",
     "培训人数{V}{N}人。", "举办培训班3期、{N}人。", "开展技能培训,受训群众{N}人次。",
     "培训学员{N}名。", "对{N}名专干进行了培训。"],
    BIG,
    ["培训班{N}期。"],
)
P["finance.money"] = (
    [f"{lab}{{V}}{{N}}元。" for lab in ["投入资金", "投资", "发放奖励金", "拨付经费", "支出",
                                         "兑现奖励扶助金", "投入经费", "累计投入", "发放补助资金",
                                         "落实奖励资金", "下拨资金", "发放救助金", "奖励", "补助",
                                         "用于计生工作经费", "投入", "安排专项资金", "支付"]]
    + ["每人每月{N}元。", "人均补助{N}元。", "药具价值{N}元。", "发放独生子女保健费{N}元。",
       "投资{N}元建成服务站。", "共投入{N}元。"],
    MONEY,
    ["人均纯收入{N}元。", "财政收入{N}元。", "税收{N}元。", "征收社会抚养费{N}元。", "招商引资{N}元。",
     "接受捐款{N}元。", "比上年增加{N}元。", "产值{N}元。", "销售额{N}元。", "实现生产总值{N}元。",
     "农民人均可支配收入{N}元。", "挽回经济损失{N}元。", "上缴税金{N}元。", "利润{N}元。",
     "引进资金{N}元。", "营业收入{N}元。", "收取费用{N}元。", "收到捐赠{N}元。"],
)


# Round 2: frames written after round 1 was fixed, to estimate how far the fixes generalise
# (run alone with --round 2; the first measure of a round is the honest one)
P2 = {}
P2["population.total"] = (
    ["全镇辖12个行政村,5230户,{N}人。", "全村共有农户420户{N}人。", "全镇共有人口{N}人。", "现有总人口{N}人。",
     "辖区内总人口{N}人。", "全镇户籍总人口{V}{N}人。", "全镇常住总人口{V}{N}人。", "总人口数{V}{N}人。",
     "全镇人口{N}人,其中男性16000人。", "全镇面积80平方公里,有人口{N}人。", "我镇总人口{V}{N}人。",
     "我乡共有人口{N}人。", "镇域总人口{V}{N}人。", "社区现有居民1200户、{N}人。", "全乡总人口{V}{N}人。",
     "全镇共有居民{N}人。", "本村现有人口{V}{N}人。", "全镇总人口（户籍）{N}人。"],
    BIG,
    ["其中:东山村{N}人。", "户籍人口中,农业人口{N}人。", "常住人口比上年增加{N}人。", "全年出生{N}人。",
     "死亡{N}人。", "户均人口{N}人。", "东村40户、156人,西村52户、{N}人。", "全镇贫困户320户、{N}人。",
     "全镇低保户320户、{N}人。", "易地搬迁320户{N}人。", "外出务工人员{N}人。", "全镇60岁以上老人{N}人。",
     "全镇学生{N}人。", "受益群众{N}人。", "全镇党员{N}人。"],
)
P2["population.married_women"] = (
    ["育龄妇女8000人,其中已婚育龄妇女{N}人。", "已婚育龄妇女(15-49周岁){N}人。", "全镇有已婚育龄妇女{V}{N}人。",
     "在册已婚育龄妇女{N}人。", "现有已婚育龄妇女{V}{N}人。", "15—49岁已婚育龄妇女{N}人。",
     "已婚育龄妇女人数{V}{N}人。", "全镇{N}名已婚育龄妇女。", "全乡已婚育龄妇女{V}{N}名。"],
    BIG,
    ["已婚育龄妇女中,一孩{N}人。", "对{N}名已婚育龄妇女进行了随访。", "已婚育龄妇女中落实节育措施{N}人。",
     "育龄妇女{N}人。", "全镇育龄妇女{V}{N}人。", "流动人口中已婚育龄妇女{N}人。"],
)
P2["admin.villages"] = (
    ["全镇辖{N}个行政村和2个居委会。", "全镇辖2个居委会和{N}个行政村。", "全镇{N}个行政村、152个村民小组。",
     "下设{N}个村委会。", "全乡有行政村{N}个。", "村委会{N}个、村民小组120个。", "行政村{N}个,自然村56个。",
     "该镇现辖{N}个村。", "辖区内有{N}个村。", "全镇共有{N}个村（社区）。", "管辖{N}个村民委员会。",
     "全镇共辖{N}个行政村(社区)。", "全乡现有建制村{V}{N}个。"],
    SMALL,
    ["已有{N}个村实现了村村通。", "辖10个村,其中{N}个村为贫困村。", "新建{N}个村级活动场所。", "示范村{N}个。",
     "贫困村{N}个。", "重点村{N}个。", "自然村{N}个。", "达标村{N}个。", "先进村{N}个。", "试点村{N}个。",
     "帮扶{N}个村。", "全镇{N}个村级服务室。", "辐射周边{N}个村。", "包括{N}个自然村。"],
)
P2["health.screenings"] = (
    ["妇检{V}{N}人次。", "参加孕检{N}人。", "开展生殖健康检查{N}人次。", "免费健康体检{N}人。", "孕环情监测{N}人次。",
     "完成查环查孕{N}人次。", "参加“三查”{N}人次。", "为育龄妇女免费开展孕前优生健康检查{N}人。",
     "共为{N}名妇女进行了妇科病检查。", "实施免费孕前优生健康检查{N}对。", "计划怀孕夫妇参检{N}对。",
     "两癌筛查{V}{N}人。", "随访服务{N}人次。", "孕检人数{V}{N}人。"],
    BIG,
    ["抽调医务人员{N}名开展检查。", "组织普查员{N}人。", "查出妇科病患者{N}人。", "检查发现问题{N}人。",
     "检查出{N}例。", "参加检查的医务人员{N}名。", "人口普查工作人员{N}人。", "接受安全检查{N}人次。"],
)
P2["governance.contracts"] = (
    ["与各村签订目标管理责任书{N}份。", "签订《计划生育合同》{N}份。", "签订率达98%,共签订{N}份。",
     "与育龄妇女签订服务协议{N}份。", "签订三为主合同{N}户。", "与流动人口签订管理协议{N}份。",
     "签订承诺书{N}户。", "合同签订{N}份。", "与{N}名育龄妇女签订协议。", "签订协议书{V}{N}份。"],
    BIG,
    ["签约家庭医生服务{N}人。", "应签订{N}份。", "尚未签订{N}份。"],
)
P2["outreach.materials"] = (
    ["发放宣传材料{N}份。", "发放各类宣传资料{N}份。", "发放宣传品{N}件。", "发放宣传资料和宣传品共{N}份。",
     "发放宣传单、宣传册等{N}份。", "发放婚育新风宣传资料{N}份。", "发放宣传物品{N}件。", "赠送宣传挂历{N}本。",
     "发放宣传年画{N}张。", "发放避孕知识手册{N}册。", "印制《计生政策问答》{N}本。", "发放致群众一封信{N}份。",
     "发放宣传资料{V}{N}份。", "共发放宣传单{N}张。", "散发计生宣传资料{N}份。"],
    BIG,
    ["制作宣传栏{N}块。", "办理婚育证明{N}份。", "发放独生子女证{N}份。", "发放生育服务证{N}本。",
     "发放联系卡{N}张。", "发放调查问卷{N}份。", "收回问卷{N}份。"],
)
P2["outreach.contraceptives"] = (
    ["发放避孕药具{N}盒(支)。", "免费提供避孕药具{N}盒。", "免费发放计生药具{N}盒。", "发放避孕套{N}盒。",
     "发放紧急避孕药{N}板。", "发放外用避孕药{N}支。", "发放药具{V}{N}盒。"],
    BIG,
    ["药具发放网点{N}个。"],
)
P2["association.members"] = (
    ["协会会员发展到{N}人。", "会员队伍壮大到{N}人。", "全镇有计生协会会员{N}名。", "村级协会会员{N}人。",
     "拥有会员{N}人。", "共有会员{N}名。", "计生协会共有会员{N}人。", "现有协会会员{N}人。", "会员{N}名。",
     "会员人数{V}{N}人。"],
    BIG,
    ["{N}名会员参加。", "组织{N}名会员开展宣传。", "会员骨干{N}人。", "发动{N}名会员入户宣传。",
     "老年协会会员{N}名。", "志愿者{N}人。", "评选优秀会员{N}人。"],
)
P2["association.count"] = (
    ["全镇共建立计生协会组织{N}个。", "成立村级计生协会{N}个。", "协会组织已发展到{N}个。", "建立计生协会{N}个。",
     "村级协会{N}家。", "企业计生协会{N}个。", "流动人口计生协会{N}个。", "计生协会{V}{N}个。"],
    SMALL,
    ["养殖协会{N}个。", "老年人协会{N}个。", "示范协会{N}个。", "协会会员小组{N}个。", "专业合作社{N}个。"],
)
P2["training.participants"] = (
    ["培训计生专干{N}人次。", "举办培训班8期,培训{N}人次。", "参加培训{N}人。", "受训{N}人次。",
     "参训人员达{N}人。", "培训育龄群众{N}人次。", "开展技能培训{N}人。", "共培训{N}人次。",
     "对{N}名村专干进行业务培训。", "培训人次{V}{N}人次。"],
    BIG,
    ["培训{N}期。"],
)
P2["finance.money"] = (
    ["发放奖扶金{N}元。", "兑现独生子女奖励{N}元。", "落实各项奖励{N}元。", "划拨{N}元。", "拨付专项资金{N}元。",
     "投资{N}元建设服务站。", "补助资金{N}元。", "发放救助资金{N}元。", "资助{N}元。", "捐资{N}元。",
     "安排经费{N}元。", "拿出{N}元。", "花费{N}元。", "发放价值{N}元的药具。", "人均{N}元。", "每户奖励{N}元。",
     "共计投入{N}元。", "经费投入{V}{N}元。"],
    MONEY,
    ["人均纯收入{N}元。", "实现税收{N}元。", "完成财政收入{N}元。", "社会抚养费征收{N}元。", "罚款{N}元。",
     "营业额{N}元。", "实现利税{N}元。", "招商引资到位资金{N}元。", "农民人均纯收入达{N}元。", "存款余额{N}元。",
     "村集体经济收入{N}元。", "外出务工收入{N}元。", "获得捐赠{N}元。", "引进项目总投资{N}元。",
     "比去年增长{N}元。", "收入{N}元。"],
)

# Round 3: the same core statements behind time and place phrases (截至…年底, 目前, 年末),
# in more number forms (full-width digits, 两万多, 近三万, a space before the unit), and parts
# after 其中 in their usual shapes
PREFIXES = ["", "截至2023年底,", "截至目前,", "2023年末,", "年末", "到去年底,", "目前,", "截止6月底,", "据统计,",
            "全年"]
FORMS3 = {"fullwidth": "３２５６", "cnwan": "一万二千三百", "liangwan": "两万多", "jin": "近三万", "space": "3256 ",
          "yuming": "3256余", "wanyu": "1.2万余"}
SMALL3 = {"arabic": "12", "fullwidth": "１２", "cn": "十二", "space": "12 "}
P3 = {}
P3["population.total"] = (
    [p + f for p in PREFIXES for f in ["全镇总人口{N}人。", "全镇共有{N}人。", "总人口{N}人。", "全乡现有人口{N}人。",
                                      "全镇共有5230户,{N}人。", "全镇户籍人口{N}人。"]],
    FORMS3,
    ["全镇总人口5万人,其中:农业人口{N}人。", "全镇总人口5万人(其中常住人口{N}人)。", "总人口5万人,内含流动人口{N}人。",
     "全镇总人口5万人,其中,男性{N}人。"],
)
P3["population.married_women"] = (
    [p + f for p in PREFIXES for f in ["全镇已婚育龄妇女{N}人。", "已婚育龄妇女{N}人。", "全镇共有已婚育龄妇女{N}名。"]],
    FORMS3,
    ["已婚育龄妇女5000人,其中:农村{N}人。"],
)
P3["admin.villages"] = (
    [p + f for p in PREFIXES for f in ["全镇辖{N}个行政村。", "全镇共有{N}个村委会。", "行政村{N}个。", "辖{N}个村。"]],
    SMALL3,
    ["全镇辖20个村,其中:{N}个村为山区村。", "全镇辖20个行政村(其中{N}个社区)。"],
)
P3["association.members"] = (
    [p + f for p in PREFIXES for f in ["全镇协会会员{N}人。", "全镇共有会员{N}名。", "会员总数{N}人。"]],
    FORMS3,
    ["全镇会员2万人,其中:女会员{N}人。", "全镇会员2万人(其中青年会员{N}人)。"],
)
P3["association.count"] = (
    [p + f for p in PREFIXES for f in ["全镇计生协会组织{N}个。", "协会组织{N}个。", "全镇共建立计生协会{N}个。"]],
    SMALL3,
    ["协会组织30个,其中:村级协会{N}个。", "协会组织30个(其中企业协会{N}个)。"],
)
P3["outreach.materials"] = (
    [p + f for p in PREFIXES for f in ["发放宣传资料{N}份。", "共发放各类宣传品{N}份。"]],
    FORMS3,
    ["发放宣传品5万份,其中:宣传册{N}本。"],
)
P3["finance.money"] = (
    [p + f for p in PREFIXES for f in ["投入资金{N}元。", "共投入计生经费{N}元。"]],
    FORMS3,
    ["投入资金50万元,其中:县级配套{N}元。"],
)
P3["health.screenings"] = (
    [p + f for p in PREFIXES for f in ["开展查环查孕{N}人次。", "免费孕前优生健康检查{N}人。"]],
    FORMS3,
    ["查环查孕5万人次,其中:流动人口{N}人次。"],
)
P3["training.participants"] = (
    [p + f for p in PREFIXES for f in ["培训育龄群众{N}人次。"]],
    FORMS3,
    ["培训5万人次,其中:村干部{N}人次。"],
)
P3["governance.contracts"] = (
    [p + f for p in PREFIXES for f in ["签订计划生育合同{N}份。"]],
    FORMS3,
    ["签订合同5万份,其中:流动人口{N}份。"],
)
P3["outreach.contraceptives"] = (
    [p + f for p in PREFIXES for f in ["发放避孕药具{N}盒。"]],
    FORMS3,
    ["发放避孕药具5万盒,其中:避孕套{N}盒。"],
)

# Round 4: lists (、 and commas), table-like text (spaces, tabs, line breaks between label and
# number), and changes after a statement (比上年增加…)
P4 = {}
P4["population.total"] = (
    ["辖12个村、156个村民小组、5230户、{N}人。", "全镇辖12个行政村,总人口{N}人、5230户。", "总人口 {N} 人", "总人口\t{N}人",
     "总人口\n{N}人", "全镇总户数5230户、总人口{N}人。", "全镇总人口{N}人,比上年增加120人。",
     "全镇总人口{N}人,已婚育龄妇女3200人。", "基本情况:全镇面积86平方公里,辖12个村,总人口{N}人。",
     "全镇辖12个行政村,共5230户{N}人。", "全镇有12个村,5230户,人口{N}人。"],
    BIG,
    ["全镇总人口5万人,比上年增加{N}人。", "全镇总人口5万人,已婚育龄妇女3200人,流动人口{N}人。",
     "全镇总人口5万人,育龄妇女{N}人。", "全镇总人口5万人、其中女性{N}人。"],
    # 户籍人口5万人,常住人口N人 (two totals side by side) is left out: debatable
)
P4["population.married_women"] = (
    ["全镇总人口5万人,已婚育龄妇女{N}人。", "已婚育龄妇女 {N} 人", "已婚育龄妇女\t{N}人", "已婚育龄妇女\n{N}人",
     "全镇总人口5万人、已婚育龄妇女{N}人。", "全镇育龄妇女8000人,已婚育龄妇女{N}人。"],
    BIG,
    ["已婚育龄妇女3200人、流动人口{N}人。", "已婚育龄妇女3200人,比上年增加{N}人。",
     "已婚育龄妇女3200人,其中一孩{N}人。"],
)
P4["admin.villages"] = (
    ["全镇辖{N}个行政村、1个居委会。", "辖{N}个村、156个村民小组、5230户。", "行政村 {N} 个", "村委会\t{N}个",
     "全镇辖居委会2个、村委会{N}个。", "村(居)委会{N}个。", "全镇辖{N}个村(居)、156个组。",
     "全镇辖1个社区和{N}个村。", "全镇有{N}个行政村和1个农场。"],
    SMALL,
    ["全镇辖10个村、{N}个村民小组。", "全镇辖10个村,其中{N}个贫困村。"],
    # 全镇辖10个村,8个村建起了… (a subset without 已有/其中) is left out: debatable
)
P4["association.members"] = (
    ["全镇协会会员{N}人,占总人口的10%。", "会员 {N} 人", "协会会员\t{N}人", "协会组织16个、会员{N}人。",
     "全镇计生协会16个,会员{N}人。"],
    BIG,
    ["会员1800人,比上年增加{N}人。", "会员1800人、其中女会员{N}人。"],
)
P4["association.count"] = (
    ["计生协会组织 {N} 个", "全镇协会组织{N}个、会员1800人。", "建立村级协会{N}个、会员小组60个。"],
    SMALL,
    ["全镇协会16个,比上年增加{N}个。", "协会16个、会员小组{N}个。"],
)
P4["outreach.materials"] = (
    ["发放宣传资料、宣传品{N}份。", "发放宣传资料{N}份、避孕药具2000盒。", "发放宣传单、宣传册等资料{N}份。",
     "发放宣传资料 {N} 份", "共发放宣传资料{N}份,宣传品2000件。"],
    BIG,
    ["发放宣传资料5000份,比上年增加{N}份。", "发放宣传资料5000份、避孕药具{N}盒。"],
)
P4["outreach.contraceptives"] = (
    ["发放宣传资料5000份、避孕药具{N}盒。", "免费发放避孕药具{N}盒、宣传资料5000份。", "避孕药具 {N} 盒"],
    BIG,
    [],
)
P4["health.screenings"] = (
    ["开展查环查孕{N}人次、B超检查2000人次。", "孕前优生健康检查{N}对、随访2000人次。", "查环查孕 {N} 人次",
     "开展“三查”服务{N}人次,查出妇科病300人。"],
    BIG,
    ["开展“三查”服务5000人次,查出妇科病{N}人。", "查环查孕5000人次,比上年增加{N}人次。"],
)
P4["governance.contracts"] = (
    ["签订合同{N}份、责任书300份。", "签订计划生育合同{N}份,签订率98%。", "签订合同 {N} 份"],
    BIG,
    ["签订合同5000份,比上年增加{N}份。"],
)
P4["training.participants"] = (
    ["举办培训班12期、培训{N}人次。", "培训{N}人次、发放资料5000份。", "培训 {N} 人次"],
    BIG,
    ["培训5000人次,比上年增加{N}人次。"],
)
P4["finance.money"] = (
    ["投入资金{N}元、发放宣传资料5000份。", "投入资金 {N} 元", "投入资金{N}元,其中县级配套20万元。"],
    MONEY,
    ["投入资金50万元,比上年增加{N}元。", "投入资金50万元,比上年多{N}元。", "投入资金同比增长{N}元。"],
)

# Round 5: less common names of the things counted (materials, screenings, associations)
P5 = {}
P5["outreach.materials"] = (
    [f"发放{lab}{{N}}{unit}。" for lab, unit in [
        ("科普资料", "份"), ("健康处方", "份"), ("计生宣传品", "份"), ("避孕节育知识读本", "本"), ("宣传画册", "本"),
        ("健康知识卡片", "张"), ("生殖保健知识书籍", "本"), ("图书", "册"), ("宣传光盘", "张"), ("宣传品（资料）", "份"),
        ("政策宣传单", "张"), ("计生政策汇编", "本"), ("宣传提纲", "份"), ("宣传资料袋", "个"), ("宣传手册", "本"),
        ("计划生育政策问答", "份"), ("科普图书", "册"), ("连环画", "本"), ("宣传物资", "件"), ("健康教育处方", "份")]],
    BIG,
    ["发放生育服务证{N}本。", "发放独生子女父母光荣证{N}本。", "发放调查表{N}份。", "悬挂宣传横幅{N}条。"],
)
P5["health.screenings"] = (
    [f"{lab}{{N}}{unit}。" for lab, unit in [
        ("开展免费婚检", "人"), ("孕前检查", "人"), ("开展环孕检", "人次"), ("开展妇女病检查", "人"), ("乳腺癌筛查", "人"),
        ("宫颈癌筛查", "人"), ("婚前医学检查", "人"), ("产后访视", "人次"), ("生殖健康检查", "人次"), ("开展查环查孕查病", "人次"),
        ("开展孕情跟踪服务", "人次"), ("新生儿访视", "人次"), ("孕前优生检测", "人")]],
    # 生殖道感染干预N人次 (an intervention, maybe a treatment) is left out: debatable
    BIG,
    ["普查人员{N}人。", "检查中发现问题{N}人。", "参加普查培训{N}人。"],
)
P5["association.count"] = (
    ["建立计生协会分会{N}个。", "成立村级计生协会分会{N}个。", "流动人口协会{N}个。",
     # 建立协会小组N个 is left out: SCHEMA counts "its branches and groups", the rules leave 小组 out
     "全镇计生协会组织{N}个。", "企业协会{N}个。"],
    SMALL,
    ["协会会员小组{N}个。", "协会活动室{N}个。", "协会服务站{N}个。"],
)
P5["association.members"] = (
    ["全镇发展计生协会员{N}人。", "全镇计生协会共有会员{N}人。", "协会现有会员{N}名。", "村级协会会员{N}人。",
     "计生协会会员总数{N}人。"],
    BIG,
    ["会员代表{N}人。", "会员小组长{N}人。", "会员骨干{N}人。", "{N}名会员参与了宣传。"],
)

# Round 6: shapes rounds 1-5 did not cross (the label BEFORE the number was the only order):
# the number before its label (3200名会员, 16个村级协会, 2000份宣传资料, 3256口人), labels after a
# measure word, from-to levels (由上年的…人减少到…人: both ends are levels at two dates, as
# core_lookalikes' past_years keeps a level stated at a past date; the difference is a change),
# 为/对/给/向/与 + number + label + verb (the verb decides: 检查 → screenings, 培训 → training,
# 签订 → contracts; people served or handed things are no count of the thing), table-like lines
# (项目⇥数量, 合计/共计 after the label) and apposition (全镇11个村、4个社区、…人). Look-alikes in the
# same shapes: subsets (流动已婚育龄妇女), other units (村民小组, 自然村), recipients, changes.
# A look-alike written "~…" is a change: it fails only when it gets the metric with no direction
# (as core_lookalikes scores changes; finance.money changes must be "other" outright).
P6 = {}
P6["population.total"] = (
    ["全镇共有{N}口人。", "全村{N}口人。", "全镇拥有{N}人口。", "这是一个拥有{N}人口的乡镇。",
     "全镇总人口由上年的30100人减少到{N}人。", "全镇总人口由上年的{N}人减少到29800人。",
     "全镇人口从2010年的{N}人增加到2015年的4.1万人。", "全镇总人口增加到{N}人。", "全乡总人口已增至{N}人。",
     "全镇总人口合计{N}人。", "总人口合计:{N}人", "项目\t数量\n总人口\t{N}人\n", "总人口 …… {N}人",
     "全镇11个村、4个社区、{N}人。", "全镇11个行政村,5230户,{N}口人。", "全镇面积86平方公里、{N}人。",
     "全镇辖11个村4个社区,共{N}人。", "全镇共计{N}人。"],
    BIG,
    ["~全镇总人口由上年的30100人减少到29800人,减少了{N}人。", "~全镇总人口比上年减少{N}人,降至29800人。",
     "解决了{N}人口的饮水问题。", "为{N}人办理了医疗保险。", "对{N}名流动人口进行了登记。", "{N}口人的安全饮水得到保障。",
     "流动人口合计{N}人。", "合计:出生{N}人。", "全镇{N}名外出务工人员。", "全镇11个村、{N}名党员。",
     "东村400户、1650人,西村520户、{N}人。", "项目\t数量\n流动人口\t{N}人\n", "全镇有{N}名留守儿童。"],
)
P6["population.married_women"] = (
    ["全镇有{N}名15-49岁已婚育龄妇女。", "全镇已婚育龄妇女由上年的3100人增加到{N}人。",
     "已婚育龄妇女由上年的{N}人增加到3150人。", "已婚育龄妇女合计{N}人。", "项目\t数量\n已婚育龄妇女\t{N}人\n",
     "全镇5230户、{N}名已婚育龄妇女。", "全镇现有{N}名已婚育龄妇女,其中一孩1500人。", "已婚育龄妇女共计:{N}人",
     "全镇总人口3万人,{N}名已婚育龄妇女。"],
    BIG,
    ["流动已婚育龄妇女合计{N}人。", "全镇{N}名流动已婚育龄妇女。", "为已婚育龄妇女{N}人落实了长效节育措施。",
     "为{N}名已婚育龄妇女落实节育措施。", "向{N}名已婚育龄妇女发放宣传资料。", "给{N}名已婚育龄妇女发放避孕药具。",
     "对{N}名已婚育龄妇女进行了孕情检查。", "~已婚育龄妇女由3100人增加到3150人,增加了{N}人。",
     "全镇{N}名外出已婚育龄妇女。", "为{N}名已婚育龄妇女建立了档案。"],
)
P6["admin.villages"] = (
    ["全镇{N}个村、4个社区。", "全镇11个村、{N}个社区。", "全镇{N}个行政村、4个社区、156个村民小组。",
     "全镇{N}个村(社区)、5230户。", "我镇{N}个行政村,总人口3万人。", "行政村合计{N}个。", "村委会 合计 {N}个",
     "项目\t数量\n行政村\t{N}个\n", "全镇行政村由28个合并为{N}个。", "村级建制调整后,全镇村委会由28个减少到{N}个。",
     "全镇共{N}个村委会、2个居委会。", "全镇设{N}个村民委员会和2个社区居委会。"],
    SMALL,
    ["全镇11个村、{N}个村民小组。", "全镇11个村、{N}个自然村。", "为{N}个村配备了计生专干。", "给{N}个村发放了药具。",
     "向{N}个村下拨经费。", "对{N}个村进行了考核。", "~全镇行政村由28个减少到16个,减少了{N}个。",
     "{N}个村的群众参加了活动。", "自然村合计{N}个。", "项目\t数量\n村民小组\t{N}个\n", "与{N}个村签订了责任书。"],
)
P6["association.members"] = (
    ["全镇共有{N}名会员。", "全镇{N}名会员。", "全镇{N}名计生协会会员。", "拥有{N}名协会会员。",
     "会员由上年的3000人发展到{N}人。", "会员合计{N}人。", "全镇16个协会、{N}名会员。", "现有{N}名会员。",
     "项目\t数量\n协会会员\t{N}人\n", "计生协会现有{N}名会员。"],
    BIG,
    ["{N}名会员参加了培训。", "为{N}名会员发放了会员证。", "向{N}名会员赠送宣传资料。", "对{N}名会员进行了表彰。",
     "给{N}名困难会员送去慰问金。", "~会员由3000人发展到3100人,增加了{N}人。", "全镇{N}名养殖协会会员。",
     "{N}名会员骨干参与入户宣传。", "项目\t数量\n会员小组\t{N}个\n"],
)
P6["association.count"] = (
    ["全镇建有{N}个村级协会。", "全镇{N}个村级计生协会。", "全镇共有{N}个计生协会组织。", "全镇{N}个协会、1800名会员。",
     "协会组织合计{N}个。", "全镇计生协会由8个发展到{N}个。", "项目\t数量\n计生协会\t{N}个\n", "全镇已建立{N}个计生协会。"],
    SMALL,
    ["为{N}个村级协会配备了办公设备。", "对{N}个协会进行了考核。", "给{N}个协会拨付经费。", "全镇{N}个养殖协会。",
     "全镇{N}个会员小组。", "~全镇计生协会由8个发展到20个,增加了{N}个。", "{N}个协会被评为示范协会。"],
)
P6["outreach.materials"] = (
    ["将{N}份宣传资料发放到群众手中。", "{N}份宣传资料已发放到户。", "共发放了{N}份各类宣传资料。",
     "发放{N}份《致育龄群众的一封信》。", "印发{N}张宣传单。", "向群众发放{N}份宣传资料。", "为群众发放宣传资料{N}份。",
     "给育龄群众发放{N}份宣传品。", "宣传资料合计{N}份。", "项目\t数量\n发放宣传资料\t{N}份\n", "发放宣传资料共计:{N}份"],
    BIG,
    ["向{N}户发放宣传资料。", "给{N}名群众发放宣传资料。", "为{N}户群众送去宣传品。", "张贴{N}条标语。",
     "悬挂{N}幅横幅。", "收回{N}份调查问卷。", "标语合计{N}条。", "项目\t数量\n张贴标语\t{N}条\n"],
)
P6["outreach.contraceptives"] = (
    ["将{N}盒避孕药具送到群众手中。", "{N}盒避孕药具已发放到户。", "向育龄群众发放{N}盒避孕药具。",
     "为育龄夫妇免费提供{N}盒药具。", "给群众发放{N}只避孕套。", "避孕药具合计{N}盒。", "项目\t数量\n发放避孕药具\t{N}盒\n"],
    BIG,
    ["向{N}对育龄夫妇发放避孕药具。", "给{N}名育龄妇女发放避孕药具。", "为{N}人提供药具服务。", "药具发放点合计{N}个。"],
)
P6["health.screenings"] = (
    ["对全镇{N}名已婚育龄妇女进行孕情检查。", "为已婚育龄妇女{N}人次开展孕检。", "为{N}名育龄妇女免费体检。",
     "给{N}名妇女做了B超检查。", "对{N}对计划怀孕夫妇开展孕前优生健康检查。", "查环查孕合计{N}人次。",
     "{N}名育龄妇女参加了妇检。", "项目\t数量\n查环查孕\t{N}人次\n", "对{N}名育龄妇女开展了两癌筛查。"],
    BIG,
    ["对{N}名已婚育龄妇女进行了走访。", "为{N}名育龄妇女落实了节育措施。", "查出{N}名妇科病患者。",
     "{N}名医务人员参加了检查。", "对{N}名流动人口进行了登记。", "~查环查孕比上年增加{N}人次。"],
)
P6["governance.contracts"] = (
    ["与全镇{N}名已婚育龄妇女签订了合同。", "同{N}户育龄家庭签订协议。", "{N}份合同全部签订到位。",
     "共签订了{N}份计划生育合同。", "签订合同合计{N}份。", "和{N}对夫妇签订协议书。", "项目\t数量\n签订合同\t{N}份\n"],
    BIG,
    ["{N}份合同到期。", "{N}名签约医生。", "为{N}户办理了证件。", "~签订合同比上年增加{N}份。"],
)
P6["training.participants"] = (
    ["为{N}名村干部举办培训。", "对全镇{N}名计生专干进行业务培训。", "{N}名计生专干参加了培训。",
     "{N}人次参加培训。", "培训人数合计{N}人。", "项目\t数量\n培训人员\t{N}人次\n", "给{N}名育龄妇女进行技能培训。"],
    BIG,
    ["举办{N}期培训班。", "对{N}名已婚育龄妇女进行了走访。", "为{N}名群众发放宣传资料。"],
)
P6["finance.money"] = (
    ["向困难家庭发放{N}元救助金。", "投入{N}元建设服务站。", "将{N}元奖扶金发放到位。", "{N}元资金已全部拨付到位。",
     "奖励扶助标准由每人每年600元提高到{N}元。", "投入资金合计{N}元。", "项目\t金额\n计生经费\t{N}元\n",
     "为计生户发放奖励金{N}元。", "给独生子女户发放{N}元奖励金。", "镇财政共计投入{N}元。"],
    MONEY,
    ["农民人均纯收入由2000元增加到{N}元。", "收入合计{N}元。", "实现{N}元的销售收入。", "完成{N}元的税收任务。",
     "奖励扶助资金比上年增加{N}元。", "项目\t金额\n财政收入\t{N}元\n", "引进{N}元的项目资金。"],
)


# Round 7: written after round 6 was fixed (so after the rules were read: a less blind estimate):
# the same shapes in other words: more change verbs (减至, 变为, 上升为, 发展至), markdown and
# colon table rows (| 总人口 | N人 |, 项目:总人口 数量:N人), 出头 as an approximation (三千出头的人口),
# the total named inside a phrase (在全镇N名已婚育龄妇女中), lists of villages with 村(居), and
# 为/对/给/向 before other things counted (households, couples, villages)
P7 = {}
P7["population.total"] = (
    ["全镇人口减至{N}人。", "全镇总人口由上年的30100人变为{N}人。", "全镇总人口上升为{N}人。", 
     "全镇总人口从上年的30100人发展至{N}人。", "| 总人口 | {N}人 |", "项目:总人口  数量:{N}人", "全村{N}出头的人口。", "全村人口{N}出头。",
     "全镇下辖11个村(居)、{N}人。", "在全镇{N}人口中,流动人口占一成。", "全镇{N}人口中,农业人口占八成。"],
    BIG,
    ["全镇人口比上年减少{N}人,减至29800人。", "| 流动人口 | {N}人 |", "在{N}名流动人口中,已婚的占一半。",
     "全镇11个村(居)、{N}人受益。", "为{N}人发放了救助金。", "向{N}人宣传政策。"],
)
P7["population.married_women"] = (
    ["在全镇{N}名已婚育龄妇女中,已落实节育措施的有3000人。", "全镇{N}名已婚育龄妇女中,一孩1500人。",
     "| 已婚育龄妇女 | {N}人 |", "已婚育龄妇女减至{N}人。", "已婚育龄妇女由上年的3100人变为{N}人。",
     "项目:已婚育龄妇女  数量:{N}人"],
    BIG,
    ["在{N}名流动已婚育龄妇女中,持证的占九成。", "对{N}名已婚育龄妇女进行了走访。", "替{N}名已婚育龄妇女办理了证件。",
     "| 流动已婚育龄妇女 | {N}人 |", "帮{N}名已婚育龄妇女解决了困难。"],
)
P7["admin.villages"] = (
    ["全镇下辖{N}个村(居)、4个社区。", "| 行政村 | {N}个 |", "项目:行政村  数量:{N}个", "全镇村委会减至{N}个。",
     "全镇行政村由28个变为{N}个。", "在全镇{N}个村中,有8个村建起了活动室。", "全镇{N}个村(居)委会。"],
    SMALL,
    ["| 自然村 | {N}个 |", "在{N}个试点村中,有8个村达标。", "为{N}个村送去了药具。", "替{N}个村制作了展板。",
     "全镇行政村由28个减至16个,减少{N}个。"],
)
P7["association.members"] = (
    ["| 协会会员 | {N}人 |", "全镇会员减至{N}人。", "在全镇{N}名会员中,女会员占六成。", "会员由上年的3000人变为{N}人。"],
    BIG,
    ["在{N}名参加活动的会员中,有一半是女会员。", "替{N}名会员办理了保险。", "| 会员小组 | {N}个 |"],
)
P7["association.count"] = (
    ["| 计生协会 | {N}个 |", "全镇计生协会由8个变为{N}个。", "在全镇{N}个计生协会中,有8个是示范协会。"],
    SMALL,
    ["| 养殖协会 | {N}个 |", "为{N}个协会制作了牌匾。"],
)
P7["outreach.materials"] = (
    ["| 发放宣传资料 | {N}份 |", "把{N}份宣传资料送到群众手中。", "{N}份宣传品被送到了育龄群众手中。"],
    BIG,
    ["| 张贴标语 | {N}条 |", "为{N}户送去了宣传资料。", "把{N}条标语刷上墙。"],
)
P7["outreach.contraceptives"] = (
    ["| 发放避孕药具 | {N}盒 |", "把{N}盒避孕药具送到群众手中。"],
    BIG,
    ["为{N}对夫妇送去了避孕药具。", "| 药具发放点 | {N}个 |"],
)
P7["health.screenings"] = (
    ["| 查环查孕 | {N}人次 |", "替{N}名育龄妇女做了孕检。", "把{N}名育龄妇女的孕检任务全部完成。"],
    BIG,
    ["| 检查人员 | {N}人 |", "替{N}名育龄妇女办理了证件。"],
)
P7["governance.contracts"] = (
    ["| 签订合同 | {N}份 |", "跟{N}户群众签订了协议。"],
    BIG,
    ["| 应签合同 | {N}份 |", "替{N}户群众办理了证件。"],
)
P7["training.participants"] = (
    ["| 培训人员 | {N}人次 |", "替{N}名村干部举办了培训班。"],
    BIG,
    ["| 培训班 | {N}期 |"],
)
P7["finance.money"] = (
    ["| 投入资金 | {N}元 |", "把{N}元奖励金发放到户。", "奖扶标准由每人每年600元上升为{N}元。"],
    MONEY,
    ["| 财政收入 | {N}元 |", "农民人均纯收入由2000元上升为{N}元。", "把{N}元的税收上缴国库。"],
)


def _cases(metric: str, sets=None):
    pos, forms, neg = (sets or P)[metric]
    for frame in pos:
        verbs = VERBS if "{V}" in frame else [""]
        for v, (fname, n) in itertools.product(verbs, forms.items()):
            yield True, frame, v, fname, frame.replace("{V}", v).replace("{N}", n), n
    for frame in neg:
        for fname, n in forms.items():
            yield False, frame, "", fname, frame.lstrip("~").replace("{V}", "").replace("{N}", n), n


def _figure_at(text: str, n: str):
    at = text.index(n)
    for f in scan_figures(text):
        if f.start <= at < f.end or at <= f.start < at + len(n):
            return f
    return None


def run(metrics, verbose: bool, sets=None) -> dict:
    out = {}
    for metric in metrics:
        tallies = {k: defaultdict(Counter) for k in ("frame", "verb", "form")}
        misses = []
        pos_n = pos_miss = neg_n = neg_miss = 0
        for positive, frame, verb, form, text, n in _cases(metric, sets):
            f = _figure_at(text, n)
            got = f.metric if f is not None else None
            miss = (got != metric) if positive else (got == metric)
            if miss and not positive and frame.startswith("~") and metric != "finance.money" \
                    and getattr(f, "direction", ""):
                miss = False  # a change that keeps its label with a direction (core_lookalikes "changes")
            if positive:
                pos_n += 1
                pos_miss += miss
            else:
                neg_n += 1
                neg_miss += miss
            key = ("+" if positive else "-") + frame
            for k, v in (("frame", key), ("verb", verb or "∅"), ("form", form)):
                if positive or k == "frame":
                    tallies[k][v]["n"] += 1
                    tallies[k][v]["miss"] += miss
            if miss:
                misses.append((text, got))
        out[metric] = (pos_n, pos_miss, neg_n, neg_miss)
        print(f"== {metric}: positives {pos_miss}/{pos_n} missed ({pos_miss / max(pos_n, 1):.1%}), "
              f"look-alikes {neg_miss}/{neg_n} wrongly labelled ({neg_miss / max(neg_n, 1):.1%})")
        for k in ("frame", "verb", "form"):
            bad = [(v, c) for v, c in tallies[k].items() if c["miss"]]
            if bad:
                print(f"  by {k}: " + "; ".join(f"{v} {c['miss']}/{c['n']}" for v, c in
                                                  sorted(bad, key=lambda x: -x[1]["miss"])[:40]))
        if verbose:
            for text, got in misses[:400]:
                print(f"    MISS {text}  -> {got}")
    tp = sum(v[0] for v in out.values())
    tm = sum(v[1] for v in out.values())
    nn = sum(v[2] for v in out.values())
    nm = sum(v[3] for v in out.values())
    print(f"TOTAL positives {tm}/{tp} missed ({tm / tp:.1%}); look-alikes {nm}/{nn} wrong ({nm / nn:.1%}); "
          f"sentences {tp + nn}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--metric", action="append", help="only this core metric (repeatable)")
    ap.add_argument("--round", type=int, choices=(1, 2, 3, 4, 5, 6, 7), default=1,
                    help="1: the first sweep (default); 2: frames written after round 1 was fixed; "
                         "3: time/place prefixes, more number forms, parts after 其中; "
                         "4: lists, table-like text, changes after a statement; 5: rarer names of the things counted; "
                         "6: number before its label, from-to levels, 为/对/给/向 + number + label, "
                         "table-like lines, apposition; 7: the same shapes in other words (written after round 6 was fixed)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every missed sentence")
    a = ap.parse_args(argv)
    sets = {1: P, 2: P2, 3: P3, 4: P4, 5: P5, 6: P6, 7: P7}[a.round]
    run(a.metric or list(sets), a.verbose, sets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
