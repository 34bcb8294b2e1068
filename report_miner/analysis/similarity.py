"""Which reports copy each other: near-identical passages across reports.

Every report is cut into passages (sentences, short ones merged with their neighbours); each
passage becomes a TF-IDF vector of character 2-4-grams, and two passages of different reports
whose cosine similarity reaches the threshold are the same text. Passages that recur in many
reports (the closing "以上汇报,如有不妥,敬请批评指正", a county-wide slogan) are boilerplate:
they are recognised by how many reports share them and are not counted as copying.

How it scales (a generated archive of 20,000 reports holds about 500,000 passages): no step
compares all pairs of passages once there are many.

1. Identical passages (after the vectoriser's lower-casing and white-space folding) are
   grouped first and handled once, with their number of occurrences.
2. Families: distinct passages that are the same sentence frame once numbers, dates, place
   names (two characters before 村/镇/乡/街道/社区/组…) and the report's own township name are
   masked (:func:`frame_of`) form one family, represented by its most frequent text. Only the
   representatives go through steps 4-5.
3. Character n-grams are hashed (64 bits) with NumPy over all passages at once (no Python
   loop per n-gram); document frequencies and TF-IDF weights (sublinear tf, smoothed idf,
   l2 norm: the same formula as scikit-learn's ``TfidfVectorizer``) follow from them, over
   all distinct passages (a family's other texts count for the idf as before).
4. Candidates: up to :data:`EXACT_LIMIT` representatives every pair is checked (sparse
   matrix products in blocks): the result is exact. Above it, MinHash LSH on character
   4-grams proposes candidate pairs (bands of :data:`LSH_ROWS` MinHash values; the band
   count is set from the threshold so that passages as alike as copies at the threshold
   usually are meet in some band with probability :data:`LSH_RECALL`); pairs that met by
   chance are dropped at once by their whole signatures; a bucket of more than
   :data:`STAR_BUCKET` texts is checked against its first member only, and families of up to
   :data:`STAR_GROUP` linked texts are then completed pair by pair.
5. Every candidate is verified with the exact TF-IDF cosine; only verified pairs count.
6. A family whose texts, with those of its linked families, are in more than
   ``boilerplate_reports`` reports is one frame filled in by many reports: boilerplate as a
   whole (a *unit*: one row of ``boilerplate`` with its number of ``variants``), its texts
   never compared pair by pair, except texts that differ only in names and dates, their
   numbers kept (a report filed again under another name: verified as texts of their own) and texts of
   reports that share most of their text (a template filed twice: its stock passages count
   only where both reports filled them with the same figures, so a county's frame that each
   township fills with its own is no copy). The other families are
   expanded: each of their texts is verified against its family and the texts of its linked
   families, as if it had gone through steps 4-5 itself (a bounded number: their reports are
   at most ``boilerplate_reports``).
7. Boilerplate: a passage whose near-duplicates span more townships than the limit (10% of
   the townships; a township's own reports of several years count once, so a passage one
   township repeats year after year and another copies is still a copy); a component of more
   than :data:`STAR_GROUP` linked families is counted as a whole.

The price of LSH: a pair just at the threshold may be missed (on the supplied texts LSH finds
what the exact check finds at 0.6 and 0.8, 25 of 26 pairs at 0.4). The price of families: a
passage of a frame found in more reports than ``boilerplate_reports`` is boilerplate even
where one of its fillings was copied with other numbers (a copy that keeps its numbers and
changes only names and dates is still found); and two texts are compared through their
families' representatives, so a pair whose representatives fall below the threshold while
they themselves reach it can be missed: at 20,000 generated reports 287 of the 34,032 texts the
old check called boilerplate (problem sentences, found near many others only through their
families' representatives) are no longer boilerplate, which added one identical passage to
each of two whole-copy pairs and no pair.

What grows faster than linearly: LSH candidate pairs among passages that are unique
combinations of a finite stock of clauses. Before families, 2,000 -> 20,000 generated reports
gave 205,739 -> 4,026,334 candidates (x19.6), most of them same-frame passages (cosine
0.3-0.6: headings with each township's name and year, the 基本情况 sentence with other villages
and numbers, problem sentences), x19.4 even when the signature check keeps only estimates at
the Jaccard target itself, so no choice of bands or slack makes them linear. With families
those frames are a few representatives (409,016 families for 481,486 distinct passages at
20,000 reports): candidates 143,683 -> 2,460,863 (x17.1), of which 1.55 million are work
sentences built from shared clauses with other activity words (x31, not maskable as fillers)
and 0.52 million plan sentences (x19); see ``bench/bench_compare.py`` and the README for
measured times.

>>> # see tests/test_compare.py and tests/test_copies.py for worked examples
"""
from __future__ import annotations

import warnings
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations, product

import regex

from ..mining.normalise import normalise
from ..mining.numerals import CN_EVERYDAY_DIGITS, CN_EVERYDAY_MAGNITUDES

_SENT_END = regex.compile(r"[。!?;！？；\n]+")
MIN_PASSAGE = 24      # characters; shorter sentences are merged with the next one (the last
                      # one of a report with the one before)
WHOLESALE_SHARE = 0.5  # two reports sharing this much of their text are copies, boilerplate or not
MAX_PASSAGE = 400
EXACT_LIMIT = 20_000   # distinct passages up to which every pair is checked (exact result)
LSH_ROWS = 3           # MinHash values per LSH band
LSH_RECALL = 0.95      # chance that a pair as alike as copies at the threshold meets in a band
LSH_SLACK = 3.0       # a pair is kept if its signature estimate is at most this many standard
                      # errors below the Jaccard target; 1.0 halves the candidates (20,000 bench
                      # reports: 118 -> 100 s CPU, same pairs and passages, but 95 of 34,032
                      # boilerplate rows lost), so it stays at 3.0
STAR_BUCKET = 8        # an LSH bucket of more texts is checked against its first member only
STAR_GROUP = 32        # families of near-duplicates up to this size are then checked pair by pair
BOILERPLATE_MAX = 50   # a passage in more reports than this is boilerplate in any archive
LONG_PASSAGE = 60      # Han characters: one shared passage this long (in both reports, not
                       # boilerplate) makes a pair on its own; 0 = a pair always needs min_shared
LONG_SIMILARITY = 0.9   # … when copied nearly verbatim (cosine at least this)
_HAN = regex.compile(r"\p{Han}")
_WHITE = regex.compile(r"\s\s+")  # runs of white space, folded as scikit-learn's char analyser does


@dataclass(frozen=True, slots=True)
class Passage:
    key: tuple[str, int]     # (source, report)
    start: int               # offsets into the source text as loaded
    end: int
    text: str                # the normalised passage text


BOILERPLATE_COLUMNS = ["text", "reports", "variants"]


@dataclass
class CopyResult:
    """``pairs``: one row per pair of reports sharing passages; ``passages``: the shared
    passages side by side; ``boilerplate``: passages found in too many reports to count (one row
    per text, or per frame filled in by many reports: ``variants`` says how many distinct texts
    the row stands for); ``stats``: how many passages, texts, families, candidate and verified
    pairs the detection handled (for benchmarks and the curious)."""

    pairs: "object"
    passages: "object"
    boilerplate: "object"
    stats: dict = field(default_factory=dict)


# fillers masked when passages are grouped into sentence frames (frame_of): numbers and dates
# (Arabic digits, runs of Chinese numerals) and place names (two characters before a
# village/township suffix: 东坡村, 河西镇, 石桥街道; 组 not before 织/建/成/长, as in 组织). A suffix
# that ends a common word with the character before it is no name's end, so the two characters
# before that word are no name either (推进农村 stays, not 推□): 农村 乡村 行政村 自然村 邻村,
# 全村 各村 本村 该村 我村 每村 and the like for 镇/乡, 进村 驻村 到村 入村 包村 (村委会 too),
# 城镇 乡镇 集镇, 城乡 下乡 返乡 回乡 (乡 before 村/镇: 乡村, 乡镇), 小组 分组 编组 重组 改组
# 村组 班组, 进社区 入社区 到社区; a name that ends in 新 (红星新村) is still a name
_NOT_NAME_END = "全各本该我每"  # 全镇, 本乡, 各村 …: the whole / each / this one
_MASK_NUMBER = regex.compile(rf"\d+(?:[.,:．：]\d+)*[%％‰]?|[{CN_EVERYDAY_DIGITS}{CN_EVERYDAY_MAGNITUDES}]{{2,}}")
_MASK_PLACE = regex.compile(
    r"\p{Han}{2}(?:街道|(?<![进入到])社区|居委会"
    rf"|(?<![农乡邻政然进驻到入包{_NOT_NAME_END}])(?:村委会|村)"
    rf"|(?<![城乡集{_NOT_NAME_END}])镇|(?<![城下返回{_NOT_NAME_END}])乡(?![村镇])"
    r"|(?<![小分编重改村班])组(?![织建成长]))")
_MASK_DATE = regex.compile(r"(?<!\d)(?:\d{4}|\d{2})年|(?<!\d)\d{1,2}[月日号]")
_OWN_NUMBER = regex.compile(r"\d\d")
_MASK = "\u25a1"


def _figures_of(text: str) -> list[str]:
    """The numbers of a passage, dates left out (会员2700人 → ['2700']; 2023年 is a date): two
    fillings of one frame with the same figures are one text filed twice."""
    return _MASK_NUMBER.findall(_MASK_DATE.sub(_MASK, text))


def frame_of(text: str, own: str = "") -> str:
    """The sentence frame of a passage: ``text`` with numbers, dates and place names masked
    (``own``, the report's own township name, first).

    Passages of one frame form a family: a copy with the numbers or names changed has the
    frame of its source, and a frame filled in by very many reports is stock text.

    >>> frame_of("东坡镇今年在白沙村举办培训班12期,培训骨干300人次。", "东坡镇")
    '□今年在□举办培训班□期,培训骨干□人次。'
    """
    if own:
        text = text.replace(own, _MASK)
    return _MASK_PLACE.sub(_MASK, _MASK_NUMBER.sub(_MASK, text))


def passages_of(text: str, source: str, reports: list[tuple[int, int, int]], rules=None) -> list[Passage]:
    """Cut each report (``(report, start, end)`` offsets in ``text`` as loaded) into passages.
    ``rules``: the :class:`report_miner.ruleset.load.RuleSet` (or rules folder) the reports were
    mined with: its units mend a number a line break cut (``36⏎⏎榀`` with a user's unit 榀), as
    mining did; default the shipped rules."""
    norm = normalise(text, rules)
    clean = norm.text
    # clean offsets of report bounds: find the clean position for each original start
    out: list[Passage] = []
    orig_to_clean = _inverse(norm)
    for rep, s, e in reports:
        key = (source, rep)  # one tuple shared by the report's passages (500,000 at 20,000 reports)
        cs, ce = orig_to_clean(s), orig_to_clean(e)
        pos = cs
        buf_start = None
        last = None  # the report's last passage, held back: a short tail joins it
        for m in _SENT_END.finditer(clean, cs, ce):
            seg_start = pos if buf_start is None else buf_start
            seg_end = m.end()
            pos = m.end()
            seg = clean[seg_start:seg_end].strip()
            if len(seg) < MIN_PASSAGE:
                buf_start = seg_start
                continue
            buf_start = None
            if last is not None:
                _emit(out, norm, key, *last)
            last = (seg_start, seg_end)
        tail_start = pos if buf_start is None else buf_start
        if ce - tail_start >= MIN_PASSAGE:
            if last is not None:
                _emit(out, norm, key, *last)
            last = (tail_start, ce)
        elif last is not None and clean[tail_start:ce].strip():
            # short sentences are merged with the next one; the last has none: the one before
            last = (last[0], ce)
        if last is not None:
            _emit(out, norm, key, *last)
    return out


def _emit(out, norm, key, s, e):
    clean = norm.text
    while s < e and clean[s].isspace():
        s += 1
    while e > s and clean[e - 1].isspace():
        e -= 1
    for a in range(s, e, MAX_PASSAGE):
        b = min(e, a + MAX_PASSAGE)
        os_, oe = norm.to_orig_span(a, b)
        out.append(Passage(key, os_, oe, clean[a:b]))


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



# ----------------------------------------------------------------------------------------------
# n-gram hashing, TF-IDF and MinHash over many passages at once (NumPy, no loop per n-gram)

_M1 = 0x9E3779B97F4A7C15
_M2 = 0xBF58476D1CE4E5B9
_M3 = 0x94D049BB133111EB


def _mix(h):
    """splitmix64 finaliser on a uint64 array (in place where possible)."""
    import numpy as np

    h ^= h >> np.uint64(30)
    h *= np.uint64(_M2)
    h ^= h >> np.uint64(27)
    h *= np.uint64(_M3)
    h ^= h >> np.uint64(31)
    return h


class _Texts:
    """Distinct passage texts as one array of code points, for vectorised n-gram hashing."""

    def __init__(self, texts: list[str]):
        import numpy as np

        self.n = len(texts)
        lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=self.n)
        # a separator (not a code point) after every text keeps n-grams inside one text
        self.starts = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(lens + 1, out=self.starts[1:])
        self.lens = lens
        self.cps = np.frombuffer("\uffff".join(texts).encode("utf-32-le") + "\uffff".encode("utf-32-le"),
                                 dtype=np.uint32).copy()
        self.cps[self.starts[1:] - 1] = 0x200000  # above every code point

    def text(self, i: int) -> str:
        """Text ``i`` as given."""
        a = int(self.starts[i])
        return self.cps[a:a + int(self.lens[i])].tobytes().decode("utf-32-le")

    def ngrams(self, n: int, lo: int = 0, hi: int | None = None):
        """(row, 64-bit hash) of every character n-gram of texts ``lo``..``hi``."""
        import numpy as np

        hi = self.n if hi is None else hi
        a, b = int(self.starts[lo]), int(self.starts[hi])
        if b - a < n:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        pos = np.arange(a, b - n + 1)
        rows = np.searchsorted(self.starts, pos, side="right") - 1
        ok = pos + n <= self.starts[rows] + self.lens[rows]  # the n-gram ends inside its text
        pos, rows = pos[ok], rows[ok]
        h = np.full(len(pos), np.uint64((n * _M1) & 0xFFFFFFFFFFFFFFFF), dtype=np.uint64)
        for k in range(n):
            h ^= self.cps[pos + k].astype(np.uint64)
            h *= np.uint64(_M1)
        return rows.astype(np.int64), _mix(h)


def _chunks(texts: _Texts, size: int = 1_000_000):
    """Row ranges of about ``size`` characters each."""
    import numpy as np

    bounds = [0]
    targets = np.arange(size, int(texts.starts[-1]), size)
    bounds += [int(b) for b in np.searchsorted(texts.starts, targets)]
    bounds.append(texts.n)
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        if hi > lo and (not out or lo >= out[-1][1]):
            out.append((lo, hi))
    return out


def _vocabulary(texts: _Texts):
    """The sorted distinct 64-bit hashes of all 2-4-grams: one column each (no collisions
    in practice, so the weights are those of a vectoriser with a vocabulary)."""
    import numpy as np

    vocab = np.zeros(0, dtype=np.uint64)
    pending: list = []  # chunk vocabularies not merged yet
    size = 0
    for lo, hi in _chunks(texts):
        part = np.unique(np.concatenate([texts.ngrams(n, lo, hi)[1] for n in (2, 3, 4)]))
        pending.append(part)
        size += len(part)
        # merged once the pending parts outweigh the vocabulary (not at every chunk: merging
        # a growing vocabulary with each chunk made the time grow with chunks x vocabulary)
        if size >= len(vocab):
            vocab = np.unique(np.concatenate([vocab] + pending))
            pending, size = [], 0
    if pending:
        vocab = np.unique(np.concatenate([vocab] + pending))
    return vocab


def _counts(texts: _Texts, vocab, lo: int, hi: int):
    """(row, column, count) of the 2-4-grams of texts ``lo``..``hi``."""
    import numpy as np

    keys = []
    for n in (2, 3, 4):
        rows, h = texts.ngrams(n, lo, hi)
        cols = np.searchsorted(vocab, h).astype(np.uint64)
        keys.append((rows.astype(np.uint64) << np.uint64(32)) | cols)
    k, c = np.unique(np.concatenate(keys), return_counts=True)
    return (k >> np.uint64(32)).astype(np.int64), (k & np.uint64(0xFFFFFFFF)).astype(np.int64), c


def _idf(texts: _Texts, vocab, mult, n_docs: int):
    """Smoothed idf per column: ln((1 + n) / (1 + df)) + 1, df counting every occurrence."""
    import numpy as np

    df = np.zeros(len(vocab), dtype=np.float64)
    for lo, hi in _chunks(texts):
        rows, cols, _ = _counts(texts, vocab, lo, hi)
        df += np.bincount(cols, weights=mult[rows], minlength=len(vocab))
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0


def _tfidf(texts: _Texts, vocab, rows_wanted, idf, dtype=None):
    """TF-IDF rows (sublinear tf, l2-normalised) of the texts ``rows_wanted`` (sorted), as CSR.

    Built chunk by chunk into arrays allocated once (no copy of the whole); ``dtype`` float32 halves
    the memory of large archives (similarities then agree with float64 to about 1e-7)."""
    import numpy as np
    from scipy import sparse

    dtype = dtype or np.float64
    rows_wanted = np.asarray(rows_wanted, dtype=np.int64)
    want = np.zeros(texts.n, dtype=bool)
    want[rows_wanted] = True
    # filled in place: at most 3 n-grams per character, so the arrays are allocated once at
    # that bound and never copied (a 20,000-report archive: about 75 million entries)
    cap = int(3 * texts.lens[rows_wanted].sum())
    data = np.empty(cap, dtype=dtype)
    indices = np.empty(cap, dtype=np.int32)
    counts = np.zeros(len(rows_wanted), dtype=np.int64)
    local = np.full(texts.n, -1, dtype=np.int64)
    local[rows_wanted] = np.arange(len(rows_wanted))
    nnz = 0
    for lo, hi in _chunks(texts):
        if not want[lo:hi].any():
            continue
        rows, cols, cnt = _counts(texts, vocab, lo, hi)
        keep = want[rows]
        rows, cols, cnt = local[rows[keep]], cols[keep], cnt[keep]
        val = (np.log(cnt) + 1.0) * idf[cols]
        r0 = int(local[lo:hi][want[lo:hi]][0])
        n_rows = int(want[lo:hi].sum())
        norms = np.sqrt(np.bincount(rows - r0, weights=val * val, minlength=n_rows))
        norms[norms == 0] = 1.0
        val /= norms[rows - r0]
        data[nnz:nnz + len(val)] = val
        indices[nnz:nnz + len(val)] = cols
        counts[r0:r0 + n_rows] = np.bincount(rows - r0, minlength=n_rows)
        nnz += len(val)
    idx_type = np.int32 if nnz < 2 ** 31 else np.int64
    indptr = np.zeros(len(rows_wanted) + 1, dtype=idx_type)
    np.cumsum(counts, out=indptr[1:])
    return sparse.csr_matrix((data[:nnz], indices[:nnz].astype(idx_type, copy=False), indptr),
                             shape=(len(rows_wanted), len(vocab)), copy=False)


def _lsh_jaccard(threshold: float) -> float:
    """The 4-gram Jaccard similarity LSH is designed for at a cosine ``threshold`` (see
    :func:`_lsh_bands`)."""
    return min(0.9, max(0.1, 0.93 * threshold - 0.215))


def _lsh_bands(threshold: float) -> int:
    """How many bands of :data:`LSH_ROWS` MinHash values for a cosine ``threshold``.

    Copies at cosine ``c`` (TF-IDF of 2-4-grams) were seen to share at least about
    ``0.93 c - 0.215`` of their character 4-grams (Jaccard) on the supplied texts; the bands
    make two passages that alike meet in some band with probability :data:`LSH_RECALL`."""
    import math

    j = _lsh_jaccard(threshold)
    b = math.log(1 - LSH_RECALL) / math.log(1 - j ** LSH_ROWS)
    return int(min(200, max(8, math.ceil(b))))


def _lsh_candidates(texts: _Texts, bands: int, seed: int = 1, jaccard: float = 0.0):
    """Pairs (i < j) of texts whose 4-gram MinHash agree on all rows of at least one band, as
    sorted packed keys ``i << 32 | j`` (:func:`_unpack`): 8 bytes a pair, where two int64
    arrays of i and j took 16 (a generated 20,000-report archive gave about 4 million candidates).

    Pairs that meet in a band only by chance (passages that share a stock clause or two) are
    dropped at once when their whole signatures (the low byte of every MinHash value: 1/256 of
    chance agreement, corrected for) estimate a Jaccard similarity more than :data:`LSH_SLACK` standard
    errors below ``jaccard``; so memory holds likely pairs only, whatever the archive's size."""
    import math

    import numpy as np

    rng = np.random.default_rng(seed)
    n_hash = bands * LSH_ROWS
    a = rng.integers(1, 2 ** 63, size=n_hash, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2 ** 63, size=n_hash, dtype=np.uint64)
    keys = np.zeros((bands, texts.n), dtype=np.uint32)  # 32-bit band keys: a rare false candidate
    sig = np.zeros((texts.n, n_hash), dtype=np.uint8)
    floor = max(0.0, jaccard - LSH_SLACK * math.sqrt(jaccard * (1 - jaccard) / n_hash)) if jaccard else 0.0
    need = math.ceil((floor * (1 - 1 / 256) + 1 / 256) * n_hash) if floor else 0

    def likely(i, j):
        if not need:
            return np.ones(len(i), dtype=bool)
        keep = np.empty(len(i), dtype=bool)
        for lo in range(0, len(i), 100_000):
            agree = (sig[i[lo:lo + 100_000]] == sig[j[lo:lo + 100_000]]).sum(axis=1)
            keep[lo:lo + 100_000] = agree >= need
        return keep
    has = np.zeros(texts.n, dtype=bool)
    for lo, hi in _chunks(texts, 1_000_000):
        rows, h = texts.ngrams(4, lo, hi)
        if not len(rows):
            continue
        seg = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        rr = rows[seg]
        has[rr] = True
        for band in range(bands):
            key = np.zeros(len(rr), dtype=np.uint64)
            for k in range(band * LSH_ROWS, (band + 1) * LSH_ROWS):
                m = np.minimum.reduceat((h * a[k] + b[k]) >> np.uint64(32), seg)
                sig[rr, k] = (m & np.uint64(0xFF)).astype(np.uint8)
                key = _mix(key ^ m)
            keys[band, rr] = (key >> np.uint64(32)).astype(np.uint32)
    idx = np.flatnonzero(has)
    found = [np.zeros(0, dtype=np.uint64)]  # the deduplicated pairs, then the pending ones
    for band in range(bands):
        kb = keys[band, idx]
        order = np.argsort(kb, kind="stable")
        ks = kb[order]
        brk = np.flatnonzero(ks[1:] != ks[:-1]) + 1
        g_start = np.r_[0, brk]
        g_end = np.r_[brk, len(ks)]
        big = g_end - g_start >= 2
        g_start, g_end = g_start[big], g_end[big]
        if not len(g_start):
            continue
        # a large bucket (a stock heading or closing with each township's name in it): every
        # member is checked against the bucket's first only, so the work stays linear
        star = g_end - g_start > STAR_BUCKET
        if star.any():
            s_start, s_end = g_start[star], g_end[star]
            lens = s_end - s_start - 1
            members = _group_positions(s_start, s_end) + 1
            heads = np.repeat(s_start, lens)
            i, j = idx[order[heads]], idx[order[members]]
            ok = likely(i, j)
            i, j = i[ok], j[ok]
            found.append((np.minimum(i, j).astype(np.uint64) << np.uint64(32)) | np.maximum(i, j).astype(np.uint64))
            g_start, g_end = g_start[~star], g_end[~star]
            if not len(g_start):
                continue
        # every element pairs with the later elements of its group
        pos = np.concatenate([np.arange(s, e - 1) for s, e in zip(g_start, g_end)]) if len(g_start) < 64 else \
            _group_positions(g_start, g_end)
        ends = np.repeat(g_end, g_end - g_start - 1)
        reps = ends - pos - 1
        first = np.repeat(pos, reps)
        offs = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
        second = first + 1 + offs
        i, j = idx[order[first]], idx[order[second]]
        ok = likely(i, j)
        i, j = i[ok], j[ok]
        lo_, hi_ = np.minimum(i, j), np.maximum(i, j)
        found.append((lo_.astype(np.uint64) << np.uint64(32)) | hi_.astype(np.uint64))
        # dedupe as we go, so memory stays small: once the pending pairs reach half the
        # deduplicated ones (not after every band, which sorted all candidates again per band)
        if sum(len(f) for f in found[1:]) > max(4_000_000, len(found[0]) // 2):
            found = [np.unique(np.concatenate(found))]
    del sig, keys
    return np.unique(np.concatenate(found))


def _unpack(pairs):
    """(i, j) of packed pair keys ``i << 32 | j``."""
    import numpy as np

    return (pairs >> np.uint64(32)).astype(np.int64), (pairs & np.uint64(0xFFFFFFFF)).astype(np.int64)


def _runs(labels):
    """(starts, ends) of the runs of equal values in a sorted array."""
    import numpy as np

    if not len(labels):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    return starts.tolist(), np.r_[starts[1:], len(labels)].tolist()


def _group_positions(g_start, g_end):
    """Concatenated ``arange(s, e - 1)`` for every group, without a Python loop."""
    import numpy as np

    lens = g_end - g_start - 1
    return np.repeat(g_start, lens) + np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)


def _verify(X, ci, cj, li, lj, threshold, out_i, out_j, out_s, chunk: int = 25_000) -> None:
    """Append the candidate pairs (texts ``ci``, ``cj``; rows ``li``, ``lj`` of ``X``) whose
    cosine similarity reaches ``threshold``."""
    import numpy as np

    for lo in range(0, len(ci), chunk):
        a, b = li[lo:lo + chunk], lj[lo:lo + chunk]
        dot = np.asarray(X[a].multiply(X[b]).sum(axis=1)).ravel()
        sim = 1.0 - np.clip(1.0 - dot, 0.0, 2.0)
        keep = sim >= threshold
        out_i.append(ci[lo:lo + chunk][keep])
        out_j.append(cj[lo:lo + chunk][keep])
        out_s.append(sim[keep])


def pairs_across_reports(items, report_of) -> Iterator[tuple[int, int]]:
    """The pairs of ``combinations(items, 2)``, in that order, but those of two items of one
    report (``report_of[i] == report_of[j]``): a text a report repeats is no copy of anything.
    Items of one report that stand together in ``items`` (passages are numbered report by
    report) are skipped as one run, so a report that repeats one sentence 40,000 times (a
    one-line file of one sentence over and over) costs 40,000 steps, not the 800 million
    pairs it took to find each of them dropped.

    >>> list(pairs_across_reports([3, 4, 7, 8], {3: 0, 4: 0, 7: 1, 8: 1}))
    [(3, 7), (3, 8), (4, 7), (4, 8)]
    """
    n = len(items)
    keys = [int(report_of[i]) for i in items]
    runs: dict[int, list[tuple[int, int]]] = {}  # per report: its runs [start, end) in items
    own_run = [0] * n
    start = 0
    for p in range(1, n + 1):
        if p == n or keys[p] != keys[start]:
            rs = runs.setdefault(keys[start], [])
            own_run[start:p] = [len(rs)] * (p - start)
            rs.append((start, p))
            start = p
    for p in range(n):
        i, rs, r = items[p], runs[keys[p]], own_run[p]
        q0 = rs[r][1]  # the rest of its own run: the same report
        for a, b in rs[r + 1:]:
            for q in range(q0, a):
                yield i, items[q]
            q0 = b
        for q in range(q0, n):
            yield i, items[q]


class _Pairs:
    """Pairs of texts (``a < b``) to verify, kept compact: two arrays of 64-bit ints."""

    def __init__(self):
        self.i, self.j = array("q"), array("q")

    def __len__(self) -> int:
        return len(self.i)

    def within(self, group, skip=frozenset()) -> None:
        """Every pair of the texts ``group`` (in its order), but those in ``skip``."""
        add_i, add_j = self.i.append, self.j.append
        for a, b in combinations(group, 2):
            if a > b:
                a, b = b, a
            if (a, b) not in skip:
                add_i(a)
                add_j(b)

    def across(self, left, right, known=None) -> None:
        """Every pair of a text of ``left`` and one of ``right``, but ``known`` (a pair in that
        order: already verified)."""
        add_i, add_j = self.i.append, self.j.append
        for a, b in product(left, right):
            if (a, b) != known:
                add_i(min(a, b))
                add_j(max(a, b))

    def verify(self, vec: "_Vectors", threshold: float, out_i, out_j, out_s) -> None:
        """Append the pairs whose cosine similarity reaches ``threshold`` (:meth:`_Vectors.verify`)."""
        import numpy as np

        if len(self):
            vec.verify(np.array(self.i, dtype=np.int64), np.array(self.j, dtype=np.int64), threshold,
                       out_i, out_j, out_s)

    def verified(self, vec: "_Vectors", threshold: float):
        """(i, j, similarity) arrays of the pairs whose cosine similarity reaches ``threshold``."""
        import numpy as np

        out_i, out_j, out_s = [], [], []
        self.verify(vec, threshold, out_i, out_j, out_s)
        if not out_i:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_s)


def _similar_pairs(texts: _Texts, mult, n_docs: int, threshold: float, rows=None, extra=None,
                   stats: dict | None = None):
    """Verified pairs (i, j, sim) of distinct texts among ``rows`` (sorted text numbers; default
    all) with cosine similarity >= ``threshold``, and a :class:`_Vectors` of ``rows`` and ``extra``
    (more texts to verify pairs of later). The vocabulary and idf are those of all texts."""
    import numpy as np

    vocab = _vocabulary(texts)
    idf = _idf(texts, vocab, mult, n_docs)
    rows = np.arange(texts.n) if rows is None else np.asarray(rows, dtype=np.int64)
    extra = np.zeros(0, dtype=np.int64) if extra is None else np.asarray(extra, dtype=np.int64)
    out_i, out_j, out_s = [], [], []
    if len(rows) <= EXACT_LIMIT:
        vec = _Vectors(texts, vocab, idf, np.union1d(rows, extra), None)
        X = vec.X[np.searchsorted(vec.rows, rows)] if len(vec.rows) != len(rows) else vec.X
        XT = X.T.tocsr()
        for lo in range(0, len(rows), 500):
            S = (X[lo:lo + 500] @ XT).toarray()
            sim = 1.0 - np.clip(1.0 - S, 0.0, 2.0)
            ii, jj = np.nonzero(sim >= threshold)
            ii = ii + lo
            keep = ii < jj
            out_i.append(rows[ii[keep]])
            out_j.append(rows[jj[keep]])
            out_s.append(sim[ii[keep] - lo, jj[keep]])
        if stats is not None:
            stats["candidates"] = len(rows) * (len(rows) - 1) // 2
    else:
        sub = texts if len(rows) == texts.n else _Texts([texts.text(r) for r in rows.tolist()])
        cand = _lsh_candidates(sub, _lsh_bands(threshold), jaccard=_lsh_jaccard(threshold))
        del sub
        if stats is not None:
            stats["candidates"] = len(cand)
        used = np.zeros(texts.n, dtype=bool)  # the texts in some candidate pair
        used[extra] = True
        for lo in range(0, len(cand), 1_000_000):
            ci, cj = _unpack(cand[lo:lo + 1_000_000])
            used[rows[ci]] = True
            used[rows[cj]] = True
        vec = _Vectors(texts, vocab, idf, np.flatnonzero(used), np.float32)
        del used
        # unpacked and verified a chunk at a time: the candidates stay packed (8 bytes a pair)
        for lo in range(0, len(cand), 1_000_000):
            ci, cj = _unpack(cand[lo:lo + 1_000_000])
            vec.verify(rows[ci], rows[cj], threshold, out_i, out_j, out_s)
        del cand
        # large buckets were checked against one member only: within each family of linked
        # texts up to STAR_GROUP, check every pair, so that a passage copied into several
        # reports links all of them (bigger families are handled as families by find_copies)
        if out_i:
            from scipy import sparse
            from scipy.sparse.csgraph import connected_components

            vi, vj = np.concatenate(out_i), np.concatenate(out_j)
            graph = sparse.coo_matrix((np.ones(len(vi)), (vi, vj)), shape=(texts.n, texts.n))
            _n, label = connected_components(graph, directed=False)
            sizes = np.bincount(label)
            fam = np.flatnonzero((sizes > 2) & (sizes <= STAR_GROUP))
            if len(fam):
                members = np.flatnonzero(np.isin(label, fam))
                members = members[np.argsort(label[members], kind="stable")]
                done = set(zip(vi.tolist(), vj.tolist()))
                todo = _Pairs()
                lab = label[members]
                for start in np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]]).tolist():
                    end = start + int(sizes[lab[start]])
                    todo.within(members[start:end].tolist(), skip=done)
                todo.verify(vec, threshold, out_i, out_j, out_s)
    if not out_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), vec
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_s), vec


class _Vectors:
    """TF-IDF rows of some texts (``rows``, sorted), to verify pairs among them."""

    def __init__(self, texts: _Texts, vocab, idf, rows, dtype):
        import numpy as np

        self.rows = np.asarray(rows, dtype=np.int64)
        self.X = _tfidf(texts, vocab, self.rows, idf, dtype)

    def verify(self, ci, cj, threshold, out_i, out_j, out_s) -> None:
        """Append the pairs of texts ``ci``, ``cj`` whose cosine similarity reaches ``threshold``."""
        import numpy as np

        _verify(self.X, ci, cj, np.searchsorted(self.rows, ci), np.searchsorted(self.rows, cj), threshold,
                out_i, out_j, out_s)


def find_copies(passages: list[Passage], threshold: float = 0.6, neighbours: int | None = None,
                boilerplate_reports: int | None = None, min_shared: int = 2,
                townships: dict | None = None, groups: dict | None = None):
    """Pairs of reports that share near-identical passages.

    ``threshold`` is the cosine similarity for two passages to count as the same text;
    a passage found in more than ``boilerplate_reports`` townships (``townships``: a township's
    reports of several years count once, a report of no known township as one of its own;
    default: 10% of the townships, at least 3 and at most :data:`BOILERPLATE_MAX`) is
    boilerplate; a pair needs ``min_shared`` shared passages to be listed (one long passage,
    :data:`LONG_PASSAGE` Han characters or more on both sides and alike to
    :data:`LONG_SIMILARITY`, between two townships, counts for two). Sentence frames
    filled in by many reports (below) are counted in reports (10% of the reports by default).
    ``groups`` (default ``townships``) names the township each report counts for, where one
    name stands for two townships (石门镇 of two counties: ``石门镇 (青禾县)``).
    Boilerplate is not counted, except between reports that share at least
    :data:`WHOLESALE_SHARE` of their text with it (one template filed by many townships).
    ``neighbours`` is deprecated and ignored (a ``DeprecationWarning`` when given): every
    passage at or above the threshold is found, not only the nearest few (see the module
    docstring for how without all pairs); it is still accepted for old callers.

    Passages of one sentence frame (:func:`frame_of`: the same once numbers, dates and place
    names are masked; ``townships`` maps a report's key to its township name, masked too) form
    a family: one text per family is compared with the others; a family's other texts are
    verified against their family and its linked families only where these stay within
    ``boilerplate_reports`` reports; a family (with its linked families) in more reports than
    that is boilerplate as a whole, one row in ``boilerplate`` with its number of ``variants``.

    The ``pair`` column numbers the pairs in the order of the ``pairs`` table (most shared
    text first); the ``passages`` table's ``pair`` column refers to it.
    """
    import numpy as np
    import pandas as pd

    if neighbours is not None:  # all near-duplicates are found now; accepted for old callers
        warnings.warn("find_copies(neighbours=...) is deprecated and ignored: every passage at or "
                      "above the threshold is found", DeprecationWarning, stacklevel=2)
    keys = sorted({p.key for p in passages})
    n_reports = len(keys)
    limit_given = boilerplate_reports is not None
    if boilerplate_reports is None:
        boilerplate_reports = max(3, min(int(0.1 * n_reports), BOILERPLATE_MAX))
    empty_pairs = pd.DataFrame(columns=["pair", "source_a", "report_a", "source_b", "report_b",
                                        "shared_passages", "shared_chars", "share_a", "share_b",
                                        "mean_similarity"])
    empty_pass = pd.DataFrame(columns=["pair", "source_a", "report_a", "start_a", "end_a", "text_a",
                                       "source_b", "report_b", "start_b", "end_b", "text_b", "similarity"])
    if len(passages) < 2 or n_reports < 2:
        return CopyResult(empty_pairs, empty_pass, pd.DataFrame(columns=BOILERPLATE_COLUMNS))
    key_id = {k: n for n, k in enumerate(keys)}
    pkey = np.fromiter((key_id[p.key] for p in passages), dtype=np.int64, count=len(passages))
    # 1. identical passages (as the vectoriser sees them) once, with their occurrences
    uid_of: dict[str, int] = {}
    uid = np.empty(len(passages), dtype=np.int64)
    for i, p in enumerate(passages):
        uid[i] = uid_of.setdefault(_WHITE.sub(" ", p.text.lower()), len(uid_of))
    utexts = list(uid_of)
    del uid_of
    n_u = len(utexts)
    mult = np.bincount(uid, minlength=n_u).astype(np.float64)
    has_features = np.fromiter((len(t) >= 2 for t in utexts), dtype=bool, count=n_u)
    order = np.argsort(uid, kind="stable")
    occ_bounds = np.r_[0, np.cumsum(np.bincount(uid, minlength=n_u))]

    def occ(u: int):
        return order[occ_bounds[u]:occ_bounds[u + 1]]

    # 1b. families: distinct texts of one sentence frame once numbers, dates and place names are
    # masked (frame_of); a family is represented by its most frequent text from here on
    first = order[occ_bounds[:-1]]  # the first occurrence of every text
    names = townships or {}
    # each report's township (a report of no known township is one of its own), for counting
    # the townships a passage spans: see towns_in
    town_ids: dict[str, int] = {}
    group_of = groups if groups is not None else names
    town_of = np.fromiter((town_ids.setdefault(group_of[k], len(town_ids)) if group_of.get(k) else -1 - n
                           for n, k in enumerate(keys)), dtype=np.int64, count=n_reports)

    town_list = town_of.tolist()

    def towns_in(span) -> int:
        """The townships of ``span`` (reports), counted up to one past the limit."""
        seen: set[int] = set()
        for r in span:
            seen.add(town_list[r])
            if len(seen) > boiler_towns:
                break
        return len(seen)

    # the limit in townships, as boilerplate_reports is in reports (the same when no township
    # is known: every report is then one of its own)
    n_towns = len(np.unique(town_of))
    by_town = not limit_given and n_towns < n_reports
    boiler_towns = max(3, min(int(0.1 * n_towns), BOILERPLATE_MAX)) if by_town else boilerplate_reports

    def too_many_towns(n: int) -> bool:
        # in a folder of three or so townships, a passage in every one of them is stock text too
        return n > boiler_towns or (by_town and n_towns >= 3 and n == n_towns)

    fam_of: dict[str, int] = {}
    twin_of: dict[str, int] = {}  # the text with names and dates masked, its numbers kept
    fam = np.empty(n_u, dtype=np.int64)
    twin = np.empty(n_u, dtype=np.int64)
    for u, t in enumerate(utexts):
        own = names.get(passages[int(first[u])].key, "")
        fam[u] = fam_of.setdefault(frame_of(t, own), len(fam_of))
        tw = _MASK_PLACE.sub(_MASK, _MASK_DATE.sub(_MASK, t.replace(own, _MASK) if own else t))
        # only a text that keeps numbers of its own (not dates) can be told from a stock filling
        twin[u] = twin_of.setdefault(tw, len(twin_of)) if _OWN_NUMBER.search(tw) else -1 - u
    n_f = len(fam_of)
    del fam_of, twin_of
    fam_size = np.bincount(fam, minlength=n_f)  # distinct texts per family
    fr = np.unique(fam[uid] * n_reports + pkey)  # (family, report) once each
    fr_fam, fr_rep = fr // n_reports, fr % n_reports
    fr_bounds = np.r_[0, np.cumsum(np.bincount(fr_fam, minlength=n_f))]
    fam_nrep = np.diff(fr_bounds)  # reports each family occurs in
    # by family; first the texts that are no refiled twin of another (the representative stands
    # for the stock frame), then the most frequent, then the first
    _tw, tw_inv, tw_count = np.unique(twin, return_inverse=True, return_counts=True)
    by_fam = np.lexsort((np.arange(n_u), -np.diff(occ_bounds), tw_count[tw_inv] > 1, fam))
    fam_bounds = np.r_[0, np.cumsum(fam_size)]
    rep = by_fam[fam_bounds[:-1]]  # one text per family
    multi = fam_size >= 2

    def members(f: int):
        return by_fam[fam_bounds[f]:fam_bounds[f + 1]]

    # the reports each text occurs in
    rep_sets: dict[int, frozenset] = {}

    def reports_of(u: int) -> frozenset:
        r = rep_sets.get(u)
        if r is None:
            r = rep_sets[u] = frozenset(pkey[occ(u)].tolist())
        return r

    fam_rep_sets: dict[int, frozenset] = {}

    def family_reports(f: int) -> frozenset:
        r = fam_rep_sets.get(f)
        if r is None:
            r = fam_rep_sets[f] = frozenset(fr_rep[fr_bounds[f]:fr_bounds[f + 1]].tolist())
        return r

    # 2.-4. verified near-duplicate links between the families' texts; the other texts of
    # families with several (their TF-IDF rows kept) are verified against them below
    packed = _Texts(utexts)
    del utexts  # the packed code points are all that is needed from here on
    stats = dict(passages=len(passages), texts=n_u, families=n_f, families_of_several=int(multi.sum()))
    ti, tj, ts, vec = _similar_pairs(packed, mult, len(passages), threshold, np.sort(rep),
                                     np.flatnonzero(multi[fam]), stats)
    del packed
    stats["verified"] = len(ti)
    fnbrs: dict[int, list[int]] = defaultdict(list)  # linked families
    for f, g in zip(fam[ti].tolist(), fam[tj].tolist()):
        fnbrs[f].append(g)
        fnbrs[g].append(f)
    # a family of several texts spanning more reports than boilerplate_reports, with its linked
    # families, is one frame filled in by many reports: boilerplate as a whole (a unit), its
    # texts neither compared pair by pair nor listed one by one
    unit = np.zeros(n_f, dtype=bool)
    family_span: dict[int, frozenset] = {}  # text -> the reports its family (or component) spans
    unit_span: dict[int, frozenset] = {}
    for f in np.flatnonzero(multi).tolist():
        if fam_nrep[f] <= boilerplate_reports and f not in fnbrs:
            continue
        span = family_reports(f).union(*(family_reports(g) for g in fnbrs.get(f, ())))
        if len(span) > boilerplate_reports:
            unit[f] = True
            unit_span[f] = span
    # big components of linked families (a stock heading with each township's name: checked
    # against one member, not all pairs): the reports they span are counted over the whole component
    in_big = np.zeros(n_f, dtype=bool)
    if len(ti):
        from scipy import sparse
        from scipy.sparse.csgraph import connected_components

        graph = sparse.coo_matrix((np.ones(len(ti)), (fam[ti], fam[tj])), shape=(n_f, n_f))
        _n, label = connected_components(graph, directed=False)
        sizes = np.bincount(label)
        big_fams = np.flatnonzero(sizes[label] > STAR_GROUP)
        big_fams = big_fams[np.argsort(label[big_fams], kind="stable")]
        lab = label[big_fams]
        for start, end in zip(*_runs(lab)):
            comp = big_fams[start:end].tolist()
            span = frozenset().union(*(family_reports(g) for g in comp))
            for g in comp:
                in_big[g] = True
                for m in members(g).tolist():
                    family_span[int(m)] = span
    # inside a unit, texts that are one text with only names and dates changed, their numbers
    # kept (a report filed again under another name), are not stock fillings: they are verified as texts of
    # their own, pair by pair, where they are in no more than boilerplate_reports reports
    todo = _Pairs()
    for f, span in unit_span.items():
        mem = members(f)
        mem_tw = twin[mem]
        srt = np.argsort(mem_tw, kind="stable")
        for start, end in zip(*_runs(mem_tw[srt])):
            group = mem[srt[start:end]].tolist()
            if end - start < 2 or rep[f] in group or \
                    len(frozenset().union(*(reports_of(m) for m in group))) > boilerplate_reports:
                if not in_big[f]:
                    for m in group:
                        family_span[int(m)] = span
                continue
            for m in group:
                family_span.pop(int(m), None)
            todo.within(group)
    stats["units"] = int(unit.sum())
    nbrs: dict[int, list[tuple[int, float]]] = defaultdict(list)

    def link(li, lj, ls):
        for i, j, s in zip(li.tolist(), lj.tolist(), ls.tolist()):
            nbrs[i].append((j, s))
            nbrs[j].append((i, s))

    link(ti, tj, ts)
    # the other texts of families that are not units: every pair within the family and with
    # the texts of linked families (not units either) is verified, as a text of its own would be
    settled = unit | in_big
    for f in np.flatnonzero(multi & ~settled).tolist():
        mem = members(f).tolist()
        todo.within(mem)
        for g in set(fnbrs.get(f, ())):
            if settled[g] or (multi[g] and g < f):
                continue
            # the representatives' pair is known
            todo.across(mem, members(g).tolist(), known=(int(rep[f]), int(rep[g])))
    stats["expanded"] = len(todo)
    link(*todo.verified(vec, threshold))
    del todo

    def span_of(v: int) -> frozenset:
        return family_span.get(v) or reports_of(v)

    # texts with any link: found in two reports, or near a text found in another report
    candidates = [u for u in range(n_u) if has_features[u] and occ_bounds[u + 1] - occ_bounds[u] > 1]
    candidates = sorted(set(candidates) | set(nbrs) | set(family_span))
    linked = np.zeros(len(passages), dtype=bool)
    boiler = np.zeros(len(passages), dtype=bool)
    for u in candidates:
        if len(family_span.get(u, ())) > boilerplate_reports or \
                any(len(family_span.get(v, ())) > boilerplate_reports for v, _ in nbrs.get(u, ())):
            big = True  # its reports, with its family's or a neighbour's, are too many: no union needed
        else:
            own = reports_of(u) if has_features[u] else frozenset()
            others = [span_of(v) for v, _ in nbrs.get(u, ())]
            span = own.union(*others) if others else own
            if u in family_span:
                span = span | family_span[u]
            if len(span) < 2:
                continue
            # counted in townships: a township's own text of several years is no stock text
            # of many (a passage one township repeats and another copies stays a copy); a
            # passage in each of three townships once each is stock text too (too_many_towns)
            big = too_many_towns(towns_in(span))
        linked[occ(u)] = True  # two reports or more: every occurrence has one in another report
        # boilerplate: a passage whose near-duplicates span too many reports
        if big:
            ru = reports_of(u)
            boiler[occ(u)] = True
            for v, _ in nbrs.get(u, ()):
                for j in occ(v):
                    if ru != {pkey[j]}:
                        boiler[j] = True
    chars = np.zeros(n_reports, dtype=np.int64)
    np.add.at(chars, pkey, [len(p.text) for p in passages])
    linked_chars = np.zeros(n_reports, dtype=np.int64)
    np.add.at(linked_chars, pkey[linked], [len(passages[i].text) for i in np.flatnonzero(linked)])
    # only reports whose linked text reaches WHOLESALE_SHARE can be one template filed twice:
    # boilerplate is paired up between those only (not between all reports that share a closing)
    heavy = linked_chars >= WHOLESALE_SHARE * np.maximum(chars, 1)
    # a unit's texts in such reports are verified pair by pair (a template filed twice keeps its
    # boilerplate among the passages the two share)
    todo = _Pairs()
    for f in np.flatnonzero(unit).tolist():
        todo.within([m for m in members(f).tolist()
                     if m in family_span and heavy[pkey[occ(m)]].any()])  # twins: above
    link(*todo.verified(vec, threshold))
    del vec, todo

    by_pair: dict[tuple, list[tuple[int, int, float]]] = defaultdict(list)

    def add(i: int, j: int, sim: float):
        if pkey[i] == pkey[j]:
            return
        if (boiler[i] or boiler[j]) and not (heavy[pkey[i]] and heavy[pkey[j]]):
            return
        a, b = (i, j) if passages[i].key <= passages[j].key else (j, i)
        by_pair[(passages[a].key, passages[b].key)].append((a, b, sim))

    def split(u: int):
        """The occurrences of text ``u`` that are not boilerplate, and those in reports that
        share most of their text (where boilerplate counts too), the boilerplate ones first."""
        o = occ(u)
        b, h = boiler[o], heavy[pkey[o]]
        return o[~b].tolist(), np.concatenate([o[b & h], o[~b & h]]).tolist()

    def add_pairs(pairs, sim: float, with_boiler: bool = False):
        for i, j in pairs:
            if not with_boiler or boiler[i] or boiler[j]:
                add(i, j, sim)

    for u in candidates:
        plain_u, heavy_u = split(u)
        if has_features[u] and occ_bounds[u + 1] - occ_bounds[u] > 1:  # the same text twice
            add_pairs(pairs_across_reports(plain_u, pkey), 1.0)
            add_pairs(pairs_across_reports(heavy_u, pkey), 1.0, with_boiler=True)
        for v, sim in nbrs.get(u, ()):
            if v < u:
                continue
            plain_v, heavy_v = split(v)
            add_pairs(product(plain_u, plain_v), sim)
            add_pairs(product(heavy_u, heavy_v), sim, with_boiler=True)

    town_of = groups if groups is not None else (townships or {})

    def long_one(ka, kb, items) -> bool:
        """One shared passage of at least LONG_PASSAGE Han characters on both sides, alike
        to LONG_SIMILARITY at least, between two townships: a long distinctive sentence copied
        whole is a copy, where a stock one-liner is not (and a township repeating one long
        sentence of its own year after year is no news)."""
        ta, tb = town_of.get(ka), town_of.get(kb)
        if not LONG_PASSAGE or (ta and ta == tb):
            return False
        return any(
            sim >= LONG_SIMILARITY and len(_HAN.findall(passages[a].text)) >= LONG_PASSAGE
            and len(_HAN.findall(passages[b].text)) >= LONG_PASSAGE for a, b, sim in items)

    def shared(items) -> tuple[set[int], set[int], int]:
        ua, ub = {a for a, _, _ in items}, {b for _, b, _ in items}
        return ua, ub, min(len(ua), len(ub))

    pair_rows, pair_items = [], []
    for (ka, kb), all_items in sorted(by_pair.items()):
        # boilerplate does not make two reports copies of each other … unless they share most of
        # their text: many townships filing one template is copying, not boilerplate
        items = [t for t in all_items if not boiler[t[0]] and not boiler[t[1]]]
        used_a, used_b, n = shared(items)
        if n < min_shared and not (n + 1 >= min_shared and long_one(ka, kb, items)):
            # … filled in alike: a county's frame that each township filled with its own
            # figures (会员2700人 here, 2300人 there) is every report's frame, not a copy; the
            # same frame with the same figures (or none), names and dates aside, is
            filled = [t for t in all_items if not (boiler[t[0]] or boiler[t[1]])
                      or _figures_of(passages[t[0]].text) == _figures_of(passages[t[1]].text)]
            ua, ub, _n = shared(filled)
            whole = min(sum(len(passages[a].text) for a in ua) / chars[key_id[ka]],
                        sum(len(passages[b].text) for b in ub) / chars[key_id[kb]])
            if shared(all_items)[2] < min_shared or whole < WHOLESALE_SHARE:
                continue
            items, used_a, used_b = filled, ua, ub
        shared_a = sum(len(passages[a].text) for a in used_a)
        shared_b = sum(len(passages[b].text) for b in used_b)
        pair_rows.append(dict(source_a=ka[0], report_a=ka[1], source_b=kb[0], report_b=kb[1],
                              shared_passages=min(len(used_a), len(used_b)),
                              shared_chars=min(shared_a, shared_b),
                              share_a=round(shared_a / chars[key_id[ka]], 3),
                              share_b=round(shared_b / chars[key_id[kb]], 3),
                              mean_similarity=round(sum(s for _, _, s in items) / len(items), 3)))
        pair_items.append(items)
    # most shared text first, ties in pinyin order of the two townships (reports of no known
    # township last), then in the order of the reports' names; pair ids follow that order, so
    # the n-th row of ``pairs`` is pair n of ``passages``
    from .township_order import township_key

    ranked = sorted(range(len(pair_rows)), key=lambda r: (
        -pair_rows[r]["shared_chars"],
        township_key(town_of.get((pair_rows[r]["source_a"], pair_rows[r]["report_a"]))),
        township_key(town_of.get((pair_rows[r]["source_b"], pair_rows[r]["report_b"])))))
    pass_rows = []
    for pair_id, r in enumerate(ranked, start=1):
        pr = pair_rows[r]
        pr["pair"] = pair_id
        for a, b, sim in sorted(pair_items[r], key=lambda t: (passages[t[0]].start, passages[t[1]].start)):
            pa, pb = passages[a], passages[b]
            pass_rows.append(dict(pair=pair_id, source_a=pr["source_a"], report_a=pr["report_a"],
                                  start_a=pa.start, end_a=pa.end, text_a=pa.text,
                                  source_b=pr["source_b"], report_b=pr["report_b"],
                                  start_b=pb.start, end_b=pb.end, text_b=pb.text,
                                  similarity=round(sim, 3)))
    boiler_rows = []
    seen_texts, seen_units = set(), set()
    for i in np.flatnonzero(boiler).tolist():
        t = passages[i].text
        if t in seen_texts:
            continue
        seen_texts.add(t)
        u = int(uid[i])
        f = int(fam[u])
        if unit[f]:  # one row for the whole frame, however many texts fill it in
            if f in seen_units:
                continue
            seen_units.add(f)
            u = int(rep[f])
        if u in family_span and not unit[f]:
            reps = family_span[u]  # the component's reports hold those of the text and its neighbours
        else:
            reps = set(reports_of(u)) if has_features[u] else {pkey[i]}
            for v, _ in nbrs.get(u, ()):
                reps |= span_of(v)
            reps |= family_span.get(u, frozenset())
        boiler_rows.append(dict(text=t, reports=len(reps), variants=int(fam_size[f]) if unit[f] else 1))
    stats["boilerplate_units"] = len(seen_units)
    pairs = pd.DataFrame([pair_rows[r] for r in ranked], columns=empty_pairs.columns)
    return CopyResult(pairs, pd.DataFrame(pass_rows, columns=empty_pass.columns),
                      pd.DataFrame(boiler_rows, columns=BOILERPLATE_COLUMNS), stats)
