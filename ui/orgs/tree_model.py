"""The organisation tree as a lazy item model: children load when a unit is expanded."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    Qt,
    Signal,
)

from brandoffice.errors import KnownError
from brandoffice.model.vocab import BrandStatus
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
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
    cell,
    pack_ids,
    unpack_ids,
)
from ui.roles import ROOT, ROW_ROLE, AnyIndex

__all__ = ["BRANDS", "GRADE", "HEADERS", "KIND", "MEMBERS", "NAME", "SECTOR", "OrgTreeModel"]


@dataclass(eq=False, slots=True)
class _Node:
    """One unit in the model; ``children`` stays None until fetched."""

    row: OrgRow | None
    parent: _Node | None
    child_count: int = 0
    children: list[_Node] | None = None

    @property
    def org_id(self) -> int | None:
        return None if self.row is None else self.row.id


_READ_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDIT_FLAGS = _READ_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
_NAME_FLAGS = _EDIT_FLAGS | Qt.ItemFlag.ItemIsEditable
_ROOT_FLAGS = Qt.ItemFlag.ItemIsDropEnabled


def _order_key(row: OrgRow) -> tuple[int, int]:
    return (row.sort_order, row.id)


class OrgTreeModel(QAbstractItemModel):
    """Lazy tree over ``OrgRow`` rows; edits go through ``OrgService``.

    Signals:
        refused: A Chinese message when the service refused an edit (the page shows it).
        moveStarting: Units are about to move (the view's current row may change).
        moveFinished: The ids that moved (possibly none).

    Attributes:
        guard: Called with the ids about to move; returning False cancels the move
            (the page asks to save unsaved edits of a moved unit first).
    """

    refused = Signal(str)
    moveStarting = Signal()
    moveFinished = Signal(list)

    def __init__(self, ctx: AppContext, parent: Any = None, *, editable: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.orgs = OrgService(ctx)
        self.editable = editable
        self.guard: Callable[[list[int]], bool] = lambda _ids: True
        self._root = _Node(None, None)
        self._nodes: dict[int, _Node] = {}
        self._counts: dict[int, int] = {}
        self._brands: dict[int, list[str]] = {}
        self.reload()

    # -- loading -------------------------------------------------------------
    def reload(self) -> None:
        """Forget everything and load the top level, child counts and brand names."""
        self.beginResetModel()
        self._counts = self.orgs.child_counts()
        self._brands = self._brand_names()
        self._nodes = {}
        self._root = _Node(None, None)
        self._root.children = self._make_nodes(self._root, self.orgs.children(None))
        self._root.child_count = len(self._root.children)
        self.endResetModel()

    def _brand_names(self) -> dict[int, list[str]]:
        # One query for every unit's brands, instead of one per row in data().
        names: dict[int, list[str]] = defaultdict(list)
        for brand in BrandService(self.ctx).all_rows():
            if brand.status != BrandStatus.WITHDRAWN.value:
                names[brand.org_id].append(brand.name)
        return dict(names)

    def _make_nodes(self, parent: _Node, rows: Iterable[OrgRow]) -> list[_Node]:
        made = []
        for row in rows:
            node = _Node(row, parent, self._counts.get(row.id, 0))
            self._nodes[row.id] = node
            made.append(node)
        return made

    def child_count(self, parent: AnyIndex) -> int:
        """Return how many children a unit has in the database, loaded or not."""
        node = self._node(parent)
        return len(node.children) if node.children is not None else node.child_count

    def loaded_count(self) -> int:
        """Return how many units are loaded (for tests and timings)."""
        return len(self._nodes)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        """Tell whether ``parent`` has children not loaded yet."""
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return node.children is None and node.child_count > 0

    def fetchMore(self, parent: AnyIndex) -> None:
        """Load the children of ``parent`` with one query."""
        node = self._node(parent)
        if node.children is not None:
            return
        self._counts = self.orgs.child_counts()
        rows = self.orgs.children(node.org_id)
        index = self._index_of(node)
        if not rows:
            node.children, node.child_count = [], 0
            self.dataChanged.emit(index, index)
            return
        self.beginInsertRows(index, 0, len(rows) - 1)
        node.children = self._make_nodes(node, rows)
        node.child_count = len(rows)
        self.endInsertRows()

    # -- structure -----------------------------------------------------------
    def _node(self, index: AnyIndex) -> _Node:
        if not index.isValid():
            return self._root
        return self._nodes[index.internalId()]

    def _row_of(self, node: _Node) -> int:
        assert node.parent is not None and node.parent.children is not None
        return node.parent.children.index(node)

    def _index_of(self, node: _Node, column: int = 0) -> QModelIndex:
        if node.row is None:
            return QModelIndex()
        return self.createIndex(self._row_of(node), column, node.row.id)

    def index(self, row: int, column: int, parent: AnyIndex = ROOT) -> QModelIndex:
        """Return the index of a child of ``parent``."""
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._node(parent).children or ()
        if not (0 <= row < len(children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, children[row].org_id)

    def parent(self, index: AnyIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        """Return the parent of ``index`` (invalid for top-level units)."""
        if not index.isValid():
            return QModelIndex()
        parent = self._nodes[index.internalId()].parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self._index_of(parent)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        """Return how many children of ``parent`` are loaded."""
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children or [])

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        """Return the number of columns."""
        return len(HEADERS)

    def hasChildren(self, parent: AnyIndex = ROOT) -> bool:
        """Tell whether ``parent`` has children, loaded or not."""
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return bool(node.children) if node.children is not None else node.child_count > 0

    # -- data ----------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the Chinese column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the text, icon, colour, row or sort value of a cell."""
        if not index.isValid():
            return None
        row = self._nodes[index.internalId()].row
        assert row is not None
        if role == ROW_ROLE:
            return row
        return cell(row, index.column(), role, self._brands.get(row.id, []))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Units can be selected, dragged, dropped on and renamed in place."""
        # Precomputed: views ask for flags of every row when a big unit expands.
        if not index.isValid():
            return _ROOT_FLAGS if self.editable else Qt.ItemFlag.NoItemFlags
        if not self.editable:
            return _READ_FLAGS
        return _NAME_FLAGS if index.column() == NAME else _EDIT_FLAGS

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Rename a unit through the service; a refusal is emitted as ``refused``."""
        if not index.isValid() or index.column() != NAME or role != Qt.ItemDataRole.EditRole:
            return False
        node = self._nodes[index.internalId()]
        assert node.row is not None
        name = str(value).strip()
        if name == node.row.name:
            return False
        try:
            row = self.orgs.rename(node.row.id, name)
        except KnownError as exc:
            self.refused.emit(str(exc))
            return False
        self.update_rows([row])
        return True

    # -- drag and drop -------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        """Return the one type the tree drags: a JSON list of unit ids."""
        return [MIME_TYPE]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        """Pack the ids of the dragged units."""
        return pack_ids(list(dict.fromkeys(i.internalId() for i in indexes if i.isValid())))

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
        target = self._node(parent).org_id
        return self.editable and bool(ids) and target not in ids

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Move the dropped units under ``parent`` (between rows or onto it)."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        return self.move_units(unpack_ids(data), self._node(parent).org_id)

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
        parent = self._root if row.parent_id is None else self._nodes.get(row.parent_id)
        if parent is None:
            return
        self._insert(parent, row)

    def remove_org(self, org_id: int) -> None:
        """Drop a unit the service has just deleted."""
        node = self._nodes.get(org_id)
        if node is None or node.parent is None:
            return
        self._take(node)
        node.parent.child_count -= 1

    def update_rows(self, rows: Iterable[OrgRow]) -> None:
        """Show saved rows: ``dataChanged`` for edits, a move when the parent changed."""
        for row in rows:
            node = self._nodes.get(row.id)
            if node is None or node.row is None:
                continue
            if node.row.parent_id != row.parent_id:
                self._relocate(row.id, row)
                continue
            node.row = row
            first = self._index_of(node)
            self.dataChanged.emit(first, first.siblingAtColumn(len(HEADERS) - 1))

    def refresh_ids(self, org_ids: Iterable[int]) -> None:
        """Re-read loaded units (after a bulk edit) with one query per parent."""
        wanted = {i for i in org_ids if i in self._nodes}
        parents = {self._nodes[i].parent.org_id for i in wanted}  # type: ignore[union-attr]
        fresh = [r for p in parents for r in self.orgs.children(p) if r.id in wanted]
        self.update_rows(fresh)

    def _relocate(self, org_id: int, row: OrgRow) -> None:
        node = self._nodes.get(org_id)
        target = self._root if row.parent_id is None else self._nodes.get(row.parent_id)
        if node is None:
            if target is not None:
                self._insert(target, row)
            return
        old = node.parent
        assert old is not None and old.children is not None
        if old is target:
            node.row = row
            return
        if target is not None and target.children is not None:
            src = self._row_of(node)
            dest = self._position(target, row)
            self.beginMoveRows(self._index_of(old), src, src, self._index_of(target), dest)
            old.children.pop(src)
            target.children.insert(dest, node)
            node.parent, node.row = target, row
            old.child_count -= 1
            target.child_count += 1
            self.endMoveRows()
            return
        self._take(node)
        old.child_count -= 1
        if target is not None:
            target.child_count += 1
            self.fetchMore(self._index_of(target))

    def _insert(self, parent: _Node, row: OrgRow) -> None:
        if parent.children is None:
            parent.child_count += 1
            self.fetchMore(self._index_of(parent))
            return
        pos = self._position(parent, row)
        self.beginInsertRows(self._index_of(parent), pos, pos)
        node = _Node(row, parent, 0)
        node.children = []
        self._nodes[row.id] = node
        parent.children.insert(pos, node)
        parent.child_count += 1
        self.endInsertRows()

    def _take(self, node: _Node) -> None:
        parent = node.parent
        assert parent is not None and parent.children is not None
        pos = self._row_of(node)
        self.beginRemoveRows(self._index_of(parent), pos, pos)
        parent.children.pop(pos)
        for gone in self._subtree(node):
            self._nodes.pop(gone.org_id, None)  # type: ignore[arg-type]
        self.endRemoveRows()

    def _subtree(self, node: _Node) -> Iterator[_Node]:
        yield node
        for child in node.children or []:
            yield from self._subtree(child)

    @staticmethod
    def _position(parent: _Node, row: OrgRow) -> int:
        keys = [_order_key(c.row) for c in parent.children or [] if c.row is not None]
        return bisect.bisect(keys, _order_key(row))

    # -- lookups -------------------------------------------------------------
    def index_for_id(self, org_id: int, column: int = 0) -> QModelIndex:
        """Return the index of a loaded unit, or an invalid index."""
        node = self._nodes.get(org_id)
        return QModelIndex() if node is None else self._index_of(node, column)

    def reveal_path(self, chain: list[int]) -> QModelIndex:
        """Fetch lazily along ``chain`` (root first) and return the last unit's index."""
        index = QModelIndex()
        for org_id in chain:
            if org_id not in self._nodes and self.canFetchMore(index):
                self.fetchMore(index)
            index = self.index_for_id(org_id)
            if not index.isValid():
                return QModelIndex()
        return index

    def row_for(self, index: AnyIndex) -> OrgRow | None:
        """Return the ``OrgRow`` of an index (any column)."""
        return self._nodes[index.internalId()].row if index.isValid() else None
