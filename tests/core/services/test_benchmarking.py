"""四找 against a better unit, and the grade history that shows 晋档升级 as movement."""

from __future__ import annotations

import pytest

from brandoffice.errors import NotFoundError, StaleEditError, ValidationError
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkService
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeService
from brandoffice.services.orgs import OrgService
from tests.core.services.records_fixtures import Street


def test_benchmarks_against_a_better_unit(ctx: AppContext, street: Street) -> None:
    service = BenchmarkService(ctx)
    draft = BenchmarkDraft(
        street.dongfeng,
        2026,
        street.guangming,
        model_reason="阵地建设和志愿服务走在前列",
        gaps="党员活动阵地不足，志愿服务不经常",
    )
    row = service.create(draft)
    assert (row.unit_name, row.model_name, row.missing) == (
        "东风社区党委",
        "光明社区党委",
        ("找方向", "找措施"),
    )
    done = service.update(
        row.id,
        row.version,
        BenchmarkDraft(
            street.dongfeng,
            2026,
            street.guangming,
            model_reason=draft.model_reason,
            gaps=draft.gaps,
            direction="建成“15分钟党群服务圈”",
            measures="与光明社区结对，每月联合开展一次志愿服务",
        ),
    )
    assert done.missing == ()
    with pytest.raises(StaleEditError):
        service.update(row.id, row.version, draft)
    service.create(BenchmarkDraft(street.xingfu, 2026, street.guangming))
    assert [b.unit_name for b in service.benchmarks(2026)] == ["东风社区党委", "幸福驿站社区党委"]
    assert [b.unit_name for b in service.benchmarks(org_id=street.xingfu)] == ["幸福驿站社区党委"]

    with pytest.raises(ValidationError, match="不能以本单位作为对标的标杆"):
        service.create(BenchmarkDraft(street.guangming, 2026, street.guangming))
    with pytest.raises(ValidationError, match="“东风社区党委”2026年度的对标记录已登记"):
        service.create(BenchmarkDraft(street.dongfeng, 2026, street.xingfu))
    with pytest.raises(ValidationError, match="“东风社区党委”评定为后进，不能作为标杆"):
        service.create(BenchmarkDraft(street.xingfu, 2025, street.dongfeng))
    with pytest.raises(
        ValidationError, match="标杆“幸福驿站社区党委”（中间）的等次低于本单位（先进）"
    ):
        service.create(BenchmarkDraft(street.guangming, 2026, street.xingfu))
    with pytest.raises(ValidationError, match="标杆单位（编号 999）不存在"):
        service.create(BenchmarkDraft(street.dongfeng, 2025, 999))
    with pytest.raises(ValidationError, match="单位和年度不能修改"):
        service.update(
            done.id, done.version, BenchmarkDraft(street.dongfeng, 2025, street.guangming)
        )
    service.delete(done.id)
    assert [b.unit_name for b in service.benchmarks(2026)] == ["幸福驿站社区党委"]


def test_grade_history_shows_moving_up(ctx: AppContext, street: Street) -> None:
    grades = GradeService(ctx)
    for org, year, grade in (
        (street.dongfeng, 2024, "后进"),
        (street.dongfeng, 2025, "后进"),
        (street.dongfeng, 2026, "中间"),
        (street.xingfu, 2025, "中间"),
        (street.xingfu, 2026, "先进"),
        (street.guangming, 2025, "先进"),
        (street.guangming, 2026, "中间"),
        (street.branch, 2026, "中间"),
    ):
        grades.record(org, year, grade, source="年度党建考核")

    moved = grades.movement(2026)
    assert (moved.moved_up, moved.moved_down, moved.stayed) == (2, 1, 0)
    assert [(m.unit_name, m.before, m.after, m.step) for m in moved.moves] == [
        ("东风社区党委", "后进", "中间", 1),
        ("幸福驿站社区党委", "中间", "先进", 1),
        ("光明社区党委", "先进", "中间", -1),
    ]
    assert moved.first_graded == ("幸福驿站第一党支部",)
    earlier = grades.movement(2025)
    assert (earlier.moved_up, earlier.stayed, len(earlier.first_graded)) == (0, 1, 2)
    paths = {p.unit_name: p for p in grades.paths()}
    assert paths["东风社区党委"].shown() == "后进(2024) → 后进(2025) → 中间(2026)"
    assert paths["东风社区党委"].levels_gained == 1
    assert paths["光明社区党委"].levels_gained == -1
    assert [p.unit_name for p in grades.paths(street.xingfu)] == [
        "幸福驿站社区党委", "幸福驿站第一党支部",
    ]  # fmt: skip
    assert grades.paths(first_year=2026)[0].steps == ((2026, "中间"),)

    # The latest year's grade is the unit's current grade; an older year leaves it alone.
    orgs = OrgService(ctx)
    assert (orgs.get(street.xingfu).grade, orgs.get(street.guangming).grade) == ("先进", "中间")
    corrected = grades.record(street.xingfu, 2024, "后进", note="补录")
    assert (corrected.year, corrected.grade, corrected.note) == (2024, "后进", "补录")
    assert orgs.get(street.xingfu).grade == "先进"
    grades.record(street.dongfeng, 2026, "先进", source="复核")
    assert orgs.get(street.dongfeng).grade == "先进"
    assert grades.movement(2026).moves[0].step == 2

    with pytest.raises(ValidationError, match="评定等次“优秀”无效"):
        grades.record(street.xingfu, 2026, "优秀")
    grades.remove(street.branch, 2026)
    assert grades.movement(2026).first_graded == ()
    with pytest.raises(NotFoundError, match="没有2026年度的评定等次"):
        grades.remove(street.branch, 2026)


def test_view_and_a_missing_model(ctx: AppContext, street: Street) -> None:
    service = BenchmarkService(ctx)
    with pytest.raises(ValidationError, match="请选择对标的标杆单位") as refused:
        service.create(BenchmarkDraft(street.dongfeng, 2026, None))
    assert refused.value.field == "model_org_id"
    service.create(BenchmarkDraft(street.dongfeng, 2026, street.guangming, gaps="阵地少"))
    service.create(BenchmarkDraft(street.xingfu, 2026, street.guangming))
    GradeService(ctx).record(street.dongfeng, 2025, "后进")
    GradeService(ctx).record(street.dongfeng, 2026, "中间")
    view = service.view(street.dongfeng, 2026)
    assert [(b.unit_name, b.gaps) for b in view.benchmarks] == [("东风社区党委", "阵地少")]
    assert [(g.year, g.grade) for g in view.grades] == [(2025, "后进"), (2026, "中间")]
    assert view.path is not None and view.path.levels_gained == 1
    assert view.movement.moved_up == 1
