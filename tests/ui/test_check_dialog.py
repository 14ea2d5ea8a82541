"""检查数据库 in the window shows exactly the findings ``brandoffice check`` prints."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from brandoffice.cli.main import main
from brandoffice.maintenance import check
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from ui.check_dialog import CheckReportDialog
from ui.home import HomePage
from ui.main_window import MainWindow

KINDS = ("问题：", "提示：", "已修复：")


def _findings_db(ctx: AppContext, db_path: Path) -> None:
    """A unit typed above its roster (a warning) and a progress row lost (a problem)."""
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇")).id
    a = orgs.create(
        OrgDraft(name="幸福社区党委", kind="党委", level="村社区", parent_id=root, member_count=9)
    ).id
    MemberService(ctx).create(MemberDraft(org_id=a, name="张三", category="在职党员"))
    campaigns = CampaignService(ctx)
    campaign = campaigns.create_campaign("2026年品牌创建", 2026)
    phase = campaigns.add_phase(campaign.id, "动员部署", dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    campaigns.add_task(TaskDraft(phase_id=phase.id, name="制定方案", due_on=dt.date(2026, 4, 30)))
    ctx.db.dispose()
    con = sqlite3.connect(db_path)
    con.execute(f"DELETE FROM task_progress WHERE org_id = {a}")  # as an old version left it
    con.commit()
    con.close()


def _cli_lines(db_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    main(["--db", str(db_path), "check", *args])
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).splitlines()
    return [line for line in lines if line.startswith(KINDS)]  # problems last, on stderr


def test_the_dialog_shows_what_the_command_line_prints(
    qtbot: QtBot, ctx: AppContext, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _findings_db(ctx, db_path)
    printed = _cli_lines(db_path, capsys)
    assert printed == [
        "提示：“幸福社区党委”党员人数 9，名册中有 1 名党员（另有 8 名未录入名册）",
        "问题：任务“制定方案”缺少 1 个适用单位的进度记录",
    ]
    dialog = CheckReportDialog(check(ctx))
    qtbot.addWidget(dialog)
    assert dialog.items() == printed
    shown = dialog.text.toPlainText()
    for line in printed:
        assert line in shown
    assert dialog.verdict.text() == "发现 1 个问题，都可以自动修复：请点“修复”。"
    assert dialog.repair_button.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.repairRequested):
        dialog.repair_button.click()


def test_after_a_repair_both_show_the_same_lines(
    qtbot: QtBot, ctx: AppContext, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _findings_db(ctx, db_path)
    repaired = check(ctx, repair=True)
    dialog = CheckReportDialog(repaired)
    qtbot.addWidget(dialog)
    assert dialog.items() == [
        "已修复：任务“制定方案”补建 1 个单位的进度记录",
        "提示：“幸福社区党委”党员人数 9，名册中有 1 名党员（另有 8 名未录入名册）",
    ]
    assert dialog.verdict.text() == "检查通过：数据库完整，数据一致；另有 1 条提示。"
    assert not dialog.repair_button.isVisibleTo(dialog)
    assert _cli_lines(db_path, capsys) == dialog.items()[1:]  # nothing left to repair


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_window_repairs_from_the_dialog(
    qtbot: QtBot, ctx: AppContext, db_path: Path, settings: QSettings
) -> None:
    _findings_db(ctx, db_path)
    window = MainWindow(ctx, settings=settings)
    qtbot.addWidget(window)
    window.add_page("home", "工作台", QIcon(), HomePage(ctx, window.runner))
    window.show()
    flows = window.commands.maintenance
    window.commands.check.trigger()
    qtbot.waitUntil(lambda: flows.report_dialog is not None, timeout=10_000)
    first = flows.report_dialog
    assert first is not None and first.items()[0].startswith("提示：")
    first.repair_button.click()
    qtbot.waitUntil(lambda: flows.report_dialog is not first, timeout=10_000)
    second = flows.report_dialog
    assert second is not None
    assert second.items()[0] == "已修复：任务“制定方案”补建 1 个单位的进度记录"
    assert second.report.ok
    second.grab().save(str(db_path.parent / "check-dialog.png"))
    second.reject()
    window.runner.wait(5000)
