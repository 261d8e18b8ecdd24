#!/usr/bin/env bash
# Installs what the build and the conformance checkers need when it is missing:
# the SQLite headers (libsqlite3-dev), pkg-config, a Python with venv, curl, and the sqlite3
# shell (tests compare `sqlite3 .dump` before and after a dry run).
set -euo pipefail
missing=()
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev pkg-config)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
command -v curl >/dev/null || missing+=(curl)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
# The TLS tests and `make run TLS=1` make their certificates with openssl.
command -v openssl >/dev/null || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
exec "$(dirname "$0")/install-packages.sh" \
  "SQLite development headers, pkg-config, python3 venv, curl, the sqlite3 shell, openssl" "${missing[@]}"
