"""文件 → 连接服务器…: ask for the connection, then reopen the window on the server.

The window's parts import this module, so it imports neither the window nor ``ui.app``:
``ui.app`` hands it the function that opens another database (:func:`set_switcher`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from brandoffice.db.connection import ServerConnection
from ui import messages
from ui.connect_dialog import ask_server_url

if TYPE_CHECKING:
    from brandoffice.services.context import AppContext


class ConnectingWindow(Protocol):
    """What connecting asks of the window."""

    ctx: AppContext
    settings: QSettings

    def window(self) -> QWidget:
        """Return the top-level widget (the dialogs' parent)."""

    def isVisible(self) -> bool:  # Qt's name
        """Tell whether the window is shown."""


Switcher = Callable[[Any, str], object]
"""Open ``url`` in place of a window: ``(window, url)`` → the new window, or None."""
_switcher: list[Switcher] = []


def set_switcher(switch: Switcher) -> None:
    """Use ``switch`` to open the server's database in place of the window."""
    _switcher[:] = [switch]


def connect_from_window(window: ConnectingWindow) -> None:
    """Show the connection dialog; on 连接 close this database and open the server's."""
    initial = None if window.ctx.db.is_sqlite else ServerConnection.from_url(window.ctx.db.url)
    parent = window.window()
    url = ask_server_url(window.settings, parent, initial=initial)
    if url is None or not _switcher:
        return
    if _switcher[0](window, url) is None and window.isVisible():
        messages.warn(
            parent,
            "连接服务器",
            "连接已保存，但当前数据库还不能关闭（正在保存或有未保存的修改），"
            "或服务器上的数据库没有打开。下次启动时将连接此服务器。",
        )
