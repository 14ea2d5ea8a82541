"""The sign-in dialog, also used to create the first 管理员 and to unlock an idle window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import Role
from brandoffice.safety.accounts import AccountRow, create_account, sign_in
from brandoffice.safety.passwords import POLICY_TEXT, password_problem
from brandoffice.safety.readonly_login import MemoryLockout, read_only_authenticate
from brandoffice.services.context import AppContext
from ui.icons import icon
from ui.safety.common import show_error
from ui.tasks import TaskRunner

ERROR_STYLE = "color: #c0392b;"


class LoginDialog(QDialog):
    """Name and password; on success ``signedIn`` carries the account and the dialog closes.

    With ``first_admin`` it asks for a new 管理员 (password twice), creates it and
    signs in. Rejecting the dialog (退出程序, Esc, closing it) means the clerk
    gave up: the caller closes the program.

    Signals:
        signedIn(object): The :class:`AccountRow` signed in.
    """

    signedIn = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        *,
        read_only_db: bool = False,
        first_admin: bool = False,
        lockout: MemoryLockout | None = None,
        note: str = "",
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.read_only_db = read_only_db
        self.first_admin = first_admin
        self.lockout = lockout or MemoryLockout()
        self.busy = False
        self.setWindowTitle("创建管理员账户" if first_admin else "登录 党建品牌工作台")
        self.setWindowIcon(icon("app"))
        self.setMinimumWidth(420)

        heading = QLabel(
            "启动时需要登录，但还没有可用的管理员账户。请创建第一个管理员账户："
            if first_admin
            else "请输入用户名和密码登录。"
        )
        heading.setWordWrap(True)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        self.note.setVisible(bool(note))
        self.name_edit = QLineEdit(name)
        self.name_edit.setMaxLength(50)
        self.name_edit.setPlaceholderText("用户名")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("密码")
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setPlaceholderText("再输入一次密码")
        form = QFormLayout()
        form.addRow("用户名：", self.name_edit)
        form.addRow("密码：", self.password_edit)
        if first_admin:
            form.addRow("确认密码：", self.repeat_edit)
            policy = QLabel(POLICY_TEXT + "。")
            policy.setWordWrap(True)
            policy.setStyleSheet("color: #5f6368;")
            form.addRow("", policy)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox()
        self.ok_button = QPushButton("创建并登录" if first_admin else "登录")
        self.ok_button.setDefault(True)
        self.quit_button = QPushButton("退出程序")
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        badge = QLabel()
        badge.setPixmap(icon("app").pixmap(48, 48))
        top.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(heading, 1)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        (self.password_edit if name else self.name_edit).setFocus()

    # -- signing in --------------------------------------------------------------
    def submit(self) -> None:
        """Check the fields, then sign in (or create the 管理员) off the UI thread."""
        if self.busy:
            return
        name = self.name_edit.text().strip()
        password = self.password_edit.text()
        if not name or not password:
            self.show_message("请输入用户名和密码")
            return
        if self.first_admin:
            problem = password_problem(password, name)
            if problem is None and password != self.repeat_edit.text():
                problem = "两次输入的密码不一致"
            if problem:
                self.show_message(problem)
                return
        self._set_busy(True)
        self.show_message("正在验证…", error=False)
        self.runner.run(
            self._work(name, password),
            self._signed_in,
            on_error=self._failed,
            write=not self.read_only_db,
            title="登录",
        )

    def _work(self, name: str, password: str) -> Any:
        ctx, lockout = self.ctx, self.lockout
        if self.read_only_db:
            return lambda: read_only_authenticate(ctx, name, password, lockout)
        if self.first_admin:

            def create_then_sign_in() -> AccountRow:
                create_account(ctx, name, Role.ADMIN.value, password)
                return sign_in(ctx, name, password)

            return create_then_sign_in
        return lambda: sign_in(ctx, name, password)

    def _signed_in(self, row: AccountRow) -> None:
        self._set_busy(False)
        if not self.isVisible():
            return  # 退出程序 was pressed while the password was being checked
        self.ctx.sign_in(row.name, row.role)  # the core's gate (already, unless read-only)
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.signedIn.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(exc, KnownError):
            self.show_message(str(exc))
        else:
            self.show_message("")
            show_error(self, exc, "登录")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ignore Esc: leaving the dialog means leaving the program (退出程序)."""
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    # -- looks -------------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = True) -> None:
        """Show a line under the fields (red for a refusal)."""
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #5f6368;")
        self.message.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.ok_button, self.name_edit, self.password_edit, self.repeat_edit):
            widget.setEnabled(not busy)
