#!/usr/bin/env python3
"""What sync scope rules cost on the write path: user creates and PATCHes against two release
scimd servers side by side, one tenant with the default rules (a work email, givenName,
familyName), one with `scimctl scope require none`, optionally with a role mapping so the
assignment engine runs in both. Rounds alternate which server goes first, so a busy neighbour
on a shared machine slows both alike; the medians are printed.

    scripts/ab-scope-writes.py [--requests N] [--rounds R] [--mapping]
"""
import argparse, http.client, json, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")


def start(label, unrestricted, mapping, port):
    work = tempfile.mkdtemp(prefix=f"scimd-ab-{label}.")
    db = os.path.join(work, "scimd.sqlite")
    ctl = [os.path.join(BIN, "scimctl"), "--database", db, "--schemas", os.path.join(ROOT, "schemas")]
    subprocess.run(ctl + ["tenants", "create", "default"], check=True, capture_output=True)
    token = subprocess.run(ctl + ["tokens", "create", "--name", "ab"], check=True, capture_output=True, text=True).stdout.split()[-1]
    if unrestricted:
        subprocess.run(ctl + ["scope", "require", "none"], check=True, capture_output=True)
    if mapping:
        subprocess.run(ctl + ["roles", "create", "Member"], check=True, capture_output=True)
        subprocess.run(ctl + ["mappings", "add-role", "--group", "Staff", "--role", "Member"], check=True, capture_output=True)
    server = subprocess.Popen(
        [os.path.join(BIN, "scimd"), "serve", "--host", "127.0.0.1", "--port", str(port), "--database", db,
         "--schemas", os.path.join(ROOT, "schemas")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/health")
            conn.getresponse().read()
            return server, conn, token
        except OSError:
            time.sleep(0.1)
    sys.exit(f"ab-scope-writes: {label} server did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mapping", action="store_true")
    args = parser.parse_args()
    servers = {"defaults": start("defaults", False, args.mapping, 18961), "unrestricted": start("none", True, args.mapping, 18962)}
    counters = {name: 0 for name in servers}
    ids = {name: [] for name in servers}
    results = {(name, phase): [] for name in servers for phase in ("create", "patch")}

    def send(name, method, path, body):
        _, conn, token = servers[name]
        conn.request(method, path, json.dumps(body), {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"})
        response = conn.getresponse()
        data = response.read()
        if response.status >= 300:
            sys.exit(f"ab-scope-writes: {name} {method} {path} answered {response.status}: {data[:200]}")
        return json.loads(data) if data else None

    def creates(name):
        start_time = time.perf_counter()
        for _ in range(args.requests):
            i = counters[name]
            counters[name] += 1
            created = send(name, "POST", "/scim/v2/Users", {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": f"ab{i}@example.com",
                "name": {"givenName": "A", "familyName": f"B{i}"},
                "emails": [{"type": "work", "primary": True, "value": f"ab{i}@example.com"}]})
            ids[name].append(created["id"])
        return (time.perf_counter() - start_time) / args.requests * 1e6

    def patches(name):
        start_time = time.perf_counter()
        for k in range(args.requests):
            send(name, "PATCH", f"/scim/v2/Users/{ids[name][k % len(ids[name])]}", {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "replace", "path": "displayName", "value": f"N{k}"}]})
        return (time.perf_counter() - start_time) / args.requests * 1e6

    try:
        if args.mapping:
            for name in servers:
                creates(name)
                send(name, "POST", "/scim/v2/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                                        "displayName": "Staff", "members": [{"value": i} for i in ids[name][:200]]})
        for r in range(args.rounds):
            order = list(servers) if r % 2 == 0 else list(reversed(list(servers)))
            for name in order:
                results[(name, "create")].append(creates(name))
            for name in order:
                results[(name, "patch")].append(patches(name))
        for phase in ("create", "patch"):
            d = statistics.median(results[("defaults", phase)])
            u = statistics.median(results[("unrestricted", phase)])
            print(f"{phase}: default rules {d:,.0f} µs, no rules {u:,.0f} µs per request (median of {args.rounds} rounds of "
                  f"{args.requests}, one connection{', role mapping' if args.mapping else ''}): {100 * (d - u) / u:+.1f}%")
    finally:
        for server, _, _ in servers.values():
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
