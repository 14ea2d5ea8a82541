"""The 表彰 tab (nominate, decide, refuse) and the 对标定位 tab's list of the year's moves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.commendations import CommendationService
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeService
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_tab, texts
from ui.orgs.records.benchmark_tab import BenchmarkTab
from ui.orgs.records.honours_tab import HonoursTab
from ui.widgets import set_date

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
SHOTS = os.environ.get("BRANDOFFICE_SHOTS")
"""A folder to save screenshots in (for looking at the tabs), when set."""


def _shot(widget: Any, name: str) -> None:
    if SHOTS:
        widget.window().grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_nominate_then_decide_in_the_window(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    BrandService(ctx).create(BrandDraft(org_id=street.xingfu, name="幸福驿站", year=2026))
    tab: HonoursTab = open_tab(qtbot, ctx, street.xingfu, "表彰")
    assert "尚未登记表彰" in tab.table.hint.text()

    dialog = tab.add()
    assert dialog is not None
    dialog.kind.setCurrentText("品牌表彰奖励")
    assert [dialog.nominee.itemText(i) for i in range(dialog.nominee.count())] == [
        "幸福驿站（幸福驿站社区党委）"
    ]
    dialog.kind.setCurrentText("优秀共产党员")
    dialog.nominee.setCurrentIndex(dialog.nominee.findText("张伟（幸福驿站社区党委）"))
    dialog.status.setCurrentText("表彰")  # decided at once, but the body is missing
    dialog.submit()
    assert "须填写表彰机关" in dialog.errors["awarded_by"].text()
    _shot(dialog, "honour_dialog")
    dialog.status.setCurrentText("推荐")
    dialog.nominated_by.setText("幸福驿站社区党委")
    set_date(dialog.nominated_on, dt.date(2026, 5, 6))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert texts(tab.table, "状态") == ["推荐"]
    assert "推荐待定 <b>1</b> 项" in tab.note.text()

    decision = tab.decide()
    assert decision is not None
    assert decision.awarded_by.text() == ""  # the office's identity is not set yet
    decision.submit()
    assert "须填写表彰机关" in decision.errors["awarded_by"].text()
    decision.awarded_by.setText("幸福街道党工委")
    set_date(decision.awarded_on, dt.date(2026, 5, 1))
    decision.submit()
    assert "不能早于推荐日期" in decision.errors["awarded_on"].text()
    set_date(decision.awarded_on, dt.date(2026, 5, 18))
    decision.doc_number.setText("幸街党工〔2026〕9号")
    decision.submit()
    assert decision.result() == decision.DialogCode.Accepted
    assert texts(tab.table, "状态") == ["表彰"]
    assert texts(tab.table, "文号") == ["幸街党工〔2026〕9号"]
    assert tab.decide() is None and "已决定" in msgs.texts("inform")[-1]
    stored = CommendationService(ctx).commendations(2026)
    assert [(h.recipient, h.status, h.awarded_on) for h in stored] == [
        ("张伟", "表彰", dt.date(2026, 5, 18))
    ]
    qtmodeltester.check(tab.model)
    _shot(tab, "honours_tab")


def test_the_year_moves_are_listed_by_unit(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages
) -> None:
    grades = GradeService(ctx)
    for unit, before, after in (
        (street.xingfu, "中间", "先进"),
        (street.dongfeng, "后进", "后进"),
        (street.guangming, "先进", "中间"),
    ):
        grades.record(unit, 2025, before)
        grades.record(unit, 2026, after, source="2026年度“五个好”评定")
    tab: BenchmarkTab = open_tab(qtbot, ctx, street.root, "对标定位")
    assert texts(tab.move_table, "单位") == ["幸福驿站社区党委", "东风社区党委", "光明社区党委"]
    assert texts(tab.move_table, "变化") == ["晋升一档", "持平", "下降一档"]
    assert texts(tab.move_table, "上次等次") == ["中间（2025）", "后进（2025）", "先进（2025）"]
    assert "晋升 <b>1</b> 个，持平 1 个，下降 1 个" in tab.note.text()
    _shot(tab, "moves_tab")
