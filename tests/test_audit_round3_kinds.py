"""The kinds the third blind audit round (bench/audit_recall.py --round 3) found missed or
falsely reported, each with invented sentences of its own (audit14): per-head amounts and
changes are no parts after 其中; parts after a growth rate or after a group counted in two
units (N户M人); a change in the figures' own unit; a total naming no count after 户籍/常住;
a plan recalling last year's result; the year a report names after 现将我镇…; a total clause
that says how many parts it adds (三项合计); 多/余 after two decimals; 统计分析 reports."""
import report_miner


def _checks(text: str, title: str = "柳坪乡2025年工作总结", check: str | None = None):
    res = report_miner.mine_text(f"{title}\n{text}\n")
    f = res.findings
    return f[f.check == check] if check else f


# ---------------------------------------------------------------- 其中 parts

def test_per_head_amount_after_a_split_is_no_part():
    ok = "全乡总户数6200户,总人口20150人,其中男性10300人、女性9850人,户均人口3.25人。"
    assert _checks(ok, check="breakdown_exceeds_total").empty
    bad = "全乡总户数6200户,总人口20150人,其中男性10300人、女性10850人,户均人口3.25人。"
    f = _checks(bad, check="breakdown_exceeds_total")
    assert len(f) == 1 and "21150" in f.iloc[0].message_zh


def test_a_change_after_a_part_is_no_part():
    # 比上年减少6人 is the part's change, not a second part
    text = "全年出生人口300人,其中二孩296人,比上年减少6人。"
    assert _checks(text, check="breakdown_exceeds_total").empty


def test_parts_after_a_growth_rate_are_the_levels():
    bad = "全年实现农业总产值5.6亿元,同比增长6.2%,其中种植业3.1亿元、养殖业3.4亿元。"
    f = _checks(bad, check="breakdown_exceeds_total")
    assert len(f) == 1 and "5.6亿元" in f.iloc[0].message_zh
    assert _checks("全年实现农业总产值5.6亿元,同比增长6.2%,其中种植业3.1亿元、养殖业2.5亿元。",
                   check="breakdown_exceeds_total").empty


def test_rounded_parts_may_add_up_to_a_little_more():
    # 1.18 + 1.18 = 2.36 against 2.35: each written to 0.01亿
    assert _checks("全镇完成财政收入2.35亿元,其中税收收入1.18亿元、非税收入1.18亿元。",
                   check="breakdown_exceeds_total").empty
    # exact counts may not
    assert len(_checks("全村共有党员61人,其中男党员40人、女党员22人。",
                       check="breakdown_exceeds_total")) == 1


def test_parts_in_the_unit_of_a_group_counted_twice():
    bad = "全村现有脱贫户126户408人,其中一般脱贫户70户、低保脱贫户51户、特困脱贫户17户。"
    f = _checks(bad, check="breakdown_exceeds_total")
    assert len(f) == 1 and "126户" in f.iloc[0].message_zh
    assert _checks("全村现有脱贫户126户408人,其中一般脱贫户70户、低保脱贫户41户、特困脱贫户15户。",
                   check="breakdown_exceeds_total").empty


# ---------------------------------------------------------------- changes

def test_a_change_in_the_figures_own_unit():
    f = _checks("全年出生人口260人,比上年的301人减少52人。", check="change_contradicts_figures")
    assert len(f) == 1 and "-41人" in f.iloc[0].message_zh
    assert _checks("全年出生人口260人,比上年的301人减少41人。", check="change_contradicts_figures").empty
    f = _checks("特困供养对象由上年的530户减少到468户,减少72户。", check="change_contradicts_figures")
    assert len(f) == 1 and "-62户" in f.iloc[0].message_zh
    assert _checks("特困供养对象由上年的530户减少到468户,减少62户。", check="change_contradicts_figures").empty


def test_absolute_changes_written_rounded_or_of_another_level():
    # 2.4万吨 - 2.1万吨 = 0.3万吨
    assert _checks("粮食总产量由上年的2.1万吨增加到2.4万吨,增加0.3万吨。",
                   check="change_contradicts_figures").empty
    assert len(_checks("粮食总产量由上年的2.1万吨增加到2.4万吨,增加0.5万吨。",
                       check="change_contradicts_figures")) == 1
    # a change of another level after a semicolon: its own sentence has one level only
    assert _checks("全年出生260人,上年为301人;死亡190人,比上年减少12人。",
                   check="change_contradicts_figures").empty
    # a change with one level only is not checked
    assert _checks("全年死亡190人,比上年减少12人。", check="change_contradicts_figures").empty
    # after a percentage in the same sentence, the change in units is still the two levels'
    f = _checks("上年出生301人,今年出生260人,同比下降13.6%,减少31人。", check="change_contradicts_figures")
    assert len(f) == 1 and "-41人" in f.iloc[0].message_zh
    assert _checks("上年出生301人,今年出生260人,同比下降13.6%,减少41人。",
                   check="change_contradicts_figures").empty
    # a change of something else than the two levels: not checked
    assert _checks("全年出生260人,上年为301人,外出务工人员比上年增加120人。",
                   check="change_contradicts_figures").empty
    f = _checks("全年出生260人,上年为301人,出生人口比上年减少31人。", check="change_contradicts_figures")
    assert len(f) == 1 and "-41人" in f.iloc[0].message_zh
    # two levels of one unit with no last year among them: not checked
    assert _checks("全年出生300人,死亡180人,比上年减少12人。", check="change_contradicts_figures").empty


# ---------------------------------------------------------------- a total stated twice

def test_a_total_naming_no_count_after_registered_and_resident_counts():
    head = "一、基本情况\n全乡户籍人口21560人,常住人口18230人。\n二、主要工作\n"
    for same in ("全乡总人口21560人,均已纳入健康档案管理。", "全乡总人口18230人,均已纳入健康档案管理。"):
        assert _checks(head + same, check="figure_restated").empty, same
    f = _checks(head + "全乡总人口23100人,均已纳入健康档案管理。", check="figure_restated")
    assert len(f) == 1 and "23100人" in f.iloc[0].message_zh
    # a count of its own sort is held against that one only
    assert _checks(head + "全乡常住人口18230人。", check="figure_restated").empty


# ---------------------------------------------------------------- years

def test_a_plan_recalling_last_years_result():
    plan = "柳坪乡2025年卫生健康工作计划"
    assert _checks("为做好今年工作,制定本计划。\n2024年,全乡完成改厕310户,农户满意率达到96%。",
                   title=plan, check="year_differs_from_title").empty
    # without a figure the line still tells another year's narrative
    assert len(_checks("2023年,全乡各项工作稳步推进,为今年打下了基础。",
                       title=plan, check="year_differs_from_title")) == 1


def test_the_year_a_plan_says_it_is_for():
    plan = "柳坪乡2025年卫生健康工作计划"
    f = _checks("为扎实做好2023年卫生健康各项工作,结合我乡实际,制定本计划。",
                title=plan, check="year_differs_from_title")
    assert len(f) == 1 and "2023" in f.iloc[0].message_zh
    assert _checks("为扎实做好2025年卫生健康各项工作,结合我乡实际,制定本计划。",
                   title=plan, check="year_differs_from_title").empty
    # a summary's plan for next year is no earlier year
    assert _checks("为做好2026年各项工作,特制定如下计划。", check="year_differs_from_title").empty


def test_own_year_after_the_units_name():
    f = _checks("现将我乡2023年民政工作开展情况汇报如下:", check="year_differs_from_title")
    assert len(f) == 1 and "2023" in f.iloc[0].message_zh
    assert _checks("现将我乡2025年民政工作开展情况汇报如下:", check="year_differs_from_title").empty


def test_a_statistical_analysis_is_a_results_report():
    title = "柳坪乡2024年人口统计分析"
    res = report_miner.mine_text(f"{title}\n全乡总人口18020人。\n")
    assert res.reports.loc[0, "kind"] == "统计分析"
    # signed before its year
    f = _checks("全乡总人口18020人。\n柳坪乡统计站\n二〇二三年一月十日", title=title,
                check="year_differs_from_title")
    assert len(f) == 1
    assert _checks("全乡总人口18020人。\n柳坪乡统计站\n二〇二五年一月十日", title=title,
                   check="year_differs_from_title").empty
    # its total restated
    f = _checks("一、人口\n全乡总人口18020人。\n二、经济\n按全乡总人口19300人计算,人均产值约3万元。",
                title=title, check="figure_restated")
    assert len(f) == 1


# ---------------------------------------------------------------- totals and approximations

def test_a_total_that_says_how_many_parts_it_adds():
    bad = "道路硬化投入36万元,路灯安装12万元,绿化美化5万元,三项合计60万元。"
    f = _checks(bad, check="total_not_sum")
    assert len(f) == 1 and "53万元" in f.iloc[0].message_zh
    assert _checks("道路硬化投入36万元,路灯安装12万元,绿化美化5万元,三项合计53万元。",
                   check="total_not_sum").empty
    assert len(_checks("道路硬化投入36万元,路灯安装12万元,以上合计50万元。", check="total_not_sum")) == 1


def test_approximation_after_two_decimals():
    assert len(_checks("全年发放临时救助金31.46余万元。", check="approx_on_precise_number")) == 1
    assert _checks("全年发放临时救助金31余万元。", check="approx_on_precise_number").empty
    assert _checks("全镇共有常住人口2.5万余人。", check="approx_on_precise_number").empty
    # two decimals of 万 and then 余: 23500 and more, a round figure
    assert _checks("全镇粮食播种面积2.35万余亩。", check="approx_on_precise_number").empty


# ---------------------------------------------------------------- rates per thousand

def test_birth_rate_per_thousand_of_the_population_stated_before():
    head = "一、人口\n全乡总人口24000人。\n二、出生\n"
    f = _checks(head + "全年出生人口300人,出生率15.20‰。", check="rate_contradicts_counts")
    assert len(f) == 1 and "12.50‰" in f.iloc[0].message_zh and "24000人" in f.iloc[0].message_zh
    # 12.6‰ is within a tenth of 12.5‰ (the rate's base is the year's average population)
    assert _checks(head + "全年出生人口300人,出生率12.6‰。", check="rate_contradicts_counts").empty
    # of the resident population, the second stated: 300/20000 = 15‰
    two = "一、人口\n全乡户籍人口24000人,常住人口20000人。\n二、出生\n"
    assert _checks(two + "全年出生人口300人,出生率15.0‰。", check="rate_contradicts_counts").empty
    assert len(_checks(two + "全年出生人口300人,出生率19.0‰。", check="rate_contradicts_counts")) == 1
    f = _checks(head + "全年死亡人口180人,死亡率9.80‰。", check="rate_contradicts_counts")
    assert len(f) == 1 and "7.50‰" in f.iloc[0].message_zh


def test_rates_per_thousand_that_are_not_shares_of_the_count_before_them():
    head = "一、人口\n全乡总人口24000人。\n二、出生\n"
    # 自然增长率 is not named after the deaths before it
    assert _checks(head + "全年死亡180人,人口自然增长率为2.1‰。", check="rate_contradicts_counts").empty
    # a target (以内) and a rate with no population before it are left alone
    assert _checks(head + "全年出生人口300人,出生率控制在15‰以内。", check="rate_contradicts_counts").empty
    assert _checks("全年出生人口300人,出生率15.20‰。", check="rate_contradicts_counts").empty


# ---------------------------------------------------------------- what a report is expected to state

def test_a_health_report_is_not_asked_for_the_associations_figures():
    f = _checks("全乡辖12个行政村,总人口18000人。", title="柳坪乡2025年卫生健康工作总结",
                check="expected_metric_missing")
    assert f.empty
    # one that names family planning too still is
    f = _checks("全乡辖12个行政村,总人口18000人。", title="柳坪乡2025年卫生健康和计划生育工作总结",
                check="expected_metric_missing")
    assert len(f) == 1 and "协会会员数" in f.iloc[0].message_zh


def test_a_statistical_analysis_is_asked_for_the_population_only():
    title = "柳坪乡2024年人口与经济社会发展统计分析"
    assert _checks("全乡辖12个行政村,总人口18000人。", title=title, check="expected_metric_missing").empty
    f = _checks("全乡辖12个行政村。", title=title, check="expected_metric_missing")
    assert len(f) == 1 and "总人口" in f.iloc[0].message_zh


# ---------------------------------------------------------------- persons against beds

def test_occupancy_rate_of_beds():
    bad = "全乡有敬老院2所,共有床位120张,入住老人84人,床位使用率82.5%。"
    f = _checks(bad, check="rate_contradicts_counts")
    assert len(f) == 1 and "70.0%" in f.iloc[0].message_zh
    assert _checks("全乡有敬老院2所,共有床位120张,入住老人84人,床位使用率70%。",
                   check="rate_contradicts_counts").empty
    # patients counted in 人次 are bed-days' business, not beds'
    assert _checks("卫生院开放床位60张,全年收治住院病人2100人次,病床使用率85%。",
                   check="rate_contradicts_counts").empty
    # a count in 张 that is no bed is not held against persons
    assert _checks("发放宣传画300张,培训群众250人,培训率95%。", check="rate_contradicts_counts").empty


def test_unit_pairs_param_is_validated():
    from report_miner.mining.audit import RateCountsParams
    assert RateCountsParams(unit_pairs=[["张", "人"]]).problems()
    assert not RateCountsParams(unit_pairs=[["张", "人", "床"]]).problems()


# ---------------------------------------------------------------- clean look-alikes of the rules above

CLEAN = [
    "全村有脱贫户52户176人,其中已就业98人、在校学生41人。",
    "全镇低保对象419户822人,其中城市低保12户、农村低保407户。",
    "全年完成财政收入3200万元,同比增长8.5%,其中一般公共预算收入2100万元、基金收入800万元。",
    "全镇出生人口260人,比上年下降5.1%,其中男孩135人、女孩125人。",
    "实现农业增加值2.1亿元,增长3.5%,其中种植业增长4.2%。",
    "会员总数4.6万人,比上年增加3200人。",
    "全年接待游客12万人次,比上年的10万人次增加2万人次。",
    "今年出生人口260人,去年同期为280人,减少20人。",
    "上半年出生130人,比上年同期的150人减少20人。",
    "全镇出生260人,比上年的301人减少41人,其中二孩减少20人。",
    "全年新增就业320人,上年为280人,增加40人。",
    "全年出生260人,比上年的301人减少41人;死亡190人,比上年增加12人。",
    "全镇养老服务中心床位80张,日间照料老人65人次,服务满意率98%。",
    "发放救助金12.5万余元,救助困难群众1.25万余人次。",
]


def test_clean_look_alikes_of_the_new_rules():
    checks = {"breakdown_exceeds_total", "part_exceeds_total", "change_contradicts_figures",
              "rate_contradicts_counts", "approx_on_precise_number", "total_not_sum"}
    for text in CLEAN:
        f = _checks(text)
        assert f[f.check.isin(checks)].empty, (text, f[f.check.isin(checks)].message_zh.tolist())


# ---------------------------------------------------------------- a byline names the subject

def test_a_duty_reports_byline_names_its_subject():
    body = "现将本年度工作报告如下:全乡辖12个行政村,总人口18000人。"
    f = _checks(f"柳坪乡民政办主任 李四\n{body}", title="2025年度述职报告", check="expected_metric_missing")
    assert f.empty
    f = _checks(f"九龙乡卫生健康办公室主任 王五\n{body}", title="2025年度述职报告", check="expected_metric_missing")
    assert f.empty
    # a family-planning byline keeps the association's figures asked
    f = _checks(f"柳坪乡计生协会秘书长 李四\n{body}", title="2025年度述职报告", check="expected_metric_missing")
    assert len(f) == 1 and "协会会员数" in f.iloc[0].message_zh
    # a body line or a heading right after the title is no byline
    f = _checks(f"一、民政工作\n{body}", title="2025年度述职报告", check="expected_metric_missing")
    assert len(f) == 1
    f = _checks(f"今年以来,我在民政办工作。\n{body}", title="2025年度述职报告", check="expected_metric_missing")
    assert len(f) == 1
