"""A movable clock, the story's dates moved to the build day, and steps run in date order."""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass

START_OF_DAY = dt.time(9, 0)
STORY_DAY = dt.date(2026, 5, 20)
"""The day the demo's story is written for (data.DEMO_NOW); it is moved to the build day."""
_YEAR_IN_TEXT = re.compile(r"20\d\d(?=年)")


@dataclass(frozen=True, slots=True)
class StoryDates:
    """Moves the story's dates to the day the demo is built, and its year labels with them.

    Dates move by whole days, so the campaign stands on the build day where it stood on
    :data:`STORY_DAY` (its first phase closing, the second under way). Year labels move
    by the years April of the story year moved, so the reports handed in from April
    carry their year. Never moved backwards: a clock before the story day gets the story.

    Attributes:
        days: Days added to every date.
        years: Years added to every year label.
    """

    days: int = 0
    years: int = 0

    @classmethod
    def until(cls, today: dt.date) -> StoryDates:
        """Return the shift that makes ``today`` the story's day."""
        days = max((today - STORY_DAY).days, 0)
        april = dt.date(STORY_DAY.year, 4, 1) + dt.timedelta(days=days)
        return cls(days, april.year - STORY_DAY.year)

    @property
    def today(self) -> dt.date:
        """Return the build day."""
        return self.day(STORY_DAY)

    def day(self, story: dt.date) -> dt.date:
        """Return the real date of a story date."""
        return story + dt.timedelta(days=self.days)

    def year(self, story: int) -> int:
        """Return the real year of a story year label."""
        return story + self.years

    def text(self, story: str) -> str:
        """Return ``story`` with each ``2026年`` moved like the year labels."""
        return _YEAR_IN_TEXT.sub(lambda m: str(self.year(int(m[0]))), story)


def years_before(day: dt.date, years: int) -> dt.date:
    """Return the same day ``years`` earlier (28 February for a 29th that does not exist)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


Step = Callable[[], object]


class DemoClock:
    """The demo's own clock: set to each step's date before the step runs."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set_day(self, day: dt.date) -> None:
        """Move the clock to 09:00 of ``day``."""
        self.now = dt.datetime.combine(day, START_OF_DAY)


class Timeline:
    """Steps with dates, run in date order; steps of one day run in the order added.

    A running step may add later steps (the campaign adds its progress once it exists).
    Steps are added with story dates and run on the real ones (:class:`StoryDates`); a
    step whose date is its own day reads it from the clock (``ctx.today()``).
    """

    def __init__(self, dates: StoryDates | None = None) -> None:
        self.dates = dates or StoryDates()
        self._heap: list[tuple[dt.date, int, Step]] = []
        self._added = 0
        self.done = 0

    @property
    def total(self) -> int:
        """Steps added so far, run or not."""
        return self._added

    def at(self, day: dt.date, step: Step) -> None:
        """Add a step to run on the real date of the story date ``day``."""
        heapq.heappush(self._heap, (self.dates.day(day), self._added, step))
        self._added += 1

    def at_real(self, day: dt.date, step: Step) -> None:
        """Add a step to run on ``day``, a real date (worked out from real records)."""
        heapq.heappush(self._heap, (day, self._added, step))
        self._added += 1

    def run(self, clock: DemoClock, tick: Callable[[], None]) -> None:
        """Run every step with the clock set to its day, calling ``tick`` after each."""
        while self._heap:
            day, _, step = heapq.heappop(self._heap)
            if day < clock.now.date():
                raise RuntimeError(f"demo step dated {day} added after {clock.now.date()}")
            clock.set_day(day)
            step()
            self.done += 1
            tick()
