#!/usr/bin/env python3
"""SQLite's own write rate on this machine, without scimd: the baseline for the create target.

Usage: sqlite-commit-rate.py [USERS] [TRANSACTIONS]

Builds a database with scimd's schema (read from Sources/Store/SQLite/SQLiteMigrations.swift)
holding USERS users (default 100000), then runs TRANSACTIONS transactions (default 3000) shaped
like a scimd user create: the resources row, three indexed values, a sync-log entry and an
assignment row, each in its own BEGIN IMMEDIATE … COMMIT, on a WAL database with
synchronous=NORMAL as scimd opens it. Variants show what the WAL checkpoints cost. Python's
sqlite3 module adds a few microseconds per statement, so these rates are a lower bound.
Prints one line per variant: label, transactions per second, microseconds per transaction.
"""
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def body(name):
    return json.dumps({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "externalId": name, "userName": name,
        "active": True, "displayName": "Bench User", "emails": [{"primary": True, "type": "work", "value": name}],
        "name": {"formatted": "Bench User", "familyName": "User", "givenName": "Bench"},
    })


def build(path, users):
    source = open(os.path.join(ROOT, "Sources/Store/SQLite/SQLiteMigrations.swift")).read()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    for migration in re.findall(r'"""\n(.*?)"""', source, re.S):
        db.executescript(migration)
    db.execute("INSERT INTO tenants(id, name, created_ms) VALUES (1, 'default', 0)")
    db.execute("BEGIN")
    for i in range(users):
        name = f"seed-{i}@bench.example.com"
        db.execute(
            "INSERT INTO resources(tenant_id, type, id, name_key, display_key, external_id, version, created_ms, "
            "modified_ms, body) VALUES (1, 'User', ?, ?, ?, ?, 1, 0, 0, ?)",
            (str(uuid.uuid4()), name, "bench user", name, body(name)))
    db.execute("COMMIT")
    db.close()


def run(path, label, pragmas, count):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys=ON")
    for pragma in pragmas:
        db.execute(pragma)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    rows = []
    for _ in range(count):
        name = f"probe-{uuid.uuid4()}@bench.example.com"
        rows.append((name, body(name), str(uuid.uuid4())))
    start = time.perf_counter()
    for name, text, rid in rows:
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT INTO resources(tenant_id, type, id, name_key, display_key, external_id, version, created_ms, "
            "modified_ms, body) VALUES (1, 'User', ?, ?, ?, ?, 1, 0, 0, ?)", (rid, name, "bench user", name, text))
        seq = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        for attribute in ("emails.value", "externalId", "userName"):
            db.execute(
                "INSERT OR IGNORE INTO resource_values(resource_seq, tenant_id, attribute, value_key) VALUES (?, 1, ?, ?)",
                (seq, attribute, name))
        db.execute(
            "INSERT INTO sync_log(tenant_id, time_ms, operation, resource_type, resource_id, resource_name, status, "
            "message, changes) VALUES (1, 0, 'create', 'User', ?, ?, 'success', 'created', ?)", (rid, name, text))
        db.execute(
            "INSERT INTO assignments(user_seq, tenant_id, roles, suspended, updated_ms) VALUES (?, 1, '[]', 0, 0)", (seq,))
        db.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    print(f"{label}\t{count / seconds:.0f}\t{seconds / count * 1e6:.0f}")


def main():
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "probe.sqlite")
        build(path, users)
        run(path, "synchronous=NORMAL, default checkpoints (as scimd)", ["PRAGMA synchronous=NORMAL"], count)
        run(path, "synchronous=NORMAL, wal_autocheckpoint=10000",
            ["PRAGMA synchronous=NORMAL", "PRAGMA wal_autocheckpoint=10000"], count)
        run(path, "synchronous=OFF (no fsync at all)", ["PRAGMA synchronous=OFF"], count)


if __name__ == "__main__":
    main()
