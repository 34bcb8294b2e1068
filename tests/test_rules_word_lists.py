"""Word lists the mining code reads from rules/ (not from Python): a user's rules folder that
edits one of them changes the output the way the edit says, and a bad entry is an error naming
file, line and id.

The lists: ``rules/qualifiers.yaml`` section ``numerals`` (``lone_magnitude_after``,
``bare_magnitude_after``) and the ``not_after`` of a ``before`` qualifier, which guards the same
word there; ``rules/structure.yaml`` section ``layout`` (``caption_words``, ``column_headers``,
``leader_ellipses``, ``leader_dots``, ``total_labels``) and section ``words`` (``place_suffixes``,
``title_place_suffixes``); ``qualifiers.yaml`` context ``coordinated`` ``words``.
Every sentence here is invented.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import report_miner
from report_miner.cli.app import main
from report_miner.errors import RuleError
from report_miner.mining.normalise import normalise
from report_miner.mining.structure import split_reports
from report_miner.ruleset.load import RuleSet, _shipped_dir, check_rules


def _user_rules(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the shipped rules in ``tmp_path/my_rules`` with ``old`` replaced by ``new`` in
    ``file`` (once: the edit must name one list)."""
    d = tmp_path / "my_rules"
    shutil.copytree(_shipped_dir(), d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = d / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return d


def _figures(text: str, rules: RuleSet) -> list[tuple]:
    return [(f.text, f.value, f.unit, f.metric) for f in rules.figures.scan(normalise(text, rules))]


# (the two lists share qualifiers.yaml's word set passing_words, named as an item)
LONE = 'words: [近, 约, 上, 数, 成, 将近, 过, "{PASSING_WORDS}"]'
BARE = 'words: ["{PASSING_WORDS}"]'
#: a user's bare_magnitude_after written out without 突破
BARE_WITHOUT_TUPO = "words: [逾, 超过, 跨越, 迈上, 迈过, 跨过, 跨上, 越过, 冲破, 跃上, 站上, 超出]"
GUO_NOT_AFTER = "not_after: 超通经度越路错穿跨不闯难渡胜走看听做去来到见读用说想,"
CAPTIONS = "words: [表, 图, 附件, 附表]"
HEADERS = "words: [数量, 数目, 数值, 金额]"
ELLIPSES = 'words: ["…", "⋯"]'
DOTS = 'words: ["·", ".", "．"]'
COORDINATED = "words: [和, 与, 及, 、]"

# (case id, file, shipped text, the user's text, sentence, figures shipped, figures the user's)
EDITS = [
    ("lone_magnitude_after: 达 added", "qualifiers.yaml", LONE, LONE[:-1] + ", 达]",
     "参会群众达千人。", [], [("千人", 1000, "人", "other")]),
    ("lone_magnitude_after: 上 left out", "qualifiers.yaml", LONE, LONE.replace(" 上,", ""),
     "全乡上万亩果园。", [("万亩", 10000, "亩", "admin.area")], []),
    ("bare_magnitude_after: 突破 left out", "qualifiers.yaml", BARE, BARE_WITHOUT_TUPO,
     "全镇工业产值突破百亿。", [("百亿", 10_000_000_000, "", "other")], []),
    ("qualifier guo not_after: 入 added", "qualifiers.yaml", GUO_NOT_AFTER,
     GUO_NOT_AFTER.replace("想,", "想入,"),
     "年收入过万元的农户有12户。", [("过万元", 10000, "元", "other"), ("12户", 12, "户", "other")],
     [("12户", 12, "户", "other")]),
    ("column_headers: 人数 added", "structure.yaml", HEADERS, HEADERS[:-1] + ", 人数]",
     "项目:总人口  人数:23456人", [("23456人", 23456, "人", "other")],
     [("23456人", 23456, "人", "population.total")]),
    ("leader_dots: _ added", "structure.yaml", DOTS, DOTS[:-1] + ', "_"]',
     "总人口____23456人", [("23456人", 23456, "人", "other")],
     [("23456人", 23456, "人", "population.total")]),
    ("leader_ellipses: ‥ added", "structure.yaml", ELLIPSES, ELLIPSES[:-1] + ', "‥"]',
     "总人口‥23456人", [("23456人", 23456, "人", "other")],
     [("23456人", 23456, "人", "population.total")]),
]


@pytest.mark.parametrize("file, old, new, text, shipped, edited",
                         [e[1:] for e in EDITS], ids=[e[0] for e in EDITS])
def test_rules_word_lists_a_users_edit_changes_the_figures(tmp_path, file, old, new, text, shipped, edited):
    assert _figures(text, RuleSet.load()) == shipped
    assert _figures(text, RuleSet.load(_user_rules(tmp_path, file, old, new))) == edited


def test_rules_word_lists_coordinated_words_are_the_users(tmp_path):
    # a list joined by a word of the user's (或) is read in a text with none of the shipped ones
    d = _user_rules(tmp_path, "qualifiers.yaml", COORDINATED, COORDINATED[:-1] + ", 或]")
    path = d / "qualifiers.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\\s*(?:和|与|及|、)$", "\\s*(?:和|与|及|、|或)$"),
                    encoding="utf-8")
    text = "两村分别投入15或20万元。"
    assert _figures(text, RuleSet.load()) == [("20万元", 200000, "元", "finance.money")]
    assert _figures(text, RuleSet.load(d)) == [("15", 150000, "元", "finance.money"),
                                               ("20万元", 200000, "元", "finance.money")]


def test_rules_word_lists_caption_words_keep_a_caption_apart(tmp_path):
    # a number cut at a line's end joins the digits of the next line, unless the line is a
    # caption: then only a % or a unit alone on the next line goes on it
    text = "说明全镇今年新建蓄水池12\n\n30口,已全部完工。"
    assert normalise(text).text.startswith("说明全镇今年新建蓄水池1230口")
    rules = RuleSet.load(_user_rules(tmp_path, "structure.yaml", CAPTIONS, CAPTIONS[:-1] + ", 说明]"))
    assert normalise(text, rules).text == text
    assert normalise("表3全镇今年新建蓄水池12\n\n30口。").text == "表3全镇今年新建蓄水池12\n\n30口。"


SUFFIXES = "words: [街道办事处, 街道, 镇, 乡]"
TITLE_SUFFIXES = "words: [县, 区, 村, 社区]"


def test_rules_word_lists_place_suffixes_name_the_unit(tmp_path):
    # a township of another name (苏木) is read once the user lists its suffix
    text = "巴彦苏木2021年工作总结\n\n今年以来,巴彦苏木党委带领全苏木干部群众完成了各项任务。\n"
    assert [r.unit_name for r in split_reports(text)] == [""]
    d = _user_rules(tmp_path, "structure.yaml", SUFFIXES, SUFFIXES[:-1] + ", 苏木]")
    assert [r.unit_name for r in split_reports(text, str(d))] == ["巴彦苏木"]


def test_rules_word_lists_title_place_suffixes_name_the_unit(tmp_path):
    text = "青禾县2021年工作总结\n\n今年以来,全县上下完成了各项任务。\n"
    assert [r.unit_name for r in split_reports(text)] == ["青禾县"]
    d = _user_rules(tmp_path, "structure.yaml", TITLE_SUFFIXES, TITLE_SUFFIXES.replace("县, ", ""))
    assert [r.unit_name for r in split_reports(text, str(d))] == [""]


TOTALS = "words: [合计, 小计, 总计, 总数, 共计]"


def test_rules_word_lists_total_labels_mark_a_tables_total_row(tmp_path):
    # a table's total row labelled 累计 is a total once the user lists the word
    page = ("<html><head><meta charset='utf-8'></head><body><p>丁乡2023年工作总结</p>"
            "<table><tr><th></th><th>会员（人）</th></tr><tr><td>南村</td><td>120</td></tr>"
            "<tr><td>北村</td><td>80</td></tr><tr><td>累计</td><td>200</td></tr></table></body></html>")
    path = tmp_path / "t.html"
    path.write_text(page, encoding="utf-8")

    def total_row(**kw) -> list[bool]:
        res = report_miner.mine_file(path, **kw)
        return [bool(c["is_total"]) for c in res.rows("cells") if c["row_no"] == 4]

    assert total_row() == [False, False]
    d = _user_rules(tmp_path, "structure.yaml", TOTALS, TOTALS[:-1] + ", 累计]")
    assert total_row(rules_dir=d) == [True, True]
    (tmp_path / "ok.html").write_text(page.replace("累计", "合 计"), encoding="utf-8")
    res = report_miner.mine_file(tmp_path / "ok.html")
    assert [c["is_total"] for c in res.rows("cells") if c["row_no"] == 4] == [True, True]


# (case id, file, the shipped text, the bad text, what the problem says)
BAD = [
    ("empty list", "structure.yaml", HEADERS, "words: []", "words must not be empty"),
    ("not a list", "structure.yaml", HEADERS, "words: 数量", "field 'words' must be list"),
    ("not a string", "qualifiers.yaml", LONE, "words: [近, 3]", "words must be non-empty strings"),
    ("several characters", "structure.yaml", DOTS, 'words: ["·", ".."]', "words must be single characters"),
    ("unknown field", "structure.yaml", HEADERS, HEADERS + "\n    colour: red", "unknown field 'colour'"),
]
RECORD_OF = {HEADERS: "column_headers", LONE: "lone_magnitude_after", DOTS: "leader_dots"}


@pytest.mark.parametrize("file, old, new, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_rules_word_lists_a_bad_entry_names_file_line_and_id(tmp_path, file, old, new, message):
    d = _user_rules(tmp_path, file, old, new)
    path = d / file
    line = path.read_text(encoding="utf-8").splitlines().index("    " + new.split("\n")[-1].strip()) + 1
    rid = RECORD_OF[old]
    problems = check_rules(d)
    assert any(p.startswith(f"{path}:{line} ({rid}): ") and message in p for p in problems), problems
    with pytest.raises(RuleError):
        RuleSet.load(d)


def test_rules_word_lists_unknown_id_is_named(tmp_path):
    (tmp_path / "structure.yaml").write_text(
        "layout:\n  - id: column_header\n    words: [数量]\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any(f"{tmp_path / 'structure.yaml'}:2 (column_header): unknown id" in p for p in problems), problems


def test_rules_word_lists_rules_check_exits_1_on_a_bad_list(tmp_path, capsys):
    (tmp_path / "qualifiers.yaml").write_text(
        "numerals:\n  - id: lone_magnitude_after\n    words: []\n", encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert f"{tmp_path / 'qualifiers.yaml'}:3 (lone_magnitude_after)" in out.out + out.err


NO_JOIN = "words: [市, 省, 州, 道]"


def test_rules_word_lists_no_join_after_keeps_he_out_of_a_name(tmp_path):
    # 和 after 市 joins two units (市和镇), no name; a user who drops 市 from no_join_after reads
    # 北市和镇 as a name (and the shipped list is what the code reads: nothing left in Python)
    text = "北市和镇2021年工作总结\n\n今年以来,全镇上下完成了各项任务。\n"
    assert [r.unit_name for r in split_reports(text)] == [""]
    d = _user_rules(tmp_path, "structure.yaml", NO_JOIN, NO_JOIN.replace("市, ", ""))
    assert [r.unit_name for r in split_reports(text, str(d))] == ["北市和镇"]
