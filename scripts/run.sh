#!/usr/bin/env bash
# `make run`: serves on the embedded SQLite database and makes sure a token is printed.
# On an empty database scimd creates the default tenant and prints its first token itself;
# on an existing one this script issues a fresh token with scimctl first.
set -euo pipefail
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8080}"
DATABASE="${DATABASE:-./data/scimd.sqlite}"
BIN="${BIN:-.build/release}"
# `make run TLS=1` sets SCIMD_TLS_CERT and SCIMD_TLS_KEY, which scimd reads itself.
SCHEME=http
if [ -n "${SCIMD_TLS_CERT:-}" ]; then SCHEME=https; fi
TOKEN='<the token printed below>'
if [ -f "$DATABASE" ]; then
  TOKEN=$("$BIN/scimctl" --database "$DATABASE" tokens create --name "make-run-$(date +%Y%m%d-%H%M%S)" | tail -n 1)
  echo "SCIM base URL (Entra ID 'Tenant URL'): $SCHEME://$HOST:$PORT/scim/v2"
  echo "Bearer token  (Entra ID 'Secret Token'): $TOKEN"
fi
if [ "$SCHEME" = https ]; then
  echo "Try it: curl --cacert $SCIMD_TLS_CERT -H \"Authorization: Bearer $TOKEN\" https://localhost:$PORT/scim/v2/ServiceProviderConfig"
fi
exec "$BIN/scimd" serve --host "$HOST" --port "$PORT" --database "$DATABASE"
