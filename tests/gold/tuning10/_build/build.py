#!/usr/bin/env python3
"""Build the tuning10 gold files from inline-marked sources (src/*.txt).

Source format (one paragraph per line; lines are joined with a single space, the way the
document site turns paragraph breaks into spaces):
  {surface|value|unit|subject|metric}      a figure; value may be "a~b" for a range
  [kind;unit;metric;token]                 a blank at this spot (token is printed into the text)
      kind: mn missing_number, ph placeholder, mu missing_unit, mt missing_text
  A blank may sit inside a figure's surface ({98[mu;%;o]以上|98||签订率|o}).
  Lines starting with '#' are comments.
The rendered body is then cut into fixed-size page chunks, each prefixed "N、" and joined with
"\n" (as the document site serves them). All offsets are computed here, never by hand, and every
surface / anchor is asserted against the final text.

usage: build.py            (writes ../<id>.txt and ../<id>.json, prints a review listing)
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

# id, source file, chunk size (characters of body per page chunk)
DOCS = [
    ("tuning10_01", "f1.txt", 300),
    ("tuning10_02", "f2.txt", 300),
    ("tuning10_03", "f3.txt", 300),
    ("tuning10_04", "f4.txt", 300),
]
if len(sys.argv) > 1:  # allow overriding chunk sizes: build.py 300 290 310 300
    DOCS = [(d[0], d[1], int(c)) for d, c in zip(DOCS, sys.argv[1:])] + DOCS[len(sys.argv) - 1:]

METRICS = {
    "pop": "population.total", "mw": "population.married_women", "vil": "admin.villages",
    "ac": "association.count", "am": "association.members", "mat": "outreach.materials",
    "con": "outreach.contraceptives", "scr": "health.screenings", "ctr": "governance.contracts",
    "trn": "training.participants", "fin": "finance.money", "o": "other", "": "other",
}
KINDS = {"mn": "missing_number", "ph": "placeholder", "mu": "missing_unit", "mt": "missing_text"}
APPROX = ("余", "多", "近", "约", "左右", "上下")
BOUND_MIN = ("以上", "超过", "逾", "不低于", "不少于")
BOUND_MAX = ("以下", "以内", "不超过", "不足", "不到")

FIG_RE = re.compile(r"\{([^{}]*)\}")
BLANK_RE = re.compile(r"\[([a-z]{2})(?:;([^\];]*))?(?:;([^\];]*))?(?:;([^\]]*))?\]")


def render(src):
    """Return body text, figures [(start, end, fields)], blanks [(pos, token, fields)]."""
    body, figs, blanks = [], [], []
    pos = 0

    def emit_plain(s):
        nonlocal pos
        # plain text may contain blanks
        last = 0
        for m in BLANK_RE.finditer(s):
            body.append(s[last:m.start()])
            pos += m.start() - last
            kind, unit, metric, token = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4) or ""
            blanks.append((pos, token, dict(kind=KINDS[kind], unit=unit, metric=METRICS[metric])))
            body.append(token)
            pos += len(token)
            last = m.end()
        body.append(s[last:])
        pos += len(s) - last

    last = 0
    for m in FIG_RE.finditer(src):
        emit_plain(src[last:m.start()])
        parts = m.group(1).split("|")
        assert len(parts) == 5, parts
        start = pos
        emit_plain(parts[0])
        figs.append((start, pos, parts))
        last = m.end()
    emit_plain(src[last:])
    text = "".join(body)
    assert "{" not in text and "}" not in text and "[" not in text and "]" not in text and "|" not in text, \
        [text[max(0, i - 20):i + 20] for i, c in enumerate(text) if c in "{}[]|"]
    return text, figs, blanks


def chunk(body, size):
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    prefixes = [f"{k + 1}、" for k in range(len(pieces))]
    final = "\n".join(p + s for p, s in zip(prefixes, pieces))
    cum, acc = [], 0
    for k, p in enumerate(prefixes):
        acc += len(p) + (1 if k else 0)
        cum.append(acc)

    def mp(i):  # body index -> final index of the same character
        if i >= len(body):
            return len(final)
        k = i // size
        return i + cum[k]

    for i in range(0, len(body), 37):
        assert final[mp(i)] == body[i]
    return final, mp


def find_nth(text, sub, n):
    i = -1
    for _ in range(n):
        i = text.find(sub, i + 1)
        if i < 0:
            return -1
    return i


def occurrence_of(text, sub, at):
    n, i = 0, -1
    while True:
        i = text.find(sub, i + 1)
        assert i >= 0, (sub, at)
        n += 1
        if i == at:
            return n


def parse_value(v):
    if "~" in v:
        a, b = v.split("~")
        return num(a), num(b)
    return num(v), None


def num(s):
    f = float(s)
    return int(f) if f.is_integer() and "." not in s else f


def build(doc_id, srcname, size):
    lines = [ln.rstrip("\n") for ln in open(os.path.join(HERE, "src", srcname), encoding="utf-8")]
    lines = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    src = " ".join(ln.strip() for ln in lines)
    body, bfigs, bblanks = render(src)
    final, mp = chunk(body, size)
    figures, blanks = [], []
    for (s, e, (surf_src, value, unit, subject, metric)) in bfigs:
        fs, fe = mp(s), mp(e - 1) + 1
        surface = final[fs:fe]
        flat = re.sub(r"\n\d+、", "", surface)
        val, vmax = parse_value(value)
        approx = any(q in flat for q in APPROX)
        bound = "min" if any(q in flat for q in BOUND_MIN) else "max" if any(q in flat for q in BOUND_MAX) else None
        occ = occurrence_of(final, surface, fs)
        assert find_nth(final, surface, occ) == fs
        assert final[fs:fe] == surface
        nxt, prv = final[fe:fe + 2], final[max(0, fs - 2):fs]
        if nxt[:1] in ("余", "多") or nxt in ("左右", "以上", "以下", "以内", "上下") or prv[-1:] in ("近", "约", "逾") \
                or prv in ("超过", "不足", "不到"):
            print("   WARN qualifier outside surface:", repr(prv), repr(surface), repr(nxt))
        figures.append(dict(surface=surface, occurrence=occ, value=val, value_max=vmax, unit=unit,
                            approx=approx, bound=bound, subject=subject, metric=METRICS[metric],
                            start=fs, end=fe))
    for (p, token, f) in bblanks:
        bs = mp(p) if not token else mp(p)
        be = bs + len(token)
        assert final[bs:be] == token, (final[bs - 5:be + 5], token)
        before = final[max(0, bs - 6):bs]
        after = final[be:be + 6]
        anchor = before + token + after
        occ = occurrence_of(final, anchor, bs - len(before))
        b = dict(before=before, after=after, kind=f["kind"])
        if token:
            b["token"] = token
        b.update(unit=f["unit"], metric=f["metric"])
        if occ != 1:
            b["occurrence"] = occ
        b.update(start=bs, end=be)
        assert find_nth(final, anchor, occ) + len(before) == bs
        blanks.append(b)
    figures.sort(key=lambda f: f["start"])
    blanks.sort(key=lambda b: b["start"])
    doc = dict(id=doc_id, source=f"tuning10/_build/src/{srcname} (synthetic, written for report_miner tuning)",
               encoding="utf-8", chunk_size=size, text=final, figures=figures, blanks=blanks)
    with open(os.path.join(OUT, doc_id + ".txt"), "w", encoding="utf-8", newline="") as fh:
        fh.write(final)
    assert open(os.path.join(OUT, doc_id + ".txt"), encoding="utf-8", newline="").read() == final
    with open(os.path.join(OUT, doc_id + ".json"), "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return doc


def review(doc):
    t = doc["text"]
    covered = [False] * len(t)
    for f in doc["figures"]:
        for i in range(f["start"], f["end"]):
            covered[i] = True
    cuts = [f for f in doc["figures"] if "\n" in f["surface"]]
    in_digit = [f for f in cuts if re.search(r"[0-9０-９〇一二三四五六七八九十百千万两,.]\n\d+、[0-9０-９〇一二三四五六七八九十百千万两,.]", f["surface"])]
    print(f"== {doc['id']}: {len(t)} chars, chunk {doc['chunk_size']}, {len(doc['figures'])} figures, "
          f"{len(doc['blanks'])} blanks, {len(cuts)} cut figures ({len(in_digit)} cut inside the number)")
    for f in cuts:
        print("   CUT", repr(f["surface"]), f["value"])
    # chunk boundaries: show context so cuts can be reviewed
    # uncovered digits (after removing chunk prefixes) for review
    for m in re.finditer(r"[0-9０-９]+|[〇一二三四五六七八九十百千万两零]+(?=[个人名份户次期场盒元条项块村组％%对位间台套张只例届])", t):
        if any(covered[m.start():m.end()]):
            continue
        if re.match(r"\d+、", t[m.start():m.end() + 1]) and (m.start() == 0 or t[m.start() - 1] == "\n"):
            continue
        ctx = t[max(0, m.start() - 8):m.end() + 6].replace("\n", "⏎")
        print("   uncovered:", m.group(0), "|", ctx)


if __name__ == "__main__":
    for doc_id, srcname, size in DOCS:
        d = build(doc_id, srcname, size)
        review(d)
