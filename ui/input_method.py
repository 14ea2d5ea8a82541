"""Chinese input on Linux: reach fcitx5 through its IBus frontend when Qt has no fcitx plugin.

PySide6's Qt ships only the ``ibus`` and ``compose`` input-context plugins. The fcitx5 Qt 6
plugin must match Qt's private API of the exact Qt it was built for (Debian's, built for
Qt 6.4, does not load into Qt 6.11), so the bundle cannot carry one. fcitx5, the usual
input method on UOS and Kylin, also answers IBus clients (its ``ibusfrontend`` addon) on the
session bus portal; so when the desktop asks Qt for fcitx and Qt has no such plugin, Qt is
pointed at its IBus plugin, through the portal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, MutableMapping
from pathlib import Path

FCITX_MODULES = frozenset({"fcitx", "fcitx5"})


def choose_input_method(
    environ: MutableMapping[str, str], plugins: Iterable[str], platform: str = sys.platform
) -> bool:
    """Point Qt at the IBus plugin when fcitx is asked for but absent; return True if changed.

    Args:
        environ: The environment Qt reads (``QT_IM_MODULE``, ``IBUS_USE_PORTAL``).
        plugins: File names in Qt's ``platforminputcontexts`` plugin folder.
        platform: ``sys.platform``; only Linux is touched.
    """
    if not platform.startswith("linux"):
        return False
    if environ.get("QT_IM_MODULE", "").strip().lower() not in FCITX_MODULES:
        return False
    names = [name.lower() for name in plugins]
    if any("fcitx" in name for name in names) or not any("ibus" in name for name in names):
        return False
    environ["QT_IM_MODULE"] = "ibus"
    environ.setdefault("IBUS_USE_PORTAL", "1")
    return True


def input_context_plugins() -> list[str]:
    """Return the file names of the input-context plugins Qt can find.

    ``QCoreApplication.libraryPaths()`` holds Qt's plugin folder, ``QT_PLUGIN_PATH`` and, in
    the PyInstaller bundle, the folder its run-time hook points Qt at.
    """
    from PySide6.QtCore import QCoreApplication

    names: set[str] = set()
    for path in QCoreApplication.libraryPaths():
        folder = Path(path) / "platforminputcontexts"
        if folder.is_dir():
            names.update(item.name for item in folder.iterdir())
    return sorted(names)


def route_fcitx_through_ibus() -> bool:
    """Apply :func:`choose_input_method` to this process before the QApplication exists."""
    if not sys.platform.startswith("linux"):
        return False
    return choose_input_method(os.environ, input_context_plugins())
