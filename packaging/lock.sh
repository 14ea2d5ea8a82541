#!/usr/bin/env bash
# Regenerate the hashed lock files with the locked uv (in a throwaway venv) after changing the
# dependencies in pyproject.toml or packaging/ci/*.in:
#   packaging/windows/requirements.lock   the Windows build: win_amd64, CPython 3.12
#   packaging/windows/wheels.txt          the wheel file pip picks for each of its pins
#   packaging/ci/test-tools.lock          CI's test tools (scripts/test-lowest.sh)
# uv keeps the versions already locked where they still fit; pass --upgrade (or
# --upgrade-package NAME) to move to the newest. packaging/ci/uv.lock pins uv itself:
# edit packaging/ci/uv.in and see packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --require-hashes -r packaging/ci/uv.lock
uv() { "$tmp/venv/bin/python" -m uv "$@"; }
uv pip compile pyproject.toml --extra build --extra postgres --python-platform windows --python-version 3.12 --generate-hashes -o packaging/windows/requirements.lock "$@"
uv pip compile packaging/ci/test-tools.in --python-version 3.11 --universal --generate-hashes -o packaging/ci/test-tools.lock "$@"
{
  echo "# The wheel (file, sha256) pip picks for each pin of requirements.lock on win_amd64,"
  echo "# CPython 3.12: written by packaging/lock.sh (wheelhouse.py --resolve), checked by tests."
  python3 packaging/wheelhouse.py --resolve
} > "$tmp/wheels.txt"
mv "$tmp/wheels.txt" packaging/windows/wheels.txt
