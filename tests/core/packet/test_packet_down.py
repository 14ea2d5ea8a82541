"""The next campaign's template sent down: the street gets it under its own top unit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from brandoffice.app import open_context
from brandoffice.model import TaskProgress
from brandoffice.office import OfficeIdentity
from brandoffice.packet.export import export_down, export_up, own_campaigns, reporting_offices
from brandoffice.packet.fileformat import read_packet
from brandoffice.packet.merge import import_packet
from brandoffice.packet.undo import undo_last_packet
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.settings import set_office_identity
from tests.conftest import FakeClock
from tests.core.packet.packet_helpers import records, small_street

NAME = "2027年党建品牌创建活动"


def test_a_campaign_template_goes_down_to_the_street(tmp_path: Path, clock: FakeClock) -> None:
    street = open_context(small_street(tmp_path / "street.sqlite3"), clock=clock)
    district = open_context(str(tmp_path / "district.sqlite3"), clock=clock)
    set_office_identity(district, OfficeIdentity(name="西安区"))
    import_packet(district, export_up(street, tmp_path / "up.bopkt").path)

    campaigns = CampaignService(district)
    campaign = campaigns.create_campaign(
        NAME, 2027, start_on=dt.date(2027, 1, 1), end_on=dt.date(2027, 12, 31)
    )
    phase = campaigns.add_phase(campaign.id, "动员部署", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    campaigns.add_task(
        TaskDraft(phase_id=phase.id, name="制定创建方案", due_on=dt.date(2027, 3, 1))
    )
    down = export_down(district, tmp_path / "down.bopkt", "和平街道", [NAME]).path
    result = import_packet(street, down)
    assert result.written and result.plan.counts["campaigns"]["added"] == 1

    (row,) = [c for c in CampaignService(street).campaigns() if c.name == NAME]
    (root,) = [uid for uid, r in records(street, "orgs").items() if r["parent_id"] is None]
    (sent,) = [r for r in records(street, "campaigns").values() if r["name"] == NAME]
    assert sent["scope_org_id"] == root
    assert [p.name for p in CampaignService(street).phases(row.id)] == ["动员部署"]
    assert [t.name for t in CampaignService(street).tasks(row.id)] == ["制定创建方案"]
    with street.db.read() as s:
        progress = s.scalar(select(func.count()).select_from(TaskProgress))
    assert progress == 1  # the street's one unit below its top unit takes part

    undo_last_packet(street)
    assert NAME not in [c.name for c in CampaignService(street).campaigns()]
    with street.db.read() as s:
        assert s.scalar(select(func.count()).select_from(TaskProgress)) == 0
    street.db.dispose()
    district.db.dispose()


def test_streets_report_progress_on_the_district_template(tmp_path: Path, clock: FakeClock) -> None:
    district = open_context(str(tmp_path / "district.sqlite3"), clock=clock)
    set_office_identity(district, OfficeIdentity(name="西安区"))
    streets = {}
    for name in ("和平街道", "青山镇"):
        streets[name] = open_context(small_street(tmp_path / f"{name}.sqlite3", name), clock=clock)
        import_packet(district, export_up(streets[name], tmp_path / f"{name}1.bopkt").path)
    campaigns = CampaignService(district)
    campaign = campaigns.create_campaign(NAME, 2027)
    phase = campaigns.add_phase(campaign.id, "动员部署", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    task = campaigns.add_task(
        TaskDraft(phase_id=phase.id, name="制定创建方案", due_on=dt.date(2027, 3, 1))
    )
    for name, street in streets.items():
        down = export_down(district, tmp_path / f"{name}down.bopkt", name, [NAME]).path
        assert import_packet(street, down).written
        work = CampaignService(street)
        (mine,) = [t for t in work.tasks() if t.name == "制定创建方案"]
        (cell,) = [p for p in work.progress() if p.task_id == mine.id]
        work.set_progress([(mine.id, cell.org_id)], "已完成", done_on=dt.date(2027, 2, 1))
    clock.advance(days=1)
    for name, street in streets.items():
        result = import_packet(district, export_up(street, tmp_path / f"{name}2.bopkt").path)
        assert result.written and result.plan.conflicts == [], name
    # The district's campaign stays the district's; one cell per unit, the streets' done.
    assert CampaignService(district).campaign(campaign.id).scope_org_id is None
    done = [p for p in CampaignService(district).progress(campaign.id) if p.task_id == task.id]
    assert len({p.org_id for p in done}) == len(done) == len(records(district, "orgs"))
    assert sorted(p.status for p in done).count("已完成") == 2
    undo_last_packet(district)  # 青山镇's report: the district's own cell comes back
    done = [p for p in CampaignService(district).progress(campaign.id) if p.task_id == task.id]
    assert len(done) == len(records(district, "orgs"))
    assert sorted(p.status for p in done).count("已完成") == 1
    for street in streets.values():
        street.db.dispose()
    district.db.dispose()


def test_the_window_offers_reporting_offices_and_the_districts_own_campaigns(
    tmp_path: Path, clock: FakeClock
) -> None:
    district = open_context(str(tmp_path / "district.sqlite3"), clock=clock)
    set_office_identity(district, OfficeIdentity(name="西安区"))
    assert reporting_offices(district) == [] and own_campaigns(district) == []
    uids = {}
    for name in ("青山镇", "和平街道"):
        street = open_context(small_street(tmp_path / f"{name}.sqlite3", name), clock=clock)
        CampaignService(street).create_campaign("2026年党建品牌创建", 2026)  # both streets
        import_packet(district, export_up(street, tmp_path / f"{name}.bopkt").path)
        uids[name] = records(street, "campaigns")
        street.db.dispose()
    CampaignService(district).create_campaign(NAME, 2027)
    (own_uid,) = [u for u, r in records(district, "campaigns").items() if r["name"] == NAME]
    offices = reporting_offices(district)
    assert [name for _uid, name in offices] == ["和平街道", "青山镇"]
    assert own_campaigns(district) == [(own_uid, NAME)]

    down = export_down(district, tmp_path / "down.bopkt", offices[1][0], [own_uid])
    assert down.counts["campaigns"] == 1
    (sent,) = read_packet(down.path).records["campaigns"]
    assert sent["uid"] == own_uid and sent["uid"] not in uids["青山镇"]

    undo_last_packet(district)  # 和平街道's import: it no longer counts as reporting here
    assert [name for _uid, name in reporting_offices(district)] == ["青山镇"]
    district.db.dispose()
