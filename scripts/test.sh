#!/usr/bin/env bash
# Runs the whole test suite. pytest's exit 5 ("no tests collected") is a failure here on purpose:
# a suite that ran nothing has proved nothing.
set -uo pipefail
cd "$(dirname "$0")/.."
# The live listings and articles are checked with the real date, as a pull request's are; the tests
# themselves read a frozen copy with its own clock (tests/fixtures/sample/), so they pass on any day.
if [ "$#" = 0 ]; then
  .venv/bin/peerdir validate || exit 1
  # Lint and types (settings in pyproject.toml): mistakes a test might not reach.
  .venv/bin/ruff check --no-cache || exit 1
  .venv/bin/mypy || exit 1
fi
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" = 5 ]; then
  echo "test.sh: pytest collected no tests; treating that as a failure" >&2
  exit 1
fi
exit "$status"
