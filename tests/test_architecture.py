"""Guards of the design: a Qt-free core and a PySide6 without the None leak."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert out.stdout.strip() == ""


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
