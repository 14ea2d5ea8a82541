"""A small street with every campaign record, made through the services, for the Excel tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from brandoffice.excel.columns import SPECS
from brandoffice.kinds.campaign import KINDS
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkService
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation import EvaluationService
from brandoffice.services.funds import FundDraft, FundService
from brandoffice.services.grades import GradeService
from brandoffice.services.honours import HonourService
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.party_spirit import PartySpiritService
from brandoffice.services.secretary_reviews import SecretaryReviewService
from brandoffice.services.training import TrainingDraft, TrainingService
from tests.core.excel.excel_helpers import id_number
from tests.core.services.records_fixtures import CAMPAIGN, Street, build_street

D = dt.date
RECORD_KINDS = tuple(k.name for k in KINDS)
"""The issue-9 kinds (the registry's campaign module), which :func:`build_records` fills."""
BASE_KINDS = ("orgs", "members", "brands", "tasks")
"""What a record sheet refers to, imported first into a fresh database."""
LEADS = ("带头学习提高", "带头争创佳绩", "带头服务群众", "带头遵纪守法", "带头弘扬正气")


@dataclass(frozen=True)
class Records:
    """The street and the ids the tests need besides it."""

    street: Street
    members: dict[str, int]
    plan: int
    brand: int


def build_records(ctx: AppContext) -> Records:
    """Build the street with namesakes, a brand and every campaign record on 2026-05-20.

    Namesakes: a second 张伟 in 幸福驿站第一党支部 (so lists under 幸福驿站 need a path) and
    two 李强 in 光明社区党委 told apart only by their ID numbers.
    """
    street = build_street(ctx)
    people = MemberService(ctx)
    members = dict(street.members)
    members["张伟2"] = people.create(
        MemberDraft(org_id=street.branch, name="张伟", category="在职党员")
    ).id
    for key, sequence in (("李强1", 311), ("李强2", 313)):
        draft = MemberDraft(
            org_id=street.guangming,
            name="李强",
            category="在职党员",
            id_number=id_number(sequence),
        )
        members[key] = people.create(draft).id
    brand = BrandService(ctx).create(BrandDraft(org_id=street.xingfu, name="幸福驿站", year=2025))

    evaluation = EvaluationService(ctx)
    plan = evaluation.create_plan(street.campaign)
    for key, own, mass in (("张伟", 90, 86.5), ("王芳", 80, None), ("李强1", 95, 91)):
        evaluation.set_scores(plan.id, members[key], "自评", dict.fromkeys(LEADS, own))
        if mass is not None:
            scores = {name: mass - i for i, name in enumerate(LEADS)}
            evaluation.set_scores(plan.id, members[key], "群众评议", scores, evaluator_count=12)

    spirit = PartySpiritService(ctx)
    report = spirit.record(
        members["张伟"], 2026, submitted_on=D(2026, 4, 10), filename="张伟.txt", data=b"report"
    )
    spirit.review(report.id, report.version, "幸福书记", "剖析深刻，措施具体")
    spirit.record(members["王芳"], 2026, submitted=False, campaign_id=street.campaign)
    spirit.record(members["刘洋"], 2026, submitted_on=D(2026, 5, 1), campaign_id=street.campaign)
    spirit.record(members["李强2"], 2026, submitted_on=D(2026, 5, 2))

    promises = CommitmentService(ctx)
    done = promises.create(
        CommitmentDraft(
            "年内办实事10件", D(2025, 3, 1), org_id=street.xingfu, published_in=["公示栏", "微信群"]
        )
    )
    promises.check(done.id, done.version, "已兑现", checked_on=D(2025, 12, 20))
    partly = promises.create(
        CommitmentDraft(
            "每周走访独居老人，全年不少于40次",
            D(2025, 3, 5),
            member_id=members["赵磊"],
            post="党员责任区",
        )
    )
    promises.check(
        partly.id,
        partly.version,
        "部分兑现",
        checked_on=D(2025, 12, 21),
        note="下半年因病请假两个月",
    )
    promises.create(
        CommitmentDraft(
            "居民诉求3日内答复", D(2026, 3, 10), org_id=street.dongfeng, published_in=["公示栏"]
        )
    )
    promises.create(
        CommitmentDraft(
            "结对帮扶1名困难学生",
            D(2026, 3, 12),
            member_id=members["李强1"],
            post="党员示范岗",
            published_in=["网站"],
        )
    )

    reviews = SecretaryReviewService(ctx)
    good = reviews.create(street.xingfu, 2025, reported_on=D(2026, 1, 15), score=92)
    first = reviews.add_point(good.id, "“三会一课”记录不够规范，缺少签到", "统一记录本")
    reviews.update_point(
        first.id, issue=first.issue, rectification="统一记录本", done=True, done_on=D(2026, 3, 1)
    )
    reviews.add_point(good.id, "流动党员联系不够经常")
    reviews.create(street.dongfeng, 2025, secretary="东风书记", rating="一般", note="未评分")

    honour = HonourService(ctx).add_commendation(2025, "先进基层党组织", org_id=street.guangming)
    models = ModelService(ctx)
    deed = models.create_deed(
        DeedDraft(
            "光明的“红色物业”",
            D(2025, 7, 1),
            org_id=street.guangming,
            summary="物业党支部联建",
            commendation_id=honour.id,
        )
    )
    models.add_material(deed.id, "事迹.txt", b"deeds")
    models.create_deed(DeedDraft("楼道红管家", D(2026, 4, 2), member_id=members["孙丽"]))

    funds = FundService(ctx)
    for kind, amount, item, day, brand_id, org_id in (
        ("申请", "10000", "驿站阵地改造", D(2026, 3, 1), brand.id, None),
        ("批准", "8000.50", "驿站阵地改造", D(2026, 3, 20), brand.id, None),
        ("支出", "1234.56", "宣传展板", D(2026, 4, 2), brand.id, None),
        ("批准", "5000", "示范点建设", D(2026, 3, 2), None, street.guangming),
        ("支出", "4999.99", "党群服务站改造", D(2026, 4, 8), None, street.guangming),
    ):
        funds.add(FundDraft(kind, amount, item, day, brand_id=brand_id, org_id=org_id))

    training = TrainingService(ctx)
    street_wide = training.create(
        TrainingDraft(
            street.root,
            D(2026, 4, 10),
            "街道级",
            "党建品牌创建培训",
            3,
            trainer="区委党校",
            location="党群服务中心",
            campaign_id=street.campaign,
        )
    )
    training.set_attendees(
        street_wide.id,
        [members[k] for k in ("张伟", "张伟2", "刘洋", "李强1")],
        absent=[members["陈静"]],
    )
    community = training.create(
        TrainingDraft(street.xingfu, D(2026, 4, 20), "社区级", "网格党员服务", 1.5)
    )
    training.set_attendees(community.id, [members["李娜"], members["赵磊"]])

    GradeService(ctx).record(street.dongfeng, 2024, "后进", source="2024年度考核")
    GradeService(ctx).record(street.dongfeng, 2025, "中间", source="2025年度考核")
    GradeService(ctx).record(street.guangming, 2025, "先进")
    BenchmarkService(ctx).create(
        BenchmarkDraft(
            street.dongfeng,
            2026,
            street.guangming,
            model_reason="品牌成熟",
            gaps="载体少",
            direction="网格服务",
            measures="每月共建",
        )
    )
    return Records(street, members, plan.id, brand.id)


def sheet_rows(path: Path, kind: str) -> list[dict[str, Any]]:
    """Read the data sheet of an exported kind as the clerk sees it: header → cell value."""
    book = openpyxl.load_workbook(path)
    sheet = book[SPECS[kind].label]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


__all__ = ["CAMPAIGN", "RECORD_KINDS", "Records", "build_records", "sheet_rows"]
