#!/usr/bin/env bash
# Sets up everything peerdir needs on a fresh clone: a virtualenv with the package and, with
# --test, the test tools and Debian's Chromium for the browser tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$want_tests" = 1 ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
else
  .venv/bin/python -m pip install --quiet -e .
fi

if [ "$want_tests" = 1 ]; then
  # axe-core for the accessibility checks (test tool only: nothing from npm ships in the site).
  npm install --no-audit --no-fund --silent
fi

if [ "$want_tests" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  # The browser tests drive Debian's Chromium through playwright (no browser download).
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing and cannot be installed here; browser tests will be skipped" >&2
  fi
fi
