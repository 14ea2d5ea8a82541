"""The organisation tree as a lazy item model: children load when a unit is expanded.

The cells are ``QStandardItem`` objects filled once per loaded level, so painting and
scrolling the tree read them in Qt without calling Python: a view asks thousands of
``index``/``parent``/``data``/``flags`` questions per paint, and each one answered in
Python cost about a microsecond (a third of the time to open a district's tree).
Python keeps what Qt cannot: which units are loaded, which have children not read
yet, and every edit goes through ``OrgService``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from brandoffice.errors import KnownError
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.orgs_tree import OrgTreeService, TreeRow
from brandoffice.services.rows import OrgRow
from ui.orgs.tree_cells import (
    BRANDS,
    GRADE,
    HEADERS,
    KIND,
    MEMBERS,
    MIME_TYPE,
    NAME,
    SECTOR,
    cell_flags,
    fill_cells,
    make_cells,
    pack_ids,
    unpack_ids,
)
from ui.roles import ROOT, ROW_ROLE, AnyIndex

__all__ = ["BRANDS", "GRADE", "HEADERS", "KIND", "MEMBERS", "NAME", "SECTOR", "OrgTreeModel"]

_COLUMNS = len(HEADERS)
_EDIT = Qt.ItemDataRole.EditRole


@dataclass(eq=False, slots=True)
class _Unit:
    """A loaded unit: its row, its name cell and whether its children are loaded."""

    row: OrgRow
    brands: tuple[str, ...]
    item: QStandardItem
    has_children: bool
    fetched: bool = False


def _order_key(row: OrgRow) -> tuple[int, int]:
    return (row.sort_order, row.id)


class OrgTreeModel(QStandardItemModel):
    """Lazy tree of units (``ROW_ROLE`` of the name cell is the ``OrgRow``).

    Signals:
        refused: A Chinese message when the service refused an edit (the page shows it).
        moveStarting: Units are about to move (the view's current row may change).
        moveFinished: The ids that moved (possibly none).

    Attributes:
        guard: Called with the ids about to move; returning False cancels the move
            (the page asks to save unsaved edits of a moved unit first).
        open_roots: Load the roots' children with the roots when there are at most
            this many roots ...
        open_limit: ... for each root with at most this many children.
    """

    refused = Signal(str)
    moveStarting = Signal()
    moveFinished = Signal(list)

    def __init__(
        self,
        ctx: AppContext,
        parent: Any = None,
        *,
        editable: bool = True,
        open_roots: int = 0,
        open_limit: int = 0,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.orgs = OrgService(ctx)
        self.levels = OrgTreeService(ctx)
        self.open_roots, self.open_limit = open_roots, open_limit
        self.guard: Callable[[list[int]], bool] = lambda _ids: True
        self._editable = editable
        self._units: dict[int, _Unit] = {}
        # Kept for the model's life: PySide ties the Python side of every cell inserted
        # under an item to that item's wrapper, and a temporary wrapper of the invisible
        # root dropped after an insert took the new unit's cells with it ("already
        # deleted"). The model is never cleared, so this root stays the root.
        self._root = self.invisibleRootItem()
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.reload()

    # -- loading -------------------------------------------------------------
    def reload(self) -> None:
        """Forget everything and load the top level, in one session for the first view.

        The children of the top units are loaded too when there are at most
        ``open_roots`` of them, for each with at most ``open_limit`` children.
        """
        top = self.levels.top(self.open_roots, self.open_limit)
        # Rows go, the columns stay: the view keeps its column widths (clear() would
        # drop the columns and the header would fall back to its default widths).
        self._root.removeRows(0, self._root.rowCount())
        self._units = {}
        self._set_root_flags()
        for tree_row in top.roots:
            cells = self._adopt(tree_row)
            below = top.children.get(tree_row.org.id)
            if below is not None:
                # Filled before the row joins the model: one insert signal per root.
                self._units[tree_row.org.id].fetched = True
                for child in below:
                    cells[NAME].appendRow(self._adopt(child))
            self._root.appendRow(cells)

    def _adopt(self, tree_row: TreeRow) -> list[QStandardItem]:
        cells = make_cells(tree_row.org, tree_row.brands, self._editable)
        unit = _Unit(tree_row.org, tree_row.brands, cells[NAME], tree_row.has_children)
        self._units[tree_row.org.id] = unit
        return cells

    def child_count(self, parent: AnyIndex) -> int:
        """Return how many children a unit has in the database, loaded or not."""
        if not parent.isValid():
            return self.rowCount()
        unit = self._unit_at(parent)
        if unit is None:
            return 0
        if unit.fetched:
            return unit.item.rowCount()
        return self.levels.child_count(unit.row.id) if unit.has_children else 0

    def loaded_count(self) -> int:
        """Return how many units are loaded (for tests and timings)."""
        return len(self._units)

    def hasChildren(self, parent: AnyIndex = ROOT) -> bool:
        """Tell whether ``parent`` has children, loaded or not."""
        if parent.column() == 0:
            unit = self._unit_at(parent)
            if unit is not None and not unit.fetched:
                return unit.has_children
        return super().hasChildren(parent)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        """Tell whether ``parent`` has children not loaded yet."""
        if parent.column() != 0:
            return False
        unit = self._unit_at(parent)
        return unit is not None and not unit.fetched and unit.has_children

    def fetchMore(self, parent: AnyIndex) -> None:
        """Load the children of ``parent`` (one session, two queries)."""
        unit = self._unit_at(parent)
        if unit is None or unit.fetched:
            return
        rows = self.levels.level(unit.row.id)
        unit.fetched, unit.has_children = True, bool(rows)
        if not rows:
            index = unit.item.index()
            self.dataChanged.emit(index, index)  # the expander goes away
            return
        for tree_row in rows:
            unit.item.appendRow(self._adopt(tree_row))

    # -- lookups -------------------------------------------------------------
    def _unit_at(self, index: AnyIndex) -> _Unit | None:
        if index.column() < 0:
            return None
        row = (index if index.column() == NAME else index.sibling(index.row(), NAME)).data(ROW_ROLE)
        return None if row is None else self._units.get(row.id)

    def _container(self, unit: _Unit | None) -> QStandardItem:
        """Return the item holding a unit's children (the invisible root for None)."""
        return self._root if unit is None else unit.item

    def _parent_item(self, unit: _Unit) -> QStandardItem:
        return unit.item.parent() or self._root

    def index_for_id(self, org_id: int, column: int = 0) -> QModelIndex:
        """Return the index of a loaded unit, or an invalid index."""
        unit = self._units.get(org_id)
        if unit is None:
            return QModelIndex()
        index = unit.item.index()
        return index if column == NAME else index.siblingAtColumn(column)

    def reveal_path(self, chain: list[int]) -> QModelIndex:
        """Fetch lazily along ``chain`` (root first) and return the last unit's index."""
        index = QModelIndex()
        for org_id in chain:
            if org_id not in self._units and self.canFetchMore(index):
                self.fetchMore(index)
            index = self.index_for_id(org_id)
            if not index.isValid():
                return QModelIndex()
        return index

    def row_for(self, index: AnyIndex) -> OrgRow | None:
        """Return the ``OrgRow`` of an index (any column)."""
        unit = self._unit_at(index)
        return None if unit is None else unit.row

    # -- read-only -----------------------------------------------------------
    @property
    def editable(self) -> bool:
        """Units can be renamed, dragged and dropped on (False in read-only mode)."""
        return self._editable

    @editable.setter
    def editable(self, editable: bool) -> None:
        if editable == self._editable:
            return
        self._editable = editable
        self._set_root_flags()
        for unit in self._units.values():
            parent, row = self._parent_item(unit), unit.item.row()
            for column in range(_COLUMNS):
                parent.child(row, column).setFlags(cell_flags(column, editable))

    def _set_root_flags(self) -> None:
        # Dropping on the empty area below the units makes them top-level units.
        root = Qt.ItemFlag.ItemIsDropEnabled if self._editable else Qt.ItemFlag.NoItemFlags
        self._root.setFlags(root)

    # -- edits through the view ----------------------------------------------
    def setData(self, index: AnyIndex, value: Any, role: int = _EDIT) -> bool:
        """Rename a unit through the service; a refusal is emitted as ``refused``."""
        unit = self._unit_at(index)
        if unit is None or index.column() != NAME or role != _EDIT:
            return False
        name = str(value).strip()
        if name == unit.row.name:
            return False
        try:
            row = self.orgs.rename(unit.row.id, name)
        except KnownError as exc:
            self.refused.emit(str(exc))
            return False
        self.update_rows([row])
        return True

    def removeRows(self, row: int, count: int, parent: AnyIndex = ROOT) -> bool:
        """Refuse: units leave the tree only through the service (not a view's move)."""
        return False

    def mimeTypes(self) -> list[str]:
        """Return the one type the tree drags: a JSON list of unit ids."""
        return [MIME_TYPE]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        """Pack the ids of the dragged units."""
        rows = (self.row_for(i) for i in indexes)
        return pack_ids(list(dict.fromkeys(r.id for r in rows if r is not None)))

    def supportedDropActions(self) -> Qt.DropAction:
        """Units are moved, never copied."""
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        """Units are moved, never copied."""
        return Qt.DropAction.MoveAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Accept unit ids dropped anywhere but on themselves."""
        ids = unpack_ids(data)
        target = self.row_for(parent)
        return self._editable and bool(ids) and (target is None or target.id not in ids)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Move the dropped units under ``parent`` (between rows or onto it)."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self.row_for(parent)
        return self.move_units(unpack_ids(data), None if target is None else target.id)

    # -- edits ---------------------------------------------------------------
    def move_units(self, org_ids: list[int], new_parent_id: int | None) -> bool:
        """Move units through the service and into place; stops at the first refusal."""
        if not org_ids or not self.guard(org_ids):
            return False
        moved: list[int] = []
        self.moveStarting.emit()
        try:
            for org_id in org_ids:
                try:
                    row = self.orgs.move(org_id, new_parent_id)
                except KnownError as exc:
                    self.refused.emit(str(exc))
                    return False
                self._relocate(org_id, row)
                moved.append(org_id)
        finally:
            self.moveFinished.emit(moved)
        return True

    def add_org(self, row: OrgRow) -> None:
        """Show a unit the service has just created."""
        parent = None if row.parent_id is None else self._units.get(row.parent_id)
        if row.parent_id is None or parent is not None:
            self._insert(parent, TreeRow(row, False, ()))

    def remove_org(self, org_id: int) -> None:
        """Drop a unit the service has just deleted."""
        unit = self._units.get(org_id)
        if unit is not None:
            self._take(unit)

    def update_rows(self, rows: Iterable[OrgRow]) -> None:
        """Show saved rows in their cells; a unit whose parent changed moves."""
        for row in rows:
            unit = self._units.get(row.id)
            if unit is None:
                continue
            if unit.row.parent_id != row.parent_id:
                self._relocate(row.id, row)
                continue
            unit.row = row
            parent, position = self._parent_item(unit), unit.item.row()
            fill_cells([parent.child(position, c) for c in range(_COLUMNS)], row, unit.brands)

    def refresh_ids(self, org_ids: Iterable[int]) -> None:
        """Re-read loaded units (after a bulk edit) with one query per parent."""
        wanted = {i for i in org_ids if i in self._units}
        parents = {self._units[i].row.parent_id for i in wanted}
        fresh = [r for p in parents for r in self.orgs.children(p) if r.id in wanted]
        self.update_rows(fresh)

    def _relocate(self, org_id: int, row: OrgRow) -> None:
        unit = self._units.get(org_id)
        target = None if row.parent_id is None else self._units.get(row.parent_id)
        if row.parent_id is not None and target is None:  # the new parent is not loaded
            if unit is not None:
                self._take(unit)
            return
        if unit is None:  # moved here from a unit not loaded
            moved = self.levels.unit(org_id)
            if moved is not None:
                self._insert(target, moved)
            return
        if unit.row.parent_id == row.parent_id:
            self.update_rows([row])
            return
        if target is not None and not target.fetched:
            self._take(unit)
            target.has_children = True
            self.fetchMore(target.item.index())  # reads the unit with its new siblings
            return
        # Taken out with its loaded subtree and put back in place (remove, then insert:
        # the items stay, a moved unit that was open shows closed).
        cells = self._parent_item(unit).takeRow(unit.item.row())
        unit.row = row
        fill_cells(cells, row, unit.brands)
        self._place(target, cells)

    def _insert(self, parent: _Unit | None, tree_row: TreeRow) -> None:
        """Show a unit under ``parent`` (a parent not loaded reads it with its siblings)."""
        if parent is not None and not parent.fetched:
            parent.has_children = True
            self.fetchMore(parent.item.index())
            return
        cells = self._adopt(tree_row)
        self._units[tree_row.org.id].fetched = not tree_row.has_children
        self._place(parent, cells)

    def _place(self, parent: _Unit | None, cells: list[QStandardItem]) -> None:
        container = self._container(parent)
        container.insertRow(self._position(container, cells[NAME].data(ROW_ROLE)), cells)
        if parent is not None:
            parent.has_children = True

    def _take(self, unit: _Unit) -> None:
        parent, position = self._parent_item(unit), unit.item.row()
        self._forget(unit.item)
        parent.removeRow(position)

    def _forget(self, item: QStandardItem) -> None:
        for position in range(item.rowCount()):
            self._forget(item.child(position, NAME))
        self._units.pop(item.data(ROW_ROLE).id, None)

    @staticmethod
    def _position(container: QStandardItem, row: OrgRow) -> int:
        keys = [
            _order_key(container.child(r, NAME).data(ROW_ROLE)) for r in range(container.rowCount())
        ]
        return bisect.bisect(keys, _order_key(row))
