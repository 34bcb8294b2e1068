#!/usr/bin/env python3
"""Build a written gold set (tests/gold/tuningNN/*.txt + *.json) from hand-marked sources
tuningNN/_build/src_*.txt. Shared by the sets written in this markup (tuning15, tuning17 and later):
run it on a set's _build folder (tuning16 has its own builder, in another markup).

Markup (every mark is a hand annotation; this script only computes offsets and parses numbers):
  ⟦surface|CODE⟧ or ⟦surface|CODE|value⟧   a figure; CODE is a metric code (see CODES)
  ⟦surface|CODE|MIN-MAX|UNIT⟧   a range whose unit is written twice (1800米至2600米): value and value_max
  ⟦surface|CODE|UNIT⟧ or ⟦surface|CODE|u=UNIT⟧   a unit given by hand: a table cell's bare number
                  whose unit is its row's or column's header, or 一万二千元 (no 万 read inside a numeral)
  ⟨n|unit|CODE⟩   missing_number blank at this spot (nothing in the text)
  ⟨p|TOKEN⟩       placeholder blank; TOKEN is written into the text
  ⟨u⟩             missing_unit blank right here (after a figure with unit "")
  ⟨t⟩             missing_text blank at this spot
Spaces inside a surface are read through (3 126人, 3.8 万份); a surface cut by a page chunk
(2\\n2、360人) takes its unit from after the cut.
First line of a source: "# id | source description".
Usage: python tests/gold/markup.py FOLDER...   (a set's _build folder; writes into its parent)
"""
import json, re, sys
from pathlib import Path

CODES = {"P": "population.total", "W": "population.married_women", "V": "admin.villages",
         "AC": "association.count", "AM": "association.members", "M": "outreach.materials",
         "C": "outreach.contraceptives", "S": "health.screenings", "G": "governance.contracts",
         "T": "training.participants", "F": "finance.money", "O": "other"}
CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
      "八": 8, "九": 9}
CNU = {"十": 10, "百": 100, "千": 1000}
NUM = re.compile(r"^(近|约)?([0-9][0-9,.]*|[零〇一二两三四五六七八九十百千]+)(万|亿|萬|億)?(余|多|来|餘)?(万|亿|萬|億)?")
QUAL_AFTER = [("左右", "approx"), ("及以上", "min"), ("及以下", "max"), ("以上", "min"), ("以下", "max"), ("以内", "max"), ("余", "approx"),
              ("多", "approx")]


def cn_value(s):
    total, cur = 0, 0
    for ch in s:
        if ch in CN:
            cur = CN[ch]
        else:
            total += (cur or 1) * CNU[ch]
            cur = 0
    return total + cur


def parse(surface):
    m = NUM.match(surface)
    if not m:
        raise ValueError(surface)
    pre, num, mult1, q, mult2, = m.groups()
    v = float(num.replace(",", "")) if num[0].isdigit() else cn_value(num)
    mult = mult1 or mult2
    if mult:
        v *= 10000 if mult in "万萬" else 100000000
    approx, bound = bool(pre) or bool(q), None
    rest = surface[m.end():]
    for w, kind in QUAL_AFTER:
        if rest.startswith(w):
            rest = rest[len(w):]
            if kind == "approx":
                approx = True
            else:
                bound = kind
        if rest.endswith(w):
            rest = rest[: -len(w)]
            if kind == "approx":
                approx = True
            else:
                bound = kind
    if rest[:1] in ("万", "亿", "萬", "億"):
        v *= 10000 if rest[0] in "万萬" else 100000000
        rest = rest[1:]
    if v == int(v):
        v = int(v)
    return v, rest, approx, bound


def occ(text, sub, start):
    n, i = 0, -1
    while True:
        i = text.find(sub, i + 1)
        if i < 0 or i > start:
            raise AssertionError((sub, start))
        n += 1
        if i == start:
            return n


TOK = re.compile(r"⟦([^|⟧]+)\|([A-Z]+)(?:\|([0-9.]+(?:-[0-9.]+)?))?(?:\|(?:u=)?([^|⟧]+))?⟧|⟨([nput])(?:\|([^|⟩]*))?(?:\|([A-Z]+))?⟩")


def build(src, out=None):
    """Write <id>.txt and <id>.json for the source ``src`` into ``out`` (default: the set's folder,
    the parent of _build); return (id, characters, figures, blanks)."""
    lines = src.read_text(encoding="utf-8").split("\n")
    head = lines[0].lstrip("# ").split("|")
    did, source = head[0].strip(), head[1].strip()
    raw = "\n".join(lines[1:]).strip("\n") + "\n"
    text, figs, blanks, pos = "", [], [], 0
    for m in TOK.finditer(raw):
        text += raw[pos:m.start()]
        pos = m.end()
        if m.group(1):
            surface, code, val = m.group(1), m.group(2), m.group(3)
            v, unit, approx, bound = parse(surface.replace(" ", ""))  # 3 126人, 3.8 万份: spaces inside
            if "\n" in surface:  # a number split by a page chunk (2\n2、360人): unit read after the split
                _, unit, approx, bound = parse(re.sub(r"^.*[\n、]", "", surface, flags=re.S))
            vmax = None
            if val and "-" in val:  # a range written with its unit twice (1800米至2600米): value-value_max
                val, vmax = val.split("-")
                vmax = float(vmax) if "." in vmax else int(vmax)
            if val:
                v = float(val) if "." in val else int(val)
            if m.group(4):  # a unit given by hand (一万二千元: the parser reads no 万 inside a numeral)
                unit = m.group(4)
            figs.append(dict(start=len(text), surface=surface, value=v, value_max=vmax, unit=unit,
                             approx=approx, bound=bound, metric=CODES[code]))
            text += surface
        else:
            kind = {"n": "missing_number", "p": "placeholder", "u": "missing_unit", "t": "missing_text"}[m.group(5)]
            b = dict(start=len(text), kind=kind)
            if kind == "placeholder":
                b["token"] = m.group(6)
                text += m.group(6)
                b["unit"] = ""
            elif kind == "missing_number":
                b["unit"] = m.group(6) or ""
                b["metric"] = CODES[m.group(7)] if m.group(7) else "other"
            else:
                b["unit"] = ""
            blanks.append(b)
    text += raw[pos:]
    outf = []
    for f in figs:
        s = f.pop("start")
        f["occurrence"] = occ(text, f["surface"], s)
        outf.append({k: f[k] for k in ("surface", "occurrence", "value", "value_max", "unit", "approx", "bound", "metric")})
    outb = []
    for b in blanks:
        s = b.pop("start")
        tok = b.get("token", "")
        before = text[max(0, s - 6):s]
        after = text[s + len(tok):s + len(tok) + 4]
        b = dict(before=before, **({"token": tok} if tok else {}), after=after, **{k: v for k, v in b.items() if k != "token"})
        b["occurrence"] = occ(text, before + tok + after, s - len(before))
        outb.append(b)
    doc = dict(id=did, source=source, encoding="utf-8", text=text, figures=outf, blanks=outb)
    out = Path(out) if out is not None else src.parent.parent
    (out / f"{did}.txt").write_text(text, encoding="utf-8")
    (out / f"{did}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return did, len(text), len(outf), len(outb)


def build_folder(here):
    """Build every src_*.txt in the folder `here` into here/../<id>.txt and <id>.json; print one line each."""
    for src in sorted(Path(here).glob("src_*.txt")):
        print(*build(src))


if __name__ == "__main__":
    for folder in sys.argv[1:] or [Path.cwd()]:
        build_folder(folder)
