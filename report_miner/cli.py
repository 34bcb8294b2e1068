"""The ``report-miner`` command line: a thin shell over the Python API.

Run ``report-miner --help`` or ``report-miner COMMAND --help`` for details and examples.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

MAIN_HELP = """\
report-miner: 中文工作汇报/总结/计划 文本挖掘 / text mining for Chinese work reports.

Pulls every figure (number + unit, what it counts, which metric) out of reports and writes
tables (reports, sections, figures, blanks, findings, files) to Excel, CSV, SQLite or JSON lines.
Every row points back to its source file and character offsets.
"""

EXTRACT_EPILOG = """\
examples / 示例:
  report-miner extract corpora/ -o out/corpora.xlsx          # one sheet per table
  report-miner extract a.txt b.txt -o out/tables.sqlite       # SQLite database
  report-miner extract corpora/ -o out/csv/                   # a folder of CSV files
  report-miner extract report.txt -o - --format jsonl         # JSON lines to stdout
  report-miner extract corpora/ -o out/a.sqlite -o out/a.xlsx # several outputs at once
  report-miner extract corpora/ -o out/a.xlsx --rules my_rules/   # with your own rules

Folders are walked recursively for files with the --suffix endings (default .txt).
A file that cannot be read is listed in the `files` table with status "failed" and the reason;
the other files are still mined. Exit status: 0 all files mined, 1 some files failed,
2 nothing to mine or bad arguments.
"""

RULES_EPILOG = """\
examples / 示例:
  report-miner rules check               # validate the shipped rules
  report-miner rules check my_rules/     # validate your own rule folder on top of them
  report-miner rules list metrics        # list the metric ids with their labels
"""


def _add_rules_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", metavar="DIR",
                   help="folder of YAML rule files that add to / override the shipped rules "
                        "(same file names as rules/: units.yaml, metrics.yaml, ...)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="report-miner", description=MAIN_HELP,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    from . import __version__

    parser.add_argument("--version", action="version", version=f"report_miner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="mine reports into tables (figures, blanks, ...)",
                        description="Mine reports into tables. 提取报告中的数字、空缺等，输出为表格。",
                        epilog=EXTRACT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    ex.add_argument("-o", "--output", action="append", required=True, metavar="OUT",
                    help="where to write: .xlsx, .sqlite/.db, a folder or .csv (CSV files), "
                         "or - for stdout (with --format jsonl); repeat for several outputs")
    ex.add_argument("--format", choices=["xlsx", "csv", "sqlite", "jsonl"],
                    help="output format when it cannot be told from OUT's suffix")
    ex.add_argument("--suffix", action="append", metavar=".EXT",
                    help="file endings to pick up in folders (default .txt); repeatable")
    ex.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    _add_rules_option(ex)
    ex.set_defaults(func=cmd_extract)

    ru = sub.add_parser("rules", help="check or list the extraction rules",
                        description="Check or list the rules. 检查或列出规则文件。",
                        epilog=RULES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    rsub = ru.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    rc = rsub.add_parser("check", help="validate rule files; print every problem with file and line")
    rc.add_argument("dir", nargs="?", help="your rule folder (default: only the shipped rules)")
    rc.set_defaults(func=cmd_rules_check)
    rl = rsub.add_parser("list", help="list the records of one rule file")
    rl.add_argument("file", choices=["units", "qualifiers", "exclusions", "metrics", "blanks", "checks"])
    _add_rules_option(rl)
    rl.set_defaults(func=cmd_rules_list)
    return parser


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    from .api import mine_paths
    from .errors import ReportMinerError
    from .store import write_tables

    for p in args.paths:
        if not Path(p).exists():
            _err(f"not found / 找不到: {p}")  # mine_paths records it as a failed file
    suffixes = tuple(s if s.startswith(".") else "." + s for s in (args.suffix or [".txt"]))
    try:
        res = mine_paths(args.paths, rules_dir=args.rules, suffixes=suffixes)
    except ReportMinerError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if not len(res.files):
        _err("no input files found / 没有找到输入文件 (suffixes: " + ", ".join(suffixes) + ")")
        return EXIT_USAGE
    for out in args.output:
        fmt = args.format if (args.format or out == "-") else None
        if out == "-" and not fmt:
            fmt = "jsonl"
        try:
            written = write_tables(res.tables(), out, fmt)
        except ReportMinerError as exc:
            _err(str(exc))
            return EXIT_USAGE
        if written is not None and not args.quiet:
            _err(f"wrote 已写入: {written}")
    if not args.quiet:
        _err(res.summary())
    failed = int((res.files["status"] == "failed").sum())
    return EXIT_SOME_FAILED if failed else EXIT_OK


def cmd_rules_check(args: argparse.Namespace) -> int:
    from .ruleset import check_rules

    problems = check_rules(args.dir)
    if problems:
        _err("规则文件有误 / invalid rule file(s):")
        for p in problems:
            _err("  " + p)
        return EXIT_SOME_FAILED
    print("rules OK / 规则检查通过")
    return EXIT_OK


def cmd_rules_list(args: argparse.Namespace) -> int:
    from .errors import RuleError
    from .ruleset import load_rule_data

    try:
        data = load_rule_data(args.rules)
    except RuleError as exc:
        _err(str(exc))
        return EXIT_SOME_FAILED
    for section, recs in data.files.get(args.file, {}).items():
        print(f"# {section}")
        for r in recs:
            label = r.get("label") or r.get("unit") or r.get("form") or r.get("note") or ""
            print(f"{r['id']:28} {label}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``report-miner`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
