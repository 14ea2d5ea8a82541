"""The charts tab: four progress charts built off the UI thread, drawn on Qt canvases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from brandoffice.services.context import AppContext
from ui import file_dialogs, messages
from ui.orgs.runner import Runner

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SLOTS = ("phase", "progress", "brands", "rates")
"""The four places of the tab; ``rates`` shows the unit, sector or 党(工)委 chart."""


DEFAULT_WIDTH_IN = 8.0
"""Chart width in inches before the tab has been laid out."""


def build_figures(
    ctx: AppContext,
    campaign_id: int,
    name: str,
    rates: str,
    org_ids: list[int] | None,
    width: float = DEFAULT_WIDTH_IN,
) -> dict[str, Figure]:
    """Build the four figures (runs in a worker: Figure objects only, no canvas)."""
    from brandoffice.charts.adapters import chart_figure

    kinds = {"phase": "phase", "progress": "progress", "brands": "brands", "rates": rates}
    return {
        slot: chart_figure(
            ctx,
            kind,
            campaign_id,
            org_ids=org_ids if kind == "unit" else None,
            campaign_name=name,
            width=width,
        )
        for slot, kind in kinds.items()
    }


class ChartsTab(QWidget):
    """Completion by phase, by unit or sector, progress against plan, brands by status and level.

    matplotlib and its Qt canvas are imported only when the tab is first shown.
    """

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.figures: dict[str, Figure] = {}
        self.canvases: dict[str, Any] = {}
        self._campaign: tuple[int, str] | None = None
        self._org_ids: list[int] | None = None
        self._dirty = True
        self.rates = QComboBox(self)
        self.rates.addItem("按单位（随筛选）", "unit")
        self.rates.addItem("按领域", "sector")
        self.rates.addItem("按党（工）委（全区活动）", "area")
        self.rates.currentIndexChanged.connect(lambda _i: self.invalidate())
        refresh = QPushButton("刷新图表", self)
        refresh.clicked.connect(self.build)
        self.status = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("完成率图：", self))
        bar.addWidget(self.rates)
        bar.addWidget(refresh)
        bar.addWidget(self.status, 1)
        self.column = QVBoxLayout()
        self.holders: dict[str, QVBoxLayout] = {}
        self.export_buttons: list[QPushButton] = []
        for slot in SLOTS:
            box = QVBoxLayout()
            export = QPushButton("导出图片…", self)
            export.setToolTip("把这张图保存为 PNG 图片")
            export.clicked.connect(lambda _=False, s=slot: self.choose_export(s))
            self.export_buttons.append(export)
            row = QHBoxLayout()
            row.addWidget(export)
            row.addStretch(1)
            box.addLayout(row)
            self.holders[slot] = box
            self.column.addLayout(box)
        self.column.addStretch(1)
        inner = QWidget(self)
        inner.setLayout(self.column)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(inner)
        self.scroll_area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)

    def set_campaign(self, campaign_id: int | None, name: str, org_ids: list[int] | None) -> None:
        """Chart another campaign or filter; rebuilt now if shown, else when next shown."""
        self._campaign = (campaign_id, name) if campaign_id is not None else None
        self._org_ids = org_ids
        self.invalidate()

    def invalidate(self) -> None:
        """Mark the charts stale; rebuild at once when the tab is visible."""
        self._dirty = True
        if self.isVisible():
            self.build()

    def showEvent(self, event: QShowEvent) -> None:
        """Build on first show (keeps matplotlib off the start-up path)."""
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            QTimer.singleShot(0, self.build)  # after layout, so the width is known

    def build(self) -> None:
        """Build the figures in the runner, then put them on canvases on the UI thread."""
        self._dirty = False
        if self._campaign is None:
            self.status.setText("没有创建活动，无法生成图表。")
            return
        ctx, (cid, name), org_ids = self.ctx, self._campaign, self._org_ids
        rates = str(self.rates.currentData())
        room = self.scroll_area.viewport().width() - 60  # room for a vertical scroll bar
        width = min(max(room / 100, 5.5), 11.0) if self.isVisible() else DEFAULT_WIDTH_IN
        self.status.setText("正在生成图表…")
        self.runner.run(
            lambda: build_figures(ctx, cid, name, rates, org_ids, width),
            self._show,
            title="生成图表",
        )

    def _show(self, figures: dict[str, Figure]) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        canvas_type: Any = FigureCanvasQTAgg  # matplotlib's Qt canvas has no annotations

        for slot, figure in figures.items():
            old = self.canvases.pop(slot, None)
            if old is not None:
                self.holders[slot].removeWidget(old)
                old.setParent(None)
                old.deleteLater()
            canvas = canvas_type(figure)
            width, height = figure.get_size_inches() * figure.dpi
            canvas.setFixedSize(int(width), int(height))
            self.holders[slot].insertWidget(0, canvas, 0, Qt.AlignmentFlag.AlignLeft)
            self.canvases[slot] = canvas
        self.figures = figures
        self.status.setText("")

    def choose_export(self, slot: str) -> QFileDialog | None:
        """Ask where to save one chart as PNG."""
        if slot not in self.figures:
            messages.warn(self, "导出图片", "图表尚未生成")
            return None
        return file_dialogs.open_save_dialog(
            self, "导出图片", "", "PNG 图片 (*.png)", "png", lambda path: self.export(slot, path)
        )

    def export(self, slot: str, path: str) -> None:
        """Save one chart as PNG (on the UI thread: its canvas belongs to this thread)."""
        from brandoffice.charts.common import save_png

        try:
            save_png(self.figures[slot], path)
        except OSError as exc:
            messages.warn(self, "导出图片", f"无法保存图片：{exc}")
            return
        messages.inform(self, "导出图片", f"已保存：{path}")
