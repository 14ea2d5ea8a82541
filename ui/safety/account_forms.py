"""The small forms of the account page: a new account, a new password, a role."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from brandoffice.model.vocab import Role
from brandoffice.safety.passwords import POLICY_TEXT, password_problem
from ui.widgets import stack

ROLE_NOTES = {
    Role.ADMIN.value: "管理员：全部功能，包括账户、恢复备份和审计日志",
    Role.CLERK.value: "组织员：查看、修改、导入、导出和备份",
    Role.LEADER.value: "领导：只能查看和生成报表",
}


def role_combo(current: str | None = None) -> QComboBox:
    """Return a drop-down of the three roles, each with its explanation as tooltip."""
    combo = QComboBox()
    for role in Role:
        combo.addItem(role.value, role.value)
        combo.setItemData(combo.count() - 1, ROLE_NOTES[role.value], Qt.ItemDataRole.ToolTipRole)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class PasswordForm(QDialog):
    """A new account (name, role, password twice) or a new password for ``name``.

    The form checks the policy as the clerk types; 确定 emits ``submitted`` and
    the page runs the service, then calls :meth:`accept` or :meth:`show_message`.

    Signals:
        submitted(str, str, str): Name, role and password.
    """

    submitted = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None) -> None:
        super().__init__(parent)
        self.new_account = name is None
        self.setWindowTitle("新增账户" if self.new_account else f"重置“{name}”的密码")
        self.setMinimumWidth(440)
        self.name_edit = QLineEdit(name or "")
        self.name_edit.setMaxLength(50)
        self.name_edit.setReadOnly(not self.new_account)
        self.role = role_combo(Role.CLERK.value)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("用户名：", self.name_edit)
        if self.new_account:
            form.addRow("角色：", self.role)
        form.addRow("密码：", self.password_edit)
        form.addRow("确认密码：", self.repeat_edit)
        policy = QLabel(POLICY_TEXT + "。")
        policy.setWordWrap(True)
        policy.setStyleSheet("color: #5f6368;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox()
        self.ok_button = QPushButton("确定")
        self.ok_button.setDefault(True)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        for edit in (self.name_edit, self.password_edit, self.repeat_edit):
            edit.textChanged.connect(self._live_check)
        stack(self, form, policy, self.message, buttons)
        (self.name_edit if self.new_account else self.password_edit).setFocus()

    def problem(self) -> str | None:
        """Return what keeps the form from being saved, or None."""
        name = self.name_edit.text().strip()
        if not name:
            return "请输入用户名"
        password = self.password_edit.text()
        found = password_problem(password, name)
        if found:
            return found
        if password != self.repeat_edit.text():
            return "两次输入的密码不一致"
        return None

    def _live_check(self) -> None:
        if self.password_edit.text():
            self.show_message(self.problem() or "")

    def submit(self) -> None:
        """Emit ``submitted`` when the fields pass, otherwise say why not."""
        problem = self.problem()
        if problem:
            self.show_message(problem)
            return
        self.set_busy(True)
        self.submitted.emit(
            self.name_edit.text().strip(), str(self.role.currentData()), self.password_edit.text()
        )

    def set_busy(self, busy: bool) -> None:
        """Disable the 确定 button while the page saves."""
        self.ok_button.setEnabled(not busy)

    def show_message(self, text: str) -> None:
        """Show why the form was refused."""
        self.set_busy(False)
        self.message.setText(text)
