"""文件 → 连接服务器…: ask for the connection, then reopen the window on the server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brandoffice.db.connection import ServerConnection
from ui import messages
from ui.connect_dialog import ask_server_url

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def connect_from_window(window: MainWindow) -> None:
    """Show the connection dialog; on 连接 close this database and open the server's."""
    initial = None if window.ctx.db.is_sqlite else ServerConnection.from_url(window.ctx.db.url)
    url = ask_server_url(window.settings, window, initial=initial)
    if url is None:
        return
    from ui.app import switch_database

    if switch_database(window, url) is None and window.isVisible():
        messages.warn(
            window,
            "连接服务器",
            "连接已保存，但当前数据库还不能关闭（正在保存或有未保存的修改），"
            "或服务器上的数据库没有打开。下次启动时将连接此服务器。",
        )
