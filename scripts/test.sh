#!/usr/bin/env bash
# Install everything (Debian packages, .venv with the test extras) and run the whole suite:
# ruff, mypy (strict on brandoffice/ and ui/), then pytest (offscreen Qt, a real PostgreSQL started by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
export QT_QPA_PLATFORM=offscreen
basetemp="$(mktemp -d)/pytest"
set +e
.venv/bin/python -m pytest --basetemp="$basetemp" "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
[ "$status" -eq 0 ] || exit "$status"
# What the suite left behind (logs, masked exports, reports, bundles) holds no unmasked
# ID number (issue 7).
.venv/bin/python -m tests.scan_personal_data "$basetemp"
rm -rf "$basetemp"
