#!/usr/bin/env bash
# Install the Debian packages BrandOffice and its tests need (Qt offscreen, CJK fonts,
# LibreOffice and poppler for document checks, PostgreSQL for the server tests).
set -euo pipefail
PACKAGES=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 fonts-noto-cjk
          libreoffice-writer-nogui poppler-utils postgresql)
command -v apt-get >/dev/null || { echo "No apt-get: install the equivalents of: ${PACKAGES[*]}"; exit 0; }
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Not root and no sudo: install yourself: ${PACKAGES[*]}"; exit 0; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
