"""The life-cycle panel: the steps allowed now (lifecycle.steps_from), undo, history, plans."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brandoffice.errors import KnownError, NotFoundError
from brandoffice.model.vocab import BrandLevel, BrandStatus
from brandoffice.services import brand_view
from brandoffice.services.brands import BrandService, checklist
from brandoffice.services.context import AppContext
from brandoffice.services.lifecycle import RETURN, holds_title, steps_from, transition_problem
from brandoffice.services.rows import BrandRow, StatusChangeRow
from ui import messages
from ui.brands.common import STATUS_COLOURS
from ui.brands.history import HistoryModel, InspectionModel, YearPlanModel
from ui.brands.steps import (
    InspectionDialog,
    StepDialog,
    StepValues,
    UndoDialog,
    YearPlanDialog,
)
from ui.headers import keep_columns
from ui.readonly import ReadOnlyControls, enable
from ui.widgets import at_right, stack, table_view

INSPECT = "复查"
"""The pseudo-target of the yearly re-inspection button."""
INSPECTABLE = (BrandStatus.NAMED.value, BrandStatus.RECTIFYING.value)


@dataclass(frozen=True)
class Step:
    """A step offered for the brand's current status, with why it is blocked (if it is)."""

    target: str
    label: str
    problem: str | None


def available_steps(row: BrandRow) -> list[Step]:
    """Return the steps allowed from the brand's status (and 年度复查 for named brands)."""
    current = BrandStatus(row.status)
    level = BrandLevel(row.level) if row.level else None
    steps: list[Step] = []
    for key, label in steps_from(current, level).items():
        if key == RETURN:
            steps.append(Step(key, label, None))
            continue
        target = BrandStatus(key)
        naming = target is BrandStatus.NAMED and current is BrandStatus.REVIEWING
        problem = None if naming else transition_problem(current, target, level, None)
        if problem is None and target is BrandStatus.APPLIED:
            missing = [r.label for r in checklist(row) if not r.met]
            if missing:
                problem = f"尚缺：{'、'.join(missing)}，补齐并保存后才能申报"
        if naming and level is BrandLevel.CITY:
            problem = "品牌已是市级品牌，没有更高级别可命名"
        steps.append(Step(key, label, problem))
    if row.status in INSPECTABLE:
        steps.insert(0, Step(INSPECT, "年度复查…", None))
    return steps


def refusal(row: BrandRow, target: str) -> str | None:
    """Explain why the brand may not go to ``target`` now, or None when it may."""
    step = next((s for s in available_steps(row) if s.target == target), None)
    if step is None:
        current = BrandStatus(row.status)
        level = BrandLevel(row.level) if row.level else None
        if target not in {s.value for s in BrandStatus}:
            return f"品牌当前为“{row.status}”，不能{target}"
        return transition_problem(current, BrandStatus(target), level, None) or (
            f"品牌当前为“{row.status}”，不能{target}"
        )
    return step.problem


def _table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    view = table_view(parent, model)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    keep_columns(view)
    return view


class LifecyclePanel(QWidget):
    """Offers the allowed steps of the brand shown and lists its archive.

    ``guard`` is called before a step; it returns False to stop (unsaved edits the
    clerk did not want to settle).

    Signals:
        changed(object): The brand's stored row after a step.
    """

    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.brands = BrandService(ctx)
        self.guard: Callable[[], bool] = lambda: True
        self._row: BrandRow | None = None
        self.dialog: StepDialog | InspectionDialog | YearPlanDialog | UndoDialog | None = None
        self._last: StatusChangeRow | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.state = QLabel(self)
        self.state.setStyleSheet("font-size: 14px;")
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #b9770e;")
        self.action_row = QHBoxLayout()
        self.history = HistoryModel(self)
        self.inspections = InspectionModel(self)
        self.plans = YearPlanModel(self)
        self.history_view = _table(self, self.history)
        rows = self.history_view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # notes wrap whole
        self.inspection_view = _table(self, self.inspections)
        self.plan_view = _table(self, self.plans)
        self.plan_button = QPushButton("报送年度目标…", self)
        self.plan_button.clicked.connect(self.add_plan)
        self.undo_button = QPushButton("撤销上一步…", self)
        self.undo_button.clicked.connect(self.request_undo)
        self.controls = ReadOnlyControls(writes=[self.plan_button, self.undo_button])
        self._build()
        self.set_brand(None)

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock the step buttons and 报送年度目标 (the archive stays on view)."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def _build(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.state)
        head.addStretch(1)
        steps = QGroupBox("办理下一步", self)
        box = QVBoxLayout(steps)
        actions = QHBoxLayout()
        actions.addLayout(self.action_row, 1)
        actions.addWidget(self.undo_button)
        box.addLayout(actions)
        box.addWidget(self.reason)
        history = QGroupBox("创建历程", self)
        QVBoxLayout(history).addWidget(self.history_view)
        checks = QGroupBox("年度复查", self)
        QVBoxLayout(checks).addWidget(self.inspection_view)
        plans = QGroupBox("年度目标和措施", self)
        stack(plans, self.plan_view, at_right(self.plan_button))
        stack(self, head, steps, (history, 5), (checks, 2), (plans, 2), flush=True)

    # -- showing -------------------------------------------------------------
    def row(self) -> BrandRow | None:
        """Return the brand shown."""
        return self._row

    def set_brand(self, row: BrandRow | None) -> None:
        """Show a brand's steps and archive (None: nothing)."""
        self._row = row
        self._last = self.brands.last_step(row.id) if row is not None else None
        self._rebuild_actions()
        last = self._last
        enable(self.undo_button, last is not None)
        self.undo_button.setToolTip(
            f"撤销 {last.changed_on:%Y-%m-%d} 的“{last.from_status} → {last.to_status}”"
            if last
            else "还没有可撤销的步骤"
        )
        if row is None:
            self.state.setText("未选择品牌")
            self.history.set_history([], {})
            self.inspections.set_rows([])
            self.plans.set_rows([])
            enable(self.plan_button, False)
            return
        colour = STATUS_COLOURS.get(row.status, "#000")
        level = f" · {row.level}" if row.level else ""
        self.state.setText(
            f"<b>{row.name}</b>　当前状态：<b style='color:{colour}'>{row.status}</b>{level}"
        )
        history = self.brands.history(row.id)
        via = {h.via_org_id for h in history if h.via_org_id is not None}
        self.history.set_history(history, brand_view.unit_names(self.ctx, via))
        self.inspections.set_rows(brand_view.inspections(self.ctx, row.id))
        self.plans.set_rows(brand_view.year_plans(self.ctx, row.id))
        named = holds_title(row.status, row.level)
        enable(self.plan_button, named)
        self.plan_button.setToolTip("" if named else "只有已命名的品牌才需报送年度目标")

    def _rebuild_actions(self) -> None:
        while self.action_row.count():
            item = self.action_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.buttons = {}
        row = self._row
        steps = available_steps(row) if row is not None else []
        for step in steps:
            button = QPushButton(step.label, self)
            button.setEnabled(step.problem is None)
            button.setToolTip(step.problem or f"{row.status if row else ''} → {step.target}")
            button.clicked.connect(lambda _c=False, t=step.target: self.request(t))
            self.action_row.addWidget(button)
            self.buttons[step.target] = button
        self.controls.add_writes(*self.buttons.values())
        self.action_row.addStretch(1)
        blocked = [f"{s.label}：{s.problem}" for s in steps if s.problem]
        if row is not None and not steps:
            blocked = [f"品牌已{row.status}，不能再变更状态"]
        self.reason.setText("\n".join(blocked))
        self.reason.setVisible(bool(blocked))

    # -- steps ---------------------------------------------------------------
    def request(self, target: str) -> bool:
        """Start a step: refused with the reason when not allowed, else ask its details.

        Returns:
            True when the step's dialog was opened.
        """
        row = self._row
        if row is None:
            return False
        problem = refusal(row, target)
        if problem:
            messages.warn(self, "不能进行此操作", problem)
            return False
        if not self.guard():
            return False
        row = self._row
        if row is None:
            return False
        if target == INSPECT:
            inspection = InspectionDialog(self.ctx, self, row)
            inspection.accepted.connect(lambda: self._inspect(inspection))
            self.dialog = inspection
        else:
            level = BrandLevel(row.level) if row.level else None
            label = steps_from(BrandStatus(row.status), level)[target]
            step = StepDialog(self.ctx, self, row, target, label)
            step.accepted.connect(lambda: self.apply_step(target, step.values()))
            self.dialog = step
        self.dialog.open()
        return True

    def apply_step(self, target: str, values: StepValues) -> BrandRow | None:
        """Ask the service for the step; a refusal is shown with its reason."""
        return self._change(
            "状态未变更",
            lambda brand_id: self.brands.transition(
                brand_id,
                target,
                on=values.on,
                note=values.note,
                via_org_id=values.via_org_id,
                level=values.level,
                naming_body=values.naming_body,
                exception=values.exception,
            ),
        )

    def request_undo(self) -> bool:
        """Ask the reason for taking back the latest step.

        Returns:
            True when the dialog was opened.
        """
        row, last = self._row, self._last
        if row is None or last is None:
            return False
        if not self.guard():
            return False
        dialog = UndoDialog(self, row, last)
        dialog.accepted.connect(lambda: self.undo(dialog.value()))
        self.dialog = dialog
        dialog.open()
        return True

    def undo(self, reason: str) -> BrandRow | None:
        """Ask the service to undo the latest step; a refusal is shown with its reason."""
        return self._change(
            "未能撤销", lambda brand_id: self.brands.undo_last_step(brand_id, reason)
        )

    def _inspect(self, dialog: InspectionDialog) -> None:
        v = dialog.values()
        self._change(
            "复查未登记",
            lambda brand_id: self.brands.inspect(
                brand_id,
                v.year,
                v.result,
                on=v.on,
                score=v.score,
                inspector=v.inspector,
                note=v.note,
            ),
        )

    def add_plan(self) -> None:
        """Ask and file the yearly goals and measures of a named brand."""
        if self._row is None:
            return
        dialog = YearPlanDialog(self.ctx, self, self._row)
        dialog.accepted.connect(lambda: self._file_plan(dialog))
        self.dialog = dialog
        dialog.open()

    def _file_plan(self, dialog: YearPlanDialog) -> None:
        if self._row is None:
            return
        year, goals, measures = dialog.values()
        try:
            self.brands.add_year_plan(self._row.id, year, goals, measures)
        except KnownError as exc:
            messages.warn(self, "年度目标未报送", str(exc))
            return
        self.plans.set_rows(brand_view.year_plans(self.ctx, self._row.id))

    def _change(self, refused: str, change: Callable[[int], BrandRow]) -> BrandRow | None:
        """Run ``change`` on the brand shown and show the result; a refusal goes in a message."""
        if self._row is None:
            return None
        try:
            row = change(self._row.id)
        except KnownError as exc:
            messages.warn(self, refused, str(exc))
            return None
        self._done(row)
        return row

    def _done(self, row: BrandRow) -> None:
        try:
            row = self.brands.get(row.id)
        except NotFoundError:
            return
        self.set_brand(row)
        self.changed.emit(row)
