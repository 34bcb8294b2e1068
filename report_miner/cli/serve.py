"""``report-miner serve``: the audit desk, a local web application on an ingest archive.

Kept apart from :mod:`report_miner.cli.app`, which only registers it (:func:`add_parsers`);
the application itself is :mod:`report_miner.web`.
"""
from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from .common import EXIT_OK, EXIT_USAGE, add_rules_option, err as _err, int_at_least, number_in

EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED = 3, 130, 143

SERVE_DESCRIPTION = """\
Start the audit desk: a local web page where auditors upload reports, read each one with
its findings, mark every finding checked / explained (with a note) / returned to the
township, and export the findings with their status to Excel.
启动审核台:在本机浏览器中上传报告、逐篇审阅、把每条审核发现标记为已核实/已说明(附说明)/
退回乡镇,并导出为 Excel。

The desk works on an ingest archive (the database `report-miner ingest` writes; created if
missing): reports ingested from the command line show up too. Uploaded files are stored
beside the archive as uploads/<sha256>.<ext> and mined in the background by worker
processes. Who marked what and when is stored in the archive (tables desk_reviews and
desk_review_log); the reviewer's name is typed once per browser, there are no accounts.
Open the address it prints in a browser; nothing is loaded from the internet.
"""

SERVE_EPILOG = """\
examples / 示例:
  report-miner serve                                   # archive.sqlite here, http://127.0.0.1:8000
  report-miner serve --db 档案/archive.sqlite --port 8080
  report-miner serve --db archive.sqlite --rules my_rules/    # mine uploads with your rules
  report-miner serve --db archive.sqlite --host 0.0.0.0       # let other machines in (no login!)

API / 接口 (JSON; see README "The audit desk (web)"):
  curl -F files=@a.docx -F files=@b.pdf http://127.0.0.1:8000/api/reports   # → {"reports": [ids], ...}
  curl http://127.0.0.1:8000/api/reports
  curl http://127.0.0.1:8000/api/reports/1/findings
  curl -X PATCH -H 'Content-Type: application/json' \\
       -d '{"status": "explained", "note": "…", "by": "张三"}' http://127.0.0.1:8000/api/findings/7

Safe by default: it listens on 127.0.0.1 only; an upload request is limited to
--max-upload-mb; requests from other sites' pages are refused.
exit status / 退出码: 0 stopped normally; 2 bad options, an address that cannot be used (port
in use), or --db that is not an archive; 3 internal error (traceback in a log file, its path
printed); 130 stopped with Ctrl-C; 143 stopped by SIGTERM.
"""


def add_parsers(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``serve`` on ``report-miner``'s subparsers; return its parser."""
    sv = subparsers.add_parser(
        "serve", help="start the audit desk: upload reports, review and mark findings in a browser / 启动审核台",
        description=SERVE_DESCRIPTION, epilog=SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sv.add_argument("--db", default="archive.sqlite", metavar="ARCHIVE.sqlite",
                    help="the ingest archive to work on; created if missing (default: "
                         "archive.sqlite in the current folder)")
    sv.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=_port, default=8000,
                    help="port to listen on, 0-65535 (default 8000; 0: any free port)")
    add_rules_option(sv)
    sv.add_argument("--max-upload-mb", type=number_in(0, 100_000, low_open=True), default=200,
                    metavar="MB", help="largest upload request, all its files together (default 200)")
    sv.add_argument("-j", "--jobs", type=int_at_least(1), default=1, metavar="N",
                    help="worker processes mining uploads (default 1)")
    sv.add_argument("-q", "--quiet", action="store_true", help="no request log on stderr")
    sv.set_defaults(func=cmd_serve)
    return sv


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number / 不是整数: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0-65535 / 端口须在 0-65535 之间: {value}")
    return value


class _Terminated(Exception):
    pass


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated


def cmd_serve(args: argparse.Namespace) -> int:
    """Run ``report-miner serve``; returns the exit status."""
    try:
        from ..web.server import DeskServer, ServeError, quiet_logs
    except ImportError as exc:
        _err(f"the audit desk needs Starlette, uvicorn and python-multipart / 审核台需要这些包: "
             f"pip install starlette uvicorn python-multipart ({exc})")
        return EXIT_USAGE
    from ..errors import ReportMinerError

    if args.rules and not Path(args.rules).is_dir():
        from ..ruleset.load import not_a_rules_folder

        _err(f"--rules: {not_a_rules_folder(args.rules)}")
        return EXIT_USAGE
    problem = unwritable_archive(args.db)
    if problem:
        _err(problem)
        return EXIT_USAGE
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    server = None
    try:
        if args.rules:
            from ..mining.figures import get_scanner

            get_scanner(args.rules)  # invalid rules: exit 2 now, not a failed row per upload
        quiet_logs()
        server = DeskServer(args.db, args.rules, host=args.host, port=args.port,
                            max_upload_mb=args.max_upload_mb, jobs=args.jobs, quiet=args.quiet)
        _err(f"audit desk 审核台: {server.url}  (archive 档案库: {Path(args.db).resolve()}; "
             f"Ctrl-C stops 停止)")
        if args.host not in ("127.0.0.1", "localhost", "::1", "[::1]"):
            _err("warning 注意: listening beyond this machine; the desk has no login / "
                 "审核台没有登录验证，局域网内任何人都可访问")
        server.run()
    except KeyboardInterrupt:
        _err("stopped 已停止 (Ctrl-C)")
        return EXIT_INTERRUPTED
    except _Terminated:
        _err("stopped 已停止 (SIGTERM)")
        return EXIT_TERMINATED
    except (ServeError, ReportMinerError) as exc:
        # a read-only file system or a lock the checks above cannot see: the same advice
        _err(unwritable_archive(args.db, str(exc)) if "readonly" in str(exc) else str(exc))
        return EXIT_USAGE
    except Exception:
        try:  # a new file each time (never a fixed name in a shared temporary folder)
            fd, name = tempfile.mkstemp(prefix="report-miner-serve-", suffix=".log")
            with open(fd, "w", encoding="utf-8") as fh:
                fh.write(traceback.format_exc())
            log = Path(name)
        except OSError:
            log = Path("(not written)")
        _err(f"internal error 内部错误: details in {log}")
        return EXIT_INTERNAL
    finally:
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


def unwritable_archive(db: str, reason: str | None = None) -> str | None:
    """Why the desk cannot work on the archive ``db``, with what to do, or None when it can.

    The desk writes: reviewers' marks and uploads go into the archive, SQLite keeps its
    journal (``-wal``, ``-shm``) beside it, and uploaded files are stored in ``uploads/``
    beside it. An archive handed over read-only (on a share, a CD, another user's folder) is
    refused rather than opened as a viewer (the owner's choice), and the message gives the two
    ways on: a copy in a folder one can write, or ``export`` (which only reads)."""
    import os

    path = Path(db)
    folder = path.parent
    if reason is None:
        if path.exists():
            if path.is_dir():
                return None  # said by the archive's own check (a folder is no archive)
            if not os.access(path, os.W_OK):
                reason = "the file is read-only for you / 文件只读"
            elif not os.access(folder, os.W_OK | os.X_OK):
                reason = ("its folder is read-only for you (the desk writes its journal and "
                          "uploads/ there) / 所在文件夹只读")
            elif (folder / "uploads").is_dir() and not os.access(folder / "uploads", os.W_OK | os.X_OK):
                reason = "the uploads/ folder beside it is read-only for you / uploads 文件夹只读"
        elif folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            return (f"cannot create the archive {path}: its folder is read-only for you; give "
                    f"--db a path in a folder you can write / 无法在只读文件夹中新建档案库，请用 "
                    f"--db 指定可写的位置")
        if reason is None:
            return None
    return (f"the audit desk cannot write the archive {path}: {reason}. The desk stores reviewers' "
            f"marks and uploaded files in and beside the archive, so it opens only an archive it "
            f"can write. Copy it to a folder you can write and serve the copy (cp {path} "
            f"~/archive.sqlite; report-miner serve --db ~/archive.sqlite), or read it without the "
            f"desk: report-miner export --db {path} -o archive.xlsx / 审核台无法写入档案库 "
            f"{path}(审核标记和上传文件都要写入档案库及其所在文件夹)。请把档案库复制到可写的文件夹后"
            f"再用 serve 打开副本，或用 report-miner export 导出查看(只读)")
