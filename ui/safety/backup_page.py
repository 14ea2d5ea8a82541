"""工具 → 备份与恢复: the list of backups, 立即备份, 恢复所选… and the backup folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from brandoffice.maintenance import backup
from brandoffice.paths import backup_dir
from brandoffice.safety.backups import SERVER_BACKUP, BackupInfo, list_backups
from brandoffice.safety.permissions import Action
from ui import messages
from ui.headers import keep_columns
from ui.home_models import RIGHT, Column, RecordTableModel
from ui.icons import icon
from ui.maintenance_flows import BACKUP_TASK
from ui.safety.common import human_size, make_table, show_error
from ui.widgets import at_right

if TYPE_CHECKING:
    from ui.shell import WindowShell

PG_TEXT = (
    "当前使用的是服务器数据库（PostgreSQL），本程序不直接备份它。请在服务器上用数据库自带的工具备份：\n\n"
    "    备份：pg_dump -Fc -f 备份文件.dump 数据库名\n"
    "    恢复：pg_restore --clean -d 数据库名 备份文件.dump\n\n"
    "建议由服务器管理员用计划任务每天备份一次，并把备份文件复制到另一台电脑或移动硬盘上保存。"
)


class BackupTableModel(RecordTableModel[BackupInfo]):
    """The backups, newest first: time, reason, size and file name."""

    def __init__(self, parent: QDialog | None = None) -> None:
        super().__init__(
            [
                Column("备份时间", lambda b: b.time, lambda b: f"{b.time:%Y-%m-%d %H:%M:%S}"),
                Column("原因", lambda b: b.reason_label),
                Column("大小", lambda b: b.size, lambda b: human_size(b.size), RIGHT),
                Column("文件名", lambda b: b.path.name),
            ],
            tooltip=lambda b: str(b.path),
            parent=parent,
        )


class BackupDialog(QDialog):
    """The backup page: every backup of the SQLite file, and what can be done with them.

    Signals:
        loaded(): The list was (re)read.
    """

    loaded = Signal()

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window_ = window
        self.ctx = window.ctx
        self.setWindowTitle("备份与恢复")
        self.setWindowIcon(icon("restore"))
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        self.path = self.ctx.db.path
        if self.path is None:
            text = QLabel(SERVER_BACKUP + "\n\n" + PG_TEXT)
            text.setWordWrap(True)
            text.setObjectName("serverText")
            layout.addWidget(text, 1)
            close = QPushButton("关闭")
            close.clicked.connect(self.reject)
            layout.addLayout(at_right(close))
            self.model = BackupTableModel(self)
            return
        intro = QLabel(
            "程序每天启动时、使用中每隔 30 分钟（有改动时）、以及导入、恢复和升级之前自动备份，"
            "每份备份都经过完整性校验。自动备份保留最近 12 天、10 周、9 个月；手动备份一直保留。"
        )
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.model = BackupTableModel(self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        self.view.setColumnWidth(0, 170)
        self.view.setColumnWidth(1, 150)
        self.view.setColumnWidth(2, 90)
        keep_columns(self.view)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.doubleClicked.connect(lambda _i: self.restore_selected())

        self.backup_button = QPushButton(icon("backup"), "立即备份")
        self.restore_button = QPushButton(icon("restore"), "恢复所选…")
        self.folder_button = QPushButton(icon("folder"), "打开备份文件夹")
        close = QPushButton("关闭")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.open_folder)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.busy = False
        self._update_buttons()
        self.reload()

    # -- the list ----------------------------------------------------------------
    def reload(self) -> None:
        """Read the backup folder again (off the UI thread)."""
        path = self.path
        if path is None:
            return
        self.window_.runner.run(
            lambda: list_backups(path),
            self._show,
            on_error=lambda exc: show_error(self, exc, "读取备份列表"),
        )

    def _show(self, backups: list[BackupInfo]) -> None:
        self.model.set_rows(backups)
        total = sum(b.size for b in backups)
        self.summary.setText(
            f"共 {len(backups)} 份备份，合计 {human_size(total)}。"
            if backups
            else "还没有备份。点“立即备份”做第一份。"
        )
        if backups:
            self.view.selectRow(0)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> BackupInfo | None:
        """Return the backup of the selected row, or None."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        access = self.window_.access
        self.backup_button.setEnabled(not self.busy and access.may(Action.BACKUP))
        self.restore_button.setEnabled(
            not self.busy and self.selected() is not None and access.may(Action.RESTORE)
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    # -- commands ----------------------------------------------------------------
    def backup_now(self) -> None:
        """Take a manual backup (verified), then list it."""
        ctx = self.ctx
        self._set_busy(True)

        def done(path: Path) -> None:
            self.window_.refresh_page("home")
            self.window_.statusBar().showMessage(f"备份完成并已校验：{path.name}", 5000)

        def failed(exc: BaseException) -> None:
            show_error(self, exc, "备份")

        handle = self.window_.runner.run(
            lambda progress: backup(ctx, progress=progress),
            done,
            on_error=failed,
            write=True,
            **BACKUP_TASK,
        )
        handle.finished.connect(self._after)

    def restore_selected(self) -> None:
        """Ask, then replace the database with the selected backup (after a safety backup)."""
        chosen = self.selected()
        if chosen is None or not self.restore_button.isEnabled():
            return
        self.window_.restore_file(chosen.path, parent=self, after=self._after)

    def _after(self) -> None:
        self._set_busy(False)
        self.reload()

    def open_folder(self) -> None:
        """Open the backups folder in the file manager."""
        if self.path is None:
            return
        folder = backup_dir(self.path)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            messages.inform(self, "备份文件夹", f"备份文件夹位于：\n{folder}")
