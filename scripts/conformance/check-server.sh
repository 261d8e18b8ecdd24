#!/usr/bin/env bash
# Starts a fresh scimd (new temporary database) on a free loopback port, creates a
# bearer token with scimctl, gives its tenant explicit scope rules, and runs the
# conformance checkers against it.
#
#   scripts/conformance/check-server.sh [BIN_DIR [SHARED_RUNNER]]
#
#   BIN_DIR        where scimd and scimctl are     (default .build/release)
#   SHARED_RUNNER  path to another run.sh with the same interface (for example a
#                  reference copy outside the repository) to run as well; it gets a
#                  freshly started server and database of its own, so neither run
#                  sees what the other left behind. May also be given in the
#                  environment as SHARED_RUNNER.
#
# stdout: the runners' summary lines (see scripts/conformance/run.sh).
# stderr: progress, failing checks, and the server log tail when anything failed.
# Exit status: 0 when the server started and every runner passed, else 1 (2 on usage).
#
# Environment (passed on to run.sh): CONFORMANCE_VENV, REPORT_DIR, CHECK_TIMEOUT.
# CONFORMANCE_ON_POSTGRES=1 serves from PostgreSQL instead of SQLite: each server gets a new
# database on the cluster SCIMD_TEST_POSTGRES_URL names (scripts/with-postgres.sh starts one;
# `make conformance-postgres`). Without that URL the run is skipped, or fails under
# REQUIRE_POSTGRES=1 (CI).
# The second runner writes its reports to $REPORT_DIR/shared.
# KEEP_TMP=1 keeps the temporary directory (database and logs) for inspection.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

BIN_DIR="${1:-.build/release}"
SHARED_RUNNER="${2:-${SHARED_RUNNER:-}}"
if [ $# -gt 2 ]; then
  echo "usage: $0 [BIN_DIR [SHARED_RUNNER]]" >&2
  exit 2
fi
if [ ! -d "$BIN_DIR" ]; then
  echo "check-server: no such directory: $BIN_DIR (build first: swift build -c release)" >&2
  exit 1
fi
BIN_DIR=$(cd "$BIN_DIR" && pwd)
for exe in scimd scimctl; do
  if [ ! -x "$BIN_DIR/$exe" ]; then
    echo "check-server: $BIN_DIR/$exe is missing (build first: swift build -c release)" >&2
    exit 1
  fi
done
if [ -n "$SHARED_RUNNER" ] && [ ! -f "$SHARED_RUNNER" ]; then
  echo "check-server: shared runner not found: $SHARED_RUNNER" >&2
  exit 1
fi

export REPORT_DIR="${REPORT_DIR:-$PWD/.build-tools/conformance-reports}"
export CONFORMANCE_VENV="${CONFORMANCE_VENV:-$PWD/.build-tools/conformance-venv}"

if [ "${CONFORMANCE_ON_POSTGRES:-0}" = 1 ] && [ -z "${SCIMD_TEST_POSTGRES_URL:-}" ]; then
  if [ "${REQUIRE_POSTGRES:-0}" = 1 ]; then
    echo "check-server: CONFORMANCE_ON_POSTGRES=1 but no SCIMD_TEST_POSTGRES_URL (run under scripts/with-postgres.sh)" >&2
    exit 1
  fi
  echo "check-server: no PostgreSQL cluster: the conformance run on PostgreSQL is SKIPPED" >&2
  exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/scimd-conformance.XXXXXX") || exit 1
SERVER_PID=""
SERVER_LOG=""
FAILED=0

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}

log_tail() {
  if [ -n "$SERVER_LOG" ] && [ -f "$SERVER_LOG" ]; then
    echo "----- last 60 lines of $SERVER_LOG -----" >&2
    tail -n 60 "$SERVER_LOG" >&2
    echo "----- end of server log -----" >&2
  fi
}

cleanup() {
  stop_server
  if [ "${KEEP_TMP:-}" = 1 ]; then
    echo "[check-server] kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server NAME: fresh database in $TMP/NAME; sets PORT, DB, SERVER_LOG, SERVER_PID.
start_server() {
  local dir="$TMP/$1"
  mkdir -p "$dir"
  DB="$dir/scimd.sqlite"
  if [ "${CONFORMANCE_ON_POSTGRES:-0}" = 1 ]; then
    # A new database on the test cluster: postgres://USER@HOST:PORT/postgres?… → …/scimd_conformance_NAME_PID?…
    local name="scimd_conformance_$1_$$"
    psql "${SCIMD_TEST_POSTGRES_URL%%\?*}" -qc "CREATE DATABASE $name" >/dev/null ||
      { echo "check-server: could not create the database $name" >&2; return 1; }
    DB="${SCIMD_TEST_POSTGRES_URL/\/postgres\?//$name?}"
  fi
  SERVER_LOG="$dir/scimd.log"
  PORT=$(free_port) || { echo "check-server: could not pick a free port" >&2; return 1; }
  "$BIN_DIR/scimd" serve --host 127.0.0.1 --port "$PORT" --database "$DB" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + 30))
  until curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null
      echo "check-server: scimd exited (status $?) before answering /health" >&2
      SERVER_PID=""
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "check-server: scimd did not answer http://127.0.0.1:$PORT/health within 30 s" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "[check-server] scimd (pid $SERVER_PID) up on 127.0.0.1:$PORT, database $DB" >&2
}

# make_token: prints the bearer token (last line of scimctl's stdout).
make_token() {
  local out
  out=$("$BIN_DIR/scimctl" --database "$DB" tokens create --name conformance 2>>"$SERVER_LOG.scimctl") || {
    echo "check-server: scimctl tokens create failed:" >&2
    cat "$SERVER_LOG.scimctl" >&2
    return 1
  }
  out=$(printf '%s\n' "$out" | sed '/^[[:space:]]*$/d' | tail -n 1 | tr -d '[:space:]')
  if [ -z "$out" ]; then
    echo "check-server: scimctl tokens create printed no token" >&2
    return 1
  fi
  printf '%s\n' "$out"
}

# unrestricted_scope: the checkers' tenant gets explicit sync-scope rules with no required
# attribute. scim2-tester creates its users with nothing but a userName
# ({"schemas":[…User],"userName":"<uuid>"}), which the default rules (a work email, givenName,
# familyName) refuse with 400; see docs/conformance.md, "Sync scope rules".
unrestricted_scope() {
  "$BIN_DIR/scimctl" --database "$DB" scope require none >>"$SERVER_LOG.scimctl" 2>&1 || {
    echo "check-server: scimctl scope require none failed:" >&2
    cat "$SERVER_LOG.scimctl" >&2
    return 1
  }
}

# check NAME RUNNER: fresh server, token, scope rules, runner; returns the runner's status.
check() {
  local name="$1" runner="$2" token rc
  start_server "$name" || { log_tail; stop_server; return 1; }
  token=$(make_token) || { log_tail; stop_server; return 1; }
  unrestricted_scope || { log_tail; stop_server; return 1; }
  echo "[check-server] running $runner" >&2
  # The runner's stderr (its failing checks) is kept so it can be repeated after the server
  # log: a CI page that shows only the end of the output then still says what failed.
  bash "$runner" "http://127.0.0.1:$PORT/scim/v2" "$token" 2>"$TMP/$name.runner.stderr"
  rc=$?
  cat "$TMP/$name.runner.stderr" >&2
  if [ "$rc" -ne 0 ]; then
    echo "check-server: $runner failed (status $rc)" >&2
    log_tail
    echo "----- what $runner reported (repeated from above) -----" >&2
    grep -v '^\[conformance\] installing' "$TMP/$name.runner.stderr" >&2
    echo "check-server: $runner failed (status $rc)" >&2
  fi
  stop_server
  return "$rc"
}

# ONLY_SHARED=1 skips the project's own runner (CI has just run it through `make test`).
if [ "${ONLY_SHARED:-0}" != 1 ]; then
  check project "$HERE/run.sh" || FAILED=1
fi

if [ -n "$SHARED_RUNNER" ]; then
  REPORT_DIR="${SHARED_REPORT_DIR:-$REPORT_DIR/shared}" check shared "$SHARED_RUNNER" || FAILED=1
fi

exit "$FAILED"
