"""Recall of the audit, end to end through the CLI, on invented submission batches.

An auditor at a county office gets a batch of township reports and wants to be told about
every missing number in them. bench/findings_review.py measures how many findings are
right (precision); this measures how many planted defects the auditor is told about
(recall), and how many findings a clean report gets (false alarms).

    python bench/audit_recall.py --make            # (re)write bench/audit_batch/round1|round2|round3
    python bench/audit_recall.py                   # audit every round, print recall
    python bench/audit_recall.py --round 1 --misses   # one round, every miss listed

The batches are invented text (no sentence of any real report or of the gold texts), built
from the phrasings below with a fixed seed, so `--make` rewrites the same bytes. Each
report is a 工作总结, 工作汇报, 工作计划 or 述职报告 of an invented township, in UTF-8, GBK or
.docx. Defects are planted at known places and written to `truth.jsonl` (file, kind, the
site that planted it, character offsets into the text as loaded, the text); a few reports
have no defect at all (`clean`).

The script runs `report-miner audit BATCH -o OUT.sqlite` (the command the README
documents for auditors) and reads the `findings` table it writes. A planted defect is

- *told* when any finding overlaps its span (widened by 6 characters either side): the
  auditor is sent to the place;
- *named* when such a finding is of a check that names the defect's kind (`NAMED` below).

False alarms: findings on the clean reports (by severity), and findings on the other
reports far from every planted defect (printed by check, so they can be judged).

Round 1 was written before reading any code or rule; round 2 after the fixes of this
session, with phrasings of its own (its township names, numbers and sentence variants
differ), so that it does not just replay the cases the fixes were written for.

First run, round 1 (before reading any code or rule; branch auditor at 3999852),
`python bench/audit_recall.py --round 1 --misses`:

    == round 1: 30 reports, 93 planted defects, 7 clean reports; audit exit status 1
    kind           planted  told  named  recall(named)
    slot                20    20     20  1.00
    placeholder         15    15     14  0.93
    missing_text         4     4      4  1.00
    unit                 9     9      9  1.00
    numbering           11    11     11  1.00
    part_whole           5     5      4  0.80
    breakdown            5     3      3  0.60
    sum_mismatch         4     0      0  0.00
    ratecount            4     2      2  0.50
    percent_over         2     2      2  1.00
    approx               2     2      2  1.00
    twice                5     1      0  0.00
    year                 7     0      0  0.00
    all                 93    74     71  0.76   (told 0.80)
    false alarms on the 7 clean reports: 0 (none)
    findings away from every planted defect on the other reports: 11: blank_missing_number (error) 1, expected_metric_missing (info) 6, numbering_skipped (warning) 2, population_not_stated (error) 2
    (the 11: 2 population_not_stated and 6 expected_metric_missing where a slot:pop or other
    slot left the metric out, 2 numbering_skipped that follow a planted duplicate (一、二、二、四、;
    1. 2. 2. 4.): right; 1 false: blank_missing_number on the space of 秘书长 张志强 in r1_16.)
    misses (not named): 22
       r1_10_shuzhi_x_utf8.txt L4 @103 year:opening: 2022
       r1_11_zongjie_x_gbk.txt L16 @677 ratecount:screen: 全年应查对象5289人，实查4867人，受检率99.6%
       r1_12_huibao_x_gbk.txt L29 @1323 twice:pop: 27476
       r1_13_zongjie_x_utf8.txt L11 @384 twice:villages: 23
       r1_13_zongjie_x_utf8.txt L23 @1041 sum_mismatch:money: 合计21万元
       r1_13_zongjie_x_utf8.txt L35 @1489 year:date: 二〇二〇年
       r1_14_jihua_x_gbk.txt L2 @19 year:opening: 2017
       r1_15_huibao_x_utf8.txt L22 @932 breakdown:flow: 全镇现有流动人口1425人，其中流出1066人，流入659人
       r1_16_shuzhi_x_utf8.txt L35 @1501 placeholder:signer: 某某  [told by: numbering_skipped]
       r1_18_huibao_x_docx.docx L6 @198 sum_mismatch:assoc: 共计21个
       r1_18_huibao_x_docx.docx L36 @1539 year:date: 二〇一七年
       r1_19_zongjie_x_utf8.txt L22 @967 part_whole:flow: 全镇现有流动人口969人，其中流出1229人  [told by: breakdown_exceeds_total]
       r1_20_jihua_x_utf8.txt L23 @955 year:date: 二〇二一年
       r1_21_huibao_x_gbk.txt L10 @387 twice:villages: 12
       r1_21_huibao_x_gbk.txt L17 @809 ratecount:screen: 全年应查对象4217人，实查3661人，受检率96.3%
       r1_22_shuzhi_x_gbk.txt L4 @103 year:opening: 2022
       r1_23_zongjie_x_utf8.txt L28 @1292 twice:pop: 41852  [told by: numbering_duplicate]
       r1_24_huibao_x_utf8.txt L21 @915 sum_mismatch:money: 合计27万元
       r1_25_zongjie_x_gbk.txt L35 @1506 year:date: 二〇一九年
       r1_26_shuzhi_x_utf8.txt L25 @1081 breakdown:flow: 全镇现有流动人口1041人，其中流出606人，流入735人
       r1_28_zongjie_x_utf8.txt L7 @289 sum_mismatch:assoc: 共计26个
       r1_28_zongjie_x_utf8.txt L11 @401 twice:villages: 17

Not named at all in round 1: a total after its parts (共计/合计 N) that is not their sum, a
figure stated twice with two values, a year of the text or of the signing date that
contradicts the title's; 其中 parts that exceed the total only when the total comes first
(flow: 其中流出…流入… missed twice); a rate against 应查…实查… counts (0 of 2; the 户…签订率
sentence 2 of 2); 述职人：某某.

First run, round 2 (written after the fixes of round 1, branch auditor at 92b750a),
`python bench/audit_recall.py --round 2 --misses`:

    == round 2: 30 reports, 91 planted defects, 8 clean reports; audit exit status 1
    kind           planted  told  named  recall(named)
    slot                15    15     15  1.00
    placeholder         13    13     13  1.00
    missing_text         3     3      3  1.00
    unit                 5     5      5  1.00
    numbering            8     8      8  1.00
    part_whole           3     3      3  1.00
    breakdown            6     5      4  0.67
    sum_mismatch         6     4      4  0.67
    ratecount            6     2      2  0.33
    percent_over         3     3      3  1.00
    approx               3     3      3  1.00
    twice                7     2      2  0.29
    year                13     8      8  0.62
    all                 91    74     73  0.80   (told 0.81)
    false alarms on the 8 clean reports: 8 (info 8)
    findings away from every planted defect on the other reports: 21: expected_metric_missing (info) 20, population_not_stated (error) 1
    (the 8 on clean reports and 20 of the 21 others are expected_metric_missing (info): the
    expected metrics are a family-planning report's, asked of a 人居环境整治 report too, and
    a fp2 report that states no 协会组织数; 1 population_not_stated where slot:e_pop left it out.)
    misses (not named): 18
       r2_08_zongjie_x_utf8.txt L11 @366 ratecount:e_toilet: 全乡应改厕农户2584户，已完成改造2545户，改厕率86.9%
       r2_09_huibao_x_gbk.txt L14 @523 sum_mismatch:e_staff: 共100名
       r2_09_huibao_x_gbk.txt L18 @648 twice:e_villages: 21
       r2_10_jihua_x_utf8.txt L2 @21 year:e_plan: 2022
       r2_12_zongjie_x_docx.docx L12 @444 breakdown:e_public: 全乡现有公共厕所8座，其中水冲式厕所5座、旱厕7座
       r2_13_huibao_x_utf8.txt L2 @23 year:e_open: 2019
       r2_13_huibao_x_utf8.txt L18 @617 twice:e_pop: 24802
       r2_16_huibao_x_utf8.txt L10 @310 ratecount:e_toilet: 全乡应改厕农户1885户，已完成改造1835户，改厕率81.4%
       r2_16_huibao_x_utf8.txt L13 @445 sum_mismatch:e_staff: 共91名
       r2_16_huibao_x_utf8.txt L17 @568 twice:e_villages: 21
       r2_17_zongjie_x_utf8.txt L18 @610 twice:e_pop: 23225
       r2_18_zongjie_x_utf8.txt L2 @17 year:f_open: 2018
       r2_19_huibao_x_gbk.txt L14 @392 ratecount:f_meeting: 年中会员大会应到会员577人，实到534人，到会率80.4%
       r2_24_zongjie_x_gbk.txt L28 @910 year:f_date: 二〇一八年
       r2_26_huibao_x_utf8.txt L14 @396 ratecount:f_meeting: 年中会员大会应到会员738人，实到709人，到会率86.6%
       r2_27_shuzhi_x_gbk.txt L19 @464 twice:f_villages: 18
       r2_28_zongjie_x_utf8.txt L2 @17 year:f_open: 2019
       r2_29_huibao_x_utf8.txt L11 @401 breakdown:e_public: 全镇现有公共厕所11座，其中水冲式厕所10座、旱厕5座  [told by: percent_over_100]

Why round 2 missed them (read after the first run): a rate named after its whole (改厕率 after
应改厕农户…,已完成改造N户; 到会率 after 应到…,实到N人) whose part's clause lacks the name; a total
(共N名) after parts with a figure of another unit earlier in the sentence (建成中转站6座,…); 其中
parts in 座 (no unit group); a body opening 2019年,我乡… (3 reports);
19个村(社区) against 全乡21个村 (two subjects never compared); 全乡N名群众 (no population metric);
and two years under a title whose year is itself a placeholder (20XX年), a village count first
left blank.

Now (after the round-2 fixes): round 1 93/93 named, 0 false alarms on its clean reports;
round 2 86/91 (0.95), 8 expected_metric_missing infos on its clean reports (the family-planning
metrics asked of 人居环境整治 reports too). Left: the two population restatements in 名, the
two years under a placeholder title, the village count first left blank.

Round 3 was written blind again (before reading the checks code or rules/checks*), in three
subjects the other rounds never used: 卫生健康 (家庭医生签约, 慢病管理, 住院分娩, 疫苗), 民政/社会
救助 (低保 分类, 特困供养, 床位, 参保, 残疾人) and 统计分析 (人口结构, 出生, 地区生产总值 by
sector, 固定资产投资), with a new defect kind, `change` (a year-on-year change that the
sentence's own figures contradict: `上年为N…同比增长X%`, `比上年的N人减少M人`, `由上年的N户减少到
M户，减少K户`), and 169 clean look-alikes (kind `look` in truth.jsonl: 常住 beside 户籍人口,
性别比 and 户均人口 after a sex split, nested age bands, 户 and 人 of one group, a share of a
base stated earlier, a rate of births beside a change, 新婚夫妇N对 beside persons examined,
剂次, ranges 20-40元, targets beside actuals, per-head amounts, a plan recalling last year).
Every finding on a look-alike that no planted defect explains is listed.

First run, round 3 (blind; branch audit14 at 027276a), `python bench/audit_recall.py --round 3 --misses`:

    == round 3: 30 reports, 95 planted defects, 8 clean reports; audit exit status 1
    kind           planted  told  named  recall(named)
    slot                10    10     10  1.00
    placeholder         12    12     12  1.00
    missing_text         3     2      2  0.67
    unit                 5     5      5  1.00
    numbering           10    10     10  1.00
    part_whole           4     4      4  1.00
    breakdown            7     4      3  0.43
    sum_mismatch         4     3      3  0.75
    ratecount            9     7      6  0.67
    percent_over         3     3      3  1.00
    approx               3     2      2  0.67
    twice                6     3      3  0.50
    year                10     6      6  0.60
    change               9     6      6  0.67
    all                 95    77     75  0.79   (told 0.81)
    false alarms on the 8 clean reports: 11 (error 3, info 7, warning 1)
       3 breakdown_exceeds_total (error): 总人口N人,其中男性A人、女性B人,性别比为…,户均人口2.97人
         (A+B is the total; 户均人口 was summed as a third part)
       1 year_differs_from_title (warning): a 2022 plan recalling 2021年,全乡…覆盖率达到67%
       7 expected_metric_missing (info): family-planning association metrics asked of
         卫生健康 reports, of 人口与经济社会发展统计分析 and of 述职 titles naming no subject
    findings away from every planted defect on the other reports: 23: breakdown_exceeds_total
       (error) 3 (the same 户均人口), expected_metric_missing (info) 15 (as above),
       numbering_skipped (warning) 3 (after a planted duplicate 一、二、二、四、: right),
       year_differs_from_title (warning) 2 (the plan recalling last year)
    look-alikes: 169 (21 kinds), with a finding on them: 15 (性别比 + 户均人口 6+6 by the
       breakdown above, the plan recalling last year 3)
    misses (not named): 20
       r3_09 breakdown:c_lowinc: 其中一类对象118户、二类对象280户、三类对象87户 (total 419户822人)
       r3_26 breakdown:c_lowinc: 其中一类对象68户、二类对象283户、三类对象194户
       r3_13 breakdown:s_gdp: 其中第一产业增加值1.33亿元、第二产业增加值4.4亿元、第三产业增加值3.92亿元
       r3_24 breakdown:s_gdp: (the same kind)  [told by: numbering_skipped]
       r3_11 sum_mismatch:h_money: 建设投入68万元，设备购置26万元，培训4万元，三项合计115万元
       r3_12 ratecount:c_occupancy: 共有床位N张，入住老人156人，床位使用率67.0%  [told by: numbering_duplicate]
       r3_29 ratecount:c_occupancy: (the same kind)
       r3_20 ratecount:s_birthrate: (总人口 earlier) 全年出生327人，出生率16.76‰
       r3_10 change:s_births: 比上年的319人减少45人
       r3_18 change:c_hh: 低保对象由上年的455户减少到403户，减少72户
       r3_26 change:c_hh: 低保对象由上年的476户减少到435户，减少61户
       r3_13 twice:s_pop: 按全镇总人口14946人计算
       r3_16 twice:h_pop: 截至年底，全乡总人口18357人 (first 户籍人口N人，常住人口M人)
       r3_22 twice:h_pop: (the same kind)
       r3_13 year:s_open: 根据2022年人口统计年报… (title 2023)
       r3_14 year:h_plan: 为扎实做好2018年卫生健康各项工作 (a 2019 plan)
       r3_22 year:h_report: 现将我乡2019年卫生健康工作开展情况汇报如下 (title 2020)
       r3_24 year:s_date: 二〇二〇年一月 signing a 2021 统计分析
       r3_15 approx:c_aid: 22.23余万元
       r3_18 missing_text:c_fill: （具体数据待补充）

Why (read after the first run, in the checks code): 户均人口 (a per-head amount) was taken for a
part after 其中; the parts after a growth rate or after N户M人 were held against the % or the 人
figure (not of their unit group: not checked); change_contradicts_figures read percentages only;
figure_restated never compared 总人口 with a first 户籍人口 (two sorts); 统计分析 was no report
kind (so no date, restatement or heading check applied, and the family-planning association's
figures were expected of it); own_year wanted the year right after 现将, and a plan's 为做好N年…
工作 was read nowhere; total_not_sum's clause had to start with 合计; approx_on_precise_number
looked at integers only; rate_contradicts_counts read % only and held counts of one unit
only (入住老人N人 against 床位N张 never). The year opening a plan's line
(2021年，全乡…达到67%) was read as the plan's own year.

Now (after the round-3 fixes, each a rule with a test of its own sentences in
tests/test_audit_round3_kinds.py): round 3 92/95 (0.97), 1 expected_metric_missing info on
its clean reports (人口和经济发展情况的汇报: 人口 reads as family planning; the 述职 of a 民政办主任
or 卫生健康办公室主任 now has its subject from its byline), 0 findings on
its 169 look-alikes; rounds 1 and 2 unchanged (93/93, 86/91). Left: a source's year
(根据2022年人口统计年报) under a 2023 title, a
signing date under a 20XX title, and （具体数据待补充） (a blank pattern, rules/blanks.yaml).
bench/findings_review.py table: 0.980 all but blank_* before (144 correct, 3 false), 0.979
after (143, 3): the byline fix removed one expected_metric_missing judged correct from the gold
(a 卫生院院长's 述职 asked for the association's figures), re-judged false by reading (0.973
before the fix with that verdict); 1.000 on the real tuning texts, unchanged.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = ROOT / "bench" / "audit_batch"
WINDOW = 6

# Which checks name a planted kind. Checks added in this session are listed too; a
# defect that only a finding of another check overlaps counts as told, not named.
NAMED = {
    "slot": {"blank_missing_number"},
    "placeholder": {"blank_placeholder"},
    "missing_text": {"blank_missing_text"},
    "unit": {"blank_missing_unit"},
    "numbering": {"numbering_duplicate", "numbering_skipped", "numbering_out_of_order"},
    # a part after 其中 larger than the total is named by either 其中 check
    "part_whole": {"part_exceeds_whole", "part_exceeds_total", "breakdown_exceeds_total"},
    "breakdown": {"breakdown_exceeds_total", "part_exceeds_total"},
    "sum_mismatch": {"breakdown_exceeds_total", "total_not_sum"},
    "ratecount": {"rate_contradicts_counts"},
    "percent_over": {"percent_over_100"},
    "approx": {"approx_on_precise_number"},
    "twice": {"figure_restated"},
    "year": {"year_differs_from_title"},
    "change": {"change_contradicts_figures"},
}


# --------------------------------------------------------------------------- the text

@dataclass
class M:
    """A planted defect inside a paragraph: `text` as written, `focus` the part a finding
    should point at (default: all of it), `also` further parts that count (the other
    statement of a figure given twice)."""
    kind: str
    site: str
    text: str
    focus: str | None = None


@dataclass
class Report:
    file: str
    kind: str            # 总结 汇报 计划 述职
    town: str
    year: int
    encoding: str        # utf-8, gbk, docx
    defects: list[str]   # site names, e.g. "slot:villages"
    seed: int
    lines: list = field(default_factory=list)
    used: set = field(default_factory=set)

    def has(self, site: str) -> bool:
        if site in self.defects:
            self.used.add(site)
            return True
        return False


def plant(r: Report, site: str, bad: str, good: str, focus: str | None = None):
    """`bad` (a planted defect) when the report asks for `site`, else `good`."""
    if r.has(site):
        return M(site.split(":")[0], site, bad, focus)
    return good


def cn_date(y: int, m: int, d: int) -> str:
    digits = "〇一二三四五六七八九"
    year = "".join(digits[int(c)] for c in str(y))

    def small(n):
        if n < 10:
            return digits[n]
        if n == 10:
            return "十"
        if n < 20:
            return "十" + digits[n - 10]
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return f"{year}年{small(m)}月{small(d)}日"


TOWNS_1 = ["青石镇", "柳溪乡", "白沙镇", "红岩乡", "桃源镇", "马坪乡", "龙泉镇", "东林乡",
           "凤鸣镇", "杨柳乡", "清河镇", "金竹乡", "云台镇", "松坪乡", "长乐镇", "望城乡",
           "兴隆镇", "丰乐乡", "安平镇", "永兴乡", "双溪镇", "黄桥乡", "新店镇", "太平乡",
           "玉泉镇", "高坪乡", "石坝镇", "梅林乡", "河口镇", "长滩乡"]
TOWNS_2 = ["枫林镇", "竹园乡", "沙河镇", "鹤鸣乡", "官庄镇", "花桥乡", "水口镇", "柏林乡",
           "关山镇", "茶园乡", "羊角镇", "泉水乡", "仁和镇", "古城乡", "板桥镇", "木兰乡",
           "西河镇", "岩门乡", "响水镇", "银山乡", "新桥镇", "土桥乡", "石龙镇", "南岭乡",
           "大安镇", "松林乡", "平安镇", "桂花乡", "青龙镇", "庙坝乡"]
COUNTIES = ["临江县", "安远县", "西华县", "宁川县"]
NAMES = ["王建国", "李秀兰", "张志强", "刘海燕", "陈德明", "杨春梅", "赵永红", "周立新"]


class Facts:
    """The numbers of one township, consistent with each other."""

    def __init__(self, rng: random.Random):
        self.villages = rng.randint(8, 24)
        self.communities = rng.randint(1, 4)
        self.groups = self.villages * rng.randint(6, 11)
        self.pop = rng.randint(12000, 46000)
        self.women = int(self.pop * rng.uniform(0.19, 0.25))
        self.assoc_v = self.villages + self.communities
        self.assoc_e = rng.randint(1, 5)
        self.assoc = 1 + self.assoc_v + self.assoc_e
        self.members = int(self.pop * rng.uniform(0.07, 0.12))
        self.distance = rng.randint(6, 48)
        self.materials = rng.randint(8, 40) * 1000
        self.banners = rng.randint(20, 90)
        self.slogans = rng.randint(30, 160)
        self.events = rng.randint(6, 30)
        self.audience = rng.randint(3, 15) * 1000
        self.contraceptives = rng.randint(20, 90) * 100
        self.screen_due = rng.randint(2000, 7000)
        self.screen_done = self.screen_due - rng.randint(10, 160)
        self.households = rng.randint(3000, 9000)
        self.signed = self.households - rng.randint(5, 120)
        self.classes = rng.randint(3, 12)
        self.cadres = rng.randint(30, 90)
        self.backbone = rng.randint(60, 200)
        self.ordinary = rng.randint(200, 600)
        self.trained = self.cadres + self.backbone + self.ordinary
        self.families = rng.randint(40, 200)
        self.money = rng.randint(8, 60)
        self.county_money = rng.randint(3, 20)
        self.town_money = rng.randint(2, 15)
        self.village_money = rng.randint(1, 8)
        self.flow = rng.randint(800, 4000)
        self.flow_out = int(self.flow * rng.uniform(0.55, 0.8))
        self.flow_in = self.flow - self.flow_out
        self.schools = self.villages
        self.model_villages = rng.randint(2, max(3, self.villages // 3))

    @staticmethod
    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%"


# Paragraphs without planted defects, picked per report to vary length and wording.
EXTRA_ORG = [
    "镇协会坚持每季度召开一次会长、秘书长例会，通报工作进展，研究解决协会工作中遇到的困难和问题，做到了年初有计划、季度有安排、年终有总结。",
    "按照“有牌子、有场地、有制度、有台账、有活动”的要求，对各村协会阵地进行了规范，统一制作了协会工作制度牌和会员活动登记簿。",
    "在换届工作中，选优配强村级协会会长，全部由村党支部书记或村委会主任兼任，秘书长由村计生专干担任，协会班子的整体素质明显提高。",
    "结合全镇村级组织换届，对会员名册进行了全面清理，及时吸收热心公益、群众威信高的党员、退休教师、致富能手入会，会员结构进一步优化。",
]
EXTRA_OUTREACH = [
    "充分利用村村响广播、微信工作群和农村集市，采取群众喜闻乐见的形式宣传优生优育、生殖健康和计生惠民政策，做到家喻户晓、人人皆知。",
    "组织协会骨干深入田间地头和农户家中，面对面讲解生育政策和奖励扶助政策，解答群众关心的热点问题，受到群众普遍欢迎。",
    "在中小学开展青春健康教育进校园活动，邀请县妇幼保健院专家为学生讲授青春期生理卫生知识，帮助青少年树立正确的婚恋观。",
]
EXTRA_SERVICE = [
    "镇协会与镇卫生院密切配合，组织医务人员进村入户，为孕产妇和婴幼儿提供免费健康随访服务，做到早发现、早干预。",
    "全面推行“会员联系户”制度，每名会员联系5至10户群众，定期上门了解生产生活情况，及时反映群众诉求，协会的桥梁纽带作用得到了较好发挥。",
    "积极开展优生优育指导，为计划怀孕夫妇提供孕前优生健康检查，宣传叶酸增补等知识，出生缺陷发生率明显下降。",
]
EXTRA_CARE = [
    "协调相关部门，为符合条件的计生家庭落实农村部分计划生育家庭奖励扶助、特别扶助等政策，做到应纳尽纳、按时足额发放。",
    "开展“暖心行动”，为失独家庭和伤残家庭建立一户一档，落实镇村干部联系人和家庭医生签约服务，帮助解决就医、养老等实际困难。",
    "组织会员志愿者开展“关爱留守儿童”活动，为留守儿童送去学习用品，并建立了结对帮扶关系，让他们感受到社会的温暖。",
]
EXTRA_PLAN = [
    "积极探索协会参与基层社会治理的新途径，发挥会员熟悉村情民情的优势，参与矛盾纠纷排查化解和村规民约修订。",
    "加强协会工作人员业务培训，每年至少组织一次镇村协会秘书长集中培训，提高协会干部做群众工作的能力。",
    "进一步完善协会工作考核办法，建立以群众满意为主要标准的评价机制，推动协会工作提质增效。",
]
EXTRA_INTRO = [
    "全镇上下按照“服务家庭、造福群众”的工作宗旨，把协会工作与乡村振兴、移风易俗等中心工作紧密结合，努力推动协会工作创新发展。",
    "我们始终坚持把协会工作摆在重要位置，主要领导亲自抓，分管领导具体抓，形成了党委领导、政府支持、协会运作、群众参与的工作格局。",
]


def extras(rng: random.Random, pool: list[str], lo: int = 1, hi: int = 2) -> list[list[str]]:
    return [[p] for p in rng.sample(pool, rng.randint(lo, min(hi, len(pool))))]


def build_fp(r: Report, rng: random.Random, f: Facts, county: str, variant: int) -> list:
    """A family-planning association report (the corpus domain): a list of lines, each a
    list of str / M."""
    T, Y = r.town, r.year
    lines: list = []
    kind = r.kind
    title_year = plant(r, "placeholder:title_year", "20xx", str(Y), "xx")
    if kind == "总结":
        lines.append([T, title_year, "年计划生育协会工作总结"])
    elif kind == "汇报":
        lines.append([T, "计划生育协会工作情况汇报"] if variant % 2 else [T, title_year, "年计生协会工作汇报"])
    elif kind == "计划":
        lines.append([T, title_year, "年计划生育协会工作计划"])
    else:
        lines.append([title_year, "年度个人述职报告"])
        name = rng.choice(NAMES)
        lines.append([T, "计划生育协会秘书长 ", plant(r, "placeholder:signature", "×××", name)])
        lines.append(["各位领导、同志们："])
    # opening
    if kind == "计划":
        lines.append([plant(r, "year:opening", f"{Y - 2}年是", f"{Y}年是", f"{Y - 2}"),
                      "全面深化计生协会改革的关键一年，为进一步做好全镇计划生育协会工作，"
                      "充分发挥协会在宣传、服务、管理、监督中的作用，结合我镇实际，制定本计划。"])
        lines.append(["总体思路是：以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院关于优化生育政策的决策部署，"
                      "围绕“生育关怀、优生优育、青春健康、家庭健康”等重点任务，以深化协会改革为动力，以服务群众为根本，"
                      "推动全镇计生协会工作再上新台阶。"])
    elif kind == "述职":
        lines.append(["本人自担任", T, "计划生育协会秘书长以来，在镇党委、政府和县计生协的正确领导下，"
                      "认真履行岗位职责，较好地完成了各项工作任务。现将",
                      plant(r, "year:opening", f"{Y - 1}年度", f"{Y}年度", f"{Y - 1}"),
                      "履职情况报告如下，请予评议。"])
    else:
        opening = rng.choice([
            "今年以来，我镇计生协会在镇党委、政府的正确领导和县计生协的精心指导下，"
            "紧紧围绕人口和计划生育中心工作，以“生育关怀”为重点，扎实开展宣传、服务、管理、监督各项工作，取得了一定成效。",
            "一年来，在上级计生协的指导下，我镇坚持以群众需求为导向，以基层协会建设为抓手，"
            "积极推进计生协会改革，较好地完成了年初确定的各项目标任务。",
        ])
        if r.has("year:opening"):
            lines.append([M("year", "year:opening", f"{Y - 1}年，", f"{Y - 1}"), opening.replace("今年以来，", "").replace("一年来，", "")])
        else:
            lines.append([opening])
        if r.has("placeholder:town"):
            lines.append(["在", M("placeholder", "placeholder:town", "*镇", "*"), "党委、政府的高度重视下，协会工作被纳入全镇年度目标考核，做到了有人员、有经费、有场所。现将有关情况汇报如下："])
        else:
            lines.append(["现将有关情况汇报如下："])
        lines[-1:-1] = extras(rng, EXTRA_INTRO, 0, 1)
    # 基本情况
    n1, n2, n3, n4 = "一、", "二、", "三、", "四、"
    if r.has("numbering:skip_top"):
        n3 = M("numbering", "numbering:skip_top", "四、")
        n4 = "五、"
    if r.has("numbering:dup_top"):
        n3 = M("numbering", "numbering:dup_top", "二、")
    lines.append([n1, "基本情况"])
    location = plant(r, "missing_text:location", f"{T}位于，距县城{f.distance}公里，", f"{T}位于{county}东部，距县城{f.distance}公里，", "位于，")
    if not isinstance(location, M):
        location = [f"{T}位于", plant(r, "placeholder:county", "XX县", county, "XX"), f"东部，距县城{f.distance}公里，"]
    villages = plant(r, "slot:villages", "辖个行政村", f"辖{f.villages}个行政村", "辖个")
    pop = plant(r, "slot:pop", "总人口人", f"总人口{f.pop}人", "口人")
    women_n = f.women
    women = f"已婚育龄妇女{women_n}人"
    if r.has("part_whole:women"):
        women = M("part_whole", "part_whole:women", f"已婚育龄妇女{int(f.pop * 1.18)}人")
    basic = [location, villages, f"、{f.communities}个社区，{f.groups}个村民小组，", pop, "，其中", women, "。"]
    lines.append(basic)
    if r.has("breakdown:assoc"):
        lines.append([M("breakdown", "breakdown:assoc",
                        f"全镇共建立计生协会组织{f.assoc - 3}个，其中镇级协会1个、村（社区）级协会{f.assoc_v}个、企业协会{f.assoc_e}个")
                      , f"，实现了协会组织全覆盖。"])
    elif r.has("sum_mismatch:assoc"):
        lines.append([f"全镇建有镇级协会1个、村（社区）级协会{f.assoc_v}个、企业协会{f.assoc_e}个，",
                      M("sum_mismatch", "sum_mismatch:assoc", f"共计{f.assoc + 2}个"), "，实现了协会组织全覆盖。"])
    else:
        lines.append([f"全镇共建立计生协会组织{f.assoc}个，其中镇级协会1个、村（社区）级协会{f.assoc_v}个、企业协会{f.assoc_e}个，实现了协会组织全覆盖。"])
    members = f"发展会员{f.members}人"
    if r.has("part_whole:members"):
        members = M("part_whole", "part_whole:members", f"发展会员{f.pop + rng.randint(500, 3000)}人")
    lines.append(["目前全镇", members, "，会员之家", plant(r, "slot:homes", "个", f"{f.assoc_v}个", "个"), "，初步形成了镇有协会、村有小组、组有会员的工作网络。"])
    if kind == "计划":
        lines.append([n2, "工作目标"])
        lines.append(["1.人口出生率控制在", plant(r, "unit:birth", "12", "12‰", "12"), "以内，自然增长率控制在",
                      plant(r, "unit:growth", "6.5", "6.5‰", "6.5"), "以内；"])
        i2 = "2."
        i3 = plant(r, "numbering:dup_item3", "2.", "3.")
        lines.append([i2, "政策符合率达到", plant(r, "unit:compliance", "90", "90%", "90"), "以上，家庭服务协议签订率达到95%以上；"])
        lines.append([i3, "新发展会员", plant(r, "slot:plan_members", "名", f"{rng.randint(3, 9) * 100}名"),
                      "，村级协会规范化建设达标率达到85%以上。"])
        lines.append([n3, "主要措施"])
        p1, p2, p3, p4 = "（一）", "（二）", "（三）", "（四）"
        if r.has("numbering:skip_sub"):
            p2, p3, p4 = M("numbering", "numbering:skip_sub", "（三）"), "（四）", "（五）"
        lines.append([p1, "加强组织建设。调整充实村级协会领导班子，落实“会长、秘书长、小组长”三级责任，"
                      "每季度召开一次协会工作例会。"])
        lines.append([p2, "深化宣传倡导。利用“5·29”会员活动日、“7·11”世界人口日等节点，集中开展宣传活动不少于",
                      plant(r, "slot:plan_events", "次", "6次"), "，发放宣传资料",
                      plant(r, "placeholder:underscore", "____", "10000", "____"), "份。"])
        lines.append([p3, "做实生育关怀。对计生特殊家庭实行“一对一”联系帮扶，重要节日走访慰问全覆盖，"
                      "计划发放慰问金", plant(r, "slot:plan_money", "万元", f"{f.money}万元"), "。"])
        if "placeholder:village" in r.defects:
            lines.append([p4, "打造示范阵地。在", plant(r, "placeholder:village", "XX村", "", "XX"),
                          "建设人口文化广场1处，以点带面推动全镇协会阵地建设。"])
        lines += extras(rng, EXTRA_PLAN, 1, 3)
        lines.append([n4, "保障措施"])
        lines.append(["镇财政每年安排协会工作经费不少于5万元，并列入财政预算；将协会工作纳入对村（社区）年度目标考核，"
                      "实行季度督查、年终考核，考核结果与村干部绩效挂钩。"])
        lines.append([T, "计划生育协会"])
        lines.append([plant(r, "year:date", cn_date(Y - 2, 1, 15), cn_date(Y, 1, 15), cn_date(Y - 2, 1, 15)[:5])])
        return lines

    lines.append([n2, "主要工作及成效"])
    s1, s2, s3, s4 = "（一）", "（二）", "（三）", "（四）"
    if r.has("numbering:skip_sub"):
        s2 = M("numbering", "numbering:skip_sub", "（三）")
        s3, s4 = "（四）", "（五）"
    lines.append([s1, "加强组织建设，夯实工作基础"])
    lines.append([f"调整充实了镇、村两级协会领导班子，",
                  plant(r, "twice:villages", f"全镇{f.villages + 2}个行政村", f"全镇{f.villages}个行政村", str(f.villages + 2)),
                  "全部配备了专（兼）职秘书长，建立健全了会员登记、活动记录、财务管理等各项制度。",
                  plant(r, "slot:schools", "全镇建成村级人口学校所，", f"全镇建成村级人口学校{f.schools}所，", "校所"),
                  f"{f.model_villages}个村被评为县级“村民自治示范村”。"])
    lines += extras(rng, EXTRA_ORG)
    lines.append([s2, "突出宣传倡导，营造良好氛围"])
    materials = plant(r, "slot:materials", "发放宣传资料份", f"发放宣传资料{f.materials}份", "料份")
    audience = f"受教育群众{f.audience}余人次"
    if r.has("approx:audience"):
        audience = M("approx", "approx:audience", f"受教育群众{f.audience + 37}多人次")
    lines.append([f"以“5·29”会员活动日为契机，组织开展集中宣传活动{f.events}场次，", materials, f"，悬挂横幅{f.banners}条，"
                  f"刷写永久性标语{f.slogans}条，", audience, "。"])
    if r.has("placeholder:year_text"):
        lines.append(["同时，", M("placeholder", "placeholder:year_text", "20xx年", "xx"), "我们在镇文化广场举办了“婚育新风进万家”文艺演出，群众反响良好。"])
    lines += extras(rng, EXTRA_OUTREACH)
    lines.append([s3, "强化优质服务，提升群众满意度"])
    contraceptives = plant(r, "slot:contraceptives", "免费发放避孕药具盒", f"免费发放避孕药具{f.contraceptives}盒", "具盒")
    if r.has("ratecount:screen"):
        screen = M("ratecount", "ratecount:screen", f"全年应查对象{f.screen_due}人，实查{f.screen_done - 400}人，受检率{Facts.pct(f.screen_done, f.screen_due)}")
    elif r.has("unit:screen"):
        screen = [f"全年应查对象{f.screen_due}人，实查{f.screen_done}人，受检率达", M("unit", "unit:screen", f"{100 * f.screen_done / f.screen_due:.1f}")]
    else:
        screen = f"全年应查对象{f.screen_due}人，实查{f.screen_done}人，受检率{Facts.pct(f.screen_done, f.screen_due)}"
    lines.append(["配合镇卫生院为育龄群众", contraceptives, "，开展孕环情监测和健康检查，", screen, "。"])
    if r.has("ratecount:contract"):
        contract = M("ratecount", "ratecount:contract", f"全镇{f.households}户育龄家庭中有{f.signed}户签订了计划生育家庭服务协议，签订率为{Facts.pct(f.signed - 700, f.households)}")
    elif r.has("unit:contract"):
        contract = ["家庭服务协议签订率在", M("unit", "unit:contract", "98"), "以上"]
    elif r.has("percent_over:contract"):
        contract = ["家庭服务协议签订率达", M("percent_over", "percent_over:contract", "103.5%")]
    else:
        contract = f"全镇{f.households}户育龄家庭中有{f.signed}户签订了计划生育家庭服务协议，签订率为{Facts.pct(f.signed, f.households)}"
    lines.append(["深入推进村民自治，", contract, "。"])
    lines += extras(rng, EXTRA_SERVICE)
    lines.append([s4, "做实生育关怀，彰显协会温暖"])
    money = plant(r, "slot:money", "慰问金万元", f"慰问金{f.money}万元", "金万元")
    lines.append([f"春节、“5·29”期间，镇村两级协会走访慰问计生困难家庭和特殊家庭{f.families}户，发放", money, "。"])
    if r.has("sum_mismatch:money"):
        lines.append([f"全年筹集生育关怀资金：县计生协下拨{f.county_money}万元，镇财政配套{f.town_money}万元，村级自筹{f.village_money}万元，",
                      M("sum_mismatch", "sum_mismatch:money", f"合计{f.county_money + f.town_money + f.village_money + 5}万元"), "。"])
    if r.has("breakdown:flow"):
        lines.append([M("breakdown", "breakdown:flow", f"全镇现有流动人口{f.flow}人，其中流出{f.flow_out}人，流入{f.flow_in + 300}人"),
                      "，镇协会建立了流动人口服务台账，为外出务工人员提供办证、咨询等服务。"])
    elif r.has("part_whole:flow"):
        lines.append([M("part_whole", "part_whole:flow", f"全镇现有流动人口{f.flow}人，其中流出{f.flow + 260}人"),
                      "，镇协会建立了流动人口服务台账，为外出务工人员提供办证、咨询等服务。"])
    else:
        lines.append([f"全镇现有流动人口{f.flow}人，其中流出{f.flow_out}人，流入{f.flow_in}人，镇协会建立了流动人口服务台账，为外出务工人员提供办证、咨询等服务。"])
    if r.has("placeholder:village"):
        lines.append(["在", M("placeholder", "placeholder:village", "XX村", "XX"), "建成人口文化长廊1处，设置宣传栏6块。"])
    if r.has("missing_text:fill"):
        lines.append(["全年开展“幸福家庭”创建活动，评选表彰幸福家庭", M("missing_text", "missing_text:fill", "（此处填写户数）"), "。"])
    # training (as part of 4)
    if r.has("breakdown:training"):
        lines.append([M("breakdown", "breakdown:training",
                        f"举办协会骨干培训班{f.classes}期，培训{f.trained - 150}人次，其中村干部{f.cadres}人次、协会骨干{f.backbone}人次、会员{f.ordinary}人次"), "。"])
    else:
        lines.append([f"举办协会骨干培训班{f.classes}期，培训", plant(r, "slot:trained", "人次", f"{f.trained}人次"),
                      f"，其中村干部{f.cadres}人次、协会骨干{f.backbone}人次、会员{f.ordinary}人次。"])
    lines += extras(rng, EXTRA_CARE)
    # 存在问题
    lines.append([n3, "存在的问题"])
    problems = ["一是部分村级协会活动经费不足，开展活动存在困难；", "二是会员队伍年龄偏大，文化程度不高，作用发挥不够充分；",
                "三是宣传形式还比较单一，针对年轻群体的宣传效果不明显。"]
    lines.append(problems)
    if r.has("twice:pop"):
        lines.append(["随着人口老龄化加剧，",
                      M("twice", "twice:pop", f"全镇{f.pop + 1350}人中60岁以上老人所占比重逐年上升", str(f.pop + 1350)),
                      "，协会服务任务更加繁重。"])
    # 下步打算
    lines.append([n4, "下步工作打算"])
    d1, d2, d3 = "1.", "2.", "3."
    if r.has("numbering:dup_item"):
        d3 = M("numbering", "numbering:dup_item", "2.")
    lines.append([d1, "进一步加强基层协会规范化建设，推动协会工作由“有形覆盖”向“有效覆盖”转变。"])
    lines.append([d2, "创新宣传方式，充分运用微信群、村村响等载体，提高宣传的针对性和实效性。"])
    lines.append([d3, "拓展生育关怀内容，积极争取各方支持，为计生家庭办实事、解难题。"])
    for k, extra in enumerate(rng.sample(EXTRA_PLAN, rng.randint(0, 2)), 4):
        lines.append([f"{k}.", extra])
    if kind == "述职":
        lines.append(["以上是我的述职报告，不妥之处，请各位领导和同志们批评指正。"])
        lines.append(["述职人：", plant(r, "placeholder:signer", "某某", rng.choice(NAMES), "某某")])
    else:
        lines.append([T, "计划生育协会"])
    day = cn_date(Y + 1, 1, 8) if kind == "述职" else cn_date(Y, 12, 20)
    lines.append([plant(r, "year:date", cn_date(Y - 2, 12, 20), day, cn_date(Y - 2, 12, 20)[:5])])
    return lines


# Round 1: 30 reports; each row: kind, encoding, defect sites. Written before reading code.
ROUND1 = [
    ("总结", "utf-8", []),
    ("汇报", "utf-8", []),
    ("计划", "utf-8", []),
    ("述职", "gbk", []),
    ("总结", "gbk", []),
    ("汇报", "docx", []),
    ("总结", "utf-8", ["slot:villages", "slot:pop", "numbering:skip_top"]),
    ("汇报", "utf-8", ["placeholder:town", "placeholder:county", "slot:materials", "unit:contract"]),
    ("计划", "utf-8", ["placeholder:title_year", "unit:birth", "unit:compliance", "slot:plan_members", "numbering:skip_sub"]),
    ("述职", "utf-8", ["placeholder:signature", "part_whole:women", "slot:trained", "year:opening"]),
    ("总结", "gbk", ["breakdown:assoc", "ratecount:screen", "numbering:dup_item", "slot:homes"]),
    ("汇报", "gbk", ["missing_text:location", "slot:contraceptives", "twice:pop", "percent_over:contract"]),
    ("总结", "utf-8", ["sum_mismatch:money", "twice:villages", "year:date", "approx:audience"]),
    ("计划", "gbk", ["unit:growth", "placeholder:underscore", "slot:plan_events", "numbering:dup_item3", "year:opening"]),
    ("汇报", "utf-8", ["part_whole:members", "breakdown:flow", "placeholder:village", "numbering:skip_sub"]),
    ("述职", "utf-8", ["placeholder:signer", "ratecount:contract", "slot:money", "numbering:dup_top"]),
    ("总结", "docx", ["slot:pop", "unit:screen", "breakdown:training", "placeholder:year_text"]),
    ("汇报", "docx", ["slot:villages", "sum_mismatch:assoc", "missing_text:fill", "year:date"]),
    ("总结", "utf-8", ["part_whole:flow", "slot:schools", "numbering:skip_top", "placeholder:title_year"]),
    ("计划", "utf-8", ["slot:plan_money", "placeholder:village", "unit:compliance", "year:date"]),
    ("汇报", "gbk", ["twice:villages", "ratecount:screen", "slot:trained", "placeholder:town"]),
    ("述职", "gbk", ["year:opening", "part_whole:members", "unit:contract", "slot:materials"]),
    ("总结", "utf-8", ["twice:pop", "breakdown:assoc", "numbering:dup_top", "approx:audience"]),
    ("汇报", "utf-8", ["sum_mismatch:money", "percent_over:contract", "slot:contraceptives", "missing_text:location"]),
    ("总结", "gbk", ["year:date", "numbering:dup_item", "slot:money", "placeholder:county"]),
    ("述职", "utf-8", ["placeholder:title_year", "breakdown:flow", "slot:schools", "unit:screen"]),
    ("汇报", "utf-8", ["part_whole:women", "numbering:skip_sub", "missing_text:fill", "slot:homes"]),
    ("总结", "utf-8", ["ratecount:contract", "sum_mismatch:assoc", "twice:villages", "placeholder:village"]),
    ("计划", "docx", ["unit:birth", "slot:plan_members", "numbering:skip_top", "placeholder:underscore"]),
    ("总结", "utf-8", []),
]




# --------------------------------------------------------------------------- round 2
# Written after the fixes of round 1, with phrasings of its own: a township's 人居环境整治
# reports and family-planning reports in another voice (乡, 村委会, 名, 人次, …).

EXTRA_ENV = [
    "乡党委、政府把农村人居环境整治作为实施乡村振兴战略的第一场硬仗，成立了由乡长任组长的领导小组，实行乡干部包村、村干部包组、党员包户的责任体系。",
    "坚持“建管并重”，制定了村规民约和门前三包责任制，每月开展一次“最美庭院”评比，红黑榜在村务公开栏张贴，群众参与的积极性明显提高。",
    "对乱搭乱建、乱堆乱放、乱扔乱倒等问题开展集中整治，拆除残垣断壁和废弃圈舍，清理房前屋后柴草堆，村容村貌焕然一新。",
    "结合春秋两季爱国卫生运动，组织干部群众开展义务劳动，清理沟渠河道，疏浚排水设施，消除蚊蝇孳生地。",
]
EXTRA_ENV_PLAN = [
    "建立健全长效管护机制，落实村级保洁经费，推行“户分类、村收集、乡转运、县处理”的垃圾处理模式。",
    "加大宣传引导力度，利用广播、横幅、微信群等方式宣传卫生健康知识，引导群众养成良好卫生习惯。",
    "强化督查考核，乡督查组每月对各村整治情况进行暗访，结果在全乡通报，并与村干部报酬挂钩。",
]
EXTRA_FP2 = [
    "乡卫生院与计生协会联合组建了家庭医生签约服务团队，为计生特殊家庭、留守老人提供上门随访和健康咨询服务。",
    "各村利用农闲时节召开会员大会，通报协会收支情况，听取会员意见建议，会员的主人翁意识不断增强。",
    "以“新时代文明实践站”为平台，开展婚育新风、家庭文明建设等主题宣讲，倡导男女平等、科学育儿的理念。",
    "乡协会坚持每月一次例会、每季一次督查、半年一次小结，工作有布置、有检查、有落实。",
]

EXTRA_ENV_MORE = [
    "在整治过程中，我们注重发挥村民主体作用，凡是涉及群众切身利益的事项，都经过村民代表大会讨论决定，做到整治方案群众定、整治过程群众管、整治成效群众评，有效化解了群众顾虑，形成了人人参与、户户行动的良好局面。",
    "针对部分村庄产业基础薄弱、集体经济收入有限的实际，乡党委积极探索“整治+产业”模式，把人居环境整治与发展庭院经济、乡村旅游结合起来，部分村利用整治后的闲置地块发展小菜园、小果园，既美化了环境，又增加了群众收入。",
    "坚持示范引领、以点带面，选择基础条件较好的村先行先试，打造了一批房前屋后干净整洁、道路两旁绿树成荫的示范点，组织各村支部书记现场观摩学习，在全乡形成了比学赶超的浓厚氛围。",
    "乡纪委把人居环境整治纳入作风建设监督重点，对工作推进不力、敷衍应付的村干部进行约谈提醒，压紧压实各级责任，确保各项任务落到实处。",
    "加强农村污水治理，在集镇和人口集中的村建设小型污水处理设施，对农户生活污水实行分类收集处理，逐步解决污水横流的问题，农村水环境质量有所改善。",
]
EXTRA_FP2_MORE = [
    "乡协会把优化生育政策宣传作为重点，组织协会骨干深入村组、进院入户，向群众讲解三孩生育政策和配套支持措施，解读生育登记、育儿补贴等具体办法，让群众对政策心中有数，营造了支持生育的良好社会氛围。",
    "围绕“一老一小”开展服务，联合乡卫生院为留守老人开展健康体检，为婴幼儿家庭提供科学育儿指导，在乡中心幼儿园设立托育服务点，为双职工家庭解决了后顾之忧，群众满意度不断提高。",
    "进一步规范村级协会建设，统一制作了协会章程、工作制度和会员花名册，实行村级协会工作季度报告制度，各村协会做到了有组织、有阵地、有制度、有活动、有档案，基层协会的战斗力明显增强。",
    "注重发挥会员志愿者作用，组建了由退休教师、乡村医生和致富能手组成的志愿服务队，常态化开展政策宣讲、健康义诊、帮扶慰问等活动，协会的社会影响力和群众认可度不断提升。",
    "积极开展计生特殊家庭关怀，建立了乡村两级联系人制度，逢年过节上门走访慰问，帮助解决生产生活中的实际困难，并为他们购买了住院护理补贴保险，让特殊家庭感受到党和政府的温暖。",
]


def build_env(r: Report, rng: random.Random, county: str, variant: int) -> list:
    """A township's report on rural living conditions (农村人居环境整治)."""
    T, Y, kind = r.town, r.year, r.kind
    v = rng.randint(7, 19)
    groups = v * rng.randint(5, 9)
    hh = rng.randint(3000, 9000)
    pop = int(hh * rng.uniform(3.1, 3.9))
    area = rng.randint(60, 260)
    due = rng.randint(800, 2600)
    done = due - rng.randint(5, 60)
    public = rng.randint(4, 15)
    flush = public - rng.randint(1, 3)
    stations = rng.randint(2, 6)
    town_staff, village_staff = rng.randint(6, 15), rng.randint(30, 90)
    bins = rng.randint(50, 300) * 10
    tons = rng.randint(20, 90) * 100
    fin, agri, self_ = rng.randint(80, 300), rng.randint(50, 200), rng.randint(10, 60)
    lines: list = []
    ty = plant(r, "placeholder:e_title_year", "20XX", str(Y), "XX")
    title = {"总结": "年农村人居环境整治工作总结", "汇报": "年农村人居环境整治工作情况汇报",
             "计划": "年农村人居环境整治工作计划", "述职": "年度个人述职报告"}[kind]
    lines.append([T, ty, title] if kind != "述职" else [ty, title])
    if kind == "述职":
        lines.append([T, "分管副乡长 ", rng.choice(NAMES)])
        lines.append(["各位领导、同志们："])
        lines.append(["本人分管全乡农村人居环境整治工作。",
                      plant(r, "year:e_own", f"现将{Y - 1}年度个人履职情况报告如下：", f"现将{Y}年度个人履职情况报告如下：", str(Y - 1))])
    elif kind == "计划":
        lines.append([plant(r, "year:e_plan", f"{Y - 1}年是", f"{Y}年是", str(Y - 1)),
                      "农村人居环境整治提升五年行动的关键之年。为持续改善农村人居环境，建设生态宜居美丽乡村，结合我乡实际，特制定本计划。"])
    else:
        if r.has("year:e_open"):
            lines.append([M("year", "year:e_open", f"{Y - 1}年，", str(Y - 1)), "我乡以“三清一改”为抓手，全面推进农村人居环境整治，各项工作取得阶段性成效。"])
        else:
            lines.append(["今年以来，我乡以“三清一改”为抓手，全面推进农村人居环境整治，各项工作取得阶段性成效。"])
        lines.append([plant(r, "year:e_own", f"现将{Y - 2}年工作开展情况汇报如下：", "现将有关情况汇报如下：", str(Y - 2))])
    n = ["一、", "二、", "三、", "四、", "五、"]
    if r.has("numbering:e_skip"):
        n = ["一、", "二、", "三、", M("numbering", "numbering:e_skip", "五、"), "六、"]
    lines.append([n[0], "基本情况"])
    lines.append([T, "地处", plant(r, "placeholder:e_county", "××县", county, "××"), "西北部，国土面积",
                  plant(r, "slot:e_area", "平方公里", f"{area}平方公里"), "，下辖", f"{v}个村（社区）、",
                  plant(r, "slot:e_spaced", " 个", f"{groups}个", " 个"), "村民小组，户籍人口",
                  f"{hh}户", plant(r, "slot:e_pop", "人", f"{pop}人", "人"), "。"])
    lines += [[x] for x in rng.sample(EXTRA_ENV, rng.randint(1, 2))]
    lines += [[x] for x in rng.sample(EXTRA_ENV_MORE, 3 if kind == "计划" else 1)]
    if kind == "计划":
        lines.append([n[1], "目标任务"])
        lines.append(["1、完成农村户厕改造", plant(r, "slot:e_plan_toilets", "户", f"{due}户"), "，卫生厕所普及率达到",
                      plant(r, "unit:e_plan_rate", "85", "85%", "85"), "以上；"])
        lines.append([plant(r, "numbering:e_item", "3、", "2、", "3、"), "生活垃圾无害化处理率达到",
                      plant(r, "unit:e_garbage", "90", "90%", "90"), "以上，", plant(r, "placeholder:e_circle", "○○村", "各村", "○○"), "率先建成市级美丽乡村示范村；"])
        lines.append(["3、" if "numbering:e_item" not in r.defects else "4、", "新建公共厕所", plant(r, "slot:e_plan_public", "座", f"{public}座"), "，实现行政村全覆盖。"])
        lines.append([n[2], "主要措施"])
        lines += [[x] for x in rng.sample(EXTRA_ENV_PLAN, rng.randint(2, 3))]
        lines.append([n[3], "保障措施"])
        lines.append(["乡财政安排整治专项资金，", plant(r, "placeholder:e_underscore", "____万元", "80万元", "____"),
                      "，实行以奖代补。各村要对照任务清单，挂图作战，确保", plant(r, "placeholder:e_date", "X月X日", "11月底", "X月X日"), "前全面完成年度任务。"])
        lines.append([T, "人民政府"])
        lines.append([plant(r, "year:e_date", cn_date(Y + 1, 2, 10), cn_date(Y, 2, 10), cn_date(Y + 1, 2, 10)[:5])])
        return lines
    lines.append([n[1], "主要工作及成效"])
    s = ["（一）", "（二）", "（三）", "（四）"]
    if r.has("numbering:e_dup_sub"):
        s = ["（一）", "（二）", M("numbering", "numbering:e_dup_sub", "（二）"), "（三）"]
    if r.has("numbering:e_order"):
        s = ["（一）", "（三）", M("numbering", "numbering:e_order", "（二）"), "（四）"]
    lines.append([s[0], "扎实推进农村“厕所革命”"])
    if r.has("ratecount:e_toilet"):
        toilet = M("ratecount", "ratecount:e_toilet", f"全乡应改厕农户{due}户，已完成改造{done}户，改厕率{Facts.pct(done - 300, due)}")
    else:
        toilet = f"全乡应改厕农户{due}户，已完成改造{done}户，改厕率{Facts.pct(done, due)}"
    lines.append([toilet, "。", plant(r, "slot:e_public", "新建公共厕所座，", f"新建公共厕所{public}座，"),
                  "户厕普及率达到", plant(r, "percent_over:e_rate", "104%", "86%", "104%"), "。"])
    if r.has("breakdown:e_public"):
        lines.append([M("breakdown", "breakdown:e_public", f"全乡现有公共厕所{public}座，其中水冲式厕所{flush}座、旱厕{public - flush + 4}座"), "，均落实了专人管护。"])
    else:
        lines.append([f"全乡现有公共厕所{public}座，其中水冲式厕所{flush}座、旱厕{public - flush}座，均落实了专人管护。"])
    lines.append([s[1], "全面开展农村生活垃圾治理"])
    staff = f"配备乡级保洁员{town_staff}名、村级保洁员{village_staff}名，共{town_staff + village_staff}名"
    if r.has("sum_mismatch:e_staff"):
        staff = [f"配备乡级保洁员{town_staff}名、村级保洁员{village_staff}名，", M("sum_mismatch", "sum_mismatch:e_staff", f"共{town_staff + village_staff + 12}名")]
    tons_t = f"全年清运生活垃圾{tons}吨"
    if r.has("approx:e_tons"):
        tons_t = M("approx", "approx:e_tons", f"全年清运生活垃圾{tons + 27}余吨")
    lines.append([f"建成垃圾中转站{stations}座，", staff, "，购置垃圾桶",
                  plant(r, "slot:e_bins", "个", f"{bins}个"), "，", tons_t, "，生活垃圾无害化处理率达到",
                  plant(r, "unit:e_rate", "92", "92%", "92"), "。"])
    lines.append([s[2], "加大资金投入"])
    total = f"总计{fin + agri + self_}万元"
    if r.has("sum_mismatch:e_money"):
        total = M("sum_mismatch", "sum_mismatch:e_money", f"总计{fin + agri + self_ + 30}万元")
    lines.append([f"全年投入整治资金：财政专项资金{fin}万元，整合涉农资金{agri}万元，群众投工投劳折资{self_}万元，", total, "。"])
    if r.has("placeholder:e_person"):
        lines.append(["其中", M("placeholder", "placeholder:e_person", "王某某", "某某"), "等致富能人捐资修建了村口小广场。"])
    lines.append([s[3], "强化宣传发动"])
    lines.append([plant(r, "twice:e_villages", f"全乡{v + 2}个村", f"全乡{v}个村", str(v + 2)),
                  "均成立了村民理事会，组织群众义务投工投劳，", plant(r, "missing_text:e_fill", "（此处填写投工数）", "累计投工1.2万个", "（此处填写投工数）"), "。"])
    if r.has("twice:e_pop"):
        lines.append(["整治工作惠及", M("twice", "twice:e_pop", f"全乡{pop + 2600}名群众", str(pop + 2600)), "，群众的获得感、幸福感明显增强。"])
    lines += [[x] for x in rng.sample(EXTRA_ENV, 1)]
    lines += [[x] for x in rng.sample(EXTRA_ENV_MORE, rng.randint(2, 3))]
    lines.append([n[2], "存在的问题"])
    lines.append(["一是部分群众“等靠要”思想依然存在，主动参与整治的意识不强；二是长效管护机制不够健全，个别村出现反弹；三是资金投入与群众期望相比还有差距。"])
    lines.append([n[3], "下一步打算"])
    lines += [[x] for x in rng.sample(EXTRA_ENV_PLAN, rng.randint(2, 3))]
    if kind == "述职":
        lines.append(["述职人：", plant(r, "placeholder:e_signer", "×××", rng.choice(NAMES), "×××")])
    else:
        lines.append([T, "人民政府"])
    day = cn_date(Y + 1, 1, 12) if kind == "述职" else cn_date(Y, 12, 18)
    lines.append([plant(r, "year:e_date", cn_date(Y - 1, 12, 18), day, cn_date(Y - 1, 12, 18)[:5])])
    return lines


def build_fp2(r: Report, rng: random.Random, county: str, variant: int) -> list:
    """A family-planning report in another voice (乡, 村委会, 名)."""
    T, Y, kind = r.town, r.year, r.kind
    v = rng.randint(6, 16)
    pop = rng.randint(9000, 30000)
    women = int(pop * rng.uniform(0.18, 0.24))
    members = int(pop * rng.uniform(0.06, 0.1))
    male = int(members * rng.uniform(0.3, 0.45))
    births = rng.randint(90, 300)
    b1 = int(births * 0.45)
    b2 = int(births * 0.42)
    b3 = births - b1 - b2
    due = rng.randint(300, 800)
    came = due - rng.randint(10, 60)
    hh = rng.randint(2500, 8000)
    insured = hh - rng.randint(10, 90)
    cadres, mass = rng.randint(60, 200), rng.randint(800, 3000)
    lines: list = []
    ty = plant(r, "placeholder:f_title_year", "20××", str(Y), "××")
    title = {"总结": "年计生协会工作总结", "汇报": "年人口计生工作汇报", "计划": "年计生协会工作要点及计划", "述职": "年度述职报告"}[kind]
    lines.append([T, ty, title] if kind != "述职" else [ty, title])
    if kind == "述职":
        lines.append([T, "计生协会常务副会长 ", rng.choice(NAMES)])
        lines.append([plant(r, "year:f_own", f"现将{Y - 1}年度工作情况报告如下：", f"现将{Y}年度工作情况报告如下：", str(Y - 1))])
    elif kind == "计划":
        lines.append([plant(r, "year:f_plan", f"{Y - 2}年是", f"{Y}年是", str(Y - 2)), "全面落实优化生育政策的重要一年，乡协会将围绕中心、服务大局，重点做好以下工作。"])
    else:
        if r.has("year:f_open"):
            lines.append([M("year", "year:f_open", f"{Y - 1}年", str(Y - 1)), "，乡计生协会在乡党委的领导下，紧扣优化生育政策，扎实做好各项工作。"])
        else:
            lines.append(["一年来，乡计生协会在乡党委的领导下，紧扣优化生育政策，扎实做好各项工作。"])
    numbers = ["一、", "二、", "三、", "四、"]
    lines.append([numbers[0], "基本乡情"])
    women_t = f"已婚育龄妇女{women}名"
    if r.has("part_whole:f_women"):
        women_t = M("part_whole", "part_whole:f_women", f"已婚育龄妇女{pop + 850}名")
    lines.append(["全乡共有", plant(r, "slot:f_villages", "个村委会", f"{v}个村委会", "个"), "、",
                  plant(r, "placeholder:f_circle", "○○个", f"{v * 7}个", "○○"), "村民小组，总人口", f"{pop}人，", women_t, "。"])
    members_t = f"协会会员{members}人"
    if r.has("part_whole:f_members"):
        members_t = M("part_whole", "part_whole:f_members", f"协会会员达{pop + 1200}人")
    if r.has("breakdown:f_gender"):
        lines.append(["乡、村两级协会", M("breakdown", "breakdown:f_gender", f"现有会员{members}人，其中男会员{male}人，女会员{members - male + 90}人"), "。"])
    else:
        lines.append(["乡、村两级协会现有", members_t, f"，其中男会员{male}人，女会员{members - male}人。"])
    lines += [[x] for x in rng.sample(EXTRA_FP2, rng.randint(1, 2))]
    if kind == "计划":
        lines.append([numbers[1], "工作目标"])
        lines.append(["（一）政策符合率保持在", plant(r, "unit:f_plan_rate", "95", "95%", "95"), "以上，群众满意率达到",
                      plant(r, "unit:f_satisfaction", "96", "96%", "96"), "以上。"])
        lines.append([plant(r, "numbering:f_sub", "（三）", "（二）", "（三）"), "新发展会员", plant(r, "slot:f_plan_members", "名", "300名"),
                      "，举办青春健康讲座", plant(r, "slot:f_plan_lectures", "场次", "6场次"), "。"])
        lines.append([numbers[2], "具体措施"])
        lines += [[x] for x in rng.sample(EXTRA_FP2, 2)]
        lines += [[x] for x in rng.sample(EXTRA_FP2_MORE, 4)]
        lines.append(["于", plant(r, "placeholder:f_date", "20XX年X月", f"{Y}年5月", "XX年X"), "组织开展“5·29”会员活动日集中宣传。"])
        lines.append([T, "计划生育协会"])
        lines.append([plant(r, "year:f_date", cn_date(Y + 1, 3, 2), cn_date(Y, 3, 2), cn_date(Y + 1, 3, 2)[:5])])
        return lines
    lines.append([numbers[1], "主要工作"])
    sub = ["（一）", "（二）", "（三）", "（四）"]
    if r.has("numbering:f_sub"):
        sub = ["（一）", "（二）", M("numbering", "numbering:f_sub", "（四）"), "（五）"]
    lines.append([sub[0], "抓宣传，营造氛围"])
    materials = f"发放宣传品{rng.randint(20, 60) * 100}份"
    if r.has("approx:f_materials"):
        materials = M("approx", "approx:f_materials", f"发放宣传品{rng.randint(2000, 6000) | 1}余份")
    lines.append(["利用赶集日开展宣传咨询活动", plant(r, "slot:f_events", "次", f"{rng.randint(4, 12)}次"), "，", materials, "，",
                  plant(r, "missing_text:f_fill", "（填写活动名称）", "“婚育新风进万家”", "（填写活动名称）"), "活动覆盖所有村。"])
    lines.append([sub[1], "抓服务，提升质量"])
    births_t = f"全年出生{births}人，其中一孩{b1}人、二孩{b2}人、三孩{b3}人"
    if r.has("breakdown:f_births"):
        births_t = M("breakdown", "breakdown:f_births", f"全年出生{births}人，其中一孩{b1}人、二孩{b2 + 25}人、三孩{b3}人")
    lines.append([births_t, "，政策符合率", plant(r, "percent_over:f_policy", "102%", "98.6%", "102%"), "。"])
    if r.has("ratecount:f_insurance"):
        ins = M("ratecount", "ratecount:f_insurance", f"全乡{hh}户中参加计生家庭意外伤害保险{insured}户，参保率{Facts.pct(insured - 400, hh)}")
    else:
        ins = f"全乡{hh}户中参加计生家庭意外伤害保险{insured}户，参保率{Facts.pct(insured, hh)}"
    lines.append([ins, "。"])
    if r.has("ratecount:f_meeting"):
        meet = M("ratecount", "ratecount:f_meeting", f"年中会员大会应到会员{due}人，实到{came}人，到会率{Facts.pct(came - 70, due)}")
    else:
        meet = f"年中会员大会应到会员{due}人，实到{came}人，到会率{Facts.pct(came, due)}"
    lines.append([meet, "。"])
    lines.append([sub[2], "抓培训，提高素质"])
    total = f"累计{cadres + mass}人次"
    if r.has("sum_mismatch:f_people"):
        total = M("sum_mismatch", "sum_mismatch:f_people", f"累计{cadres + mass + 100}人次")
    lines.append([f"举办培训班，培训村干部{cadres}人次、育龄群众{mass}人次，", total, "。"])
    lines.append([sub[3], "抓关怀，服务家庭"])
    lines.append(["为", plant(r, "slot:f_families", "户", f"{rng.randint(20, 80)}户"), "计生困难家庭争取救助资金，",
                  plant(r, "placeholder:f_person", "由李某负责", "由乡协会负责", "某"), "建立帮扶台账。"])
    if r.has("twice:f_villages"):
        lines.append([M("twice", "twice:f_villages", f"全乡{v + 3}个村委会", str(v + 3)), "全部建立了“会员之家”。"])
    if r.has("twice:f_pop"):
        lines.append(["全乡总人口", M("twice", "twice:f_pop", f"{pop - 2100}人", str(pop - 2100)), "中，60岁以上老人占比已超过两成。"])
    lines += [[x] for x in rng.sample(EXTRA_FP2, 1)]
    lines += [[x] for x in rng.sample(EXTRA_FP2_MORE, rng.randint(2, 4))]
    lines.append([numbers[2], "存在问题和下步打算"])
    items = ["1.", "2.", "3."]
    if r.has("numbering:f_dup"):
        items = ["1.", "2.", M("numbering", "numbering:f_dup", "2.")]
    lines.append([items[0], "协会经费来源单一，活动开展受到一定限制。"])
    lines.append([items[1], "基层协会专干多为兼职，精力投入不足。"])
    lines.append([items[2], "下一步将积极争取乡财政支持，加强专干队伍建设，推动协会工作上台阶。"])
    if kind == "述职":
        lines.append(["述职人：", plant(r, "placeholder:f_signer", "某某", rng.choice(NAMES), "某某")])
    else:
        lines.append([T, "计划生育协会"])
    day = cn_date(Y + 1, 1, 5) if kind == "述职" else cn_date(Y, 12, 26)
    lines.append([plant(r, "year:f_date", cn_date(Y - 2, 12, 26), day, cn_date(Y - 2, 12, 26)[:5])])
    return lines


# Round 2: 30 reports; each row: domain, kind, encoding, defect sites. Written after the fixes.
ROUND2 = [
    ("env", "总结", "utf-8", []),
    ("env", "汇报", "gbk", []),
    ("env", "计划", "utf-8", []),
    ("fp2", "总结", "utf-8", []),
    ("fp2", "述职", "gbk", []),
    ("fp2", "汇报", "docx", []),
    ("env", "述职", "utf-8", []),
    ("env", "总结", "utf-8", ["slot:e_area", "placeholder:e_county", "ratecount:e_toilet", "numbering:e_skip"]),
    ("env", "汇报", "gbk", ["slot:e_spaced", "sum_mismatch:e_staff", "twice:e_villages", "year:e_own"]),
    ("env", "计划", "utf-8", ["placeholder:e_title_year", "unit:e_plan_rate", "slot:e_plan_toilets", "numbering:e_item", "year:e_plan"]),
    ("env", "述职", "utf-8", ["year:e_own", "slot:e_public", "percent_over:e_rate", "placeholder:e_signer"]),
    ("env", "总结", "docx", ["sum_mismatch:e_money", "breakdown:e_public", "approx:e_tons", "year:e_date"]),
    ("env", "汇报", "utf-8", ["twice:e_pop", "unit:e_rate", "slot:e_bins", "numbering:e_dup_sub", "year:e_open"]),
    ("env", "总结", "gbk", ["placeholder:e_person", "missing_text:e_fill", "slot:e_pop", "numbering:e_order"]),
    ("env", "计划", "docx", ["unit:e_garbage", "placeholder:e_circle", "slot:e_plan_public", "placeholder:e_underscore", "placeholder:e_date"]),
    ("env", "汇报", "utf-8", ["ratecount:e_toilet", "sum_mismatch:e_staff", "twice:e_villages", "year:e_date"]),
    ("env", "总结", "utf-8", ["sum_mismatch:e_money", "twice:e_pop", "slot:e_area", "placeholder:e_county"]),
    ("fp2", "总结", "utf-8", ["part_whole:f_women", "slot:f_villages", "numbering:f_sub", "year:f_open"]),
    ("fp2", "汇报", "gbk", ["breakdown:f_births", "ratecount:f_meeting", "placeholder:f_circle", "missing_text:f_fill"]),
    ("fp2", "计划", "utf-8", ["unit:f_satisfaction", "unit:f_plan_rate", "slot:f_plan_members", "numbering:f_sub", "year:f_plan"]),
    ("fp2", "述职", "utf-8", ["year:f_own", "placeholder:f_signer", "part_whole:f_members", "sum_mismatch:f_people"]),
    ("fp2", "总结", "docx", ["ratecount:f_insurance", "approx:f_materials", "twice:f_villages", "numbering:f_dup"]),
    ("fp2", "汇报", "utf-8", ["breakdown:f_gender", "percent_over:f_policy", "slot:f_events", "placeholder:f_person"]),
    ("fp2", "总结", "gbk", ["twice:f_pop", "slot:f_families", "placeholder:f_title_year", "year:f_date"]),
    ("fp2", "计划", "utf-8", ["placeholder:f_date", "slot:f_plan_lectures", "year:f_date"]),
    ("fp2", "汇报", "utf-8", ["sum_mismatch:f_people", "ratecount:f_meeting", "part_whole:f_women", "numbering:f_dup"]),
    ("fp2", "述职", "gbk", ["breakdown:f_births", "twice:f_villages", "slot:f_villages", "year:f_date"]),
    ("fp2", "总结", "utf-8", ["ratecount:f_insurance", "breakdown:f_gender", "missing_text:f_fill", "year:f_open"]),
    ("env", "汇报", "utf-8", ["approx:e_tons", "breakdown:e_public", "slot:e_spaced", "percent_over:e_rate"]),
    ("fp2", "汇报", "utf-8", []),
]


# round 2's text is written for a 乡; a 镇 gets these words with 镇 (one character for one,
# so offsets stay)
_XIANG_WORDS = ["全乡", "我乡", "乡党委", "副乡长", "乡长", "乡级", "乡财政", "乡协会", "乡、村", "乡村两级",
                "乡卫生院", "乡纪委", "乡督查组", "乡转运", "乡中心幼儿园", "乡干部", "基本乡情", "乡计生协会"]


def _as_zhen(part):
    if isinstance(part, list):
        return [_as_zhen(p) for p in part]
    text = part.text if isinstance(part, M) else part
    for w in _XIANG_WORDS:
        text = text.replace(w, w.replace("乡", "镇"))
    if isinstance(part, M):
        return M(part.kind, part.site, text, part.focus)
    return text



# --------------------------------------------------------------------------- round 3
# Written blind (before reading the checks code or rules/checks*), with subjects and voices
# of its own: 卫生健康 (hl), 民政/社会救助 (cv) and 统计分析 (st) reports; new township names,
# counties and people. Beside the planted defects stand clean look-alikes (`look`): parts
# that are not parts, rates of another base, ranges, targets beside actuals, couples beside
# persons, per-head amounts; they are written to truth.jsonl too (kind "look"), and any
# finding on one that no planted defect explains is listed as a false alarm.

TOWNS_3 = ["芦溪镇", "槐花乡", "碧水镇", "雁门乡", "金鸡镇", "白马乡", "九龙镇", "星火乡",
           "石鼓镇", "草坪乡", "铁炉镇", "和平乡", "莲花镇", "龙潭乡", "三合镇", "桐木乡",
           "乌江镇", "黄泥乡", "双河镇", "紫荆乡", "鹿鸣镇", "文昌乡", "荷塘镇", "杉木乡",
           "大河镇", "坪上乡", "五里镇", "樟树乡", "东岳镇", "凉水乡"]
COUNTIES_3 = ["秀峰县", "南溪县", "白河县", "东源县"]
NAMES_3 = ["孙明辉", "何丽娟", "吴国庆", "郑晓燕", "冯建华", "蒋玉兰", "韩志刚", "曹文静"]
VILLAGES_3 = ["青山", "河湾", "桥头", "柳湾", "石板", "杨家", "新屋", "高岭", "塘坊", "竹林"]
_CN = "一二三四五六七八九十"


def look(site: str, text: str, focus: str | None = None) -> M:
    """A clean look-alike: never a defect, recorded so that a finding on it shows."""
    return M("look", "look:" + site, text, focus)


def pct(part: float, whole: float, nd: int = 1) -> str:
    return f"{part / whole * 100:.{nd}f}"


def heads(r: Report, level: str, titles: list[str], skip: str | None = None, dup: str | None = None) -> list:
    """Numbered headings (level top 一、, sub （一）, item 1．); a planted skip numbers the
    third heading as the fourth (and on), a planted dup repeats the second number."""
    do_skip = bool(skip) and r.has(skip)
    do_dup = bool(dup) and not do_skip and r.has(dup)
    out = []
    for i, title in enumerate(titles):
        n = i + 1
        if do_skip and i >= 2:
            n = i + 2
        if do_dup and i == 2:
            n = 2
        if level == "top":
            label = f"{_CN[n - 1]}、"
        elif level == "sub":
            label = f"（{_CN[n - 1]}）"
        else:
            label = f"{n}．"
        if i == 2 and (do_skip or do_dup):
            out.append([M("numbering", skip if do_skip else dup, label), title])
        else:
            out.append([label, title])
    return out


def _change(cur: float, prev: float) -> float:
    return round((cur - prev) / prev * 100, 1)


def build_health(r: Report, rng: random.Random, county: str, variant: int) -> list:
    """卫生健康工作: a township health office's report (hl)."""
    T, Y, u, kind = r.town, r.year, r.town[-1], r.kind
    V, C = rng.randint(9, 22), rng.randint(1, 3)
    G = V * rng.randint(5, 9)
    H = rng.randint(4200, 13000)
    P = int(H * rng.uniform(2.9, 3.6))
    P2 = int(P * rng.uniform(0.78, 0.9))
    D = rng.randint(24, 60)
    D1, D2 = rng.randint(4, 9), rng.randint(6, 12)
    D3 = D - D1 - D2
    name, other = rng.sample(NAMES_3, 2)
    vil = rng.choice(VILLAGES_3)
    ty = plant(r, "placeholder:h_title_year", "20XX", str(Y), "XX")
    lines: list = []
    if kind == "总结":
        lines.append([T, ty, "年卫生健康工作总结"])
    elif kind == "汇报":
        lines.append(["关于", T, ty, "年卫生健康工作情况的汇报"])
    elif kind == "计划":
        lines.append([T, ty, "年卫生健康工作计划"])
    else:
        lines.append([ty, "年度述职述廉报告"])
        lines.append([T, "卫生健康办公室主任 ", plant(r, "placeholder:h_signature", "XXX", name)])
    if kind == "计划":
        lines.append(["为扎实做好", plant(r, "year:h_plan", f"{Y - 1}年", f"{Y}年", f"{Y - 1}"),
                      f"卫生健康各项工作，切实保障人民群众生命健康，结合我{u}实际，制定本计划。"])
        lines.append([look("h_past", f"{Y - 1}年，全{u}家庭医生签约服务覆盖率达到{rng.randint(62, 70)}%"),
                      f"，为今年工作打下了较好基础。"])
    elif kind == "述职":
        lines.append([f"本人任{T}卫生健康办公室主任以来，在{u}党委、政府的领导下，认真履行职责。现将",
                      plant(r, "year:h_own", f"{Y - 1}年度", f"{Y}年度", f"{Y - 1}"), "个人履职情况报告如下："])
    else:
        lines.append([f"根据县卫健局要求，现将我{u}", plant(r, "year:h_report", f"{Y - 1}年", f"{Y}年", f"{Y - 1}"),
                      "卫生健康工作开展情况", "汇报如下：" if kind == "汇报" else "总结如下："])
    if kind == "计划":
        plan = heads(r, "top", ["指导思想", "工作目标", "重点任务", "保障措施"], skip="numbering:h_plan_skip")
        lines.append(plan[0])
        lines.append(["坚持以人民健康为中心，以基层为重点，以改革创新为动力，预防为主，中西医并重，推动全"
                      f"{u}卫生健康事业高质量发展。"])
        lines.append(plan[1])
        lines.append([f"全{u}辖", plant(r, "slot:h_villages", "个行政村", f"{V}个行政村", "个行政村"),
                      f"，户籍人口{P}人。",
                      look("h_plan_pop", f"到{Y}年底，全{u}常住人口控制在{P2 + rng.randint(200, 600)}人以内"),
                      "。家庭医生重点人群签约率达到",
                      plant(r, "unit:h_plan_rate", "80以上", "80%以上", "80"), "，65岁及以上老年人健康管理率达到",
                      f"{rng.randint(66, 75)}%，新建标准化村卫生室",
                      plant(r, "slot:h_plan_rooms", "个", f"{rng.randint(2, 5)}个", "个"), "。"])
        lines.append(plan[2])
        items = heads(r, "item", ["抓实家庭医生签约服务。", "抓好妇幼健康服务。", "做好重点人群健康管理。",
                                  "推进爱国卫生运动。"], dup="numbering:h_item_dup")
        lines.append(items[0] + [f"组建家庭医生签约团队{rng.randint(8, 16)}个，签约服务费按每人每年",
                                 look("h_range", f"{rng.choice([20, 25])}-{rng.choice([35, 40])}元"),
                                 "标准落实。"])
        lines.append(items[1] + ["落实孕产妇和儿童健康管理，",
                                 look("h_target", f"孕产妇系统管理率达到90%以上，去年实际为{rng.randint(86, 89)}.{rng.randint(1, 9)}%"),
                                 "。"])
        lines.append(items[2] + ["在", plant(r, "placeholder:h_village", "××村", f"{vil}村", "××"),
                                 "开展慢性病规范管理试点，逐步推广。"])
        lines.append(items[3] + ["开展城乡环境卫生整洁行动，巩固国家卫生乡镇创建成果。"])
        lines.append(plan[3])
        lines.append([f"成立由{u}长任组长的领导小组，将卫生健康工作纳入村级年度考核，",
                      plant(r, "missing_text:h_fill", "（此处填写经费保障措施）", "每年安排专项经费保障工作开展"), "。"])
        lines.append([f"{T}人民政府"])
        lines.append([plant(r, "year:h_date", cn_date(Y - 3, 2, 20), cn_date(Y, 2, 20), cn_date(Y - 3, 2, 20)[:5])])
        return lines

    top = heads(r, "top", ["基本情况", "主要工作及成效", "存在的问题", "下一步工作打算"],
                skip="numbering:h_skip")
    lines.append(top[0])
    lines.append([f"{T}位于{county}东北部，距县城{rng.randint(8, 40)}公里，辖",
                  plant(r, "slot:h_villages", "个行政村", f"{V}个行政村", "个行政村"),
                  f"、{C}个社区、{G}个村民小组，总户数",
                  plant(r, "slot:h_households", "户", f"{H}户", "户"),
                  f"，户籍人口{P}人，", look("h_resident", f"常住人口{P2}人"), "。"])
    if r.has("breakdown:h_doctors"):
        D_shown = D3 + rng.randint(9, 15)
        lines.append([f"{u}卫生院1所，村卫生室{V}个，",
                      M("breakdown", "breakdown:h_doctors",
                        f"在岗乡村医生{D}名，其中执业（助理）医师{D1}名、乡村全科执业助理医师{D2}名、持乡村医生执业证书{D_shown}名"),
                      "。"])
    else:
        lines.append([f"{u}卫生院1所，村卫生室{V}个，在岗乡村医生{D}名，其中执业（助理）医师{D1}名、"
                      f"乡村全科执业助理医师{D2}名、持乡村医生执业证书{D3}名。"])
    lines.append(top[1])
    sub = heads(r, "sub", ["家庭医生签约服务提质扩面。", "重点人群健康管理扎实开展。", "妇幼健康服务持续加强。",
                           "疾病预防控制有力有效。", "爱国卫生运动深入推进。"], dup="numbering:h_dup")
    a = rng.randint(5200, 9800)
    b = int(a * rng.uniform(0.82, 0.93))
    teams = rng.randint(8, 16)
    rate_ok = pct(b, a)
    rate_bad = f"{float(rate_ok) + rng.choice([4.6, 5.8, -6.3]):.1f}"
    lines.append(sub[0] + [f"组建家庭医生签约团队{teams}个，",
                           plant(r, "ratecount:h_sign", f"重点人群应签约{a}人，已签约{b}人，签约率{rate_bad}%",
                                 f"重点人群应签约{a}人，已签约{b}人，签约率{rate_ok}%"),
                           "。", look("h_target", f"年初确定的签约率目标为{int(float(rate_ok)) - 3}%"),
                           "，已超额完成。签约服务费按每人每年",
                           look("h_range", f"{rng.choice([20, 25])}-{rng.choice([35, 40])}元"), "标准由医保基金和公共卫生经费分担。"])
    e = rng.randint(1800, 4200)
    x = int(e * rng.uniform(0.7, 0.86))
    hp = rng.randint(900, 2600)
    hm = int(hp * rng.uniform(0.7, 0.85))
    dm = rng.randint(300, 900)
    dmm = int(dm * rng.uniform(0.7, 0.85))
    lines.append(sub[1] + [f"辖区65岁及以上老年人{e}人，全年完成健康体检{x}人，",
                           plant(r, "unit:h_exam", f"体检率{pct(x, e)}", f"体检率{pct(x, e)}%", pct(x, e)),
                           f"。全{u}登记在册高血压患者{hp}人，其中规范管理{hm}人；",
                           plant(r, "part_whole:h_chronic", f"糖尿病患者{dm}人，其中规范管理{dm + rng.randint(40, 160)}人",
                                 f"糖尿病患者{dm}人，其中规范管理{dmm}人"), "。"])
    births = rng.randint(120, 380)
    b0 = births + rng.choice([-1, 1]) * rng.randint(12, 40)
    ch = _change(births, b0)
    word = "增长" if ch > 0 else "下降"
    bad_ch = f"{abs(ch) + rng.choice([3.4, 4.7, 6.2]):.1f}"
    c2 = int(births * rng.uniform(0.3, 0.45))
    d2 = rng.randint(4, 15)
    nc = rng.randint(90, 260)
    ne = nc * 2 - rng.randint(3, 20)
    lines.append(sub[2] + [plant(r, "change:h_births", f"全年住院分娩{births}人，上年为{b0}人，同比{word}{bad_ch}%",
                                 f"全年住院分娩{births}人，上年为{b0}人，同比{word}{abs(ch):.1f}%"),
                           "，", look("h_rate_base", f"其中二孩{c2}人，比上年减少{d2}人，占出生总数的{pct(c2, births)}%"),
                           "。", look("h_couples", f"新婚夫妇{nc}对，参加免费婚前医学检查{ne}人"),
                           "。孕产妇系统管理率",
                           plant(r, "percent_over:h_mgmt", f"{rng.randint(101, 106)}.{rng.randint(1, 9)}%",
                                 f"{rng.randint(92, 98)}.{rng.randint(1, 9)}%"), "。"])
    dose = rng.randint(6000, 15000)
    lines.append(sub[3] + ["全年累计接种各类疫苗", look("h_dose", f"{dose}剂次"),
                           "，适龄儿童免疫规划疫苗接种率保持在",
                           plant(r, "unit:h_vacc", "95以上", "95%以上", "95"), "。",
                           plant(r, "slot:h_lectures", "开展健康教育讲座场", f"开展健康教育讲座{rng.randint(12, 40)}场", "场"),
                           "，受益群众",
                           plant(r, "approx:h_audience", f"{rng.randint(21, 89)}{rng.randint(1, 9)}{rng.randint(1, 9)}余人",
                                 f"{rng.randint(21, 89)}00余人"), "。"])
    m1, m2, m3 = rng.randint(20, 80), rng.randint(10, 40), rng.randint(3, 12)
    total = m1 + m2 + m3
    lines.append(sub[4] + [f"在", plant(r, "placeholder:h_village", "××村", f"{vil}村", "××"),
                           "召开环境卫生整治现场推进会。",
                           plant(r, "sum_mismatch:h_money",
                                 f"村卫生室标准化建设投入{m1}万元，医疗设备购置{m2}万元，乡村医生培训{m3}万元，三项合计{total + rng.randint(8, 19)}万元",
                                 f"村卫生室标准化建设投入{m1}万元，医疗设备购置{m2}万元，乡村医生培训{m3}万元，三项合计{total}万元"),
                           "。截至年底，",
                           plant(r, "twice:h_pop", f"全{u}总人口{P + rng.choice([-1, 1]) * rng.randint(700, 2400)}人",
                                 f"全{u}总人口{P}人", None),
                           f"，已建立居民电子健康档案{int(P * 0.9)}份。"])
    lines.append(top[2])
    lines.append(["一是基层医疗卫生人才不足，乡村医生年龄偏大；二是部分村卫生室设备陈旧；三是群众健康素养有待提升。",
                  plant(r, "missing_text:h_fill", "（此处填写其他问题）", "")])
    lines.append(top[3])
    lines.append([f"继续推进家庭医生签约服务，",
                  look("h_plan_target", f"力争明年重点人群签约率达到{int(float(rate_ok)) + 2}%"),
                  f"；由副{u}长", plant(r, "placeholder:h_person", "某某", other, "某某"),
                  "同志牵头，抓好村卫生室标准化建设。"])
    if kind == "述职":
        lines.append(["述职人：", plant(r, "placeholder:h_signer", "×××", name)])
    else:
        lines.append([f"{T}卫生健康办公室"])
    lines.append([plant(r, "year:h_date", cn_date(Y - 2, 12, 18), cn_date(Y, 12, 18), cn_date(Y - 2, 12, 18)[:5])])
    return lines


def build_civil(r: Report, rng: random.Random, county: str, variant: int) -> list:
    """民政/社会救助: a township civil-affairs office's report (cv)."""
    T, Y, u, kind = r.town, r.year, r.town[-1], r.kind
    V, C = rng.randint(8, 20), rng.randint(1, 3)
    G = V * rng.randint(6, 10)
    P = rng.randint(14000, 42000)
    name, other = rng.sample(NAMES_3, 2)
    vil = rng.choice(VILLAGES_3)
    ty = plant(r, "placeholder:c_title_year", "20XX", str(Y), "XX")
    lines: list = []
    if kind == "总结":
        lines.append([T, ty, "年民政工作总结"])
    elif kind == "汇报":
        lines.append([T, "关于", ty, "年社会救助工作的汇报"])
    elif kind == "计划":
        lines.append([T, ty, "年民政工作计划"])
    else:
        lines.append([ty, "年度个人述职报告"])
        lines.append([T, "民政办主任 ", plant(r, "placeholder:c_signature", "×××", name)])
    if kind == "计划":
        top = heads(r, "top", ["工作目标", "主要措施", "工作要求"], skip=None)
        lines.append([f"{Y}年，全{u}民政工作以保障和改善民生为重点，结合实际，制定本计划。"])
        lines.append(top[0])
        lines.append([f"全{u}辖{V}个行政村、{C}个社区，总人口{P}人。低保应保尽保，",
                      plant(r, "unit:c_plan_rate", "城乡居民基本养老保险参保率稳定在95以上",
                            "城乡居民基本养老保险参保率稳定在95%以上", "95"),
                      "，", look("c_plan_beds", f"新增养老床位{rng.randint(20, 60)}张，床位总数达到{rng.randint(180, 300)}张"),
                      "，全年发放高龄津贴", plant(r, "slot:c_plan_money", "万元", f"{rng.randint(30, 90)}万元", "万元"), "。"])
        lines.append(top[1])
        items = heads(r, "item", ["精准落实社会救助。", "提升养老服务水平。", "做好残疾人关爱。", "规范婚姻登记服务。"],
                      skip="numbering:c_item_skip")
        lines.append(items[0] + ["每季度开展一次低保动态核查，", look("c_per", f"保障标准提高到每人每月{rng.choice([520, 560, 600])}元"), "。"])
        lines.append(items[1] + ["推进", plant(r, "placeholder:c_village", "XX村", f"{vil}村", "XX"), "互助幸福院建设。"])
        lines.append(items[2] + ["落实困难残疾人生活补贴和重度残疾人护理补贴两项补贴。"])
        lines.append(items[3] + ["做好婚姻登记和婚俗改革工作。"])
        lines.append(top[2])
        lines.append(["各村要明确专人负责，按月报送工作进展。"])
        lines.append([f"{T}民政办"])
        lines.append([plant(r, "placeholder:c_date", "20XX年X月X日", cn_date(Y, 1, 15), "20XX年X月X日")])
        return lines

    if kind == "述职":
        lines.append([f"本人在{u}党委、政府的领导下负责全{u}民政工作。现将本年度工作情况报告如下："])
    if r.has("year:c_open"):
        lines.append([M("year", "year:c_open", f"{Y - 2}年，", f"{Y - 2}"),
                      f"我{u}民政工作在县民政局的指导下，坚持兜底线、织密网、建机制，各项工作有序推进。"])
    else:
        lines.append([f"今年以来，我{u}民政工作在县民政局的指导下，坚持兜底线、织密网、建机制，各项工作有序推进。"])
    top = heads(r, "top", ["基本情况", "社会救助", "养老服务", "残疾人工作", "存在的问题和下步打算"],
                skip="numbering:c_skip", dup="numbering:c_dup")
    lines.append(top[0])
    o = rng.randint(3000, 7000)
    o7, o8 = int(o * 0.62), int(o * 0.45)
    lines.append([f"全{u}辖{V}个行政村、{C}个社区，",
                  plant(r, "slot:c_groups", "个村民小组", f"{G}个村民小组", "个村民小组"),
                  f"，总人口{P}人。", look("c_bands", f"全{u}60周岁以上老年人{o}人，其中70周岁以上{o7}人、80周岁以上{o8}人"), "。"])
    lines.append(top[1])
    l1, l2, l3 = rng.randint(40, 120), rng.randint(150, 320), rng.randint(80, 200)
    lh = l1 + l2 + l3
    lp = int(lh * rng.uniform(1.6, 2.2))
    if r.has("breakdown:c_lowinc"):
        l2_shown = l2 + rng.randint(60, 140)
        body = M("breakdown", "breakdown:c_lowinc",
                 f"其中一类对象{l1}户、二类对象{l2_shown}户、三类对象{l3}户")
    else:
        body = f"其中一类对象{l1}户、二类对象{l2}户、三类对象{l3}户"
    lines.append([f"全{u}现有农村低保对象", plant(r, "slot:c_hh", "户", f"{lh}户", "户"), f"{lp}人，", body, "。",
                  look("c_share", f"低保人口占全{u}总人口的{pct(lp, P)}%"), "。",
                  look("c_per", f"保障标准提高到每人每月{rng.choice([520, 560, 600])}元"), "。"])
    lm = rng.randint(300, 900)
    lm0 = lm - rng.randint(20, 80)
    ch = _change(lm, lm0)
    h0 = lh + rng.randint(15, 60)
    lines.append(["全年累计发放低保金", plant(r, "change:c_money", f"{lm}万元，上年为{lm0}万元，同比增长{ch + rng.choice([3.9, 5.2]):.1f}%",
                                          f"{lm}万元，上年为{lm0}万元，同比增长{ch:.1f}%"),
                  "，", plant(r, "change:c_hh", f"低保对象由上年的{h0}户减少到{lh}户，减少{h0 - lh + rng.randint(11, 25)}户",
                              f"低保对象由上年的{h0}户减少到{lh}户，减少{h0 - lh}户"), "。"])
    sx, sy = rng.randint(20, 60), rng.randint(90, 240)
    lines.append(["特困人员救助供养：", plant(r, "sum_mismatch:c_tekun", f"集中供养{sx}人、分散供养{sy}人，共计{sx + sy + rng.randint(10, 30)}人",
                                            f"集中供养{sx}人、分散供养{sy}人，共计{sx + sy}人"),
                  f"。全年实施临时救助{rng.randint(80, 300)}人次，发放临时救助金",
                  plant(r, "approx:c_aid", f"{rng.randint(11, 49)}.{rng.randint(1, 9)}3余万元", f"{rng.randint(11, 49)}余万元"), "。"])
    lines.append(top[2])
    hy = rng.randint(4, 12)
    beds = rng.randint(120, 320)
    inn = int(beds * rng.uniform(0.55, 0.8))
    lines.append([look("c_beds", f"全{u}有敬老院1所、农村互助幸福院{hy}个，共有床位{beds}张"), "，",
                  plant(r, "ratecount:c_occupancy", f"入住老人{inn}人，床位使用率{float(pct(inn, beds)) + rng.choice([7.5, 9.2]):.1f}%",
                        f"入住老人{inn}人，床位使用率{pct(inn, beds)}%"), "。"])
    a = rng.randint(9000, 26000)
    bb = int(a * rng.uniform(0.93, 0.985))
    if variant % 2:
        pens_ok = f"在{a}名应参保对象中，已参保{bb}名，参保率{pct(bb, a)}%"
        pens_bad = f"在{a}名应参保对象中，已参保{bb}名，参保率{float(pct(bb, a)) - 6.4:.1f}%"
    else:
        pens_ok = f"应参保人员{a}人，实际参保{bb}人，城乡居民基本养老保险参保率{pct(bb, a)}%"
        pens_bad = f"应参保人员{a}人，实际参保{bb}人，城乡居民基本养老保险参保率{float(pct(bb, a)) - 6.4:.1f}%"
    lines.append([plant(r, "ratecount:c_pension", pens_bad, pens_ok), "。全年为",
                  plant(r, "slot:c_old", "名高龄老人", f"{int(o * 0.45)}名高龄老人", "名高龄老人"),
                  "发放高龄津贴。养老服务政策知晓率",
                  plant(r, "percent_over:c_aware", f"{rng.randint(101, 108)}%", f"{rng.randint(90, 97)}%"), "。"])
    lines.append(top[3])
    dis = rng.randint(600, 1500)
    sub_ = int(dis * rng.uniform(0.4, 0.6))
    lines.append([plant(r, "part_whole:c_disabled", f"全{u}持证残疾人{dis}人，其中享受两项补贴{dis + rng.randint(30, 120)}人",
                        f"全{u}持证残疾人{dis}人，其中享受两项补贴{sub_}人"),
                  "。", plant(r, "twice:c_villages", f"全{u}{V + rng.choice([2, 3])}个行政村", f"全{u}{V}个行政村", None),
                  "均建立了残疾人协会。", f"在", plant(r, "placeholder:c_village", "XX村", f"{vil}村", "XX"),
                  f"建成残疾人康复站1个。办理结婚登记{rng.randint(100, 220)}对。",
                  plant(r, "missing_text:c_fill", "（具体数据待补充）", "")])
    lines.append(top[4])
    lines.append(["民政工作力量仍然薄弱，", "一是村级民政协理员流动性大，二是养老服务设施利用不充分，",
                  plant(r, "numbering:c_inline", "四是", "三是", None), "救助资金监管有待加强。下一步，将继续织密兜底保障网。"])
    if kind == "述职":
        lines.append(["述职人：", plant(r, "placeholder:c_signer", "某某", name)])
    else:
        lines.append([f"{T}民政办"])
    lines.append([plant(r, "year:c_date", cn_date(Y - 2, 12, 25), cn_date(Y, 12, 25), cn_date(Y - 2, 12, 25)[:5])])
    return lines


def build_stat(r: Report, rng: random.Random, county: str, variant: int) -> list:
    """统计分析: a township's population and economy statistics (st), or a 汇报 on them."""
    T, Y, u, kind = r.town, r.year, r.town[-1], r.kind
    V = rng.randint(8, 20)
    H = rng.randint(5000, 12000)
    P = int(H * rng.uniform(2.8, 3.5))
    m = int(P * rng.uniform(0.505, 0.525))
    f = P - m
    name = rng.choice(NAMES_3)
    ty = plant(r, "placeholder:s_title_year", "20XX", str(Y), "XX")
    lines: list = []
    if kind == "汇报":
        lines.append([T, "关于", ty, "年人口和经济发展情况的汇报"])
    else:
        lines.append([T, ty, "年人口与经济社会发展统计分析"])
    lines.append(["根据", plant(r, "year:s_open", f"{Y - 1}年", f"{Y}年", f"{Y - 1}"),
                  f"人口统计年报及{u}统计站有关数据，现将全{u}人口和经济运行情况分析如下："])
    top = heads(r, "top", ["人口总量与结构", "出生和死亡", "经济运行", "存在的问题", "几点建议"],
                skip="numbering:s_skip", dup="numbering:s_dup")
    lines.append(top[0])
    f_shown = f + rng.randint(300, 900) if r.has("breakdown:s_sex") else f
    sex = f"其中男性{m}人、女性{f_shown}人"
    lines.append([f"截至{Y}年12月31日，全{u}辖{V}个行政村，总户数",
                  plant(r, "slot:s_hh", "户", f"{H}户", "户"), f"，总人口{P}人，",
                  M("breakdown", "breakdown:s_sex", sex) if f_shown != f else sex,
                  "，", look("s_sexratio", f"性别比为{m / f * 100:.2f}"), "，",
                  look("s_per", f"户均人口{P / H:.2f}人"), "。"])
    fi, fo = rng.randint(300, 900), rng.randint(1500, 4200)
    o = int(P * rng.uniform(0.16, 0.22))
    lines.append([f"全{u}现有流动人口{fi + fo}人，其中流入{fi}人、流出{fo}人，外出务工",
                  plant(r, "approx:s_migrant", f"{fo - rng.randint(100, 300) + 7}余人", f"{(fo // 100) * 100 - 200}余人"),
                  "。", plant(r, "ratecount:s_share", f"60岁以上老年人{o}人，占总人口的{float(pct(o, P)) + rng.choice([3.5, 4.8]):.1f}%",
                              f"60岁以上老年人{o}人，占总人口的{pct(o, P)}%"), "。"])
    lines.append(top[1])
    b = rng.randint(160, 400)
    c1 = int(b * rng.uniform(0.4, 0.5))
    c3 = int(b * rng.uniform(0.06, 0.12))
    c2 = b - c1 - c3
    b0 = b + rng.randint(15, 50)
    x = rng.randint(2, 8)
    w = int(P * rng.uniform(0.16, 0.2))
    w2 = int(w * rng.uniform(1.15, 1.3))
    rate = f"{b / P * 1000:.2f}"
    lines.append([plant(r, "ratecount:s_birthrate", f"全年出生{b}人，出生率{float(rate) + 2.6:.2f}‰",
                        f"全年出生{b}人，出生率{rate}‰"),
                  "，", plant(r, "change:s_births", f"比上年的{b0}人减少{b0 - b + rng.randint(9, 20)}人",
                             f"比上年的{b0}人减少{b0 - b}人"), "。"])
    if r.has("sum_mismatch:s_order"):
        lines.append(["出生人口中，", M("sum_mismatch", "sum_mismatch:s_order",
                                      f"一孩{c1}人、二孩{c2}人、三孩及以上{c3}人，合计{b - rng.randint(14, 30)}人"), "。",
                      look("s_policy", f"政策外出生{x}人，政策符合率{pct(b - x, b)}%"), "。"])
    else:
        lines.append([f"出生人口中，一孩{c1}人、二孩{c2}人、三孩及以上{c3}人，合计{b}人。",
                      look("s_policy", f"政策外出生{x}人，政策符合率{pct(b - x, b)}%"), "。"])
    dth = rng.randint(120, 300)
    lines.append(["全年死亡", plant(r, "slot:s_deaths", "人", f"{dth}人", "人"), "，人口自然增长率为",
                  plant(r, "unit:s_growth", f"{(b - dth) / P * 1000:.2f}", f"{(b - dth) / P * 1000:.2f}‰",
                        f"{(b - dth) / P * 1000:.2f}"),
                  f"。已婚育龄妇女{w}人，比上年减少{rng.randint(40, 160)}人；",
                  look("s_range", f"15-49岁育龄妇女{w2}人"), "。流动人口信息采集率",
                  plant(r, "percent_over:s_collect", f"{rng.randint(101, 104)}.5%", f"{rng.randint(95, 99)}.5%"), "。"])
    lines.append(top[2])
    g1, g2, g3 = round(rng.uniform(1.2, 3.0), 2), round(rng.uniform(2.0, 6.0), 2), round(rng.uniform(1.5, 4.0), 2)
    g = round(g1 + g2 + g3, 2)
    g2_shown = round(g2 + rng.uniform(1.1, 2.0), 2) if r.has("breakdown:s_gdp") else g2
    gdp = f"其中第一产业增加值{g1}亿元、第二产业增加值{g2_shown}亿元、第三产业增加值{g3}亿元"
    lines.append([f"全年完成地区生产总值{g}亿元，同比增长{rng.randint(4, 8)}.{rng.randint(1, 9)}%，",
                  M("breakdown", "breakdown:s_gdp", gdp) if g2_shown != g2 else gdp, "。"])
    i = round(rng.uniform(3.0, 9.0), 1)
    i0 = round(i / rng.uniform(1.08, 1.2), 1)
    ich = _change(i, i0)
    inc = rng.randint(14000, 21000)
    d = int(inc * rng.uniform(0.05, 0.08))
    lines.append(["完成固定资产投资", plant(r, "change:s_invest", f"{i}亿元，上年为{i0}亿元，同比增长{ich + 5.5:.1f}%",
                                          f"{i}亿元，上年为{i0}亿元，同比增长{ich:.1f}%"),
                  "。", look("s_income", f"农村居民人均可支配收入{inc}元，比上年增加{d}元，增长{pct(d, inc - d)}%"), "。"])
    e, s, co = rng.randint(60, 200), rng.randint(800, 2000), rng.randint(30, 90)
    lines.append([look("s_mixed", f"全{u}共有市场主体{e + s + co}户，其中企业{e}户、个体工商户{s}户、农民专业合作社{co}家"),
                  "。", plant(r, "twice:s_pop", f"按全{u}总人口{P + rng.choice([-1, 1]) * rng.randint(900, 3000)}人计算",
                              f"按全{u}总人口{P}人计算", None),
                  f"，人均地区生产总值约{int(g * 1e8 / P)}元。",
                  plant(r, "twice:s_villages", f"全{u}{V + 2}个行政村", f"全{u}{V}个行政村", None), "全部通了硬化路。"])
    lines.append(top[3])
    lines.append(["一是出生人口持续减少，老龄化程度加深；二是产业结构不优，第三产业占比偏低；三是统计基础工作薄弱，",
                  plant(r, "placeholder:s_village", "XX村", "部分村", "XX"), "报表报送不及时。"])
    lines.append(top[4])
    lines.append(["加强统计人员培训，提高数据质量；", look("s_target", f"力争明年地区生产总值增长{rng.randint(6, 8)}%以上"), "。"])
    lines.append([plant(r, "placeholder:s_unit", "XX统计站", f"{T}统计站", "XX"), "    填报人：",
                  plant(r, "placeholder:s_signer", "×××", name)])
    lines.append([plant(r, "year:s_date", cn_date(Y - 1, 1, 12), cn_date(Y + 1, 1, 12),
                        cn_date(Y - 1, 1, 12)[:5])])
    return lines


ROUND3 = [
    ("hl", "总结", "utf-8", []),
    ("cv", "汇报", "gbk", []),
    ("st", "统计分析", "utf-8", []),
    ("hl", "计划", "docx", []),
    ("cv", "述职", "utf-8", []),
    ("st", "汇报", "gbk", []),
    ("hl", "述职", "utf-8", []),
    ("hl", "总结", "utf-8", ["slot:h_villages", "ratecount:h_sign", "numbering:h_skip", "change:h_births"]),
    ("cv", "总结", "gbk", ["breakdown:c_lowinc", "change:c_money", "placeholder:c_village", "year:c_date"]),
    ("st", "统计分析", "utf-8", ["breakdown:s_sex", "ratecount:s_share", "change:s_births", "placeholder:s_signer"]),
    ("hl", "汇报", "gbk", ["part_whole:h_chronic", "sum_mismatch:h_money", "unit:h_vacc", "placeholder:h_title_year"]),
    ("cv", "汇报", "utf-8", ["sum_mismatch:c_tekun", "ratecount:c_occupancy", "slot:c_groups", "numbering:c_dup"]),
    ("st", "统计分析", "docx", ["breakdown:s_gdp", "change:s_invest", "twice:s_pop", "slot:s_deaths", "year:s_open"]),
    ("hl", "计划", "utf-8", ["unit:h_plan_rate", "slot:h_plan_rooms", "numbering:h_item_dup", "year:h_plan"]),
    ("cv", "述职", "gbk", ["part_whole:c_disabled", "twice:c_villages", "placeholder:c_signer", "approx:c_aid"]),
    ("hl", "述职", "utf-8", ["breakdown:h_doctors", "twice:h_pop", "placeholder:h_signature", "year:h_own", "percent_over:h_mgmt"]),
    ("st", "汇报", "utf-8", ["sum_mismatch:s_order", "twice:s_villages", "unit:s_growth", "numbering:s_dup"]),
    ("cv", "总结", "docx", ["change:c_hh", "ratecount:c_pension", "slot:c_old", "missing_text:c_fill", "numbering:c_inline"]),
    ("hl", "总结", "gbk", ["approx:h_audience", "slot:h_lectures", "placeholder:h_person", "numbering:h_dup", "year:h_date"]),
    ("st", "统计分析", "gbk", ["ratecount:s_birthrate", "percent_over:s_collect", "slot:s_hh", "placeholder:s_unit"]),
    ("cv", "计划", "utf-8", ["unit:c_plan_rate", "slot:c_plan_money", "numbering:c_item_skip", "placeholder:c_date"]),
    ("hl", "汇报", "utf-8", ["unit:h_exam", "slot:h_households", "missing_text:h_fill", "year:h_report", "twice:h_pop"]),
    ("cv", "总结", "utf-8", ["percent_over:c_aware", "slot:c_hh", "year:c_open", "numbering:c_skip", "ratecount:c_pension"]),
    ("st", "统计分析", "utf-8", ["approx:s_migrant", "breakdown:s_gdp", "year:s_date", "numbering:s_skip", "placeholder:s_title_year"]),
    ("hl", "计划", "gbk", ["placeholder:h_village", "missing_text:h_fill", "year:h_date", "numbering:h_plan_skip"]),
    ("cv", "汇报", "docx", ["breakdown:c_lowinc", "sum_mismatch:c_tekun", "change:c_hh", "placeholder:c_title_year"]),
    ("hl", "汇报", "utf-8", ["change:h_births", "ratecount:h_sign", "part_whole:h_chronic", "placeholder:h_village"]),
    ("st", "汇报", "utf-8", ["change:s_invest", "ratecount:s_share", "twice:s_pop", "breakdown:s_sex"]),
    ("cv", "述职", "utf-8", ["ratecount:c_occupancy", "change:c_money", "part_whole:c_disabled", "year:c_date"]),
    ("st", "统计分析", "utf-8", []),
]


ROUNDS = {1: (ROUND1, TOWNS_1, 20240601), 2: (ROUND2, TOWNS_2, 20241207), 3: (ROUND3, TOWNS_3, 20261207)}


def render(lines: list) -> tuple[list[str], list[tuple[M, int, int]]]:
    """The text lines, and each planted M with its offsets in the text joined by \\n."""
    out, marks, pos = [], [], 0
    for line in lines:
        buf = ""
        for part in line:
            if isinstance(part, list):
                for p in part:
                    if isinstance(p, M):
                        marks.append((p, pos + len(buf)))
                        buf += p.text
                    else:
                        buf += p
                continue
            if isinstance(part, M):
                marks.append((part, pos + len(buf)))
                buf += part.text
            else:
                buf += part
        out.append(buf)
        pos += len(buf) + 1
    spans = []
    for m, start in marks:
        if m.focus:
            assert m.focus in m.text, (m.site, m.text, m.focus)
            i = m.text.index(m.focus)
            spans.append((m, start + i, start + i + len(m.focus)))
        else:
            spans.append((m, start, start + len(m.text)))
    return out, spans


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal .docx (one w:p per line), written without a library so that --make is
    byte for byte reproducible (fixed zip timestamps)."""
    from xml.sax.saxutils import escape
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f'<w:body>{body}</w:body></w:document>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", doc)):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


KIND_FILE = {"总结": "zongjie", "汇报": "huibao", "计划": "jihua", "述职": "shuzhi", "统计分析": "tongji"}


def make(round_no: int) -> Path:
    spec, towns, seed = ROUNDS[round_no]
    folder = BATCH / f"round{round_no}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    truth = []
    for i, row in enumerate(spec, 1):
        domain, (kind, enc, defects) = (row[0], row[1:]) if len(row) == 4 else ("fp", row)
        rng = random.Random(seed + i)
        town = towns[i - 1]
        year = rng.choice([2019, 2020, 2021, 2022, 2023])
        ext = "docx" if enc == "docx" else "txt"
        name = f"r{round_no}_{i:02d}_{KIND_FILE[kind]}_{'clean' if not defects else 'x'}_{enc.replace('-', '')}.{ext}"
        r = Report(name, kind, town, year, enc, list(defects), seed + i)
        if domain == "fp":
            lines = build_fp(r, rng, Facts(rng), rng.choice(COUNTIES), i)
        elif domain == "env":
            lines = build_env(r, rng, rng.choice(COUNTIES), i)
        elif domain == "fp2":
            lines = build_fp2(r, rng, rng.choice(COUNTIES), i)
        else:  # round 3 writes 镇 or 乡 from the township's name itself
            build = {"hl": build_health, "cv": build_civil, "st": build_stat}[domain]
            lines = build(r, rng, rng.choice(COUNTIES_3), i)
        if domain in ("env", "fp2") and town.endswith("镇"):
            lines = [[_as_zhen(p) for p in line] for line in lines]
        missing = set(defects) - r.used
        if missing:
            raise SystemExit(f"{name}: sites not planted: {sorted(missing)}")
        text_lines, spans = render(lines)
        text = "\n".join(text_lines) + "\n"
        path = folder / name
        if enc == "docx":
            path.write_bytes(docx_bytes(text_lines))
        else:
            path.write_bytes(text.encode(enc))
        if not defects:
            truth.append({"file": name, "clean": True, "chars": len(text)})
        for m, s, e in spans:
            assert text[s:e] in m.text, (name, m)
            truth.append({"file": name, "kind": m.kind, "site": m.site, "start": s, "end": e, "text": text[s:e],
                          "line": text.count("\n", 0, s) + 1})
    with open(folder / "truth.jsonl", "w", encoding="utf-8") as out:
        for t in truth:
            out.write(json.dumps(t, ensure_ascii=False) + "\n")
    return folder


# --------------------------------------------------------------------------- the audit

def report_miner() -> str:
    exe = Path(sys.executable).parent / "report-miner"
    return str(exe) if exe.exists() else "report-miner"


def run_audit(folder: Path) -> tuple[int, list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "audit.sqlite"
        proc = subprocess.run([report_miner(), "audit", str(folder), "-o", str(db), "-q"],
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"audit failed ({proc.returncode}): {proc.stderr}")
        con = sqlite3.connect(db)
        con.row_factory = sqlite3.Row
        rows = [dict(r) for r in con.execute("select source, start, end, check_ as chk, severity, context from "
                                              "(select *, \"check\" as check_ from findings)")]
        files = [dict(r) for r in con.execute("select source, status, reason from files")]
        con.close()
    bad = [f for f in files if f["status"] != "ok"]
    if bad:
        print("files not read:", bad)
    return proc.returncode, rows


def evaluate(round_no: int, show_misses: bool) -> dict:
    folder = BATCH / f"round{round_no}"
    truth = [json.loads(line) for line in open(folder / "truth.jsonl", encoding="utf-8")]
    status, findings = run_audit(folder)
    by_file: dict[str, list[dict]] = {}
    for f in findings:
        by_file.setdefault(Path(f["source"]).name, []).append(f)
    planted = [t for t in truth if not t.get("clean") and t["kind"] != "look"]
    looks = [t for t in truth if t.get("kind") == "look"]
    clean = [t["file"] for t in truth if t.get("clean")]
    stats: dict[str, list[int]] = {}
    misses, used = [], set()
    for t in planted:
        near = [f for f in by_file.get(t["file"], [])
                if f["start"] < t["end"] + WINDOW and f["end"] > t["start"] - WINDOW]
        named = [f for f in near if f["chk"] in NAMED[t["kind"]]]
        for f in near:
            used.add(id(f))
        s = stats.setdefault(t["kind"], [0, 0, 0])
        s[0] += 1
        s[1] += bool(near)
        s[2] += bool(named)
        if not named:
            misses.append((t, sorted({f["chk"] for f in near})))
    print(f"== round {round_no}: {len({t['file'] for t in truth})} reports, "
          f"{len(planted)} planted defects, {len(clean)} clean reports; audit exit status {status}")
    print(f"{'kind':<14}{'planted':>8}{'told':>6}{'named':>7}  recall(named)")
    tot = [0, 0, 0]
    for kind in NAMED:
        if kind not in stats:
            continue
        p, t_, n = stats[kind]
        tot = [tot[0] + p, tot[1] + t_, tot[2] + n]
        print(f"{kind:<14}{p:>8}{t_:>6}{n:>7}  {n / p:.2f}")
    print(f"{'all':<14}{tot[0]:>8}{tot[1]:>6}{tot[2]:>7}  {tot[2] / tot[0]:.2f}   (told {tot[1] / tot[0]:.2f})")
    sev: dict[str, int] = {}
    clean_rows = [f for c in clean for f in by_file.get(c, [])]
    for f in clean_rows:
        sev[f["severity"]] = sev.get(f["severity"], 0) + 1
    print(f"false alarms on the {len(clean)} clean reports: {len(clean_rows)} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(sev.items())) or 'none'})")
    for f in clean_rows:
        print(f"   {f['source'].split('/')[-1]} @{f['start']} {f['severity']} {f['chk']}: {f['context']}")
    other = [f for name, rows in by_file.items() if name not in clean for f in rows if id(f) not in used]
    counts: dict[str, int] = {}
    for f in other:
        counts[f"{f['chk']} ({f['severity']})"] = counts.get(f"{f['chk']} ({f['severity']})", 0) + 1
    print(f"findings away from every planted defect on the other reports: {len(other)}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if show_misses:
        for f in other:
            print(f"   {f['source'].split('/')[-1]} @{f['start']} {f['severity']} {f['chk']}: {f['context']}")
    if looks:
        # a clean look-alike (round 3) that a finding overlaps, unless a planted defect explains it
        hit = [(t, f) for t in looks for f in by_file.get(t["file"], [])
               if id(f) not in used and f["start"] < t["end"] and f["end"] > t["start"]]
        print(f"look-alikes: {len(looks)} ({len({t['site'] for t in looks})} kinds), "
              f"with a finding on them: {len({id(t) for t, _ in hit})}")
        for t, f in hit:
            print(f"   {t['file']} L{t['line']} @{t['start']} {t['site']}: {f['chk']} ({f['severity']}): {t['text']}")
    print(f"misses (not named): {len(misses)}")
    for t, near in misses:
        told = f"  [told by: {', '.join(near)}]" if near else ""
        print(f"   {t['file']} L{t['line']} @{t['start']} {t['site']}: {t['text']}{told}")
    return {"stats": stats, "clean_alarms": len(clean_rows)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--make", action="store_true", help="(re)write the batches and their truth")
    ap.add_argument("--round", type=int, choices=sorted(ROUNDS), action="append")
    ap.add_argument("--misses", action="store_true", help="also list findings away from planted defects")
    a = ap.parse_args(argv)
    rounds = a.round or sorted(ROUNDS)
    if a.make:
        for n in rounds:
            print("wrote", make(n).relative_to(ROOT))
        return 0
    for n in rounds:
        evaluate(n, a.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
