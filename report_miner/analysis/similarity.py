"""Which reports copy each other: near-identical passages across reports.

Every report is cut into passages (sentences, short ones merged with their neighbours); each
passage becomes a TF-IDF vector of character 2-4-grams, and scikit-learn's
``NearestNeighbors`` (cosine) finds for each passage its closest passages in *other* reports,
so the work grows with the number of passages times the neighbours asked for, not with all
pairs of reports. Passages that recur in many reports (the closing "以上汇报,如有不妥,敬请批评
指正", a county-wide slogan) are boilerplate: they are recognised by how many reports share
them and are not counted as copying.

>>> # see tests/test_similarity.py for a worked example on the supplied corpus
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import regex

from ..mining.normalise import normalise

_SENT_END = regex.compile(r"[。!?;！？；\n]+")
MIN_PASSAGE = 24      # characters; shorter sentences are merged with the next one
WHOLESALE_SHARE = 0.5  # two reports sharing this much of their text are copies, boilerplate or not
MAX_PASSAGE = 400


@dataclass(frozen=True)
class Passage:
    key: tuple[str, int]     # (source, report)
    start: int               # offsets into the source text as loaded
    end: int
    text: str                # the normalised passage text


@dataclass
class CopyResult:
    """``pairs``: one row per pair of reports sharing passages; ``passages``: the shared
    passages side by side; ``boilerplate``: passages found in too many reports to count."""

    pairs: "object"
    passages: "object"
    boilerplate: "object"


def passages_of(text: str, source: str, reports: list[tuple[int, int, int]]) -> list[Passage]:
    """Cut each report (``(report, start, end)`` offsets in ``text`` as loaded) into passages."""
    norm = normalise(text)
    clean = norm.text
    # clean offsets of report bounds: find the clean position for each original start
    out: list[Passage] = []
    orig_to_clean = _inverse(norm)
    for rep, s, e in reports:
        cs, ce = orig_to_clean(s), orig_to_clean(e)
        pos = cs
        buf_start = None
        for m in _SENT_END.finditer(clean, cs, ce):
            seg_start = pos if buf_start is None else buf_start
            seg_end = m.end()
            pos = m.end()
            seg = clean[seg_start:seg_end].strip()
            if len(seg) < MIN_PASSAGE:
                buf_start = seg_start
                continue
            buf_start = None
            _emit(out, norm, source, rep, seg_start, seg_end)
        tail_start = pos if buf_start is None else buf_start
        if ce - tail_start >= MIN_PASSAGE:
            _emit(out, norm, source, rep, tail_start, ce)
    return out


def _emit(out, norm, source, rep, s, e):
    clean = norm.text
    while s < e and clean[s].isspace():
        s += 1
    while e > s and clean[e - 1].isspace():
        e -= 1
    for a in range(s, e, MAX_PASSAGE):
        b = min(e, a + MAX_PASSAGE)
        os_, oe = norm.to_orig_span(a, b)
        out.append(Passage((source, rep), os_, oe, clean[a:b]))


def _inverse(norm):
    import bisect

    starts, origs = norm.map.starts, norm.map.origs

    def to_clean(o: int) -> int:
        k = bisect.bisect_right(origs, o) - 1
        if k < 0:
            return 0
        seg_len = (starts[k + 1] if k + 1 < len(starts) else norm.map.clean_len) - starts[k]
        return starts[k] + min(o - origs[k], seg_len)

    return to_clean


def find_copies(passages: list[Passage], threshold: float = 0.6, neighbours: int = 5,
                boilerplate_reports: int | None = None, min_shared: int = 2):
    """Pairs of reports that share near-identical passages.

    ``threshold`` is the cosine similarity for two passages to count as the same text;
    a passage found in more than ``boilerplate_reports`` reports (default: max(3, 10% of the
    reports)) is boilerplate; a pair needs ``min_shared`` shared passages to be listed.
    Boilerplate is not counted, except between reports that share at least
    :data:`WHOLESALE_SHARE` of their text with it (one template filed by many townships).
    """
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    keys = sorted({p.key for p in passages})
    n_reports = len(keys)
    if boilerplate_reports is None:
        boilerplate_reports = max(3, int(0.1 * n_reports))
    empty_pairs = pd.DataFrame(columns=["source_a", "report_a", "source_b", "report_b", "shared_passages",
                                        "shared_chars", "share_a", "share_b", "mean_similarity"])
    empty_pass = pd.DataFrame(columns=["pair", "source_a", "report_a", "start_a", "end_a", "text_a",
                                       "source_b", "report_b", "start_b", "end_b", "text_b", "similarity"])
    if len(passages) < 2 or n_reports < 2:
        return CopyResult(empty_pairs, empty_pass, pd.DataFrame(columns=["text", "reports"]))
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), min_df=1, sublinear_tf=True)
    X = vec.fit_transform([p.text for p in passages])
    k = min(neighbours + 1, len(passages))
    nn = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(X)
    dist, idx = nn.kneighbors(X)
    # near-duplicate links between passages of different reports
    links: dict[int, set[int]] = defaultdict(set)
    sims: dict[tuple[int, int], float] = {}
    for i in range(len(passages)):
        for d, j in zip(dist[i], idx[i]):
            sim = 1.0 - float(d)
            if j == i or sim < threshold or passages[i].key == passages[j].key:
                continue
            links[i].add(int(j))
            links[int(j)].add(i)
            sims[(min(i, j), max(i, j))] = max(sim, sims.get((min(i, j), max(i, j)), 0.0))
    # boilerplate: a passage whose near-duplicates span too many reports
    boiler = set()
    for i, js in links.items():
        reports = {passages[i].key} | {passages[j].key for j in js}
        if len(reports) > boilerplate_reports:
            boiler.add(i)
            boiler.update(js)
    by_pair: dict[tuple, list[tuple[int, int, float]]] = defaultdict(list)
    for (i, j), sim in sims.items():
        a, b = (i, j) if passages[i].key <= passages[j].key else (j, i)
        by_pair[(passages[a].key, passages[b].key)].append((a, b, sim))
    chars = defaultdict(int)
    for p in passages:
        chars[p.key] += len(p.text)

    def shared(items) -> tuple[set[int], set[int], int]:
        ua, ub = {a for a, _, _ in items}, {b for _, b, _ in items}
        return ua, ub, min(len(ua), len(ub))

    pair_rows, pass_rows = [], []
    for (ka, kb), all_items in sorted(by_pair.items()):
        # boilerplate does not make two reports copies of each other … unless they share most of
        # their text: many townships filing one template is copying, not boilerplate
        items = [t for t in all_items if t[0] not in boiler and t[1] not in boiler]
        used_a, used_b, n = shared(items)
        if n < min_shared:
            ua, ub, n_all = shared(all_items)
            whole = min(sum(len(passages[a].text) for a in ua) / chars[ka],
                        sum(len(passages[b].text) for b in ub) / chars[kb])
            if n_all < min_shared or whole < WHOLESALE_SHARE:
                continue
            items, used_a, used_b = all_items, ua, ub
        shared_a = sum(len(passages[a].text) for a in used_a)
        shared_b = sum(len(passages[b].text) for b in used_b)
        pair_id = len(pair_rows) + 1
        pair_rows.append(dict(source_a=ka[0], report_a=ka[1], source_b=kb[0], report_b=kb[1],
                              shared_passages=min(len(used_a), len(used_b)),
                              shared_chars=min(shared_a, shared_b),
                              share_a=round(shared_a / chars[ka], 3), share_b=round(shared_b / chars[kb], 3),
                              mean_similarity=round(sum(s for _, _, s in items) / len(items), 3)))
        for a, b, sim in sorted(items, key=lambda t: passages[t[0]].start):
            pa, pb = passages[a], passages[b]
            pass_rows.append(dict(pair=pair_id, source_a=ka[0], report_a=ka[1], start_a=pa.start,
                                  end_a=pa.end, text_a=pa.text, source_b=kb[0], report_b=kb[1],
                                  start_b=pb.start, end_b=pb.end, text_b=pb.text,
                                  similarity=round(sim, 3)))
    boiler_rows = []
    seen_texts = set()
    for i in sorted(boiler):
        t = passages[i].text
        if t in seen_texts:
            continue
        seen_texts.add(t)
        reps = {passages[i].key} | {passages[j].key for j in links[i]}
        boiler_rows.append(dict(text=t, reports=len(reps)))
    pairs = pd.DataFrame(pair_rows, columns=empty_pairs.columns)
    if len(pairs):
        pairs = pairs.sort_values(["shared_chars"], ascending=False, ignore_index=True)
    return CopyResult(pairs, pd.DataFrame(pass_rows, columns=empty_pass.columns),
                      pd.DataFrame(boiler_rows, columns=["text", "reports"]))
