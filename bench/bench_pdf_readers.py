#!/usr/bin/env python3
"""pdfminer.six against pypdfium2 on CJK PDFs printed the way users make them: text fidelity
and speed.

The PDFs are the corpus reports (corpora/t0*.txt and the long 000_*.txt) printed to PDF by
headless Chromium with Noto Sans CJK SC (the browser route of issue 13, which writes radicals
such as ⼈ ⺠ into the text layer's ToUnicode map), made once into ``--out``. For each reader:

- exact characters: the share of the report's non-space characters read as they are in the
  text (difflib matching blocks over the texts without white space), raw and after
  report_miner's normalisation (``fold_chars``);
- radicals: Kangxi radicals and radical-supplement characters in the raw text;
- figures: figures F1 of ``mine_text`` on the extracted text against ``mine_file`` on the
  .txt, matched as (value, unit, metric) multisets;
- seconds: CPU seconds to extract all PDFs (one process, best of ``--repeat``).

    python bench/bench_pdf_readers.py            # needs chromium on PATH and pypdfium2
"""
from __future__ import annotations

import argparse
import difflib
import html
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_pdfs(out: Path) -> list[tuple[Path, Path]]:
    from report_miner.readers.load import read_document

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    out.mkdir(parents=True, exist_ok=True)
    pairs = []
    for txt in sorted(ROOT.glob("corpora/*.txt")):
        pdf = out / (txt.stem + ".pdf")
        if not pdf.exists():
            if chromium is None:
                raise SystemExit("needs chromium (or PDFs already in --out)")
            text = read_document(txt).text
            body = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in text.splitlines())
            page = out / (txt.stem + ".html")
            page.write_text('<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:'
                            '"Noto Sans CJK SC";font-size:12pt}p{margin:0}</style></head><body>'
                            + body + "</body></html>", encoding="utf-8")
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                           check=True, capture_output=True, timeout=120)
        pairs.append((txt, pdf))
    return pairs


def pdfminer_text(path: Path) -> str:
    from report_miner.readers.pdf import _load_pdf

    return _load_pdf(path.read_bytes(), str(path)).text


def pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages).replace("\r\n", "\n")
    finally:
        pdf.close()


def _squeeze(text: str) -> str:
    return "".join(text.split())


def exact_share(reference: str, got: str) -> float:
    a, b = _squeeze(reference), _squeeze(got)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(a))


def figure_keys(result) -> Counter:
    f = result.figures
    return Counter(zip(f["value"], f["unit"], f["metric"]))


def f1(gold: Counter, got: Counter) -> float:
    hit = sum((gold & got).values())
    p = hit / max(1, sum(got.values()))
    r = hit / max(1, sum(gold.values()))
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/report_miner_pdf_bench"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import report_miner
    from report_miner.mining.normalise import fold_chars
    from report_miner.readers.load import read_document

    pairs = make_pdfs(args.out)
    from importlib.metadata import version

    print(f"{len(pairs)} PDFs (Chromium, Noto Sans CJK SC) from corpora/; pypdfium2 {version('pypdfium2')}, pdfminer.six {version('pdfminer.six')}")
    for name, reader in (("pdfminer.six", pdfminer_text), ("pypdfium2", pdfium_text)):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            texts = [reader(pdf) for _, pdf in pairs]
            best = min(best, time.process_time() - start)
        raw = fold = radicals = 0.0
        f1s = []
        for (txt, _), got in zip(pairs, texts):
            reference = read_document(txt).text
            raw += exact_share(reference, got)
            fold += exact_share(fold_chars(reference), fold_chars(got))
            radicals += sum(0x2E80 <= ord(c) <= 0x2FDF for c in got)
            f1s.append(f1(figure_keys(report_miner.mine_file(txt)), figure_keys(report_miner.mine_text(got))))
        n = len(pairs)
        print(f"{name:13s} exact chars raw {raw / n:6.1%}  after folding {fold / n:6.1%}  radicals {int(radicals):5d}  "
              f"figures F1 vs .txt {sum(f1s) / n:.3f} (min {min(f1s):.3f})  cpu {best:6.2f} s "
              f"({best / n * 1000:5.0f} ms a PDF)")


if __name__ == "__main__":
    main()
