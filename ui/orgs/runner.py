"""The background-task interface the page needs, and a synchronous stand-in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Runner(Protocol):
    """Runs a callable off the UI thread and hands its result back on the UI thread.

    ``ui.tasks.TaskRunner`` satisfies this; tests pass :class:`ImmediateRunner`.
    """

    def run(
        self, fn: Callable[[], Any], on_done: Callable[[Any], object], *args: Any, **kwargs: Any
    ) -> Any:
        """Start ``fn`` and call ``on_done(result)`` when it finishes."""
        ...


class ImmediateRunner:
    """Runs the callable at once on the calling thread (tests, scripts)."""

    def run(
        self, fn: Callable[[], Any], on_done: Callable[[Any], object], *args: Any, **kwargs: Any
    ) -> None:
        """Call ``fn`` and pass its result to ``on_done``; errors go to ``on_error`` if given.

        Args:
            fn: The work.
            on_done: Receives the result.
            *args: Ignored (accepted for signature compatibility).
            **kwargs: ``on_error`` receives an exception instead of raising it.
        """
        on_error: Callable[[BaseException], None] | None = kwargs.get("on_error")
        try:
            result = fn()
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        on_done(result)
