#!/usr/bin/env bash
# CI: the dependency floors of pyproject.toml are tested. A second venv gets the LOWEST
# version each runtime dependency allows (uv --resolution lowest-direct; their own
# dependencies at the newest), the test tools from their lock, then the core tests
# (tests/core; PostgreSQL and the long crash rounds are left to scripts/test.sh).
# A floor that is too low fails here: at install, at import or in a test.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${BRANDOFFICE_LOWEST_VENV:-.venv-lowest}"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --require-hashes -r packaging/ci/uv.lock
uv() { "$venv/bin/python" -m uv "$@"; }
export UV_PYTHON="$venv/bin/python"
uv pip install -q --require-hashes -r packaging/ci/test-tools.lock
uv pip install -q --resolution lowest-direct -e .
# Each runtime dependency must be installed at exactly its floor, else the run proves nothing.
"$venv/bin/python" scripts/check_floors.py
export QT_QPA_PLATFORM=offscreen
# A worker per core (pytest-xdist), as in scripts/test.sh.
"$venv/bin/python" -m pytest tests/core -q -x -p no:cacheprovider -m "not postgres and not slow" \
  --numprocesses=auto --maxprocesses=4 "$@"
