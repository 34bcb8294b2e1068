"""The ``report-miner ingest`` and ``report-miner export`` commands.

:func:`add_parsers` registers both on the main parser's subparsers (``report_miner.cli.app``).
The module also runs on its own, with the same arguments::

    python -m report_miner.cli.ingest ingest 档案/ --db archive.sqlite
    python -m report_miner.cli.ingest export --db archive.sqlite -o archive.xlsx --labels zh
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import Any

from .common import (EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, QUIET_HELP, BilingualParser,
                     add_limit_options, input_suffixes, int_at_least, number_in, output_problem,
                     run_command, say_failed)
from .common import err as _err

INGEST_DESCRIPTION = """\
Mine folders of reports into one SQLite archive, incrementally and in parallel.
批量挖掘文件夹中的报告，写入一个 SQLite 档案库：并行处理，可反复运行，只处理新增或改动的文件。

Formats: .txt (encoding detected: UTF-8, GB18030/GBK, Big5, UTF-16), .docx (paragraphs and
table cells), .pdf (text layer; pages without one by OCR), .html/.htm (visible text), .doc when
antiword or LibreOffice is installed, scans .png .jpg .jpeg .tif .tiff by OCR with the ocr extra
(pip install 'report_miner[ocr]'; `ocr_pages` in `files` lists the OCR'd pages). Every file gets a row in the `files` table (path, size, sha256,
format, encoding, status ok/skipped/failed, reason, read_s/mine_s timings, mined_at); the mined
rows go to reports, sections, figures, blanks and findings, with `source` = the file's path.

A re-run hashes every file and skips those already stored with the same content; a changed
file is mined again and its old rows replaced; --force mines everything again. Files that
failed and have not changed are not tried again (they are still reported as failed) unless
--retry-failed is given. Each file is written in one transaction, so Ctrl-C or a killed run
leaves the archive consistent: run the same command again to finish. A file that cannot be
read never stops the run.

Files that are gone: a stored file under the folders given that is no longer there gets
status `missing` (its rows are kept, and left out of compare, export and audit unless
--include-missing); --prune deletes such files and their rows instead. Files outside the
folders given are left alone (but for the place a folder given had before it was moved). A file that moved (same SHA-256 at a new path, gone from the
old one) keeps its rows under the new path: nothing is mined or stored twice (unless
--path-pattern gives the new path another township/year/county: then it is mined again once,
replacing the old rows). A copy at a second path while the first still exists is stored as
`skipped` ("same content as …"), so it is never counted twice.
文件缺失标记为 missing（保留结果，比较/导出/审核默认不含）；--prune 删除；移动的文件沿用原结果。
"""

INGEST_EPILOG = """\
examples / 示例:
  report-miner ingest 档案/ --db archive.sqlite
  report-miner ingest 档案/2023/ 补扫/ --db archive.sqlite --jobs 4
  report-miner ingest 档案/ --db archive.sqlite --path-pattern "{township}/{year}/*"
      # 档案/河西镇/2023/总结.docx → township 河西镇, year 2023 (year only where the text has none)
  report-miner ingest 档案/ --db archive.sqlite --prune            # forget files that are gone
  report-miner ingest 档案/ --db archive.sqlite --path-pattern "{county}/{township}/{year}/*"
  report-miner ingest 档案/ --db archive.sqlite --force            # mine everything again
  report-miner ingest 档案/ --db archive.sqlite --rules my_rules/  # with your own rules

--path-pattern fields: {township} {year} {county}; * matches within one folder name, **
across folders; the pattern is matched against the end of each file's path below the folder
given (never the folder's own name or those above it), and only where {year} holds a year
(19xx/20xx): a file outside the layout gets no township or year from its path.

Files are mined in worker processes (one with --jobs 1), each capped by --max-memory and
killed when it outlives --timeout (stuck in a PDF library, say); workers die with the
ingest process, however it ends (kill -9 included).

exit status / 退出码: 0 every file ok or skipped; 1 some files failed (see the files table,
status = 'failed', and the list printed at the end); 2 unusable arguments (missing folder,
bad pattern, invalid rules, a database that is not an archive, --engine dask without dask);
3 internal error (traceback saved to a log file, its path printed); 130 interrupted (run again).
"""

EXPORT_DESCRIPTION = """\
Export an ingest archive to Excel, CSV or Parquet, streaming.
将档案库导出为 Excel、CSV 或 Parquet（分块读取，内存占用不随档案增大）。

The database is read in chunks (--chunk-rows rows at a time), so memory stays flat however
large the archive grows. CSV and Parquet stream completely. Excel streams too (openpyxl's
write-only mode) but is slow for millions of rows, and a sheet holds at most 1,048,576 rows:
a longer table continues on sheets figures_2, figures_3, …; prefer Parquet or CSV for big
archives.
"""

EXPORT_EPILOG = """\
examples / 示例:
  report-miner export --db archive.sqlite -o archive.xlsx              # one sheet per table
  report-miner export --db archive.sqlite -o archive.xlsx --labels zh  # 中文列名 (来源, 原文, 数值 …)
  report-miner export --db archive.sqlite -o out/csv/                  # folder: figures.csv, files.csv …
  report-miner export --db archive.sqlite -o out/archive.parquet       # folder out/archive/: figures.parquet …
  report-miner export --db archive.sqlite -o figures.parquet --table figures   # a single file

OUT: .xlsx → a workbook; .csv or a path without suffix → a folder of UTF-8 CSV files (with a
BOM, so Excel shows Chinese); .parquet → a folder of Parquet files (typed columns, zstd).
With one --table, a .csv or .parquet OUT is that one file.

Every output file is written under a temporary name and renamed when complete (Ctrl-C
leaves no half-written file), with the permissions your umask gives.

exit status / 退出码: 0 written; 2 unusable arguments (missing database, unknown table or
format, an output that cannot be written); 3 internal error (traceback saved to a log file,
its path printed); 130 interrupted (Ctrl-C).
"""


def add_parsers(subparsers: Any) -> None:
    """Register ``ingest`` and ``export`` on ``subparsers`` (from ``add_subparsers``)."""
    fmt = argparse.RawDescriptionHelpFormatter
    ing = subparsers.add_parser(
        "ingest", help="mine folders into an incremental SQLite archive (parallel, resumable) / 建立档案库",
        description=INGEST_DESCRIPTION, epilog=INGEST_EPILOG, formatter_class=fmt)
    ing.add_argument("paths", nargs="+", metavar="DIR",
                     help="folders (searched recursively) and files to ingest")
    ing.add_argument("--db", required=True, metavar="ARCHIVE.sqlite",
                     help="the SQLite archive; created if missing, added to otherwise")
    ing.add_argument("-j", "--jobs", type=int_at_least(1), metavar="N",
                     help="worker processes (default: all cores; 1 = no worker processes)")
    ing.add_argument("--force", action="store_true",
                     help="mine every file again, even those already stored unchanged")
    ing.add_argument("--retry-failed", action="store_true",
                     help="try again files that failed before and have not changed (e.g. .doc "
                          "files after installing antiword or LibreOffice)")
    ing.add_argument("--timeout", type=number_in(0), default=600.0, metavar="SECONDS",
                     help="stop a file that takes longer than this to read and mine, and record "
                          "it as failed (default 600; 0 = no limit)")
    add_limit_options(ing, timeout=False)
    ing.add_argument("--path-pattern", metavar="PATTERN",
                     help='folder layout giving township, year (and county), e.g. '
                          '"{township}/{year}/*"')
    ing.add_argument("--prune", action="store_true",
                     help="delete from the archive the files under DIR that are gone, with all "
                          "their rows (default: keep them with status missing)")
    ing.add_argument("--rules", metavar="DIR",
                     help="folder of YAML rule files that add to / override the shipped rules")
    ing.add_argument("--suffix", action="append", metavar=".EXT",
                     help="file endings to pick up in folders (default: .txt .docx .pdf .html "
                          ".htm .doc .png .jpg .jpeg .tif .tiff); repeatable")
    ing.add_argument("--no-progress", action="store_true",
                     help="no progress bar (default: shown when stderr is a terminal)")
    ing.add_argument("-q", "--quiet", action="store_true",
                     help=QUIET_HELP + " (no progress bar either)")
    ing.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local: worker processes on this machine into SQLite (default); dask: "
                          "a Dask cluster writing Parquet partitions into the folder --db names "
                          "(pip install 'report_miner[dask]'; every file is mined, no skipping)")
    ing.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --engine dask: the scheduler, e.g. tcp://10.0.0.5:8786 (default: "
                          "start a LocalCluster with --jobs worker processes)")
    ing.set_defaults(func=cmd_ingest)

    ex = subparsers.add_parser(
        "export", help="export an archive to .xlsx, CSV or Parquet (streaming) / 导出档案库",
        description=EXPORT_DESCRIPTION, epilog=EXPORT_EPILOG, formatter_class=fmt)
    ex.add_argument("--db", required=True, metavar="ARCHIVE.sqlite", help="the ingest archive")
    ex.add_argument("-o", "--output", required=True, metavar="OUT",
                    help=".xlsx, .csv or a folder (CSV files), .parquet (Parquet files)")
    ex.add_argument("--format", choices=["xlsx", "csv", "parquet"],
                    help="output format when it cannot be told from OUT")
    ex.add_argument("--labels", choices=["zh", "en"], default="en",
                    help="column headers: en (column names, default) or zh (中文列名)")
    ex.add_argument("--table", action="append", metavar="NAME", dest="tables",
                    help="export only this table (repeatable); default: all tables")
    ex.add_argument("--chunk-rows", type=int_at_least(1), default=50_000, metavar="N",
                    help="rows read from the database at a time (default 50000)")
    ex.add_argument("--include-missing", action="store_true",
                    help="also export the rows of files marked missing (gone from their path; "
                         "left out by default)")
    ex.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    ex.set_defaults(func=cmd_export)


def _sigterm_as_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _holds_no_file(db: str) -> bool:
    """Whether the archive ``db`` has no row in its ``files`` table (False when it cannot be
    read: then it is left alone)."""
    from ..store.archive import connect_read_only

    try:
        with contextlib.closing(connect_read_only(db)) as conn:
            return conn.execute("SELECT count(*) FROM files").fetchone()[0] == 0
    except Exception:  # noqa: BLE001 - any doubt keeps the file
        return False


def cmd_ingest(args: argparse.Namespace) -> int:
    from ..errors import ReportMinerError
    from ..store.ingest import ingest

    suffixes = input_suffixes(args)
    if args.engine == "dask":
        return _ingest_dask(args, suffixes)
    if args.scheduler:
        _err("--scheduler goes with --engine dask / --scheduler 需配合 --engine dask")
        return EXIT_USAGE
    progress = not (args.quiet or args.no_progress) and sys.stderr.isatty()
    new_archive = not os.path.lexists(args.db)
    previous = signal.signal(signal.SIGTERM, _sigterm_as_interrupt)  # `kill` stops cleanly too
    try:
        stats = ingest(args.paths, args.db, jobs=args.jobs, force=args.force,
                       path_pattern=args.path_pattern, rules_dir=args.rules, progress=progress,
                       suffixes=suffixes, retry_failed=args.retry_failed,
                       timeout=args.timeout or None, prune=args.prune,
                       max_memory_mb=_memory(args))
    except KeyboardInterrupt:
        _err("interrupted 已中断: every file stored so far is complete; run the same command "
             "again to finish / 已写入的文件完整，再次运行同一命令即可继续")
        return EXIT_INTERRUPTED
    except ReportMinerError as exc:
        _err(str(exc))
        return EXIT_USAGE
    finally:
        signal.signal(signal.SIGTERM, previous)
    if stats.found == 0:
        _err("no input files found / 没有找到输入文件 (suffixes: " + ", ".join(suffixes) + ")")
        # exit 2 leaves nothing behind: not an empty archive made by this run (but one that a
        # second run, started at once on the same new path, has already filled is its own)
        if new_archive and _holds_no_file(args.db):
            for leftover in (args.db, f"{args.db}-wal", f"{args.db}-shm"):
                with contextlib.suppress(OSError):
                    os.remove(leftover)
        return EXIT_USAGE
    if not args.quiet:
        from ..readers.paths import one_line_name
        from ..render.terminal import clean_text

        _err(f"archive 档案库: {one_line_name(args.db)}")
        _err(clean_text(stats.summary()))  # reasons may quote a file's bytes
    else:
        for line in stats.warnings:  # a pattern that matched nothing is said even when quiet
            _err(line)
        # errors, even with -q: the failed files (the first 20, then a count)
        say_failed(stats.failures, rest="the files table, status 'failed' / 其余见 files 表")
    return stats.exit_status


def _memory(args: argparse.Namespace) -> float | None:
    """--max-memory in MB (default: the machine's share per worker; 0: no limit)."""
    from ..limits import default_memory_mb

    if args.max_memory is None:
        import os

        return default_memory_mb(args.jobs or os.cpu_count() or 1)
    return args.max_memory or None


def _ingest_dask(args: argparse.Namespace, suffixes: tuple[str, ...]) -> int:
    """``ingest --engine dask``: Parquet partitions under the folder ``--db`` names."""
    if args.path_pattern or args.retry_failed or args.prune:
        _err("--path-pattern, --retry-failed and --prune are not available with --engine dask "
             "/ dask 引擎不支持这两个选项")
        return EXIT_USAGE
    out = Path(args.db)
    if out.exists() and not out.is_dir():
        _err(f"with --engine dask, --db names a folder for Parquet files / 应为文件夹: {out}")
        return EXIT_USAGE
    import importlib.util

    try:
        from ..integrations.dask import ingest_parquet

        missing = [m for m in ("dask", "distributed")
                   if importlib.util.find_spec(m) is None]
    except ImportError as exc:
        missing = [str(exc)]
    if missing:
        _err(f"--engine dask needs Dask (missing: {', '.join(missing)}): pip install "
             f"'report_miner[dask]' / 未安装 Dask")
        return EXIT_USAGE
    try:
        stats = ingest_parquet(args.paths, out, scheduler=args.scheduler, jobs=args.jobs,
                               rules_dir=args.rules, suffixes=suffixes)
    except OSError as exc:
        _err(f"cannot reach the cluster or write the output / 无法连接集群或写入: {exc}")
        return EXIT_USAGE
    if stats.files == 0:
        _err("no input files found / 没有找到输入文件 (suffixes: " + ", ".join(suffixes) + ")")
        return EXIT_USAGE
    if args.quiet and stats.failed:  # errors, even with -q: how many and where their rows are
        _err(f"failed 失败: {stats.failed} file(s); their rows: files table (status 'failed') in "
             f"{out} / 失败文件见 files 表")
    if not args.quiet:
        _err(f"parquet archive 档案: {out}  ({stats.files} files in {stats.partitions} partitions, "
             f"{stats.failed} failed)")
        for table, n in stats.rows.items():
            _err(f"  {table}: {n} rows 行")
    return stats.exit_status


def cmd_export(args: argparse.Namespace) -> int:
    from ..integrations.dask import is_parquet_archive
    from ..errors import ReportMinerError
    from ..store.export import _export_kind, export, export_target

    if args.output == "-":  # extract's "stdout"; here it would become a folder named "-"
        _err("export writes files, not standard output: give .xlsx, .csv, a folder or .parquet "
             "(-o - is extract's JSON lines) / export 不能输出到标准输出，请给出文件或文件夹")
        return EXIT_USAGE
    try:  # the format and the output's folder checked before anything is read
        kind = _export_kind(Path(args.output), args.format)
    except ReportMinerError as exc:
        _err(str(exc))
        return EXIT_USAGE
    out = Path(args.output)
    problem = output_problem(str(out.with_suffix("") if out.suffix and kind in ("csv", "parquet") else out),
                             folder=kind in ("csv", "parquet"))
    if problem:
        _err(f"cannot write / 无法写入: {args.output} ({problem}); nothing was exported / 未导出")
        return EXIT_USAGE
    if is_parquet_archive(args.db):  # written by ingest --engine dask
        from ..integrations.dask import read_parquet_tables
        from ..store.writers import write_tables

        tables = read_parquet_tables(args.db, args.tables)
        fmt = args.format if args.format != "parquet" else None
        try:
            write_tables(tables, args.output, fmt)
        except ReportMinerError as exc:
            _err(str(exc))
            return EXIT_USAGE
        if not args.quiet:
            _err(f"wrote 已写入: {args.output}")
        return EXIT_OK

    try:
        counts = export(args.db, args.output, labels=args.labels, fmt=args.format,
                        tables=args.tables, chunk_rows=args.chunk_rows,
                        include_missing=args.include_missing)
    except ReportMinerError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if not args.quiet:
        target = export_target(args.output, _export_kind(Path(args.output), args.format),
                               len(counts))
        _err(f"wrote 已写入: {target}")
        for table, n in counts.items():
            _err(f"  {table}: {n} rows 行")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """``python -m report_miner.cli.ingest ingest|export …`` (the same as report-miner's)."""
    parser = BilingualParser(prog="report-miner", description="ingest and export / 批量入库与导出")
    add_parsers(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(argv)
    return run_command(args, argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
