#!/usr/bin/env python3
"""A/B read latency of two scimd checkouts: scripts/ab-read-latency.py BEFORE_REPO AFTER_REPO.

Starts each checkout's .build/release/scimd on 127.0.0.1 (a free port, a temporary database),
creates 3,000 users in each, then times pages of 100 users and userName lookups over one
keep-alive connection, alternating which server goes first, and prints µs per request.
"""
import http.client, json, sys, time, subprocess, tempfile, os, re
SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas")
def start(repo):
    d=tempfile.mkdtemp()
    p=subprocess.Popen([repo+"/.build/release/scimd","serve","--port","0","--database",d+"/d.sqlite","--schemas",SCHEMAS,"--log-level","error"],stdout=subprocess.PIPE,stderr=subprocess.STDOUT,text=True)
    port=tok=None
    while port is None or tok is None:
        line=p.stdout.readline()
        m=re.search(r"127\.0\.0\.1:(\d+)/scim",line)
        if m: port=int(m.group(1))
        if line.startswith("scimd_"): tok=line.strip()
    return p,port,tok
servers={n:start(r) for n,r in [("old",sys.argv[1]),("new",sys.argv[2])]}
def conn(port): return http.client.HTTPConnection("127.0.0.1",port,timeout=60)
for n,(p,port,tok) in servers.items():
    c=conn(port); h={"Authorization":"Bearer "+tok,"Content-Type":"application/scim+json"}
    for i in range(3000):
        c.request("POST","/scim/v2/Users",json.dumps({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":f"u{i}@example.com","name":{"givenName":"A","familyName":"B"},"emails":[{"value":f"u{i}@example.com","type":"work","primary":True}]}),h); c.getresponse().read()
def bench(n,path,k):
    p,port,tok=servers[n]; c=conn(port); h={"Authorization":"Bearer "+tok}
    t=time.perf_counter()
    for i in range(k):
        c.request("GET",path,headers=h); c.getresponse().read()
    return (time.perf_counter()-t)/k*1e6
res={}
for rnd in range(4):
    for n in (["old","new"] if rnd%2==0 else ["new","old"]):
        res.setdefault((n,"list"),[]).append(bench(n,"/scim/v2/Users?startIndex=1&count=100",200))
        res.setdefault((n,"filter"),[]).append(bench(n,"/scim/v2/Users?filter=userName%20eq%20%22u7%40example.com%22",1500))
for k,v in sorted(res.items()): print(k, " ".join(f"{x:.0f}" for x in v), "median µs/req", f"{sorted(v)[len(v)//2]:.0f}")
for p,_,_ in servers.values(): p.terminate()
