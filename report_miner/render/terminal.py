"""Terminal rendering of audit results: one block per report, findings with their context."""
from __future__ import annotations

import bisect
import re

from ..mining.audit import SEVERITY_RANK
from ..mining.structure import kind_label
from ..readers.paths import one_line_name
from ..tables import MineResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[2m"}
_RESET, _BOLD, _REV = "\033[0m", "\033[1m", "\033[7m"
_MARK = {"error": "✗", "warning": "!", "info": "·"}

#: terminal escape sequences (CSI ``ESC [ … final``, OSC ``ESC ] … BEL / ESC \``, other
#: ``ESC x``) and every other C0/C1 control character except tab and newline, plus DEL
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x1b\x9c]*[\x07\x9c]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: object) -> str:
    """``value`` as text safe to print to a terminal: escape sequences a report could carry
    (colour, cursor movement, OSC title/hyperlink/clipboard) and other control characters
    are removed; tab and newline are kept. Use it on any report text a command prints."""
    return _CONTROLS.sub("", _ESCAPES.sub("", str(value)))


def _highlight(context: str, color: bool) -> str:
    if not color or "⟨" not in context:
        return context
    return context.replace("⟨", _REV + "⟨").replace("⟩", "⟩" + _RESET)


class LineStarts(dict):
    """``{source: where each line ends}``: a ``texts`` mapping for
    :func:`report_miner.mine_paths` that keeps, of each file's text, only the offsets of its
    line breaks (an array of integers), not the text: all :func:`render_audit` needs for line
    numbers, so that auditing a large folder does not hold every file's text in memory."""

    def __setitem__(self, source: str, text) -> None:
        if isinstance(text, str):
            text = line_breaks(text)
        super().__setitem__(source, text)


def line_breaks(text: str):
    """The offsets of the line breaks of ``text``, as a compact array of integers."""
    from array import array

    return array("q", (m.start() for m in re.finditer("\n", text)))


def render_audit(res: MineResult, min_severity: str = "info", limit: int = 0, color: bool = False,
                 texts: dict[str, str] | None = None) -> str:
    """A readable audit summary: per report its title, completeness, blanks and findings.

    Blanks are shown in context with the slot marked ⟨…⟩ (reverse video when ``color``).
    Each finding shows where it is: ``L7 @193`` (line 7 of the file's text, character offset
    193: the ``start`` column of the findings table) when ``texts`` holds the file's text
    (``{source: text}``, as :func:`report_miner.mine_paths` fills it) or its line breaks
    (a :class:`LineStarts` mapping filled by ``mine_paths``), else ``@193``. The
    counts per report are of all its findings; those below ``min_severity`` are not listed,
    and how many that is is said.
    """
    need = SEVERITY_RANK[min_severity]
    lines: list[str] = []
    breaks: dict[str, list[int]] = {}
    c = (lambda code, s: f"{code}{s}{_RESET}") if color else (lambda code, s: s)
    findings = res.findings
    for _, f in res.files.iterrows():
        if f["status"] != "ok":
            lines.append(c(_COLORS["error"], f"✗ {clean_text(one_line_name(f['source']))}: 无法读取 / unreadable: {clean_text(f['reason'])}"))
    for _, rep in res.reports.iterrows():
        src, num = rep["source"], rep["report"]
        n_reports = int((res.reports["source"] == src).sum())
        meta = [clean_text(kind_label(rep["kind"]))]
        if rep["unit_name"]:
            placeholder = "unit_name" in str(rep.get("placeholders") or "")
            meta.append(f"{clean_text(rep['unit_name'])}" + (" [占位符 placeholder]" if placeholder else ""))
        if rep["date"] is not None and str(rep["date"]) != "nan":
            meta.append(str(rep["date"]))
        elif rep["year"] is not None and str(rep["year"]) != "<NA>":
            meta.append(str(rep["year"]))
        head = f"━━ {clean_text(one_line_name(src))} · 报告 report {num}/{n_reports} · {clean_text(rep['title'] or '(无标题 untitled)')}"
        lines.append(c(_BOLD, head) + f"  ({', '.join(m for m in meta if m)})")
        comp = rep["completeness"]
        lines.append(f"   完整度 completeness: {comp:.0%}  (stated {rep['stated']}/{rep['expected']} "
                     f"expected metrics, {rep['blank_count']} blanks)")
        every = findings[(findings["source"] == src) & (findings["report"] == num)]
        rows = every.loc[every["severity"].map(lambda s: SEVERITY_RANK.get(s, 0) >= need).astype(bool)]
        counts = every.groupby("severity").size().to_dict()
        hidden = len(every) - len(rows)
        lines.append("   " + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("error", "warning", "info"))
                     + (f"  ({hidden} below --min-severity {min_severity} not listed / 未列出)"
                        if hidden else ""))
        text = (texts or {}).get(src)
        if text is not None and src not in breaks:  # where each line ends, once per file
            breaks[src] = line_breaks(text) if isinstance(text, str) else text
        shown = rows if not limit else rows.head(limit)
        for _, f in shown.iterrows():
            sev = f["severity"]
            where = f" [{clean_text(f['section'])}]" if f["section"] else ""
            msg = f["message_zh"] if f["check"].startswith("blank_") else f"{f['message_zh']} / {f['message_en']}"
            at = f"@{f['start']}"
            if text is not None:
                at = f"L{bisect.bisect_left(breaks[src], int(f['start'])) + 1} " + at
            lines.append(f"   {c(_COLORS[sev], _MARK[sev] + ' ' + sev):<9} {clean_text(f['check'])}{where}  "
                         f"{at}  " + _highlight(clean_text(msg), color))
        if limit and len(rows) > limit:
            lines.append(f"   … {len(rows) - limit} more / 还有 {len(rows) - limit} 条 (--limit 0 shows all)")
        lines.append("")
    total = findings["severity"].value_counts().to_dict() if len(findings) else {}
    lines.append(f"total 合计: {len(res.reports)} reports, "
                 + ", ".join(f"{total.get(s, 0)} {s}" for s in ("error", "warning", "info")))
    return "\n".join(lines)
