"""Review rounds (评审): weighted criteria, reviewers' scores, totals, ranking and outcomes."""

from brandoffice.services.reviews.scoring import (
    DEFAULT_BRAND_CRITERIA,
    DEFAULT_CRITERIA,
    DEFAULT_ORG_CRITERIA,
    DEFAULT_THRESHOLDS,
    FIVE_GOODS,
    PROPOSE_NAMING,
    RETURN_TO_CULTIVATION,
    CriterionRow,
    CriterionSpec,
    GradeChange,
    RoundResults,
    RoundRow,
    ScoreRow,
    SubjectResult,
    criterion_mean,
    propose_outcome,
    rank_totals,
)
from brandoffice.services.reviews.service import ReviewService

__all__ = [
    "DEFAULT_BRAND_CRITERIA",
    "DEFAULT_CRITERIA",
    "DEFAULT_ORG_CRITERIA",
    "DEFAULT_THRESHOLDS",
    "FIVE_GOODS",
    "PROPOSE_NAMING",
    "RETURN_TO_CULTIVATION",
    "CriterionRow",
    "CriterionSpec",
    "GradeChange",
    "ReviewService",
    "RoundResults",
    "RoundRow",
    "ScoreRow",
    "SubjectResult",
    "criterion_mean",
    "propose_outcome",
    "rank_totals",
]
