"""Small edges of services kept fully covered: a setting rewritten, a missing unit, empty rules."""

from __future__ import annotations

import pytest

from brandoffice.errors import ValidationError
from brandoffice.services.benchmarking import BenchmarkDraft, BenchmarkService
from brandoffice.services.context import AppContext
from brandoffice.services.evaluation_results import pick_candidates
from brandoffice.services.grades import GradePath
from brandoffice.services.settings import get_setting, set_setting


def test_a_setting_set_twice_keeps_the_last_value(ctx: AppContext) -> None:
    set_setting(ctx, "report.font", "simsun")
    set_setting(ctx, "report.font", "fangsong")
    assert get_setting(ctx, "report.font") == "fangsong"


def test_a_benchmark_of_a_missing_unit_names_the_unit(ctx: AppContext) -> None:
    draft = BenchmarkDraft(org_id=9999, year=2026, model_org_id=9998)
    with pytest.raises(ValidationError, match="组织（编号 9999）不存在") as info:
        BenchmarkService(ctx).create(draft)
    assert info.value.field == "org_id"


def test_candidates_need_a_count_of_one_or_more_or_a_score() -> None:
    with pytest.raises(ValidationError, match="至少一项") as info:
        pick_candidates([], top_n=None, threshold=None)
    assert info.value.field == "top_n"
    with pytest.raises(ValidationError, match="推荐人数至少为1"):
        pick_candidates([], top_n=0, threshold=None)


def test_one_year_of_grades_has_gained_nothing() -> None:
    assert GradePath(org_id=1, unit_name="光明社区党委", steps=((2026, "先进"),)).levels_gained == 0
