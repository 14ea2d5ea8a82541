"""The main window: the shell with its menus, toolbar and the safety parts wired in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from brandoffice.services.context import AppContext
from ui.actions import WindowActions
from ui.safety.access import Access
from ui.shell import APP_TITLE, PAINT_WAIT_MS, PageFactory, WindowShell, page_splitters
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from brandoffice.safety.opening import OpenedDatabase
    from ui.safety.autobackup import AutoBackup
    from ui.safety.filewatch import FileWatchTimer
    from ui.safety.session import SessionGate

__all__ = ["APP_TITLE", "PAINT_WAIT_MS", "MainWindow", "PageFactory", "page_splitters"]


class MainWindow(WindowShell):
    """The window the clerk sees: :class:`WindowShell` plus menus, toolbar and safety parts.

    Attributes:
        commands: The menus and toolbar actions.
        database: The opened database with its instance lock (set by ``ui.app.start``).
        session: The sign-in and idle-lock controller (set by ``ui.app.start``).
        auto_backup: The automatic backups (set once the window is open for use).
        file_watch: The check of the database's locks and log (``ui.app.watch_files``).
    """

    def __init__(
        self,
        ctx: AppContext,
        *,
        runner: TaskRunner | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, runner=runner, settings=settings, parent=parent)
        self.database: OpenedDatabase | None = None
        self.session: SessionGate | None = None
        self.auto_backup: AutoBackup | None = None
        self.file_watch: FileWatchTimer | None = None
        self.commands = WindowActions(self)

    def apply_access_to_commands(self, access: Access) -> None:
        """Enable each menu and toolbar action only when ``access`` allows it."""
        self.commands.apply_access(access)

    def enable_commands(self, enabled: bool) -> None:
        """Enable or disable the toolbar (under the lock cover)."""
        self.commands.toolbar.setEnabled(enabled)

    def show_lock_command(self, visible: bool) -> None:
        """Show 锁定窗口 only while sign-in is on."""
        self.commands.safety.lock.setVisible(visible)

    def restore_file(
        self,
        source: Path,
        *,
        parent: QWidget | None = None,
        after: Callable[[], None] | None = None,
    ) -> None:
        """Confirm and restore the backup ``source`` (文件 → 恢复备份 does the same)."""
        self.commands.maintenance.restore_file(source, parent=parent, after=after)
