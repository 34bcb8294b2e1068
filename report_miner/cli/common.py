"""What every ``report-miner`` command shares: exit codes, input options, mining the inputs,
writing the outputs, messages on stderr.

It imports no other CLI module: :mod:`report_miner.cli.app` imports :mod:`report_miner.cli.ingest`
and :mod:`report_miner.cli.review` to add their commands, and all three import this one, so the
command modules never import each other in a circle.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from ..readers.files import file_endings
from ..readers.load import INPUT_SUFFIXES

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: the exit statuses every command shares, for the --help epilogs (issue 15 item 8)
EXIT_STATUS_HELP = """\
exit status / 退出码 (every command): 0 clean; 1 audit findings, or some input files failed
(rows with reasons); 2 unusable input or bad arguments; 3 internal error (the traceback is
saved to a log file whose path is printed); 130 interrupted (Ctrl-C).
"""

LIMITS_HELP = """\
limits / 资源限制: each file is read and mined in a worker process, stopped after --timeout
seconds (default 600) and allowed --max-memory MB (default: 60% of this machine's memory,
2048 to 4096; scans need 2000 or more for OCR). A file beyond them, a text too long for the
memory limit, a zip or PDF stream that inflates past its limit, a FIFO, socket or device,
and a folder that cannot be listed each become a failed row with the reason; the other
files go on.
"""


class BilingualParser(argparse.ArgumentParser):
    """argparse's own refusals (a PATH or -o left out, an unknown choice or option) said in
    Chinese too, as every message of report-miner's own is; exit status 2 as before."""

    _ZH = (("the following arguments are required", "缺少必需的参数"),
           ("unrecognized arguments", "无法识别的参数"),
           ("invalid choice", "无效的取值"),
           ("expected one argument", "缺少取值"),
           ("not allowed with argument", "不能同时使用"),
           ("ambiguous option", "选项有歧义"),
           ("invalid", "取值无效"))

    def error(self, message: str):  # type: ignore[override]
        if not any("\u4e00" <= ch <= "\u9fff" for ch in message):
            zh = next((z for e, z in self._ZH if e in message), "参数错误")
            message = f"{message} / {zh} (--help)"
        super().error(message)


def add_rules_option(p: argparse.ArgumentParser) -> None:
    """--rules DIR: the user's rule folder."""
    p.add_argument("--rules", metavar="DIR",
                   help="folder of YAML rule files that add to / override the shipped rules "
                        "(same file names as rules/: units.yaml, metrics.yaml, ...)")


def add_input_options(p: argparse.ArgumentParser, nargs: str = "+",
                      default_suffixes: tuple[str, ...] = INPUT_SUFFIXES) -> None:
    """PATH..., --suffix and --rules: the inputs every mining command takes
    (``default_suffixes``: what the command picks up in folders without --suffix)."""
    p.add_argument("paths", nargs=nargs, metavar="PATH", help="report files or folders")
    p.add_argument("--suffix", action="append", metavar=".EXT",
                   help="file endings to pick up in folders (default: " + " ".join(default_suffixes)
                        + "); repeatable")
    add_rules_option(p)
    add_limit_options(p)


def add_limit_options(p: argparse.ArgumentParser, timeout: bool = True) -> None:
    """--timeout SECONDS and --max-memory MB: what one file may cost (see
    :mod:`report_miner.limits`); ``timeout=False`` when the command has its own --timeout."""
    from ..limits import DEFAULT_TIMEOUT

    if timeout:
        p.add_argument("--timeout", type=number_in(0), default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"stop a file that takes longer than this to read and mine, and "
                            f"list it as failed (default {DEFAULT_TIMEOUT:g}; 0 = no limit)")
    p.add_argument("--max-memory", type=number_in(0), default=None, metavar="MB",
                   help="memory one file may use while it is read and mined, in MB (default: "
                        "60%% of this machine's memory shared by the workers, 2048 to 4096; "
                        "0 = no limit); a longer text is refused before mining")


def configure_limits(args: argparse.Namespace, workers: int = 1) -> None:
    """Turn on the per-file limits of the command's --timeout / --max-memory (defaults when
    the command has no such options)."""
    from .. import limits

    timeout = getattr(args, "timeout", limits.DEFAULT_TIMEOUT)
    memory = getattr(args, "max_memory", None)
    if memory is None:
        memory = limits.default_memory_mb(workers)
    limits.configure(limits.Limits(timeout=timeout or None, max_memory_mb=memory or None))


def input_suffixes(args: argparse.Namespace, default: tuple[str, ...] | None | bool = True):
    """The --suffix values with their dots, lower case (``default``, normally every format
    report_miner reads, when none were given)."""
    if not args.suffix:
        if default is True:
            return INPUT_SUFFIXES
        return default
    return file_endings(args.suffix)


def warn_missing(paths) -> bool:
    """Say which inputs do not exist (mining lists them as failed files); True when at least
    one exists, False (after saying there is nothing to mine) when none does: then a command
    exits 2 and writes no output."""
    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        err(f"not found / 找不到: {p}")
    if paths and len(missing) == len(paths):
        err("nothing to mine: no input exists / 没有可处理的输入 (no output written 未写入输出)")
        return False
    return True


def int_at_least(low: int):
    """An argparse ``type=`` for a whole number of at least ``low`` (a bad value: exit 2 with
    a message naming it)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number / 不是整数: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be {low} or more / 须不小于 {low}: {value}")
        return value
    parse.__name__ = "whole number"  # argparse names the type in its own messages
    return parse


def number_in(low: float, high: float = math.inf, *, low_open: bool = False):
    """An argparse ``type=`` for a finite number from ``low`` (excluded when ``low_open``) up
    to ``high`` inclusive."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number / 不是数字: {text!r}") from None
        if not math.isfinite(value) or value < low or (low_open and value == low) or value > high:
            left = "(" if low_open else "["
            right = "]" if math.isfinite(high) else ")"
            shown = f"{left}{low:g}, {high:g}{right}" if math.isfinite(high) else (
                f"more than {low:g}" if low_open else f"{low:g} or more")
            raise argparse.ArgumentTypeError(f"must be {shown} / 取值超出范围: {text}")
        return value
    parse.__name__ = "number"
    return parse


def err(msg: str) -> None:
    """Say ``msg`` on stderr (a non-UTF-8 file name in it shown printable, see
    :func:`report_miner.readers.files.display_path`)."""
    from ..readers.files import display_path

    print(display_path(msg), file=sys.stderr)


def mine_inputs(args: argparse.Namespace, suffixes: tuple[str, ...] | None = None,
                texts: dict[str, str] | None = None):
    """Mine the command's PATHs; None (after saying why) when there is nothing usable.

    ``suffixes`` default to the command's ``--suffix`` options (else every readable format);
    ``texts``, when given, receives each mined file's text."""
    from ..api import mine_paths
    from ..errors import ReportMinerError
    from ..ruleset.load import RuleSet

    if not warn_missing(args.paths):
        return None
    suffixes = suffixes or input_suffixes(args)
    try:
        rules = RuleSet.load(args.rules)  # compiled once, for every file
        res = mine_paths(args.paths, rules=rules, suffixes=suffixes, texts=texts)
    except ReportMinerError as exc:
        err(str(exc))
        return None
    if not len(res.files):
        err("no input files found / 没有找到输入文件 (suffixes: " + ", ".join(suffixes) + ")")
        say_not_read(args, suffixes, always=True)
        return None
    return res


def say_not_read(args: argparse.Namespace, suffixes: tuple[str, ...] | None = None,
                 always: bool = False) -> None:
    """Say how many files of the PATH folders were not read for their ending (``.rtf 9,
    .wps 1``; they get no row), as ingest's summary does, so nothing is left out unseen; not
    with -q unless ``always``."""
    from ..readers.files import count_other_endings, other_endings_note

    if getattr(args, "quiet", False) and not always:
        return
    note = other_endings_note(count_other_endings(args.paths or [], suffixes or input_suffixes(args)))
    if note:
        err(note)


def output_kind(out: str, fmt: str | None = None) -> str:
    """The format an output is written in: ``fmt`` when given, else OUT's suffix in any case
    (``.XLSX`` and ``.Csv`` are ``.xlsx`` and ``.csv``); OutputError for an unknown one. The one
    place every command tells formats apart (compare's coloured .xlsx too)."""
    from ..store.writers import _resolve_format

    return _resolve_format(out, fmt)


def output_problem(out: str, folder: bool = False) -> str | None:
    """Why OUT cannot be written, checked before anything is mined (None when it can): its
    folder (OUT itself when ``folder``) must exist or be creatable under an existing folder,
    and that folder must be writable; a file output must not be an existing folder."""
    import os

    if out == "-":
        return None
    path = Path(out)
    if not folder and path.is_dir():
        return "is a folder, not a file / 是文件夹，不能写成文件"
    start = path if folder else path.parent
    start = Path(os.path.abspath(start if str(start) else "."))
    here = start
    while not here.exists() and here != here.parent:
        here = here.parent
    if not here.is_dir():
        return f"{here} is not a folder / 不是文件夹"
    if not os.access(here, os.W_OK | os.X_OK):
        return f"folder {here} is not writable / 文件夹不可写"
    return None


def check_outputs(outputs, fmt: str | None = None, folders: bool | None = None,
                  what: str = "cannot write / 无法写入") -> bool:
    """Check every output before mining (so a bad -o fails at once, not after the whole run):
    a format that can be told (:func:`output_kind`; ``folders=True`` skips it: the outputs are
    folders) and a folder that exists or can be created and is writable (:func:`output_problem`).
    False after saying why in one bilingual line; the command then exits 2."""
    from ..errors import ReportMinerError

    for out in outputs or []:
        try:
            kind = "folder" if folders else output_kind(out, fmt if (fmt or out == "-") else None)
        except ReportMinerError as exc:
            err(str(exc))
            return False
        if kind in ("csv", "folder"):
            from ..store.writers import csv_folder

            problem = output_problem(str(csv_folder(out)), folder=True)
        else:
            problem = output_problem(out)
        if problem:
            err(f"{what}: {out} ({problem}); nothing was done / 未开始处理")
            return False
    return True


QUIET_HELP = ("print nothing but errors (the same in every command): no summary, no notes; "
              "files that failed are still listed on stderr (one line each, or a count and "
              "where their rows are) / 只输出错误")


def failed_rows(files) -> list[tuple[str, str]]:
    """(source, reason) of each failed file of a ``files`` table."""
    if not len(files) or "status" not in files:
        return []
    failed = files[files["status"] == "failed"]
    return [(str(r.get("source", r.get("path", ""))), str(r.get("reason", "")))
            for _, r in failed.iterrows()]


def say_failed(rows, limit: int = 20,
               rest: str = "the files table, status 'failed' (-o writes it) / 其余见 files 表") -> None:
    """The errors every command prints on stderr, -q or not: one line per failed file
    (``rows``: (source, reason) pairs), the first ``limit``, then how many more and where
    their rows are."""
    from ..readers.paths import one_line_name
    from ..render.terminal import clean_text

    rows = list(rows)
    for src, reason in rows[:limit]:
        err(clean_text(f"failed 失败: {one_line_name(src)}: {reason}"))
    if len(rows) > limit:
        err(f"… {len(rows) - limit} more failed file(s) 更多失败文件: {rest}")


def write_outputs(tables, outputs, fmt: str | None = None, quiet: bool = False) -> bool:
    """Write ``tables`` to each of ``outputs``; False (after saying why) when one fails."""
    from ..errors import ReportMinerError
    from ..store.writers import write_tables

    for out in outputs or []:
        f = fmt if (fmt or out == "-") else None
        if out == "-" and not f:
            f = "jsonl"
        try:
            written = write_tables(tables, out, f)
        except ReportMinerError as exc:
            err(str(exc))
            return False
        if written is not None and not quiet:
            err(f"wrote 已写入: {written}")
    return True


def run_command(args: argparse.Namespace, argv: list[str] | None = None) -> int:
    """Run ``args.func(args)`` under the exit-status convention of every command.

    The per-file limits are on while it runs (:func:`configure_limits`); SIGTERM stops it like
    Ctrl-C; Ctrl-C ends with one line and 130 (outputs are written to a temporary name and
    renamed when complete, so none is left half-written); a broken pipe (``| head``) is a
    clean end; any other exception is an internal error: its traceback is saved to a log
    file, one line names it, and the status is 3. Errors Python can only report as
    "Exception ignored" (cleanup after a failed write, e.g. a full disk) go to that log too.
    """
    import os
    import signal
    import traceback

    from .. import limits

    def sigterm(signum, frame):  # `kill` stops like Ctrl-C (workers take the default action)
        raise KeyboardInterrupt

    in_main = _main_thread()
    previous = signal.signal(signal.SIGTERM, sigterm) if in_main else None
    hook = sys.unraisablehook
    sys.unraisablehook = _quiet_unraisable
    configure_limits(args, getattr(args, "jobs", None) or 1)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        err("interrupted 已中断 (Ctrl-C / SIGTERM): no partial output was left / 未留下不完整的输出")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `report-miner … | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        log = limits.save_traceback(traceback.format_exc(),
                                    ["report-miner", *(argv if argv is not None else sys.argv[1:])])
        where = f"details saved to / 详情见: {log}" if log else "no log could be written"
        err(f"internal error 内部错误: {type(exc).__name__}: {exc} ({where})")
        return EXIT_INTERNAL
    finally:
        limits.configure(None)
        # what an interrupted or failed write left half-done (openpyxl's write-only sheets are
        # generators) is finalised now, while its "Exception ignored" tracebacks are still
        # saved rather than printed after the one-line message
        import gc

        gc.collect()
        sys.unraisablehook = hook
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _quiet_unraisable(unraisable) -> None:
    """sys.unraisablehook while a command runs: save instead of printing "Exception ignored"
    tracebacks (cleanup of a write that already failed and was reported in one line)."""
    import traceback

    from .. import limits

    global _UNRAISABLE_LOG
    text = "".join(traceback.format_exception(unraisable.exc_type, unraisable.exc_value,
                                              unraisable.exc_traceback))
    text = f"{unraisable.err_msg or 'Exception ignored'}: {unraisable.object!r}\n{text}"
    if _UNRAISABLE_LOG:
        try:
            with open(_UNRAISABLE_LOG, "a", encoding="utf-8") as fh:
                fh.write(text)
            return
        except OSError:
            pass
    _UNRAISABLE_LOG = limits.save_traceback(text)


_UNRAISABLE_LOG: str | None = None


def failed_status(files) -> int:
    """The exit status a ``files`` table gives: 0 none failed, 1 some failed (rows with
    reasons; the rest was processed), 2 all failed (the input is unusable)."""
    failed = int((files["status"] == "failed").sum()) if len(files) else 0
    if failed and failed == len(files):
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failed else EXIT_OK


def explain_file(path: str, rules_dir: str | None) -> str | None:
    """The printed explanation of the file ``path`` (None when it holds no text), read and
    mined in a worker under the command's limits; LoadError when it cannot be read or
    exceeds them."""
    from .. import limits
    from ..errors import LoadError

    from ..api import _warm_up
    from ..ruleset.load import RuleSet

    _warm_up(RuleSet.load(rules_dir))  # RuleError here; loaded before the worker's limit
    bounded = limits.current() or limits.Limits(None, None)
    with limits.Worker(bounded) as worker:
        try:
            return worker.call(_explain_task, path, rules_dir)
        except limits.WorkerFailure as exc:
            raise LoadError(path, exc.reason) from None


def _explain_task(path: str, rules_dir: str | None) -> str | None:
    from .. import limits
    from ..api import mine_text
    from ..readers.load import read_document

    doc = read_document(path)
    if not doc.text.strip():
        return None
    bounded = limits.current()
    limits.check_text_size(doc.text, doc.source, bounded.max_memory_mb if bounded else None)
    # with the file's layout (headings, table cells, OCR lines), so that it explains the rows
    # extract and audit give for the same file
    return str(mine_text(doc.text, source=path, rules_dir=rules_dir, explain=True,
                         headings=doc.headings, tables=doc.tables,
                         ocr_lines=doc.ocr_lines).explanation)
