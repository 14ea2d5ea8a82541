"""Forms of the 对标晋档 tab: a year's 四找 with the model unit, and a year's grade."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from brandoffice.errors import ValidationError
from brandoffice.model.vocab import Grade
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkRow, BenchmarkService
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeRow, GradeService
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import OrgRow
from ui.orgs.picker import UnitPicker
from ui.orgs.records.common import RecordDialog, optional, text_box

NO_MODEL = "（尚未选择）"


def _year_spin(parent: QWidget, year: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(1949, 2200)
    spin.setValue(year)
    return spin


class BenchmarkDialog(RecordDialog):
    """A unit's 四找 of a year: 找标杆 (model unit and why), 找差距, 找方向, 找措施."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        org: OrgRow,
        year: int,
        row: BenchmarkRow | None = None,
    ) -> None:
        super().__init__(parent, f"四找：{org.name}")
        self.ctx, self.org, self.row = ctx, org, row
        self.service = BenchmarkService(ctx)
        self.model_id: int | None = None
        self.picker: UnitPicker | None = None
        self.year = _year_spin(self, row.year if row else year)
        self.year.setEnabled(row is None)
        self.model_label = QLabel(NO_MODEL, self)
        choose = QPushButton("选择标杆单位…", self)
        choose.clicked.connect(self.choose_model)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label, 1)
        model_row.addWidget(choose)
        self.reason = text_box(self, lines=2)
        self.gaps = text_box(self, lines=3)
        self.direction = text_box(self, lines=3)
        self.measures = text_box(self, lines=3)
        self.add_row("年度", self.year, "year", "org_id")
        self.add_row("找标杆", model_row, "model_org_id")
        self.add_row("标杆理由", self.reason, "model_reason")
        self.add_row("找差距", self.gaps, "gaps")
        self.add_row("找方向", self.direction, "direction")
        self.add_row("找措施", self.measures, "measures")
        self.finish(600)
        if row is not None:
            self._fill(row)

    def _fill(self, row: BenchmarkRow) -> None:
        self.set_model(row.model_org_id, row.model_name)
        self.reason.setPlainText(row.model_reason or "")
        self.gaps.setPlainText(row.gaps or "")
        self.direction.setPlainText(row.direction or "")
        self.measures.setPlainText(row.measures or "")

    def set_model(self, org_id: int | None, name: str | None = None) -> None:
        """Use a unit as the model (its name is read when not given)."""
        self.model_id = org_id
        if org_id is not None and name is None:
            found = OrgService(self.ctx).get(org_id)
            name = f"{found.name}（{found.grade or '未评定'}）"
        self.model_label.setText(name or NO_MODEL)

    def choose_model(self) -> UnitPicker:
        """Open the unit picker for the model unit."""
        picker = UnitPicker(self.ctx, self, "选择标杆单位", f"“{self.org.name}”对标的先进单位：")
        if self.model_id is not None:
            picker.select_id(self.model_id)
        picker.accepted.connect(lambda: self._picked(picker))
        picker.finished.connect(picker.deleteLater)
        self.picker = picker
        picker.open()
        return picker

    def _picked(self, picker: UnitPicker) -> None:
        made, org_id = picker.chosen()
        if made:
            self.set_model(org_id)

    def save(self) -> BenchmarkRow:
        """Create or update the 四找."""
        if self.model_id is None:
            raise ValidationError("请选择对标的标杆单位", "model_org_id")
        draft = BenchmarkDraft(
            org_id=self.org.id,
            year=self.year.value(),
            model_org_id=self.model_id,
            model_reason=optional(self.reason.toPlainText()),
            gaps=optional(self.gaps.toPlainText()),
            direction=optional(self.direction.toPlainText()),
            measures=optional(self.measures.toPlainText()),
        )
        if self.row is None:
            return self.service.create(draft)
        return self.service.update(self.row.id, self.row.version, draft)

    def reload(self) -> None:
        """Show the stored 四找 after someone else changed it."""
        if self.row is not None:
            self.row = self.service.get(self.row.id)
            self._fill(self.row)


class GradeDialog(RecordDialog):
    """Record (or correct) a unit's grade of a year."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        org: OrgRow,
        year: int,
        row: GradeRow | None = None,
    ) -> None:
        super().__init__(parent, f"评定等次：{org.name}")
        self.service, self.org = GradeService(ctx), org
        self.year = _year_spin(self, row.year if row else year)
        self.grade = QComboBox(self)
        for grade in Grade:
            self.grade.addItem(grade.value, grade.value)
        self.grade.setCurrentIndex(max(self.grade.findData(row.grade if row else org.grade), 0))
        self.source = QLineEdit(row.source or "" if row else "", self)
        self.source.setPlaceholderText("如：年度考核、“五个好”评定")
        self.note = QLineEdit(row.note or "" if row else "", self)
        self.add_row("年度", self.year, "year", "org_id")
        self.add_row("等次", self.grade, "grade")
        self.add_row("评定依据", self.source, "source")
        self.add_row("备注", self.note, "note")
        self.finish(380)

    def save(self) -> GradeRow:
        """Store the grade (the unit's current grade follows its latest year)."""
        return self.service.record(
            self.org.id,
            self.year.value(),
            str(self.grade.currentData()),
            source=optional(self.source.text()),
            note=optional(self.note.text()),
        )
