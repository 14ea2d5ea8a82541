"""The demo district (`demo --district`): from an empty file, streets and towns, quotas, views."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.idcard import gender, id_number_problem
from brandoffice.model import Member, TaskProgress
from brandoffice.model.vocab import BrandStatus
from brandoffice.safety.auditchain import first_break
from brandoffice.services.brands import BrandService, checklist
from brandoffice.services.campaigns import CampaignService
from brandoffice.services.context import AppContext
from brandoffice.services.coverage import coverage
from brandoffice.services.honours import HonourService
from brandoffice.services.orgs import OrgService
from brandoffice.services.progress_stats import by_area
from brandoffice.services.reviews import ReviewService
from brandoffice.services.rows import OrgRow
from brandoffice.services.settings import office_identity
from tests.conftest import FakeClock
from tests.databases import opened_copy

DAY = dt.date(2026, 5, 20)
COMMITTEES = (
    "河西街道党工委",
    "东城街道党工委",
    "新华街道党工委",
    "滨江街道党工委",
    "青石镇党委",
    "柳林镇党委",
    "区直机关工委",
)
ID_LIKE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


@pytest.fixture(scope="module")
def district_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The district demo built once, as it stands on the story's day (2026-05-20)."""
    from brandoffice.demo.district import build_district_demo

    path = tmp_path_factory.mktemp("district") / "district.sqlite3"
    ctx = open_context(str(path), clock=FakeClock(dt.datetime(2026, 5, 20, 9)))
    summary = build_district_demo(ctx, today=DAY)
    ctx.db.dispose()
    assert summary.as_of == DAY and summary.seconds < 60
    return path


@pytest.fixture
def district(district_file: Path, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """A private copy of the district demo, read on the demo's day."""
    yield from opened_copy(district_file, tmp_path / "d.sqlite3", clock)


def _below(orgs: Sequence[OrgRow], root_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for o in orgs:
        children.setdefault(o.parent_id, []).append(o.id)
    found, todo = {root_id}, [root_id]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def test_cli_fills_an_empty_file_prints_each_street_and_check_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert main(["--db", str(path), "demo", "--district"]) == 0
    out = capsys.readouterr().out
    assert "演示区（安和区）已生成" in out
    for name in COMMITTEES:
        line = next(line for line in out.splitlines() if line.strip().startswith(f"{name}："))
        units, members, brands, done, cells = map(
            int, re.findall(r"组织(\d+)个，党员(\d+)名，品牌(\d+)个，任务完成(\d+)/(\d+)", line)[0]
        )
        assert units >= 5 and members >= 50 and brands >= 1 and cells >= 60 and done <= cells
    assert re.search(r"用时[\d.]+秒", out)
    assert main(["--db", str(path), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_a_second_run_is_refused_and_if_empty_does_nothing(
    district_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from brandoffice.backup import copy_database

    path = copy_database(district_file, tmp_path / "again.sqlite3")
    capsys.readouterr()
    assert main(["--db", str(path), "demo", "--district"]) == 2
    err = capsys.readouterr().err
    assert "数据库中已有数据" in err and "组织51条" in err
    assert main(["--db", str(path), "demo", "--district", "--if-empty"]) == 0
    assert "未生成示例数据" in capsys.readouterr().out
    assert main(["--db", str(path), "demo"]) == 2  # nor the street demo on top of it
    ctx = open_context(str(path))
    assert len(OrgService(ctx).all_rows()) == 51
    ctx.db.dispose()


def test_the_office_is_a_district_with_its_wording(district: AppContext) -> None:
    identity = office_identity(district)
    assert identity.kind.value == "区" and identity.name == "安和区"
    assert identity.committee_name == "安和区委"
    assert identity.signer == "中共安和区委组织部"
    assert (identity.wording.section, identity.wording.whole) == ("区委组织部", "全区")


def test_one_district_over_streets_towns_and_the_organs(district: AppContext) -> None:
    orgs = OrgService(district).all_rows()
    (root,) = [o for o in orgs if o.parent_id is None]
    assert (root.name, root.kind, root.level) == ("安和区委", "党委", "区县")
    tops = [o for o in orgs if o.parent_id == root.id]
    assert [o.name for o in tops] == list(COMMITTEES)
    assert Counter(o.kind for o in tops) == {"党工委": 5, "党委": 2}
    assert {o.name for o in tops if o.kind == "党委"} == {"青石镇党委", "柳林镇党委"}
    with district.db.read() as s:
        members = s.execute(select(Member.org_id, Member.id_number, Member.gender)).all()
        cells = s.execute(select(TaskProgress.org_id, TaskProgress.status)).all()
    brands = BrandService(district).all_rows()
    for top in tops:
        subtree = _below(orgs, top.id)
        assert len(subtree) >= 5, top.name
        assert sum(m.org_id in subtree for m in members) >= 50, top.name
        assert any(b.org_id in subtree for b in brands), top.name
        mine = [c.status for c in cells if c.org_id in subtree]
        assert len(mine) >= 60 and set(mine) - {"未开始"}, top.name
    assert {o.sector for o in orgs} >= {"社区", "农村", "机关", "学校", "非公企业", "卫生"}
    assert {o.grade for o in orgs if o.grade} == {"先进", "中间", "后进"}
    assert len({m.id_number for m in members}) == len(members) >= 500
    assert all(id_number_problem(m.id_number) is None for m in members)
    assert all(gender(m.id_number) == m.gender for m in members)


def test_brands_at_three_levels_in_every_state_with_real_histories(district: AppContext) -> None:
    service = BrandService(district)
    brands = {b.name: b for b in service.all_rows()}
    assert {b.status for b in brands.values()} == {s.value for s in BrandStatus}
    assert {b.level for b in brands.values() if b.level} == {"街道级", "区级", "市级"}
    assert all(2 <= len(b.name) <= 8 for b in brands.values())
    named = [b for b in brands.values() if b.status == "命名"]
    assert all(all(r.met for r in checklist(b)) for b in named)
    city = brands["红色港湾"]
    assert (city.level, city.status) == ("市级", "命名")
    steps = [(h.to_status, h.level) for h in service.history(city.id) if h.to_status == "命名"]
    assert steps == [("命名", "街道级"), ("命名", "区级"), ("命名", "市级")]
    bodies = {h.level: h.naming_body for h in service.history(city.id) if h.to_status == "命名"}
    assert bodies == {"街道级": "河西街道党工委", "区级": "安和区委组织部", "市级": "市委组织部"}
    applying = brands["田园先锋"]  # keeps its 区级 title while the city application runs
    assert (applying.status, applying.level) == ("申报", "区级")
    with district.db.read() as s:
        assert first_break(s) is None


def test_quotas_per_committee_show_the_two_that_made_no_new_brand(district: AppContext) -> None:
    result = coverage(district, DAY.year)
    quotas = {q.name: q.met for q in result.quotas}
    assert set(quotas) == {"安和区委", *COMMITTEES}
    assert [name for name, met in quotas.items() if not met] == ["新华街道党工委", "柳林镇党委"]
    assert 0 < result.covered < result.communities


def test_progress_by_committee_follows_each_streets_pace(district: AppContext) -> None:
    (campaign,) = CampaignService(district).campaigns()
    assert campaign.template == "seed002_district"
    tasks = {t.name for t in CampaignService(district).tasks(campaign.id)}
    assert "制定品牌创建方案并报区委组织部备案" in tasks
    areas = by_area(district, campaign.id)
    assert {a.label for a in areas} == set(COMMITTEES)
    assert areas[0].label == "河西街道党工委" and areas[0].rate > 2 * areas[-1].rate
    assert areas[-1].label in ("柳林镇党委", "新华街道党工委")
    (round_,) = ReviewService(district).rounds()
    assert round_.name == "2026年区级党建品牌评审"
    assert len(HonourService(district).pairings()) == 2


def test_the_area_chart_ranks_the_committees(district: AppContext) -> None:
    from brandoffice.charts.adapters import chart_figure

    (campaign,) = CampaignService(district).campaigns()
    figure = chart_figure(district, "area", campaign.id, campaign_name=campaign.name)
    names = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert set(names) == set(COMMITTEES) and names[0] == "河西街道党工委"
    assert [t.get_text() for t in figure.texts] == [f"{campaign.name}：各党（工）委任务完成率"]


def test_the_progress_report_reads_by_committee_and_masks_ids(
    district: AppContext, tmp_path: Path
) -> None:
    from brandoffice.reports.kinds import write_report
    from brandoffice.reports.options import ReportOptions

    out = write_report(district, "progress", tmp_path / "progress.docx", ReportOptions())
    with zipfile.ZipFile(out) as archive:
        text = archive.read("word/document.xml").decode("utf-8")
    assert "各党（工）委任务完成率" in text and "分党（工）委看，河西街道党工委完成率最高" in text
    assert "中共安和区委组织部" in text and "市委组织部：" in text  # signed; sent up to the city
    assert not [n for n in ID_LIKE.findall(text) if id_number_problem(n) is None]


def _cli(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m brandoffice`` as the clerk would, in a process of its own."""
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "brandoffice", *argv]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, input=stdin
    )


ADMIN_PASSWORD = "District-Key-81!"


@pytest.mark.postgres
def test_the_district_demo_on_postgres(pg_url: str) -> None:
    # A server database always asks for a sign-in: the district's administrator first.
    admin = ("--db", pg_url, "account", "add", "anhe", "--role", "管理员", "--password-stdin")
    assert _cli(*admin, stdin=ADMIN_PASSWORD + "\n").returncode == 0

    def signed(*argv: str) -> subprocess.CompletedProcess[str]:
        return _cli("--db", pg_url, "--user", "anhe", *argv, stdin=ADMIN_PASSWORD + "\n")

    assert _cli("--db", pg_url, "demo", "--district").returncode == 2  # not signed in
    done = signed("demo", "--district")
    assert done.returncode == 0, done.stderr
    assert all(f"{name}：" in done.stdout for name in COMMITTEES)
    checked = signed("check")
    assert checked.returncode == 0 and "检查通过" in checked.stdout, checked.stdout
    again = signed("demo", "--district")
    assert again.returncode == 2 and "数据库中已有数据" in again.stderr
    ctx = open_context(pg_url)
    (campaign,) = CampaignService(ctx).campaigns()
    quotas = {q.name: q.met for q in coverage(ctx, campaign.year).quotas}
    areas = {a.label for a in by_area(ctx, campaign.id)}
    ctx.db.dispose()
    assert [name for name, met in quotas.items() if not met] == ["新华街道党工委", "柳林镇党委"]
    assert areas == set(COMMITTEES)
