"""The 创建活动记录 tab of the unit panel: a year, a list of record kinds and the chosen kind."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brandoffice.kinds import KINDS
from brandoffice.services.context import AppContext
from brandoffice.services.rows import OrgRow
from ui.orgs.records.common import RecordTab
from ui.orgs.runner import Runner
from ui.readonly import set_writable
from ui.widgets import spin_box

PAGES: tuple[tuple[str, Callable[..., RecordTab]], ...] = tuple(
    (k.label, k.hook("tab")) for k in KINDS if k.tab is not None
)
"""The record kinds with a tab of their own, in the registry's order."""
READING = "打开"
"""Buttons starting with this only read (打开材料, 打开文件): they stay in read-only mode."""


class RecordsPanel(QWidget):
    """Every campaign record of the selected unit, one kind at a time.

    Only the kind shown is read, and only while the panel is visible: choosing
    units in the tree costs nothing until the clerk opens this tab.

    Signals:
        unitChanged(): A record written here changed the unit's own row (its grade).
    """

    unitChanged = Signal()

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.org: OrgRow | None = None
        self.year_spin = spin_box(self, 2000, 2100, ctx.today().year, " 年度")
        self.year_spin.valueChanged.connect(lambda _y: self._scope_changed())
        self.kinds = QListWidget(self)
        self.stack = QStackedWidget(self)
        self.tabs: dict[str, RecordTab] = {}
        for title, kind in PAGES:
            tab = kind(ctx, runner, self.stack)
            tab.unitChanged.connect(self.unitChanged)
            self.tabs[title] = tab
            self.stack.addWidget(tab)
            self.kinds.addItem(title)
        self.kinds.setFixedWidth(max(self.kinds.sizeHintForColumn(0) + 24, 120))
        self.kinds.currentRowChanged.connect(self._kind_chosen)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度：", self))
        top.addWidget(self.year_spin)
        top.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.kinds)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.kinds.setCurrentRow(0)

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock every tab's buttons that write; a double click then opens no form either."""
        for tab in self.tabs.values():
            writes = [b for text, b in tab.buttons.items() if not text.startswith(READING)]
            set_writable(writes, not read_only)

    def year(self) -> int:
        """Return the year shown."""
        return self.year_spin.value()

    def set_org(self, org: OrgRow | None) -> None:
        """Show the records of a unit (read when the panel is visible)."""
        self.org = org
        self._scope_changed()

    def show_kind(self, title: str) -> RecordTab:
        """Bring one kind to front (by its list title) and return its tab."""
        self.kinds.setCurrentRow([t for t, _k in PAGES].index(title))
        return self.tabs[title]

    def current(self) -> RecordTab:
        """Return the tab shown."""
        widget = self.stack.currentWidget()
        assert isinstance(widget, RecordTab)
        return widget

    def _scope_changed(self) -> None:
        for tab in self.tabs.values():
            tab.set_scope(self.org, self.year())
        if self.isVisible():
            self.current().ensure_loaded()

    def _kind_chosen(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        if self.isVisible():
            self.current().ensure_loaded()

    def showEvent(self, event: QShowEvent) -> None:
        """Read the kind shown when the panel comes into view."""
        super().showEvent(event)
        self.current().ensure_loaded()
