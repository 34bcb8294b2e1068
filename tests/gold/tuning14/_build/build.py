#!/usr/bin/env python3
"""Build tests/gold/tuning14 from the marked-up sources in this folder (src_<id>.txt).

Markup (everything else is text, copied as is; the first line of a source is its id line
"# id: <id> | source note" and is dropped):
  {SURFACE|value|unit|metric|subject|flags}   a figure. value may be left empty for a plain
        Arabic number (spaces and line breaks inside it are ignored; 万/亿 after it scale it).
        flags, comma-separated: ~ approx, > bound min, < bound max, r=N value_max.
  ⟦n:unit:metric⟧   missing_number slot here (unit as written, '' allowed)
  ⟦u:unit:metric⟧   missing_unit slot here (unit that was dropped)
  ⟦t⟧               missing_text slot here
  ⟦p:TOKEN:unit:metric⟧  placeholder: TOKEN is written into the text
metric short names: see M below ('' or o = other).
Offsets and occurrence are computed; before/after anchors are 6 chars around the slot (fewer at
the text's ends). Every figure and blank is checked to resolve to the place it was marked.
Run: python3 tests/gold/tuning14/_build/build.py
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE.parent
M = {"": "other", "o": "other", "pt": "population.total", "mw": "population.married_women",
     "av": "admin.villages", "ac": "association.count", "am": "association.members",
     "om": "outreach.materials", "oc": "outreach.contraceptives", "hs": "health.screenings",
     "gc": "governance.contracts", "tp": "training.participants", "fm": "finance.money"}


def auto_value(surface):
    s = re.sub(r"[\s,]", "", surface)
    m = re.search(r"\d+(?:\.\d+)?", s)
    if not m:
        raise ValueError(f"no Arabic number in {surface!r}: give the value")
    v = float(m.group(0))
    rest = s[m.end():]
    if rest.startswith(("万", "萬")):
        v *= 10000
    elif rest.startswith("亿"):
        v *= 100000000
    return int(v) if v == int(v) else v


def nth(text, sub, start):
    """1-based occurrence of sub that starts at start (overlapping count, as validate_gold)."""
    n, i = 0, -1
    while True:
        i = text.find(sub, i + 1)
        if i < 0:
            raise AssertionError((sub, start))
        n += 1
        if i == start:
            return n


def parse(src):
    out, figs, blanks, i = [], [], [], 0
    fig_start = None
    pos = lambda: sum(len(x) for x in out)  # noqa: E731
    while i < len(src):
        c = src[i]
        if c == "{":
            fig_start = pos()
            i += 1
        elif c == "|" and fig_start is not None:
            j = src.index("}", i)
            meta = src[i + 1:j].split("|")
            meta += [""] * (5 - len(meta))
            value, unit, metric, subject, flags = meta[:5]
            surface = "".join(out)[fig_start:]
            fl = [f.strip() for f in flags.split(",") if f.strip()]
            vmax = next((float(f[2:]) for f in fl if f.startswith("r=")), None)
            figs.append(dict(surface=surface, start=fig_start,
                             value=auto_value(surface) if value == "" else (float(value) if "." in value else int(value)),
                             value_max=(int(vmax) if vmax is not None and vmax == int(vmax) else vmax),
                             unit=unit, approx="~" in fl,
                             bound="min" if ">" in fl else "max" if "<" in fl else None,
                             subject=subject, metric=M[metric]))
            fig_start = None
            i = j + 1
        elif c == "⟦":
            j = src.index("⟧", i)
            parts = src[i + 1:j].split(":")
            kind = parts[0]
            if kind == "p":
                tok = parts[1]
                unit = parts[2] if len(parts) > 2 else ""
                metric = parts[3] if len(parts) > 3 else ""
                blanks.append(dict(kind="placeholder", token=tok, start=pos(), unit=unit, metric=M[metric]))
                out.append(tok)
            else:
                unit = parts[1] if len(parts) > 1 else ""
                metric = parts[2] if len(parts) > 2 else ""
                k = {"n": "missing_number", "u": "missing_unit", "t": "missing_text"}[kind]
                blanks.append(dict(kind=k, token="", start=pos(), unit=unit, metric=M[metric]))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out), figs, blanks


def build(path):
    raw = path.read_text("utf-8")
    head, src = raw.split("\n", 1)
    m = re.match(r"# id: (\S+) \| (.*)", head)
    doc_id, note = m.group(1), m.group(2)
    text, figs, blanks = parse(src.rstrip("\n"))
    gfigs = []
    for f in figs:
        s = f.pop("start")
        assert text[s:s + len(f["surface"])] == f["surface"]
        f["occurrence"] = nth(text, f["surface"], s)
        gfigs.append({k: f[k] for k in ("surface", "occurrence", "value", "value_max", "unit", "approx",
                                         "bound", "subject", "metric")})
    gblanks = []
    for b in blanks:
        s, tok = b.pop("start"), b["token"]
        before = text[max(0, s - 6):s]
        after = text[s + len(tok):s + len(tok) + 6]
        occ = nth(text, before + tok + after, s - len(before))
        gb = dict(before=before, after=after, kind=b["kind"], unit=b["unit"], metric=b["metric"], occurrence=occ)
        if tok:
            gb["token"] = tok
        gblanks.append(gb)
    doc = dict(id=doc_id, source=f"synthetic, written for tuning14 ({note})", encoding="utf-8",
               text=text, figures=gfigs, blanks=gblanks)
    (OUT / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (OUT / f"{doc_id}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return doc_id, len(text), len(gfigs), len(gblanks)


if __name__ == "__main__":
    srcs = sorted(HERE.glob("src_*.txt")) if len(sys.argv) < 2 else [Path(a) for a in sys.argv[1:]]
    for p in srcs:
        print("%s: %d chars, %d figures, %d blanks" % build(p))
