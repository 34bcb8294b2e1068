"""Terminal rendering of audit results: one block per report, findings with their context."""
from __future__ import annotations

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


def render_audit(res: MineResult, min_severity: str = "info", limit: int = 0, color: bool = False) -> str:
    """A readable audit summary: per report its title, completeness, blanks and findings.

    Blanks are shown in context with the slot marked ⟨…⟩ (reverse video when ``color``).
    """
    need = SEVERITY_RANK[min_severity]
    lines: list[str] = []
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
        rows = findings[(findings["source"] == src) & (findings["report"] == num)]
        rows = rows.loc[rows["severity"].map(lambda s: SEVERITY_RANK.get(s, 0) >= need).astype(bool)]
        counts = rows.groupby("severity").size().to_dict()
        lines.append("   " + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("error", "warning", "info")))
        shown = rows if not limit else rows.head(limit)
        for _, f in shown.iterrows():
            sev = f["severity"]
            where = f" [{clean_text(f['section'])}]" if f["section"] else ""
            msg = f["message_zh"] if f["check"].startswith("blank_") else f"{f['message_zh']} / {f['message_en']}"
            lines.append(f"   {c(_COLORS[sev], _MARK[sev] + ' ' + sev):<9} {clean_text(f['check'])}{where}  "
                         f"@{f['start']}  " + _highlight(clean_text(msg), color))
        if limit and len(rows) > limit:
            lines.append(f"   … {len(rows) - limit} more / 还有 {len(rows) - limit} 条 (--limit 0 shows all)")
        lines.append("")
    total = findings["severity"].value_counts().to_dict() if len(findings) else {}
    lines.append(f"total 合计: {len(res.reports)} reports, "
                 + ", ".join(f"{total.get(s, 0)} {s}" for s in ("error", "warning", "info")))
    return "\n".join(lines)
