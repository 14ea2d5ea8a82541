"""The shipped icons (resources/icons/) by name, each loaded once."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap

from brandoffice.paths import resource

log = logging.getLogger(__name__)

ICONS: dict[str, tuple[str, ...]] = {
    "app": ("brandoffice.png",),
    # Navigation pages.
    "home": ("actions", "home.svg"),
    "orgs": ("actions", "org-tree.svg"),
    "brands": ("actions", "brands.svg"),
    "calendar": ("actions", "calendar.svg"),
    "reports": ("actions", "report.svg"),
    # Actions.
    "import": ("actions", "import.svg"),
    "export": ("actions", "export.svg"),
    "template": ("actions", "template.svg"),
    "undo": ("actions", "undo.svg"),
    "backup": ("actions", "backup.svg"),
    "restore": ("actions", "restore.svg"),
    "check": ("actions", "check.svg"),
    "folder": ("actions", "folder.svg"),
    "refresh": ("actions", "refresh.svg"),
    "report": ("actions", "report.svg"),
    "help": ("actions", "help.svg"),
    "about": ("actions", "about.svg"),
    "accounts": ("actions", "accounts.svg"),
    "audit": ("actions", "audit.svg"),
    "lock": ("actions", "lock.svg"),
}
"""Icon name → file under ``resources/icons/``."""


@functools.cache
def icon(name: str) -> QIcon:
    """Return a shipped icon; a missing file gives a null icon (and a log line), not a crash.

    Args:
        name: A key of :data:`ICONS` (``"import"``, ``"orgs"``, ``"app"`` …).

    Returns:
        The icon, shared between callers (QIcon is implicitly shared, so this is cheap).

    Raises:
        KeyError: Not a known icon name (a programming error).
    """
    node = resource("icons", *ICONS[name])
    if not node.is_file():
        log.warning("缺少图标文件：%s", "/".join(ICONS[name]))
        return QIcon()
    if isinstance(node, Path):
        return QIcon(str(node))
    # Resources inside a zip are no real file: draw the icon once from its bytes.
    pixmap = QPixmap()
    if not pixmap.loadFromData(QByteArray(node.read_bytes())):
        log.warning("无法读取图标：%s", node.name)
        return QIcon()
    return QIcon(pixmap)
