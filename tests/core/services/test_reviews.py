"""Review rounds: weighted totals by hand, dropping extremes, ties, thresholds and grades."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from sqlalchemy import func, select

from brandoffice.errors import ValidationError
from brandoffice.model import AuditEntry
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.grades import GradeService
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.reviews import (
    FIVE_GOODS,
    CriterionSpec,
    ReviewService,
    criterion_mean,
    rank_totals,
)

BRAND_CRITERIA = ("社会评估", "专家评审", "党员群众满意")
# Reviewer A, B, C on each criterion of brand X.
X_SCORES = {
    "社会评估": (80.0, 90.0, 85.0),  # mean 85, trimmed 85
    "专家评审": (70.0, 100.0, 88.0),  # mean 86, trimmed 88
    "党员群众满意": (95.0, 60.0, 90.0),  # mean 81.67, trimmed 90
}
X_TOTAL = 0.3 * 85 + 0.5 * 86 + 0.2 * (245 / 3)  # 84.8333: below 85
X_TOTAL_TRIMMED = 0.3 * 85 + 0.5 * 88 + 0.2 * 90  # 87.5


def brands(ctx: AppContext, *names: str) -> dict[str, int]:
    org = OrgService(ctx).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    service = BrandService(ctx)
    return {n: service.create(BrandDraft(org_id=org.id, name=n, year=2026)).id for n in names}


def orgs(ctx: AppContext, *names: str) -> dict[str, int]:
    service = OrgService(ctx)
    root = service.create(OrgDraft(name="街道党工委", kind="党工委", level="街道乡镇"))
    return {
        n: service.create(OrgDraft(name=n, kind="党委", level="村社区", parent_id=root.id)).id
        for n in names
    }


def score_all(
    service: ReviewService, round_id: int, subject: int, sheet: Mapping[str, tuple[float, ...]]
) -> None:
    for i, reviewer in enumerate(("评委甲", "评委乙", "评委丙")):
        service.set_scores(round_id, reviewer, subject, {k: v[i] for k, v in sheet.items()})


def flat(value: float, names: tuple[str, ...] = BRAND_CRITERIA) -> dict[str, tuple[float, ...]]:
    return dict.fromkeys(names, (value, value, value))


def test_mean_and_ranks_by_hand() -> None:
    assert criterion_mean([80, 90, 85], drop_extremes=True) == 85
    assert criterion_mean([70, 100, 88, 90], drop_extremes=True) == 89
    assert criterion_mean([80, 90], drop_extremes=True) == 85  # two reviewers: nothing dropped
    assert rank_totals([90.0, 87.5, 90.0, 60.0]) == [1, 3, 1, 4]
    assert rank_totals([0.1 + 0.2, 0.3]) == [1, 1]  # float noise is not a difference


def test_brand_round_weighted_totals_ties_and_outcomes(ctx: AppContext) -> None:
    ids = brands(ctx, "幸福驿站", "红色物业", "光明先锋岗")
    service = ReviewService(ctx)
    round_ = service.create_round("2026年品牌评审", ctx.today(), "品牌")
    assert [(c.name, c.weight) for c in service.criteria(round_.id)] == [
        ("社会评估", 0.3), ("专家评审", 0.5), ("党员群众满意", 0.2),
    ]  # fmt: skip
    assert round_.thresholds == {"建议命名": 85.0} and not round_.drop_extremes
    score_all(service, round_.id, ids["幸福驿站"], X_SCORES)
    score_all(service, round_.id, ids["红色物业"], flat(90))
    score_all(service, round_.id, ids["光明先锋岗"], flat(90))

    results = service.results(round_.id).subjects
    assert [(r.name, r.rank, r.outcome) for r in results] == [
        ("光明先锋岗", 1, "建议命名"), ("红色物业", 1, "建议命名"), ("幸福驿站", 3, "退回培育"),
    ]  # fmt: skip
    x = results[2]
    assert x.total == pytest.approx(X_TOTAL) and x.reviewer_count == 3 and x.complete
    assert x.means == pytest.approx((85.0, 86.0, 245 / 3))

    service.update_round(round_.id, drop_extremes=True)
    x = next(r for r in service.results(round_.id).subjects if r.name == "幸福驿站")
    assert x.total == pytest.approx(X_TOTAL_TRIMMED)
    assert (x.rank, x.outcome) == (3, "建议命名")


def test_rescoring_replaces_and_incomplete_subjects_get_no_outcome(ctx: AppContext) -> None:
    ids = brands(ctx, "幸福驿站")
    service = ReviewService(ctx)
    round_ = service.create_round("评审", ctx.today(), "品牌")
    service.set_score(round_.id, "评委甲", ids["幸福驿站"], "专家评审", 60)
    row = service.set_score(round_.id, "评委甲", ids["幸福驿站"], "专家评审", 95)
    assert row.score == 95 and len(service.scores(round_.id)) == 1
    result = service.results(round_.id).subjects[0]
    assert result.total == pytest.approx(47.5) and result.outcome is None
    assert result.missing == ("社会评估", "党员群众满意") and result.means[1] == 95
    assert service.clear_scores(round_.id, ids["幸福驿站"], "评委甲") == 1
    assert service.results(round_.id).subjects == ()


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"专家评审": 105}, "“专家评审”的评分应在0到100之间（现为105）"),
        ({"专家评审": -1}, "应在0到100之间"),
        ({"专家评审": float("nan")}, "有限的数字"),
        ({"创新性": 80}, "本次评审没有评分项“创新性”"),
        ({}, "没有要登记的评分"),
    ],
)
def test_bad_scores_are_refused_in_chinese(
    ctx: AppContext, scores: dict[str, float], message: str
) -> None:
    ids = brands(ctx, "幸福驿站")
    service = ReviewService(ctx)
    round_ = service.create_round("评审", ctx.today(), "品牌")
    with pytest.raises(ValidationError, match=message):
        service.set_scores(round_.id, "评委甲", ids["幸福驿站"], scores)
    assert service.scores(round_.id) == []


def test_round_rules(ctx: AppContext) -> None:
    ids = brands(ctx, "幸福驿站")
    service = ReviewService(ctx)
    with pytest.raises(ValidationError, match=r"权重之和应为1（现为0\.9）"):
        service.create_round("评审", ctx.today(), "品牌", criteria=[CriterionSpec("甲", 0.9)])
    with pytest.raises(ValidationError, match="评审对象“项目”无效"):
        service.create_round("评审", ctx.today(), "项目")
    with pytest.raises(ValidationError, match="分数线“优秀”无效"):
        service.create_round("评审", ctx.today(), "组织", thresholds={"优秀": 90})
    with pytest.raises(ValidationError, match="“先进”的分数线（60）不能低于“中间”的分数线（70）"):
        service.create_round("评审", ctx.today(), "组织", thresholds={"先进": 60, "中间": 70})
    round_ = service.create_round("评审", ctx.today(), "品牌")
    with pytest.raises(ValidationError, match="已有名为“评审”的评审"):
        service.create_round("评审", ctx.today(), "品牌")
    with pytest.raises(ValidationError, match="不存在"):
        service.set_scores(round_.id, "评委甲", 999, {"专家评审": 80})
    with pytest.raises(ValidationError, match="只有对组织的评审才能写入评定等次"):
        service.apply_org_grades(round_.id)

    service.set_scores(round_.id, "评委甲", ids["幸福驿站"], {"专家评审": 80, "社会评估": 90})
    edited = [CriterionSpec("社会评估", 0.4), CriterionSpec("专家评审", 0.6, 80)]
    with pytest.raises(ValidationError, match="评分项“党员群众满意”"):
        service.set_criteria(round_.id, [*edited, CriterionSpec("党员群众满意", 0.0)])
    criteria = service.set_criteria(round_.id, edited)  # the unscored one goes
    assert [(c.name, c.weight, c.max_score) for c in criteria] == [
        ("社会评估", 0.4, 100.0), ("专家评审", 0.6, 80.0),
    ]  # fmt: skip
    assert service.results(round_.id).subjects[0].total == pytest.approx(0.4 * 90 + 0.6 * 80)
    with pytest.raises(ValidationError, match="评分项“专家评审”已有 1 个评分，不能删除"):
        service.set_criteria(round_.id, [CriterionSpec("社会评估", 1.0)])
    with pytest.raises(ValidationError, match="已有 80 分的评分，满分不能低于此数"):
        service.set_criteria(
            round_.id, [CriterionSpec("社会评估", 0.4), CriterionSpec("专家评审", 0.6, 50)]
        )


def test_org_round_grades_by_editable_thresholds_and_writes_them(ctx: AppContext) -> None:
    ids = orgs(ctx, "甲社区党委", "乙社区党委", "丙社区党委", "丁社区党委")
    OrgService(ctx).bulk_update(list(ids.values()), grade="中间")
    service = ReviewService(ctx)
    round_ = service.create_round("2025年度五个好评定", ctx.today(), "组织")
    assert [c.name for c in service.criteria(round_.id)] == list(FIVE_GOODS)
    assert all(c.weight == pytest.approx(0.2) for c in service.criteria(round_.id))
    for name, value in (
        ("甲社区党委", 90),
        ("乙社区党委", 75),
        ("丙社区党委", 60),
        ("丁社区党委", 85),
    ):
        score_all(service, round_.id, ids[name], flat(value, FIVE_GOODS))
    outcome = {r.name: r.outcome for r in service.results(round_.id).subjects}
    assert outcome == {
        "甲社区党委": "先进",
        "乙社区党委": "中间",
        "丙社区党委": "后进",
        "丁社区党委": "先进",
    }

    service.update_round(round_.id, thresholds={"先进": 88, "中间": 80})
    outcome = {r.name: r.outcome for r in service.results(round_.id).subjects}
    assert outcome == {
        "甲社区党委": "先进",
        "乙社区党委": "后进",
        "丙社区党委": "后进",
        "丁社区党委": "中间",
    }

    before = OrgService(ctx).get(ids["甲社区党委"]).version
    changes = service.apply_org_grades(round_.id)
    assert [(c.name, c.before, c.after, c.changed) for c in changes] == [
        ("甲社区党委", "中间", "先进", True),
        ("丁社区党委", "中间", "中间", False),
        ("乙社区党委", "中间", "后进", True),
        ("丙社区党委", "中间", "后进", True),
    ]
    org = OrgService(ctx).get(ids["甲社区党委"])
    assert org.grade == "先进" and org.version == before + 1
    with ctx.db.read() as s:
        graded = s.scalar(select(func.count()).where(AuditEntry.action == "评定等次"))
    assert graded == 4  # every grading lands in the year's history, changed or not
    year = round_.held_on.year
    history = {g.unit_name: (g.grade, g.source) for g in GradeService(ctx).grades(year=year)}
    assert history["丁社区党委"] == ("中间", round_.name)
    assert history["乙社区党委"] == ("后进", round_.name)


def test_grades_are_not_written_from_half_a_score_sheet(ctx: AppContext) -> None:
    ids = orgs(ctx, "甲社区党委", "乙社区党委")
    service = ReviewService(ctx)
    round_ = service.create_round("评定", ctx.today(), "组织")
    with pytest.raises(ValidationError, match="还没有评分"):
        service.apply_org_grades(round_.id)
    score_all(service, round_.id, ids["甲社区党委"], flat(90, FIVE_GOODS))
    service.set_scores(round_.id, "评委甲", ids["乙社区党委"], {"领导班子好": 90})
    with pytest.raises(ValidationError, match="尚有 1 个组织评分不全：乙社区党委"):
        service.apply_org_grades(round_.id)
    assert OrgService(ctx).get(ids["甲社区党委"]).grade is None
    service.delete_round(round_.id)
    assert service.rounds() == [] and service.scores(round_.id) == []
