"""The generic tab and form of a simple kind (党员示范岗): add, refuse, stale edit, delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.kinds import by_name
from brandoffice.kinds.simple_service import SimpleRecords
from brandoffice.services.context import AppContext
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_tab, pick, texts
from ui.orgs.records.simple_tab import SimpleTab
from ui.widgets import set_date

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
KIND = by_name("member-posts")


def test_member_posts_through_the_generic_form(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    tab: SimpleTab = open_tab(qtbot, ctx, street.xingfu, "党员示范岗")
    assert "本单位尚未登记党员示范岗" in tab.table.hint.text()

    dialog = tab.add()
    assert dialog is not None
    owners = dialog.widget("owner")
    assert [owners.itemText(i) for i in range(owners.count())] == ["张伟", "李娜", "王芳", "赵磊"]
    dialog.submit()
    assert "岗位名称不能为空" in dialog.errors["name"].text()
    owners.setCurrentText("王芳")
    dialog.widget("name").setText("便民服务示范岗")
    set_date(dialog.widget("set_up_on"), ctx.today() + dt.timedelta(days=1))
    dialog.submit()
    assert "设岗日期不能晚于今天" in dialog.errors["set_up_on"].text()
    set_date(dialog.widget("set_up_on"), dt.date(2026, 3, 5))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert texts(tab.table, "党员") == ["王芳"]
    assert texts(tab.table, "设岗日期") == ["2026-03-05"]
    assert "2026年度党员示范岗：1个" in tab.note.text()

    row = pick(tab.table, member_name="王芳")
    edit = tab.edit()
    assert edit is not None and edit.widget("name").text() == "便民服务示范岗"
    assert edit.widget("owner").currentText() == "王芳"
    service = SimpleRecords(ctx, KIND)
    service.update(row.id, row.version, row.member_id, {**row.values, "name": "他人改过"})
    edit.widget("name").setText("我的修改")
    edit.submit()
    assert "已被他人修改" in edit.general_error.text()
    assert edit.widget("name").text() == "他人改过"
    edit.widget("name").setText("我的修改")
    edit.submit()
    assert edit.result() == edit.DialogCode.Accepted
    assert texts(tab.table, "岗位名称") == ["我的修改"]
    qtmodeltester.check(tab.model)

    pick(tab.table, member_name="王芳")
    tab.delete()  # the patched question answers 删除
    assert msgs.asked[-1][1] == "删除王芳的“我的修改”？"
    assert tab.model.rowCount() == 0 and service.rows() == []
