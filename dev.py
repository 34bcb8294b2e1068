#!/usr/bin/env python3
"""One-file bootstrap for report_miner: needs only Python 3.11+.

    python3 dev.py run    # set up .venv, install (with charts), mine corpora/ into out/ (SQLite + Excel)
    python3 dev.py test   # set up .venv, install with test extras, run the whole test suite

Both commands create (or reuse) the virtual environment ``.venv`` next to this file and
install the project into it in editable mode, so a fresh clone needs nothing else.
Extra arguments after ``test`` go to pytest (``python3 dev.py test -k numbers``).
"""
from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _run(*cmd: str | os.PathLike) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def setup(extras: str = "") -> None:
    """Create .venv if needed and install the project (editable) with ``extras``."""
    if sys.version_info < (3, 11):
        sys.exit("report_miner needs Python 3.11 or newer / 需要 Python 3.11 或更高版本")
    if not PY.exists():
        print(f"creating virtual environment {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    _run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target)
    # the package's bytecode, written now: with PYTHONDONTWRITEBYTECODE set (some CI images and
    # shells) Python never writes it, and each start would compile every module again
    _run(PY, "-m", "compileall", "-q", "report_miner")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "run":
        setup("charts")
        out = ROOT / "out"
        out.mkdir(exist_ok=True)
        # paths relative to the checkout (the command runs there), so the summary reads as in the README
        _run(BIN / "report-miner", "extract", "corpora", "-o", "out/corpora.sqlite",
             "-o", "out/corpora.xlsx", *rest)
        return 0
    setup("test")
    return subprocess.run([str(PY), "-m", "pytest", *rest], cwd=ROOT).returncode


def cli(argv: list[str]) -> int:
    """``main`` with the failures a first run meets said in one line, not a traceback: a step
    that fails (pip without network or a package index, say) already printed its own error."""
    try:
        return main(argv)
    except subprocess.CalledProcessError as exc:
        cmd = " ".join(str(c) for c in exc.cmd)
        print(f"dev.py: step failed 失败 (exit status {exc.returncode}): {cmd}", file=sys.stderr)
        return exc.returncode or 1
    except KeyboardInterrupt:
        print("dev.py: interrupted 已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(cli(sys.argv[1:]))
