#!/usr/bin/env python3
"""Latency of identity-provider writes while an operator changes a large mapped group.

Starts a release scimd on a fresh SQLite file, provisions USERS users into one group mapped to
role 'Admin', then runs PATCH requests from CLIENTS threads for the whole measurement while
`scimctl roles delete Admin` and `scimctl roles create Admin` each recompute every member.
Reports the PATCH latency distribution during the admin actions, every non-2xx answer, and how
long the scimctl commands took. Bounded: a fixed number of users, loops stop at a deadline.

    scripts/admin-latency.py [--users 30000] [--clients 4] [--bin .build/release]
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def request(conn, method, path, token, body=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    return response.status, payload


def start_server(binary, database):
    process = subprocess.Popen(
        [os.path.join(binary, "scimd"), "serve", "--port", "0", "--database", database, "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = token = None
    deadline = time.time() + 30
    lines = []
    while time.time() < deadline and (port is None or token is None):
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/scim/v2", line)
        if match:
            port = int(match.group(1))
        elif port is not None and re.fullmatch(r"[A-Za-z0-9_\-]{20,}\s*", line):
            token = line.strip()
    if port is None or token is None:
        process.kill()
        sys.exit("admin-latency: scimd did not start:\n" + "".join(lines))
    threading.Thread(target=lambda: process.stdout.read(), daemon=True).start()
    return process, port, token


def provision(port, token, users):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    ids = []
    batch = 500
    for start in range(0, users, batch):
        operations = [
            {"method": "POST", "path": "/Users", "bulkId": f"u{i}",
             "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": f"user{i}@example.com",
                      # what the default scope rules require (docs/scope.md)
                      "name": {"givenName": "User", "familyName": str(i)},
                      "emails": [{"type": "work", "value": f"user{i}@example.com"}]}}
            for i in range(start, min(users, start + batch))]
        status, payload = request(conn, "POST", "/scim/v2/Bulk", token, {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": operations})
        if status != 200:
            sys.exit(f"admin-latency: bulk create answered {status}: {payload[:300]!r}")
        for result in json.loads(payload)["Operations"]:
            ids.append(result["location"].rsplit("/", 1)[1])
    status, payload = request(conn, "POST", "/scim/v2/Groups", token, {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Staff"})
    group = json.loads(payload)["id"]
    for start in range(0, len(ids), 1000):
        status, payload = request(conn, "PATCH", f"/scim/v2/Groups/{group}", token, {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": i} for i in ids[start:start + 1000]]}]})
        if status not in (200, 204):
            sys.exit(f"admin-latency: member add answered {status}: {payload[:300]!r}")
    return ids


def scimctl(binary, database, *arguments):
    started = time.monotonic()
    result = subprocess.run([os.path.join(binary, "scimctl"), "--database", database, *arguments],
                            capture_output=True, text=True, timeout=600)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"admin-latency: scimctl {' '.join(arguments)} failed: {result.stderr.strip()}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=30_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--bin", default=".build/release")
    args = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="scimd-admin-latency-")
    database = os.path.join(directory, "scimd.sqlite")
    process, port, token = start_server(args.bin, database)
    try:
        started = time.monotonic()
        ids = provision(port, token, args.users)
        print(f"provisioned {len(ids)} users in group 'Staff' in {time.monotonic() - started:.1f} s")
        scimctl(args.bin, database, "roles", "create", "Admin")
        setup = scimctl(args.bin, database, "mappings", "add-role", "--group", "Staff", "--role", "Admin")
        print(f"scimctl mappings add-role (recomputes {len(ids)} users): {setup:.2f} s")

        stop = threading.Event()
        samples, failures = [], []
        lock = threading.Lock()

        def client(worker):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            n = 0
            while not stop.is_set():
                user = ids[(worker * 7919 + n) % len(ids)]
                n += 1
                body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{"op": "replace", "path": "displayName", "value": f"n{n}"}]}
                t0 = time.monotonic()
                status, payload = request(conn, "PATCH", f"/scim/v2/Users/{user}", token, body)
                latency = time.monotonic() - t0
                with lock:
                    samples.append((t0, latency))
                    if status >= 300:
                        failures.append((status, payload[:200]))

        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        window_start = time.monotonic()
        deleted = scimctl(args.bin, database, "roles", "delete", "Admin")
        created = scimctl(args.bin, database, "roles", "create", "Admin")
        window_end = time.monotonic()
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join(timeout=70)

        during = sorted(latency for (t0, latency) in samples if window_start <= t0 <= window_end)
        before = sorted(latency for (t0, latency) in samples if t0 < window_start)

        def describe(values):
            if not values:
                return "no samples"
            q = lambda p: values[min(len(values) - 1, int(p * len(values)))] * 1000
            return (f"{len(values)} PATCHes, p50 {q(0.5):.1f} ms, p99 {q(0.99):.1f} ms, max {values[-1] * 1000:.1f} ms, "
                    f"mean {statistics.mean(values) * 1000:.1f} ms")

        print(f"scimctl roles delete Admin ({len(ids)} users to recompute): {deleted:.2f} s")
        print(f"scimctl roles create Admin ({len(ids)} users to recompute): {created:.2f} s")
        print(f"PATCH /Users before the admin actions ({args.clients} clients): {describe(before)}")
        print(f"PATCH /Users during the admin actions ({args.clients} clients): {describe(during)}")
        print(f"non-2xx answers: {len(failures)}" + (f", first: {failures[0]}" if failures else ""))
        return 1 if failures else 0
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
