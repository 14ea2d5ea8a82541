"""The tree's context menu: add, rename, delete, move and bulk edits of units."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QDialog, QMenu, QTreeView

from brandoffice.errors import KnownError
from brandoffice.model.vocab import Grade, Sector
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.rows import OrgRow
from ui.orgs import dialogs
from ui.orgs.dialogs import NONE_CHOICE, ChoiceDialog, NewOrgDialog
from ui.orgs.picker import UnitPicker
from ui.orgs.tree_model import NAME, OrgTreeModel
from ui.readonly import ReadOnlyControls


class TreeActions(QObject):
    """Runs the tree's edits through ``OrgService`` and keeps the model in step.

    Signals:
        created: Id of a unit just added (the page selects it).
        changed: Ids of units whose stored values changed (the page reloads the detail).
        deleted: Id of a unit just deleted, emitted before its row leaves the model.

    Args:
        guard: Called with the ids about to change; returns False to stop (unsaved edits).

    Attributes:
        controls: The page's read-only switch: while read-only, the menu's entries
            (all of them edits) are shown disabled.
    """

    created = Signal(int)
    changed = Signal(list)
    deleted = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        view: QTreeView,
        model: OrgTreeModel,
        guard: Callable[[list[int]], bool],
    ) -> None:
        super().__init__(view)
        self.ctx = ctx
        self.orgs = OrgService(ctx)
        self.view = view
        self.model = model
        self.guard = guard
        self.dialog: QDialog | None = None
        self.controls = ReadOnlyControls()

    def selected_rows(self) -> list[OrgRow]:
        """Return the selected units (name column), in view order."""
        indexes = self.view.selectionModel().selectedRows(NAME)
        return [r for r in (self.model.row_for(i) for i in indexes) if r is not None]

    def menu(self, pos: QPoint) -> QMenu:
        """Build the context menu for the unit(s) under the cursor."""
        index = self.view.indexAt(pos)
        rows = self.selected_rows()
        clicked = self.model.row_for(index)
        if clicked is not None and clicked.id not in {r.id for r in rows}:
            self.view.setCurrentIndex(index)
            rows = [clicked]
        menu = QMenu(self.view)
        if clicked is None:
            self.controls.lock_transient(
                menu.addAction("新增顶层组织…", lambda: self.add_child(None))
            )
            return menu
        if len(rows) == 1:
            menu.addAction("新增下级组织…", lambda: self.add_child(clicked))
            menu.addAction("重命名", lambda: self.view.edit(index.siblingAtColumn(NAME)))
            menu.addAction("移动到…", lambda: self.move_to(rows))
            menu.addSeparator()
            menu.addAction("删除…", lambda: self.delete(clicked))
            menu.addSeparator()
        else:
            menu.addAction(f"移动 {len(rows)} 个组织到…", lambda: self.move_to(rows))
            menu.addSeparator()
        bulk = menu.addMenu(f"批量设置（{len(rows)} 个组织）")
        bulk.addAction("领域…", lambda: self.bulk_sector(rows))
        bulk.addAction("评定等次…", lambda: self.bulk_grade(rows))
        bulk.addAction("示范点…", lambda: self.bulk_demo(rows))
        self.controls.lock_transient(*menu.actions())
        return menu

    def show_menu(self, pos: QPoint) -> None:
        """Show the context menu at a viewport position."""
        self.menu(pos).exec(self.view.viewport().mapToGlobal(pos))

    # -- single units --------------------------------------------------------
    def add_child(self, parent: OrgRow | None) -> NewOrgDialog:
        """Open the new-unit dialog under ``parent`` (top level for None)."""
        dialog = NewOrgDialog(self.view, parent, self.create)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._created(dialog))
        dialog.open()
        return dialog

    def create(self, draft: OrgDraft) -> OrgRow:
        """Create a unit through the service (raises its refusal)."""
        return self.orgs.create(draft)

    def _created(self, dialog: NewOrgDialog) -> None:
        if dialog.created is not None:
            self.model.add_org(dialog.created)
            self.created.emit(dialog.created.id)

    def delete(self, row: OrgRow) -> bool:
        """Delete a unit after a confirmation; the service's refusal is shown."""
        if not dialogs.confirm(
            self.view, "删除组织", f"确定删除“{row.name}”吗？\n删除后不能恢复。"
        ):
            return False
        try:
            self.orgs.delete(row.id)
        except KnownError as exc:
            dialogs.warn(self.view, str(exc), "不能删除")
            return False
        self.deleted.emit(row.id)
        self.model.remove_org(row.id)
        return True

    def move_to(self, rows: list[OrgRow]) -> UnitPicker:
        """Pick a new parent for the units and move them."""
        names = rows[0].name if len(rows) == 1 else f"{len(rows)} 个组织"
        picker = UnitPicker(self.ctx, self.view, "移动组织", f"把“{names}”移到：", allow_root=True)
        self.dialog = picker
        picker.accepted.connect(lambda: self._move_chosen(picker, rows))
        picker.open()
        return picker

    def _move_chosen(self, picker: UnitPicker, rows: list[OrgRow]) -> None:
        made, target = picker.chosen()
        if made:
            self.model.move_units([r.id for r in rows], target)

    # -- bulk edits ----------------------------------------------------------
    def bulk_sector(self, rows: list[OrgRow]) -> ChoiceDialog:
        """Set the sector of many units."""
        choices: list[tuple[str, object]] = [(s.value, s.value) for s in Sector]
        return self._bulk(rows, "批量设置领域", "领域", [*choices, (NONE_CHOICE, None)], "sector")

    def bulk_grade(self, rows: list[OrgRow]) -> ChoiceDialog:
        """Set the grade of many units."""
        choices: list[tuple[str, object]] = [(g.value, g.value) for g in Grade]
        return self._bulk(
            rows, "批量设置评定等次", "评定等次", [*choices, (NONE_CHOICE, None)], "grade"
        )

    def bulk_demo(self, rows: list[OrgRow]) -> ChoiceDialog:
        """Mark or unmark many units as demonstration points."""
        return self._bulk(
            rows,
            "批量设置示范点",
            "示范点",
            [("设为示范点", True), ("取消示范点", False)],
            "is_demo_point",
        )

    def _bulk(
        self,
        rows: list[OrgRow],
        title: str,
        label: str,
        choices: list[tuple[str, object]],
        field: str,
    ) -> ChoiceDialog:
        dialog = ChoiceDialog(
            self.view, title, f"把所选 {len(rows)} 个组织的{label}设为：", choices
        )
        self.dialog = dialog
        dialog.accepted.connect(
            lambda: self.apply_bulk([r.id for r in rows], field, dialog.value())
        )
        dialog.open()
        return dialog

    def apply_bulk(self, ids: list[int], field: str, value: object) -> bool:
        """Store one field on many units and repaint the loaded ones."""
        if not self.guard(ids):
            return False
        try:
            self.orgs.bulk_update(ids, **{field: value})
        except KnownError as exc:
            dialogs.warn(self.view, str(exc))
            return False
        self.model.refresh_ids(ids)
        self.changed.emit(ids)
        return True
