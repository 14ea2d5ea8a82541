#!/usr/bin/env bash
# Install (or --uninstall) the BrandOffice one-folder build on UOS, Kylin, Debian and the like.
#   sudo ./install.sh [BUNDLE]        -> /opt/brandoffice, menu entry for every user
#   ./install.sh --user [BUNDLE]      -> ~/.local/opt/brandoffice, menu entry for you only
#   [sudo] ./install.sh --uninstall [--user]
# BUNDLE is the built folder (default: ./brandoffice beside this script, else dist/brandoffice).
# The clerk's data (~/.local/share/BrandOffice: database, backups, logs) is never touched.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODE=system
ACTION=install
BUNDLE=""
for arg in "$@"; do
  case "$arg" in
    --user) MODE=user ;;
    --uninstall) ACTION=uninstall ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) BUNDLE="$arg" ;;
  esac
done
if [ "$MODE" = user ]; then
  PREFIX="$HOME/.local/opt/brandoffice"
  SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
else
  PREFIX=/opt/brandoffice
  SHARE=/usr/share
  [ "$(id -u)" = 0 ] || { echo "请用 sudo 运行，或加 --user 只为当前用户安装" >&2; exit 1; }
fi
DESKTOP="$SHARE/applications/brandoffice.desktop"
ICON_PNG="$SHARE/icons/hicolor/256x256/apps/brandoffice.png"
ICON_SVG="$SHARE/icons/hicolor/scalable/apps/brandoffice.svg"

refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
}

if [ "$ACTION" = uninstall ]; then
  rm -rf "$PREFIX"
  rm -f "$DESKTOP" "$ICON_PNG" "$ICON_SVG"
  refresh
  echo "已卸载。数据文件夹 ~/.local/share/BrandOffice 已保留。"
  exit 0
fi

if [ -z "$BUNDLE" ]; then
  for candidate in "$HERE/brandoffice" "$HERE/../../dist/brandoffice"; do
    [ -x "$candidate/brandoffice" ] && BUNDLE="$candidate" && break
  done
fi
[ -n "$BUNDLE" ] && [ -x "$BUNDLE/brandoffice" ] || { echo "找不到程序文件夹（含 brandoffice 可执行文件）" >&2; exit 1; }
ICONS="$HERE"
[ -f "$ICONS/brandoffice.png" ] || ICONS="$HERE/../../resources/icons"

rm -rf "$PREFIX"
mkdir -p "$(dirname "$PREFIX")"
cp -a "$BUNDLE" "$PREFIX"
install -D -m 644 "$ICONS/brandoffice.png" "$ICON_PNG"
install -D -m 644 "$ICONS/brandoffice.svg" "$ICON_SVG"
mkdir -p "$(dirname "$DESKTOP")"
sed "s#/opt/brandoffice#$PREFIX#g" "$HERE/brandoffice.desktop" > "$DESKTOP"
chmod 644 "$DESKTOP"
refresh
echo "已安装到 $PREFIX；可从开始菜单“办公”中打开“党建品牌工作台”。"
echo "自检：QT_QPA_PLATFORM=offscreen $PREFIX/brandoffice --self-test"
