"""Chinese input on Linux: fcitx is reached through Qt's IBus plugin when Qt has no fcitx one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.input_method import choose_input_method, input_context_plugins

ROOT = Path(__file__).resolve().parents[2]
QT_PLUGINS = ["libcomposeplatforminputcontextplugin.so", "libibusplatforminputcontextplugin.so"]


def test_fcitx_without_a_qt_plugin_goes_through_the_ibus_portal() -> None:
    environ = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}
    assert choose_input_method(environ, QT_PLUGINS, "linux")
    assert environ == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1", "XMODIFIERS": "@im=fcitx"}
    environ = {"QT_IM_MODULE": "fcitx5", "IBUS_USE_PORTAL": "0"}
    assert choose_input_method(environ, QT_PLUGINS, "linux")
    assert environ == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "0"}  # the user's choice kept


@pytest.mark.parametrize(
    ("environ", "plugins", "platform"),
    [
        (
            {"QT_IM_MODULE": "fcitx"},
            [*QT_PLUGINS, "libfcitx5platforminputcontextplugin.so"],
            "linux",
        ),
        ({"QT_IM_MODULE": "fcitx"}, ["libcomposeplatforminputcontextplugin.so"], "linux"),
        ({"QT_IM_MODULE": "ibus"}, QT_PLUGINS, "linux"),
        ({}, QT_PLUGINS, "linux"),
        ({"QT_IM_MODULE": "fcitx"}, QT_PLUGINS, "win32"),
    ],
)
def test_other_setups_are_left_alone(
    environ: dict[str, str], plugins: list[str], platform: str
) -> None:
    before = dict(environ)
    assert not choose_input_method(environ, plugins, platform)
    assert environ == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_this_qt_has_the_ibus_plugin_the_route_needs() -> None:
    plugins = input_context_plugins()
    assert any("ibus" in name for name in plugins), plugins
    environ = {"QT_IM_MODULE": "fcitx"}
    has_fcitx = any("fcitx" in name for name in plugins)
    assert choose_input_method(environ, plugins, "linux") is not has_fcitx


TYPING = """
import subprocess, sys, time
from ui.input_method import route_fcitx_through_ibus
assert route_fcitx_through_ibus()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication(sys.argv)
edit = QLineEdit()
edit.show()
edit.activateWindow()
edit.setFocus()
tries = []

def type_pinyin():
    # Until the IBus connection is up the keys arrive as plain letters: clear and type again.
    tries.append(time.monotonic())
    edit.clear()
    subprocess.run(["xdotool", "windowfocus", "--sync", str(int(edit.winId()))], check=False)
    subprocess.run(["xdotool", "type", "--delay", "100", "nihao"], check=True)
    time.sleep(0.5)
    subprocess.run(["xdotool", "key", "space"], check=True)  # take the first candidate
    QTimer.singleShot(300, look)

def look():
    if any(ord(c) > 0x3000 for c in edit.text()) or len(tries) >= 5:
        app.quit()
    elif time.monotonic() - tries[-1] > 3:
        type_pinyin()
    else:
        QTimer.singleShot(300, look)

QTimer.singleShot(1000, type_pinyin)
app.exec()
print(f"TEXT={edit.text()} after {len(tries)} tries")
"""

SESSION = """
fcitx5 --disable=wayland,kimpanel,notificationitem >"$HOME/fcitx5.log" 2>&1 &
fcitx=$!
for _ in $(seq 60); do  # fcitx5's IBus frontend writes its address when it is ready
  ls "$HOME"/.config/ibus/bus/*-unix-"${DISPLAY#:}" >/dev/null 2>&1 && break
  sleep 0.5
done
QT_IM_MODULE=fcitx "$PYTHON" "$HOME/type_pinyin.py"
status=$?
kill $fcitx
exit $status
"""

XVFB = ["xvfb-run", "-a", "-s", "-screen 0 800x600x24"]
# Pinyin on from the start: no key to switch it on.
CONFIG = "[Behavior]\nActiveByDefault=True\n"
PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""


@pytest.mark.slow
@pytest.mark.skipif(
    not all(shutil.which(t) for t in ("fcitx5", "xdotool", "xvfb-run", "dbus-run-session")),
    reason="needs fcitx5 (with fcitx5-chinese-addons), xdotool, xvfb-run and dbus-run-session",
)
def test_pinyin_typed_through_fcitx5_arrives_in_a_line_edit(tmp_path: Path) -> None:
    if not Path("/usr/share/fcitx5/inputmethod/pinyin.conf").is_file():
        pytest.skip("fcitx5-chinese-addons (pinyin) is not installed")
    (tmp_path / ".config" / "fcitx5").mkdir(parents=True)
    (tmp_path / ".config" / "fcitx5" / "profile").write_text(PROFILE, encoding="utf-8")
    (tmp_path / ".config" / "fcitx5" / "config").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "type_pinyin.py").write_text(TYPING, encoding="utf-8")
    (tmp_path / "session.sh").write_text(SESSION, encoding="utf-8")
    environ = {
        key: value for key, value in os.environ.items() if not key.startswith(("QT_", "IBUS_"))
    }
    environ |= {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / ".config"),
        "PYTHON": sys.executable,
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [*XVFB, "dbus-run-session", "--", "bash", str(tmp_path / "session.sh")],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )
    assert "TEXT=你好 " in result.stdout, result.stdout + result.stderr
