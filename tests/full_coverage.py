"""After the core tests: the modules that must stay fully covered still are.

Usage: ``python -m tests.full_coverage DATAFILE``. The modules are listed (as globs from the
project root) under ``[tool.brandoffice] fully-covered`` in pyproject.toml: the record-kind
registry, import undo and the services whose every line a test runs today. Exit 1 names each
module with the lines no test ran, each glob that matches nothing and each module never
measured (a module no core test imports is not covered either).
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

from coverage import Coverage

ROOT = Path(__file__).resolve().parents[1]


def listed_globs(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """Return the globs of the modules that must stay fully covered."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return list(config["tool"]["brandoffice"]["fully-covered"])


def problems(data_file: Path, globs: Iterable[str], root: Path = ROOT) -> list[str]:
    """Return one line per module below full coverage, glob matching nothing, module unmeasured."""
    cov = Coverage(data_file=str(data_file), config_file=False)
    cov.load()
    measured = {str(Path(f).resolve()) for f in cov.get_data().measured_files()}
    found: list[str] = []
    for pattern in globs:
        paths = sorted(root.glob(pattern))
        if not paths:
            found.append(f"{pattern}: no such module")
        for path in paths:
            name = path.relative_to(root).as_posix()
            if str(path.resolve()) not in measured:
                found.append(f"{name}: not measured (no core test runs it)")
                continue
            _name, _statements, _excluded, _missing, missing_text = cov.analysis2(str(path))
            if missing_text:
                found.append(f"{name}: lines {missing_text} not run by any test")
    return found


def main(argv: list[str]) -> int:
    """Check the data file named on the command line; print what is below full coverage."""
    if len(argv) != 1:
        print("usage: python -m tests.full_coverage DATAFILE", file=sys.stderr)
        return 2
    found = problems(Path(argv[0]), listed_globs())
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(
            "These modules must stay fully covered (pyproject [tool.brandoffice]).", file=sys.stderr
        )
        return 1
    print("fully covered: every module listed in [tool.brandoffice] fully-covered")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
