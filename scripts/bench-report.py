#!/usr/bin/env python3
"""Writes docs/performance.md from a scripts/bench.sh work directory.

Usage: bench-report.py WORK_DIR OUTPUT

Everything above the KEEP marker is regenerated; everything below it (the hand-written
analysis and next steps) is carried over from the existing file.
"""
import json
import os
import re
import platform
import subprocess
import sys

KEEP = "<!-- Everything below this line is written by hand; scripts/bench.sh keeps it. -->"


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def run(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def cpu_model():
    for line in read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib():
    for line in read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return "unknown"


def fmt(value, digits=1):
    return f"{value:,.{digits}f}"


def scale_name(users):
    return f"{int(users):,}"


def main():
    work, output = sys.argv[1], sys.argv[2]
    scales = [int(s) for s in read(os.path.join(work, "scales")).split()]
    phases = {}
    for users in scales:
        rows = []
        for line in read(os.path.join(work, str(users), "phases.jsonl")).splitlines():
            if line.startswith("{"):
                rows.append(json.loads(line))
        phases[users] = rows

    scenarios = read(os.path.join(work, "scenarios")).split()
    scenario_rows = {}
    for name in scenarios:
        rows = []
        for line in read(os.path.join(work, f"scenario-{name}", "phases.jsonl")).splitlines():
            if line.startswith("{"):
                rows.append(json.loads(line))
        scenario_rows[name] = rows

    def scenario_phase(scenario, name):
        for row in scenario_rows.get(scenario, []):
            if row["phase"] == name:
                return row
        return None

    def find(users, name):
        for row in phases.get(users, []):
            if row["phase"] == name:
                return row
        return None

    out = []
    out.append("# Performance")
    out.append("")
    out.append(
        "Measured by `make bench` (`scripts/bench.sh`), which builds release binaries, starts "
        "`scimd serve` on 127.0.0.1 with a new temporary SQLite database for each population, issues a "
        "token with `scimctl tokens create`, and drives it with `scimbench` (`Sources/scimbench`). The load "
        "generator runs on the same machine. Every response is verified; a wrong answer counts as an error. "
        "Everything above the analysis is rewritten by each run."
    )
    out.append("")
    out.append("## Run")
    out.append("")
    started = read(os.path.join(work, "started"))
    rev = run("git", "rev-parse", "--short", "HEAD")
    dirty = " plus uncommitted changes" if run("git", "status", "--porcelain", "--untracked-files=no") else ""
    swift = run("swift", "--version").splitlines()
    sqlite = run("pkg-config", "--modversion", "sqlite3")
    out.append(f"- Date: {started}; commit `{rev}`{dirty}")
    out.append(
        f"- Machine: {os.cpu_count()} cores (`nproc`), {cpu_model()}, {memory_gib()} RAM; "
        f"{platform.system()} {platform.release()}"
    )
    out.append(f"- Toolchain: {swift[0] if swift else 'swift'}; SQLite {sqlite or 'unknown'} (system library)")
    load_before = read(os.path.join(work, "load-before")).split()[:3]
    load_after = read(os.path.join(work, "load-after")).split()[:3]
    out.append(
        f"- Load average (1/5/15 min) before: {' '.join(load_before)}, after: {' '.join(load_after)}. "
        "The machine is shared with other builds; a load near 2 means the two cores were already busy."
    )
    for users in scales:
        command = read(os.path.join(work, str(users), "command"))
        base = command.split("--base ", 1)[1].split(" ", 1)[0] if "--base " in command else ""
        command = command.replace(base, "http://127.0.0.1:PORT/scim/v2")
        out.append(f"- {scale_name(users)} users: `{command}`")
    for name in scenarios:
        command = read(os.path.join(work, f"scenario-{name}", "command"))
        # Every --base (the PostgreSQL scenarios name one per instance).
        command = re.sub(r"--base http://127\.0\.0\.1:\d+/", "--base http://127.0.0.1:PORT/", command)
        out.append(f"- scenario {name}: `{command}`")
    for note in read(os.path.join(work, "notes")).splitlines():
        out.append(f"- {note}")
    out.append("")

    out.append("## Figures")
    out.append("")
    out.append(
        "Latencies in milliseconds (HdrHistogram, 3 significant digits), at the stated concurrency "
        "(closed loop: each connection sends its next request when the answer is in). `*` marks a phase "
        "stopped by `--max-seconds`. CPU columns are user+system CPU time of each process during the phase "
        "divided by its requests (`/proc/PID/stat`, 10 ms ticks): they depend much less on what else the machine "
        "runs, and 2 cores / (scimd + scimbench CPU per request) bounds the ops/s this machine can reach. "
        "\"scimd peak RSS after\" is VmHWM when the phase ended, so the phase that raised it stands out."
    )

    def phase_table(rows):
        # The PostgreSQL scenarios also report the cluster's CPU (postmaster and backends).
        database = any("database_cpu_us" in r for r in rows)
        extra = " PostgreSQL CPU µs/req |" if database else ""
        out.append("| phase | requests | ops/s | p50 | p90 | p99 | max | errors | scimd CPU µs/req | scimbench CPU µs/req |" + extra + " scimd peak RSS after | what |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if database else "") + " ---: | --- |")
        for r in rows:
            star = "*" if r.get("truncated") else ""
            server = fmt(r["server_cpu_us"], 0) if "server_cpu_us" in r else ""
            client = fmt(r["client_cpu_us"], 0) if "client_cpu_us" in r else ""
            db = (f" {fmt(r['database_cpu_us'], 0) if 'database_cpu_us' in r else ''} |") if database else ""
            peak = f"{r['server_peak_rss_mb']:.0f} MB" if "server_peak_rss_mb" in r else ""
            out.append(
                f"| {r['phase']}{star} | {r['requests']:,} | {fmt(r['ops_per_s'])} | {r['p50_ms']:.2f} | "
                f"{r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.2f} | {r['errors']} | {server} | {client} |{db} "
                f"{peak} | {r.get('note', '')} |"
            )

    for users in scales:
        out.append("")
        seconds = read(os.path.join(work, str(users), "seconds"))
        out.append(f"### {scale_name(users)} users ({seconds} s)")
        out.append("")
        phase_table(phases[users])
    for name in scenarios:
        out.append("")
        seconds = read(os.path.join(work, f"scenario-{name}", "seconds"))
        what = read(os.path.join(work, f"scenario-{name}", "what"))
        out.append(f"### Scenario {name} ({seconds} s): {what}")
        out.append("")
        phase_table(scenario_rows[name])
    out.append("")
    out.append("### ops/s by population")
    out.append("")
    names = []
    for users in scales:
        for r in phases[users]:
            if r["phase"] not in names:
                names.append(r["phase"])
    out.append("| phase | " + " | ".join(scale_name(u) for u in scales) + " |")
    out.append("| --- | " + " | ".join("---:" for _ in scales) + " |")
    for name in names:
        cells = []
        for users in scales:
            r = find(users, name)
            cells.append(fmt(r["ops_per_s"]) if r else "–")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("")

    postgres = [n for n in ("postgres-1", "postgres-2") if n in scenario_rows]
    if postgres and 10000 in phases:
        out.append("### PostgreSQL beside SQLite (10,000 users, 16 connections)")
        out.append("")
        out.append(
            "ops/s, and in brackets the CPU per request of scimd plus, on PostgreSQL, the cluster's "
            "(scimbench's own CPU is left out). With two instances the requests alternate between them."
        )
        out.append("")
        labels = {"postgres-1": "PostgreSQL, 1 instance", "postgres-2": "PostgreSQL, 2 instances"}
        out.append("| phase | SQLite | " + " | ".join(labels[n] for n in postgres) + " |")
        out.append("| --- | ---: | " + " | ".join("---:" for _ in postgres) + " |")
        def cell(r):
            if not r:
                return "–"
            cpu = r.get("server_cpu_us", 0) + r.get("database_cpu_us", 0)
            return f"{fmt(r['ops_per_s'])} ({fmt(cpu, 0)} µs)"
        for r in phases[10000]:
            out.append(f"| {r['phase']} | {cell(r)} | " + " | ".join(cell(scenario_phase(n, r['phase'])) for n in postgres) + " |")
        out.append("")

    out.append("## Peak memory")
    out.append("")
    out.append("| users | scimd peak RSS (VmHWM) |")
    out.append("| ---: | ---: |")
    rss = {}
    for users in scales:
        kb = read(os.path.join(work, str(users), "peak-rss-kb"), "0") or "0"
        rss[users] = int(kb) / 1024
        out.append(f"| {scale_name(users)} | {rss[users]:.0f} MB |")
    out.append("")

    probe = [line.split("\t") for line in read(os.path.join(work, "sqlite-commit-rate")).splitlines() if "\t" in line]
    if probe:
        out.append("## SQLite on its own")
        out.append("")
        out.append(
            f"`scripts/sqlite-commit-rate.py {max(scales):,} 3000`: transactions shaped like a scimd user create "
            "(resources row, three indexed values, sync-log entry, assignment row), one per BEGIN IMMEDIATE … COMMIT, "
            f"on a database of {max(scales):,} users with scimd's schema, from Python's sqlite3 module (so a lower bound):"
        )
        out.append("")
        out.append("| settings | transactions/s | µs each |")
        out.append("| --- | ---: | ---: |")
        for label, rate, micros in probe:
            out.append(f"| {label} | {int(rate):,} | {micros} |")
        out.append("")

    out.append("## Targets")
    out.append("")
    largest = max(scales) if scales else 0
    smallest = min(scales) if scales else 0
    out.append(
        f"Throughput targets must hold at every population; the scale targets compare {scale_name(smallest)} "
        f"with {scale_name(largest)} users (cost = 1 / ops/s at the same concurrency)."
    )
    out.append("")
    out.append("| target | measured | |")
    out.append("| --- | --- | --- |")

    def throughput(name, label, minimum):
        values = [(u, find(u, name)) for u in scales]
        values = [(u, r["ops_per_s"]) for u, r in values if r]
        if not values:
            return
        met = all(v >= minimum for _, v in values)
        shown = ", ".join(f"{fmt(v, 0)} at {scale_name(u)}" for u, v in values)
        out.append(f"| {label} ≥ {minimum:,}/s | {shown} | {'met' if met else '**missed**'} |")

    throughput("get-by-id", "GET by id", 10000)
    throughput("filter-userName", "filter by userName", 8000)
    throughput("create-users", "create users", 3000)
    throughput("patch-user", "PATCH user", 3000)

    def ratio(label, a, b, limit, detail):
        if not a or not b or b["ops_per_s"] == 0:
            return
        r = a["ops_per_s"] / b["ops_per_s"]
        out.append(f"| {label} ≤ {limit}× | {r:.2f}× ({detail}) | {'met' if r <= limit else '**missed**'} |")

    small, large = find(smallest, "filter-userName"), find(largest, "filter-userName")
    if small and large and smallest != largest:
        ratio(
            f"lookup at {scale_name(largest)} vs {scale_name(smallest)} users", small, large, 1.5,
            f"{fmt(small['ops_per_s'], 0)} → {fmt(large['ops_per_s'], 0)}/s; p50 {small['p50_ms']:.2f} → {large['p50_ms']:.2f} ms",
        )
    for users in [largest]:
        a, b = find(users, "add-one-small"), find(users, "add-one-large")
        if a and b:
            ratio(
                f"add one member: large group vs 10 members ({scale_name(users)} users)", a, b, 2,
                f"{fmt(a['ops_per_s'], 0)} → {fmt(b['ops_per_s'], 0)}/s; {b.get('note', '')}",
            )
        lean = find(users, "add-one-large-lean")
        if a and lean:
            ratio(
                "… same, asking for `excludedAttributes=members`", a, lean, 2,
                f"{fmt(a['ops_per_s'], 0)} → {fmt(lean['ops_per_s'], 0)}/s",
            )
        p1, deep = find(users, "list-page1"), find(users, "list-deep")
        if p1 and deep:
            ratio(
                f"deep page vs page 1 ({scale_name(users)} users)", p1, deep, 2,
                f"{fmt(p1['ops_per_s'], 0)} → {fmt(deep['ops_per_s'], 0)}/s; {deep.get('note', '')}",
            )
    if largest:
        out.append(
            f"| peak RSS at {scale_name(largest)} users ≤ 150 MB | {rss[largest]:.0f} MB | "
            f"{'met' if rss[largest] <= 150 else '**missed**'} |"
        )

    # Issue 12's targets, from the scenarios.
    def scenario_target(label, scenario, name, minimum):
        r = scenario_phase(scenario, name)
        if not r:
            return
        met = r["ops_per_s"] >= minimum
        out.append(f"| {label} ≥ {minimum:,}/s ({scenario}) | {fmt(r['ops_per_s'], 0)}/s | {'met' if met else '**missed**'} |")

    scenario_target("create at 16 connections", "writes", "create-users", 6000)
    scenario_target("PATCH at 16 connections", "writes", "patch-user", 6000)
    scenario_target("GET by id at 32 connections", "reads-32", "get-by-id", 15000)
    scenario_target("filter by userName at 32 connections", "reads-32", "filter-userName", 12000)
    bulk = scenario_phase("bulk", "bulk-create-users")
    if bulk:
        seconds_run = bulk["seconds"] if "seconds" in bulk else bulk["requests"] / bulk["ops_per_s"]
        users_per_s = 100000 / seconds_run if seconds_run else 0
        out.append(f"| /Bulk creates ≥ 15,000 users/s (bulk) | {fmt(users_per_s, 0)} users/s | {'met' if users_per_s >= 15000 else '**missed**'} |")
    if "initial-sync" in scenario_rows:
        parts = [scenario_phase("initial-sync", n) for n in ("create-users", "create-groups", "add-members")]
        if all(parts):
            total = sum(p["requests"] / p["ops_per_s"] for p in parts if p["ops_per_s"])
            out.append(
                f"| initial sync of 100,000 users and 1,000 groups with members < 30 s (initial-sync) | {total:.1f} s "
                f"(users {parts[0]['requests'] / parts[0]['ops_per_s']:.1f} s, groups {parts[1]['requests'] / parts[1]['ops_per_s']:.1f} s, "
                f"members {parts[2]['requests'] / parts[2]['ops_per_s']:.1f} s) | {'met' if total < 30 else '**missed**'} |"
            )
    if "large" in scenario_rows:
        for name, label in (("filter-userName", "filter by userName"), ("get-by-id", "GET by id")):
            small_r, large_r = find(smallest, name), scenario_phase("large", name)
            if small_r and large_r and large_r["ops_per_s"]:
                r = small_r["ops_per_s"] / large_r["ops_per_s"]
                out.append(
                    f"| {label} at 1,000,000 users ≤ 1.5× its cost at {scale_name(smallest)} | {r:.2f}× "
                    f"({fmt(small_r['ops_per_s'], 0)} → {fmt(large_r['ops_per_s'], 0)}/s) | {'met' if r <= 1.5 else '**missed**'} |"
                )
        first, last = scenario_phase("large", "cursor-first-pages"), scenario_phase("large", "cursor-last-pages")
        if first and last and last["ops_per_s"]:
            r = first["ops_per_s"] / last["ops_per_s"]
            out.append(
                f"| last cursor pages ≤ 1.5× the first (large) | {r:.2f}× (p50 {first['p50_ms']:.2f} → {last['p50_ms']:.2f} ms; "
                f"{last.get('note', '')}) | {'met' if r <= 1.5 else '**missed**'} |"
            )
        kb = read(os.path.join(work, "scenario-large", "peak-rss-kb"), "0") or "0"
        mb = int(kb) / 1024
        out.append(f"| peak RSS at 1,000,000 users ≤ 200 MB (large) | {mb:.0f} MB | {'met' if mb <= 200 else '**missed**'} |")
    errors = sum(r["errors"] for u in scales for r in phases[u]) + sum(r["errors"] for rows in scenario_rows.values() for r in rows)
    out.append("")
    out.append(f"Errors across all phases: {errors}.")
    out.append("")

    kept = ""
    if os.path.exists(output):
        existing = read(output)
        if KEEP in existing:
            kept = existing.split(KEEP, 1)[1].strip()
    out.append(KEEP)
    out.append("")
    out.append(kept if kept else "## Analysis\n\n(not written yet)")
    with open(output, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
