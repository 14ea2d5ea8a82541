"""The 新建品牌 dialog: name (checked as you type), owning unit and year."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from brandoffice.errors import KnownError, NotFoundError, ValidationError
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import BrandRow
from ui.brands.checklist import name_message
from ui.orgs.picker import UnitPicker
from ui.orgs.widgets import ErrorLabel
from ui.widgets import dialog_layout, spin_box


class NewBrandDialog(QDialog):
    """Registers a new brand (it starts in 培育); stays open while the service refuses.

    Open it with ``open()``; after ``accepted``, :attr:`created` holds the new brand.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None, org_id: int | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建品牌")
        self.ctx = ctx
        self.brands = BrandService(ctx)
        self.created: BrandRow | None = None
        self.picker: UnitPicker | None = None
        self._org_id: int | None = None
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("4–8个字，如：幸福驿站")
        self.name_error = ErrorLabel(self)
        self.unit_label = QLabel("（请选择）", self)
        self.unit_label.setWordWrap(True)
        self.unit_button = QPushButton("选择…", self)
        self.year = spin_box(self, 1949, 2200, ctx.today().year, " 年")
        self.error = ErrorLabel(self)
        self.name.textEdited.connect(self.check_name)
        self.unit_button.clicked.connect(self.pick_unit)
        unit = QHBoxLayout()
        unit.addWidget(self.unit_label, 1)
        unit.addWidget(self.unit_button)
        form = QFormLayout()
        form.addRow("品牌名称", self.name)
        form.addRow("", self.name_error)
        form.addRow("所属单位", unit)
        form.addRow("创建年度", self.year)
        dialog_layout(
            self,
            QLabel("新品牌登记后处于“培育”状态，其余内容在编辑区填写。", self),
            form,
            self.error,
            ok_text="登记",
            on_ok=self._submit,
        )
        self.resize(440, self.sizeHint().height())
        if org_id is not None:
            self.set_unit(org_id)

    def check_name(self, name: str) -> str | None:
        """Check the name as typed and show the message under it."""
        message = name_message(self.brands, name, None)
        self.name_error.set_message(message)
        return message

    def set_unit(self, org_id: int) -> None:
        """Choose the owning unit."""
        try:
            path = " / ".join(OrgService(self.ctx).path_of(org_id))
        except NotFoundError:
            return
        self._org_id = org_id
        self.unit_label.setText(path)

    def pick_unit(self) -> None:
        """Open the unit picker."""
        picker = UnitPicker(self.ctx, self, "选择所属单位", "新品牌属于：")
        self.picker = picker.ask(self.set_unit, select=self._org_id)

    def _submit(self) -> None:
        self.error.set_message(None)
        if self.check_name(self.name.text()):
            return
        if self._org_id is None:
            self.error.set_message("请选择品牌所属的单位")
            return
        draft = BrandDraft(org_id=self._org_id, name=self.name.text(), year=self.year.value())
        try:
            self.created = self.brands.create(draft)
        except ValidationError as exc:
            (self.name_error if exc.field == "name" else self.error).set_message(str(exc))
            return
        except KnownError as exc:
            self.error.set_message(str(exc))
            return
        self.accept()
