"""Dialogs of the life cycle: a step (date, note and what the step needs), 复查, 年度目标."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from brandoffice.errors import NotFoundError
from brandoffice.model.vocab import BRAND_LEVEL_ORDER, BrandLevel, BrandStatus, InspectionResult
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.lifecycle import climb_problem, next_level
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import BrandRow, StatusChangeRow
from brandoffice.services.settings import office_identity
from ui.orgs.picker import UnitPicker
from ui.orgs.widgets import ErrorLabel
from ui.widgets import date_edit, date_of, dialog_layout, spin_box

NAMING_BODIES: dict[str, tuple[str, ...]] = {
    BrandLevel.UNIT.value: ("街道党工委",),
    BrandLevel.STREET.value: ("区委组织部", "街道党工委"),
    BrandLevel.DISTRICT.value: ("区委组织部",),
    BrandLevel.CITY.value: ("市委组织部",),
}
"""Who names a brand at each level (seed 002 §三2); the first is the default.

街道党工委 stands for the office's own committee (a town's 镇党委, by name once set).
"""


@dataclass(frozen=True)
class StepValues:
    """What the clerk entered for a life-cycle step."""

    on: dt.date
    note: str | None
    via_org_id: int | None = None
    level: str | None = None
    naming_body: str | None = None
    exception: str | None = None


def _held(row: BrandRow) -> BrandLevel | None:
    return BrandLevel(row.level) if row.level else None


def _application(ctx: AppContext, row: BrandRow) -> StatusChangeRow | None:
    """Return the application in force (the latest 申报 not undone)."""
    steps = [
        h
        for h in BrandService(ctx).history(row.id)
        if h.to_status == BrandStatus.APPLIED.value and h.from_status and not h.undone
    ]
    return steps[-1] if steps else None


def _note(parent: QWidget) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
    return edit


class StepDialog(QDialog):
    """Asks the date and note of a step, and per step who applies, for which level and
    through which unit (申报) or the level and naming body (命名); a level skipped asks why.

    Open with ``open()`` and read :meth:`values` after ``accepted``.
    """

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, row: BrandRow, target: str, step: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{step}：{row.name}")
        self.ctx = ctx
        self.row = row
        self.target = target
        self.picker: UnitPicker | None = None
        self._via: int | None = None
        self.on = date_edit(self, ctx.today())
        self.note = _note(self)
        self.applicant = QLineEdit(self)
        self.via_label = QLabel(self)
        self.via_button = QPushButton("更改…", self)
        self.level = QComboBox(self)
        self.level_hint = QLabel(self)
        self.level_hint.setWordWrap(True)
        self.level_hint.setStyleSheet("color: #666;")
        self.exception = QLineEdit(self)
        self.exception.setPlaceholderText("区里决定越级的理由（如：区委组织部直接考核命名）")
        self.naming_body = QComboBox(self)
        self.naming_body.setEditable(True)
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("日期", self.on)
        current = BrandStatus(row.status)
        self.applying = target == BrandStatus.APPLIED.value
        self.naming = target == BrandStatus.NAMED.value and current is BrandStatus.REVIEWING
        self.application = _application(ctx, row) if self.naming else None
        if self.applying:
            self._setup_applying(form)
        if self.naming:
            self._setup_naming(form)
        unused = [] if self.applying else [self.applicant, self.via_label, self.via_button]
        unused += [] if self.naming else [self.naming_body]
        unused += [] if self.applying or self.naming else [self.level, self.level_hint]
        for widget in unused:
            widget.hide()
        if self.applying or self.naming:
            form.addRow("越级理由", self.exception)
            self.level.currentIndexChanged.connect(lambda _i: self._level_changed())
            self._level_changed()
        else:
            self.exception.hide()
        form.addRow("备注", self.note)
        dialog_layout(
            self,
            QLabel(f"品牌“{row.name}”：{row.status} → {target}", self),
            form,
            self.error,
            ok_text=step,
            on_ok=self._submit,
        )
        self.resize(460, self.sizeHint().height())

    def _setup_applying(self, form: QFormLayout) -> None:
        orgs = OrgService(self.ctx)
        try:
            unit = orgs.get(self.row.org_id)
        except NotFoundError:
            unit = None
        self.applicant.setPlaceholderText("申报人姓名")
        self.applicant.setText((unit.secretary or "") if unit else "")
        via = QHBoxLayout()
        via.addWidget(self.via_label, 1)
        via.addWidget(self.via_button)
        self.via_button.clicked.connect(self.pick_via)
        form.addRow("申报单位", QLabel(unit.name if unit else "", self))
        form.addRow("申报人", self.applicant)
        self._fill_levels(None, next_level(_held(self.row)))
        form.addRow("申报级别", self.level)
        form.addRow("", self.level_hint)
        form.addRow("经由上级党组织", via)
        self.set_via(unit.parent_id if unit else None)

    def _setup_naming(self, form: QFormLayout) -> None:
        applied = self.application.applied_level if self.application else None
        ceiling = BrandLevel(applied) if applied else None
        self._fill_levels(ceiling, ceiling or next_level(_held(self.row)))
        if self.application and self.application.exception_reason:
            self.exception.setText(self.application.exception_reason)
        self.level.currentIndexChanged.connect(lambda _i: self._fill_bodies())
        self._fill_bodies()
        form.addRow("命名级别", self.level)
        form.addRow("", self.level_hint)
        form.addRow("命名机关", self.naming_body)

    def _fill_levels(self, ceiling: BrandLevel | None, default: BrandLevel | None) -> None:
        """Offer the levels above the one held (up to the level applied for)."""
        held = _held(self.row)
        floor = BRAND_LEVEL_ORDER[held] if held else -1
        top = BRAND_LEVEL_ORDER[ceiling] if ceiling else len(BrandLevel)
        for level in BrandLevel:
            if floor < BRAND_LEVEL_ORDER[level] <= top:
                self.level.addItem(level.value, level.value)
        wanted = self.level.findData(default.value) if default else -1
        self.level.setCurrentIndex(max(wanted, 0))

    def skips(self) -> bool:
        """Tell whether the level chosen skips one (the reason is then required)."""
        chosen = self.level.currentData()
        if not chosen:
            return False
        return climb_problem(_held(self.row), BrandLevel(chosen), None) is not None

    def _level_changed(self) -> None:
        chosen = self.level.currentData()
        problem = climb_problem(_held(self.row), BrandLevel(chosen), None) if chosen else None
        hints = []
        if chosen == BrandLevel.CITY.value:
            hints.append("市级品牌由区委组织部统一申报，市委组织部考核命名。")
        if problem:
            hints.append(problem)
        self.level_hint.setText("\n".join(hints))
        self.level_hint.setVisible(bool(hints))
        self.exception.setEnabled(self.skips())

    def _fill_bodies(self) -> None:
        self.naming_body.clear()
        identity = office_identity(self.ctx)
        bodies = NAMING_BODIES.get(self.level.currentData() or "", ())
        # The office's own committee by its name when set (青山镇党委), else its kind's wording.
        own = identity.committee_name or identity.wording.committee
        self.naming_body.addItems(
            list(dict.fromkeys(own if b == "街道党工委" else b for b in bodies))
        )

    def set_via(self, org_id: int | None) -> None:
        """Apply through this unit (default: the parent of the brand's unit)."""
        self._via = org_id
        if org_id is None:
            self.via_label.setText("（无上级组织）")
            return
        try:
            self.via_label.setText(" / ".join(OrgService(self.ctx).path_of(org_id)))
        except NotFoundError:
            self._via = None
            self.via_label.setText("（无上级组织）")

    def pick_via(self) -> None:
        """Choose the unit the application goes through."""
        picker = UnitPicker(self.ctx, self, "经由上级党组织", "申报经由：")
        self.picker = picker.ask(self.set_via, select=self._via)

    def values(self) -> StepValues:
        """Return what was entered; the applicant goes into the note."""
        note = self.note.toPlainText().strip()
        if self.applying and self.applicant.text().strip():
            note = f"申报人：{self.applicant.text().strip()}" + (f"；{note}" if note else "")
        asks_level = self.applying or self.naming
        return StepValues(
            on=date_of(self.on),
            note=note or None,
            via_org_id=self._via if self.applying else None,
            level=self.level.currentData() if asks_level else None,
            naming_body=(self.naming_body.currentText().strip() or None) if self.naming else None,
            exception=(self.exception.text().strip() or None) if self.skips() else None,
        )

    def _submit(self) -> None:
        if (self.naming or self.applying) and not self.level.currentData():
            self.error.set_message("请选择级别")
            return
        if self.skips() and not self.exception.text().strip():
            self.error.set_message("越级须填写区里决定越级的理由（逐级申报时请选下一级）")
            return
        if self.naming and not self.naming_body.currentText().strip():
            self.error.set_message("请填写命名机关")
            return
        self.accept()


@dataclass(frozen=True)
class InspectionValues:
    """A yearly re-inspection as entered."""

    year: int
    on: dt.date
    result: str
    score: float | None
    inspector: str | None
    note: str | None


class InspectionDialog(QDialog):
    """年度复查: year, date, result (通过/整改/摘牌), score, inspector and note."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, row: BrandRow) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"年度复查：{row.name}")
        today = ctx.today()
        self.year = spin_box(self, 1949, 2200, today.year, " 年")
        self.on = date_edit(self, today)
        self.result_combo = QComboBox(self)
        for r in InspectionResult:
            self.result_combo.addItem(r.value, r.value)
        self.score = QDoubleSpinBox(self)
        self.score.setRange(-1, 100)
        self.score.setDecimals(1)
        self.score.setSpecialValueText("未评分")
        self.score.setValue(-1)
        self.inspector = QLineEdit(self)
        self.inspector.setPlaceholderText("复查人或复查组")
        self.note = _note(self)
        form = QFormLayout()
        form.addRow("复查年度", self.year)
        form.addRow("复查日期", self.on)
        form.addRow("复查结果", self.result_combo)
        form.addRow("得分", self.score)
        form.addRow("复查人", self.inspector)
        form.addRow("备注", self.note)
        hint = QLabel("结果为“整改”时品牌转入整改，为“摘牌”时品牌被摘牌。", self)
        hint.setStyleSheet("color: #666;")
        dialog_layout(self, form, hint, ok_text="登记复查")

    def values(self) -> InspectionValues:
        """Return what was entered."""
        score = self.score.value()
        return InspectionValues(
            year=self.year.value(),
            on=date_of(self.on),
            result=str(self.result_combo.currentData()),
            score=None if score < 0 else score,
            inspector=self.inspector.text().strip() or None,
            note=self.note.toPlainText().strip() or None,
        )


class YearPlanDialog(QDialog):
    """报送年度目标: year, goals (required) and measures."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, row: BrandRow) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"年度目标和措施：{row.name}")
        self.year = spin_box(self, 1949, 2200, ctx.today().year, " 年")
        self.goals = _note(self)
        self.measures = _note(self)
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("年度", self.year)
        form.addRow("年度目标", self.goals)
        form.addRow("主要措施", self.measures)
        dialog_layout(self, form, self.error, ok_text="报送", on_ok=self._submit)

    def values(self) -> tuple[int, str, str | None]:
        """Return (year, goals, measures)."""
        measures = self.measures.toPlainText().strip() or None
        return self.year.value(), self.goals.toPlainText().strip(), measures

    def _submit(self) -> None:
        if not self.goals.toPlainText().strip():
            self.error.set_message("请填写年度目标")
            return
        self.accept()


class UndoDialog(QDialog):
    """撤销上一步: shows the step taken back and asks the reason (required, audited)."""

    def __init__(self, parent: QWidget | None, row: BrandRow, step: StatusChangeRow) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"撤销上一步：{row.name}")
        level = (
            f"（{step.applied_level or step.level}）" if step.applied_level or step.level else ""
        )
        what = QLabel(
            f"将撤销 {step.changed_on:%Y-%m-%d} 的“{step.from_status} → {step.to_status}”{level}，"
            f"品牌回到“{step.from_status}”。撤销记入创建历程和操作日志。",
            self,
        )
        what.setWordWrap(True)
        self.reason = _note(self)
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("撤销理由", self.reason)
        dialog_layout(self, what, form, self.error, ok_text="撤销", on_ok=self._submit)
        self.resize(460, self.sizeHint().height())

    def value(self) -> str:
        """Return the reason entered."""
        return self.reason.toPlainText().strip()

    def _submit(self) -> None:
        if not self.value():
            self.error.set_message("请填写撤销理由")
            return
        self.accept()
