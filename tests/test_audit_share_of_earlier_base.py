"""rate_contradicts_counts: a share whose base (占总户数的) is stated in an earlier sentence of
the report (invented texts, users10)."""
import report_miner


def _rates(text: str) -> list[str]:
    f = report_miner.mine_text(text).findings
    return f[f.check == "rate_contradicts_counts"].message_zh.tolist()


def test_share_held_against_the_base_stated_earlier():
    got = _rates("清水镇辖10个村,总户数4000户,总人口13600人。\n全镇纳入低保320户,占总户数的5%;保障人数610人。")
    assert got == ["5% 与所依数字不符:320户/4000户(前文 earlier) = 8.0%"]
    # a heading between them (二、 holds the list mark 、) is no list
    got = _rates("清水镇2025年社会救助工作总结\n一、基本情况\n清水镇辖10个村,总户数4000户,总人口13600人。\n"
                 "二、工作成效\n(一)低保扩面。全镇纳入低保320户,占总户数的5%;保障人数610人。\n")
    assert len(got) == 1 and "320户/4000户(前文 earlier) = 8.0%" in got[0]
    got = _rates("全镇总人口为13600人。\n流动人口1360人,占总人口的20%。")
    assert len(got) == 1 and "1360人/13600人(前文 earlier) = 10.0%" in got[0]


def test_share_that_agrees_or_names_no_stated_base_is_left_alone():
    assert _rates("清水镇辖10个村,总户数4000户,总人口13600人。\n全镇纳入低保320户,占总户数的8%。") == []
    assert _rates("全镇总人口13600人。\n今年新增会员120人,占新增人口的20%。") == []
    # a base in another unit (户 against 人) is no base
    assert _rates("全镇总户数4000户。\n纳入低保610人,占总户数的5%。") == []
    # an earlier change is no level (比上年增加)
    assert _rates("全镇总人口比上年增加1000人。\n流动人口300人,占总人口的5%。") == []


def test_the_nearest_earlier_base_of_the_same_report_in_a_long_text():
    # the levels stated after a base word are found once per text (review10: scanning back from
    # every share made a text with thousands of shares quadratic); the nearest one counts, and
    # never one of the report before
    shares = "".join(f"第{i}组低保{10 + i % 5}户,占比较高。" for i in range(1500))
    got = _rates("清水镇2025年社会救助工作总结\n全镇总户数4000户。\n" + shares
                 + "\n总户数为2000户。\n全镇纳入低保320户,占总户数的8%。\n")
    assert len(got) == 1 and "320户/2000户(前文 earlier) = 16.0%" in got[0]
    two = ("清水镇2025年社会救助工作总结\n全镇总户数4000户。\n"
           "石门乡2025年社会救助工作总结\n全乡纳入低保320户,占总户数的5%。\n")
    assert report_miner.mine_text(two).reports.shape[0] == 2
    assert _rates(two) == []


def test_an_earlier_base_of_one_village_is_not_held_against_another_villages_share():
    # review10: 东坪村's households were taken as the base of 西坪村's share
    text = ("清水镇2025年社会救助工作总结\n东坪村总户数500户,总人口1800人。\n"
            "西坪村纳入低保60户,占总户数的5%。\n")
    assert _rates(text) == []
    # the same village named in the share's sentence: held against its base
    text = ("清水镇2025年社会救助工作总结\n东坪村总户数500户,总人口1800人。\n"
            "东坪村纳入低保60户,占总户数的5%。\n")
    got = _rates(text)
    assert len(got) == 1 and "60户/500户(前文 earlier) = 12.0%" in got[0]
    # 全村 is no place's name: the village's own base still counts
    text = "清水村2025年工作总结\n全村总户数500户。\n纳入低保60户,占总户数的5%。\n"
    got = _rates(text)
    assert len(got) == 1 and "60户/500户(前文 earlier) = 12.0%" in got[0]
