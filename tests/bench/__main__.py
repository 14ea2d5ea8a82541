"""Run the benchmarks and print each time with its ratio to a floor measured in this run."""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.bench import cases
from tests.bench.district import build_district

MIN_SPAN_S = 0.5
"""Quick cases keep taking turns with their floor for at least this long."""
MAX_ROUNDS = 100
QUICK_S = 0.05
"""A case faster than this runs in blocks of BLOCK (warm caches), a slower one alone."""
BLOCK = 5


def _seconds(fn: Callable[[], object], self_timed: bool) -> float:
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    return float(result) if self_timed else elapsed  # type: ignore[arg-type]


def best_pair(case: cases.Case, repeat: int) -> tuple[float, float]:
    """Return the fastest run of a case and of its floor, in seconds.

    The two take turns, a block of runs each, for at least ``repeat`` rounds and,
    for quick cases, at least :data:`MIN_SPAN_S`: the speed of this virtual
    machine drifts by a factor of two or more for seconds at a time, and taking
    turns puts both sides in the same spells. Within a block the caches stay warm,
    as in a burst of keystrokes. With ``self_timed`` the functions return the
    seconds to count themselves (and warm up on their own).
    """
    block = 1
    if not case.self_timed:
        first = _seconds(case.run, False)  # untimed: caches, lazy imports
        case.floor()
        block = BLOCK if first < QUICK_S else 1
    runs: list[float] = []
    floors: list[float] = []
    began = time.perf_counter()
    rounds = 0
    while rounds < repeat or (
        block > 1 and time.perf_counter() - began < MIN_SPAN_S and rounds < MAX_ROUNDS
    ):
        runs += [_seconds(case.run, case.self_timed) for _ in range(block)]
        floors += [_seconds(case.floor, case.self_timed) for _ in range(block)]
        rounds += 1
    return min(runs), min(floors)


def crash_run(rounds: int) -> None:
    """Kill a writer process with SIGKILL ``rounds`` times and check nothing is lost."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "BRANDOFFICE_CRASH_ROUNDS": str(rounds)}
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/core/safety/test_crash.py",
        ],
        env=env,
        check=False,
    )
    verdict = "passed" if result.returncode == 0 else "FAILED"
    print(f"crash test, {rounds} SIGKILL rounds: {verdict} in {time.perf_counter() - start:.0f} s")


def main(argv: list[str] | None = None) -> int:
    """Build the data set, run every case and print a table of ratios."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = full district size")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", help="run the cases whose name contains this text")
    parser.add_argument(
        "--crash-rounds",
        type=int,
        default=0,
        metavar="N",
        help="also run the SIGKILL crash test with N rounds (1000 for a release)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        metavar="DIR",
        help="keep the data set in DIR and reuse it when it is already there",
    )
    args = parser.parse_args(argv)
    if args.crash_rounds:
        crash_run(args.crash_rounds)
    work = args.work or Path(tempfile.mkdtemp(prefix="bo_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if (work / "district.sqlite3").exists():
        from brandoffice.app import open_context

        ctx = open_context(str(work / "district.sqlite3"))
        print(f"district data set reused from {work} (built at its own scale)")
    else:
        ctx = build_district(work / "district.sqlite3", scale=args.scale)
        print(
            f"district data set built in {time.perf_counter() - start:.1f} s at scale {args.scale}"
        )
    raw = sqlite3.connect(str(ctx.db.path))
    ratios = []
    print(f"{'case':44} {'time':>9} {'floor':>9} {'ratio':>6}  goal")
    for case in cases.all_cases(ctx, raw, work, args.scale):
        if args.only and args.only not in case.name:
            continue
        t, f = best_pair(case, args.repeat)
        if case.budget is not None:  # megabytes, an additive goal; not in the mean
            flag = "  OVER" if t > f + case.budget else ""
            print(
                f"{case.name:44} {t:7.0f}MB {f:7.0f}MB {t - f:+6.0f}"
                f"  ≤ floor + {case.budget:.0f} MB{flag}"
            )
            continue
        ratio = t / f if f > 0 else float("inf")
        ratios.append(ratio)
        goal = f"≤ {case.goal}" if case.goal else ""
        flag = "  OVER" if case.goal and ratio > case.goal else ""
        print(f"{case.name:44} {t * 1000:8.1f}ms {f * 1000:8.1f}ms {ratio:6.2f}  {goal}{flag}")
    if ratios:
        print(f"geometric mean ratio {statistics.geometric_mean(ratios):.2f}")
    raw.close()
    ctx.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
