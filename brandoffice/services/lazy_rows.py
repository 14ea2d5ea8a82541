"""Rows keyed by two of their values, each built from its fetched tuple when first read.

A campaign's calendar holds a progress cell per task and unit: 100,000 on a district.
The page shows a screenful of them, and its counts need only each cell's shown status.
Building a row object per cell up front was most of the calendar's load time; here the
fetched tuples are indexed as they come and a cell becomes a row when it is first read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, Generic, TypeVar

K = TypeVar("K")
R = TypeVar("R")


class LazyRows(MutableMapping[K, R], Generic[K, R]):
    """A mapping of keys to rows, holding fetched tuples until a row is asked for.

    Args:
        cells: Each key with its fetched tuple (in the row type's field order) or a row.
        make: Builds a row from a tuple's values (converting them as the row wants).
        fields: The row type's field names, in order.
        converters: Field index → the function :meth:`value` applies to a fetched value.
    """

    __slots__ = ("_cells", "_converters", "_index", "_make")

    def __init__(
        self,
        cells: dict[K, Any],
        make: Callable[..., R],
        fields: tuple[str, ...],
        converters: Mapping[int, Callable[[Any], Any]] | None = None,
    ) -> None:
        self._cells = cells
        self._make = make
        self._index = {name: i for i, name in enumerate(fields)}
        self._converters = dict(converters or {})

    def __getitem__(self, key: K) -> R:
        cell = self._cells[key]
        if type(cell) is tuple:
            cell = self._cells[key] = self._make(*cell)
        return cell  # type: ignore[no-any-return]

    def __setitem__(self, key: K, row: R) -> None:
        self._cells[key] = row

    def __delitem__(self, key: K) -> None:
        del self._cells[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)

    def __contains__(self, key: object) -> bool:
        return key in self._cells

    def __repr__(self) -> str:
        return f"LazyRows({len(self._cells)} rows)"

    def value(self, key: K, name: str, default: Any = None) -> Any:
        """Return one field of a row without building the row; ``default`` when there is none."""
        cell = self._cells.get(key)
        if cell is None:
            return default
        if type(cell) is not tuple:
            return getattr(cell, name)
        index = self._index[name]
        raw = cell[index]
        convert = self._converters.get(index)
        return raw if convert is None or raw is None else convert(raw)
