"""Test-wide settings.

The tests read many rule folders of their own (one per test that writes rules), and report_miner
keeps validated rules and the segmenter's table in its cache folder, pruned to the latest few:
run against the user's own cache, a test run would push the user's entries out. The tests get a
cache folder of their own (kept between runs, so only the first run builds it), unless
REPORT_MINER_CACHE is set already.
"""
from __future__ import annotations

import os
import tempfile

if "REPORT_MINER_CACHE" not in os.environ:
    _uid = os.getuid() if hasattr(os, "getuid") else "user"
    os.environ["REPORT_MINER_CACHE"] = os.path.join(tempfile.gettempdir(), f"report_miner_tests-{_uid}")
