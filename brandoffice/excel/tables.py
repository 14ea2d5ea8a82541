"""The tables the Excel code reads and writes, typed as Core tables, and a typed insert."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from brandoffice import model as m
from brandoffice.model import table_of


def insert_one(session: Session, table: Table, values: dict[str, Any]) -> int:
    """Insert one row and return its new id."""
    return int(session.execute(table.insert().values(**values).returning(table.c.id)).scalar_one())


ORG = table_of(m.Organisation)
MEMBER = table_of(m.Member)
SEAT = table_of(m.LeadingGroupSeat)
BRAND = table_of(m.Brand)
CARRIER = table_of(m.BrandCarrier)
HISTORY = table_of(m.BrandStatusChange)
INSPECTION = table_of(m.BrandInspection)
YEAR_PLAN = table_of(m.BrandYearPlan)
CAMPAIGN = table_of(m.Campaign)
PHASE = table_of(m.Phase)
TASK = table_of(m.Task)
TARGET = table_of(m.TaskTarget)
PROGRESS = table_of(m.TaskProgress)
EVIDENCE = table_of(m.ProgressEvidence)
COMMENDATION = table_of(m.Commendation)
PAIRING = table_of(m.Pairing)
SCORE = table_of(m.ReviewScore)
BATCH = table_of(m.ImportBatch)
EVAL_PLAN = table_of(m.EvaluationPlan)
EVAL_CRITERION = table_of(m.EvaluationCriterion)
EVAL_SCORE = table_of(m.EvaluationScore)
SPIRIT = table_of(m.PartySpiritReport)
COMMITMENT = table_of(m.Commitment)
SECRETARY = table_of(m.SecretaryReview)
POINT = table_of(m.SecretaryReviewPoint)
DEED = table_of(m.ModelDeed)
MATERIAL = table_of(m.DeedMaterial)
FUND = table_of(m.FundEntry)
TRAINING = table_of(m.TrainingSession)
ATTENDANCE = table_of(m.TrainingAttendance)
BENCHMARK = table_of(m.Benchmark)
GRADE = table_of(m.GradeRecord)
POINT_NOTE = table_of(m.DemoPointNote)
POINT_TARGET = table_of(m.DemoPointTarget)
