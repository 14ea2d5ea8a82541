"""The user guide (resources/help/guide.md) in a non-modal window with its screenshots."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from brandoffice.paths import resource
from ui.icons import icon
from ui.widgets import stack

GUIDE_TITLE = "使用指南"
MAX_IMAGE_WIDTH = 760
"""Screenshots are 1280 px wide; shown at this width they fit the window without scrolling."""
# A line break inside a Chinese paragraph is no space (Markdown would render one): join
# lines where both sides are Chinese text; list items and headings start with ASCII marks.
_CJK_SOFT_BREAK = re.compile(r"([^\x00-\x7f])\n[ \t]*(?=[^\x00-\x7f\s])")


def join_chinese_lines(markdown: str) -> str:
    """Return ``markdown`` without the line breaks that wrap a Chinese paragraph."""
    return _CJK_SOFT_BREAK.sub(r"\1", markdown)


def guide_path() -> Path:
    """Return the guide's Markdown file (a real file in a checkout and in the bundle)."""
    return Path(str(resource("help", "guide.md")))


class GuideBrowser(QTextBrowser):
    """A text browser for Markdown in Chinese, shrinking wide images to fit."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Load a resource: Chinese soft line breaks joined, wide images scaled down smoothly."""
        data = super().loadResource(kind, name)
        if kind == QTextDocument.ResourceType.MarkdownResource.value and data is not None:
            text = data if isinstance(data, str) else bytes(data).decode("utf-8")
            return join_chinese_lines(text)
        if kind != QTextDocument.ResourceType.ImageResource.value or data is None:
            return data
        image = data if isinstance(data, QImage) else QImage.fromData(data)
        if image.isNull() or image.width() <= MAX_IMAGE_WIDTH:
            return data
        ratio = self.devicePixelRatioF()
        smooth = Qt.TransformationMode.SmoothTransformation
        scaled = image.scaledToWidth(round(MAX_IMAGE_WIDTH * ratio), smooth)
        scaled.setDevicePixelRatio(ratio)
        return scaled


class GuideDialog(QDialog):
    """The Chinese user guide, with 返回, 回到目录 and 关闭; stays open beside the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(GUIDE_TITLE)
        self.setWindowIcon(icon("help"))
        self.browser = GuideBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDocumentMargin(16)
        buttons = QDialogButtonBox()
        self.back_button = QPushButton("返回")
        self.back_button.setEnabled(False)
        self.top_button = QPushButton("回到开头")
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.top_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.back_button.clicked.connect(self.browser.backward)
        self.top_button.clicked.connect(self.browser.home)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        stack(self, (self.browser, 1), buttons)
        self.load()

    def load(self) -> bool:
        """Show the guide; False (and a note in the window) when its file is missing."""
        path = guide_path()
        if not path.is_file():
            self.browser.setPlainText(
                f"找不到使用指南文件：\n{path}\n\n程序安装可能不完整，请重新安装。"
            )
            return False
        self.browser.setSource(
            QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource
        )
        return True

    def sizeHint(self) -> QSize:
        """Wide enough for the screenshots, tall enough to read a section."""
        return QSize(MAX_IMAGE_WIDTH + 80, 720)


def open_guide(parent: QWidget | None = None) -> GuideDialog:
    """Show the guide beside ``parent`` (non-modal); an open guide is raised instead.

    Args:
        parent: The main window.

    Returns:
        The guide window (deleted when closed).
    """
    existing = parent.findChild(GuideDialog) if parent is not None else None
    if isinstance(existing, GuideDialog):
        dialog = existing
    else:
        dialog = GuideDialog(parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(dialog.sizeHint())
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
