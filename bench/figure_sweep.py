#!/usr/bin/env python3
"""Figure sweep: number + unit + value on the ways real report text breaks them (issue 12,
figures F1 on real text).

Written blind (before reading rules/units.yaml, rules/figures*.yaml, mining/figures.py or
mining/numerals.py), from invented sentences only (no text from any gold document, none from the
web), in many township domains. Each sentence marks what it expects:

    ⟦surface|value|unit⟧       a figure: value in the unit's own scale (3.5万人 -> 35000, 人),
                               a range as "3~5" (value~value_max), unit as written per SCHEMA.md
                               ("" for none, 个百分点 keeps its 个, 千米 stays 千米)
    ⟪surface⟫                  a look-alike: no figure may be read there (page furniture, vague
                               amounts, durations, ordinals, document numbers, dates, named days)
    ⟨surface⟩                  left unscored (SCHEMA.md is silent; listed as questions below)

Scoring follows ../shared/gold/score.py: a figure is FOUND when a mined figure overlaps its
surface (2 characters of slack) with the same value; it is EXACT when value_max and the unit
(after NFKC, so ％ is %) agree too. A mined figure that no expected one uses is INVENTED, unless
it overlaps an unscored span or is a Chinese-numeral 1 (an article: the scorer ignores those).
For look-alikes, "read" counts the spans a mined figure overlaps.

    python bench/figure_sweep.py              # per kind: expected, found, exact, invented
    python bench/figure_sweep.py -v           # also list misses, inexact and invented figures
    python bench/figure_sweep.py --kind line_break -v
    python bench/figure_sweep.py --round 2    # round 2 (written after round 1's fixes)

Questions (SCHEMA.md is silent, left unscored): 上百名 / 近百人 / 上千户 / 上千万元 (a round
bound or a vague amount?), 十几个 / 十几名 (vague or approx?), 三五个 (range 3-5 or "a few"?),
两项补贴 (a count or the name of a policy pair?), 每周两次 (a frequency: a figure or a time?),
党员与群众联系户比例1:10 (ratios other than sex ratios).

Measured FIRST RUN of round 1 (branch figs12, on the rules as they were, before any fix; the
scoring fixes of the sentences themselves, 两个 marked as a figure, came before it):

    kind                        sent  exp found exact looks read invented
    plain                         20   44    44    44     -    -        0
    line_break                    12   22     9     1     -    -       10
    spaces                        12   24    24    24     -    -        0
    coordinated                   12   31    30    30     2    0        0   两项
    cn_numerals                   14   23    21    21     -    -        1   四百床, 廿六个
    measure_words                 16   33    29    28     -    -        0   组 宗 延米 车; 台套 -> 台
    qualifiers                    14   28    28    28     -    -        0
    ranges                        10   17    16    15     -    -        0   15-25度; 103-107 lost its max
    scaling                       10   20    19    18     -    -        0   2.35亿 (no unit); 万千瓦时 -> 千瓦
    points_ratios                 10   17    17    17     -    -        0
    lookalike_furniture           12    4     4     4    24    1        1   点击:326次
    lookalike_vague                8    6     6     6     6    1        1   上千户
    lookalike_duration            10   10    10    10    10    0        0
    lookalike_ordinal_date_doc    14    7     7     7    21    0        0
    lookalike_named               12    2     2     2    14    0        0
    TOTAL                        186  288   266   255    77    2       13
    recall 0.924  precision 0.953  F1 0.938  exact (value+range+unit) 0.885  look-alikes read 2/77

After round 1's fixes (rules/units.yaml, rules/exclusions.yaml, the split-number mending in
mining/normalise.py, unit-less ranges in mining/figures.py), round 1 now; 上千户 was then moved
to the unscored spans (SCHEMA is silent on 上百/上千, as on 上百名), so 76 look-alikes:

    line_break        9/22 -> 21/22   a unit or % alone on the next line after any line, digits
                                      after a line of 6+ characters (not a caption), across a
                                      page-number line, after a decimal point or 个 (…个⏎百分点)
    measure_words    29/33 -> 31/33   台套 宗 床 延米 度 千瓦时 added (exact 28 -> 31)
    cn_numerals      21/23 -> 22/23   四百床
    ranges           16/17 -> 17/17   15-25度; 103-107 keeps its value_max (exact 15 -> 17)
    scaling          exact 18 -> 19   万千瓦时 is 千瓦时
    furniture        read 1/24 -> 0   点击:326次
    TOTAL           266/288 -> 282/288, invented 13 -> 2, exact 255 -> 282, look-alikes read 0/76
    recall 0.979  precision 0.993  F1 0.986  exact 0.979
    left: 接种疫苗3⏎第 2 页⏎450人次 (digits after a line of 4 characters: too short to tell from a
    caption), 两项指标 (the named-set exclusion for Chinese numerals), 廿六个 (廿 is no numeral of
    the parser), 服务队8组 (read as a village group's name after 队), 18车, 发放贷款2.35亿 (SCHEMA
    names 万 with no unit only after a people noun: is a bare 亿 after money a dropped 元?)

Round 2 (``--round 2``: 115 sentences in other domains, written after round 1's fixes), FIRST
RUN: 163 expected, 163 found, 163 exact, look-alikes read 2/53, invented 3 (访问次数:2568次; 两项
补贴, 每周两次 which SCHEMA does not decide: then moved to the unscored spans with 上千万元);
recall 1.000 precision 0.982 F1 0.991. Now (访问次数 added to the page furniture): 163/163,
invented 0, look-alikes read 0/52.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# ---------------------------------------------------------------- round 1 sentences, by kind
ROUND1: dict[str, list[str]] = {
    "plain": [
        "全镇辖⟦14个|14|个⟧行政村,总人口⟦32516人|32516|人⟧,耕地面积⟦4.6万亩|46000|亩⟧。",
        "今年新修村组道路⟦12.5公里|12.5|公里⟧,硬化入户路⟦8600米|8600|米⟧。",
        "全年完成造林⟦1500亩|1500|亩⟧,义务植树⟦3.2万株|32000|株⟧。",
        "发放低保金⟦126.8万元|1268000|元⟧,惠及⟦1036户|1036|户⟧。",
        "为辖区⟦65岁|65|岁⟧以上老人免费体检⟦2130人次|2130|人次⟧。",
        "全镇小学适龄儿童入学率达⟦100%|100|%⟧,巩固率⟦99.6%|99.6|%⟧。",
        "新建沼气池⟦86口|86|口⟧,改厕⟦420户|420|户⟧。",
        "全年出生⟦213人|213|人⟧,人口出生率⟦10.2‰|10.2|‰⟧,自然增长率⟦4.3‰|4.3|‰⟧。",
        "组织文艺演出⟦18场|18|场⟧,放映公益电影⟦240场次|240|场次⟧。",
        "排查安全隐患⟦57处|57|处⟧,整改⟦55处|55|处⟧,整改率⟦96.5%|96.5|%⟧。",
        "全镇生猪存栏⟦2.4万头|24000|头⟧,出栏⟦3.1万头|31000|头⟧。",
        "完成固定资产投资⟦3.6亿元|360000000|元⟧,同比增长⟦12.4%|12.4|%⟧。",
        "调处矛盾纠纷⟦136起|136|起⟧,调处成功率⟦98%|98|%⟧。",
        "新农合参合人数⟦28764人|28764|人⟧,参合率⟦97.3%|97.3|%⟧。",
        "全镇共有党支部⟦23个|23|个⟧,党员⟦846名|846|名⟧。",
        "全村⟦312户|312|户⟧⟦1208人|1208|人⟧,其中劳动力⟦640人|640|人⟧。",
        "河道清淤⟦3.5千米|3.5|千米⟧,新建拦河坝⟦2座|2|座⟧。",
        "辖区面积⟦86.4平方公里|86.4|平方公里⟧,距县城⟦18公里|18|公里⟧。",
        "建成标准化养殖场⟦6家|6|家⟧,培育种养大户⟦45户|45|户⟧。",
        "粮食总产量达⟦1.26万吨|12600|吨⟧,亩产⟦486公斤|486|公斤⟧。",
    ],
    "line_break": [
        "全镇孕情监测覆盖率达到⟦100\n\n%|100|%⟧,随访服务率⟦98\n%|98|%⟧。",
        "全年共投入资金⟦3\n\n3.8万元|338000|元⟧,用于村级活动场所建设。",
        "已婚育龄妇女⟦41\n\n- 3 -\n\n26人|4126|人⟧,均已建立服务档案。",
        "全乡新修水渠⟦12\n公里|12|公里⟧,维修山坪塘⟦36\n口|36|口⟧。",
        "发放宣传资料⟦2\n\n600份|2600|份⟧,悬挂横幅⟦45条|45|条⟧。",
        "综合避孕率达⟦92.\n\n6%|92.6|%⟧,较上年提高⟦1.2个\n百分点|1.2|个百分点⟧。",
        "本年度完成税收⟦1\n\n26万元|1260000|元⟧,同比增长⟦8\n\n%|8|%⟧。",
        "全村共有低保户⟦58\n户|58|户⟧、五保户⟦12\n户|12|户⟧。",
        "接种疫苗⟦3\n\n第 2 页\n\n450人次|3450|人次⟧,接种率⟦99\n%|99|%⟧。",
        "群众满意率⟦96.8\n\n%|96.8|%⟧,信访案件办结率⟦100\n%|100|%⟧。",
        "全年完成植树⟦12\n\n000株|12000|株⟧,成活率⟦85\n%|85|%⟧。",
        "新增就业岗位⟦3\n20个|320|个⟧,转移农村劳动力⟦1\n\n500人|1500|人⟧。",
    ],
    "spaces": [
        "全村常住人口⟦1 200人|1200|人⟧,外出务工⟦300 人左右|300|人⟧。",
        "发放宣传单⟦300 份左右|300|份⟧,接受咨询群众⟦500 余人|500|人⟧。",
        "全镇耕地面积⟦12 500 亩|12500|亩⟧,其中水田⟦8 300亩|8300|亩⟧。",
        "参加培训的党员干部⟦１２００人|1200|人⟧,发放学习资料⟦３５００册|3500|册⟧。",
        "全镇总人口⟦2,365人|2365|人⟧,其中农业人口⟦1，986人|1986|人⟧。",
        "投入资金⟦1,250,000元|1250000|元⟧,修建文化广场⟦2,400平方米|2400|平方米⟧。",
        "完成退耕还林⟦１２．５万亩|125000|亩⟧,覆盖率达⟦４５．６％|45.6|%⟧。",
        "落实惠农补贴 ⟦856.3 万元|8563000|元⟧,涉及农户 ⟦4 312 户|4312|户⟧。",
        "全年接待来访群众⟦１，２３６人次|1236|人次⟧,办结率⟦９８％|98|%⟧。",
        "全村种植烤烟⟦1 260 亩|1260|亩⟧,户均增收⟦3 200 元|3200|元⟧。",
        "招商引资到位资金⟦2.6 亿元|260000000|元⟧,新开工项目⟦8 个|8|个⟧。",
        "计划生育率达⟦96.5 %|96.5|%⟧,出生人口性别比⟦106 : 100|106|⟧。",
    ],
    "coordinated": [
        "出生率和死亡率分别下降了⟦0.8|0.8|个千分点⟧和⟦0.3个千分点|0.3|个千分点⟧。",
        "⟦两项|2|项⟧指标分别下降了⟦8|8|个百分点⟧和⟦12个百分点|12|个百分点⟧。",
        "⟦三个|3|个⟧村新增贫困户分别为⟦3|3|户⟧、⟦5|5|户⟧、⟦7户|7|户⟧。",
        "⟦三个|3|个⟧小组参训人数分别为⟦3|3|人⟧、⟦5|5|人⟧、⟦7人|7|人⟧。",
        "今年和去年的出生人数分别是⟦126|126|人⟧和⟦118人|118|人⟧。",
        "东片、西片分别新修道路⟦4.5|4.5|公里⟧、⟦6.2公里|6.2|公里⟧。",
        "小麦、玉米播种面积分别为⟦3200|3200|亩⟧和⟦4100亩|4100|亩⟧。",
        "一季度、二季度分别完成投资⟦1200|12000000|元⟧、⟦1500万元|15000000|元⟧。",
        "政策符合率、综合避孕率分别为⟦98.6|98.6|%⟧、⟦91.2%|91.2|%⟧。",
        "⟦两个|2|个⟧自然村的自来水入户率分别为⟦86|86|%⟧和⟦92%|92|%⟧。",
        "⟦两个|2|个⟧小区分别安装路灯⟦40|40|盏⟧和⟦65盏|65|盏⟧。",
        "⟪一中⟫、⟪二中⟫毕业生分别为⟦312|312|名⟧、⟦286名|286|名⟧。",
    ],
    "cn_numerals": [
        "全村⟦三百来户|300|户⟧,常年外出务工⟦两千余人|2000|人⟧。",
        "全镇总人口⟦一万零三百人|10300|人⟧,辖⟦十二个|12|个⟧村民委员会。",
        "发放宣传册⟦五千份|5000|份⟧,张贴标语⟦二百余条|200|条⟧。",
        "培训计生骨干⟦一百二十人次|120|人次⟧,举办培训班⟦六期|6|期⟧。",
        "新建卫生室⟦三所|3|所⟧,配备村医⟦二十八名|28|名⟧。",
        "全乡有⟦两千八百多户|2800|户⟧农户种植茶叶。",
        "发放救灾大米⟦三万斤|30000|斤⟧,棉被⟦四百床|400|床⟧。",
        "全镇有耕地⟦一万五千亩|15000|亩⟧,林地⟦三万二千亩|32000|亩⟧。",
        "共有党员⟦九十六名|96|名⟧,其中女党员⟦十七名|17|名⟧。",
        "全镇已建成村级活动场所⟦廿六个|26|个⟧。",
        "投入资金⟦叁拾万元|300000|元⟧修缮办公楼。",
        "全村有⟦七十岁|70|岁⟧以上老人⟦一百零五人|105|人⟧。",
        "村里有⟨十几个|10|个⟩合作社,带动农户⟦三百余户|300|户⟧。",
        "每户⟨三五个|3~5|个⟩劳动力,全村劳动力⟦八百余人|800|人⟧。",
    ],
    "measure_words": [
        "全年收购稻谷⟦860担|860|担⟧,发放农机⟦12部|12|部⟧。",
        "成立志愿服务队⟦8组|8|组⟧,打机井⟦16眼|16|眼⟧。",
        "新建便民桥⟦3座|3|座⟧,整修山塘⟦25口|25|口⟧。",
        "全村养牛⟦420头|420|头⟧,养羊⟦1300只|1300|只⟧,家禽⟦2.6万羽|26000|羽⟧。",
        "查处违法占地⟦9宗|9|宗⟧,受理案件⟦23件|23|件⟧。",
        "发生交通事故⟦4起|4|起⟧,查扣非法营运车辆⟦15辆|15|辆⟧。",
        "购置农机具⟦36台套|36|台套⟧,配备消防车⟦2辆|2|辆⟧。",
        "发放电影拷贝⟦5部|5|部⟧,送书下乡⟦1200册|1200|册⟧。",
        "建设大棚⟦48栋|48|栋⟧,种植果树⟦5600棵|5600|棵⟧。",
        "新建垃圾池⟦120个|120|个⟧,配备垃圾桶⟦800只|800|只⟧。",
        "修建排水沟⟦1.2万延米|12000|延米⟧,安装路灯⟦260盏|260|盏⟧。",
        "落实帮扶干部⟦98名|98|名⟧,结对帮扶⟦312对|312|对⟧。",
        "捕捞鲜鱼⟦45吨|45|吨⟧,放养鱼苗⟦20万尾|200000|尾⟧。",
        "检查食品经营户⟦86家|86|家⟧,收缴过期食品⟦230件|230|件⟧。",
        "为贫困户发放种羊⟦160只|160|只⟧,仔猪⟦300头|300|头⟧。",
        "开展巡河⟦52次|52|次⟧,清理河道垃圾⟦18车|18|车⟧。",
    ],
    "qualifiers": [
        "全镇外出务工人员逾⟦1.2万人|12000|人⟧,劳务收入逾⟦10万|100000|⟧。",
        "参与群众⟦近3000人|3000|人⟧,发放资料⟦约5000份|5000|份⟧。",
        "全年接待咨询⟦2000余人次|2000|人次⟧,发放药具⟦600多盒|600|盒⟧。",
        "种植面积⟦3000亩左右|3000|亩⟧,亩均增收⟦500元以上|500|元⟧。",
        "群众知晓率达⟦95%以上|95|%⟧,不到⟦5%|5|%⟧的群众不了解。",
        "超过⟦80%|80|%⟧的农户加入合作社,突破⟦1万户|10000|户⟧。",
        "新增经营主体⟦二十余家|20|家⟧,带动就业⟦百余人|100|人⟧。",
        "全村人均纯收入⟦约8600元|8600|元⟧,比上年增加⟦近千元|1000|元⟧。",
        "修复水毁道路⟦近20公里|20|公里⟧,投入⟦约35万元|350000|元⟧。",
        "资金缺口⟦300万元左右|3000000|元⟧,争取年内筹措到位。",
        "全镇⟦60岁以上|60|岁⟧老人⟦4000余人|4000|人⟧,占总人口⟦15%左右|15|%⟧。",
        "受灾农作物⟦1500余亩|1500|亩⟧,直接经济损失⟦80多万元|800000|元⟧。",
        "出生政策符合率保持在⟦95%以上|95|%⟧,性别比控制在⟦107以内|107|⟧。",
        "年均增长⟦约6.5%|6.5|%⟧,上缴税金逾⟦500万元|5000000|元⟧。",
    ],
    "ranges": [
        "每个村安排⟦3至5人|3~5|人⟧负责网格巡查。",
        "每户补助⟦3-5万元|30000~50000|元⟧,用于危房改造。",
        "每村培训⟦2～3场|2~3|场⟧,每期⟦50—60人|50~60|人⟧。",
        "亩产可达⟦400-500公斤|400~500|公斤⟧,亩均收入⟦2000至3000元|2000~3000|元⟧。",
        "性别比控制在⟦103-107|103~107|⟧之间,综合节育率⟦85%-90%|85~90|%⟧。",
        "新建温室⟦10~15栋|10~15|栋⟧,每栋投资⟦8至10万元|80000~100000|元⟧。",
        "坡度在⟦15-25度|15~25|度⟧的耕地全部退耕还林。",
        "每村配备保洁员⟦2-3名|2~3|名⟧,月工资⟦800-1000元|800~1000|元⟧。",
        "年增长率保持在⟦5%至8%|5~8|%⟧,人均增收⟦1.2万-1.5万元|12000~15000|元⟧。",
        "每组⟦十至十五户|10~15|户⟧,每户⟦三到五人|3~5|人⟧。",
    ],
    "scaling": [
        "全县总人口⟦56.3万人|563000|人⟧,其中农业人口⟦41万人|410000|人⟧。",
        "实现生产总值⟦12.6亿元|1260000000|元⟧,财政收入⟦8600万元|86000000|元⟧。",
        "接待游客⟦35万人次|350000|人次⟧,旅游收入⟦1.8亿元|180000000|元⟧。",
        "全镇人口⟦3.3万|33000|⟧,耕地⟦2.1万亩|21000|亩⟧。",
        "完成土方⟦12万立方米|120000|立方米⟧,砌石⟦0.8万立方米|8000|立方米⟧。",
        "发放贷款⟦2.35亿|235000000|⟧,惠及农户⟦1.1万户|11000|户⟧。",
        "蔬菜种植面积⟦1.5万余亩|15000|亩⟧,产值⟦3000余万元|30000000|元⟧。",
        "全年用电量⟦1260万千瓦时|12600000|千瓦时⟧,同比增长⟦6.2%|6.2|%⟧。",
        "新增存款⟦5000万元|50000000|元⟧,贷款余额⟦3.46亿元|346000000|元⟧。",
        "粮食产量⟦2.8万吨|28000|吨⟧,油菜⟦4500吨|4500|吨⟧。",
    ],
    "points_ratios": [
        "人口出生率下降⟦0.66个千分点|0.66|个千分点⟧,死亡率⟦6.1‰|6.1|‰⟧。",
        "城镇化率提高⟦2.3个百分点|2.3|个百分点⟧,达到⟦46.5%|46.5|%⟧。",
        "出生人口性别比为⟦109:100|109|⟧,比上年下降。",
        "出生人口性别比⟦101.63|101.63|⟧,处于正常范围。",
        "出生人口性别比为⟦100:107|100|⟧,低于全县平均水平。",
        "计划外生育率控制在⟦3‰|3|‰⟧以内,晚婚率⟦68.5%|68.5|%⟧。",
        "党员与群众联系户比例⟨1:10⟩,帮扶干部⟦86人|86|人⟧。",
        "贫困发生率由⟦8.6%|8.6|%⟧下降到⟦0.8%|0.8|%⟧,下降了⟦7.8个百分点|7.8|个百分点⟧。",
        "多孩率下降⟦1.5个百分点|1.5|个百分点⟧,为⟦2.1%|2.1|%⟧。",
        "育龄妇女查环查孕率达⟦98.5％|98.5|%⟧,比上年提高⟦0.5个百分点|0.5|个百分点⟧。",
    ],
    "lookalike_furniture": [
        "发布时间:⟪2023-03-15⟫ ⟪浏览次数:419次⟫ 【字体:大 中 小】",
        "全镇新修道路⟦8公里|8|公里⟧。 ⟪本文共2750字⟫,阅读约需⟪8分钟⟫。",
        "⟪精选20篇⟫乡镇工作总结范文,供参考。",
        "全镇党员⟦412名|412|名⟧。 ⟪第3页⟫/⟪共5页⟫",
        "全镇共有党员⟦412名|412|名⟧。\n\n⟪3⟫\n\n二、主要做法",
        "完成全年任务。\n\n- ⟪4⟫ -\n\n三、存在问题",
        "联系电话:⟪0735-6228816⟫ QQ:⟪846512370⟫ 邮编:⟪423600⟫",
        "网站备案号:⟪湘ICP备12034567号⟫ 文件大小:⟪36KB⟫",
        "⟪阅读(1265)⟫ ⟪评论(12)⟫ ⟪收藏(8)⟫",
        "当前位置:首页>工作总结 ⟪更新时间:2021年4月6日⟫ ⟪点击:326次⟫",
        "⟪下载文档⟫ ⟪共8页⟫ ⟪1.26MB⟫ 全镇完成植树⟦3000株|3000|株⟧。",
        "联系人:王某 手机:⟪13907351234⟫ 传真:⟪0735-6228817⟫",
    ],
    "lookalike_vague": [
        "每年春节前后有⟪几十万人⟫返乡,全镇组织⟦12个|12|个⟧服务点。",
        "⟪数百名⟫群众参加了活动,发放资料⟦1200份|1200|份⟧。",
        "⟪成千上万⟫的游客慕名而来。",
        "吸引了⟨上百名⟩志愿者参加,共服务⟦2600人次|2600|人次⟧。",
        "⟪数十家⟫企业参加招聘会,提供岗位⟦860个|860|个⟧。",
        "村民们⟪几百人⟫自发参加修路,投工⟦3200个|3200|个⟧。",
        "带动了⟨上千户⟩农户增收。",
        "有⟨近百人⟩报名参加,录取⟦45人|45|人⟧。",
    ],
    "lookalike_duration": [
        "⟪三年来⟫,全镇累计投入资金⟦4600万元|46000000|元⟧。",
        "开展了⟪为期15天⟫的集中整治,拆除违建⟦28处|28|处⟧。",
        "⟪40天一个⟫轮灌期,保证了⟦1.2万亩|12000|亩⟧农田用水。",
        "⟪五年来⟫共培训农民⟦8600人次|8600|人次⟧。",
        "经过⟪半年⟫努力,完成改厕⟦360户|360|户⟧。",
        "整治工作历时⟪3个月⟫,清理垃圾⟦1500吨|1500|吨⟧。",
        "⟪近年来⟫全镇新增企业⟦16家|16|家⟧。",
        "培训班为期⟪两天⟫,参训人员⟦120人|120|人⟧。",
        "⟪多年来⟫坚持开展义诊,今年义诊⟦12场|12|场⟧。",
        "⟪24小时⟫值班,全年出警⟦860次|860|次⟧。",
    ],
    "lookalike_ordinal_date_doc": [
        "⟪2023年5月12日⟫,镇党委召开⟪第三次⟫全体会议。",
        "根据⟪镇政发〔2022〕18号⟫文件精神,制定本方案。",
        "⟪第一季度⟫完成投资⟦3200万元|32000000|元⟧。",
        "⟪二〇二三年⟫全镇新增就业⟦560人|560|人⟧。",
        "⟪上半年⟫共接待来访⟦126批次|126|批次⟧。",
        "本办法自⟪2024年1月1日⟫起施行,有效期⟪五年⟫。",
        "全镇排名⟪第2位⟫,考核得分⟦96.5分|96.5|分⟧。",
        "按照⟪湘发〔2021〕6号⟫要求,完成任务⟦100%|100|%⟧。",
        "⟪2022年度⟫全镇人口出生⟦198人|198|人⟧。",
        "⟪一是⟫加强宣传,⟪二是⟫强化督查,⟪三是⟫严格考核。",
        "⟪(一)⟫基本情况 ⟪1、⟫人口情况",
        "⟪第十二条⟫ 村民委员会每届任期⟪五年⟫。",
        "截至⟪12月底⟫,全镇参保⟦2.6万人|26000|人⟧。",
        "⟪20:30⟫开始巡查,⟪次日凌晨2时⟫结束。",
    ],
    "lookalike_named": [
        "在⟪三八⟫妇女节期间开展了义诊活动。",
        "深入开展⟪两学一做⟫学习教育。",
        "对计划生育实行⟪一票否决⟫制度。",
        "认真学习贯彻⟪党的二十大⟫精神。",
        "围绕⟪5.29⟫会员活动日开展宣传。",
        "推进⟪三下乡⟫活动,送医送药⟦1600人次|1600|人次⟧。",
        "落实⟪四议两公开⟫工作法。",
        "在⟪六一⟫儿童节慰问留守儿童⟦86名|86|名⟧。",
        "编制⟪十四五⟫发展规划。",
        "开展⟪一人一档⟫建设,推行⟪三会一课⟫制度。",
        "纪念建党⟪一百周年⟫系列活动。",
        "做好⟪五保⟫供养和⟪双拥⟫工作。",
    ],
}

# round 2: written after round 1's fixes, other domains and phrasings of the same kinds
ROUND2: dict[str, list[str]] = {
    "plain": [
        "全镇共有规模以上企业⟦17家|17|家⟧,实现产值⟦9.8亿元|980000000|元⟧。",
        "新建农村书屋⟦6个|6|个⟧,配送图书⟦4800册|4800|册⟧。",
        "全年共发生火灾⟦3起|3|起⟧,过火面积⟦12亩|12|亩⟧。",
        "为⟦237名|237|名⟧残疾人发放⟨两项⟩补贴⟦28.4万元|284000|元⟧。",
        "新修机耕道⟦9.6公里|9.6|公里⟧,新建蓄水池⟦14口|14|口⟧。",
        "全镇养老保险参保⟦1.86万人|18600|人⟧,参保率⟦95.2%|95.2|%⟧。",
        "新栽茶苗⟦120万株|1200000|株⟧,改造低产茶园⟦800亩|800|亩⟧。",
        "全年受理行政审批事项⟦1420件|1420|件⟧,按时办结率⟦100%|100|%⟧。",
        "组建巡逻队⟦11支|11|支⟧,队员⟦132名|132|名⟧。",
        "全镇建成区面积⟦3.2平方公里|3.2|平方公里⟧,常住人口⟦2.1万人|21000|人⟧。",
        "救助流浪乞讨人员⟦26人次|26|人次⟧,发放临时救助金⟦6.3万元|63000|元⟧。",
        "全村共有耕地⟦2135亩|2135|亩⟧,人均⟦1.1亩|1.1|亩⟧。",
    ],
    "line_break": [
        "今年我镇共争取上级项目资金⟦1\n\n260万元|12600000|元⟧,用于基础设施建设。",
        "全镇农村低保覆盖面达⟦5.2\n%|5.2|%⟧,五保集中供养率达⟦61\n\n%|61|%⟧。",
        "全年共组织开展各类宣传活动⟦4\n\n—15—\n\n6场次|46|场次⟧,受教育群众众多。",
        "新建和改造农村公路⟦38\n公里|38|公里⟧,危桥改造⟦5\n座|5|座⟧。",
        "全镇共排查出各类安全隐患⟦2\n\n第4页 共9页\n\n13处|213|处⟧,已全部整改。",
        "全镇外出务工人员占劳动力总数的⟦63.\n\n5%|63.5|%⟧,比上年下降⟦2.1个\n\n百分点|2.1|个百分点⟧。",
        "全镇有线电视入户率达到了⟦87\n\n%|87|%⟧。\n\n二、存在的问题",
        "落实各项惠农补贴资金共⟦3\n\n056.7万元|30567000|元⟧,全部通过一卡通发放。",
    ],
    "spaces": [
        "全镇共有耕地 ⟦2 860 亩|2860|亩⟧,林地 ⟦1.2 万亩|12000|亩⟧。",
        "参加体检的老人⟦８６０人|860|人⟧,查出慢性病⟦１２３例|123|例⟧。",
        "完成投资⟦12,860万元|128600000|元⟧,同比增长⟦１５．２％|15.2|%⟧。",
        "全村共有农户⟦ 426 户|426|户⟧,人口⟦1 586 人|1586|人⟧。",
        "争取资金⟦800 万元左右|8000000|元⟧,新建校舍⟦3 200 平方米|3200|平方米⟧。",
        "发放宣传手册⟦3，500册|3500|册⟧,张贴海报⟦1，200张|1200|张⟧。",
    ],
    "coordinated": [
        "小学、初中入学率分别达到⟦99.8|99.8|%⟧和⟦98.6%|98.6|%⟧。",
        "水稻、油菜单产分别提高⟦3|3|个百分点⟧、⟦5个百分点|5|个百分点⟧。",
        "全镇⟦三个|3|个⟧社区分别有志愿者⟦45|45|名⟧、⟦62|62|名⟧和⟦38名|38|名⟧。",
        "男女劳动力分别为⟦1820|1820|人⟧、⟦1460人|1460|人⟧。",
        "上半年和下半年分别接待游客⟦2.3|23000|人次⟧和⟦3.1万人次|31000|人次⟧。",
        "出生率、死亡率分别为⟦9.8|9.8|‰⟧、⟦6.2‰|6.2|‰⟧。",
        "东村、南村分别新建文化广场⟦1200|1200|平方米⟧和⟦800平方米|800|平方米⟧。",
    ],
    "cn_numerals": [
        "全镇共有个体工商户⟦八百余户|800|户⟧,从业人员⟦两千多人|2000|人⟧。",
        "新建蔬菜大棚⟦一百二十栋|120|栋⟧,种植面积⟦三百五十亩|350|亩⟧。",
        "全镇共有村民小组⟦一百零八个|108|个⟧。",
        "慰问困难党员⟦四十六名|46|名⟧,发放慰问金⟦九千二百元|9200|元⟧。",
        "全乡有林地⟦两万亩|20000|亩⟧,其中公益林⟦八千亩|8000|亩⟧。",
        "组织青年⟦三十余人|30|人⟧参加技能培训,发放证书⟦二十八本|28|本⟧。",
        "全镇现有⟦九十岁|90|岁⟧以上老人⟦三十七人|37|人⟧。",
        "共调解纠纷⟦一百三十余起|130|起⟧,防止民转刑案件⟦两起|2|起⟧。",
    ],
    "measure_words": [
        "新打抗旱水井⟦7眼|7|眼⟧,维修提灌站⟦3座|3|座⟧。",
        "发放羊羔⟦260只|260|只⟧,鸡苗⟦1.5万羽|15000|羽⟧。",
        "立案查处违法案件⟦12宗|12|宗⟧,收缴非法出版物⟦360件|360|件⟧。",
        "新增农机⟦45台套|45|台套⟧,其中大型拖拉机⟦6台|6|台⟧。",
        "配发应急广播⟦24套|24|套⟧,对讲机⟦30部|30|部⟧。",
        "全村存栏耕牛⟦85头|85|头⟧,骡马⟦12匹|12|匹⟧。",
        "发放棉被⟦150床|150|床⟧,大米⟦300袋|300|袋⟧。",
        "修建护坡⟦2800延米|2800|延米⟧,挡土墙⟦1200立方米|1200|立方米⟧。",
        "健身器材⟦6组|6|组⟧全部安装到位,铺设管网⟦4.3千米|4.3|千米⟧。",
        "安装太阳能热水器⟦96台|96|台⟧,节约用电⟦3.2万度|32000|度⟧。",
    ],
    "qualifiers": [
        "全镇外出务工逾⟦8000人|8000|人⟧,务工收入近⟦2亿元|200000000|元⟧。",
        "全年培训农民⟦1200余人次|1200|人次⟧,转移就业⟦600人左右|600|人⟧。",
        "林木覆盖率达⟦65%以上|65|%⟧,较上年提高⟦约2个百分点|2|个百分点⟧。",
        "突破⟦5000万元|50000000|元⟧大关,增幅超过⟦20%|20|%⟧。",
        "全镇流动人口⟦近四千人|4000|人⟧,已办证⟦三千余人|3000|人⟧。",
        "群众参与率不低于⟦90%|90|%⟧,投诉率不超过⟦1%|1|%⟧。",
        "人均可支配收入⟦1.3万元左右|13000|元⟧,增长⟦8%上下|8|%⟧。",
        "投入⟨上千万元⟩,新建便民服务中心⟦1个|1|个⟧。",
    ],
    "ranges": [
        "每亩补贴⟦50-80元|50~80|元⟧,每户⟦1至2人|1~2|人⟧参加培训。",
        "新建公厕⟦3～5座|3~5|座⟧,每座投资⟦10-15万元|100000~150000|元⟧。",
        "出生人口性别比保持在⟦102—107|102~107|⟧的正常范围。",
        "每个网格⟦200-300户|200~300|户⟧,配备网格员⟦1-2名|1~2|名⟧。",
        "年龄在⟦18至60周岁|18~60|周岁⟧的劳动力均可报名。",
        "增长幅度控制在⟦3%—5%|3~5|%⟧。",
    ],
    "scaling": [
        "全镇总人口⟦4.26万|42600|⟧,其中城镇人口⟦1.1万人|11000|人⟧。",
        "全年接待游客⟦120万人次|1200000|人次⟧,综合收入⟦6.5亿元|650000000|元⟧。",
        "农民人均纯收入⟦1.24万元|12400|元⟧,比上年增加⟦1100元|1100|元⟧。",
        "建成高标准农田⟦3.5万亩|35000|亩⟧,完成投资⟦0.52亿元|52000000|元⟧。",
        "全年发放贴息贷款⟦3860万元|38600000|元⟧,扶持农户⟦2300户|2300|户⟧。",
        "完成土地流转⟦1.2万余亩|12000|亩⟧,涉及农户⟦4千余户|4000|户⟧。",
    ],
    "points_ratios": [
        "自然增长率下降⟦0.4个千分点|0.4|个千分点⟧,控制在⟦5.6‰|5.6|‰⟧。",
        "出生人口性别比为⟦104.5:100|104.5|⟧。",
        "优良天数比例提高⟦3.5个百分点|3.5|个百分点⟧,达到⟦92.1%|92.1|%⟧。",
        "出生人口性别比⟦98.7|98.7|⟧,二孩以上出生人口性别比⟦112|112|⟧。",
        "全镇男女性别比为⟦103:100|103|⟧,人口密度⟦320人|320|人⟧每平方公里。",
    ],
    "lookalike_furniture": [
        "来源:镇政府办 ⟪作者:张某⟫ ⟪发布日期:2022-11-03⟫ ⟪浏览量:1532⟫",
        "⟪本文共3120字⟫ 全镇完成造林⟦600亩|600|亩⟧。",
        "⟪乡镇年度工作总结(通用8篇)⟫",
        "⟪第1页 共3页⟫ ⟪下一页⟫",
        "监督电话:⟪0731-84561234⟫,邮箱:⟪zhen12@163.com⟫",
        "⟪访问次数:2568次⟫ ⟪上一篇⟫ ⟪下一篇⟫",
        "⟪扫一扫⟫ ⟪分享到微信⟫ ⟪点赞:36⟫",
        "⟪京ICP备05023456号-1⟫ ⟪公网安备11010202000123号⟫",
    ],
    "lookalike_vague": [
        "⟪数千名⟫群众观看了演出,共演出⟦15场|15|场⟧。",
        "⟪几十户⟫群众反映用水困难,已解决⟦36户|36|户⟧。",
        "⟪几百亩⟫撂荒地重新复耕。",
        "吸引⟪数万名⟫游客,接待团队⟦126个|126|个⟧。",
        "⟨十几名⟩干部下村蹲点,走访农户⟦3200户|3200|户⟧。",
        "⟨成百上千⟩的群众自发参与,捐款⟦12.6万元|126000|元⟧。",
    ],
    "lookalike_duration": [
        "⟪两年来⟫,全镇新建村级道路⟦46公里|46|公里⟧。",
        "组织了⟪为期一个月⟫的集中宣传,发放资料⟦8000份|8000|份⟧。",
        "⟪连续三年⟫获得先进单位称号。",
        "项目建设工期⟪180天⟫,总投资⟦860万元|8600000|元⟧。",
        "⟪十年来⟫累计植树⟦50万株|500000|株⟧。",
        "每周⟨两次⟩开展巡查,全年巡查⟦104次|104|次⟧。",
        "每年开展集中服务活动⟦4次|4|次⟧,每次⟪3天⟫。",
    ],
    "lookalike_ordinal_date_doc": [
        "⟪2022年10月⟫,我镇被评为⟪第六批⟫全国文明村镇。",
        "依据⟪县政办发〔2023〕42号⟫,成立领导小组。",
        "⟪第四季度⟫完成招商引资⟦1.2亿元|120000000|元⟧。",
        "⟪2021—2023年⟫累计投入⟦3200万元|32000000|元⟧。",
        "位于国道⟪G320⟫线旁,距高速出口⟦8公里|8|公里⟧。",
        "⟪9月28日⟫举办丰收节,参与群众⟦3000余人|3000|人⟧。",
        "⟪三、⟫主要措施 ⟪(二)⟫强化保障",
        "会议于⟪上午9时⟫召开,⟪11时30分⟫结束。",
        "根据《⟪2023年⟫度考核办法》⟪第五条⟫规定执行。",
        "在全县考核中位列⟪第一名⟫,得分⟦98.2分|98.2|分⟧。",
    ],
    "lookalike_named": [
        "落实⟪三会一课⟫制度,开展⟪主题党日⟫活动⟦12次|12|次⟧。",
        "在⟪五四⟫青年节组织青年志愿服务。",
        "推进⟪一村一品⟫,建成特色产业村⟦5个|5|个⟧。",
        "学习贯彻⟪十九届六中全会⟫精神。",
        "开展⟪七一⟫慰问老党员⟦38名|38|名⟧。",
        "全面落实⟪河长制⟫、⟪林长制⟫,实行⟪一河一策⟫。",
        "创建⟪四好农村路⟫示范镇。",
        "开展⟪12.4⟫国家宪法日宣传。",
    ],
}
ROUNDS = {"1": ROUND1, "2": ROUND2}

MARK = re.compile(r"⟦([^⟧|]*)\|([^⟧|]*)\|([^⟧|]*)⟧|⟪([^⟫]*)⟫|⟨([^⟩|]*)(?:\|[^⟩]*)?⟩")


def parse(marked: str):
    """Clean text, expected figures (start, end, value, value_max, unit), look-alike spans,
    unscored spans."""
    out, figs, looks, skip = [], [], [], []
    pos, last = 0, 0
    for m in MARK.finditer(marked):
        out.append(marked[last:m.start()])
        pos += m.start() - last
        last = m.end()
        if m.group(1) is not None:
            surf, val, unit = m.group(1), m.group(2), m.group(3)
            lo, _, hi = val.partition("~")
            figs.append((pos, pos + len(surf), float(lo), float(hi) if hi else None, unit, surf))
        elif m.group(4) is not None:
            surf = m.group(4)
            looks.append((pos, pos + len(surf), surf))
        else:
            surf = m.group(5)
            skip.append((pos, pos + len(surf), surf))
        out.append(surf)
        pos += len(surf)
    out.append(marked[last:])
    return "".join(out), figs, looks, skip


CN = set("一二三四五六七八九十百千万两〇零壹贰叁肆伍陆柒捌玖拾佰仟廿")


def _close(a, b) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        na = a is None or (isinstance(a, float) and math.isnan(a))
        nb = b is None or (isinstance(b, float) and math.isnan(b))
        return na and nb
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def _unit(u) -> str:
    if u is None or (isinstance(u, float) and math.isnan(u)):
        return ""
    return unicodedata.normalize("NFKC", str(u)).replace(" ", "").replace("\n", "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", action="store_true", help="list misses, inexact and invented figures")
    ap.add_argument("--kind", action="append", help="only this kind (repeatable)")
    ap.add_argument("--round", choices=sorted(ROUNDS), default="1", help="which round of sentences")
    ap.add_argument("--rules", help="a rules folder to mine with instead of the shipped rules")
    a = ap.parse_args()

    import report_miner
    from report_miner.ruleset.load import RuleSet

    rules = RuleSet.load(a.rules) if a.rules else RuleSet.load()
    st = defaultdict(lambda: {"sent": 0, "exp": 0, "found": 0, "exact": 0, "looks": 0, "read": 0,
                              "inv": 0, "rows": []})
    for kind, sents in ROUNDS[a.round].items():
        if a.kind and kind not in a.kind:
            continue
        for marked in sents:
            text, exp, looks, skip = parse(marked)
            res = report_miner.mine_text(text, rules=rules)
            got = [r for r in res.figures.to_dict("records")
                   if not (_close(r.get("value"), 1) and text[int(r["start"]):int(r["end"])].strip()[:1] in CN)]
            s = st[kind]
            s["sent"] += 1
            used = set()
            for (gs, ge, val, vmax, unit, surf) in exp:
                s["exp"] += 1
                hit = None
                for i, f in enumerate(got):
                    if i not in used and int(f["start"]) < ge + 2 and gs < int(f["end"]) + 2 \
                            and _close(f.get("value"), val):
                        hit = i
                        break
                if hit is None:
                    near = [(text[int(f["start"]):int(f["end"])], f.get("value"), _unit(f.get("unit")))
                            for f in got if int(f["start"]) < ge + 2 and gs < int(f["end"]) + 2]
                    s["rows"].append(("miss", repr(surf), val, vmax, unit, "got", near, "|", repr(text)))
                    continue
                used.add(hit)
                s["found"] += 1
                f = got[hit]
                if _close(f.get("value_max"), vmax) and _unit(f.get("unit")) == _unit(unit):
                    s["exact"] += 1
                else:
                    s["rows"].append(("inexact", repr(surf), "want", vmax, repr(unit), "got",
                                      f.get("value_max"), repr(_unit(f.get("unit"))), "|", repr(text)))
            for (ls, le, surf) in looks:
                s["looks"] += 1
                if any(int(f["start"]) < le and ls < int(f["end"]) for f in got):
                    s["read"] += 1
            for i, f in enumerate(got):
                if i in used:
                    continue
                fs, fe = int(f["start"]), int(f["end"])
                if any(fs < ke and ks < fe for ks, ke, _ in skip):
                    continue
                s["inv"] += 1
                s["rows"].append(("invented", repr(text[fs:fe]), f.get("value"), repr(_unit(f.get("unit"))),
                                  "|", repr(text)))
    tot = defaultdict(int)
    print(f"{'kind':28s} {'sent':>4s} {'exp':>4s} {'found':>5s} {'exact':>5s} {'looks':>5s} {'read':>4s} {'invented':>8s}")
    for kind, s in st.items():
        print(f"{kind:28s} {s['sent']:4d} {s['exp']:4d} {s['found']:5d} {s['exact']:5d} {s['looks']:5d}"
              f" {s['read']:4d} {s['inv']:8d}")
        for k in ("sent", "exp", "found", "exact", "looks", "read", "inv"):
            tot[k] += s[k]
        if a.v:
            for row in s["rows"]:
                print("     ", *row)
    print(f"{'TOTAL':28s} {tot['sent']:4d} {tot['exp']:4d} {tot['found']:5d} {tot['exact']:5d} {tot['looks']:5d}"
          f" {tot['read']:4d} {tot['inv']:8d}")
    if tot["exp"]:
        p = tot["found"] / (tot["found"] + tot["inv"]) if tot["found"] + tot["inv"] else 0.0
        r = tot["found"] / tot["exp"]
        print(f"recall {r:.3f}  precision {p:.3f}  F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}"
              f"  exact (value+range+unit) {tot['exact'] / tot['exp']:.3f}  look-alikes read {tot['read']}/{tot['looks']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
