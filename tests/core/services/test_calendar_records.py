"""Dated records for the month view: which days, which kinds, which units."""

from __future__ import annotations

import datetime as dt

from brandoffice.services.calendar_records import (
    RecordKind,
    by_day,
    dated_records,
    kind_counts,
    month_records,
)
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import DemoPointService
from brandoffice.services.secretary_reviews import SecretaryReviewService
from brandoffice.services.training import TrainingDraft, TrainingService
from tests.core.services.records_fixtures import Street, build_street

D = dt.date


def _records(ctx: AppContext) -> Street:
    street = build_street(ctx)
    training = TrainingService(ctx)
    training.create(
        TrainingDraft(street.root, D(2026, 4, 10), "街道级", "学习贯彻党的二十大精神", 3)
    )
    training.create(
        TrainingDraft(street.xingfu, D(2026, 5, 8), "社区级", "党务知识", 2, trainer="李老师")
    )
    commitments = CommitmentService(ctx)
    made = commitments.create(
        CommitmentDraft(
            "每月走访困难党员不少于两次，帮助解决实际困难", D(2026, 4, 2), org_id=street.dongfeng
        )
    )
    commitments.check(made.id, made.version, "已兑现", checked_on=D(2026, 5, 15))
    commitments.create(
        CommitmentDraft("认领楼栋长岗位", D(2026, 5, 8), member_id=street.members["赵磊"])
    )
    SecretaryReviewService(ctx).create(street.xingfu, 2025, reported_on=D(2026, 1, 20), score=92)
    DemoPointService(ctx).add_note(street.guangming, D(2026, 5, 12), "完成党群服务站改造")
    return street


def test_a_month_holds_every_kind_on_its_day(ctx: AppContext) -> None:
    street = _records(ctx)
    found = month_records(ctx, 2026, 5)
    assert set(found) == {D(2026, 5, 8), D(2026, 5, 12), D(2026, 5, 15)}
    may8 = found[D(2026, 5, 8)]
    assert [r.kind for r in may8] == [RecordKind.TRAINING, RecordKind.COMMITMENT]
    assert may8[0].text() == "培训：党务知识（社区级，2学时，授课人李老师）——幸福驿站社区党委"
    assert may8[1].unit_name == "幸福驿站第一党支部"  # a member's commitment: the member's unit
    assert may8[1].detail == "赵磊承诺"
    check = found[D(2026, 5, 15)][0]
    assert (check.kind, check.org_id, check.detail) == (
        RecordKind.CHECK,
        street.dongfeng,
        "组织承诺，已兑现",
    )
    assert found[D(2026, 5, 12)][0].text() == "示范点进展：完成党群服务站改造——光明社区党委"


def test_the_grid_spans_six_weeks_and_units_filter(ctx: AppContext) -> None:
    street = _records(ctx)
    april = month_records(ctx, 2026, 4)  # 2026-03-30 … 2026-05-10
    assert D(2026, 5, 8) in april and D(2026, 4, 2) in april
    january = month_records(ctx, 2026, 1)
    review = january[D(2026, 1, 20)][0]
    assert (review.kind, review.title, review.detail) == (
        RecordKind.SECRETARY,
        "幸福书记述职",
        "2025年度，92分，好",
    )
    only = dated_records(ctx, D(2026, 1, 1), D(2026, 12, 31), [street.dongfeng])
    assert [(r.kind, r.day) for r in only] == [
        (RecordKind.COMMITMENT, D(2026, 4, 2)),
        (RecordKind.CHECK, D(2026, 5, 15)),
    ]
    everything = dated_records(ctx, D(2026, 1, 1), D(2026, 12, 31))
    assert kind_counts(everything) == {
        RecordKind.TRAINING: 2,
        RecordKind.COMMITMENT: 2,
        RecordKind.CHECK: 1,
        RecordKind.SECRETARY: 1,
        RecordKind.DEMO_NOTE: 1,
    }
    assert sum(len(v) for v in by_day(everything).values()) == 7
    assert dated_records(ctx, D(2027, 1, 1), D(2027, 1, 31)) == []
