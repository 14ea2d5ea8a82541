"""The 阶段日历 page: campaign, unit filter, month, timeline, progress grid, charts, late list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from brandoffice.model.vocab import Sector
from brandoffice.services import calendar_records as cr
from brandoffice.services import calendar_view as cv
from brandoffice.services import campaign_edit as edit
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.progress_stats import LateItem
from brandoffice.services.rows import CampaignRow
from ui import messages
from ui.calendar.charts_tab import ChartsTab
from ui.calendar.editor import CampaignEditor
from ui.calendar.excel_actions import ExcelActions
from ui.calendar.grid import ProgressGrid
from ui.calendar.late import LatePanel
from ui.calendar.month_panel import MonthPanel
from ui.calendar.new_campaign import NewCampaignDialog
from ui.calendar.timeline_panel import TimelinePanel
from ui.holidays_dialog import HolidaysDialog, open_holidays_dialog
from ui.orgs.picker import UnitPicker, pick_unit
from ui.orgs.runner import Runner
from ui.readonly import ReadOnlyControls, enable
from ui.widgets import empty_page, stack, two_panes

ALL_SECTORS = "全部领域"


@dataclass(frozen=True)
class Loaded:
    """What one reload reads off the UI thread."""

    campaigns: list[CampaignRow]
    data: cv.CalendarData | None
    late: list[LateItem]


def load_page(ctx: AppContext, wanted: int | None) -> Loaded:
    """Read the campaign list, the chosen (or newest) campaign and its late items."""
    campaigns = CampaignService(ctx).campaigns()
    ids = [c.id for c in campaigns]
    chosen = wanted if wanted in ids else (ids[0] if ids else None)
    if chosen is None:
        return Loaded(campaigns, None, [])
    return Loaded(campaigns, cv.load_calendar(ctx, chosen), cv.late_items(ctx, chosen))


class CalendarPage(QWidget):
    """Every view of one campaign, reflecting the units chosen by subtree and sector.

    Signals:
        loaded(): A reload finished (tests wait for it).
    """

    loaded = Signal()

    def __init__(self, ctx: AppContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.data: cv.CalendarData | None = None
        self.unit_filter = cv.UnitFilter()
        self.editor: CampaignEditor | None = None
        self._wanted: int | None = None
        self._late: list[LateItem] = []
        self.campaign_box = QComboBox(self)
        self.campaign_box.setMinimumContentsLength(26)
        self.campaign_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.campaign_box.activated.connect(self._campaign_chosen)
        self.scope_button = QToolButton(self)
        self.scope_button.setText("全部单位")
        self.scope_button.setToolTip("只看某个组织及其下级")
        self.scope_button.clicked.connect(self.choose_scope)
        self.sector_box = QComboBox(self)
        self.sector_box.addItems([ALL_SECTORS, *(s.value for s in Sector)])
        self.sector_box.activated.connect(lambda _i: self._sector_chosen())
        self.excel = ExcelActions(ctx, runner, self)
        self.excel.imported.connect(lambda _k: self.reload())
        self.toolbar = self._toolbar()
        self.month = MonthPanel(self)
        self.month.monthShown.connect(lambda _y, _m: self._load_records())
        self.month.holidaysRequested.connect(self.edit_holidays)
        self._records_key: tuple[int, int, frozenset[int] | None] | None = None
        self.timeline = TimelinePanel(self)
        self.grid = ProgressGrid(ctx, runner, self)
        self.charts = ChartsTab(ctx, runner, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.month, "月历")
        self.tabs.addTab(self.timeline, "时间轴")
        self.tabs.addTab(self.grid, "进度表")
        self.tabs.addTab(self.charts, "图表")
        self.late = LatePanel(self)
        self.late.itemActivated.connect(self.show_cell)
        self._split = two_panes(
            QSplitter(Qt.Orientation.Horizontal, self), self.tabs, self.late, (4, 1),
            [1000, 420], collapsible=True,
        )  # fmt: skip
        self.empty = self._empty_page()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self._split)
        stack(self, self.toolbar, (self.stack, 1), flush=True)
        self.grid.progressChanged.connect(lambda _rows: self._progress_changed())
        actions = self.excel.actions
        self.controls = ReadOnlyControls(
            writes=[
                self.new_action,
                self.delete_action,
                self.empty_new_button,
                actions["import_tasks"],
                actions["import_progress"],
            ],
            reports=[
                actions["export_tasks"],
                actions["export_progress"],
                *self.charts.export_buttons,
            ],
            parts=[self.grid],
        )
        self.reload()  # the campaigns, off the UI thread, as the other pages load theirs

    def _toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.addWidget(QLabel(" 创建活动：", self))
        bar.addWidget(self.campaign_box)
        self.new_action = bar.addAction("新建活动…", self.new_campaign)
        self.edit_action = bar.addAction("编辑活动…", self.open_editor)
        self.delete_action = bar.addAction("删除活动", self.delete_campaign)
        bar.addSeparator()
        bar.addWidget(QLabel(" 单位范围：", self))
        bar.addWidget(self.scope_button)
        self.clear_scope_action = bar.addAction(
            "全部", lambda: self.set_filter(cv.UnitFilter(None, self.unit_filter.sector))
        )
        bar.addWidget(QLabel(" 领域：", self))
        bar.addWidget(self.sector_box)
        bar.addSeparator()
        for action in self.excel.actions.values():
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction("刷新", self.reload)
        return bar

    def _empty_page(self) -> QWidget:
        page, self.empty_new_button = empty_page(
            self,
            "还没有创建活动。\n可按街道、乡镇、社区或县区的方案模板新建，各阶段和任务会一并建好；"
            "也可从 Excel 导入任务。",
            "新建活动…",
            self.new_campaign,
        )
        return page

    # -- page protocol ---------------------------------------------------------
    def set_read_only(self, read_only: bool, *, allow_reports: bool = True) -> None:
        """Lock new and deleted campaigns, imports, marking and the campaign editor.

        The editor still opens, to show the phases and tasks; Excel and chart exports
        follow ``allow_reports``.
        """
        self.controls.set_read_only(read_only, allow_reports=allow_reports)
        if self.editor is not None:
            self.editor.set_read_only(read_only)

    def reload(self) -> None:
        """Re-read the campaigns and the chosen campaign off the UI thread."""
        ctx, wanted = self.ctx, self._wanted
        self.runner.run(lambda: load_page(ctx, wanted), self._loaded, title="阶段日历")

    def edit_holidays(self) -> HolidaysDialog:
        """Open 节假日安排 on the year shown; a saved change redraws every view."""
        dialog = open_holidays_dialog(self.ctx, self.month.view.month()[0], self)
        dialog.changed.connect(lambda _year: self.reload())
        return dialog

    def splitter(self) -> QSplitter:
        """The splitter between the views and the late list (its state is remembered)."""
        return self._split

    def has_unsaved_changes(self) -> bool:
        """Tell whether the open campaign editor holds unsaved edits."""
        return self.editor is not None and self.editor.has_unsaved_changes()

    def save_or_discard(self) -> bool:
        """Let the campaign editor save or drop its edits; False when the user cancelled."""
        return self.editor.save_or_discard() if self.editor is not None else True

    # -- loading ---------------------------------------------------------------
    def _loaded(self, result: Loaded) -> None:
        self._records_key = None  # re-read the dated records too
        self.campaign_box.clear()
        for campaign in result.campaigns:
            self.campaign_box.addItem(f"{campaign.name}（{campaign.year}）", campaign.id)
        self.data = result.data
        self._late = result.late
        has = result.data is not None
        for action in (self.edit_action, self.delete_action):
            enable(action, has)
        self.stack.setCurrentIndex(1 if has else 0)
        if result.data is not None:
            self._wanted = result.data.campaign.id
            self.campaign_box.setCurrentIndex(self.campaign_box.findData(self._wanted))
        self._apply()
        self.loaded.emit()

    def _campaign_chosen(self, index: int) -> None:
        self._wanted = self.campaign_box.itemData(index)
        self.reload()

    def _apply(self) -> None:
        """Show the loaded campaign under the current filter in every view."""
        data = self.data
        if data is None:
            self.month.set_data(None, {}, None)
            self.timeline.view.set_data(None, {}, [])
            self.grid.clear()
            self.late.set_items([], self.ctx.today())
            self.charts.set_campaign(None, "", None)
            return
        units = cv.filtered_units(data, self.unit_filter)
        org_ids = [u.id for u in units]
        summaries = cv.task_summaries(data, org_ids)
        tasks = [t for t in data.tasks if summaries[t.id].applicable]
        self.month.set_data(data, summaries, {t.id for t in tasks})
        self._load_records()
        self.timeline.view.set_data(data, summaries, tasks)
        self.grid.set_grid(data, units, tasks)
        self._show_late()
        filtered = self.unit_filter != cv.UnitFilter()
        self.charts.set_campaign(
            data.campaign.id, data.campaign.name, org_ids if filtered else None
        )

    def _load_records(self) -> None:
        """Read the dated records (training, commitments …) of the month shown, off the UI thread."""
        if self.data is None:
            return
        year, month = self.month.view.month()
        ids = None
        if self.unit_filter != cv.UnitFilter():
            ids = {u.id for u in cv.filtered_units(self.data, self.unit_filter)}
            if self.unit_filter.sector is None and self.unit_filter.root_id is not None:
                ids |= cv.subtree(self.data.parents, self.unit_filter.root_id)
        key = (year, month, None if ids is None else frozenset(ids))
        if key == self._records_key:
            return
        self._records_key = key
        ctx = self.ctx

        def shown(records: dict[dt.date, tuple[cr.DatedRecord, ...]]) -> None:
            if self._records_key == key:
                self.month.set_records(records)

        self.runner.run(lambda: cr.month_records(ctx, year, month, ids), shown, title="阶段日历")

    def _show_late(self) -> None:
        if self.data is None:
            return
        inside = {u.id for u in cv.filtered_units(self.data, self.unit_filter)}
        self.late.set_items([i for i in self._late if i.org_id in inside], self.data.today)

    def _progress_changed(self) -> None:
        """After marking: recolour month and timeline, re-read the late list, redo charts."""
        data = self.data
        if data is None:
            return
        org_ids = [u.id for u in cv.filtered_units(data, self.unit_filter)]
        summaries = cv.task_summaries(data, org_ids)
        tasks = [t for t in data.tasks if summaries[t.id].applicable]
        self.month.set_data(data, summaries, {t.id for t in tasks})
        self.timeline.view.set_data(data, summaries, tasks)
        self.charts.invalidate()
        ctx, cid = self.ctx, data.campaign.id
        self.runner.run(lambda: cv.late_items(ctx, cid), self._late_loaded)

    def _late_loaded(self, items: list[LateItem]) -> None:
        self._late = items
        self._show_late()

    # -- filter ----------------------------------------------------------------
    def set_filter(self, unit_filter: cv.UnitFilter) -> None:
        """Reflect only the units in a subtree and/or a sector."""
        self.unit_filter = unit_filter
        names = self.data.names if self.data else {}
        root = unit_filter.root_id
        self.scope_button.setText(f"{names.get(root, '所选组织')}及下级" if root else "全部单位")
        self.sector_box.setCurrentText(unit_filter.sector or ALL_SECTORS)
        self._apply()

    def choose_scope(self) -> UnitPicker:
        """Pick the subtree the views reflect."""
        return pick_unit(
            self.ctx, self, "单位范围", "只显示这个组织及其下级：",
            lambda root: self.set_filter(cv.UnitFilter(root, self.unit_filter.sector)),
        )  # fmt: skip

    def _sector_chosen(self) -> None:
        text = self.sector_box.currentText()
        self.set_filter(
            cv.UnitFilter(self.unit_filter.root_id, None if text == ALL_SECTORS else text)
        )

    def show_cell(self, item: LateItem) -> None:
        """Jump to a late item's cell in the progress grid."""
        self.tabs.setCurrentWidget(self.grid)
        self.grid.focus_cell(item.task_id, item.org_id)

    # -- campaigns -------------------------------------------------------------
    def new_campaign(self) -> NewCampaignDialog:
        """Open the 新建创建活动 dialog."""
        dialog = NewCampaignDialog(self.ctx, self.runner, self)
        dialog.created.connect(lambda row: self._created(row, dialog.from_scratch.isChecked()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _created(self, row: CampaignRow, empty: bool) -> None:
        self._wanted = row.id
        self.reload()
        if empty:
            self.open_editor()

    def open_editor(self) -> CampaignEditor | None:
        """Open (or raise) the editor of the campaign shown."""
        if self._wanted is None:
            return None
        if self.editor is not None and self.editor.campaign_id == self._wanted:
            self.editor.raise_()
            return self.editor
        if self.editor is not None and not self.editor.close():
            return self.editor
        editor = CampaignEditor(self.ctx, self.runner, self._wanted, self)
        editor.set_read_only(self.controls.read_only)
        editor.planChanged.connect(self.reload)
        editor.finished.connect(lambda _r: self._editor_closed(editor))
        self.editor = editor
        editor.show()
        return editor

    def _editor_closed(self, editor: CampaignEditor) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def delete_campaign(self) -> None:
        """Ask, then delete the campaign shown with all its phases, tasks and progress."""
        if self.data is None:
            return
        campaign = self.data.campaign
        ctx = self.ctx

        def delete() -> None:
            self._wanted = None
            self.runner.run(
                lambda: edit.delete_campaign(ctx, campaign.id),
                lambda _r: self.reload(),
                write=True,
                title="删除活动",
            )

        messages.confirm(
            self, "删除活动", f"确定删除“{campaign.name}”及其全部阶段、任务和进度记录吗？",
            "删除", delete,
        )  # fmt: skip
