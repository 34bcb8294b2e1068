#!/usr/bin/env python3
"""Build tests/gold/tuning16/*.txt + *.json from the annotated sources src_*.txt beside this script.

Markup in a source (removed from the text that is written out):
  ⟦surface|key=value|…⟧   a figure. value, unit, approx and bound are read from the surface
                          (2000余份, 3.5万人, 85%以上, 近百场, 1.2亿元); keys override them:
                          v= value, vmax= value_max, u= unit, a=1 approx, b=min|max, m= metric, s= subject.
  ⟪kind[,unit[,token]]|m=metric⟫  a blank at this spot. kind: n missing_number, p placeholder
                          (token is written into the text, e.g. ⟪p,,XX⟫ or ⟪p,元,xx.x⟫), u missing_unit,
                          t missing_text.
Anchors (before/after, 6 characters each side) and occurrences are computed from the final text.
Usage: python build_t16.py   (writes ../t16_*.txt and ../t16_*.json)
"""
import json, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
KINDS = {"n": "missing_number", "p": "placeholder", "u": "missing_unit", "t": "missing_text"}
CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
      "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
NUM = r"(?:\d[\d,]*(?:\.\d+)?|[零〇一二两兩三四五六七八九十百千]+)"
SURF = re.compile(r"^(?P<pre>近|约|約)?(?P<num>" + NUM + r")(?P<q1>余|餘|多)?(?P<mul>万|萬|亿|億)?"
                  r"(?P<q2>余|餘|多)?(?P<unit>.*?)(?P<post>左右|上下|以上|以下|以内|以內)?$")


def cn_value(s):
    total, cur = 0, 0
    for ch in s:
        if ch in CN:
            cur = CN[ch]
        elif ch in CN_UNIT:
            total += (cur or 1) * CN_UNIT[ch]
            cur = 0
    return total + cur


def parse_surface(surface):
    m = SURF.match(surface)
    if not m:
        raise SystemExit(f"cannot parse surface {surface!r}; give v= and u=")
    num = m["num"]
    value = float(num.replace(",", "")) if num[0].isdigit() else cn_value(num)
    if m["mul"]:
        value *= 10000 if m["mul"] in "万萬" else 100000000
    unit = m["unit"]
    if unit in ("万元", "萬元"):
        unit, value = "元", value * 10000
    approx = bool(m["pre"] or m["q1"] or m["q2"] or m["post"] in ("左右", "上下"))
    bound = {"以上": "min", "以下": "max", "以内": "max", "以內": "max"}.get(m["post"])
    value = int(value) if float(value).is_integer() else round(value, 6)
    return value, unit, approx, bound


def build(src):
    raw = src.read_text(encoding="utf-8")
    text, figs, blanks = [], [], []
    pos = 0
    for m in re.finditer(r"⟦(.*?)⟧|⟪(.*?)⟫", raw, re.S):
        text.append(raw[pos:m.start()])
        at = sum(len(t) for t in text)
        if m.group(1) is not None:
            parts = m.group(1).split("|")
            surface, opts = parts[0], dict(p.split("=", 1) for p in parts[1:])
            value, unit, approx, bound = (None, "", False, None)
            if "v" not in opts or "u" not in opts:
                value, unit, approx, bound = parse_surface(surface)
            if "v" in opts:
                value = float(opts["v"]) if "." in opts["v"] else int(opts["v"])
            unit = opts.get("u", unit)
            approx = approx or opts.get("a") == "1"
            bound = opts.get("b", bound)
            vmax = opts.get("vmax")
            figs.append(dict(surface=surface, at=at, value=value,
                             value_max=(float(vmax) if vmax and "." in vmax else int(vmax) if vmax else None),
                             unit=unit, approx=approx, bound=bound, subject=opts.get("s", ""),
                             metric=opts.get("m", "other")))
            text.append(surface)
        else:
            head, _, tail = m.group(2).partition("|")
            opts = dict(p.split("=", 1) for p in tail.split("|") if p)
            bits = head.split(",")
            kind, unit = KINDS[bits[0]], (bits[1] if len(bits) > 1 else "")
            token = bits[2] if len(bits) > 2 else ""
            blanks.append(dict(at=at, kind=kind, unit=unit, token=token, metric=opts.get("m", "other")))
            text.append(token)
        pos = m.end()
    text.append(raw[pos:])
    text = "".join(text)
    if text.endswith("\n") and not raw.endswith("\n\n"):
        pass
    out_figs = []
    for f in figs:
        occ = count_upto(text, f["surface"], f["at"])
        f2 = {k: v for k, v in f.items() if k != "at"}
        f2["occurrence"] = occ
        out_figs.append(f2)
    out_blanks = []
    for b in blanks:
        at, tok = b["at"], b["token"]
        before = text[max(0, at - 6):at]
        after = text[at + len(tok):at + len(tok) + 6]
        anchor_at = at - len(before)
        occ = count_upto(text, before + tok + after, anchor_at)
        d = dict(before=before, after=after, unit=b["unit"], kind=b["kind"], metric=b["metric"])
        if tok:
            d["token"] = tok
        if occ != 1:
            d["occurrence"] = occ
        out_blanks.append(d)
    return text, out_figs, out_blanks


def count_upto(text, sub, at):
    n, i = 0, -1
    while True:
        i = text.find(sub, i + 1)
        if i < 0 or i > at:
            raise SystemExit(f"{sub!r} not found at {at}")
        n += 1
        if i == at:
            return n


def main():
    for src in sorted(HERE.glob("src_t16_*.txt")):
        doc_id = src.stem[4:]
        text, figs, blanks = build(src)
        (OUT / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        doc = dict(id=doc_id, source=f"tests/gold/tuning16/_build/{src.name} (invented, docs10)",
                   text=text, figures=figs, blanks=blanks)
        (OUT / f"{doc_id}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
        print(f"{doc_id}: {len(text)} chars, {len(figs)} figures, {len(blanks)} blanks")


if __name__ == "__main__":
    sys.exit(main())
