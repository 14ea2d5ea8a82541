"""The campaign editor: campaign details, the phase/task tree, and the phase and task forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QWidget,
)

from brandoffice.services import campaign_edit as edit
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.deadlines import MovedDeadline, move_to_workdays
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import CampaignRow, PhaseRow, TaskRow
from brandoffice.workdays import is_workday
from ui import dialogs, messages
from ui.calendar.campaign_form import CampaignForm
from ui.calendar.feedback import error_handler
from ui.calendar.plan_forms import FormBase, PhaseForm, TaskForm
from ui.calendar.plan_model import PlanModel
from ui.headers import keep_columns
from ui.orgs.runner import Runner
from ui.readonly import ReadOnlyControls, enable
from ui.roles import ROW_ROLE
from ui.widgets import at_right, stack


@dataclass(frozen=True)
class Plan:
    """What the editor reads in one go."""

    campaign: CampaignRow
    phases: list[PhaseRow]
    tasks: list[TaskRow]
    names: dict[int, str]


def read_plan(ctx: AppContext, campaign_id: int) -> Plan:
    """Read a campaign, its phases and tasks, and every unit's name."""
    service = CampaignService(ctx)
    names = {o.id: o.name for o in OrgService(ctx).all_rows()}
    return Plan(
        service.campaign(campaign_id),
        service.phases(campaign_id),
        service.tasks(campaign_id),
        names,
    )


class CampaignEditor(QDialog):
    """Edit one campaign; non-modal (``show()``). Every save is one write through the runner.

    Signals:
        planChanged(): Something was saved or deleted; the calendar reloads.
    """

    planChanged = Signal()

    def __init__(
        self, ctx: AppContext, runner: Runner, campaign_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.campaign_id = ctx, runner, campaign_id
        self.plan: Plan | None = None
        self._editing: tuple[str, int | None] = ("", None)
        self.setWindowTitle("编辑创建活动")
        self.details = CampaignForm(ctx, runner, self._campaign_saved, self)
        # the plan tree
        self.model = PlanModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setColumnWidth(0, 220)
        self.tree.setColumnWidth(1, 170)
        keep_columns(self.tree)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.add_phase_button = QPushButton("添加阶段", self)
        self.add_task_button = QPushButton("添加任务", self)
        self.delete_button = QPushButton("删除", self)
        self.workday_button = QPushButton("休息日截止顺延", self)
        self.workday_button.setToolTip("把截止日期落在休息日的任务改到其后的第一个工作日")
        self.workday_button.clicked.connect(self.move_rest_day_deadlines)
        self.add_phase_button.clicked.connect(self.new_phase)
        self.add_task_button.clicked.connect(self.new_task)
        self.delete_button.clicked.connect(self.delete_selected)
        tree_buttons = QHBoxLayout()
        for button in (
            self.add_phase_button,
            self.add_task_button,
            self.delete_button,
            self.workday_button,
        ):
            tree_buttons.addWidget(button)
        tree_buttons.addStretch(1)
        left = QWidget(self)
        stack(left, (self.tree, 1), tree_buttons, flush=True)
        # the forms
        self.phase_form = PhaseForm(self)
        self.task_form = TaskForm(ctx, self)
        hint = QLabel("在左侧选择一个阶段或任务进行修改，或点“添加阶段”“添加任务”。", self)
        hint.setWordWrap(True)
        self.forms = QStackedWidget(self)
        for widget in (hint, self.phase_form, self.task_form):
            self.forms.addWidget(widget)
        self.save_button = QPushButton("保存", self)
        self.revert_button = QPushButton("还原", self)
        self.save_button.clicked.connect(self.save_form)
        self.revert_button.clicked.connect(self.revert_form)
        right = QWidget(self)
        right_layout = stack(right, (self.forms, 1), at_right(self.revert_button, self.save_button))
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setSizes([560, 460])
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        stack(self, self.details, (self.split, 1), at_right(close))
        self.resize(1080, 720)
        self.controls = ReadOnlyControls(
            writes=[
                self.details,
                self.phase_form,
                self.task_form,
                self.add_phase_button,
                self.add_task_button,
                self.delete_button,
                self.workday_button,
                self.save_button,
                self.revert_button,
            ]
        )
        self._update_buttons()
        self.reload()

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Show the campaign without a way to change it: forms and their buttons locked."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    # -- loading ---------------------------------------------------------------
    def _deleted(self, _result: object) -> None:
        self.planChanged.emit()
        self.reload()

    def reload(self, select: tuple[str, int] | None = None) -> None:
        """Re-read the campaign; then select ``("phase"|"task", id)`` if given."""
        ctx, cid = self.ctx, self.campaign_id
        self.runner.run(lambda: read_plan(ctx, cid), lambda plan: self._loaded(plan, select))

    def _loaded(self, plan: Plan, select: tuple[str, int] | None) -> None:
        self.plan = plan
        c = plan.campaign
        self.setWindowTitle(f"编辑创建活动 — {c.name}")
        self.details.load(c, plan.names)
        self.model.set_plan(plan.phases, plan.tasks)
        self.tree.expandAll()
        self.forms.setCurrentIndex(0)
        self._editing = ("", None)
        if select is not None:
            index = self.model.index_of(*select)
            if index.isValid():
                self.tree.setCurrentIndex(index)
        self._update_buttons()

    # -- selection and forms ---------------------------------------------------
    def current_form(self) -> FormBase | None:
        """Return the form shown, if any."""
        widget = self.forms.currentWidget()
        return widget if isinstance(widget, FormBase) else None

    def has_unsaved_changes(self) -> bool:
        """Tell whether the form shown holds edits not yet saved."""
        form = self.current_form()
        return form is not None and form.dirty

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.tree.currentIndex()
        row = self.model.data(index, ROW_ROLE) if index.isValid() else None
        key = (
            ("phase", row.id)
            if isinstance(row, PhaseRow)
            else ("task", row.id)
            if isinstance(row, TaskRow)
            else ("", None)
        )
        if key == self._editing:
            return
        if not self.save_or_discard():
            return
        self._show_row(row)
        self._update_buttons()

    def _show_row(self, row: PhaseRow | TaskRow | None) -> None:
        assert self.plan is not None
        if isinstance(row, PhaseRow):
            self.phase_form.load(row, row.start_on, row.end_on)
            self.forms.setCurrentWidget(self.phase_form)
            self._editing = ("phase", row.id)
        elif isinstance(row, TaskRow):
            self.forms.setCurrentWidget(self.task_form)
            self._editing = ("task", row.id)
            picked = edit.task_targets(self.ctx, row.id) if row.scope == "指定单位" else []
            self.task_form.load(row, self.plan.phases, row.phase_id, picked, self.plan.names)
        else:
            self.forms.setCurrentIndex(0)
            self._editing = ("", None)

    def _selected_phase_id(self) -> int | None:
        index = self.tree.currentIndex()
        row = self.model.data(index, ROW_ROLE) if index.isValid() else None
        if isinstance(row, PhaseRow):
            return row.id
        if isinstance(row, TaskRow):
            return row.phase_id
        return None

    def _update_buttons(self) -> None:
        has_phases = bool(self.plan and self.plan.phases)
        enable(self.add_task_button, has_phases)
        enable(self.delete_button, self._editing[1] is not None)
        resting = self._rest_day_tasks()
        enable(self.workday_button, bool(resting))
        self.workday_button.setText(
            f"休息日截止顺延（{len(resting)}）" if resting else "休息日截止顺延"
        )
        editing = self.current_form() is not None
        enable(self.save_button, editing)
        enable(self.revert_button, editing and self._editing[1] is not None)

    def new_phase(self) -> None:
        """Show an empty phase form dated after the last phase."""
        if not self.save_or_discard() or self.plan is None:
            return
        last = max((p.end_on for p in self.plan.phases), default=None)
        start = last + dt.timedelta(days=1) if last else dt.date(self.plan.campaign.year, 3, 1)
        self.tree.clearSelection()
        self.phase_form.load(None, start, start + dt.timedelta(days=30))
        self.forms.setCurrentWidget(self.phase_form)
        self._editing = ("phase", None)
        self._update_buttons()
        self.phase_form.name.setFocus()

    def new_task(self) -> None:
        """Show an empty task form in the selected phase (or the first)."""
        if not self.save_or_discard() or self.plan is None or not self.plan.phases:
            return
        phase_id = self._selected_phase_id() or self.plan.phases[0].id
        self.task_form.load(None, self.plan.phases, phase_id, [], self.plan.names)
        self.forms.setCurrentWidget(self.task_form)
        self._editing = ("task", None)
        self._update_buttons()
        self.task_form.name.setFocus()

    def revert_form(self) -> None:
        """Drop the edits of the form shown."""
        kind, row_id = self._editing
        if row_id is not None and self.plan is not None:
            rows = self.plan.phases if kind == "phase" else self.plan.tasks
            self._show_row(next(r for r in rows if r.id == row_id))

    # -- saving ----------------------------------------------------------------
    def save_form(self, *, wait: bool = False, move_tasks: bool | None = None) -> bool:
        """Check and save the form shown (phase or task, new or existing).

        A phase whose first day moves while it has tasks asks first whether its tasks
        move with it (是否同时移动本阶段的N项任务?), unless ``move_tasks`` answers it.

        Args:
            wait: Save on this thread and return whether it worked (used when closing;
                the tasks then stay where they are).
            move_tasks: Move a moved phase's task deadlines by as many days.
        """
        form = self.current_form()
        if form is None or not form.check():
            return form is None
        ctx, (_kind, row_id) = self.ctx, self._editing
        cid = self.campaign_id
        if form is self.phase_form:
            name, start, end, text = self.phase_form.values()
            opened = (
                next((p for p in self.plan.phases if p.id == row_id), None) if self.plan else None
            )
            moving = self._tasks_of(opened) if opened and start != opened.start_on else 0
            if opened is not None and moving and not wait and move_tasks is None:
                self._ask_move_tasks(moving, start - opened.start_on)
                return True
            move = bool(move_tasks)

            def work() -> tuple[str, int]:
                if row_id is None:
                    return "phase", CampaignService(ctx).add_phase(cid, name, start, end, text).id
                return "phase", edit.update_phase(
                    ctx,
                    row_id,
                    name=name,
                    start_on=start,
                    end_on=end,
                    description=text,
                    opened=opened,
                    move_tasks=move,
                ).id
        else:
            draft = self.task_form.draft()
            version = (
                next((t.version for t in self.plan.tasks if t.id == row_id), 0) if self.plan else 0
            )

            def work() -> tuple[str, int]:
                if row_id is None:
                    return "task", CampaignService(ctx).add_task(draft).id
                return "task", edit.update_task(ctx, row_id, version, draft)[0].id

        show = error_handler(self.runner, form.show_error)
        if wait:
            try:
                saved = work()
            except Exception as exc:
                show(exc)
                return False
            self._saved(saved)
            return True
        self.runner.run(work, self._saved, write=True, on_error=show, title="保存")
        return True

    def _rest_day_tasks(self) -> list[TaskRow]:
        return [t for t in self.plan.tasks if not is_workday(t.due_on)] if self.plan else []

    def move_rest_day_deadlines(self) -> None:
        """Ask, then move every deadline on a rest day to the next working day."""
        tasks = self._rest_day_tasks()
        if not tasks or not self.save_or_discard():
            return
        ctx, ids = self.ctx, [t.id for t in tasks]
        listed = "、".join(f"“{t.name}”" for t in tasks[:8]) + (" 等" if len(tasks) > 8 else "")

        def done(moved: list[MovedDeadline]) -> None:
            self._deleted(None)
            messages.inform(
                self, "截止日期已顺延", "\n".join(m.text() for m in moved) or "没有需要顺延的任务"
            )

        def answered(choice: int) -> None:
            if choice == 0:
                self.runner.run(
                    lambda: move_to_workdays(ctx, ids), done, write=True, title="顺延截止日期"
                )

        messages.ask(
            self,
            "休息日截止顺延",
            f"{listed}的截止日期落在休息日。是否顺延到其后的第一个工作日？",
            ["顺延", "取消"],
            answered,
        )

    def _tasks_of(self, phase: PhaseRow) -> int:
        return sum(1 for t in self.plan.tasks if t.phase_id == phase.id) if self.plan else 0

    def _ask_move_tasks(self, count: int, delta: dt.timedelta) -> None:
        days = delta.days
        shift = f"推后 {days} 天" if days > 0 else f"提前 {-days} 天"

        def answered(choice: int) -> None:
            if choice in (0, 1):
                self.save_form(move_tasks=choice == 0)

        messages.ask(
            self,
            "移动阶段",
            f"阶段开始日期{shift}。是否同时移动本阶段的{count}项任务？",
            ["同时移动任务", "只改阶段日期", "取消"],
            answered,
            informative="同时移动时，各项任务的截止日期也" + shift + "（不超出阶段的日期范围）。",
        )

    def _saved(self, saved: tuple[str, int]) -> None:
        form = self.current_form()
        if form is not None:
            form.dirty = False
        self.planChanged.emit()
        self.reload(select=saved)

    def _campaign_saved(self) -> None:
        self.planChanged.emit()
        self.reload()

    def delete_selected(self) -> None:
        """Ask, then delete the selected phase (with its tasks) or task."""
        kind, row_id = self._editing
        if row_id is None or self.plan is None:
            return
        rows = self.plan.phases if kind == "phase" else self.plan.tasks
        name = next(r.name for r in rows if r.id == row_id)
        what = "阶段及其全部任务和进度记录" if kind == "phase" else "任务及其全部进度记录"
        ctx = self.ctx

        def delete() -> None:
            work = (
                (lambda: edit.delete_phase(ctx, row_id))
                if kind == "phase"
                else (lambda: edit.delete_task(ctx, row_id))
            )
            self.runner.run(work, self._deleted, write=True, title="删除")

        messages.confirm(self, "删除", f"确定删除“{name}”这个{what}吗？", "删除", delete)

    # -- leaving ---------------------------------------------------------------
    def save_or_discard(self) -> bool:
        """Ask about unsaved form edits: save, discard or cancel; False when cancelled."""
        if not self.has_unsaved_changes():
            return True
        kind = self._editing[0]
        name = self.task_form.name.text() if kind == "task" else self.phase_form.name.text()
        choice = dialogs.ask_save(self, name or ("新任务" if kind == "task" else "新阶段"))
        return dialogs.settle_unsaved(choice, lambda: self.save_form(wait=True), self._discard)

    def _discard(self) -> None:
        form = self.current_form()
        if form is not None:
            form.dirty = False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close when the user cancels the unsaved-edits question."""
        if not self.save_or_discard():
            event.ignore()
            return
        super().closeEvent(event)
