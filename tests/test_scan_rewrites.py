"""The faster forms of the rule scans find exactly what the plain forms find.

- ``literal_alternation``: a word list as a tree of first characters matches the same text, with
  the same preference (longest first), as the flat alternation sorted longest first;
- ``_alternation_spans``: an exclusion scanned one branch at a time gives the spans of the whole
  alternation's scan;
- ``per_of`` with its key-character test gives what the plain loop gives, and so does the metric
  classifier;
- the clause bounds found by one search are those of the walk, and backward matching by the
  word-endings table gives the words of trying every length.
"""
import functools
import random

import regex

from report_miner.mining.context import clause_after, clause_before
from report_miner.mining.figures import _alternation_spans, _literal_branches, get_scanner
from report_miner.mining.prefilter import consumes_literal, top_branches
from report_miner.ruleset.load import literal_alternation


def _spans(p, text):
    return [(m.span(), m.span(1)) for m in p.finditer(text)]


def test_literal_alternation_matches_as_the_flat_alternation():
    rnd = random.Random(1)
    alphabet = "人次户名个万元亿平方米公里-.( "
    for _ in range(300):
        words = {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 12))}
        flat = regex.compile("(" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) + ")(?=[,。]|$)")
        tree = regex.compile("(" + literal_alternation(words) + ")(?=[,。]|$)")
        for _ in range(20):
            text = "".join(rnd.choice(alphabet + ",。") for _ in range(rnd.randint(0, 20)))
            assert _spans(flat, text) == _spans(tree, text), (words, text)


def test_literal_alternation_examples():
    assert literal_alternation(["人", "人次", "户", "户次", "万元", "元"]) == "(?:万元|人次?|户次?|元)"
    assert regex.fullmatch(literal_alternation(["平方公里", "平方米"]), "平方米")
    assert literal_alternation([]) == "(?:)"


def test_top_branches_and_literals():
    assert top_branches(r"a(?:b|c)|[|]d|\|e") == ["a(?:b|c)", "[|]d", r"\|e"]
    assert consumes_literal(r"\d+分钟") and consumes_literal("(?:阅读|点击)量")
    assert not consumes_literal(r"(?<=中共)(?=委)") and not consumes_literal(r"\d+(?:部门|组(?:织|建))")


def test_exclusions_scanned_by_branch_give_the_same_spans():
    sc = get_scanner()
    split = [(p, b) for p, b in zip(sc.exclusions, sc._exclusion_branches) if b]
    assert split  # at least one shipped exclusion is scanned this way
    rnd = random.Random(2)
    pieces = ["10点30分", "45分钟", "三十分钟", "一镇一品", "十户联防", "浏览次数:120次", "精选8篇",
              "总结3篇", "1200字", "字数:800", "下午3时", "一村一景", "5户联", "我镇", "开会", "\n", ",", "。", " "]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    texts += ["会议于9点15分开始,历时45分钟。", "推行一乡一品、一村一策,十户联防。", "阅读量 2300 次\n全文1500字\n"]
    for p, branches in split:
        for t in texts:
            want = [m.span() for m in p.finditer(t) if m.end() > m.start()]
            assert _alternation_spans(branches, t) == want, (p.pattern, t)


def test_alternation_spans_falls_back_on_empty_matches():
    assert _alternation_spans([regex.compile("a*"), regex.compile("b")], "bb") is None
    assert _literal_branches(regex.compile(r"(?<=x)\d|z")) is None  # a branch with no fixed text


def test_per_of_with_key_test_gives_the_plain_answer():
    sc = get_scanner()

    def plain(before, after, unit):
        if unit in sc.per_skip_units:
            return ""
        clause = before + "\u2063" + after
        out = []
        for per, b, a, veto in sc.per_rules:
            if per in out:
                continue
            if (b is not None and b.search(before)) or (a is not None and a.search(after)):
                if veto is None or not veto.search(clause):
                    out.append(per)
        return "/".join(out)

    text = ("全镇人均纯收入8500元,每户补助300元,按每人每月150元发放低保金,租金每亩600元,"
            "共投入资金20万元,户均增收1200元,人均住房面积32平方米,月人均120元。")
    for pos in range(len(text)):
        b, a = clause_before(text, pos), clause_after(text, pos)
        for unit in ("元", "平方米", "人", "%", ""):
            assert sc.per_of(b, a, unit) == plain(b, a, unit)


def test_new_figure_is_the_dataclass_constructor():
    """``_figure_of`` (no ``object.__setattr__`` per field) builds what ``Figure(**values)`` does."""
    import dataclasses

    from report_miner.mining.figures import Figure, _figure_of, scan_figures

    figs = scan_figures("全镇共有10个村,总人口约1.7万人,人均收入8500元以上。")
    assert figs
    names = [fl.name for fl in dataclasses.fields(Figure)]
    for f in figs:
        assert list(vars(f)) == names  # the row's columns keep the dataclass's order
        values = {name: getattr(f, name) for name in names}
        made = _figure_of(dict(values))
        assert made == Figure(**values) and vars(made) == vars(Figure(**values))
        assert dataclasses.replace(made, metric="other").metric == "other"
    assert not hasattr(Figure, "__slots__") and not hasattr(Figure, "__post_init__")


def test_text_characters_found_once_give_the_same_exclusions():
    """``Normalised.chars`` (the set both the exclusions and the blank rules test their key
    characters against) is the text's characters, and exclusions scanned with it are the same."""
    from report_miner.mining.normalise import normalise

    sc = get_scanner()
    for text in ("今年召开3个月的会议,发放宣传品2000余份。", "下午3点30分开会,共5大方面", ""):
        norm = normalise(text)
        assert norm.chars == set(norm.text)
        assert sc.excluded_spans(norm.text, norm.chars) == sc.excluded_spans(norm.text)


def test_split_numbers_hint_skips_only_texts_without_a_split_number():
    """``find_split_numbers`` searches a necessary condition first: the same spans as the
    pattern itself on every text (random ones built from what the pattern reads included)."""
    from report_miner.mining.normalise import find_split_numbers
    from report_miner.ruleset.load import RuleSet

    _SPLIT_NUMBER = RuleSet.load().split_numbers.pattern  # the pattern of the shipped units

    rnd = random.Random(7)
    pieces = ["率达到了", "全乡的计划生育家庭奖励落实", "100", "3", ".8", "\n", "\n\n", " ", "\t", "%", "万元",
              "年", "、", "二", "发放一次性生活补贴", "。", "亩", "万", ",", "人次"]
    texts = ["今年以来全乡的计划生育家庭奖励落实率达到了100\n\n%,性别比为105。",
             "发放一次性生活补贴发放一次性生活补贴3\n \n3.8万元", "全年完成各项任务目标一百\n2019年",
             "全村现有耕地面积共计约为2860\n\n亩,林地面积达到1.2万\n\n亩。"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(8000)]
    found = 0
    for t in texts:
        plain = [m.span("cut") for m in _SPLIT_NUMBER.finditer(t)] if "\n" in t else []
        assert find_split_numbers(t) == plain, t
        found += bool(plain)
    assert found > 20  # the random texts do hold split numbers


def test_guarded_blank_patterns_find_what_the_plain_patterns_find():
    """Every blank pattern behind the look-behind of the characters its alternatives need
    before them finds the same slots, units and tokens as the pattern as written, on random
    text made of the characters those alternatives and units need, and on the rules' own
    examples."""
    from report_miner.mining.prefilter import guarded, preceding_chars
    from report_miner.ruleset.load import RuleSet, expand

    rules = RuleSet.load()
    data = rules.data
    rnd = random.Random(7)
    tried = 0
    for rec in data.records("blanks", "blanks"):
        plain = expand(rec.pattern, data.macros)
        chars = preceding_chars(plain)
        if chars is None:
            assert guarded(plain) == plain
            continue
        tried += 1
        a, b = regex.compile(plain), regex.compile(guarded(plain))
        assert b.pattern != plain and set(a.groupindex) == set(b.groupindex)
        names = sorted(a.groupindex)
        alphabet = "".join(sorted(chars)) + "人户个村年月日率为的,。、\n 12" + "".join(rec.examples or [])
        texts = list(rec.examples or []) + list(getattr(rec, "keeps", None) or [])
        texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30))) for _ in range(300)]
        for text in texts:
            assert ([(m.span(), [m.span(g) for g in names]) for m in a.finditer(text)]
                    == [(m.span(), [m.span(g) for g in names]) for m in b.finditer(text)]), (rec.id, text)
    assert tried >= 10  # most of the shipped rules open with their look-behinds


def test_measure_word_segmented_in_its_block_as_in_its_window():
    """BlankScanner._stands_alone segments only the block (jieba's re_han_default run) that
    holds the measure word: the word over it is the one a segmentation of the whole window
    gives."""
    from pathlib import Path

    from report_miner.mining.blanks import _segment_blocks
    from report_miner.mining.normalise import normalise
    from report_miner.ruleset.load import RuleSet

    rules = RuleSet.load()
    words = rules.words
    root = Path(__file__).resolve().parent.parent
    texts = ["全镇总人口人,配备电脑台。", "建成平台3个,a1人次(共5户)", "发放宣传品__份;培训班期"]
    texts += [normalise(p.read_text(encoding="utf-8", errors="replace"), rules).text[:3000]
              for p in sorted((root / "corpora").glob("*.txt"))[:3]]

    def word_over(text, lo, hi, s):
        pos = lo
        for w in words.words(text[lo:hi]):
            if pos <= s < pos + len(w):
                return pos, pos + len(w)
            pos += len(w)

    for t in texts:
        for s in range(0, len(t), 3):
            lo, hi = max(0, s - 6), min(len(t), s + 5)
            blo, bhi = lo, hi
            for b in _segment_blocks().finditer(t, lo, hi):
                if b.start() <= s < b.end():
                    blo, bhi = b.span()
                    break
            assert word_over(t, blo, bhi, s) == word_over(t, lo, hi, s), (t[lo:hi], s - lo)


def test_new_blank_is_the_dataclass_constructor():
    """``_new_blank`` (no ``object.__setattr__`` per field) builds what ``Blank(...)`` does,
    fields in the same order (the row's columns)."""
    import dataclasses

    from report_miner.mining.blanks import Blank, _new_blank, scan_blanks

    blanks = scan_blanks("全镇总人口人,配备电脑台。*镇20xx年")
    assert blanks
    for b in blanks:
        values = [getattr(b, f.name) for f in dataclasses.fields(Blank)]
        plain = Blank(*values)
        fast = _new_blank(*values)
        assert fast == plain and list(vars(fast)) == list(vars(plain))
        assert list(vars(b)) == [f.name for f in dataclasses.fields(Blank)]


_SAMPLE = ("全镇辖10个行政村,总人口23456人,其中:女性11000人;全年共发放各类宣传品2000余份、"
           "宣传册300本,与全镇所有村签订责任书12份。人均纯收入8500元,比上年增长3.5%。\n"
           "总人口：\n23456人\n项目 | 总人口 | 23456人 |\n已婚育龄妇女……5210人,ABC123个")


def test_clause_bounds_by_one_search_are_the_walks():
    """``clause_before``/``clause_after`` find the break with one search: the same text as the
    walk back (forward) to the last (next) clause break, at every offset and limit."""
    from report_miner.mining.context import CLAUSE_BREAKS

    def walk_after(text, end, limit):
        j, hi = end, min(len(text), end + limit)
        while j < hi and text[j] not in CLAUSE_BREAKS:
            j += 1
        return text[end:j].strip()

    def walk_back(text, start, limit):  # clause_before without its colon and line-break steps
        i, lo = start, max(0, start - limit)
        while i > lo and text[i - 1] not in CLAUSE_BREAKS:
            i -= 1
        return i

    for pos in range(len(_SAMPLE) + 1):
        for limit in (0, 3, 40):
            assert clause_after(_SAMPLE, pos, limit) == walk_after(_SAMPLE, pos, limit)
            i = walk_back(_SAMPLE, pos, limit)
            if _SAMPLE[i:pos].strip():  # the colon and line-break steps start only at an empty clause
                assert clause_before(_SAMPLE, pos, limit) == _SAMPLE[i:pos].strip()


def test_backward_matching_by_word_endings_is_longest_word_first():
    """``tag_backward`` tries only the word lengths its endings table lists: the same words as
    backward maximum matching that tries every length from the longest down, with the same tags."""
    from report_miner.mining.context import ContextWords

    cw = ContextWords.default()
    freq = cw._tokenizer().FREQ
    tags = cw._tags

    def plain(text, max_word):
        out, j = [], len(text)
        while j > 0:
            n = min(max_word, j)
            while n > 1 and not freq.get(text[j - n:j]):
                n -= 1
            if n == 1 and text[j - 1].isascii() and text[j - 1].isalnum():
                i = j - 1
                while i > 0 and text[i - 1].isascii() and text[i - 1].isalnum():
                    i -= 1
                out.append((text[i:j], tags.get(text[i:j]) or "eng"))
                j = i
                continue
            w = text[j - n:j]
            out.append((w, tags.get(w) or ("eng" if w.isascii() and w.isalnum() else "x")))
            j -= n
        return out

    rnd = random.Random(11)
    for _ in range(400):
        a = rnd.randrange(len(_SAMPLE))
        piece = _SAMPLE[a:a + rnd.randrange(1, 30)]
        for max_word in (10, 3, 2):
            assert list(cw.tag_backward(piece, max_word)) == plain(piece, max_word)


def _plain_classify(mc, before, after, unit, lead, tail):
    """The metric classifier without its key tests: every entry of the unit tried in order."""
    clause = before + "\u2063" + after
    for _, (metric_id, label, b, a, ld, ldn, tl, c, nt, *_) in mc._by_unit.get(unit, mc._any_unit):
        if ((b is None or b.search(before)) and (a is None or a.search(after))
                and (ld is None or ld.search(lead)) and not (ldn is not None and ldn.search(lead))
                and (tl is None or tl.search(tail)) and (c is None or c.search(clause))
                and not (nt is not None and nt.search(clause))):
            return metric_id, label
    return "other", ""


def test_classifier_key_test_gives_the_plain_answer():
    """The metric classifier skips an entry's search when its text lacks the pattern's key
    characters: the same metric and rule as trying every entry of the unit in order."""
    sc = get_scanner()
    mc = sc.metrics

    plain = functools.partial(_plain_classify, mc)

    text = _SAMPLE.replace("\n", "")
    for pos in range(len(text)):
        b, a = clause_before(text, pos), clause_after(text, pos)
        lead = text[max(0, pos - 60):pos]
        for unit in ("人", "份", "个", "元", "%", "本", ""):
            assert mc.classify_rule(b, a, unit, lead, a) == plain(b, a, unit, lead, a)


def test_classifier_lead_key_test_gives_the_plain_answer():
    """An entry's ``lead`` and ``lead_not`` are searched only when the sentence before the
    figure holds one of their key characters (one class search of the stdlib engine): the same
    metric and rule as searching them every time, at every offset of sentences whose leads
    name trainings, lists and the poor (the entries with lead fields)."""
    sc = get_scanner()
    mc = sc.metrics

    plain = functools.partial(_plain_classify, mc)

    text = ("镇人口学校全年办班9期,受教育群众1200人次;举办电工培训2期、80人,组织村干部、"
            "网格员210人次参加轮训;全镇低保户96户、210人,共查环查孕2200人次,累计检测500人;"
            "签订合同的有企业12家、商户30户,全镇共812户、3104人,其中外出务工人员260人。")
    for pos in range(len(text)):
        b, a = clause_before(text, pos), clause_after(text, pos)
        lead = text[max(0, pos - 60):pos]
        for unit in ("人", "人次", "名", "户", "家", "个", ""):
            assert mc.classify_rule(b, a, unit, lead, a) == plain(b, a, unit, lead, a)


def test_direction_key_test_gives_the_plain_answer():
    """``direction_of`` first looks for any key character of the direction patterns: the same
    direction as trying every record, at every sentence start of a sample."""
    sc = get_scanner()

    def plain(before):
        for direction, pat, veto in sc.direction_rules:
            if pat.search(before) and not (veto is not None and veto.search(before)):
                return direction
        return ""

    text = _SAMPLE + "比上年减少9人,同比增长3.5%,亏损-3亿元,没有下降,负增长了2%,比去年多发放300份"
    for pos in range(len(text) + 1):
        for lo in (0, max(0, pos - 12)):
            assert sc.direction_of(text[lo:pos]) == plain(text[lo:pos])


def test_sentence_bounds_written_out_are_the_plain_bounds():
    """``SentenceIndex.span`` (comparisons written out instead of ``max``/``min``) gives the
    bounds of the plain form, for every span of texts with short and long sentences."""
    import bisect

    from report_miner.mining.context import MAX_SENTENCE, SentenceIndex

    def plain(idx, start, end):
        b, text = idx.breaks, idx.text
        k = bisect.bisect_left(b, start)
        i = max(b[k - 1] + 1 if k else 0, start - MAX_SENTENCE)
        k2 = bisect.bisect_left(b, end, k)
        if k2 < len(b) and b[k2] < end + MAX_SENTENCE:
            return i, b[k2] + (text[b[k2]] != "\n")
        return i, min(len(text), end + MAX_SENTENCE)

    long = "总人口" * (MAX_SENTENCE // 2)
    for text in (_SAMPLE, long + "。" + _SAMPLE + long, "", "。\n", long, "\n" + long + "\n"):
        idx = SentenceIndex(text)
        for start in range(len(text) + 1):
            for end in {start, start + 1, start + 7, start + MAX_SENTENCE}:
                if end <= len(text):
                    assert idx.span(start, end) == plain(idx, start, end), (text[:20], start, end)


def test_spans_of_an_unmoved_text_map_as_the_offset_map_maps_them():
    """``Normalised.to_orig_span`` returns a span as it is when the text lost no character
    (``unmoved``): the same as the offset map's answer, for texts with and without deletions."""
    from report_miner.mining.normalise import normalise

    texts = [_SAMPLE, "全镇辖10个村。\n" * 3,
             "1、总人口2万\n人,其中\n2、女性1万人,比例\n3、为50%。\n4、完"]  # page chunks deleted
    seen_moved = seen_unmoved = False
    for t in texts:
        norm = normalise(t)
        seen_moved |= norm.unmoved < 0
        seen_unmoved |= norm.unmoved == len(norm.text)
        n = len(norm.text)
        for s in range(-1, n + 2):
            for e in range(s - 1, min(n + 3, s + 12)):
                assert norm.to_orig_span(s, e) == norm.map.to_orig_span(s, e), (t[:10], s, e)
    assert seen_unmoved and seen_moved


def test_not_blanks_chosen_by_their_key_characters_give_the_plain_answer():
    """``BlankScanner._covered`` tries only the not_blanks whose key characters its window
    holds (found by one set intersection): the same not_blank as trying every one in order."""
    from report_miner.ruleset.load import RuleSet

    bs = RuleSet.load().blanks

    def plain(text, s, e, priority=0.0):
        lo = s - 8 if s > 8 else 0
        window = text[lo:e + 8]
        for nb in bs.not_blanks:
            if nb.priority >= priority and any(m.start() < e - lo and m.end() > s - lo
                                               for m in nb.pattern.finditer(window)):
                return nb.id
        return None

    text = (_SAMPLE + "建成平台3个,命名为示范村,期间个人参加,配备电脑台,培训3批人次,"
            "全镇总人口人,辖村,对名夫妇,签订率在98以上")
    for s in range(len(text)):
        for e in (s + 1, s + 2):
            for priority in (0.0, 1.0):
                assert bs._covered(text, s, e, priority) == plain(text, s, e, priority), (s, e)


def test_text_table_pre_test_skips_only_texts_without_candidate_lines():
    """``find_text_tables`` looks for candidate lines only in a text that
    ``_may_part_cells``: where it says no, the scan finds none (random texts of words, numbers,
    single and double spaces, tabs, full-width spaces, pipes and line breaks)."""
    from report_miner.mining.texttables import _candidate_lines, _may_part_cells, _patterns

    run, seps, _pipe = _patterns("|｜│")
    rnd = random.Random(13)
    pieces = ["总人口", "35126", "人", " ", " ", " ", "  ", "\t", "\u3000", "|", "｜", "\n", "。", "户数", "2019年"]
    skipped = 0
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25)))
        if not _may_part_cells(text, seps):
            assert _candidate_lines(text, run, seps) == [], text
            skipped += 1
    assert skipped > 100


def test_year_zero_pre_test_skips_only_texts_without_a_year_to_mend():
    """``_fix_year_zeros`` runs its scan only where a Chinese digit stands beside a look-alike
    of 〇: the same text as the scan alone on random texts of digits, look-alikes and 年."""
    from report_miner.mining import normalise as nm

    def plain(text):
        def repl(m):
            s = m.group(0)
            if sum(c in nm._CN_DIGITS for c in s) < 2:
                return s
            return "".join("〇" if c in nm._ZERO_LOOKALIKES else c for c in s)
        return nm._YEAR_RUN.sub(repl, text)

    rnd = random.Random(17)
    pieces = ["二", "〇", "一", "九", "零", "o", "O", "0", "○", "2", "年", "月", "人", ",", "十"]
    changed = 0
    for _ in range(8000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        assert nm._fix_year_zeros(text) == plain(text), text
        changed += nm._fix_year_zeros(text) != text
    assert changed > 100


def test_seam_pre_test_rejects_only_windows_without_a_seam():
    """``FigureScanner._may_seam`` (a few character tests) says False only where
    ``_seam_after`` (a search of the whole window) returns None: at every position of sample
    reports and of random texts of Han words, numerals, qualifiers, numbers, units and
    punctuation."""
    from pathlib import Path

    from report_miner.mining.normalise import normalise

    sc = get_scanner()
    root = Path(__file__).resolve().parent.parent
    texts = [normalise(p.read_text(encoding="utf-8")).text
             for p in sorted((root / "corpora").glob("t0*.txt"))[:3]]
    rnd = random.Random(11)
    pieces = ["已婚育龄妇女", "查出", "妇科病", "的村有", "总人口", "约", "近", "超过", "百分之", "三", "十",
              "五十二", "○", "个", "3120", "16804", "52", "人", "人次", "户", "万元", "%", ",", "。", " ",
              "a", "\n", "其中"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12))) for _ in range(3000)]
    rejected = seams = 0
    for text in texts:
        for i in range(len(text)):
            window = text[i:i + 40]
            if not sc._may_seam(window):
                assert sc._seam_after(window) is None, window
                rejected += 1
            elif sc._seam_after(window) is not None:
                seams += 1
    assert rejected > 1000 and seams > 100  # both answers were put to the test


def test_figures_built_in_steps_are_those_built_one_by_one():
    """``FigureScanner._make_many`` builds a document's figures step by step over all of them
    (clauses, metric, seams, subject and verb, per, direction): each figure comes out as it
    does built alone, so no step reads what another figure's step left behind. Checked on
    texts with seams, lists, rates, changes and per-head amounts."""
    from pathlib import Path

    from report_miner.mining.normalise import normalise

    sc = get_scanner()
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "corpora").glob("t0*.txt"))[:3]]
    texts += [_SAMPLE, "总人口16804人已婚育龄妇女3120人,健康检查1047人次查出妇科病52人;会员比上年增加300人,"
              "人均8.5元,每人每月150元,20元/亩,同比增长3.5%,亏损-3亿元,总人口32000人已婚育龄妇女人发放"]
    n = 0
    for t in texts:
        norm = normalise(t)
        excl = sc.excluded_spans(norm.text)
        items = [it for it in (sc._figure_from_match(norm, m, excl) for m in sc.figure_re.finditer(norm.text))
                 if it is not None]
        together = sc._make_many(norm, items, sc.words)
        alone = [sc._make(norm, *it[:9], sc.words, it[9]) for it in items]
        assert [f.__dict__ for f in together] == [f.__dict__ for f in alone]
        n += len(items)
    assert n > 50
