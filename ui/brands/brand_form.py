"""The fields of one brand (五有一好 and seed 001), loaded from and read back as a draft."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandoffice.errors import ValidationError
from brandoffice.services.brands import BrandDraft
from brandoffice.services.context import AppContext
from brandoffice.services.rows import BrandRow, CarrierRow
from ui.brands.carriers import CarrierEditor, ServiceItemsEditor
from ui.brands.logo import LogoBox, LogoValue
from ui.orgs.widgets import ErrorLabel
from ui.widgets import spin_box


def opt(text: str | None) -> str | None:
    """Return stripped text, or None when empty."""
    text = (text or "").strip()
    return text or None


@dataclass(frozen=True)
class Snapshot:
    """Everything the editor can change, for dirty checks and undo."""

    draft: BrandDraft
    logo: LogoValue


def snapshot_of(row: BrandRow, carriers: list[CarrierRow]) -> Snapshot:
    """Return the stored brand as the editor would read it back."""
    draft = BrandDraft(
        org_id=row.org_id,
        name=row.name,
        year=row.year,
        logo_text=opt(row.logo_text),
        theme=opt(row.theme),
        slogan=opt(row.slogan),
        connotation=opt(row.connotation),
        concept=opt(row.concept),
        role_played=opt(row.role_played),
        service_site=opt(row.service_site),
        service_items=[i.strip() for i in row.service_items if i and i.strip()],
        objectives=opt(row.objectives),
        measures=opt(row.measures),
        note=opt(row.note),
        carriers=list(carriers),
    )
    return Snapshot(draft, LogoValue(row.logo_attachment_id))


def _text(parent: QWidget, placeholder: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class BrandForm(QWidget):
    """Every field of a brand, grouped; reports edits and shows messages next to fields.

    Signals:
        edited(): A field changed through the widgets.
        nameEdited(str): The name as typed (checked by the editor as you type).
        unitChangeRequested(): 更改… next to the owning unit was pressed.
    """

    edited = Signal()
    nameEdited = Signal(str)
    unitChangeRequested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._org_id = 0
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("4–8个字，如：幸福驿站")
        self.name.setMaxLength(20)
        self.name_error = ErrorLabel(self)
        self.unit_label = QLabel(self)
        self.unit_label.setWordWrap(True)
        self.unit_button = QPushButton("更改…", self)
        self.year = spin_box(self, 1949, 2200, suffix=" 年")
        self.status_label = QLabel(self)
        self.logo = LogoBox(ctx, self)
        self.theme = QLineEdit(self)
        self.theme.setPlaceholderText("品牌主题")
        self.slogan = QLineEdit(self)
        self.slogan.setPlaceholderText("品牌口号，如：幸福社区，家园共治")
        self.connotation = _text(self, "品牌内涵：名称和标识的含义")
        self.concept = _text(self, "品牌理念")
        self.role_played = _text(self, "党组织和党员作用发挥情况（党组织和党员作用发挥好）")
        self.service_site = QLineEdit(self)
        self.service_site.setPlaceholderText("服务地点，如：社区党群服务中心")
        self.service_items = ServiceItemsEditor(self)
        self.carriers = CarrierEditor(self)
        self.objectives = _text(self, "目标要求")
        self.measures = _text(self, "创建措施", 4)
        self.note = _text(self, "备注", 2)
        self.error = ErrorLabel(self)
        self._build()
        self._connect()

    def _build(self) -> None:
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit_label, 1)
        unit_row.addWidget(self.unit_button)
        basic = QGroupBox("基本信息", self)
        form = QFormLayout(basic)
        form.addRow("品牌名称", self.name)
        form.addRow("", self.name_error)
        form.addRow("所属单位", unit_row)
        form.addRow("创建年度", self.year)
        form.addRow("状态与级别", self.status_label)
        five = QGroupBox("五有一好", self)
        form = QFormLayout(five)
        form.addRow("品牌标识", self.logo)
        form.addRow("品牌主题", self.theme)
        form.addRow("品牌口号", self.slogan)
        form.addRow("品牌内涵", self.connotation)
        form.addRow("品牌理念", self.concept)
        form.addRow("作用发挥", self.role_played)
        service = QGroupBox("服务与载体", self)
        form = QFormLayout(service)
        form.addRow("服务地点", self.service_site)
        form.addRow("服务内容", self.service_items)
        form.addRow("创建载体", self.carriers)
        plan = QGroupBox("目标与措施", self)
        form = QFormLayout(plan)
        form.addRow("目标要求", self.objectives)
        form.addRow("创建措施", self.measures)
        form.addRow("备注", self.note)
        layout = QVBoxLayout(self)
        for box in (basic, five, service, plan):
            layout.addWidget(box)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.name.textEdited.connect(self.nameEdited.emit)
        self.name.textEdited.connect(lambda _t: self.edited.emit())
        for line in (self.theme, self.slogan, self.service_site):
            line.textEdited.connect(lambda _t: self.edited.emit())
        for text in self._texts():
            text.textChanged.connect(self.edited.emit)
        self.year.valueChanged.connect(lambda _v: self.edited.emit())
        self.logo.edited.connect(self.edited.emit)
        self.service_items.edited.connect(self.edited.emit)
        self.carriers.model.edited.connect(self.edited.emit)
        self.unit_button.clicked.connect(self.unitChangeRequested.emit)

    def _texts(self) -> tuple[QPlainTextEdit, ...]:
        return (
            self.connotation,
            self.concept,
            self.role_played,
            self.objectives,
            self.measures,
            self.note,
        )

    # -- values ----------------------------------------------------------------
    def load(self, snap: Snapshot, unit_path: str, status: str) -> None:
        """Show a snapshot without emitting ``edited``."""
        d = snap.draft
        widgets = [self, self.year, *self._texts()]
        for w in widgets:
            w.blockSignals(True)
        try:
            self._org_id = d.org_id
            self.name.setText(d.name)
            self.unit_label.setText(unit_path)
            self.year.setValue(d.year)
            self.status_label.setText(status)
            self.logo.set_value(snap.logo, d.logo_text)
            self.theme.setText(d.theme or "")
            self.slogan.setText(d.slogan or "")
            self.connotation.setPlainText(d.connotation or "")
            self.concept.setPlainText(d.concept or "")
            self.role_played.setPlainText(d.role_played or "")
            self.service_site.setText(d.service_site or "")
            self.service_items.set_items(d.service_items)
            self.carriers.model.set_carriers(d.carriers)
            self.objectives.setPlainText(d.objectives or "")
            self.measures.setPlainText(d.measures or "")
            self.note.setPlainText(d.note or "")
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.clear_errors()

    def set_unit(self, org_id: int, unit_path: str) -> None:
        """Change the owning unit."""
        self._org_id = org_id
        self.unit_label.setText(unit_path)
        self.edited.emit()

    def snapshot(self) -> Snapshot:
        """Return the fields as typed."""
        draft = BrandDraft(
            org_id=self._org_id,
            name=self.name.text().strip(),
            year=self.year.value(),
            logo_text=opt(self.logo.logo_text()),
            theme=opt(self.theme.text()),
            slogan=opt(self.slogan.text()),
            connotation=opt(self.connotation.toPlainText()),
            concept=opt(self.concept.toPlainText()),
            role_played=opt(self.role_played.toPlainText()),
            service_site=opt(self.service_site.text()),
            service_items=self.service_items.items(),
            objectives=opt(self.objectives.toPlainText()),
            measures=opt(self.measures.toPlainText()),
            note=opt(self.note.toPlainText()),
            carriers=self.carriers.model.carriers(),
        )
        return Snapshot(draft, self.logo.value())

    def clear_errors(self) -> None:
        """Hide every message."""
        self.name_error.set_message(None)
        self.error.set_message(None)

    def show_error(self, exc: ValidationError | Exception) -> None:
        """Show a refusal next to its field (the name) or under the form."""
        if isinstance(exc, ValidationError) and exc.field == "name":
            self.name_error.set_message(str(exc))
            self.name.setFocus()
        else:
            self.error.set_message(str(exc))
