#!/usr/bin/env python3
"""Build tuning6 gold files from inline-marked sources (*.src in this folder).

Markup (never appears in the output text):
  figure: ⟦surface¦value¦unit¦flags¦subject¦metric⟧
          value: number, or "lo~hi" for a range (value / value_max)
          flags: "-" or comma list of a (approx), min, max (bound)
          metric: short code, see METRIC
  blank:  ⟪kind¦unit¦metric¦token⟫
          kind: mn missing_number, ph placeholder, mu missing_unit, mt missing_text
          token: the placeholder token; it is written into the text at this spot
Offsets are computed here, never by hand; every span is asserted against the text.
Usage: build.py [-q] [ID-substring...]   (writes ../<id>.txt and ../<id>.json for each source)
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
METRIC = {"pt": "population.total", "mw": "population.married_women", "vil": "admin.villages",
          "ac": "association.count", "am": "association.members", "om": "outreach.materials",
          "oc": "outreach.contraceptives", "hs": "health.screenings", "gc": "governance.contracts",
          "tp": "training.participants", "fm": "finance.money", "o": "other"}
KIND = {"mn": "missing_number", "ph": "placeholder", "mu": "missing_unit", "mt": "missing_text"}
DOCS = {  # id: (source file, encoding, source note)
    "tuning6_01_shuzhi_shulian": ("01.src", "utf-8", "written for tuning6 (village family-planning officer's personal duty-and-integrity report)"),
    "tuning6_02_zicha_pingfen": ("02.src", "utf-8", "written for tuning6 (township self-inspection report with flattened scoring table)"),
    "tuning6_03_liudong_xiehui": ("03.src", "utf-8", "written for tuning6 (county migrant family-planning association based in the destination city)"),
    "tuning6_04_gongzuo_yaodian": ("04.src", "utf-8", "written for tuning6 (town annual work-points plan, imperative style)"),
}
MARK = re.compile(r"⟦([^⟧]*)⟧|⟪([^⟫]*)⟫")
CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
      "八": 8, "九": 9}
CNU = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def cn_to_num(s):
    total, cur = 0, 0
    for ch in s:
        if ch in CN:
            cur = CN[ch]
        elif ch in CNU:
            total += (cur or 1) * CNU[ch]
            cur = 0
    return total + cur


def parse_values(surface):
    """Independent re-parse of the numbers in a surface, for cross-checking the markup."""
    vals = []
    for m in re.finditer(r"(\d+(?:\.\d+)?)[余多]?(万)?|([零〇一二两三四五六七八九十百千]+)[余多]?(万)?", surface):
        if m.group(1):
            v = float(m.group(1)) * (10000 if m.group(2) else 1)
        else:
            v = cn_to_num(m.group(3)) * (10000 if m.group(4) else 1)
        vals.append(v)
    # "2000元至8万元": 万 on the last number only; "0.2万—8万元" handled by per-number 万
    return vals


def find_nth(text, sub, n):
    i = -1
    for _ in range(n):
        i = text.find(sub, i + 1)
        if i < 0:
            return -1
    return i


def occurrence_of(text, sub, pos):
    n, i = 0, -1
    while True:
        i = text.find(sub, i + 1)
        assert i >= 0, (sub, pos)
        n += 1
        if i == pos:
            return n


def num(v):
    f = float(v)
    return int(f) if f.is_integer() and "." not in v else f


def build(doc_id, src, enc, note):
    raw = open(os.path.join(HERE, src), encoding="utf-8").read()
    out, figs, blanks, last = [], [], [], 0
    pos = 0
    for m in MARK.finditer(raw):
        chunk = raw[last:m.start()]
        out.append(chunk)
        pos += len(chunk)
        last = m.end()
        if m.group(1) is not None:
            parts = m.group(1).split("¦")
            assert len(parts) == 6, parts
            surface, value, unit, flags, subject, metric = parts
            flags = set() if flags == "-" else set(flags.split(","))
            assert flags <= {"a", "min", "max"}, flags
            if "~" in value:
                lo, hi = value.split("~")
                v, vmax = num(lo), num(hi)
            else:
                v, vmax = num(value), None
            figs.append({"surface": surface, "value": v, "value_max": vmax, "unit": unit,
                         "approx": "a" in flags,
                         "bound": "min" if "min" in flags else "max" if "max" in flags else None,
                         "subject": subject, "metric": METRIC[metric], "start": pos,
                         "end": pos + len(surface)})
            out.append(surface)
            pos += len(surface)
        else:
            parts = m.group(2).split("¦")
            assert len(parts) == 4, parts
            kind, unit, metric, token = parts
            blanks.append({"kind": KIND[kind], "unit": unit, "metric": METRIC[metric],
                           "token": token, "start": pos, "end": pos + len(token)})
            out.append(token)
            pos += len(token)
    out.append(raw[last:])
    text = "".join(out)
    assert "⟦" not in text and "⟪" not in text and "¦" not in text
    # figures: occurrence + checks
    for f in figs:
        assert text[f["start"]:f["end"]] == f["surface"], f
        f["occurrence"] = occurrence_of(text, f["surface"], f["start"])
        assert find_nth(text, f["surface"], f["occurrence"]) == f["start"]
        pv = parse_values(f["surface"])
        want = [f["value"]] + ([f["value_max"]] if f["value_max"] is not None else [])
        scale = 10000 if "万" in f["surface"] else 1
        ok = [abs(a - b) < 1e-9 for a, b in zip(pv, want)]
        if len(pv) != len(want) or not all(ok):
            # allow "2000元至8万元" style (万 only on one end) and "万元" unit scaling
            print(f"  CHECK {doc_id}: {f['surface']!r} parsed {pv} vs markup {want}")
    spans = sorted((f["start"], f["end"], f["surface"]) for f in figs)
    for a, b in zip(spans, spans[1:]):
        assert a[1] <= b[0], ("overlap", a, b)
    # blanks: before/after anchors, occurrence
    bl_out = []
    for b in blanks:
        s, e = b["start"], b["end"]
        before = text[max(0, s - 6):s]
        after = text[e:e + 6]
        anchor = before + b["token"] + after
        occ = occurrence_of(text, anchor, s - len(before))
        assert find_nth(text, anchor, occ) + len(before) == s
        d = {"before": before, "after": after, "kind": b["kind"], "unit": b["unit"],
             "metric": b["metric"]}
        if b["token"]:
            d["token"] = b["token"]
        d["occurrence"] = occ
        d["start"], d["end"] = s, e
        bl_out.append(d)
    figs_out = []
    for f in figs:
        figs_out.append({k: f[k] for k in ("surface", "occurrence", "value", "value_max", "unit",
                                           "approx", "bound", "subject", "metric", "start", "end")})
    doc = {"id": doc_id, "source": note, "encoding": enc, "text": text,
           "figures": figs_out, "blanks": bl_out}
    with open(os.path.join(OUT, doc_id + ".txt"), "wb") as fh:
        fh.write(text.encode(enc))
    with open(os.path.join(OUT, doc_id + ".json"), "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    # re-read check
    assert open(os.path.join(OUT, doc_id + ".txt"), "rb").read().decode(enc) == text
    return text, figs_out, bl_out


def review(doc_id, text, figs, blanks):
    """List numeric-looking spots not covered by a figure, for manual review."""
    cov = [False] * len(text)
    for f in figs:
        for i in range(f["start"], f["end"]):
            cov[i] = True
    print(f"== {doc_id}: {len(text)} chars, {len(figs)} figures, {len(blanks)} blanks")
    for m in re.finditer(r"\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+", text):
        if not any(cov[m.start():m.end()]):
            ctx = text[max(0, m.start() - 5):m.end() + 4].replace("\n", "⏎")
            print(f"    uncovered {m.group(0)!r:8} … {ctx}")


if __name__ == "__main__":
    quiet = "-q" in sys.argv[1:]
    only = [a for a in sys.argv[1:] if a != "-q"]
    for doc_id, (src, enc, note) in DOCS.items():
        if only and not any(o in doc_id for o in only):
            continue
        if not os.path.exists(os.path.join(HERE, src)):
            continue
        text, figs, blanks = build(doc_id, src, enc, note)
        if not quiet:
            review(doc_id, text, figs, blanks)
