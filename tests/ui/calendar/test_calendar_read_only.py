"""Read-only mode of the 阶段日历: no marking, evidence kept, imports off, the editor only shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from tests.core.services.calendar_fixtures import seed000_campaign
from tests.ui.calendar.test_calendar_editor import _page
from ui.calendar.page import CalendarPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def _select(page: CalendarPage, rows: int) -> None:
    model = page.grid.model
    selection = QItemSelection(model.index(0, 0), model.index(rows - 1, 0))
    flag = QItemSelectionModel.SelectionFlag.ClearAndSelect
    page.grid.view.selectionModel().select(selection, flag)
    page.grid.view.setCurrentIndex(model.index(1, 0))  # row 0, the street, organises


def test_read_only_locks_marking_imports_and_the_editor(qtbot: QtBot, ctx: AppContext) -> None:
    seed000_campaign(ctx)
    page = _page(qtbot, ctx)
    excel, grid = page.excel.actions, page.grid
    _select(page, 2)
    assert grid.mark_actions["已完成"].isEnabled()

    page.set_read_only(True)
    assert not any(a.isEnabled() for a in grid.mark_actions.values())
    assert grid.evidence_action.isEnabled()  # the files can still be seen and opened
    _select(page, 3)  # a new selection keeps the bulk marking off
    assert not any(a.isEnabled() for a in grid.mark_actions.values())
    assert not page.new_action.isEnabled() and not page.delete_action.isEnabled()
    assert not page.empty_new_button.isEnabled()
    assert not excel["import_tasks"].isEnabled() and not excel["import_progress"].isEnabled()
    assert excel["export_progress"].isEnabled() and page.edit_action.isEnabled()
    assert all(b.isEnabled() for b in page.charts.export_buttons)
    evidence = grid.open_evidence()
    assert evidence is not None
    qtbot.addWidget(evidence)
    assert not evidence.add_button.isEnabled() and not evidence.remove_button.isEnabled()
    assert evidence.open_button.isEnabled()
    editor = page.open_editor()
    assert editor is not None
    qtbot.addWidget(editor)
    editor.tree.setCurrentIndex(editor.model.index(0, 0))  # a phase: its form is shown
    assert editor.current_form() is editor.phase_form
    assert not editor.save_button.isEnabled() and not editor.delete_button.isEnabled()
    assert not editor.phase_form.isEnabled() and not editor.details.isEnabled()
    assert not editor.add_phase_button.isEnabled()

    page.set_read_only(True, allow_reports=False)  # a database opened read-only
    assert not excel["export_tasks"].isEnabled()
    assert not any(b.isEnabled() for b in page.charts.export_buttons)

    page.set_read_only(False)
    assert all(a.isEnabled() for a in grid.mark_actions.values())
    assert page.new_action.isEnabled() and excel["import_tasks"].isEnabled()
    assert excel["export_tasks"].isEnabled()
    assert evidence.add_button.isEnabled() and evidence.remove_button.isEnabled()
    assert editor.save_button.isEnabled() and editor.phase_form.isEnabled()
    assert editor.details.isEnabled() and editor.add_phase_button.isEnabled()
