#!/usr/bin/env python3
"""Build tuning11 gold files from inline-marked sources (*.src in this folder).

Source format (one block per line; blank lines and lines starting with ';' ignored):
  T <text>    title / own line, no indent
  S <text>    salutation / signature / date line, no indent
  H <text>    heading on its own line, no indent
  HI <text>   heading on its own line, indented with two full-width spaces
  P <text>    paragraph: "　　" + text

Inline markup (never spans blocks):
  【surface|value|unit|flags|subject|metric】   a figure. value may be "a-b" (range).
      flags: '~' approx, '+' bound min, '-' bound max.  surface may contain 〖mu:UNIT〗.
  〖mn:UNIT:METRIC〗   missing_number slot (empty in text)
  〖ph:TOKEN〗         placeholder; TOKEN is written into the text
  〖mu:UNIT〗          missing_unit slot (empty in text)
  〖mt〗               missing_text slot (empty in text)

Pipeline: parse markup -> unwrapped plain text with spans -> hard-wrap every block at a
fixed width W (indent counts) -> insert running page header/footer lines every L body
lines -> carry every plain offset to the output -> surfaces/anchors are cut from the
output text (so they contain the line breaks / page furniture that fall inside them).
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUTDIR = os.path.dirname(HERE)

METRICS = {"pop": "population.total", "mw": "population.married_women", "vil": "admin.villages",
           "ac": "association.count", "am": "association.members", "mat": "outreach.materials",
           "con": "outreach.contraceptives", "scr": "health.screenings",
           "ctr": "governance.contracts", "trn": "training.participants", "fin": "finance.money",
           "o": "other"}
KINDS = {"mn": "missing_number", "ph": "placeholder", "mu": "missing_unit", "mt": "missing_text"}
INDENT = "\u3000\u3000"


def parse_blanks(s, plain_start, blanks):
    """Expand 〖..〗 in s; return plain string; append blanks with plain positions."""
    out = []
    i = 0
    while i < len(s):
        if s[i] == "〖":
            j = s.index("〗", i)
            parts = s[i + 1:j].split(":")
            kind = KINDS[parts[0]]
            pos = plain_start + len("".join(out))
            b = {"kind": kind, "pos": pos, "token": "", "unit": "", "metric": "other"}
            if parts[0] == "mn":
                b["unit"] = parts[1]
                b["metric"] = METRICS[parts[2]] if len(parts) > 2 else "other"
            elif parts[0] == "ph":
                b["token"] = parts[1]
                b["metric"] = METRICS[parts[2]] if len(parts) > 2 else "other"
                out.append(parts[1])
            elif parts[0] == "mu":
                b["unit"] = parts[1]
            blanks.append(b)
            i = j + 1
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def parse_block(src, plain_start, figs, blanks):
    out = ""
    i = 0
    while i < len(src):
        c = src[i]
        if c == "【":
            j = src.index("】", i)
            parts = src[i + 1:j].split("|")
            assert len(parts) == 6, parts
            surf_src, val, unit, flags, subj, met = parts
            st = plain_start + len(out)
            surf = parse_blanks(surf_src, st, blanks)
            out += surf
            if "-" in val[1:]:
                a, b = val.split("-")
                v, vmax = num(a), num(b)
            else:
                v, vmax = num(val), None
            figs.append({"plain_surface": surf, "pstart": st, "pend": st + len(surf), "value": v,
                         "value_max": vmax, "unit": unit, "approx": "~" in flags,
                         "bound": "min" if "+" in flags else ("max" if "-" in flags else None),
                         "subject": subj, "metric": METRICS[met]})
            i = j + 1
        elif c == "〖":
            j = src.index("〗", i)
            out += parse_blanks(src[i:j + 1], plain_start + len(out), blanks)
            i = j + 1
        else:
            out += c
            i += 1
    return out


def num(s):
    return float(s) if "." in s else int(s)


CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
      "十": 10, "百": 100, "千": 1000, "万": 10000, "〇": 0, "零": 0}


def auto_value(surface):
    """Rough independent reading of a surface, to catch typos in the markup."""
    s = surface
    m = re.match(r"(\d+(?:\.\d+)?)(?:[-～~](\d+(?:\.\d+)?))?\s*(余|多)?(万)?", s)
    if m:
        v = float(m.group(1))
        if m.group(4):
            v *= 10000
        return v
    total, cur, sec = 0, 0, 0
    for ch in s:
        if ch not in CN:
            if ch in "余多":
                continue
            break
        n = CN[ch]
        if n >= 10000:
            total = (total + sec + cur) * n
            sec = cur = 0
        elif n >= 10:
            sec += (cur or 1) * n
            cur = 0
        else:
            cur = n
    return total + sec + cur


def build(cfg):
    lines = [l.rstrip("\n") for l in open(os.path.join(HERE, cfg["src"]), encoding="utf-8")]
    figs, blanks, blocks = [], [], []
    plain = ""
    for l in lines:
        if not l.strip() or l.startswith(";"):
            continue
        tag, _, body = l.partition(" ")
        if plain:
            plain += "\n"
        start = len(plain)
        prefix = INDENT if tag in ("P", "HI") else ""
        assert tag in ("T", "S", "H", "HI", "P"), l
        txt = prefix + parse_block(body, start + len(prefix), figs, blanks)
        blocks.append((start, txt))
        plain += txt
    W, L = cfg["width"], cfg["lines_per_page"]
    body = []  # (text, plain_start)
    for start, txt in blocks:
        for k in range(0, len(txt), W):
            body.append((txt[k:k + W], start + k))
    pages = [body[k:k + L] for k in range(0, len(body), L)]
    npages = len(pages)
    pmap = [-1] * (len(plain) + 1)
    out_lines, pos = [], 0

    def emit(t, ps=None):
        nonlocal pos
        if ps is not None:
            for n in range(len(t)):
                pmap[ps + n] = pos + n
        out_lines.append(t)
        pos += len(t) + 1

    for pno, page in enumerate(pages, 1):
        for h in cfg["header"](pno, npages):
            emit(h)
        for t, ps in page:
            emit(t, ps)
        for f in cfg["footer"](pno, npages):
            emit(f)
    text = "\n".join(out_lines) + "\n"

    def nth(sub, at):
        n, i = 0, -1
        while True:
            i = text.find(sub, i + 1)
            assert i >= 0, (sub, at)
            n += 1
            if i == at:
                return n

    ofigs = []
    for f in figs:
        s, e = pmap[f["pstart"]], pmap[f["pend"] - 1] + 1
        surf = text[s:e]
        # only line breaks / page furniture may have been inserted
        kept = "".join(text[pmap[k]] for k in range(f["pstart"], f["pend"]))
        assert kept == f["plain_surface"], (kept, f["plain_surface"])
        av = auto_value(f["plain_surface"])
        if abs(av - f["value"]) > 1e-6:
            print("  !! value check", repr(f["plain_surface"]), f["value"], av)
        ofigs.append({"surface": surf, "occurrence": nth(surf, s), "value": f["value"],
                      "value_max": f["value_max"], "unit": f["unit"], "approx": f["approx"],
                      "bound": f["bound"], "subject": f["subject"], "metric": f["metric"],
                      "start": s, "end": e})
        assert text[s:e] == surf
    oblanks = []
    for b in blanks:
        p, tok = b["pos"], b["token"]
        if tok:
            # a token cut by a line break keeps the break (same rule as figure surfaces)
            s, e = pmap[p], pmap[p + len(tok) - 1] + 1
            assert "".join(text[pmap[k]] for k in range(p, p + len(tok))) == tok
            tok = text[s:e]
        else:
            s = pmap[p - 1] + 1 if pmap[p - 1] >= 0 else pmap[p]
            e = s
        before, after = text[max(0, s - 6):s], text[e:e + 6]
        ob = {"before": before, "after": after}
        if tok:
            ob["token"] = tok
        ob.update({"kind": b["kind"], "unit": b["unit"], "metric": b["metric"],
                   "occurrence": nth(before + tok + after, s - len(before)), "start": s, "end": e})
        oblanks.append(ob)
    doc = {"id": cfg["id"], "source": cfg["source"], "encoding": cfg["encoding"], "text": text,
           "figures": ofigs, "blanks": oblanks}
    base = os.path.join(OUTDIR, cfg["id"])
    with open(base + ".txt", "w", encoding=cfg["encoding"], newline="") as fh:
        fh.write(text)
    with open(base + ".json", "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
    # round trip
    assert open(base + ".txt", encoding=cfg["encoding"], newline="").read() == text
    return doc, W, npages


def report(doc, W, npages):
    t = doc["text"]
    print(f"{doc['id']}: {len(t)} chars, width {W}, {npages} pages, "
          f"{len(doc['figures'])} figures, {len(doc['blanks'])} blanks")
    for f in doc["figures"]:
        if "\n" in f["surface"]:
            print("   split:", repr(f["surface"]), f["value"], f["unit"])
    for b in doc["blanks"]:
        print("   blank:", b["kind"], repr(b["before"] + "⟨" + b.get("token", "") + "⟩" + b["after"]))


if __name__ == "__main__":
    from configs import CONFIGS
    want = sys.argv[1:]
    for cfg in CONFIGS:
        if want and cfg["id"] not in want:
            continue
        report(*build(cfg))
