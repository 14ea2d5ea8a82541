"""The 公开承诺 tab: commitments of a unit and its members, the year-end check, stale edits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_tab, pick, texts
from ui.orgs.records.commitments_tab import CommitmentsTab
from ui.widgets import set_date

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_commitments_walk_from_entry_to_check(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    tab: CommitmentsTab = open_tab(qtbot, ctx, street.xingfu, "公开承诺")
    assert "尚未登记公开承诺" in tab.table.hint.text()

    dialog = tab.add()
    assert dialog is not None
    owners = dialog.widget("owner")
    assert [owners.itemText(i) for i in range(owners.count())] == [
        "幸福驿站社区党委（本组织）",
        "张伟（党员）",
        "李娜（党员）",
        "王芳（党员）",
    ]
    dialog.submit()
    assert "承诺内容" in dialog.errors["content"].text()
    dialog.widget("content").setPlainText("打造15分钟党群服务圈")
    dialog.inputs["published_in"].boxes["公示栏"].setChecked(True)
    set_date(dialog.widget("made_on"), dt.date(2026, 3, 12))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted

    member = tab.add()
    assert member is not None
    member.widget("owner").setCurrentText("张伟（党员）")
    member.widget("post").setText("楼栋长")
    member.widget("content").setPlainText("每月走访楼栋居民10户")
    set_date(member.widget("made_on"), dt.date(2026, 3, 20))
    member.submit()
    assert member.result() == member.DialogCode.Accepted
    assert texts(tab.table, "承诺主体") == ["幸福驿站社区党委", "张伟"]
    assert texts(tab.table, "公开方式") == ["公示栏", ""]

    pick(tab.table, subject_name="张伟")
    check = tab.check()
    assert check is not None
    check.widget("fulfilment").setCurrentText("部分兑现")
    check.submit()
    assert "须说明原因" in check.errors["check_note"].text()
    check.widget("check_note").setPlainText("走访8户")
    set_date(check.widget("checked_on"), dt.date(2026, 5, 15))
    check.submit()
    assert check.result() == check.DialogCode.Accepted
    assert texts(tab.table, "兑现情况") == ["未检查", "部分兑现"]

    counts = CommitmentService(ctx).counts(2026, street.xingfu)
    assert (sum(c.by_unit for c in counts), sum(c.by_members for c in counts)) == (1, 1)
    assert "共 <b>2</b> 项承诺（组织 1 项，党员 1 项）" in tab.note.text()
    assert "部分兑现 1，未兑现 0，未检查 1" in tab.note.text()
    assert tab.model.rows() == CommitmentService(ctx).commitments(2026, org_id=street.xingfu)
    qtmodeltester.check(tab.model)


def test_a_stale_edit_reloads_the_form(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages
) -> None:
    service = CommitmentService(ctx)
    made = service.create(CommitmentDraft("原承诺", dt.date(2026, 3, 1), org_id=street.dongfeng))
    tab: CommitmentsTab = open_tab(qtbot, ctx, street.dongfeng, "公开承诺")
    pick(tab.table, id=made.id)
    dialog = tab.edit()
    assert dialog is not None
    service.update(
        made.id, made.version, CommitmentDraft("他人改过", made.made_on, org_id=street.dongfeng)
    )
    dialog.widget("content").setPlainText("我的修改")
    dialog.submit()
    assert "已被他人修改" in dialog.general_error.text()
    assert dialog.widget("content").toPlainText() == "他人改过"
    dialog.widget("content").setPlainText("我的修改")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert texts(tab.table, "承诺内容") == ["我的修改"]

    pick(tab.table, id=made.id)
    tab.delete()  # the patched question answers 删除
    assert tab.model.rowCount() == 0 and service.commitments(2026) == []
