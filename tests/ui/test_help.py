"""The user guide window and the shipped icons."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import help as ui_help
from ui.help import MAX_IMAGE_WIDTH, GuideDialog, join_chinese_lines, open_guide
from ui.icons import ICONS, icon
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def image_names(document: QTextDocument) -> list[str]:
    """Return the image names the laid-out guide refers to."""
    names: list[str] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(QTextImageFormat(fmt).name())
            it += 1
        block = block.next()
    return names


def test_guide_shows_the_chinese_text_and_its_screenshots(qtbot: QtBot) -> None:
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    browser = dialog.browser
    assert browser.source() == QUrl.fromLocalFile(str(ui_help.guide_path()))
    text = browser.toPlainText()
    assert text.startswith("党建品牌工作台 使用说明")
    assert "首次启动" in text and "备份与恢复" in text
    assert "党员，登记品牌" in text  # wrapped Chinese lines joined without a space
    names = image_names(browser.document())
    assert len(names) >= 8 and "images/01-welcome.png" in names
    image = browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(names[0]))
    assert isinstance(image, QImage) and not image.isNull()
    assert image.width() / image.devicePixelRatio() == MAX_IMAGE_WIDTH
    assert not dialog.back_button.isEnabled()


def test_a_missing_guide_is_explained(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui_help, "guide_path", lambda: tmp_path / "guide.md")
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    assert not dialog.load()
    assert "找不到使用指南文件" in dialog.browser.toPlainText()


def test_f1_opens_one_guide_beside_the_window(qtbot: QtBot, window: MainWindow) -> None:
    action = window.commands.guide
    assert action.shortcut().toString() == "F1"
    help_menu = window.menuBar().actions()[-1].menu()
    assert [a.text() for a in help_menu.actions() if a.text()] == [
        "使用指南",
        "欢迎与入门…",
        "关于",
    ]
    first = window.commands.show_guide()
    assert first.isVisible() and not first.isModal() and first.parent() is window
    assert open_guide(window) is first  # raised, not opened twice
    with qtbot.waitSignal(first.destroyed):
        first.close()
    assert window.findChild(GuideDialog) is None


def test_join_chinese_lines_keeps_lists_and_paragraphs() -> None:
    text = "管理党员，\n   登记品牌。\n- 第一项\n\n新段落 Ctrl+B\n下一行"
    assert join_chinese_lines(text) == "管理党员，登记品牌。\n- 第一项\n\n新段落 Ctrl+B\n下一行"
    assert not re.search(r"[^\x00-\x7f]\n[^\x00-\x7f]", join_chinese_lines("甲\n乙"))


@pytest.mark.parametrize("name", sorted(ICONS))
def test_every_icon_loads(qapp: QApplication, name: str) -> None:
    loaded = icon(name)
    assert not loaded.isNull(), name
    image = loaded.pixmap(24, 24).toImage()
    opaque = sum(image.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24))
    assert opaque > 20, f"{name} draws almost nothing"
    assert icon(name) is loaded  # loaded once


def test_unknown_icon_is_a_programming_error(qapp: QApplication) -> None:
    with pytest.raises(KeyError):
        icon("no-such-icon")
