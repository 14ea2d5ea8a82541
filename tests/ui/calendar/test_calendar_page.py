"""The 阶段日历 page: marking many cells at once, filters, the late list and the clock, charts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from brandoffice.services import calendar_view as cv
from brandoffice.services.campaign_edit import update_task
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from tests.conftest import FakeClock
from tests.core.services.calendar_fixtures import seed000_campaign
from ui.calendar.grid_model import CELL_ROLE, STATUS_ROLE
from ui.calendar.late import LateNotice, show_late_notice
from ui.calendar.page import CalendarPage
from ui.orgs.runner import ImmediateRunner
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


@pytest.fixture
def seeded(ctx: AppContext) -> tuple[int, int, dict[str, int]]:
    return seed000_campaign(ctx)


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, seeded: Any) -> CalendarPage:
    widget = CalendarPage(ctx, ImmediateRunner())
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.reload()
    return widget


def _column(page: CalendarPage, name: str) -> int:
    model = page.grid.model
    return next(c for c in range(model.columnCount()) if model.task_at(c).name == name)


def test_page_shows_the_newest_campaign_in_every_view(page: CalendarPage) -> None:
    assert page.data is not None and page.stack.currentIndex() == 1
    assert page.campaign_box.currentText() == "2026年党建品牌创建（2026）"
    assert page.grid.model.rowCount() == 7 and page.grid.model.columnCount() == 19
    assert [lane.phase.name for lane in page.timeline.view.lanes() if lane.task is None] == [
        "动员部署",
        "具体实施",
        "全面提升",
        "总结完善",
    ]
    assert page.month.view.month() == (2026, 5)
    assert page.splitter() is page._split
    assert not page.has_unsaved_changes() and page.save_or_discard()


def test_marking_many_units_at_once_is_one_write_and_exact_signals(
    page: CalendarPage, qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    grid, model = page.grid, page.grid.model
    column = _column(page, "党性教育")
    calls: list[int] = []
    original = CampaignService.set_progress

    def counting(self: CampaignService, cells: list[tuple[int, int]], *a: Any, **k: Any) -> int:
        calls.append(len(cells))
        return original(self, cells, *a, **k)

    monkeypatch.setattr(CampaignService, "set_progress", counting)
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, _r=None: changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    selection = QItemSelection(model.index(1, column), model.index(5, column))
    grid.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert grid.mark_actions["已完成"].isEnabled()
    grid.mark_actions["已完成"].trigger()
    dialog = grid._dialog
    assert dialog is not None and dialog.isVisible()
    dialog.done_on.setDate(dialog.done_on.date().addDays(-2))
    dialog.note.setText("已上交党性分析报告")
    dialog._accept()
    assert calls == [5]
    assert changed == [(1, column, 5, column)]
    statuses = [model.data(model.index(r, column), STATUS_ROLE) for r in range(7)]
    # row 0 is the street: it organises and has no cell (issue 17)
    assert statuses == [None, "已完成", "已完成", "已完成", "已完成", "已完成", "未开始"]
    assert model.data(model.index(1, column)) == "✓ 5/18"
    assert "已上交党性分析报告" in model.data(model.index(1, column), Qt.ItemDataRole.ToolTipRole)
    task_id = model.task_at(column).id
    stored = {p.org_id: p for p in CampaignService(ctx).progress() if p.task_id == task_id}
    assert sum(p.status == "已完成" for p in stored.values()) == 5
    assert page.timeline.view._summaries[task_id].done == 5


def test_marking_on_the_real_runner_updates_the_grid(
    qtbot: QtBot, ctx: AppContext, seeded: Any
) -> None:
    runner = TaskRunner()
    widget = CalendarPage(ctx, runner)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.reload()
    model = widget.grid.model
    column = _column(widget, "宣传发动")
    cells = [(model.task_at(column).id, model.unit_at(r).id) for r in range(model.rowCount())]
    from ui.calendar.mark_dialog import Mark

    with qtbot.waitSignal(widget.grid.progressChanged, timeout=10_000):
        widget.grid.apply_mark(cells, Mark("进行中", None, None, None))
    assert {model.data(model.index(r, column), STATUS_ROLE) for r in range(1, 7)} == {"逾期"}
    runner.wait(5_000)


def test_filters_change_units_tasks_and_colours(page: CalendarPage, seeded: Any) -> None:
    _campaign, root, units = seeded
    page.set_filter(cv.UnitFilter(sector="社区"))
    model = page.grid.model
    assert model.rowCount() == 3
    names = {model.task_at(c).name for c in range(model.columnCount())}
    assert "民情走访" in names and "争当品牌教师" not in names
    assert {i.org_name for i in page.late.items()} <= {"甲社区党委", "乙社区党委", "丙社区党委"}
    page.set_filter(cv.UnitFilter(root_id=units["幸福小学党支部"]))
    assert model.rowCount() == 1 and page.scope_button.text() == "幸福小学党支部及下级"
    assert "争当品牌教师" in {model.task_at(c).name for c in range(model.columnCount())}
    page.set_filter(cv.UnitFilter(root_id=root))
    assert model.rowCount() == 7


def test_overdue_list_follows_the_clock(page: CalendarPage, clock: FakeClock) -> None:
    before = page.late.items()
    assert before and all(i.overdue for i in before)
    assert {i.task_name for i in before} == {
        "宣传发动",
        "成立领导小组",
        "制定实施方案并报街道组织科备案",
    }
    clock.advance(days=6)
    page.reload()
    soon = [i for i in page.late.items() if not i.overdue]
    assert {i.task_name for i in soon} == {"确定品牌"} and len(soon) == 6  # not the street
    assert page.late.model.data(page.late.model.index(len(before), 0)) == "还剩4个工作日"
    clock.advance(days=7)
    page.reload()
    assert all(i.overdue for i in page.late.items()) and len(page.late.items()) > len(before)
    assert page.late.title.text().count("逾期") >= 1


def test_late_item_jumps_to_its_cell(page: CalendarPage) -> None:
    item = page.late.items()[0]
    page.late.itemActivated.emit(item)
    assert page.tabs.currentWidget() is page.grid
    index = page.grid.view.currentIndex()
    assert page.grid.model.data(index, CELL_ROLE) == (item.task_id, item.org_id)


def test_start_up_notice_lists_late_tasks(qtbot: QtBot, ctx: AppContext, seeded: Any) -> None:
    opened: list[bool] = []
    notice = show_late_notice(None, ctx, on_open_calendar=lambda: opened.append(True))
    assert isinstance(notice, LateNotice) and notice.isVisible() and not notice.isModal()
    qtbot.addWidget(notice)
    assert notice.model.rowCount() == 3
    assert notice.model.data(notice.model.index(0, 4)) == "6 个"  # the street organises
    notice.openCalendar.emit()
    assert opened == [True]


def test_no_notice_when_nothing_is_late(qtbot: QtBot, ctx: AppContext) -> None:
    assert show_late_notice(None, ctx) is None


def test_month_and_timeline_zoom_with_ctrl_wheel(page: CalendarPage) -> None:
    view = page.month.view
    before = view.zoom()
    event = QWheelEvent(
        QPointF(50, 50),
        QPointF(50, 50),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, event)
    assert view.zoom() > before
    page.month.zoom_reset.click()
    assert view.zoom() == 1.0
    timeline = page.timeline.view
    px = timeline.pixels_per_day()
    QApplication.sendEvent(timeline.viewport(), event)
    assert timeline.pixels_per_day() > px
    page.timeline.buttons["out"].click()
    page.timeline.buttons["fit"].click()
    page.month.step(5)
    assert view.month() == (2026, 10)


def test_views_paint_without_warnings(page: CalendarPage, qtbot: QtBot) -> None:
    page.show()
    for i in range(3):
        page.tabs.setCurrentIndex(i)
        assert not page.tabs.currentWidget().grab().isNull()


def test_charts_tab_builds_four_charts_and_exports(
    page: CalendarPage, qtbot: QtBot, tmp_path: Path
) -> None:
    page.show()
    page.tabs.setCurrentWidget(page.charts)
    qtbot.waitUntil(lambda: len(page.charts.canvases) == 4)
    assert set(page.charts.canvases) == {"phase", "rates", "progress", "brands"}
    for canvas in page.charts.canvases.values():
        canvas.draw()
    page.charts.rates.setCurrentIndex(1)
    assert "各领域" in page.charts.figures["rates"].texts[0].get_text()
    out = tmp_path / "phase.png"
    page.charts.export("phase", str(out))
    assert out.read_bytes().startswith(b"\x89PNG")


def test_empty_database_shows_the_new_campaign_prompt(qtbot: QtBot, ctx: AppContext) -> None:
    widget = CalendarPage(ctx, ImmediateRunner())
    qtbot.addWidget(widget)
    widget.reload()
    assert widget.data is None and widget.stack.currentIndex() == 0
    assert not widget.edit_action.isEnabled()


def test_holiday_due_dates_are_flagged_in_the_header(page: CalendarPage, ctx: AppContext) -> None:
    # the template moved 确定品牌 off Sunday 05-31 (to Friday 05-29): the clerk puts it back
    task = next(t for t in CampaignService(ctx).tasks() if t.name == "确定品牌")
    draft = TaskDraft(task.phase_id, task.name, dt.date(2026, 5, 31), evidence_kind="文件")
    update_task(ctx, task.id, task.version, draft)
    page.reload()
    model = page.grid.model
    column = _column(page, "确定品牌")  # 2026-05-31 is a Sunday
    assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ForegroundRole)
    tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "截止日期是周日（休息日）" in tip and "还剩 8 个工作日" in tip
    assert dt.date(2026, 5, 31) in {c.day for c in page.month.view.cells() if c.tasks}
