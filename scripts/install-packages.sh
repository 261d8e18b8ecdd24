#!/usr/bin/env bash
# Installs Debian packages with apt-get (through sudo when not root):
#
#   scripts/install-packages.sh "WHAT THEY ARE, for the message" PACKAGE...
#
# Without apt-get it asks, in one sentence on stderr, to install them by hand, and exits 1.
# The setup scripts call it with only the packages that are missing.
set -euo pipefail
what="$1"
shift
[ $# -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "setup: please install $* ($what) with your package manager" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "setup: installing $*" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
