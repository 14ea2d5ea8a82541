"""The window's shell: navigation, stacked pages, access, cover, remembered layout, careful closing.

The window's parts (actions, flows, safety dialogs) take a :class:`WindowShell`, never
``ui.main_window.MainWindow``, so the window can import them without an import circle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brandoffice.safety.permissions import Action
from brandoffice.services.context import AppContext
from ui import file_dialogs
from ui.safety.access import Access
from ui.safety.banner import Banner, LockCover
from ui.tasks import TaskRunner
from ui.widgets import stack


class SessionControl(Protocol):
    """What the window's parts ask of the sign-in and idle-lock controller."""

    def refresh_access(self) -> None:
        """Read the login settings and the signed-in account again."""

    def lock(self, reason: str) -> None:
        """Lock the window now, saying why."""


PageFactory = Callable[[], QWidget]

log = logging.getLogger(__name__)

APP_TITLE = "党建品牌工作台"
DEFAULT_SIZE = QSize(1280, 800)
PAINT_WAIT_MS = 500
"""Work waiting for the first paint starts at the latest this long after the first show."""


def page_splitters(page: QWidget) -> list[QSplitter]:
    """Return the splitters a page offers for saving (``splitter()`` or ``splitters()``)."""
    if hasattr(page, "splitters"):
        return list(page.splitters())
    if hasattr(page, "splitter"):
        found = page.splitter()
        return [found] if found is not None else []
    return []


class WindowShell(QMainWindow):
    """The window's shell: a navigation list on the left, the pages in a stack on the right.

    Pages are plain widgets added with :meth:`add_page`, or factories that build the
    page when it is first shown (the window opens without importing or building the
    pages it does not show). A page may offer, by duck typing:

    - ``reload()``: re-read its data. Called after imports, undo, restore and the demo
      fill (at once when visible, otherwise when it is next shown).
    - ``reload_on_show = True``: also reload every time the page is shown (home page).
    - ``splitter()`` / ``splitters()``: splitters whose state is remembered.
    - ``has_unsaved_changes()`` and ``save_or_discard() -> bool``: asked before closing,
      importing or restoring; ``save_or_discard`` asks the user (save / discard /
      cancel) and returns False when the user cancelled.
    - ``set_read_only(bool, *, allow_reports=bool)``: leave no way to edit (a database
      opened read-only, the 领导 role) and, without ``allow_reports``, no export or
      printout either; the window's own write actions are disabled either way.

    Attributes:
        access: What the signed-in role and the opened database allow.
        session: The sign-in and idle-lock controller (set by ``ui.app.start``).

    Signals:
        dataChanged(str): The database changed as a whole (``import``, ``undo``,
            ``restore``, ``demo``, ``settings``); pages may connect instead of
            offering ``reload()``.
        pageChanged(str): The key of the page now shown.
    """

    dataChanged = Signal(str)
    pageChanged = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        *,
        runner: TaskRunner | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        file_dialogs.protect_database(ctx.db.path)
        self.runner = runner or TaskRunner(self)
        self.runner.set_parent_widget(self)
        self.settings = settings if settings is not None else QSettings()
        self._keys: list[str] = []
        self._factories: dict[str, PageFactory] = {}
        self._stale: set[str] = set()
        self._shown_once = False
        self._painted = False
        self._after_paint: list[Callable[[], None]] = []
        self._closing_when_idle = False
        self.access = Access()
        self.session: SessionControl | None = None

        self.setWindowTitle(APP_TITLE)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet(
            "QListWidget#navigation { border: none; background: palette(window); }"
            "QListWidget#navigation::item { padding: 8px 6px; }"
            "QListWidget#navigation::item:selected { background: #c0392b; color: white; }"
        )
        self.stack = QStackedWidget()
        content = QWidget()
        layout = QHBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.banner = Banner()
        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(content, 1)
        self.cover = LockCover()
        self.cover.hide()
        central = QWidget()
        stack(central, (self.body, 1), (self.cover, 1), flush=True)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_row_changed)

        self.account_label = QLabel()
        self.account_label.setStyleSheet("color: #5f6368; padding: 0 6px;")
        self.account_label.hide()
        self.statusBar().addPermanentWidget(self.account_label)
        self.db_label = QLabel(self._db_text())
        self.db_label.setStyleSheet("color: #5f6368; padding: 0 6px;")
        self.statusBar().addPermanentWidget(self.db_label)
        self.runner.message.connect(lambda text: self.statusBar().showMessage(text, 5000))

    # -- pages -----------------------------------------------------------------
    def add_page(self, key: str, title: str, icon: QIcon, page: QWidget | PageFactory) -> None:
        """Add a page to the navigation and the stack.

        Args:
            key: Stable id, used in settings (``home``, ``orgs``, ``brands``, ``calendar``).
            title: Navigation text, in Chinese.
            icon: Navigation icon.
            page: The page, or a function building it when it is first needed; see
                the class docstring for what a page may offer.
        """
        if key in self._keys:
            raise ValueError(f"page {key!r} already added")
        self._keys.append(key)
        if isinstance(page, QWidget):
            self.stack.addWidget(page)
            self._prepare(key, page)
        else:
            self._factories[key] = page
            self.stack.addWidget(QWidget())  # stands in until the page is first shown
        item = QListWidgetItem(icon, title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        number = len(self._keys)
        if number <= 9:
            item.setToolTip(f"{title}（Ctrl+{number}）")
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(f"Ctrl+{number}"))
            shortcut.triggered.connect(lambda _=False, k=key: self.show_page(k))
            self.addAction(shortcut)
        self.nav.addItem(item)
        self._fit_navigation()
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def _prepare(self, key: str, page: QWidget) -> None:
        """Give a page what it missed before it existed: read-only state, its splitters."""
        if hasattr(page, "set_read_only") and not self.access.editable:
            page.set_read_only(True, allow_reports=self.access.may(Action.REPORT))
        self._restore_splitters(key, page)

    def page_keys(self) -> list[str]:
        """Return the keys of every page in navigation order, built or not."""
        return list(self._keys)

    def pages(self) -> Iterator[tuple[str, QWidget]]:
        """Yield ``(key, widget)`` of every page built so far, in navigation order."""
        for key in self._keys:
            if key not in self._factories:
                yield key, self.page(key)

    def is_built(self, key: str) -> bool:
        """Tell whether the page under ``key`` exists yet (it is built on first use)."""
        return key in self._keys and key not in self._factories

    def page(self, key: str) -> QWidget:
        """Return the page added under ``key``, building it now if it was not yet."""
        index = self._keys.index(key)
        factory = self._factories.pop(key, None)
        if factory is not None:
            stand_in = self.stack.widget(index)
            current = self.stack.currentIndex() == index
            QApplication.setOverrideCursor(
                Qt.CursorShape.WaitCursor
            )  # its first import may take a moment
            try:
                page = factory()
            finally:
                QApplication.restoreOverrideCursor()
            self.stack.insertWidget(index, page)
            if stand_in is not None:
                self.stack.removeWidget(stand_in)
                stand_in.deleteLater()
            if current:
                self.stack.setCurrentIndex(index)
            page.setGeometry(self.stack.contentsRect())  # its real size now, not at the next layout
            self._stale.discard(key)  # built from the database as it is now
            self._prepare(key, page)
            return page
        widget = self.stack.widget(index)
        assert widget is not None
        return widget

    def current_key(self) -> str | None:
        """Return the key of the page shown, or None before any page was added."""
        row = self.stack.currentIndex()
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def show_page(self, key: str) -> None:
        """Show the page added under ``key``."""
        self.nav.setCurrentRow(self._keys.index(key))

    def _on_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self._keys):
            return
        key = self._keys[row]
        if self._shown_once or self.isVisible():
            self.page(key)  # build it before it is shown
        self.stack.setCurrentIndex(row)
        if self._shown_once:
            self._activate(key)
        self.pageChanged.emit(key)

    def _activate(self, key: str) -> None:
        page = self.page(key)
        if key in self._stale or getattr(page, "reload_on_show", False):
            self._stale.discard(key)
            if hasattr(page, "reload"):
                page.reload()

    def _fit_navigation(self) -> None:
        metrics = self.nav.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())
        )
        self.nav.setFixedWidth(widest + self.nav.iconSize().width() + 48)

    # -- access and locking ----------------------------------------------------
    def apply_access(self, access: Access) -> None:
        """Apply what the role and the database allow: title, banner, actions, pages.

        Pages offering ``set_read_only`` are told; the others are listed by
        :meth:`pages_without_read_only` (the database still refuses their writes
        when it was opened read-only, and a 领导's through the write guard).
        """
        self.access = access
        banner = access.banner()
        self.setWindowTitle(f"{APP_TITLE} 【只读】" if banner else APP_TITLE)
        self.banner.set_message(banner)
        self.account_label.setText(access.status_text())
        self.account_label.setVisible(bool(access.account))
        self.apply_access_to_commands(access)
        reports = access.may(Action.REPORT)
        for _key, page in self.pages():
            if hasattr(page, "set_read_only"):
                page.set_read_only(not access.editable, allow_reports=reports)
        missing = self.pages_without_read_only()
        if banner and missing:
            log.info("这些页面不支持只读模式，由数据库拒绝它们的写入：%s", "、".join(missing))

    def pages_without_read_only(self) -> list[str]:
        """Return the keys of built pages that cannot be made read-only (no ``set_read_only``)."""
        return [key for key, page in self.pages() if not hasattr(page, "set_read_only")]

    def set_covered(self, covered: bool, text: str = "") -> None:
        """Hide the pages, menus and toolbar behind the lock cover, or show them again."""
        if text:
            self.cover.set_text(text)
        # Hidden, not merely overlapped: a hidden page cannot be read or clicked.
        self.body.setVisible(not covered)
        self.cover.setVisible(covered)
        self.menuBar().setEnabled(not covered)
        self.enable_commands(not covered)

    def apply_access_to_commands(self, access: Access) -> None:
        """Enable the window's own actions as ``access`` allows (the window adds its actions)."""

    def enable_commands(self, enabled: bool) -> None:
        """Enable or disable the toolbar under the lock cover (the window adds its toolbar)."""

    def show_lock_command(self, visible: bool) -> None:
        """Show 锁定窗口 only while sign-in is on (the window adds the action)."""

    def restore_file(
        self,
        source: Path,
        *,
        parent: QWidget | None = None,
        after: Callable[[], None] | None = None,
    ) -> None:
        """Confirm and restore the backup ``source`` (the window adds the restore flow)."""
        raise NotImplementedError

    def is_covered(self) -> bool:
        """Tell whether the lock cover is shown."""
        return self.cover.isVisibleTo(self)

    # -- data changes ----------------------------------------------------------
    def notify_data_changed(self, reason: str) -> None:
        """Tell every page the database changed: the visible one reloads now, others later."""
        self.dataChanged.emit(reason)
        current = self.current_key()
        for key, _page in self.pages():
            self._stale.add(key)
        if current is not None:
            self._activate(current)

    def refresh_page(self, key: str) -> None:
        """Reload one page now if it is shown, otherwise when it is next shown."""
        if key not in self._keys:
            return
        self._stale.add(key)
        if key == self.current_key():
            self._activate(key)

    def reload_current(self) -> None:
        """Reload the page shown (刷新, F5)."""
        key = self.current_key()
        if key is not None:
            self._stale.add(key)
            self._activate(key)

    def settle_pages(self) -> bool:
        """Let pages with unsaved edits save or discard them; False when the user cancelled."""
        for key, page in self.pages():
            if hasattr(page, "has_unsaved_changes") and page.has_unsaved_changes():
                self.show_page(key)
                if not getattr(page, "save_or_discard")():  # noqa: B009 - duck-typed page
                    return False
        return True

    # -- settings --------------------------------------------------------------
    def save_settings(self) -> None:
        """Remember geometry, toolbar state, splitters and the open page."""
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/page", self.current_key() or "")
        for key, page in self.pages():
            for i, splitter in enumerate(page_splitters(page)):
                s.setValue(f"splitters/{key}/{i}", splitter.saveState())
        s.sync()

    def restore_settings(self) -> None:
        """Restore what :meth:`save_settings` remembered (call after adding the pages)."""
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._default_geometry()
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        key = s.value("window/page")
        if isinstance(key, str) and key in self._keys:
            self.show_page(key)

    def _restore_splitters(self, key: str, page: QWidget) -> None:
        for i, splitter in enumerate(page_splitters(page)):
            state = self.settings.value(f"splitters/{key}/{i}")
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)

    def _default_geometry(self) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        size = QSize(DEFAULT_SIZE)
        if screen is not None:
            area = screen.availableGeometry()
            size = size.boundedTo(area.size() * 0.95)
            self.resize(size)
            self.move(area.center() - self.rect().center())
        else:
            self.resize(size)

    # -- first paint -----------------------------------------------------------
    def when_painted(self, work: Callable[[], None]) -> None:
        """Run ``work`` once the window has painted for the first time (at once after that).

        Background work started earlier would compete with the first paint for the
        interpreter; the clerk sees the window first. A window that is not painted
        (started minimised) runs the work :data:`PAINT_WAIT_MS` after it was shown.
        """
        if self._painted:
            work()
        else:
            self._after_paint.append(work)

    def _first_paint_done(self) -> None:
        if self._painted:
            return
        self._painted = True
        waiting, self._after_paint = self._after_paint, []
        for work in waiting:
            work()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Note the first paint; waiting work starts once the whole window is drawn."""
        super().paintEvent(event)
        if not self._painted:
            QTimer.singleShot(0, self, self._first_paint_done)

    # -- events ----------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Build the first page once the window appears; load its data after the first paint."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(PAINT_WAIT_MS, self, self._first_paint_done)
            key = self.current_key()
            if key is not None:
                self.page(key)
                self.when_painted(lambda: self._activate_current(key))

    def _activate_current(self, key: str) -> None:
        if self.current_key() == key:  # not if the clerk moved on meanwhile (it was activated)
            self._activate(key)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse while writing; ask pages with unsaved edits; remember the layout."""
        if not self.settle_pages():
            event.ignore()
            return
        if self.runner.is_writing():
            event.ignore()
            if not self._closing_when_idle:
                self._closing_when_idle = True
                self.runner.busyChanged.connect(self._close_when_idle)
                self.statusBar().showMessage("正在保存数据，完成后自动关闭…")
            return
        self.save_settings()
        event.accept()

    def _close_when_idle(self, busy: bool) -> None:
        if busy or self.runner.is_writing():
            return
        self.runner.busyChanged.disconnect(self._close_when_idle)
        self._closing_when_idle = False
        self.close()

    def _db_text(self) -> str:
        path = self.ctx.db.path
        return f"数据库：{path}" if path is not None else "数据库：服务器（PostgreSQL）"
