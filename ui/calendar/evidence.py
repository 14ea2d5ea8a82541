"""Evidence files of one unit's task: list, attach (stored by content hash), open, remove."""

from __future__ import annotations

import mimetypes
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brandoffice.services import campaign_evidence as evidence
from brandoffice.services.campaign_evidence import EvidenceRow
from brandoffice.services.context import AppContext
from brandoffice.services.rows import TaskRow
from ui import file_dialogs, messages
from ui.calendar.feedback import error_handler
from ui.headers import keep_columns
from ui.home_models import RIGHT, Column, RecordTableModel
from ui.orgs.runner import Runner
from ui.orgs.widgets import ErrorLabel
from ui.readonly import set_writable

_open_folder: Path | None = None


def size_text(size: int) -> str:
    """Return ``12 KB`` / ``3.4 MB``."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def open_with_system(filename: str, data: bytes) -> Path:
    """Write the content to a private temporary folder and open it with the system's program.

    Returns:
        The temporary file written.
    """
    global _open_folder
    if _open_folder is None:
        _open_folder = Path(tempfile.mkdtemp(prefix="brandoffice_evidence_"))
    folder = Path(tempfile.mkdtemp(dir=_open_folder))
    target = folder / (Path(filename).name or "佐证材料")
    target.write_bytes(data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    return target


def read_files(paths: list[str]) -> list[tuple[str, bytes, str | None]]:
    """Read files chosen in the file dialog: (name, content, MIME type)."""
    return [(Path(p).name, Path(p).read_bytes(), mimetypes.guess_type(p)[0]) for p in paths]


class EvidenceDialog(QDialog):
    """The evidence files of one cell; non-modal, opened with ``show()``.

    Signals:
        countChanged(int, int, int): task id, unit id and the new number of files.
    """

    countChanged = Signal(int, int, int)

    def __init__(
        self,
        ctx: AppContext,
        runner: Runner,
        task: TaskRow,
        org_id: int,
        unit_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.task, self.org_id = ctx, runner, task, org_id
        self.setWindowTitle(f"佐证材料 — {unit_name}")
        self.model: RecordTableModel[EvidenceRow] = RecordTableModel(
            [
                Column("文件名", lambda e: e.filename),
                Column("大小", lambda e: e.size, lambda e: size_text(e.size), RIGHT),
            ],
            parent=self,
        )
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        keep_columns(self.view)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())
        need = task.evidence_kind + (f"：{task.evidence_note}" if task.evidence_note else "")
        self.error = ErrorLabel(self)
        self.add_button = QPushButton("添加文件…", self)
        self.add_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton("打开", self)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("删除", self)
        self.remove_button.clicked.connect(self.remove_selected)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        title = QLabel(f"任务：{task.name}\n要求：{need}", self)
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(520, 340)
        self.refresh()

    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock adding and removing files; listing and opening them stay."""
        set_writable([self.add_button, self.remove_button], not read_only)

    def refresh(self) -> None:
        """Re-read the list of files."""
        task_id, org_id = self.task.id, self.org_id
        self.runner.run(lambda: evidence.evidence_for(self.ctx, task_id, org_id), self._show)

    def _show(self, rows: list[EvidenceRow]) -> None:
        self.model.set_rows(rows)
        self.countChanged.emit(self.task.id, self.org_id, len(rows))

    def choose_files(self) -> None:
        """Open a file dialog (non-blocking); chosen files are attached."""
        dialog = file_dialogs.file_dialog(self, "选择佐证材料文件")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                "常用文件 (*.pdf *.doc *.docx *.xls *.xlsx *.jpg *.jpeg *.png *.wps *.et)",
                "所有文件 (*)",
            ]
        )
        dialog.filesSelected.connect(self.attach_files)
        dialog.open()

    def attach_files(self, paths: list[str]) -> None:
        """Read and store the files off the UI thread, then show the new list."""
        ctx, task_id, org_id = self.ctx, self.task.id, self.org_id

        def work() -> list[EvidenceRow]:
            for name, data, mime in read_files(paths):
                evidence.add_evidence(ctx, task_id, org_id, name, data, mime)
            return evidence.evidence_for(ctx, task_id, org_id)

        self.runner.run(
            work,
            self._show,
            write=True,
            title="添加佐证材料",
            label="正在保存佐证材料…",
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        error_handler(self.runner, lambda _field, text: self.error.set_message(text))(exc)

    def _selected(self) -> EvidenceRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_selected(self) -> None:
        """Open the selected file with the system's program."""
        row = self._selected()
        if row is None:
            self.error.set_message("请先选择一个文件")
            return
        self.runner.run(
            lambda: evidence.evidence_content(self.ctx, row.id),
            lambda result: open_with_system(*result),
            on_error=self._failed,
        )

    def remove_selected(self) -> None:
        """Ask, then remove the selected file from this cell."""
        row = self._selected()
        if row is None:
            self.error.set_message("请先选择一个文件")
            return
        ctx, task_id, org_id = self.ctx, self.task.id, self.org_id

        def work() -> list[EvidenceRow]:
            evidence.remove_evidence(ctx, row.id)
            return evidence.evidence_for(ctx, task_id, org_id)

        messages.confirm(
            self, "删除佐证材料", f"确定删除“{row.filename}”吗？", "删除",
            lambda: self.runner.run(work, self._show, write=True, on_error=self._failed),
        )  # fmt: skip
