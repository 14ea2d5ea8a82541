"""The kinds of record a packet carries and how a row becomes JSON and back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Date, DateTime, Float, Table

from brandoffice.model import (
    Benchmark,
    Brand,
    BrandCarrier,
    BrandInspection,
    BrandStatusChange,
    BrandYearPlan,
    Campaign,
    Commendation,
    Commitment,
    EvaluationCriterion,
    EvaluationPlan,
    EvaluationScore,
    GradeRecord,
    Member,
    Organisation,
    PartySpiritReport,
    Phase,
    ProgressEvidence,
    ReviewCriterion,
    ReviewRound,
    ReviewScore,
    SecretaryReview,
    SecretaryReviewPoint,
    Task,
    TaskProgress,
    table_of,
)
from brandoffice.model.campaign_records import MemberPost

FILES = "files"
"""The pseudo-kind of stored files (attachments), referred to by SHA-256."""

LOCAL_COLUMNS = frozenset({"id", "uid", "version", "created_at", "updated_at", "import_batch_id"})
"""Columns that stay in each database: local keys, lock versions and change times."""

Record = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    """One kind of travelling record.

    Attributes:
        name: The key in packets (``orgs``, ``brands`` …).
        label: What the clerk reads (单位, 品牌 …).
        table: The Core table.
        refs: Foreign-key column → the kind it points at (sent as ``<column>`` holding a uid;
            :data:`FILES` columns hold the file's SHA-256, its content is a part of the packet).
        dropped: Columns not sent (a brand's logo file, …).
    """

    name: str
    label: str
    table: Table
    refs: Mapping[str, str] = field(default_factory=dict)
    dropped: frozenset[str] = frozenset()

    @property
    def fields(self) -> list[Column[Any]]:
        """Return the columns that travel, in table order."""
        skip = LOCAL_COLUMNS | self.dropped
        return [c for c in self.table.columns if c.name not in skip]


KINDS: tuple[Kind, ...] = (
    Kind("orgs", "单位", table_of(Organisation), {"parent_id": "orgs"}),
    Kind("members", "党员", table_of(Member), {"org_id": "orgs"}),
    Kind(
        "brands",
        "品牌",
        table_of(Brand),
        {"org_id": "orgs"},
        frozenset({"logo_attachment_id"}),
    ),
    Kind("brand_carriers", "品牌载体", table_of(BrandCarrier), {"brand_id": "brands"}),
    Kind("brand_plans", "品牌年度计划", table_of(BrandYearPlan), {"brand_id": "brands"}),
    Kind(
        "brand_history",
        "品牌创建历程",
        table_of(BrandStatusChange),
        {"brand_id": "brands", "via_org_id": "orgs"},
    ),
    Kind("brand_inspections", "品牌复查", table_of(BrandInspection), {"brand_id": "brands"}),
    Kind("campaigns", "创建活动", table_of(Campaign), {"scope_org_id": "orgs"}),
    Kind("phases", "阶段", table_of(Phase), {"campaign_id": "campaigns"}),
    Kind("tasks", "任务", table_of(Task), {"phase_id": "phases"}),
    Kind("progress", "任务进度", table_of(TaskProgress), {"task_id": "tasks", "org_id": "orgs"}),
    Kind(
        "evidence",
        "佐证材料",
        table_of(ProgressEvidence),
        {"progress_id": "progress", "attachment_id": FILES},
    ),
    Kind("review_rounds", "评审轮次", table_of(ReviewRound), {"campaign_id": "campaigns"}),
    Kind("review_criteria", "评审指标", table_of(ReviewCriterion), {"round_id": "review_rounds"}),
    Kind(
        "review_scores",
        "评审评分",
        table_of(ReviewScore),
        {
            "round_id": "review_rounds",
            "criterion_id": "review_criteria",
            "brand_id": "brands",
            "org_id": "orgs",
        },
    ),
    Kind(
        "honours",
        "表彰",
        table_of(Commendation),
        {
            "org_id": "orgs",
            "member_id": "members",
            "brand_id": "brands",
            "review_round_id": "review_rounds",
        },
    ),
    Kind("grades", "年度定级", table_of(GradeRecord), {"org_id": "orgs"}),
    Kind(
        "spirit_reports",
        "党性分析报告",
        table_of(PartySpiritReport),
        {"member_id": "members", "campaign_id": "campaigns", "attachment_id": FILES},
    ),
    Kind(
        "commitments", "公开承诺", table_of(Commitment), {"org_id": "orgs", "member_id": "members"}
    ),
    Kind(
        "member_posts",
        "党员示范岗",
        table_of(MemberPost),
        {"org_id": "orgs", "member_id": "members"},
    ),
    Kind(
        "benchmarks",
        "对标定位",
        table_of(Benchmark),
        {"org_id": "orgs", "model_org_id": "orgs"},
    ),
    Kind(
        "evaluation_plans", "党员评议方案", table_of(EvaluationPlan), {"campaign_id": "campaigns"}
    ),
    Kind(
        "evaluation_criteria",
        "党员评议指标",
        table_of(EvaluationCriterion),
        {"plan_id": "evaluation_plans"},
    ),
    Kind(
        "evaluation_scores",
        "党员评议得分",
        table_of(EvaluationScore),
        {"criterion_id": "evaluation_criteria", "member_id": "members"},
    ),
    Kind("secretary_reviews", "书记述职评议", table_of(SecretaryReview), {"org_id": "orgs"}),
    Kind(
        "secretary_points",
        "述职评议问题",
        table_of(SecretaryReviewPoint),
        {"review_id": "secretary_reviews"},
    ),
)
"""Every kind, parents before children (the order of inserting; deleting runs backwards)."""

BY_NAME = {kind.name: kind for kind in KINDS}


def to_json_value(column: Column[Any], value: Any) -> Any:
    """Return a column value as JSON (dates and times in ISO form, floats as floats)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(column.type, Float):
        return float(value)
    return value


def from_json_value(column: Column[Any], value: Any) -> Any:
    """Return a JSON value as the column's Python value."""
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    return value


def content_hash(kind: Kind, record: Mapping[str, Any]) -> str:
    """Hash what a record says (its uid and travelling fields, not display extras)."""
    keys = ["uid", *(c.name for c in kind.fields)]
    body = {key: record.get(key) for key in keys}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
