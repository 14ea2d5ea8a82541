"""The data model: every table of the domain, on one declarative base.

The package loads its table modules on first use of one of its names, so that
``brandoffice.model.vocab`` (the enumerations, used everywhere) stays cheap to
import: the window's start-up path must not pay for the ORM (issue 3).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brandoffice.model.account import Account
    from brandoffice.model.base import Base, new_uid, table_of
    from brandoffice.model.brand import (
        Brand,
        BrandCarrier,
        BrandInspection,
        BrandStatusChange,
        BrandYearPlan,
    )
    from brandoffice.model.campaign import (
        Campaign,
        Phase,
        ProgressEvidence,
        Task,
        TaskProgress,
        TaskTarget,
    )
    from brandoffice.model.campaign_records import (
        Benchmark,
        Commitment,
        DeedMaterial,
        DemoPointNote,
        DemoPointTarget,
        EvaluationCriterion,
        EvaluationPlan,
        EvaluationScore,
        FundEntry,
        GradeRecord,
        ModelDeed,
        PartySpiritReport,
        SecretaryReview,
        SecretaryReviewPoint,
        TrainingAttendance,
        TrainingSession,
    )
    from brandoffice.model.holiday import Holiday
    from brandoffice.model.org import LeadingGroupSeat, Member, Organisation
    from brandoffice.model.packet import PacketBaseline, PacketReceipt
    from brandoffice.model.records import (
        Attachment,
        AuditEntry,
        Commendation,
        ImportBatch,
        Pairing,
        PairingAction,
        Setting,
    )
    from brandoffice.model.review import ReviewCriterion, ReviewRound, ReviewScore

TABLE_MODULES = (
    "account",
    "base",
    "brand",
    "campaign",
    "campaign_records",
    "holiday",
    "org",
    "packet",
    "records",
    "review",
)

__all__ = [
    "Account",
    "Attachment",
    "AuditEntry",
    "Base",
    "Benchmark",
    "Brand",
    "BrandCarrier",
    "BrandInspection",
    "BrandStatusChange",
    "BrandYearPlan",
    "Campaign",
    "Commendation",
    "Commitment",
    "DeedMaterial",
    "DemoPointNote",
    "DemoPointTarget",
    "EvaluationCriterion",
    "EvaluationPlan",
    "EvaluationScore",
    "FundEntry",
    "GradeRecord",
    "Holiday",
    "ImportBatch",
    "LeadingGroupSeat",
    "Member",
    "ModelDeed",
    "Organisation",
    "PacketBaseline",
    "PacketReceipt",
    "Pairing",
    "PairingAction",
    "PartySpiritReport",
    "Phase",
    "ProgressEvidence",
    "ReviewCriterion",
    "ReviewRound",
    "ReviewScore",
    "SecretaryReview",
    "SecretaryReviewPoint",
    "Setting",
    "Task",
    "TaskProgress",
    "TaskTarget",
    "TrainingAttendance",
    "TrainingSession",
    "new_uid",
    "table_of",
]


def load_all() -> None:
    """Import every table module, so that the mappers can be configured."""
    names = set(__all__)
    for name in TABLE_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals().update({key: value for key, value in vars(module).items() if key in names})


def __getattr__(name: str) -> Any:
    if name in __all__:
        load_all()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
