"""Run an operation again when the server rolled it back for a concurrent one."""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from brandoffice.safety.storage import ConcurrentUpdateError

ATTEMPTS = 4
"""How many times an operation runs at most (the first time and three retries)."""
PAUSE_S = 0.05
"""The mean pause before the first retry; it doubles each time, with jitter."""

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)


def retry_conflicts(operation: Callable[P, T]) -> Callable[P, T]:
    """Rerun ``operation`` when PostgreSQL rolls it back for a deadlock or serialization failure.

    Only for operations that write in ONE transaction and touch nothing outside
    the database before it commits: the rollback undid all of it, so running it
    again is safe. A lost connection is never retried (its commit may have
    happened). After the last attempt the clerk gets the Chinese message of
    :class:`ConcurrentUpdateError`. SQLite never raises it (its writers queue).
    """

    @functools.wraps(operation)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return operation(*args, **kwargs)
            except ConcurrentUpdateError:
                if attempt == ATTEMPTS:
                    raise
                log.info("%s：与其他用户冲突，第 %d 次重试", operation.__qualname__, attempt)
                time.sleep(random.uniform(0.5, 1.5) * PAUSE_S * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # pragma: no cover

    return run
