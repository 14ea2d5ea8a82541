"""Every service write is retried on a conflict, or listed as not retried with a reason."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
from pathlib import Path

import pytest

from brandoffice.db import retry
from brandoffice.db.retry import NOT_RETRIED, retry_conflicts
from brandoffice.safety.storage import SERIALIZATION, ConcurrentUpdateError

ROOT = Path(__file__).resolve().parents[3]
WRITERS = [
    *sorted((ROOT / "brandoffice" / "services").rglob("*.py")),
    *sorted((ROOT / "brandoffice" / "kinds").rglob("*.py")),
    ROOT / "brandoffice" / "safety" / "accounts.py",
    ROOT / "brandoffice" / "safety" / "auditlog.py",
]


def _functions(path: Path) -> list[tuple[str, ast.FunctionDef, str]]:
    """Return ``(module.qualname, node, source)`` of every function defined in a module."""
    source = path.read_text(encoding="utf-8")
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    found: list[tuple[str, ast.FunctionDef, str]] = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, ast.FunctionDef):
                found.append((f"{module}.{prefix}{node.name}", node, source))

    visit(ast.parse(source).body, "")
    return found


def _opens_write(node: ast.FunctionDef, source: str) -> bool:
    return ".write.begin(" in (ast.get_source_segment(source, node) or "")


def _retried(node: ast.FunctionDef) -> bool:
    return any(ast.unparse(d) == "retry_conflicts" for d in node.decorator_list)


ALL = [f for path in WRITERS for f in _functions(path)]


def test_every_public_write_is_retried_or_listed() -> None:
    writes = [
        (name, node)
        for name, node, source in ALL
        if _opens_write(node, source) and not name.rsplit(".", 1)[1].startswith("_")
    ]
    assert len(writes) > 100  # the scan sees the services
    forgotten = [name for name, node in writes if not _retried(node) and name not in NOT_RETRIED]
    assert forgotten == [], "decorate with @retry_conflicts or list in retry.NOT_RETRIED"
    both = [name for name, node in writes if _retried(node) and name in NOT_RETRIED]
    assert both == []


def test_retried_functions_open_their_own_transaction() -> None:
    """A wrapper that opens none is made of other writes: each retries on its own."""
    wrappers = [
        name for name, node, source in ALL if _retried(node) and not _opens_write(node, source)
    ]
    assert wrappers == []


def test_the_not_retried_list_names_real_writes() -> None:
    for name, reason in NOT_RETRIED.items():
        module, _, qualname = name.rpartition(".")
        while module and importlib.util.find_spec(module) is None:  # a method: Class.name
            module, _, outer = module.rpartition(".")
            qualname = f"{outer}.{qualname}"
        target: object = importlib.import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part)
        assert not hasattr(target, "__wrapped__"), name
        assert ".write.begin(" in inspect.getsource(target), name  # type: ignore[arg-type]
        assert reason.strip()


def test_a_generator_is_read_once_and_replayed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry, "PAUSE_S", 0.0)
    seen: list[list[int]] = []

    @retry_conflicts
    def save(ids: object, *, more: object) -> None:
        seen.append([*ids, *more])  # type: ignore[misc]
        if len(seen) == 1:
            raise ConcurrentUpdateError(SERIALIZATION)

    save((i for i in (1, 2)), more=iter([3]))
    assert seen == [[1, 2, 3], [1, 2, 3]]


def test_a_retried_operation_inside_another_runs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry, "PAUSE_S", 0.0)
    inner_calls: list[int] = []
    outer_calls: list[int] = []

    @retry_conflicts
    def inner() -> None:
        inner_calls.append(1)
        raise ConcurrentUpdateError(SERIALIZATION)

    @retry_conflicts
    def outer() -> None:
        outer_calls.append(1)
        inner()

    with pytest.raises(ConcurrentUpdateError):
        outer()
    assert len(outer_calls) == retry.ATTEMPTS
    assert len(inner_calls) == retry.ATTEMPTS  # not ATTEMPTS squared
    with pytest.raises(ConcurrentUpdateError):
        inner()  # on its own again afterwards: it retries
    assert len(inner_calls) == 2 * retry.ATTEMPTS
