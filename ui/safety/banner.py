"""The read-only banner above the pages and the cover shown while the window is locked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.icons import icon


class Banner(QLabel):
    """A yellow strip across the window saying why it is read-only (hidden when editable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(
            "QLabel#readOnlyBanner { background: #fff4ce; color: #5c4400;"
            " border-bottom: 1px solid #e0c060; padding: 6px 12px; font-weight: bold; }"
        )
        self.hide()

    def set_message(self, text: str | None) -> None:
        """Show ``text``, or hide the banner when None."""
        self.setText(text or "")
        self.setVisible(bool(text))


class LockCover(QWidget):
    """What the window shows instead of its pages while nobody is signed in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        badge = QLabel()
        badge.setPixmap(icon("app").pixmap(96, 96))
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("党建品牌工作台")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big = title.font()
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        title.setFont(big)
        title.setStyleSheet("color: #c0392b;")
        self.text = QLabel("请登录")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        larger = self.text.font()
        larger.setPointSizeF(larger.pointSizeF() * 1.2)
        self.text.setFont(larger)
        self.text.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addStretch(1)
        layout.addWidget(badge)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addStretch(2)

    def set_text(self, text: str) -> None:
        """Say why the window is covered (请登录, 窗口已锁定 …)."""
        self.text.setText(text)
