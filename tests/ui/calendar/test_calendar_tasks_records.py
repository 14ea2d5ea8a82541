"""The window's side of issue 17: record-tied tasks in the form and the grid, phases and rest days."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.rows import PhaseRow, TaskRow
from tests.core.services.calendar_fixtures import seed000_campaign
from tests.ui.conftest import Messages
from ui.calendar.editor import CampaignEditor
from ui.calendar.grid_model import RECORD_MARK
from ui.calendar.page import CalendarPage
from ui.calendar.style import from_qdate, to_qdate
from ui.orgs.runner import ImmediateRunner
from ui.roles import ROW_ROLE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen
D = dt.date


def _editor(qtbot: QtBot, ctx: AppContext, campaign: int) -> CampaignEditor:
    editor = CampaignEditor(ctx, ImmediateRunner(), campaign)
    qtbot.addWidget(editor)
    return editor


def _select(editor: CampaignEditor, kind: str, row_id: int) -> None:
    editor.tree.setCurrentIndex(editor.model.index_of(kind, row_id))


def test_grid_marks_a_cell_a_record_completed(qtbot: QtBot, ctx: AppContext) -> None:
    campaign, _root, units = seed000_campaign(ctx)
    member = MemberService(ctx).create(MemberDraft(units["甲社区党委"], "张伟", "在职党员"))
    PartySpiritService(ctx).record(member.id, 2026, submitted_on=D(2026, 5, 12))
    page = CalendarPage(ctx, ImmediateRunner())
    qtbot.addWidget(page)
    page.reload()
    model = page.grid.model
    column = next(c for c in range(model.columnCount()) if model.task_at(c).name == "党性教育")
    row = next(r for r in range(model.rowCount()) if model.unit_at(r).name == "甲社区党委")
    assert model.data(model.index(row, column)) == "✓ 5/12" + RECORD_MARK
    tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
    assert "由“党性分析报告”记录自动完成：党性分析报告 1 份（最早 2026-05-12）" in tip
    other = model.data(model.index(row + 1, column), Qt.ItemDataRole.ToolTipRole)
    assert "登记“党性分析报告”后自动完成" in other
    header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "完成方式：单位登记“党性分析报告”后自动完成" in header
    assert campaign


def test_task_form_ties_a_kind_and_takes_the_organiser_in(qtbot: QtBot, ctx: AppContext) -> None:
    campaign, root, units = seed000_campaign(ctx)
    editor = _editor(qtbot, ctx, campaign)
    task = next(t for t in CampaignService(ctx).tasks(campaign) if t.name == "总结")
    _select(editor, "task", task.id)
    form = editor.task_form
    assert form.record.currentData() is None and not form.organiser.isChecked()
    form.record.setCurrentIndex(form.record.findData("secretary-reviews"))
    form.organiser.setChecked(True)
    assert form.dirty
    editor.save_form()
    saved = next(t for t in CampaignService(ctx).tasks(campaign) if t.id == task.id)
    assert (saved.record_kind, saved.organiser_takes_part) == ("secretary-reviews", True)
    rows = {r.org_id for r in CampaignService(ctx).progress(campaign) if r.task_id == task.id}
    assert root in rows and units["甲社区党委"] in rows


def test_a_rest_day_deadline_moves_with_one_click(qtbot: QtBot, ctx: AppContext) -> None:
    campaign, _root, _units = seed000_campaign(ctx)
    editor = _editor(qtbot, ctx, campaign)
    task = next(t for t in CampaignService(ctx).tasks(campaign) if t.name == "岗位奉献")
    _select(editor, "task", task.id)
    form = editor.task_form
    assert not form.to_workday.isEnabled()  # 07-31 is a Friday
    form.due_on.setDate(to_qdate(D(2026, 7, 25)))  # a Saturday
    assert form.to_workday.isEnabled() and "周六" in form.due_note.text()
    form.to_workday.click()
    assert from_qdate(form.due_on.date()) == D(2026, 7, 27)
    editor.save_form()
    assert editor.workday_button.text() == "休息日截止顺延"  # nothing left on a rest day


def test_editor_moves_rest_day_deadlines_of_the_campaign(
    qtbot: QtBot, ctx: AppContext, msgs: Messages
) -> None:
    campaign, _root, _units = seed000_campaign(ctx)
    editor = _editor(qtbot, ctx, campaign)
    task = next(t for t in CampaignService(ctx).tasks(campaign) if t.name == "岗位奉献")
    _select(editor, "task", task.id)
    editor.task_form.due_on.setDate(to_qdate(D(2026, 7, 25)))
    editor.save_form()
    assert editor.workday_button.text() == "休息日截止顺延（1）"
    editor.move_rest_day_deadlines()
    assert msgs.asked[-1][0] == "休息日截止顺延"
    moved = next(t for t in CampaignService(ctx).tasks(campaign) if t.id == task.id)
    assert moved.due_on == D(2026, 7, 27)
    assert "2026-07-25 → 2026-07-27" in msgs.texts()[-1]


@pytest.mark.parametrize(("answer", "moves"), [(0, True), (1, False), (2, None)])
def test_moving_a_phase_asks_about_its_tasks(
    qtbot: QtBot, ctx: AppContext, msgs: Messages, answer: int, moves: bool | None
) -> None:
    campaign, _root, _units = seed000_campaign(ctx)
    editor = _editor(qtbot, ctx, campaign)
    phase = next(p for p in CampaignService(ctx).phases(campaign) if p.name == "具体实施")
    before = {
        t.id: t.due_on for t in CampaignService(ctx).tasks(campaign) if t.phase_id == phase.id
    }
    _select(editor, "phase", phase.id)
    msgs.answers = [answer]
    editor.phase_form.start_on.setDate(to_qdate(phase.start_on + dt.timedelta(days=7)))
    editor.phase_form.end_on.setDate(to_qdate(phase.end_on + dt.timedelta(days=7)))
    editor.save_form()
    title, text, choices = msgs.asked[-1]
    assert title == "移动阶段" and f"是否同时移动本阶段的{len(before)}项任务？" in text
    assert choices == ["同时移动任务", "只改阶段日期", "取消"]
    after = {t.id: t.due_on for t in CampaignService(ctx).tasks(campaign) if t.id in before}
    saved = next(p for p in CampaignService(ctx).phases(campaign) if p.id == phase.id)
    if moves is None:
        assert saved.start_on == phase.start_on and after == before
        assert editor.has_unsaved_changes()  # cancelled: the form keeps the edit
        editor.revert_form()
    elif moves:
        assert after == {i: d + dt.timedelta(days=7) for i, d in before.items()}
    else:
        assert saved.start_on == phase.start_on + dt.timedelta(days=7) and after == before
    assert isinstance(editor.model.data(editor.tree.currentIndex(), ROW_ROLE), PhaseRow | TaskRow)
