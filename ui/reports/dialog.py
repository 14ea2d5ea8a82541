"""The report dialog: choose a report and its options, write it, preview, save and print it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from brandoffice.office import UNSET_HINT
from brandoffice.reports import preview
from brandoffice.reports.fonts import AUTO, FONT_PREFERENCES, choose_fonts
from brandoffice.reports.kinds import CAMPAIGN, REPORT_KINDS, ROUND, YEAR, default_file_name
from brandoffice.reports.options import FULL, HIDDEN, REVEAL_LABELS, ReportOptions
from brandoffice.safety.permissions import Action
from brandoffice.services.context import AppContext
from brandoffice.services.settings import (
    REPORT_FONTS,
    office_identity,
    report_font_key,
    set_setting,
)
from ui import messages
from ui.reports.pages import (
    PageView,
    Rendered,
    copy_into_place,
    open_file,
    print_images,
    register_installed_fonts,
    render_preview,
)
from ui.reports.save_path import SavePath
from ui.safety.access import access_of
from ui.widgets import spin_box

DOCX_FILTER = "Word 文档 (*.docx)"


class ReportDialog(QDialog):
    """Writes a leader report to a temporary file, previews it, then saves or prints it.

    Args:
        ctx: Services' context.
        runner: The shell's TaskRunner (anything with its ``run`` signature).
        kind: The report kind to start with.
        parent: The window.
    """

    def __init__(
        self, ctx: AppContext, runner: Any, kind: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        register_installed_fonts()
        self.tools = preview.find_tools()
        self.workdir = Path(tempfile.mkdtemp(prefix="bo_report_"))
        self.written: Path | None = None
        self.saved: Path | None = None
        self.rendered: Rendered | None = None
        self.setWindowTitle("生成报告")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._build()
        self._load_choices()
        if kind in REPORT_KINDS:
            self.kind.setCurrentIndex(list(REPORT_KINDS).index(kind))
        self._kind_changed()
        self.finished.connect(self._cleanup)

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        self.kind = QComboBox(self)
        for key, kind in REPORT_KINDS.items():
            self.kind.addItem(kind.label, key)
        self.campaign, self.round = QComboBox(self), QComboBox(self)
        self.year = spin_box(self, 2000, self.ctx.today().year + 1, suffix=" 年度")
        self.reveal = QComboBox(self)
        may_reveal = access_of(self).may(Action.REVEAL)  # a 领导 gets masked numbers at most
        for level, label in REVEAL_LABELS.items():
            if level != FULL or may_reveal:
                self.reveal.addItem(label, level)
        self.fonts = QButtonGroup(self)
        font_box = QVBoxLayout()
        current = report_font_key(self.ctx)
        for key, label in FONT_PREFERENCES.items():
            button = QRadioButton(label, self)
            button.setProperty("fontKey", key)
            button.setChecked(key == current)
            self.fonts.addButton(button)
            font_box.addWidget(button)
        self.font_note = QLabel(self)
        self.font_note.setWordWrap(True)
        self.font_note.setStyleSheet("color: #555;")
        font_box.addWidget(self.font_note)
        self.fonts.buttonToggled.connect(lambda *_: self._fonts_changed())
        self._fonts_changed()
        self.save_path = SavePath(self, "保存报告", DOCX_FILTER, "docx")
        self.path = self.save_path.edit
        self.form = QFormLayout()
        self.form.addRow("报告种类", self.kind)
        self.form.addRow("创建活动", self.campaign)
        self.form.addRow("评审", self.round)
        self.form.addRow("年度", self.year)
        self.form.addRow("身份证号和电话", self.reveal)
        self.form.addRow("字体", font_box)
        self.form.addRow("保存为", self.save_path.row)
        self.generate = QPushButton("生成并预览", self)
        self.generate.setDefault(True)
        self.generate.clicked.connect(self.start)
        self.pages = PageView(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.save = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.print = buttons.addButton("打印…", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_external = buttons.addButton(
            "用字处理软件打开", QDialogButtonBox.ButtonRole.ActionRole
        )
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.save.clicked.connect(self.save_report)
        self.print.clicked.connect(self.print_report)
        self.open_external.clicked.connect(self.open_in_word_processor)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._office_row())
        layout.addLayout(self.form)
        layout.addWidget(self.generate, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._set_ready(False)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for combo in (self.campaign, self.round):
            combo.currentIndexChanged.connect(self._suggest_name)
        self.year.valueChanged.connect(self._suggest_name)
        self.reveal.currentIndexChanged.connect(self._reveal_changed)

    def _office_row(self) -> QHBoxLayout:
        """A warning while the office is unset: documents would be signed with a placeholder."""
        self.office_warning = QLabel(f"{UNSET_HINT}请先设置本单位信息。", self)
        self.office_warning.setWordWrap(True)
        self.office_warning.setStyleSheet("color: #b3261e;")
        self.office_button = QPushButton("设置本单位信息…", self)
        self.office_button.clicked.connect(self.edit_office)
        row = QHBoxLayout()
        row.addWidget(self.office_warning, 1)
        row.addWidget(self.office_button)
        self.refresh_office()
        return row

    def refresh_office(self) -> None:
        """Show the warning only while the office is unset."""
        unset = not office_identity(self.ctx).is_set
        self.office_warning.setVisible(unset)
        self.office_button.setVisible(unset)

    def edit_office(self) -> None:
        """Open 本单位信息 over the main window; the warning goes once it is saved."""
        window = self.parentWidget()
        commands = getattr(window, "commands", None)
        if commands is None:
            return
        dialog = commands.show_office()
        dialog.accepted.connect(
            lambda: self.office_warning.setText("本单位信息已设置，请重新生成。")
        )
        dialog.accepted.connect(self.office_button.hide)

    def _load_choices(self) -> None:
        from brandoffice.reports import honours_list, inspection_report
        from brandoffice.services.campaigns import CampaignService
        from brandoffice.services.reviews import ReviewService

        for c in CampaignService(self.ctx).campaigns():
            self.campaign.addItem(c.name, c.id)
        for r in ReviewService(self.ctx).rounds():
            self.round.addItem(r.name, r.id)
        self._years = {
            "inspection": inspection_report.latest_year(self.ctx),
            "honours": honours_list.latest_year(self.ctx),
        }

    # -- options -------------------------------------------------------------------
    def kind_key(self) -> str:
        """Return the chosen report kind."""
        return str(self.kind.currentData())

    def options(self) -> ReportOptions:
        """Return the options as chosen."""
        kind = REPORT_KINDS[self.kind_key()]
        return ReportOptions(
            campaign=self.campaign.currentData() if kind.needs == CAMPAIGN else None,
            review_round=self.round.currentData() if kind.needs == ROUND else None,
            year=self.year.value() if kind.needs == YEAR else None,
            reveal_level=int(self.reveal.currentData()) if kind.personal else HIDDEN,
        )

    def font_key(self) -> str:
        """Return the chosen font preference (``auto``, ``gb2312`` or ``windows``)."""
        button = self.fonts.checkedButton()
        return str(button.property("fontKey")) if button else AUTO

    def _fonts_changed(self) -> None:
        """Say which faces the documents will name and why (from Qt's font database)."""
        self.font_note.setText(choose_fonts(self.font_key()).reason)

    def _kind_changed(self) -> None:
        kind = REPORT_KINDS[self.kind_key()]
        for widget, need in ((self.campaign, CAMPAIGN), (self.round, ROUND), (self.year, YEAR)):
            self.form.setRowVisible(widget, kind.needs == need)
        if kind.needs == YEAR:
            self.year.setValue(self._years.get(kind.key, self.ctx.today().year))
        self.form.setRowVisible(self.reveal, kind.personal)
        missing = {CAMPAIGN: self.campaign, ROUND: self.round}.get(kind.needs or "")
        self.generate.setEnabled(missing is None or missing.count() > 0)
        if missing is not None and missing.count() == 0:
            self.status.setText(
                "还没有创建活动。" if kind.needs == CAMPAIGN else "还没有评审记录。"
            )
        else:
            self.status.clear()
        self._suggest_name()

    def _suggest_name(self) -> None:
        self.save_path.suggest(self._default_name)

    def _default_name(self) -> str:
        kind = REPORT_KINDS[self.kind_key()]
        detail = {
            CAMPAIGN: self.campaign.currentText(),
            ROUND: self.round.currentText(),
            YEAR: f"{self.year.value()}年度",
        }.get(kind.needs or "", "")
        return default_file_name(self.ctx, kind.key, detail)

    def _reveal_changed(self) -> None:
        """Full numbers only after a second question: “masked unless asked twice”."""
        if self.reveal.currentData() != FULL:
            return

        def answer(choice: int) -> None:
            if choice != 0:
                self.reveal.setCurrentIndex(self.reveal.findData(FULL - 1))

        messages.ask(
            self, "显示完整号码", "报告中将列出完整的身份证号和电话号码，确定吗？",
            ["显示完整号码", "取消"], answer,
            informative="完整号码属于个人信息，仅在确有需要时使用；生成记录会写入审计日志。",
        )  # fmt: skip

    def choose_path(self) -> None:
        """Ask where to save (a non-blocking file dialog)."""
        self.save_path.choose()

    # -- writing and preview -----------------------------------------------------
    def start(self) -> None:
        """Write the report in the background, then preview it."""
        ctx, key, options, fonts = self.ctx, self.kind_key(), self.options(), self.font_key()
        self.refresh_office()
        out = self.workdir / default_file_name(ctx, key)
        self._set_ready(False)
        self.generate.setEnabled(False)
        self.pages.clear()
        self.pages.show_text("正在生成报告…")

        def work(progress: Any) -> Path:
            from brandoffice.reports.kinds import write_report

            if fonts != report_font_key(ctx):
                set_setting(ctx, REPORT_FONTS, fonts)
            return write_report(ctx, key, out, options, progress)

        label = REPORT_KINDS[key].label
        self.runner.run(
            work, self._written, on_error=self._write_failed, write=True, title="生成报告",
            label=f"正在生成{label}…", with_progress=True, cancellable=True,
            on_cancel=self._write_cancelled, cancelled=f"已取消生成{label}，没有写入文件。",
        )  # fmt: skip

    def _written(self, path: Path) -> None:
        self.written, self.saved, self.rendered = path, None, None
        self.generate.setEnabled(True)
        self._set_ready(True)
        if not self.tools.can_preview:
            self.pages.show_text(f"{self.tools.missing}。已用字处理软件打开报告。")
            self.status.setText("报告已生成：请检查后按“保存”。")
            open_file(path)
            return
        self.pages.show_text("报告已生成，正在生成预览…")
        tools, workdir = self.tools, self.workdir
        self.runner.run(
            lambda: render_preview(path, workdir, tools), self._show_preview,
            on_error=self._preview_failed, title="预览", label="正在生成预览…",
        )  # fmt: skip

    def _write_failed(self, exc: BaseException) -> None:
        self.generate.setEnabled(True)
        self.pages.show_text("报告未生成。")
        self.runner.show_error(exc, "生成报告")

    def _write_cancelled(self) -> None:
        self.generate.setEnabled(True)
        self.pages.show_text("已取消，报告没有生成。")

    def _show_preview(self, rendered: Rendered) -> None:
        self.rendered = rendered
        note = f"共 {rendered.total} 页"
        if rendered.omitted:
            note += f"（预览省略了长表格的 {rendered.omitted} 行，保存的文件完整）"
        if rendered.total > len(rendered.pages):
            note += f"，此处预览前 {len(rendered.pages)} 页；全文请用字处理软件查看"
        self.pages.show_pages(rendered.pages, note + "。")
        self.status.setText("请检查预览，然后保存或打印。")

    def _preview_failed(self, exc: BaseException) -> None:
        self.pages.show_text(f"无法预览：{messages.text_of(exc)}\n可按“用字处理软件打开”查看报告。")

    def _set_ready(self, ready: bool) -> None:
        for button in (self.save, self.print, self.open_external):
            button.setEnabled(ready)

    # -- save, open, print ---------------------------------------------------------
    def save_report(self) -> None:
        """Copy the written report to the chosen file (asking before replacing one)."""
        if self.written is None:
            return
        target = self.save_path.chosen_file()
        if target is None:
            messages.warn(self, "保存报告", "请选择保存位置（所在文件夹须已存在）。")
            return
        if target.exists():
            messages.ask(
                self, "保存报告", f"“{target.name}”已存在，要替换吗？", ["替换", "取消"],
                lambda choice: self._copy_to(target) if choice == 0 else None,
            )  # fmt: skip
            return
        self._copy_to(target)

    def _copy_to(self, target: Path) -> None:
        assert self.written is not None
        try:
            copy_into_place(self.written, target)
        except OSError as exc:
            messages.warn(
                self, "保存报告", f"无法保存到 {target}：{exc.strerror or exc}\n"
                "文件可能正在 Word/WPS 中打开，请关闭后重试。",
            )  # fmt: skip
            return
        self.saved = target
        self.status.setText(f"已保存到：{target}")

    def open_in_word_processor(self) -> None:
        """Open the saved file (or the written one) in the system's word processor."""
        path = self.saved or self.written
        if path is not None and not open_file(path):
            messages.warn(self, "打开报告", "没有找到能打开 Word 文档的程序。")

    def print_report(self) -> None:
        """Print the pages through the system print dialog, or via the word processor."""
        if self.written is None:
            return
        if self.rendered is None or self.rendered.omitted:
            why = "报告较长，预览省略了部分表格行" if self.rendered else "本机无法生成页面图像"
            messages.inform(self, "打印", f"{why}，请在打开的字处理软件中打印完整的报告。")
            self.open_in_word_processor()
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def print_to(self, printer: QPrinter) -> None:
        """Render every page at print resolution in the background, then print them."""
        rendered, tools = self.rendered, self.tools
        assert rendered is not None
        folder = rendered.pdf.parent / "print"

        def work() -> list[Path]:
            return preview.render_pages(rendered.pdf, folder, tools, dpi=preview.PRINT_DPI)

        def send(images: list[Path]) -> None:
            sent = print_images(printer, images)
            self.status.setText(f"已发送 {sent} 页到打印机。")

        self.runner.run(work, send, title="打印", label="正在准备打印页面…")

    def _cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def open_report_dialog(
    parent: QWidget | None, ctx: AppContext, runner: Any, kind: str | None = None
) -> ReportDialog:
    """Open the report dialog (window-modal, returns at once) for the main window's menu.

    Args:
        parent: The main window.
        ctx: Services' context.
        runner: The shell's TaskRunner.
        kind: A key of ``brandoffice.reports.kinds.REPORT_KINDS`` to preselect.

    Returns:
        The open dialog (deleted when closed).
    """
    dialog = ReportDialog(ctx, runner, kind, parent)
    dialog.resize(720, 860)
    dialog.open()
    return dialog
