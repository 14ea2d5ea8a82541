"""Progress of long work and its cancellation, without Qt.

Long work (imports, reports, bundles, backups, the database check) takes an optional
``progress(done, total)`` callback. The window's callback raises :class:`Cancelled`
once the clerk pressed 取消; the work then stops at its next report and leaves the
database as it was and no half-written file behind.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)``; may raise :class:`Cancelled`."""


class Cancelled(Exception):  # noqa: N818 - reads as the event, like asyncio.CancelledError
    """Raised by a progress callback to stop long work at its next report."""


def report(progress: Progress | None, done: int, total: int) -> None:
    """Call ``progress(done, total)`` when there is a callback."""
    if progress is not None:
        progress(done, total)


def scaled(progress: Progress | None, start: int, span: int, total: int) -> Progress | None:
    """Map a part's own ``(done, of)`` into ``[start, start + span]`` of ``total``."""
    if progress is None:
        return None
    outer = progress

    def part(done: int, of: int) -> None:
        outer(start + (span * done // of if of else span), total)

    return part
