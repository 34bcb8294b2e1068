"""``report-miner audit --db ARCHIVE``: the checks across an archive
(:mod:`report_miner.analysis.archive_audit`) plus a count of the per-report findings that
ingest stored. ``report_miner.cli.app`` hands ``audit`` over to :func:`cmd_audit_archive`
when ``--db`` is given.
"""
from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys

from ..readers.paths import one_line_name
from .common import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, err

#: findings printed by default (``--limit`` changes it, 0 prints all; ``-o`` writes all).
DEFAULT_LIMIT = 50


def add_options(au: argparse.ArgumentParser) -> None:
    """The options ``audit`` takes for an archive (registered on the audit parser)."""
    au.add_argument("--db", metavar="ARCHIVE",
                    help="audit an archive made by `report-miner ingest` instead of PATHs: adds "
                         "the checks across reports (year-to-year jumps, two reports that "
                         "disagree, a year's report repeated with the year changed, a year a "
                         "township lacks that its neighbours have) / 跨报告审核档案库")
    au.add_argument("--include-missing", action="store_true",
                    help="with --db: also audit files marked missing (gone from their path)")


def _stored_findings(db: str, include_missing: bool) -> dict[str, int]:
    """severity → count of the per-report findings stored in the archive."""
    from ..store.archive import connect_read_only, present_sources_sql

    with contextlib.closing(connect_read_only(db)) as conn:
        try:
            return dict(conn.execute(
                f"SELECT severity, count(*) FROM findings WHERE "
                f"{present_sources_sql(include_missing)} GROUP BY severity"))
        except sqlite3.Error:  # an archive without a findings table
            return {}


def cmd_audit_archive(args: argparse.Namespace) -> int:
    """Audit the archive ``args.db``; exit 1 when a finding at or above ``--fail-on``
    exists (archive checks or stored per-report findings), 2 for an unusable archive."""
    from ..analysis.archive_audit import ARCHIVE_FINDING_COLUMNS, audit_archive
    from ..errors import ReportMinerError
    from ..mining.audit import SEVERITY_RANK, fail_status
    from ..render.terminal import _COLORS, _MARK, _RESET, clean_text

    if args.paths:
        err("give PATHs or --db ARCHIVE, not both / 文件与 --db 只能选一")
        return EXIT_USAGE
    try:
        findings = audit_archive(args.db, args.rules, include_missing=args.include_missing)
        stored = _stored_findings(args.db, args.include_missing)
    except ReportMinerError as exc:
        err(str(exc))
        return EXIT_USAGE
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    paint = (lambda sev, s: f"{_COLORS[sev]}{s}{_RESET}") if color else (lambda sev, s: s)
    need = SEVERITY_RANK[args.min_severity]
    shown = [f for f in findings if SEVERITY_RANK[f["severity"]] >= need]
    lines = [f"archive 档案库: {clean_text(args.db)}",
             "per-report findings 单份报告发现 (stored by ingest; `report-miner export --table "
             "findings` lists them): " + ", ".join(f"{stored.get(s, 0)} {s}"
                                                   for s in ("error", "warning", "info")),
             f"across the archive 跨报告发现: {len(findings)}"
             + (f" ({len(shown)} at or above {args.min_severity})" if len(shown) != len(findings) else "")]
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["check"]] = counts.get(f["check"], 0) + 1
    if counts:
        lines.append("  by check 按检查项: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
    # a short summary by default (an archive of thousands of reports has thousands of findings)
    limit = DEFAULT_LIMIT if args.limit is None else (args.limit or len(shown))
    for f in shown[:limit]:
        sev = f["severity"]
        lines.append(f"  {paint(sev, _MARK[sev] + ' ' + sev):<9} {f['check']}  "
                     + clean_text(f"{f['message_zh']} / {f['message_en']}"))
        lines.append(clean_text(f"      A: {one_line_name(f['source'])}#{f['report']} @{f['start']}-{f['end']}"
                                + (f"  “{f['context']}”" if f["context"] else "")))
        if f["source_b"]:
            lines.append(clean_text(f"      B: {one_line_name(f['source_b'])}#{f['report_b']} "
                                    f"@{f['start_b']}-{f['end_b']}"))
    if len(shown) > limit:
        lines.append(f"  … {len(shown) - limit} more / 还有 {len(shown) - limit} 条 "
                     f"(--limit 0 shows all; -o writes every one)")
    if not args.quiet:
        print("\n".join(lines))
    if args.output:
        import pandas as pd

        from .common import write_outputs

        table = pd.DataFrame(findings, columns=ARCHIVE_FINDING_COLUMNS)
        if not write_outputs({"archive_findings": table}, args.output, quiet=args.quiet):
            return EXIT_USAGE
    severities = [f["severity"] for f in findings]
    severities += [s for s, n in stored.items() if n and s in SEVERITY_RANK]
    return EXIT_SOME_FAILED if fail_status(severities, args.fail_on) else EXIT_OK
