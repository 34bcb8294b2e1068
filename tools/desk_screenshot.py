#!/usr/bin/env python3
"""Take the README's screenshot of the audit desk (docs/audit-desk.png).

Starts ``report-miner serve`` on a fresh archive in a temporary folder (a free port of
127.0.0.1), uploads corpora/ through the API, marks the supplied file's 35024 > 17364
finding explained and another finding returned, and photographs a page with Debian's
headless Chromium (``chromium --headless --screenshot``). Then stops the server.

    .venv/bin/python tools/desk_screenshot.py                 # the report page → docs/audit-desk.png
    .venv/bin/python tools/desk_screenshot.py --page reports -o /tmp/list.png
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_web import _json, _seed_finding, _upload  # noqa: E402  (the tests' HTTP helpers)

from report_miner.web.server import DeskServer  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", choices=["report", "reports", "findings", "upload"], default="report")
    ap.add_argument("-o", "--output", default=str(ROOT / "docs" / "audit-desk.png"))
    ap.add_argument("--size", default="1360,860")
    args = ap.parse_args()
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        print("needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        server = DeskServer(str(Path(tmp) / "archive.sqlite"), port=0, quiet=True).start()
        try:
            files = sorted((ROOT / "corpora").iterdir())
            _upload(server.url, [(p.name, p.read_bytes()) for p in files], by="张审计")
            rid, finding = _seed_finding(server.url)
            _json(f"{server.url}/api/findings/{finding['id']}", "PATCH",
                  {"status": "explained", "by": "张审计",
                   "note": "乡镇答复:35024为全县已婚育龄妇女数,误填;已要求更正为本镇数字"})
            _s, found = _json(f"{server.url}/api/reports/{rid}/findings")
            other = next(f for f in found["findings"] if f["id"] != finding["id"])
            _json(f"{server.url}/api/findings/{other['id']}", "PATCH",
                  {"status": "checked", "by": "张审计"})
            url = {"report": f"/reports/{rid}", "reports": "/reports",
                   "findings": "/findings?severity=error", "upload": "/upload"}[args.page]
            cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update",
                   "--hide-scrollbars", f"--user-data-dir={Path(tmp) / 'profile'}",
                   f"--window-size={args.size}", "--virtual-time-budget=3000",
                   f"--screenshot={Path(args.output).resolve()}", server.url + url]
            subprocess.run(cmd, check=True, capture_output=True, timeout=120)
        finally:
            server.stop()
    print(json.dumps({"wrote": args.output, "page": url}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
