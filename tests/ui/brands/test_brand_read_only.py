"""Read-only mode of the brand page: no edits, steps, scores or pairings; reports by choice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.ui.brands.test_brand_review import new_round
from ui.brands.page import BrandPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen

NO_EDITING = QAbstractItemView.EditTrigger.NoEditTriggers


def test_read_only_locks_editor_steps_scores_and_pairings(
    page: BrandPage, ids: dict[str, int]
) -> None:
    panel = page.brand_review
    new_round(panel, "2026年街道级党建品牌评审")
    panel.add_reviewer("周文博")
    cell = panel.grid.find(ids["和美邻里"], "周文博", "专家评审")
    assert panel.grid.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert page.select_brand(ids["幸福驿站"])
    assert page.lifecycle.buttons["申报"].isEnabled()

    page.set_read_only(True)
    assert not page.new_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.export_button.isEnabled() and page.print_button.isEnabled()  # reports allowed
    assert not page.lifecycle.buttons["申报"].isEnabled()
    form = page.editor.form
    assert form.name.isReadOnly() and form.theme.isReadOnly() and form.measures.isReadOnly()
    assert not form.year.isEnabled() and not form.unit_button.isEnabled()
    assert not form.logo.choose_button.isEnabled() and form.logo.text.isReadOnly()
    assert not form.carriers.add_button.isEnabled()
    assert form.carriers.view.editTriggers() == NO_EDITING
    assert form.service_items.list.editTriggers() == NO_EDITING
    assert not page.editor.save_button.isEnabled() and not page.editor.undo_button.isEnabled()
    assert not panel.grid.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert panel.grid_view.editTriggers() == NO_EDITING
    assert not any(
        b.isEnabled() for b in (panel.new_button, panel.edit_button, panel.reviewer_button)
    )
    assert not page.org_review.new_button.isEnabled()
    assert not page.pairing.new_button.isEnabled()

    assert page.select_brand(ids["楼宇先锋"])  # named: 复查 and 年度目标 would be offered
    assert page.lifecycle.buttons and not any(
        b.isEnabled() for b in page.lifecycle.buttons.values()
    )
    assert not page.lifecycle.plan_button.isEnabled()
    panel.reload()  # re-choosing the round keeps its buttons locked
    assert not panel.edit_button.isEnabled()

    page.set_read_only(True, allow_reports=False)  # a database opened read-only
    assert not page.export_button.isEnabled() and not page.print_button.isEnabled()

    page.set_read_only(False)
    assert page.new_button.isEnabled() and page.export_button.isEnabled()
    assert page.lifecycle.plan_button.isEnabled()
    assert page.lifecycle.buttons[next(iter(page.lifecycle.buttons))].isEnabled()
    assert not form.name.isReadOnly() and form.year.isEnabled()
    assert form.carriers.view.editTriggers() != NO_EDITING
    assert panel.grid.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert panel.edit_button.isEnabled() and page.pairing.new_button.isEnabled()
