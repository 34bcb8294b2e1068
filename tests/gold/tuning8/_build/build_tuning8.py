#!/usr/bin/env python3
"""Build tuning8 gold files from inline-markup sources in src/*.src.

Markup (nothing of it reaches the text):
  [[surface]]<subject|metric|opts>   a figure; value/unit/approx/bound are derived from the
                                     surface, opts (k=v,...) override: v= vmax= u= a=0/1 b=min/max
  {n:UNIT:metric}                    missing_number slot (nothing emitted), UNIT = the measure word
                                     that follows in the text (or the intended one, see README)
  {p:TOKEN:metric}                   placeholder; TOKEN is emitted
  {u:UNIT}                           missing_unit slot after a number (UNIT = intended unit)
  {t}                                missing_text slot
  ¶                                  forced page-chunk break ("\nN、"), used to cut a number
Page-chunk breaks are also inserted automatically every ~330-400 characters at a point between
two CJK characters outside any markup; "1、" is put at the very start.
Offsets are computed here and cross-checked against validate_gold.resolve().
"""
import json, os, random, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, "/work/shared/gold")
from validate_gold import resolve  # noqa: E402

METRIC = {"pop": "population.total", "mw": "population.married_women", "vil": "admin.villages",
          "ac": "association.count", "am": "association.members", "mat": "outreach.materials",
          "con": "outreach.contraceptives", "hs": "health.screenings", "gc": "governance.contracts",
          "tp": "training.participants", "fin": "finance.money", "": "other", "o": "other"}

DOCS = [  # id, encoding, seed for automatic chunk breaks
    ("tuning8_01", "utf-8", 11),
    ("tuning8_02", "utf-8", 22),
    ("tuning8_03", "utf-8", 33),
    ("tuning8_04", "gb18030", 44),
]

UNITS = sorted("平方公里 平方米 公里 人次 台次 场次 万元 元 人 个 份 盒 次 名 户 例 条 期 场 张 间 台 套 对 亩 "
               "块 本 册 位 所 件 项 处 家 瓶 辆 ‰ %".split(), key=len, reverse=True)
CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
      "八": 8, "九": 9}


def cn_value(s):
    total, cur = 0, 0
    for ch in s:
        if ch in CN:
            cur = CN[ch]
        elif ch == "十":
            total += (cur or 1) * 10; cur = 0
        elif ch == "百":
            total += (cur or 1) * 100; cur = 0
        elif ch == "千":
            total += (cur or 1) * 1000; cur = 0
        else:
            raise ValueError(s)
    return total + cur


FIG_RE = re.compile(r"^(?P<num>[\d.]+|[零〇一二三四五六七八九十百千两]+)(?P<wan>万)?(?P<q1>余|多)?"
                    r"(?P<rest>.*)$")


def parse_surface(surface):
    s = re.sub(r"\n\d+、", "", surface)
    m = FIG_RE.match(s)
    if not m:
        raise ValueError(f"cannot parse figure {surface!r}")
    num = m.group("num")
    val = float(num) if re.match(r"[\d.]+$", num) else cn_value(num)
    rest = m.group("rest")
    unit = ""
    for u in UNITS:
        if rest.startswith(u):
            unit = u
            break
    tail = rest[len(unit):]
    if unit == "万元":
        unit, val = "元", val * 10000
    if m.group("wan"):
        val *= 10000
    approx = bool(m.group("q1")) or tail.startswith(("左右", "上下"))
    bound = "min" if tail.startswith("以上") else "max" if tail.startswith(("以下", "以内")) else None
    if isinstance(val, float) and val.is_integer() and "." not in num:
        val = int(val)
    if isinstance(val, float) and val.is_integer() and m.group("wan"):
        val = int(val)
    if unit == "" and not tail.startswith(("以上", "以下", "以内")) and tail:
        raise ValueError(f"unit not found in {surface!r}")
    return dict(value=val, unit=unit, approx=approx, bound=bound)


def plan_breaks(src, seed):
    """Raw indices after which an automatic page-chunk break goes: the stretches between
    forced breaks (and the start) are cut evenly into ~330-400-char chunks at points between
    two CJK characters outside markup; the last stretch is cut from its start on."""
    rnd = random.Random(seed)
    cjk = lambda ch: "\u4e00" <= ch <= "\u9fff"
    vis, safe, manual = 0, {}, []
    i, depth, prev = 0, 0, ""
    while i < len(src):
        c = src[i]
        if c == "¶":
            manual.append(vis); i += 1; prev = ""; continue
        if src.startswith("[[", i):
            depth += 1; i += 2; prev = ""; continue
        if src.startswith("]]", i):
            depth -= 1; i = src.index(">", i) + 1; prev = ""; continue
        if c == "{":
            j = src.index("}", i)
            parts = src[i + 1:j].split(":")
            if parts[0] == "p":
                vis += len(parts[1])
            i = j + 1; prev = ""; continue
        vis += 1
        nxt = src[i + 1] if i + 1 < len(src) else ""
        if depth == 0 and cjk(c) and cjk(nxt) and nxt not in "":
            safe[vis] = i
        i += 1
    total = vis
    cuts = []
    bounds = [0] + manual + [total]
    for a, b in zip(bounds, bounds[1:]):
        last = b == total
        L = b - a
        if last:
            targets, x = [], a
            while total - x > 420:
                x += rnd.randint(340, 400); targets.append(x)
        else:
            k = max(1, round(L / 370))
            targets = [a + L * j / k + rnd.randint(-20, 20) for j in range(1, k)]
        for t in targets:
            best = min((v for v in safe if a + 150 < v < b - 150 or (last and v > a + 150)),
                       key=lambda v: abs(v - t))
            cuts.append(safe[best])
    return set(cuts)


def build(src, seed):
    cuts = plan_breaks(src, seed)
    out = ["1、"]
    pos = 2
    figs, blanks, stack = [], [], []
    chunk = 1
    i = 0

    def emit(s):
        nonlocal pos
        out.append(s)
        pos += len(s)

    def brk():
        nonlocal chunk
        chunk += 1
        emit(f"\n{chunk}、")

    while i < len(src):
        c = src[i]
        if c == "¶":
            brk(); i += 1; continue
        if src.startswith("[[", i):
            stack.append(pos); i += 2; continue
        if src.startswith("]]", i):
            start = stack.pop()
            j = src.index(">", i)
            assert src[i + 2] == "<", src[i - 20:i + 5]
            ann = src[i + 3:j].split("|")
            subject = ann[0]
            metric = METRIC[ann[1] if len(ann) > 1 else ""]
            opts = dict(kv.split("=") for kv in ann[2].split(",")) if len(ann) > 2 and ann[2] else {}
            figs.append(dict(start=start, end=pos, subject=subject, metric=metric, opts=opts))
            i = j + 1; continue
        if c == "{":
            j = src.index("}", i)
            parts = src[i + 1:j].split(":")
            kind = parts[0]
            if kind == "n":
                blanks.append(dict(kind="missing_number", start=pos, end=pos, unit=parts[1],
                                   metric=METRIC[parts[2] if len(parts) > 2 else ""]))
            elif kind == "p":
                tok = parts[1]
                blanks.append(dict(kind="placeholder", start=pos, end=pos + len(tok), unit="",
                                   token=tok, metric=METRIC[parts[2] if len(parts) > 2 else ""]))
                emit(tok)
            elif kind == "u":
                blanks.append(dict(kind="missing_unit", start=pos, end=pos, unit=parts[1], metric="other"))
            elif kind == "t":
                blanks.append(dict(kind="missing_text", start=pos, end=pos, unit="", metric="other"))
            else:
                raise ValueError(parts)
            i = j + 1; continue
        emit(c)
        if i in cuts:
            brk()
        i += 1
    text = "".join(out)
    return text, figs, blanks


def occurrence(text, sub, start):
    n, k = 0, -1
    while True:
        k = text.find(sub, k + 1)
        if k < 0:
            raise AssertionError((sub, start))
        n += 1
        if k == start:
            return n


def finish(doc_id, enc, text, figs, blanks):
    F, B = [], []
    for f in figs:
        surf = text[f["start"]:f["end"]]
        p = parse_surface(surf)
        o = f["opts"]
        if "v" in o:
            p["value"] = float(o["v"]) if "." in o["v"] else int(o["v"])
        if "u" in o:
            p["unit"] = o["u"]
        if "a" in o:
            p["approx"] = o["a"] == "1"
        if "b" in o:
            p["bound"] = o["b"] or None
        F.append(dict(surface=surf, occurrence=occurrence(text, surf, f["start"]), value=p["value"],
                      value_max=float(o["vmax"]) if "vmax" in o else None, unit=p["unit"],
                      approx=p["approx"], bound=p["bound"], subject=f["subject"], metric=f["metric"],
                      start=f["start"], end=f["end"]))
    for b in blanks:
        s, e = b["start"], b["end"]
        tok = text[s:e]
        before = text[max(0, s - 6):s]
        after = text[e:e + 5]
        d = dict(before=before, after=after, kind=b["kind"])
        if b["kind"] == "placeholder":
            d["token"] = tok
        d["unit"] = b["unit"]
        d["metric"] = b["metric"]
        occ = occurrence(text, before + tok + after, s - len(before))
        if occ != 1:
            d["occurrence"] = occ
        d["start"], d["end"] = s, e
        B.append(d)
    doc = dict(id=doc_id, source=f"tuning8/{doc_id}.txt (written for report_miner evaluation)",
               encoding=enc, text=text, figures=F, blanks=B)
    # cross-check against the validator's own resolution
    rf, rb, errs = resolve(doc)
    assert not errs, errs
    for a, r in zip(F, rf):
        assert (a["start"], a["end"]) == (r["start"], r["end"]), (a, r)
    for a, r in zip(B, rb):
        assert (a["start"], a["end"]) == (r["start"], r["end"]), (a, r)
    return doc


def main():
    for doc_id, enc, seed in DOCS:
        path = os.path.join(HERE, "src", doc_id + ".src")
        if not os.path.exists(path) or (len(sys.argv) > 1 and doc_id not in sys.argv[1:]):
            continue
        src = open(path, encoding="utf-8").read().strip()
        src = src.replace("\n", "")  # source lines are joined without separators
        text, figs, blanks = build(src, seed)
        doc = finish(doc_id, enc, text, figs, blanks)
        raw = text.encode(enc)
        assert raw.decode(enc) == text
        open(os.path.join(OUT, doc_id + ".txt"), "wb").write(raw)
        with open(os.path.join(OUT, doc_id + ".json"), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
        lines = text.split("\n")
        cut = [f["surface"] for f in doc["figures"] if "\n" in f["surface"]]
        print(f"{doc_id}: {len(text)} chars, {len(lines)} chunks (len {[len(l) for l in lines]}), "
              f"{len(doc['figures'])} figures, {len(doc['blanks'])} blanks, cut numbers {cut}")


if __name__ == "__main__":
    main()
