"""Fixtures for the packaging tests: the repository root and the spec's declared constants."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "brandoffice.spec"


def spec_constants() -> dict[str, Any]:
    """Return the spec's module-level assignments whose values are literals."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return found


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The spec's literal constants (LAUNCHER, DATA_FOLDERS, HIDDEN_IMPORTS, ...)."""
    return spec_constants()


@pytest.fixture(scope="session")
def spec_tree() -> ast.Module:
    """The spec parsed as Python."""
    return ast.parse(SPEC.read_text(encoding="utf-8"))
