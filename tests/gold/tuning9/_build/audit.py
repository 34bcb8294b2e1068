import json,re,glob
for p in sorted(glob.glob('*.json')):
    d=json.load(open(p)); t=d['text']
    cov=set()
    for f in d['figures']: cov.update(range(f['start'],f['end']))
    print('==',p)
    for m in re.finditer(r'[0-9０-９][0-9.]*|[一二三四五六七八九十百千万两〇零]+', t):
        if not (set(range(m.start(),m.end())) & cov):
            print('  ', repr(t[max(0,m.start()-6):m.end()+4]))
