#!/usr/bin/env bash
# `make run TLS=1`: a self-signed certificate for localhost and 127.0.0.1 in $1 (default
# ./data/tls), made once and reused. For trying HTTPS on this machine only: Entra ID needs a
# certificate from a public CA (docs/guides/tls.md).
set -euo pipefail
DIR="${1:-./data/tls}"
if [ -f "$DIR/cert.pem" ] && [ -f "$DIR/key.pem" ]; then
  exit 0
fi
mkdir -p "$DIR"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$DIR/key.pem" -out "$DIR/cert.pem" -days 365 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
echo "Made a self-signed certificate: $DIR/cert.pem (key $DIR/key.pem), valid 365 days"
