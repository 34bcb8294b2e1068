"""The ``report-miner`` command line: a thin shell over the Python API.

Run ``report-miner --help`` or ``report-miner COMMAND --help`` for details and examples.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# the helpers every command shares live in cli_common, which imports no other CLI module, so
# that cli -> cli_ingest / cli_review -> cli_common has no cycle
from ..readers.paths import one_line_name
from .common import (EXIT_OK, EXIT_SOME_FAILED, EXIT_STATUS_HELP, EXIT_USAGE, LIMITS_HELP, BilingualParser,
                     add_input_options, add_limit_options, add_rules_option as _add_rules_option,
                     QUIET_HELP, check_outputs, err as _err, failed_rows as _failed_rows,
                     output_kind, say_failed, explain_file, failed_status, input_suffixes, int_at_least,
                     mine_inputs, number_in, run_command, say_not_read, warn_missing,
                     write_outputs)


def _clean(text: str) -> str:
    """Report text made safe to print (no escape sequences; see render.terminal.clean_text)."""
    from ..render.terminal import clean_text  # imported late: it pulls in pandas

    return clean_text(text)


MAIN_HELP = """\
report-miner: 中文工作汇报/总结/计划 文本挖掘 / text mining for Chinese work reports.

Pulls every figure (number + unit, what it counts, which metric) out of reports and writes
tables (reports, sections, figures, blanks, findings, files) to Excel, CSV, SQLite or JSON lines.
Every row points back to its source file and character offsets.

examples / 示例:
  report-miner extract corpora/ -o out/corpora.xlsx     # mine a folder into Excel (one sheet per table)
  report-miner audit submitted/                         # blanks and contradictions, per report
  report-miner review corpora/ -o out/review            # HTML pages to read each report with its findings
  report-miner ingest 档案/ --db archive.sqlite          # a growing archive, re-runs mine only new files
  report-miner compare --db archive.sqlite -o cmp.xlsx   # townships x years x metrics, copied reports
  report-miner explain "全镇总人口人,辖10个村。"            # which rule made each row
  report-miner rules check my_rules/                    # validate your own rule files
  report-miner serve --db archive.sqlite                # the audit desk in your browser

`report-miner COMMAND --help` explains each command with more examples.
""" + "\n" + EXIT_STATUS_HELP

EXTRACT_EPILOG = """\
examples / 示例:
  report-miner extract corpora/ -o out/corpora.xlsx          # one sheet per table
  report-miner extract a.txt b.txt -o out/tables.sqlite       # SQLite database
  report-miner extract corpora/ -o out/csv/                   # a folder of CSV files
  report-miner extract report.txt -o - --format jsonl         # JSON lines to stdout
  report-miner extract corpora/ -o out/a.sqlite -o out/a.xlsx # several outputs at once
  report-miner extract corpora/ -o out/a.xlsx --rules my_rules/   # with your own rules

Folders are walked recursively for files with the --suffix endings (default: every format
report_miner reads: .txt .docx .pdf .html .htm .doc, and scans .png .jpg .jpeg .tif .tiff
read by OCR with the ocr extra: pip install 'report_miner[ocr]').
A file that cannot be read is listed in the `files` table with status "failed" and the reason;
the other files are still mined. Exit status: 0 all files mined, 1 some files failed,
2 nothing to mine (no file, or none could be read) or bad arguments, 3 internal error,
130 interrupted.
""" + "\n" + LIMITS_HELP + "\n" + EXIT_STATUS_HELP

AUDIT_EPILOG = """\
checks / 检查项 (rules/checks.yaml; list them with `report-miner rules list checks`):
  blank_missing_number   error    空缺数字: a measure word with no number (总人口人, 辖村, 电脑台)
  blank_placeholder      error    模板占位符: *镇, XX县区, 20xx年, ××村, 某乡, 张某
  blank_missing_text     error    空缺内容: 位于,距… ; (填写…) instructions left in
  blank_missing_unit     warning  缺少单位: 签订率在98以上 (%), 出生率控制在15.0以内 (‰)
  part_exceeds_whole     error    部分大于整体: 已婚育龄妇女 > 总人口, 会员 > 总人口
  percent_over_100       error    百分比超过100% (growth and shares of a task excepted: 增长150%, 完成任务的107%)
  breakdown_exceeds_total error   “其中”各项之和大于总数 (parts of different dimensions, 男性…,老年人…, or nested bands, 60岁以上…,80岁以上…, are not summed)
  part_exceeds_total     error    “其中”某一项大于总数 (31250人,其中…41250人)
  rate_contradicts_counts warning 比率与所依数字不符 (e.g. 2000人 … 1800人 … 95%; 占X的 → X; 出生N人,出生率…‰ → 总人口)
  change_contradicts_figures warning 同比与同句上年、本年数字不符 (上年为1亿元 … 1.2亿元,同比增长15%; 比上年的301人减少52人)
  total_not_sum          error    各项之和与其后的“共计/合计”不符 (1个、12个、3个,共计18个)
  figure_restated        warning  同一报告中总人口/行政村数前后不一 (总人口21000人 … 全镇总人口23500人)
  year_differs_from_title warning 年份与标题不符 (2022年总结落款2020年; 现将2021年度…报告如下)
  approx_on_precise_number warning 非整数加“多/余” (1823多人, 22.23余万元)
  implausible_value      error    数值超出合理范围 (总人口一千万以上, 一万亿亿人): not a fact to use
  villages_exceed_population error 行政村数多于总人口 (12个行政村, 总人口8人)
  table_total_mismatch   error    表格合计行/列不等于各项之和 (.docx/.html tables)
  table_part_exceeds_whole error  表格实检大于应检 (.docx/.html tables)
  ocr_low_confidence     warning  OCR 识别置信度低的数字 (scans only)
  population_not_stated  error    报告未说明总人口 (reports, summaries, duty reports; not one whose title names another subject only: 水利, 民政 …)
  expected_metric_missing info    该类报告通常应有的指标未出现 (family-planning ones only if the title names it or no other subject)
  numbering_duplicate / _skipped / _out_of_order  warning  标题序号重复/跳号/倒序
  numbering_style_changed info    同级标题序号格式不一致 (1. then 2、)
completeness 完整度 = expected metrics stated / (expected metrics + blanks)

examples / 示例:
  report-miner audit corpora/                       # readable summary per report
  report-miner audit report.txt --fail-on warning   # exit 1 on any warning or error
  report-miner audit corpora/ -o out/audit.xlsx     # also save all tables
  report-miner audit corpora/ --min-severity warning --limit 10
  report-miner audit --db archive.sqlite            # across an ingested archive (see below)
  report-miner audit --db archive.sqlite -o out/archive_findings.xlsx

across an archive / 跨报告 (--db; archive_checks in rules/checks.yaml):
  archive_year_jump           error    逐年突变: a township's figure changes more than 2× between
                                       two years at most 2 apart (factor, max_gap)
  archive_conflicting_figures error    同年数字不一: two reports of one township, year and period disagree
  archive_repeated_year_text  error    照抄往年: a report repeats an earlier year's, only the years changed
  archive_same_file           error    一文多报: one file filed under two townships or years
  archive_missing_year        warning  缺年度报告: a year most townships of the county have, this one lacks
  Each finding names both places (source/start/end and source_b/start_b/end_b). Files marked
  missing by ingest are left out unless --include-missing.

exit status: 0 clean, 1 findings at or above --fail-on (default error) or some files could
not be read (listed as failed, the rest audited), 2 unusable input (no file could be read) or
bad arguments, 3 internal error, 130 interrupted.
""" + "\n" + LIMITS_HELP + "\n" + EXIT_STATUS_HELP

COMPARE_EPILOG = """\
One row per township and year (--per report: one per report), one column per metric (core
metrics first), with per-10,000-people columns where the population is stated. Which figure
fills a cell:
  - results (总结/汇报/述职/自查, full-year first) are preferred over other reports, and over a
    plan's statement of its starting point (辖…/现有…/基本情况);
  - targets (a plan's figures, 下一步打算 sections, 力争/计划… before a number) go to
    <metric>_target, numbers due (应参加孕检2000人) to <metric>_planned, never to <metric>;
  - units that count different things (人/名 persons, 人次, 对 couples, 户) never share a column:
    health.screenings[人] beside health.screenings (人次), rules/metrics.yaml unit_groups;
  - then the largest township-level statement (全镇…, 基本情况), else the largest statement.
Columns are named <metric><role>[<unit>], each part only when needed: health.screenings_target[人];
rate.target (other rates) is compared as rate.other; [-] holds figures written without a unit
(签订率达到98以上).
The `choices` sheet names the rules behind every cell (rule, role_rule, report_rule, why), its
figure's file and offsets (source, report, start, end), and in `disagree` the other reports of
the same standing that state another figure (the largest is kept; the terminal lists them).
A metric left blank (总人口人, 总人口____人) is an empty cell (status "blank"), never 0; in
.xlsx the cells are coloured green stated / red blank / grey absent. Township = the folder
metadata of --path-pattern (here for PATH, or given to ingest), else the report's unit name,
else the file name; one name in two counties ({county}) is two townships: 石门镇 (青禾县).
Copies: passages at cosine similarity >= --copy-threshold (character 2-4-grams, 1 = identical);
a passage in more than 10% of the townships (at least 3) is boilerplate; pairs between
townships are listed first, a township's own reports of other years after them.
The terminal shows a summary (the table itself only when it is short); -o writes every row.
With --db the archive is compared inside SQLite: its tables are never loaded whole.

examples / 示例:
  report-miner compare corpora/                               # summary in the terminal
  report-miner compare corpora/ -o out/compare.xlsx --charts out/charts/
  report-miner compare --db archive.sqlite -o out/compare.xlsx --labels zh   # 中文列名
  report-miner compare --db archive.sqlite --per report -o out/by_report.csv
  report-miner compare corpora/ --copy-threshold 0.7 --yoy-factor 2 --top 20
  report-miner compare 报告/ --path-pattern "{county}/{township}/{year}/*" -o out/cmp.csv  # folder out/cmp/

exit status: 0 compared, 1 some files could not be read (listed on stderr; the rest are
compared), 2 nothing to compare, bad arguments, or an output or --charts folder that cannot
be written, 3 internal error, 130 interrupted.
""" + "\n" + LIMITS_HELP + "\n" + EXIT_STATUS_HELP

RULES_EPILOG = """\
examples / 示例:
  report-miner rules check               # validate the shipped rules
  report-miner rules check my_rules/     # validate your own rule folder on top of them
  report-miner rules list metrics        # list the metric ids with their labels
  report-miner rules list checks --rules my_rules/   # with yours; switched-off rules last

exit status: `rules check` 0 valid, 1 problems found (each printed with file and line);
`rules list` 0, or 2 when the rule folder is invalid; 2 bad arguments (a DIR that is not
there); 3 internal error;
130 interrupted.
"""

EXPLAIN_EPILOG = """\
Prints, step by step, what normalisation changed, each figure with its unit (and per: 人/月
for 每人每月150元), unit rule, metric rule (`<metric id>#<entry>` with the file and line of the
entry: `[shipped] rules/metrics.yaml:143` for a shipped rule, the path you gave for yours)
and subject, each blank with the rule that proposed it, each candidate that was dropped and
what vetoed it (an exclusion, a not_blanks record, the segmenter, a rule ranked before it),
and each finding with its check.
逐步说明每个数字、空缺、审核发现由哪条规则产生，以及哪些候选被哪条规则排除。

examples / 示例:
  report-miner explain "全镇总人口人,辖10个村。"
  report-miner explain -f report.txt
  report-miner explain -f report.txt --rules my_rules/   # with your own rules

exit status: 0 explained, 2 nothing to explain (an empty text, a file that cannot be read or
is beyond the limits) or bad arguments, 3 internal error, 130 interrupted.
-f FILE is read and explained in a worker process under --timeout and --max-memory.
""" + "\n" + EXIT_STATUS_HELP


def build_parser() -> argparse.ArgumentParser:
    parser = BilingualParser(prog="report-miner", description=MAIN_HELP,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"report_miner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="mine reports into tables (figures, blanks, ...) / 提取数字、空缺等为表格",
                        description="Mine reports into tables. 提取报告中的数字、空缺等，输出为表格。",
                        epilog=EXTRACT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_input_options(ex)
    ex.add_argument("-o", "--output", action="append", required=True, metavar="OUT",
                    help="where to write: .xlsx, .sqlite/.db, a folder or .csv (CSV files), "
                         "or - for stdout (with --format jsonl); repeat for several outputs")
    ex.add_argument("--format", choices=["xlsx", "csv", "sqlite", "jsonl"],
                    help="output format when it cannot be told from OUT's suffix")
    ex.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    ex.set_defaults(func=cmd_extract)

    au = sub.add_parser("audit", help="check reports for blanks, contradictions and numbering errors / 审核报告",
                        description="Audit reports: blanks, contradictions, suspicious figures, "
                                    "numbering errors. 审核报告:空缺、矛盾、可疑数字、序号错误。",
                        epilog=AUDIT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_input_options(au, nargs="*")
    from .audit_archive import add_options as add_archive_audit_options

    add_archive_audit_options(au)
    au.add_argument("-o", "--output", action="append", metavar="OUT",
                    help="also write all tables (.xlsx, .sqlite, folder for CSV); with --db the "
                         "archive_findings table; repeatable")
    au.add_argument("--fail-on", choices=["info", "warning", "error"], default="error",
                    help="exit 1 when a finding at or above this severity exists (default error)")
    au.add_argument("--min-severity", choices=["info", "warning", "error"], default="info",
                    help="show findings at or above this severity (default info: all)")
    au.add_argument("--limit", type=int_at_least(0), metavar="N",
                    help="show at most N findings per report (default 0: all); with --db, at "
                         "most N findings across the archive (default 50; -o writes all)")
    au.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                    help="highlight blanks and severities (default: when writing to a terminal)")
    au.add_argument("-q", "--quiet", action="store_true",
                    help=QUIET_HELP + "; the exit status says whether there are findings at "
                         "--fail-on (-o still writes them all)")
    au.set_defaults(func=cmd_audit)

    co = sub.add_parser("compare", help="compare townships side by side; find copied reports / 乡镇比较、雷同检测",
                        description="Compare townships and years metric by metric, draw charts, "
                                    "and find reports that copy each other. 乡镇横向比较、图表、雷同检测。",
                        epilog=COMPARE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_input_options(co, nargs="*")
    co.add_argument("--db", metavar="ARCHIVE", help="an archive database made by `report-miner ingest`")
    co.add_argument("--path-pattern", metavar="PATTERN",
                    help="folder layout of PATH, as for ingest: \"{county}/{township}/{year}/*\" takes the "
                         "township (and county, year) from the folders / 按目录结构取乡镇、县、年份")
    co.add_argument("--include-missing", action="store_true",
                    help="with --db: also compare files marked missing (gone from their path)")
    co.add_argument("-o", "--output", action="append", metavar="OUT",
                    help="write the comparison: .xlsx (coloured completeness), .sqlite, .csv or a "
                         "folder (one CSV per table: out/x.csv writes the folder out/x/), - for JSON "
                         "lines on stdout; repeatable")
    co.add_argument("--charts", metavar="DIR", help="write PNG and SVG charts into DIR")
    co.add_argument("--copy-threshold", type=number_in(0, 1, low_open=True), default=0.6, metavar="SIM",
                    help="cosine similarity for two passages to count as copied, above 0 up to 1 (default 0.6)")
    co.add_argument("--yoy-factor", type=number_in(1, low_open=True), default=3.0, metavar="X",
                    help="flag a township's metric that changes more than X times in a year; X above 1 (default 3)")
    co.add_argument("--per", choices=["township-year", "report"], default="township-year",
                    help="one row per township and year (default; results reports preferred over "
                         "plans) or one row per report / 每乡镇每年一行(默认)或每份报告一行")
    co.add_argument("--labels", choices=["zh", "en"], default="en",
                    help="column headers of the written tables: zh 中文 (总人口, 总人口(目标) …) "
                         "or en (metric ids, default), as `export --labels`")
    co.add_argument("--top", type=int_at_least(1), default=10, metavar="N",
                    help="show the N largest year-over-year jumps and N copied pairs in the "
                         "terminal (default 10; all are in the written tables)")
    co.add_argument("--no-copies", action="store_true", help="skip copy detection")
    co.add_argument("--show-passages", type=int_at_least(0), default=3, metavar="N",
                    help="print the first N shared passages of each copied pair side by side "
                         "(default 3; all are in the copy_passages table)")
    co.add_argument("-q", "--quiet", action="store_true",
                    help=QUIET_HELP + " (no comparison, jumps or copied pairs on stdout, no "
                         "files written on stderr): the tables go to -o, the charts to --charts")
    co.set_defaults(func=cmd_compare)

    ru = sub.add_parser("rules", help="check or list the extraction rules / 检查或列出规则",
                        description="Check or list the rules. 检查或列出规则文件。",
                        epilog=RULES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    rsub = ru.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    rc = rsub.add_parser("check", help="validate rule files; print every problem with file and line / 校验规则，逐条列出问题",
                         description="Validate the shipped rules plus DIR: fields and types, regexes, "
                                     "examples/keeps, enabled: false ids; every problem with file, "
                                     "line and rule id. 校验内置规则和你的规则文件夹，逐条列出问题"
                                     "（文件、行号、规则 id）。",
                         epilog=RULES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    rc.add_argument("dir", nargs="?", help="your rule folder (default: only the shipped rules) / 你的规则文件夹(默认只校验内置规则)")
    rc.set_defaults(func=cmd_rules_check)
    rl = rsub.add_parser("list", help="list the records of one rule file (rules switched off with "
                                      "enabled: false are shown last in their section) / 列出规则文件的记录",
                         description="List the records of one rule file (the shipped rules plus "
                                     "--rules DIR), with their labels. 列出某个规则文件的记录及其名称。",
                         epilog=RULES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    rl.add_argument("file", choices=["units", "qualifiers", "exclusions", "metrics", "blanks", "checks",
                                     "topics", "structure"],
                    help="the rule file to list (rules/<file>.yaml): its records by section, with "
                         "their labels (structure: the title word of each report kind)")
    _add_rules_option(rl)
    rl.set_defaults(func=cmd_rules_list)

    xp = sub.add_parser("explain", help="show which rule made each figure, blank and finding / 说明每条结果来自哪条规则",
                        description="Explain how a text is mined, rule by rule. 解释挖掘结果的来由。",
                        epilog=EXPLAIN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    xp.add_argument("text", nargs="?", help="the text to explain (quote it)")
    xp.add_argument("-f", "--file", metavar="PATH",
                    help="explain a file instead (any format report_miner reads)")
    _add_rules_option(xp)
    add_limit_options(xp)
    xp.add_argument("-q", "--quiet", action="store_true",
                    help=QUIET_HELP + " (explain writes no notes: the explanation itself is "
                         "always printed)")
    xp.set_defaults(func=cmd_explain)

    from .ingest import add_parsers as add_ingest_parsers
    from .review import add_parsers as add_review_parsers
    from .serve import add_parsers as add_serve_parsers

    add_ingest_parsers(sub)
    add_review_parsers(sub)
    add_serve_parsers(sub)
    return parser


def cmd_extract(args: argparse.Namespace) -> int:
    if not check_outputs(args.output, args.format):  # before mining, not after the whole run
        return EXIT_USAGE
    res = mine_inputs(args)
    if res is None:
        return EXIT_USAGE
    if not write_outputs(res.tables(), args.output, args.format, args.quiet):
        return EXIT_USAGE
    if not args.quiet:
        _err(res.summary())  # lists the failed files
        say_not_read(args)
    else:
        say_failed(_failed_rows(res.files))  # errors, even with -q
    return failed_status(res.files)


def cmd_audit(args: argparse.Namespace) -> int:
    from ..mining.audit import fail_status
    from ..render.terminal import LineStarts, render_audit

    if not check_outputs(args.output):  # before auditing, not after the whole run
        return EXIT_USAGE
    if args.db:
        from .audit_archive import cmd_audit_archive

        return cmd_audit_archive(args)
    if not args.paths:
        _err("give report files/folders or --db ARCHIVE / 请指定文件或 --db")
        return EXIT_USAGE
    # to give each finding its line number: only where each file's lines end, not its text;
    # nothing at all when nothing is printed (-q)
    texts = None if args.quiet else LineStarts()
    res = mine_inputs(args, texts=texts)
    if res is None:
        return EXIT_USAGE
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    if not args.quiet:
        print(render_audit(res, min_severity=args.min_severity, limit=args.limit or 0, color=color,
                           texts=texts))
        say_not_read(args)
    else:
        say_failed(_failed_rows(res.files))  # errors, even with -q
    if not write_outputs(res.tables(), args.output, quiet=args.quiet):
        return EXIT_USAGE
    if (res.files["status"] == "failed").any():
        return failed_status(res.files)
    return EXIT_SOME_FAILED if fail_status(res.findings["severity"].tolist(), args.fail_on) else EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..analysis.compare import (archive_inputs, compare, compare_archive, copies, figures_by_topic,
                                    load_inputs)
    from ..errors import ReportMinerError
    from ..analysis.topics import label_sections

    if not args.paths and not args.db:
        _err("give report files/folders or --db ARCHIVE / 请指定文件或 --db")
        return EXIT_USAGE
    if args.db and not Path(args.db).exists():
        _err(f"not found / 找不到: {args.db}")
        return EXIT_USAGE
    if args.db and Path(args.db).is_dir():
        from ..integrations.dask import is_parquet_archive

        if not is_parquet_archive(args.db):  # else SQLite said "disk I/O error"
            _err(f"[RM400] --db is a folder, not an archive (an SQLite file made by ingest, or a "
                 f"Parquet archive folder holding files/) / --db 是文件夹，不是档案库: {args.db}")
            return EXIT_USAGE
    if args.db and args.path_pattern:
        _err("--path-pattern reads the folders of PATH; an archive keeps the layout `ingest "
             "--path-pattern` gave it / --path-pattern 只用于 PATH，档案库的目录结构在 ingest 时指定")
        return EXIT_USAGE
    if args.paths and not args.db and not warn_missing(args.paths):
        return EXIT_USAGE
    suffixes = input_suffixes(args, default=None)
    # outputs and the charts folder checked before anything is mined or compared
    if not check_outputs(args.output) or (
            args.charts and not check_outputs([args.charts], folders=True,
                                              what="cannot write the charts / 无法写入图表")):
        return EXIT_USAGE
    try:
        if args.path_pattern:  # a bad pattern stops the command before anything is mined
            from ..store.ingest import compile_path_pattern

            compile_path_pattern(args.path_pattern)
        if args.db:
            # the archive is compared in SQLite, where it lies; only the reports' bounds, the
            # sections (for topics) and the texts (for copies) are read into memory
            comp = compare_archive(args.db, yoy_factor=args.yoy_factor, rules_dir=args.rules, per=args.per,
                                   include_missing=args.include_missing)
            reports, sections, texts, failed_rows = archive_inputs(args.db, texts=not args.no_copies,
                                                                   include_missing=args.include_missing)
            figures = None
        else:
            reports, figures, blanks, sections, texts, files = load_inputs(args.paths, None, args.rules,
                                                                           suffixes)
            failed = files[files["status"] == "failed"] if len(files) and "status" in files else files.iloc[0:0]
            failed_rows = [(f.get("source", f.get("path", "")), f.get("reason", "")) for _, f in failed.iterrows()]
            comp = None
        path_files = None
        if args.path_pattern and not args.db:
            from ..analysis.compare import with_path_metadata

            reports, path_files = with_path_metadata(reports, args.paths, args.path_pattern)
            if len(path_files) and not path_files["matched"].any():
                _err(f"warning 注意: --path-pattern {args.path_pattern!r} matched none of the files: "
                     f"townships come from the texts / 模式未匹配任何文件")
    except ReportMinerError as exc:
        _err(str(exc))
        return EXIT_USAGE
    say_failed(failed_rows, rest="the files table of `report-miner extract` / 其余见 extract 的 files 表"
               if not args.db else "the files table of the archive / 其余见档案库 files 表")
    # errors: said with -q too, as in every command
    if not args.db:
        say_not_read(args, suffixes)
    if not len(reports):
        _err("no reports to compare / 没有可比较的报告")
        return EXIT_USAGE
    try:
        if comp is None:
            comp = compare(reports, figures, blanks, sections, yoy_factor=args.yoy_factor,
                           rules_dir=args.rules, per=args.per, files=path_files)
    except ReportMinerError as exc:
        _err(str(exc))
        return EXIT_USAGE
    extra: dict[str, pd.DataFrame] = {}
    if len(sections):
        topics = label_sections(sections, texts, args.rules)
        if figures is None:
            from ..analysis.compare_sql import figures_by_topic_db
            from ..integrations.dask import is_parquet_archive

            if is_parquet_archive(args.db):
                from ..integrations.dask import read_parquet_tables

                figs = read_parquet_tables(args.db, ["figures"]).get("figures", pd.DataFrame())
                comp.by_topic = figures_by_topic(figs, topics, reports, args.rules)
            else:
                comp.by_topic = figures_by_topic_db(args.db, topics, args.rules)
        else:
            comp.by_topic = figures_by_topic(figures, topics, reports, args.rules)
        extra["topics"] = topics
    if not args.no_copies and texts:
        cr = copies(reports, texts, args.copy_threshold, release_texts=True,  # texts not needed after
                    rules_dir=args.rules)
        extra.update({"copies": cr.pairs, "copy_passages": cr.passages, "boilerplate": cr.boilerplate})
    if not args.quiet:
        _print_comparison(comp, extra, args)
    for out in args.output or []:
        try:
            if output_kind(out) == "xlsx":  # .XLSX too: coloured like .xlsx
                from ..analysis.compare import write_xlsx

                write_xlsx(comp, extra, out, labels=args.labels)
            else:
                from ..analysis.compare import labelled_tables
                from ..store.writers import write_tables

                written = write_tables(labelled_tables(comp, extra, args.labels), out, None)
                if written is not None and Path(written).is_dir():  # out/x.csv writes the folder out/x/
                    out = f"{written}{os.sep} (one .csv per table 每表一个 CSV 文件)"
        except BrokenPipeError:  # `compare … -o - | head`: the reader left, as for extract
            raise
        except (ReportMinerError, OSError) as exc:
            _err(str(exc))
            return EXIT_USAGE
        if not args.quiet:
            _err(f"wrote 已写入: {out}")
    if args.charts:
        from ..analysis.charts import draw_charts
        from ..ruleset.load import load_rule_data

        labels = {m.id: m.label for m in load_rule_data(args.rules).records("metrics", "metrics")}
        from dataclasses import replace

        from ..analysis.compare_sql import role_of

        # results only: a target or a number due drawn beside results would read as achieved
        try:
            written = draw_charts(replace(comp, metrics=[m for m in comp.metrics if role_of(m) == "actual"]),
                                  args.charts, labels)
        except OSError as exc:
            _err(f"cannot write the charts / 无法写入图表: {args.charts} ({exc.strerror or exc})")
            return EXIT_USAGE
        if not args.quiet:
            _err(f"charts 图表: {len(written)} files in {args.charts}")
    return EXIT_SOME_FAILED if failed_rows else EXIT_OK


def _print_comparison(comp, extra: dict, args: argparse.Namespace) -> None:
    """compare's summary: the comparison, the largest jumps, the copied pairs (between townships
    first). On stdout, or on stderr when ``-o -`` writes the tables to stdout as JSON lines."""
    import pandas as pd

    from ..analysis.compare import summary
    from ..store.writers import _resolve_format, csv_folder

    # with -o - the tables go to standard output as JSON lines: the summary goes to stderr
    stream = sys.stderr if "-" in (args.output or []) else sys.stdout

    def say(text: str = "") -> None:
        print(text, file=stream)

    # a CSV output is a folder (out/x.csv writes out/x/): named so in the summary
    shown_outputs = [f"{csv_folder(o)}{os.sep}" if o != "-" and _resolve_format(o, None) == "csv" else o
                     for o in args.output or []]
    say(_clean(summary(comp, extra, top=args.top, outputs=shown_outputs or None)))
    if "copies" in extra:
        pairs = extra["copies"]
        same_town = (pairs["same_township"].astype(bool) if "same_township" in pairs
                     else pd.Series(False, index=pairs.index))
        say(f"\ncopied passages 雷同段落: {len(pairs)} pair(s) of reports sharing passages at similarity "
            f"≥ {args.copy_threshold} (cosine of character 2-4-grams, 1 = the same text 相似度): "
            f"{int((~same_town).sum())} between townships (or of unknown township) 乡镇之间, "
            f"{int(same_town.sum())} within one township 同一乡镇 (its own text of other years); "
            f"between townships first")
        passages = extra["copy_passages"]
        # between townships first (what an analyst looks for), each group in the table's order
        shown = pd.concat([pairs[~same_town], pairs[same_town]])
        for n, p in enumerate(shown.itertuples(), start=1):  # passages by the pair's id, not its row
            if n > args.top:
                say(f"  … {len(pairs) - args.top} more pair(s) 更多: the copies sheet (-o FILE.xlsx)")
                break
            same = " (same township 同一乡镇)" if getattr(p, "same_township", False) else ""
            towns = " ~ ".join(t for t in (getattr(p, "township_a", ""), getattr(p, "township_b", "")) if t)
            same = f" [{towns}]{same}" if towns and not same else same
            say(_clean(f"  {one_line_name(p.source_a)}#{p.report_a} ~ {one_line_name(p.source_b)}#{p.report_b}: {p.shared_passages} passages, "
                       f"{p.share_a:.0%} / {p.share_b:.0%} of each report{same}"))
            for q in passages[passages["pair"] == p.pair].head(args.show_passages).itertuples():
                # one line each: a passage's own line breaks would break the layout
                say(f"    {q.similarity:.2f}  A@{q.start_a}: {_clean(' '.join(q.text_a[:44].split()))}")
                say(f"          B@{q.start_b}: {_clean(' '.join(q.text_b[:44].split()))}")


def cmd_explain(args: argparse.Namespace) -> int:
    from ..api import mine_text
    from ..errors import ReportMinerError

    if (args.text is None) == (args.file is None):
        _err("give a TEXT or -f FILE (one of them) / 请给出文本或 -f 文件")
        return EXIT_USAGE
    try:
        if args.file:  # read and explained in a worker, under the limits
            explained = explain_file(args.file, args.rules)
            if explained is None:
                _err("nothing to explain: the file holds no text / 没有可解释的内容")
                return EXIT_USAGE
            print(_clean(explained))
            return EXIT_OK
        else:
            from ..readers.encoding import argument_text  # bytes that are not UTF-8 decoded

            text, source = argument_text(args.text), "<text>"
        if not text.strip():
            _err(f"nothing to explain: {'the file holds no text' if args.file else 'the text is empty'}"
                 f" / 没有可解释的内容")
            return EXIT_USAGE
        res = mine_text(text, source=source, rules_dir=args.rules, explain=True)
    except ReportMinerError as exc:
        _err(str(exc))
        return EXIT_USAGE
    print(_clean(res.explanation))
    return EXIT_OK


def cmd_rules_check(args: argparse.Namespace) -> int:
    from ..ruleset.load import check_rules

    if args.dir and not os.path.isdir(args.dir):  # nothing to check: a bad argument, not a rule problem
        what = "not found / 找不到" if not os.path.exists(args.dir) else "not a folder / 不是文件夹"
        _err(f"rules check: {what}: {args.dir} (give the folder that holds your rule files, "
             f"e.g. my_rules/ with metrics.yaml / 请给出规则文件所在的文件夹)")
        return EXIT_USAGE
    warnings: list[str] = []
    problems = check_rules(args.dir, warnings)
    for w in warnings:
        _err("  " + w)
    if problems:
        from ..errors import RuleError

        _err(str(RuleError(problems)))  # the same [RM100] header and lines extract prints
        return EXIT_SOME_FAILED
    print("rules OK / 规则检查通过")
    return EXIT_OK


def _record_label(r: dict) -> str:
    """What `rules list` shows beside a record's id: its label, or what best says what it does
    (a word list its first words, a check its kind and message, a pattern its pattern)."""
    for key in ("label", "unit", "form"):
        if r.get(key):
            return str(r[key])
    if r.get("word") and r.get("kind"):
        return f"{r['word']} → {r['kind']}"
    if r.get("note"):
        return str(r["note"])
    if isinstance(r.get("words"), list):  # a word list: its first words
        words = [str(w) for w in r["words"]]
        return "、".join(words[:8]) + (f" … ({len(words)})" if len(words) > 8 else "")
    if r.get("message_en"):  # a check: what it reports
        return f"{r.get('kind', '')} ({r.get('severity', '')}): {r['message_en']}"
    if r.get("as_unit"):
        return f"→ {r['as_unit']}"
    if r.get("expect"):  # a unitless rule: the unit it expects
        return f"expects 应有单位 {r['expect']}"
    if r.get("per"):  # a per-head or per-period qualifier
        return f"per 每 {r['per']}"
    if isinstance(r.get("kinds"), list):  # expected metrics of report kinds
        return "、".join(map(str, r["kinds"])) + " → " + ", ".join(map(str, r.get("metrics") or []))
    pat = str(r.get("pattern") or "")  # a pattern record: its pattern, shortened
    return pat if len(pat) <= 70 else pat[:67] + "..."


def cmd_rules_list(args: argparse.Namespace) -> int:
    from ..errors import RuleError
    from ..ruleset.load import load_rule_data

    try:
        data = load_rule_data(args.rules)
    except RuleError as exc:  # invalid rules: unusable input (`rules check` lists problems: 1)
        _err(str(exc))
        return EXIT_USAGE
    sections = dict.fromkeys(list(data.files.get(args.file, {}))
                             + [sec for (f, sec) in data.switched_off if f == args.file])
    for section in sections:
        print(f"# {section}")
        for r in data.section(args.file, section):
            print(f"{r['id']:28} {_record_label(r)}")
        for r in data.switched_off.get((args.file, section), []):
            print(f"{r['id']:28} (switched off: enabled: false, {r.get('__file__', '?')}:"
                  f"{r.get('__line__', '?')} / 已关闭)")
    return EXIT_OK


def _command_parser(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.ArgumentParser:
    """The (sub)parser of the command ``argv`` names (``rules check`` too), else ``parser``."""
    for token in argv:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if subs and token in subs[0].choices:
            parser = subs[0].choices[token]
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``report-miner`` console script.

    Exit status (every command): 0 clean, 1 findings or some files failed, 2 unusable input
    or bad arguments, 3 internal error (traceback saved to a log file, its path printed),
    130 interrupted (Ctrl-C or SIGTERM); see :func:`report_miner.cli.common.run_command`."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # named by the command's own usage (which lists its options), not the top one's
        _command_parser(parser, argv if argv is not None else sys.argv[1:]).error(
            f"unrecognized arguments / 未知参数: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    return run_command(args, argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
