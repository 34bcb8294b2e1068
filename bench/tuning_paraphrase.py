#!/usr/bin/env python3
"""Paraphrase probe of the 28 real tuning documents (issue 12: are their rules fitted to the sentence?).

fp_r01-14 and tw_r01-14 score figures 1.000 / core 1.000 / blanks 0.995 since rules were written
from them, the held-out twelve 0.985 / 0.882 / 0.881. This probe takes every case those 28 got
wrong FIRST-SEEN (at commit 3973b52, before any rule was written from them), groups the cases
into KINDS of phrasing, and writes for each kind invented paraphrases (other words, numbers,
order, punctuation, line breaks, neighbouring clauses) that SCHEMA.md says must come out the same
way, plus look-alikes that must not. No sentence of a real document is copied: every sentence
here is invented for the kind.

    python bench/tuning_paraphrase.py --round 1          # per-kind pass rates + every failure
    python bench/tuning_paraphrase.py --round 2 -q       # pass rates only
    python bench/tuning_paraphrase.py --round 1 --kind money_in
    python bench/tuning_paraphrase.py --round 1 --src /tmp/old    # another checkout's miner

A case is (text, check, check …). In the text, ``§`` marks where a blank must be found (it is
removed before mining; the blank must start within 4 characters, as ../shared/gold/score.py
matches, and have the kind the matching ``("b", kind)`` check names, in order). Every case is
strict about blanks: a blank no ``§`` expects fails the case. Checks:

    ("f", surface, value, unit)   a figure overlaps surface (score.py's 2-char slack), same value
                                  and (score.py-normalised) unit; surface may be "surface#2"
                                  for its 2nd occurrence
    ("m", surface, metric)        the figure there has that core metric ("other": none)
    ("nf", surface)               no figure overlaps surface
    ("b", kind)                   the next § has a blank of that kind

Kinds come from the first-seen disagreements (bench/gold_diff.py on the 28 docs at 3973b52):
quoted_title_materials, members_activity, money_in, relief_paid, village_population,
village_subunits, village_subsets, assoc_parts, married_women_forms, villages_whole_area
(core metrics); ages, place_counts, units_as_written, page_furniture, coordinated_bare,
wan_no_unit, sex_ratio, split_number, vague_amount, slogan_counts, rare_measure (figures);
multi_token_placeholder, name_placeholder, quoted_placeholder, missing_text, docnum_year,
measure_in_words, x_number_placeholder (blanks).

Measured (first run of each round, recorded before any fix of that round):
  Now (after rounds 1 and 2's fixes), current cases:
    round 1: paraphrases 129/129, look-alikes 71/71 (branch start 3999852: 116/129, 70/71;
             first-seen commit 3973b52: 38/129, 65/71)
    round 2: paraphrases 91/92, look-alikes 55/55 (branch start: 77/92, 53/55; 3973b52: 31/92,
             45/55); the 9 look-alikes of kind widened_lookalikes were written after round 2's
             fixes to check the widened rules. Left failing: split_number 服务室1⏎⏎2个 (a line
             of six characters: the page-break join wants a longer prose line before the cut, by
             design, so that a caption or a list number is not glued to the next line).
  round 2 (new wordings written after round 1's fixes; first run before any fix of its own):
    paraphrases 81/93, look-alikes 43/46, all 124/139 (89.2%). Four failures were my sentences'
    own: 某外资企业 (某 is a placeholder by SCHEMA, 某镇), an unmarked ×× in a signature line,
    x.x counted as one token (SCHEMA: one blank per token), and 筹集救灾资金 as money coming in
    (SCHEMA does not decide whether funds raised are money in; removed). Corrected, rules
    untouched: 84/93, 43/45, 127/138 (92.0%). Failing then: village_population 1/4 (村民N人 in a
    village's sentence; 计298户1102人; 全社区…3100余户、9800余人), quoted_title_materials 3/5 and a
    look-alike (a comma between the material and its hand-out clause; 邮寄; round 1's summed-count
    rule took a certificate handed out), villages_whole_area 2/3 and a look-alike (全镇17个村(社区)
    计生专干; 在全镇2个社区率先推行), members_activity 3/4 (今年新吸收会员95人), sex_ratio 2/3
    (性别比下降到108), split_number 2/3 (服务室1⏎⏎2个). Of these, 今年新吸收会员95人 was my
    expectation's fault: the project's annotated sets (tests/gold, some 20 files) label members
    newly recruited as association.members, so the case is now a look-alike expecting that.
  round 1 (written before rules/ or tests/cases/ were read), first run on the branch's start
  (3999852): paraphrases 109/129, look-alikes 69/71, all 178/200 (89.0% pass). Failing:
    village_population 0/5 (the probe's fault, see below),
    quoted_title_materials 3/5 (《…一封信》N封; 把“…”宣传单送到…共计N份),
    coordinated_bare 2/4 (分别达到96和93; 23、17), wan_no_unit 2/5 (2.6万 before a comma;
    突破十亿大关 had the figure but no blank; 跨过50亿大关), page_furniture 4/6 (范文(八篇) title
    count, 共9篇 in a page header), rare_measure 2/4 (8组 missed; 配备对讲机: 对 read as a
    dropped count), village_subsets 4/5 (发现3个村存在漏报), assoc_parts 3/4 (parts after a
    colon), villages_whole_area look 2/3 (6个村委会被评为先进 labelled as the village count),
    and three sentences of mine whose neighbouring clause ended "比上年下降。" / "比上年提高。" /
    "同比下降。" (sex_ratio, split_number, measure_in_words): a direction with no amount before a
    full stop is read as an empty rate slot. That clause is debatable (ordinary Chinese, and also
    the 同比增加; slot kind issue 12 names), so after this run those three neighbouring clauses
    were reworded and they are not counted as failures of their kind.
    The probe was then corrected once, rules untouched: a metric check took the first figure
    within score.py's 2-char slack, which in 312户1146人 is 312户, not the figure at 1146人; it
    now prefers the figure overlapping the surface. Round 1 after that correction, still before
    any rule change: paraphrases 116/129, look-alikes 70/71, all 186/200 (93.0%); the first-seen
    commit 3973b52 (--src, its rules linked in): 38/129, 65/71, 103/200. So most kinds learnt
    from the 28 documents carry over to other wording; the failures above are the
    sentence-shaped ones (village_population passes 5/5 once read right).
"""
from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

MARK = "§"
POP, MW, VIL = "population.total", "population.married_women", "admin.villages"
ACNT, AMEM = "association.count", "association.members"
MAT, CON = "outreach.materials", "outreach.contraceptives"
SCR, CTR, TRN, MON = "health.screenings", "governance.contracts", "training.participants", "finance.money"
OTHER = "other"
PH, MN, MU, MT = "placeholder", "missing_number", "missing_unit", "missing_text"

# ROUNDS[round][kind] = {"pos": [case, ...], "look": [case, ...]}
ROUNDS: dict[int, dict[str, dict[str, list]]] = {1: {}, 2: {}}
R1 = ROUNDS[1]

# ---------------------------------------------------------------- core metrics, round 1
R1["quoted_title_materials"] = {  # a leaflet named by its quoted title, then the count handed out
    "pos": [
        ("活动当天向过往群众分发“优生优育知识问答”1200份,现场解答咨询。", ("m", "1200份", MAT)),
        ("镇计生办为外出务工人员寄送《流动人口婚育证明办理指南》860余份。", ("m", "860余份", MAT)),
        ("入户发放“独生子女父母奖励政策明白卡”两千三百张,做到户户知晓。", ("m", "两千三百张", MAT)),
        ("各村共发放《致全镇育龄群众的一封信》4500封。", ("m", "4500封", MAT)),
        ("宣传员把“新农合报销流程”宣传单送到农户手中,共计980份;", ("m", "980份", MAT)),
    ],
    "look": [
        ("在主干道刷写“关爱女孩 共建和谐”标语45条。", ("m", "45条", OTHER)),
        ("围绕“幸福家庭”主题开展文艺演出12场。", ("m", "12场", OTHER)),
        ("收到“我的家庭我的梦”征文稿件86篇。", ("m", "86篇", OTHER)),
    ],
}
R1["members_activity"] = {  # members who take part in something are not the membership
    "pos": [
        ("东岭村计生协组织30余名会员开展义务植树活动。", ("m", "30余名", OTHER)),
        ("协会发动一百二十名会员志愿者走村入户宣传政策。", ("m", "一百二十名", OTHER)),
        ("近四十名会员参加了镇里举办的趣味运动会。", ("m", "近四十名", OTHER)),
        ("当天,85名会员参与了健康知识竞赛,气氛热烈。", ("m", "85名", OTHER)),
        ("全镇人民调解组织7个,吸收调解员会员163人,化解纠纷40余起。", ("m", "163人", OTHER)),
        ("老年人协会现有会员450人,经常组织文体活动。", ("m", "450人", OTHER)),
    ],
    "look": [
        ("全村计生协现有会员260人,骨干会员20人。", ("m", "260人", AMEM)),
        ("全镇计生协会会员发展到1800多名。", ("m", "1800多名", AMEM)),
        ("镇计生协共有会员三千余人。", ("m", "三千余人", AMEM)),
    ],
}
R1["money_in"] = {  # fees, taxes, revenue, sales, donations received, investment courted: other
    "pos": [
        ("全年依法征收社会抚养费38.6万元,全部上缴县财政。", ("m", "38.6万元", OTHER)),
        ("该企业全年上缴税金1260万元,其中增值税800万元。", ("m", "1260万元", OTHER)),
        ("全镇完成地方财政收入2.3亿元,同比增长12%。", ("m", "2.3亿元", OTHER)),
        ("新引进的食品加工厂计划投资1.8亿元,年内开工。", ("m", "1.8亿元", OTHER)),
        ("我镇累计接收社会各界捐款47万元,已全部转交灾区。", ("m", "47万元", OTHER)),
        ("合作社销售生猪1.2万头,实现收入960万元。", ("m", "960万元", OTHER)),
        ("社会消费品零售总额5.6亿元,增长8.1%。", ("m", "5.6亿元", OTHER)),
        ("较县里下达的任务超收380万元。", ("m", "380万元", OTHER)),
    ],
    "look": [
        ("镇政府投入资金38.6万元,新建服务室5个。", ("m", "38.6万元", MON)),
        ("向困难群众发放救助金26万元。", ("m", "26万元", MON)),
        ("拨付奖励扶助资金42万元,惠及600人。", ("m", "42万元", MON)),
    ],
}
R1["relief_paid"] = {  # allowances and relief paid out: finance.money
    "pos": [
        ("全年累计发放城乡低保金2150万元。", ("m", "2150万元", MON)),
        ("为五保对象发放供养金86.4万元,按时足额到位。", ("m", "86.4万元", MON)),
        ("发放临时救助资金37万元,救助群众900人次。", ("m", "37万元", MON)),
        ("向1200户困难家庭发放取暖补贴24万元。", ("m", "24万元", MON)),
        ("城市低保对象2865户5120人,发放保障金1,460万元;", ("m", "1,460万元", MON)),
    ],
    "look": [
        ("全县城乡低保对象3465户。", ("m", "3465户", OTHER)),
        ("接收救灾捐赠款物折合52万元。", ("m", "52万元", OTHER)),
    ],
}
R1["village_population"] = {  # a village's population without 总人口 is the population
    "pos": [
        ("本村下设9个村民小组,共312户1146人,耕地2300亩。", ("m", "1146人", POP)),
        ("该村辖五个组,农户208户、人口760人。", ("m", "人口760人", POP)),
        ("全村现有农户426户,1530人,党员46名。", ("m", "1530人", POP)),
        ("村域面积12平方公里,辖11个村民小组486户1792人,林地8000亩。", ("m", "1792人", POP)),
        ("石门村位于镇政府东侧,辖6个组,共有三百二十户一千一百人。", ("m", "一千一百人", POP)),
    ],
    "look": [
        ("全村312户1146人,其中贫困户48户152人。", ("m", "152人", OTHER)),
        ("一组36户128人,二组40户151人,三组29户97人。", ("m", "151人", OTHER)),
        ("驻村工作队共走访农户120户380人。", ("m", "380人", OTHER)),
    ],
}
R1["village_subunits"] = {  # groups and natural villages after a village count are other
    "pos": [
        ("全乡辖8个行政村,下设57个村民小组、132个自然寨。", ("m", "8个", VIL), ("m", "57个", OTHER),
         ("m", "132个", OTHER)),
        ("全镇共有村委会15个,自然屯204个。", ("m", "15个", VIL), ("m", "204个", OTHER)),
        ("辖区内有3个社区、22个村民小组和68个自然村落。", ("m", "68个", OTHER), ("m", "22个", OTHER)),
        ("全镇辖12个行政村,90余个自然村,总面积86平方公里。", ("m", "12个", VIL), ("m", "90余个", OTHER)),
        ("辖4个村、1个社区,41个村民小组,96个自然村寨。", ("m", "4个", VIL), ("m", "96个", OTHER)),
    ],
    "look": [
        ("全镇辖14个行政村和2个社区。", ("m", "14个", VIL), ("m", "2个", VIL)),
        ("全乡共有9个村民委员会。", ("m", "9个", VIL)),
    ],
}
R1["village_subsets"] = {  # villages sampled, checked, found at fault: not the village count
    "pos": [
        ("抽查了5个村,发现3个村存在漏报。", ("m", "5个", OTHER), ("m", "3个", OTHER)),
        ("在随机抽取的6个社区中,有两个社区资料不全,这两个社区已限期整改。", ("m", "6个", OTHER),
         ("m", "两个社区资料", OTHER), ("m", "这两个", OTHER)),
        ("督查组走访了9个行政村,其中4个村档案规范。", ("m", "9个", OTHER), ("m", "4个", OTHER)),
        ("本次调查的三个居委会中,有一个居委会未按时上报。", ("m", "三个", OTHER)),
        ("检查发现有7个村委会台账不全。", ("m", "7个", OTHER)),
    ],
    "look": [
        ("全镇辖14个村(社区)。", ("m", "14个", VIL)),
        ("全镇共有社区居委会4个、村委会11个。", ("m", "11个", VIL)),
    ],
}
R1["assoc_parts"] = {  # an association total's parts by level are other
    "pos": [
        ("全县共建立计生协会组织386个,其中乡镇协会18个,村级协会352个,企业协会16个。",
         ("m", "386个", ACNT), ("m", "18个", OTHER), ("m", "352个", OTHER), ("m", "16个", OTHER)),
        ("全区计生协会达到214个:街道协会9个、社区协会87个、村协会118个。",
         ("m", "214个", ACNT), ("m", "9个", OTHER), ("m", "87个", OTHER), ("m", "118个", OTHER)),
        ("协会组织总数96个,其中:镇级1个,村级80个,流动人口协会15个。",
         ("m", "96个", ACNT), ("m", "80个", OTHER), ("m", "15个", OTHER)),
        ("全市有各级计生协会2 046个,其中县级12个、乡级140个、村级1 894个。",
         ("m", "2 046个", ACNT), ("m", "140个", OTHER), ("m", "1 894个", OTHER)),
    ],
    "look": [
        ("全镇建立计生协会组织23个。", ("m", "23个", ACNT)),
        ("成立村级计生协会十二个。", ("m", "十二个", ACNT)),
    ],
}
R1["married_women_forms"] = {  # married women of childbearing age written short or misspelt
    "pos": [
        ("全村已婚育妇女736人,其中一孩妇女300人。", ("m", "736人", MW)),
        ("全乡现有育龄已婚妇女2310人。", ("m", "2310人", MW)),
        ("全镇已婚育龄妇女(含流动人口)1210人。", ("m", "1210人", MW)),
        ("本社区已婚育妇女共计五百八十人。", ("m", "五百八十人", MW)),
    ],
    "look": [
        ("全镇未婚育龄妇女420人。", ("m", "420人", OTHER)),
        ("已婚育妇女中,二孩妇女212人。", ("m", "212人", OTHER)),
        ("新婚育龄妇女56人已全部建档。", ("m", "56人", OTHER)),
    ],
}
R1["villages_whole_area"] = {  # the villages of the whole area, without 辖
    "pos": [
        ("组织全乡14个村委会计生主任集中培训。", ("m", "14个", VIL)),
        ("全镇19个村民委员会都建立了服务室。", ("m", "19个", VIL)),
        ("全镇11个村居已全部完成换届。", ("m", "11个", VIL)),
        ("全镇8个行政村均配备了专职计生员。", ("m", "8个", VIL)),
    ],
    "look": [
        ("全镇有6个村委会被评为先进集体。", ("m", "6个", OTHER)),
        ("在3个村委会开展试点。", ("m", "3个", OTHER)),
        ("召集其中5个村委会的主任座谈。", ("m", "5个", OTHER)),
    ],
}

# ---------------------------------------------------------------- figures, round 1
R1["ages"] = {  # ages (周岁 / 岁, with bounds) are figures
    "pos": [
        ("为七十周岁以上老人发放高龄补贴。", ("f", "七十周岁", 70, "周岁")),
        ("年满60周岁的农村居民按月领取养老金。", ("f", "60周岁", 60, "周岁")),
        ("本人今年52岁,担任村支书已有八年。", ("f", "52岁", 52, "岁")),
        ("对49岁以下已婚妇女开展随访。", ("f", "49岁", 49, "岁")),
        ("全村八十岁以上老人有23人。", ("f", "八十岁", 80, "岁"), ("f", "23人", 23, "人")),
    ],
    "look": [
        ("庆祝建院三十周年。", ("nf", "三十周年")),
        ("协会成立二十五周年座谈会。", ("nf", "二十五周年")),
    ],
}
R1["place_counts"] = {  # counted places written 两市五县
    "pos": [
        ("灌区覆盖两市五县,受益人口80万人。", ("f", "两市", 2, "市"), ("f", "五县", 5, "县")),
        ("流域涉及四市七县的群众。", ("f", "四市", 4, "市"), ("f", "七县", 7, "县")),
    ],
    "look": [
        ("形成“四纵五横”的路网格局。", ("nf", "四纵"), ("nf", "五横")),
    ],
}
R1["units_as_written"] = {  # the unit as written: 千米 stays 千米, 个千分点 keeps 个
    "pos": [
        ("新修防渗渠道8.5千米。", ("f", "8.5千米", 8.5, "千米")),
        ("境内河流全长42千米,流经6个村。", ("f", "42千米", 42, "千米")),
        ("镇区距县城二十三千米。", ("f", "二十三千米", 23, "千米")),
        ("出生率下降0.8个千分点。", ("f", "0.8个千分点", 0.8, "个千分点")),
        ("自然增长率比上年降低1.2个千分点,", ("f", "1.2个千分点", 1.2, "个千分点")),
    ],
    "look": [
        ("铺设供水管道1200米。", ("f", "1200米", 1200, "米")),
        ("新建道路3.6公里。", ("f", "3.6公里", 3.6, "公里")),
    ],
}
R1["page_furniture"] = {  # word counts, view counts, "精选N篇" are page furniture
    "pos": [
        ("本文共3120字,欢迎转载。", ("nf", "3120字")),
        ("【精选15篇】乡镇年度工作总结", ("nf", "15篇")),
        ("计划生育工作计划范文(八篇)\n一、指导思想", ("nf", "八篇")),
        ("发布时间:2020-03-01 浏览次数:2207次", ("nf", "2207次")),
        ("阅读:1385次 来源:本站原创", ("nf", "1385次")),
        ("范文大全 共9篇 字数:1.2万字", ("nf", "9篇"), ("nf", "1.2万字")),
    ],
    "look": [
        ("编印工作简报24期,撰写调研报告5篇。", ("f", "24期", 24, "期"), ("f", "5篇", 5, "篇")),
        ("全年组织培训12次,发表信息稿件36篇。", ("f", "12次", 12, "次"), ("f", "36篇", 36, "篇")),
    ],
}
R1["coordinated_bare"] = {  # two numbers coordinated, % dropped: both figures and both missing_unit
    "pos": [
        ("来信和来访分别下降了15§和9§,越级访明显减少。", ("f", "15", 15, ""), ("f", "9", 9, ""),
         ("b", MU), ("b", MU)),
        ("两项指标同比分别增长6.5§和11.2§;", ("f", "6.5", 6.5, ""), ("f", "11.2", 11.2, ""),
         ("b", MU), ("b", MU)),
        ("办结率、满意率分别达到96§和93§。", ("f", "96", 96, ""), ("f", "93", 93, ""), ("b", MU), ("b", MU)),
        ("重复访与集体访分别减少23§、17§,", ("f", "23", 23, ""), ("f", "17", 17, ""), ("b", MU), ("b", MU)),
    ],
    "look": [
        ("来信和来访分别下降了15%和9%。", ("f", "15%", 15, "%"), ("f", "9%", 9, "%")),
        ("两个村分别有15人和9人参加。", ("f", "15人", 15, "人"), ("f", "9人", 9, "人")),
    ],
}
R1["wan_no_unit"] = {  # N万 / N亿 with no unit: a figure with unit "" and a missing_unit blank
    "pos": [
        ("共救助受灾群众2.6万§,发放棉衣800件。", ("f", "2.6万", 26000, ""), ("b", MU)),
        ("全镇人口4.2万§,耕地5.6万亩。", ("f", "4.2万", 42000, ""), ("b", MU)),
        ("帮助1.5万§缺水群众解决了饮水困难。", ("f", "1.5万", 15000, ""), ("b", MU)),
        ("财政收入首次突破十亿§大关。", ("f", "十亿", 1000000000, ""), ("b", MU)),
        ("工业产值跨过50亿§大关,", ("f", "50亿", 5000000000, ""), ("b", MU)),
    ],
    "look": [
        ("全镇人口4.2万人。", ("f", "4.2万人", 42000, "人")),
        ("开展“百万会员学科技”活动。", ("nf", "百万")),
        ("让亿万农民共享发展成果。", ("nf", "亿万")),
    ],
}
R1["sex_ratio"] = {  # sex ratios are figures with unit "" (value: the first number), no blank
    "pos": [
        ("出生人口性别比为104:100。", ("f", "104:100", 104, "")),
        ("性别比控制在100∶109以内。", ("f", "100∶109", 100, "")),
        ("出生性别比98:100,处于正常范围。", ("f", "98:100", 98, "")),
        ("全镇出生人口性别比为106.5,处于正常范围。", ("f", "106.5", 106.5, "")),
    ],
    "look": [
        ("会议于上午9:30召开。", ("nf", "9:30")),
        ("每天14:00至17:30开放。", ("nf", "14:00")),
    ],
}
R1["split_number"] = {  # a number split by a page or line break is one figure
    "pos": [
        ("兑现奖励扶助金1\n\n2.5万元,惠及群众。", ("f", "1\n\n2.5万元", 125000, "元")),
        ("政策符合率达到98\n\n%,比上年提高2个百分点。", ("f", "98\n\n%", 98, "%")),
        ("全年落实各项补助4\n\n6.2万元。", ("f", "4\n\n6.2万元", 462000, "元")),
        ("免费孕检覆盖率达100\n\n%。", ("f", "100\n\n%", 100, "%")),
    ],
    "look": [
        ("完成目标任务3项。\n\n3.8万元资金已拨付到位。", ("f", "3项", 3, "项"), ("f", "3.8万元", 38000, "元")),
        ("全年投入5万元,\n\n2、加强队伍建设", ("f", "5万元", 50000, "元")),
    ],
}
R1["vague_amount"] = {  # 几十万 / 数百 / 数万 are no figures
    "pos": [
        ("这项工程关系到几十万群众的饮水安全。", ("nf", "几十万")),
        ("惠及数万人口。", ("nf", "数万人")),
        ("治理了几百亩荒山。", ("nf", "几百亩")),
        ("带动周边数十个村发展产业。", ("nf", "数十个")),
    ],
    "look": [
        ("参会群众三十多人。", ("f", "三十多人", 30, "人")),
        ("惠及群众两万余人。", ("f", "两万余人", 20000, "人")),
    ],
}
R1["slogan_counts"] = {  # a numeral + measure word inside a slogan or scheme name is no figure
    "pos": [
        ("推行“十户联防”机制,群防群治。", ("nf", "十户")),
        ("在全镇实行五户联保制度。", ("nf", "五户")),
        ("建立“三户联查”工作机制。", ("nf", "三户")),
        ("深入开展“百村千户”创建活动。", ("nf", "千户")),
    ],
    "look": [
        ("每名党员联系十户群众。", ("f", "十户", 10, "户")),
        ("帮扶五户困难家庭。", ("f", "五户", 5, "户")),
    ],
}
R1["rare_measure"] = {  # rare measure words: 担, 部, 组, 头, 箱
    "pos": [
        ("全年收购茶叶3260担。", ("f", "3260担", 3260, "担")),
        ("为各村配备对讲机6部。", ("f", "6部", 6, "部")),
        ("组建夜间巡逻队8组。", ("f", "8组", 8, "组")),
        ("出栏肉牛420头,蜂蜜900箱。", ("f", "420头", 420, "头"), ("f", "900箱", 900, "箱")),
    ],
    "look": [
        ("由他担任组长。", ("nf", "担任")),
        ("承担12项重点任务。", ("f", "12项", 12, "项")),
    ],
}

# ---------------------------------------------------------------- blanks, round 1
R1["multi_token_placeholder"] = {  # each token of a placeholder date / range is one blank
    "pos": [
        ("报告日期:201§X/§X/§XX", ("b", PH), ("b", PH), ("b", PH)),
        ("青山镇人民政府\n20§XX-§XX-§XX", ("b", PH), ("b", PH), ("b", PH)),
        ("二、§xx-§xx年工作打算", ("b", PH), ("b", PH)),
        ("全县§XX-§XX年防汛工作方案", ("b", PH), ("b", PH)),
        ("三产比例调整为§x.§x:§xx.§x。", ("b", PH), ("b", PH), ("b", PH), ("b", PH)),
    ],
    "look": [
        ("报告日期:2019/5/20", ("nf", "2019/5/20")),
        ("2016-2018年工作规划", ("nf", "2016-2018年")),
        ("配备X光机2台。", ("f", "2台", 2, "台")),
    ],
}
R1["name_placeholder"] = {  # a name placeholder before punctuation, at the text end, after 《
    "pos": [
        ("我叫§XXX,现任村党支部书记。", ("b", PH)),
        ("本人§***,男,汉族,大专文化。", ("b", PH)),
        ("联系人:§xx,电话略。", ("b", PH)),
        ("述职人:§×××", ("b", PH)),
        ("认真学习了《人口与计划生育法》、《§xx", ("b", PH)),
    ],
    "look": [
        ("用Excel表格录入数据。", ("nf", "Excel")),
        ("购置B超机一台。", ("nf", "B")),
    ],
}
R1["quoted_placeholder"] = {  # a placeholder inside quotes or brackets stands for a name
    "pos": [
        ("深入开展“文明§XX”创建活动。", ("b", PH)),
        ("争创“平安§xx”、“美丽§xx”。", ("b", PH), ("b", PH)),
        ("实施“§**”工程,", ("b", PH)),
        ("打造【§XX】特色品牌。", ("b", PH)),
    ],
    "look": [
        ("扎实开展“两学一做”学习教育。", ("nf", "两学")),
        ("落实“三会一课”制度。", ("nf", "三会")),
    ],
}
R1["missing_text"] = {  # a name or phrase removed: empty quotes, ",,", a doubled suffix
    "pos": [
        ("今年是“§”规划的开局之年。", ("b", MT)),
        ("实施“§”工程以来,成效明显。", ("b", MT)),
        ("全村修通了水泥路,§,群众出行更加方便。", ("b", MT)),
        ("本人调任§乡乡长以来,", ("b", MT)),
        ("蔬菜远销§等大中城市。", ("b", MT)),
    ],
    "look": [
        ("实现了村村通公路。", ("nf", "村村")),
        ("蔬菜远销北京、上海等大中城市。", ("nf", "北京")),
        ("今年是“十四五”规划的开局之年。", ("nf", "十四五")),
    ],
}
R1["docnum_year"] = {  # the empty year of a document number
    "pos": [
        ("根据县委〔§〕12号文件精神,", ("b", MN)),
        ("按照市政办发〔§〕108号通知要求,", ("b", MN)),
        ("依据镇委发[§]3号文件,", ("b", MN)),
        ("(乡政发〔§〕21号)", ("b", MN)),
    ],
    "look": [
        ("根据县委〔2016〕5号文件精神,", ("nf", "5号")),
        ("按照市政办发〔20§XX〕108号通知,", ("b", PH)),
    ],
}
R1["measure_in_words"] = {  # measure-word characters inside words and names are no blank
    "pos": [
        ("全镇总人口§人,其中男性§人。", ("b", MN), ("b", MN)),
        ("全乡辖§村,§个社区。", ("b", MN), ("b", MN)),
        ("发放宣传资料§份。", ("b", MN)),
    ],
    "look": [
        ("用身边人讲身边事。", ("nf", "身边人")),
        ("对所辖区域内的企业开展检查。", ("nf", "所辖")),
        ("由此所产生的费用由本人承担。", ("nf", "所产生")),
        ("前往红花套、枝城等地调研。", ("nf", "红花套")),
        ("独女户、双女户家庭享受优惠政策。", ("nf", "女户")),
        ("改变了靠天吃饭的局面。", ("nf", "靠天")),
        ("受理信访案件30件(人)次,均已办结。", ("f", "30件(人)次", 30, "件(人)次")),
        ("在新婚期开展随访服务。", ("nf", "新婚期")),
        ("全年接种疫苗1.2万剂次。", ("f", "1.2万剂次", 12000, "剂次")),
        ("走访了杏元村、柳台村。", ("nf", "杏元")),
    ],
}
R1["x_number_placeholder"] = {  # x standing for a number: one placeholder blank, no missing_number
    "pos": [
        ("新增有效灌溉面积§x万亩。", ("b", PH)),
        ("共投资§xx万元,修建渠道§x公里。", ("b", PH), ("b", PH)),
        ("培训农民§x多名。", ("b", PH)),
        ("改造中低产田§x万多亩。", ("b", PH)),
        ("惠及群众§XX余人,", ("b", PH)),
    ],
    "look": [
        ("新增有效灌溉面积2万亩。", ("f", "2万亩", 20000, "亩")),
    ],
}


# ---------------------------------------------------------------- round 2 (written after round 1's fixes)
R2 = ROUNDS[2]
R2["quoted_title_materials"] = {
    "pos": [
        ("镇里印制了“计划生育奖励扶助政策解读”折页,全部发放到户,共计3200份。", ("m", "3200份", MAT)),
        ("给新婚夫妇赠送《孕育健康家庭》读本四百五十本。", ("m", "四百五十本", MAT)),
        ("向流出人员邮寄《致在外务工人员的公开信》760封,", ("m", "760封", MAT)),
        ("各村计生专干把《人口计生法律法规汇编》送到群众手中,累计1100册。", ("m", "1100册", MAT)),
        ("印发“婚育新风进万家”活动宣传单,共发放5600余份。", ("m", "5600余份", MAT)),
    ],
    "look": [
        ("把“计划生育先进个人”证书送到获奖者手中,共计35本。", ("m", "35本", OTHER)),
        ("印制“流动人口婚育证明”登记表,共计800份,存档备查。", ("m", "800份", OTHER)),
    ],
}
R2["members_activity"] = {
    "pos": [
        ("协会带领六十余名会员到敬老院打扫卫生。", ("m", "六十余名", OTHER)),
        ("有112名会员报名参加了志愿服务队。", ("m", "112名", OTHER)),
        ("种植协会现有会员380人,带动农户增收。", ("m", "380人", OTHER)),
    ],
    "look": [
        # moved here from the paraphrases after round 2's first run: the annotated sets label new
        # members recruited this year as the membership (tests/gold: 今年新发展会员N名 in 20 files)
        ("今年新吸收会员95人。", ("m", "95人", AMEM)),
        ("全镇计生协会会员总数达到4250人。", ("m", "4250人", AMEM)),
        ("村计生协会员人数为320名。", ("m", "320名", AMEM)),
    ],
}
R2["money_in"] = {
    "pos": [
        ("招商引资到位资金2.4亿元。", ("m", "2.4亿元", OTHER)),
        ("收取新农合参合费86万元。", ("m", "86万元", OTHER)),
        ("全镇农民人均纯收入达到9860元。", ("m", "9860元", OTHER)),
        ("企业实现利税650万元。", ("m", "650万元", OTHER)),
        ("办事处收到爱心企业捐赠善款12万元。", ("m", "12万元", OTHER)),
        ("一家外资企业拟投资5000万元建设新厂区。", ("m", "5000万元", OTHER)),
    ],
    "look": [
        ("镇财政拨款12万元用于服务室建设。", ("m", "12万元", MON)),
        ("为计生困难家庭送去慰问金3.2万元。", ("m", "3.2万元", MON)),
    ],
}
R2["relief_paid"] = {
    "pos": [
        ("发放独生子女父母奖励费18.6万元。", ("m", "18.6万元", MON)),
        ("兑现农村部分计生家庭奖励扶助金49万元,", ("m", "49万元", MON)),
        ("全年共支出医疗救助资金120万元。", ("m", "120万元", MON)),
        ("为受灾群众发放救灾款6.8万元和大米2000斤。", ("m", "6.8万元", MON)),
    ],
    "look": [
        ("低保标准提高到每人每月420元,受助对象1800人。", ("m", "1800人", OTHER)),
    ],
}
R2["village_population"] = {
    "pos": [
        ("我村有5个村民小组,农户263户,村民1010人。", ("m", "1010人", POP)),
        ("全村辖3个自然村、8个组,计298户1102人。", ("m", "1102人", POP)),
        ("该村共有人口1680人,420户。", ("m", "1680人", POP)),
        ("全社区居民3100余户、9800余人。", ("m", "9800余人", POP)),
    ],
    "look": [
        ("其中一组有45户、180人,二组52户、201人。", ("m", "180人", OTHER)),
        ("全村低保户26户58人。", ("m", "58人", OTHER)),
    ],
}
R2["village_subunits"] = {
    "pos": [
        ("全镇辖社区2个、行政村18个、村民小组156个。", ("m", "18个", VIL), ("m", "156个", OTHER)),
        ("下辖7个村委会,有自然村寨43个。", ("m", "7个", VIL), ("m", "43个", OTHER)),
        ("全乡共16个行政村,249个自然组。", ("m", "16个", VIL), ("m", "249个", OTHER)),
    ],
    "look": [
        ("全镇共有13个村(居)委会。", ("m", "13个", VIL)),
    ],
}
R2["village_subsets"] = {
    "pos": [
        ("随机抽取4个村进行入户核查,其中2个村数据准确。", ("m", "4个", OTHER), ("m", "2个", OTHER)),
        ("经考核,有5个村计生工作达标。", ("m", "5个", OTHER)),
        ("检查中查出3个社区台账缺失。", ("m", "3个", OTHER)),
        ("镇里选定6个村作为试点村。", ("m", "6个", OTHER)),
    ],
    "look": [
        ("全镇共辖21个村。", ("m", "21个", VIL)),
        ("全乡有村民委员会9个、居民委员会1个。", ("m", "9个", VIL)),
    ],
}
R2["assoc_parts"] = {
    "pos": [
        ("全镇计生协会共32个,其中村级协会28个。", ("m", "32个", ACNT), ("m", "28个", OTHER)),
        ("目前建立计生协会组织57个:镇级1个,村级41个,企业协会15个。",
         ("m", "57个", ACNT), ("m", "41个", OTHER), ("m", "15个", OTHER)),
        ("全市共有计生协会1 236个,包括流动人口协会48个。", ("m", "1 236个", ACNT), ("m", "48个", OTHER)),
    ],
    "look": [
        ("全镇有村级计生协会26个。", ("m", "26个", ACNT)),
    ],
}
R2["married_women_forms"] = {
    "pos": [
        ("辖区现有已婚育龄妇女1,945人。", ("m", "1,945人", MW)),
        ("全村育龄妇女820人,其中已婚612人。", ("m", "612人", MW)),
        ("有配偶的育龄妇女共3260名。", ("m", "3260名", MW)),
    ],
    "look": [
        ("走访已婚育龄妇女320人。", ("m", "320人", OTHER)),
        ("全村育龄妇女820人,其中未婚208人。", ("m", "208人", OTHER)),
    ],
}
R2["villages_whole_area"] = {
    "pos": [
        ("全镇23个行政村全部通了硬化路。", ("m", "23个", VIL)),
        ("全乡十个村委会都成立了计生协会。", ("m", "十个", VIL)),
        ("召开全镇17个村(社区)计生专干会议。", ("m", "17个", VIL)),
    ],
    "look": [
        ("全镇有4个村被列为整治重点村。", ("m", "4个", OTHER)),
        ("在全镇2个社区率先推行网格化管理。", ("m", "2个", OTHER)),
    ],
}
R2["ages"] = {
    "pos": [
        ("对年满六十五周岁的老人免费体检。", ("f", "六十五周岁", 65, "周岁")),
        ("女方年龄在49周岁以下的家庭。", ("f", "49周岁", 49, "周岁")),
        ("他现年四十六岁,是村里的致富带头人。", ("f", "四十六岁", 46, "岁")),
    ],
    "look": [
        ("计生协会成立十周年纪念大会。", ("nf", "十周年")),
    ],
}
R2["place_counts"] = {
    "pos": [
        ("该河流经三县两区。", ("f", "三县", 3, "县")),
        ("工程惠及周边六县。", ("f", "六县", 6, "县")),
    ],
    "look": [
        ("与县城隔河相望。", ("nf", "县城")),
    ],
}
R2["units_as_written"] = {
    "pos": [
        ("新修机耕道12.4千米,", ("f", "12.4千米", 12.4, "千米")),
        ("总和生育率比上年下降0.12个千分点。", ("f", "0.12个千分点", 0.12, "个千分点")),
        ("参合率提高2.5个百分点。", ("f", "2.5个百分点", 2.5, "个百分点")),
        ("硬化村道十五千米。", ("f", "十五千米", 15, "千米")),
    ],
    "look": [
        ("修建排水沟800米。", ("f", "800米", 800, "米")),
    ],
}
R2["page_furniture"] = {
    "pos": [
        ("相关推荐:乡镇计生工作总结(十二篇)", ("nf", "十二篇")),
        ("点击量:5210 次", ("nf", "5210")),
        ("全文约4600字\n一、基本情况", ("nf", "4600字")),
        ("【热门】计生协工作总结精选八篇", ("nf", "八篇")),
    ],
    "look": [
        ("编发计生简报18期。", ("f", "18期", 18, "期")),
        ("在县级以上媒体发表稿件9篇。", ("f", "9篇", 9, "篇")),
    ],
}
R2["coordinated_bare"] = {
    "pos": [
        ("刑事案件和治安案件分别下降12.5§与8.3§。", ("f", "12.5", 12.5, ""), ("f", "8.3", 8.3, ""),
         ("b", MU), ("b", MU)),
        ("两项满意度分别为97§、94§,", ("f", "97", 97, ""), ("f", "94", 94, ""), ("b", MU), ("b", MU)),
        ("参保率和参合率分别提高到96§和99§。", ("f", "96", 96, ""), ("f", "99", 99, ""), ("b", MU), ("b", MU)),
    ],
    "look": [
        ("两村分别投入3万、5万元。", ("f", "3万", 30000, "元"), ("f", "5万元", 50000, "元")),
        ("两项指标分别下降了2和3个百分点。", ("f", "3个百分点", 3, "个百分点")),
    ],
}
R2["wan_no_unit"] = {
    "pos": [
        ("为3.2万§农村居民办理了新农合。", ("f", "3.2万", 32000, ""), ("b", MU)),
        ("全乡常住人口2.8万§,其中外出务工6000人。", ("f", "2.8万", 28000, ""), ("b", MU), ("f", "6000人", 6000, "人")),
        ("全镇旅游收入首次突破5亿§。", ("f", "5亿", 500000000, ""), ("b", MU)),
    ],
    "look": [
        ("全乡常住人口2.8万人。", ("f", "2.8万人", 28000, "人")),
        ("动员千家万户参与。", ("nf", "万户")),
    ],
}
R2["sex_ratio"] = {
    "pos": [
        ("出生人口性别比控制在103~107之间。", ("f", "103~107", 103, "")),
        ("出生性别比为101.8:100。", ("f", "101.8:100", 101.8, "")),
        ("性别比下降到108。", ("f", "108", 108, "")),
    ],
    "look": [
        ("按照1:1的比例配套资金。", ("nf", "1:1")),
    ],
}
R2["split_number"] = {
    "pos": [
        ("全年兑现奖扶资金2\n\n8.6万元,", ("f", "2\n\n8.6万元", 286000, "元")),
        ("避孕节育措施落实率9\n\n7.5%。", ("f", "9\n\n7.5%", 97.5, "%")),
        ("新建服务室1\n\n2个。", ("f", "1\n\n2个", 12, "个")),
    ],
    "look": [
        ("发放宣传资料200份\n\n3、开展优质服务", ("f", "200份", 200, "份")),
    ],
}
R2["vague_amount"] = {
    "pos": [
        ("投入了数百万元资金。", ("nf", "百万元")),
        ("好几百户群众受益。", ("nf", "几百户")),
        ("吸引了成千上万的游客。", ("nf", "千上万")),
    ],
    "look": [
        ("投入资金两百多万元。", ("f", "两百多万元", 2000000, "元")),
    ],
}
R2["slogan_counts"] = {
    "pos": [
        ("推行“一村一品”发展模式。", ("nf", "一村")),
        ("落实“五户联防”责任。", ("nf", "五户")),
        ("开展“十星级文明户”评选。", ("nf", "十星")),
    ],
    "look": [
        ("评出十星级文明户36户。", ("f", "36户", 36, "户")),
    ],
}
R2["rare_measure"] = {
    "pos": [
        ("为派出所配备执法记录仪4部。", ("f", "4部", 4, "部")),
        ("组建文艺宣传队3组,演出20场。", ("f", "3组", 3, "组"), ("f", "20场", 20, "场")),
        ("收购稻谷1500担。", ("f", "1500担", 1500, "担")),
    ],
    "look": [
        ("由两人担任信息员。", ("f", "两人", 2, "人")),
    ],
}
R2["multi_token_placeholder"] = {
    "pos": [
        ("落款:§××镇人民政府 20§XX年§X月§X日", ("b", PH), ("b", PH), ("b", PH), ("b", PH)),
        ("(§xxxx年§xx月)", ("b", PH), ("b", PH)),
        ("人口增长率为§x.§xx‰。", ("b", PH), ("b", PH)),
    ],
    "look": [
        ("落款:青山镇人民政府 2019年3月5日", ("nf", "2019年")),
    ],
}
R2["name_placeholder"] = {
    "pos": [
        ("汇报人:§×××\n", ("b", PH)),
        ("我是§XX村的党支部书记§XX。", ("b", PH), ("b", PH)),
        ("学习贯彻《§XX》精神。", ("b", PH)),
    ],
    "look": [
        ("学习贯彻《中华人民共和国人口与计划生育法》。", ("nf", "人口")),
    ],
}
R2["quoted_placeholder"] = {
    "pos": [
        ("开展“§XX杯”文艺比赛。", ("b", PH)),
        ("争创“§xx示范村”。", ("b", PH)),
        ("实施【§**】行动,", ("b", PH)),
    ],
    "look": [
        ("开展“三下乡”活动。", ("nf", "三下")),
    ],
}
R2["missing_text"] = {
    "pos": [
        ("按照“§”的总体要求,", ("b", MT)),
        ("特色产品远销§等省市。", ("b", MT)),
        ("主要种植玉米、§、大豆等作物。", ("b", MT)),
    ],
    "look": [
        ("特色产品远销江浙等省市。", ("nf", "江浙")),
        ("按照“保基本、强基层”的总体要求,", ("nf", "基本")),
    ],
}
R2["docnum_year"] = {
    "pos": [
        ("(县政办发〔§〕45号)", ("b", MN)),
        ("根据镇党委发〔§〕7号文件,", ("b", MN)),
        ("依据《关于……的通知》(市人口发[§]15号)", ("b", MN)),
    ],
    "look": [
        ("(县政办发〔2018〕45号)", ("nf", "45号")),
    ],
}
R2["measure_in_words"] = {
    "pos": [
        ("全村共有党员§名,村干部§人。", ("b", MN), ("b", MN)),
        ("新建农家书屋§个,", ("b", MN)),
    ],
    "look": [
        ("用身边事教育身边人,", ("nf", "身边人")),
        ("对所属各村开展督查。", ("nf", "所属")),
        ("宣传栏所在位置醒目。", ("nf", "所在")),
        ("走访了梨元村、杏台村、桃场村。", ("nf", "梨元")),
        ("在孕期和哺乳期开展随访。", ("nf", "哺乳期")),
        ("召开对接会,落实对口帮扶。", ("nf", "对接")),
        ("安装对讲门禁系统。", ("nf", "对讲")),
    ],
}
R2["x_number_placeholder"] = {
    "pos": [
        ("全年接待来访群众§XX人次。", ("b", PH)),
        ("新修道路§x.§x公里。", ("b", PH), ("b", PH)),
        ("投入资金§xx万余元。", ("b", PH)),
    ],
    "look": [
        ("全年接待来访群众52人次。", ("f", "52人次", 52, "人次")),
    ],
}

# look-alikes of the rules widened in rounds 1-2, written after round 2's fixes (not counted in
# round 2's first run): what the wider rules must still leave alone
R2["widened_lookalikes"] = {
    "look": [
        ("全村共8个组,320户,村民代表30人。", ("m", "30人", OTHER)),
        ("该村辖5个组,280户,劳动力600人。", ("m", "600人", OTHER)),
        ("我村有6个组,共312户,其中外出务工人员420人。", ("m", "420人", OTHER)),
        ("全镇总人口32000人:男性16500人,女性15500人。", ("m", "32000人", POP), ("m", "16500人", OTHER)),
        ("把计生证送到群众手中,共计45本。", ("m", "45本", OTHER)),
        ("撰写调研报告(5篇)并上报。", ("f", "5篇", 5, "篇")),
        ("全镇12个村卫生室全部达标。", ("m", "12个", OTHER)),
        ("组织全乡育龄群众,共计1200人次参加。", ("m", "1200人次", OTHER)),
        ("活动中发放纪念品,共计300份。", ("m", "300份", OTHER)),
    ],
}

# ---------------------------------------------------------------- the checker
def _find(text: str, surface: str) -> int:
    occ = 1
    if "#" in surface:
        surface, n = surface.rsplit("#", 1)
        occ = int(n)
    i = -1
    for _ in range(occ):
        i = text.find(surface, i + 1)
        if i < 0:
            raise ValueError(f"surface {surface!r} not in {text!r}")
    return i, i + len(surface)


def _close(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def check(case, mine, norm_unit, core) -> list[str]:
    """The failures of one case (empty: it passes)."""
    raw, checks = case[0], case[1:]
    marks, text = [], ""
    for ch in raw:
        if ch == MARK:
            marks.append(len(text))
        else:
            text += ch
    figs, blanks = mine(text)
    out = []
    for c in checks:
        if c[0] in ("f", "m", "nf"):
            s, e = _find(text, c[1])
            if c[0] == "nf":
                hit = [f for f in figs if f["start"] < e and s < f["end"]]
                if hit:
                    out.append(f"figure {text[hit[0]['start']:hit[0]['end']]!r} where none is")
                continue
            # figures overlapping the surface first, then those within score.py's 2-char slack
            near = sorted((f for f in figs if f["start"] < e + 2 and s < f["end"] + 2),
                          key=lambda f: not (f["start"] < e and s < f["end"]))
            if c[0] == "f":
                ok = [f for f in near if _close(f["value"], c[2])]
                if not ok:
                    got = [(text[f["start"]:f["end"]], f["value"], f["unit"]) for f in near]
                    out.append(f"figure {c[1]!r}={c[2]}{c[3]} missed (found {got})")
                elif norm_unit(ok[0]["unit"]) != norm_unit(c[3]):
                    out.append(f"figure {c[1]!r} unit {ok[0]['unit']!r}, not {c[3]!r}")
            else:
                if not near:
                    out.append(f"figure {c[1]!r} missed (metric {c[2]})")
                    continue
                got = near[0].get("metric") or OTHER
                got = got if got in core else OTHER
                if got != c[2]:
                    out.append(f"{c[1]!r}: metric {got}, not {c[2]}")
    kinds = [c[1] for c in checks if c[0] == "b"]
    used = set()
    for pos, kind in zip(marks, kinds):
        hit = next((i for i, b in enumerate(blanks) if i not in used and abs(b["start"] - pos) <= 4), None)
        if hit is None:
            out.append(f"blank {kind} missed at {text[max(0, pos - 5):pos]}⟨⟩{text[pos:pos + 5]}")
            continue
        used.add(hit)
        if blanks[hit]["kind"] != kind:
            out.append(f"blank at {text[max(0, pos - 5):pos]}⟨⟩ is {blanks[hit]['kind']}, not {kind}")
    for i, b in enumerate(blanks):
        if i not in used:
            p = b["start"]
            out.append(f"blank invented: {text[max(0, p - 5):p]}⟨⟩{text[p:p + 5]} ({b['kind']})")
    return out


def _miner():
    import report_miner

    def mine(text):
        res = report_miner.mine_text(text)
        figs = [dict(r) for r in res.figures.to_dict("records")]
        blanks = [dict(r) for r in res.blanks.to_dict("records")]
        for d in figs + blanks:
            d["start"], d["end"] = int(d["start"]), int(d["end"])
        return figs, blanks
    return mine


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--round", type=int, choices=sorted(ROUNDS), default=1, help="which round's cases (default 1)")
    ap.add_argument("--kind", action="append", help="only these kinds (repeatable)")
    ap.add_argument("-q", "--quiet", action="store_true", help="pass rates only, no failures")
    ap.add_argument("--src", type=Path, help="mine with the report_miner of this checkout instead "
                    "(e.g. a detached worktree of an older commit, its rules linked in)")
    args = ap.parse_args(argv)
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
    from gold_diff import load_scorer
    score = load_scorer(ROOT.parent / "shared" / "gold" / "x.json")
    from validate_gold import CORE  # type: ignore[import-not-found]  (beside score.py)
    mine = _miner()
    tot = defaultdict(lambda: [0, 0])
    fails = []
    for kind, parts in ROUNDS[args.round].items():
        if args.kind and kind not in args.kind:
            continue
        row = []
        for part in ("pos", "look"):
            n = bad = 0
            for case in parts.get(part, []):
                errs = check(case, mine, score.norm_unit, CORE)
                n += 1
                bad += bool(errs)
                if errs:
                    fails.append((kind, part, case[0].replace("\n", "⏎"), errs))
            tot[part][0] += n - bad
            tot[part][1] += n
            row.append(f"{part} {n - bad}/{n}")
        print(f"{kind:26s} " + "   ".join(row))
    p, lk = tot["pos"], tot["look"]
    allp = p[0] + lk[0]
    alln = p[1] + lk[1]
    print(f"TOTAL: paraphrases {p[0]}/{p[1]}, look-alikes {lk[0]}/{lk[1]}, all {allp}/{alln} "
          f"({100 * allp / max(alln, 1):.1f}% pass)")
    if not args.quiet:
        for kind, part, text, errs in fails:
            print(f"FAIL {kind} [{part}] {text}")
            for e in errs:
                print(f"      {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
