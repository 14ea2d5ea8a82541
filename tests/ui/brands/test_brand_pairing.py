"""共建对子: pair a brand unit with a lagging unit, record actions, close with the grade after."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate

from brandoffice.services.honours import HonourService
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.ui.brands.helpers import press_ok
from tests.ui.conftest import Messages
from ui.brands.page import BrandPage
from ui.brands.pairing import ActionDialog, PairingDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen


def test_pairing_from_start_to_close(
    page: BrandPage, ids: dict[str, int], msgs: Messages, qtmodeltester: Any
) -> None:
    orgs = OrgService(page.ctx)
    river = orgs.get(ids["river"])
    draft = OrgDraft(
        name=river.name, kind=river.kind, level=river.level, parent_id=river.parent_id,
        sector=river.sector, grade="后进",
    )  # fmt: skip
    orgs.update(river.id, river.version, draft)
    panel = page.pairing
    page.tabs.setCurrentIndex(3)
    qtmodeltester.check(panel.pairings)
    qtmodeltester.check(panel.action_model)
    assert not panel.action_button.isEnabled()

    panel.new_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, PairingDialog)
    dialog.brand.setCurrentIndex(dialog.brand.findData(ids["楼宇先锋"]))
    assert dialog.lagging.currentText() == "临江社区党委（后进）"  # lagging units first
    dialog.started.setDate(QDate(2026, 3, 1))
    press_ok(dialog)
    assert dialog.created is not None
    pairing = panel.current()
    assert pairing is not None and pairing.grade_before == "后进"
    assert panel.pairings.cell(pairing, 4) == "进行中"

    panel.action_button.click()
    action = panel.dialog
    assert isinstance(action, ActionDialog) and action.grade.isHidden()
    action.on.setDate(QDate(2026, 4, 10))
    action.content.setPlainText("联合开展政策宣讲")
    press_ok(action)
    assert [(a.acted_on.isoformat(), a.content) for a in panel.action_model.rows()] == [
        ("2026-04-10", "联合开展政策宣讲")
    ]

    panel.close_button.click()
    closing = panel.dialog
    assert isinstance(closing, ActionDialog) and not closing.grade.isHidden()
    closing.grade.setCurrentIndex(closing.grade.findData("中间"))
    press_ok(closing)
    done = HonourService(page.ctx).get_pairing(pairing.id)
    assert (done.grade_before, done.grade_after, done.action_count) == ("后进", "中间", 1)
    assert done.improved
    assert not panel.action_button.isEnabled()
    assert msgs.shown == []


def test_pairing_refusal_stays_in_the_dialog(page: BrandPage, ids: dict[str, int]) -> None:
    panel = page.pairing
    panel.new_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, PairingDialog)
    dialog.brand.setCurrentIndex(dialog.brand.findData(ids["和美邻里"]))
    dialog.lagging.setCurrentIndex(dialog.lagging.findData(ids["peace"]))
    press_ok(dialog)
    assert dialog.isVisible()
    assert "不能是同一个组织" in dialog.error.text()
