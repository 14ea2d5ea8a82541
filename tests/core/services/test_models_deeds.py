"""Models' deeds with materials and linked honours; demonstration points against the target."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from brandoffice.errors import StaleEditError, ValidationError
from brandoffice.model import Attachment
from brandoffice.services.context import AppContext
from brandoffice.services.demo_points import DemoPointService
from brandoffice.services.honours import HonourService
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.orgs import OrgService
from tests.core.services.records_fixtures import Street

D = dt.date
PHOTO = b"\x89PNG\r\n\x1a\n fake photo"


def test_deeds_with_materials_and_honours(ctx: AppContext, street: Street) -> None:
    m = street.members
    honours = HonourService(ctx)
    award = honours.add_commendation(2026, "优秀共产党员", member_id=m["王芳"])
    unit_award = honours.add_commendation(2026, "先进基层党组织", org_id=street.guangming)
    service = ModelService(ctx)
    deed = service.create_deed(
        DeedDraft(
            "扎根社区十年的调解员",
            D(2026, 4, 8),
            member_id=m["王芳"],
            summary="调解邻里纠纷120余起",
            commendation_id=award.id,
        )
    )
    assert (deed.subject_name, deed.unit_name, deed.commendation) == (
        "王芳", "幸福驿站社区党委", "2026年度优秀共产党员",
    )  # fmt: skip
    unit = service.create_deed(DeedDraft("光明红色驿站", D(2025, 12, 1), org_id=street.guangming))
    assert (unit.subject_name, unit.commendation, unit.material_count) == ("光明社区党委", None, 0)
    with pytest.raises(ValidationError, match="不是授予“光明社区党委”的"):
        service.update_deed(
            unit.id,
            unit.version,
            DeedDraft(
                "光明红色驿站", D(2025, 12, 1), org_id=street.guangming, commendation_id=award.id
            ),
        )
    linked = service.update_deed(
        unit.id,
        unit.version,
        DeedDraft(
            "光明红色驿站", D(2025, 12, 1), org_id=street.guangming, commendation_id=unit_award.id
        ),
    )
    assert linked.commendation == "2026年度先进基层党组织"
    with pytest.raises(StaleEditError):
        service.update_deed(
            unit.id, unit.version, DeedDraft("x", D(2025, 1, 1), org_id=street.root)
        )

    photo = service.add_material(deed.id, "调解现场.png", PHOTO)
    service.add_material(deed.id, "事迹材料.docx", b"deeds write-up")
    service.add_material(unit.id, "同一张照片.png", PHOTO)
    assert (photo.mime, photo.size) == ("image/png", len(PHOTO))
    assert service.get_deed(deed.id).material_count == 2
    assert service.material_file(photo.id) == ("调解现场.png", PHOTO)
    assert [d.title for d in service.deeds(2026)] == ["扎根社区十年的调解员"]
    assert [d.title for d in service.deeds(org_id=street.xingfu)] == ["扎根社区十年的调解员"]
    assert [d.title for d in service.deeds(member_id=m["王芳"])] == ["扎根社区十年的调解员"]

    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 2
    service.delete_deed(deed.id)  # the photo is still used by the unit's deeds
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 1
    honours.remove_commendation(unit_award.id)
    assert service.get_deed(unit.id).commendation_id is None  # SET NULL


def test_deed_rules(ctx: AppContext, street: Street) -> None:
    service = ModelService(ctx)
    with pytest.raises(ValidationError, match="先进典型事迹须属于一个组织或一名党员（二者选一）"):
        service.create_deed(DeedDraft("标题", D(2026, 1, 1)))
    with pytest.raises(ValidationError, match="事迹标题不能为空"):
        service.create_deed(DeedDraft("", D(2026, 1, 1), org_id=street.xingfu))
    with pytest.raises(ValidationError, match="事迹日期不能晚于今天"):
        service.create_deed(DeedDraft("标题", D(2026, 12, 1), org_id=street.xingfu))
    with pytest.raises(ValidationError, match="表彰（编号 99）不存在"):
        service.create_deed(
            DeedDraft("标题", D(2026, 1, 1), org_id=street.xingfu, commendation_id=99)
        )


def test_demo_points_against_the_target(ctx: AppContext, street: Street) -> None:
    service = DemoPointService(ctx)
    summary = service.summary(street.root, 2026)
    assert (summary.target, summary.target_set, summary.count) == (2, False, 1)  # seed 003: two
    assert (summary.reached, summary.shortfall) == (False, 1)
    assert [p.name for p in summary.points] == ["光明社区党委"]

    with pytest.raises(ValidationError, match="“东风社区党委”不是示范点"):
        service.add_note(street.dongfeng, D(2026, 4, 1), "阵地改造")
    service.add_note(street.guangming, D(2025, 11, 2), "确定为示范点")
    service.add_note(street.guangming, D(2026, 3, 5), "党群服务中心改造完成")
    latest = service.add_note(street.guangming, D(2026, 5, 6), "迎接区级观摩")
    with pytest.raises(ValidationError, match="进展日期不能晚于今天"):
        service.add_note(street.guangming, D(2026, 6, 1), "计划中")
    OrgService(ctx).bulk_update([street.xingfu], is_demo_point=True)
    service.set_target(street.root, 2026, 3)

    summary = service.summary(street.root, 2026)
    assert (summary.target, summary.target_set, summary.count, summary.shortfall) == (3, True, 2, 1)
    guangming = next(p for p in summary.points if p.org_id == street.guangming)
    assert (guangming.notes_in_year, guangming.last_noted_on, guangming.last_note) == (
        2, D(2026, 5, 6), "迎接区级观摩",
    )  # fmt: skip
    xingfu = next(p for p in summary.points if p.org_id == street.xingfu)
    assert (xingfu.notes_in_year, xingfu.last_note) == (0, None)
    assert service.target(street.root, 2025) == (2, False)
    assert len(service.notes(street.guangming)) == 3
    assert [n.content for n in service.notes(street.guangming, 2025)] == ["确定为示范点"]
    service.remove_note(latest.id)
    assert service.notes(street.guangming)[0].content == "党群服务中心改造完成"
    with pytest.raises(ValidationError, match="示范点目标数不能为负数"):
        service.set_target(street.root, 2026, -1)
