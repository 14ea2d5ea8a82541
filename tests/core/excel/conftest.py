"""Fixtures of the Excel tests: a small street with a name used twice; a street with records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock
from tests.core.excel.records_data import Records, build_records
from tests.databases import build_template, opened_copy


@dataclass
class Street:
    """Ids of the small street built by :func:`street`."""

    street: int
    happy: int
    happy_branch: int
    peace: int
    peace_branch: int


@pytest.fixture
def street(ctx: AppContext) -> Street:
    """幸福街道党工委 with two communities, each with a 第一党支部 (a name used twice)."""
    orgs = OrgService(ctx)
    root = orgs.create(
        OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇", sector="街道")
    )
    happy = orgs.create(
        OrgDraft(
            name="幸福驿站社区党委", kind="党委", level="村社区", sector="社区", parent_id=root.id
        )
    )
    happy_branch = orgs.create(
        OrgDraft(
            name="第一党支部", kind="党支部", level="基层单位", sector="社区", parent_id=happy.id
        )
    )
    peace = orgs.create(
        OrgDraft(name="和平社区党委", kind="党委", level="村社区", sector="社区", parent_id=root.id)
    )
    peace_branch = orgs.create(
        OrgDraft(
            name="第一党支部", kind="党支部", level="基层单位", sector="社区", parent_id=peace.id
        )
    )
    return Street(root.id, happy.id, happy_branch.id, peace.id, peace_branch.id)


@pytest.fixture
def fresh(empty_template: Path, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """A second, empty database (to import exported sheets into): a copy of the migrated one."""
    yield from opened_copy(empty_template, tmp_path / "fresh.sqlite3", clock)


@pytest.fixture(scope="session")
def records_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Records]:
    """A street with every campaign record, built once per session; copy it with ``filled``."""
    path = tmp_path_factory.mktemp("records") / "records.sqlite3"
    return build_template(path, build_records, FakeClock(dt.datetime(2026, 5, 20, 9, 0)))


@pytest.fixture
def filled(
    records_template: tuple[Path, Records], tmp_path: Path, clock: FakeClock
) -> Iterator[tuple[AppContext, Records]]:
    """A private copy of the street with every campaign record, and its ids."""
    template, records = records_template
    for context in opened_copy(template, tmp_path / "records.sqlite3", clock):
        yield context, records
