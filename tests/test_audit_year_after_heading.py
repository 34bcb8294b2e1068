"""year_differs_from_title: last years' text under this year's title, a paragraph opening
with an earlier year right after a heading deep in the report (invented texts, users10)."""
import report_miner

BODY = ("一、基本情况\n全镇辖13个行政村,总人口23500人。\n全年各项工作稳步推进,群众满意度持续提升。\n"
        "农业生产、社会事业、基层治理都取得了新的进展。\n")


def _years(text: str) -> list[str]:
    f = report_miner.mine_text(text).findings
    return f[f.check == "year_differs_from_title"].message_zh.tolist()


def test_earlier_year_opening_a_section_of_a_summary():
    got = _years("龙潭镇2025年工作总结\n" + BODY + "二、主要工作\n2023年,我镇紧紧围绕县委决策部署,扎实推进各项工作。\n")
    assert len(got) == 1 and "此处为 2023 年" in got[0]
    # (一) headings too
    got = _years("龙潭镇2025年工作汇报\n" + BODY + "二、主要工作\n(一)乡村振兴\n2024年,镇党委认真落实上级部署。\n")
    assert len(got) == 1 and "2024" in got[0]


def test_headings_that_name_the_year_later_years_and_plans_are_left_alone():
    assert _years("龙潭镇2025年工作总结\n" + BODY + "二、2023年以来的主要成绩\n2023年,我镇启动了改厕工程。\n") == []
    assert _years("龙潭镇2025年工作总结\n" + BODY + "三、2026年工作打算\n2026年,我镇将继续推进。\n") == []
    assert _years("龙潭镇2025年工作总结\n" + BODY + "二、主要工作\n2025年,我镇扎实推进各项工作。\n") == []
    # a fact of an earlier year, with its figure, told in this year's report
    assert _years("龙潭镇2025年工作总结\n" + BODY + "二、主要工作\n2024年,我镇实施项目8个,今年又新增5个。\n") == []
    # a plan looks back on the years before it
    assert _years("龙潭镇2026年工作计划\n" + BODY + "二、工作回顾\n2024年,我镇完成改厕1860户。\n") == []
