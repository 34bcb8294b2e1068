import sys, build
src="".join(l for l in open(f"src_{sys.argv[1]}.txt",encoding="utf-8").read().split("\n") if not l.startswith("#"))
plain,figs,blanks,cuts=build.parse(src)
bs=build.boundaries(len(plain),cuts)
print(len(plain), bs)
for b in bs:
    near=[(f["pstart"]-b, plain[f["pstart"]:f["pend"]]) for f in figs if abs(f["pstart"]-b)<=35]
    print(b, near)
