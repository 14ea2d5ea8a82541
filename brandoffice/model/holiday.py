"""The holiday plans the clerk imports or edits: one row per special day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from brandoffice.model.base import Base


class Holiday(Base):
    """A day off (休) or a 调休 make-up working day (班) of a year's plan.

    A plan year held here overrides chinese-calendar's built-in data for that year;
    ``year`` is the notice's year, which can differ from the day's (2022-12-31 is in
    the 2023 notice).
    """

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(40))
