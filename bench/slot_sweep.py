#!/usr/bin/env python3
"""Slot sweep: every kind of figure, in many township domains, removed or replaced in every
way real templates and half-filled reports do it (issue 12, blanks recall on real text).

Written blind (before reading rules/blanks.yaml or the blank code), from invented sentences
only (no text from any gold document, none from the web). Each clean sentence marks its
figures ``{number|unit}`` and its names ``<name>``; generators derive slot sentences:

    num_removed        the number removed, the unit left (新修道路公里, 签订率在%以上)   missing_number
    num_unit_removed   number and unit removed where the words ask for one (占总人口的。) missing_number
    ph_XX ph_xx ph_x   the number replaced by XX / xx / X or x.x (decimals)              placeholder
    ph_×× ph_＊ ph___ ph_〇〇  … by ×× / ＊ / __ / 〇〇                                    placeholder
    ph_spaces          … by spaces (总人口   人)                                         missing_number
    unit_removed       only a rate unit removed (签订率在98以上)                           missing_unit
    line_break         number removed and a line break between the words and the unit  missing_number
    ascii_dot          number removed and an ASCII '.' after the unit (辖村.)            missing_number
    pair_second        the second of two adjacent numbers removed (3批人次, 3月日)        missing_number
    pair_both          both adjacent numbers removed: both slots (批人次, 月日)            missing_number
    pair_xx            every number of a run replaced by xx (xx-xx年, 201X/X/XX)       placeholder
    name_removed       a name removed with no token (、村、村, “”, 【】, ,, 中共镇委员会)   missing_text
    name_XX name_×× name_＊  a name replaced by a token                                placeholder
    name_spaced        a name replaced by " XX "                                       placeholder

The slot is where the number (or the name) stood: a blank of any kind within 4 characters
counts it found (as ../shared/gold/score.py matches); its kind is compared with the expected
one apart ("kind ok"). Blanks that no slot expects are "extra". Every clean sentence is also
mined as it is: any blank in it is a false blank (look-alikes: 李家场, 红花套, 身边人, 剂次,
自10月11日起, 百人以上 … are in the clean pool on purpose).

    python bench/slot_sweep.py            # recall per kind, false blanks per domain
    python bench/slot_sweep.py -v         # also list the misses and false blanks
    python bench/slot_sweep.py --kind ph_XX -v --limit 80
    python bench/slot_sweep.py --round 2 -v                # round 2's sentences and tokens
    python bench/slot_sweep.py --rules /tmp/main_rules     # the same sentences on other rules

Measured FIRST RUN (branch slot12, on the rules as they were, before any fix), slots found /
expected, then kind-ok among the found:

    kind              slots  first run        now (after rounds 1 and 2's fixes)
    num_removed         271  241 (0.889)   263 (0.970)   left: 截至年底, 年度全镇共 (ordinary prose too),
                                                         企业家, 解决人饮水, 集中供养人, 平均人口为人每户
    ph_XX / xx / ××     279  279 (1.000)   279 each
    ph_x (X, x.x)       342  342 (1.000)   342
    ph_＊               279  221 (0.792)   279           ＊ before %/‰, in 〔〕, before : or /
    ph___               279  279 (1.000)   279
    ph_〇〇             279  266 (0.953)   279           〇〇年 at a line start or after 截至/于/自
    ph_spaces           279  243 (0.871)   262 (0.939)   left: spaces after a figure, in 108:   , 年度
    line_break          261  239 (0.916)   253 (0.969)
    ascii_dot           221  203 (0.919)   219 (0.991)
    num_unit_removed     58   44 (0.759)    53 (0.914)   left: 增长。 下降了, (ordinary prose too)
    pair_second          18    9 (0.500)    18           户人, 批人次, 年月日 (the month), 2016-年
    pair_both            32   26 (0.812)    31 (0.969)
    pair_xx              55   55 (1.000)    55
    unit_removed         53   51 (0.962)    53
    name_removed         24    7 (0.292)    20 (0.833)   left: 镇2019年度… as a title (the project's
                                                         own gold reads such titles whole), 、三个村
    name_XX / ××         24   24 (1.000)    24 each
    name_＊              24   16 (0.667)    24
    name_spaced          24   18 (0.750)    24
    TOTAL              3384 3145 (0.929)  3339 (0.987)   kind ok 3337 of the found; extra blanks 22 -> 1
    clean sentences     162  1 with a false blank (死亡率为0。 read as a dropped unit) -> 0

    Round 2 (``--round 2``: 98 other sentences in 13 other domains, and five more tokens:
    XXX, N, □□, （  ）, ……), written after round 1's fixes and measured on them before any fix
    of its own:

    kind              slots  first run        now
    num_removed         151  138 (0.914)   146 (0.967)   units 顶/床/具/公斤/万张/万册 added; left: 企业家,
                                                         搬迁户, 积案件, 队伍支 (伍 read as 5: a figure)
    ph_XX…ph_（）        154  154 (1.000) each (XX xx ×× ＊ __ 〇〇 XXX □□ （  ）; x: 194/194)
    ph_N                154    1 (0.006)   151 (0.981)   N before a unit or a date word
    ph_……               154    1 (0.006)     0           left alone: …… mostly ends a list
    ph_spaces           154  138 (0.896)   146 (0.948)
    line_break          144  136 (0.944)   142 (0.986)
    ascii_dot           124  113 (0.911)   118 (0.952)
    num_unit_removed     21   14 (0.667)    20 (0.952)   占。, 额达, 三岁以下儿童系统管理率。
    unit_removed         20   13 (0.650)    19 (0.950)   占25。, 占比提高到38.6 (率由12.6下降到 left:
                                                         no unitless figure is read before 下降到)
    pair_second          15   14 (0.933)    14           126件人次 reads as the unit 件(人)次
    pair_both            30   28 (0.933)    28
    pair_xx              24   24 (1.000)    24
    name_removed         17    2 (0.118)     4 (0.235)   most read whole without the name (由镇人民政府
                                                         牵头, 在村召开); 抄送:、 and 撰稿人:  审核人: found
    name tokens          17   each: XX/××/XXX/○○/□□/___/spaced 17, ＊ 16, 某某 15 (unchanged)
    TOTAL              2741 2352 (0.858)  2542 (0.927)   without N and ……: 2350/2433 (0.966) ->
                                                         2391/2433 (0.983); extra blanks 14 -> 1
    clean sentences      98  1 with a false blank (联系人:⏎张华: round 1's empty-field rule) -> 0

    Before this first run the sweep itself was corrected once (rules untouched): both slots of
    pair_both are counted, a clause-initial 为 (为218户家庭办理…) takes no num_unit_removed, x.x is
    two slots (one per x-run, as the rules and SCHEMA's x.x:xx.x count it), and four names whose
    sentence reads whole without them (由…主持, 根据…安排, 位于…山区, 由…公司承建) are no slots.
    Before round 2's first run a slot takes the first blank in text order within 4 characters, as
    score.py does (it took the nearest: a blank at 年 after spaces was given to the wrong slot).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Clean sentences by domain. {number|unit} marks a figure, <name> a name. Adjacent figures
# (nothing, '-', '/', ':' or '至' between them) form a run for the pair generators.
CLEAN: dict[str, list[str]] = {}
CLEAN["population"] = [
    "全镇辖{12|个}行政村、{86|个}村民小组，总人口{32560|人}，其中农业人口{28900|人}。",
    "截至{2019|年}底，全乡共有{8560|户}{31200|人}，户均人口为{3.6|人}。",
    "全村现有人口{1250|人}，占全镇总人口的{4.2|%}。",
    "全年出生人口{356|人}，出生率为{11.2|‰}，死亡{201|人}，死亡率为{6.3|‰}。",
    "人口自然增长率控制在{4.9|‰}以内，比上年下降{0.6|个千分点}。",
    "流动人口{1860|人}，其中流出{1420|人}，流入{440|人}。",
    "全镇平均人口为{2.8|人}每户，比上年减少{0.2|人}。",
    "出生人口性别比为{108|}:{100|}，较上年有所下降。",
    "常住人口{2.3|万人}，城镇化率达到{46.5|%}。",
    "少数民族人口{3260|人}，占总人口的{10.2|%}。",
    "60岁以上老年人{4530|人}，占全镇人口的{14.6|%}。",
    "辖区面积{126|平方公里}，耕地面积{3.2|万亩}。",
]
CLEAN["family_planning"] = [
    "全镇已婚育龄妇女{5620|人}，落实各种节育措施{5210|人}，综合节育率达{92.7|%}。",
    "计划生育率为{96.3|%}，比上年提高{1.2|个百分点}。",
    "与{12|个}村签订目标管理责任书，签订率在{98|%}以上。",
    "全年办证人数{120|人}，发放独生子女父母光荣证{85|本}。",
    "开展孕情环情检查{4|次}，受检{4860|人次}，受检率{95.2|%}。",
    "落实奖励扶助对象{326|人}，发放奖扶资金{39.1|万元}。",
    "为{218|户}计生家庭办理养老保险，投保金额{6.5|万元}。",
    "免费发放避孕药具{2600|盒}，药具价值{4800|元}。",
    "一孩率{72.4|%}，二孩率{27.1|%}，多孩率{0.5|%}。",
    "晚婚率为{86.3|%}，晚育率为{79.8|%}。",
    "对{36|名}新婚夫妇开展婚育新风教育，领证人{36|人}。",
    "特别扶助对象每人每月{150|元}，全年发放{12.6|万元}。",
    "培训计生专干{3|批}{156|人次}，覆盖率达到{100|%}。",
    "全镇会员人数{2860|人}，占已婚育龄妇女的{50.9|%}。",
    "新婚期随访{120|对}，孕前优生检查{96|对}，检查率{80|%}。",
    "出生政策符合率达到{97.6|%}，比上年上升{0.8|个百分点}。",
    "乙类证人数{45|人}，按时参保率{98.2|%}。",
    "开展优质服务{6|场}，服务群众{1200|余人}。",
]
CLEAN["agriculture"] = [
    "全镇粮食播种面积{4.6|万亩}，总产{2.1|万吨}，比上年增长{3.5|%}。",
    "新建高标准农田{1200|亩}，新修机耕道{8.5|公里}。",
    "发展核桃{3000|亩}、茶叶{1500|亩}，带动农户{860|户}。",
    "生猪出栏{2.6|万头}，存栏{1.8|万头}，家禽出栏{15|万羽}。",
    "新建蓄水池{45|口}、山坪塘{12|口}，整治渠道{6.2|千米}。",
    "培育农民专业合作社{18|家}，家庭农场{26|个}。",
    "农民人均纯收入达到{12860|元}，同比增长{8.2|%}。",
    "完成土地流转{2300|亩}，流转率{15.6|%}。",
    "发放良种补贴{56|万元}，受益农户{4200|户}。",
    "建成蔬菜大棚{120|座}，年产值{800|万元}。",
    "植树造林{650|亩}，森林覆盖率提高到{62.3|%}。",
    "新建沼气池{86|口}，改厕{320|户}。",
]
CLEAN["party"] = [
    "全镇共有基层党组织{38|个}，党员{1260|名}。",
    "全年发展党员{24|名}，转正预备党员{19|名}。",
    "举办党员培训班{5|期}，培训党员{860|人次}。",
    "开展主题党日活动{46|场}，参与党员{1100|余人次}。",
    "慰问困难党员{56|名}，发放慰问金{2.8|万元}。",
    "查处违纪案件{3|件}，给予党纪处分{4|人}。",
    "中共青山镇委员会\n{2019|年}{12|月}{30|日}",
    "按照县委组织部〔{2019|}〕{56|号}文件要求，",
    "根据县委办发〔{2020|}〕{12|号}文件精神，结合我镇实际，",
    "村级组织活动场所{12|个}，面积均在{200|平方米}以上。",
]
CLEAN["civil"] = [
    "全镇纳入农村低保{1320|户}{2860|人}，月人均补助{280|元}。",
    "五保供养对象{186|人}，集中供养{56|人}，集中供养率{30.1|%}。",
    "发放临时救助金{18.6|万元}，救助困难群众{420|人次}。",
    "新建农村幸福院{3|所}，床位{60|张}。",
    "发放高龄津贴{1260|人}，每人每月{50|元}。",
    "调解民事纠纷{126|起}，调解成功率{98.4|%}。",
    "为{1560|名}残疾人办理残疾证，发放补贴{46|万元}。",
    "办理结婚登记{236|对}，离婚登记{48|对}。",
    "优抚对象{312|人}，发放优抚金{156|万元}。",
]
CLEAN["finance"] = [
    "全年完成财政收入{3260|万元}，同比增长{12.5|%}。",
    "累计投入资金{1860|万元}，其中争取上级资金{1200|万元}。",
    "镇本级财政支出{2450|万元}，比上年增加{320|万元}。",
    "计生经费人均{8.5|元}，全年投入{28|万元}。",
    "村级集体经济收入超过{5|万元}的村达到{8|个}。",
    "固定资产投资完成{2.6|亿元}，增长{15|%}。",
    "社会抚养费征收{36|万元}，到位率{85|%}。",
    "农村居民人均可支配收入{14260|元}，比上年增加{1120|元}。",
    "全镇银行存款余额{5.6|亿元}。",
]
CLEAN["infrastructure"] = [
    "新修通村公路{26|公里}，硬化道路{18.5|千米}，建桥梁{3|座}。",
    "改造危房{156|户}，新建安置房{48|套}。",
    "安装路灯{320|盏}，新建垃圾池{45|个}。",
    "新建饮水工程{6|处}，解决{3200|人}饮水安全问题。",
    "架设输电线路{12|千米}，新建变压器{8|台}。",
    "修建河堤{2800|米}，清淤河道{15|公里}。",
    "建成文化广场{5|个}，面积{3600|平方米}。",
    "完成农网改造{12|个}村，受益群众{1.2|万人}。",
    "新打机井{24|眼}，新建提灌站{3|座}。",
    "距县城{35|公里}，距市区{86|千米}。",
]
CLEAN["health"] = [
    "新农合参合率达到{99.2|%}，参合人数{3.1|万人}。",
    "孕产妇住院分娩率{100|%}，孕产妇死亡率为{0|}。",
    "婴儿死亡率控制在{5.2|‰}以内。",
    "为{2860|名}老人免费体检，建立健康档案{3.2|万份}。",
    "接种疫苗{3600|剂次}，接种率{98.6|%}。",
    "全镇有卫生院{1|所}、村卫生室{12|个}，乡村医生{28|名}。",
    "发放健康教育材料{5000|份}，举办讲座{12|场}。",
    "开展孕前优生健康检查{320|对}，目标人群覆盖率{85.3|%}。",
    "出生缺陷发生率下降到{8.6|‰}。",
]
CLEAN["education"] = [
    "全镇有中小学{8|所}，在校学生{3260|名}，教师{215|名}。",
    "适龄儿童入学率{100|%}，巩固率{99.5|%}。",
    "资助贫困学生{236|名}，发放助学金{18|万元}。",
    "新建校舍{2400|平方米}，投入{360|万元}。",
    "幼儿园在园幼儿{860|人}，学前三年毛入园率{92|%}。",
    "中考升学率达到{86.5|%}，比上年提高{3.2|个百分点}。",
]
CLEAN["security"] = [
    "全年发生刑事案件{12|起}，同比下降{20|%}。",
    "排查矛盾纠纷{86|起}，化解{84|起}，化解率{97.7|%}。",
    "开展安全检查{36|次}，排查隐患{128|处}，整改{125|处}。",
    "群众安全感满意度达到{96.5|%}。",
    "信访总量下降了{10|%}，集体访下降{8|%}。",
    "共查处案件{12|件(人)次}，收缴非法药具{30|盒}。",
    "组建义务巡逻队{12|支}，队员{156|人}。",
    "发生安全生产事故{0|起}，死亡{0|人}。",
]
CLEAN["environment"] = [
    "全镇垃圾收集率达到{95|%}，无害化处理率{80|%}。",
    "关停污染企业{3|家}，整治养殖场{26|个}。",
    "空气质量优良天数{320|天}，优良率{87.7|%}。",
    "清理河道垃圾{560|吨}，出动人员{1200|人次}。",
    "完成退耕还林{1500|亩}，补植补造{300|亩}。",
    "新建污水处理站{2|座}，日处理能力{500|吨}。",
    "农村卫生厕所普及率{78.6|%}，新建户厕{1200|座}。",
]
CLEAN["dates"] = [
    "{2019|年}{3|月}{5|日}，镇党委召开专题会议。",
    "{2019|年}青山镇计划生育工作总结\n一、基本情况\n",
    "青山镇人民政府\n{2020|年}{1|月}{10|日}\n",
    "于{2018|年}{6|月}成立计生协会，现有会员{1560|名}。",
    "{2016|}-{2020|年}，全镇累计投入{3000|万元}。",
    "填报日期：{2019|}/{12|}/{31|}\n",
    "从{9|月}{1|日}起至{11|月}{30|日}，开展集中服务活动。",
    "{2020|年}上半年，全镇出生{156|人}。",
    "截至{2019|年}{12|月}{31|日}，全镇共有独生子女户{1260|户}。",
    "{2019|年}度全镇共完成各项任务{26|项}。",
    "今年{1|}至{10|月}，共接待来访群众{260|人次}。",
    "自{2015|年}以来，累计发放奖励金{120|万元}。",
]
# look-alikes with measure-word characters inside words, and dates that are complete
CLEAN["look_alike"] = [
    "李家场村、红花套镇的做法值得推广。",
    "讲好身边人身边事，所辖区域内无重大事故。",
    "对新婚期夫妇开展随访服务。",
    "自10月11日起，全镇开展集中整治行动。",
    "百人以上的企业均建立了计生组织。",
    "年轻人外出务工较多，个别村留守老人多。",
    "个人档案管理规范，逐户建立了台账。",
    "千方百计增加农民收入，万众一心抓落实。",
    "月亮湾村、日新村的党建工作受到表彰。",
    "人口与计划生育工作是一项长期任务。",
    "全镇上下形成了人人关心计生的良好氛围。",
    "各村(社区)要按时上报统计报表。",
    "对照年度目标，逐项抓好落实。",
    "今年以来，在镇党委、政府的正确领导下，",
    "组织人员深入各村开展宣传，做到家喻户晓。",
    "支农干部入户走访，了解群众诉求。",
    "认真落实“三为主”方针，提高服务水平。",
    "全面完成了县委、县政府下达的各项目标任务。",
    "切实做好“两非”案件查处工作。",
    "坚持每季度召开一次计生例会。",
]
# names: <name> marks a name a template removes or replaces
CLEAN["names"] = [
    "全镇辖<青山>村、<李家湾>村、<红旗>村等{12|个}行政村。",
    "中共<青山>镇委员会\n{2019|年}{12|月}{30|日}",
    "在“<平安青山>”创建活动中，全镇各村积极参与。",
    "【<青山>镇】开展世界人口日宣传活动",
    "联系人：<张华>，联系电话：（略）",
    "结对帮扶<石桥>、<红岩>、<双河>三个村，",
    "我镇辖<青山>村，<石桥>村，<红岩>村等村。",
    "报送单位：<青山>镇人民政府\n",
    "继续担任<青山>镇镇长职务，分管计生工作。",
    "会议由镇党委副书记刘强主持，各村支书参加。",
    "“<幸福家庭>”创建活动覆盖全镇各村。",
    "根据县卫健局安排，开展了专项检查。",
    "青山镇位于武陵山区腹地，距县城{35|公里}。",
    "特此报告。\n\n起草人：<李红>",
    "主送：<县计生局>",
    "在<县委>、<县政府>的正确领导下，",
    "<青山>镇{2019|年}度工作目标完成情况",
    "我镇与<石桥>镇、<双河>乡接壤。",
    "该项目由宏达公司承建，已完工。",
    "中共<青山>县委：\n现将我镇工作报告如下。",
]

# Round 2: written after round 1's fixes and measured on them before any fix of its own (the
# fairer estimate for unseen text): other domains, other phrasing, other tokens.
CLEAN2: dict[str, list[str]] = {}
CLEAN2["economy"] = [
    "全镇实现地区生产总值{8.6|亿元}，同比增长{7.2|%}。",
    "规模以上工业企业{14|家}，完成工业产值{12.3|亿元}。",
    "招商引资到位资金{2.1|亿元}，引进项目{9|个}。",
    "新增市场主体{356|户}，其中个体工商户{298|户}。",
    "全年接待游客{18.5|万人次}，实现旅游收入{9200|万元}。",
    "第三产业占比提高到{38.6|%}，比上年提高{2.1|个百分点}。",
    "农产品加工企业发展到{23|家}，带动就业{1600|余人}。",
    "电商交易额达{3600|万元}，快递网点覆盖{15|个}村。",
]
CLEAN2["poverty"] = [
    "全镇建档立卡贫困户{612|户}{2035|人}，已全部脱贫。",
    "落实产业扶持资金{286|万元}，惠及贫困户{430|户}。",
    "开发公益性岗位{96|个}，安置贫困劳动力{96|人}。",
    "易地扶贫搬迁{128|户}{452|人}，搬迁入住率{100|%}。",
    "监测户{37|户}，边缘户{52|户}，均落实帮扶措施。",
    "发放小额信贷{680|万元}，户均{5|万元}。",
    "贫困发生率由{12.6|%}下降到{0|}。",
    "结对帮扶干部{215|名}，走访{3600|余户次}。",
]
CLEAN2["elections"] = [
    "全镇{16|个}村完成换届选举，参选率达{95.8|%}。",
    "选举产生村委会成员{68|名}，其中女性{17|名}，占{25|%}。",
    "新当选村党组织书记平均年龄{42.5|岁}，大专以上学历{9|人}。",
    "“一肩挑”比例达到{87.5|%}。",
    "选民登记{2.4|万人}，发放选民证{2.4|万张}。",
]
CLEAN2["women_children"] = [
    "开展“两癌”免费筛查{1860|人}，筛查率{92|%}。",
    "留守儿童{426|名}，落实监护责任{426|名}。",
    "孕产妇系统管理率{96.4|%}，三岁以下儿童系统管理率{94.2|%}。",
    "举办妇女技能培训{8|期}，培训{520|人次}，转移就业{230|人}。",
    "儿童之家建成{12|个}，覆盖率{75|%}。",
]
CLEAN2["emergency"] = [
    "全年发生森林火灾{0|起}，火情{2|起}，均及时扑灭。",
    "组织应急演练{6|次}，参演人员{380|人}。",
    "转移避险群众{1260|人}，受灾农作物{3200|亩}。",
    "储备救灾帐篷{50|顶}、棉被{300|床}。",
    "排查地质灾害隐患点{18|处}，落实监测员{18|名}。",
    "安装应急广播{86|套}，配备灭火器{420|具}。",
]
CLEAN2["statistics"] = [
    "全镇户籍人口{4.1|万人}，常住人口{3.6|万人}，人户分离{5200|人}。",
    "男性{2.1|万人}，女性{2.0|万人}，性别比为{105.3|}。",
    "0-14岁人口占{16.8|%}，65岁及以上人口占{13.2|%}。",
    "城镇人口{1.3|万人}，占{36.1|%}。",
    "平均每户{3.2|人}，比上年减少{0.1|人}。",
    "劳动力{2.3|万人}，外出务工{1.1|万人}，占劳动力的{47.8|%}。",
]
CLEAN2["veterans"] = [
    "全镇退役军人{860|名}，建立退役军人服务站{1|个}、服务室{16|个}。",
    "悬挂光荣牌{720|块}，发放优待金{64|万元}。",
    "帮助{35|名}退役军人实现就业。",
]
CLEAN2["petitions"] = [
    "受理群众来信来访{126|件}{210|人次}，办结率{98.4|%}。",
    "化解信访积案{8|件}，集体访同比下降{30|%}。",
    "网格员{64|名}，收集民情信息{2300|条}，办结{2270|条}。",
]
CLEAN2["culture"] = [
    "建成村级综合文化服务中心{16|个}，农家书屋{16|个}，藏书{3.2|万册}。",
    "送戏下乡{24|场}，放映公益电影{192|场}，观众{1.5|万人次}。",
    "组建文艺队伍{21|支}，队员{460|人}。",
    "修缮文物保护单位{3|处}，投入资金{85|万元}。",
]
CLEAN2["housing_roads"] = [
    "实施农村危房改造{86|户}，每户补助{2.5|万元}。",
    "新建村组道路{32.6|公里}，路面宽{4.5|米}。",
    "新建桥涵{12|座}，安装波形护栏{6800|米}。",
    "完成农村改厕{1560|户}，改厕率达{82|%}。",
    "新增自来水用户{960|户}，自来水普及率{91.5|%}。",
    "整治村庄{9|个}，拆除违章建筑{3600|平方米}。",
]
CLEAN2["agri2"] = [
    "粮食总产量{1.86|万吨}，单产{412|公斤}。",
    "新增耕地{260|亩}，复垦{120|亩}。",
    "柑橘种植面积{1.2|万亩}，产量{1.5|万吨}，产值{6000|万元}。",
    "培育新型职业农民{150|人}，认定家庭农场{12|家}。",
    "发放耕地地力保护补贴{326|万元}，惠及{7800|户}。",
    "生猪存栏{1.2|万头}，能繁母猪{1300|头}。",
]
CLEAN2["dates2"] = [
    "本报告截至{2021|年}{6|月}{30|日}。",
    "{2021|年}{3|月}，镇政府印发实施方案。",
    "我镇于{2017|年}被评为省级卫生镇，{2019|年}被评为全国文明村镇。",
    "{2018|}—{2022|年}，全镇累计脱贫{2035|人}。",
    "制表日期：{2022|年}{1|月}{8|日}\n",
    "{2020|年}度青山镇人口和计划生育目标责任书\n",
    "青山镇人民政府办公室    {2021|年}{12|月}{20|日}印发",
    "{5|月}{10|日}至{5|月}{20|日}，开展集中宣传服务月活动。",
]
CLEAN2["look_alike2"] = [
    "成绩亮眼，着眼长远，放眼全镇。",
    "眼下正值春耕，各村抢抓农时。",
    "在全镇范围内开展排查，对方案进行修改。",
    "乡、村、组三级联动，镇村两级干部全部到岗。",
    "各村（社区）、各站所要高度重视。",
    "联系人：\n张华\n",
    "人口流动频繁，人员构成复杂。",
    "户外活动丰富，名额分配合理。",
    "本月以来，全镇未发生安全事故。",
    "项目建设有序推进，场地平整已完成。",
    "坚持以人为本，为民办实事。",
    "处理好各种关系，起到了示范作用。",
    "全年共接待，耐心解答群众疑问。",
    "人均寿命不断提高。",
    "对照标准逐条整改，做到条条有着落。",
    "积极参与、主动作为。",
    "在全镇上下的共同努力下，各项工作稳步推进。",
    "存在、不足和问题依然突出。",
    "年轻人返乡创业的越来越多。",
    "年内完成全部改造任务。",
]
CLEAN2["names2"] = [
    "<青山>镇<李家湾>村党支部书记<王建国>同志带头捐款。",
    "由<青山>镇人民政府牵头，<县农业农村局>配合。",
    "抄送：<县委办>、<县政府办>\n",
    "“<青山>杯”农民篮球赛圆满结束。",
    "全镇涌现出<李家湾>、<石桥>等一批示范村。",
    "在<李家湾>村召开现场推进会。",
    "<青山>乡计划生育协会\n{2020|年}{12|月}{28|日}",
    "《<青山>镇乡村振兴规划》已编制完成。",
    "<青山>镇党委书记<张华>出席会议并讲话。",
    "撰稿人：<刘明>  审核人：<陈亮>",
]

RATE_UNITS = ("%", "‰", "个百分点", "个千分点")
NUM_TOKENS = [("ph_XX", "XX"), ("ph_xx", "xx"), ("ph_x", None), ("ph_××", "××"), ("ph_＊", "＊"),
              ("ph___", "__"), ("ph_〇〇", "〇〇")]
NAME_TOKENS = [("name_XX", "XX"), ("name_××", "××"), ("name_＊", "＊")]
# round 2 also tries other tokens templates use
NUM_TOKENS2 = NUM_TOKENS + [("ph_XXX", "XXX"), ("ph_N", "N"), ("ph_□□", "□□"), ("ph_（）", "（  ）"),
                            ("ph_……", "……")]
NAME_TOKENS2 = NAME_TOKENS + [("name_XXX", "XXX"), ("name_某某", "某某"), ("name_○○", "○○"),
                              ("name_□□", "□□"), ("name___", "___")]
JOIN_RE = re.compile(r"^(|-|/|:|至)$")

_TOK = re.compile(r"\{([^|{}]*)\|([^{}]*)\}|<([^<>|]*)(?:\|[^<>]*)?>")


def parse(marked: str):
    """Split a marked sentence into pieces: ("t", text) | ("f", number, unit) | ("n", name)."""
    pieces, i = [], 0
    for m in _TOK.finditer(marked):
        if m.start() > i:
            pieces.append(("t", marked[i:m.start()]))
        if m.group(3) is not None:
            pieces.append(("n", m.group(3)))
        else:
            pieces.append(("f", m.group(1), m.group(2)))
        i = m.end()
    if i < len(marked):
        pieces.append(("t", marked[i:]))
    return pieces


def render(pieces, edits):
    """Text and slot positions. ``edits``: index -> (replacement for the whole piece, slot offset
    inside the replacement or None, expected kind)."""
    out, slots = [], []
    pos = 0
    for k, p in enumerate(pieces):
        if k in edits:
            s, off, kind = edits[k]
            if off is not None:
                slots.append((pos + off, kind))
        elif p[0] == "t":
            s = p[1]
        elif p[0] == "f":
            s = p[1] + p[2]
        else:
            s = p[1]
        out.append(s)
        pos += len(s)
    return "".join(out), slots


def _left(pieces, k):
    """The text before piece k (rendered clean)."""
    return render(pieces[:k], {})[0]


def _right(pieces, k):
    return render(pieces[k + 1:], {})[0]


def _runs(pieces):
    """Runs of adjacent figures: lists of piece indices joined by nothing or a short joiner."""
    runs, cur = [], []
    for k, p in enumerate(pieces):
        if p[0] == "f":
            if cur and (k == cur[-1] + 1 or (k == cur[-1] + 2 and pieces[k - 1][0] == "t"
                                                 and JOIN_RE.match(pieces[k - 1][1]))):
                cur.append(k)
            else:
                if len(cur) > 1:
                    runs.append(cur)
                cur = [k]
    if len(cur) > 1:
        runs.append(cur)
    return runs


def variants(marked: str, num_tokens=NUM_TOKENS, name_tokens=NAME_TOKENS):
    """Yield (kind, text, [(slot position, expected blank kind)]) for one clean sentence."""
    pieces = parse(marked)
    for k, p in enumerate(pieces):
        if p[0] == "f":
            num, unit = p[1], p[2]
            left, right = _left(pieces, k), _right(pieces, k)
            if unit or "〔" in left[-1:]:
                yield "num_removed", *render(pieces, {k: (unit, 0, "missing_number")})
            # a clause-initial 为 is the preposition (为218户家庭办理…): the text reads whole without it
            if unit and (unit in RATE_UNITS or re.search(r"(?<=[\u4e00-\u9fff])(为|达到|达|的|在)$", left)):
                yield "num_unit_removed", *render(pieces, {k: ("", 0, "missing_number")})
            for kind, tok in num_tokens:
                if tok is None and "." in num:
                    # x.x: one blank per x-run, as SCHEMA counts the tokens of x.x:xx.x
                    tok = re.sub(r"\d+", "x", num)
                    text, slots = render(pieces, {k: (tok + unit, 0, "placeholder")})
                    yield kind, text, slots + [(slots[0][0] + tok.index(".") + 1, "placeholder")]
                    continue
                tok = tok or "X"
                yield kind, *render(pieces, {k: (tok + unit, 0, "placeholder")})
            yield "ph_spaces", *render(pieces, {k: ("   " + unit, 0, "missing_number")})
            if unit in RATE_UNITS:
                yield "unit_removed", *render(pieces, {k: (num, len(num), "missing_unit")})
            if unit and re.search(r"[\u4e00-\u9fff]$", left):
                yield "line_break", *render(pieces, {k: ("\n" + unit, 0, "missing_number")})
            m = re.match(r"[，。,；;]", right)
            if unit and m and k + 1 < len(pieces) and pieces[k + 1][0] == "t":
                nxt = pieces[k + 1][1]
                sub = pieces[:k + 1] + [("t", "." + nxt[1:])] + pieces[k + 2:]
                yield "ascii_dot", *render(sub, {k: (unit, 0, "missing_number")})
        elif p[0] == "n":
            name = p[1]
            yield "name_removed", *render(pieces, {k: ("", 0, "missing_text")})
            for kind, tok in name_tokens:
                yield kind, *render(pieces, {k: (tok, 0, "placeholder")})
            yield "name_spaced", *render(pieces, {k: (" XX ", 1, "placeholder")})
    for run in _runs(pieces):
        for a, b in zip(run, run[1:]):
            ub = pieces[b][2]
            if ub:
                yield "pair_second", *render(pieces, {b: (ub, 0, "missing_number")})
                ua = pieces[a][2]
                if ua:
                    text, slots = render(pieces, {a: (ua, 0, "missing_number"), b: (ub, 0, "missing_number")})
                    yield "pair_both", text, slots
        edits = {}
        for j, k in enumerate(run):
            num, unit = pieces[k][1], pieces[k][2]
            if j == 0 and len(num) == 4 and num.startswith("20"):
                edits[k] = ("20xx" + unit, 2, "placeholder")     # 20xx年 / 201X style
            else:
                edits[k] = ("xx" + unit, 0, "placeholder")
        text, slots = render(pieces, edits)
        yield "pair_xx", text, slots
        if len(pieces[run[0]][1]) == 4 and pieces[run[0]][1].startswith("201"):
            edits = {k: ("X" * (1 if j == 1 else 2) + pieces[k][2], 0, "placeholder") for j, k in enumerate(run)}
            edits[run[0]] = ("201X" + pieces[run[0]][2], 3, "placeholder")
            yield "pair_xx", *render(pieces, edits)


def domain_of(rnd: str = "1"):
    for dom, sents in (CLEAN2 if rnd == "2" else CLEAN).items():
        for s in sents:
            yield dom, s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", action="store_true", help="print missed slots and false blanks")
    ap.add_argument("--kind", help="only this generator kind (e.g. ph_XX, name_removed)")
    ap.add_argument("--limit", type=int, default=40, help="rows printed per kind with -v")
    ap.add_argument("--rules", help="a rules folder to mine with instead of the shipped rules")
    ap.add_argument("--round", choices=("1", "2"), default="1",
                    help="round 1 (the first sentences) or round 2 (written after round 1's fixes)")
    a = ap.parse_args()

    import report_miner
    from report_miner.ruleset.load import RuleSet

    rules = RuleSet.load(a.rules) if a.rules else RuleSet.load()

    def blanks(text):
        res = report_miner.mine_text(text, rules=rules)
        return [(int(r["start"]), r["kind"], r.get("rule", "")) for r in res.blanks.to_dict("records")]

    st = defaultdict(lambda: {"slots": 0, "found": 0, "kind_ok": 0, "extra": 0, "rows": []})
    fal = defaultdict(lambda: {"n": 0, "bad": 0, "rows": []})
    toks = (NUM_TOKENS2, NAME_TOKENS2) if a.round == "2" else (NUM_TOKENS, NAME_TOKENS)
    for dom, marked in domain_of(a.round):
        clean = render(parse(marked), {})[0]
        if not a.kind:
            got = blanks(clean)
            fal[dom]["n"] += 1
            if got:
                fal[dom]["bad"] += 1
                fal[dom]["rows"].append((clean, [(clean[max(0, s - 4):s] + "⟨" + clean[s:s + 4] + "⟩", k, r)
                                                 for s, k, r in got]))
        for kind, text, slots in variants(marked, *toks):
            if a.kind and kind != a.kind:
                continue
            got = blanks(text)
            s = st[kind]
            used = set()
            for pos, want in slots:
                s["slots"] += 1
                # as score.py: the first blank (in text order) not yet used within 4 characters
                near = [j for j, b in enumerate(got) if j not in used and abs(b[0] - pos) <= 4]
                if near:
                    j = near[0]
                    used.add(j)
                    s["found"] += 1
                    if got[j][1] == want:
                        s["kind_ok"] += 1
                    else:
                        s["rows"].append(("kind", text[max(0, pos - 8):pos] + "⟨⟩" + text[pos:pos + 6],
                                          got[j][1], "want " + want))
                else:
                    s["rows"].append(("miss", text[max(0, pos - 10):pos] + "⟨⟩" + text[pos:pos + 8]))
            for j, b in enumerate(got):
                if j not in used:
                    s["extra"] += 1
                    s["rows"].append(("extra", text[max(0, b[0] - 6):b[0]] + "⟨⟩" + text[b[0]:b[0] + 6], b[1], b[2]))
    tot = defaultdict(int)
    print(f"{'kind':18s} {'slots':>6s} {'found':>6s} {'recall':>7s} {'kind ok':>8s} {'extra':>6s}")
    for kind, s in st.items():
        r = s["found"] / s["slots"] if s["slots"] else 0.0
        print(f"{kind:18s} {s['slots']:6d} {s['found']:6d} {r:7.3f} {s['kind_ok']:8d} {s['extra']:6d}")
        for key in ("slots", "found", "kind_ok", "extra"):
            tot[key] += s[key]
        if a.v:
            for row in [r for r in s["rows"] if r[0] == "miss"][:a.limit]:
                print("     ", *row)
            for row in [r for r in s["rows"] if r[0] != "miss"][:a.limit // 2]:
                print("     ", *row)
    if tot["slots"]:
        print(f"{'TOTAL':18s} {tot['slots']:6d} {tot['found']:6d} {tot['found'] / tot['slots']:7.3f}"
              f" {tot['kind_ok']:8d} {tot['extra']:6d}")
    if fal:
        print(f"\n{'clean sentences':18s} {'n':>6s} {'with a false blank':>19s}")
        for dom, f in fal.items():
            print(f"{dom:18s} {f['n']:6d} {f['bad']:19d}")
            tot["n"] += f["n"]
            tot["bad"] += f["bad"]
            if a.v:
                for row in f["rows"][:a.limit]:
                    print("     ", *row)
        print(f"{'TOTAL':18s} {tot['n']:6d} {tot['bad']:19d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
