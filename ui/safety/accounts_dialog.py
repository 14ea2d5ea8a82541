"""工具 → 账户与登录 (管理员): accounts, roles, passwords, lockouts and the login settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from brandoffice.errors import KnownError
from brandoffice.safety import accounts
from brandoffice.safety.accounts import AccountRow
from ui.headers import keep_columns
from ui.home_models import Column, RecordTableModel
from ui.icons import icon
from ui.safety.account_forms import PasswordForm, role_combo
from ui.safety.common import make_table, show_error
from ui.widgets import stack

if TYPE_CHECKING:
    from ui.shell import WindowShell

GREY, RED = QColor("#9aa0a6"), QColor("#c0392b")


def _when(value: dt.datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else "从未"


class AccountTableModel(RecordTableModel[AccountRow]):
    """The accounts by name: role, state, last sign-in and creation."""

    def __init__(self, now: Callable[[], dt.datetime], parent: QDialog | None = None) -> None:
        def state(a: AccountRow) -> str:
            if a.disabled:
                return "已停用"
            if a.locked_at(now()):
                return f"锁定至 {a.locked_until:%H:%M}"
            return "正常"

        super().__init__(
            [
                Column("用户名", lambda a: a.name),
                Column("角色", lambda a: a.role),
                Column("状态", state),
                Column("上次登录", lambda a: a.last_login, lambda a: _when(a.last_login)),
                Column("创建时间", lambda a: a.created_at, lambda a: _when(a.created_at)),
            ],
            foreground=lambda a: GREY if a.disabled else (RED if a.locked_at(now()) else None),
            parent=parent,
        )


class AccountsDialog(QDialog):
    """The account page of the 管理员.

    Signals:
        loaded(): Accounts and settings were (re)read.
    """

    loaded = Signal()

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window_ = window
        self.ctx = window.ctx
        self.form: PasswordForm | None = None
        self.setWindowTitle("账户与登录")
        self.setWindowIcon(icon("accounts"))
        self.resize(780, 520)

        self.login_box = QCheckBox("启动时需要登录")
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, 240)
        self.idle_spin.setSuffix(" 分钟")
        self.idle_spin.setSpecialValueText("不锁定")
        self.idle_save = QPushButton("保存")
        settings_note = QLabel(
            "服务器数据库（PostgreSQL）始终需要登录。"
            if not self.ctx.db.is_sqlite
            else "开启后，每次启动都要用账户登录；关闭时本机的任何人都可直接使用。"
        )
        settings_note.setWordWrap(True)
        settings_note.setStyleSheet("color: #5f6368;")
        self.login_box.setEnabled(self.ctx.db.is_sqlite)
        self.login_box.clicked.connect(self.set_login_required)
        self.idle_save.clicked.connect(self.save_idle_minutes)
        box = QGroupBox("登录设置")
        settings = QVBoxLayout(box)
        settings.addWidget(self.login_box)
        settings.addWidget(settings_note)
        idle_row = QHBoxLayout()
        idle_row.addWidget(QLabel("无操作多久后锁定窗口："))
        idle_row.addWidget(self.idle_spin)
        idle_row.addWidget(self.idle_save)
        idle_row.addStretch(1)
        settings.addLayout(idle_row)

        self.model = AccountTableModel(self.ctx.clock, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        self.view.setColumnWidth(0, 140)
        self.view.setColumnWidth(2, 120)
        self.view.setColumnWidth(3, 150)
        keep_columns(self.view)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton("新增账户…")
        self.reset_button = QPushButton("重置密码…")
        self.role = role_combo()
        self.role_button = QPushButton("修改角色")
        self.disable_button = QPushButton("停用")
        self.unlock_button = QPushButton("解除锁定")
        close = QPushButton("关闭")
        self.add_button.clicked.connect(self.add_account)
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button.clicked.connect(self.change_role)
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.unlock_button.clicked.connect(self.unlock)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        for widget in (self.add_button, self.reset_button, QLabel("角色："), self.role):
            row.addWidget(widget)
        for widget in (self.role_button, self.disable_button, self.unlock_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(close)

        stack(self, box, (self.view, 1), row)
        self._update_buttons()
        self.reload()

    # -- reading -----------------------------------------------------------------
    def reload(self) -> None:
        """Read the accounts and the login settings off the UI thread."""
        ctx = self.ctx

        def work() -> tuple[list[AccountRow], bool, int]:
            return (
                accounts.list_accounts(ctx),
                accounts.login_required(ctx),
                accounts.idle_lock_minutes(ctx),
            )

        self.window_.runner.run(
            work, self._show, on_error=lambda exc: show_error(self, exc, "读取账户")
        )

    def _show(self, loaded: tuple[list[AccountRow], bool, int]) -> None:
        rows, required, minutes = loaded
        chosen = self.selected()
        self.model.set_rows(rows)
        names = [r.name for r in rows]
        if chosen is not None and chosen.name in names:
            self.view.selectRow(names.index(chosen.name))
        self.login_box.setChecked(required)
        self.idle_spin.setValue(minutes)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> AccountRow | None:
        """Return the account of the selected row, or None."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        for button in (self.reset_button, self.role_button, self.disable_button):
            button.setEnabled(chosen is not None)
        self.unlock_button.setEnabled(chosen is not None and chosen.locked_at(self.ctx.clock()))
        self.disable_button.setText("启用" if chosen is not None and chosen.disabled else "停用")
        if chosen is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(chosen.role)))

    # -- writing -----------------------------------------------------------------
    def _write(
        self,
        title: str,
        fn: Callable[[], Any],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        done: Callable[[Any], None] | None = None,
    ) -> None:
        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self.reload()

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            else:
                show_error(self, exc, title)
            self.reload()

        self.window_.runner.run(fn, finished, on_error=failed, write=True, title=title)

    def set_login_required(self, required: bool) -> None:
        """Turn 启动时需要登录 on or off (needs an active 管理员 to turn on)."""
        ctx = self.ctx
        self._write("登录设置", lambda: accounts.set_login_required(ctx, required))

    def save_idle_minutes(self) -> None:
        """Save the idle lock minutes (0: never lock)."""
        ctx, minutes = self.ctx, self.idle_spin.value()
        self._write("空闲锁定", lambda: accounts.set_idle_lock_minutes(ctx, minutes))

    def add_account(self) -> PasswordForm:
        """Open the new-account form; the account is created when it passes the policy."""
        form = PasswordForm(self)
        ctx = self.ctx

        def save(name: str, role: str, password: str) -> None:
            self._write(
                "新增账户",
                lambda: accounts.create_account(ctx, name, role, password),
                on_error=lambda exc: self._form_error(form, exc),
                done=lambda _row: form.accept(),
            )

        return self._open_form(form, save)

    def reset_password(self) -> PasswordForm | None:
        """Open the new-password form for the selected account (also lifts its lockout)."""
        chosen = self.selected()
        if chosen is None:
            return None
        form = PasswordForm(self, name=chosen.name)
        ctx = self.ctx

        def save(name: str, _role: str, password: str) -> None:
            self._write(
                "重置密码",
                lambda: accounts.change_password(ctx, name, password),
                on_error=lambda exc: self._form_error(form, exc),
                done=lambda _r: form.accept(),
            )

        return self._open_form(form, save)

    def _open_form(self, form: PasswordForm, save: Callable[[str, str, str], None]) -> PasswordForm:
        form.submitted.connect(save)
        form.finished.connect(form.deleteLater)
        self.form = form
        form.open()
        return form

    def _form_error(self, form: PasswordForm, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            form.show_message(str(exc))
        else:
            form.set_busy(False)
            show_error(form, exc, form.windowTitle())

    def change_role(self) -> None:
        """Give the selected account the role chosen in the drop-down."""
        chosen, role = self.selected(), str(self.role.currentData())
        if chosen is None or role == chosen.role:
            return
        ctx = self.ctx
        self._write("修改角色", lambda: accounts.set_role(ctx, chosen.name, role))

    def toggle_disabled(self) -> None:
        """Disable the selected account, or enable it again."""
        chosen = self.selected()
        if chosen is None:
            return
        ctx = self.ctx
        title = "启用账户" if chosen.disabled else "停用账户"
        self._write(title, lambda: accounts.set_disabled(ctx, chosen.name, not chosen.disabled))

    def unlock(self) -> None:
        """Lift the selected account's lockout before its 15 minutes are over."""
        chosen = self.selected()
        if chosen is None:
            return
        ctx = self.ctx
        self._write("解除锁定", lambda: accounts.unlock(ctx, chosen.name))
