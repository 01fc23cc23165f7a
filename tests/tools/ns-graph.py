#!/usr/bin/python3
"""Namespace graph of src/: lines and share per namespace, the namespaces each one uses (types referenced through a
using or a qualified name), 2-cycles and strongly connected components. The architecture note of #13 measured with it.

Usage: python3 tests/tools/ns-graph.py REPO [FROM>TO ...]   (FROM>TO pairs: print which types make that edge)"""
import os,re,sys,collections
root=sys.argv[1]
files={}
for d,_,fs in os.walk(root+'/src'):
    if '/obj' in d or '/bin' in d: continue
    for f in fs:
        if f.endswith('.cs'):
            p=os.path.join(d,f); t=open(p).read()
            m=re.search(r'^namespace\s+([\w.]+)',t,re.M)
            files[p]=(m.group(1) if m else '?',t)
# types per namespace
types=collections.defaultdict(set)
for p,(ns,t) in files.items():
    for m in re.finditer(r'\b(?:class|record|struct|interface|enum)\s+(\w+)',t):
        types[ns].add(m.group(1))
owner={}
for ns,ts in types.items():
    for x in ts: owner.setdefault(x,ns)
deps=collections.defaultdict(set); lines=collections.Counter()
for p,(ns,t) in files.items():
    lines[ns]+=t.count('\n')
    body=re.sub(r'//.*','',t); body=re.sub(r'"(?:\\.|[^"\\])*"','""',body)
    used=set(re.findall(r'\b([A-Z]\w+)\b',body))
    for u in used:
        for o in [n for n,ts in types.items() if u in ts]:
            if o!=ns and (re.search(r'using\s+'+re.escape(o)+r'\s*;',t) or (o+'.') in t or ns.startswith(o+'.')): deps[ns].add(o)
short=lambda n:n.replace('GirAgent.','')
tot=sum(lines.values())
for ns in sorted(lines): print(f"{short(ns):22} {lines[ns]:6} {100*lines[ns]/tot:5.1f}%  -> {', '.join(sorted(short(d) for d in deps[ns]))}")
cyc=[(a,b) for a in deps for b in deps[a] if a in deps.get(b,()) and a<b]
print("2-cycles:",[(short(a),short(b)) for a,b in cyc])
# find all SCCs
import itertools
idx={};low={};st=[];on=set();sccs=[];c=[0]
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in deps.get(v,()):
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        s=[]
        while True:
            w=st.pop();on.discard(w);s.append(w)
            if w==v:break
        if len(s)>1:sccs.append(s)
for v in list(lines): 
    if v not in idx: sc(v)
print("SCCs:",[[short(x) for x in s] for s in sccs])
if len(sys.argv)>2:
    for p,(ns,t) in files.items():
        body=re.sub(r'//.*','',t); body=re.sub(r'"(?:\\.|[^"\\])*"','""',body)
        for u in set(re.findall(r'\b([A-Z]\w+)\b',body)):
            for o in [n for n,ts in types.items() if u in ts]:
             if o!=ns and (re.search(r'using\s+'+re.escape(o)+r'\s*;',t) or (o+'.') in t) and (short(ns),short(o)) in [tuple(x.split('>')) for x in sys.argv[2:]]:
                print(short(ns),'->',short(o),u,p.split('/src/')[-1])
