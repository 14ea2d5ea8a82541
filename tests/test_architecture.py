"""Guards of the design: a Qt-free core and a PySide6 without the None leak."""

from __future__ import annotations

import ast
import graphlib
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import printed_by_python

ROOT = Path(__file__).resolve().parents[1]


def test_core_never_imports_qt() -> None:
    """Importing every core module in a fresh interpreter loads no PySide6."""
    code = (
        "import pkgutil, importlib, sys, brandoffice\n"
        "for m in pkgutil.walk_packages(brandoffice.__path__, 'brandoffice.'):\n"
        "    if '.migrations' in m.name or m.name == 'brandoffice.__main__': continue\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.startswith('PySide6'))\n"
        "print(','.join(bad))\n"
    )
    assert printed_by_python(code) == ""


def test_no_source_file_over_600_lines() -> None:
    long = [
        f"{p.relative_to(ROOT)}: {n}"
        for folder in ("brandoffice", "ui", "tests")
        for p in (ROOT / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert long == []


def test_pyside_does_not_leak_references_to_none() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a None reference per void call (none_dealloc)."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(10_000):\n"
        "    o.setObjectName('x')\n"
        "print(before - sys.getrefcount(None))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) < 100  # a leak would show about 10,000


# What the window may take from the database layer: URL helpers, never a session or SQL.
UI_ALLOWED_DB_NAMES = {
    "brandoffice.db.engine": {"resolve_url", "sqlite_path", "is_sqlite"},
    "brandoffice.db.connection": {
        "DEFAULT_PORT",
        "SSL_MODES",
        "SSL_MODE_LABELS",
        "ConnectionFailedError",
        "ServerConnection",
        "probe_connection",
    },
}
UI_FORBIDDEN_MODULES = ("sqlalchemy", "sqlite3", "psycopg", "brandoffice.model", "brandoffice.db")
UI_FORBIDDEN_ATTRIBUTES = {"read", "write", "engine", "read_engine", "execute", "scalar", "scalars"}


def _ui_database_uses(path: Path) -> list[str]:
    """Return the places in one ui/ file that open a session, run SQL or import the ORM."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [(node.module, {alias.name for alias in node.names})]
        else:
            modules = []
        for module, names in modules:
            if module == "brandoffice.model.vocab":
                continue
            allowed = UI_ALLOWED_DB_NAMES.get(module)
            if allowed is not None and names is not None and names <= allowed:
                continue
            if any(module == m or module.startswith(m + ".") for m in UI_FORBIDDEN_MODULES):
                found.append(f"{path.name}:{node.lineno} imports {module}")
        # ``ctx.db.read()``, ``ctx.db.write.begin()``, ``session.execute(...)``
        if (
            isinstance(node, ast.Attribute)
            and node.attr in UI_FORBIDDEN_ATTRIBUTES
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "db"
        ):
            found.append(f"{path.name}:{node.lineno} uses db.{node.attr}")
    return found


def test_ui_never_touches_the_database() -> None:
    """ui/ reads and writes only through the core: no session, no SQL, no ORM models."""
    found = [use for p in sorted((ROOT / "ui").rglob("*.py")) for use in _ui_database_uses(p)]
    assert found == []


def test_the_ui_database_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from sqlalchemy import select\n"
        "from brandoffice.model.org import Organisation\n"
        "def f(ctx):\n"
        "    with ctx.db.read() as s:\n"
        "        return s\n",
        encoding="utf-8",
    )
    assert len(_ui_database_uses(sample)) == 3


# Names whose use outside ui/file_dialogs.py could read the database's files behind
# SQLite's back (a file dialog's model sniffs every listed file through its icon provider).
SNIFFERS = (
    "QFileDialog(",
    "QFileDialog.get",
    "QFileSystemModel",
    "QFileIconProvider",
    "QAbstractFileIconProvider",
    "QMimeDatabase",
)


def test_file_dialogs_only_through_the_helper() -> None:
    """ui/ makes every file dialog, file model and icon provider in ui/file_dialogs.py."""
    helper = ROOT / "ui" / "file_dialogs.py"
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for folder in ("ui", "brandoffice")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if p != helper
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if any(name in line for name in SNIFFERS)
    ]
    assert found == []
    assert re.search(r"QFileDialog\.get\w+\(", helper.read_text(encoding="utf-8")) is None


def _import_graph(files: list[Path]) -> dict[str, set[str]]:
    """Return each module's imports of the other modules, type-only imports included."""
    modules: dict[str, Path] = {}
    for path in files:
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    target = target if target in modules else node.module
                    if target in modules and target != name:
                        graph[name].add(target)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in modules)
    return graph


def _first_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return None


def test_no_import_circles_not_even_type_only() -> None:
    files = sorted((ROOT / "brandoffice").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py"))
    cycle = _first_cycle(_import_graph(files))
    assert cycle is None, " → ".join(cycle or [])


def test_the_import_circle_check_can_fail() -> None:
    graph = {"ui.a": {"ui.b"}, "ui.b": {"ui.c"}, "ui.c": {"ui.a"}, "ui.d": set()}
    cycle = _first_cycle(graph)
    assert cycle is not None and set(cycle) == {"ui.a", "ui.b", "ui.c"}
