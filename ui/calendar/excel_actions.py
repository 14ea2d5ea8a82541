"""The calendar's Excel buttons: import and export tasks and progress through brandoffice.excel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from brandoffice.services.context import AppContext
from ui import file_dialogs, messages
from ui.orgs.runner import Runner

KINDS = {"tasks": "任务", "progress": "任务进度"}
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


class ExcelActions(QObject):
    """Four actions (导入任务…, 导出任务…, 导入进度…, 导出进度…) run through the runner.

    Signals:
        imported(str): The kind imported; the page reloads.
    """

    imported = Signal(str)

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self._widget = ctx, runner, parent
        self.actions: dict[str, QAction] = {}
        for kind, label in KINDS.items():
            short = "任务" if kind == "tasks" else "进度"
            load = QAction(f"导入{short}…", parent)
            load.setToolTip(f"从 Excel 导入{label}（全部行无误才导入，导入前自动备份）")
            load.triggered.connect(lambda _=False, k=kind: self.choose_import(k))
            save = QAction(f"导出{short}…", parent)
            save.setToolTip(f"把全部{label}导出为 Excel（可修改后再导入）")
            save.triggered.connect(lambda _=False, k=kind: self.choose_export(k))
            self.actions[f"import_{kind}"] = load
            self.actions[f"export_{kind}"] = save

    def _dialog(self, title: str, save: bool, done: Callable[[str], None]) -> QFileDialog:
        dialog = file_dialogs.file_dialog(self._widget, title)
        dialog.setNameFilter(XLSX_FILTER)
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("xlsx")
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(done)
        dialog.open()
        return dialog

    def choose_import(self, kind: str) -> QFileDialog:
        """Ask for the workbook to import."""
        return self._dialog(f"导入{KINDS[kind]}", False, lambda p: self.import_file(kind, p))

    def choose_export(self, kind: str) -> QFileDialog:
        """Ask where to save the workbook."""
        return self._dialog(f"导出{KINDS[kind]}", True, lambda p: self.export_file(kind, p))

    def import_file(self, kind: str, path: str) -> None:
        """Import a workbook off the UI thread; all rows or none."""
        ctx = self.ctx

        def work(progress: Any = None) -> Any:
            from brandoffice.excel import import_kind

            return import_kind(ctx, kind, Path(path), progress=progress)

        def done(summary: Any) -> None:
            messages.inform(self._widget, f"导入{KINDS[kind]}", f"导入完成：{summary.report()}")
            self.imported.emit(kind)
            window = self._widget.window()
            if hasattr(window, "notify_data_changed"):
                window.notify_data_changed("import")

        self.runner.run(
            work,
            done,
            write=True,
            with_progress=True,
            cancellable=True,
            title=f"导入{KINDS[kind]}",
            label=f"正在导入{KINDS[kind]}…",
        )

    def export_file(self, kind: str, path: str) -> None:
        """Export every record of the kind off the UI thread."""
        ctx = self.ctx

        def work(progress: Any = None) -> int:
            from brandoffice.excel import export_kind

            return int(export_kind(ctx, kind, Path(path), progress=progress))

        def done(count: int) -> None:
            messages.inform(
                self._widget, f"导出{KINDS[kind]}", f"已导出 {count} 条{KINDS[kind]}到\n{path}"
            )

        self.runner.run(
            work,
            done,
            with_progress=True,
            title=f"导出{KINDS[kind]}",
            label=f"正在导出{KINDS[kind]}…",
        )
