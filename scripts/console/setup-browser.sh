#!/usr/bin/env bash
# Installs what the console's browser test needs when it is missing: Debian's chromium and
# chromium-driver, and Selenium (pinned) in a venv under .build-tools/selenium-venv.
# Prints the venv's python on the last line.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.build-tools/selenium-venv
SELENIUM_VERSION=4.51.0
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
[ ${#missing[@]} -eq 0 ] || scripts/install-packages.sh "Chromium, its WebDriver, python3 venv" "${missing[@]}"
if ! "$VENV/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$SELENIUM_VERSION')" 2>/dev/null; then
  echo "setup-browser: selenium $SELENIUM_VERSION into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "selenium==$SELENIUM_VERSION"
fi
echo "$VENV/bin/python"
