#!/usr/bin/env python3
"""Render report texts as page images that look scanned: test and bench input for OCR.

Each page holds whole paragraphs of the text (so no figure is cut between pages), wrapped at the
page width the way a printer would, drawn with a CJK font, then rotated slightly, sprinkled with
noise and saved as JPEG (quality 60-75). What was drawn is kept with the image: the page's
character range in the source text, so gold figures whose spans fall inside it are the page's
gold.

    python bench/render_scans.py corpora/t01_zongjie_hexi.txt -o /tmp/scans   # PNG/JPEG pages
    python bench/render_scans.py corpora/t01_zongjie_hexi.txt -o /tmp/scans --pdf  # one scanned PDF

Needs Pillow and a CJK font: Debian's fonts-noto-cjk, or the cvttf-notosanscjk-regular package
(the charts and test extras install it).
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

SYSTEM_FONTS = [("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # SC
                ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2)]

#: A4 at 150 dpi
PAGE_W, PAGE_H = 1240, 1754
MARGIN = 110
FONT_PX = 30
LINE_PX = 50


@dataclass
class Page:
    """One rendered page: the image (JPEG bytes), and the source range it shows."""
    jpeg: bytes
    start: int
    end: int
    text: str


def font(size: int = FONT_PX):
    from PIL import ImageFont

    for path, index in SYSTEM_FONTS:
        if os.path.exists(path):
            return ImageFont.truetype(path, size, index=index)
    try:
        import cvttf_NotoSansCJK_Regular as shipped
    except ImportError as exc:
        raise RuntimeError("no CJK font: apt-get install fonts-noto-cjk, or pip install "
                           "cvttf-notosanscjk-regular") from exc
    return ImageFont.truetype(shipped.get_TTF_path(), size)


def _wrap(para: str, fnt, width: int) -> list[str]:
    lines, cur = [], ""
    for ch in para:
        if cur and fnt.getlength(cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines or [""]


def paginate(text: str, fnt=None) -> list[tuple[int, int, list[str]]]:
    """Split ``text`` into pages of whole paragraphs: (start, end, wrapped lines) per page."""
    fnt = fnt or font()
    width = PAGE_W - 2 * MARGIN
    per_page = (PAGE_H - 2 * MARGIN) // LINE_PX
    pages, lines, start, pos = [], [], 0, 0
    for raw in text.splitlines(keepends=True):
        para = raw.rstrip("\r\n")
        wrapped = _wrap(para.strip(), fnt, width) if para.strip() else []
        if lines and len(lines) + len(wrapped) + 1 > per_page:
            pages.append((start, pos, lines))
            lines, start = [], pos
        if wrapped:
            lines.extend(wrapped)
        elif lines:
            lines.append("")
        pos += len(raw)
    if any(line.strip() for line in lines):
        pages.append((start, pos, lines))
    return pages


def render(lines: list[str], seed: int, fnt=None):
    """Draw ``lines`` on a white page and make it look scanned; returns a PIL image."""
    from PIL import Image, ImageDraw, ImageFilter

    fnt = fnt or font()
    rnd = random.Random(seed)
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    draw = ImageDraw.Draw(img)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=fnt, fill=rnd.randint(0, 40))
        y += LINE_PX
    img = img.rotate(rnd.uniform(-1.2, 1.2), resample=Image.BICUBIC, fillcolor=255, expand=False)
    # speckle noise: a few thousand grey dots, then a slight blur as a scanner gives
    px = img.load()
    for _ in range(PAGE_W * PAGE_H // 400):
        x, yy = rnd.randrange(PAGE_W), rnd.randrange(PAGE_H)
        px[x, yy] = rnd.randint(80, 200)
    return img.filter(ImageFilter.GaussianBlur(0.6))


def render_text(text: str, seed: int = 0) -> list[Page]:
    """Render a whole report as scanned-looking JPEG pages."""
    fnt = font()
    out = []
    for i, (start, end, lines) in enumerate(paginate(text, fnt)):
        img = render(lines, seed * 1000 + i, fnt)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=random.Random(seed * 1000 + i).randint(60, 75))
        out.append(Page(buf.getvalue(), start, end, text[start:end]))
    return out


def pages_to_pdf(pages: list[Page]) -> bytes:
    """An image-only PDF (no text layer) of the pages, as a scanner would make."""
    from PIL import Image

    imgs = [Image.open(io.BytesIO(p.jpeg)).convert("RGB") for p in pages]
    buf = io.BytesIO()
    imgs[0].save(buf, "PDF", save_all=True, append_images=imgs[1:], resolution=150.0)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", help="report texts (.txt, UTF-8/GB18030/Big5 …)")
    ap.add_argument("-o", "--out", required=True, help="output folder")
    ap.add_argument("--pdf", action="store_true", help="one image-only PDF per report")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from report_miner.readers.load import read_document

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for f in args.files:
        pages = render_text(read_document(f).text, args.seed)
        stem = Path(f).stem
        if args.pdf:
            (out / f"{stem}.pdf").write_bytes(pages_to_pdf(pages))
        else:
            for i, p in enumerate(pages, 1):
                (out / f"{stem}_p{i}.jpg").write_bytes(p.jpeg)
        print(f"{f}: {len(pages)} page(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
