"""The detail panel of the selected unit: form, leading group, members, brands and progress."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from brandoffice.errors import KnownError, NotFoundError, StaleEditError, ValidationError
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.rows import OrgRow
from ui.orgs import dialogs
from ui.orgs.group_editor import LeadingGroupEditor, Seat, seats_of
from ui.orgs.member_panel import MemberPanel
from ui.orgs.org_form import OrgForm, draft_of
from ui.orgs.picker import UnitPicker
from ui.orgs.records.panel import RecordsPanel
from ui.orgs.runner import Runner
from ui.orgs.summary import SummaryPanel
from ui.readonly import ReadOnlyControls, enable, inputs_of
from ui.widgets import placeholder_stack

BASIC_TAB, GROUP_TAB, MEMBER_TAB, SUMMARY_TAB, RECORDS_TAB = range(5)


@dataclass(frozen=True)
class _Snapshot:
    """What the clerk can edit on this panel, for dirty checks and undo."""

    draft: OrgDraft
    seats: tuple[Seat, ...]


class OrgDetail(QWidget):
    """Shows and edits one unit; 保存 and 撤销 act on the form and the leading group.

    Signals:
        saved: The stored row after a successful save.
        reloaded: The unit was re-read from the database (after a stale edit).
    """

    saved = Signal(object)
    reloaded = Signal(object)

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.orgs = OrgService(ctx)
        self._row: OrgRow | None = None
        self._baseline: _Snapshot | None = None
        self._before_save: _Snapshot | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.path_label = QLabel(self)
        self.path_label.setStyleSheet("color: #666;")
        self.form = OrgForm(ctx.today, self)
        self.group = LeadingGroupEditor(self)
        self.members = MemberPanel(ctx, self, runner)
        self.summary = SummaryPanel(ctx, runner, self)
        self.records = RecordsPanel(ctx, runner, self)
        self.records.unitChanged.connect(self._unit_changed)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll, "基本信息")
        self.tabs.addTab(self.group, "领导小组")
        self.tabs.addTab(self.members, "党员")
        self.tabs.addTab(self.summary, "品牌与进度")
        self.tabs.addTab(self.records, "创建活动记录")
        self.status = QLabel(self)
        self.undo_button = QPushButton("撤销", self)
        self.undo_button.setToolTip("撤销未保存的修改；没有未保存的修改时，恢复为上次保存前的内容")
        self.undo_button.clicked.connect(self.undo)
        self.save_button = QPushButton("保存", self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.form.edited.connect(self._update_buttons)
        self.group.edited.connect(self._update_buttons)
        self.form.parentChangeRequested.connect(self._pick_parent)
        self._picker: UnitPicker | None = None
        self._build()
        self.controls = ReadOnlyControls(
            writes=[self.undo_button, self.save_button, *inputs_of(self.form)],
            parts=[self.group, self.members, self.records],
        )
        self.show_org(None)

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock the form, 保存 and 撤销, and the edits of every tab."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def _build(self) -> None:
        page = QWidget(self)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.path_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bar)
        self.stack = placeholder_stack(
            self, "请在左侧组织树中选择一个组织，\n或在上方搜索框中输入名称、拼音首字母查找。", page
        )

    # -- loading -------------------------------------------------------------
    def org_id(self) -> int | None:
        """Return the id of the unit shown."""
        return None if self._row is None else self._row.id

    def row(self) -> OrgRow | None:
        """Return the stored row of the unit shown."""
        return self._row

    def show_org(self, org_id: int | None) -> None:
        """Load a unit into every tab (no unsaved-changes check: the page does that)."""
        row = None
        if org_id is not None:
            try:
                row = self.orgs.get(org_id)
            except NotFoundError:
                row = None
        self._row = row
        self._before_save = None
        self.status.clear()
        self.stack.setCurrentIndex(0 if row is None else 1)
        self.members.set_org(None if row is None else row.id)
        self.summary.set_org(None if row is None else row.id)
        self.records.set_org(row)
        if row is not None:
            self._load_row(row)
        self._update_buttons()

    def _load_row(self, row: OrgRow) -> None:
        self._row = row
        self.title.setText(row.name)
        path = self.orgs.path_of(row.id)
        self.path_label.setText(" / ".join(path))
        seats = tuple(seats_of(self.orgs.leading_group(row.id)))
        self._baseline = _Snapshot(draft_of(row), seats)
        self._show_snapshot(self._baseline)

    def _show_snapshot(self, snapshot: _Snapshot) -> None:
        self.form.clear_errors()
        self.form.load(snapshot.draft, self._parent_path(snapshot.draft.parent_id))
        self.group.load(list(snapshot.seats))
        self._update_buttons()

    def _parent_path(self, parent_id: int | None) -> str:
        return "" if parent_id is None else " / ".join(self.orgs.path_of(parent_id))

    def reload(self) -> None:
        """Re-read the unit shown from the database, dropping unsaved edits."""
        self.show_org(self.org_id())

    def _unit_changed(self) -> None:
        """A record (a grade) changed the unit's row: show the new version unless editing."""
        if not self.has_unsaved_changes():
            self.reload()
            self.reloaded.emit(self._row)

    # -- editing -------------------------------------------------------------
    def current(self) -> _Snapshot | None:
        """Return what the widgets hold now."""
        if self._row is None:
            return None
        return _Snapshot(self.form.draft(), tuple(self.group.seats()))

    def has_unsaved_changes(self) -> bool:
        """Tell whether the form or the leading group differ from the stored values."""
        return self._row is not None and self.current() != self._baseline

    def _update_buttons(self) -> None:
        dirty = self.has_unsaved_changes()
        enable(self.save_button, dirty)
        enable(self.undo_button, dirty or self._before_save is not None)
        if dirty:
            self.status.setText("有未保存的修改")

    def save(self) -> bool:
        """Save the form and the leading group; messages go next to the fields.

        Returns:
            True when everything was stored (or nothing needed storing).
        """
        current, baseline, row = self.current(), self._baseline, self._row
        if current is None or baseline is None or row is None or current == baseline:
            return True
        self.form.clear_errors()
        self.group.error.set_message(None)
        try:
            if current.draft != baseline.draft:
                row = self.orgs.update(row.id, row.version, current.draft)
            if current.seats != baseline.seats:
                self.orgs.set_leading_group(row.id, list(current.seats))
        except StaleEditError as exc:
            dialogs.warn(self, f"{exc}\n\n表单已重新载入最新内容。", "内容已被他人修改")
            self.reload()
            self.reloaded.emit(self._row)
            return False
        except ValidationError as exc:
            self._show_error(exc)
            if row is not self._row:  # the form part was stored before the group failed
                self._stored(row, _Snapshot(current.draft, baseline.seats), baseline)
            return False
        except KnownError as exc:
            self.form.show_error(exc)
            self.tabs.setCurrentIndex(BASIC_TAB)
            return False
        self._stored(row, current, baseline)
        self.status.setText("已保存")
        return True

    def _stored(self, row: OrgRow, now: _Snapshot, before: _Snapshot) -> None:
        self._row = row
        self._baseline = now
        self._before_save = before
        self.records.set_org(row)
        self.title.setText(row.name)
        self.path_label.setText(" / ".join(self.orgs.path_of(row.id)))
        self._update_buttons()
        self.saved.emit(row)

    def _show_error(self, exc: ValidationError) -> None:
        if exc.field in ("role", "person_name", "title"):
            self.group.error.set_message(str(exc))
            self.tabs.setCurrentIndex(GROUP_TAB)
        else:
            self.form.show_error(exc)
            self.tabs.setCurrentIndex(BASIC_TAB)

    def undo(self) -> None:
        """Drop unsaved edits; with none, bring back the values from before the last save.

        The restored values are shown, not stored: 保存 stores them (one level of undo).
        """
        if self._baseline is None:
            return
        if self.has_unsaved_changes():
            self._show_snapshot(self._baseline)
            self.status.setText("已撤销未保存的修改")
        elif self._before_save is not None:
            self._show_snapshot(self._before_save)
            self._before_save = None
            self.status.setText("已恢复为上次保存前的内容，点击“保存”生效")
        self._update_buttons()

    def _pick_parent(self) -> None:
        if self._row is None:
            return
        picker = UnitPicker(
            self.ctx, self, "更改上级组织", f"把“{self._row.name}”移到：", allow_root=True
        )
        self._picker = picker
        picker.accepted.connect(lambda: self._parent_chosen(picker))
        picker.open()

    def _parent_chosen(self, picker: UnitPicker) -> None:
        made, parent_id = picker.chosen()
        if made:
            self.form.set_parent(parent_id, self._parent_path(parent_id))
