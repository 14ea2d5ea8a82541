"""Coverage and quotas: communities without a brand, working committees without a new one."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brandoffice.services.context import AppContext
from brandoffice.services.coverage import Coverage, QuotaLine, UncoveredUnit, coverage
from ui.brands.common import RowTableModel
from ui.headers import keep_columns
from ui.orgs.runner import Runner
from ui.widgets import spin_box, table_view

MET_COLOUR, MISSED_COLOUR = "#1e8449", "#c0392b"


class UncoveredModel(RowTableModel[UncoveredUnit]):
    """Communities with no live brand."""

    HEADERS = ("社区党组织", "书记")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def cell(self, row: UncoveredUnit, column: int) -> str:
        """Return the unit's name or secretary."""
        return row.name if column == 0 else (row.secretary or "")


class QuotaModel(RowTableModel[QuotaLine]):
    """Each working committee's new brands of the year."""

    HEADERS = ("党（工）委", "本年新增品牌", "完成")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def cell(self, row: QuotaLine, column: int) -> str:
        """Return the committee's name, its count, or ✓/✗."""
        return (row.name, str(row.new_brands), "✓" if row.met else "✗ 未完成")[column]

    def sort_value(self, row: QuotaLine, column: int) -> object:
        """Sort counts as numbers."""
        return row.new_brands if column == 1 else self.cell(row, column)

    def colour(self, row: QuotaLine, column: int) -> QColor | None:
        """Colour the 完成 column green or red."""
        if column != 2:
            return None
        return QColor(MET_COLOUR if row.met else MISSED_COLOUR)


def _table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    view = table_view(parent, model)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setAlternatingRowColors(True)
    keep_columns(view)
    return view


class CoveragePanel(QWidget):
    """一个社区一个品牌 and the yearly quota, for a chosen year."""

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.year = spin_box(self, 2000, 2100, ctx.today().year, " 年")
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.uncovered = UncoveredModel(self)
        self.quotas = QuotaModel(self)
        self.uncovered_view = _table(self, self.uncovered)
        self.quota_view = _table(self, self.quotas)
        self.quota_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.quota_view.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents
        )
        left = QGroupBox("尚无品牌的社区（一个社区一个品牌）", self)
        QVBoxLayout(left).addWidget(self.uncovered_view)
        right = QGroupBox("党（工）委年度品牌指标（每年至少新增一个）", self)
        QVBoxLayout(right).addWidget(self.quota_view)
        top = QHBoxLayout()
        top.addWidget(QLabel("覆盖与指标 年度：", self))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        boxes = QHBoxLayout()
        boxes.addWidget(left, 1)
        boxes.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(boxes, 1)
        self.result: Coverage | None = None

    def reload(self) -> None:
        """Compute coverage for the chosen year off the UI thread."""
        ctx, year = self.ctx, self.year.value()
        self.runner.run(lambda: coverage(ctx, year), self._show, title="覆盖与指标")

    def _show(self, result: Coverage) -> None:
        self.result = result
        self.uncovered.set_rows(result.uncovered)
        self.quotas.set_rows(result.quotas)
        missed = sum(1 for q in result.quotas if not q.met)
        self.summary.setText(
            f"社区 {result.communities} 个，已有品牌 {result.covered} 个，"
            f"尚无品牌 {len(result.uncovered)} 个；"
            f"{result.year}年未完成新增品牌指标的党（工）委 {missed} 个"
        )
