#!/usr/bin/env python3
"""Instructions per request of scimd, counted by callgrind (`make profile`).

Starts a release scimd under `valgrind --tool=callgrind` on a fresh SQLite database in a
temporary directory, listening on 127.0.0.1 only, creates a bearer token with scimctl, and
sends each request kind sequentially over one keep-alive connection (as Entra ID and Okta
do): create a user, PATCH-replace one attribute, GET by id, GET ?filter=userName eq "...".
After a warm-up of every kind, the counters are zeroed before each kind and dumped after it
(`callgrind_control`), so each dump holds exactly that kind's requests plus whatever the
background services ran meanwhile (the idle phase measures that). Prints instructions per
request and, per kind, the top functions by their own cost and inclusive (read from the dumps).

Two workarounds make valgrind 3.19 (Debian 12) run a Swift server at all:
- libdispatch parks the main thread in `sigsuspend` with a signal mask in read-only memory,
  and valgrind 3.19's rt_sigsuspend wrapper writes into that mask: it dies of SIGSEGV "at the
  first thread". A preloaded `sigsuspend` (built here) passes a copy on the stack instead.
- valgrind 3.19 cannot read DWARF 5 (forms strx1, rnglistx, ...), which swiftc and clang emit
  by default: build with `-debug-info-format=dwarf -dwarf-version=4` and `-Xcc -gdwarf-4`
  (the Makefile's `profile` target does, in .build-callgrind/).

Bounded: N requests per kind (default 200), each with a timeout; the server is stopped at the
end whatever happens.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

SHIM_SOURCE = r"""
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
/* valgrind 3.19 edits the mask rt_sigsuspend is given; libdispatch's is read-only. */
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, _NSIG / 8);
}
"""

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
KINDS = ["create", "patch", "get", "filter"]


def fail(message):
    print(f"profile-requests: {message}", file=sys.stderr)
    sys.exit(1)


def user_body(name, index):
    # The shape Microsoft Entra ID sends (as scimbench's Payloads.user).
    return {
        "schemas": [USER_SCHEMA],
        "externalId": f"ext-{name}",
        "userName": name,
        "active": True,
        "displayName": f"Profile User {index}",
        "emails": [{"primary": True, "type": "work", "value": name}],
        "name": {"formatted": f"Profile User {index}", "familyName": f"User {index}", "givenName": "Profile"},
    }


class Client:
    def __init__(self, port, token):
        # Generous timeout: under callgrind a request runs 30-100x slower.
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}

    def request(self, method, path, body=None, expect=200):
        data = json.dumps(body).encode() if body is not None else None
        self.connection.request(method, "/scim/v2" + path, body=data, headers=self.headers)
        response = self.connection.getresponse()
        payload = response.read()
        if response.status != expect:
            fail(f"{method} {path}: expected {expect}, got {response.status}: {payload[:300]!r}")
        return json.loads(payload) if payload else None


class Workload:
    """Each kind's n-th request; the users it needs are the ones `create` made."""

    def __init__(self, client):
        self.client = client
        self.users = []  # (id, userName)
        self.patched = 0
        self.read = 0
        self.looked_up = 0

    def create(self):
        index = len(self.users)
        name = f"profile-u{index}@example.com"
        created = self.client.request("POST", "/Users", user_body(name, index), expect=201)
        self.users.append((created["id"], name))

    def patch(self):
        user_id, _ = self.users[self.patched % len(self.users)]
        self.patched += 1
        body = {"schemas": [PATCH_SCHEMA],
                "Operations": [{"op": "Replace", "path": "displayName", "value": f"Renamed {self.patched}"}]}
        self.client.request("PATCH", f"/Users/{user_id}", body)

    def get(self):
        user_id, _ = self.users[self.read % len(self.users)]
        self.read += 1
        got = self.client.request("GET", f"/Users/{user_id}")
        if got["id"] != user_id:
            fail(f"GET /Users/{user_id} answered id {got['id']}")

    def filter(self):
        user_id, name = self.users[self.looked_up % len(self.users)]
        self.looked_up += 1
        query = urllib.parse.quote(f'userName eq "{name}"')
        found = self.client.request("GET", f"/Users?filter={query}")
        if found.get("totalResults") != 1 or found["Resources"][0]["id"] != user_id:
            fail(f"filter userName eq {name} did not find exactly {user_id}")


def callgrind_control(pid, *args):
    result = subprocess.run(["callgrind_control", *args, str(pid)], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        fail(f"callgrind_control {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")


def wait_for_dump(out_dir, pid, number, timeout=300):
    """callgrind numbers the dumps it is asked for: callgrind.out.PID.N."""
    path = os.path.join(out_dir, f"callgrind.out.{pid}.{number}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                text = f.read()
            if re.search(r"^totals:", text, re.M) or re.search(r"^summary:", text, re.M):
                return path, text
        time.sleep(0.2)
    fail(f"no dump {path} within {timeout} s")


def total_instructions(text):
    match = re.search(r"^(?:totals|summary):\s*(\d+)", text, re.M)
    return int(match.group(1)) if match else 0


def demangler():
    for candidate in ["swift-demangle", "/opt/swift/usr/bin/swift-demangle"]:
        if shutil.which(candidate):
            return shutil.which(candidate)
    return None


def read_dump(path):
    """Self cost per (object, function), and each function's own cost plus the calls it makes
    (inclusive). Exact for synchronous code. An async function hands over to its continuation
    by a tail call, which callgrind counts as a call: its inclusive figure also holds what ran
    after it in the same task, so read the self costs and the synchronous functions first."""
    names = {"ob": {}, "fn": {}}

    def name(kind, text):
        match = re.match(r"\((\d+)\)(?:\s(.*))?$", text)
        if not match:
            return text
        if match.group(2) is not None:
            names[kind][match.group(1)] = match.group(2)
        return names[kind].get(match.group(1), text)

    own, inclusive = {}, {}
    obj = function = None
    in_call = False
    with open(path, errors="replace") as f:
        for line in f:
            first = line[:1]
            if first.isdigit() or first in "+-*":
                parts = line.split()
                if len(parts) >= 2:
                    cost = int(parts[1])
                    inclusive[(obj, function)] = inclusive.get((obj, function), 0) + cost
                    if not in_call:
                        own[(obj, function)] = own.get((obj, function), 0) + cost
                in_call = False
                continue
            key, _, value = line.rstrip("\n").partition("=")
            if key == "ob":
                obj = name("ob", value)
            elif key == "cob":
                name("ob", value)
            elif key == "fn":
                function = name("fn", value)
            elif key == "cfn":
                name("fn", value)
            elif key == "calls":
                in_call = True
    return own, inclusive


# Frames whose inclusive cost says nothing about a request: thread starts, executors, dispatch,
# continuations, and the SQLite threads' loop.
PLUMBING = re.compile(
    r"^(clone|start_thread|swift_|swift::|_dispatch|dispatch_|NSThreadStart|@objc NSThreadStart|Thread\.main|"
    r"withTaskCancellationHandler|withUnsafe\w*Continuation|withChecked\w*Continuation|UnownedJob|jobInvoke|"
    r"(partial apply for )?closure #1 in SQLiteThreads|SQLiteThreads\.run)|'\d+$")


# Mangled names of scimd's own modules: SCIM, Store, Provisioning, ScimdServer, scimd.
OWN_MODULES = re.compile(r"^\$s(4SCIM|5Store|12Provisioning|11ScimdServer|5scimd)")


def demangled(names, demangle):
    if not demangle or not names:
        return names
    result = subprocess.run([demangle, "--simplified"], input="\n".join(names), capture_output=True, text=True, timeout=120)
    lines = result.stdout.splitlines()
    return lines if len(lines) == len(names) else names


def top_functions(costs, count, demangle, only_scimd):
    rows = sorted(((cost, key) for key, cost in costs.items() if key[1]), reverse=True)
    if only_scimd:
        rows = [row for row in rows if OWN_MODULES.match(row[1][1])]
    rows = rows[: count * 8]
    names = demangled([key[1] for _, key in rows], demangle)
    out = []
    for (cost, (obj, _)), shown in zip(rows, names):
        if only_scimd and (PLUMBING.search(shown) or shown.startswith(("protocol witness", "partial apply"))):
            continue
        out.append((cost, os.path.basename(obj or "?"), shown))
    return out[:count]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=".build-callgrind/release", help="directory with scimd and scimctl")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per kind (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per kind first (default 20)")
    parser.add_argument("--top", type=int, default=15, help="functions listed per kind (default 15)")
    parser.add_argument("--idle-seconds", type=float, default=5, help="length of the idle measurement (default 5)")
    parser.add_argument("--out", help="keep the callgrind dumps here (default: a temporary directory, removed)")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON object")
    args = parser.parse_args()
    if not 1 <= args.requests <= 5000 or not 0 <= args.warmup <= 1000:
        fail("--requests must be 1-5000 and --warmup 0-1000")
    for tool in ["valgrind", "callgrind_control"]:
        if not shutil.which(tool):
            fail(f"{tool} not found: apt-get install valgrind")
    scimd, scimctl = os.path.join(args.bin, "scimd"), os.path.join(args.bin, "scimctl")
    for binary in [scimd, scimctl]:
        if not os.access(binary, os.X_OK):
            fail(f"{binary} not found: build it first (make profile does)")
    compiler = shutil.which("cc") or shutil.which("clang")
    if not compiler:
        fail("no C compiler (cc or clang) for the sigsuspend shim")

    work = tempfile.mkdtemp(prefix="scimd-profile-")
    out_dir = os.path.abspath(args.out) if args.out else os.path.join(work, "callgrind")
    os.makedirs(out_dir, exist_ok=True)
    shim = os.path.join(work, "sigsuspend-shim.so")
    with open(os.path.join(work, "shim.c"), "w") as f:
        f.write(SHIM_SOURCE)
    subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", shim, os.path.join(work, "shim.c")], check=True)

    database = os.path.join(work, "profile.sqlite")
    schemas = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas")
    log_path = os.path.join(work, "scimd.log")
    environment = dict(os.environ, LD_PRELOAD=shim)
    command = [
        "valgrind", "--tool=callgrind", "--fair-sched=yes", "--instr-atstart=yes",
        f"--callgrind-out-file={out_dir}/callgrind.out.%p", "--log-file=" + os.path.join(work, "valgrind.log"),
        scimd, "serve", "--host", "127.0.0.1", "--port", "0", "--database", database, "--schemas", schemas,
    ]
    log = open(log_path, "w")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, env=environment, text=True,
                              start_new_session=True)
    figures = {}
    try:
        port = None
        deadline = time.monotonic() + 300
        while port is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                if server.poll() is not None:
                    fail(f"scimd exited ({server.returncode}); see {work}/valgrind.log and {log_path}")
                continue
            match = re.search(r"http://127\.0\.0\.1:(\d+)/scim/v2", line)
            if match:
                port = int(match.group(1))
        if port is None:
            fail("scimd did not start listening within 300 s")
        issued = subprocess.run([scimctl, "--database", database, "tokens", "create", "--name", "profile"],
                                capture_output=True, text=True, timeout=120)
        if issued.returncode != 0:
            fail(f"scimctl tokens create failed: {issued.stderr.strip()}")
        token = issued.stdout.strip().splitlines()[-1]
        workload = Workload(Client(port, token))
        pid = server.pid
        for kind in KINDS:
            for _ in range(args.warmup):
                getattr(workload, kind)()
        dump = 0
        for kind in KINDS + ["idle"]:
            callgrind_control(pid, "--zero")
            started = time.monotonic()
            if kind == "idle":
                time.sleep(args.idle_seconds)
            else:
                for _ in range(args.requests):
                    getattr(workload, kind)()
            seconds = time.monotonic() - started
            callgrind_control(pid, f"--dump={kind}")
            dump += 1
            path, text = wait_for_dump(out_dir, pid, dump)
            figures[kind] = {"path": path, "instructions": total_instructions(text), "seconds": seconds}
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=120)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    idle = figures["idle"]
    idle_rate = idle["instructions"] / idle["seconds"] if idle["seconds"] > 0 else 0
    print(f"scimd {scimd}, {args.requests} requests per kind after {args.warmup} of each kind, one keep-alive connection")
    print()
    print("| request | instructions per request | of which idle background (est.) | wall s under callgrind |")
    print("| --- | ---: | ---: | ---: |")
    for kind in KINDS:
        f = figures[kind]
        per = f["instructions"] / args.requests
        background = idle_rate * f["seconds"] / args.requests
        print(f"| {kind} | {per:,.0f} | {background:,.0f} | {f['seconds']:.1f} |")
    print(f"| idle | {idle_rate:,.0f} per second | | {idle['seconds']:.1f} |")
    demangle = demangler()
    for kind in KINDS:
        own, inclusive = read_dump(figures[kind]["path"])
        for label, costs, only_scimd in (("self", own, False), ("inclusive, scimd's own modules", inclusive, True)):
            print()
            print(f"## {kind}: top {args.top} functions, {label} (instructions per request)")
            for cost, obj, name in top_functions(costs, args.top, demangle, only_scimd):
                print(f"{cost / args.requests:>12,.0f}  {obj[:22]:22}  {name[:150]}")
    if args.json:
        print(json.dumps({k: {"instructions": v["instructions"], "seconds": v["seconds"]} for k, v in figures.items()}
                         | {"requests": args.requests}))
    if args.out:
        print(f"\ndumps kept in {out_dir}. callgrind_annotate 3.19 books a call dumped as calls=0 (made before the"
              " counters were zeroed) as the caller's own cost: run sed 's/^calls=0 /calls=1 /' on a dump first.")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
