"""The few characters around a figure or a blank: clause, sentence, subject and action.

Segmentation is costly, so it runs only on the clause around each candidate, with a private
``jieba.Tokenizer`` (never jieba's global one, which spaCy's Chinese segmenter shares) that
knows the domain words listed in ``rules/blanks.yaml`` (section ``slot_words``).
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache

CLAUSE_BREAKS = frozenset(",，。;；:：!！?？、\n")
SENTENCE_BREAKS = frozenset("。;；!！?？\n")
MAX_CLAUSE = 40
MAX_SENTENCE = 240


def clause_before(text: str, start: int, limit: int = MAX_CLAUSE) -> str:
    """The clause text right before ``start`` (back to the last , 。 ; : 、 or line break).

    >>> clause_before("辖10个村,总人口17364人", 9)
    '总人口'
    """
    i = start
    lo = max(0, start - limit)
    while i > lo and text[i - 1] not in CLAUSE_BREAKS:
        i -= 1
    return text[i:start].strip()


def clause_after(text: str, end: int, limit: int = MAX_CLAUSE) -> str:
    """The clause text right after ``end`` (up to the next , 。 ; : 、 or line break)."""
    j = end
    hi = min(len(text), end + limit)
    while j < hi and text[j] not in CLAUSE_BREAKS:
        j += 1
    return text[end:j].strip()


_SENTENCE_RE = None
_BOUNDS_CACHE: dict[int, tuple[str, list[int]]] = {}


def _sentence_bounds(text: str) -> list[int]:
    """Offsets just after each sentence break of ``text`` (cached for the last few texts)."""
    global _SENTENCE_RE
    hit = _BOUNDS_CACHE.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    if _SENTENCE_RE is None:
        import re

        _SENTENCE_RE = re.compile("[" + "".join(SENTENCE_BREAKS).replace("\n", "\\n") + "]")
    bounds = [m.start() for m in _SENTENCE_RE.finditer(text)]
    if len(_BOUNDS_CACHE) > 8:
        _BOUNDS_CACHE.clear()
    _BOUNDS_CACHE[id(text)] = (text, bounds)
    return bounds


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding ``[start, end)`` (。 ; ! ? or a line break end it;
    at most :data:`MAX_SENTENCE` characters either side)."""
    if len(text) > 2000:
        import bisect

        b = _sentence_bounds(text)
        k = bisect.bisect_left(b, start)
        i = b[k - 1] + 1 if k else 0
        i = max(i, start - MAX_SENTENCE)
        k2 = bisect.bisect_left(b, end)
        if k2 < len(b) and b[k2] < end + MAX_SENTENCE:
            j = b[k2] + (text[b[k2]] != "\n")
        else:
            j = min(len(text), end + MAX_SENTENCE)
        return i, j
    i = start
    lo = max(0, start - MAX_SENTENCE)
    while i > lo and text[i - 1] not in SENTENCE_BREAKS:
        i -= 1
    j = end
    hi = min(len(text), end + MAX_SENTENCE)
    while j < hi and text[j] not in SENTENCE_BREAKS:
        j += 1
    if j < len(text) and text[j] in SENTENCE_BREAKS and text[j] != "\n":
        j += 1
    return i, j


# ----------------------------------------------------------------------------- segmentation

_NOUNISH = ("n", "vn", "j", "l", "nz", "nt", "nr", "ns", "ng", "an", "eng", "s", "b", "i")
_NOUNLIKE_VERBS = frozenset({"组织", "服务", "培训", "宣传", "咨询", "检查", "普查", "治疗"})
_SKIP_TAIL = frozenset({"共", "共有", "现有", "有", "已有", "还有", "是", "为", "达", "达到",
                        "约", "计", "累计", "共计", "合计", "总计", "占", "在", "已", "了", "的",
                        "各", "各类", "各种", "其中", "全年", "今年", "仅", "只", "超过", "近",
                        "总数", "数", "等"})
_COPULA = frozenset({"有", "共有", "现有", "已有", "还有", "是", "为", "达", "达到", "占", "在",
                     "计", "共计", "合计", "总计", "累计"})


class ContextWords:
    """A private jieba tokenizer (with part-of-speech tags) loaded on first use."""

    _default: "ContextWords | None" = None
    _lock = threading.Lock()

    def __init__(self, extra_words: tuple[str, ...] = ()):
        self._extra = extra_words
        self._pos = None

    @classmethod
    def default(cls) -> "ContextWords":
        """The shared instance with the shipped domain words."""
        with cls._lock:
            if cls._default is None:
                from .ruleset import load_rule_data

                words: list[str] = []
                for rec in load_rule_data().section("blanks", "slot_words"):
                    words.extend(rec["words"])
                cls._default = cls(tuple(words))
            return cls._default

    def _tagger(self):
        if self._pos is None:
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            for w in self._extra:
                tok.add_word(w, freq=200000, tag="n")
            self._pos = jieba.posseg.POSTokenizer(tok)
        return self._pos

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``[(word, flag), ...]`` for a short text (a clause)."""
        return _tag_cached(self, text)

    def words(self, text: str) -> list[str]:
        return [w for w, _ in self.tag(text)]

    def known(self, word: str) -> bool:
        """Is ``word`` in the segmenter's dictionary (not merely glued by its HMM)?"""
        return self._tagger().tokenizer.FREQ.get(word, 0) > 0


@lru_cache(maxsize=20000)
def _tag_cached(cw: ContextWords, text: str) -> list[tuple[str, str]]:
    # HMM=False: the dictionary alone decides; the HMM's guesses for unknown words cost most of
    # the time and only glue characters we would rather see apart
    return [(p.word, p.flag) for p in cw._tagger().cut(text, HMM=False)]


def _nounish(word: str, flag: str) -> bool:
    return flag.startswith(_NOUNISH) or word in _NOUNLIKE_VERBS


def subject_and_action(before: str, after: str, unit: str, words: ContextWords) -> tuple[str, str]:
    """What is counted and the verb that acts on it, read off the clause around a figure.

    ``发放各类宣传品`` + ``2000余份`` gives ("宣传品", "发放"); ``10个`` + ``村`` gives ("村", "").
    """
    subject = ""
    action = ""
    tagged_after = words.tag(after[:16]) if after else []
    # a measure word followed by a noun: 16个村, 100多名独生子女学生
    i = 0
    while i < len(tagged_after) and tagged_after[i][0] in ("的", "之"):
        i += 1
    head = []
    while i < len(tagged_after) and _nounish(*tagged_after[i]):
        head.append(tagged_after[i][0])
        i += 1
    if head and unit not in ("%", "‰", ""):
        subject = "".join(head)
    tagged_before = words.tag(before[-24:]) if before else []
    j = len(tagged_before)
    while j > 0 and tagged_before[j - 1][0] in _SKIP_TAIL:
        j -= 1
    tail = []
    while j > 0 and (_nounish(*tagged_before[j - 1])):
        tail.append(tagged_before[j - 1][0])
        j -= 1
    if not subject:
        subject = "".join(reversed(tail))
    for w, f in reversed(tagged_before[:j] if tail else tagged_before):
        if f.startswith("v") and f != "vn" and w not in _COPULA:
            action = w
            break
    if not action and i < len(tagged_after):
        for w, f in tagged_after[i:]:
            if f.startswith("v") and f != "vn" and w not in _COPULA:
                action = w
                break
    return subject, action
