"""The few characters around a figure or a blank: clause, sentence, subject and action.

Segmentation is costly, so it runs only on the clause around each candidate, with a private
``jieba.Tokenizer`` (never jieba's global one, which spaCy's Chinese segmenter shares) that
knows the domain words listed in ``rules/blanks.yaml`` (section ``slot_words``).
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left as _bisect_left
from dataclasses import dataclass

CLAUSE_BREAKS = frozenset(",，。;；:：!！?？、\n")
SENTENCE_BREAKS = frozenset("。;；!！?？\n")
MAX_CLAUSE = 40
MAX_SENTENCE = 240
# the last clause break of a span (``.match(text, lo, start)``: the greedy run backs off to it)
# and the first one (``.search(text, end, hi)``): one call of the stdlib engine each, where a
# walk character by character cost ten bytecodes a character (clauses run to 40 characters)
_LAST_BREAK = re.compile("(?s:.*)[" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]")
_NEXT_BREAK = re.compile("[" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]")


def clause_before(text: str, start: int, limit: int = MAX_CLAUSE) -> str:
    """The clause text right before ``start`` (back to the last , 。 ; : 、 or line break).

    >>> clause_before("辖10个村,总人口17364人", 9)
    '总人口'

    A number right after a colon reads the label before it:

    >>> clause_before("全镇总人口为:23650人", 7)
    '全镇总人口为'
    >>> clause_before("全镇总人口\\n23650人", 6)
    '全镇总人口'

    Not the same as :func:`label_before`, which only the metric of a figure reads (where this
    clause is empty): across a line break this reads the line before only when it ends in a
    Chinese character (a wrapped line, blank lines between allowed), for the subject, action
    and per-unit words and for blanks; :func:`label_before` also reads a line that ends in
    another character or in a colon (a table's label cell: 总人口（人）⏎23456, 总人口：⏎23456):

    >>> clause_before("总人口（人）\\n23456", 7), clause_before("总人口：\\n23456", 5)
    ('', '')
    """
    lo = start - limit if start > limit else 0
    m = _LAST_BREAK.match(text, lo, start)
    i = lo if m is None else m.end()  # just after the last break before start (or lo)
    if i > lo and not text[i:start].strip():
        if text[i - 1] in ":：":
            # 总人口为:23650人, 已婚育龄妇女:5210人: a label and its number across a colon
            return clause_before(text, i - 1, limit)
        if text[i - 1] == "\n":
            # 总人口⏎23650人: a line break between a label and its number (a wrapped line or a
            # table's cells read one per line) when the line before ends in a word
            j = i - 1
            while j > lo and text[j - 1] in " \t\r\n\u3000":
                j -= 1
            if j > lo and "\u4e00" <= text[j - 1] <= "\u9fff":
                return clause_before(text, j, limit)
    return text[i:start].strip()


def label_before(text: str, start: int, limit: int = MAX_CLAUSE, *, ellipses: str, dots: str) -> str:
    """The clause before ``start`` as a metric rule reads it: :func:`clause_before`, but a
    number right after a colon reads the label before the colon (总人口：23456人 reads as
    总人口23456人, the colon standing for 为), and so does one after a table line's leader:
    one of the characters ``ellipses`` or three of ``dots`` (``rules/structure.yaml`` section
    ``layout``: ``leader_ellipses``, ``leader_dots``).

    >>> lb = lambda text, start: label_before(text, start, ellipses="…", dots=".")
    >>> lb("全镇总人口：23456人", 6)
    '全镇总人口'
    >>> lb("辖10个村,总人口17364人", 9)
    '总人口'
    >>> lb("总人口\\n23456人", 4)
    '总人口'
    >>> lb("总人口：\\n23456人", 5)
    '总人口'
    >>> lb("总人口 …… 23456人", 7), lb("总人口...23456人", 6)
    ('总人口', '总人口')

    Not the same as :func:`clause_before` (which the figure's subject, action and per-unit
    words, unitless rules and blanks read): a label on the line above is read whatever
    character ends it but a clause break, and after a colon there (a table's label cell),
    where :func:`clause_before` reads only a line that ends in a Chinese character; merging
    them would change those readings (the sample texts hold no such place):

    >>> lb("总人口（人）\\n23456", 7)
    '总人口（人）'
    """
    i = start
    while i > 0 and text[i - 1] in " \u3000\t":
        i -= 1
    # leader dots of a table line (总人口 …… 23456人, 总人口......23456人) stand for 为
    j = i
    run_chars = ellipses + dots + " \u3000\t"
    while j > 0 and text[j - 1] in run_chars:
        j -= 1
    lead_run = text[j:i]
    if any(c in ellipses for c in lead_run) or sum(c in dots for c in lead_run) >= 3:
        start = i = j
        while i > 0 and text[i - 1] in " \u3000\t":
            i -= 1
    if i > 0 and text[i - 1] in ":：" and i - 1 >= start - 3:
        return clause_before(text, i - 1, limit)
    # a label on the line above its number (a table cell, or a line broken by a PDF reader):
    # 总人口⏎23456人 reads the label, unless that line ends a sentence or a clause
    if i > 0 and text[i - 1] == "\n" and i - 1 >= start - 3:
        j = i - 1
        while j > 0 and text[j - 1] in " \u3000\t\r":
            j -= 1
        if j > 0 and text[j - 1] not in CLAUSE_BREAKS:
            return clause_before(text, j, limit)
        if j > 0 and text[j - 1] in ":：":  # 总人口：⏎23456人: a colon, then the line broken
            return clause_before(text, j - 1, limit)
    return clause_before(text, start, limit)


def clause_after(text: str, end: int, limit: int = MAX_CLAUSE) -> str:
    """The clause text right after ``end`` (up to the next , 。 ; : 、 or line break)."""
    hi = min(len(text), end + limit)
    m = _NEXT_BREAK.search(text, end, hi)
    return text[end:hi if m is None else m.start()].strip()


_SENTENCE_RE = None


class SentenceIndex:
    """The sentence breaks of one text (。 ; ! ? and line breaks), found once; :meth:`span`
    gives the sentence around any span by bisection. Build one per document
    (``Normalised.sentences`` does) instead of scanning for breaks around every figure.

    >>> SentenceIndex("辖10个村。总人口1.7万人,其中女性8千人。").span(9, 15)
    (6, 23)
    """

    __slots__ = ("text", "breaks")

    def __init__(self, text: str):
        global _SENTENCE_RE
        if _SENTENCE_RE is None:
            import re

            _SENTENCE_RE = re.compile("[" + "".join(SENTENCE_BREAKS).replace("\n", "\\n") + "]")
        self.text = text
        self.breaks = [m.start() for m in _SENTENCE_RE.finditer(text)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence holding ``[start, end)``: from just after the last break
        before ``start`` to just after the first break at or after ``end`` (a line break is
        left out), at most :data:`MAX_SENTENCE` characters either side."""

        # (written out without max/min and with the bisection bound once: this runs for
        # every figure, and again for many in the audit)
        b = self.breaks
        k = _bisect_left(b, start)
        i = start - MAX_SENTENCE
        if k:
            if b[k - 1] >= i:
                i = b[k - 1] + 1
        elif i < 0:
            i = 0
        k = _bisect_left(b, end, k)
        if k < len(b) and b[k] < end + MAX_SENTENCE:
            j = b[k]
            return i, (j if self.text[j] == "\n" else j + 1)
        j = end + MAX_SENTENCE
        n = len(self.text)
        return i, (j if j < n else n)


_INDEX_CACHE: dict[int, SentenceIndex] = {}


def _sentence_index(text: str) -> SentenceIndex:
    """The :class:`SentenceIndex` of ``text``, kept for the last few texts (for callers of
    :func:`sentence_span` that hold no index of their own)."""
    hit = _INDEX_CACHE.get(id(text))
    if hit is not None and hit.text is text:
        return hit
    if len(_INDEX_CACHE) > 8:
        _INDEX_CACHE.clear()
    idx = _INDEX_CACHE[id(text)] = SentenceIndex(text)
    return idx


LEAD_CHARS = 60
"""How much of the sentence before a figure a metric rule's ``lead`` pattern sees."""


TAIL_BREAKS = CLAUSE_BREAKS - {"、"}  # a tail reads on across a list's 、


def tail_after(text: str, end: int, limit: int = MAX_CLAUSE) -> str:
    """The text right after ``end`` up to the next , 。 ; : or line break, across a list's 、
    (what metric rules with a ``tail`` field see: 企业、230户出租房户签订了合同 after 65家).

    >>> tail_after("对65家企业、230户签订了合同,共计", 4)
    '企业、230户签订了合同'
    """
    j = end
    hi = min(len(text), end + limit)
    while j < hi and text[j] not in TAIL_BREAKS:
        j += 1
    return text[end:j].strip()


def lead_before(text: str, start: int, sentence_start: int | None = None) -> str:
    """The sentence up to ``start``, at most :data:`LEAD_CHARS` characters (what metric rules
    with a ``lead`` field see: 共812户、 before 3104人). Pass ``sentence_start`` when the
    sentence is known already."""
    if sentence_start is None:
        sentence_start = sentence_span(text, start, start)[0]
    return text[max(sentence_start, start - LEAD_CHARS):start]


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding ``[start, end)`` (。 ; ! ? or a line break end it;
    at most :data:`MAX_SENTENCE` characters either side): :meth:`SentenceIndex.span` of the
    text's index (prefer holding a :class:`SentenceIndex` when there are many spans)."""
    return _sentence_index(text).span(start, end)


# ----------------------------------------------------------------------------- segmentation

@dataclass(frozen=True)
class SubjectRules:
    """The word lists of ``rules/qualifiers.yaml`` (section ``subject``) that
    :func:`subject_and_action` reads a clause with."""

    noun_tags: tuple[str, ...]
    noun_like_verbs: frozenset[str]
    skip_before: frozenset[str]
    copulas: frozenset[str]

    @classmethod
    def from_rules(cls, rules) -> "SubjectRules":
        """From a :class:`report_miner.ruleset.load.RuleData`; a missing list is a :class:`RuleError`."""
        recs = {k: r.words for k, r in rules.named("qualifiers", "subject").items()}
        return cls(tuple(recs["noun_tags"]), frozenset(recs["noun_like_verbs"]),
                   frozenset(recs["skip_before"]), frozenset(recs["copulas"]))

    @classmethod
    def shipped(cls) -> "SubjectRules":
        """The lists as shipped (those of ``RuleSet.load()``)."""
        from ..ruleset.load import RuleSet

        return RuleSet.load().subject_rules


def import_jieba():
    """``import jieba``, without the ``pkg_resources`` import jieba makes only to find its own
    data files (it falls back to plain paths): that import alone costs a seventh of a second,
    more than the rest of start-up's imports together. Nothing changes if ``pkg_resources`` is
    already loaded, and it stays importable for everyone else afterwards."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes that import fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


LEXICON_MIN_FREQ = 5
_UNIT_CHARS = set("人个名位户对例次场期批家份间台套条项件元村年所处")


def _longest_endings(freq: dict[str, int]) -> dict[str, int]:
    """Per character, the length of the longest dictionary word ending in it (frequency > 0);
    and per pair of characters, the length of the longest word of three or more characters
    ending in that pair (a pair missing: none)."""
    out: dict[str, int] = {}
    for word, n in freq.items():
        if n and len(word) > out.get(word[-1], 1):
            out[word[-1]] = len(word)
        if n and len(word) > 2 and len(word) > out.get(word[-2:], 2):
            out[word[-2:]] = len(word)
    return out


def _word_endings(freq: dict[str, int]) -> dict[str, tuple[int, ...]]:
    """Per pair of characters, the lengths (longest first) of the dictionary words (frequency
    > 0) of two or more characters that end in that pair; a pair that ends no word is missing.
    Backward matching then tries only lengths that exist (人 ends words of up to 8 characters,
    but most pairs ending in 人 end one word or none): one lookup of the pair and about one of
    a word, where trying every length from the longest down took three or four lookups in a
    dictionary too large to stay in the processor's cache."""
    lengths: dict[str, set[int]] = {}
    for word, n in freq.items():
        if n and len(word) >= 2:
            lengths.setdefault(word[-2:], set()).add(len(word))
    shared: dict[tuple[int, ...], tuple[int, ...]] = {}  # one tuple per distinct value
    out = {}
    for pair, ls in lengths.items():
        t = tuple(sorted(ls, reverse=True))
        out[pair] = shared.setdefault(t, t)
    return out


def load_lexicon(extra_words: tuple[str, ...]):
    """jieba's dictionary with our domain words and every word's part-of-speech tag, as a
    ready prefix table: ``(FREQ, total, tags, endings)``; ``tags`` holds exactly the words
    whose frequency is above 0 (so one lookup tells whether a text is a word and its tag), and
    ``endings`` maps a pair of characters to the lengths of the words that end in it (for
    backward matching, see :func:`_word_endings`).

    Built once from the installed jieba and kept in a cache folder (``REPORT_MINER_CACHE``,
    ``~/.cache/report_miner`` or the temp folder); loading it is several times faster than
    ``jieba.posseg``'s start-up, which reads the dictionary text and the HMM tables each time.
    With no cache folder that can be written, the same table is built for the process (a
    segmenter must cut the same words whether a cache folder exists or not).
    """
    import hashlib
    import os

    jieba = import_jieba()

    key = hashlib.md5((f"v4|{getattr(jieba, '__version__', '')}|{LEXICON_MIN_FREQ}|" + "|".join(extra_words))
                      .encode("utf-8")).hexdigest()[:12]
    from ..cache import keep_pickle, read_pickle

    name = f"lexicon-{key}.pickle"
    kept = read_pickle(name)
    if kept is not None:
        return kept
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    total = 0
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, n = parts[0], int(parts[1])
            total += n
            if n <= 0:  # not a word for jieba (and so never in tags: see the docstring)
                continue
            # rare words are left out (they are nearly all rare names and idioms) unless they
            # hold a measure-word character, which the blank check must see inside words
            if n < LEXICON_MIN_FREQ and not set(word) & _UNIT_CHARS:
                continue
            freq[word] = n
            tags[word] = parts[2] if len(parts) > 2 else "x"
    for w in extra_words:
        freq[w] = 200000
        tags[w] = "n"
        total += 200000
    endings = _word_endings(freq)
    for word in list(freq):  # jieba's prefix table: every prefix of a word is a key
        for i in range(1, len(word)):
            freq.setdefault(word[:i], 0)
    data = (freq, total, tags, endings)
    # without a cache folder that can be written, the same table serves this process alone;
    # 5 MB each, one per set of user words: the latest four are kept
    keep_pickle(name, data, "lexicon-*.pickle", 4)
    return data


class ContextWords:
    """A private jieba tokenizer with part-of-speech tags, loaded on first use.

    It segments with jieba's dictionary plus our domain words, without jieba's HMM, and reads
    the tags from that dictionary: the words and tags ``jieba.posseg`` gives without its HMM,
    from a cached table (see :func:`load_lexicon`) that loads in a fraction of the time.
    """

    def __init__(self, extra_words: tuple[str, ...] = ()):
        self._extra = extra_words
        self._tok = None
        self._tags: dict[str, str] = {}
        #: the words of frequency above 0 and their tags (``_tags`` itself when it holds
        #: exactly those, as the cached lexicon does)
        self._word_tags: dict[str, str] = {}
        self._endings: dict[str, tuple[int, ...]] = {}
        self._tag_cache: dict[str, list[tuple[str, str]]] = {}

    @classmethod
    def default(cls) -> "ContextWords":
        """The instance with the shipped domain words (that of ``RuleSet.load()``; a rule
        set of your own folder has its own, see :attr:`report_miner.ruleset.load.RuleSet.words`)."""
        from ..ruleset.load import RuleSet

        return RuleSet.load().words

    def _tokenizer(self):
        if self._tok is None:
            jieba = import_jieba()

            jieba.setLogLevel(logging.WARNING)
            lex = load_lexicon(self._extra)
            tok = jieba.Tokenizer()
            tok.FREQ, tok.total, self._tags, self._endings = lex
            self._word_tags = self._tags
            tok.initialized = True
            self._tok = tok
        return self._tok

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``[(word, flag), ...]`` for a short text (a clause); kept per segmenter for the
        last :data:`TAG_CACHE_SIZE` texts (clauses repeat across a corpus)."""
        hit = self._tag_cache.get(text)
        if hit is None:
            if len(self._tag_cache) >= TAG_CACHE_SIZE:
                self._tag_cache.clear()
            hit = self._tag_cache[text] = _tag(self, text)
        return hit

    def words(self, text: str) -> list[str]:
        return [w for w, _ in self.tag(text)]

    def tag_fast(self, text: str, max_word: int = 10) -> list[tuple[str, str]]:
        """Like :meth:`tag`, by backward maximum matching over the same dictionary: several
        times cheaper than jieba's best-path search and nearly always the same words in the
        short clauses around a figure (used for subject and action).

        >>> ContextWords.default().tag_fast("发放各类宣传品")
        [('发放', 'v'), ('各类', 'r'), ('宣传品', 'n')]
        """
        out = list(self.tag_backward(text, max_word))
        out.reverse()
        return out

    def tag_backward(self, text: str, max_word: int = 10):
        """The words of :meth:`tag_fast`, produced from the end of ``text`` backwards, so a
        caller that needs only the last few words stops early."""
        if self._tok is None:
            self._tokenizer()
        word_tag, tags, endings = self._word_tags.get, self._tags, self._endings.get
        j = len(text)
        while j > 0:
            # the longest word (of at most max_word characters) that ends at j: only the lengths
            # of the words that end in the last two characters are tried
            if j > 1:
                pair = text[j - 2:j]
                lens = endings(pair)
                if lens is not None:
                    for n in lens:
                        if n <= j and n <= max_word:
                            w = pair if n == 2 else text[j - n:j]
                            t = word_tag(w)
                            if t:
                                break
                    else:
                        t = None
                    if t:
                        yield w, t
                        j -= n
                        continue
            last = text[j - 1]
            if last.isascii() and last.isalnum():  # a run of Latin letters or digits
                i = j - 1
                while i > 0 and text[i - 1].isascii() and text[i - 1].isalnum():
                    i -= 1
                w = text[i:j]
                yield w, tags.get(w) or "eng"
                j = i
                continue
            yield last, tags.get(last) or "x"
            j -= 1

    def any_word_over(self, text: str, lo: int, hi: int, pos: int) -> bool:
        """Is there a dictionary word of two or more characters inside ``text[lo:hi]`` that
        holds the character at ``pos``? (When there is none, every segmentation leaves that
        character a word of its own.) Walks jieba's prefix table from each start at or before
        ``pos``: a few lookups instead of a segmentation.

        >>> cw = ContextWords.default()
        >>> cw.any_word_over("建成平台", 0, 4, 3), cw.any_word_over("全镇总人口人,", 0, 7, 5)
        (True, False)
        """
        freq = self._tokenizer().FREQ
        for i in range(max(lo, pos - 12), pos + 1):
            j = i + 1
            frag = text[i:j]
            while j <= hi and frag in freq:
                if j - i >= 2 and j > pos and freq[frag]:
                    return True
                j += 1
                frag = text[i:j]
        return False

    def known(self, word: str) -> bool:
        """Is ``word`` in the segmenter's dictionary (not merely glued by its HMM)?"""
        return self._tokenizer().FREQ.get(word, 0) > 0


TAG_CACHE_SIZE = 20000


def _tag(cw: ContextWords, text: str) -> list[tuple[str, str]]:
    # HMM=False: the dictionary alone decides; the HMM's guesses for unknown words cost most of
    # the time and only glue characters we would rather see apart
    tok = cw._tokenizer()
    tags = cw._tags
    out = []
    for w in tok.cut(text, HMM=False):
        t = tags.get(w)
        if t is None:
            t = "eng" if w.isascii() and w.isalnum() else "x"
        out.append((w, t))
    return out


def subject_and_action(before: str, after: str, unit: str, words: ContextWords,
                       rules: SubjectRules | None = None) -> tuple[str, str]:
    """What is counted and the verb that acts on it, read off the clause around a figure.

    ``发放各类宣传品`` + ``2000余份`` gives ("宣传品", "发放"); ``10个`` + ``村`` gives ("村", "").
    ``rules`` are the word lists to read with (default: as shipped, see :class:`SubjectRules`).

    >>> subject_and_action("累计发放各类宣传品", "", "份", ContextWords.default())
    ('宣传品', '发放')
    """
    r = rules or SubjectRules.shipped()
    noun_tags, noun_like, skip, copulas = r.noun_tags, r.noun_like_verbs, r.skip_before, r.copulas
    # (one pass over each word list with the tests written out: this runs for every figure and
    # every blank, and the helper functions and iterator chains it was written with first cost
    # as much as the segmentation itself)

    # the clause after: its leading nouns name what a measure word counts (16个村,
    # 100多名独生子女学生); a rate or a bare number has none, and the clause after is then
    # read only if the clause before has no verb
    subject = ""
    tagged_after = words.tag_fast(after[:16]) if after and unit not in ("%", "‰", "") else None
    if tagged_after:
        subject = "".join(_leading_nouns(tagged_after, noun_tags, noun_like)[0])
    # the clause before, read from its end (and no further than needed): skip 共有/达/…, take
    # the nouns, then the nearest verb before them, or with no nouns the nearest verb at all
    action = ""
    skipped: list[str] = []  # the verbs among the words skipped (first_verb tries them first)
    tail: list[str] = []
    state = 0  # 0: skipping, 1: taking nouns, 2: looking for the verb
    if before:
        for w, f in words.tag_backward(before[-24:]):
            if state == 0:
                if w in skip:
                    if f.startswith("v") and f != "vn" and w not in copulas:
                        skipped.append(w)
                    continue
                state = 1
            if state == 1:
                if f.startswith(noun_tags) or w in noun_like:
                    tail.append(w)
                    continue
                state = 2
                if not tail and skipped:  # no nouns: the nearest verb at all, skipped ones first
                    action = skipped[0]
                    break
            if f.startswith("v") and f != "vn" and w not in copulas:
                action = w
                break
    if state < 2 and not tail and skipped:  # the clause ran out while skipping
        action = skipped[0]
    if not subject:
        subject = "".join(reversed(tail))
    if not action and after:
        if tagged_after is None:
            tagged_after = words.tag_fast(after[:16])
        for w, f in tagged_after[_leading_nouns(tagged_after, noun_tags, noun_like)[1]:]:
            if f.startswith("v") and f != "vn" and w not in copulas:
                action = w
                break
    return subject, action


def _leading_nouns(tagged: list[tuple[str, str]], noun_tags: tuple[str, ...],
                   noun_like: frozenset[str]) -> tuple[list[str], int]:
    """The nouns at the start of ``tagged`` (after 的/之), and where they end."""
    i, n = 0, len(tagged)
    while i < n and tagged[i][0] in ("的", "之"):
        i += 1
    nouns = []
    while i < n:
        w, f = tagged[i]
        if not (f.startswith(noun_tags) or w in noun_like):
            break
        nouns.append(w)
        i += 1
    return nouns, i
