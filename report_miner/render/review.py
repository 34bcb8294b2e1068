"""The review page: what was mined, shown on the report's own text, as static HTML.

Auditors would rather look than read tables. :func:`render_review` writes, for every report of
a :class:`~report_miner.tables.MineResult`, one self-contained HTML page (inline CSS and a few
lines of inline JS, no external resources, opens offline from a USB stick or a mail
attachment) plus ``index.html`` listing the batch:

- the report's text, ``text[start:end]`` of its source exactly as loaded (line breaks kept,
  every character escaped: a report containing ``<script>`` shows it as text);
- its outline as a sticky side navigation, each entry a link to an anchor placed at the
  heading's start offset;
- figures underlined, with value, value_max, unit, subject, action, metric and the metric
  rule that labelled it (``metric_rule``, when the table has it) on hover;
- blanks highlighted, one colour per kind, with the rule that proposed them on hover; a blank
  of zero width (辖⟨⟩村) is an empty marker element that CSS draws as ⟨ ⟩, so copying the text
  still copies the text as submitted;
- findings listed in a side panel, coloured by severity, each linked to an anchor at its
  start offset in the text (and back).

How it is made: :mod:`report_miner.render.review_model` prepares each page as plain data (nothing in
it is HTML), :mod:`report_miner.render.review_html` writes it with the Jinja2 templates in
``report_miner/render/templates/`` with autoescaping on, so escaping does not depend on each call
site remembering it. :func:`highlight` shows the text walk on its own:

>>> from report_miner.render.review_model import _Span, _Point, RANK_FINDING, RANK_FIGURE, ORDER_BLANK
>>> highlight("辖村,<b>", 0, 6, [_Span(0, 6, RANK_FINDING, "finding"),
...                                _Span(3, 6, RANK_FIGURE, "fig")],
...           [_Point(1, ORDER_BLANK, "span", (("class", "blank empty"),))])
'<span class="finding">辖<span class="blank empty"></span>村,<span class="fig">&lt;b&gt;</span></span>'

``review_paths`` mines files and folders and renders them in one call; the command line is
``report-miner review PATH... -o DIR`` (:mod:`report_miner.cli.review`).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping

from .review_model import BLANK_KINDS, SEVERITIES, _Point, _Span, build_views, text_pieces
from ..tables import MineResult

__all__ = ["render_review", "review_paths", "mine_for_review", "highlight", "BLANK_KINDS", "SEVERITIES"]


def highlight(text: str, start: int, end: int, spans: Iterable[_Span],
              points: Iterable[_Point] = ()) -> str:
    """HTML of ``text[start:end]`` with ``spans`` wrapped and ``points`` inserted, every
    character of the text escaped (see :func:`report_miner.render.review_model.text_pieces` for how
    overlapping spans are cut so that elements always nest)."""
    from .review_html import render_pieces

    return render_pieces(text_pieces(text, start, end, spans, points))


def render_review(result: MineResult, texts: Mapping[str, str], out_dir: str | os.PathLike
                  ) -> list[Path]:
    """Write the review pages of ``result`` into ``out_dir``; return their paths, ``index.html``
    first, then one page per report in the order of ``result.reports``.

    ``texts`` maps each ``source`` of the result to its text *as loaded* (the text the offsets
    refer to; :func:`report_miner.readers.load.read_document` gives it for a file). Pages are named after
    the source file and report number (``河西镇-1.html``); existing files of those names are
    overwritten, nothing else in ``out_dir`` is touched.

    Raises ``KeyError`` naming the source when a report's text is missing from ``texts``.

    Example::

        res = mine_text(text, source="甲镇.txt")
        render_review(res, {"甲镇.txt": text}, "out/review")
        # [PosixPath('out/review/index.html'), PosixPath('out/review/甲镇-1.html')]
    """
    from ..store.writers import write_text_atomic
    from .review_html import render_index, render_report

    tables = {name: result.rows(name) for name in
              ("figures", "blanks", "findings", "sections", "reports", "files")}
    index_view, views = build_views(tables, texts)  # raises KeyError before anything is written
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, view in views:
        path = out / name
        write_text_atomic(path, render_report(view))  # whole or not at all (Ctrl-C)
        written.append(path)
    index = out / "index.html"
    write_text_atomic(index, render_index(index_view))
    return [index] + written


def mine_for_review(paths: Iterable[str | os.PathLike] | str | os.PathLike,
                    rules_dir: str | os.PathLike | None = None, *,
                    suffixes: tuple[str, ...] | None = None) -> tuple[MineResult, dict[str, str]]:
    """Mine files and folders (:func:`report_miner.api.mine_paths`) and keep the text of every
    file mined, as it was read for mining: what :func:`render_review` needs."""
    from ..api import DEFAULT_SUFFIXES, mine_paths

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    texts: dict[str, str] = {}
    res = mine_paths(list(paths), rules_dir=rules_dir, suffixes=suffixes or DEFAULT_SUFFIXES,
                     texts=texts)
    return res, texts


def review_paths(paths: Iterable[str | os.PathLike] | str | os.PathLike, out_dir: str | os.PathLike,
                 rules_dir: str | os.PathLike | None = None, *,
                 suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Mine files and folders and write their review pages: ``index.html`` first, then one
    page per report (see :func:`render_review`).

    ``suffixes`` are the file endings picked up in folders (default: every format
    :func:`report_miner.readers.load.read_document` reads). Files that cannot be read are listed in
    ``index.html`` with the reason; the others are rendered.

    Example::

        review_paths(["corpora/"], "out/review")[0]   # PosixPath('out/review/index.html')
    """
    res, texts = mine_for_review(paths, rules_dir, suffixes=suffixes)
    return render_review(res, texts, out_dir)
