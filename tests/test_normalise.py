"""Normalisation keeps a map back to the text as loaded."""
from __future__ import annotations

from pathlib import Path

from report_miner.normalise import find_page_chunks, fold_chars, normalise

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
    assert normalise(text).text == text
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
    from report_miner.normalise import _has_traditional

    assert _has_traditional("全鎮") and _has_traditional("甲\U0002005e乙")
    assert not _has_traditional("全镇共有12个村") and not _has_traditional("𝟙𝟚 😀")
