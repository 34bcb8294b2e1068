import re,sys
exec(open('build.py').read().split("if __name__")[0])
DIG="0-9０-９,，.．〇一二三四五六七八九十百千万两零"
for doc_id, srcname, _ in DOCS:
    lines=[l for l in open('src/'+srcname,encoding='utf-8').read().split('\n') if l.strip() and not l.startswith('#')]
    body,figs,blanks=render(" ".join(l.strip() for l in lines))
    res=[]
    for C in range(270,331):
        cuts=[]
        for s,e,parts in figs:
            for k in range((s//C+1)*C, e, C):
                if s<k<e:
                    a,b=body[k-1],body[k]
                    cuts.append((parts[0], re.match(f"[{DIG}]",a) is not None and re.match(f"[{DIG}]",b) is not None))
        n=sum(x[1] for x in cuts)
        res.append((C,n,len(cuts)))
    print(doc_id, len(body), [r for r in res if r[1]>=2])
