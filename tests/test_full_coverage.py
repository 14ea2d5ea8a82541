"""The fully-covered check finds a missed line, an unmeasured module and a stale glob."""

from __future__ import annotations

from pathlib import Path

from coverage import CoverageData

from tests.full_coverage import ROOT, listed_globs, problems

MODULE = "def f(x):\n    if x:\n        return 1\n    return 2\n"


def _measure(root: Path, lines: set[int]) -> Path:
    """Write a coverage data file as if a test had run ``lines`` of pkg/mod.py.

    The data is written, not traced: a second tracer inside the suite's measured run
    would stop the suite's own measuring.
    """
    (root / "pkg").mkdir()
    (root / "pkg" / "mod.py").write_text(MODULE, encoding="utf-8")
    (root / "pkg" / "other.py").write_text("VALUE = 1\n", encoding="utf-8")
    data = CoverageData(basename=str(root / ".coverage"))
    data.add_lines({str(root / "pkg" / "mod.py"): lines})
    data.write()
    return root / ".coverage"


def test_a_missed_line_is_named(tmp_path: Path) -> None:
    data = _measure(tmp_path, {1, 2, 3})
    assert problems(data, ["pkg/mod.py"], tmp_path) == ["pkg/mod.py: lines 4 not run by any test"]


def test_every_line_run_passes(tmp_path: Path) -> None:
    data = _measure(tmp_path, {1, 2, 3, 4})
    assert problems(data, ["pkg/mod.py"], tmp_path) == []


def test_unmeasured_modules_and_stale_globs_fail(tmp_path: Path) -> None:
    data = _measure(tmp_path, {1, 2, 3, 4})
    assert problems(data, ["pkg/other.py", "pkg/gone_*.py"], tmp_path) == [
        "pkg/other.py: not measured (no core test runs it)",
        "pkg/gone_*.py: no such module",
    ]


def test_the_list_names_the_registry_undo_and_services() -> None:
    globs = listed_globs()
    assert "brandoffice/kinds/*.py" in globs
    assert any(g.startswith("brandoffice/excel/undo") for g in globs)
    assert sum(g.startswith("brandoffice/services/") for g in globs) >= 10
    for pattern in globs:
        assert list(ROOT.glob(pattern)), pattern
