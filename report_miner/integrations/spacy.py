"""A spaCy pipeline component: figures and blanks on ``doc.spans``.

Installed with the package, it is found by name through spaCy's entry points::

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("report_miner")
    doc = nlp("全镇总人口17364人,辖村,协会会员1800多人。")
    [(s.text, s._.rm_value, s._.rm_unit, s._.rm_metric) for s in doc.spans["rm_figures"]]
    [(s.text, s._.rm_kind) for s in doc.spans["rm_blanks"]]

Span extensions (all prefixed ``rm_``): ``rm_value``, ``rm_value_max``, ``rm_unit``,
``rm_approx``, ``rm_bound``, ``rm_subject``, ``rm_action``, ``rm_metric``, ``rm_metric_rule``,
``rm_direction`` (减少 / 增加 / "") for figures; ``rm_kind``, ``rm_unit``, ``rm_metric``, ``rm_metric_rule``, ``rm_context``,
``rm_rule`` (the blank rule) for blanks. A blank with nothing in it
(``辖⟨⟩村``) becomes the one-token span of the character after the slot, with
``rm_empty = True``.

The core of report_miner does not need spaCy; this module is imported only by spaCy.
"""
from __future__ import annotations

from typing import Any

FIGURE_KEY = "rm_figures"
BLANK_KEY = "rm_blanks"
_EXTENSIONS = ("rm_value", "rm_value_max", "rm_unit", "rm_approx", "rm_bound", "rm_subject",
               "rm_action", "rm_metric", "rm_kind", "rm_context", "rm_empty", "rm_metric_rule",
               "rm_rule", "rm_direction")


def _register_extensions() -> None:
    from spacy.tokens import Span

    for name in _EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


class ReportMinerComponent:
    """Runs report_miner on each doc's text and sets ``doc.spans[figures_key / blanks_key]``."""

    def __init__(self, nlp: Any, name: str = "report_miner", *, rules_dir: str | None = None,
                 figures_key: str = FIGURE_KEY, blanks_key: str = BLANK_KEY):
        _register_extensions()
        self.name = name
        self.rules_dir = rules_dir
        self._rules = None  # the compiled RuleSet, loaded on the first doc
        self.figures_key = figures_key
        self.blanks_key = blanks_key

    def __call__(self, doc):
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc):
        """``doc.text`` through report_miner's own pipeline up to its blanks stage: a
        :class:`report_miner.mining.document.Doc` with typed figures and blanks (offsets into
        ``doc.text``)."""
        from ..ruleset.load import RuleSet

        if self._rules is None:
            self._rules = RuleSet.load(self.rules_dir)
        return self._rules.pipeline(doc.text, self.name, until="blanks")

    def set_annotations(self, doc, result):
        """Put the figures and blanks of ``result`` (a report_miner ``Doc``, or a
        :class:`report_miner.MineResult` of the same text) on ``doc.spans``."""
        from ..mining.document import Doc

        if isinstance(result, Doc):
            fig_rows, blank_rows = [vars(f) for f in result.figures], [vars(b) for b in result.blanks]
        else:
            fig_rows, blank_rows = result.rows("figures"), result.rows("blanks")
        figs, blanks = [], []
        for f in fig_rows:
            span = doc.char_span(int(f["start"]), int(f["end"]), alignment_mode="expand")
            if span is None:
                continue
            span._.rm_value = f["value"]
            span._.rm_value_max = f["value_max"]
            span._.rm_unit = f["unit"]
            span._.rm_approx = bool(f["approx"])
            span._.rm_bound = f["bound"]
            span._.rm_subject = f["subject"]
            span._.rm_action = f["action"]
            span._.rm_metric = f["metric"]
            span._.rm_metric_rule = f.get("metric_rule", "")
            span._.rm_direction = f.get("direction", "")
            figs.append(span)
        for b in blank_rows:
            s, e = int(b["start"]), int(b["end"])
            empty = e <= s
            span = doc.char_span(s, max(e, s + 1), alignment_mode="expand") if s < len(doc.text) else None
            if span is None:
                continue
            span._.rm_kind = b["kind"]
            span._.rm_unit = b["unit"]
            span._.rm_metric = b["metric"]
            span._.rm_context = b["context"]
            span._.rm_metric_rule = b.get("metric_rule", "")
            span._.rm_rule = b.get("rule", "")
            span._.rm_empty = empty
            blanks.append(span)
        doc.spans[self.figures_key] = figs
        doc.spans[self.blanks_key] = blanks
        return doc


def make_component(nlp: Any, name: str, rules_dir: str | None, figures_key: str, blanks_key: str):
    """Factory registered as ``report_miner`` (see pyproject's spacy_factories entry point)."""
    return ReportMinerComponent(nlp, name, rules_dir=rules_dir, figures_key=figures_key,
                                blanks_key=blanks_key)


try:  # register the factory when spaCy imports us through the entry point
    from spacy.language import Language

    Language.factory(
        "report_miner",
        default_config={"rules_dir": None, "figures_key": FIGURE_KEY, "blanks_key": BLANK_KEY},
    )(make_component)
except ImportError:  # pragma: no cover - spaCy is optional
    pass
