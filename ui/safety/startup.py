"""Opening the database before the window: a second instance, a damaged file, a failure."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox

from brandoffice.db.engine import is_sqlite, resolve_url, sqlite_path
from brandoffice.errors import KnownError
from brandoffice.paths import DB_ENV
from brandoffice.safety.corruption import recover_from_backup
from brandoffice.safety.masking import mask_url
from brandoffice.safety.opening import InstanceBusyError, OpenedDatabase, open_database
from brandoffice.safety.storage import CorruptDatabaseError, is_database_error
from brandoffice.services.context import Clock, system_clock

log = logging.getLogger(__name__)

CANNOT_OPEN = "无法打开数据库"
RESTORE_HINT = "请检查数据库文件是否存在、是否被其他程序占用，或从备份恢复（命令行：brandoffice restore 备份文件）。"
SERVER_HINT = "请检查网络和服务器，或重新填写连接（服务器地址、用户名、密码、加密方式）。"

Reconnect = Callable[[str, str], "str | None"]
"""Ask for another server connection: ``(url, reason)`` → the URL to try, or None."""


def ask(title: str, text: str, yes: str, no: str, *, informative: str = "") -> bool:
    """Ask a yes/no question before the window exists (blocking; tests patch this).

    Args:
        title: Window title.
        text: The question.
        yes: Text of the accepting button.
        no: Text of the refusing button (also Esc).
        informative: A second, smaller paragraph.

    Returns:
        True when the clerk pressed ``yes``.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text)
    if informative:
        box.setInformativeText(informative)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    refuse = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.setEscapeButton(refuse)
    box.exec()
    return box.clickedButton() is accept


def _refuse(text: str, *, server: bool = False) -> None:
    QMessageBox.critical(None, CANNOT_OPEN, f"{text}\n\n{SERVER_HINT if server else RESTORE_HINT}")


def open_for_window(
    db: str | None, *, clock: Clock = system_clock, reconnect: Reconnect | None = None
) -> OpenedDatabase | None:
    """Open the database for the window, asking the clerk where a choice is needed.

    * another instance holds the file: offer to open it read-only;
    * the file is damaged (it was put aside): offer the newest good backup, then open
      the restored copy;
    * a server that cannot be opened (down, wrong password …): offer 连接服务器…
      (``reconnect``) and try the connection given there;
    * anything else: a message, and None.

    Args:
        db: ``--db`` value, or None for ``BRANDOFFICE_DB``/the default.
        clock: The services' clock.
        reconnect: Shows the connection dialog (None: no such offer).

    Returns:
        The open database, or None when it is not opened (the program ends).
    """
    while True:
        try:
            return _open(db, clock)
        except Exception as exc:
            # A database error: a file that fails in a way open_database does not translate.
            if not isinstance(exc, KnownError) and not is_database_error(exc):
                raise
            try:
                url = resolve_url(db)
            except KnownError:  # a malformed server URL: the dialog can correct it
                url = db or os.environ.get(DB_ENV, "")
            log.warning("无法打开数据库 %s：%s", mask_url(url), mask_url(str(exc)))
            if isinstance(exc, KnownError):
                reason = mask_url(str(exc))
            elif is_sqlite(url):
                reason = "数据库文件已损坏，或不是本程序的数据库。"
            else:
                reason = "无法连接数据库服务器。"
            if is_sqlite(url) or reconnect is None:
                _refuse(reason, server=not is_sqlite(url))
                return None
            if not ask(CANNOT_OPEN, reason, "连接服务器…", "退出", informative=SERVER_HINT):
                return None
            db = reconnect(url, reason)
            if db is None:
                return None


def _open(db: str | None, clock: Clock) -> OpenedDatabase | None:
    try:
        return open_database(db, clock=clock)
    except InstanceBusyError as exc:
        who = exc.holder.describe() if exc.holder is not None else "未知"
        if not ask(
            "数据库正在使用",
            f"另一个 BrandOffice 正在使用此数据库（持有者：{who}）。以只读方式打开？",
            "只读打开",
            "退出",
            informative="只读方式下可以查看数据，不能修改、导入或备份。",
        ):
            return None
        return open_database(db, clock=clock, read_only=True)
    except CorruptDatabaseError as exc:
        path = sqlite_path(resolve_url(db))
        if exc.backup is None or path is None:
            raise
        moved = f"损坏的文件已改名保留为：{exc.moved_to}" if exc.moved_to else ""
        if not ask(
            "数据库文件已损坏",
            f"{exc}\n\n要从这份备份恢复并打开吗？",
            "从备份恢复",
            "退出",
            informative=f"备份文件：{exc.backup}\n{moved}".strip(),
        ):
            return None
        recover_from_backup(path, exc.backup, clock)
        log.warning("数据库已从备份 %s 恢复（损坏的文件：%s）", exc.backup, exc.moved_to)
        opened = open_database(db, clock=clock)
        kept = f"损坏的文件保留为“{exc.moved_to.name}”，可交维护人员抢救。" if exc.moved_to else ""
        opened.warnings.insert(
            0, f"已从备份“{exc.backup.name}”恢复数据库。该备份之后的改动不在其中。{kept}"
        )
        return opened
