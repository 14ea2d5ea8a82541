"""The benchmark's results: lines of the table, the one-line summary, the file kept per release."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.cases import Case

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"


def default_path() -> Path:
    """Return ``tests/bench/results/<version>.json`` for this release."""
    from brandoffice import __version__

    return RESULTS / f"{__version__}.json"


@dataclass
class Measured:
    """A case's best times (seconds): its own, its bare floor's, its honest floor's."""

    case: Case
    time: float
    floor: float
    honest: float | None = None

    @property
    def memory(self) -> bool:
        """Tell whether this is a memory case (megabytes, judged by an additive budget)."""
        return self.case.budget is not None

    @property
    def ratio(self) -> float:
        """The ratio to the bare floor."""
        return self.time / self.floor if self.floor > 0 else float("inf")

    @property
    def honest_ratio(self) -> float | None:
        """The ratio to the honest floor, when the case has one."""
        if self.honest is None:
            return None
        return self.time / self.honest if self.honest > 0 else float("inf")

    @property
    def judged(self) -> float:
        """The ratio the goal applies to: the honest one when there is one."""
        honest = self.honest_ratio
        return self.ratio if honest is None else honest

    @property
    def over(self) -> bool:
        """Tell whether the case misses its goal."""
        if self.case.budget is not None:
            return self.time > self.floor + self.case.budget
        return self.case.goal is not None and self.judged > self.case.goal

    def lines(self) -> list[str]:
        """Return the table line, and for an unfair floor the honest floor's line."""
        if self.case.budget is not None:
            flag = "  OVER" if self.over else ""
            return [
                f"{self.case.name:44} {self.time:7.0f}MB {self.floor:7.0f}MB "
                f"{self.time - self.floor:+6.0f}  ≤ floor + {self.case.budget:.0f} MB{flag}"
            ]
        goal = f"≤ {self.case.goal}" if self.case.goal else ""
        flag = "  OVER" if self.over else ""
        name, t = self.case.name, self.time * 1000
        if self.honest is None:
            return [
                f"{name:44} {t:8.1f}ms {self.floor * 1000:8.1f}ms {self.ratio:6.2f}  {goal}{flag}"
            ]
        return [
            f"{name:44} {t:8.1f}ms {self.floor * 1000:8.1f}ms {self.ratio:6.2f}  (bare floor)",
            f"{'':44} {'':>10} {self.honest * 1000:8.1f}ms {self.judged:6.2f}  {goal}{flag}"
            " (honest floor)",
            f"{'':44} the bare floor is unfair: {self.case.unfair}",
        ]

    def as_json(self) -> dict[str, Any]:
        """Return the case's results for the saved file."""
        if self.case.budget is not None:
            return {
                "name": self.case.name,
                "peak_mb": round(self.time, 1),
                "floor_mb": round(self.floor, 1),
                "budget_mb": self.case.budget,
                "within_goal": not self.over,
            }
        return {
            "name": self.case.name,
            "time_ms": round(self.time * 1000, 3),
            "floor_ms": round(self.floor * 1000, 3),
            "ratio": round(self.ratio, 3),
            "honest_floor_ms": None if self.honest is None else round(self.honest * 1000, 3),
            "honest_ratio": None if self.honest_ratio is None else round(self.honest_ratio, 3),
            "unfair": self.case.unfair or None,
            "goal": self.case.goal,
            "within_goal": None if self.case.goal is None else not self.over,
        }


def summary(measured: list[Measured]) -> str:
    """Return the one-line summary: geometric mean ratio, the worst case, the cases over goal."""
    timed = [m for m in measured if not m.memory]
    if not timed:
        return "summary: no case ran" if not measured else f"summary: {len(measured)} memory cases"
    ratios = [m.judged for m in timed]
    worst = max(timed, key=lambda m: m.judged)
    over = sum(m.over for m in measured)
    goal = f" (goal ≤ {worst.case.goal})" if worst.case.goal else ""
    return (
        f"summary: {len(measured)} cases, geometric mean ratio "
        f"{statistics.geometric_mean(ratios):.2f}, worst {worst.judged:.2f} "
        f"“{worst.case.name}”{goal}, {over} over goal"
        + (
            " (ratios to the honest floor where a case has one)"
            if any(m.honest is not None for m in measured)
            else ""
        )
    )


def machine() -> dict[str, Any]:
    """Describe the machine the benchmark ran on."""
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        memory = round(pages * size / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return {
        "system": platform.platform(),
        "python": sys.version.split()[0],
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "memory_gib": memory,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def save(
    path: Path,
    measured: list[Measured],
    line: str,
    options: dict[str, Any],
    data_set: str,
    seconds: float,
) -> None:
    """Write the run's results as JSON (one file per release, kept in the repository)."""
    from brandoffice import __version__

    document = {
        "version": __version__,
        "commit": _commit(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": options,
        "complete": not options.get("only"),
        "data_set": data_set,
        "run_seconds": round(seconds, 1),
        "summary": line,
        "geometric_mean_ratio": round(
            statistics.geometric_mean([m.judged for m in measured if not m.memory]), 3
        )
        if any(not m.memory for m in measured)
        else None,
        "cases": [m.as_json() for m in measured],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _version_key(path: Path) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in path.stem.split("."))
    except ValueError:
        return ()


def previous(path: Path) -> dict[str, Any] | None:
    """Return the newest complete results file of an earlier release than ``path``, if any."""
    mine = _version_key(path)
    older = [
        p
        for p in path.parent.glob("*.json")
        if p != path and _version_key(p) and (not mine or _version_key(p) < mine)
    ]
    for candidate in sorted(older, key=_version_key, reverse=True):
        document: dict[str, Any] = json.loads(candidate.read_text(encoding="utf-8"))
        if document.get("complete", True):
            return document
    return None


REGRESSION = 1.1
"""A case whose ratio grew by more than this factor since the last release is shown."""


def against(measured: list[Measured], earlier: dict[str, Any]) -> list[str]:
    """Return lines comparing this run with an earlier release's results: what got slower."""
    before = {
        c["name"]: c["ratio"] if c.get("honest_ratio") is None else c["honest_ratio"]
        for c in earlier.get("cases", [])
        if "ratio" in c
    }
    measured = [m for m in measured if not m.memory]
    lines = [
        f"slower than {earlier['version']}: {m.case.name} {before[m.case.name]:.2f} → "
        f"{m.judged:.2f}"
        for m in measured
        if m.case.name in before and m.judged > before[m.case.name] * REGRESSION
    ]
    mean = earlier.get("geometric_mean_ratio")
    if measured and mean:
        now = statistics.geometric_mean([m.judged for m in measured])
        lines.append(
            f"against {earlier['version']}: geometric mean ratio {mean:.2f} → {now:.2f}, "
            f"{len(lines)} case(s) slower by more than {REGRESSION - 1:.0%}"
        )
    return lines
