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
from .readers.encoding import without_lone_surrogates
from .readers.load import INPUT_SUFFIXES
from .ruleset.load import RuleSet
from .tables import MineResult, file_row

#: file endings picked up in folders (every format report_miner reads)
DEFAULT_SUFFIXES = INPUT_SUFFIXES


def mine_text(text: str, source: str | None = None, *, rules_dir: str | os.PathLike | None = None,
              rules: RuleSet | None = None, explain: bool = False,
              timings: dict[str, float] | None = None, headings: tuple = (),
              tables: tuple = (), ocr_lines: tuple = ()) -> MineResult:
    """Mine one report text (or several reports glued together) into tables: the rule
    set's :class:`report_miner.mining.document.Pipeline` (normalise → figures → blanks → structure →
    rows → audit) over the text.

    ``source`` names the text in every row (default ``"<text>"``). ``rules`` is the compiled
    rule set to mine with (:meth:`RuleSet.load`, once, then pass it to every call); or give
    ``rules_dir``, a folder of YAML files named like those in ``rules/`` that add to or
    override the shipped rules (default: the shipped rules alone).

    With ``explain=True`` the result also carries ``.suppressed`` (a DataFrame of the
    candidates rules proposed and something vetoed: an exclusion, a ``not_blanks`` record,
    the segmenter, a rule ranked before it) and ``.explanation`` (a
    :class:`report_miner.mining.explain.Explanation`; ``print()`` it for every step: normalisation,
    each figure and blank with the rules that made it, each suppressed candidate, each finding).

    ``timings``, when given, receives each stage's seconds (added to what it holds: the bench's
    stage shares); off, it costs nothing.

    ``headings``: headings the file marks by its layout, ``(start, end, level)`` in ``text``
    (:attr:`report_miner.readers.base.Document.headings` of a .docx or .html; :func:`mine_file`
    passes them). ``tables``: the file's tables (:attr:`report_miner.readers.base.Document.tables`),
    read into the ``cells`` table and into figures. ``ocr_lines``: the text's OCR'd lines
    (:attr:`report_miner.readers.base.Document.ocr_lines` of a scan; :func:`mine_file` passes
    them), whose confidence goes on each figure and blank row (``ocr_confidence``).

    Lone surrogates in ``text`` (bytes that were not UTF-8, as ``os.fsdecode`` or
    ``errors="surrogateescape"`` leave them) are mined as U+FFFD, one for one, so offsets
    still point into ``text``.

    >>> mine_text("今年累计发放各类宣传品2000余份。").figures.loc[0, "subject"]
    '宣传品'
    """
    from .readers.files import display_path

    rules = rules if rules is not None else RuleSet.load(rules_dir)
    if source is not None:
        source = display_path(source)  # a non-UTF-8 file name is stored printable
    text = without_lone_surrogates(text)  # bytes that were not UTF-8: no table, file or codec takes them
    return rules.pipeline.mine(text, source, explain=explain, timings=timings, headings=headings,
                               tables=tables, ocr_lines=ocr_lines)


def mine_file(path: str | os.PathLike, *, rules_dir: str | os.PathLike | None = None,
              texts: dict[str, str] | None = None, rules: RuleSet | None = None) -> MineResult:
    """Load one file and mine it; ``source`` is the path as given. ``rules`` / ``rules_dir``
    as in :func:`mine_text`.

    ``texts``, when given, receives ``{source: text as loaded}`` so a caller that needs the text
    (review pages, copy detection) does not read the file a second time.

    Plain text (encoding detected), .docx, .pdf, .html/.htm, legacy .doc when antiword or
    LibreOffice is installed, and scans (images, PDF pages without a text layer) by OCR when
    the ``ocr`` extra is installed: see :func:`report_miner.readers.load.read_document`.

    Raises :class:`report_miner.errors.LoadError` when the file cannot be read as a report
    (the reason says why: scanned PDF, password-protected, damaged, binary, ...).
    """
    from .readers.load import read_document
    from .readers.ocr import ocr_pages_label

    doc = read_document(path)  # opened by the path as given; doc.source is printable
    return _mine_document(doc, rules_dir=rules_dir, texts=texts, rules=rules)


def _mine_document(doc, *, rules_dir=None, texts: dict[str, str] | None = None,
                   rules: RuleSet | None = None) -> MineResult:
    """:func:`mine_file` after the file was read into ``doc``."""
    from .readers.ocr import ocr_pages_label

    if texts is not None:
        texts[doc.source] = doc.text
    res = mine_text(doc.text, source=doc.source, rules_dir=rules_dir, rules=rules,
                    headings=doc.headings, tables=doc.tables, ocr_lines=doc.ocr_lines)
    res.files = [file_row(doc.source, "ok", reason="", encoding=doc.encoding, format=doc.format,
                          chars=len(doc.text), figures=len(res.rows("figures")),
                          blanks=len(res.rows("blanks")), ocr_pages=ocr_pages_label(doc))]
    return res


def mine_paths(paths: Iterable[str | os.PathLike], *, rules_dir: str | os.PathLike | None = None,
               suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
               texts: dict[str, str] | None = None, rules: RuleSet | None = None) -> MineResult:
    """Mine files and folders (walked recursively for ``suffixes``) into one result.
    ``texts``, when given, receives each mined file's text (see :func:`mine_file`);
    ``rules`` / ``rules_dir`` as in :func:`mine_text` (the rule set is loaded once, before
    the first file).

    A file that cannot be read does not stop the run: it gets a row in ``.files`` with
    ``status="failed"`` and the reason, and every other file is mined; so does a folder that
    cannot be listed (``format="folder"``) and anything that is not a regular file (a FIFO,
    a socket, a device: never opened). After :func:`report_miner.limits.configure` (the CLI
    does it) each file is read and mined in a worker process under a time and memory limit,
    and a file that exceeds them fails with that reason.
    """
    from . import limits
    from .readers.files import display_path, iter_files

    rules = rules if rules is not None else RuleSet.load(rules_dir)
    results = []

    def unlistable(error: LoadError) -> None:  # a folder that cannot be listed: a row too
        results.append(MineResult(files=[file_row(error.path, "failed", reason=error.reason,
                                                  format="folder")]))

    bounded = limits.current()
    worker = None
    if bounded is not None:
        _warm_up(rules)  # loaded once here, inherited by the worker: not counted in its limit
        worker = limits.Worker(bounded, {"rules": rules})
    try:
        for p in iter_files([Path(p) for p in paths], suffixes=suffixes, on_error=unlistable):
            try:
                if worker is None:
                    results.append(mine_file(p, texts=texts, rules=rules))
                    continue
                res, source, text = worker.call(_mine_file_bounded, p, texts is not None)
                if texts is not None:
                    texts[source] = text
                results.append(res)
            except LoadError as exc:
                results.append(MineResult(
                    files=[file_row(display_path(str(p)), "failed", reason=exc.reason)]))
            except limits.WorkerFailure as exc:
                results.append(MineResult(
                    files=[file_row(display_path(str(p)), "failed", reason=exc.reason)]))
    except BaseException:  # Ctrl-C: the worker ends now, not after its file
        if worker is not None:
            worker.kill()
        raise
    if worker is not None:
        worker.close()
    out = MineResult.concat(results)
    out.core_metrics = rules.core_ids
    return out


def _mine_file_bounded(path, want_text: bool):
    """In a :class:`report_miner.limits.Worker`: read ``path``, refuse a text too long for
    the memory limit, mine it with the shared rule set; ``(result, source, text or None)``."""
    from . import limits
    from .readers.load import read_document

    doc = read_document(path)
    bounded = limits.current()
    limits.check_text_size(doc.text, doc.source, bounded.max_memory_mb if bounded else None)
    res = _mine_document(doc, rules=limits.shared("rules"))
    return res, doc.source, (doc.text if want_text else None)


def _warm_up(rules: RuleSet) -> None:
    """Load the dictionaries mining needs and the readers' libraries before a worker is
    forked, so that it inherits them instead of loading them under its memory limit."""
    mine_text("全镇共有12个村，总人口23456人。", rules=rules)
    for module in ("docx", "lxml.html", "pypdfium2"):
        try:
            __import__(module)
        except ImportError:  # pragma: no cover - declared dependencies
            pass
