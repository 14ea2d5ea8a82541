"""Packets between SQLite and PostgreSQL, in both directions."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandoffice.packet.export import export_down, export_up
from brandoffice.packet.merge import import_packet
from brandoffice.packet.undo import undo_last_packet
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.conftest import FakeClock
from tests.core.packet.packet_helpers import name_at_district_level, open_office, records, uid_key

pytestmark = pytest.mark.postgres
KINDS = ("orgs", "brands", "brand_history", "progress", "evidence", "honours")


def test_sqlite_streets_up_to_a_postgres_district_and_back_down(
    streets: dict[str, AppContext], pg_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    a, b = streets["a"], streets["b"]
    district = open_office(pg_url, "西安区", clock)
    for key, street in streets.items():
        assert import_packet(district, export_up(street, tmp_path / f"{key}.bopkt").path).written
    here = {kind: records(district, kind) for kind in KINDS}
    for street in (a, b):
        for kind in KINDS:
            theirs = records(street, kind)
            assert {uid: here[kind][uid] for uid in theirs} == theirs, kind
    assert len(here["orgs"]) == len(records(a, "orgs")) + len(records(b, "orgs"))
    assert import_packet(district, tmp_path / "a.bopkt").plan.already

    brand_uid = next(uid for uid, r in records(a, "brands").items() if r["name"] == "机关先锋号")
    name_at_district_level(district, brand_uid)
    down = export_down(district, tmp_path / "down.bopkt", "和平街道").path
    assert import_packet(a, down).written
    brand = BrandService(a).get(uid_key(a, "brands", brand_uid))
    assert (brand.status, brand.level) == ("命名", "区级")
    district.db.dispose()


def test_postgres_street_up_to_a_sqlite_district(
    pg_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    street = open_office(pg_url, "青山镇", clock)
    orgs = OrgService(street)
    root = orgs.create(OrgDraft(name="青山镇党委", kind="党委", level="街道乡镇"))
    unit = orgs.create(
        OrgDraft(
            name="青山村党支部", kind="党支部", level="村社区", parent_id=root.id, sector="农村"
        )
    )
    BrandService(street).create(BrandDraft(org_id=unit.id, name="青山红心向党", year=2026))
    district = open_office(str(tmp_path / "district.sqlite3"), "西安区", clock)

    packet = export_up(street, tmp_path / "street.bopkt").path
    assert import_packet(district, packet).written
    for kind in ("orgs", "brands", "brand_history"):
        assert records(district, kind) == records(street, kind), kind
    undo_last_packet(district)
    assert records(district, "orgs") == {}
    street.db.dispose()
    district.db.dispose()
