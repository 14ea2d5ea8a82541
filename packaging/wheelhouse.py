"""Download every wheel the Windows build needs (win_amd64, CPython 3.12), exactly as locked.

Usage::

    python packaging/wheelhouse.py --dry-run     # print the pip command and the locked pins
    python packaging/wheelhouse.py --resolve     # name the wheel each pin gets (no download)
    python packaging/wheelhouse.py               # download into ./wheelhouse/

``packaging/windows/requirements.lock`` pins every project the build installs (the runtime
dependencies, the ``postgres`` and ``build`` extras and everything they need on Windows) to
one version with its sha256 hashes; uv compiled it for Windows and Python 3.12
(``bash packaging/lock.sh`` regenerates it). pip downloads exactly those files:
``--require-hashes`` refuses any other, and ``--no-deps`` because the lock is complete
(pip would evaluate the dependencies' markers for this computer, not for Windows).

Only the standard library is imported, so any Python 3.11+ with pip runs this script.
The wheelhouse gets the lock as ``requirements.txt``; on the build PC
``packaging/windows/build.ps1`` installs from it offline, hashes checked.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "packaging" / "windows" / "requirements.lock"
# pip asks the index one project at a time; a few pips side by side make --resolve quick.
RESOLVE_JOBS = 6
# Fail fast when the index cannot be reached, whatever PIP_DEFAULT_TIMEOUT says.
NETWORK_OPTIONS = ("--timeout", "15", "--retries", "1")


@dataclass(frozen=True)
class Target:
    """The platform the wheels are for."""

    platform: str
    python_version: str
    implementation: str = "cp"

    def pip_options(self) -> list[str]:
        """Return pip's options that pick wheels for this target."""
        return [
            "--only-binary=:all:",
            "--platform",
            self.platform,
            "--python-version",
            self.python_version,
            "--implementation",
            self.implementation,
        ]


WINDOWS = Target("win_amd64", "3.12")


@dataclass(frozen=True)
class Pin:
    """One locked requirement: a project, its exact version and the hashes allowed."""

    name: str
    version: str
    hashes: tuple[str, ...]

    def line(self) -> str:
        """Return the pin as a requirements-file line pip accepts with --require-hashes."""
        return " ".join([f"{self.name}=={self.version}", *(f"--hash={h}" for h in self.hashes)])


class LockError(Exception):
    """The lock file cannot be read, or pip could not resolve it."""


class IndexUnreachableError(LockError):
    """pip could not reach the package index."""


# What pip prints when the connection, not the lock, is at fault.
NETWORK_FAILURES = (
    "NewConnectionError",
    "ProxyError",
    "ConnectTimeout",
    "ReadTimeout",
    "Failed to establish",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Could not fetch URL",
)


def read_lock(path: Path = LOCK) -> list[Pin]:
    """Return the pins of a hashed requirements file, as uv or pip-compile write them."""
    pins = []
    logical, start = "", 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not logical:
            start = number
        if raw.endswith("\\"):  # continued on the next line
            logical += raw[:-1] + " "
            continue
        line = (logical + raw).split(" #", 1)[0].strip()
        logical = ""
        if not line or line.startswith("#"):
            continue
        requirement, *options = line.split()
        name, sep, version = requirement.partition("==")
        hashes = tuple(w.removeprefix("--hash=") for w in options if w.startswith("--hash="))
        if not sep or not version or ";" in line or not hashes:
            raise LockError(f"{path.name}, line {start}: not an exact pin with hashes: {line}")
        pins.append(Pin(name.lower(), version, hashes))
    if not pins:
        raise LockError(f"{path.name} pins nothing")
    return pins


def pip_download_command(target: Target, dest: Path, lock: Path = LOCK) -> list[str]:
    """Return the pip command that downloads the locked wheels into ``dest``."""
    return [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--require-hashes",
        "--no-deps",
        *target.pip_options(),
        "-d",
        str(dest),
        "-r",
        str(lock),
    ]


def _pip_report_command(target: Target, requirements: Path, report: Path) -> list[str]:
    # `pip install --dry-run --report` picks the files as `pip download` would, reading only
    # the index pages and wheel metadata. Requires-Python is checked against the target by
    # the wheel choice; the install step would check it against this interpreter, so skip that.
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--quiet",
        "--ignore-installed",
        "--ignore-requires-python",
        "--target",
        str(report.parent / "never-written"),
        "--report",
        str(report),
        "--require-hashes",
        "--no-deps",
        *NETWORK_OPTIONS,
        *target.pip_options(),
        "-r",
        str(requirements),
    ]


def _resolve_chunk(target: Target, pins: Sequence[Pin], folder: Path) -> dict[str, str]:
    requirements = folder / "requirements.txt"
    requirements.write_text("".join(pin.line() + "\n" for pin in pins), encoding="utf-8")
    report = folder / "report.json"
    result = subprocess.run(
        _pip_report_command(target, requirements, report),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
        message = "\n".join(errors[-5:]) or result.stderr.strip()[-1000:]
        if any(failure in result.stderr for failure in NETWORK_FAILURES):
            raise IndexUnreachableError(f"the package index cannot be reached:\n{message}")
        raise LockError(message)
    chosen = {}
    for item in json.loads(report.read_text(encoding="utf-8"))["install"]:
        info = item["download_info"]
        filename = info["url"].rsplit("/", 1)[-1]
        chosen[filename] = info.get("archive_info", {}).get("hashes", {}).get("sha256", "")
    return chosen


def resolve(target: Target = WINDOWS, lock: Path = LOCK, jobs: int = RESOLVE_JOBS) -> list[str]:
    """Return ``filename sha256`` of the wheel pip would download for each pin, sorted.

    Raises:
        IndexUnreachableError: pip could not reach the package index.
        LockError: pip failed (e.g. a pin without a wheel for the target), or a wheel's
            hash is not among its pin's hashes.
    """
    pins = read_lock(lock)
    chunks = [pins[start::jobs] for start in range(jobs) if pins[start::jobs]]
    with tempfile.TemporaryDirectory(prefix="wheelhouse-") as tmp:
        folders = [Path(tmp, str(n)) for n in range(len(chunks))]
        for folder in folders:
            folder.mkdir()
        with ThreadPoolExecutor(len(chunks)) as pool:
            results = list(pool.map(lambda c, f: _resolve_chunk(target, c, f), chunks, folders))
    chosen = {name: digest for result in results for name, digest in result.items()}
    allowed = {h.removeprefix("sha256:") for pin in pins for h in pin.hashes}
    unknown = sorted(name for name, digest in chosen.items() if digest not in allowed)
    if unknown:
        raise LockError(f"wheels whose hash the lock does not list: {', '.join(unknown)}")
    if len(chosen) != len(pins):
        raise LockError(f"{len(pins)} pins but {len(chosen)} wheels: {sorted(chosen)}")
    return sorted(f"{name} {digest}" for name, digest in chosen.items())


def download(target: Target, dest: Path, lock: Path = LOCK) -> int:
    """Download the locked wheels into ``dest`` and put the lock beside them."""
    dest.mkdir(parents=True, exist_ok=True)
    command = pip_download_command(target, dest, lock)
    print("+", shlex.join(command), flush=True)
    status = subprocess.call(command)
    if status:
        return status
    shutil.copyfile(lock, dest / "requirements.txt")
    wheels = sorted(dest.glob("*.whl"))
    print(f"{len(wheels)} wheels in {dest} for {target.platform}, CPython {target.python_version}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Print, resolve or run the wheelhouse download."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--dry-run", action="store_true", help="print, download nothing")
    action.add_argument("--resolve", action="store_true", help="name each wheel, download nothing")
    parser.add_argument("--dest", type=Path, default=ROOT / "wheelhouse")
    parser.add_argument("--lock", type=Path, default=LOCK, help="the hashed requirements file")
    args = parser.parse_args(argv)
    try:
        pins = read_lock(args.lock)
        if args.dry_run:
            print(f"# {len(pins)} pins for {WINDOWS.platform}, CPython {WINDOWS.python_version}:")
            for pin in pins:
                print(pin.line())
            print("# command:")
            print(shlex.join(pip_download_command(WINDOWS, args.dest, args.lock)))
            return 0
        if args.resolve:
            for line in resolve(WINDOWS, args.lock):
                print(line)
            return 0
    except LockError as error:
        print(f"wheelhouse: {error}", file=sys.stderr)
        return 1
    return download(WINDOWS, args.dest, args.lock)


if __name__ == "__main__":
    sys.exit(main())
