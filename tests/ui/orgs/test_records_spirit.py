"""The 党性分析报告 tab: mark handed in, attach and open the file, review, completion rate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from brandoffice.services.party_spirit import PartySpiritService
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_tab, pick, texts
from ui.orgs.records import spirit_tab
from ui.orgs.records.spirit_tab import SpiritTab
from ui.widgets import set_date

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_reports_walk_to_the_completion_rate(
    qtbot: QtBot,
    ctx: AppContext,
    street: Street,
    msgs: Messages,
    qtmodeltester: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab: SpiritTab = open_tab(qtbot, ctx, street.xingfu, "党性分析报告")
    # Serving members of 幸福驿站 and its branch; 李娜 (流动党员) need not write one.
    assert texts(tab.table, "党员") == ["张伟", "王芳", "赵磊"]
    assert set(texts(tab.table, "状态")) == {"未登记"}
    assert "应提交 <b>3</b> 人，已提交 <b>0</b> 人，完成率 <b>0.0%</b>" in tab.note.text()

    pick(tab.table, name="张伟")
    dialog = tab.mark_submitted()
    assert dialog is not None
    set_date(dialog.widget("submitted_on"), dt.date(2026, 6, 1))
    dialog.submit()
    error = dialog.errors["submitted_on"]
    assert error.isVisibleTo(dialog) and "不能晚于今天" in error.text()
    set_date(dialog.widget("submitted_on"), dt.date(2026, 5, 18))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted

    pick(tab.table, name="王芳")
    monkeypatch.setattr(
        spirit_tab, "choose_file", lambda *_a: ("王芳党性分析报告.docx", b"report of wang")
    )
    tab.attach_file()
    opened: list[QUrl] = []
    monkeypatch.setattr("ui.calendar.evidence.QDesktopServices.openUrl", opened.append)
    wang = pick(tab.table, name="王芳")
    assert wang.report.filename == "王芳党性分析报告.docx" and wang.submitted
    tab.open_file()
    assert Path(opened[0].toLocalFile()).read_bytes() == b"report of wang"

    completion = PartySpiritService(ctx).completion(2026, street.xingfu)
    assert sum(c.submitted for c in completion) == 2
    assert sum(c.required for c in completion) == 3
    assert "已提交 <b>2</b> 人，完成率 <b>66.7%</b>；未提交：赵磊" in tab.note.text()
    assert texts(tab.table, "提交日期")[:2] == ["2026-05-18", "2026-05-20"]
    qtmodeltester.check(tab.model)


def test_review_messages_and_stale_edits(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages
) -> None:
    service = PartySpiritService(ctx)
    report = service.record(street.members["张伟"], 2026, submitted_on=dt.date(2026, 5, 1))
    tab: SpiritTab = open_tab(qtbot, ctx, street.xingfu, "党性分析报告")
    pick(tab.table, name="赵磊")
    assert tab.review() is None
    assert "尚未提交" in msgs.texts("inform")[-1]

    pick(tab.table, name="张伟")
    dialog = tab.review()
    assert dialog is not None
    dialog.submit()
    assert "审阅人" in dialog.errors["reviewer"].text()
    service.review(report.id, report.version, "李书记", "很好")  # someone else meanwhile
    dialog.widget("reviewer").setText("周书记")
    dialog.submit()
    assert "已被他人修改" in dialog.general_error.text()
    assert dialog.widget("reviewer").text() == "李书记"  # reloaded
    dialog.widget("reviewer").setText("周书记")
    dialog.widget("reviewer_comment").setPlainText("剖析深刻")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert service.get(report.id).reviewer == "周书记"
    assert texts(tab.table, "审阅") == ["", "周书记", ""]  # 王芳, 张伟 (handed in: after), 赵磊
