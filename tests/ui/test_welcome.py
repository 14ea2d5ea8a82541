"""The first-start welcome page: demo street or empty database, the office, templates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from brandoffice.app import is_empty, open_context
from brandoffice.demo.data import DEMO_IDENTITY
from brandoffice.office import OfficeIdentity, OfficeKind
from brandoffice.paths import backup_dir
from brandoffice.services.context import AppContext
from brandoffice.services.settings import office_identity, set_office_identity
from tests.ui.windows import data_changes
from ui import file_dialogs
from ui.help import GuideDialog
from ui.main_window import MainWindow
from ui.setup_flows import BLANK_BACKUP, open_welcome
from ui.welcome import EMPTY, IMPORT_ORDER, WelcomeDialog, template_file

if TYPE_CHECKING:
    from conftest import Messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen

KINDS = ("组织", "党员", "品牌", "任务", "任务进度")


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=30_000)


def test_welcome_is_window_modal_and_explains_the_import_order(window: MainWindow) -> None:
    dialog = open_welcome(window)
    assert dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.demo_choice.text() == "示例街道（幸福街道，可随时清空重建）"
    assert dialog.empty_choice.text() == "空数据库"
    texts = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    assert IMPORT_ORDER in texts and str(window.ctx.db.path) in texts
    dialog.reject()


def test_start_needs_a_choice_and_for_real_data_a_name(window: MainWindow) -> None:
    dialog = open_welcome(window)
    assert not dialog.start_button.isEnabled()
    assert dialog.hint_label.text() == "请选择开始方式。"
    dialog.demo_choice.setChecked(True)
    assert dialog.identity() is None  # the demo sets its own office
    assert not dialog.office.isEnabled() and dialog.start_button.isEnabled()
    dialog.empty_choice.setChecked(True)
    assert dialog.office.isEnabled() and dialog.office.name_edit.text() == ""
    assert not dialog.start_button.isEnabled()
    assert dialog.hint_label.text() == "请填写本单位名称。"
    dialog.office.kind_combo.setCurrentText("镇")
    dialog.office.name_edit.setText("  青山镇 ")
    assert dialog.office.issuer_edit.placeholderText() == "不填则为“青山镇党委”"
    assert dialog.start_button.isEnabled() and dialog.choice() == EMPTY
    assert dialog.identity() == OfficeIdentity(OfficeKind.TOWN, "青山镇")
    dialog.reject()


def test_empty_database_keeps_empty_and_saves_the_office(
    qtbot: QtBot, window: MainWindow, msgs: Messages
) -> None:
    reasons = data_changes(window)
    dialog = open_welcome(window)
    dialog.empty_choice.setChecked(True)
    dialog.office.name_edit.setText("和平街道")
    dialog.office.contact_edit.setText("组织科 李明 0431-1234567")
    with qtbot.waitSignal(dialog.finished):
        dialog.start_button.click()
    wait_idle(qtbot, window)
    saved = office_identity(window.ctx)
    assert saved == OfficeIdentity(OfficeKind.STREET, "和平街道", "", "组织科 李明 0431-1234567")
    assert saved.signer == "和平街道党工委"
    assert is_empty(window.ctx) and reasons == ["settings"]
    assert not list(backup_dir(window.ctx.db.path).glob("*.sqlite3"))
    assert msgs.shown == []


def test_closing_the_welcome_changes_nothing(
    qtbot: QtBot, window: MainWindow, msgs: Messages
) -> None:
    dialog = open_welcome(window)
    dialog.demo_choice.setChecked(True)
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    assert not window.runner.is_busy()
    assert not office_identity(window.ctx).is_set and is_empty(window.ctx)


def test_demo_street_is_built_after_a_blank_backup(
    qtbot: QtBot, window: MainWindow, msgs: Messages
) -> None:
    reasons = data_changes(window)
    dialog = open_welcome(window)
    dialog.demo_choice.setChecked(True)
    with qtbot.waitSignal(dialog.finished):
        dialog.start_button.click()
    wait_idle(qtbot, window)
    ctx = window.ctx
    assert not is_empty(ctx) and reasons == ["demo"]
    assert office_identity(ctx) == DEMO_IDENTITY
    ((kind, title, text, _details),) = msgs.shown
    assert kind == "inform" and title == "示例街道已生成" and "文件 → 恢复…" in text
    (blank,) = backup_dir(ctx.db.path).glob(f"{BLANK_BACKUP}-*.sqlite3")
    assert blank.name == f"{BLANK_BACKUP}-20260520-090000.sqlite3" and str(blank) in text
    saved = open_context(str(blank))  # restoring it clears the demo again
    try:
        assert is_empty(saved) and not office_identity(saved).is_set
    finally:
        saved.db.dispose()


def test_templates_are_written_once_per_kind_and_never_over_a_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "模板"
    folder.mkdir()
    asked: list[str] = []

    def choose(_parent: object, title: str, start: str) -> str:
        asked.append(start)
        return str(folder)

    monkeypatch.setattr(file_dialogs, "get_existing_directory", choose)
    dialog = open_welcome(window)
    assert dialog.template_task is None
    dialog.templates_button.click()
    assert dialog.template_task is not None and not dialog.templates_button.isEnabled()
    with qtbot.waitSignal(dialog.template_task.finished, timeout=20_000):
        pass
    from brandoffice.excel import EXCEL_KINDS

    names = sorted(p.name for p in folder.iterdir())
    labels = list(EXCEL_KINDS.values())
    assert labels[: len(KINDS)] == list(KINDS)  # the core kinds first, in import order
    assert names == [template_file(i, label) for i, label in enumerate(labels, start=1)]
    assert all(p.stat().st_size > 0 for p in folder.iterdir())
    assert f"已生成 {len(labels)} 个模板" in dialog.templates_label.text()
    assert dialog.templates_button.isEnabled()

    filled = folder / template_file(1, "组织")
    filled.write_bytes(b"a clerk's filled-in workbook")
    dialog.templates_button.click()
    with qtbot.waitSignal(dialog.template_task.finished, timeout=20_000):
        pass
    assert filled.read_bytes() == b"a clerk's filled-in workbook"
    assert (
        f"已生成 0 个模板，{len(labels)} 个同名文件已存在、未覆盖" in dialog.templates_label.text()
    )
    assert asked[1] == str(folder)  # remembered for next time
    dialog.reject()


def test_template_folder_cancelled_writes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_dialogs, "get_existing_directory", lambda *_a: "")
    dialog = open_welcome(window)
    dialog.templates_button.click()
    assert dialog.template_task is None and dialog.templates_label.text() == ""
    dialog.reject()


def test_help_menu_reopens_the_welcome_without_the_demo_once_filled(
    qtbot: QtBot, street_ctx: AppContext, settings: QSettings, msgs: Messages
) -> None:
    set_office_identity(street_ctx, OfficeIdentity(OfficeKind.STREET, "幸福街道"))
    win = MainWindow(street_ctx, settings=settings)
    qtbot.addWidget(win)
    win.show()
    dialog = win.commands.show_welcome()
    assert isinstance(dialog, WelcomeDialog)
    assert not dialog.demo_choice.isEnabled() and dialog.choice() is None
    assert dialog.office.name_edit.text() == "幸福街道" and dialog.start_button.isEnabled()
    dialog.office.issuer_edit.setText("中共幸福街道工作委员会")
    with qtbot.waitSignal(dialog.finished):
        dialog.start_button.click()
    wait_idle(qtbot, win)
    assert office_identity(street_ctx).signer == "中共幸福街道工作委员会"


def test_guide_opened_from_the_welcome_stays_open(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_welcome(window)
    dialog.guide_button.click()
    guide = dialog.findChild(GuideDialog)
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    assert guide.parent() is window and guide.isVisible()
    guide.close()
