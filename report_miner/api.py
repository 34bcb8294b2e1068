"""The Python API: mine a text, a file, or many files into tables.

>>> import report_miner
>>> res = report_miner.mine_text("我镇共有10个村,总人口17364人,协会会员1800多人。")
>>> res.figures[["text", "value", "unit", "metric"]].values.tolist()
[['10个', 10.0, '个', 'admin.villages'], ['17364人', 17364.0, '人', 'population.total'], ['1800多人', 1800.0, '人', 'association.members']]
"""
from __future__ import annotations

import bisect
import os
import time
from pathlib import Path
from typing import Iterable

from .errors import LoadError
from .audit import get_auditor
from .blanks import get_blank_scanner
from .figures import get_scanner
from .normalise import normalise
from .structure import SectionIndex, outline, split_reports
from .tables import MineResult

#: file endings picked up in folders: every format :func:`report_miner.io.read_document` reads.
DEFAULT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".doc")


def mine_text(text: str, source: str | None = None, *, rules_dir: str | os.PathLike | None = None,
              timings: dict[str, float] | None = None) -> MineResult:
    """Mine one report text (or several reports glued together) into tables.

    ``source`` names the text in every row (default ``"<text>"``). ``rules_dir`` adds or
    overrides rules (YAML files named like those in ``rules/``).

    >>> mine_text("今年累计发放各类宣传品2000余份。").figures.loc[0, "subject"]
    '宣传品'
    """
    source = source or "<text>"
    rdir = str(rules_dir) if rules_dir else None
    clock = _Clock(timings) if timings is not None else None
    norm = normalise(text)
    clock and clock("normalise")
    figs = get_scanner(rdir).scan(norm)
    clock and clock("figures")
    blanks = get_blank_scanner(rdir).scan(norm, figs)
    clock and clock("blanks")
    reports = split_reports(norm.text, rdir)
    headings = outline(norm.text, reports)
    sections = SectionIndex(headings)
    clock and clock("structure (reports, outline)")
    report_starts = [r.start for r in reports]

    def place(cpos: int) -> dict:
        if not reports:  # a blank text has no report (and nothing to place)
            return dict(source=source, report=1, section="")
        rep = reports[max(0, bisect.bisect_right(report_starts, cpos) - 1)]
        sec = sections.at(rep.report, cpos)
        return dict(source=source, report=rep.report, section=sec.path if sec else "")

    fig_rows = [{**vars(f), **place(f.cstart)} for f in figs]
    blank_rows = [{**vars(b), **place(b.cstart)} for b in blanks]
    report_rows = []
    for r in reports:
        s, e = norm.to_orig_span(r.start, r.end)
        report_rows.append(dict(source=source, report=r.report, start=s, end=e, title=r.title,
                                kind=r.kind, unit_name=r.unit_name, date=r.date, year=r.year,
                                period=r.period, placeholders=",".join(r.placeholders)))
    section_rows = []
    for h in headings:
        s, e = norm.to_orig_span(h.start, h.end)
        section_rows.append(dict(source=source, report=h.report, section_id=h.section_id,
                                 level=h.level, token=h.token, number=h.number, title=h.title,
                                 heading_text=h.heading_text, start=s, end=e, parent=h.parent,
                                 path=h.path, style=h.style))
    clock and clock("rows")
    findings, completeness = get_auditor(rdir).run(norm.text, fig_rows, blank_rows, report_rows,
                                                   section_rows)
    clock and clock("audit")
    for r in report_rows:
        r.update(completeness.get(r["report"], {}))
    for r in fig_rows:
        for k in _FIGURE_INTERNAL:
            r.pop(k, None)
    for r in blank_rows:
        for k in _BLANK_INTERNAL:
            r.pop(k, None)
    res = MineResult(figures=fig_rows, blanks=blank_rows, reports=report_rows,
                     sections=section_rows, findings=findings)
    clock and clock("rows")
    return res


class _Clock:
    """Adds the time since the last call to ``timings[stage]`` (mine_text's optional hook)."""

    __slots__ = ("timings", "last")

    def __init__(self, timings: dict[str, float]):
        self.timings, self.last = timings, time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now


_FIGURE_INTERNAL = ("expected_unit", "cstart", "cend")
_BLANK_INTERNAL = ("rule", "cstart")


def mine_file(path: str | os.PathLike, *, rules_dir: str | os.PathLike | None = None,
              texts: dict[str, str] | None = None) -> MineResult:
    """Load one file and mine it; ``source`` is the path as given.

    ``texts``, when given, receives ``{source: text as loaded}`` so a caller that needs the text
    (review pages, copy detection) does not read the file a second time.

    Plain text (encoding detected), .docx, .pdf with a text layer, .html/.htm, and legacy .doc
    when antiword or LibreOffice is installed: see :func:`report_miner.io.read_document`.

    Raises :class:`report_miner.errors.LoadError` when the file cannot be read as a report
    (the reason says why: scanned PDF, password-protected, damaged, binary, ...).
    """
    from .io import read_document

    doc = read_document(path)
    if texts is not None:
        texts[str(path)] = doc.text
    res = mine_text(doc.text, source=str(path), rules_dir=rules_dir)
    res.files = [dict(source=str(path), status="ok", reason="", encoding=doc.encoding,
                      format=doc.format, chars=len(doc.text), figures=len(res.rows("figures")),
                      blanks=len(res.rows("blanks")))]
    return res


def mine_paths(paths: Iterable[str | os.PathLike], *, rules_dir: str | os.PathLike | None = None,
               suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
               texts: dict[str, str] | None = None) -> MineResult:
    """Mine files and folders (walked recursively for ``suffixes``) into one result.
    ``texts``, when given, receives each mined file's text (see :func:`mine_file`).

    A file that cannot be read does not stop the run: it gets a row in ``.files`` with
    ``status="failed"`` and the reason, and every other file is mined.
    """
    from .io import iter_files

    results = []
    for p in iter_files([Path(p) for p in paths], suffixes=suffixes):
        try:
            results.append(mine_file(p, rules_dir=rules_dir, texts=texts))
        except LoadError as exc:
            results.append(MineResult(files=[dict(
                source=str(p), status="failed", reason=exc.reason, encoding=None, format=None,
                chars=None, figures=None, blanks=None)]))
    return MineResult.concat(results)
