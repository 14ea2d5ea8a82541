"""The welcome page of the first start: demo or empty database, the office, templates, guide."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from brandoffice.office import OfficeIdentity
from brandoffice.services.context import AppContext
from brandoffice.services.settings import office_identity
from ui import file_dialogs
from ui.help import GuideDialog, open_guide
from ui.icons import icon
from ui.office import OfficeFields
from ui.tasks import TaskHandle, TaskRunner

DEMO = "demo"
EMPTY = "empty"
IMPORT_ORDER = "组织 → 党员 → 品牌 → 任务 → 任务进度"
NOTE_STYLE = "color: #5f6368;"
TEMPLATES_KEY = "paths/templates"


def template_file(index: int, label: str) -> str:
    """Return the file name of a template, numbered in import order (``01-组织导入模板.xlsx``).

    Two digits keep the files in import order in a file browser (10 sorts after 09).
    """
    return f"{index:02d}-{label}导入模板.xlsx"


def write_templates(folder: Path) -> tuple[list[Path], list[Path]]:
    """Write the import template of every kind into ``folder``, never over an existing file.

    Args:
        folder: An existing folder.

    Returns:
        ``(written, kept)``: new files, and files left alone because they exist (a clerk
        may already have filled one in).

    Raises:
        StorageError: A file cannot be written.
    """
    from brandoffice.excel import EXCEL_KINDS, write_template  # openpyxl off the start-up path

    written: list[Path] = []
    kept: list[Path] = []
    for index, (kind, label) in enumerate(EXCEL_KINDS.items(), start=1):
        path = folder / template_file(index, label)
        if path.exists():
            kept.append(path)
            continue
        write_template(kind, path)
        written.append(path)
    return written, kept


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


class WelcomeDialog(QDialog):
    """Choose demo street or empty database, describe the office, get templates and the guide.

    Open it with ``open()`` and read :meth:`choice` and :meth:`identity` once it was
    accepted (:func:`ui.setup_flows.open_welcome` does); closing it changes nothing.

    Args:
        ctx: The open database.
        runner: Writes the templates in the background.
        parent: The main window (the page is window-modal over it).
        empty: Whether the database is still empty; only then the choice is offered.
        settings: Where the template folder is remembered.

    Attributes:
        demo_choice: 示例街道.
        empty_choice: 空数据库.
        office: 本单位信息 (kind, name, issuer, contact); the demo brings its own.
        templates_button: 生成导入模板….
        templates_label: What the last template run wrote.
        start_button: 开始使用 (enabled once a choice and, for real data, a name are given).
    """

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        empty: bool = True,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.empty = empty
        self.settings = settings
        self.template_task: TaskHandle | None = None
        self.setWindowTitle("欢迎使用党建品牌工作台")
        self.setWindowIcon(icon("app"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(self._header())
        layout.addWidget(self._start_box())
        layout.addWidget(self._name_box())
        layout.addWidget(self._import_box())
        layout.addWidget(self._guide_box())
        layout.addLayout(self._buttons())
        self.setMinimumWidth(640)
        self._update_start()

    # -- parts -------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(56, 56))
        title = QLabel("欢迎使用党建品牌工作台")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        path = self.ctx.db.path
        where = str(path) if path is not None else "服务器数据库（PostgreSQL）"
        verb = "已建立数据库" if self.empty else "当前数据库"
        text = QVBoxLayout()
        text.addWidget(title)
        self.db_label = _note(f"{verb}：{where}")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.db_label)
        row = QHBoxLayout()
        row.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        return row

    def _start_box(self) -> QGroupBox:
        box = QGroupBox("① 选择开始方式")
        layout = QVBoxLayout(box)
        self.demo_choice = QRadioButton("示例街道（幸福街道，可随时清空重建）")
        self.empty_choice = QRadioButton("空数据库")
        self.choices = QButtonGroup(self)
        self.choices.addButton(self.demo_choice)
        self.choices.addButton(self.empty_choice)
        layout.addWidget(self.demo_choice)
        layout.addWidget(
            self._indented(
                "生成虚构的幸福街道：组织架构、党员、品牌和创建活动，适合先熟悉操作。"
                "生成前自动备份空白数据库，熟悉后用“文件 → 恢复…”选“空白数据库”备份即可清空，"
                "再从“帮助 → 欢迎与入门…”重新生成。"
            )
        )
        layout.addWidget(self.empty_choice)
        layout.addWidget(self._indented("直接录入或用 Excel 导入本单位的真实数据。"))
        if not self.empty:
            for button in (self.demo_choice, self.empty_choice):
                button.setEnabled(False)
            layout.addWidget(_note("数据库中已有数据，无需选择；可修改本单位信息。"))
        self.choices.buttonToggled.connect(self._on_choice)
        return box

    def _indented(self, text: str) -> QLabel:
        label = _note(text)
        label.setContentsMargins(24, 0, 0, 4)
        return label

    def _name_box(self) -> QGroupBox:
        box = QGroupBox("② 本单位信息")
        layout = QVBoxLayout(box)
        self.saved_identity = office_identity(self.ctx)
        self.office = OfficeFields(self.saved_identity, box)
        self.office.changed.connect(self._update_start)
        layout.addWidget(self.office)
        self.demo_office_note = _note("示例街道自带本单位信息（幸福街道党工委），生成时一并设置。")
        self.demo_office_note.setVisible(False)
        layout.addWidget(self.demo_office_note)
        return box

    def _import_box(self) -> QGroupBox:
        box = QGroupBox("③ 导入本单位的数据")
        layout = QVBoxLayout(box)
        layout.addWidget(
            _note(
                f"用 Excel 模板准备数据，按顺序导入：{IMPORT_ORDER}。"
                "后面的表要用到前面已导入的组织、品牌和任务。"
                "导入在“数据 → 导入”中，有一处错误就一行也不导入，并列出要改的地方。"
            )
        )
        row = QHBoxLayout()
        self.templates_button = QPushButton(icon("template"), "生成导入模板…")
        self.templates_button.setToolTip("把全部导入模板（按导入顺序编号）保存到选定的文件夹")
        self.templates_button.clicked.connect(self.choose_template_folder)
        row.addWidget(self.templates_button)
        self.templates_label = QLabel()
        self.templates_label.setWordWrap(True)
        self.templates_label.setOpenExternalLinks(True)
        row.addWidget(self.templates_label, 1)
        layout.addLayout(row)
        return box

    def _guide_box(self) -> QGroupBox:
        box = QGroupBox("④ 使用指南")
        row = QHBoxLayout(box)
        self.guide_button = QPushButton(icon("help"), "打开使用指南")
        self.guide_button.clicked.connect(lambda: open_guide(self))
        row.addWidget(self.guide_button)
        row.addWidget(_note("逐步介绍常用操作，随时可按 F1 或从“帮助 → 使用指南”打开。"), 1)
        return box

    def _buttons(self) -> QHBoxLayout:
        self.hint_label = _note("")
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("开始使用", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        later = "以后再说" if self.empty else "关闭"
        buttons.addButton(later, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.hint_label, 1)
        row.addWidget(buttons)
        return row

    # -- state -------------------------------------------------------------------
    def choice(self) -> str | None:
        """Return :data:`DEMO`, :data:`EMPTY`, or None (nothing chosen, or data present)."""
        if not self.empty:
            return None
        if self.demo_choice.isChecked():
            return DEMO
        if self.empty_choice.isChecked():
            return EMPTY
        return None

    def identity(self) -> OfficeIdentity | None:
        """Return the office as typed, or None for the demo (which sets its own)."""
        if self.choice() == DEMO:
            return None
        return self.office.identity()

    def _on_choice(self, button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        demo = button is self.demo_choice
        self.office.setEnabled(not demo)
        self.demo_office_note.setVisible(demo)
        if not demo:
            self.office.name_edit.setFocus()
        self._update_start()

    def _update_start(self) -> None:
        missing = ""
        if self.empty and self.choice() is None:
            missing = "请选择开始方式。"
        elif self.choice() != DEMO:
            missing = self.office.problem()
        self.hint_label.setText(missing)
        self.start_button.setEnabled(not missing)

    def accept(self) -> None:
        """Close as accepted once a choice and, for real data, the office are given."""
        self._update_start()
        if self.start_button.isEnabled():
            super().accept()

    def done(self, result: int) -> None:
        """Close; a guide opened from here stays open, handed over to the main window."""
        guide = self.findChild(GuideDialog)
        owner = self.parentWidget()
        if guide is not None and guide.isVisible() and owner is not None:
            # While this window-modal page was open the guide had to be its child to take
            # input; it must not close with it.
            geometry = guide.geometry()
            guide.setParent(owner, guide.windowFlags())
            guide.setGeometry(geometry)
            guide.show()
        super().done(result)

    # -- templates ---------------------------------------------------------------
    def choose_template_folder(self) -> None:
        """Ask for a folder and write every import template into it (in the background)."""
        settings = self.settings
        start = settings.value(TEMPLATES_KEY) if settings is not None else None
        if not isinstance(start, str) or not Path(start).is_dir():
            location = QStandardPaths.StandardLocation.DocumentsLocation
            start = QStandardPaths.writableLocation(location)
        chosen = file_dialogs.get_existing_directory(self, "选择保存导入模板的文件夹", start)
        if not chosen:
            return
        folder = Path(chosen)
        if settings is not None:
            settings.setValue(TEMPLATES_KEY, str(folder))
        self.templates_button.setEnabled(False)
        self.templates_label.setText("正在生成模板…")
        self.template_task = self.runner.run(
            lambda: write_templates(folder),
            lambda result: self._templates_written(folder, *result),
            title="生成导入模板",
        )
        self.template_task.finished.connect(lambda: self.templates_button.setEnabled(True))
        self.template_task.failed.connect(lambda _exc: self.templates_label.clear())

    def _templates_written(self, folder: Path, written: list[Path], kept: list[Path]) -> None:
        url = QUrl.fromLocalFile(str(folder)).toString()
        text = f"已生成 {len(written)} 个模板"
        if kept:
            text += f"，{len(kept)} 个同名文件已存在、未覆盖"
        self.templates_label.setText(f'{text}。<a href="{url}">打开文件夹</a>')
        self.templates_label.setToolTip(str(folder))
