"""Check that every runtime dependency is installed at the floor pyproject.toml allows.

Run by scripts/test-lowest.sh in the lowest-versions venv: exits 1 naming each package
whose installed version is not its ``>=`` floor (the run would not test the floor).
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)")


def applies(requirement: str) -> bool:
    """Return whether a requirement's ``python_version`` marker holds for this Python."""
    marker = re.search(r"python_version\s*(<|>=)\s*'(\d+)\.(\d+)'", requirement)
    if marker is None:
        return True
    op, major, minor = marker.group(1), int(marker.group(2)), int(marker.group(3))
    here = sys.version_info[:2]
    return here < (major, minor) if op == "<" else here >= (major, minor)


def main() -> int:
    """Compare each floor with the installed version; print the table."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wrong = 0
    for requirement in project["project"]["dependencies"]:
        match = REQUIREMENT.match(requirement)
        if match is None or not applies(requirement):
            continue
        name, floor = match.groups()
        installed = metadata.version(name)
        same = [int(p) for p in re.findall(r"\d+", installed)] == [
            int(p) for p in re.findall(r"\d+", floor)
        ] + [0] * (len(re.findall(r"\d+", installed)) - len(re.findall(r"\d+", floor)))
        print(f"{name:22} floor {floor:10} installed {installed}")
        if not same:
            print(f"  {name} is not installed at its floor {floor}", file=sys.stderr)
            wrong += 1
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
