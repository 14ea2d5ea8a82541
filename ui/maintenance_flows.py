"""Maintenance flows: backup, restore, database check, data folder and the about box."""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PySide6
from PySide6.QtCore import QObject, QStandardPaths, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from brandoffice import __version__
from brandoffice.backup import backup_name
from brandoffice.maintenance import CheckReport, backup, check, restore
from brandoffice.paths import backup_dir, data_dir
from brandoffice.services.dashboard import SERVER_BACKUP_HINT
from ui import file_dialogs, messages
from ui.check_dialog import CheckReportDialog
from ui.safety.common import show_error

if TYPE_CHECKING:
    from ui.shell import WindowShell

BACKUP_FILTER = "数据库备份 (*.sqlite3 *.db);;所有文件 (*)"
RESTORE_NOTE = (
    "恢复会先备份当前数据，然后用所选备份替换当前数据库。必要时可从“恢复前自动备份”再恢复回来。"
)
BACKUP_TASK: dict[str, Any] = {
    "title": "备份",
    "label": "正在备份数据库…",
    "with_progress": True,
    "cancellable": True,
    "cancelled": "已取消备份，没有留下备份文件。",
}
"""How a manual backup runs in the window (the menu and the backup page)."""
LICENCE = "MIT 许可证（开源软件，可自由使用、复制和分发）；图标同为 MIT 许可证"
FONT_LICENCE = (
    "自带中文字体 BrandOffice Sans SC 裁剪自 Noto Sans CJK SC"
    "（© Adobe），采用 SIL 开放字体许可证 1.1。"
)


class MaintenanceFlows(QObject):
    """The 文件 and 工具 menu flows; long work goes through the window's TaskRunner."""

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window = window
        self.report_dialog: CheckReportDialog | None = None

    def _db_file(self) -> Path | None:
        """Return the SQLite file, or explain that server databases use pg_dump."""
        path = self.window.ctx.db.path
        if path is None:
            messages.inform(
                self.window,
                "备份与恢复",
                f"{SERVER_BACKUP_HINT}：pg_dump -Fc 数据库名 > 备份文件；恢复用 pg_restore。",
            )
        return path

    def backup(self, out: Path | None = None) -> None:
        """Back up to the backups folder (or ``out``), verified before it is kept."""
        if self._db_file() is None:
            return
        ctx = self.window.ctx

        def done(path: Path) -> None:
            self.window.refresh_page("home")
            messages.inform(self.window, "备份完成", f"备份完成并已校验：\n{path}")

        self.window.runner.run(
            lambda progress: backup(ctx, out, progress=progress),
            done,
            write=True,
            **BACKUP_TASK,
        )

    def backup_to(self) -> None:
        """Choose a file, then back up to it."""
        db = self._db_file()
        if db is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / backup_name("manual", self.window.ctx.clock()))
        chosen, _ = file_dialogs.get_save_file_name(self.window, "备份到", suggested, BACKUP_FILTER)
        if not chosen:
            return
        out = Path(chosen)
        if out.resolve() == db.resolve():
            messages.warn(
                self.window, "备份", "不能把备份写到正在使用的数据库文件上，请换一个文件名。"
            )
            return
        self.backup(out)

    def restore(self) -> None:
        """Choose a backup, confirm, restore (after a safety backup), then reload the pages."""
        if self._db_file() is None:
            return
        start = str(backup_dir(self.window.ctx.db.path))
        chosen, _ = file_dialogs.get_open_file_name(
            self.window, "选择要恢复的备份文件", start, BACKUP_FILTER
        )
        if not chosen:
            return
        self.restore_file(Path(chosen))

    def restore_file(
        self,
        source: Path,
        *,
        parent: QWidget | None = None,
        after: Callable[[], None] | None = None,
    ) -> None:
        """Confirm, settle unsaved edits, restore ``source`` in the runner, reload the pages.

        Args:
            source: The backup file.
            parent: Where the question and the messages go (a dialog open over the
                window would block them on the window).
            after: Called on the UI thread when the restore finished, either way.
        """
        owner = parent or self.window

        def restore() -> None:
            if self.window.settle_pages():
                self._restore(source, owner, after)

        messages.confirm(
            owner, "恢复数据", f"要用备份“{source.name}”替换当前全部数据吗？", "恢复", restore,
            informative=RESTORE_NOTE,
        )  # fmt: skip

    def _restore(self, source: Path, owner: QWidget, after: Callable[[], None] | None) -> None:
        ctx = self.window.ctx

        def done(safety: Path) -> None:
            self.window.notify_data_changed("restore")
            messages.inform(
                owner,
                "恢复完成",
                f"已从“{source.name}”恢复数据。\n恢复前的数据已备份到：\n{safety}",
            )

        def failed(exc: BaseException) -> None:
            show_error(owner, exc, "恢复数据")

        handle = self.window.runner.run(
            lambda: restore(ctx, source),
            done,
            on_error=failed,
            write=True,
            title="恢复数据",
            label="正在恢复数据…",
        )
        if after is not None:
            handle.finished.connect(after)

    def check(self) -> None:
        """Check the database and show the report in a dialog."""
        ctx = self.window.ctx
        self.window.runner.run(
            lambda progress: check(ctx, progress=progress),
            self.show_report,
            title="检查数据库",
            label="正在检查数据库…",
            with_progress=True,
            cancellable=True,
            cancelled="已取消检查数据库。",
        )

    def repair(self) -> None:
        """Repair what the check can repair (after a backup) and show the new report."""
        ctx = self.window.ctx

        def done(report: CheckReport) -> None:
            self.window.notify_data_changed("repair")
            self.show_report(report)

        self.window.runner.run(
            lambda progress: check(ctx, repair=True, progress=progress),
            done,
            write=True,
            title="修复数据库",
            label="正在备份并修复…",
            with_progress=True,
            cancellable=True,
            cancelled="已取消修复，数据库没有改动。",
        )

    def show_report(self, report: CheckReport) -> None:
        """Open the report dialog (window-modal, non-blocking)."""
        dialog = CheckReportDialog(report, self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.repairRequested.connect(self.repair)
        self.report_dialog = dialog
        dialog.open()

    def open_data_folder(self) -> None:
        """Open the folder with the database and its backups in the file manager."""
        path = self.window.ctx.db.path
        folder = path.parent if path is not None else data_dir()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def about(self) -> None:
        """Show version, licence, where the data lives, and the library versions."""
        db = self.window.ctx.db
        where = str(db.path) if db.path is not None else "服务器数据库（PostgreSQL）"
        messages.inform(
            self.window,
            "关于 党建品牌工作台",
            "党建品牌工作台\n\n"
            "街道（乡镇）党工委组织部门用于党建品牌创建活动的桌面工具："
            "组织架构、品牌登记、阶段日历、报表与备份。\n\n"
            f"版本：{__version__}\n"
            f"许可证：{LICENCE}\n"
            f"数据文件夹：{data_dir()}\n"
            f"数据库：{where}",
            details=f"{FONT_LICENCE}\n\n"
            f"Qt {qVersion()} · PySide6 {PySide6.__version__} · "
            f"Python {platform.python_version()} · {platform.system()}",
        )
