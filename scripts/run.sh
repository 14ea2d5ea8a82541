#!/usr/bin/env bash
# Install BrandOffice into .venv and start it; an empty default database gets the demo street.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/brandoffice demo --if-empty
exec .venv/bin/brandoffice "$@"
