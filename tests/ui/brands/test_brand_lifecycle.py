"""Walking a brand through its life cycle on the page, and the steps that are refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from brandoffice.services.brands import BrandService
from tests.ui.brands.helpers import press_ok
from tests.ui.conftest import Messages
from ui.brands.lifecycle import INSPECT, available_steps
from ui.brands.page import BrandPage
from ui.brands.steps import InspectionDialog, StepDialog, StepValues, YearPlanDialog
from ui.dialogs import SaveChoice

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def step(page: BrandPage, target: str) -> Any:
    """Click the step's button and return the dialog it opened."""
    button = page.lifecycle.buttons[target]
    assert button.isEnabled(), button.toolTip()
    button.click()
    dialog = page.lifecycle.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_brand_walks_from_cultivation_to_naming_to_withdrawal(
    page: BrandPage, ids: dict[str, int], msgs: Messages
) -> None:
    brand_id = ids["幸福驿站"]
    assert page.select_brand(brand_id)
    assert list(page.lifecycle.buttons) == ["申报"]

    dialog = step(page, "申报")
    assert isinstance(dialog, StepDialog)
    assert "幸福街道党工委" in dialog.via_label.text()  # defaults to the parent unit
    dialog.applicant.setText("李红")
    dialog.on.setDate(QDate(2026, 5, 18))
    dialog.note.setPlainText("附申报材料")
    press_ok(dialog)
    assert page.editor.row().status == "申报"
    assert set(page.lifecycle.buttons) == {"评审", "退回"}
    assert page.lifecycle.buttons["退回"].text() == "退回培育"

    press_ok(step(page, "评审"))
    assert set(page.lifecycle.buttons) == {"命名", "退回"}

    dialog = step(page, "命名")
    assert dialog.applicant.isHidden() and dialog.via_button.isHidden()  # only 申报 asks
    levels = [dialog.level.itemData(i) for i in range(dialog.level.count())]
    assert levels == ["单位级", "街道级"]  # not above the level applied for
    assert dialog.level.currentData() == "街道级"
    assert dialog.naming_body.currentText() == "区委组织部"
    press_ok(dialog)
    row = page.editor.row()
    assert (row.status, row.level, row.naming_body) == ("命名", "街道级", "区委组织部")
    assert set(page.lifecycle.buttons) == {INSPECT, "整改", "摘牌", "申报"}
    assert page.model.row_at(page.table.currentIndex().row()).brand.status == "命名"

    dialog = step(page, INSPECT)
    assert isinstance(dialog, InspectionDialog)
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData("摘牌"))
    dialog.score.setValue(52)
    dialog.inspector.setText("街道复查组")
    press_ok(dialog)
    assert page.editor.row().status == "摘牌"
    assert page.lifecycle.buttons == {}
    assert "不能再变更状态" in page.lifecycle.reason.text()
    assert msgs.shown == []

    history = page.lifecycle.history
    changes = [history.cell(h, 1) for h in history.rows()]
    assert changes == ["培育", "培育 → 申报", "申报 → 评审", "评审 → 命名", "命名 → 摘牌"]
    applied = history.rows()[1]
    assert applied.changed_on == dt.date(2026, 5, 18)
    assert history.cell(applied, 4) == "幸福街道党工委"
    assert "申报人：李红" in (applied.note or "")
    assert page.lifecycle.inspections.rows()[0].result == "摘牌"
    assert page.lifecycle.inspections.rows()[0].score == 52


def test_illegal_steps_are_not_offered_and_refused_with_the_reason(
    page: BrandPage, ids: dict[str, int], msgs: Messages
) -> None:
    page.select_brand(ids["幸福驿站"])
    assert "命名" not in page.lifecycle.buttons
    assert not page.lifecycle.request("命名")
    assert "不能直接变为“命名”" in msgs.texts("warn")[-1]
    assert page.lifecycle.dialog is None

    # Straight to the service (as a stale button would): refused with the service's reason.
    assert page.lifecycle.apply_step("命名", StepValues(dt.date(2026, 5, 20), None)) is None
    assert "不能直接变为“命名”" in msgs.texts("warn")[-1]
    assert BrandService(page.ctx).get(ids["幸福驿站"]).status == "培育"


def test_applying_needs_the_checklist_complete(
    page: BrandPage, ids: dict[str, int], msgs: Messages
) -> None:
    page.select_brand(ids["红烛先锋"])
    button = page.lifecycle.buttons["申报"]
    assert not button.isEnabled()
    assert "尚缺：有标识、有主题" in button.toolTip()
    assert "尚缺" in page.lifecycle.reason.text()
    assert not page.lifecycle.request("申报")
    assert "补齐并保存后才能申报" in msgs.texts("warn")[-1]


def test_city_brand_cannot_apply_higher(page: BrandPage, ids: dict[str, int]) -> None:
    brands = BrandService(page.ctx)
    tower = ids["楼宇先锋"]
    brands.transition(tower, "申报")
    brands.transition(tower, "评审")
    row = brands.transition(tower, "命名", level="市级", naming_body="市委组织部")
    offered = {s.target: s.problem for s in available_steps(row)}
    assert "没有更高级别" in (offered["申报"] or "")
    page.reload()
    page.select_brand(tower)
    assert not page.lifecycle.buttons["申报"].isEnabled()


def test_promotion_asks_for_a_higher_level(page: BrandPage, ids: dict[str, int]) -> None:
    page.select_brand(ids["楼宇先锋"])
    press_ok(step(page, "申报"))
    press_ok(step(page, "评审"))
    dialog = step(page, "命名")
    levels = [dialog.level.itemData(i) for i in range(dialog.level.count())]
    assert levels == ["市级"]
    press_ok(dialog)
    assert page.editor.row().level == "市级"
    assert dialog.naming_body.currentText() == "市委组织部"


def test_a_step_first_settles_unsaved_edits(
    page: BrandPage, ids: dict[str, int], save_asker: Any
) -> None:
    page.select_brand(ids["幸福驿站"])
    page.editor.form.slogan.setText("新口号")
    page.editor.form.slogan.textEdited.emit("新口号")
    assert page.has_unsaved_changes()
    assert not page.lifecycle.request("申报")  # 取消
    assert save_asker.asked == ["幸福驿站"]
    save_asker.answers.append(SaveChoice.SAVE)
    assert page.lifecycle.request("申报")
    assert BrandService(page.ctx).get(ids["幸福驿站"]).slogan == "新口号"


def test_year_plans_of_a_named_brand(page: BrandPage, ids: dict[str, int]) -> None:
    page.select_brand(ids["楼宇先锋"])
    assert page.lifecycle.plan_button.isEnabled()
    page.lifecycle.plan_button.click()
    dialog = page.lifecycle.dialog
    assert isinstance(dialog, YearPlanDialog)
    press_ok(dialog)  # no goals: stays open with the message
    assert dialog.isVisible()
    assert "年度目标" in dialog.error.text()
    dialog.goals.setPlainText("新建楼宇党群服务站两个")
    dialog.measures.setPlainText("每月一次楼宇议事会")
    press_ok(dialog)
    plans = page.lifecycle.plans.rows()
    assert [(p.year, p.goals) for p in plans] == [(2026, "新建楼宇党群服务站两个")]
    page.select_brand(ids["红烛先锋"])
    assert not page.lifecycle.plan_button.isEnabled()


def test_undo_of_the_last_step_in_the_window(
    page: BrandPage, ids: dict[str, int], msgs: Messages
) -> None:
    """撤销上一步…: the reason is required; the step is struck through and the title returns."""
    from brandoffice.listing import list_kind
    from ui.brands.steps import UndoDialog

    page.select_brand(ids["和美邻里"])  # in 评审, never named
    assert page.lifecycle.undo_button.isEnabled()
    dialog = step(page, "命名")
    dialog.level.setCurrentIndex(dialog.level.findData("街道级"))
    press_ok(dialog)
    assert (page.editor.row().status, page.editor.row().level) == ("命名", "街道级")

    page.lifecycle.undo_button.click()
    undo = page.lifecycle.dialog
    assert isinstance(undo, UndoDialog) and undo.isVisible()
    assert "评审 → 命名" in undo.findChildren(type(page.lifecycle.state))[0].text()
    press_ok(undo)  # no reason: stays open with the message
    assert undo.isVisible() and "撤销理由" in undo.error.text()
    undo.reason.setPlainText("命名文件尚未下发")
    press_ok(undo)
    row = page.editor.row()
    assert (row.status, row.level, row.named_on) == ("评审", None, None)
    assert set(page.lifecycle.buttons) == {"命名", "退回"}
    history = page.lifecycle.history
    undone = history.rows()[-1]
    assert undone.undone and "已撤销" in history.cell(undone, 6)
    assert "命名文件尚未下发" in history.cell(undone, 6)
    font = history.data(history.index(len(history.rows()) - 1, 1), Qt.ItemDataRole.FontRole)
    assert font.strikeOut()
    assert list_kind(page.ctx, "audit")[-1]["action"] == "撤销品牌步骤"
    assert page.model.row_at(page.table.currentIndex().row()).brand.status == "评审"
    assert msgs.shown == []


def test_a_skipped_level_asks_the_reason_and_returning_keeps_the_title(
    page: BrandPage, ids: dict[str, int]
) -> None:
    page.select_brand(ids["楼宇先锋"])  # 区级, named through a recorded exception
    history = page.lifecycle.history
    assert "越级例外：楼宇党建由区委组织部直接考核命名" in history.cell(history.rows()[1], 6)
    assert history.cell(history.rows()[1], 2) == "申报区级"
    dialog = step(page, "申报")
    assert dialog.level.currentData() == "市级"
    assert "区委组织部统一申报" in dialog.level_hint.text()
    press_ok(dialog)
    assert page.lifecycle.buttons["退回"].text() == "退回（保留区级）"
    press_ok(step(page, "退回"))
    row = page.editor.row()
    assert (row.status, row.level) == ("命名", "区级")

    page.select_brand(ids["幸福驿站"])
    dialog = step(page, "申报")
    dialog.level.setCurrentIndex(dialog.level.findData("区级"))
    assert dialog.exception.isEnabled() and "须逐级申报" in dialog.level_hint.text()
    press_ok(dialog)  # no reason: stays open
    assert dialog.isVisible() and "越级" in dialog.error.text()
    dialog.exception.setText("区委组织部直接考核")
    press_ok(dialog)
    assert (
        BrandService(page.ctx).history(ids["幸福驿站"])[-1].exception_reason == "区委组织部直接考核"
    )
