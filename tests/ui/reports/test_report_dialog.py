"""The report and bundle dialogs: options, writing through the TaskRunner, preview, save, print."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from brandoffice.reports import preview
from brandoffice.reports.honours_list import latest_year
from brandoffice.reports.options import FULL, HIDDEN, MASKED
from brandoffice.services.context import AppContext
from brandoffice.services.settings import report_font_key
from tests.ui.conftest import Messages
from ui.reports import dialog as report_dialog
from ui.reports import open_bundle_dialog, open_report_dialog
from ui.reports.dialog import ReportDialog
from ui.reports.pages import Rendered
from ui.tasks import TaskRunner

FAKE_TOOLS = preview.Tools("soffice", False, None)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Files the dialogs open with the system's program (recorded, not opened)."""
    seen: list[Path] = []

    def fake_open(path: Path) -> bool:
        seen.append(path)
        return True

    monkeypatch.setattr(report_dialog, "open_file", fake_open)
    return seen


@pytest.fixture
def fake_preview(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Pretend the converter and the renderer made two page images of whatever was written."""
    written: list[Path] = []

    def render(docx: Path, workdir: Path, tools: preview.Tools) -> Rendered:
        written.append(docx)
        pages = []
        for i in (1, 2):
            image = QImage(210, 297, QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            pages.append(tmp_path / f"page-{i}.png")
            image.save(str(pages[-1]))
        return Rendered(tmp_path / "fake.pdf", pages, 2)

    monkeypatch.setattr(report_dialog.preview, "find_tools", lambda: FAKE_TOOLS)
    monkeypatch.setattr(report_dialog, "render_preview", render)
    monkeypatch.setattr(
        report_dialog.preview,
        "render_pages",
        lambda pdf, folder, tools, **kw: render(pdf, folder, tools).pages,
    )
    return written


def generate(qtbot: QtBot, dialog: ReportDialog) -> None:
    qtbot.mouseClick(dialog.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=60000)


def test_options_follow_the_kind(
    qtbot: QtBot, parent: QWidget, demo_ctx: AppContext, runner: TaskRunner
) -> None:
    dialog = open_report_dialog(parent, demo_ctx, runner, kind="progress")
    assert dialog.isVisible() and dialog.kind_key() == "progress"
    assert dialog.form.isRowVisible(dialog.campaign) and not dialog.form.isRowVisible(dialog.year)
    assert not dialog.form.isRowVisible(dialog.reveal)
    assert dialog.options().campaign == dialog.campaign.currentData() is not None
    dialog.kind.setCurrentIndex(dialog.kind.findData("honours"))
    assert dialog.form.isRowVisible(dialog.year) and dialog.form.isRowVisible(dialog.reveal)
    year = latest_year(demo_ctx)  # the latest year with honours is the default
    assert dialog.options().year == year and dialog.options().reveal_level == HIDDEN
    assert "表彰名单" in dialog.path.text() and f"{year}年度" in dialog.path.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("directory"))
    assert not any(
        dialog.form.isRowVisible(w) for w in (dialog.campaign, dialog.round, dialog.year)
    )
    dialog.reject()


def test_full_numbers_need_a_second_yes(
    qtbot: QtBot, parent: QWidget, demo_ctx: AppContext, runner: TaskRunner, msgs: Messages
) -> None:
    dialog = open_report_dialog(parent, demo_ctx, runner, kind="orgs")
    msgs.answers = [1]
    dialog.reveal.setCurrentIndex(dialog.reveal.findData(FULL))
    assert msgs.asked and dialog.reveal.currentData() == MASKED
    msgs.answers = [0]
    dialog.reveal.setCurrentIndex(dialog.reveal.findData(FULL))
    assert dialog.options().reveal_level == FULL
    dialog.reject()


def test_a_leader_gets_masked_numbers_at_most(
    qtbot: QtBot, parent: QWidget, demo_ctx: AppContext, runner: TaskRunner
) -> None:
    from ui.safety.access import Access

    parent.access = Access(role="领导", account="leader")  # type: ignore[attr-defined]
    dialog = open_report_dialog(parent, demo_ctx, runner, kind="orgs")
    levels = [dialog.reveal.itemData(i) for i in range(dialog.reveal.count())]
    assert levels == [HIDDEN, MASKED]
    dialog.reject()


def test_generate_preview_save_and_print(
    qtbot: QtBot,
    parent: QWidget,
    demo_ctx: AppContext,
    runner: TaskRunner,
    fake_preview: list[Path],
    msgs: Messages,
    tmp_path: Path,
) -> None:
    dialog = open_report_dialog(parent, demo_ctx, runner, kind="orgs")
    assert dialog.font_key() == "auto" and dialog.font_note.text()  # the choice and why
    windows = next(b for b in dialog.fonts.buttons() if b.property("fontKey") == "windows")
    windows.setChecked(True)
    assert dialog.font_note.text().startswith("按设置使用Windows 自带字体")
    assert not dialog.save.isEnabled()
    generate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.rendered is not None, timeout=30000)
    assert fake_preview == [dialog.written] and len(dialog.pages.pages) == 2
    assert "共 2 页" in dialog.pages.note.text()
    assert report_font_key(demo_ctx) == "windows"  # the choice is saved as the setting
    target = tmp_path / "out" / "组织架构.docx"
    target.parent.mkdir()
    dialog.path.setText(str(target))
    dialog.save.click()
    assert target.read_bytes() == dialog.written.read_bytes()
    assert "已保存" in dialog.status.text()
    dialog.save.click()  # a second save asks before replacing
    assert msgs.asked and "已存在" in msgs.asked[-1][1]
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    qtbot.waitUntil(lambda: "已发送 2 页" in dialog.status.text(), timeout=30000)
    assert (tmp_path / "printed.pdf").stat().st_size > 500
    workdir = dialog.workdir
    dialog.reject()
    qtbot.waitUntil(lambda: not workdir.exists())


def test_without_converter_the_report_opens_in_the_word_processor(
    qtbot: QtBot,
    parent: QWidget,
    demo_ctx: AppContext,
    runner: TaskRunner,
    opened: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    msgs: Messages,
) -> None:
    monkeypatch.setattr(
        report_dialog.preview, "find_tools", lambda: preview.Tools(None, False, None)
    )
    dialog = open_report_dialog(parent, demo_ctx, runner, kind="directory")
    generate(qtbot, dialog)
    assert opened == [dialog.written] and dialog.rendered is None
    note = dialog.pages.note.text()
    assert "没有找到 Word、WPS 或 LibreOffice" in note and "已用字处理软件打开" in note
    dialog.print.click()  # no page images: printing goes through the word processor
    assert msgs.texts("inform") and opened[-1] == dialog.written
    dialog.reject()


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_real_preview_with_libreoffice(
    qtbot: QtBot, parent: QWidget, demo_ctx: AppContext, runner: TaskRunner
) -> None:
    dialog = open_report_dialog(parent, demo_ctx, runner, kind="inspection")
    generate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.rendered is not None, timeout=120000)
    assert dialog.rendered is not None and dialog.rendered.total == 1
    assert len(dialog.pages.pages) == 1 and not dialog.pages.pages[0].pixmap().isNull()
    dialog.reject()


def test_bundle_dialog_writes_the_zip(
    qtbot: QtBot, parent: QWidget, demo_ctx: AppContext, runner: TaskRunner, tmp_path: Path
) -> None:
    dialog = open_bundle_dialog(parent, demo_ctx, runner)
    assert dialog.isVisible() and dialog.year.value() == 2026
    assert "2026年度报送材料包" in dialog.path.text()
    dialog.year.setValue(2025)
    dialog.path.setText(str(tmp_path / "材料包"))
    dialog.write.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=120000)
    assert dialog.written == tmp_path / "材料包.zip" and dialog.show_folder.isEnabled()
    with zipfile.ZipFile(dialog.written) as archive:
        assert "目录.txt" in archive.namelist()
    dialog.reject()


def test_shortened_preview_prints_through_the_word_processor(
    qtbot: QtBot,
    parent: QWidget,
    demo_ctx: AppContext,
    runner: TaskRunner,
    fake_preview: list[Path],
    opened: list[Path],
    msgs: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = report_dialog.render_preview

    def shortened(docx: Path, workdir: Path, tools: preview.Tools) -> Rendered:
        done = real(docx, workdir, tools)
        return Rendered(done.pdf, done.pages, done.total, omitted=9850)

    monkeypatch.setattr(report_dialog, "render_preview", shortened)
    dialog = open_report_dialog(parent, demo_ctx, runner, kind="directory")
    generate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.rendered is not None, timeout=30000)
    assert "省略了长表格的 9850 行" in dialog.pages.note.text()
    dialog.print.click()
    assert "报告较长" in msgs.texts("inform")[-1] and opened == [dialog.written]
    dialog.reject()
