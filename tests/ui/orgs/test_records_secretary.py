"""The 书记述职 tab: a yearly review with score and rating, points raised and rectified."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.context import AppContext
from brandoffice.services.secretary_reviews import SecretaryReviewService
from tests.core.services.records_fixtures import Street
from tests.ui.conftest import Messages
from tests.ui.orgs.records_street import open_tab, pick, texts
from ui.orgs.records.secretary_tab import SecretaryTab

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_review_score_rating_and_points(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages, qtmodeltester: Any
) -> None:
    tab: SecretaryTab = open_tab(qtbot, ctx, street.xingfu, "书记述职评议")
    assert "尚未登记书记述职评议" in tab.table.hint.text()
    assert "2026年度及以前尚未登记" in tab.note.text()

    dialog = tab.add()
    assert dialog is not None
    assert dialog.secretary.text() == "幸福书记"  # the unit's secretary
    dialog.year.setValue(2025)
    dialog.reported_on.set_value(dt.date(2026, 1, 16))
    dialog.score.setText("120")
    dialog.submit()
    assert "不能大于100" in dialog.errors["score"].text()
    dialog.score.setText("93.5")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert texts(tab.table, "评议等次") == ["好"]  # derived from the score
    assert texts(tab.table, "得分") == ["93.5"]
    assert "2025年度述职 <b>1</b> 人（好 1，较好 0，一般 0，差 0）" in tab.note.text()

    point = tab.add_point()
    assert point is not None
    point.issue.setPlainText("党员台账不规范")
    point.done_box.setChecked(True)
    point.submit()
    assert "须写明整改措施" in point.errors["rectification"].text()
    point.fix.setPlainText("统一台账模板")
    point.done_on.set_value(dt.date(2026, 3, 1))
    point.submit()
    assert point.result() == point.DialogCode.Accepted
    second = tab.add_point()
    assert second is not None
    second.issue.setPlainText("流动党员联系不经常")
    second.submit()
    assert texts(tab.point_table, "状态") == ["已整改", "未整改"]
    assert texts(tab.table, "问题/未整改") == ["2/1"]
    assert "尚未整改 <b>1</b> 项" in tab.note.text()

    stored = SecretaryReviewService(ctx).reviews(2025, street.xingfu)
    assert [(r.score, r.rating, r.open_points) for r in stored] == [(93.5, "好", 1)]
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.points)


def test_a_given_rating_overrides_the_score(
    qtbot: QtBot, ctx: AppContext, street: Street, msgs: Messages
) -> None:
    service = SecretaryReviewService(ctx)
    review = service.create(street.dongfeng, 2025, score=85)
    tab: SecretaryTab = open_tab(qtbot, ctx, street.dongfeng, "书记述职评议")
    pick(tab.table, id=review.id)
    dialog = tab.edit()
    assert dialog is not None
    assert dialog.rating.currentText() == "（按得分评定）"
    dialog.rating.setCurrentText("一般")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert texts(tab.table, "评议等次") == ["一般"]
    assert service.get(review.id).rating_overridden
