"""The campaign-record kinds' planners, appliers and exporters, by CLI name (from the registry)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from brandoffice.kinds import KINDS, member_kinds

Exporter = Callable[[Session, bool], list[dict[str, Any]]]

RECORD_HANDLERS: dict[str, tuple[Callable[..., Any], Callable[..., None]]] = {
    k.name: (k.hook("planner"), k.hook("applier")) for k in KINDS
}
"""Kind → (planner, applier), as :data:`brandoffice.excel.importer.HANDLERS` takes them."""

RECORD_EXPORTERS: dict[str, Exporter] = {k.name: k.hook("exporter") for k in KINDS}

MEMBER_KINDS = member_kinds()
"""Kinds whose export names members: ``--reveal`` adds their ID numbers."""
