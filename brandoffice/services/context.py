"""What every service is given: the database, the clock and who is acting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from brandoffice.db.engine import Database

Clock = Callable[[], dt.datetime]

LOCAL_ACCOUNT = "本机用户"


def system_clock() -> dt.datetime:
    """Return the local wall-clock time."""
    return dt.datetime.now()


@dataclass
class AppContext:
    """The injected dependencies of the services.

    Attributes:
        db: The database (read and write session factories).
        clock: Returns "now"; tests inject a fixed or moving clock.
        account: Who acts, written into the audit log and brand history.
    """

    db: Database
    clock: Clock = field(default=system_clock)
    account: str = LOCAL_ACCOUNT

    def today(self) -> dt.date:
        """Return today's date by the injected clock."""
        return self.clock().date()
