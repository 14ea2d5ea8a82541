"""Run an operation again when the server rolled it back for a concurrent one.

Retried (``@retry_conflicts``): every service write that runs in ONE transaction it
opens itself and touches nothing outside the database before that commits; the
audit log's anchor is kept by an after-commit hook that a rollback drops, so a
rerun writes it once. ``tests/core/safety/test_retry_coverage.py`` checks that every
public service function opening a write transaction is decorated or named in
:data:`NOT_RETRIED`.

Not retried, because a rerun would repeat work outside the database or span
several transactions (a conflict reaches the clerk as its Chinese message and
the clerk runs the whole thing again):

- Excel imports (``brandoffice.excel.importer``) and their undo: they read a file
  and report progress to the window as they go.
- Data-packet exports, imports and their undo (``brandoffice.packet``): files
  written and read, progress already reported.
- Backups, restores, checks and repairs (``brandoffice.safety.backups``,
  ``brandoffice.maintenance``): they copy or replace database files and keep
  anchors outside the database.
- Report, form, bundle and Excel-export writers (``brandoffice.reports``,
  ``brandoffice.excel.exporter``, ``brandoffice.filesave``): they write files and
  audit the export after it.
- The demo builders (``brandoffice.demo``): many transactions in a row.
"""

from __future__ import annotations

import contextvars
import functools
import io
import logging
import random
import time
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from brandoffice.safety.storage import ConcurrentUpdateError

ATTEMPTS = 4
"""How many times an operation runs at most (the first time and three retries)."""
PAUSE_S = 0.05
"""The mean pause before the first retry; it doubles each time, with jitter."""

NOT_RETRIED: dict[str, str] = {
    "brandoffice.services.brand_view.store_logo": (
        "two transactions: the image, then BrandService.set_logo, which retries on its own"
    ),
    "brandoffice.services.brand_view.export_view": "writes an .xlsx file",
    "brandoffice.safety.auditlog.export_audit": "writes an .xlsx file",
    "brandoffice.safety.accounts.sign_out": (
        "the gate forgets the account even when the entry fails; a rerun would log no one"
    ),
}
"""Public service writes deliberately left without :func:`retry_conflicts`, and why.

Keys are ``module.qualname``. Writes made of several service writes (such as
``NominationService.nominate`` or ``OrgService.rename``) open no transaction of
their own: each write they call retries on its own.
"""

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)
_RUNNING: contextvars.ContextVar[bool] = contextvars.ContextVar("retry_running", default=False)


def _replayable(value: object) -> object:
    """Return ``value``, or a list of it when it is a one-shot iterator (a generator)."""
    if isinstance(value, Iterator) and not isinstance(value, io.IOBase):
        return list(value)
    return value


def retry_conflicts(operation: Callable[P, T]) -> Callable[P, T]:
    """Rerun ``operation`` when PostgreSQL rolls it back for a deadlock or serialization failure.

    Only for operations that write in ONE transaction and touch nothing outside
    the database before it commits: the rollback undid all of it, so running it
    again is safe. A lost connection is never retried (its commit may have
    happened). After the last attempt the clerk gets the Chinese message of
    :class:`ConcurrentUpdateError`. SQLite never raises it (its writers queue).

    Generators passed in are read into lists first, so a rerun sees the same
    items. Called inside another retried operation it runs once: the outer one
    retries the whole, so the attempts do not multiply.
    """

    @functools.wraps(operation)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if _RUNNING.get():
            return operation(*args, **kwargs)
        fixed_args = [_replayable(a) for a in args]
        fixed_kwargs = {k: _replayable(v) for k, v in kwargs.items()}
        token = _RUNNING.set(True)
        try:
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    return operation(*fixed_args, **fixed_kwargs)  # type: ignore[arg-type]
                except ConcurrentUpdateError:
                    if attempt == ATTEMPTS:
                        raise
                    log.info("%s：与其他用户冲突，第 %d 次重试", operation.__qualname__, attempt)
                    time.sleep(random.uniform(0.5, 1.5) * PAUSE_S * 2 ** (attempt - 1))
        finally:
            _RUNNING.reset(token)
        raise AssertionError("unreachable")  # pragma: no cover

    return run
