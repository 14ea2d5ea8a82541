"""Issue 22's judging scenario: two streets report to a district, decisions come back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from brandoffice.app import open_context
from brandoffice.office import OfficeIdentity
from brandoffice.packet.export import export_down, export_up
from brandoffice.packet.fileformat import PacketError
from brandoffice.packet.merge import import_packet
from brandoffice.packet.undo import undo_last_packet
from brandoffice.services.brands import BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.settings import set_office_identity
from tests.conftest import FakeClock
from tests.core.packet.packet_helpers import (
    name_at_district_level,
    open_office,
    records,
    root_of,
    uid_key,
)

TRAVELLING = ("orgs", "brands", "brand_history", "progress", "honours", "review_scores")


def _snapshot(ctx: AppContext) -> dict[str, dict[str, dict[str, object]]]:
    return {kind: records(ctx, kind) for kind in TRAVELLING}


def _owned_by(district: AppContext, street: AppContext) -> dict[str, dict[str, object]]:
    """Return the district's copies of the street's records, kind by kind."""
    here = _snapshot(district)
    return {
        kind: {uid: here[kind][uid] for uid in records(street, kind) if uid in here[kind]}
        for kind in TRAVELLING
    }


def test_two_streets_up_and_a_naming_down(
    streets: dict[str, AppContext], tmp_path: Path, clock: FakeClock
) -> None:
    a, b = streets["a"], streets["b"]
    district = open_office(str(tmp_path / "district.sqlite3"), "西安区", clock)
    first_a = export_up(a, tmp_path / "a1.bopkt").path
    first_b = export_up(b, tmp_path / "b1.bopkt").path

    preview = import_packet(district, first_a, dry_run=True)
    assert not preview.written and preview.plan.counts["orgs"]["added"] == len(records(a, "orgs"))
    assert records(district, "orgs") == {}
    assert import_packet(district, first_a).written
    assert import_packet(district, first_b).written

    # Every unit, brand and progress row of each street is there once, under its own top unit.
    for street in (a, b):
        mine = _owned_by(district, street)
        for kind in TRAVELLING:
            assert mine[kind] == records(street, kind), kind
        roots = {root_of(district, uid) for uid in mine["orgs"]}
        assert roots == {root_of(street, next(iter(records(street, "orgs"))))}
    with district.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM organisations")).scalar() == len(
            records(a, "orgs")
        ) + len(records(b, "orgs"))
        assert s.execute(text("SELECT count(*) FROM task_progress")).scalar() == len(
            records(a, "progress")
        ) + len(records(b, "progress"))

    # Importing the same packets again changes nothing.
    before = _snapshot(district)
    assert import_packet(district, first_a).plan.already
    assert import_packet(district, first_b).plan.already
    assert _snapshot(district) == before

    # A newer packet from street a replaces only street a's data.
    b_before = _owned_by(district, b)
    with a.db.write.begin() as s:
        s.execute(text("UPDATE task_progress SET note = '街道补报' WHERE id = 1"))
        s.execute(text("DELETE FROM task_progress WHERE id = 2"))
    clock.advance(days=1)
    second_a = export_up(a, tmp_path / "a2.bopkt").path
    result = import_packet(district, second_a)
    assert result.plan.counts["progress"]["changed"] == 1
    assert result.plan.counts["progress"]["deleted"] == 1
    assert _owned_by(district, a)["progress"] == records(a, "progress")
    assert _owned_by(district, b) == b_before

    # The older packet is refused.
    with pytest.raises(PacketError, match="旧"):
        import_packet(district, first_a)

    # The district names a street brand at 区级 and sends the decision down.
    brand_uid = next(uid for uid, r in records(a, "brands").items() if r["name"] == "机关先锋号")
    name_at_district_level(district, brand_uid)
    down = export_down(district, tmp_path / "down.bopkt", "和平街道").path
    result = import_packet(a, down)
    assert result.written and result.plan.counts["brand_history"]["added"] == 3
    brands = BrandService(a)
    key = uid_key(a, "brands", brand_uid)
    assert brands.get(key).level == "区级" and brands.get(key).status == "命名"
    steps = [(h.to_status, h.level) for h in brands.history(key)]
    assert ("命名", "区级") in steps and len(steps) == len(records(a, "brand_history")) - len(
        [r for r in records(a, "brand_history").values() if r["brand_id"] != brand_uid]
    )
    assert import_packet(a, down).plan.already

    # The street's next packet agrees with the district: nothing to update, no conflict.
    clock.advance(days=1)
    third_a = export_up(a, tmp_path / "a3.bopkt").path
    plan = import_packet(district, third_a).plan
    assert plan.conflicts == [] and not plan.writes
    district.db.dispose()


def test_damaged_packets_are_refused_whole(
    streets: dict[str, AppContext], tmp_path: Path, clock: FakeClock
) -> None:
    import zipfile

    district = open_office(str(tmp_path / "district.sqlite3"), "西安区", clock)
    good = export_up(streets["a"], tmp_path / "a.bopkt").path
    data = good.read_bytes()
    truncated = tmp_path / "cut.bopkt"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    altered = tmp_path / "altered.bopkt"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(altered, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "records/brands.json":
                body = body.replace("机关先锋号".encode(), "机关后卫号".encode())
            dst.writestr(info, body)
    for bad in (truncated, altered):
        with pytest.raises(PacketError, match="已拒绝导入"):
            import_packet(district, bad)
    assert records(district, "orgs") == {}
    district.db.dispose()


def test_conflicts_are_listed_and_the_import_can_be_undone(
    streets: dict[str, AppContext], tmp_path: Path, clock: FakeClock
) -> None:
    a = streets["a"]
    district = open_office(str(tmp_path / "district.sqlite3"), "西安区", clock)
    import_packet(district, export_up(a, tmp_path / "a1.bopkt").path)
    after_first = _snapshot(district)
    brand = next(uid for uid, r in records(a, "brands").items() if r["name"] == "幸福驿站")
    with a.db.write.begin() as s:
        s.execute(text("UPDATE brands SET slogan = '街道改的' WHERE uid = :u"), {"u": brand})
    with district.db.write.begin() as s:
        s.execute(text("UPDATE brands SET slogan = '区里改的' WHERE uid = :u"), {"u": brand})
    clock.advance(hours=1)
    result = import_packet(district, export_up(a, tmp_path / "a2.bopkt").path)
    assert [line for line in result.plan.conflicts if "幸福驿站" in line]
    assert records(district, "brands")[brand]["slogan"] == "区里改的"
    assert "冲突 1 条" in "\n".join(result.plan.lines())

    undo_last_packet(district)
    assert _snapshot(district)["brands"][brand]["slogan"] == "区里改的"
    undo_last_packet(district)
    assert all(not rows for rows in _snapshot(district).values())
    assert after_first["orgs"]
    district.db.dispose()


def test_a_copied_database_is_not_taken_for_another_street(
    streets: dict[str, AppContext], tmp_path: Path, clock: FakeClock
) -> None:
    from brandoffice.backup import copy_database

    a = streets["a"]
    copy = copy_database(a.db.path, tmp_path / "copy.sqlite3")  # type: ignore[arg-type]
    twin = open_context(str(copy), clock=clock)
    with twin.db.write.begin() as s:
        s.execute(text("DELETE FROM settings WHERE key = 'office_uid'"))
    set_office_identity(twin, OfficeIdentity(name="复制街道"))
    district = open_office(str(tmp_path / "district.sqlite3"), "西安区", clock)
    import_packet(district, export_up(a, tmp_path / "a.bopkt").path)
    with pytest.raises(PacketError, match="同一条"):
        import_packet(district, export_up(twin, tmp_path / "twin.bopkt").path)
    twin.db.dispose()
    district.db.dispose()
