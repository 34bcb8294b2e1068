"""HTML of the review pages, from the Jinja2 templates in ``report_miner/render/templates/``.

The templates receive plain data (:mod:`report_miner.render.review_model`) and the environment has
autoescaping on, so every value (report text, file names, titles, rule ids, tooltips) is
escaped where it is written, without each call site having to remember it. No template marks
report-derived data as safe: even the highlighted text is a list of pieces the
``marked_text`` macro writes element by element.

Escaping is :func:`html.escape` (``&quot;`` and ``&#x27;`` for quotes, what the pages always
used) through :func:`_escape`, the environment's ``finalize``; Jinja's own autoescaping stays
on behind it, so a value that somehow skipped ``finalize`` would still be escaped.

The templates ship as package data and are found with :class:`jinja2.PackageLoader`, so the
pages render from an installed wheel as from a source checkout. Jinja2 is imported on first use.
"""
from __future__ import annotations

import functools
import html
from typing import TYPE_CHECKING, Any, Iterable

from .review_model import BLANK_KINDS, SEVERITIES, IndexView, Piece, ReportView

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

__all__ = ["render_report", "render_index", "render_pieces"]


def _escape(value: Any) -> Any:
    """Every ``{{ value }}`` of the templates goes through here: ``None`` is written as
    nothing, markup the templates made themselves (macro output) is kept, anything else is
    escaped with :func:`html.escape` (quotes included, for attribute values).

    >>> str(_escape('<b title="x">\\'&'))
    '&lt;b title=&quot;x&quot;&gt;&#x27;&amp;'
    >>> _escape(None)
    ''
    """
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    from markupsafe import Markup

    return Markup(html.escape(str(value), quote=True))


@functools.lru_cache(maxsize=1)
def environment() -> "jinja2.Environment":
    """The Jinja2 environment of the review templates (built once; it holds no rule data)."""
    try:
        import jinja2

        loader = jinja2.PackageLoader("report_miner.render", "templates")
    except ImportError as exc:  # pragma: no cover - jinja2 is a dependency
        raise RuntimeError("the review pages need Jinja2 / 审阅页面需要 Jinja2: "
                           "pip install jinja2") from exc
    except ValueError as exc:  # pragma: no cover - an install without package data
        raise RuntimeError("the review templates are missing from the installed package / "
                           "安装的包中缺少审阅页面模板 (reinstall report_miner)") from exc
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,                 # every template, whatever its file name
        finalize=_escape,
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the tests, not silently
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.globals.update(blank_kinds=BLANK_KINDS, severities=list(SEVERITIES))
    return env


def render_report(page: ReportView) -> str:
    """The HTML of one report page."""
    return environment().get_template("review_report.html").render(page=page)


def render_index(index: IndexView) -> str:
    """The HTML of ``index.html``."""
    return environment().get_template("review_index.html").render(index=index)


def render_pieces(pieces: Iterable[Piece]) -> str:
    """HTML of highlighted text pieces (:func:`report_miner.render.review_model.text_pieces`), by
    the same macro the report page uses.

    >>> render_pieces([Piece("open", "span", (("title", 'a"b'),)), Piece("text", "<i>"),
    ...                Piece("close", "span")])
    '<span title="a&quot;b">&lt;i&gt;</span>'
    """
    macros = environment().get_template("review_macros.html").module
    return str(macros.marked_text(list(pieces)))  # type: ignore[attr-defined]
