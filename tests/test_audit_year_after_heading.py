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


def test_a_section_that_tells_of_the_past_is_left_alone():
    # a 述职's career, a project's background: earlier years are that section's topic (review10)
    intro = "按照组织安排,现将本人履职情况报告如下。\n本人始终坚持学习。\n工作中严格要求自己。\n"
    assert _years("龙潭镇2025年个人述职报告\n" + intro + "一、个人简历\n"
                  "2019年,我从农业大学毕业,分配到龙潭镇工作。\n二、主要工作\n全年完成改厕300户。\n") == []
    assert _years("龙潭镇2025年工作汇报\n" + BODY + "二、项目背景\n2021年,我镇启动了美丽乡村建设。\n") == []
    # the same line under a heading of this year's work is still reported
    got = _years("龙潭镇2025年工作汇报\n" + BODY + "二、进展情况\n2021年,我镇启动了美丽乡村建设。\n")
    assert len(got) == 1 and "2021" in got[0]
    # a summary's 工作回顾 reviews its own year: another year's narrative there is still reported
    got = _years("龙潭镇2025年工作总结\n" + BODY + "二、工作回顾\n2023年,我镇紧紧围绕县委决策部署,扎实推进各项工作。\n")
    assert len(got) == 1 and "2023" in got[0]


def test_a_term_report_tells_of_its_earlier_years():
    # a report over several years (任期, 三年来, 2022年以来 in its title or first lines): its
    # earlier years are its own, right after a heading or opening a line (small11)
    duty = "一、履职情况\n2022年,我调任龙潭镇党委书记,主持全面工作。\n二、主要工作\n全年完成改厕300户。\n"
    assert _years("龙潭镇党委书记2025年任期述职报告\n" + duty) == []
    assert _years("龙潭镇2025年述职报告\n三年来,在县委的坚强领导下,我认真履职。\n" + duty) == []
    assert _years("龙潭镇2025年述职报告\n2022年以来,我始终把发展作为第一要务。\n" + duty) == []
    # the same lines in a report of one year are still reported
    got = _years("龙潭镇2025年述职报告\n按照组织安排,现将本人履职情况报告如下。\n" + duty)
    assert len(got) == 1 and "2022" in got[0]
    # a later year than the title's, or a signing date, is still held against a term report
    got = _years("龙潭镇党委书记2025年任期述职报告\n" + duty + "二〇二三年十二月二十日\n")
    assert len(got) == 1 and "2023" in got[0]
