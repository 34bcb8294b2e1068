#!/usr/bin/env python3
"""Build tests/gold/tuning19/*.txt + *.json from the hand-marked sources src_*.txt beside this file,
with the shared markup reader tests/gold/markup.py (its docstring describes the marks).
Usage: python build_t19.py   (writes into the parent folder)
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from markup import build_folder  # noqa: E402

if __name__ == "__main__":
    build_folder(HERE)
