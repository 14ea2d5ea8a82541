"""Seed 003 (a town) as a clerk's year, from an empty database.

The town's 镇党委 sets its identity, imports its villages and communities from Excel, starts the
campaign from the seed-003 template, and the year runs: deadlines on working days, the 镇党委
itself not counted among the units that must do the tasks, a community brand named by the town
and refused a jump to 市级, a 先进基层党组织 nominated and decided and printed in the honours list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.errors import ValidationError
from brandoffice.excel import import_kind
from brandoffice.reports.common import ReportOptions
from brandoffice.reports.honours_list import write_honours
from brandoffice.services.brands import BrandService
from brandoffice.services.calendar_view import load_calendar
from brandoffice.services.commendations import CommendationService, HonourDraft
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgService
from brandoffice.services.template_campaigns import create_from_template
from brandoffice.workdays import is_workday
from tests.conftest import FakeClock
from tests.core.brand_drafts import ready_brand
from tests.core.excel.excel_helpers import write_xlsx
from tests.core.reports import docx_checks as dc

TOWN = "青山镇党委"
UNITS = ("青山村党支部", "石桥村党支部", "镇中社区党委", "河西社区党委")


@pytest.fixture
def town(db_path: Path, clock: FakeClock, tmp_path: Path) -> AppContext:
    """``init``, the office set as a town, the units imported from a list without levels."""
    clock.now = dt.datetime(2026, 12, 7, 9, 0)
    assert main(["--db", str(db_path), "init"]) == 0
    assert main(["--db", str(db_path), "settings", "set", "--kind", "镇", "--name", "青山镇"]) == 0
    ctx = open_context(str(db_path), clock=clock)
    rows = [[TOWN, None], *([u, TOWN] for u in UNITS)]
    import_kind(ctx, "orgs", write_xlsx(tmp_path / "orgs.xlsx", ["组织名称", "上级组织"], rows))
    return ctx


def test_a_towns_year(town: AppContext, tmp_path: Path) -> None:
    ctx = town
    ids = {o.name: o.id for o in OrgService(ctx).all_rows()}
    campaign = create_from_template(
        ctx, "seed003_town", "2026年青山镇党建品牌创建活动", 2026, ids[TOWN]
    )
    data = load_calendar(ctx, campaign.id)
    # Every deadline of the template lands on a working day.
    assert data.tasks and all(is_workday(t.due_on) for t in data.tasks)
    # The organising 镇党委 is not one of the units that must do the tasks.
    assert {org for _task, org in data.progress} == {ids[u] for u in UNITS}
    # The town's wording, not the street's.
    texts = " ".join(f"{t.name}{t.description or ''}" for t in data.tasks)
    assert "街道党工委" not in texts

    brands = BrandService(ctx)
    brand = brands.create(ready_brand(ids["镇中社区党委"], "红色驿站")).id
    with pytest.raises(ValidationError, match="首次命名不能是市级"):
        brands.transition(brand, "申报", on=dt.date(2026, 3, 1), level="市级")
    brands.transition(brand, "申报", on=dt.date(2026, 3, 1))
    brands.transition(brand, "评审", on=dt.date(2026, 4, 1))
    brands.transition(brand, "命名", on=dt.date(2026, 5, 1), level="街道级", naming_body=TOWN)
    assert (brands.get(brand).status, brands.get(brand).level) == ("命名", "街道级")

    honours = CommendationService(ctx)
    nominated = honours.add(
        HonourDraft(
            year=2026,
            kind="先进基层党组织",
            org_id=ids["青山村党支部"],
            nominated_by=TOWN,
            nominated_on=dt.date(2026, 6, 10),
        )
    )
    assert nominated.status == "推荐"
    with pytest.raises(ValidationError):  # a decision needs its deciding body
        honours.decide(nominated.id, nominated.version, "表彰", awarded_by=None,
                       awarded_on=dt.date(2026, 6, 28))  # fmt: skip
    decided = honours.decide(
        nominated.id,
        nominated.version,
        "表彰",
        awarded_by="中共某县委",
        awarded_on=dt.date(2026, 6, 28),
        doc_number="县委〔2026〕12号",
    )
    assert decided.status == "表彰"
    out = write_honours(ctx, tmp_path / "表彰名单.docx", ReportOptions(year=2026))
    text = dc.xml_text(out)
    assert "青山村党支部" in text and "县委〔2026〕12号" in text
    assert "幸福街道" not in text
