"""change_contradicts_figures: a change against last year (同比增长15%) held against the two
figures its sentence gives for last year and this year. Invented sentences (users10)."""
import report_miner


def _findings(text: str, title: str = "柳坪乡2025年工作总结"):
    res = report_miner.mine_text(f"{title}\n{text}\n")
    return res.findings[res.findings.check == "change_contradicts_figures"]


def test_change_that_contradicts_last_and_this_years_figures():
    f = _findings("全年完成固定资产投资1.2亿元,上年为1亿元,同比增长15%。")
    assert len(f) == 1
    assert "1亿元 → 1.2亿元" in f.iloc[0].message_zh and "+20.0%" in f.iloc[0].message_zh
    # last year first, named by 去年; a decrease stated as 下降
    f = _findings("去年完成植树造林500亩,今年完成800亩,同比增长30%。")
    assert len(f) == 1 and "+60.0%" in f.iloc[0].message_zh
    f = _findings("上年出生人口200人,今年出生180人,同比下降20%。")
    assert len(f) == 1 and "-10.0%" in f.iloc[0].message_zh


def test_both_years_in_one_clause():
    # 上年 names the first figure only: 由上年的2.1万吨增加到2.4万吨 is 14.3%
    f = _findings("粮食总产量由上年的2.1万吨增加到2.4万吨,增长8%。")
    assert len(f) == 1 and "+14.3%" in f.iloc[0].message_zh
    assert _findings("粮食总产量由上年的2.1万吨增加到2.4万吨,增长14.3%。").empty


def test_last_year_named_by_its_number():
    # 2024 in a 2025 report is last year; 2025 is the report's own year
    f = _findings("全镇特色产业产值2024年为560万元,今年完成644万元,同比增长20%。")
    assert len(f) == 1 and "+15.0%" in f.iloc[0].message_zh
    assert _findings("全镇特色产业产值2024年为560万元,2025年完成644万元,同比增长15%。").empty


def test_changes_that_agree_or_cannot_be_checked_are_left_alone():
    assert _findings("农村居民人均可支配收入达到16500元,上年为15000元,同比增长10%。").empty
    assert _findings("全年出生180人,比上年减少20人,下降10%。").empty          # one level only
    assert _findings("全年完成投资1.2亿元,同比增长15%。").empty                 # no last year's figure
    assert _findings("优良率由76%提高到92%。").empty                             # levels in %
    # last year's figure in another unit is not this year's base
    assert _findings("上年发放宣传资料3000份,今年培训会员800人,同比增长12%。").empty
    # a rounded change within the tolerance (1 percentage point)
    assert _findings("今年完成税收1330万元,上年为1200万元,同比增长11%。").empty   # 10.8%
    # 其中 / 分别: the change has another base
    assert _findings("全年投资1.2亿元,其中上年结转1亿元,同比增长15%。").empty


def test_a_change_is_held_against_its_own_figures_only():
    # two changes in one sentence: the second (15%) is the income's, not the visitors' (review10)
    assert _findings("全年接待游客12万人次,上年为10万人次,同比增长20%,"
                     "实现旅游收入1.5亿元,同比增长15%。").empty
    f = _findings("全年接待游客12万人次,上年为10万人次,同比增长15%,"
                  "实现旅游收入1.5亿元,同比增长15%。")
    assert len(f) == 1 and f.iloc[0].start == 38 and "+20.0%" in f.iloc[0].message_zh  # the first 15%
    # a figure of another unit right before the change is what the change is about
    assert _findings("上年接待游客10万人次,今年12万人次,旅游收入1.5亿元,同比增长15%。").empty
    # the pair after an earlier change is still checked
    f = _findings("全年出生180人,同比下降10%,上年完成投资1亿元,今年完成1.2亿元,同比增长15%。")
    assert len(f) == 1 and "+20.0%" in f.iloc[0].message_zh


def test_last_year_is_the_latest_earlier_year_not_the_earliest():
    # three years in one sentence: the change is against 2024 (the year before the report's),
    # not against 2023 which stands nearer the change
    assert _findings("全乡农产品加工产值2024年为1.1亿元,2023年为1亿元,今年1.2亿元,同比增长9.1%。").empty
    f = _findings("全乡农产品加工产值2024年为1.1亿元,2023年为1亿元,今年1.2亿元,同比增长20%。")
    assert len(f) == 1 and "1.1亿元 → 1.2亿元" in f.iloc[0].message_zh
    # no year before the report's stated: the nearest earlier year stated is last year
    f = _findings("村集体经济收入2021年为40万元,2022年为50万元,今年60万元,同比增长50%。")
    assert len(f) == 1 and "50万元 → 60万元" in f.iloc[0].message_zh
    # 上年 is the year before the report's, later than an earlier year named by its number
    assert _findings("养殖业产值2022年为800万元,上年为900万元,今年990万元,同比增长10%。").empty
