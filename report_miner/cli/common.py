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

from ..readers.load import INPUT_SUFFIXES

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


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


def input_suffixes(args: argparse.Namespace, default: tuple[str, ...] | None | bool = True):
    """The --suffix values with their dots (``default``, normally every format report_miner
    reads, when none were given)."""
    if not args.suffix:
        if default is True:
            return INPUT_SUFFIXES
        return default
    return tuple(s if s.startswith(".") else "." + s for s in args.suffix)


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
        return None
    return res


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
