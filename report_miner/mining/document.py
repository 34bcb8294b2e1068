"""One document through the mining pipeline: a :class:`Doc` passed through components.

A :class:`Doc` carries the text as loaded, the normalised copy with its offset map and its
sentence index (built once), and the typed spans each stage adds: figures, blanks, reports,
headings, then findings. Each stage is a component, a callable ``doc -> doc`` (as in spaCy);
:class:`Pipeline` runs them in order with one compiled :class:`report_miner.ruleset.load.RuleSet`:

    normalise → figures → blanks → structure (reports, outline) → rows (cells) → audit

Spans keep offsets into the normalised text (``cstart``); rows, built once by the ``rows``
stage, carry offsets into the text as loaded. :func:`report_miner.mine_text` is
``Pipeline(rules)(text).result()``; the spaCy component runs the same pipeline.

>>> from report_miner.mining.document import Pipeline
>>> doc = Pipeline()("我镇辖10个村,全镇总人口人。")
>>> [(f.text, f.metric) for f in doc.figures], [(b.kind, b.unit) for b in doc.blanks]
([('10个', 'admin.villages')], [('missing_number', '人')])
>>> [name for name, _ in Pipeline().components]
['normalise', 'figures', 'blanks', 'structure', 'rows', 'audit']
"""
from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .normalise import Normalised, normalise

if TYPE_CHECKING:  # pragma: no cover
    from .blanks import Blank
    from .figures import Figure
    from ..ruleset.load import RuleSet
    from .structure import Heading, ReportInfo
    from ..tables import MineResult

#: row keys that are internal to the pipeline (offsets into the normalised text, the unit a
#: dropped-unit figure expects): not columns of the tables
FIGURE_INTERNAL = ("expected_unit", "cstart", "cend")
BLANK_INTERNAL = ("cstart",)


@dataclass
class Doc:
    """One text on its way through the pipeline (see the module docstring).

    ``suppressed`` is a list only when explaining: the scanners append every candidate they
    drop, with what vetoed it."""

    original: str
    source: str = "<text>"
    norm: Normalised | None = None
    figures: list["Figure"] = field(default_factory=list)
    blanks: list["Blank"] = field(default_factory=list)
    reports: list["ReportInfo"] = field(default_factory=list)
    headings: list["Heading"] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Table rows (figures, blanks, reports, sections), offsets into the text as loaded."""
    suppressed: list[dict[str, Any]] | None = None
    layout: tuple[tuple[int, int, int], ...] = ()
    """Headings the file marks by its layout, ``(start, end, level)`` in ``original``
    (:attr:`report_miner.readers.base.Document.headings`); empty for plain text."""
    tables: tuple = ()
    """The file's tables (:attr:`report_miner.readers.base.Document.tables`), offsets in
    ``original``; for a text whose reader gave none, the ``rows`` stage puts here the tables
    written as text (:mod:`report_miner.mining.texttables`)."""
    ocr_lines: tuple = ()
    """The OCR'd lines of the text (:class:`report_miner.readers.ocr.OcrLine`): their
    confidence goes on every figure and blank row they hold (``ocr_confidence``)."""
    report_split: list["ReportInfo"] | None = field(default=None, repr=False)
    """The reports of the text as the figures component found them (it needs their starts);
    the structure component takes them as :attr:`reports` instead of finding them again."""

    @property
    def text(self) -> str:
        """The normalised text the rules scan."""
        return self.norm.text if self.norm is not None else self.original

    @property
    def sentences(self):
        """The sentence index of the normalised text (:class:`report_miner.mining.context.SentenceIndex`)."""
        return self.norm.sentences


Component = Callable[[Doc], Doc]


def normalise_doc(doc: Doc, rules: "RuleSet | None" = None) -> Doc:
    """Component: the clean copy and its offset map (:func:`report_miner.mining.normalise.normalise`;
    ``rules``: the rule set whose units mend numbers cut by a line break, default the shipped one)."""
    doc.norm = normalise(doc.original, rules)
    return doc


def _put_ocr_confidence(lines, *tables: list[dict[str, Any]]) -> None:
    """Each row's ``ocr_confidence``: the lowest confidence of the OCR'd lines its span touches
    (a figure joined across a wrapped line has two)."""
    starts = [ln.start for ln in lines]
    for rows in tables:
        for r in rows:
            s, e = r["start"], max(r["end"], r["start"] + 1)
            i = max(0, bisect.bisect_right(starts, s) - 1)
            confs = []
            while i < len(lines) and lines[i].start < e:
                if lines[i].end >= s:
                    confs.append(lines[i].confidence)
                i += 1
            r["ocr_confidence"] = min(confs) if confs else None


class Pipeline:
    """The mining stages over one compiled rule set, as named components ``doc -> doc``.

    ``Pipeline(rules)(text, source)`` returns the :class:`Doc`; ``.result()`` on it (or
    :meth:`mine`) the :class:`report_miner.MineResult`. ``components`` is a plain list of
    ``(name, callable)``: a caller may insert a stage of its own (after ``rows``, a stage
    sees the rows the audit will read).
    """

    def __init__(self, rules: "RuleSet | None" = None):
        from ..ruleset.load import RuleSet

        self.rules = rules if rules is not None else RuleSet.load()
        self.components: list[tuple[str, Component]] = [
            ("normalise", self.normalise), ("figures", self.figures), ("blanks", self.blanks),
            ("structure", self.structure), ("rows", self.build_rows), ("audit", self.audit)]

    def __call__(self, text: str, source: str | None = None, *, explain: bool = False,
                 until: str | None = None, timings: dict[str, float] | None = None,
                 headings: tuple = (), tables: tuple = (), ocr_lines: tuple = ()) -> Doc:
        """``text`` through every component in order (through the one named ``until`` only,
        when given: the spaCy component stops after ``blanks``). ``timings``, when given,
        receives each component's seconds under its name (added to what it holds).
        ``headings``, ``tables``: the file's layout (:attr:`Doc.layout`, :attr:`Doc.tables`).
        ``ocr_lines``: the text's OCR'd lines (:attr:`report_miner.readers.base.Document.ocr_lines`),
        whose confidence the figure and blank rows carry."""
        doc = Doc(text, source or "<text>", suppressed=[] if explain else None,
                  layout=tuple(headings), tables=tuple(tables), ocr_lines=tuple(ocr_lines))
        if timings is None:
            for name, component in self.components:
                doc = component(doc)
                if name == until:
                    break
            return doc
        clock = time.perf_counter
        for name, component in self.components:
            t0 = clock()
            doc = component(doc)
            timings[name] = timings.get(name, 0.0) + clock() - t0
            if name == until:
                break
        return doc

    def mine(self, text: str, source: str | None = None, *, explain: bool = False,
             timings: dict[str, float] | None = None, headings: tuple = (),
             tables: tuple = (), ocr_lines: tuple = ()) -> "MineResult":
        """The tables of one text (what :func:`report_miner.mine_text` returns); ``timings``
        as for calling the pipeline, with the building of the tables under ``"tables"``;
        ``headings`` and ``tables`` the file's layout; ``ocr_lines`` its OCR'd lines."""
        doc = self(text, source, explain=explain, timings=timings, headings=headings,
                   tables=tables, ocr_lines=ocr_lines)
        if timings is None:
            return self.result(doc)
        t0 = time.perf_counter()
        res = self.result(doc)
        timings["tables"] = timings.get("tables", 0.0) + time.perf_counter() - t0
        return res

    # ------------------------------------------------------------------ components

    def normalise(self, doc: Doc) -> Doc:
        """Component: the clean copy and its offset map, numbers cut by a line break mended
        with this rule set's units (:func:`normalise_doc`)."""
        return normalise_doc(doc, self.rules)

    def figures(self, doc: Doc) -> Doc:
        """Component: figures (``rules/units.yaml``, qualifiers, exclusions, metrics)."""
        from .structure import split_reports

        # the reports a file glues together (a figure is a place's share only of a figure in its
        # own report); found here once, the structure component keeps them
        doc.report_split = split_reports(doc.text, self.rules)
        starts = [r.start for r in doc.report_split]
        doc.figures = self.rules.figures.scan(doc.norm, log=doc.suppressed, report_starts=starts)
        return doc

    def blanks(self, doc: Doc) -> Doc:
        """Component: blanks (``rules/blanks.yaml``), the dropped units of the figures included."""
        doc.blanks = self.rules.blanks.scan(doc.norm, doc.figures, log=doc.suppressed)
        return doc

    def structure(self, doc: Doc) -> Doc:
        """Component: the reports in the text and each one's outline (``rules/structure.yaml``),
        headings the file marks by its layout included (:attr:`Doc.layout`)."""
        from .structure import clean_offset, outline, split_reports

        doc.reports = (doc.report_split if doc.report_split is not None  # the figures component's
                       else split_reports(doc.text, self.rules))
        hints = ()
        if doc.layout and doc.norm is not None:
            hints = tuple((clean_offset(doc.norm, s), clean_offset(doc.norm, e), level)
                          for s, e, level in doc.layout)
        st = self.rules.structure
        skip = ()
        if st.text_table_contents or st.text_table_contents_lines:
            from .texttables import find_contents_lines

            skip = find_contents_lines(doc.text, titles=st.text_table_contents,
                                       min_lines=st.text_table_contents_lines,
                                       leaders=st.text_table_leaders)
        doc.headings = outline(doc.text, doc.reports, hints, skip)
        return doc

    def build_rows(self, doc: Doc) -> Doc:
        """Component: the table rows, each placed in its report and section, offsets mapped
        back to the text as loaded (figures and blanks map theirs when found); for a file with
        tables (:attr:`Doc.tables`), the ``cells`` rows and the figures of numeric cells
        (:mod:`report_miner.mining.cells`)."""
        from .structure import SectionIndex

        source, norm, reports = doc.source, doc.norm, doc.reports
        report_starts = [r.start for r in reports]
        at = SectionIndex(doc.headings).at
        bisect_right = bisect.bisect_right

        def placed(spans) -> list[dict]:
            """Each span's fields, then its source, report and section (the row)."""
            rows = []
            for x in spans:
                row = x.__dict__.copy()
                row["source"] = source
                if not reports:  # a blank text has no report (and nothing to place)
                    row["report"], row["section"] = 1, ""
                else:
                    cpos = x.cstart
                    rep = reports[max(0, bisect_right(report_starts, cpos) - 1)]
                    sec = at(rep.report, cpos)
                    row["report"], row["section"] = rep.report, sec.path if sec else ""
                rows.append(row)
            return rows

        report_rows = []
        for r in reports:
            s, e = norm.to_orig_span(r.start, r.end)
            report_rows.append(dict(source=source, report=r.report, start=s, end=e, title=r.title,
                                    kind=r.kind, unit_name=r.unit_name, date=r.date, year=r.year,
                                    year_span=r.year_span, period=r.period,
                                    placeholders=",".join(r.placeholders)))
        section_rows = []
        for h in doc.headings:
            s, e = norm.to_orig_span(h.start, h.end)
            section_rows.append(dict(source=source, report=h.report, section_id=h.section_id,
                                     level=h.level, token=h.token, number=h.number, title=h.title,
                                     heading_text=h.heading_text, start=s, end=e, parent=h.parent,
                                     path=h.path, style=h.style))
        doc.rows = dict(figures=placed(doc.figures), blanks=placed(doc.blanks),
                        reports=report_rows, sections=section_rows, cells=[])
        if not doc.tables:  # plain text: tables written with tabs, pipes or aligned spaces
            from .texttables import find_text_tables

            st = self.rules.structure
            doc.tables = find_text_tables(doc.original, separators=st.text_table_separators,
                                          min_rows=st.text_table_min_rows,
                                          contents=st.text_table_contents,
                                          rule_chars=st.text_table_rule_chars,
                                          contents_lines=st.text_table_contents_lines,
                                          leaders=st.text_table_leaders,
                                          units=self.rules.figures.units,
                                          figures=doc.rows["figures"])
        if doc.tables:  # a file's tables: the cells table, and figures from numeric cells
            from .cells import cell_rows

            doc.rows["cells"] = cell_rows(doc, self.rules)
        if doc.ocr_lines:  # after the cells: every figure row is there
            _put_ocr_confidence(doc.ocr_lines, doc.rows["figures"], doc.rows["blanks"])
        return doc

    def audit(self, doc: Doc) -> Doc:
        """Component: findings (``rules/checks.yaml``) and each report's completeness."""
        rows = doc.rows
        doc.findings, completeness = self.rules.auditor.run(
            doc.text, rows["figures"], rows["blanks"], rows["reports"], rows["sections"],
            cells=rows.get("cells") or [], spans={r.report: (r.start, r.end) for r in doc.reports},
            to_orig=doc.norm.to_orig_span if doc.norm is not None else None)
        for r in rows["reports"]:
            r.update(completeness.get(r["report"], {}))
        return doc

    # ------------------------------------------------------------------ tables

    def result(self, doc: Doc) -> "MineResult":
        """The :class:`report_miner.MineResult` of a piped :class:`Doc` (internal keys dropped
        from ``doc.rows``, which become the tables; with ``.suppressed`` and ``.explanation``
        when the doc was explained)."""
        from ..tables import MineResult

        rows = doc.rows
        fig_rows, blank_rows = rows["figures"], rows["blanks"]
        for r in fig_rows:  # in place: the rows are the tables' from here on
            for k in FIGURE_INTERNAL:
                r.pop(k, None)
        for r in blank_rows:
            for k in BLANK_INTERNAL:
                r.pop(k, None)
        res = MineResult(figures=fig_rows, blanks=blank_rows, reports=rows["reports"],
                         sections=rows["sections"], findings=doc.findings,
                         cells=rows.get("cells") or [])
        res.core_metrics = self.rules.core_ids
        if doc.suppressed is not None:
            self._explain(res, doc)
        return res

    def _explain(self, res: "MineResult", doc: Doc) -> None:
        import pandas as pd

        from .explain import SUPPRESSED_COLUMNS, explain

        log = sorted(doc.suppressed, key=lambda r: (r["cstart"], r["stage"]))
        rows = [{**{k: v for k, v in r.items() if k != "cstart"}, "source": doc.source} for r in log]
        res.suppressed = pd.DataFrame(rows, columns=SUPPRESSED_COLUMNS)
        res.explanation = explain(self.rules, doc.norm, doc.source, doc.figures, doc.blanks,
                                  res.rows("figures"), res.rows("blanks"), res.rows("findings"), rows)
