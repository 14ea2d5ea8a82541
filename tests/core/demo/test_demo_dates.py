"""The demo is built for the day it is made: a campaign under way with a realistic share late."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from brandoffice.app import open_context
from brandoffice.demo import build_demo
from brandoffice.demo.schedule import StoryDates
from brandoffice.model import (
    Campaign,
    FundEntry,
    ModelDeed,
    PartySpiritReport,
    Phase,
    ReviewRound,
    Task,
    TaskProgress,
    TrainingSession,
)
from brandoffice.services.settings import office_identity
from tests.conftest import FakeClock


@pytest.mark.parametrize("today", [dt.date(2027, 3, 15), dt.date(2026, 10, 1)])
def test_the_demo_of_a_later_day_is_a_campaign_under_way(tmp_path: Path, today: dt.date) -> None:
    clock = FakeClock(dt.datetime.combine(today, dt.time(9)))
    ctx = open_context(str(tmp_path / "demo.sqlite3"), clock=clock)
    try:
        summary = build_demo(ctx, today=today)
        assert summary.as_of == today and summary.due >= 50
        assert 0.10 <= summary.overdue / summary.due <= 0.20  # a few late, not a campaign in ruins
        assert f"截至{today:%Y年%m月%d日}" in str(summary)
        with ctx.db.read() as s:
            (campaign,) = s.scalars(select(Campaign))
            assert campaign.start_on <= today <= campaign.end_on
            assert str(campaign.year) in campaign.name
            phases = s.scalars(select(Phase).order_by(Phase.start_on)).all()
            current = [p.name for p in phases if p.start_on <= today <= p.end_on]
            assert "具体实施" in current  # the middle phase is under way
            future_due = s.scalar(select(func.count()).select_from(Task).where(Task.due_on > today))
            assert future_due and future_due > 5  # the rest is still ahead
            for column in (
                TaskProgress.done_on,
                ReviewRound.held_on,
                PartySpiritReport.submitted_on,
                FundEntry.entry_on,
                ModelDeed.deed_on,
                TrainingSession.held_on,
            ):
                assert s.scalar(select(func.max(column))) <= today, column
        assert office_identity(ctx).name == "幸福街道"
    finally:
        ctx.db.dispose()


def test_story_dates_move_days_and_year_labels_together() -> None:
    same = StoryDates.until(dt.date(2026, 5, 20))
    assert same == StoryDates(0, 0) and same.text("2026年评审") == "2026年评审"
    assert StoryDates.until(dt.date(2020, 1, 1)) == StoryDates(0, 0)  # never backwards
    later = StoryDates.until(dt.date(2027, 3, 15))
    assert later.today == dt.date(2027, 3, 15) and later.years == 1
    assert later.text("2025年度“五个好”评定，2026年评审") == "2026年度“五个好”评定，2027年评审"
    assert later.day(dt.date(2026, 4, 1)).year == later.year(2026)  # April's reports, same year
