"""The registry of campaign-record kinds: the one list every layer derives its kinds from.

Each kind is a :class:`~brandoffice.kinds.base.RecordKind`: its fields, owner, key, rules
and the hooks of the Excel import and export, the undo, the panel tab, the report section
and ``brandoffice list``. Adding a kind is one description here, its table and migration.
Importing the registry is cheap: hooks are named, not imported.
"""

from __future__ import annotations

from brandoffice.errors import ValidationError
from brandoffice.kinds import campaign, honours, posts
from brandoffice.kinds.base import Owner, RecordKind, Undo, resolve

__all__ = ["KINDS", "Owner", "RecordKind", "Undo", "by_name", "member_kinds", "resolve"]

KINDS: tuple[RecordKind, ...] = (*campaign.KINDS, posts.MEMBER_POSTS, honours.COMMENDATIONS)
"""Every kind of campaign record, in the order the panel, the menus and the report show them."""


def by_name(name: str) -> RecordKind:
    """Return the kind of a command-line name.

    Raises:
        ValidationError: No such kind.
    """
    for kind in KINDS:
        if kind.name == name:
            return kind
    allowed = "、".join(f"{k.name}（{k.label}）" for k in KINDS)
    raise ValidationError(f"没有“{name}”这种记录，可选：{allowed}")


def member_kinds() -> tuple[str, ...]:
    """Return the kinds whose records name members (masked unless revealed)."""
    return tuple(k.name for k in KINDS if k.names_members)
