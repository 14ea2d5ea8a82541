"""The PyInstaller spec: every path it names exists and every data folder is collected."""

from __future__ import annotations

import ast
import importlib.resources
import os
from pathlib import Path
from typing import Any

import pytest

BUNDLE_ENV = "BRANDOFFICE_BUNDLE"


def _calls(tree: ast.Module, name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
    ]


def test_named_files_exist(root: Path, spec: dict[str, Any]) -> None:
    for key in ("LAUNCHER", "WINDOWS_ICON", "VERSION_FILE"):
        assert (root / spec[key]).is_file(), f"{key} = {spec[key]} is missing"
    assert (root / spec["MIGRATION_VERSIONS"]).is_dir()


def test_data_folders_cover_resources_and_migrations(root: Path, spec: dict[str, Any]) -> None:
    folders = spec["DATA_FOLDERS"]
    assert folders["resources"] == "resources"
    assert folders["brandoffice/db/migrations"] == "brandoffice/db/migrations"
    for source in folders:
        assert (root / source).is_dir(), source
    migrations = root / "brandoffice/db/migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("*.py"))


def test_every_resource_folder_is_inside_a_collected_folder(
    root: Path, spec: dict[str, Any]
) -> None:
    # brandoffice.paths.resource() reads resources/<kind>/...: all of resources/ must ship.
    kinds = [p.name for p in (root / "resources").iterdir() if p.is_dir() and p.name[0] != "_"]
    assert {"icons", "fonts", "help", "campaigns"} <= set(kinds)
    assert "resources" in spec["DATA_FOLDERS"]


def test_package_data_includes_docx_templates_and_pypinyin(spec: dict[str, Any]) -> None:
    assert {"docx", "pypinyin"} <= set(spec["PACKAGE_DATA"])
    # What collect_data_files("docx") must find: python-docx's default document.
    assert importlib.resources.files("docx").joinpath("templates", "default.docx").is_file()
    assert importlib.resources.files("pypinyin").joinpath("pinyin_dict.json").is_file()


def test_collect_data_files_is_called_for_each_package(spec_tree: ast.Module) -> None:
    calls = _calls(spec_tree, "collect_data_files")
    assert calls, "the spec must collect package data"
    loop_vars = {
        node.target.id
        for node in ast.walk(spec_tree)
        if isinstance(node, ast.For)
        and isinstance(node.target, ast.Name)
        and isinstance(node.iter, ast.Name)
        and node.iter.id == "PACKAGE_DATA"
    }
    assert any(isinstance(c.args[0], ast.Name) and c.args[0].id in loop_vars for c in calls)


def test_hidden_imports_and_excludes(root: Path, spec: dict[str, Any]) -> None:
    hidden = set(spec["HIDDEN_IMPORTS"])
    assert {
        "sqlalchemy.dialects.sqlite",
        "sqlalchemy.dialects.postgresql.psycopg",
        "psycopg",
        "argon2",
        "alembic.op",
    } <= hidden
    text = (root / "packaging/brandoffice.spec").read_text(encoding="utf-8")
    for name in ('"tkinter"', '"QtWebEngineCore"', '"Qt3DCore"', '"QtQuick"', '"QtPdf"'):
        assert name in text


def test_one_folder_named_brandoffice_with_platform_branches(spec_tree: ast.Module) -> None:
    (collect,) = _calls(spec_tree, "COLLECT")
    names = {k.arg: k.value for k in collect.keywords}
    assert isinstance(names["name"], ast.Constant) and names["name"].value == "brandoffice"
    exe_names = set()
    for call in _calls(spec_tree, "EXE"):
        for keyword in call.keywords:
            if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                exe_names.add(keyword.value.value)
            if keyword.arg == "exclude_binaries":  # one-folder: binaries go to COLLECT
                assert isinstance(keyword.value, ast.Constant) and keyword.value.value is True
    assert exe_names == {"BrandOffice", "brandoffice-cli", "brandoffice"}
    text = ast.unparse(spec_tree)
    assert "sys.platform == 'win32'" in text


def test_launcher_calls_the_cli(root: Path, spec: dict[str, Any]) -> None:
    text = (root / spec["LAUNCHER"]).read_text(encoding="utf-8")
    assert "from brandoffice.cli.main import main" in text


def test_spec_compiles(root: Path) -> None:
    spec = root / "packaging" / "brandoffice.spec"
    compile(spec.read_text(encoding="utf-8"), str(spec), "exec")


@pytest.mark.skipif(
    not os.environ.get(BUNDLE_ENV), reason=f"set {BUNDLE_ENV} to a built dist/brandoffice folder"
)
def test_built_bundle_contains_what_the_spec_promises() -> None:
    internal = Path(os.environ[BUNDLE_ENV]) / "_internal"
    qt = internal / "PySide6" / "Qt" / "plugins"
    expected = [
        internal / "docx" / "templates" / "default.docx",
        internal / "pypinyin" / "pinyin_dict.json",
        internal / "matplotlib" / "mpl-data" / "matplotlibrc",
        internal / "brandoffice" / "db" / "migrations" / "env.py",
        internal / "brandoffice" / "db" / "migrations" / "script.py.mako",
        internal / "resources" / "help" / "guide.md",
        internal / "resources" / "icons" / "actions" / "import.svg",
        internal / "resources" / "fonts" / "BrandOfficeSansSC-Regular.otf",
        internal / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm",
    ]
    for path in expected:
        assert path.is_file(), path
    assert list((internal / "brandoffice/db/migrations/versions").glob("0001_*.py"))
    for plugin in ("platforms/*offscreen*", "imageformats/*svg*", "iconengines/*svg*"):
        assert list(qt.glob(plugin)), plugin
    assert not list((internal / "PySide6" / "Qt" / "translations").glob("qtbase_de.qm"))
