"""The timeline tab: zoom buttons, a 今天 button, a legend and the timeline itself."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ui.calendar.timeline import TimelineView


class TimelinePanel(QWidget):
    """The timeline with zoom buttons (缩小, 放大, 适应宽度) and 今天."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = TimelineView(self)
        bar = QHBoxLayout()
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip in (
            ("out", "－ 缩小", "缩小（Ctrl+滚轮）"),
            ("in", "＋ 放大", "放大（Ctrl+滚轮）"),
            ("fit", "适应宽度", "整个活动排满一屏"),
            ("today", "今天", "滚动到今天"),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            bar.addWidget(button)
            self.buttons[key] = button
        self.buttons["out"].clicked.connect(
            lambda: self.view.set_pixels_per_day(self.view.pixels_per_day() / 1.4)
        )
        self.buttons["in"].clicked.connect(
            lambda: self.view.set_pixels_per_day(self.view.pixels_per_day() * 1.4)
        )
        self.buttons["fit"].clicked.connect(self.view.fit_width)
        self.buttons["today"].clicked.connect(self._today)
        bar.addStretch(1)
        bar.addWidget(
            QLabel(
                "◆ 任务截止日（颜色＝完成情况，红框＝截止日在休息日）　"
                "蓝线＝今天　浅红＝法定节假日",
                self,
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def _today(self) -> None:
        data = self.view.calendar()
        if data is not None:
            self.view.scroll_to(data.today)
