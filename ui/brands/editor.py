"""The brand editor: every field, a live 五有一好 checklist, 保存/撤销, stale-edit handling."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QWidget,
)

from brandoffice.errors import KnownError, NotFoundError, StaleEditError, ValidationError
from brandoffice.services import brand_view
from brandoffice.services.brands import BrandService, checklist
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.rows import BrandRow
from ui import messages
from ui.brands.brand_form import BrandForm, Snapshot, snapshot_of
from ui.brands.checklist import ChecklistView, name_message
from ui.form_undo import SaveBar, SnapshotUndo, stored_or_none
from ui.orgs.picker import UnitPicker
from ui.readonly import ReadOnlyControls, inputs_of
from ui.widgets import placeholder_stack, stack


def status_text(row: BrandRow) -> str:
    """Return 命名 · 区级 · 区委组织部 2023-06-01 style text of a brand's standing."""
    parts = [row.status]
    if row.level:
        parts.append(row.level)
    if row.naming_body:
        parts.append(f"命名机关：{row.naming_body}")
    if row.named_on:
        parts.append(f"命名日期：{row.named_on:%Y-%m-%d}")
    return " · ".join(parts)


class BrandEditor(QWidget, SnapshotUndo[Snapshot]):
    """Shows and edits one brand.

    Signals:
        saved(object): The stored :class:`BrandRow` after a save.
        reloaded(object): The brand was re-read (after a stale edit), or None.
    """

    saved = Signal(object)
    reloaded = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.brands = BrandService(ctx)
        self.orgs = OrgService(ctx)
        self._row: BrandRow | None = None
        self._baseline: Snapshot | None = None
        self._before_save: Snapshot | None = None
        self.picker: UnitPicker | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.checklist = ChecklistView(self)
        self.form = BrandForm(ctx, self)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.form)
        self.bar = SaveBar(self)
        self.status = self.bar.status
        self.undo_button = self.bar.undo_button
        self.save_button = self.bar.save_button
        self.undo_button.clicked.connect(self.undo)
        self.save_button.clicked.connect(self.save)
        self.form.edited.connect(self._edited)
        self.form.nameEdited.connect(self.check_name)
        self.form.unitChangeRequested.connect(self.pick_unit)
        self._build()
        self.controls = ReadOnlyControls(
            writes=[self.undo_button, self.save_button, *inputs_of(self.form)]
        )
        self.show_brand(None)

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Make every field read-only and lock 保存 and 撤销."""
        self.controls.set_read_only(read_only, allow_reports=allow_reports)

    def _build(self) -> None:
        page = QWidget(self)
        stack(page, self.title, self.checklist, (self.scroll_area, 1), self.bar.row, flush=True)
        self.stack = placeholder_stack(
            self, "请在左侧登记簿中选择一个品牌，或点击“新建品牌…”。", page
        )

    # -- loading -------------------------------------------------------------
    def brand_id(self) -> int | None:
        """Return the id of the brand shown."""
        return None if self._row is None else self._row.id

    def row(self) -> BrandRow | None:
        """Return the stored row of the brand shown."""
        return self._row

    def show_brand(self, brand_id: int | None) -> None:
        """Load a brand (no unsaved-changes check: the page does that)."""
        row = stored_or_none(self.brands.get, brand_id)
        self._row = row
        self._before_save = None
        self.status.clear()
        self.stack.setCurrentIndex(0 if row is None else 1)
        if row is not None:
            self._baseline = snapshot_of(row, self.brands.carriers(row.id))
            self._show_snapshot(self._baseline)
        else:
            self._baseline = None
        self._update_buttons()

    def reload(self) -> None:
        """Re-read the brand shown, dropping unsaved edits."""
        self.show_brand(self.brand_id())

    def refresh_row(self) -> None:
        """Take the stored row again (after a life-cycle step) keeping unsaved edits."""
        if self._row is None:
            return
        try:
            self._row = self.brands.get(self._row.id)
        except NotFoundError:
            self.show_brand(None)
            return
        self.title.setText(self._row.name)
        self.form.status_label.setText(status_text(self._row))

    def _save_bar(self) -> SaveBar:
        return self.bar

    def _show_snapshot(self, snap: Snapshot) -> None:
        assert self._row is not None
        self.title.setText(self._row.name)
        self.form.load(snap, self._unit_path(snap.draft.org_id), status_text(self._row))
        self._refresh_checklist(snap)
        self._update_buttons()

    def _unit_path(self, org_id: int) -> str:
        try:
            return " / ".join(self.orgs.path_of(org_id))
        except NotFoundError:
            return f"（编号 {org_id} 的单位已不存在）"

    # -- editing -------------------------------------------------------------
    def current(self) -> Snapshot | None:
        """Return what the widgets hold now."""
        return None if self._row is None else self.form.snapshot()

    def check_name(self, name: str) -> str | None:
        """Check the name as typed and show the message next to the field."""
        message = name_message(self.brands, name, self.brand_id())
        self.form.name_error.set_message(message)
        return message

    def _edited(self) -> None:
        snap = self.current()
        if snap is not None:
            self._refresh_checklist(snap)
        self._update_buttons()

    def _refresh_checklist(self, snap: Snapshot) -> None:
        if self._row is None:
            return
        d = snap.draft
        probe = replace(
            self._row,
            name=d.name,
            logo_text=d.logo_text,
            logo_attachment_id=1 if snap.logo.has_image else None,
            theme=d.theme,
            connotation=d.connotation,
            concept=d.concept,
            role_played=d.role_played,
        )
        self.checklist.set_requirements(checklist(probe))

    def save(self) -> bool:
        """Save the fields and the logo; refusals are shown next to the fields.

        Returns:
            True when everything was stored (or nothing needed storing).
        """
        current, baseline, row = self.current(), self._baseline, self._row
        if current is None or baseline is None or row is None or current == baseline:
            return True
        self.form.clear_errors()
        try:
            if current.draft != baseline.draft:
                row = self.brands.update(row.id, row.version, current.draft)
            if current.logo != baseline.logo:
                logo = current.logo
                if logo.data is not None:
                    row = brand_view.store_logo(self.ctx, row.id, logo.data, logo.mime)
                else:
                    row = self.brands.set_logo(row.id, logo.attachment_id)
        except StaleEditError as exc:
            messages.warn(self, "内容已被他人修改", f"{exc}\n\n表单已重新载入最新内容。")
            self.reload()
            self.reloaded.emit(self._row)
            return False
        except KnownError as exc:
            self.form.show_error(exc)
            if isinstance(exc, ValidationError) and row is not self._row:
                self._stored(row, replace(current, logo=baseline.logo), baseline)
            return False
        self._stored(row, current, baseline)
        self.status.setText("已保存")
        return True

    def _stored(self, row: BrandRow, now: Snapshot, before: Snapshot) -> None:
        self._row = row
        # A new image is an attachment now: compare it by id from here on.
        self._baseline = snapshot_of(row, now.draft.carriers)
        self._before_save = before
        if now.logo != self._baseline.logo:
            self.form.logo.set_value(self._baseline.logo, now.draft.logo_text)
        self.title.setText(row.name)
        self.form.status_label.setText(status_text(row))
        self._update_buttons()
        self.saved.emit(row)

    def pick_unit(self) -> None:
        """Choose another owning unit (window-modal picker)."""
        if self._row is None:
            return
        picker = UnitPicker(self.ctx, self, "更改所属单位", f"品牌“{self._row.name}”属于：")
        self.picker = picker.ask(
            lambda org_id: self.form.set_unit(org_id, self._unit_path(org_id)),
            select=self.form.snapshot().draft.org_id,
        )
