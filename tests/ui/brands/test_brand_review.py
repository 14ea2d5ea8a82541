"""The review grid: a round, three reviewers' scores, live totals, ranking and outcomes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from brandoffice.model.vocab import ReviewSubject
from brandoffice.services.orgs import OrgService
from brandoffice.services.reviews import ReviewService
from tests.ui.brands.helpers import press_ok
from tests.ui.conftest import Messages
from ui.brands.page import BrandPage
from ui.brands.review import ReviewPanel
from ui.brands.review_models import ScoreGridModel
from ui.brands.review_round import RoundDialog
from ui.brands.review_subjects import SubjectPicker

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen

REVIEWERS = ("周文博", "陈雅琴", "郑国栋")
# (社会评估, 专家评审, 党员群众满意) per reviewer.
SCORES = {
    "和美邻里": ((90, 85, 80), (80, 95, 90), (100, 90, 100)),  # means 90/90/90 → 90
    "春晖共治": ((70, 60, 80), (80, 70, 80), (90, 95, 80)),  # means 80/75/80 → 77.5
    "临江之声": ((95, 90, 85), (85, 90, 95), (90, 90, 90)),  # means 90/90/90 → 90
}


def new_round(panel: ReviewPanel, name: str, *, drop: bool = False) -> RoundDialog:
    panel.new_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.name.setText(name)
    dialog.drop.setChecked(drop)
    press_ok(dialog)
    return dialog


def fill(panel: ReviewPanel, ids: dict[str, int]) -> None:
    grid = panel.grid
    names = [c.name for c in grid.criteria()]
    for brand, by_reviewer in SCORES.items():
        for reviewer, scores in zip(REVIEWERS, by_reviewer, strict=True):
            for criterion, score in zip(names, scores, strict=True):
                index = grid.find(ids[brand], reviewer, criterion)
                assert grid.setData(index, str(score), Qt.ItemDataRole.EditRole)


def results(panel: ReviewPanel) -> list[tuple[str, str, str, str]]:
    model = panel.results
    n = len(panel.grid.criteria())
    return [
        (model.cell(r, 0), model.cell(r, 1), model.cell(r, 2 + n), model.cell(r, 3 + n))
        for r in model.rows()
    ]


def test_three_reviewers_give_totals_and_ranking(
    page: BrandPage, ids: dict[str, int], qtmodeltester: Any
) -> None:
    page.tabs.setCurrentIndex(1)
    panel = page.brand_review
    assert panel.round_id() is None
    dialog = new_round(panel, "2026年街道级党建品牌评审")
    assert dialog.saved is not None and panel.round_id() == dialog.saved.id
    assert [(c.name, c.weight) for c in panel.grid.criteria()] == [
        ("社会评估", 0.3),
        ("专家评审", 0.5),
        ("党员群众满意", 0.2),
    ]
    assert panel.grid.rowCount() == 0  # no reviewers yet
    qtmodeltester.check(panel.grid)
    qtmodeltester.check(panel.results)
    for name in REVIEWERS:
        panel.add_reviewer(name)
    # The brands under review are the default subjects: 3 brands × 3 reviewers.
    assert panel.grid.rowCount() == 9
    fill(panel, ids)
    assert results(panel) == [
        ("1", "临江之声", "90", "建议命名"),
        ("1", "和美邻里", "90", "建议命名"),
        ("3", "春晖共治", "77.5", "退回培育"),
    ]
    row = next(
        r for r in panel.grid.grid_rows() if r.reviewer == "陈雅琴" and r.subject == "春晖共治"
    )
    assert panel.grid.subtotal(row) == pytest.approx(0.3 * 80 + 0.5 * 70 + 0.2 * 80)
    index = panel.grid.find(ids["春晖共治"], "陈雅琴", "专家评审")
    assert panel.grid.data(index) == "70"

    # Dropping the highest and lowest: 春晖共治's expert mean becomes 70 → 75.
    panel.edit_button.click()
    edit = panel.dialog
    assert isinstance(edit, RoundDialog) and edit.name.isReadOnly()
    edit.drop.setChecked(True)
    edit.thresholds["建议命名"].setValue(80)
    press_ok(edit)
    assert results(panel)[2] == ("3", "春晖共治", "75", "退回培育")
    assert "去掉最高分和最低分" in panel.info.text()

    stored = ReviewService(page.ctx).results(panel.round_id() or 0)
    assert [(s.name, s.rank) for s in stored.subjects] == [
        ("临江之声", 1),
        ("和美邻里", 1),
        ("春晖共治", 3),
    ]


def test_grid_refuses_scores_out_of_range(page: BrandPage, ids: dict[str, int]) -> None:
    panel = page.brand_review
    new_round(panel, "复评")
    panel.add_reviewer("周文博")
    grid = panel.grid
    index = grid.find(ids["和美邻里"], "周文博", "专家评审")
    assert not grid.setData(index, "120", Qt.ItemDataRole.EditRole)
    assert "0到100之间" in panel.grid_error.text()
    assert not grid.setData(index, "九十", Qt.ItemDataRole.EditRole)
    assert "不是数字" in panel.grid_error.text()
    assert ReviewService(page.ctx).scores(panel.round_id() or 0) == []
    assert grid.setData(index, "88.5", Qt.ItemDataRole.EditRole)
    assert panel.grid_error.isHidden()
    assert results(panel)[0][1:] == ("和美邻里", "44.25", "评分不全（缺：社会评估、党员群众满意）")


def test_round_dialog_refuses_bad_weights(page: BrandPage) -> None:
    panel = page.brand_review
    panel.new_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.name.setText("权重有误的评审")
    dialog.table.item(0, 1).setText("0.5")
    press_ok(dialog)
    assert dialog.isVisible() and "权重之和应为1" in dialog.error.text()
    dialog.table.item(0, 1).setText("0.3")
    press_ok(dialog)
    assert not dialog.isVisible()


def test_subjects_and_reviewers_can_be_added(page: BrandPage, ids: dict[str, int]) -> None:
    panel = page.brand_review
    new_round(panel, "补充评审")
    panel.subject_button.click()
    picker = panel.dialog
    assert isinstance(picker, SubjectPicker)
    for i in range(picker.list.count()):
        item = picker.list.item(i)
        if item.text().startswith("红烛先锋"):
            item.setCheckState(Qt.CheckState.Checked)
    press_ok(picker)
    panel.reviewer_button.click()
    ask = panel.dialog
    ask.setTextValue("党员代表")
    ask.accept()
    assert {r.subject for r in panel.grid.grid_rows()} == {
        "和美邻里",
        "春晖共治",
        "临江之声",
        "红烛先锋",
    }
    assert {r.reviewer for r in panel.grid.grid_rows()} == {"党员代表"}


def test_org_grading_applies_grades(
    page: BrandPage, ids: dict[str, int], msgs: Messages, qtmodeltester: Any
) -> None:
    panel = page.org_review
    page.tabs.setCurrentIndex(2)
    assert panel.subject is ReviewSubject.ORG and panel.apply_button.isVisible()
    new_round(panel, "2026年度“五个好”评定")
    assert len(panel.grid.criteria()) == 5
    for name in ("街道组织科", "党建指导员"):
        panel.add_reviewer(name)
    communities = {r.subject for r in panel.grid.grid_rows()}
    assert communities == {"幸福驿站社区党委", "和平社区党委", "临江社区党委"}
    marks = {"幸福驿站社区党委": 92, "和平社区党委": 75, "临江社区党委": 60}
    grid = panel.grid
    qtmodeltester.check(grid)
    for row in grid.grid_rows():
        for c in grid.criteria():
            index = grid.find(row.subject_id, row.reviewer, c.name)
            assert grid.setData(index, marks[row.subject], Qt.ItemDataRole.EditRole)
    outcome = {panel.results.cell(r, 1): panel.results.cell(r, 8) for r in panel.results.rows()}
    assert outcome == {"幸福驿站社区党委": "先进", "和平社区党委": "中间", "临江社区党委": "后进"}
    panel.apply_button.click()
    assert msgs.asked[-1][0] == "写入评定等次"
    assert "3 个等次有变化" in msgs.texts("inform")[-1]
    assert OrgService(page.ctx).get(ids["river"]).grade == "后进"
    assert OrgService(page.ctx).get(ids["station"]).grade == "先进"


def test_score_grid_model_edits(qtmodeltester: Any) -> None:
    from brandoffice.services.reviews import CriterionRow

    model = ScoreGridModel()
    stored: list[tuple[int, str, str, float]] = []
    model.saver = lambda *a: stored.append(a)
    criteria = [CriterionRow(1, 1, "甲", 0.6, 10, 0), CriterionRow(2, 1, "乙", 0.4, 100, 1)]
    model.set_grid(criteria, [(7, "对象")], ["张", "李"], {(7, "张", 1): 8.0})
    qtmodeltester.check(model)
    assert model.columnCount() == 5 and model.rowCount() == 2
    assert model.headerData(2, Qt.Orientation.Horizontal) == "甲（×0.6）"
    assert not model.setData(model.index(0, 2), 11)
    assert model.setData(model.index(1, 3), 50)
    assert stored == [(7, "李", "乙", 50.0)]
    assert model.data(model.index(1, 4)) == "20"
