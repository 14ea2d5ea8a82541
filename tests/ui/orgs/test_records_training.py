"""The 培训 tab: sessions, attendance, coverage rate and hours agree with the service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from brandoffice.services.training import TrainingDraft, TrainingService
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_tab, pick, texts
from ui.orgs.records.training_tab import TrainingTab
from ui.widgets import set_date

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
CHECKED = Qt.CheckState.Checked


def test_sessions_walk_to_coverage(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    m = street.members
    service = TrainingService(ctx)
    above = service.create(
        TrainingDraft(street.root, dt.date(2026, 4, 10), "街道级", "二十大精神", 3)
    )
    service.set_attendees(above.id, [m["赵磊"], m["刘洋"]])
    elsewhere = service.create(
        TrainingDraft(street.dongfeng, dt.date(2026, 4, 12), "社区级", "东风", 1)
    )
    service.set_attendees(elsewhere.id, [m["刘洋"]])
    tab: TrainingTab = open_tab(qtbot, ctx, street.xingfu, "培训")
    assert texts(tab.table, "培训主题") == ["二十大精神"]  # run above, attended by 赵磊
    assert texts(tab.table, "本单位出席") == ["1 人"]

    dialog = tab.add()
    assert dialog is not None
    assert dialog.level.currentText() == "社区级"
    set_date(dialog.held_on, dt.date(2026, 5, 8))
    dialog.topic.setText("党务知识")
    dialog.hours.setValue(0)
    dialog.submit()
    assert "培训学时必须大于0" in dialog.errors["hours"].text()
    dialog.hours.setValue(2.5)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted

    pick(tab.table, organised_here=True)
    attendance = tab.attendance()
    assert attendance is not None
    model = attendance.model
    names = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert names == ["张伟", "李娜", "王芳", "赵磊"]
    model.setData(model.index(names.index("张伟"), 0), CHECKED, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(names.index("赵磊"), 0), CHECKED, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(names.index("李娜"), 0), CHECKED, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(names.index("李娜"), 1), CHECKED, Qt.ItemDataRole.CheckStateRole)
    assert [r.name for r in model.marked(1)] == ["李娜"]  # 缺席 cleared her 出席
    qtmodeltester.check(model)
    attendance.submit()
    assert attendance.result() == attendance.DialogCode.Accepted

    assert texts(tab.table, "出席/名单") == ["2/3", "2/2"]
    assert texts(tab.table, "本单位出席") == ["2 人", "1 人"]
    coverage = service.coverage(2026, street.xingfu)
    members = sum(c.members for c in coverage)
    trained = sum(c.trained for c in coverage)
    hours = sum(c.hours for c in coverage)
    assert (members, trained, hours) == (4, 2, 8.0)  # 张伟 2.5; 赵磊 3 + 2.5
    assert "党员 <b>4</b> 人，参训 <b>2</b> 人，覆盖率 <b>50.0%</b>" in tab.note.text()
    assert "累计 <b>8</b> 学时，人均 2 学时" in tab.note.text()
    assert texts(tab.hours_table, "党员") == ["张伟", "李娜", "王芳"]  # the unit's own members
    assert texts(tab.hours_table, "学时") == ["2.5", "0", "0"]
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.hours_model)
