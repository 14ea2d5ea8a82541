"""The Linux pieces: the .desktop entry validates and the scripts parse."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_desktop_file_validates(root: Path) -> None:
    path = root / "packaging/linux/brandoffice.desktop"
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "党建品牌工作台"
    assert entry["Exec"].startswith("/opt/brandoffice/brandoffice")
    assert entry["Icon"] == "brandoffice"
    assert "Office" in entry["Categories"].split(";")
    assert entry["Terminal"] == "false"


def test_install_script_ships_the_icon_the_entry_names(root: Path) -> None:
    assert (root / "resources/icons/brandoffice.png").is_file()
    assert (root / "resources/icons/brandoffice.svg").is_file()
    text = (root / "packaging/linux/install.sh").read_text(encoding="utf-8")
    assert "hicolor/256x256/apps/brandoffice.png" in text
    # Uninstalling never touches the clerk's data folder.
    assert ".local/share/BrandOffice" not in text.split("rm -")[-1]


@pytest.mark.parametrize("script", ["packaging/linux/install.sh", "scripts/build-linux.sh"])
def test_shell_scripts_parse(root: Path, script: str) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    result = subprocess.run([bash, "-n", str(root / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "packaging/brandoffice.spec" in (root / "scripts/build-linux.sh").read_text()


BUNDLE = os.environ.get("BRANDOFFICE_BUNDLE", "")
needs_bundle = pytest.mark.skipif(
    not BUNDLE or not sys.platform.startswith("linux"),
    reason="set BRANDOFFICE_BUNDLE to a built Linux dist/brandoffice folder",
)


def _stated_glibc(root: Path) -> tuple[int, int]:
    text = (root / "packaging/linux/INSTALL.md").read_text(encoding="utf-8")
    match = re.search(r"\*\*glibc (\d+)\.(\d+) 或更新\*\*", text)
    assert match, "INSTALL.md must state the glibc the bundle needs"
    return int(match.group(1)), int(match.group(2))


@needs_bundle
def test_bundle_needs_no_newer_glibc_than_install_md_states(root: Path) -> None:
    needed: dict[tuple[int, int], str] = {}
    for path in Path(BUNDLE).rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with open(path, "rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
            data = handle.read()
        # The version names an ELF file needs are strings of its dynamic string table.
        for major, minor in re.findall(rb"GLIBC_(\d+)\.(\d+)\x00", data):
            needed.setdefault((int(major), int(minor)), path.name)
    newest = max(needed)
    assert newest <= _stated_glibc(root), f"{needed[newest]} needs glibc {newest}"


@needs_bundle
def test_bundle_input_method_plugins_load() -> None:
    from PySide6.QtCore import QPluginLoader

    folder = Path(BUNDLE) / "_internal/PySide6/Qt/plugins/platforminputcontexts"
    plugins = sorted(folder.glob("*.so"))
    names = [path.name for path in plugins]
    assert any("ibus" in name for name in names), names  # what ui/input_method.py relies on
    assert not any("fcitx" in name for name in names), names  # INSTALL.md says so
    (ibus,) = [path for path in plugins if "ibus" in path.name]
    loader = QPluginLoader(str(ibus))
    assert loader.load(), loader.errorString()
    assert loader.metaData()["MetaData"]["Keys"] == ["ibus"]
    loader.unload()
