"""A movable clock and a dated list of steps, so the demo's history happens in date order."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable

START_OF_DAY = dt.time(9, 0)

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
    """

    def __init__(self) -> None:
        self._heap: list[tuple[dt.date, int, Step]] = []
        self._added = 0
        self.done = 0

    @property
    def total(self) -> int:
        """Steps added so far, run or not."""
        return self._added

    def at(self, day: dt.date, step: Step) -> None:
        """Add a step to run on ``day``."""
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
