"""工具 → 审计日志: a lazy table, filters, the hash chain, and the masked export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from brandoffice.safety.auditchain import DELETED_MIDDLE, ChainReport
from brandoffice.services import audit
from brandoffice.services.context import AppContext
from tests.ui.windows import choose_file
from ui.main_window import MainWindow
from ui.safety import audit_viewer
from ui.safety.audit_model import PAGE
from ui.safety.audit_viewer import CHAIN_OK, AuditViewer

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
PHONE = "13812345678"


@pytest.fixture
def logged(street_ctx: AppContext) -> AppContext:
    """The street plus 250 edits (one with a phone number) and 3 failed sign-ins."""
    with street_ctx.db.write.begin() as s:
        for i in range(250):
            audit.record(
                s, street_ctx, "修改组织", object_type="组织", object_name=f"第{i}社区党委"
            )
        audit.record(s, street_ctx, "修改党员", object_type="党员", detail=f"电话改为 {PHONE}")
        for _ in range(3):
            audit.record(s, street_ctx, "登录失败", object_type="账户", result="失败")
    return street_ctx


def _open(qtbot: QtBot, window: MainWindow) -> AuditViewer:
    dialog = window.commands.safety.show_audit()
    assert isinstance(dialog, AuditViewer)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=10_000)
    return dialog


def _requery(qtbot: QtBot, dialog: AuditViewer) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.reload()


def test_entries_load_in_pages(
    qtbot: QtBot, window: MainWindow, logged: AppContext, qtmodeltester: object
) -> None:
    dialog = _open(qtbot, window)
    model = dialog.model
    assert model.rowCount() == PAGE and model.total > 250
    assert dialog.count.text() == f"共 {model.total} 条记录"
    assert model.row_at(0).action == "登录失败"  # newest first
    assert dialog.chain.text() == CHAIN_OK
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == model.total and not model.canFetchMore(QModelIndex())
    _requery(qtbot, dialog)
    qtmodeltester.check(model)  # type: ignore[attr-defined]  (fetches the rest itself)
    texts = [model.data(model.index(r, 5)) for r in range(model.rowCount())]
    assert "电话改为 138****5678" in texts and not any(PHONE in t for t in texts)


def test_filters(qtbot: QtBot, window: MainWindow, logged: AppContext) -> None:
    dialog = _open(qtbot, window)
    dialog.result_box.setCurrentIndex(dialog.result_box.findData("失败"))
    _requery(qtbot, dialog)
    assert dialog.model.total == 3
    assert {dialog.model.row_at(r).result for r in range(3)} == {"失败"}
    dialog.result_box.setCurrentIndex(0)
    dialog.object.setText("第12")
    _requery(qtbot, dialog)
    names = {dialog.model.row_at(r).object_name for r in range(dialog.model.rowCount())}
    assert names == {"第12社区党委", *{f"第12{i}社区党委" for i in range(10)}}
    dialog.object.clear()
    dialog.action.setCurrentText("党员")
    _requery(qtbot, dialog)
    assert dialog.model.total == 1
    dialog.action.setCurrentText("全部操作")
    dialog.range.setCurrentIndex(dialog.range.findData(-1))  # 指定日期…
    assert dialog.start.isVisibleTo(dialog)
    dialog.start.setDate(dialog.start.date().fromString("2030-01-01", "yyyy-MM-dd"))
    dialog.end.setDate(dialog.end.date().fromString("2030-01-31", "yyyy-MM-dd"))
    _requery(qtbot, dialog)
    assert dialog.model.total == 0 and dialog.count.text() == "共 0 条记录"
    dialog.range.setCurrentIndex(dialog.range.findData(0))  # 今天 by the services' clock
    _requery(qtbot, dialog)
    assert dialog.model.total > 250
    assert dialog.account.findData("本机用户") > 0  # the drop-down lists who acted


def test_broken_chain_is_shown(
    qtbot: QtBot, window: MainWindow, logged: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = ChainReport()
    found.add(DELETED_MIDDLE, 17, "第 16 条与第 17 条之间的条目被删除（两条接不上）")
    monkeypatch.setattr(audit_viewer, "audit_chain_report", lambda _ctx: found)
    dialog = _open(qtbot, window)
    assert "审计日志被篡改（删除中间的条目）：第 16 条与第 17 条" in dialog.chain.text()


def test_export_is_masked_and_audited(
    qtbot: QtBot,
    window: MainWindow,
    logged: AppContext,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "审计日志"
    choose_file(monkeypatch, "get_save_file_name", target)
    dialog = _open(qtbot, window)
    dialog.action.setCurrentText("党员")
    _requery(qtbot, dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.export_button.click()
    saved = target.with_name("审计日志.xlsx")
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "时间", "账户", "操作") and len(rows) == 2
    assert rows[1][8] == "电话改为 138****5678"
    assert msgs.shown[-1][1] == "导出完成" and "已导出 1 条" in msgs.shown[-1][2]
    dialog.action.setCurrentText("导出审计日志")
    _requery(qtbot, dialog)
    assert dialog.model.total == 1 and dialog.export_button.isEnabled()
