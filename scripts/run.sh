#!/usr/bin/env bash
# `make run`: serves on the embedded SQLite database and prints the SCIM base URL with a SCIM
# token, and the console URL with an admin token to sign in with. On an empty database the
# default tenant is created first, as scimd would.
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
else
  # The console needs an admin token of the default tenant before scimd starts; creating the
  # tenant here is what scimd does on an empty database (scimd then prints no token of its own).
  mkdir -p "$(dirname "$DATABASE")"
  "$BIN/scimctl" --database "$DATABASE" tenants create default > /dev/null
  TOKEN=$("$BIN/scimctl" --database "$DATABASE" tokens create --name initial | tail -n 1)
  echo "SCIM base URL (Entra ID 'Tenant URL'): $SCHEME://$HOST:$PORT/scim/v2"
  echo "Bearer token  (Entra ID 'Secret Token'): $TOKEN"
fi
# The console (docs/console.md) signs in with an admin token, never the SCIM one.
ADMIN_TOKEN=$("$BIN/scimctl" --database "$DATABASE" tokens create --kind admin --name "console-$(date +%Y%m%d-%H%M%S)" | tail -n 1)
echo "Console       $SCHEME://$HOST:$PORT/console/  (sign in with this admin token: $ADMIN_TOKEN)"
if [ "$SCHEME" = https ]; then
  echo "Try it: curl --cacert $SCIMD_TLS_CERT -H \"Authorization: Bearer $TOKEN\" https://localhost:$PORT/scim/v2/ServiceProviderConfig"
fi
exec "$BIN/scimd" serve --host "$HOST" --port "$PORT" --database "$DATABASE"
