#!/usr/bin/env python3
"""Would the figures' per-figure context work (clause, subject and verb, metric, offsets) cost
less done once per clause or per sentence, or with the segmenter's dictionary read through a
small memo? Measured.

    python bench/figure_context.py              # the counts, then the memo's A/B timing
    python bench/figure_context.py --rounds 12

Texts: those of bench/bench_throughput.py (corpora/, heldout/, ../shared/gold/real/*.json, read
at run time), normalised once; the figures stage alone (``FigureScanner.scan``) is timed.

**Sharing.** A figure reads the clause before it (backward maximum matching for subject and
verb, the metric rules' ``before``), the clause after it, and its sentence (metric ``lead``,
direction, the ``sentence`` column). Work done once per clause or per sentence pays only if
figures share them. Printed: figures, distinct clauses before them, distinct sentences, and the
figures whose clause after is segmented at all (a counted unit and a non-empty clause) with how
many of those repeat one seen before in the same document.

**Memo.** Backward matching looks words up in the segmenter's dictionary (~150,000 words with
their tags, ~97,000 ending pairs): one or two lookups a word, ~10 a figure, each a likely miss of
the processor's caches (the table and its string keys are spread over tens of MB), which
instruction counts do not show. The memo: the words, pairs and characters looked up so far,
each with its answer, in small dicts in front of the dictionary (the same answers by
construction). Timed three ways, rounds alternating: plain; the memo emptied before every
document (a document reuses only its own words); the memo as filled by the other half of the
texts (a long run over many reports: common words seen before, this document's not).

Result on 2026-12-07 (55 texts, 1,498 figures; 2-core machine shared with other work, load 3-6,
so timings are rough): figures 1,498 in 1,409 clauses (1,325 clauses hold one figure, 80 two)
and 618 sentences (2.4 figures a sentence); of the 297 figures whose clause after is segmented,
8 repeat a clause after seen before in their document; 1,257 distinct clauses before. Work per
clause could save at most 6% of the per-clause work (89 figures), and backward matching over a
whole clause once would not even give the same words (it depends on where the match starts).
Per sentence: the sentence bounds and text (~0.5 µs a figure) and nothing larger. Bytecodes of
one pass of the figures stage (2.9 M; ``sys.settrace`` opcode counts): backward matching 15%,
metric entries 14%, building the figure 12%, reading the match 9%, subject and verb rules 8%,
sentence bounds 4%, ``per`` 4%; the Figure record and its row are ~4%, the offset mapping ~4%:
no step is large enough that doing it in one pass per document or per sentence changes the
total much. The subject and verb calls of one pass: 16.0 ms with the full dictionary, 9.2 ms
with dicts holding only the ~2,800 words and ~1,850 pairs they look up (same answers): about
3/7 of backward matching is waiting on memory. The memo that would get that (figures stage over
the 27 odd texts, CPU ms, median of 12 rounds alternating): plain 47.6, memo emptied per
document 48.2, memo warmed on the 28 even texts 46.7; at load 5-6, within the noise. Warmed on
the other texts it still misses 2,099 times over a pass (the 55 texts look up 2,808 words, 1,850
pairs and 282 characters in all, the even half 1,566, 1,092 and 183 of them), and a miss costs a
Python call (``__missing__``) on top of the dictionary's lookup: not kept. (cachegrind's cache
simulation does not show the cost: its last-level cache, 32 MB, holds the whole dictionary,
which on this machine other work shares.)

Also measured for the brief's list: figures as tuples turned into table columns once. Building
a figure (its dict and record) and its row (copy, report, section, the internal keys dropped)
is ~230 bytecodes of a figure's ~3,600 over the pipeline (~6%), and pandas builds the figures
table from the row dicts or from columns in the same time (33.5 vs 32.9 ms a pass; mine_text
builds no DataFrame until a table is read): the columns would save part of that 6%, not a
design's worth. Offsets mapped once per document: 47 of the 55 texts lose no character in
normalisation, and their spans now map to themselves (``Normalised.unmoved``), which left the
mapping ~2% of the pipeline's bytecodes.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def sharing(rules, norms) -> None:
    from report_miner.mining.context import _LAST_BREAK, MAX_CLAUSE, clause_after, clause_before

    sc = rules.figures
    clauses, sentences = collections.Counter(), collections.Counter()
    befores, tagged, repeats, n = set(), 0, 0, 0
    for di, norm in enumerate(norms):
        text, seen = norm.text, set()
        for f in sc.scan(norm):
            n += 1
            lo = max(0, f.cstart - MAX_CLAUSE)
            m = _LAST_BREAK.match(text, lo, f.cstart)
            clauses[(di, lo if m is None else m.end())] += 1
            sentences[(di, norm.sentences.span(f.cstart, f.cend))] += 1
            befores.add(clause_before(text, f.cstart))
            after = clause_after(text, f.cend)
            if after and f.unit not in ("%", "‰", ""):
                tagged += 1
                repeats += after[:16] in seen
                seen.add(after[:16])
    print(f"figures {n}, clauses before them {len(clauses)} (figures a clause: "
          f"{dict(sorted(collections.Counter(clauses.values()).items()))}), distinct clause texts "
          f"{len(befores)}, sentences {len(sentences)}")
    print(f"clause after segmented for {tagged} figures, {repeats} of them repeat one of their document")


class _Memo(dict):
    """A dict that fills itself: ``memo[key]`` is ``lookup(key)``, called once per key."""

    __slots__ = ("lookup",)

    def __init__(self, lookup):
        super().__init__()
        self.lookup = lookup

    def __missing__(self, key):
        value = self[key] = self.lookup(key)
        return value


def memo_tables(words):
    """The memo of ``words`` (a ContextWords): words, ending pairs, single characters."""
    memo = getattr(words, "_bench_memo", None)
    if memo is None:
        words._tokenizer()
        memo = words._bench_memo = (_Memo(words._word_tags.get), _Memo(words._endings.get),
                                    _Memo(words._tags.get))
    return memo


def tag_backward_memo(self, text: str, max_word: int = 10):
    """ContextWords.tag_backward reading the dictionary through the memo (same words)."""
    memo_words, memo_endings, memo_chars = memo_tables(self)
    word_tag, endings, char_tag = memo_words.__getitem__, memo_endings.__getitem__, memo_chars.__getitem__
    tags = self._tags
    j = len(text)
    while j > 0:
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
        if last.isascii() and last.isalnum():
            i = j - 1
            while i > 0 and text[i - 1].isascii() and text[i - 1].isalnum():
                i -= 1
            w = text[i:j]
            yield w, tags.get(w) or "eng"
            j = i
            continue
        yield last, char_tag(last) or "x"
        j -= 1


def memo_ab(rules, norms, rounds: int) -> None:
    from report_miner.mining.context import ContextWords

    words, sc = rules.words, rules.figures
    plain = ContextWords.tag_backward
    want = [sc.scan(n) for n in norms]
    first, second = norms[::2], norms[1::2]
    clock = time.process_time
    res: dict[str, list[float]] = {"plain": [], "memo per document": [], "memo warm": []}
    warm = None
    try:
        for r in range(rounds):
            for mode in (list(res) if r % 2 == 0 else list(reversed(res))):
                ContextWords.tag_backward = plain if mode == "plain" else tag_backward_memo
                words._bench_memo = None
                if mode == "memo warm":
                    if warm is None:
                        for n in first:
                            sc.scan(n)
                        warm = [dict(d) for d in memo_tables(words)]
                    for d, w in zip(memo_tables(words), warm):
                        d.clear()
                        d.update(w)
                t0 = clock()
                for n in second:
                    if mode == "memo per document":
                        words._bench_memo = None
                    sc.scan(n)
                res[mode].append(clock() - t0)
        ContextWords.tag_backward = tag_backward_memo
        assert [sc.scan(n) for n in norms] == want, "the memo changed a figure"
    finally:
        ContextWords.tag_backward = plain
    for mode, ts in res.items():
        ts.sort()
        print(f"{mode:20s} median {ts[len(ts) // 2] * 1e3:7.1f} ms  min {ts[0] * 1e3:7.1f} ms "
              f"(figures stage over {len(second)} texts)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    from bench_throughput import base_texts
    from report_miner.mining.normalise import normalise
    from report_miner.ruleset.load import RuleSet

    texts, _ = base_texts()
    rules = RuleSet.load()
    norms = [normalise(t, rules) for t in texts]
    for n in norms:
        n.sentences, n.chars
    sharing(rules, norms)
    memo_ab(rules, norms, args.rounds)


if __name__ == "__main__":
    main()
