"""The office's identity in the window: the fields, the dialog, and saving through the service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from brandoffice.errors import ValidationError
from brandoffice.office import (
    CONTACT_MAX,
    ISSUER_MAX,
    NAME_MAX,
    OfficeIdentity,
    OfficeKind,
)
from brandoffice.services.settings import check_identity
from ui.icons import icon
from ui.tasks import TaskHandle

if TYPE_CHECKING:
    from ui.shell import WindowShell

NOTE_STYLE = "color: #5f6368;"
ERROR_STYLE = "color: #b3261e;"
NAME_EXAMPLE = {
    OfficeKind.STREET: "和平街道",
    OfficeKind.TOWN: "青山镇",
    OfficeKind.TOWNSHIP: "柳河乡",
    OfficeKind.DISTRICT: "安和区",
}


class OfficeFields(QWidget):
    """Kind, name, issuer and contact line of the office, with the wording they give.

    Attributes:
        kind_combo: 单位类别 (街道 / 镇 / 乡 / 区).
        name_edit: 单位名称.
        issuer_edit: 发文机关 (blank: the committee's usual name, shown as placeholder).
        contact_edit: 联系方式.
        wording_label: What documents will say (落款 and 备案 wording).
    """

    changed = Signal()

    def __init__(self, identity: OfficeIdentity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.kind_combo = QComboBox(self)
        for kind in OfficeKind:
            self.kind_combo.addItem(kind.value, kind)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(NAME_MAX)
        self.issuer_edit = QLineEdit(self)
        self.issuer_edit.setMaxLength(ISSUER_MAX)
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setMaxLength(CONTACT_MAX)
        self.contact_edit.setPlaceholderText("如：党建办 张明 0431-1234567（可不填）")
        for edit in (self.name_edit, self.issuer_edit, self.contact_edit):
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(self._changed)
        self.kind_combo.currentIndexChanged.connect(self._changed)
        self.wording_label = QLabel(self)
        self.wording_label.setWordWrap(True)
        self.wording_label.setStyleSheet(NOTE_STYLE)
        form.addRow("单位类别", self.kind_combo)
        form.addRow("单位名称", self.name_edit)
        form.addRow("发文机关", self.issuer_edit)
        form.addRow("联系方式", self.contact_edit)
        layout.addLayout(form)
        layout.addWidget(self.wording_label)
        self.set_identity(identity)

    def set_identity(self, identity: OfficeIdentity) -> None:
        """Show ``identity`` in the fields."""
        self.kind_combo.setCurrentIndex(list(OfficeKind).index(identity.kind))
        self.name_edit.setText(identity.name)
        self.issuer_edit.setText(identity.issuer)
        self.contact_edit.setText(identity.contact)
        self._changed()

    def kind(self) -> OfficeKind:
        """Return the chosen kind."""
        return list(OfficeKind)[max(self.kind_combo.currentIndex(), 0)]

    def identity(self) -> OfficeIdentity:
        """Return the identity as typed, checked by the service's rules.

        Raises:
            ValidationError: A field is not acceptable.
        """
        return check_identity(
            OfficeIdentity(),
            kind=self.kind().value,
            name=self.name_edit.text(),
            issuer=self.issuer_edit.text(),
            contact=self.contact_edit.text(),
        )

    def problem(self) -> str:
        """Return what stops saving ("" when the fields are fine)."""
        if not self.name_edit.text().strip():
            return "请填写本单位名称。"
        try:
            self.identity()
        except ValidationError as exc:
            return str(exc)
        return ""

    def _changed(self) -> None:
        kind = self.kind()
        self.name_edit.setPlaceholderText(f"如：{NAME_EXAMPLE[kind]}")
        preview = OfficeIdentity(kind, self.name_edit.text().strip())
        self.issuer_edit.setPlaceholderText(
            f"不填则为“{preview.committee_name}”" if preview.name else "不填则按单位名称"
        )
        wording = preview.wording
        self.wording_label.setText(
            f"登记表和报告的落款用发文机关；方案模板中的用语按“{wording.committee}”、"
            f"“报{wording.section}备案”生成。"
        )
        self.changed.emit()


class OfficeDialog(QDialog):
    """Set the office's identity: asked on first start, and from 文件 → 本单位信息… later.

    Open it with ``open()``; :func:`open_office_dialog` saves what was accepted.

    Attributes:
        fields: The identity fields.
        error_label: Why 保存 is disabled.
        save_button: 保存.
    """

    def __init__(
        self, identity: OfficeIdentity, parent: QWidget | None = None, *, first: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("本单位信息")
        self.setWindowIcon(icon("app"))
        layout = QVBoxLayout(self)
        intro = (
            "还没有设置本单位信息。请填写后再生成登记表和报告，否则落款显示“（未设置发文机关）”。"
            if first
            else "登记表和报告的标题、落款，以及方案模板中的用语按本单位信息生成。"
        )
        note = QLabel(intro, self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.fields = OfficeFields(identity, self)
        layout.addWidget(self.fields)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("以后再说" if first else "取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fields.changed.connect(self._update)
        self.setMinimumWidth(520)
        self._update()

    def _update(self) -> None:
        problem = self.fields.problem()
        self.error_label.setText(problem)
        self.save_button.setEnabled(not problem)

    def accept(self) -> None:
        """Close as accepted once the fields are fine."""
        self._update()
        if self.save_button.isEnabled():
            super().accept()


def open_office_dialog(window: WindowShell, *, first: bool = False) -> OfficeDialog:
    """Open the office dialog over the window; save the identity when accepted.

    Args:
        window: The main window.
        first: Asked on start because the identity is unset (says why).

    Returns:
        The open dialog (window-modal, deleted when closed).
    """
    from brandoffice.services.settings import office_identity

    dialog = OfficeDialog(office_identity(window.ctx), window, first=first)
    dialog.accepted.connect(lambda: save_identity(window, dialog.fields.identity()))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def save_identity(window: WindowShell, identity: OfficeIdentity) -> TaskHandle:
    """Save the identity in the background (audited) and tell the pages."""
    from brandoffice.services.settings import set_office_identity

    def done(_result: object) -> None:
        window.notify_data_changed("settings")
        window.statusBar().showMessage(f"本单位信息已保存：{identity.signer}", 5000)

    return window.runner.run(
        lambda: set_office_identity(window.ctx, identity),
        done,
        write=True,
        title="保存本单位信息",
    )
