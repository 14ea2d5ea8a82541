"""The offline wheelhouse script: dry run for win_amd64, and the marker closure on fake wheels."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet


@pytest.fixture(scope="module")
def wheelhouse(root: Path) -> ModuleType:
    path = root / "packaging" / "wheelhouse.py"
    spec = importlib.util.spec_from_file_location("wheelhouse", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["wheelhouse"] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def test_dry_run_prints_a_win_amd64_download_of_every_dependency(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(root / "packaging/wheelhouse.py"), "--dry-run"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    (command,) = [line for line in lines if " pip download " in line]
    for option in ("--platform win_amd64", "--python-version 3.11", "--only-binary=:all:"):
        assert option in command
    assert "--implementation cp" in command
    listed = {
        _canonical(Requirement(line).name): Requirement(line)
        for line in lines
        if line and not line.startswith("#") and " pip download " not in line
    }
    with open(root / "pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["build"]
    for text in wanted:
        assert _canonical(Requirement(text).name) in listed, text
    assert "pyinstaller" in listed and "psycopg" in listed
    # Python 3.11 on Windows gets the PySide6 line below 6.12 and nothing of PySide6-Pdf.
    assert not listed["pyside6-essentials"].specifier.contains("6.12.0")
    assert listed["pyside6-essentials"].specifier.contains("6.11.3")
    assert not any(name in listed for name in ("pyside6-pdf", "pyside6-addons", "pyside6"))


def _fake_wheel(folder: Path, name: str, requires: list[str]) -> None:
    metadata = "\n".join(
        ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0"]
        + [f"Requires-Dist: {r}" for r in requires]
    )
    with zipfile.ZipFile(folder / f"{name}-1.0-py3-none-any.whl", "w") as archive:
        archive.writestr(f"{name}-1.0.dist-info/METADATA", metadata + "\n")


def test_missing_dependencies_evaluates_markers_for_windows(
    wheelhouse: ModuleType, tmp_path: Path
) -> None:
    _fake_wheel(tmp_path, "pyinstaller", ['pefile>=2022; sys_platform == "win32"', "altgraph"])
    _fake_wheel(tmp_path, "altgraph", ['macholib; sys_platform == "darwin"'])
    _fake_wheel(
        tmp_path, "psycopg", ['psycopg-binary==1.0; extra == "binary"', "tzdata; os_name == 'nt'"]
    )
    missing = wheelhouse.missing_dependencies(
        tmp_path, wheelhouse.WINDOWS, ["pyinstaller", "psycopg[binary]"]
    )
    assert missing == ["pefile>=2022", "psycopg-binary==1.0", "tzdata"]


def test_markers_are_resolved_for_the_target_not_the_host(wheelhouse: ModuleType) -> None:
    reqs = [
        "PySide6-Essentials>=6.8,<6.12; python_version < '3.12'",
        "PySide6-Essentials>=6.8; python_version >= '3.12'",
        "pywin32; sys_platform == 'win32'",
        "uvloop; sys_platform != 'win32'",
    ]
    resolved = [Requirement(r) for r in wheelhouse.resolve_for(reqs, wheelhouse.WINDOWS)]
    assert [r.name for r in resolved] == ["PySide6-Essentials", "pywin32"]
    assert resolved[0].specifier == SpecifierSet(">=6.8,<6.12")
    assert all(r.marker is None for r in resolved)
