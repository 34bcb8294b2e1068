#!/usr/bin/env python3
"""OCR accuracy and speed on scanned-looking pages rendered from the annotated gold reports.

    python bench/bench_ocr.py                      # RapidOCR: F1 and pages/min, 1 core and all
    python bench/bench_ocr.py --engine tesseract   # the same pages through Tesseract (chi_sim)
    python bench/bench_ocr.py --docs t01 t08 --max-pages 3

Pages: every report of tests/gold/t0*.json (its ``text`` is the file as loaded) is rendered by
``bench/render_scans.py`` (whole paragraphs per A4 page at 150 dpi, slight rotation, noise,
JPEG quality 60-75). Each page is read by OCR; the pages of a report are joined as one scanned
document and mined like any other.

Figures F1: the figures mined from the OCR text against the gold figures on those pages, matched
by value (value_max too for ranges) and unit, as a multiset per report (offsets cannot be
compared: OCR text has its own). The text path (the original text of the same pages, mined) is
scored the same way, so the loss due to OCR is the difference. "agreement" is the OCR path
against the text path's own figures.

Speed: pages per minute, OCR only (rendering and mining excluded), with one thread on one core
(``--jobs 1``) and with one process per core.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "gold" / "scorer"))

def _t2s(unit: str) -> str:
    """Units compared in simplified characters (the miner folds Big5 reports with OpenCC; the
    gold keeps the characters as written)."""
    import opencc

    global _CC
    if _CC is None:
        _CC = opencc.OpenCC("t2s")
    return _CC.convert(unit)


_CC = None


def _key(value, value_max, unit) -> tuple:
    def r(v):
        try:
            f = float(v)
        except (TypeError, ValueError):
            return None
        return None if f != f else round(f, 6)
    return r(value), r(value_max), _t2s((unit or "").replace(" ", ""))


def gold_docs(names: list[str] | None = None) -> list[dict]:
    """The annotated gold reports (tests/gold/t0*.json), optionally only those named."""
    docs = []
    for p in sorted((ROOT / "tests" / "gold").glob("t0*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        if not names or any(p.stem.startswith(n) for n in names):
            docs.append(d)
    return docs


def gold_figures(doc: dict, start: int, end: int) -> list[tuple]:
    """Keys of the gold figures whose spans fall in ``[start, end)``."""
    from validate_gold import resolve

    figs, _, errs = resolve(doc)
    assert not errs, errs
    text = doc["text"]
    out = []
    for g in figs:
        if start <= g["start"] and g["end"] <= end:
            if g["value"] == 1 and text[g["start"]:g["end"]].strip()[:1] in "一二三四五六七八九十":
                continue  # the scorer's rule: list numbers "一、" are not scored
            out.append(_key(g["value"], g.get("value_max"), g.get("unit")))
    return out


def mined_figures(text: str) -> list[tuple]:
    import report_miner

    res = report_miner.mine_text(text)
    keys = []
    for r in res.rows("figures"):
        if r["value"] == 1 and text[r["start"]:r["end"]].strip()[:1] in "一二三四五六七八九十":
            continue
        keys.append(_key(r["value"], r.get("value_max"), r.get("unit")))
    return keys


def f1(pred: list[tuple], gold: list[tuple]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) of a multiset match."""
    tp = sum((Counter(pred) & Counter(gold)).values())
    return tp, len(pred), len(gold)


def _score(t: tuple[int, int, int]) -> float:
    tp, pred, gold = t
    return 2 * tp / (pred + gold) if pred + gold else 1.0


def render(docs: list[dict], max_pages: int | None = None):
    """[(doc, [Page …])]: each gold report rendered as scanned pages."""
    from render_scans import render_text

    return [(d, render_text(d["text"], seed=i)[:max_pages]) for i, d in enumerate(docs)]


def ocr_page(jpeg: bytes, engine: str) -> str:
    from PIL import Image

    img = Image.open(io.BytesIO(jpeg))
    if engine == "tesseract":
        import pytesseract

        return pytesseract.image_to_string(img, lang="chi_sim")
    from report_miner.readers.ocr import ocr_images

    return ocr_images([img], "page")[0]


def evaluate(rendered, engine: str = "rapidocr") -> dict:
    """F1 of the OCR path and of the text path against the gold, over ``rendered`` pages."""
    ocr_t, text_t, agree_t, pages, secs = [0, 0, 0], [0, 0, 0], [0, 0, 0], 0, 0.0
    per_doc = []
    for doc, pages_ in rendered:
        if not pages_:
            continue
        t0 = time.perf_counter()
        ocr_text = "".join(ocr_page(p.jpeg, engine).rstrip("\n") + "\n" for p in pages_)
        secs += time.perf_counter() - t0
        pages += len(pages_)
        start, end = pages_[0].start, pages_[-1].end
        gold = gold_figures(doc, start, end)
        by_ocr = mined_figures(ocr_text)
        by_text = mined_figures(doc["text"][start:end])
        o, t, a = f1(by_ocr, gold), f1(by_text, gold), f1(by_ocr, by_text)
        for acc, x in ((ocr_t, o), (text_t, t), (agree_t, a)):
            for i in range(3):
                acc[i] += x[i]
        per_doc.append((doc["id"], len(pages_), _score(o), _score(t), _score(a),
                        sorted((Counter(gold) - Counter(by_ocr)).elements(), key=str),
                        sorted((Counter(by_ocr) - Counter(gold)).elements(), key=str)))
    return {"pages": pages, "ocr_seconds": secs, "ocr_f1": _score(tuple(ocr_t)),
            "text_f1": _score(tuple(text_t)), "agreement_f1": _score(tuple(agree_t)),
            "per_doc": per_doc}


def _ocr_many(args: tuple[list[bytes], str]) -> int:
    jpegs, engine = args
    for j in jpegs:
        ocr_page(j, engine)
    return len(jpegs)


def speed_all_cores(jpegs: list[bytes], engine: str, jobs: int) -> float:
    """Pages per minute with ``jobs`` processes, each OCR engine on one thread."""
    from concurrent.futures import ProcessPoolExecutor

    chunks = [jpegs[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs, initializer=_one_thread) as pool:
        list(pool.map(_ocr_many, [(chunks[0][:1], engine)] * jobs))  # load the models first
        t0 = time.perf_counter()
        n = sum(pool.map(_ocr_many, [(c, engine) for c in chunks]))
        return n / (time.perf_counter() - t0) * 60


def _one_thread() -> None:
    os.environ["REPORT_MINER_OCR_THREADS"] = "1"
    os.environ["OMP_THREAD_LIMIT"] = "1"  # tesseract


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", choices=["rapidocr", "tesseract"], default="rapidocr")
    ap.add_argument("--docs", nargs="*", help="gold ids to use (t01 t02 …); default all eight")
    ap.add_argument("--max-pages", type=int, default=None, help="pages per report at most")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="processes for the all-cores speed (default: every core)")
    ap.add_argument("--no-speed", action="store_true", help="F1 only")
    args = ap.parse_args(argv)

    _one_thread()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core for the 1-core figure
    rendered = render(gold_docs(args.docs), args.max_pages)
    if args.engine == "rapidocr":
        ocr_page(rendered[0][1][0].jpeg, args.engine)  # load the models before timing
    res = evaluate(rendered, args.engine)
    print(f"engine {args.engine}: {res['pages']} pages")
    for doc_id, n, o, t, a, missed, invented in res["per_doc"]:
        print(f"  {doc_id}: {n} pages  F1 ocr {o:.3f}  text {t:.3f}  agreement {a:.3f}"
              + (f"  missed {missed}" if missed else "") + (f"  invented {invented}" if invented else ""))
    print(f"figures F1  OCR path {res['ocr_f1']:.3f}   text path {res['text_f1']:.3f}   "
          f"OCR vs text path {res['agreement_f1']:.3f}")
    one = res["pages"] / res["ocr_seconds"] * 60
    print(f"speed, 1 core (1 thread): {one:.1f} pages/min")
    if not args.no_speed and args.jobs > 1:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        jpegs = [p.jpeg for _, ps in rendered for p in ps]
        print(f"speed, {args.jobs} processes: {speed_all_cores(jpegs, args.engine, args.jobs):.1f} pages/min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
