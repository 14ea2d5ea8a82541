"""What describes a kind of campaign record: its fields, owner, key, rules and every layer's hook."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import Any, TypeVar

from brandoffice.excel.colspec import SheetSpec

H = TypeVar("H")
GENERIC_SECTION = "brandoffice.reports.records.simple:section"
"""The report section of a simple kind: a count and a table of the year's records."""
Ref = str
"""A hook as ``"package.module:name"``, imported on first use (the registry stays cheap)."""
ORG_NAME = ("organisations", "org_id", "name")
MEMBER_NAME = ("members", "member_id", "name")
BRAND_NAME = ("brands", "brand_id", "name")
"""The names ``list`` joins most (:attr:`RecordKind.list_joins`): a unit's, a member's, a brand's."""


class Owner(StrEnum):
    """Whose record it is."""

    UNIT = "unit"
    MEMBER = "member"
    BOTH = "both"
    """A unit's or a member's (one of the two), or a unit's naming a member."""


@dataclass(frozen=True)
class Undo:
    """What undoing an import of the kind touches.

    Attributes:
        tables: The kind's tables (names), dependants before what they depend on: the rows
            an import added are deleted in this order.
        labels: Each table's Chinese name in a refusal (新增的组织有了…).
        by_org: ``(table, column)`` pairs holding a unit: a unit the batch added that has such
            a record blocks the undo.
        by_member: The same for members.
        by_campaign: The same for campaigns.
        editable: Tables whose rows carry a version: an added row edited since blocks it.
        children: ``(image op, table, owner column)`` of the lists an import replaces; the
            rows of an added record's list go with it.
    """

    tables: tuple[str, ...]
    labels: dict[str, str]
    by_org: tuple[tuple[str, str], ...] = ()
    by_member: tuple[tuple[str, str], ...] = ()
    by_campaign: tuple[tuple[str, str], ...] = ()
    editable: tuple[str, ...] = ()
    children: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class RecordKind:
    """One kind of campaign record, as every layer reads it.

    Attributes:
        name: The command-line name (``funds``).
        label: The one Chinese name: the panel's list, the sheet, the report's heading.
        spec: The fields in template order: header, type, required, length, choices,
            not-in-future and the Excel hints (:class:`~brandoffice.excel.colspec.Column`).
        owner: A unit's, a member's or either's.
        key: The fields an import matches a stored record by (upsert key).
        names_members: Its export names members (their ID numbers only with ``--reveal``).
        summary: What one record is, in a phrase, for the tab's hint and the report.
        table: The main table.
        undo: The tables an import adds to, and what blocks undoing it.
        planner: The Excel import's check-and-plan step.
        applier: The Excel import's write step.
        exporter: The Excel export's rows.
        tab: The panel tab's class (None: shown inside another kind's tab).
        section: The progress report's section writer (None: written inside another's).
        rules: The service's per-record rules (the form and the import call the same).
        batch_rules: The per-batch rules (a sheet's rows together), if any.
        rule_fields: The rules' field names that the sheet calls otherwise (``amount`` →
            ``amount_fen``), beyond :data:`~brandoffice.excel.rowcheck.SERVICE_FIELDS`.
        dated: The field the calendar and the year filter read.
        list_name: The field ``brandoffice list KIND`` gives as ``name`` (None: none).
        list_joins: Names ``list`` adds: output field → (table, foreign key, column).
    """

    name: str
    label: str
    spec: SheetSpec
    owner: Owner
    key: tuple[str, ...]
    names_members: bool
    summary: str
    table: str
    undo: Undo
    planner: Ref
    applier: Ref
    exporter: Ref
    tab: Ref | None
    section: Ref | None
    rules: Ref | None = None
    batch_rules: Ref | None = None
    dated: str | None = None
    list_name: str | None = None
    list_joins: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    rule_fields: dict[str, str] = field(default_factory=dict)

    def hook(self, attribute: str) -> Any:
        """Import and return a hook (``planner``, ``tab`` …) named by reference.

        A generic hook (marked :func:`takes_kind`) comes bound to this kind.
        """
        ref = getattr(self, attribute)
        if ref is None:
            raise LookupError(f"{self.name} has no {attribute}")
        found = resolve(ref)
        return partial(found, self) if getattr(found, "takes_kind", False) else found


def takes_kind(hook: H) -> H:
    """Mark a generic hook whose first argument is the kind it serves."""
    setattr(hook, "takes_kind", True)  # noqa: B010 - an attribute mypy does not know
    return hook


def resolve(ref: Ref) -> Any:
    """Import ``"package.module:name"`` and return the name."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)
