"""Download every wheel a Windows (win_amd64, CPython 3.11) build of BrandOffice needs.

Usage::

    python packaging/wheelhouse.py --dry-run     # print the pip command(s) and requirements
    python packaging/wheelhouse.py               # download into ./wheelhouse/
    python packaging/wheelhouse.py --platform manylinux_2_28_x86_64 --dest wheelhouse-linux

The requirements come from pyproject.toml: the runtime dependencies plus the
``postgres`` and ``build`` extras (psycopg for a district server, PyInstaller).

pip evaluates environment markers against the interpreter running it, not the
``--platform`` asked for: run on Linux, it would skip Windows-only dependencies
(PyInstaller's ``pefile`` and ``pywin32-ctypes``, psycopg's ``tzdata``), and run by
Python 3.12 it would pick the PySide6 line meant for 3.12. So this script evaluates the
markers itself for the target and hands pip plain requirements; after downloading, it
reads each wheel's metadata, evaluates its ``Requires-Dist`` markers for the target
and downloads whatever is missing, until nothing is.

The wheelhouse gets a ``requirements.txt``; on the build PC,
``pip install --no-index --find-links wheelhouse -r wheelhouse/requirements.txt``
(``packaging/windows/build.ps1`` does it).
"""

from __future__ import annotations

import argparse
import email.parser
import re
import shlex
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
EXTRAS = ("postgres", "build")
MAX_ROUNDS = 5


@dataclass(frozen=True)
class Target:
    """The platform the wheels are for, and its environment-marker values."""

    platform: str
    python_version: str
    implementation: str = "cp"

    def environment(self, extra: str = "") -> dict[str, str]:
        """Return the PEP 508 marker environment of this target."""
        windows = self.platform.startswith("win")
        version = self.python_version
        return {
            "os_name": "nt" if windows else "posix",
            "sys_platform": "win32" if windows else "linux",
            "platform_system": "Windows" if windows else "Linux",
            "platform_machine": "AMD64" if windows else "x86_64",
            "platform_release": "10" if windows else "",
            "platform_version": "",
            "platform_python_implementation": "CPython",
            "implementation_name": "cpython",
            "implementation_version": f"{version}.0",
            "python_version": version,
            "python_full_version": f"{version}.0",
            "extra": extra,
        }


WINDOWS = Target("win_amd64", "3.11")


def project_requirements(pyproject: Path = PYPROJECT, extras: Sequence[str] = EXTRAS) -> list[str]:
    """Return the dependency strings of pyproject.toml plus the given extras."""
    with open(pyproject, "rb") as handle:
        project = tomllib.load(handle)["project"]
    found = list(project["dependencies"])
    optional = project.get("optional-dependencies", {})
    for extra in extras:
        if extra not in optional:
            raise SystemExit(f"pyproject.toml has no optional dependency group {extra!r}")
        found += optional[extra]
    return found


def resolve_for(requirements: Iterable[str], target: Target) -> list[str]:
    """Keep the requirements whose markers hold on ``target``, without their markers."""
    kept: dict[str, Requirement] = {}
    for text in requirements:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate(target.environment()):
            continue
        req.marker = None
        key = canonical(req.name)
        if key in kept:  # the same project twice (e.g. a runtime dependency and an extra)
            merged = kept[key]
            merged.extras |= req.extras
            merged.specifier &= req.specifier
        else:
            kept[key] = req
    return [str(req) for req in kept.values()]


def canonical(name: str) -> str:
    """Return a project name normalised as PEP 503 does."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_command(target: Target, dest: Path, requirements_file: Path) -> list[str]:
    """Return the pip download command for a requirements file."""
    return [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--only-binary=:all:",
        "--platform",
        target.platform,
        "--python-version",
        target.python_version,
        "--implementation",
        target.implementation,
        "-d",
        str(dest),
        "-r",
        str(requirements_file),
    ]


def missing_dependencies(dest: Path, target: Target, wanted: Iterable[str]) -> list[str]:
    """Return the dependencies the wheels in ``dest`` need on ``target`` but that are absent.

    Args:
        dest: The wheelhouse folder.
        target: The platform whose markers are evaluated.
        wanted: The requirements asked for, so that their extras count.
    """
    extras: dict[str, set[str]] = {}
    for text in wanted:
        req = Requirement(text)
        extras.setdefault(canonical(req.name), set()).update(req.extras)
    metadata = [_wheel_metadata(wheel) for wheel in sorted(dest.glob("*.whl"))]
    present = {canonical(meta["Name"]) for meta in metadata}
    missing: dict[str, str] = {}
    changed = True
    while changed:  # extras of a dependency can ask for more extras
        changed = False
        for meta in metadata:
            asked = extras.get(canonical(meta["Name"]), set()) | {""}
            for text in meta.get_all("Requires-Dist") or []:
                req = Requirement(text)
                marker: Marker | None = req.marker
                if marker is not None and not any(
                    marker.evaluate(target.environment(extra)) for extra in asked
                ):
                    continue
                key = canonical(req.name)
                if req.extras - extras.get(key, set()):
                    extras.setdefault(key, set()).update(req.extras)
                    changed = True
                if key not in present:
                    req.marker = None
                    missing[key] = str(req)
    return sorted(missing.values())


def _wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def download(target: Target, dest: Path, requirements: list[str]) -> int:
    """Download ``requirements`` and everything they need on ``target`` into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "requirements.txt").write_text("\n".join(requirements) + "\n", encoding="utf-8")
    wanted = list(requirements)
    batch = list(requirements)
    for round_number in range(1, MAX_ROUNDS + 1):
        request = dest / (
            "requirements.txt" if round_number == 1 else f"requirements-round{round_number}.txt"
        )
        request.write_text("\n".join(batch) + "\n", encoding="utf-8")
        command = pip_command(target, dest, request)
        print("+", shlex.join(command), flush=True)
        status = subprocess.call(command)
        if round_number > 1:
            request.unlink()
        if status:
            return status
        batch = missing_dependencies(dest, target, wanted)
        if not batch:
            break
        print(f"also needed on {target.platform}: {', '.join(batch)}", flush=True)
        wanted += batch
    else:
        print(f"dependencies still missing after {MAX_ROUNDS} rounds: {batch}", file=sys.stderr)
        return 1
    wheels = sorted(dest.glob("*.whl"))
    print(f"{len(wheels)} wheels in {dest} for {target.platform}, CPython {target.python_version}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Print or run the wheelhouse download."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print, download nothing")
    parser.add_argument("--platform", default=WINDOWS.platform)
    parser.add_argument("--python-version", default=WINDOWS.python_version)
    parser.add_argument("--dest", type=Path, default=ROOT / "wheelhouse")
    parser.add_argument("--extra", action="append", help=f"extras to add (default {EXTRAS})")
    args = parser.parse_args(argv)
    target = Target(args.platform, args.python_version)
    requirements = resolve_for(project_requirements(extras=args.extra or EXTRAS), target)
    if args.dry_run:
        print(f"# requirements for {target.platform}, CPython {target.python_version}:")
        for line in requirements:
            print(line)
        print("# command (then again for dependencies whose markers pip evaluated for this host):")
        print(shlex.join(pip_command(target, args.dest, args.dest / "requirements.txt")))
        return 0
    return download(target, args.dest, requirements)


if __name__ == "__main__":
    sys.exit(main())
