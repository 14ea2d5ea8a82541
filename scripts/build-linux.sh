#!/usr/bin/env bash
# Build the Linux one-folder bundle (dist/brandoffice/) with PyInstaller, run its self-test
# offscreen, then (when pytest is installed) tests/packaging against the folder.
# Options: --tar also packs dist/brandoffice-<version>-linux-<arch>.tar.gz;
# --venv DIR uses another virtual environment (default .venv, created with .[build]).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
TAR=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tar) TAR=1 ;;
    --venv) VENV="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q -e ".[build]"

start=$(date +%s)
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN packaging/brandoffice.spec
built=$(date +%s)
echo "PyInstaller: $((built - start)) s; bundle $(du -sh dist/brandoffice | cut -f1)"

QT_QPA_PLATFORM=offscreen dist/brandoffice/brandoffice --self-test
echo "self-test in the bundle: $(($(date +%s) - built)) s"

# With the test extras installed, also check the folder holds what the spec promises.
if "$VENV/bin/python" -c "import pytest, pytestqt" 2>/dev/null; then
  QT_QPA_PLATFORM=offscreen BRANDOFFICE_BUNDLE="$PWD/dist/brandoffice" \
    "$VENV/bin/python" -m pytest -q -m "not network" tests/packaging
fi

if [ "$TAR" = 1 ]; then
  version=$("$VENV/bin/python" -c "import brandoffice; print(brandoffice.__version__)")
  name="brandoffice-$version-linux-$(uname -m)"
  stage="build/$name"
  rm -rf "$stage"
  mkdir -p "$stage"
  cp -a dist/brandoffice "$stage/brandoffice"
  cp packaging/linux/install.sh packaging/linux/brandoffice.desktop packaging/linux/INSTALL.md "$stage/"
  cp resources/icons/brandoffice.png resources/icons/brandoffice.svg "$stage/"
  tar -C build -czf "dist/$name.tar.gz" "$name"
  echo "dist/$name.tar.gz: $(du -h "dist/$name.tar.gz" | cut -f1)"
fi
