"""Forms of the 对标晋档 tab: a year's 四找 with the model unit, and a year's grade."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from brandoffice.errors import ValidationError
from brandoffice.kinds import by_name
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkRow, BenchmarkService
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeRow, GradeService
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import OrgRow
from ui.orgs.picker import UnitPicker
from ui.orgs.records.common import RecordDialog, optional, text_box
from ui.orgs.records.kind_form import KindForm, Store

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


def grade_form(ctx: AppContext, parent: QWidget | None, org: OrgRow, year: int) -> KindForm:
    """Return the form recording a unit's grade of a year (its current grade offered)."""
    service = GradeService(ctx)

    def record(v: dict[str, Any]) -> GradeRow:
        grade = str(v["grade"])
        return service.record(org.id, v["year"], grade, source=v["source"], note=v["note"])

    form = KindForm(by_name("grades"), parent, Store(dict, record), today=ctx.today(),
                    title=f"评定等次：{org.name}", fields=("year", "grade", "source", "note"),
                    width=380)  # fmt: skip
    form.inputs["year"].show(year)
    form.inputs["grade"].show(org.grade)
    return form
