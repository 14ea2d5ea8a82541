"""The Linux pieces: the .desktop entry validates and the scripts parse."""

from __future__ import annotations

import configparser
import shutil
import subprocess
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
