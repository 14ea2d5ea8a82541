"""The member panel: the selected member's scores, report, commitments, deeds and hours."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.evaluation_results import FIVE_LEADS
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.training import TrainingDraft, TrainingService
from tests.core.services.records_fixtures import Street
from tests.ui.orgs.records_street import open_page, texts
from ui.orgs.detail import MEMBER_TAB, RECORDS_TAB
from ui.orgs.page import OrgPage
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
D = dt.date


def test_the_selected_member_shows_their_records(
    qtbot: QtBot, ctx: AppContext, street: Street, qtmodeltester: Any
) -> None:
    zhang = street.members["张伟"]
    evaluation = EvaluationService(ctx)
    plan = evaluation.create_plan(street.campaign)
    evaluation.set_scores(plan.id, zhang, "自评", dict.fromkeys(FIVE_LEADS, 90))
    evaluation.set_scores(
        plan.id, zhang, "群众评议", dict.fromkeys(FIVE_LEADS, 80), evaluator_count=12
    )
    PartySpiritService(ctx).record(
        zhang, 2026, submitted_on=D(2026, 4, 2), filename="张伟.docx", data=b"x"
    )
    CommitmentService(ctx).create(CommitmentDraft("每月走访10户", D(2026, 3, 2), member_id=zhang))
    ModelService(ctx).create_deed(DeedDraft("红色管家", D(2026, 4, 8), member_id=zhang))
    training = TrainingService(ctx)
    session = training.create(TrainingDraft(street.xingfu, D(2026, 5, 8), "社区级", "党务", 2.5))
    training.set_attendees(session.id, [zhang])

    page = open_page(qtbot, ctx)
    assert page.select_org(street.xingfu)
    page.detail.tabs.setCurrentIndex(MEMBER_TAB)
    members = page.detail.members
    panel = members.records
    assert panel.table.currentWidget() is panel.table.hint
    assert members.select_member(zhang)
    assert "张伟" in panel.title.text()
    assert texts(panel.table, "项目") == [
        "党员评议",
        "党性分析报告",
        "公开承诺",
        "先进典型",
        "培训",
    ]
    states = texts(panel.table, "情况")
    assert states[0] == "自评 90，群众评议 80（12人），综合 83，本单位第 1 名"
    assert states[1] == "已提交（2026-04-02），文件：张伟.docx"
    assert states[2] == "2026-03-02 承诺；年终未检查"
    assert states[3] == "2026-04-08，材料 0 份"
    assert states[4] == "参训 1 次，共 2.5 学时"
    qtmodeltester.check(panel.model)

    assert members.select_member(street.members["王芳"])
    assert texts(panel.table, "情况") == [
        "尚未评分",
        "未登记（在职党员须提交）",
        "参训 0 次，共 0 学时",
    ]
    evaluation.set_scores(plan.id, street.members["王芳"], "自评", dict.fromkeys(FIVE_LEADS, 85))
    assert members.select_member(zhang) and members.select_member(street.members["王芳"])
    assert texts(panel.table, "情况")[0] == "尚缺：群众评议（全部）"


def test_reads_run_in_the_background(qtbot: QtBot, ctx: AppContext, street: Street) -> None:
    CommitmentService(ctx).create(
        CommitmentDraft("每月走访10户", D(2026, 3, 2), member_id=street.members["张伟"])
    )
    runner = TaskRunner()
    page = OrgPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    assert page.select_org(street.xingfu)
    page.detail.tabs.setCurrentIndex(RECORDS_TAB)
    tab = page.detail.records.show_kind("党员评议")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        pass
    assert "尚未设置党员评议" in tab.table.hint.text()
    commitments = page.detail.records.tabs["公开承诺"]
    with qtbot.waitSignal(commitments.loaded, timeout=10_000):
        page.detail.records.show_kind("公开承诺")
    assert texts(commitments.table, "承诺主体") == ["张伟"]
    page.detail.tabs.setCurrentIndex(MEMBER_TAB)
    members = page.detail.members
    assert members.select_member(street.members["张伟"])
    qtbot.waitUntil(lambda: members.records.model.rowCount() > 0, timeout=10_000)
    assert texts(members.records.table, "项目") == ["党性分析报告", "公开承诺", "培训"]
    runner.wait(5000)
