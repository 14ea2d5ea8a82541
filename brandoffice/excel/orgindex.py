"""An in-memory index of the organisation tree for resolving names and paths in sheets."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandoffice.errors import ValidationError
from brandoffice.excel.tables import ORG

Path = tuple[str, ...]


def split_path(text: str) -> Path:
    """Split ``上级/下级`` (also with a full-width ／) into stripped names."""
    return tuple(p.strip() for p in text.replace("／", "/").split("/") if p.strip())


def path_text(path: Path) -> str:
    """Join a path with ``/``."""
    return "/".join(path)


class OrgIndex:
    """Units by full path and by name; units still to be created get negative keys.

    Resolution follows :func:`brandoffice.services.orgs.resolve_org`: a bare name must be
    unique, a path ``上级/下级`` matches the end of a unit's full path. The messages
    are the service's.
    """

    def __init__(self) -> None:
        self.path_of: dict[int, Path] = {}
        self.by_path: dict[Path, int] = {}
        self._by_name: defaultdict[str, list[int]] = defaultdict(list)
        self._aliases: defaultdict[int, list[Path]] = defaultdict(list)
        self._cache: dict[str, int] = {}

    @classmethod
    def load(cls, session: Session) -> OrgIndex:
        """Build the index of every unit in the database."""
        index = cls()
        rows = session.execute(select(ORG.c.id, ORG.c.parent_id, ORG.c.name)).all()
        parent = {r.id: r.parent_id for r in rows}
        name = {r.id: r.name for r in rows}
        for org_id in parent:
            chain: list[str] = []
            current: int | None = org_id
            seen: set[int] = set()
            while current is not None and current not in seen:
                seen.add(current)
                chain.append(name[current])
                current = parent.get(current)
            index.add(org_id, tuple(reversed(chain)))
        return index

    def add(self, key: int, path: Path) -> None:
        """Register a unit (an id, or a negative key for a unit of the sheet)."""
        self.path_of[key] = path
        self.by_path[path] = key
        self._by_name[path[-1]].append(key)
        self._cache.clear()

    def alias(self, key: int, path: Path) -> None:
        """Let a stored unit also be found by another path (its new name in the sheet)."""
        self.by_path[path] = key
        self._by_name[path[-1]].append(key)
        self._aliases[key].append(path)
        self._cache.clear()

    def _ends_with(self, key: int, parts: Path) -> bool:
        if self.path_of[key][-len(parts) :] == parts:
            return True
        return key in self._aliases and any(p[-len(parts) :] == parts for p in self._aliases[key])

    def candidates(self, ref: str) -> list[int]:
        """Return every unit the reference could mean."""
        parts = split_path(ref)
        if not parts:
            return []
        if len(parts) > 1 and parts in self.by_path:
            return [self.by_path[parts]]
        return [k for k in self._by_name.get(parts[-1], []) if self._ends_with(k, parts)]

    def resolve(self, ref: str) -> int:
        """Return the key of the unit named by a name or a path.

        Raises:
            ValidationError: No such unit, or a bare name that several units share.
        """
        cached = self._cache.get(ref)
        if cached is not None:
            return cached
        parts = split_path(ref)
        if not parts:
            raise ValidationError("组织名称为空")
        found = self.candidates(ref)
        if not found:
            raise ValidationError(f"找不到组织“{path_text(parts)}”")
        if len(found) > 1:
            raise ValidationError(
                f"有多个名为“{parts[-1]}”的组织，请写出上级路径，如 上级/{parts[-1]}"
            )
        self._cache[ref] = found[0]
        return found[0]

    def text(self, key: int) -> str:
        """Return the full path of a unit as ``上级/下级``."""
        return path_text(self.path_of[key])
