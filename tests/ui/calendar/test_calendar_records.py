"""Dated campaign records in the month view: chips, tooltips, day details, unit filter."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from brandoffice.services import calendar_view as cv
from brandoffice.services.calendar_records import RecordKind
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import DemoPointService
from brandoffice.services.training import TrainingDraft, TrainingService
from tests.core.services.records_fixtures import build_street
from ui.calendar.month_view import day_tooltip
from ui.calendar.page import CalendarPage
from ui.orgs.runner import ImmediateRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
D = dt.date


def test_month_view_marks_dated_records(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    street = build_street(ctx)
    TrainingService(ctx).create(
        TrainingDraft(street.xingfu, D(2026, 5, 8), "社区级", "党务知识", 2, trainer="李老师")
    )
    CommitmentService(ctx).create(
        CommitmentDraft("每月走访困难党员两次", D(2026, 5, 8), org_id=street.dongfeng)
    )
    DemoPointService(ctx).add_note(street.guangming, D(2026, 4, 28), "完成服务站改造")
    page = CalendarPage(ctx, ImmediateRunner())
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.reload()
    page.show()
    qtbot.waitExposed(page)
    view = page.month.view
    assert view.month() == (2026, 5)
    may8 = view.records(D(2026, 5, 8))
    assert [r.kind for r in may8] == [RecordKind.TRAINING, RecordKind.COMMITMENT]
    assert view.records(D(2026, 4, 28))[0].unit_name == "光明社区党委"  # shown week of April

    assert page.data is not None
    cell = next(c for c in view.cells() if c.day == D(2026, 5, 8))
    tip = day_tooltip(cell, page.data, {}, may8)
    assert "培训：党务知识（社区级，2学时，授课人李老师）——幸福驿站社区党委" in tip
    assert "公开承诺：每月走访困难党员两次（组织承诺）——东风社区党委" in tip
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_a: shown.append(text))
    index = view.cells().index(cell)
    centre = view._cell_rect(index).center()
    view.event(QHelpEvent(QEvent.Type.ToolTip, centre, view.mapToGlobal(centre)))
    assert shown and "培训：党务知识" in shown[0]
    view.select_day(D(2026, 5, 8))
    details = page.month.details.toPlainText()
    assert "当天的创建活动记录" in details and "东风社区党委" in details
    view.grab()  # paints the chips without error

    page.set_filter(cv.UnitFilter(street.dongfeng, None))
    assert [r.kind for r in view.records(D(2026, 5, 8))] == [RecordKind.COMMITMENT]
    page.month.step(1)
    assert view.month() == (2026, 6) and view.records(D(2026, 5, 8)) == ()
    page.month.step(-1)
    assert view.records(D(2026, 5, 8))[0].unit_name == "东风社区党委"
