#!/usr/bin/env bash
# `make run`: serves on the embedded SQLite database and makes sure a token is printed.
# On an empty database scimd creates the default tenant and prints its first token itself;
# on an existing one this script issues a fresh token with scimctl first.
set -euo pipefail
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8080}"
DATABASE="${DATABASE:-./data/scimd.sqlite}"
BIN=.build/release
if [ -f "$DATABASE" ]; then
  TOKEN=$("$BIN/scimctl" --database "$DATABASE" tokens create --name "make-run-$(date +%Y%m%d-%H%M%S)" | tail -n 1)
  echo "SCIM base URL (Entra ID 'Tenant URL'): http://$HOST:$PORT/scim/v2"
  echo "Bearer token  (Entra ID 'Secret Token'): $TOKEN"
fi
exec "$BIN/scimd" serve --host "$HOST" --port "$PORT" --database "$DATABASE"
