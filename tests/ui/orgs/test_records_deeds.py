"""The 先进典型与示范点 tab: deeds with materials and honours, demo point notes and targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import DemoPointService
from brandoffice.services.honours import HonourService
from brandoffice.services.models_deeds import ModelService
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_kind, open_page, open_tab, texts
from ui.orgs.records import deeds_tab
from ui.orgs.records.deeds_tab import DeedsTab, file_kind
from ui.widgets import set_date

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_deeds_with_materials_and_honours(
    qtbot: QtBot,
    ctx: AppContext,
    street: Street,
    msgs: Messages,
    qtmodeltester: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    honour = HonourService(ctx).add_commendation(
        2025, "优秀共产党员", member_id=street.members["张伟"]
    )
    tab: DeedsTab = open_tab(qtbot, ctx, street.xingfu, "先进典型")
    assert tab.table.currentWidget() is tab.table.hint
    assert tab.demo.none_hint.isVisibleTo(tab)  # neither a street nor a demonstration point

    dialog = tab.add()
    assert dialog is not None
    dialog.widget("owner").setCurrentText("张伟（党员）")
    honours = [dialog.honour.itemText(i) for i in range(dialog.honour.count())]
    assert honours == ["（无）", "2025年度优秀共产党员"]
    set_date(dialog.widget("deed_on"), dt.date(2026, 4, 8))
    dialog.submit()
    assert "事迹标题" in dialog.errors["title"].text()
    dialog.widget("title").setText("红色管家")
    dialog.honour.setCurrentIndex(1)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert texts(tab.table, "关联表彰") == ["2025年度优秀共产党员"]

    monkeypatch.setattr(deeds_tab, "choose_file", lambda *_a: ("事迹材料.docx", b"deeds"))
    tab.add_material()
    assert texts(tab.material_table, "材料文件") == ["事迹材料.docx"]
    assert texts(tab.material_table, "类型") == ["Word 文档"]
    assert texts(tab.table, "材料") == ["1 份"]
    opened: list[QUrl] = []
    monkeypatch.setattr("ui.calendar.evidence.QDesktopServices.openUrl", opened.append)
    tab.material_table.view.selectRow(0)
    tab.open_material()
    assert opened and opened[0].toLocalFile().endswith("事迹材料.docx")

    stored = ModelService(ctx).deeds(org_id=street.xingfu)
    assert [(d.title, d.commendation_id, d.material_count) for d in stored] == [
        ("红色管家", honour.id, 1)
    ]
    assert "先进典型事迹 <b>1</b> 项（党员 1 项" in tab.note.text()
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.materials)
    assert file_kind("照片.JPG", None) == "图片"


def test_demo_point_notes_and_the_street_target(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages
) -> None:
    page = open_page(qtbot, ctx)
    tab: DeedsTab = open_kind(page, street.guangming, "先进典型")
    demo = tab.demo
    assert demo.point_part.isVisibleTo(tab) and not demo.street_part.isVisibleTo(tab)
    note = demo.add_note()
    assert note is not None
    set_date(note.noted_on, dt.date(2026, 5, 12))
    note.submit()
    assert "进展情况" in note.errors["content"].text()
    note.content.setPlainText("完成党群服务站改造")
    note.submit()
    assert note.result() == note.DialogCode.Accepted
    assert texts(demo.note_table, "进展情况") == ["完成党群服务站改造"]

    tab = open_kind(page, street.root, "先进典型")
    demo = tab.demo
    assert demo.street_part.isVisibleTo(tab) and not demo.point_part.isVisibleTo(tab)
    assert texts(demo.point_table, "示范点") == ["光明社区党委"]
    assert texts(demo.point_table, "本年进展") == ["1 次"]
    assert "目标 <b>2</b> 个（默认），已有 <b>1</b> 个，尚差 <b>1</b> 个" in (
        demo.summary_note.text()
    )
    target = demo.set_target()
    assert target is not None
    target.target.setValue(1)
    target.submit()
    assert DemoPointService(ctx).summary(street.root, 2026).reached
    assert "目标 <b>1</b> 个，已有 <b>1</b> 个，已完成目标" in demo.summary_note.text()
