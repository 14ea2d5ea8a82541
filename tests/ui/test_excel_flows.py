"""The 数据 menu flows against a stand-in ``brandoffice.excel`` with the agreed API."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from brandoffice.errors import CellProblem, ImportRejected
from brandoffice.excel.batch import ImportSummary
from brandoffice.services.context import AppContext
from tests.ui.conftest import Messages
from tests.ui.windows import blank_window, choose_file, data_changes, idle
from ui import file_dialogs
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen, showing windows


class FakeExcel(types.SimpleNamespace):
    """Records calls; ``reject`` makes the next import fail with two bad cells."""

    def __init__(self) -> None:
        super().__init__(calls=[], reject=False, EXCEL_KINDS={"orgs": "组织", "members": "党员"})

    def write_template(self, kind: str, path: Path) -> None:
        self.calls.append(("template", kind, path))
        path.write_bytes(b"PK")

    def export_kind(
        self,
        ctx: AppContext,
        kind: str,
        path: Path,
        *,
        reveal: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        self.calls.append(("export", kind, path, reveal))
        if progress is not None:
            progress(3, 3)
        return 3

    def import_kind(
        self,
        ctx: AppContext,
        kind: str,
        path: Path,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        self.calls.append(("import", kind, path))
        if progress is not None:
            progress(1, 2)
        if self.reject:
            raise ImportRejected(
                [
                    CellProblem(2, "组织名称", "", "不能为空"),
                    CellProblem(5, "领域", "火星", "不是有效的领域"),
                ]
            )
        notes = ("识别的列：党组织名称→组织名称、上级组织", "忽略的列：组织简称（本程序不记录）")
        return ImportSummary(kind, 2, 0, 7, notes=notes)

    def undo_last_import(self, ctx: AppContext) -> str:
        self.calls.append(("undo",))
        return "删除 2 条"


@pytest.fixture
def excel(monkeypatch: pytest.MonkeyPatch) -> FakeExcel:
    fake = FakeExcel()
    monkeypatch.setitem(sys.modules, "brandoffice.excel", fake)
    return fake


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, settings: QSettings) -> Iterator[MainWindow]:
    win = blank_window(qtbot, ctx, settings)
    yield win
    idle(qtbot, win)


@dataclass
class Flow:
    """The blank window with the stand-in Excel module, the message boxes and a folder."""

    qtbot: QtBot
    window: MainWindow
    excel: FakeExcel
    msgs: Messages
    folder: Path
    monkeypatch: pytest.MonkeyPatch
    reasons: list[str]  # of the window's dataChanged

    def choose(self, dialog: str, path: Path) -> list[tuple[Any, ...]]:
        """Make the file dialog ``dialog`` answer ``path``; return the calls it gets."""
        return choose_file(self.monkeypatch, dialog, path)

    def settle(self) -> None:
        """Wait until the window's background work is done."""
        idle(self.qtbot, self.window)


@pytest.fixture
def flow(
    qtbot: QtBot,
    window: MainWindow,
    excel: FakeExcel,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Flow:
    return Flow(qtbot, window, excel, msgs, tmp_path, monkeypatch, data_changes(window))


def test_kind_menus_fill_lazily(window: MainWindow, excel: FakeExcel) -> None:
    menu = window.commands.import_menu
    assert menu.isEmpty()
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions()] == ["组织", "党员"]
    menu.aboutToShow.emit()
    assert len(menu.actions()) == 2


def test_kind_menu_without_the_excel_module(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "brandoffice.excel", None)  # import raises ImportError
    menu = window.commands.export_menu
    menu.aboutToShow.emit()
    (action,) = menu.actions()
    assert not action.isEnabled() and "不可用" in action.text()


def test_import_runs_reloads_and_reports(flow: Flow) -> None:
    source = flow.folder / "组织.xlsx"
    seen = flow.choose("get_open_file_name", source)
    flow.window.commands.import_menu.aboutToShow.emit()
    flow.window.commands.import_menu.actions()[0].trigger()
    flow.settle()
    assert seen[0][1] == "导入组织：选择 Excel 工作簿" and "*.xlsx" in seen[0][3]
    assert flow.excel.calls == [("import", "orgs", source)]
    assert flow.reasons == ["import"]
    assert flow.msgs.texts("inform") == [
        "导入完成：组织 新增 2 条，更新 0 条（批次 7）\n"
        "识别的列：党组织名称→组织名称、上级组织\n"
        "忽略的列：组织简称（本程序不记录）"
    ]
    assert flow.window.settings.value("paths/excel") == str(flow.folder)


def test_rejected_import_lists_every_bad_cell(flow: Flow) -> None:
    flow.excel.reject = True
    flow.choose("get_open_file_name", flow.folder / "bad.xlsx")
    flow.window.commands.excel.import_file("orgs")
    flow.settle()
    ((kind, _title, text, details),) = flow.msgs.shown
    assert kind == "warn" and "2 处数据有误" in text
    assert details is not None
    assert details.splitlines() == [
        "第2行 [组织名称] “”：不能为空",
        "第5行 [领域] “火星”：不是有效的领域",
    ]
    assert flow.reasons == []


def test_cancelled_file_dialog_does_nothing(
    window: MainWindow, excel: FakeExcel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: ("", ""))
    window.commands.excel.import_file("orgs")
    assert excel.calls == [] and not window.runner.is_busy()


@pytest.mark.parametrize(("answer", "reveal"), [(0, False), (1, True)])
def test_member_export_asks_about_personal_data(flow: Flow, answer: int, reveal: bool) -> None:
    flow.choose("get_save_file_name", flow.folder / "党员名册")
    flow.msgs.answers += [answer, 1]  # how to export, then 关闭 (not 打开所在文件夹)
    flow.window.commands.excel.export("members")
    flow.settle()
    assert flow.excel.calls == [("export", "members", flow.folder / "党员名册.xlsx", reveal)]
    (question, done) = flow.msgs.asked
    assert question[2] == ["遮蔽后导出（推荐）", "完整导出", "取消"]
    assert done[0] == "导出完成" and "已导出 3 条党员" in done[1]
    assert ("审计日志" in done[1]) is reveal


def test_member_export_can_be_cancelled(
    window: MainWindow, excel: FakeExcel, msgs: Messages
) -> None:
    msgs.answers.append(2)
    window.commands.excel.export("members")
    assert excel.calls == []


def test_template_is_written(flow: Flow) -> None:
    target = flow.folder / "组织导入模板.xlsx"
    flow.choose("get_save_file_name", target)
    flow.msgs.answers.append(1)
    flow.window.commands.excel.template("orgs")
    flow.settle()
    assert flow.excel.calls == [("template", "orgs", target)] and target.exists()
    assert flow.msgs.asked[0][0] == "模板已生成"


def test_undo_last_import_confirms_then_reloads(flow: Flow) -> None:
    flow.msgs.answers.append(1)  # 取消
    flow.window.commands.undo_import.trigger()
    assert flow.excel.calls == []
    flow.window.commands.undo_import.trigger()
    flow.settle()
    assert flow.excel.calls == [("undo",)] and flow.reasons == ["undo"]
    assert flow.msgs.texts("inform")[0].startswith("已撤销最近一次导入（删除 2 条）")


def test_real_excel_round_trip(
    qtbot: QtBot,
    street_ctx: AppContext,
    settings: QSettings,
    msgs: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Export and re-import through the real ``brandoffice.excel``."""
    excel = pytest.importorskip("brandoffice.excel")
    if not hasattr(excel, "undo_last_import"):
        pytest.skip("brandoffice.excel is not complete yet")
    win = MainWindow(street_ctx, settings=settings)
    qtbot.addWidget(win)
    book = tmp_path / "组织.xlsx"
    choose_file(monkeypatch, "get_save_file_name", book)
    msgs.answers += [1, 1]  # 完整导出 (masked phones cannot be imported back), then 关闭
    win.commands.excel.export("orgs")
    idle(qtbot, win)
    assert msgs.asked[0][1] == "组织数据含联系电话，请选择导出方式。"
    assert book.exists() and "已导出 4 条组织（含完整" in msgs.asked[-1][1]
    choose_file(monkeypatch, "get_open_file_name", book)
    win.commands.excel.import_file("orgs")
    idle(qtbot, win)
    assert msgs.shown[-1][0] == "inform", msgs.shown[-1]
    assert msgs.shown[-1][2].startswith("导入完成：组织")
