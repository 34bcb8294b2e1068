import re,sys
ARGV=sys.argv[:]; sys.argv=sys.argv[:1]
exec(open('build.py').read().split("if __name__")[0])
doc_id, srcname, C = [d for d in DOCS if d[0]==ARGV[1]][0]
C=int(ARGV[2]) if len(ARGV)>2 else C
lines=[l for l in open('src/'+srcname,encoding='utf-8').read().split('\n') if l.strip() and not l.startswith('#')]
body,figs,blanks=render(" ".join(l.strip() for l in lines))
print(doc_id,len(body))
for k in range(C,len(body),C):
    inside=[p[0] for s,e,p in figs if s<k<e]
    # figures fully in window before k
    cands=[(p[0],k-e) for s,e,p in figs if k-45<e<=k]
    print(k//C, repr(body[k-12:k])+"|"+repr(body[k:k+8]), "CUT:"+str(inside) if inside else "", cands[-3:])
