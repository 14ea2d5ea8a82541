"""Fictitious people for the demo: names, valid ID numbers, phones, categories and posts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from brandoffice.demo.data import (
    BIRTH_YEARS,
    CATEGORY_MIX,
    DEMO_NOW,
    FEMALE_CHARS,
    MALE_CHARS,
    MOBILE_PREFIXES,
    REGION_CODES,
    SURNAMES,
)
from brandoffice.idcard import make_id_number
from brandoffice.model.vocab import Gender, MemberCategory, MemberPost

SERVING = MemberCategory.SERVING.value


@dataclass(frozen=True)
class Person:
    """One fictitious member before it is validated and stored."""

    name: str
    gender: str
    id_number: str
    phone: str
    category: str
    join_date: dt.date
    posts: tuple[str, ...]


class PeopleMaker:
    """Makes unique, believable people from one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._names: set[str] = set()
        self._ids: set[str] = set()
        self._phones: set[str] = set()

    def person(self, mix: str, *, community: bool, category: str | None = None) -> Person:
        """Return a new member of a unit with the given category mix.

        Args:
            mix: A key of ``CATEGORY_MIX``.
            community: Whether the unit is a community one (decides the posts shown).
            category: Force this category (secretaries are 在职党员).
        """
        rng = self.rng
        if category is None:
            labels, weights = zip(*CATEGORY_MIX[mix], strict=True)
            category = rng.choices(labels, weights)[0]
        gender = Gender.MALE.value if rng.random() < 0.52 else Gender.FEMALE.value
        low, high = BIRTH_YEARS[category]
        born = dt.date(rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28))
        return Person(
            name=self.name(gender),
            gender=gender,
            id_number=self.id_number(born, gender),
            phone=self.phone(),
            category=category,
            join_date=self._join_date(born),
            posts=self._posts(category, community),
        )

    def name(self, gender: str) -> str:
        """Return a Chinese name not used before in this demo (when possible)."""
        chars = MALE_CHARS if gender == Gender.MALE.value else FEMALE_CHARS
        name = ""
        for _ in range(30):
            given = "".join(self.rng.sample(chars, self.rng.choice((1, 2, 2, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self._names:
                break
        self._names.add(name)
        return name

    def id_number(self, born: dt.date, gender: str) -> str:
        """Return a unique valid ID number whose sequence digit matches the gender."""
        while True:
            sequence = self.rng.randrange(0, 1000)
            odd = gender == Gender.MALE.value
            if sequence % 2 != int(odd):
                sequence += 1 if odd else -1
            number = make_id_number(self.rng.choice(REGION_CODES), born, sequence)
            if number not in self._ids:
                self._ids.add(number)
                return number

    def phone(self) -> str:
        """Return a unique random mobile number (not checked against real ones)."""
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def _join_date(self, born: dt.date) -> dt.date:
        earliest = born.replace(year=born.year + 18)
        latest = min(born.replace(year=born.year + 60), DEMO_NOW.date() - dt.timedelta(days=30))
        return earliest + dt.timedelta(days=self.rng.randrange((latest - earliest).days + 1))

    def _posts(self, category: str, community: bool) -> tuple[str, ...]:
        rng = self.rng
        posts: list[str] = []
        if community:
            if rng.random() < 0.12:
                posts.append(MemberPost.MODEL_HOUSEHOLD.value)
            if rng.random() < 0.15:
                posts.append(MemberPost.RESPONSIBILITY_ZONE.value)
            if rng.random() < 0.4:
                posts.append(MemberPost.BADGE.value)
        elif category == SERVING:
            if rng.random() < 0.25:
                posts.append(MemberPost.MODEL_POST.value)
            if rng.random() < 0.7:
                posts.append(MemberPost.BADGE.value)
        return tuple(posts)
