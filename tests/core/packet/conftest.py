"""Two street offices built from the demo, each with its own identities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.backup import copy_database
from brandoffice.office import OfficeIdentity, OfficeKind
from brandoffice.services.context import AppContext
from brandoffice.services.settings import set_office_identity
from tests.conftest import FakeClock

STREETS = {"a": ("和平街道", OfficeKind.STREET), "b": ("青山镇", OfficeKind.TOWN)}


@pytest.fixture(scope="session")
def street_templates(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Two demo offices with their own uids, named differently, made once per session.

    The first is a copy of the session's demo (``demo_template``, built on the same day
    and clock), the second a demo built after it: two builds, so two sets of uids.
    """
    from brandoffice.demo import build_demo

    clock = FakeClock(dt.datetime(2026, 5, 20, 9, 0))
    paths = {}
    for key, (name, kind) in STREETS.items():
        path = tmp_path_factory.mktemp(f"street_{key}") / "street.sqlite3"
        if key == "a":
            copy_database(demo_template, path)
            context = open_context(str(path), clock=clock)
        else:
            context = open_context(str(path), clock=clock)
            build_demo(context, today=dt.date(2026, 5, 20))
        set_office_identity(context, OfficeIdentity(kind=kind, name=name))
        context.db.dispose()
        paths[key] = path
    return paths


@pytest.fixture
def streets(
    street_templates: dict[str, Path], tmp_path: Path, clock: FakeClock
) -> Iterator[dict[str, AppContext]]:
    """Private copies of the two offices' databases."""
    contexts = {}
    for key, path in street_templates.items():
        copy = copy_database(path, tmp_path / f"{key}.sqlite3")
        contexts[key] = open_context(str(copy), clock=clock)
    yield contexts
    for context in contexts.values():
        context.db.dispose()
