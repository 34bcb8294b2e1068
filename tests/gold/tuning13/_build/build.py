#!/usr/bin/env python3
"""Build tuning13 gold files from inline-marked reports (reports.py).
Markup: [[surface|value|unit|subject|metric|flags]] figure (flags: a=approx, min/max=bound, r=N value_max)
        <<mn|unit|metric>> missing_number slot, <<ph|TOKEN>> placeholder (token emitted),
        <<mt>> missing_text slot, <<mu|unit>> missing_unit slot (may sit inside a figure surface).
Reports are glued like the document site does (space + 第N篇:title title), then split into page
chunks of ~300 chars prefixed "N、"; exactly two chunk boundaries are placed inside multi-digit
Arabic numbers per file; no other figure / placeholder / digit run / blank slot is cut."""
import json, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reports, extend
from reports import FILES


def expand(body):
    name = [k for k in dir(reports) if getattr(reports, k) is body][0]
    for D in (extend.ADD, extend.ADD2, extend.ADD3):
        for anchor, txt in D.get(name, []):
            assert body.count(anchor) == 1, (name, anchor)
            body = body.replace(anchor, txt + anchor)
    return body

M = {"pop": "population.total", "mw": "population.married_women", "vil": "admin.villages",
     "ac": "association.count", "am": "association.members", "mat": "outreach.materials",
     "con": "outreach.contraceptives", "scr": "health.screenings", "ctr": "governance.contracts",
     "trn": "training.participants", "money": "finance.money", "o": "other"}
KIND = {"mn": "missing_number", "ph": "placeholder", "mt": "missing_text", "mu": "missing_unit"}
NUMCH = set("0123456789.一二三四五六七八九十百千万两〇零")
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse(src):
    out, figs, blanks, stack, i = [], [], [], [], 0
    pos = lambda: len(out)
    while i < len(src):
        if src.startswith("[[", i):
            stack.append(pos()); i += 2
        elif src.startswith("<<", i):
            j = src.index(">>", i); parts = src[i + 2:j].split("|"); i = j + 2
            k = parts[0]; b = {"kind": KIND[k], "start": pos()}
            if k == "ph":
                out.extend(parts[1]); b.update(token=parts[1], unit="", metric="other")
            elif k == "mn":
                b.update(unit=parts[1], metric=M[parts[2]])
            elif k == "mu":
                b.update(unit=parts[1], metric="other")
            else:
                b.update(unit="", metric="other")
            b["end"] = pos(); blanks.append(b)
        elif src[i] == "|" and stack:
            j = src.index("]]", i); a = src[i + 1:j].split("|"); i = j + 2
            s = stack.pop(); surf = "".join(out[s:])
            val = float(a[0]); val = int(val) if val == int(val) and "." not in a[0] else val
            f = {"surface": surf, "value": val, "value_max": None, "unit": a[1], "approx": False,
                 "bound": None, "subject": a[2], "metric": M[a[3]], "start": s, "end": pos()}
            for fl in (a[4].split(",") if len(a) > 4 and a[4] else []):
                if fl == "a": f["approx"] = True
                elif fl in ("min", "max"): f["bound"] = fl
                elif fl.startswith("r="): f["value_max"] = float(fl[2:]) if "." in fl else int(fl[2:])
                else: raise ValueError(fl)
            figs.append(f)
        else:
            out.append(src[i]); i += 1
    assert not stack, src[:40]
    return "".join(out), figs, blanks


def chunk(plain, figs, blanks, ncut=2, size=300, slack=12):
    def inside_fig(c):
        return any(f["start"] < c < f["end"] for f in figs)
    def digit_cut(c):
        return 0 < c < len(plain) and plain[c - 1] in NUMCH and plain[c] in NUMCH
    def ph_or_slot(c):
        return any(b["start"] < c < b["end"] or b["start"] == c or b["end"] == c for b in blanks)
    def ok(c):
        return not inside_fig(c) and not digit_cut(c) and not ph_or_slot(c)
    def designated(c):
        return (plain[c - 1].isdigit() and plain[c].isdigit() and plain[c - 1] in "0123456789"
                and plain[c] in "0123456789" and any(f["start"] < c < f["end"] and f["unit"] for f in figs))
    bounds, p, cuts = [], 0, []
    while len(plain) - p > size + 120:
        t = p + size
        cands = [c for c in range(t - 2 * slack, t + 2 * slack + 1) if designated(c)] if len(cuts) < ncut else []
        # spread cuts: second cut only after the first third of the text
        if cands and (not cuts or t - cuts[-1] > len(plain) // 3):
            c = min(cands, key=lambda c: abs(c - t)); cuts.append(c)
        else:
            c = min((c for c in range(t - slack, t + slack + 1) if ok(c)), key=lambda c: abs(c - t))
        bounds.append(c); p = c
    return bounds, cuts


def build(spec):
    parts, figs, blanks, off = [], [], [], 0
    for n, rep in enumerate(spec["reports"]):
        head = rep["title"] + " " if n == 0 else f" 第{'一二三四五'[n]}篇:" + rep["title"] + rep.get("dup", rep["title"]) + " "
        t, fs, bs = parse(expand(rep["body"]))
        base = off + len(head)
        for f in fs: f["start"] += base; f["end"] += base
        for b in bs: b["start"] += base; b["end"] += base
        parts.append(head + t); figs += fs; blanks += bs; off += len(head) + len(t)
    plain = "".join(parts)
    bounds, cuts = chunk(plain, figs, blanks)
    if len(cuts) != 2:
        near = [(f["surface"], f["start"]) for f in figs if any(abs(f["start"] - (b)) < 40 for b in bounds)]
        raise SystemExit(f"{spec['id']}: only {len(cuts)} cuts; bounds={bounds} near={near}")
    text, prev = [], 0
    for k, b in enumerate(bounds + [len(plain)]):
        text.append(("" if k == 0 else "\n") + f"{k + 1}、" + plain[prev:b]); prev = b
    text = "".join(text)
    def mp(i, is_end):
        add = 2
        for k, b in enumerate(bounds):
            if b < i or (b == i and not is_end):
                add += len(f"\n{k + 2}、")
        return i + add
    for f in figs:
        f["start"], f["end"] = mp(f["start"], False), mp(f["end"], True)
        assert text[f["start"]:f["end"]].replace("\n", "") .startswith(f["surface"][:1])
        f["surface"] = text[f["start"]:f["end"]]
        f["occurrence"] = sum(1 for m in re.finditer("(?=" + re.escape(f["surface"]) + ")", text) if m.start() <= f["start"])
    for b in blanks:
        s, e = mp(b["start"], False), mp(b["end"], True) if b["end"] > b["start"] else mp(b["start"], False)
        b["start"], b["end"] = s, e
        tok = b.get("token", "")
        assert text[s:e] == tok
        for k in range(5, 12):
            bef, aft = text[max(0, s - k):s], text[e:e + k]
            anchor = bef + tok + aft
            occ = [m.start() for m in re.finditer("(?=" + re.escape(anchor) + ")", text)]
            if len(occ) == 1 or k == 11:
                break
        b["before"], b["after"] = bef, aft
        b["occurrence"] = occ.index(s - len(bef)) + 1
    cut_surfs = [f["surface"] for f in figs if "\n" in f["surface"]]
    assert len(cut_surfs) == 2, cut_surfs
    for f in figs:
        assert text[f["start"]:f["end"]] == f["surface"]
    order = ["surface", "occurrence", "value", "value_max", "unit", "approx", "bound", "subject", "metric", "start", "end"]
    figs = [{k: f[k] for k in order} for f in sorted(figs, key=lambda f: f["start"])]
    border = ["before", "token", "after", "occurrence", "kind", "unit", "metric", "start", "end"]
    blanks = [{k: b[k] for k in border if k in b} for b in sorted(blanks, key=lambda b: b["start"])]
    doc = {"id": spec["id"], "source": spec["id"] + ".txt", "encoding": spec["encoding"], "text": text,
           "figures": figs, "blanks": blanks}
    with open(os.path.join(OUT, spec["id"] + ".txt"), "wb") as fh:
        fh.write(text.encode(spec["encoding"]))
    with open(os.path.join(OUT, spec["id"] + ".json"), "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
    raw = open(os.path.join(OUT, spec["id"] + ".txt"), "rb").read().decode(spec["encoding"])
    assert raw == text
    lens = [len(x) for x in text.split("\n")]
    rep_starts = [m.start() for m in re.finditer("第[二三]篇:", text)]
    print(f"{spec['id']}: {len(text)} chars, {len(figs)} figures, {len(blanks)} blanks, chunks={len(lens)} "
          f"lens={min(lens)}-{max(lens[:-1])}/{lens[-1]} cuts={cut_surfs!r} reports@{rep_starts}")
    return doc


if __name__ == "__main__":
    for spec in FILES:
        build(spec)
