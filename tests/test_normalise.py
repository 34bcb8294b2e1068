"""Normalisation keeps a map back to the text as loaded."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from report_miner.mining.normalise import find_page_chunks, fold_chars, normalise

CORPUS = Path(__file__).parent.parent / "corpora" / "000_69ef0c422dca94cf.txt"
FILLER = "各村认真落实各项工作措施,进一步提高服务水平和群众满意度" * 4


def _chunked(*chunks: str) -> str:
    return "\n".join(f"{i}、{c}" for i, c in enumerate(chunks, 1))


def test_normalise_joins_number_cut_by_page_chunk():
    text = _chunked(FILLER + "目前全镇1", "0个村全部建立了协会组织" + FILLER, FILLER + "宣传标语4",
                    "000多条," + FILLER)
    n = normalise(text)
    assert "目前全镇10个村全部" in n.text
    assert "宣传标语4000多条" in n.text
    i = n.text.index("10个村")
    s, e = n.to_orig_span(i, i + 3)
    assert text[s:e] == "1\n2、0个"
    i = n.text.index("4000多条")
    s, e = n.to_orig_span(i, i + 6)
    assert text[s:e] == "4\n4、000多条"


def test_normalise_every_clean_char_maps_to_same_char():
    text = CORPUS.read_text("utf-8")
    n = normalise(text)
    assert len(n.page_chunks) == 47
    for i, ch in enumerate(n.text):
        o = n.map.to_orig(i)
        same = text[o] == ch or fold_chars(text[o]) == ch or (ch == "〇" and text[o] in "oO0○")
        assert same, (i, ch, text[o])


def test_normalise_real_section_numbers_are_kept():
    text = "二是建立村民自治机制,重点落实了“五抓”。 1、抓认识,准确定位。2、抓试点,积累经验。"
    assert normalise(text).text.count("\n") == text.count("\n")
    # a numbered list at line starts with short items ending in 。 is not page chunks
    listing = "1、抓认识,准确定位。\n2、抓试点,积累经验。\n3、抓整体,全面推进。\n4、抓服务。"
    assert find_page_chunks(listing) == []


def test_normalise_keeps_line_break_between_sentences():
    text = _chunked(FILLER + "。", "二、完善组织建设" + FILLER, FILLER)
    n = normalise(text)
    assert "。\n二、完善组织建设" in n.text


def test_normalise_fold_chars():
    assert fold_chars("共１２３人，占１５％") == "共123人,占15%"
    assert fold_chars("二o一0年三月") == "二〇一〇年三月"
    assert fold_chars("全鎮協會會員") == "全镇协会会员"
    assert fold_chars("2010年") == "2010年"  # Arabic years untouched
    assert fold_chars("ok,共10人") == "ok,共10人"


def test_traditional_characters_beyond_the_basic_plane_are_found():
    from report_miner.mining.normalise import _has_traditional

    assert _has_traditional("全鎮") and _has_traditional("甲\U0002005e乙")
    assert not _has_traditional("全镇共有12个村") and not _has_traditional("𝟙𝟚 😀")


def _wrap(paragraph: str, width: int) -> list[str]:
    """Break ``paragraph`` into lines of ``width`` printed cells, as a PDF text layer does."""
    lines, line = [], ""
    for ch in paragraph:
        line += ch
        if len(line) - 0.5 * sum(c.isascii() for c in line) >= width:
            lines.append(line)
            line = ""
    return lines + ([line] if line else [])


def test_hard_wrapped_pdf_text_is_joined_and_page_numbers_dropped():
    import report_miner

    p1 = ("　　今年以来,全镇计生协会围绕中心工作,全镇共有协会会员1800人,发放宣传品2000余份,"
          "投入资金3.5万元,组织育龄妇女查体3260人次,签订自治合同4100份,建成村级协会16个,"
          "各村协会均有活动场所。")
    p2 = "　　下一步,我们将继续加强协会建设,力争新发展会员200名,全年培训计生骨干300人次。" * 2
    lines = _wrap(p1, 28) + ["— 1 —"] + _wrap(p1.replace("今年以来", "上半年"), 28) + ["一、下一步打算"] + _wrap(p2, 28)
    text = "\n".join(lines)
    assert "会员18\n00人" in text  # the wrap cuts the number
    res = report_miner.mine_text(text)
    figs = {f["value"]: f for f in res.rows("figures")}
    assert figs[1800]["metric"] == "association.members"
    assert figs[2000]["metric"] == "outreach.materials" and figs[35000]["unit"] == "元"
    assert 1 not in figs  # the page number is gone
    for f in res.rows("figures"):  # offsets still point at the text as given
        assert text[f["start"]:f["end"]] == f["text"]
    assert [h["title"] for h in res.rows("sections")][:1] == ["下一步打算"]


def test_text_with_a_paragraph_per_line_is_not_unwrapped():
    from report_miner.mining.normalise import find_line_wraps

    text = "\n".join(["　　全镇共有协会会员1800人,发放宣传品2000余份。" + "工作" * (i % 7)
                      for i in range(20)])
    assert find_line_wraps(text) == []


# ----------------------------------------------------------------------------- compatibility forms

def test_kangxi_radicals_in_a_pdf_text_layer_are_read_as_ideographs():
    from report_miner import mine_text

    figures = mine_text("全镇总\u2f08\u2f1d18500\u2f08").figures
    assert list(zip(figures["value"], figures["unit"], figures["metric"])) == [
        (18500, "人", "population.total")]
    # the row points at the characters as loaded, radicals and all
    assert figures["text"].iloc[0] == "18500\u2f08"


def test_compat_folding_keeps_every_offset():
    from report_miner.mining.normalise import _compat_table, to_simplified

    # every kind of character folded, between page-chunk deletions, so that the map has segments
    table = _compat_table()
    sample = "".join(chr(c) for c in list(table)[::37])
    body = ("全镇总\u2f08\u2f1d18500\u2f08,⺠主评议⑤次,\uf900\u2f9c\U0002f800,"
            "做法:①抓认识;②抓试点。" + sample + "目前全镇1")
    text = _chunked(FILLER + body, "0个村全部建立了协会组织" + FILLER, FILLER + "宣传标语4",
                    "000多条," + FILLER)
    n = normalise(text)
    assert len(n.page_chunks) >= 3  # deletions happened around the folded characters
    folded = 0
    for i, ch in enumerate(n.text):
        s, e = n.to_orig_span(i, i + 1)
        assert e - s == 1
        orig = text[s]
        if orig != ch:
            folded += 1
            # what was folded is a compatibility character, and it became what it stands for
            expected = table.get(ord(orig)) or str("⓪①②③④⑤⑥⑦⑧⑨".index(orig))
            assert ch in (expected, to_simplified(expected)), (orig, ch)
    assert folded >= 8
    assert "全镇总人口18500人,民主评议5次,岂" in n.text  # 豈 U+F900 → 豈 → 岂
    assert "做法:①抓认识;②抓试点" in n.text  # list markers stay for the outline


def test_circled_numbers_fold_only_where_written_for_a_digit():
    from report_miner.mining.normalise import fold_compat

    assert fold_compat("全镇共⑤个村") == "全镇共5个村"
    assert fold_compat("①抓认识;②抓试点\n③抓落实") == "①抓认识;②抓试点\n③抓落实"  # list markers
    assert fold_compat("总人口18500人①,其中") == "总人口18500人①,其中"  # a note mark
    assert fold_compat("人口①18500人") == "人口①18500人"  # not glued to the number after it
    assert fold_compat("共有⑫个") == "共有⑫个"  # NFKC gives two characters: left as it is


def test_radicals_supplement_table_agrees_with_the_font_and_the_names():
    """The fact table: each radical maps to an ideograph, and wherever Noto Sans CJK draws a
    radical with the very glyph of an ideograph (why PDFs carry ⺠ for 民), to that one."""
    import unicodedata

    import pytest

    from report_miner.mining.normalise import RADICALS_SUPPLEMENT as pairs

    table = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    assert len(table) == len(pairs) // 2 >= 100
    for radical, ideograph in table.items():
        assert 0x2E80 <= ord(radical) <= 0x2EFF
        assert unicodedata.name(radical).startswith("CJK RADICAL ")
        assert unicodedata.name(ideograph).startswith("CJK UNIFIED IDEOGRAPH"), ideograph
        nfkc = unicodedata.normalize("NFKC", radical)
        assert nfkc == radical or nfkc == ideograph  # agrees with NFKC where NFKC folds (⺟ ⻳)
    # every radical named as the simplified form of a Kangxi radical maps to a simplified form
    assert table["⻅"] == "见" and table["⻓"] == "长" and table["⻔"] == "门"
    assert table["⺠"] == "民" and table["⻢"] == "马" and table["⻩"] == "黄"

    ttlib = pytest.importorskip("fontTools.ttLib")
    font_path = _noto_cjk_font()
    if font_path is None:
        pytest.skip("no Noto Sans CJK font (charts extra) installed")
    cmap = ttlib.TTFont(font_path, fontNumber=0).getBestCmap()
    ideograph_of_glyph: dict[str, list[str]] = {}
    for cp, glyph in cmap.items():
        if unicodedata.name(chr(cp), "").startswith("CJK UNIFIED IDEOGRAPH"):
            ideograph_of_glyph.setdefault(glyph, []).append(chr(cp))
    shared = 0
    for cp in range(0x2E80, 0x2F00):
        glyph = cmap.get(cp)
        if glyph in ideograph_of_glyph:
            shared += 1
            assert table.get(chr(cp)) in ideograph_of_glyph[glyph], chr(cp)
    assert shared >= 50


def _noto_cjk_font():
    try:
        import cvttf_NotoSansCJK_Regular as pkg  # the charts extra's font package
    except ImportError:
        pkg = None
    candidates = []
    if pkg is not None:
        candidates += sorted(Path(pkg.__file__).parent.glob("*.otf"))
    candidates += sorted(Path(sys.prefix).glob("NotoSansCJK*.otf"))  # where its wheel puts it
    candidates += [Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")]
    return next((p for p in candidates if p.exists()), None)


def test_split_number_units_come_from_the_rules(tmp_path):
    """A number a line break cut before its unit is mended for every unit of the rule set
    (rules/units.yaml), a user's own units too, and only before punctuation."""
    from report_miner import mine_text
    from report_miner.mining.normalise import find_split_numbers
    from report_miner.ruleset.load import RuleSet

    shipped = RuleSet.load()
    for unit in ("亩", "人次", "万元", "平方公里"):  # units the mending always knew
        text = f"今年全乡各村共同完成了植树造林任务面积共计2860\n\n{unit},超额完成。"
        assert [text[s:e] for s, e in find_split_numbers(text, shipped)] == ["\n\n"], unit
    # a unit of the shipped rules that the hand-kept list lacked
    text = "今年全乡各村共同完成了新建蓄水池任务总数达到了12\n\n座,超额完成。"
    assert find_split_numbers(text) == [(text.index("\n"), text.index("座"))]
    # a word on the next line is a new paragraph, not the rest of the number
    assert find_split_numbers("今年全乡各村共同完成了新建蓄水池任务总数达到了12\n\n座谈会,超额完成。") == []
    # a user's own unit: 榀 (roof trusses) is no shipped unit
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "units.yaml").write_text(
        "units:\n  - {id: pin_truss, forms: [榀], unit: 榀, kind: count}\n", encoding="utf-8")
    text = "今年全乡危房改造工程共计新增安装钢结构屋架共计达到了36\n\n榀,全部通过验收。"
    assert find_split_numbers(text) == []
    assert find_split_numbers(text, str(rules)) == [(text.index("\n"), text.index("榀"))]
    fig = mine_text(text, rules_dir=str(rules)).figures.iloc[0]
    assert (fig["value"], fig["unit"], fig["text"]) == (36, "榀", "36\n\n榀")  # offsets: as loaded


# ----------------------------------------------------------------------------- short wrapped paragraphs
# (rules/structure.yaml, layout: short_wraps; invented texts, each line of one printed width:
# ASCII digits take half a cell)

_SHORT_WRAPPED = ("今年以来,我镇计划生育工作在镇党委、政府正确领导下,全镇总人\n"
                  "口23456人,已婚育龄妇女5230人,全年出生人数276人,政策符合率\n"
                  "达到98.5%,各项工作取得了明显成效,得到了上级部门的充分肯定和\n"
                  "群众的一致好评,为全镇经济社会发展营造了良好的人口环境。\n")


def test_short_paragraph_wrapped_at_one_width_is_joined():
    from report_miner import mine_text
    from report_miner.mining.normalise import normalise

    assert normalise(_SHORT_WRAPPED).text.count("\n") == 1  # the three wraps go, the end stays
    figs = mine_text(_SHORT_WRAPPED).figures
    row = figs[figs.text == "23456人"].iloc[0]
    assert row.metric == "population.total"  # 总人⏎口: the label is whole again
    assert _SHORT_WRAPPED[row.start:row.end] == "23456人"


@pytest.mark.parametrize("text", [
    # slogans of one length, no punctuation inside: lines of their own
    "坚持计划生育基本国策促进人口长期均衡发展\n落实优生优育服务措施提高出生人口整体素质\n"
    "强化流动人口服务管理营造和谐稳定社会环境\n全镇上下共同努力。\n",
    # list items of one length, each ending in punctuation
    "全镇共发放宣传资料三千余份,张贴标语二百余条。\n组织计生骨干培训班十二期,培训人员六百人次。\n"
    "开展入户走访活动四次,走访农户一千二百余户。\n全年工作顺利。\n",
    # only two lines of one width
    "全镇共有协会会员一千八百余人,今年以来新发\n展会员二百余人,开展各类培训班十二期,培训\n人员六百余人次。\n",
    # lines of one width that open with a list number are headings or items, never joined
    "一、全镇共有协会会员一千八百余人,今年新发\n二、展会员二百余人,开展各类培训班十二期培\n三、训人员六百余人次,发放宣传资料三千余份\n四、走访群众一千二百户。\n",
], ids=["slogans", "list_items", "two_lines", "numbered_lines"])
def test_short_texts_that_are_not_wrapped_keep_their_lines(text):
    from report_miner.mining.normalise import normalise

    assert normalise(text).text.count("\n") == text.count("\n")


def test_short_wraps_min_lines_is_a_rule(tmp_path):
    from report_miner.mining.normalise import normalise
    from report_miner.ruleset.load import RuleError, RuleSet, read_rule_data

    d = tmp_path / "my_rules"
    d.mkdir()
    (d / "structure.yaml").write_text(
        "layout:\n  - id: short_wraps\n    words: [。]\n    min_lines: 0\n", "utf-8")
    assert normalise(_SHORT_WRAPPED, RuleSet.load(d)).text.count("\n") == 4  # off
    (d / "structure.yaml").write_text(
        "layout:\n  - id: short_wraps\n    words: [。]\n    min_lines: 9\n", "utf-8")
    with pytest.raises(RuleError) as err:
        read_rule_data(d)
    assert "min_lines must be 0" in str(err.value) and "structure.yaml" in str(err.value)


def test_a_table_drawn_with_characters_is_never_unwrapped():
    # rows and rule lines of a box table are all of one width, like a wrapped paragraph's lines
    from report_miner.mining.normalise import normalise

    rows = "".join(f"│第{i:02d}组　　│{40 + i:>4}人│{100 + i:>4}户│\n├────────┼──────┼──────┤\n"
                   for i in range(12))
    text = "┌────────┬──────┬──────┐\n│组别　　　│人口　│户数　│\n├────────┼──────┼──────┤\n" + rows
    assert normalise(text).text.count("\n") == text.count("\n")


def test_a_space_aligned_table_of_one_width_is_no_short_paragraph():
    # rows padded to one width, numbers with thousands commas, a shorter sentence below: the
    # rows' line breaks stay (joined, 12,345⏎人口 would read as 12345人)
    from report_miner.mining.normalise import normalise

    text = ("指标            本年          上年\n总户数(户)      3,215        3,190\n"
            "总人口(人)      12,345      12,210\n出生人数(人)    276            301\n以上为年报数。\n")
    assert normalise(text).text.count("\n") == text.count("\n")
