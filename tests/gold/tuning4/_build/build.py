#!/usr/bin/env python3
"""Build tuning4 gold files from inline markup.

Markup:
  {surface|value|unit|flags|subject|metric}   figure; flags comma list: a (approx), min, max,
                                               vm=N (value_max), mu=% (missing unit; '^' in surface
                                               marks the slot); '¦' inside surface = forced page break
  <n:unit:metric>   missing_number slot          <t>  missing_text slot
  <p:TOKEN>         placeholder token (metric other)
  ¦                 forced page-chunk break
Auto page-chunk breaks are inserted every ~270-330 chars, never next to a digit/numeral and never
inside a figure span.
"""
import json, os, random, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))

MET = dict(pop="population.total", mw="population.married_women", vil="admin.villages",
           ac="association.count", am="association.members", mat="outreach.materials",
           con="outreach.contraceptives", scr="health.screenings", ctr="governance.contracts",
           trn="training.participants", fin="finance.money", o="other")
NUMCH = set("0123456789.零一二三四五六七八九十百千万萬两兩〇○%‰")


def num(s):
    v = float(s)
    return int(v) if ("." not in s and v.is_integer()) else v


def parse(src):
    """-> plain (with '¦' kept as forced breaks), figs, blanks (positions in plain)."""
    out, figs, blanks = [], [], []
    i = 0
    while i < len(src):
        c = src[i]
        if c == "{":
            j = src.index("}", i)
            parts = src[i + 1:j].split("|")
            assert len(parts) == 6, parts
            surf, val, unit, flags, subj, met = parts
            flags = [f for f in flags.split(",") if f]
            f = dict(value=num(val), value_max=None, unit=unit, approx=False, bound=None,
                     subject=subj, metric=MET[met])
            mu = None
            for fl in flags:
                if fl == "a":
                    f["approx"] = True
                elif fl in ("min", "max"):
                    f["bound"] = fl
                elif fl.startswith("vm="):
                    f["value_max"] = num(fl[3:])
                elif fl.startswith("mu="):
                    mu = fl[3:]
                else:
                    raise ValueError(fl)
            start = len("".join(out))
            if mu is not None:
                k = surf.index("^")
                blanks.append(dict(kind="missing_unit", unit=mu, metric="other", pos=start + k, tok=""))
                surf = surf.replace("^", "")
            else:
                assert "^" not in surf
            out.append(surf)
            f["pstart"], f["pend"] = start, start + len(surf)
            figs.append(f)
            i = j + 1
        elif c == "<":
            j = src.index(">", i)
            body = src[i + 1:j].split(":")
            pos = len("".join(out))
            if body[0] == "n":
                blanks.append(dict(kind="missing_number", unit=body[1], metric=MET[body[2]], pos=pos, tok=""))
            elif body[0] == "t":
                blanks.append(dict(kind="missing_text", unit="", metric="other", pos=pos, tok=""))
            elif body[0] == "p":
                blanks.append(dict(kind="placeholder", unit="", metric="other", pos=pos, tok=body[1]))
                out.append(body[1])
            else:
                raise ValueError(body)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out), figs, blanks


def paginate(plain, figs, seed):
    rng = random.Random(seed)
    inside = set()
    for f in figs:
        inside.update(range(f["pstart"] + 1, f["pend"]))
    res, mp, n, since, target = ["1、"], {}, 1, 0, rng.randint(270, 330)
    for k, c in enumerate(plain):
        if c == "¦":
            n += 1
            res.append(f"\n{n}、")
            since, target = 0, rng.randint(270, 330)
            mp[k] = len("".join(res))
            continue
        if since >= target and k not in inside and k > 0 and plain[k - 1] not in NUMCH \
                and c not in NUMCH and plain[k - 1] not in "¦篇" and c != " ":
            n += 1
            res.append(f"\n{n}、")
            since, target = 0, rng.randint(270, 330)
        mp[k] = len("".join(res))
        res.append(c)
        since += 1
    mp[len(plain)] = len("".join(res))
    return "".join(res), mp


def find_nth(text, sub, n):
    i = -1
    for _ in range(n):
        i = text.find(sub, i + 1)
        if i < 0:
            return -1
    return i


def occ_of(text, sub, start):
    n, i = 0, -1
    while True:
        i = text.find(sub, i + 1)
        assert i >= 0, (sub, start)
        n += 1
        if i == start:
            return n


def build(name, doc_id, enc, seed, source):
    src = open(os.path.join(HERE, f"{name}.src"), encoding="utf-8").read().strip()
    src = " ".join(l.strip() for l in src.splitlines() if l.strip())   # one source line = paragraph
    plain, figs, blanks = parse(src)
    text, mp = paginate(plain, figs, seed)
    gf = []
    for f in figs:
        s, e = mp[f["pstart"]], mp[f["pend"] - 1] + 1
        surf = text[s:e]
        occ = occ_of(text, surf, s)
        assert find_nth(text, surf, occ) == s
        g = dict(surface=surf, occurrence=occ)
        g.update({k: f[k] for k in ("value", "value_max", "unit", "approx", "bound", "subject", "metric")})
        g.update(start=s, end=e)
        gf.append(g)
    gb = []
    for b in blanks:
        p = mp[b["pos"]]
        tok = b["tok"]
        if tok:
            assert text[p:p + len(tok)] == tok
        best = None
        for lb in range(4, 9):
            for la in range(4, 9):
                before = text[max(0, p - lb):p]
                after = text[p + len(tok):p + len(tok) + la]
                anchor = before + tok + after
                if text.count(anchor) == 1 and "¦" not in anchor:
                    best = (before, after)
                    break
            if best:
                break
        if best is None:
            before, after = text[max(0, p - 6):p], text[p + len(tok):p + len(tok) + 5]
            occ = occ_of(text, before + tok + after, p - len(before))
        else:
            (before, after), occ = best, 1
        d = dict(before=before, after=after, kind=b["kind"])
        if tok:
            d["token"] = tok
        d.update(unit=b["unit"], metric=b["metric"])
        if occ != 1:
            d["occurrence"] = occ
        d.update(start=p, end=p + len(tok))
        assert find_nth(text, before + tok + after, occ) + len(before) == p
        gb.append(d)
    gb.sort(key=lambda d: d["start"])
    raw = text.encode(enc)            # strict: fails on any char the encoding lacks
    assert raw.decode(enc) == text
    base = os.path.join(os.path.dirname(HERE), doc_id)
    open(base + ".txt", "wb").write(raw)
    doc = dict(id=doc_id, source=source, encoding=enc, text=raw.decode(enc), figures=gf, blanks=gb)
    json.dump(doc, open(base + ".json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    cuts = [g["surface"] for g in gf if "\n" in g["surface"]]
    print(f"{doc_id}: {len(text)} chars, {text.count(chr(10)) + 1} chunks, {len(gf)} figures, "
          f"{len(gb)} blanks, cut figures {cuts}")


if __name__ == "__main__":
    SPECS = {
        "f1": ("tuning4_01_xiehui_jingyan", "utf-8", 41),
        "f2": ("tuning4_02_cunmin_zizhi", "utf-8", 42),
        "f3": ("tuning4_03_big5_zhen_bannian", "big5", 43),
        "f4": ("tuning4_04_gb18030_xian_xiehui", "gb18030", 44),
    }
    for name in sys.argv[1:]:
        doc_id, enc, seed = SPECS[name]
        build(name, doc_id, enc, seed, f"synthetic, hand-written for tuning4 ({doc_id}.txt, {enc})")
