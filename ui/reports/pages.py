"""Page images of a report: a scrollable column of pages, and printing them on a QPrinter."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from brandoffice.reports import fonts, preview

PAGE_WIDTH_PX = 560
"""Width of a page on screen: an A4 page at about 70 % of its printed size."""
MAX_PREVIEW_PAGES = 30
"""More pages are not rendered for the preview."""


@dataclass(frozen=True)
class Rendered:
    """The preview of a written report.

    Attributes:
        pdf: The PDF of the (possibly shortened) preview copy.
        pages: Page images of the first pages.
        total: Pages of the preview copy.
        omitted: Table rows the preview copy left out (0: it is the whole report).
    """

    pdf: Path
    pages: list[Path]
    total: int
    omitted: int = 0


def render_preview(docx: Path, workdir: Path, tools: preview.Tools) -> Rendered:
    """Convert a (shortened) copy and render its first pages; runs in a worker thread."""
    folder = workdir / uuid.uuid4().hex[:8]
    folder.mkdir(parents=True)
    copy = folder / docx.name
    omitted = preview.shorten_for_preview(docx, copy, fonts=preview.preview_fonts(tools))
    pdf = preview.to_pdf(copy, folder, tools)
    total = preview.page_count(pdf)
    last = min(total or MAX_PREVIEW_PAGES, MAX_PREVIEW_PAGES)
    pages = preview.render_pages(pdf, folder, tools, last=last)
    return Rendered(pdf, pages, total or len(pages), omitted)


def register_installed_fonts() -> None:
    """Let the core read installed faces from Qt's font database (GUI thread only)."""
    fonts.set_installed(QFontDatabase.families())


def documents_folder() -> Path:
    """Return the user's documents folder (the default place to save)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def copy_into_place(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` through a temporary name, so no half file is left.

    Raises:
        OSError: The folder is not writable or the target is open in Word (Windows).
    """
    part = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.part")
    try:
        shutil.copyfile(source, part)
        os.replace(part, target)
    finally:
        with contextlib.suppress(OSError):
            part.unlink()


def open_file(path: Path) -> bool:
    """Open a file with the system's program (Word, WPS, LibreOffice, a PDF viewer)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class PageView(QScrollArea):
    """A vertical list of page images with a line of text above them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumSize(PAGE_WIDTH_PX + 40, 420)
        self._inner = QWidget(self)
        self._inner.setStyleSheet("background: #808080;")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._layout.setSpacing(12)
        self.setWidget(self._inner)
        self.note = QLabel(self._inner)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: white; background: transparent;")
        self.pages: list[QLabel] = []
        self.show_text("生成报告后在此预览。")

    def clear(self) -> None:
        """Remove the page images."""
        for label in self.pages:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.pages = []

    def show_text(self, text: str) -> None:
        """Show a line of text instead of (or above) the pages."""
        if self._layout.indexOf(self.note) < 0:
            self._layout.insertWidget(0, self.note)
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_pages(self, images: Sequence[Path], note: str = "") -> None:
        """Show page images, each scaled to the preview width."""
        self.clear()
        self.show_text(note)
        for path in images:
            pixmap = QPixmap(str(path))
            label = QLabel(self._inner)
            label.setFrameShape(QFrame.Shape.Box)
            if not pixmap.isNull():
                label.setPixmap(
                    pixmap.scaledToWidth(PAGE_WIDTH_PX, Qt.TransformationMode.SmoothTransformation)
                )
            label.setToolTip(path.stem)
            self._layout.addWidget(label)
            self.pages.append(label)


def print_images(printer: QPrinter, images: Sequence[Path]) -> int:
    """Print page images, one per sheet, each filling the paper (the PDF page has margins).

    Args:
        printer: A printer set up by the print dialog.
        images: Page images in order (rendered at print resolution).

    Returns:
        The number of pages sent.
    """
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    sent = 0
    try:
        for path in images:
            image = QImage(str(path))
            if image.isNull():
                continue
            if sent:
                printer.newPage()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
            target = _fit(image.width(), image.height(), paper)
            painter.drawImage(target, image)
            sent += 1
    finally:
        painter.end()
    return sent


def _fit(width: int, height: int, box: QRect) -> QRect:
    """The largest rectangle of the image's shape centred in ``box``."""
    scale = min(box.width() / max(width, 1), box.height() / max(height, 1))
    w, h = int(width * scale), int(height * scale)
    return QRect(box.x() + (box.width() - w) // 2, box.y() + (box.height() - h) // 2, w, h)
