#!/usr/bin/env python3
"""Build tuning12 gold files from inline-marked sources (src_*.txt).

Markup (only in sources, stripped from output):
  {surface|value|unit|metric|subject[|flags]}  figure. value "a-b" = range; unit "" allowed.
      metric short names see M. flags: comma list of approx / exact / min / max / none
      (default: approx from 余多近约左右上下来几出头; bound from 以上/超过/逾/不低于 | 以下/以内/不超过/不足).
  [n:unit:metric]   missing_number blank (zero width) at this spot
  [u:unit:metric]   missing_unit blank (zero width) at this spot (may sit inside a figure surface)
  [t]               missing_text blank (zero width)
  [t:TOKEN]         missing_text blank whose drafting token stays in the text
  [p:TOKEN]         placeholder; TOKEN is emitted into the text
  ¦                 forced page-chunk boundary (not emitted)
  lines starting with # are comments; newlines in the source are dropped (the body is one stream).
Page chunks: "1、" + ~300 chars, then "\\nN、" + next chunk ..., as in the corpus file.
"""
import json, re, sys, os, unicodedata

M = {"pop": "population.total", "mw": "population.married_women", "vil": "admin.villages",
     "assoc": "association.count", "mem": "association.members", "mat": "outreach.materials",
     "con": "outreach.contraceptives", "scr": "health.screenings", "ctr": "governance.contracts",
     "trn": "training.participants", "money": "finance.money", "o": "other"}
KIND = {"n": "missing_number", "u": "missing_unit", "t": "missing_text", "p": "placeholder"}
CHUNK, SLACK = 300, 35


def parse(src):
    out, figs, blanks, cuts = [], [], [], []
    i, n = 0, len(src)
    pos = lambda: len(out)

    def blank(j):
        k = src.index("]", j)
        parts = src[j + 1:k].split(":")
        kind = KIND[parts[0]]
        b = {"kind": kind, "pstart": pos()}
        if kind == "placeholder" or (kind == "missing_text" and len(parts) > 1):
            tok = parts[1]
            b["token"] = tok
            out.extend(tok)
            b["unit"], b["metric"] = "", "other"
        elif kind == "missing_text":
            b["token"] = ""
            b["unit"], b["metric"] = "", "other"
        else:
            b["token"] = ""
            b["unit"] = parts[1]
            b["metric"] = M[parts[2]] if len(parts) > 2 else "other"
        b["pend"] = pos()
        blanks.append(b)
        return k + 1

    while i < n:
        c = src[i]
        if c == "{":
            st = pos()
            i += 1
            while src[i] != "|":
                if src[i] == "[":
                    i = blank(i)
                elif src[i] == "¦":
                    cuts.append(pos()); i += 1
                else:
                    out.append(src[i]); i += 1
            k = src.index("}", i)
            attrs = src[i + 1:k].split("|")
            figs.append({"pstart": st, "pend": pos(), "attrs": attrs})
            i = k + 1
        elif c == "[":
            i = blank(i)
        elif c == "¦":
            cuts.append(pos()); i += 1
        else:
            out.append(c); i += 1
    return "".join(out), figs, blanks, cuts


def boundaries(n, cuts):
    bs, p = [], 0
    cuts = sorted(cuts)
    while n - p > CHUNK + SLACK:
        forced = [c for c in cuts if p + CHUNK - SLACK <= c <= p + CHUNK + SLACK]
        p = forced[0] if forced else p + CHUNK
        bs.append(p)
    for c in cuts:
        assert c in bs, f"forced cut at {c} not realised (boundaries {bs})"
    return bs


def nth_occ(text, sub, start):
    occ, j = 0, -1
    while True:
        j = text.find(sub, j + 1)
        assert j >= 0
        occ += 1
        if j == start:
            return occ


def fig_record(plain, f, final, ms, me):
    surf_plain = plain[f["pstart"]:f["pend"]]
    a = f["attrs"]
    value, unit, metric, subject = a[0], a[1], M[a[2]], a[3]
    flags = a[4].split(",") if len(a) > 4 and a[4] else []
    if "-" in value[1:]:
        lo, hi = value.split("-")
        v, vmax = float(lo), float(hi)
    else:
        v, vmax = float(value), None
    v = int(v) if v == int(v) and "." not in value else v
    if vmax is not None and vmax == int(vmax):
        vmax = int(vmax)
    approx = any(q in surf_plain for q in ["余", "多", "近", "约", "左右", "上下", "来", "几", "出头"])
    if "approx" in flags: approx = True
    if "exact" in flags: approx = False
    bound = None
    if any(q in surf_plain for q in ["以上", "超过", "逾", "不低于"]): bound = "min"
    if any(q in surf_plain for q in ["以下", "以内", "不超过", "不足"]): bound = "max"
    for fl in ("min", "max"):
        if fl in flags: bound = fl
    if "none" in flags: bound = None
    s, e = ms(f["pstart"]), me(f["pend"])
    surface = final[s:e]
    return {"surface": surface, "occurrence": nth_occ(final, surface, s), "value": v,
            "value_max": vmax, "unit": unit, "approx": approx, "bound": bound,
            "subject": subject, "metric": metric, "start": s, "end": e}


def build(name, src_path, outdir, source_note):
    raw = open(src_path, encoding="utf-8").read()
    src = "".join(l for l in raw.split("\n") if not l.startswith("#"))
    plain, figs, blanks, cuts = parse(src)
    bs = boundaries(len(plain), cuts)
    chunks, prev = [], 0
    for b in bs + [len(plain)]:
        chunks.append(plain[prev:b]); prev = b
    prefixes = [f"{k + 1}、" if k == 0 else f"\n{k + 1}、" for k in range(len(chunks))]
    final = "".join(p + c for p, c in zip(prefixes, chunks))
    plen = [len(p) for p in prefixes]
    starts = [0] + bs

    def ms(p):  # position of plain char p (prefix before it belongs in front)
        return p + sum(l for b, l in zip(starts, plen) if b <= p)

    def me(p):  # end offset: prefix at exactly p is not included
        return p + sum(l for b, l in zip(starts, plen) if b < p)

    recs = [fig_record(plain, f, final, ms, me) for f in figs]
    brecs = []
    for b in blanks:
        s = ms(b["pstart"])
        e = s + len(b["token"])
        before = final[max(0, s - 6):s]
        after = final[e:e + 6]
        anchor = before + b["token"] + after
        r = {"before": before, "after": after, "kind": b["kind"]}
        if b["kind"] == "placeholder" or b["token"]:
            r["token"] = b["token"]
        r.update(unit=b["unit"], metric=b["metric"], occurrence=nth_occ(final, anchor, s - len(before)),
                 start=s, end=e)
        brecs.append(r)
    # checks
    for r in recs:
        assert final[r["start"]:r["end"]] == r["surface"], r
        j = -1
        for _ in range(r["occurrence"]):
            j = final.find(r["surface"], j + 1)
        assert j == r["start"], r
    for r in brecs:
        anchor = r["before"] + r.get("token", "") + r["after"]
        j = -1
        for _ in range(r["occurrence"]):
            j = final.find(anchor, j + 1)
        assert j + len(r["before"]) == r["start"], r
    assert "{" not in final and "[" not in final and "|" not in final and "¦" not in final
    doc = {"id": name, "source": source_note, "encoding": "utf-8", "text": final,
           "figures": recs, "blanks": brecs}
    with open(os.path.join(outdir, name + ".txt"), "w", encoding="utf-8", newline="") as fh:
        fh.write(final)
    assert open(os.path.join(outdir, name + ".txt"), encoding="utf-8", newline="").read() == final
    with open(os.path.join(outdir, name + ".json"), "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
    cut = [r["surface"] for r in recs if "\n" in r["surface"]]
    lines = [len(l) for l in final.split("\n")]
    print(f"{name}: {len(final)} chars, {len(recs)} figures, {len(brecs)} blanks, "
          f"core {sum(r['metric'] != 'other' for r in recs)}, cut figures {cut}, line lengths {lines}")
    return doc


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = os.path.dirname(here)
    names = sys.argv[1:] or sorted(f[4:-4] for f in os.listdir(here) if f.startswith("src_"))
    for nm in names:
        build(nm, os.path.join(here, f"src_{nm}.txt"), outdir,
              f"synthetic, written for tuning12 (_build/src_{nm}.txt)")
