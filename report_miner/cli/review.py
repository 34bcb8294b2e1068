"""``report-miner review PATH... -o DIR``: the review pages, from the command line.

Kept apart from :mod:`report_miner.cli.app` so the command can be added with one call in
``build_parser``::

    from .cli_review import add_parsers as _add_review_parsers
    _add_review_parsers(sub)
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .common import err as _err
from .common import (EXIT_OK, EXIT_SOME_FAILED, EXIT_STATUS_HELP, EXIT_USAGE, LIMITS_HELP,
                     QUIET_HELP, add_input_options, check_outputs, failed_rows, input_suffixes,
                     mine_inputs, say_failed, say_not_read)
from ..readers.load import FORMATS, INPUT_SUFFIXES

#: file endings review picks up in folders by default: not .html, since a folder often holds
#: earlier review pages
REVIEW_SUFFIXES = tuple(s for s in INPUT_SUFFIXES if FORMATS[s] != "html")

REVIEW_DESCRIPTION = """\
Write review pages: one static HTML page per report, plus index.html for the batch.
生成审阅页面:每篇报告一个静态 HTML 页面,另有批次总览 index.html。

Each page shows the report's text as submitted, with its outline as a side navigation
(click a heading to jump to it), figures underlined (hover: value, range, unit, subject,
action, metric and the rule that gave the metric), blanks highlighted by kind (空缺数字,
模板占位符, 缺少单位, 空缺内容; hover: the rule that proposed it), and the audit findings in
a side panel, each linked to its place in the text.
页面显示报告原文及目录导航;数字加下划线(悬停显示数值、单位、对象、动作、指标及判定指标的规则);
空缺按类型高亮(悬停显示提出该空缺的规则);审核发现列在右侧,点击可跳到原文位置。

The pages need no network and no server: open index.html in any browser, copy the folder,
or send it as an archive. Report text is always escaped, never run.
页面无需网络或服务器,可直接用浏览器打开,也可整体拷贝或打包发送。
"""

REVIEW_EPILOG = """\
examples / 示例:
  report-miner review corpora/ -o out/review             # every .txt in corpora/, then open out/review/index.html
  report-miner review a.txt b.docx -o out/review          # named files (any supported format)
  report-miner review archive/ -o out/review --suffix .txt --suffix .docx
  report-miner review corpora/ -o out/review --rules my_rules/   # with your own rules

output / 输出:
  DIR/index.html           all files and reports: title, kind, unit, year, completeness,
                           counts of figures, blanks and findings by severity, links
  DIR/<file>-<n>.html      report n of <file> (e.g. 河西镇-1.html); existing pages of these
                           names are overwritten, nothing else in DIR is touched

Folders are walked recursively for files with the --suffix endings (default: every format
report_miner reads except .html/.htm: .txt .docx .pdf .doc .png .jpg .jpeg .tif .tiff). A file that cannot be read is listed in index.html with the reason; the others are still rendered.
exit status: 0 all files rendered, 1 some files could not be read (the rest were rendered),
2 nothing to render, bad arguments, or DIR cannot be written, 3 internal error, 130
interrupted (each page is written whole or not at all).
""" + "\n" + LIMITS_HELP + "\n" + EXIT_STATUS_HELP


def add_parsers(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]"
                ) -> argparse.ArgumentParser:
    """Add the ``review`` command to ``report-miner``'s subparsers; return its parser."""
    rv = subparsers.add_parser(
        "review", help="write HTML review pages: text, outline, figures, blanks, findings / 生成审阅网页",
        description=REVIEW_DESCRIPTION, epilog=REVIEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_input_options(rv, default_suffixes=REVIEW_SUFFIXES)
    rv.add_argument("-o", "--output", required=True, metavar="DIR",
                    help="folder to write index.html and the report pages into (created if missing)")
    rv.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    rv.set_defaults(func=cmd_review)
    return rv


def cmd_review(args: argparse.Namespace) -> int:
    """Run ``report-miner review``; returns the exit status."""
    suffixes = input_suffixes(args, default=REVIEW_SUFFIXES)
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        _err(f"not a folder / 不是文件夹: {out}")
        return EXIT_USAGE
    if not check_outputs([args.output], folders=True):  # before mining
        return EXIT_USAGE
    texts: dict[str, str] = {}
    res = mine_inputs(args, suffixes, texts)  # says why when there is nothing to render
    if res is None:
        return EXIT_USAGE
    from ..render.review import render_review

    try:
        written = render_review(res, texts, out)
    except OSError as exc:
        _err(f"cannot write / 无法写入: {out} ({exc.strerror or exc})")
        return EXIT_USAGE
    except RuntimeError as exc:  # Jinja2 or the templates missing from a broken install
        _err(str(exc))
        return EXIT_USAGE
    failed = int((res.files["status"] == "failed").sum())
    if not args.quiet:
        _err(f"wrote 已写入: {written[0]}  (+{len(written) - 1} report pages 报告页)")
        say_not_read(args, suffixes)
    say_failed(failed_rows(res.files), rest="the index page / 其余见 index.html")  # -q too
    if failed == len(res.files):
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failed else EXIT_OK

