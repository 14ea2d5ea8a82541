"""The logo field of the brand editor: an image (shown as a thumbnail) and/or a text logo."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandoffice.services import brand_view
from brandoffice.services.context import AppContext
from ui import file_dialogs
from ui.orgs.widgets import ErrorLabel
from ui.readonly import enable

THUMB = 120
MAX_BYTES = 5 * 1024 * 1024
IMAGE_FILTER = "图片 (*.png *.jpg *.jpeg *.bmp *.gif);;所有文件 (*)"


@dataclass(frozen=True)
class LogoValue:
    """The logo as edited: a stored attachment, a newly chosen image, or none.

    Attributes:
        attachment_id: The stored image kept (None when removed or replaced).
        data: A newly chosen image not yet stored.
        mime: The new image's MIME type.
    """

    attachment_id: int | None = None
    data: bytes | None = None
    mime: str | None = None

    def key(self) -> tuple[str, object] | None:
        """Return what tells two logos apart (for dirty checks)."""
        if self.data is not None:
            return ("new", brand_view.logo_digest(self.data))
        if self.attachment_id is not None:
            return ("id", self.attachment_id)
        return None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LogoValue) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    @property
    def has_image(self) -> bool:
        """Tell whether there is an image (stored or new)."""
        return self.key() is not None


class LogoBox(QWidget):
    """Thumbnail with 选择图片…/移除图片, and a line for a text logo (文字标识).

    Signals:
        edited(): The image or the text changed.
    """

    edited = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._value = LogoValue()
        self.thumb = QLabel(self)
        self.thumb.setFixedSize(THUMB, THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setFrameShape(QFrame.Shape.StyledPanel)
        self.thumb.setStyleSheet("background: #fafafa; color: #999;")
        self.choose_button = QPushButton("选择图片…", self)
        self.remove_button = QPushButton("移除图片", self)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("文字标识或标识说明（也可只用文字作标识）")
        self.error = ErrorLabel(self)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        self.text.textEdited.connect(lambda _t: self.edited.emit())
        side = QVBoxLayout()
        side.addWidget(self.choose_button)
        side.addWidget(self.remove_button)
        side.addWidget(QLabel("文字标识：", self))
        side.addWidget(self.text)
        side.addWidget(self.error)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumb)
        layout.addLayout(side, 1)
        self._show()

    def value(self) -> LogoValue:
        """Return the image part of the logo."""
        return self._value

    def set_value(self, value: LogoValue, text: str | None) -> None:
        """Show a logo (no ``edited``)."""
        self._value = value
        self.text.setText(text or "")
        self.error.set_message(None)
        self._show()

    def logo_text(self) -> str:
        """Return the text logo as typed."""
        return self.text.text().strip()

    def choose(self) -> None:
        """Ask for an image file and show it (stored when the brand is saved)."""
        path, _ = file_dialogs.get_open_file_name(self, "选择品牌标识图片", "", IMAGE_FILTER)
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Use an image file as the logo; explain next to the field when it cannot be used."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.error.set_message(f"无法读取“{path.name}”：{exc.strerror or exc}")
            return False
        if len(data) > MAX_BYTES:
            self.error.set_message(f"图片过大（{len(data) // 1024} KB），请选择 5 MB 以内的图片")
            return False
        if QPixmap().loadFromData(data) is False:
            self.error.set_message(f"“{path.name}”不是可识别的图片文件")
            return False
        mime = mimetypes.guess_type(path.name)[0] or "image/png"
        self._value = LogoValue(None, data, mime)
        self.error.set_message(None)
        self._show()
        self.edited.emit()
        return True

    def remove(self) -> None:
        """Drop the image (the text logo stays)."""
        if self._value.has_image:
            self._value = LogoValue()
            self._show()
            self.edited.emit()

    def _show(self) -> None:
        data = self._value.data
        if data is None and self._value.attachment_id is not None:
            data = brand_view.load_attachment(self.ctx, self._value.attachment_id)
        pixmap = QPixmap()
        if data is not None and pixmap.loadFromData(data):
            self.thumb.setPixmap(
                pixmap.scaled(
                    THUMB - 8,
                    THUMB - 8,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.thumb.clear()
            self.thumb.setText("无图片")
        enable(self.remove_button, self._value.has_image)
