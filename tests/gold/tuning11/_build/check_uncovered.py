"""List digit runs / Chinese-numeral+measure-word spots not covered by any gold figure."""
import json, re, sys, glob, os
HERE = os.path.dirname(os.path.abspath(__file__))
for p in sorted(glob.glob(os.path.join(HERE, "..", "*.json"))):
    d = json.load(open(p, encoding="utf-8"))
    t = d["text"]
    cov = [False] * len(t)
    for f in d["figures"]:
        for k in range(f["start"], f["end"]):
            cov[k] = True
    print(os.path.basename(p))
    for m in re.finditer(r"[0-9０-９.]+|[一二三四五六七八九十两百千万]+(?=[个名人次户份场期条项家年])", t):
        if not any(cov[m.start():m.end()]):
            print("   ", repr(t[max(0, m.start() - 8):m.end() + 6]))
