"""The 对标晋档 tab: 四找 with the model unit picker, grades by year as a path."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.benchmarking import BenchmarkService
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeService
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_kind, open_page, texts
from ui.orgs.records.benchmark_tab import BenchmarkTab
from ui.orgs.records.kind_form import UnitInput

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def _grade(tab: BenchmarkTab, year: int, grade: str) -> None:
    dialog = tab.add_grade()
    assert dialog is not None
    dialog.widget("year").setValue(year)
    dialog.widget("grade").setCurrentText(grade)
    dialog.widget("source").setText("年度考核")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_benchmark_and_grade_path(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    page = open_page(qtbot, ctx)
    tab: BenchmarkTab = open_kind(page, street.dongfeng, "对标定位")
    assert "尚未登记历年评定等次（当前登记为“后进”）" in tab.path_label.text()
    assert "尚未填写四找" in tab.table.hint.text()

    dialog = tab.add()
    assert dialog is not None
    dialog.submit()
    assert "请选择对标的标杆单位" in dialog.errors["model_org_id"].text()
    model = dialog.inputs["model"]
    assert isinstance(model, UnitInput)
    picker = model.choose()
    picker.select_id(street.dongfeng)
    picker.accept()
    dialog.submit()
    assert "不能以本单位作为对标的标杆" in dialog.errors["model_org_id"].text()
    picker = model.choose()
    picker.select_id(street.guangming)
    picker.accept()
    assert model.label.text() == "光明社区党委（先进）"
    dialog.widget("gaps").setPlainText("服务阵地缺乏")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert texts(tab.table, "标杆单位") == ["光明社区党委"]
    assert texts(tab.table, "尚缺") == ["找方向、找措施"]
    assert "服务阵地缺乏" in tab.detail.toPlainText()
    stored = BenchmarkService(ctx).benchmarks(2026, street.dongfeng)
    assert [(b.model_org_id, b.gaps) for b in stored] == [(street.guangming, "服务阵地缺乏")]
    again = tab.add()  # the year's 四找 is stored: 填写四找 opens it, its year fixed
    assert again is not None and again.row is not None and again.row.id == stored[0].id
    assert not again.widget("year").isEnabled()
    assert again.widget("gaps").toPlainText() == "服务阵地缺乏"
    again.reject()

    _grade(tab, 2024, "后进")
    _grade(tab, 2025, "中间")
    _grade(tab, 2026, "先进")
    path = GradeService(ctx).paths(street.dongfeng)[0]
    assert path.shown() == "后进(2024) → 中间(2025) → 先进(2026)"
    plain = tab.path_label.text()
    for step in ("<b>后进</b>(2024)", "<b>中间</b>(2025)", "<b>先进</b>(2026)", "晋升 2 档"):
        assert step in plain
    assert texts(tab.grade_table, "等次") == ["后进", "中间", "先进"]
    assert "晋升 <b>1</b> 个" in tab.note.text()  # 2026 against 2025
    # The unit's current grade followed the latest year and the form shows it.
    assert page.detail.form.grade_combo.currentText() == "先进"
    assert not page.has_unsaved_changes()
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.grades)
