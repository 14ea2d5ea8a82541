"""The Windows pieces: Inno Setup script, version resource and build script agree with the spec."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest

from brandoffice import __version__


def _iss(root: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Return the ISPP #defines and the lines of each [Section] of the installer script."""
    text = (root / "packaging/windows/brandoffice.iss").read_text(encoding="utf-8-sig")
    defines = dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.MULTILINE))
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
        elif current:
            sections[current].append(line)
    return defines, sections


def _expand(value: str, defines: dict[str, str]) -> str:
    return re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], value)


def _entries(lines: list[str]) -> list[dict[str, str]]:
    """Parse 'Name: "x"; Flags: y' entries."""
    entries = []
    for line in lines:
        fields = {}
        for part in re.findall(r'(\w+):\s*("[^"]*"|[^;]+)', line):
            fields[part[0]] = part[1].strip().strip('"')
        entries.append(fields)
    return entries


def _setup(sections: dict[str, list[str]]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections["Setup"])


def test_iss_paths_exist(root: Path) -> None:
    defines, sections = _iss(root)
    here = root / "packaging" / "windows"
    setup = _setup(sections)
    assert (here / setup["SetupIconFile"].replace("\\", "/")).is_file()
    (files,) = _entries(sections["Files"])
    source = _expand(files["Source"], defines).replace("\\", "/")
    # The installer packs the spec's COLLECT folder: dist/brandoffice.
    assert (here / source).parent.resolve() == (root / "dist" / "brandoffice").resolve()
    assert "recursesubdirs" in files["Flags"]
    for line in sections["Languages"]:
        messages = _entries([line])[0]["MessagesFile"]
        if not messages.startswith("compiler:"):
            assert messages == "ChineseSimplified.isl"  # optional, guarded by #if FileExists


def test_iss_matches_the_spec_and_the_product(root: Path, spec: dict[str, Any]) -> None:
    defines, sections = _iss(root)
    assert defines["AppName"] == "党建品牌工作台"
    assert defines["AppExe"] == "BrandOffice.exe"
    assert (root / spec["WINDOWS_ICON"]).name == "brandoffice.ico"
    icons = _entries(sections["Icons"])
    assert any(
        e["Name"].startswith("{group}") and e["Filename"] == "{app}\\{#AppExe}" for e in icons
    )
    assert any(
        e["Name"].startswith("{autodesktop}") and e.get("Tasks") == "desktopicon" for e in icons
    )
    assert _entries(sections["Tasks"])[0]["Name"] == "desktopicon"


def test_uninstall_keeps_the_data_folder(root: Path) -> None:
    defines, sections = _iss(root)
    deleted = [_expand(e["Name"], defines) for e in _entries(sections.get("UninstallDelete", []))]
    data = "{localappdata}\\BrandOffice"
    assert data not in deleted
    assert all(path.startswith(data + "\\") for path in deleted), deleted
    text = (root / "packaging/windows/brandoffice.iss").read_text(encoding="utf-8-sig")
    assert "KEEPS" in text
    assert "DelTree" not in text and "RemoveDir" not in text


def test_version_info_is_current_and_chinese(root: Path) -> None:
    path = root / "packaging/windows/make_version_info.py"
    module_spec = importlib.util.spec_from_file_location("make_version_info", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run python packaging/windows/make_version_info.py"
    text = (root / "packaging/windows/version_info.txt").read_text(encoding="utf-8")
    recorded: dict[str, str] = {}

    def record(*args: Any, **kwargs: Any) -> tuple[Any, ...]:
        if len(args) == 2 and all(isinstance(a, str) for a in args):
            recorded[args[0]] = args[1]
        return args

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable")
    namespace = dict.fromkeys((*names, "StringStruct", "VarFileInfo", "VarStruct"), record)
    eval(compile(text, "version_info.txt", "eval"), namespace)  # the format PyInstaller evals
    assert recorded["ProductName"] == "党建品牌工作台"
    assert recorded["ProductVersion"] == __version__


@pytest.mark.parametrize(
    "needle",
    [
        "packaging\\brandoffice.spec",
        "packaging\\windows\\make_version_info.py",
        "packaging\\windows\\brandoffice.iss",
        "dist\\brandoffice\\brandoffice-cli.exe",
        "--self-test",
        "--no-index",
        "/DAppVersion=",
    ],
)
def test_build_script_runs_the_offline_steps(root: Path, needle: str) -> None:
    text = (root / "packaging/windows/build.ps1").read_text(encoding="utf-8-sig")
    assert needle in text
    if needle.startswith("packaging"):
        assert (root / needle.replace("\\", "/")).is_file()
