"""The detail panel of the selected unit: form, leading group, members, brands and progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar, cast, overload

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from brandoffice.errors import KnownError, NotFoundError, StaleEditError, ValidationError
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.rows import OrgRow
from ui.form_undo import SaveBar, SnapshotUndo, stored_or_none
from ui.orgs import dialogs
from ui.orgs.detail_body import (
    BASIC_TAB,
    GROUP_TAB,
    HINT,
    MEMBER_TAB,
    RECORDS_TAB,
    SUMMARY_TAB,
    DetailBody,
)
from ui.orgs.group_editor import LeadingGroupEditor, Seat, seats_of
from ui.orgs.member_panel import MemberPanel
from ui.orgs.org_form import OrgForm, draft_of
from ui.orgs.picker import UnitPicker
from ui.orgs.records.panel import RecordsPanel
from ui.orgs.runner import Runner
from ui.orgs.summary import SummaryPanel
from ui.widgets import PLACEHOLDER_STYLE

W = TypeVar("W")

__all__ = ["BASIC_TAB", "GROUP_TAB", "MEMBER_TAB", "RECORDS_TAB", "SUMMARY_TAB", "OrgDetail"]


@dataclass(frozen=True)
class _Snapshot:
    """What the clerk can edit on this panel, for dirty checks and undo."""

    draft: OrgDraft
    seats: tuple[Seat, ...]


class _FromBody(Generic[W]):
    """A widget of the detail's :class:`DetailBody`, which is made on first access."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, detail: None, owner: type) -> _FromBody[W]: ...
    @overload
    def __get__(self, detail: OrgDetail, owner: type | None = None) -> W: ...
    def __get__(self, detail: OrgDetail | None, owner: type | None = None) -> W | _FromBody[W]:
        if detail is None:  # read on the class (documentation tools)
            return self
        return cast(W, getattr(detail.body(), self._name))


class OrgDetail(QWidget, SnapshotUndo[_Snapshot]):
    """Shows and edits one unit; 保存 and 撤销 act on the form and the leading group.

    Until a unit is shown the panel is only a hint: the form and the tabs are made
    for the first unit, so the page opens at once even over a district's tree. The
    widget attributes (``form``, ``tabs``, ``members`` …) make them when asked earlier.

    Signals:
        saved: The stored row after a successful save.
        reloaded: The unit was re-read from the database (after a stale edit).
    """

    saved = Signal(object)
    reloaded = Signal(object)

    title = _FromBody[QLabel]()
    """The unit's name above the tabs."""
    path_label = _FromBody[QLabel]()
    """The unit's path from the root."""
    form = _FromBody[OrgForm]()
    """The 基本信息 form."""
    group = _FromBody[LeadingGroupEditor]()
    """The 领导小组 editor."""
    tabs = _FromBody[QTabWidget]()
    """The tabs, ``BASIC_TAB`` to ``RECORDS_TAB``."""
    status = _FromBody[QLabel]()
    """The message beside 撤销 and 保存."""
    undo_button = _FromBody[QPushButton]()
    """The 撤销 button."""
    save_button = _FromBody[QPushButton]()
    """The 保存 button."""

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.orgs = OrgService(ctx)
        self._row: OrgRow | None = None
        self._baseline: _Snapshot | None = None
        self._before_save: _Snapshot | None = None
        self._picker: UnitPicker | None = None
        self._read_only: tuple[bool, bool] | None = None
        self._body: DetailBody | None = None
        hint = QLabel(HINT, self)
        hint.setStyleSheet(PLACEHOLDER_STYLE)
        hint.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock the form, 保存 and 撤销, and the edits of every tab."""
        self._read_only = (read_only, allow_reports)
        if self._body is not None:
            self._body.controls.set_read_only(read_only, allow_reports=allow_reports)

    # -- the widgets, made on first need ---------------------------------------
    def body(self) -> DetailBody:
        """Return the form, the tabs and the buttons, making them now if needed."""
        if self._body is None:
            body = DetailBody(
                self.ctx, self._make_members, self._make_summary, self._make_records, self
            )
            body.undo_button.clicked.connect(self.undo)
            body.save_button.clicked.connect(self.save)
            body.form.edited.connect(self._update_buttons)
            body.group.edited.connect(self._update_buttons)
            body.form.parentChangeRequested.connect(self._pick_parent)
            self._body = body
            self.stack.addWidget(body)
            if self._read_only is not None:
                read_only, allow_reports = self._read_only
                body.controls.set_read_only(read_only, allow_reports=allow_reports)
        return self._body

    def is_built(self) -> bool:
        """Tell whether the form and the tabs have been made."""
        return self._body is not None

    def _make_members(self, parent: QWidget) -> MemberPanel:
        panel = MemberPanel(self.ctx, parent, self.runner)
        panel.set_org(self.org_id())
        panel.changed.connect(self._roster_changed)
        return panel

    def _make_summary(self, parent: QWidget) -> SummaryPanel:
        panel = SummaryPanel(self.ctx, self.runner, parent)
        panel.set_org(self.org_id())
        return panel

    def _make_records(self, parent: QWidget) -> RecordsPanel:
        panel = RecordsPanel(self.ctx, self.runner, parent)
        panel.unitChanged.connect(self._unit_changed)
        panel.set_org(self._row)
        return panel

    @property
    def members(self) -> MemberPanel:
        """The 党员 panel (made now if its tab was never opened)."""
        return self.body().members.panel()

    @property
    def summary(self) -> SummaryPanel:
        """The 品牌与进度 panel (made now if its tab was never opened)."""
        return self.body().summary.panel()

    @property
    def records(self) -> RecordsPanel:
        """The 创建活动记录 panel (made now if its tab was never opened)."""
        return self.body().records.panel()

    # -- loading -------------------------------------------------------------
    def org_id(self) -> int | None:
        """Return the id of the unit shown."""
        return None if self._row is None else self._row.id

    def row(self) -> OrgRow | None:
        """Return the stored row of the unit shown."""
        return self._row

    def show_org(self, org_id: int | None) -> None:
        """Load a unit into every tab (no unsaved-changes check: the page does that)."""
        row = stored_or_none(self.orgs.get, org_id)
        self._row = row
        self._before_save = None
        if row is None and self._body is None:
            return  # nothing shown yet: keep the hint and make no widgets
        body = self.body()
        body.status.clear()
        self.stack.setCurrentIndex(0 if row is None else 1)
        self._tabs_follow(body, row)
        if row is not None:
            self._load_row(row)
        self._update_buttons()

    @staticmethod
    def _tabs_follow(body: DetailBody, row: OrgRow | None) -> None:
        # The tabs not made yet read the unit shown when they are made.
        org_id = None if row is None else row.id
        if (members := body.members.built()) is not None:
            members.set_org(org_id)
        if (summary := body.summary.built()) is not None:
            summary.set_org(org_id)
        if (records := body.records.built()) is not None:
            records.set_org(row)

    def _load_row(self, row: OrgRow) -> None:
        self._row = row
        self.title.setText(row.name)
        path = self.orgs.path_of(row.id)
        self.path_label.setText(" / ".join(path))
        seats = tuple(seats_of(self.orgs.leading_group(row.id)))
        self._baseline = _Snapshot(draft_of(row), seats)
        self._show_snapshot(self._baseline)

    def _save_bar(self) -> SaveBar | None:
        return None if self._body is None else self._body.bar

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

    def _roster_changed(self) -> None:
        """Members were added, removed or moved: show the unit's new 党员人数 unless editing."""
        if self._row is None or self.has_unsaved_changes():
            return
        try:
            row = self.orgs.get(self._row.id)
        except NotFoundError:
            return
        self._load_row(row)  # the member table keeps its page and selection
        self.reloaded.emit(self._row)

    # -- editing -------------------------------------------------------------
    def current(self) -> _Snapshot | None:
        """Return what the widgets hold now."""
        if self._row is None:
            return None
        return _Snapshot(self.form.draft(), tuple(self.group.seats()))

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
                row = self.orgs.set_leading_group(row.id, list(current.seats), row.version)
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
        if (records := self.body().records.built()) is not None:
            records.set_org(row)
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
