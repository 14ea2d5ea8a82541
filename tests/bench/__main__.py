"""Run the benchmarks and print each time with its ratio to a floor measured in this run."""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.bench import cases, results
from tests.bench.district import build_district
from tests.bench.results import ROOT

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


def best_times(case: cases.Case, repeat: int) -> list[float]:
    """Return the fastest run of a case, of its floor and of its honest floor, in seconds.

    They take turns, a block of runs each, for at least ``repeat`` rounds and,
    for quick cases, at least :data:`MIN_SPAN_S`: the speed of this virtual
    machine drifts by a factor of two or more for seconds at a time, and taking
    turns puts every side in the same spells. Within a block the caches stay warm,
    as in a burst of keystrokes. With ``self_timed`` the functions return the
    seconds to count themselves (and warm up on their own). The list has two
    times, or three when the case has an honest floor.
    """
    sides = [case.run, case.floor] + ([case.honest] if case.honest else [])
    block = 1
    if not case.self_timed:
        first = _seconds(case.run, False)  # untimed: caches, lazy imports
        for side in sides[1:]:
            side()
        block = BLOCK if first < QUICK_S else 1
    times: list[list[float]] = [[] for _ in sides]
    began = time.perf_counter()
    rounds = 0
    while rounds < repeat or (
        block > 1 and time.perf_counter() - began < MIN_SPAN_S and rounds < MAX_ROUNDS
    ):
        for side, runs in zip(sides, times, strict=True):
            runs += [_seconds(side, case.self_timed) for _ in range(block)]
        rounds += 1
    return [min(runs) for runs in times]


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
    """Build the data set, run every case and print a table of ratios and a summary."""
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
    parser.add_argument(
        "--save",
        nargs="?",
        type=Path,
        const=results.default_path(),
        metavar="FILE",
        help=f"write the results as JSON (default {results.default_path().relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    if args.only and args.save == results.default_path():
        parser.error("a partial run (--only) is not the release's results: give --save FILE")
    began = time.perf_counter()
    if args.crash_rounds:
        crash_run(args.crash_rounds)
    work = args.work or Path(tempfile.mkdtemp(prefix="bo_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if (work / "district.sqlite3").exists():
        from brandoffice.app import open_context

        ctx = open_context(str(work / "district.sqlite3"))
        data_set = f"reused from {work} (built at its own scale)"
    else:
        ctx = build_district(work / "district.sqlite3", scale=args.scale)
        data_set = f"built in {time.perf_counter() - start:.1f} s at scale {args.scale}"
    print(f"district data set {data_set}")
    raw = sqlite3.connect(str(ctx.db.path))
    measured: list[results.Measured] = []
    print(f"{'case':44} {'time':>9} {'floor':>9} {'ratio':>6}  goal")
    for case in cases.all_cases(ctx, raw, work, args.scale):
        if args.only and args.only not in case.name:
            continue
        one = results.Measured(case, *best_times(case, args.repeat))
        measured.append(one)
        for line in one.lines():
            print(line)
    summary = results.summary(measured)
    print(summary)
    earlier = results.previous(args.save or results.default_path())
    if earlier is not None:
        for line in results.against(measured, earlier):
            print(line)
    raw.close()
    ctx.db.dispose()
    seconds = time.perf_counter() - began
    print(f"benchmark run took {seconds:.0f} s")
    if args.save:
        options = {"scale": args.scale, "repeat": args.repeat, "only": args.only}
        results.save(args.save, measured, summary, options, data_set, seconds)
        print(f"results written to {args.save}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
