#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL cluster, for the tests of the PostgreSQL store.
#
#   scripts/with-postgres.sh COMMAND [ARG...]
#
# Creates a cluster with initdb in a new temporary directory, starts it with pg_ctl on a free
# port on 127.0.0.1 (and a Unix socket in the same directory), runs COMMAND with
# SCIMD_TEST_POSTGRES_URL=postgres://scimd@127.0.0.1:PORT/postgres?sslmode=disable (a superuser
# the tests use to create one database per test) and SCIMD_TEST_POSTGRES_PID (the postmaster),
# then stops the cluster and removes it.
# The cluster trusts local connections only; nothing is left behind.
#
# Without initdb (PostgreSQL not installed) it says so on stderr and runs COMMAND without the
# variable: the PostgreSQL tests then skip themselves. REQUIRE_POSTGRES=1 (CI) makes that an
# error instead. When run as root the cluster belongs to the `postgres` user (initdb refuses
# root).
#
# Exit status: COMMAND's, or 1 when the cluster could not be started.
set -u
if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

find_bin() {
  local name="$1" candidate
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  for candidate in /usr/lib/postgresql/*/bin/"$name"; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

INITDB=$(find_bin initdb) || INITDB=""
PG_CTL=$(find_bin pg_ctl) || PG_CTL=""
if [ -z "$INITDB" ] || [ -z "$PG_CTL" ]; then
  if [ "${REQUIRE_POSTGRES:-0}" = 1 ]; then
    echo "with-postgres: initdb/pg_ctl not found and REQUIRE_POSTGRES=1: install PostgreSQL (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "with-postgres: PostgreSQL is not installed (no initdb): the PostgreSQL store tests are SKIPPED" >&2
  exec "$@"
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/scimd-pg.XXXXXX") || exit 1
AS=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root and there is no 'postgres' user to own the cluster" >&2
    exit 1
  fi
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${AS[@]}" "$PG_CTL" -D "$DIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! "${AS[@]}" "$INITDB" -D "$DIR/data" -U scimd --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$DIR/initdb.log" >&2
  exit 1
fi
# fsync off: a throw-away cluster; the tests exercise behaviour, not power-cut durability.
# WITH_POSTGRES_SETTINGS replaces that (the benchmark keeps fsync on).
SETTINGS="${WITH_POSTGRES_SETTINGS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}"
OPTS="-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR $SETTINGS -c max_connections=300"
if ! "${AS[@]}" "$PG_CTL" -D "$DIR/data" -o "$OPTS" -l "$DIR/postgres.log" -w -t 60 start >/dev/null; then
  echo "with-postgres: pg_ctl start failed:" >&2
  cat "$DIR/postgres.log" >&2
  exit 1
fi
echo "with-postgres: PostgreSQL $("$INITDB" --version | awk '{print $3}') on 127.0.0.1:$PORT (cluster in $DIR)" >&2
export SCIMD_TEST_POSTGRES_URL="postgres://scimd@127.0.0.1:$PORT/postgres?sslmode=disable"
# The postmaster's process id (first line of postmaster.pid), for the benchmark's CPU figures.
SCIMD_TEST_POSTGRES_PID=$(head -n 1 "$DIR/data/postmaster.pid")
export SCIMD_TEST_POSTGRES_PID
"$@"
status=$?
exit "$status"
