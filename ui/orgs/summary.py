"""The 品牌与进度 tab: a unit's brands and, in brief, its campaign task progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QObject, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brandoffice.model.vocab import OVERDUE, ProgressStatus
from brandoffice.services.brands import BrandService
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.rows import BrandRow
from ui import messages
from ui.headers import keep_columns
from ui.list_model import ListTableModel
from ui.orgs.runner import Runner
from ui.orgs.widgets import ERROR_COLOUR
from ui.roles import ROW_ROLE, SORT_ROLE, AnyIndex
from ui.widgets import table_view

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    """One unit's standing in one campaign."""

    campaign: str
    done: int
    total: int
    overdue: int


def progress_of(ctx: AppContext, org_id: int) -> list[CampaignProgress]:
    """Count a unit's done, applicable and overdue tasks per campaign (runs off the UI thread)."""
    service = CampaignService(ctx)
    found = []
    for campaign in service.campaigns():
        mine = [p for p in service.progress(campaign.id) if p.org_id == org_id]
        counted = [p for p in mine if p.status != ProgressStatus.NOT_APPLICABLE.value]
        if not counted:
            continue
        done = sum(p.status == ProgressStatus.DONE.value for p in counted)
        overdue = sum(p.shown_status == OVERDUE for p in counted)
        found.append(CampaignProgress(campaign.name, done, len(counted), overdue))
    return found


class RowsModel(ListTableModel[T]):
    """A read-only table over frozen rows, one getter per column."""

    def __init__(
        self, columns: Sequence[tuple[str, Callable[[T], Any]]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self.HEADERS = [c[0] for c in columns]

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row (a reset)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the text, the row or the native value of a cell."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        value = self._columns[index.column()][1](row)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return value
        return None


def _table(model: QAbstractTableModel, parent: QWidget) -> QTableView:
    view = table_view(parent, model)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    keep_columns(view)
    return view


class SummaryPanel(QWidget):
    """Brands (name, status, level) and task progress of the selected unit."""

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._org_id: int | None = None
        self.brands: RowsModel[BrandRow] = RowsModel(
            [
                ("品牌名称", lambda b: b.name),
                ("状态", lambda b: b.status),
                ("级别", lambda b: b.level or "未命名"),
                ("创建年度", lambda b: b.year),
            ],
            self,
        )
        self.progress: RowsModel[CampaignProgress] = RowsModel(
            [
                ("创建活动", lambda p: p.campaign),
                ("已完成/应完成", lambda p: f"{p.done}/{p.total}"),
                ("逾期", lambda p: p.overdue),
            ],
            self,
        )
        self.brand_note = QLabel(self)
        self.progress_note = QLabel(self)
        self.progress_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>党建品牌</b>", self))
        layout.addWidget(self.brand_note)
        layout.addWidget(_table(self.brands, self), 1)
        layout.addWidget(QLabel("<b>创建任务进度</b>", self))
        layout.addWidget(self.progress_note)
        layout.addWidget(_table(self.progress, self), 1)

    def set_org(self, org_id: int | None) -> None:
        """Show a unit's brands now and its progress when the background count is done."""
        self._org_id = org_id
        brands = BrandService(self.ctx).of_org(org_id) if org_id is not None else []
        self.brands.set_rows(brands)
        self.brand_note.setText(f"共 {len(brands)} 个品牌" if brands else "该组织尚未登记品牌")
        self.progress.set_rows([])
        if org_id is None:
            self.progress_note.setText("")
            return
        self.progress_note.setText("正在统计任务进度…")
        self.runner.run(
            lambda: progress_of(self.ctx, org_id),
            lambda result: self._show_progress(org_id, result),
            on_error=lambda exc: self._progress_failed(org_id, exc),
        )

    def _progress_failed(self, org_id: int, exc: BaseException) -> None:
        if org_id == self._org_id:
            self.progress_note.setText(f"无法统计任务进度：{messages.text_of(exc)}")

    def _show_progress(self, org_id: int, result: list[CampaignProgress]) -> None:
        if org_id != self._org_id:
            return  # the clerk has moved on to another unit
        self.progress.set_rows(result)
        overdue = sum(p.overdue for p in result)
        if not result:
            self.progress_note.setText("该组织没有需要完成的创建任务")
        elif overdue:
            self.progress_note.setText(
                f"<span style='color:{ERROR_COLOUR}'>有 {overdue} 项任务已逾期</span>"
            )
        else:
            self.progress_note.setText("没有逾期任务")
