"""The campaign-record kinds' planners, appliers and exporters, by CLI name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from brandoffice.excel import (
    eval_sheet,
    funds_sheet,
    secretary_sheet,
    spirit_sheet,
    subject_sheets,
    training_sheet,
    unit_year_sheets,
)

Exporter = Callable[[Session, bool], list[dict[str, Any]]]

RECORD_HANDLERS: dict[str, tuple[Callable[..., Any], Callable[..., None]]] = {
    "evaluation": (eval_sheet.plan, eval_sheet.apply),
    "spirit-reports": (spirit_sheet.plan, spirit_sheet.apply),
    "commitments": (subject_sheets.plan_commitments, subject_sheets.apply),
    "secretary-reviews": (secretary_sheet.plan, secretary_sheet.apply),
    "deeds": (subject_sheets.plan_deeds, subject_sheets.apply),
    "funds": (funds_sheet.plan, funds_sheet.apply),
    "training": (training_sheet.plan, training_sheet.apply),
    "benchmarks": (unit_year_sheets.plan_benchmarks, unit_year_sheets.apply_benchmarks),
    "grades": (unit_year_sheets.plan_grades, unit_year_sheets.apply_grades),
}
"""Kind → (planner, applier), as :data:`brandoffice.excel.importer.HANDLERS` takes them."""

RECORD_EXPORTERS: dict[str, Exporter] = {
    "evaluation": eval_sheet.export,
    "spirit-reports": spirit_sheet.export,
    "commitments": subject_sheets.export_commitments,
    "secretary-reviews": secretary_sheet.export,
    "deeds": subject_sheets.export_deeds,
    "funds": funds_sheet.export,
    "training": training_sheet.export,
    "benchmarks": unit_year_sheets.export_benchmarks,
    "grades": unit_year_sheets.export_grades,
}

MEMBER_KINDS = ("evaluation", "spirit-reports", "commitments", "deeds", "training")
"""Kinds whose export names members: ``--reveal`` adds their ID numbers."""
