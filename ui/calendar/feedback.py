"""Where a failed background task's error goes: known errors beside a field, bugs to the log."""

from __future__ import annotations

import logging
from collections.abc import Callable

from brandoffice.errors import KnownError, ValidationError
from ui import messages
from ui.orgs.runner import Runner

log = logging.getLogger(__name__)


def error_handler(
    runner: Runner, show: Callable[[str | None, str], None]
) -> Callable[[BaseException], None]:
    """Return an ``on_error`` that shows known errors with ``show(field, text)``.

    Anything else is a bug: the runner's standard internal-error message (with the
    traceback in the log) when it has one, else a plain message box.
    """

    def handle(exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            show(exc.field if isinstance(exc, ValidationError) else None, str(exc))
            return
        parent = getattr(runner, "parent_widget", lambda: None)()
        messages.report_error(parent, exc)

    return handle
