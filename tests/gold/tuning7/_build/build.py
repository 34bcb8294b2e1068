#!/usr/bin/env python3
"""Build tuning7 gold files from inline-markup sources (src_*.txt).

Markup (all ASCII/rare chars that never occur in the reports themselves):
  {surface|value|unit|M|subject[|flags]}  a figure. value "a~b" = range. M = metric code.
      flags: a (approx), na (not approx), min, max, nb (no bound); default inferred from surface.
  ¶                                      page-chunk break -> "\n{k}、" (running k, text starts "1、")
  <kind,M,unit,token>                     a blank at this position; kind mn|ph|mu|mt; token optional
                                          (inserted into the text for placeholders).
Every figure's offsets are computed from the rendered text and asserted.
"""
import json, re, sys, os

MET = {"P": "population.total", "W": "population.married_women", "V": "admin.villages",
       "AC": "association.count", "AM": "association.members", "MAT": "outreach.materials",
       "CON": "outreach.contraceptives", "SCR": "health.screenings", "CT": "governance.contracts",
       "TR": "training.participants", "$": "finance.money", "o": "other"}
KIND = {"mn": "missing_number", "ph": "placeholder", "mu": "missing_unit", "mt": "missing_text"}
APPROX = ("余", "多", "近", "约", "左右", "上下")
BMIN = ("以上", "超过", "逾", "不低于", "不少于")
BMAX = ("以下", "以内", "不超过", "不足")


class R:
    def __init__(self):
        self.out, self.page, self.blanks, self.figs = [], 1, [], []
        self.out.append("1、")

    def pos(self):
        return sum(len(x) for x in self.out)

    def emit(self, s):
        i = 0
        while i < len(s):
            c = s[i]
            if c == "¶":
                self.page += 1
                self.out.append(f"\n{self.page}、")
                i += 1
            elif c == "<":
                j = s.index(">", i)
                parts = s[i + 1:j].split(",")
                kind, m, unit = parts[0], parts[1], parts[2]
                tok = parts[3] if len(parts) > 3 else ""
                p = self.pos()
                self.out.append(tok)
                self.blanks.append(dict(pos=p, kind=KIND[kind], metric=MET[m], unit=unit, token=tok))
                i = j + 1
            elif c == "{":
                j = s.index("}", i)
                f = s[i + 1:j].split("|")
                surf_src, val, unit, m, subj = f[:5]
                flags = f[5].split(",") if len(f) > 5 and f[5] else []
                st = self.pos()
                self.emit(surf_src)
                en = self.pos()
                self.figs.append(dict(start=st, end=en, val=val, unit=unit, metric=MET[m],
                                      subject=subj, flags=flags, src=surf_src))
                i = j + 1
            else:
                self.out.append(c)
                i += 1


def occ(text, sub, start):
    n, i = 0, -1
    while True:
        i = text.find(sub, i + 1)
        assert i >= 0
        n += 1
        if i == start:
            return n


def build(src, doc_id, encoding, source_note):
    raw = open(src, encoding="utf-8").read()
    raw = "".join(l for l in raw.splitlines() if not l.startswith("#"))  # source lines joined
    r = R()
    r.emit(raw)
    text = "".join(r.out)
    figs = []
    for f in r.figs:
        surf = text[f["start"]:f["end"]]
        v = f["val"]
        if "~" in v:
            a, b = v.split("~")
            val, vmax = float(a), float(b)
        else:
            val, vmax = float(v), None
        val = int(val) if val == int(val) else val
        if vmax is not None and vmax == int(vmax):
            vmax = int(vmax)
        fl = f["flags"]
        approx = any(q in surf for q in APPROX)
        if "a" in fl: approx = True
        if "na" in fl: approx = False
        bound = "min" if any(q in surf for q in BMIN) else ("max" if any(q in surf for q in BMAX) else None)
        if "min" in fl: bound = "min"
        if "max" in fl: bound = "max"
        if "nb" in fl: bound = None
        assert text[f["start"]:f["end"]] == surf
        figs.append(dict(surface=surf, occurrence=occ(text, surf, f["start"]), value=val, value_max=vmax,
                         unit=f["unit"], approx=approx, bound=bound, subject=f["subject"],
                         metric=f["metric"], start=f["start"], end=f["end"]))
    blanks = []
    for b in r.blanks:
        p, tok = b["pos"], b["token"]
        before = text[max(0, p - 6):p]
        after = text[p + len(tok):p + len(tok) + 5]
        anchor = before + tok + after
        o = occ(text, anchor, p - len(before))
        d = dict(before=before, after=after, kind=b["kind"], unit=b["unit"], metric=b["metric"])
        if tok:
            d["token"] = tok
        if o != 1:
            d["occurrence"] = o
        d["start"], d["end"] = p, p + len(tok)
        assert text[p:p + len(tok)] == tok
        blanks.append(d)
    doc = dict(id=doc_id, source=source_note, encoding=encoding, text=text, figures=figs, blanks=blanks)
    return doc, text


def report(doc):
    text = doc["text"]
    cov = [False] * len(text)
    for f in doc["figures"]:
        for k in range(f["start"], f["end"]):
            cov[k] = True
    print(f"== {doc['id']}: {len(text)} chars, {len(doc['figures'])} figures, {len(doc['blanks'])} blanks")
    # page chunk lengths
    chunks = re.split(r"\n\d+、", text)
    print("   chunk lengths:", [len(c) for c in chunks])
    # uncovered Arabic numbers
    for m in re.finditer(r"[0-9０-９][0-9０-９.]*", text):
        if not any(cov[m.start():m.end()]):
            ctx = text[max(0, m.start() - 8):m.end() + 8].replace("\n", "⏎")
            print("   UNCOVERED-ARABIC", repr(m.group()), ctx)
    for m in re.finditer(r"[一二三四五六七八九十百千万两〇零]+(?=[个人名份户次盒只期场条张间台套对元例块支])", text):
        if not any(cov[m.start():m.end()]):
            ctx = text[max(0, m.start() - 8):m.end() + 8].replace("\n", "⏎")
            print("   uncovered-cn", repr(m.group()), ctx)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = os.path.dirname(here)
    specs = json.load(open(os.path.join(here, "specs.json"), encoding="utf-8"))
    for sp in specs:
        doc, text = build(os.path.join(here, sp["src"]), sp["id"], sp["encoding"], sp["source"])
        with open(os.path.join(outdir, sp["id"] + ".txt"), "w", encoding=sp["encoding"], newline="") as fh:
            fh.write(text)
        back = open(os.path.join(outdir, sp["id"] + ".txt"), encoding=sp["encoding"], newline="").read()
        assert back == text
        with open(os.path.join(outdir, sp["id"] + ".json"), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
        report(doc)
        if "-v" in sys.argv:
            for f in doc["figures"]:
                print("   ", f["metric"][:14].ljust(14), repr(f["surface"]), f["value"], f["value_max"], f["unit"],
                      f["approx"], f["bound"], f["subject"])
            for b in doc["blanks"]:
                print("    BLANK", b["kind"], repr(b["before"] + "⟨" + b.get("token", "") + "⟩" + b["after"]), b["metric"])
