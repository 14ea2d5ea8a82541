"""Creating campaigns (template or scratch), editing phases and tasks, evidence, models, Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from brandoffice.model import Attachment
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from tests.core.services.calendar_fixtures import seed000_campaign, small_street
from tests.ui.conftest import Messages
from ui.calendar.editor import CampaignEditor
from ui.calendar.grid_model import CELL_ROLE
from ui.calendar.page import CalendarPage
from ui.calendar.style import to_qdate
from ui.orgs.runner import ImmediateRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen
D = dt.date


def _page(qtbot: QtBot, ctx: AppContext) -> CalendarPage:
    page = CalendarPage(ctx, ImmediateRunner())
    qtbot.addWidget(page)
    page.reload()
    return page


def test_create_from_template_for_a_scope_unit(qtbot: QtBot, ctx: AppContext) -> None:
    root, _units = small_street(ctx)
    page = _page(qtbot, ctx)
    dialog = page.new_campaign()
    assert dialog.from_template.isChecked()
    dialog.template.setCurrentIndex(dialog.template.findData("seed000_street"))
    assert "4 个阶段" in dialog.template_info.text()
    dialog.year.setValue(2026)
    assert dialog.name.text() == "2026年街道党建品牌创建（四阶段）"
    dialog.set_scope(root)
    dialog.create_campaign()
    assert page.data is not None and page.data.campaign.scope_org_id == root
    assert [p.name for p in page.data.phases] == ["动员部署", "具体实施", "全面提升", "总结完善"]
    again = page.new_campaign()
    again.template.setCurrentIndex(again.template.findData("seed000_street"))
    again.year.setValue(2026)
    again.create_campaign()
    assert "已有名为" in again.errors["name"].text() and again.errors["name"].isVisibleTo(again)


def test_scratch_campaign_phase_and_task_by_sector(qtbot: QtBot, ctx: AppContext) -> None:
    root, units = small_street(ctx)
    page = _page(qtbot, ctx)
    dialog = page.new_campaign()
    dialog.from_scratch.setChecked(True)
    dialog.name.setText("社区专项活动")
    dialog.set_scope(root)
    dialog.create_campaign()
    editor = page.editor
    assert isinstance(editor, CampaignEditor) and editor.plan is not None
    qtbot.addWidget(editor)
    assert not editor.add_task_button.isEnabled()
    editor.new_phase()
    editor.phase_form.name.setText("")
    editor.save_form()
    assert editor.phase_form.errors["name"].text() == "请填写阶段名称"
    editor.phase_form.name.setText("走访")
    editor.phase_form.start_on.setDate(to_qdate(D(2026, 6, 1)))
    editor.phase_form.end_on.setDate(to_qdate(D(2026, 5, 1)))
    editor.save_form()
    assert editor.phase_form.errors["end_on"].text() == "结束日期不能早于开始日期"
    editor.phase_form.end_on.setDate(to_qdate(D(2026, 9, 30)))
    editor.save_form()
    assert [p.name for p in editor.plan.phases] == ["走访"]
    editor.new_task()
    form = editor.task_form
    form.name.setText("民情走访")
    form.due_on.setDate(to_qdate(D(2026, 10, 1)))
    assert "国庆节" in form.due_note.text() and "不在“走访”阶段" in form.due_note.text()
    form.due_on.setDate(to_qdate(D(2026, 9, 30)))
    form.scope.setCurrentText("按领域")
    editor.save_form()
    assert form.errors["scope_values"].text() == "请至少勾选一个领域"
    community = form.sectors.findItems("社区", Qt.MatchFlag.MatchExactly)[0]
    community.setCheckState(Qt.CheckState.Checked)
    form.evidence.setCurrentText("数量")
    form.target.setValue(100)
    editor.save_form()
    task = CampaignService(ctx).tasks(editor.campaign_id)[0]
    assert (task.scope, task.scope_values, task.target_count) == ("按领域", ["社区"], 100)
    assert page.grid.model.rowCount() == 3  # the page reloaded: three communities
    editor.tree.setCurrentIndex(editor.model.index_of("task", task.id))
    form.scope.setCurrentText("指定单位")
    form._add_picked(units["幸福小学党支部"])
    editor.save_form()
    orgs = {p.org_id for p in CampaignService(ctx).progress() if p.task_id == task.id}
    assert orgs == {units["幸福小学党支部"]}
    assert not editor.has_unsaved_changes()


def test_editing_reports_service_errors_beside_the_field(
    qtbot: QtBot, ctx: AppContext, msgs: Messages
) -> None:
    campaign, _root, _units = seed000_campaign(ctx)
    editor = CampaignEditor(ctx, ImmediateRunner(), campaign)
    qtbot.addWidget(editor)
    first = editor.model.index(0, 0)
    editor.tree.setCurrentIndex(first)
    editor.phase_form.name.setText("具体实施")
    editor.save_form()
    assert "已有名为“具体实施”的阶段" in editor.phase_form.errors["name"].text()
    editor.phase_form.dirty = False
    task_index = editor.model.index(0, 0, first)
    editor.tree.setCurrentIndex(task_index)
    assert editor.current_form() is editor.task_form
    editor.delete_selected()
    assert msgs.asked and "宣传发动" in msgs.asked[0][1]
    assert "宣传发动" not in {t.name for t in CampaignService(ctx).tasks(campaign)}
    editor.details.name.setText("")
    editor.details.save()
    assert editor.details.errors["name"].text()


def test_evidence_files_attach_by_hash_and_open(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, msgs: Messages
) -> None:
    seed000_campaign(ctx)
    page = _page(qtbot, ctx)
    grid = page.grid
    index = grid.model.index(1, 0)
    grid.view.setCurrentIndex(index)
    dialog = grid.open_evidence()
    assert dialog is not None
    qtbot.addWidget(dialog)
    photo = tmp_path / "动员会.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo bytes")
    copy = tmp_path / "同一张.jpg"
    copy.write_bytes(photo.read_bytes())
    dialog.attach_files([str(photo), str(copy)])
    assert dialog.model.rowCount() == 2
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 1
    assert grid.model.data(index, Qt.ItemDataRole.DecorationRole) is not None
    assert "佐证材料：2 份" in grid.model.data(index, Qt.ItemDataRole.ToolTipRole)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.view.setCurrentIndex(dialog.model.index(0, 0))
    dialog.open_selected()
    assert Path(opened[0].toLocalFile()).read_bytes() == photo.read_bytes()
    assert Path(opened[0].toLocalFile()).name == "动员会.jpg"
    dialog.remove_selected()
    assert msgs.asked[0][0] == "删除佐证材料"
    assert dialog.model.rowCount() == 1


def test_models_pass_the_model_tester(
    qtbot: QtBot, ctx: AppContext, qtmodeltester: ModelTester
) -> None:
    seed000_campaign(ctx)
    page = _page(qtbot, ctx)
    qtmodeltester.check(page.grid.model)
    qtmodeltester.check(page.late.model)
    editor = page.open_editor()
    assert editor is not None
    qtbot.addWidget(editor)
    qtmodeltester.check(editor.model)
    # row 0 is the street, which organises 宣传发动 rather than doing it: row 1 is a unit
    assert page.grid.model.data(page.grid.model.index(0, 0), CELL_ROLE) is None
    page.grid.view.setCurrentIndex(page.grid.model.index(1, 0))
    evidence = page.grid.open_evidence()
    assert evidence is not None
    qtbot.addWidget(evidence)
    qtmodeltester.check(evidence.model)
    assert page.grid.model.data(page.grid.model.index(1, 0), CELL_ROLE) is not None


def test_excel_export_and_import_of_tasks_and_progress(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, msgs: Messages
) -> None:
    pytest.importorskip("brandoffice.excel")
    seed000_campaign(ctx)
    page = _page(qtbot, ctx)
    for kind in ("tasks", "progress"):
        path = tmp_path / f"{kind}.xlsx"
        page.excel.export_file(kind, str(path))
        assert path.stat().st_size > 1000
    assert len(msgs.texts("inform")) == 2
    imported: list[str] = []
    page.excel.imported.connect(imported.append)
    page.excel.import_file("progress", str(tmp_path / "progress.xlsx"))
    assert imported == ["progress"], msgs.shown
    assert {a.text() for a in page.excel.actions.values()} == {
        "导入任务…",
        "导出任务…",
        "导入进度…",
        "导出进度…",
    }
