"""The reporting bundle dialog: a year, a campaign and a zip file, written in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from brandoffice.reports.fonts import report_fonts
from brandoffice.reports.kinds import safe_file_name
from brandoffice.services.context import AppContext
from brandoffice.services.settings import office_name
from ui import messages
from ui.reports.pages import open_file, register_installed_fonts
from ui.reports.save_path import SavePath
from ui.widgets import spin_box, stack

ZIP_FILTER = "zip 压缩包 (*.zip)"
NO_CAMPAIGN = "（该年度最新的创建活动）"


class BundleDialog(QDialog):
    """Chooses the period and writes the 报送材料包 through the TaskRunner.

    Args:
        ctx: Services' context.
        runner: The shell's TaskRunner.
        parent: The window.
    """

    def __init__(self, ctx: AppContext, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        register_installed_fonts()
        self.written: Path | None = None
        self.setWindowTitle("生成报送材料包")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.year = spin_box(self, 2000, ctx.today().year + 1, ctx.today().year, " 年度")
        self.campaign = QComboBox(self)
        self.campaign.addItem(NO_CAMPAIGN, None)
        from brandoffice.services.campaigns import CampaignService

        for c in CampaignService(ctx).campaigns():
            self.campaign.addItem(c.name, c.id)
        self.save_path = SavePath(self, "保存报送材料包", ZIP_FILTER, "zip")
        self.path = self.save_path.edit
        form = QFormLayout()
        form.addRow("年度", self.year)
        form.addRow("创建活动", self.campaign)
        form.addRow("保存为", self.save_path.row)
        self.form_phone = QCheckBox("登记表列出完整联系电话（报上级党组织用）", self)
        self.form_phone.toggled.connect(self._form_phone_toggled)
        form.addRow("登记表", self.form_phone)
        fonts = QLabel(f"字体：{report_fonts(ctx).reason}", self)
        fonts.setWordWrap(True)
        fonts.setStyleSheet("color: #555;")
        form.addRow("", fonts)
        note = QLabel(
            "材料包含该年度的 Word 报告、Excel 名册（身份证号和电话已遮蔽）、"
            "各品牌的申报登记表、创建活动的佐证材料和一份目录。",
            self,
        )
        note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.write = buttons.addButton("生成", QDialogButtonBox.ButtonRole.AcceptRole)
        self.show_folder = buttons.addButton(
            "打开所在文件夹", QDialogButtonBox.ButtonRole.ActionRole
        )
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.write.clicked.connect(self.start)
        self.show_folder.clicked.connect(self.open_folder)
        self.show_folder.setEnabled(False)
        close.clicked.connect(self.reject)
        stack(self, form, note, self.status, buttons)
        self.year.valueChanged.connect(self._suggest_name)
        self._suggest_name()

    def _suggest_name(self) -> None:
        self.save_path.suggest(self._default_name)

    def _default_name(self) -> str:
        name = safe_file_name(f"{office_name(self.ctx)}{self.year.value()}年度报送材料包")
        return f"{name}.zip"

    def choose_path(self) -> None:
        """Ask where to save (a non-blocking file dialog)."""
        self.save_path.choose()

    def _form_phone_toggled(self, checked: bool) -> None:
        """Full phones only after the clerk confirms once; the audit log records it."""
        if not checked:
            return

        def answer(choice: int) -> None:
            if choice != 0:
                self.form_phone.setChecked(False)

        messages.ask(
            self, "完整联系电话", "登记表将列出各单位完整的联系电话，确定吗？",
            ["列出完整电话", "取消"], answer,
            informative="登记表报上级党组织，需要联系电话；生成记录会写入审计日志。",
        )  # fmt: skip

    def start(self) -> None:
        """Write the bundle in the background with a progress dialog."""
        out = self.save_path.chosen_file()
        if out is None:
            messages.warn(self, "报送材料包", "请选择保存位置（所在文件夹须已存在）。")
            return
        ctx, year, campaign = self.ctx, self.year.value(), self.campaign.currentData()
        form_phone = self.form_phone.isChecked()

        def work(progress: Any) -> Path:
            from brandoffice.reports.bundle import write_bundle

            return write_bundle(
                ctx, out, year=year, campaign=campaign, progress=progress, form_phone=form_phone
            )

        self.write.setEnabled(False)
        self.status.setText("正在生成…")
        self.runner.run(
            work, self._written, on_error=self._failed, on_cancel=self._cancelled, write=True,
            title="报送材料包", label="正在生成报送材料包…", with_progress=True, cancellable=True,
            cancelled="已取消，未生成材料包。",
        )  # fmt: skip

    def _written(self, path: Path) -> None:
        self.written = path
        self.write.setEnabled(True)
        self.show_folder.setEnabled(True)
        self.status.setText(f"已生成：{path}\n报送时附上这一个文件即可。")

    def _failed(self, exc: BaseException) -> None:
        self.write.setEnabled(True)
        self.status.setText("材料包未生成。")
        self.runner.show_error(exc, "报送材料包")

    def _cancelled(self) -> None:
        self.write.setEnabled(True)
        self.status.setText("已取消，未生成材料包。")

    def open_folder(self) -> None:
        """Show the folder holding the bundle."""
        if self.written is not None:
            open_file(self.written.parent)


def open_bundle_dialog(parent: QWidget | None, ctx: AppContext, runner: Any) -> BundleDialog:
    """Open the bundle dialog (window-modal, returns at once) for the main window's menu."""
    dialog = BundleDialog(ctx, runner, parent)
    dialog.resize(560, 300)
    dialog.open()
    return dialog
