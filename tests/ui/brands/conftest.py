"""Fixtures of the brand page tests: a street with brands in several states, and the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.rows import CarrierRow
from tests.conftest import FakeClock
from tests.databases import build_template, opened_copy
from tests.ui.shown import shown
from ui.brands import common
from ui.brands.page import BrandPage
from ui.dialogs import SaveChoice
from ui.orgs.runner import ImmediateRunner


def complete(org_id: int, name: str, year: int, **kw: Any) -> BrandDraft:
    """Return a draft meeting every 五有一好 requirement."""
    values: dict[str, Any] = {
        "logo_text": "红色屋檐下一颗金色爱心",
        "theme": "问计于民、问需于民、服务于民",
        "slogan": "幸福社区，家园共治",
        "connotation": "以“八个在先”为主要内容",
        "concept": "党建工作网络化、综合服务便民化",
        "role_played": "党员亮身份、亮承诺",
        "service_site": "社区党员活动室",
        "service_items": ["为民服务", "纠纷调解"],
        "carriers": [CarrierRow("幸福驿站", "党员服务站"), CarrierRow("连心热线", None)],
        "objectives": "打造居民满意的服务品牌",
        "measures": "建立党员服务队",
    }
    values.update(kw)
    return BrandDraft(org_id=org_id, name=name, year=year, **values)


def build_brands(ctx: AppContext) -> dict[str, int]:
    """Create a street, three communities, a school and a company, and six brands.

    幸福驿站 (complete, 培育, 2026), 红烛先锋 (incomplete, 培育, 2026),
    和美邻里 / 春晖共治 / 临江之声 (complete, moved to 评审, 2025),
    楼宇先锋 (named 区级, 2024, company).
    """
    orgs = OrgService(ctx)

    def unit(name: str, kind: str, level: str, parent: int | None, sector: str) -> int:
        draft = OrgDraft(name=name, kind=kind, level=level, parent_id=parent, sector=sector)
        return orgs.create(draft).id

    street = unit("幸福街道党工委", "党工委", "街道乡镇", None, "街道")
    station = unit("幸福驿站社区党委", "党委", "村社区", street, "社区")
    peace = unit("和平社区党委", "党委", "村社区", street, "社区")
    river = unit("临江社区党委", "党委", "村社区", street, "社区")
    school = unit("实验小学党支部", "党支部", "基层单位", street, "学校")
    company = unit("幸福商务楼宇联合党支部", "联合党支部", "基层单位", street, "非公企业")
    brands = BrandService(ctx)
    ids = {
        "street": street,
        "station": station,
        "peace": peace,
        "river": river,
        "school": school,
        "company": company,
    }
    ids["幸福驿站"] = brands.create(complete(station, "幸福驿站", 2026)).id
    ids["红烛先锋"] = brands.create(BrandDraft(org_id=school, name="红烛先锋", year=2026)).id
    for name, org in (("和美邻里", peace), ("春晖共治", peace), ("临江之声", river)):
        brand_id = brands.create(complete(org, name, 2025, slogan=f"{name}口号")).id
        brands.transition(brand_id, "申报")
        brands.transition(brand_id, "评审")
        ids[name] = brand_id
    tower = brands.create(complete(company, "楼宇先锋", 2024, slogan="楼宇有党旗")).id
    brands.transition(tower, "申报", level="区级", exception="楼宇党建由区委组织部直接考核命名")
    brands.transition(tower, "评审")
    brands.transition(tower, "命名", level="区级", naming_body="区委组织部")
    ids["楼宇先锋"] = tower
    return ids


@pytest.fixture(scope="session")
def brands_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The street with brands, built once per session."""
    path = tmp_path_factory.mktemp("brands") / "brands.sqlite3"
    return build_template(path, build_brands, FakeClock(dt.datetime(2026, 5, 4, 9, 0)))


@pytest.fixture
def ids(brands_template: tuple[Path, dict[str, int]]) -> dict[str, int]:
    """Ids of units and brands by name."""
    return brands_template[1]


@pytest.fixture
def brand_ctx(
    brands_template: tuple[Path, dict[str, int]], tmp_path: Path, clock: FakeClock
) -> Iterator[AppContext]:
    """A private copy of the street with brands, on the test clock."""
    yield from opened_copy(brands_template[0], tmp_path / "brands.sqlite3", clock)


@pytest.fixture
def page(qtbot: QtBot, brand_ctx: AppContext) -> BrandPage:
    """The brand page on the street, shown."""
    return shown(qtbot, BrandPage(brand_ctx, ImmediateRunner()), 1500, 950)


class SaveAsker:
    """Answers the 保存/放弃/取消 question (asked synchronously) and records each asking."""

    def __init__(self) -> None:
        self.answers: list[SaveChoice] = []
        self.asked: list[str] = []

    def __call__(self, _parent: Any, name: str) -> SaveChoice:
        self.asked.append(name)
        return self.answers.pop(0) if self.answers else SaveChoice.CANCEL


@pytest.fixture
def save_asker(monkeypatch: pytest.MonkeyPatch) -> SaveAsker:
    """Patch ``ui.brands.common.ask_save``; queue answers in ``.answers``."""
    asker = SaveAsker()
    monkeypatch.setattr(common, "ask_save", asker)
    return asker
