"""The literal prefilter may skip a scan only when the pattern could not have matched."""
from pathlib import Path

import pytest

from report_miner.mining.blanks import get_blank_scanner
from report_miner.mining.figures import get_scanner
from report_miner.mining.normalise import normalise
from report_miner.mining.prefilter import last_chars, may_match, required_sets

ROOT = Path(__file__).resolve().parent.parent


def _patterns():
    sc, bs = get_scanner(None), get_blank_scanner(None)
    return [sc.figure_re, sc.bare_re, *sc.exclusions, *(r.pattern for r in bs.rules),
            *(nb.pattern for nb in bs.not_blanks)]


def test_prefilter_reads_literals_lookarounds_and_branches():
    assert required_sets("(?<=辖|下辖)(?P<slot>)(?P<unit>村|社区)") == [frozenset("辖下"), frozenset("村社")]
    assert required_sets(r"\d+分钟") == [frozenset("分"), frozenset("钟")]
    assert required_sets("[一二三]?个") == [frozenset("个")]  # an optional part requires nothing


@pytest.mark.parametrize("pattern, needs", [
    (r"\p{Han}人", ["人"]), ("[^人]", []), ("a|.", []), ("(?i)x", []), ("(?i:x)y", ["y"]),
    ("(?=b|$)a?", []), ("x(?!y)", ["x"]), ("(?:ab)*", []), (r"[\p{Han}a]b", ["b"]), (r"\d{2}年", ["年"]),
])
def test_prefilter_requires_nothing_it_cannot_read(pattern, needs):
    assert required_sets(pattern) == [frozenset(n) for n in needs]


def test_prefilter_never_skips_a_text_a_shipped_pattern_matches():
    texts = ["我镇辖10个村,总人口人。", "会议历时15分钟", "以为主题开展活动", "某某同志", "*镇20xx年",
             "(  )人", "平均年龄岁", "由同志主持"]
    for folder in ("corpora", "heldout"):
        texts += [normalise(p.read_text(encoding="utf-8", errors="replace")).text
                  for p in sorted((ROOT / folder).glob("*.txt"))]
    for pat in _patterns():
        needs = required_sets(pat.pattern, pat.flags)
        for t in texts:
            if not may_match(needs, set(t)):
                assert pat.search(t) is None, (pat.pattern, t[:40])


@pytest.mark.parametrize("pattern, ends", [
    ("(?:以上)?(?:共计|共)(?:为|达到?)?", "为共到计达"), ("a(?=b)", "a"), ("ab?", "ab"), ("[xy]$", "xy"),
    ("a|", None), ("(?:ab)*", None), (r"\p{Han}", None), ("[^a]", None), ("a.", None), ("(?i)a", None),
    (r"共计\d*", None), ("a{0}", None),
])
def test_last_chars_of_a_match(pattern, ends):
    got = last_chars(pattern)
    assert got == (None if ends is None else frozenset(ends))


def test_last_chars_hold_every_shipped_check_markers_last_character():
    """Every match the engine finds ends with one of last_chars (what total_after_parts relies
    on to skip figures whose clause cannot end with its marker)."""
    import regex

    texts = [p.read_text(encoding="utf-8", errors="replace") for folder in ("corpora", "heldout")
             for p in sorted((ROOT / folder).glob("*.txt"))]
    texts.append("三项合计为18个,以上共计达到20人,上述资金合计15万元,一共有3个")
    from report_miner.ruleset.load import RuleSet

    markers = [c.params.marker for c in RuleSet.load().auditor.by_kind("total_after_parts")]
    assert markers
    for pat in markers:
        ends = last_chars(pat)
        assert ends is not None
        for t in texts:
            for m in regex.finditer(pat, t):
                assert m.group()[-1] in ends


def test_word_groups_factored_find_the_same_matches():
    """factor_word_groups leaves every match of the shipped not_blanks as written (they are
    compiled factored), and leaves groups whose order decides alone."""
    import regex

    from report_miner.mining.prefilter import factor_word_groups
    from report_miner.ruleset.load import RuleSet, expand

    assert factor_word_groups("(?:人|人员)") == "(?:人|人员)"
    assert factor_word_groups("[(?:a|b)]") == "[(?:a|b)]"  # inside a class: characters
    assert factor_word_groups("(?i)(?:ab|ac)") == "(?i)(?:ab|ac)"
    assert regex.compile(factor_word_groups("x(?:ab|ac|b)+y")).findall("xabacby xab") == ["xabacby"]
    rules = RuleSet.load()
    data = rules.data
    texts = [normalise(p.read_text(encoding="utf-8", errors="replace")).text
             for folder in ("corpora", "heldout") for p in sorted((ROOT / folder).glob("*.txt"))]
    texts.append("负责人、人民群众,个别户主对接家庭名单人员所在处理")
    factored = 0
    for r in data.records("blanks", "not_blanks"):
        written = regex.compile(expand(r.pattern, data.macros))
        fast = regex.compile(factor_word_groups(written.pattern))
        factored += fast.pattern != written.pattern
        for t in texts:
            assert [m.span() for m in fast.finditer(t)] == [m.span() for m in written.finditer(t)], r.id
    assert factored


def test_prefilter_answers_are_kept_for_the_next_process(tmp_path, monkeypatch):
    """What the prefilter reads off a pattern is kept in the cache folder: a fresh process
    (here: the module's answers forgotten) answers without parsing the pattern again, and a
    caller that changes the list it got changes nothing kept."""
    from report_miner.mining import prefilter as pf

    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path))
    monkeypatch.setattr(pf, "_answers", None)
    monkeypatch.setattr(pf, "_asked", set())
    pattern = "(?<=辖|下辖)(?P<slot>)(?P<unit>村|社区)"
    got = pf.required_sets(pattern)
    assert got == [set("辖下"), set("村社")]
    got.clear()
    assert pf.required_sets(pattern) == [set("辖下"), set("村社")]
    pf.keep_answers()
    assert list(tmp_path.glob("report_miner/prefilter-*.pickle"))

    monkeypatch.setattr(pf, "_answers", None)  # a new process

    def no_parsing(*a, **k):
        raise AssertionError("parsed again")

    monkeypatch.setattr(pf, "parse", no_parsing)
    assert pf.key_chars(pattern) in (frozenset("辖下"), frozenset("村社"))
    assert pf.required_sets(pattern) == [set("辖下"), set("村社")]


def test_prefilter_answers_kept_while_another_thread_asks(tmp_path, monkeypatch):
    """The desk builds rule sets in request threads: one thread writing the answers back while
    another finds new ones must neither fail (a dict or set changed while it was read) nor
    leave a damaged file."""
    import threading

    from report_miner.mining import prefilter as pf

    monkeypatch.setenv("REPORT_MINER_CACHE", str(tmp_path))
    monkeypatch.setattr(pf, "_answers", None)
    monkeypatch.setattr(pf, "_asked", set())
    monkeypatch.setattr(pf, "_new_answers", False)
    many = {("required_sets", f"x{i}", 0): [frozenset("x")] for i in range(pf._MAX_KEPT_ANSWERS + 500)}
    pf._load_answers().update(many)
    stop = threading.Event()

    def ask():
        i = 0
        while not stop.is_set():
            pf.last_chars(f"甲{i}乙")
            i += 1

    asker = threading.Thread(target=ask)
    asker.start()
    try:
        for _ in range(60):
            pf._new_answers = True
            pf.keep_answers()
    finally:
        stop.set()
        asker.join()
