"""The data model: every table of the domain, on one declarative base."""

from brandoffice.model.base import Base, table_of
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
from brandoffice.model.org import LeadingGroupSeat, Member, Organisation
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

__all__ = [
    "Attachment",
    "AuditEntry",
    "Base",
    "Brand",
    "BrandCarrier",
    "BrandInspection",
    "BrandStatusChange",
    "BrandYearPlan",
    "Campaign",
    "Commendation",
    "ImportBatch",
    "LeadingGroupSeat",
    "Member",
    "Organisation",
    "Pairing",
    "PairingAction",
    "Phase",
    "ProgressEvidence",
    "ReviewCriterion",
    "ReviewRound",
    "ReviewScore",
    "Setting",
    "Task",
    "TaskProgress",
    "TaskTarget",
    "table_of",
]
