#!/usr/bin/env bash
# `make bench`: runs scimbench against a fresh release scimd at 1,000, 10,000 and 100,000
# users and writes the figures to docs/performance.md.
#
# Each scale gets its own server on 127.0.0.1 (a free port) and its own temporary database,
# so the peak RSS (VmHWM) read before the server stops belongs to that scale alone.
# 100,000 users run only when the 10,000 run says they fit in BENCH_BUDGET_SECONDS;
# otherwise the largest multiple of 10,000 that fits runs instead.
#
# Environment:
#   BENCH_MAX_USERS        largest population to try (default 100000)
#   BENCH_BUDGET_SECONDS   time the largest scale may take (default 600)
#   BENCH_CONCURRENCY      connections / concurrent requests (default 16)
#   BENCH_REQUESTS         requests per lookup phase (default 20000)
#   BENCH_OUTPUT           report file (default docs/performance.md)
#   BENCH_SCENARIOS        the scenarios to run after the scales (default: writes
#                          no-group-commit durability-full reads-32 bulk initial-sync
#                          postgres-1 postgres-2; `large`, 1,000,000 users, is `make bench-large`;
#                          `make bench-postgres` runs only the two PostgreSQL ones)
#
# The postgres-* scenarios need a PostgreSQL cluster: the script then runs itself under
# scripts/with-postgres.sh (a throw-away cluster with fsync on and synchronous_commit off, the
# counterpart of SQLite's WAL with synchronous=NORMAL). Without initdb they are skipped, and the
# report says so.
set -euo pipefail
cd "$(dirname "$0")/.."

SCENARIOS="${BENCH_SCENARIOS:-writes no-group-commit durability-full reads-32 bulk initial-sync postgres-1 postgres-2}"
if [[ " $SCENARIOS " == *" postgres-"* ]] && [ -z "${SCIMD_TEST_POSTGRES_URL:-}" ] && [ -z "${BENCH_UNDER_POSTGRES:-}" ]; then
  export BENCH_UNDER_POSTGRES=1 WITH_POSTGRES_SETTINGS="-c synchronous_commit=off -c shared_buffers=256MB"
  exec scripts/with-postgres.sh "$0" "$@"
fi

SWIFT="${SWIFT:-swift}"
BIN=.build/release
MAX_USERS="${BENCH_MAX_USERS:-100000}"
BUDGET="${BENCH_BUDGET_SECONDS:-600}"
CONCURRENCY="${BENCH_CONCURRENCY:-16}"
REQUESTS="${BENCH_REQUESTS:-20000}"
OUTPUT="${BENCH_OUTPUT:-docs/performance.md}"

"$SWIFT" build -c release --product scimd >&2
"$SWIFT" build -c release --product scimctl >&2
"$SWIFT" build -c release --product scimbench >&2

WORK=$(mktemp -d "${TMPDIR:-/tmp}/scimd-bench.XXXXXX")
SERVER_PID=""
SERVER_PIDS=()
# Stops every server started since the last stop (one, or the instances of a scenario).
stop_server() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  SERVER_PID=""
  SERVER_PIDS=()
}
finish() {
  status=$?
  stop_server
  if [ "$status" -eq 0 ]; then rm -rf "$WORK"; else echo "bench: failed; logs kept in $WORK" >&2; fi
}
trap finish EXIT
trap 'exit 130' INT TERM

# Starts scimd on a new database with --port 0 and reads the port it printed; more serve
# options may follow the two files.
start_server() {
  local db="$1" log="$2"
  shift 2
  # --rate-limit: the benchmark measures the server, not the per-tenant request limiter.
  "$BIN/scimd" serve --host 127.0.0.1 --port 0 --database "$db" --rate-limit 1000000 "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  for _ in $(seq 1 200); do
    BASE=$(sed -n 's/^scimd listening: SCIM base URL \(http:[^ ]*\)$/\1/p' "$log" | head -n 1)
    [ -n "$BASE" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; echo "bench: scimd exited" >&2; return 1; }
    sleep 0.1
  done
  echo "bench: scimd did not start" >&2
  return 1
}

# Peak resident set of the running server, in kB.
peak_rss_kb() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status"; }

echo "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$WORK/started"
cat /proc/loadavg >"$WORK/load-before"
: >"$WORK/scales"

# Runs one scale: fresh server and database, scimbench, peak RSS. Prints the seconds it took.
run_scale() {
  local users="$1" dir="$WORK/$1"
  mkdir -p "$dir"
  start_server "$dir/scimd.sqlite" "$dir/scimd.log"
  local token
  token=$("$BIN/scimctl" --database "$dir/scimd.sqlite" tokens create --name bench | tail -n 1)
  local singles=100
  [ "$users" -le 1000 ] && singles=50
  local command=("$BIN/scimbench" --base "$BASE" --token "<token>" --users "$users" --concurrency "$CONCURRENCY"
    --requests "$REQUESTS" --list-requests 1000 --groups 10 --group-members 1000 --batch 50 --single-adds "$singles"
    --max-seconds 300 --json --label "$users" --server-pid "$SERVER_PID")
  echo "${command[*]}" >"$dir/command"
  local start end status=0
  start=$(date +%s.%N)
  command[4]="$token"
  "${command[@]}" >"$dir/out.txt" 2>"$dir/err.txt" || status=$?
  end=$(date +%s.%N)
  cat /proc/loadavg >"$dir/load-after"
  peak_rss_kb >"$dir/peak-rss-kb"
  stop_server
  grep '^{' "$dir/out.txt" >"$dir/phases.jsonl" || true
  grep -v '^{' "$dir/out.txt" >&2 || true
  [ "$status" -eq 0 ] || { echo "bench: scimbench reported errors at $users users (exit $status):" >&2; grep -v ': .* requests in ' "$dir/err.txt" | head -n 20 >&2; }
  python3 -c "print(f'{$end - $start:.1f}')" >"$dir/seconds"
  echo "$users" >>"$WORK/scales"
  echo "bench: $users users in $(cat "$dir/seconds") s, scimd peak RSS $(($(cat "$dir/peak-rss-kb") / 1024)) MB" >&2
}

LAST_USERS=0
LAST_SECONDS=0
FIRST_USERS=0
FIRST_SECONDS=0
: >"$WORK/notes"
for users in 1000 10000 100000; do
  if [ "$users" -gt "$MAX_USERS" ]; then
    echo "$users users skipped: BENCH_MAX_USERS=$MAX_USERS" >>"$WORK/notes"
    continue
  fi
  if [ "$users" -eq 100000 ] && [ "$LAST_USERS" -gt "$FIRST_USERS" ] && [ "$FIRST_USERS" -gt 0 ]; then
    # Time = a fixed part (lookups, lists: fixed request counts) + a part per user (creates,
    # group fills, deletes); fit both from the two smaller runs and check the budget.
    fits=$(python3 -c "
per = max(1e-9, ($LAST_SECONDS - $FIRST_SECONDS) / ($LAST_USERS - $FIRST_USERS))
fixed = max(0.0, $FIRST_SECONDS - $FIRST_USERS * per)
print(int(($BUDGET - fixed) / per // 10000 * 10000))")
    if [ "$fits" -lt "$users" ]; then
      echo "100000 users would not finish within ${BUDGET} s (from $FIRST_USERS users in $FIRST_SECONDS s and $LAST_USERS in $LAST_SECONDS s); ran $fits instead" >>"$WORK/notes"
      users=$fits
      [ "$users" -gt "$LAST_USERS" ] || continue
    fi
  fi
  run_scale "$users"
  if [ "$FIRST_USERS" -eq 0 ]; then
    FIRST_USERS=$users
    FIRST_SECONDS=$(cat "$WORK/$users/seconds")
  fi
  LAST_USERS=$users
  LAST_SECONDS=$(cat "$WORK/$users/seconds")
done
cat /proc/loadavg >"$WORK/load-after"

# Scenarios (issue 12): one server and database each, like a scale. NAME, a description, the
# serve options (one word, comma-separated, or "-"), then scimbench's options.
: >"$WORK/scenarios"
# Runs a scenario's scimbench against the servers already started, then records its figures:
# the phases, the time, and the largest peak RSS of its servers. NAME, the description, then
# the command with "<token>" where the token goes (so the command file shows no secret).
finish_scenario() {
  local name="$1" what="$2" token="$3" label="$4" dir="$WORK/scenario-$1"
  shift 4
  local command=("$@") shown=("$@") i
  for i in "${!command[@]}"; do [ "${command[$i]}" = "<token>" ] && command[$i]="$token"; done
  echo "$label | ${shown[*]}" >"$dir/command"
  echo "$what" >"$dir/what"
  local start end status=0
  start=$(date +%s.%N)
  "${command[@]}" >"$dir/out.txt" 2>"$dir/err.txt" || status=$?
  end=$(date +%s.%N)
  local pid peak=0 kb
  for pid in "${SERVER_PIDS[@]}"; do
    kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
    [ "${kb:-0}" -gt "$peak" ] && peak=$kb
  done
  echo "$peak" >"$dir/peak-rss-kb"
  stop_server
  grep '^{' "$dir/out.txt" >"$dir/phases.jsonl" || true
  [ "$status" -eq 0 ] || { echo "bench: scimbench reported errors in scenario $name (exit $status):" >&2; grep -v ': .* requests in ' "$dir/err.txt" | head -n 20 >&2; }
  python3 -c "print(f'{$end - $start:.1f}')" >"$dir/seconds"
  echo "$name" >>"$WORK/scenarios"
  echo "bench: scenario $name in $(cat "$dir/seconds") s, scimd peak RSS $((peak / 1024)) MB" >&2
}

run_scenario() {
  local name="$1" what="$2" serve="$3" dir="$WORK/scenario-$1"
  shift 3
  mkdir -p "$dir"
  local serve_args=()
  [ "$serve" = "-" ] || IFS=',' read -r -a serve_args <<<"$serve"
  start_server "$dir/scimd.sqlite" "$dir/scimd.log" "${serve_args[@]}"
  local token
  token=$("$BIN/scimctl" --database "$dir/scimd.sqlite" tokens create --name bench | tail -n 1)
  # --max-seconds before the scenario's options, so a scenario may give its own (the last one counts).
  finish_scenario "$name" "$what" "$token" "scimd serve ${serve_args[*]:-}" \
    "$BIN/scimbench" --base "$BASE" --token "<token>" --max-seconds 300 "$@" --json --label "$name" --server-pid "$SERVER_PID"
}

# PostgreSQL (issue 13): INSTANCES scimd processes on one new database of the cluster, the
# same phases as the 10,000-user scale, requests spread over the instances in turn. The CPU
# columns then add up the instances, and the cluster's CPU (postmaster and backends) is its own.
run_postgres_scenario() {
  local name="$1" instances="$2" what="$3" dir="$WORK/scenario-$1"
  shift 3
  if [ -z "${SCIMD_TEST_POSTGRES_URL:-}" ]; then
    echo "scenario $name skipped: no PostgreSQL cluster (initdb not found)" >>"$WORK/notes"
    return 0
  fi
  mkdir -p "$dir"
  local database="scimd_bench_${name//-/_}_$$"
  psql "${SCIMD_TEST_POSTGRES_URL%%\?*}" -qc "CREATE DATABASE $database" >/dev/null
  local url="${SCIMD_TEST_POSTGRES_URL/\/postgres\?//$database?}"
  local bases=() pids=() i
  for i in $(seq 1 "$instances"); do
    start_server "$url" "$dir/scimd-$i.log"
    bases+=(--base "$BASE")
    pids+=(--server-pid "$SERVER_PID")
  done
  local token
  token=$("$BIN/scimctl" --database "$url" tokens create --name bench | tail -n 1)
  finish_scenario "$name" "$what" "$token" "scimd serve --database postgres://… (×$instances)" \
    "$BIN/scimbench" --token "<token>" "${bases[@]}" --max-seconds 300 "$@" --json --label "$name" "${pids[@]}" \
    --database-pid "$SCIMD_TEST_POSTGRES_PID"
}

SCALE_10K=(--users 10000 --concurrency 16 --requests 20000 --list-requests 1000 --groups 10 --group-members 1000 --batch 50 --single-adds 100)
WRITES=(--users 10000 --concurrency 16 --requests 10000 --list-requests 0 --groups 0 --single-adds 0 --keep)
for scenario in $SCENARIOS; do
  case "$scenario" in
    writes) run_scenario writes "create and PATCH at 16 connections, group commit (default settings)" - "${WRITES[@]}" ;;
    no-group-commit) run_scenario no-group-commit "the same with group commit off (--write-batch 1)" "--write-batch,1" "${WRITES[@]}" ;;
    durability-full) run_scenario durability-full "the same with --durability full (fsync per commit)" "--durability,full" "${WRITES[@]}" ;;
    reads-32) run_scenario reads-32 "GET by id and filter at 32 connections, 10,000 users" - \
      --users 10000 --bulk-size 1000 --concurrency 32 --requests 40000 --list-requests 0 --groups 0 --single-adds 0 --keep ;;
    bulk) run_scenario bulk "100,000 users created through /Bulk, 1,000 per request, 2 at once" - \
      --users 100000 --bulk-size 1000 --bulk-concurrency 2 --concurrency 16 --requests 2000 --list-requests 0 --groups 0 --single-adds 0 --keep ;;
    initial-sync) run_scenario initial-sync "an Entra-style initial sync: 100,000 users by POST, 1,000 groups, 100 members each by PATCH" - \
      --users 100000 --concurrency 16 --requests 100 --list-requests 0 --groups 1000 --group-members 100 --batch 100 --single-adds 0 --keep ;;
    large) run_scenario large "1,000,000 users (through /Bulk), then lookups" - \
      --users 1000000 --bulk-size 1000 --bulk-concurrency 2 --concurrency 16 --requests 20000 --list-requests 1000 --groups 0 --single-adds 0 \
      --cursor-pages 100 --max-seconds 1800 --keep ;;
    postgres-1) run_postgres_scenario postgres-1 1 "the 10,000-user scale on PostgreSQL, one scimd instance" "${SCALE_10K[@]}" ;;
    postgres-2) run_postgres_scenario postgres-2 2 "the 10,000-user scale on PostgreSQL, two scimd instances on one database, requests alternating" "${SCALE_10K[@]}" ;;
    *) echo "bench: unknown scenario $scenario" >&2; exit 2 ;;
  esac
done

# SQLite's own write rate for create-shaped transactions, without scimd (the create baseline).
echo "bench: SQLite commit rate on its own (scripts/sqlite-commit-rate.py)" >&2
python3 scripts/sqlite-commit-rate.py "$LAST_USERS" 3000 >"$WORK/sqlite-commit-rate" || true

python3 scripts/bench-report.py "$WORK" "$OUTPUT"
echo "bench: wrote $OUTPUT" >&2
