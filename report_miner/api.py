"""The Python API: mine a text, a file, or many files into tables.

>>> import report_miner
>>> res = report_miner.mine_text("我镇共有10个村,总人口17364人,协会会员1800多人。")
>>> res.figures[["text", "value", "unit", "metric"]].values.tolist()
[['10个', 10.0, '个', 'admin.villages'], ['17364人', 17364.0, '人', 'population.total'], ['1800多人', 1800.0, '人', 'association.members']]
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .errors import LoadError
from .blanks import get_blank_scanner
from .figures import get_scanner
from .normalise import normalise
from .tables import MineResult, records

DEFAULT_SUFFIXES = (".txt",)


def mine_text(text: str, source: str | None = None, *, rules_dir: str | os.PathLike | None = None
              ) -> MineResult:
    """Mine one report text (or several reports glued together) into tables.

    ``source`` names the text in every row (default ``"<text>"``). ``rules_dir`` adds or
    overrides rules (YAML files named like those in ``rules/``).

    >>> mine_text("今年累计发放各类宣传品2000余份。").figures.loc[0, "subject"]
    '宣传品'
    """
    source = source or "<text>"
    rdir = str(rules_dir) if rules_dir else None
    norm = normalise(text)
    figs = get_scanner(rdir).scan(norm)
    blanks = get_blank_scanner(rdir).scan(norm, figs)
    common = dict(source=source, report=1, section="")
    fig_rows = records(figs, **common)
    for r in fig_rows:
        for k in ("expected_unit", "cstart", "cend"):
            r.pop(k, None)
    blank_rows = records(blanks, **common)
    for r in blank_rows:
        for k in ("rule", "cstart"):
            r.pop(k, None)
    reports = [dict(source=source, report=1, start=0, end=len(text), title="", kind="",
                    unit_name="", date=None, year=None, period="")]
    return MineResult(figures=fig_rows, blanks=blank_rows, reports=reports)


def mine_file(path: str | os.PathLike, *, rules_dir: str | os.PathLike | None = None) -> MineResult:
    """Load one file (encoding detected) and mine it; ``source`` is the path as given.

    Raises :class:`report_miner.errors.LoadError` when the file cannot be read as text.
    """
    from .io import read_text

    doc = read_text(path)
    res = mine_text(doc.text, source=str(path), rules_dir=rules_dir)
    res.files = [dict(source=str(path), status="ok", reason="", encoding=doc.encoding,
                      format=doc.format, chars=len(doc.text), figures=len(res.rows("figures")),
                      blanks=len(res.rows("blanks")))]
    return res


def mine_paths(paths: Iterable[str | os.PathLike], *, rules_dir: str | os.PathLike | None = None,
               suffixes: tuple[str, ...] = DEFAULT_SUFFIXES) -> MineResult:
    """Mine files and folders (walked recursively for ``suffixes``) into one result.

    A file that cannot be read does not stop the run: it gets a row in ``.files`` with
    ``status="failed"`` and the reason, and every other file is mined.
    """
    from .io import iter_files

    results = []
    for p in iter_files([Path(p) for p in paths], suffixes=suffixes):
        try:
            results.append(mine_file(p, rules_dir=rules_dir))
        except LoadError as exc:
            results.append(MineResult(files=[dict(
                source=str(p), status="failed", reason=exc.reason, encoding=None, format=None,
                chars=None, figures=None, blanks=None)]))
    return MineResult.concat(results)
