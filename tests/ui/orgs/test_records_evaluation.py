"""The 党员评议 tab: open an evaluation, enter scores, nominate 优秀共产党员 into the honours."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_results import FIVE_LEADS
from brandoffice.services.honours import HonourService
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_tab, pick, texts
from ui.orgs.records.common import number
from ui.orgs.records.evaluation_tab import EvaluationTab

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def _score(tab: EvaluationTab, name: str, source: str, value: float, count: int = 1) -> None:
    pick(tab.table, name=name)
    dialog = tab.enter_scores()
    assert dialog is not None
    dialog.source_combo.setCurrentText(source)
    for spin in dialog.spins.values():
        spin.setValue(value)
    if dialog.count_spin.isEnabled():
        dialog.count_spin.setValue(count)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.general_error.text()


def test_scores_entered_agree_with_the_service(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    tab: EvaluationTab = open_tab(qtbot, ctx, street.xingfu, "党员评议")
    assert tab.table.currentWidget() is tab.table.hint
    assert "尚未设置党员评议" in tab.table.hint.text()

    plan_dialog = tab.new_plan()
    assert plan_dialog is not None
    plan_dialog.self_weight.setValue(0)
    plan_dialog.mass_weight.setValue(0)
    plan_dialog.submit()
    error = plan_dialog.errors["self_weight"]
    assert error.isVisibleTo(plan_dialog) and "不能都为0" in error.text()
    plan_dialog.self_weight.setValue(0.3)
    plan_dialog.mass_weight.setValue(0.7)
    plan_dialog.submit()
    assert plan_dialog.result() == plan_dialog.DialogCode.Accepted
    assert texts(tab.table, "党员") == ["张伟", "李娜", "王芳", "赵磊"]  # by unit, then name

    _score(tab, "张伟", "自评", 90)
    _score(tab, "张伟", "群众评议", 80, count=12)
    _score(tab, "赵磊", "自评", 95)
    _score(tab, "赵磊", "群众评议", 92, count=9)
    _score(tab, "王芳", "自评", 85)

    plan = EvaluationService(ctx).plan_of_campaign(street.campaign)
    assert plan is not None
    results = EvaluationService(ctx).results(plan.id, street.xingfu)
    shown = {r.member_id: r for r in tab.model.rows()}
    for result in results.members:
        assert shown[result.member_id] == result
    assert texts(tab.table, "综合得分")[:2] == ["83", "—"]  # 张伟 0.3×90+0.7×80; 王芳 unfinished
    assert texts(tab.table, "群众评议")[0] == number(80)
    zhao = next(r for r in tab.model.rows() if r.name == "赵磊")
    assert (zhao.combined, zhao.unit_rank, zhao.mass_evaluators) == (92.9, 1, 9)
    wang = next(r for r in tab.model.rows() if r.name == "王芳")
    assert "群众评议（全部）" in tab.model.index(tab.model.rows().index(wang), 8).data()
    assert "已完成评议 <b>2</b> 人（50.0%）" in tab.note.text()
    assert "平均综合得分 <b>87.95</b>" in tab.note.text()
    qtmodeltester.check(tab.model)


def test_nomination_lands_in_the_commendations(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    service = EvaluationService(ctx)
    plan = service.create_plan(street.campaign, "五带头")
    m = street.members
    for name, own, mass in (("张伟", 90, 80), ("王芳", 95, 94), ("刘洋", 70, 60)):
        service.set_scores(plan.id, m[name], "自评", dict.fromkeys(FIVE_LEADS, own))
        service.set_scores(
            plan.id, m[name], "群众评议", dict.fromkeys(FIVE_LEADS, mass), evaluator_count=10
        )
    tab: EvaluationTab = open_tab(qtbot, ctx, street.root, "党员评议")
    dialog = tab.nominate()
    assert dialog is not None
    picked = [c.result.name for c in dialog.model.marked(0)]
    assert picked == ["刘洋", "王芳"]  # the best of 东风 and of 幸福驿站
    qtmodeltester.check(dialog.model)
    dialog.line_box.setChecked(True)  # and at least 85 points: 刘洋 (63) drops out
    dialog.find_candidates()
    assert [c.result.name for c in dialog.model.marked(0)] == ["王芳"]
    dialog.confirm()
    assert msgs.asked[-1][0] == "推荐优秀共产党员" and "王芳" in msgs.asked[-1][1]
    assert dialog.result() == dialog.DialogCode.Accepted
    honours = HonourService(ctx).commendations(2026, "优秀共产党员")
    assert [(h.recipient, h.member_id) for h in honours] == [("王芳", m["王芳"])]
    assert "综合得分 94.3" in (honours[0].note or "")
    assert honours[0].status == "推荐" and honours[0].awarded_by is None
    assert "已推荐 王芳 为2026年度“优秀共产党员”人选" in msgs.texts("inform")[-1]

    again = tab.nominate()
    assert again is not None
    flagged = [c for c in again.model.rows() if c.already_commended]
    assert [c.result.name for c in flagged] == ["王芳"]
    assert [c.result.name for c in again.model.marked(0)] == ["刘洋"]
