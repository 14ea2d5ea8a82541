"""The benchmark's one-line summary, its results file per release and the regression lines."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.bench import results
from tests.bench.__main__ import main
from tests.bench.cases import Case


def _case(name: str, goal: float | None = 1.5, unfair: str = "") -> Case:
    honest = (lambda: None) if unfair else None
    return Case(name, lambda: None, lambda: None, goal=goal, honest=honest, unfair=unfair)


def _runs() -> list[results.Measured]:
    return [
        results.Measured(_case("fast"), 0.010, 0.010),
        results.Measured(_case("slow"), 0.040, 0.010),
        results.Measured(_case("fair", unfair="skips checks"), 0.030, 0.010, 0.020),
        results.Measured(_case("no goal", goal=None), 0.020, 0.010),
    ]


def test_the_summary_names_the_mean_the_worst_case_and_how_many_miss() -> None:
    line = results.summary(_runs())
    mean = math.prod([1.0, 4.0, 1.5, 2.0]) ** 0.25
    assert line.startswith(f"summary: 4 cases, geometric mean ratio {mean:.2f}, worst 4.00")
    assert "“slow” (goal ≤ 1.5), 1 over goal" in line
    assert "\n" not in line
    assert results.summary([]) == "summary: no case ran"


def test_a_memory_case_is_judged_by_its_budget_and_left_out_of_the_mean() -> None:
    memory = Case("peak memory", lambda: None, lambda: None, goal=None, budget=150)
    over = results.Measured(memory, 276.0, 113.0)
    assert over.over and over.lines()[0].endswith("≤ floor + 150 MB  OVER")
    assert over.as_json()["within_goal"] is False
    assert not results.Measured(memory, 250.0, 113.0).over
    line = results.summary([*_runs(), over])
    mean = math.prod([1.0, 4.0, 1.5, 2.0]) ** 0.25
    assert line.startswith(f"summary: 5 cases, geometric mean ratio {mean:.2f}, worst 4.00")
    assert "2 over goal" in line


def test_an_unfair_floor_is_shown_with_the_honest_one_and_the_reason() -> None:
    fair = _runs()[2]
    assert fair.ratio == pytest.approx(3.0) and fair.judged == pytest.approx(1.5)
    bare, honest, reason = fair.lines()
    assert "3.00  (bare floor)" in bare
    assert "1.50  ≤ 1.5 (honest floor)" in honest and "OVER" not in honest
    assert reason.strip() == "the bare floor is unfair: skips checks"
    assert "OVER" in _runs()[1].lines()[0]


def test_results_are_kept_per_release_and_a_later_run_shows_what_got_slower(
    tmp_path: Path,
) -> None:
    measured = _runs()
    older = tmp_path / "0.9.0.json"
    results.save(older, measured, results.summary(measured), {"only": None}, "test", 1.0)
    document = json.loads(older.read_text(encoding="utf-8"))
    assert document["complete"] is True and document["summary"] == results.summary(measured)
    by_name = {c["name"]: c for c in document["cases"]}
    assert by_name["slow"]["within_goal"] is False and by_name["fast"]["within_goal"] is True
    assert by_name["fair"]["honest_ratio"] == 1.5 and by_name["fair"]["unfair"] == "skips checks"
    partial = tmp_path / "0.9.5.json"
    results.save(partial, measured[:1], "x", {"only": "fast"}, "test", 1.0)
    (tmp_path / "1.2.0.json").write_text('{"version": "1.2.0", "cases": []}')
    earlier = results.previous(tmp_path / "1.0.0.json")
    assert earlier is not None and earlier["version"] == document["version"]
    now = [
        results.Measured(_case("fast"), 0.012, 0.010),  # 1.2: slower by more than 10 %
        results.Measured(_case("slow"), 0.041, 0.010),  # 4.1: within 10 %
        results.Measured(_case("new"), 0.050, 0.010),  # not in the earlier release
    ]
    lines = results.against(now, earlier)
    assert lines[0] == f"slower than {earlier['version']}: fast 1.00 → 1.20"
    assert len(lines) == 2 and "1 case(s) slower by more than 10%" in lines[1]


def test_a_partial_run_is_not_saved_as_the_release_results() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--only", "brand", "--save"])
    assert exc.value.code == 2
