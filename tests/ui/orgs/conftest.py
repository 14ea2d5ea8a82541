"""Fixtures of the organisation page tests: a small street with 250 members, and the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.idcard import make_id_number
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock
from tests.core.services.records_fixtures import Street, build_street
from tests.databases import build_template, opened_copy
from tests.ui.shown import shown
from ui.orgs.page import OrgPage
from ui.orgs.runner import ImmediateRunner

MEMBERS_IN_STATION = 250


def build_orgs(ctx: AppContext) -> dict[str, int]:
    """Create a street, four units under it, two branches, members, a brand and tasks.

    幸福驿站社区党委 has 250 members (more than one page of 200), the first one
    张三 with phone 13800000000; its term ends 2026-09-30, within six months of
    the test clock (2026-05-20).
    """
    orgs = OrgService(ctx)

    def unit(name: str, kind: str, level: str, parent: int | None, **kw: object) -> int:
        return orgs.create(OrgDraft(name=name, kind=kind, level=level, parent_id=parent, **kw)).id  # type: ignore[arg-type]

    street = unit("幸福街道党工委", "党工委", "街道乡镇", None, sector="街道", secretary="王建国")
    station = unit(
        "幸福驿站社区党委",
        "党委",
        "村社区",
        street,
        sector="社区",
        grade="先进",
        secretary="李红",
        phone="13900001111",
        term_start=dt.date(2021, 10, 1),
        term_end=dt.date(2026, 9, 30),
        member_count=250,
    )
    sunshine = unit("阳光社区党委", "党委", "村社区", street, sector="社区", grade="后进")
    organ = unit(
        "街道机关党支部",
        "党支部",
        "基层单位",
        street,
        sector="机关",
        grade="中间",
        is_demo_point=True,
    )
    first = unit("驿站第一党支部", "党支部", "基层单位", station, sector="社区")
    second = unit("驿站第二党支部", "党支部", "基层单位", station, sector="社区")
    members = MemberService(ctx)
    for i in range(MEMBERS_IN_STATION):
        members.create(
            MemberDraft(
                org_id=station,
                name="张三" if i == 0 else f"党员{i:03d}",
                category="在职党员",
                id_number=make_id_number(
                    "110105", dt.date(1970 + i % 40, 1 + i % 12, 1 + i % 28), i
                ),
                phone=f"138{i:08d}",
                join_date=dt.date(2000 + i % 20, 7, 1),
                posts=["党员示范岗"] if i % 3 == 0 else [],
            )
        )
    members.create(MemberDraft(org_id=sunshine, name="赵六", category="流动党员"))
    brands = BrandService(ctx)
    brands.create(BrandDraft(org_id=station, name="驿站暖心", year=2026))
    campaigns = CampaignService(ctx)
    campaign = campaigns.create_campaign("2026年党建品牌创建", 2026, scope_org_id=street)
    phase = campaigns.add_phase(campaign.id, "动员部署", dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    plan = campaigns.add_task(TaskDraft(phase.id, "制定实施方案", dt.date(2026, 5, 10)))
    campaigns.add_task(TaskDraft(phase.id, "确定创建品牌", dt.date(2026, 5, 22)))
    campaigns.set_progress([(plan.id, station)], "已完成", done_on=dt.date(2026, 5, 8))
    return {
        "street": street,
        "station": station,
        "sunshine": sunshine,
        "organ": organ,
        "first": first,
        "second": second,
    }


@pytest.fixture(scope="session")
def orgs_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The street database, built once per session."""
    return build_template(tmp_path_factory.mktemp("orgs") / "orgs.sqlite3", build_orgs)


@pytest.fixture
def ids(orgs_template: tuple[Path, dict[str, int]]) -> dict[str, int]:
    """Ids of the street's units by short name."""
    return orgs_template[1]


@pytest.fixture
def orgs_ctx(
    orgs_template: tuple[Path, dict[str, int]], tmp_path: Path, clock: FakeClock
) -> Iterator[AppContext]:
    """A private copy of the street database, with the test clock."""
    yield from opened_copy(orgs_template[0], tmp_path / "orgs.sqlite3", clock)


@pytest.fixture
def page(qtbot: QtBot, orgs_ctx: AppContext) -> OrgPage:
    """The organisation page on the street database, shown."""
    return shown(qtbot, OrgPage(orgs_ctx, ImmediateRunner()))


@pytest.fixture
def street(ctx: AppContext) -> Street:
    """The records street (units, members, the 2026 campaign) in the test's own database."""
    return build_street(ctx)
