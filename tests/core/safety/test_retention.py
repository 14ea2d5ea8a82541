"""Retention of backups (12 daily, 10 weekly, 9 monthly) and the automatic backup policy."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from brandoffice.backup import backup_name
from brandoffice.safety.backups import BackupPolicy, list_backups, prune_backups, take_backup
from brandoffice.safety.retention import Retention, kept_backups, to_prune
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock


def test_a_year_of_daily_backups_keeps_12_daily_10_weekly_9_monthly() -> None:
    start = dt.datetime(2025, 5, 21, 9, 0)
    times = [start + dt.timedelta(days=i) for i in range(365)]
    kept = kept_backups(times)
    rules = list(kept.values())
    assert rules.count("daily") == 12
    assert rules.count("weekly") == 10
    assert rules.count("monthly") == 9
    newest = max(times)
    assert newest in kept
    daily = sorted(t for t, r in kept.items() if r == "daily")
    assert daily == times[-12:]
    # every kept weekly backup is the newest of its ISO week, and weeks are distinct
    weekly = [t for t, r in kept.items() if r == "weekly"]
    assert len({t.isocalendar()[:2] for t in weekly}) == 10
    for t in weekly:
        same_week = [u for u in times if u.isocalendar()[:2] == t.isocalendar()[:2]]
        assert t == max(same_week)
    monthly = [t for t, r in kept.items() if r == "monthly"]
    assert len({(t.year, t.month) for t in monthly}) == 9
    assert len(to_prune(times)) == 365 - 31


def test_several_backups_a_day_keep_the_newest_of_each_day() -> None:
    base = dt.datetime(2026, 5, 1)
    times = [base + dt.timedelta(hours=h) for h in range(0, 24 * 20, 3)]
    kept = kept_backups(times, Retention(daily=5, weekly=0, monthly=0, recent=dt.timedelta(0)))
    assert sorted(kept) == [base + dt.timedelta(days=d, hours=21) for d in range(15, 20)]


def test_todays_backups_are_kept_until_a_day_old() -> None:
    base = dt.datetime(2026, 5, 20, 8, 0)
    times = [base + dt.timedelta(minutes=30 * i) for i in range(20)]
    kept = kept_backups(times)
    assert sorted(kept) == times
    later = [*times, base + dt.timedelta(days=1, hours=12)]
    kept = kept_backups(later)
    assert sorted(kept) == [times[-1], later[-1]]


def test_few_backups_are_all_kept() -> None:
    times = [dt.datetime(2026, 1, 1), dt.datetime(2026, 3, 1), dt.datetime(2026, 5, 1)]
    assert to_prune(times) == []
    assert to_prune([]) == []


def _edit(ctx: AppContext, name: str) -> None:
    OrgService(ctx).create(OrgDraft(name=name, kind="党工委", level="街道乡镇"))


def test_policy_backs_up_on_start_once_a_day(
    ctx: AppContext, clock: FakeClock, db_path: Path
) -> None:
    policy = BackupPolicy()
    assert policy.on_start(ctx) is not None
    clock.advance(hours=5)
    assert policy.on_start(ctx) is None
    clock.advance(hours=20)
    assert policy.on_start(ctx) is not None
    backups = list_backups(db_path)
    assert [b.reason for b in backups] == ["start", "start"]
    assert backups[0].reason_label == "启动时自动备份"
    assert backups[0].time == clock.now
    assert all(b.size > 0 for b in backups)


def test_policy_backs_up_after_30_minutes_of_changed_use(
    ctx: AppContext, clock: FakeClock, db_path: Path
) -> None:
    policy = BackupPolicy()
    policy.on_start(ctx)
    clock.advance(minutes=45)
    assert policy.on_timer(ctx) is None  # nothing changed
    _edit(ctx, "幸福街道党工委")
    clock.advance(minutes=5)
    assert policy.on_timer(ctx) is not None  # changed, and the last backup is 50 min old
    _edit(ctx, "和平街道党工委")
    clock.advance(minutes=10)
    assert policy.on_timer(ctx) is None  # changed, but only 10 minutes since
    clock.advance(minutes=25)
    assert policy.on_timer(ctx) is not None
    clock.advance(hours=3)
    assert policy.on_timer(ctx) is None  # idle: our own backup's audit entry is no change
    assert [b.reason for b in list_backups(db_path)] == ["auto", "auto", "start"]


def test_policy_prunes_a_year_of_automatic_backups_but_keeps_manual_ones(
    ctx: AppContext, clock: FakeClock, db_path: Path
) -> None:
    clock.now = dt.datetime(2025, 5, 21, 9, 0)
    sample = take_backup(ctx, "manual")
    folder = sample.parent
    for day in range(1, 366):
        name = backup_name("start", clock.now + dt.timedelta(days=day))
        shutil.copyfile(sample, folder / name)
    (folder / "brandoffice-20250101-000000-000000-start.sqlite3.part").write_bytes(b"x")
    os.utime(folder / "brandoffice-20250101-000000-000000-start.sqlite3.part", (0, 0))
    clock.advance(days=366)
    assert BackupPolicy().on_start(ctx) is not None
    backups = list_backups(db_path)
    assert len([b for b in backups if b.reason == "start"]) == 31
    assert len([b for b in backups if b.reason == "manual"]) == 1
    assert not list(folder.glob("*.part"))
    assert prune_backups(db_path) == []


def test_policy_does_nothing_on_a_server_database(ctx: AppContext) -> None:
    class Server:
        path = None

    fake = AppContext(db=Server(), clock=ctx.clock)  # type: ignore[arg-type]
    policy = BackupPolicy()
    assert policy.on_start(fake) is None
    assert policy.on_timer(fake) is None
    assert policy.before(fake, "before-import") is None
