#!/usr/bin/env python3
"""Precision of audit findings on real and test text: print each finding in its context, and
count the verdicts a reviewer recorded for them.

    python bench/findings_review.py show                 # every finding, ±60 characters around it
    python bench/findings_review.py show --check rate_contradicts_counts --unjudged
    python bench/findings_review.py table                # check × correct / false / debatable

Texts reviewed:
  corpora/*.txt; tests/gold/** (every *.txt under tests/gold with its .json, and the text of tests/gold/*.json
  when it is not already one of those); the tuning part of the real gold set,
  ../shared/gold/real/fp_r01-14 and tw_r01-14 (their ``text``, mined with
  :func:`report_miner.mine_text`; never copied into the repository). fp_r15-20 and tw_r15-20
  are held out and never read here.

Verdicts are data: ``bench/findings_judged.yaml`` holds, per finding, only its file, offsets,
check and the verdict (correct | false | debatable) with a short reason in the reviewer's own
words — no text of the reports. ``table`` matches the verdicts to the findings the tool gives
now: a judged finding the tool no longer gives is counted as ``gone`` (a false one removed by a
fix, or a correct one lost: both are listed), a finding without verdict as ``unjudged``.
``--judged OTHER.yaml`` reads another verdict file (the verdicts before a fix, say).

The blank_* checks are one finding per blank (their precision is the blanks precision the gold
scores measure); they are shown and counted like the others.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "gold" / "real"
JUDGED = ROOT / "bench" / "findings_judged.yaml"
VERDICTS = ("correct", "false", "debatable")
# the real documents that may be read for tuning (fp_r15-20 / tw_r15-20 are held out)
REAL_TUNING = [f"{s}_r{i:02d}" for s in ("fp", "tw") for i in range(1, 15)]
WIDTH = 60


def texts() -> list[tuple[str, Path | None, str | None]]:
    """(key, path to mine with mine_file, or text to mine with mine_text) of every text reviewed,
    each text once (tests/gold/*.json repeat the corpora)."""
    out: list[tuple[str, Path | None, str | None]] = []
    for p in sorted((ROOT / "corpora").glob("*.txt")):
        out.append((str(p.relative_to(ROOT)), p, None))
    for p in sorted((ROOT / "tests" / "gold").rglob("*.txt")):
        if p.with_suffix(".json").exists():  # a gold text (not the notes beside them)
            out.append((str(p.relative_to(ROOT)), p, None))
    seen = set()
    for key, p, _ in out:
        from report_miner.readers.load import read_document

        seen.add(hashlib.sha1(read_document(p).text.encode("utf-8")).hexdigest())
    for p in sorted((ROOT / "tests" / "gold").glob("*.json")):
        data = json.loads(p.read_text("utf-8"))
        text = data.get("text") if isinstance(data, dict) else None
        if text and hashlib.sha1(text.encode("utf-8")).hexdigest() not in seen:
            seen.add(hashlib.sha1(text.encode("utf-8")).hexdigest())
            out.append((str(p.relative_to(ROOT)), None, text))
    for name in REAL_TUNING:
        p = REAL / f"{name}.json"
        if p.exists():
            out.append((f"real/{name}", None, json.loads(p.read_text("utf-8"))["text"]))
    return out


def gold_of(key: str) -> Path | None:
    """The gold annotation of a reviewed text (its blanks and labelled figures), if any."""
    if key.startswith("real/"):
        return REAL / f"{key[5:]}.json"
    p = ROOT / key
    if p.suffix == ".json":
        return p
    if key.startswith("corpora/"):
        p = ROOT / "tests" / "gold" / (p.stem + ".json")
        return p if p.exists() else ROOT / "tests" / "gold" / "seed.json"
    p = p.with_suffix(".json")
    return p if p.exists() else None


def findings() -> list[dict]:
    """Every finding of every text reviewed, with its ``file`` key, the text around it and
    (for :func:`prejudge`) its report's span and the text."""
    import report_miner

    rules = report_miner.RuleSet.load()
    rows = []
    for key, path, text in texts():
        if path is not None:
            got: dict[str, str] = {}
            res = report_miner.mine_file(path, texts=got, rules=rules)
            text = next(iter(got.values()))
        else:
            res = report_miner.mine_text(text, key, rules=rules)
        spans = {r["report"]: (r["start"], r["end"]) for r in res.rows("reports")}
        for f in res.rows("findings"):
            s, e = int(f["start"]), int(f["end"])
            rows.append(dict(file=key, start=s, end=e, check=f["check"], severity=f["severity"],
                             message=f["message_zh"], before=text[max(0, s - WIDTH):s],
                             span=text[s:e], after=text[e:e + WIDTH],
                             report_span=spans.get(f["report"], (0, len(text))), text=text))
    return rows


def prejudge(f: dict) -> tuple[str, str] | None:
    """A verdict from the gold annotation where it answers the question, else None (read it).

    blank_*: correct when a gold blank lies within 4 characters (the scorer's rule);
    population_not_stated / expected_metric_missing: false when the gold labels a figure of a
    metric said to be missing inside the report's span, correct when it labels none (the gold
    labels every core metric). Anything else, and blanks without a gold blank, are read by hand.
    """
    gp = gold_of(f["file"])
    if gp is None or not gp.exists():
        return None
    doc = json.loads(gp.read_text("utf-8"))
    if not isinstance(doc, dict) or doc.get("text") != f["text"]:
        return None
    sys.path.insert(0, str(gp.parent if (gp.parent / "validate_gold.py").exists()
                           else ROOT / "tests" / "gold" / "scorer"))
    from validate_gold import resolve

    gfigs, gblanks, _ = resolve(doc)
    if f["check"].startswith("blank_"):
        if any(abs(b["start"] - f["start"]) <= 4 for b in gblanks):
            return "correct", "a gold blank"
        return None
    lo, hi = f["report_span"]
    stated = {g["metric"] for g in gfigs if lo <= g["start"] < hi}
    if f["check"] == "population_not_stated":
        if "population.total" in stated:
            return "false", "gold labels a total population in the report (metric missed)"
        return "correct", "gold labels no total population in the report"
    if f["check"] == "expected_metric_missing":
        import report_miner

        labels = {zh: mid for mid, (zh, _en) in report_miner.RuleSet.load().auditor.labels.items()}
        missing = f["message"].split(":", 1)[-1].split(", ")
        ids = {labels.get(m.strip(), m.strip()) for m in missing}
        found = sorted(ids & stated)
        if found:
            return "false", "gold labels " + ", ".join(found) + " in the report (metric missed)"
        return "correct", "gold labels none of the metrics said missing"
    return None


def load_judged(path: Path) -> dict[tuple, dict]:
    import yaml

    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text("utf-8")) or []
    out = {}
    for j in data:
        if j.get("verdict") is False:  # YAML reads a bare false as a boolean
            j["verdict"] = "false"
        if j.get("verdict") not in VERDICTS:
            raise SystemExit(f"{path}: bad verdict in {j!r} (one of {', '.join(VERDICTS)})")
        out[(j["file"], int(j["start"]), int(j["end"]), j["check"])] = j
    return out


def _key(f: dict) -> tuple:
    return (f["file"], f["start"], f["end"], f["check"])


def show(rows: list[dict], judged: dict, a: argparse.Namespace) -> None:
    for f in rows:
        j = judged.get(_key(f))
        if a.check and f["check"] not in a.check:
            continue
        if a.file and not any(x in f["file"] for x in a.file):
            continue
        if a.unjudged and j:
            continue
        flat = lambda s: s.replace("\n", "⏎")  # noqa: E731
        verdict = f"  [{j['verdict']}: {j.get('why', '')}]" if j else ""
        print(f"- {{file: {f['file']}, start: {f['start']}, end: {f['end']}, check: {f['check']}}}"
              f"{verdict}\n    {f['message']}\n    …{flat(f['before'])}【{flat(f['span'])}】"
              f"{flat(f['after'])}…")


def table(rows: list[dict], judged: dict) -> int:
    counts: dict[str, Counter] = defaultdict(Counter)
    now = {_key(f) for f in rows}
    for f in rows:
        j = judged.get(_key(f))
        counts[f["check"]][j["verdict"] if j else "unjudged"] += 1
    gone = [j for k, j in judged.items() if k not in now]
    for j in gone:
        counts[j["check"]]["gone " + j["verdict"]] += 1
    cols = list(VERDICTS) + ["unjudged", "gone false", "gone correct", "gone debatable"]
    print(f"{'check':28} {'total':>5} " + " ".join(f"{c:>9}" for c in cols) + "  precision")
    total = Counter()
    for check in sorted(counts):
        c = counts[check]
        total.update(c)
        n = sum(c[v] for v in VERDICTS) + c["unjudged"]
        print(f"{check:28} {n:5} " + " ".join(f"{c[v]:9}" for v in cols) + f"  {_precision(c)}")
    n = sum(total[v] for v in VERDICTS) + total["unjudged"]
    print(f"{'all':28} {n:5} " + " ".join(f"{total[v]:9}" for v in cols) + f"  {_precision(total)}")
    nb = Counter()
    for check, c in counts.items():
        if not check.startswith("blank_"):
            nb.update(c)
    print(f"{'all but blank_*':28} {sum(nb[v] for v in VERDICTS) + nb['unjudged']:5} "
          + " ".join(f"{nb[v]:9}" for v in cols) + f"  {_precision(nb)}")
    for j in gone:
        print(f"gone ({j['verdict']}): {j['file']} {j['start']}-{j['end']} {j['check']}  {j.get('why', '')}")
    return 0


def _precision(c: Counter) -> str:
    """correct / (correct + false); debatable ones counted neither way, and as correct in brackets."""
    ok, bad, deb = c["correct"], c["false"], c["debatable"]
    if ok + bad == 0:
        return "-"
    return f"{ok / (ok + bad):.3f} ({(ok + deb) / (ok + bad + deb):.3f} w/ debatable)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=("show", "table", "stub"),
                    help="show: findings in context; table: verdict counts; "
                         "stub: YAML lines for the unjudged findings, to fill in")
    ap.add_argument("--judged", type=Path, default=JUDGED, help="verdict file (default: %(default)s)")
    ap.add_argument("--check", action="append", help="only this check (repeatable)")
    ap.add_argument("--file", action="append", help="only files whose key contains this (repeatable)")
    ap.add_argument("--unjudged", action="store_true", help="only findings without a verdict")
    ap.add_argument("--from-gold", action="store_true",
                    help="stub: fill in the verdicts the gold annotation answers (see prejudge)")
    a = ap.parse_args(argv)
    rows = findings()
    judged = load_judged(a.judged)
    if a.action == "table" and (a.file or a.check):
        keep = lambda f: ((not a.check or f["check"] in a.check)  # noqa: E731
                          and (not a.file or any(x in f["file"] for x in a.file)))
        rows = [f for f in rows if keep(f)]
        judged = {k: j for k, j in judged.items() if keep(j)}
    if a.action == "show":
        show(rows, judged, a)
        return 0
    if a.action == "stub":
        for f in rows:
            if _key(f) not in judged and (not a.check or f["check"] in a.check):
                v = prejudge(f) if a.from_gold else None
                verdict, why = v if v else ("", "")
                print(f"- {{file: {f['file']}, start: {f['start']}, end: {f['end']}, "
                      f"check: {f['check']}, verdict: {verdict}, why: {json.dumps(why, ensure_ascii=False)}}}")
        return 0
    return table(rows, judged)


if __name__ == "__main__":
    sys.exit(main())
