"""Fixtures of the Excel tests: a small street office with a name used twice."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService


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
