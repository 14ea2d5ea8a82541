"""Secretaries' reviews: rating from score (editable), points raised and their rectification."""

from __future__ import annotations

import datetime as dt

import pytest

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.services.context import AppContext
from brandoffice.services.secretary_reviews import SecretaryReviewService, rating_for
from tests.core.services.records_fixtures import Street

D = dt.date


def test_rating_thresholds() -> None:
    assert [rating_for(s).value for s in (100, 90, 89.9, 80, 79.5, 60, 59.9, 0)] == [
        "好", "好", "较好", "较好", "一般", "一般", "差", "差",
    ]  # fmt: skip


def test_reviews_walk_to_rating_counts(ctx: AppContext, street: Street) -> None:
    service = SecretaryReviewService(ctx)
    xingfu = service.create(street.xingfu, 2025, reported_on=D(2026, 1, 15), score=92)
    assert (xingfu.secretary, xingfu.rating, xingfu.derived_rating) == ("幸福书记", "好", "好")
    dongfeng = service.create(
        street.dongfeng, 2025, secretary="刘东", score=78, rating="较好", note="整改态度好"
    )
    assert (dongfeng.rating, dongfeng.derived_rating, dongfeng.rating_overridden) == (
        "较好", "一般", True,
    )  # fmt: skip
    service.create(street.guangming, 2025)  # reported, not yet rated
    service.create(street.guangming, 2024, score=55)
    assert service.rating_counts(2025) == {"好": 1, "较好": 1, "一般": 0, "差": 0, "未评": 1}
    assert service.rating_counts(2024) == {"好": 0, "较好": 0, "一般": 0, "差": 1, "未评": 0}
    assert [r.unit_name for r in service.reviews(2025, street.xingfu)] == ["幸福驿站社区党委"]

    first = service.add_point(dongfeng.id, "“三会一课”记录不全")
    second = service.add_point(dongfeng.id, "党员发展计划滞后", "下半年发展2名")
    assert (first.position, second.position, first.done) == (0, 1, False)
    with pytest.raises(ValidationError, match="已整改的问题须写明整改措施"):
        service.update_point(first.id, issue=first.issue, rectification=None, done=True)
    fixed = service.update_point(
        first.id, issue=first.issue, rectification="补齐会议记录，专人负责", done=True, opened=first
    )
    assert (fixed.done, fixed.done_on) == (True, D(2026, 5, 20))
    with pytest.raises(StaleEditError, match="已被他人修改"):  # ``first`` is out of date now
        service.update_point(first.id, issue="改写", rectification=None, done=False, opened=first)
    assert service.get(dongfeng.id).points[0].done
    again = service.get(dongfeng.id)
    assert ([p.issue for p in again.points], again.open_points) == (
        ["“三会一课”记录不全", "党员发展计划滞后"], 1,
    )  # fmt: skip
    service.remove_point(second.id)
    assert service.get(dongfeng.id).open_points == 0

    rescored = service.update(
        dongfeng.id, again.version, secretary="刘东", score=85, reported_on=D(2026, 1, 16)
    )
    assert (rescored.rating, rescored.rating_overridden) == ("较好", False)
    with pytest.raises(StaleEditError):
        service.update(dongfeng.id, again.version, secretary="刘东", score=60)
    service.delete(xingfu.id)
    assert service.rating_counts(2025)["好"] == 0


def test_review_rules(ctx: AppContext, street: Street) -> None:
    service = SecretaryReviewService(ctx)
    service.create(street.xingfu, 2025, score=80)
    with pytest.raises(ValidationError, match="“幸福驿站社区党委”2025年度的书记述职评议已登记"):
        service.create(street.xingfu, 2025)
    with pytest.raises(ValidationError, match="述职评议得分不能大于100"):
        service.create(street.dongfeng, 2025, score=120)
    with pytest.raises(ValidationError, match="评议等次“优秀”无效，可选：好、较好、一般、差"):
        service.create(street.dongfeng, 2025, rating="优秀")
    with pytest.raises(ValidationError, match="述职日期不能晚于今天"):
        service.create(street.dongfeng, 2025, reported_on=D(2027, 1, 1))
    with pytest.raises(ValidationError, match="组织（编号 999）不存在"):
        service.create(999, 2025)
    root = service.create(street.root, 2025)
    assert root.secretary == "周建国"
    with pytest.raises(ValidationError, match="问题不能为空"):
        service.add_point(root.id, " ")
