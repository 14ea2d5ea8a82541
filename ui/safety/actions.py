"""The safety commands of the menus (备份与恢复, 账户与登录, 审计日志, 锁定) and who may use them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from brandoffice.safety.permissions import Action
from ui.icons import icon
from ui.safety.access import Access
from ui.safety.session import MANUAL_REASON
from ui.widgets import make_action

if TYPE_CHECKING:
    from ui.shell import WindowShell


class SafetyActions(QObject):
    """Builds the safety actions and opens their dialogs (one of each at a time).

    Attributes:
        backups: 工具 → 备份与恢复….
        accounts: 工具 → 账户与登录… (管理员).
        audit: 工具 → 审计日志… (管理员).
        lock: 文件 → 锁定窗口 (only while sign-in is on).
        dialogs: The open dialog of each kind, by ``backups``/``accounts``/``audit``.
    """

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window = window
        self.dialogs: dict[str, QDialog] = {}
        make = partial(make_action, window)
        self.backups = make(
            "备份与恢复…",
            self.show_backups,
            icon("restore"),
            tip="查看自动和手动备份，立即备份，或从所选备份恢复",
        )
        self.accounts = make(
            "账户与登录…",
            self.show_accounts,
            icon("accounts"),
            tip="管理账户、角色和密码，设置启动时是否需要登录和空闲锁定",
        )
        self.audit = make(
            "审计日志…",
            self.show_audit,
            icon("audit"),
            tip="查看和导出审计日志（谁在什么时候做了什么）",
        )
        self.lock = make(
            "锁定窗口", self.lock_now, icon("lock"), "Ctrl+L", tip="离开电脑时锁定，需重新登录"
        )
        self.lock.setVisible(False)

    def _open(self, key: str, factory: Callable[[], QDialog]) -> QDialog:
        dialog = self.dialogs.get(key)
        if dialog is not None:
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        dialog = factory()
        self.dialogs[key] = dialog
        dialog.finished.connect(lambda _r: self._closed(key, dialog))
        dialog.open()
        return dialog

    def _closed(self, key: str, dialog: QDialog) -> None:
        if self.dialogs.get(key) is dialog:
            del self.dialogs[key]
        dialog.deleteLater()

    def show_backups(self) -> QDialog:
        """Open the backup page (工具 → 备份与恢复…)."""
        from ui.safety.backup_page import BackupDialog

        return self._open("backups", lambda: BackupDialog(self.window))

    def show_accounts(self) -> QDialog:
        """Open the account administration (工具 → 账户与登录…)."""
        from ui.safety.accounts_dialog import AccountsDialog

        def make() -> QDialog:
            dialog = AccountsDialog(self.window)
            session = self.window.session
            if session is not None:
                dialog.finished.connect(lambda _r: session.refresh_access())
            return dialog

        return self._open("accounts", make)

    def show_audit(self) -> QDialog:
        """Open the audit log viewer (工具 → 审计日志…)."""
        from ui.safety.audit_viewer import AuditViewer

        return self._open("audit", lambda: AuditViewer(self.window))

    def apply_access(self, access: Access) -> None:
        """Enable the safety actions as ``access`` allows; 锁定 only while signed in."""
        enable_by_role(
            [
                (self.backups, Action.BACKUP),
                (self.accounts, Action.ACCOUNTS),
                (self.audit, Action.AUDIT),
            ],
            access,
        )
        self.lock.setVisible(access.account is not None)

    def lock_now(self) -> None:
        """Lock the window now (文件 → 锁定窗口)."""
        session = self.window.session
        if session is not None:
            session.lock(MANUAL_REASON)


def enable_by_role(rules: Iterable[tuple[QAction, Action]], access: Access) -> None:
    """Enable each action only when the role and the database allow what it needs.

    Args:
        rules: Each action with the permission it needs.
        access: What is allowed.
    """
    for action, needed in rules:
        allowed = access.may(needed)
        action.setEnabled(allowed)
        tip = action.statusTip() or action.text()
        action.setToolTip(tip if allowed else f"{action.text().rstrip('…')}：{_why(access)}")


def _why(access: Access) -> str:
    if access.read_only_db:
        return "数据库以只读方式打开，不能使用"
    return f"您的角色（{access.role}）无权使用"
