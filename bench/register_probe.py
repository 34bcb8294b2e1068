#!/usr/bin/env python3
"""Does the REGISTER of a text change what is mined? A metamorphic probe over the annotated sets.

What: every annotated invented document (tests/gold/tuning14 … tuning17 by default; never the
held-out real documents) is rewritten mechanically in one register at a time — the way pages
arrive when copied from a PDF, a document site or an old system — and scored again against its
own gold annotation carried through the rewrite. Where SCHEMA.md says the annotation stays the
same (it always does here: the register changes, the facts do not), the miner should give the
same answer; a drop marks a register the tool is fragile to.

How: each transform is a function ``text -> (new_text, offset_map)``, deterministic (seeded by the
document id), where ``offset_map[i]`` is the new offset of old character ``i`` (a deleted
character maps to where its successor went; ``offset_map[len(text)] == len(new_text)``). Gold
figures are resolved to spans (``validate_gold.resolve``), carried through the map (a span the
transform cuts, e.g. a line break inside 35126, keeps the inserted characters inside it: the
figure must still be read, as SCHEMA's page-break decision says) and written back as surfaces and
occurrences of the new text, blanks as before/token/after anchors; the project's scorer then
scores the new document exactly as it scores any gold file.

Transforms (``--transform`` picks some; default all):

    wrap        hard line breaks every 25-40 characters, wherever they fall (PDF conversion)
    ascii       ASCII punctuation for Chinese: ，。；：（）！？ -> , . ; : ( ) ! ?
    fullpunct   the reverse: Chinese punctuation for ASCII , ; : ( ) ! ? (not 3,950)
    comma       half-width comma only: ， -> ,
    numspace    a space on both sides of every Arabic number (总人口 35126 人)
    headspace   a space between every Han character of the title and of headings (一、基 本 情 况)
    fullwidth   full-width digits, letters, % and . inside numbers (３５１２６人, ９８．５％)
    trad        traditional script (OpenCC s2t, one character for one; skipped without OpenCC)
    pages       a page number on its own line every ~300 characters (document sites)
    droppunct   clause-end punctuation (，。；, ;) dropped at random (text copied without it)

Run (from the worktree, with the project's .venv):

    .venv/bin/python bench/register_probe.py                       # table: transform x set
    .venv/bin/python bench/register_probe.py --transform wrap --show 20
                                                                   # + what each transform broke
    .venv/bin/python bench/register_probe.py --sets tests/gold/tuning14 --write /tmp/probe
                                                                   # also write the rewritten gold

The table gives, per transform and set, figures / core-metric / blanks F1 and the change from
the untransformed score. ``--show N`` lists, per transform, up to N disagreements the transform
CAUSED (gold items found on the plain text and lost on the rewritten one, and predictions that
are new), in the style of bench/gold_diff.py.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from gold_diff import load_scorer  # noqa: E402

DEFAULT_SETS = [f"tests/gold/tuning{i}" for i in (14, 15, 16, 17)]
HAN = re.compile(r"[\u3400-\u9fff]")


# ----------------------------------------------------------------------------- building blocks


def _rng(text: str, name: str) -> random.Random:
    return random.Random(zlib.crc32((name + "\0" + text).encode("utf-8")))


def _apply(text: str, edits: dict[int, tuple[str, str | None]]) -> tuple[str, list[int]]:
    """Rebuild ``text`` with ``edits[i] = (insert_before, replacement)`` (replacement None keeps
    the character, "" deletes it); return the new text and the old->new offset map."""
    out, omap, n = [], [], 0
    for i, ch in enumerate(text):
        ins, rep = edits.get(i, ("", None))
        out.append(ins)
        n += len(ins)
        omap.append(n)
        rep = ch if rep is None else rep
        out.append(rep)
        n += len(rep)
    omap.append(n)  # the end maps to the end of the last character
    out.append(edits.get(len(text), ("", None))[0])
    return "".join(out), omap


def _translate(text: str, table: dict[str, str]) -> tuple[str, list[int]]:
    return _apply(text, {i: ("", table[c]) for i, c in enumerate(text) if c in table})


# ----------------------------------------------------------------------------- transforms


def t_wrap(text, name):
    rng = _rng(text, name)
    width, col, edits = rng.randint(25, 40), 0, {}
    for i, ch in enumerate(text):
        if ch == "\n":
            col = 0
            continue
        if col == width:
            edits[i] = ("\n", None)
            col = 0
        col += 1
    return _apply(text, edits)


_ASCII = dict(zip("，。；：（）！？", ",.;:()!?"))


def t_ascii(text, name):
    return _translate(text, _ASCII)


_FULLPUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}


def t_fullpunct(text, name):
    return _apply(text, {i: ("", _FULLPUNCT[c]) for i, c in enumerate(text) if c in _FULLPUNCT
                         and not (c == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit()
                                  and text[i + 1].isdigit())})


def t_comma(text, name):
    return _translate(text, {"，": ","})


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def t_numspace(text, name):
    edits = {}
    for m in _NUMBER.finditer(text):
        s, e = m.span()
        if s > 0 and HAN.match(text[s - 1]):
            edits[s] = (" ", None)
        if e < len(text) and HAN.match(text[e]):
            edits[e] = (" ", None)
    return _apply(text, edits)


_HEADING = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节部分])"
                      r"[^\n。;；]{1,28}$", re.M)


def t_headspace(text, name):
    edits = {}
    first = re.search(r"\S[^\n]*", text)
    spans = [m.span() for m in _HEADING.finditer(text)]
    if first and len(first.group()) <= 40:
        spans.append(first.span())
    for s, e in spans:
        for k in range(s + 1, e):
            if HAN.match(text[k]) and HAN.match(text[k - 1]):
                edits[k] = (" ", None)
    return _apply(text, edits)


_FW = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if chr(c).isalnum() or chr(c) == "%"}


def t_fullwidth(text, name):
    edits = {i: ("", _FW[c]) for i, c in enumerate(text) if c in _FW}
    for m in re.finditer(r"(?<=\d)\.(?=\d)", text):
        edits[m.start()] = ("", "．")
    return _apply(text, edits)


def _s2t():
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("s2t")


def t_trad(text, name):
    conv = _s2t()
    if conv is None:
        return None
    out = conv.convert(text)
    if len(out) != len(text):
        out = "".join(o if len(o := conv.convert(c)) == 1 else c for c in text)
    return out, list(range(len(text) + 1))


def t_pages(text, name):
    rng = _rng(text, name)
    edits, page, nxt = {}, 1, rng.randint(260, 340)
    i = nxt
    while i < len(text):
        while i < len(text) and (text[i].isdigit() and text[i - 1].isdigit()):
            i += 1  # never between two digits: a page number there cannot be told apart
        if i >= len(text):
            break
        lead = "" if text[i - 1] == "\n" else "\n"
        edits[i] = (f"{lead}{page}\n", None)
        page += 1
        i += rng.randint(260, 340)
    return _apply(text, edits)


def t_droppunct(text, name):
    rng = _rng(text, name)
    edits = {}
    for i, c in enumerate(text):
        if (c in "，。；;" or c == "," and not text[i + 1:i + 2].isdigit()) and i + 1 < len(text) and text[i + 1] != "\n" and rng.random() < 0.35:
            edits[i] = ("", "")
    return _apply(text, edits)


TRANSFORMS = {"wrap": t_wrap, "ascii": t_ascii, "fullpunct": t_fullpunct,
              "comma": t_comma, "numspace": t_numspace,
              "headspace": t_headspace, "fullwidth": t_fullwidth, "trad": t_trad, "pages": t_pages,
              "droppunct": t_droppunct}


# ----------------------------------------------------------------------------- carrying the gold


def _occurrence(text: str, sub: str, at: int) -> int:
    """1-based occurrence of ``sub`` starting at ``at``, counted as validate_gold.find_nth does."""
    n, i = 0, -1
    while True:
        i = text.find(sub, i + 1)
        if i < 0 or i > at:
            raise ValueError(f"{sub!r} not at {at}")
        n += 1
        if i == at:
            return n


def carry(doc: dict, new_text: str, omap: list[int], resolve) -> dict:
    """The gold document ``doc`` rewritten for ``new_text`` through the offset map."""
    gfigs, gblanks, errs = resolve(doc)
    if errs:
        raise SystemExit(f"{doc['id']}: gold errors {errs}")
    figs, blanks = [], []
    for g in gfigs:
        s, e = omap[g["start"]], omap[g["end"] - 1] + 1
        while e > s and new_text[e - 1] in " \n":
            e -= 1
        surf = new_text[s:e]
        f = {k: v for k, v in g.items() if k not in ("start", "end")}
        f.update(surface=surf, occurrence=_occurrence(new_text, surf, s))
        figs.append(f)
    for b in gblanks:
        s = omap[b["start"]]
        e = omap[b["end"] - 1] + 1 if b["end"] > b["start"] else s
        before, tok, after = new_text[max(0, s - 6):s], new_text[s:e], new_text[e:e + 6]
        nb = {k: v for k, v in b.items() if k not in ("start", "end")}
        nb.update(before=before, after=after, occurrence=_occurrence(new_text, before + tok + after, s - len(before)))
        if tok or "token" in b:
            nb["token"] = tok
        blanks.append(nb)
    return dict(doc, text=new_text, figures=figs, blanks=blanks)


# ----------------------------------------------------------------------------- scoring


def _pair(score, doc, figs, blanks):
    """Gold figure index -> (matched, metric right) with the scorer's greedy pairing."""
    gfigs, gblanks, _ = score.resolve(doc)
    text = doc["text"]
    figs = [f for f in figs if not score.is_article_one(text[int(f["start"]):int(f["end"])], f.get("value"))]
    out, used = {}, set()
    for gi, g in enumerate(gfigs):
        if score.is_article_one(g["surface"], g["value"]):
            continue
        hit = None
        for i, f in enumerate(figs):
            if i in used:
                continue
            s, e = int(f["start"]), int(f["end"])
            if s < g["end"] + 2 and g["start"] < e + 2 and score.close(f.get("value"), g["value"]):
                hit = i
                break
        if hit is not None:
            used.add(hit)
        pm = (figs[hit].get("metric") or "other") if hit is not None else None
        pm = pm if pm in score.CORE else "other"
        out[gi] = (hit is not None, pm, figs[hit] if hit is not None else None)
    bout = {}
    bused = set()
    for gi, g in enumerate(gblanks):
        hit = None
        for i, b in enumerate(blanks):
            if i not in bused and abs(int(b["start"]) - g["start"]) <= 4:
                hit = i
                break
        if hit is not None:
            bused.add(hit)
        bout[gi] = hit is not None
    return gfigs, gblanks, out, bout


def _f1(tp, pred, gold):
    if not pred and not gold:
        return 1.0
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _add(tot, s):
    for k, v in s.items():
        if isinstance(v, int):
            tot[k] = tot.get(k, 0) + v


def _scores(tot):
    return (_f1(tot["fig_tp"], tot["fig_pred"], tot["fig_gold"]),
            _f1(tot["core_tp"], tot["core_tp"] + tot["core_fp"], tot["core_tp"] + tot["core_fn"]),
            _f1(tot["blank_tp"], tot["blank_pred"], tot["blank_gold"]))


def _ctx(text, s, e, w=10):
    return (text[max(0, s - w):s] + "【" + text[s:e] + "】" + text[e:e + w // 2]).replace("\n", "⏎")


def _caused(score, name, base_doc, base_run, new_doc, new_run, omap):
    """Disagreements the transform caused (lines of text)."""
    lines = []
    bt, nt = base_doc["text"], new_doc["text"]
    gf, gb, bpair, bbl = _pair(score, base_doc, *base_run)
    ngf, ngb, npair, nbl = _pair(score, new_doc, *new_run)
    for gi, (ok, pm, _) in bpair.items():
        nok, npm, nf = npair.get(gi, (False, None, None))
        g, ng = gf[gi], ngf[gi]
        gm = g.get("metric", "other")
        if ok and not nok:
            lines.append(f"figure missed    {_ctx(nt, ng['start'], ng['end'])}")
        elif ok and nok and pm == gm and npm != gm:
            lines.append(f"metric {gm} -> {npm} {nf.get('metric_rule') or ''} {_ctx(nt, int(nf['start']), int(nf['end']))}")
    inv = {}
    for i, j in enumerate(omap[:-1]):
        inv.setdefault(j, i)
    base_spans = {(int(f["start"]), round(float(f.get("value") or 0), 6)) for f in base_run[0]}
    for f in new_run[0]:
        s = int(f["start"])
        back = next((inv[k] for k in range(s, -1, -1) if k in inv), 0)
        v = round(float(f.get("value") or 0), 6) if f.get("value") == f.get("value") else 0
        if not any(abs(back - bs) <= 2 and bv == v for bs, bv in base_spans):
            lines.append(f"figure new       {_ctx(nt, s, int(f['end']))} value={f.get('value')} unit={f.get('unit')}")
    for gi, ok in bbl.items():
        if ok and not nbl.get(gi):
            b = ngb[gi]
            lines.append(f"blank missed     {_ctx(nt, b['start'], b['end'])} {b['kind']}")
    base_bl = set()
    for b in base_run[1]:
        base_bl.add(int(b["start"]))
    for b in new_run[1]:
        s = int(b["start"])
        back = next((inv[k] for k in range(s, -1, -1) if k in inv), 0)
        if not any(abs(back - bs) <= 4 for bs in base_bl):
            lines.append(f"blank new        {_ctx(nt, s, int(b['end']))} {b.get('kind')} {b.get('rule', '')}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=DEFAULT_SETS, help="gold folders (default tuning14-17)")
    ap.add_argument("--transform", nargs="+", choices=sorted(TRANSFORMS), help="transforms (default all)")
    ap.add_argument("--show", type=int, default=0, metavar="N",
                    help="list up to N disagreements each transform caused")
    ap.add_argument("--write", type=Path, help="write the rewritten gold documents to this folder")
    args = ap.parse_args(argv)
    if args.show < 0:
        ap.error("--show must be >= 0 / --show 不能为负")
    names = args.transform or list(TRANSFORMS)
    paths = {}
    for d in args.sets:
        p = Path(d)
        if not p.is_dir():
            ap.error(f"not a folder / 不是文件夹: {d}")
        paths[p.name] = sorted(p.glob("*.json"))
    score = load_scorer(next(iter(paths.values()))[0])
    sys.path.insert(0, str(Path(score.__file__).parent))
    run = score.adapter_project()
    base, base_tot = {}, {}
    for set_name, files in paths.items():
        tot = {}
        for p in files:
            doc = json.loads(p.read_text("utf-8"))
            r = run(doc["text"])
            base[p] = (doc, r)
            _add(tot, score.score_doc(doc, *r))
        base_tot[set_name] = tot
    print(f"{'transform':<10} {'set':<9} {'figures':>14} {'core':>14} {'blanks':>14}")
    for set_name, tot in base_tot.items():
        f, c, b = _scores(tot)
        print(f"{'(plain)':<10} {set_name:<9} {f:>14.3f} {c:>14.3f} {b:>14.3f}")
    caused: dict[str, list[str]] = {}
    for name in names:
        fn = TRANSFORMS[name]
        all_tot, all_base = {}, {}
        for set_name, files in paths.items():
            tot = {}
            for p in files:
                doc, r = base[p]
                out = fn(doc["text"], doc["id"] + name)
                if out is None:
                    break
                new_text, omap = out
                ndoc = carry(doc, new_text, omap, score.resolve)
                if args.write:
                    (args.write / name).mkdir(parents=True, exist_ok=True)
                    (args.write / name / p.name).write_text(json.dumps(ndoc, ensure_ascii=False, indent=1), "utf-8")
                nr = run(new_text)
                _add(tot, score.score_doc(ndoc, *nr))
                if args.show:
                    caused.setdefault(name, []).extend(
                        f"{doc['id']}: {line}" for line in _caused(score, name, doc, r, ndoc, nr, omap))
            else:
                f, c, b = _scores(tot)
                bf, bc, bb = _scores(base_tot[set_name])
                print(f"{name:<10} {set_name:<9} {f:>6.3f} ({f - bf:+.3f}) {c:>6.3f} ({c - bc:+.3f}) "
                      f"{b:>6.3f} ({b - bb:+.3f})")
                _add(all_tot, tot)
                _add(all_base, base_tot[set_name])
                continue
            print(f"{name:<10} skipped (OpenCC not installed / 未安装 OpenCC)")
            break
        else:
            f, c, b = _scores(all_tot)
            bf, bc, bb = _scores(all_base)
            print(f"{name:<10} {'ALL':<9} {f:>6.3f} ({f - bf:+.3f}) {c:>6.3f} ({c - bc:+.3f}) "
                  f"{b:>6.3f} ({b - bb:+.3f})")
    for name, lines in caused.items():
        kinds = Counter(line.split(": ", 1)[1].split()[0] + (" " + line.split()[2] if " metric " in line else "")
                        for line in lines)
        print(f"\n== {name}: {len(lines)} disagreements caused  "
              + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
        for line in lines[:args.show]:
            print("   " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
