"""Which backups to keep: grandfather-father-son over the backups' timestamps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Retention:
    """How many periods of each kind keep their newest backup.

    Attributes:
        daily: Days keeping their newest backup.
        weekly: Further ISO weeks keeping their newest backup.
        monthly: Further months keeping their newest backup.
        recent: Every backup this close to the newest one is kept as well, so
            that the half-hourly backups of today survive until tomorrow.
    """

    daily: int = 12
    weekly: int = 10
    monthly: int = 9
    recent: dt.timedelta = dt.timedelta(hours=24)


DEFAULT_RETENTION = Retention()


def _day(t: dt.datetime) -> tuple[int, ...]:
    return (t.year, t.month, t.day)


def _week(t: dt.datetime) -> tuple[int, ...]:
    year, week, _ = t.isocalendar()
    return (year, week)


def _month(t: dt.datetime) -> tuple[int, ...]:
    return (t.year, t.month)


def kept_backups(
    times: Iterable[dt.datetime], retention: Retention = DEFAULT_RETENTION
) -> dict[dt.datetime, str]:
    """Choose the backups to keep; every other one may be deleted.

    The rules run in order daily, weekly, monthly. Each walks the backups from the
    newest and keeps the newest backup of each day (ISO week, month) until it has
    kept its count; a period whose newest backup an earlier rule already kept does
    not count again (borg's prune). So a year of one backup a day keeps the last
    12 days, then 10 more weeks, then 9 more months. Every backup taken less
    than ``retention.recent`` before the newest is kept too (rule ``recent``).

    Args:
        times: When each backup was taken (duplicates are one backup).
        retention: How many days, weeks and months.

    Returns:
        The kept times, each with the rule that keeps it (``daily``, ``weekly``,
        ``monthly``, ``recent``).
    """
    newest_first = sorted(set(times), reverse=True)
    kept: dict[dt.datetime, str] = {}
    rules: list[tuple[str, int, Callable[[dt.datetime], tuple[int, ...]]]] = [
        ("daily", retention.daily, _day),
        ("weekly", retention.weekly, _week),
        ("monthly", retention.monthly, _month),
    ]
    for rule, count, period_of in rules:
        taken = 0
        last: tuple[int, ...] | None = None
        for t in newest_first:
            if taken >= count:
                break
            period = period_of(t)
            if period == last:
                continue
            last = period
            if t not in kept:
                kept[t] = rule
                taken += 1
    if newest_first:
        for t in newest_first:
            if newest_first[0] - t >= retention.recent:
                break
            kept.setdefault(t, "recent")
    return kept


def to_prune(
    times: Iterable[dt.datetime], retention: Retention = DEFAULT_RETENTION
) -> list[dt.datetime]:
    """Return the times of the backups the policy lets go, oldest first."""
    all_times = sorted(set(times))
    kept = kept_backups(all_times, retention)
    return [t for t in all_times if t not in kept]
