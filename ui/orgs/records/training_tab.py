"""The 培训 tab: sessions run by or attended by the unit's members, coverage and hours."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.record_helpers import percent
from brandoffice.services.rows import OrgRow
from brandoffice.services.training import (
    MemberTraining,
    TrainingRow,
    TrainingService,
    UnitTrainingCoverage,
)
from ui import messages
from ui.home_models import CENTER, RIGHT, Column
from ui.orgs.records.common import HintedTable, RecordTab, RowsModel, button_bar, number
from ui.orgs.records.training_dialogs import AttendanceDialog, SessionDialog
from ui.orgs.runner import Runner
from ui.widgets import day_text, stack

UNTRAINED = QColor("#c0392b")


@dataclass(frozen=True, slots=True)
class TrainingLine:
    """A session with how many of the unit's (subtree's) members attended it."""

    session: TrainingRow
    ours: int
    organised_here: bool


@dataclass(frozen=True)
class TrainingData:
    """Sessions of the year, coverage of the subtree, hours of the unit's own members."""

    lines: list[TrainingLine]
    coverage: list[UnitTrainingCoverage]
    hours: list[MemberTraining]

    @property
    def members(self) -> int:
        """Return the members of the subtree."""
        return sum(c.members for c in self.coverage)

    @property
    def trained(self) -> int:
        """Return the members of the subtree trained at least once."""
        return sum(c.trained for c in self.coverage)

    @property
    def total_hours(self) -> float:
        """Return the hours attended by the subtree's members."""
        return round(sum(c.hours for c in self.coverage), 2)


def _ancestors(orgs: OrgService, org_id: int) -> set[int]:
    parents = {o.id: o.parent_id for o in orgs.all_rows()}
    found: set[int] = set()
    current = parents.get(org_id)
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    return found


def load_training(ctx: AppContext, org: OrgRow, year: int) -> TrainingData:
    """Read sessions run by the subtree, or by units above it that its members attended."""
    service = TrainingService(ctx)
    orgs = OrgService(ctx)
    units = set(orgs.subtree(org.id))
    above = _ancestors(orgs, org.id)
    sessions = service.sessions(year, org_id=org.id)
    sessions += [s for s in service.sessions(year) if s.org_id in above]
    lines = []
    for session in sessions:
        listed = service.attendees(session.id)
        ours = sum(1 for a in listed if a.attended and a.org_id in units)
        here = session.org_id in units
        if here or any(a.org_id in units for a in listed):
            lines.append(TrainingLine(session, ours, here))
    lines.sort(key=lambda line: (line.session.held_on, line.session.id), reverse=True)
    return TrainingData(lines, service.coverage(year, org.id), service.member_hours(year, org.id))


class TrainingTab(RecordTab):
    """分级分批培训 seen from the unit: sessions, coverage rate, hours per member."""

    table: HintedTable  # made in __init__

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.service = TrainingService(ctx)
        self.model: RowsModel[TrainingLine] = RowsModel(
            [
                Column("日期", lambda r: r.session.held_on, lambda r: day_text(r.session.held_on)),
                Column("级别", lambda r: r.session.level, align=CENTER),
                Column("培训主题", lambda r: r.session.topic),
                Column("授课人", lambda r: r.session.trainer or ""),
                Column("学时", lambda r: r.session.hours, lambda r: number(r.session.hours), RIGHT),
                Column("举办单位", lambda r: r.session.organiser_name),
                Column(
                    "出席/名单",
                    lambda r: r.session.attended,
                    lambda r: f"{r.session.attended}/{r.session.listed}",
                    CENTER,
                ),
                Column("本单位出席", lambda r: r.ours, lambda r: f"{r.ours} 人", CENTER),
            ],
            tooltip=lambda r: r.session.location and f"地点：{r.session.location}",
            parent=self,
        )
        self.table = HintedTable(self.model, "", self)
        self.table.set_widths([84, 50, 150, 80, 40, 120, 66])
        self.table.view.doubleClicked.connect(lambda _i: self.buttons["编辑"].click())
        self.hours_model: RowsModel[MemberTraining] = RowsModel(
            [
                Column("党员", lambda m: m.name),
                Column("参训次数", lambda m: m.sessions, lambda m: f"{m.sessions} 次", CENTER),
                Column("学时", lambda m: m.hours, lambda m: number(m.hours), RIGHT),
            ],
            foreground=lambda m: None if m.sessions else UNTRAINED,
            parent=self,
        )
        self.hours_table = HintedTable(self.hours_model, "本组织没有直属党员。", self)
        self.hours_table.set_widths([100, 90])
        bar, self.buttons = button_bar(
            self,
            ("新增培训…", self.add),
            ("编辑…", self.edit),
            ("登记出席…", self.attendance),
            ("删除", self.delete),
        )
        sessions, members = QWidget(self), QWidget(self)
        stack(sessions, bar, (self.table, 1), flush=True)
        right = QVBoxLayout(members)
        right.setContentsMargins(0, 0, 0, 0)
        self.hours_title = QLabel("<b>本组织党员学时</b>", self)
        right.addWidget(self.hours_title)
        right.addWidget(self.hours_table, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(sessions)
        split.addWidget(members)
        split.setSizes([320, 280])
        split.setChildrenCollapsible(False)
        stack(self, self.note, (split, 1), flush=True)

    def fetch(self, org: OrgRow, year: int) -> TrainingData:
        """Read the year's sessions, coverage and member hours."""
        return load_training(self.ctx, org, year)

    def present(self, data: TrainingData) -> None:
        """Show the sessions, the coverage line and the members' hours."""
        self.model.set_rows(data.lines)
        self.hours_model.set_rows(data.hours)
        self.table.set_hint(
            f"{self.year}年尚无本组织举办或本组织党员参加的培训。\n点击“新增培训…”登记培训，"
            "再用“登记出席…”勾选参训党员。"
        )
        members, trained = data.members, data.trained
        per = number(round(data.total_hours / members, 1)) if members else "—"
        rate = percent(round(trained / members, 4) if members else None)
        self.note.setText(
            f"{self.year}年培训 <b>{len(data.lines)}</b> 期；本组织及下级党员 <b>{members}</b> 人，"
            f"参训 <b>{trained}</b> 人，覆盖率 <b>{rate}</b>；"
            f"累计 <b>{number(data.total_hours)}</b> 学时，人均 {per} 学时"
        )

    def selected(self) -> TrainingLine | None:
        """Return the session selected."""
        found = self.table.current()
        return found if isinstance(found, TrainingLine) else None

    def _need(self) -> TrainingLine | None:
        line = self.selected()
        if line is None:
            messages.inform(self, "培训", "请先在列表中选择一期培训。")
        return line

    def add(self) -> SessionDialog | None:
        """Open the form for a session run by the unit."""
        if self.org is None:
            return None
        return self.open_dialog(SessionDialog(self.ctx, self, self.org), self._stored)

    def edit(self) -> SessionDialog | None:
        """Open the form of the selected session."""
        line = self._need()
        if line is None or self.org is None:
            return None
        return self.open_dialog(SessionDialog(self.ctx, self, self.org, line.session), self._stored)

    def attendance(self) -> AttendanceDialog | None:
        """Open the attendance list of the selected session."""
        line = self._need()
        if line is None:
            return None
        dialog = AttendanceDialog(self.ctx, self, line.session)
        session_id = line.session.id
        return self.open_dialog(
            dialog, lambda _s: self.refresh(lambda r: r.session.id == session_id)
        )

    def delete(self) -> None:
        """Delete the selected session and its list after a confirmation."""
        line = self._need()
        if line is None:
            return
        session = line.session
        self.confirm_delete(
            "删除培训",
            f"确定删除 {session.held_on:%Y-%m-%d}“{session.topic}”及其参训名单吗？",
            lambda: self.service.delete(session.id),
        )

    def _stored(self, row: TrainingRow | None) -> None:
        self.refresh(None if row is None else lambda r: r.session.id == row.id)
