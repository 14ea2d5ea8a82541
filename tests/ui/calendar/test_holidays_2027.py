"""A 2027 campaign in December 2026: estimated (按周末估算) until the notice is imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.dashboard import summary
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.workdays import SOURCE_DATABASE, year_source
from tests.conftest import FakeClock
from ui.calendar.month_panel import day_details
from ui.calendar.month_view import day_tooltip
from ui.calendar.page import CalendarPage
from ui.holidays_dialog import HolidaysDialog, NoticeDialog
from ui.home import HomePage
from ui.orgs.runner import ImmediateRunner
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
NOTICE = Path(__file__).parents[2] / "core" / "data" / "holidays" / "2027-plausible.txt"
D = dt.date


@pytest.fixture
def december(ctx: AppContext, clock: FakeClock) -> AppContext:
    """An empty database given one unit and a 2027 campaign, on Monday 2026-12-28."""
    clock.now = dt.datetime(2026, 12, 28, 9, 0)
    orgs = OrgService(ctx)
    street = orgs.create(OrgDraft(name="青山镇党委", kind="党委", level="街道乡镇"))
    orgs.create(OrgDraft(name="青山村党支部", kind="党支部", level="村社区", parent_id=street.id))
    campaigns = CampaignService(ctx)
    campaign = campaigns.create_campaign("2027年党建品牌创建", 2027, scope_org_id=street.id)
    phase = campaigns.add_phase(campaign.id, "动员部署", D(2027, 1, 1), D(2027, 3, 31))
    campaigns.add_task(TaskDraft(phase.id, "制定实施方案", D(2027, 1, 4)))
    return ctx


def _late_texts(page: CalendarPage) -> list[str]:
    model = page.late.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_2027_is_estimated_in_the_month_and_late_list_until_the_notice_is_imported(
    qtbot: QtBot, december: AppContext
) -> None:
    page = CalendarPage(december, ImmediateRunner())
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.reload()
    page.show()
    assert page.month.view.month() == (2027, 1)
    assert page.month.estimate.isVisible()
    assert "2027年的节假日安排未知，按周末估算" in page.month.estimate.text()
    jan1 = next(c for c in page.month.view.cells() if c.day == D(2027, 1, 1))
    assert jan1.info.workday and not jan1.info.exact
    assert "按周末估算" in day_tooltip(jan1, page.data, {})  # type: ignore[arg-type]
    assert "按周末估算" in day_details(D(2027, 1, 1), page.data, {}, None)  # type: ignore[arg-type]
    # 12-28..12-31 (2026, known) + 1月1日 and 1月4日 counted as weekdays.
    # only the village: the town committee organises (issue 17)
    assert _late_texts(page) == ["还剩6个工作日（按周末估算）"]
    assert "2027年的节假日安排未知，按周末估算" in page.late.title.text()

    # The clerk follows the link, pastes the notice, previews and imports it.
    dialog = page.edit_holidays()
    assert isinstance(dialog, HolidaysDialog) and "按周末估算" in dialog.source.text()
    assert dialog.table.rowCount() == 0
    notice = dialog.import_notice()
    assert isinstance(notice, NoticeDialog)
    ok = notice.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()
    notice.text.setPlainText(NOTICE.read_text(encoding="utf-8"))
    notice.preview()
    assert "2027年节假日安排：放假28天，调休上班5天" in notice.shown.toPlainText()
    assert ok.isEnabled()
    notice.accept()

    assert year_source(2027) == SOURCE_DATABASE
    assert dialog.table.rowCount() == 33 and "本机数据" in dialog.source.text()
    assert not page.month.estimate.isVisible()
    jan1 = next(c for c in page.month.view.cells() if c.day == D(2027, 1, 1))
    assert (jan1.info.workday, jan1.info.holiday, jan1.info.exact) == (False, "元旦", True)
    assert _late_texts(page) == ["还剩5个工作日"]
    assert "按周末估算" not in page.late.title.text()
    dialog.close()


def test_a_notice_that_does_not_read_cannot_be_imported(qtbot: QtBot, december: AppContext) -> None:
    dialog = HolidaysDialog(december, 2027)
    qtbot.addWidget(dialog)
    notice = dialog.import_notice()
    notice.text.setPlainText("一、元旦：1月1日（周四）至3日放假，共3天。")
    notice.preview()
    assert "不是周四" in notice.shown.toPlainText()
    ok = notice.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()
    assert year_source(2027) is None


def test_editing_a_day_in_the_dialog_saves_the_year(
    qtbot: QtBot, december: AppContext, msgs: object
) -> None:
    dialog = HolidaysDialog(december, 2026)
    qtbot.addWidget(dialog)
    builtin = dialog.table.rowCount()
    assert builtin > 30 and "内置数据" in dialog.source.text()
    dialog.add_day()  # the day after 10-10 (班): change it to 12-31 off
    row = dialog.table.rowCount() - 1
    item = dialog.table.item(row, 0)
    assert item is not None
    item.setText("2026-12-31")
    assert dialog.table.item(row, 3).text() == "周四"  # type: ignore[union-attr]
    dialog.save()
    assert year_source(2026) == SOURCE_DATABASE and dialog.table.rowCount() == builtin + 1
    item = dialog.table.item(0, 0)
    assert item is not None
    item.setText("2026-13-01")
    dialog.save()
    assert "第1行 [日期] “2026-13-01”" in msgs.texts("warn")[0]  # type: ignore[attr-defined]
    assert dialog.table.rowCount() == builtin + 1


def test_home_reminds_in_december_when_next_year_has_no_data(
    qtbot: QtBot, december: AppContext, clock: FakeClock
) -> None:
    home = HomePage(december, TaskRunner())
    qtbot.addWidget(home)
    home.show_dashboard(summary(december))
    assert home.holiday_note.isVisibleTo(home)
    assert "2027年的节假日安排尚未导入" in home.holiday_note.text()
    clock.now = dt.datetime(2026, 11, 30, 9, 0)
    home.show_dashboard(summary(december))
    assert not home.holiday_note.isVisibleTo(home)
