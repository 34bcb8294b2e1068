"""The order townships and counties are listed in: 拼音 (pinyin) order, as a Chinese reader
looks a name up, not the order of the characters' code points.

Code points put 白沙镇 (白 U+767D), 石桥镇 (石 U+77F3), 青山乡 (青 U+9752); a reader expects
白沙镇 (bái), 青山乡 (qīng), 石桥镇 (shí). :func:`township_key` sorts by each character's
default reading (pypinyin's, with its phrase dictionary: 长沙 reads cháng shā), syllable by
syllable, the tone after the letters (qing1 before qing2; a neutral tone, written without a
number, first), then by the characters themselves, so two names read alike (石桥镇, 石乔镇)
keep a total and stable order.

Without pypinyin installed (it is a dependency of the package), the key falls back to the
characters alone (code point order), as before.

    >>> sorted(["石桥镇", "青山乡", "白沙镇"], key=township_key)
    ['白沙镇', '青山乡', '石桥镇']
"""
from __future__ import annotations

from functools import lru_cache

try:  # pure Python, ships its dictionary; a dependency in pyproject.toml
    from pypinyin import Style, lazy_pinyin
except ImportError:  # pragma: no cover - installed with the package
    lazy_pinyin = None


@lru_cache(maxsize=65536)
def township_key(name) -> tuple:
    """The sort key of a township or county name: (its syllables in pinyin with the tone number
    after the letters, the name itself). Anything that is not text (None, NaN) sorts last.

        >>> township_key("石桥镇")
        (0, ('shi2', 'qiao2', 'zhen4'), '石桥镇')
        >>> sorted(["龙潭镇 (青禾县)", "龙潭镇 (云溪县)", "龙潭镇"], key=township_key)
        ['龙潭镇', '龙潭镇 (青禾县)', '龙潭镇 (云溪县)']
    """
    if not isinstance(name, str):
        return (1, (), "")
    if lazy_pinyin is None:  # pragma: no cover
        return (0, (), name)
    # Style.TONE3: the tone as a digit after the syllable (qing1); characters without a reading
    # (digits, Latin letters, brackets of 龙潭镇 (青禾县)) are kept as they are
    return (0, tuple(lazy_pinyin(name, style=Style.TONE3)), name)


def sort_key(series):
    """A ``key=`` for :meth:`pandas.DataFrame.sort_values` / :meth:`pandas.Series.sort_values`
    that orders a ``township`` or ``county`` column by :func:`township_key` and leaves other
    columns as they are.

        >>> import pandas as pd
        >>> df = pd.DataFrame({"township": ["石桥镇", "青山乡", "白沙镇"], "year": [1, 2, 3]})
        >>> df.sort_values(["township", "year"], key=sort_key)["township"].tolist()
        ['白沙镇', '青山乡', '石桥镇']
    """
    if getattr(series, "name", None) not in ORDERED_COLUMNS:
        return series
    import pandas as pd

    keys = [township_key(v) for v in series]
    # the rank of each key among the distinct ones: a number pandas can sort
    rank = {k: i for i, k in enumerate(sorted(set(keys)))}
    return pd.Series([rank[k] for k in keys], index=series.index)


#: the columns :func:`sort_key` orders by pinyin
ORDERED_COLUMNS = frozenset({"township", "county", "township_a", "township_b"})
