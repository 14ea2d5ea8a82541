"""The phase form and the task form of the campaign editor, with messages beside the fields."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brandoffice.model.vocab import EvidenceKind, OrgKind, Sector, TaskScope
from brandoffice.services.calendar_view import due_info
from brandoffice.services.campaigns import TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.record_tasks import TIES, tie_of
from brandoffice.services.rows import PhaseRow, TaskRow
from brandoffice.workdays import is_workday, next_workday
from ui.calendar.style import from_qdate, to_qdate
from ui.orgs.picker import UnitPicker, pick_unit
from ui.orgs.widgets import WARNING_COLOUR, ErrorLabel
from ui.widgets import date_edit, spin_box

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class FormBase(QWidget):
    """The fields' form (top-aligned), error labels per field, a dirty flag and ``changed``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: dict[str, ErrorLabel] = {}
        self.dirty = False
        self._loading = False
        self._form = QFormLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(self._form)
        outer.addStretch(1)  # spare height below the fields, not between them

    def _error(self, field: str) -> ErrorLabel:
        label = ErrorLabel(self)
        self.errors[field] = label
        return label

    def _touch(self, *_args: object) -> None:
        if not self._loading:
            self.dirty = True
            self.changed.emit()

    def clear_errors(self) -> None:
        """Hide every message."""
        for label in self.errors.values():
            label.set_message(None)

    def show_error(self, field: str | None, message: str) -> None:
        """Show a message beside ``field`` (or at the bottom when the field is unknown)."""
        label = self.errors.get(field or "", self.errors["form"])
        label.set_message(message)

    def check(self) -> bool:
        """Check the fields before saving; show what is wrong and return False then."""
        raise NotImplementedError


class PhaseForm(FormBase):
    """Name, date range and description of a phase."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.start_on = date_edit(self)
        self.end_on = date_edit(self)
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(80)
        form = self._form
        form.addRow("阶段名称", self.name)
        form.addRow("", self._error("name"))
        form.addRow("开始日期", self.start_on)
        form.addRow("结束日期", self.end_on)
        form.addRow("", self._error("end_on"))
        form.addRow("说明", self.description)
        form.addRow("", self._error("form"))
        self.name.textEdited.connect(self._touch)
        self.start_on.dateChanged.connect(self._touch)
        self.end_on.dateChanged.connect(self._touch)
        self.description.textChanged.connect(self._touch)

    def load(self, phase: PhaseRow | None, start: dt.date, end: dt.date) -> None:
        """Fill the form from a phase, or with defaults for a new one."""
        self._loading = True
        self.name.setText(phase.name if phase else "")
        self.start_on.setDate(to_qdate(phase.start_on if phase else start))
        self.end_on.setDate(to_qdate(phase.end_on if phase else end))
        self.description.setPlainText(phase.description or "" if phase else "")
        self._loading = False
        self.dirty = phase is None
        self.clear_errors()

    def values(self) -> tuple[str, dt.date, dt.date, str | None]:
        """Return (name, start, end, description)."""
        return (
            self.name.text().strip(),
            from_qdate(self.start_on.date()),
            from_qdate(self.end_on.date()),
            self.description.toPlainText().strip() or None,
        )

    def check(self) -> bool:
        """Check the fields; show messages and return False when something is wrong."""
        self.clear_errors()
        name, start, end, _ = self.values()
        ok = True
        if not name:
            self.show_error("name", "请填写阶段名称")
            ok = False
        if end < start:
            self.show_error("end_on", "结束日期不能早于开始日期")
            ok = False
        return ok


def _check_list(values: list[str], parent: QWidget) -> QListWidget:
    widget = QListWidget(parent)
    widget.setFlow(QListWidget.Flow.LeftToRight)
    widget.setWrapping(True)
    widget.setFixedHeight(70)
    for value in values:
        item = QListWidgetItem(value, widget)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    return widget


def _checked(widget: QListWidget) -> list[str]:
    return [
        widget.item(i).text()
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


class TaskForm(FormBase):
    """Every field of a task: phase, due date (with holiday warning), scope, evidence, weight."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._phases: list[PhaseRow] = []
        self._names: dict[int, str] = {}
        self.name = QLineEdit(self)
        self.phase = QComboBox(self)
        self.due_on = date_edit(self)
        self.due_note = ErrorLabel(self, WARNING_COLOUR)
        self.to_workday = QPushButton("移到下一个工作日", self)
        self.to_workday.setToolTip("截止日期落在休息日时，改为其后的第一个工作日（按节假日安排）")
        self.to_workday.clicked.connect(self.move_to_workday)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_on)
        due_row.addWidget(self.to_workday)
        due_row.addStretch(1)
        self.organiser = QCheckBox("组织单位本身也参加", self)
        self.organiser.setToolTip(
            "勾选后，活动参加范围所选的组织（如街道党工委）本身也要完成此项任务"
        )
        self.record = QComboBox(self)
        self.record.addItem("不关联（手工登记完成情况）", None)
        for tie in TIES:
            self.record.addItem(f"登记“{tie.label}”后自动完成", tie.kind)
        self.record.setToolTip(
            "关联一种记录后，单位在本活动年度内有此记录，即自动记为完成，并以该记录为佐证"
        )
        self.scope = QComboBox(self)
        self.scope.addItems([s.value for s in TaskScope])
        self.sectors = _check_list([s.value for s in Sector], self)
        self.kinds = _check_list([k.value for k in OrgKind], self)
        self.picked = QListWidget(self)
        self.picked.setFixedHeight(90)
        add = QPushButton("添加单位…", self)
        add.clicked.connect(self.pick_unit)
        remove = QPushButton("移除", self)
        remove.clicked.connect(self._remove_picked)
        picked_box = QWidget(self)
        picked_layout = QVBoxLayout(picked_box)
        picked_layout.setContentsMargins(0, 0, 0, 0)
        picked_layout.addWidget(self.picked)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        picked_layout.addLayout(buttons)
        self.scope_stack = QStackedWidget(self)
        for widget in (QWidget(self), self.sectors, self.kinds, picked_box):
            self.scope_stack.addWidget(widget)
        self.evidence = QComboBox(self)
        self.evidence.addItems([e.value for e in EvidenceKind])
        self.evidence_note = QLineEdit(self)
        self.evidence_note.setPlaceholderText("如：领导小组名单、活动照片、党性分析报告份数")
        self.target = spin_box(self, 0, 1_000_000)
        self.target.setSpecialValueText("不设定")
        self.weight = QDoubleSpinBox(self)
        self.weight.setRange(0, 100)
        self.weight.setSingleStep(0.5)
        self.weight.setDecimals(1)
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(60)
        form = self._form
        form.addRow("任务名称", self.name)
        form.addRow("", self._error("name"))
        form.addRow("所属阶段", self.phase)
        form.addRow("", self._error("phase_id"))
        form.addRow("截止日期", due_row)
        form.addRow("", self.due_note)
        form.addRow("", self._error("due_on"))
        form.addRow("适用于", self.scope)
        form.addRow("", self.scope_stack)
        form.addRow("", self.organiser)
        form.addRow("", self._error("scope_values"))
        form.addRow("完成方式", self.record)
        form.addRow("", self._error("record_kind"))
        form.addRow("佐证材料", self.evidence)
        form.addRow("材料说明", self.evidence_note)
        form.addRow("目标数量", self.target)
        form.addRow("", self._error("target_count"))
        form.addRow("权重", self.weight)
        form.addRow("", self._error("weight"))
        form.addRow("任务说明", self.description)
        form.addRow("", self._error("form"))
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.evidence.currentTextChanged.connect(
            lambda kind: self.target.setEnabled(kind == EvidenceKind.COUNT.value)
        )
        for signal in (
            self.name.textEdited,
            self.phase.currentIndexChanged,
            self.due_on.dateChanged,
            self.scope.currentIndexChanged,
            self.sectors.itemChanged,
            self.kinds.itemChanged,
            self.evidence.currentIndexChanged,
            self.evidence_note.textEdited,
            self.target.valueChanged,
            self.weight.valueChanged,
            self.description.textChanged,
            self.organiser.toggled,
            self.record.currentIndexChanged,
        ):
            signal.connect(self._touch)
        self.due_on.dateChanged.connect(lambda _d: self._due_changed())
        self.phase.currentIndexChanged.connect(lambda _i: self._due_changed())

    def load(
        self,
        task: TaskRow | None,
        phases: list[PhaseRow],
        phase_id: int,
        picked: list[int],
        names: dict[int, str],
    ) -> None:
        """Fill the form from a task, or with defaults for a new task in ``phase_id``."""
        self._loading = True
        self._phases, self._names = phases, names
        self.phase.clear()
        for each in phases:
            self.phase.addItem(each.name, each.id)
        self.phase.setCurrentIndex(max(0, self.phase.findData(task.phase_id if task else phase_id)))
        phase = self._phase()
        self.name.setText(task.name if task else "")
        self.due_on.setDate(
            to_qdate(task.due_on if task else phase.end_on if phase else self.ctx.today())
        )
        self.scope.setCurrentText(task.scope if task else TaskScope.ALL.value)
        self._scope_changed(self.scope.currentIndex())
        values = set(task.scope_values) if task else set()
        for widget in (self.sectors, self.kinds):
            for i in range(widget.count()):
                item = widget.item(i)
                item.setCheckState(
                    Qt.CheckState.Checked if item.text() in values else Qt.CheckState.Unchecked
                )
        self.picked.clear()
        for org_id in picked:
            self._add_picked(org_id)
        self.evidence.setCurrentText(task.evidence_kind if task else EvidenceKind.DOCUMENT.value)
        self.evidence_note.setText(task.evidence_note or "" if task else "")
        self.target.setValue(task.target_count or 0 if task else 0)
        self.target.setEnabled(self.evidence.currentText() == EvidenceKind.COUNT.value)
        self.weight.setValue(task.weight if task else 1.0)
        self.description.setPlainText(task.description or "" if task else "")
        self.organiser.setChecked(task.organiser_takes_part if task else False)
        kind = task.record_kind if task else None
        self.record.setCurrentIndex(max(0, self.record.findData(kind) if tie_of(kind) else 0))
        self._loading = False
        self.dirty = task is None
        self.clear_errors()
        self._due_changed()

    def _scope_changed(self, index: int) -> None:
        """Show only the chooser of the scope picked (none for 全部), at its own height."""
        self.scope_stack.setCurrentIndex(index)
        for i in range(self.scope_stack.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            chooser = self.scope_stack.widget(i)
            if chooser is not None:
                chooser.setSizePolicy(policy, policy)
        self.scope_stack.setVisible(index != 0)
        self.scope_stack.adjustSize()

    def _phase(self) -> PhaseRow | None:
        phase_id = self.phase.currentData()
        return next((p for p in self._phases if p.id == phase_id), None)

    def _due_changed(self) -> None:
        due = from_qdate(self.due_on.date())
        info = due_info(due, self.ctx.today())
        notes = [info.text]
        if info.note:
            notes.append(f"注意：{info.note}，建议改到工作日")
        phase = self._phase()
        if phase is not None and not phase.start_on <= due <= phase.end_on:
            notes.append(
                f"截止日期不在“{phase.name}”阶段（{phase.start_on} 至 {phase.end_on}）之内"
            )
        self.due_note.set_message("；".join(notes))
        self.to_workday.setEnabled(not is_workday(due))

    def move_to_workday(self) -> None:
        """Set the due date to the next working day (the holiday data's, else 按周末估算)."""
        due = from_qdate(self.due_on.date())
        self.due_on.setDate(to_qdate(next_workday(due)))

    def pick_unit(self) -> UnitPicker:
        """Open the unit picker; the chosen unit is added to the picked list."""
        return pick_unit(self.ctx, self, "选择单位", "选择承担此任务的单位：", self._picked)

    def _picked(self, org_id: int) -> None:
        self._add_picked(org_id)
        self._touch()

    def _add_picked(self, org_id: int) -> None:
        if org_id in self.picked_ids():
            return
        item = QListWidgetItem(self._names.get(org_id, f"单位 {org_id}"), self.picked)
        item.setData(ID_ROLE, org_id)

    def _remove_picked(self) -> None:
        for item in self.picked.selectedItems():
            self.picked.takeItem(self.picked.row(item))
        self._touch()

    def picked_ids(self) -> list[int]:
        """Return the ids of the units picked by hand."""
        return [int(self.picked.item(i).data(ID_ROLE)) for i in range(self.picked.count())]

    def draft(self) -> TaskDraft:
        """Return the form as a task draft."""
        scope = self.scope.currentText()
        values = (
            _checked(self.sectors)
            if scope == TaskScope.SECTOR.value
            else _checked(self.kinds)
            if scope == TaskScope.KIND.value
            else []
        )
        evidence = self.evidence.currentText()
        return TaskDraft(
            phase_id=int(self.phase.currentData() or 0),
            name=self.name.text().strip(),
            due_on=from_qdate(self.due_on.date()),
            scope=scope,
            scope_values=values,
            evidence_kind=evidence,
            evidence_note=self.evidence_note.text().strip() or None,
            target_count=(self.target.value() or None)
            if evidence == EvidenceKind.COUNT.value
            else None,
            weight=self.weight.value(),
            description=self.description.toPlainText().strip() or None,
            picked_org_ids=self.picked_ids() if scope == TaskScope.PICKED.value else [],
            record_kind=self.record.currentData(),
            organiser_takes_part=self.organiser.isChecked(),
        )

    def check(self) -> bool:
        """Check the fields; show messages and return False when something is wrong."""
        self.clear_errors()
        draft = self.draft()
        ok = True
        if not draft.name:
            self.show_error("name", "请填写任务名称")
            ok = False
        if not draft.phase_id:
            self.show_error("phase_id", "请先添加阶段，再添加任务")
            ok = False
        if draft.scope == TaskScope.SECTOR.value and not draft.scope_values:
            self.show_error("scope_values", "请至少勾选一个领域")
            ok = False
        if draft.scope == TaskScope.KIND.value and not draft.scope_values:
            self.show_error("scope_values", "请至少勾选一个组织类别")
            ok = False
        if draft.scope == TaskScope.PICKED.value and not draft.picked_org_ids:
            self.show_error("scope_values", "请至少添加一个单位")
            ok = False
        return ok
