#!/usr/bin/env python3
"""Build tuning9 gold files from inline-marked sources (*.src).

Figure markup : [[surface|value|unit|subject|metric]] or [[...|metric|flags]]
   value  : number as written in Arabic (Chinese numerals translated by hand), ranges "3-5"
   unit   : unit as written; 万X / 亿X are normalised to X with value scaled (万元 -> 元 * 1e4)
   metric : short code (see M) ; flags: optional 'a' (approx), 'min'/'max' (bound), '-' (none)
            when flags absent, approx/bound are derived from the surface.
Blank markup  : <<kind;token;unit;metric>>  (token is emitted into the text; empty for slots)
Source header : first lines '#key: value' (id, source, encoding, style, chunk)
Offsets are computed here; every span is asserted against the final text.
"""
import json, re, sys, os
from decimal import Decimal

M = {"pt": "population.total", "mw": "population.married_women", "av": "admin.villages",
     "ac": "association.count", "am": "association.members", "om": "outreach.materials",
     "oc": "outreach.contraceptives", "hs": "health.screenings", "gc": "governance.contracts",
     "tp": "training.participants", "fm": "finance.money", "o": "other"}
APPROX = ("余", "多", "近", "约", "左右", "上下")
MIN = ("以上", "超过", "逾", "不低于", "不少于")
MAX = ("以下", "以内", "不超过", "不足")


def num(s):
    d = Decimal(s)
    return int(d) if d == d.to_integral_value() else float(d)


def parse(src):
    out, figs, blanks = [], [], []
    pos = 0
    i = 0

    def emit_plain(s):
        nonlocal pos
        # handles blank markers inside s
        j = 0
        while j < len(s):
            if s.startswith("<<", j):
                k = s.index(">>", j)
                kind, tok, unit, met = s[j + 2:k].split(";")
                blanks.append(dict(kind=kind, token=tok, unit=unit, metric=M[met], pos=pos))
                out.append(tok); pos += len(tok)
                j = k + 2
            else:
                out.append(s[j]); pos += 1; j += 1

    while i < len(src):
        if src.startswith("[[", i):
            k = src.index("]]", i)
            body = src[i + 2:k]
            # split surface (may contain <<..;..>>) from fields
            parts = body.split("|")
            surf_m, val, unit, subj, met = parts[:5]
            flags = parts[5] if len(parts) > 5 else None
            start = pos
            emit_plain(surf_m)
            end = pos
            mult = 1
            u = unit
            if len(u) > 1 and u[0] in "万亿":
                mult = 10000 if u[0] == "万" else 100000000
                u = u[1:]
            if "-" in val and not val.startswith("-"):
                a, b = val.split("-")
                v, vmax = num(str(Decimal(a) * mult)), num(str(Decimal(b) * mult))
            else:
                v, vmax = num(str(Decimal(val) * mult)), None
            surf_plain = re.sub(r"<<[^>]*>>", lambda m: m.group(0)[2:-2].split(";")[1], surf_m)
            if flags is None:
                approx = any(x in surf_plain for x in APPROX)
                bound = "min" if any(x in surf_plain for x in MIN) else ("max" if any(x in surf_plain for x in MAX) else None)
            else:
                approx = "a" in flags.split(",")
                bound = "min" if "min" in flags else ("max" if "max" in flags else None)
            figs.append(dict(start=start, end=end, value=v, value_max=vmax, unit=u, approx=approx,
                             bound=bound, subject=subj, metric=M[met]))
            i = k + 2
        elif src.startswith("<<", i):
            k = src.index(">>", i)
            emit_plain(src[i:k + 2])
            i = k + 2
        else:
            j = min([x for x in (src.find("[[", i), src.find("<<", i)) if x >= 0] or [len(src)])
            emit_plain(src[i:j])
            i = j
    return "".join(out), figs, blanks


def find_all(text, sub):
    res, i = [], text.find(sub)
    while i >= 0:
        res.append(i); i = text.find(sub, i + 1)
    return res


def chunk(text, size):
    """document-site page chunks: 'N、' + size chars, joined by newline."""
    ins = []  # (pos, marker)
    for n, p in enumerate(range(0, len(text), size), 1):
        ins.append((p, ("" if n == 1 else "\n") + f"{n}、"))
    new = "".join(m + text[p:p + size] for p, m in ins)

    def map_start(q):  # insertion at q goes before char q
        return q + sum(len(m) for p, m in ins if p <= q)

    def map_end(q):
        return q + sum(len(m) for p, m in ins if p < q)
    return new, map_start, map_end


def build(path, outdir):
    raw = open(path, encoding="utf-8").read()
    meta, body = {}, []
    for line in raw.split("\n"):
        m = re.match(r"^#(\w+): (.*)$", line)
        if m and not body:
            meta[m.group(1)] = m.group(2)
        else:
            body.append(line)
    src = "\n".join(body).strip("\n")
    if meta.get("style") == "glued":
        src = " ".join(l.strip() for l in src.split("\n") if l.strip())
    else:
        src = src + "\n"
    text, figs, blanks = parse(src)
    ms = me = (lambda q: q)
    if meta.get("chunk"):
        text, ms, me = chunk(text, int(meta["chunk"]))
    for f in figs:
        f["start"], f["end"] = ms(f["start"]), me(f["end"])
    for b in blanks:
        b["pos"] = ms(b["pos"])
    ofigs = []
    for f in figs:
        s, e = f["start"], f["end"]
        surf = text[s:e]
        occ = [x for x in find_all(text, surf)].index(s) + 1
        ofigs.append({"surface": surf, "occurrence": occ, "value": f["value"], "value_max": f["value_max"],
                      "unit": f["unit"], "approx": f["approx"], "bound": f["bound"], "subject": f["subject"],
                      "metric": f["metric"], "start": s, "end": e})
    oblanks = []
    for b in blanks:
        p, tok = b["pos"], b["token"]
        nb, na = 6, 5
        before, after = text[max(0, p - nb):p], text[p + len(tok):p + len(tok) + na]
        anchor = before + tok + after
        occ = find_all(text, anchor).index(p - len(before)) + 1
        d = {"before": before, "after": after, "kind": b["kind"], "unit": b["unit"], "metric": b["metric"]}
        if tok:
            d["token"] = tok
        if occ != 1:
            d["occurrence"] = occ
        d["start"], d["end"] = p, p + len(tok)
        oblanks.append(d)
    # assertions
    for f in ofigs:
        assert text[f["start"]:f["end"]] == f["surface"], f
        assert re.search(r"[0-9一二三四五六七八九十百千万两〇零]", f["surface"]), f
    for b in oblanks:
        assert (b["before"] + b.get("token", "") + b["after"]) in text
        assert text[b["start"] - len(b["before"]):b["start"]] == b["before"]
        if b.get("token"):
            assert text[b["start"]:b["end"]] == b["token"]
    assert "[[" not in text and "]]" not in text and "<<" not in text and ">>" not in text and "|" not in text
    doc = {"id": meta["id"], "source": meta["source"], "encoding": meta["encoding"], "text": text,
           "figures": ofigs, "blanks": oblanks}
    base = os.path.join(outdir, meta["id"])
    with open(base + ".txt", "wb") as fh:
        fh.write(text.encode(meta["encoding"]))
    assert open(base + ".txt", "rb").read().decode(meta["encoding"]) == text
    with open(base + ".json", "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
    core = {}
    for f in ofigs:
        core[f["metric"]] = core.get(f["metric"], 0) + 1
    print(f"{meta['id']}: {len(text)} chars, {len(ofigs)} figures, {len(oblanks)} blanks, metrics {core}")
    return doc


if __name__ == "__main__":
    outdir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for p in sys.argv[1:]:
        build(p, outdir)
