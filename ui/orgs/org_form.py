"""The 基本信息 form: every field of a unit, with messages under the fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandoffice.model.vocab import Grade, OrgKind, OrgLevel, Sector
from brandoffice.services.orgs import OrgDraft
from brandoffice.services.rows import OrgRow
from ui.flag import Flag
from ui.orgs.dialogs import combo_value, fill_combo, set_combo_value
from ui.orgs.widgets import (
    WARNING_COLOUR,
    ErrorLabel,
    FieldErrors,
    OptionalDateEdit,
    add_months,
    field_labels,
)
from ui.widgets import spin_box


def term_warning(term_end: dt.date | None, today: dt.date) -> str:
    """Return the warning for a term that has ended or ends within six months."""
    if term_end is None:
        return ""
    if term_end < today:
        return f"任期已于 {term_end:%Y-%m-%d} 届满，请及时组织换届"
    if term_end <= add_months(today, 6):
        return f"任期将于 {term_end:%Y-%m-%d} 届满（不足六个月），请提前做好换届准备"
    return ""


class OrgForm(QWidget, FieldErrors):
    """Edits one unit's fields; :meth:`draft` reads them back.

    Signals:
        edited: Any field was changed by the clerk.
        parentChangeRequested: The 更改… button next to 上级 was pressed.
    """

    edited = Signal()
    parentChangeRequested = Signal()

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._parent_id: int | None = None
        self._sort_order = 0
        self._loading = Flag()
        self.name_edit = QLineEdit(self)
        self.kind_combo = QComboBox(self)
        fill_combo(self.kind_combo, [k.value for k in OrgKind], optional=False)
        self.sector_combo = QComboBox(self)
        fill_combo(self.sector_combo, [s.value for s in Sector], optional=True)
        self.level_combo = QComboBox(self)
        fill_combo(self.level_combo, [lv.value for lv in OrgLevel], optional=False)
        self.parent_label = QLabel(self)
        self.parent_label.setWordWrap(True)
        self.parent_button = QPushButton("更改…", self)
        self.parent_button.clicked.connect(self.parentChangeRequested)
        self.secretary_edit = QLineEdit(self)
        self.contact_edit = QLineEdit(self)
        self.phone_edit = QLineEdit(self)
        self.address_edit = QLineEdit(self)
        self.member_count_spin = spin_box(self, 0, 1_000_000, suffix=" 人")
        self.grade_combo = QComboBox(self)
        fill_combo(self.grade_combo, [g.value for g in Grade], optional=True)
        self.demo_box = QCheckBox("党建工作示范点", self)
        self.founded_edit = OptionalDateEdit(self)
        self.term_start_edit = OptionalDateEdit(self)
        self.term_end_edit = OptionalDateEdit(self)
        self.note_edit = QLineEdit(self)
        self.term_warning = ErrorLabel(self, WARNING_COLOUR)
        self.errors = field_labels(self, OrgDraft, skip="sort_order")
        self.general_error = ErrorLabel(self)
        self._build()
        self._connect()

    def _build(self) -> None:
        parent_row = QWidget(self)
        row_layout = QHBoxLayout(parent_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.parent_label, 1)
        row_layout.addWidget(self.parent_button)
        left, right = QFormLayout(), QFormLayout()
        for form, entries in (
            (
                left,
                (
                    ("名称", self.name_edit, "name"),
                    ("类别", self.kind_combo, "kind"),
                    ("领域", self.sector_combo, "sector"),
                    ("层级", self.level_combo, "level"),
                    ("上级", parent_row, "parent_id"),
                    ("党员人数", self.member_count_spin, "member_count"),
                    ("评定等次", self.grade_combo, "grade"),
                    ("示范点", self.demo_box, "is_demo_point"),
                ),
            ),
            (
                right,
                (
                    ("书记", self.secretary_edit, "secretary"),
                    ("联系人", self.contact_edit, "contact"),
                    ("电话", self.phone_edit, "phone"),
                    ("地址", self.address_edit, "address"),
                    ("成立日期", self.founded_edit, "founded_on"),
                    ("任期开始", self.term_start_edit, "term_start"),
                    ("任期结束", self.term_end_edit, "term_end"),
                    ("备注", self.note_edit, "note"),
                ),
            ),
        ):
            for label, widget, field in entries:
                form.addRow(label, self._with_error(widget, field))
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(columns)
        layout.addStretch(1)

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        if field == "term_end":
            layout.addWidget(self.term_warning)
        layout.addWidget(self.errors[field])
        return box

    def _connect(self) -> None:
        for edit in (
            self.name_edit,
            self.secretary_edit,
            self.contact_edit,
            self.phone_edit,
            self.address_edit,
            self.note_edit,
        ):
            edit.textEdited.connect(self._changed)
        for combo in (self.kind_combo, self.sector_combo, self.level_combo, self.grade_combo):
            combo.currentIndexChanged.connect(self._changed)
        self.member_count_spin.valueChanged.connect(self._changed)
        self.demo_box.toggled.connect(self._changed)
        for date in (self.founded_edit, self.term_start_edit, self.term_end_edit):
            date.edit.dateChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self._update_term_warning()
        if not self._loading:
            self.edited.emit()

    def _update_term_warning(self) -> None:
        self.term_warning.set_message(term_warning(self.term_end_edit.value(), self._today()))

    # -- values --------------------------------------------------------------
    def load(self, draft: OrgDraft, parent_path: str) -> None:
        """Show a draft's values (a loaded row, or the values before the last save)."""
        with self._loading:
            self._parent_id = draft.parent_id
            self._sort_order = draft.sort_order
            self.parent_label.setText(parent_path or "（无，顶层组织）")
            self.name_edit.setText(draft.name)
            set_combo_value(self.kind_combo, draft.kind)
            set_combo_value(self.sector_combo, draft.sector)
            set_combo_value(self.level_combo, draft.level)
            self.secretary_edit.setText(draft.secretary or "")
            self.contact_edit.setText(draft.contact or "")
            self.phone_edit.setText(draft.phone or "")
            self.address_edit.setText(draft.address or "")
            self.member_count_spin.setValue(draft.member_count)
            set_combo_value(self.grade_combo, draft.grade)
            self.demo_box.setChecked(draft.is_demo_point)
            self.founded_edit.set_value(draft.founded_on)
            self.term_start_edit.set_value(draft.term_start)
            self.term_end_edit.set_value(draft.term_end)
            self.note_edit.setText(draft.note or "")
        self._update_term_warning()

    def set_parent(self, parent_id: int | None, parent_path: str) -> None:
        """Change the 上级 field (chosen in the unit picker)."""
        self._parent_id = parent_id
        self.parent_label.setText(parent_path or "（无，顶层组织）")
        self.edited.emit()

    def draft(self) -> OrgDraft:
        """Return the form's values as a draft (validated by the service on save)."""
        return OrgDraft(
            name=self.name_edit.text(),
            kind=combo_value(self.kind_combo) or "",
            level=combo_value(self.level_combo) or "",
            parent_id=self._parent_id,
            sector=combo_value(self.sector_combo),
            secretary=self.secretary_edit.text() or None,
            contact=self.contact_edit.text() or None,
            phone=self.phone_edit.text() or None,
            address=self.address_edit.text() or None,
            member_count=self.member_count_spin.value(),
            grade=combo_value(self.grade_combo),
            is_demo_point=self.demo_box.isChecked(),
            founded_on=self.founded_edit.value(),
            term_start=self.term_start_edit.value(),
            term_end=self.term_end_edit.value(),
            sort_order=self._sort_order,
            note=self.note_edit.text() or None,
        )


def draft_of(row: OrgRow) -> OrgDraft:
    """Return the editable fields of a stored unit (its draft's fields, read off the row)."""
    return OrgDraft(**{f.name: getattr(row, f.name) for f in dataclasses.fields(OrgDraft)})
