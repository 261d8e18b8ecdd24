#!/usr/bin/env bash
# CPU of scimd and of PostgreSQL for a fixed sequential load, to compare two scimd builds on the
# PostgreSQL store (docs/performance-postgres.md):
#
#   scripts/with-postgres.sh scripts/postgres-sequential-cpu.sh [SCIMD_BINARY]
#
# Starts SCIMD_BINARY (default .build/release/scimd) on a new database of the cluster that
# scripts/with-postgres.sh started, measures 10 s idle, then runs scimbench with one connection
# (500 creates, filters, GETs and PATCHes) and prints the CPU ticks (10 ms) of scimd and of the
# postmaster with its backends, and the wall time. Run two builds in alternation.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-.build/release/scimd}"
: "${SCIMD_TEST_POSTGRES_URL:?run under scripts/with-postgres.sh}"
DATABASE="scimd_cpu_$$"
psql "${SCIMD_TEST_POSTGRES_URL%%\?*}" -qc "CREATE DATABASE $DATABASE"
URL="${SCIMD_TEST_POSTGRES_URL/\/postgres\?//$DATABASE?}"
LOG=$(mktemp)
"$BIN" serve --host 127.0.0.1 --port 0 --database "$URL" --rate-limit 1000000 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -f "$LOG"' EXIT
BASE=""
for _ in $(seq 1 100); do
  BASE=$(sed -n 's/^scimd listening: SCIM base URL \(http:[^ ]*\)$/\1/p' "$LOG" | head -n 1)
  [ -n "$BASE" ] && break
  sleep 0.1
done
[ -n "$BASE" ] || { cat "$LOG" >&2; echo "scimd did not start" >&2; exit 1; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
database_ticks() {
  local total=0 pid
  for pid in "$SCIMD_TEST_POSTGRES_PID" $(pgrep -P "$SCIMD_TEST_POSTGRES_PID"); do total=$((total + $(ticks "$pid"))); done
  echo "$total"
}
a=$(ticks $PID); pa=$(database_ticks); sleep 10; b=$(ticks $PID); pb=$(database_ticks)
echo "idle 10 s: scimd $((b - a)) ticks, postgres $((pb - pa)) ticks"
TOKEN=$(.build/release/scimctl --database "$URL" tokens create --name cpu | tail -n 1)
a=$(ticks $PID); pa=$(database_ticks); start=$(date +%s.%N)
.build/release/scimbench --base "$BASE" --token "$TOKEN" --users 500 --concurrency 1 --requests 500 --list-requests 0 \
  --groups 0 --single-adds 0 --keep 2>/dev/null
b=$(ticks $PID); pb=$(database_ticks); end=$(date +%s.%N)
echo "500 creates, filters, GETs and PATCHes: scimd $((b - a)) ticks, postgres $((pb - pa)) ticks, $(python3 -c "print(f'{$end - $start:.1f}')") s"
