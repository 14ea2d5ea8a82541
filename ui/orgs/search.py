"""Search-as-you-type over units and members, in the database, with a result popup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListView, QWidget

from brandoffice.idcard import mask_id_number, mask_phone
from brandoffice.services.context import AppContext
from brandoffice.services.search import quick_search
from ui.orgs.widgets import kind_icon
from ui.roles import ROOT, ROW_ROLE, AnyIndex

DEBOUNCE_MS = 200
ORG_HIT, MEMBER_HIT = "组织", "党员"
HIT_ROLE = ROW_ROLE


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result; ``detail`` never holds an unmasked number."""

    kind: str
    id: int
    title: str
    detail: str
    org_kind: str | None = None


def search_hits(
    ctx: AppContext, text: str, *, members: bool = True, limit: int = 20
) -> list[SearchHit]:
    """Return what :func:`~brandoffice.services.search.quick_search` finds as hits, units first."""
    units, members_found = quick_search(ctx, text, members=members, limit=limit)
    hits = [
        SearchHit(ORG_HIT, u.id, u.name, " · ".join(filter(None, (u.kind, u.sector))), u.kind)
        for u in units
    ]
    for m in members_found:
        parts = (mask_phone(m.phone), mask_id_number(m.id_number), m.unit_name)
        hits.append(SearchHit(MEMBER_HIT, m.id, m.name, " · ".join(filter(None, parts))))
    return hits


class HitModel(QAbstractListModel):
    """Search results; shows a disabled hint row when nothing was found."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._empty_text = ""

    def set_hits(self, hits: list[SearchHit], empty_text: str = "") -> None:
        """Replace the results (a reset: every search is a new list)."""
        self.beginResetModel()
        self._hits = list(hits)
        self._empty_text = "" if hits else empty_text
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        """Return the current results."""
        return list(self._hits)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        """Return the number of results (one hint row when empty)."""
        if parent.isValid():
            return 0
        return len(self._hits) or (1 if self._empty_text else 0)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the text, icon or hit of a row."""
        if not index.isValid():
            return None
        if not self._hits:
            return self._empty_text if role == Qt.ItemDataRole.DisplayRole else None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"【{hit.kind}】{hit.title}　{hit.detail}"
        if role == Qt.ItemDataRole.DecorationRole and hit.org_kind:
            return kind_icon(hit.org_kind)
        if role == HIT_ROLE:
            return hit
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Hits are selectable; the hint row is not."""
        if not index.isValid() or not self._hits:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SearchBox(QWidget):
    """A line edit that searches 200 ms after the last key and lists results below it.

    Signals:
        orgChosen: The id of the chosen unit.
        memberChosen: The id of the chosen member.
    """

    orgChosen = Signal(int)
    memberChosen = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(
            "搜索组织或党员：名称、拼音首字母（如 xfyz）、手机号或身份证号的一部分"
        )
        self.edit.setClearButtonEnabled(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.model = HitModel(self)
        self.popup = QListView(self)
        self.popup.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setModel(self.model)
        self.popup.setUniformItemSizes(True)
        self.popup.clicked.connect(self._choose)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.edit.textEdited.connect(lambda _text: self.timer.start())
        self.edit.installEventFilter(self)

    def run_search(self) -> None:
        """Query the database now and show the results (hide the popup for empty text)."""
        text = self.edit.text().strip()
        if not text:
            self.model.set_hits([])
            self.popup.hide()
            return
        self.model.set_hits(search_hits(self.ctx, text), "未找到匹配的组织或党员")
        self.popup.setCurrentIndex(self.model.index(0, 0))
        self._show_popup()

    def _show_popup(self) -> None:
        rows = min(self.model.rowCount(), 12)
        height = max(rows, 1) * max(self.popup.sizeHintForRow(0), 20) + 6
        self.popup.resize(max(self.edit.width(), 480), height)
        self.popup.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.popup.show()

    def choose_row(self, row: int) -> None:
        """Choose the result in ``row`` as if it was clicked."""
        self._choose(self.model.index(row, 0))

    def _choose(self, index: QModelIndex) -> None:
        hit = self.model.data(index, HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return
        self.popup.hide()
        if hit.kind == ORG_HIT:
            self.orgChosen.emit(hit.id)
        else:
            self.memberChosen.emit(hit.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Steer the popup with the arrow keys, Enter and Escape while typing."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event.key())
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(200, self._hide_unless_hovered)
        return super().eventFilter(watched, event)

    def _key(self, key: int) -> bool:
        visible = self.popup.isVisible()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and visible:
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.popup.currentIndex().row() + step, self.model.rowCount() - 1))
            self.popup.setCurrentIndex(self.model.index(row, 0))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.timer.isActive():
                self.timer.stop()
                self.run_search()
            self._choose(self.popup.currentIndex())
            return True
        if key == Qt.Key.Key_Escape and visible:
            self.popup.hide()
            return True
        return False

    def _hide_unless_hovered(self) -> None:
        if not self.popup.underMouse() and not self.edit.hasFocus():
            self.popup.hide()

    def hideEvent(self, event: Any) -> None:
        """Close the popup with the page."""
        self.popup.hide()
        super().hideEvent(event)
