"""Long lists read fast on SQLite: the driver's rows, typed as SQLAlchemy types them.

A list of thousands of frozen rows (the brand register, the organisation tree, a page
of members) spent most of its time outside SQLite: SQLAlchemy's per-row result
processing (a regular expression per date, ``json.loads`` per list) and the frozen
dataclass ``__init__`` (one ``object.__setattr__`` per field). Here a Core select is
compiled once per shape, run on the pooled driver connection (one statement: SQLite
reads it in one snapshot, as a read session would), its columns converted only where
SQLAlchemy would convert them (ISO dates parsed by :mod:`datetime`, an empty JSON
list without the parser, anything unusual by SQLAlchemy's own processor) and the rows
built by :func:`row_maker`. Other databases take the ordinary path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from brandoffice.services.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.engine import Dialect

R = TypeVar("R")
Convert = Callable[[Any], Any]

_makers: dict[type[Any], Callable[..., Any]] = {}
_compiled: dict[Hashable, _Compiled] = {}
_lock = threading.Lock()


def row_maker(row_type: type[R]) -> Callable[..., R]:
    """Return a positional constructor of a frozen, slotted row type, about five times faster.

    A frozen dataclass sets each field with ``object.__setattr__``; its plain twin
    (the same fields and slots, not frozen) sets them with ordinary stores, and the
    made object then takes the frozen class, whose layout is the same. The result
    is an instance of ``row_type`` equal to ``row_type(*values)``. A type that is
    not a frozen slotted dataclass, or has a ``__post_init__``, gets itself.
    """
    maker = _makers.get(row_type)
    if maker is not None:
        return maker
    params = getattr(row_type, "__dataclass_params__", None)
    if (
        params is None
        or not params.frozen
        or "__slots__" not in row_type.__dict__
        or hasattr(row_type, "__post_init__")
        or row_type.__bases__ != (object,)
    ):
        _makers[row_type] = row_type
        return row_type
    twin = dataclasses.make_dataclass(
        f"_Plain{row_type.__name__}",
        [(f.name, f.type) for f in dataclasses.fields(row_type)],  # type: ignore[arg-type]
        slots=True,
        eq=False,
        repr=False,
        match_args=False,
    )
    take = object.__setattr__

    def make(*values: Any) -> R:
        row = twin(*values)
        take(row, "__class__", row_type)
        return row  # type: ignore[no-any-return]

    _makers[row_type] = make
    return make


class _Compiled:
    """A select compiled for SQLite: its SQL, bind names and column converters."""

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.names: list[str] = list(compiled.positiontup or [])
        self.expanding = {name for name in self.names if compiled.binds[name].expanding}
        self.defaults = {name: compiled.binds[name].value for name in self.names}
        self.converters: list[tuple[int, Convert]] = []
        for i, column in enumerate(statement.selected_columns):
            convert = _converter(column.type, dialect)
            if convert is not None:
                self.converters.append((i, convert))

    def sql_and_params(self, params: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """Return the SQL with expanding binds spelled out and the positional parameters."""
        sql, values = self.sql, []
        for name in self.names:
            value = params.get(name, self.defaults[name])
            if name in self.expanding:
                items = list(value)
                marks = ", ".join("?" * len(items)) if items else "NULL"
                sql = sql.replace(f"__[POSTCOMPILE_{name}]", marks, 1)
                values += items
            else:
                values.append(value)
        return sql, values


def _converter(sa_type: Any, dialect: Dialect) -> Convert | None:
    """Return the conversion SQLAlchemy applies to a column of this type, made fast."""
    from sqlalchemy import JSON, Boolean, Date, DateTime

    slow = sa_type._cached_result_processor(dialect, None)
    if slow is None:
        return None
    if isinstance(sa_type, DateTime):
        return _iso(dt.datetime.fromisoformat, slow, _is_iso_datetime)
    if isinstance(sa_type, Date):
        return _iso(dt.date.fromisoformat, slow, _is_iso_date)
    if isinstance(sa_type, JSON):
        return _json(slow)
    if isinstance(sa_type, Boolean):
        return _boolean(slow)
    return slow  # type: ignore[no-any-return]


def _is_iso_date(text: str) -> bool:
    """Tell whether ``text`` looks like ``YYYY-MM-DD``, as SQLAlchemy stores a date."""
    return len(text) == 10 and text[4] == "-" and text[7] == "-"


def _is_iso_datetime(text: str) -> bool:
    """Tell whether ``text`` looks like ``YYYY-MM-DD HH:MM:SS[.ffffff]`` (no zone)."""
    return (
        (len(text) == 19 or (len(text) == 26 and text[19] == "."))
        and text[10] == " "
        and _is_iso_date(text[:10])
        and text[13] == ":"
        and text[16] == ":"
    )


def _iso(parse: Convert, slow: Convert, looks_right: Callable[[str], bool]) -> Convert:
    """Parse text in SQLAlchemy's own storage format directly, anything else the slow way."""

    def convert(value: Any) -> Any:
        if value.__class__ is str and looks_right(value):
            try:
                return parse(value)
            except ValueError:
                pass
        return slow(value)

    return convert


def _json(slow: Convert) -> Convert:
    def convert(value: Any) -> Any:
        return [] if value == "[]" else slow(value)

    return convert


def _boolean(slow: Convert) -> Convert:
    def convert(value: Any) -> Any:
        if value == 0 or value == 1:
            return value == 1
        return slow(value)

    return convert


def plain_rows(
    ctx: AppContext,
    row_type: type[R],
    shape: Hashable,
    statement: Callable[[], Select[Any]],
    params: Mapping[str, Any] | None = None,
) -> list[R] | None:
    """Return the rows of a select built by ``statement``, or None when not on SQLite.

    Args:
        ctx: The application context.
        row_type: The frozen row type; the select's columns are its fields in order.
        shape: A key naming the select's shape; ``statement`` is called and compiled
            once per shape, its bind parameters taking ``params`` (by ``bindparam`` name)
            or the values it was built with.
        statement: Builds the select.
        params: Values of named bind parameters (expanding ones take sequences).
    """
    if not ctx.db.is_sqlite:
        return None
    engine = ctx.db.read_engine
    key = (row_type, shape, type(engine.dialect))
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _Compiled(statement(), engine.dialect)
        with _lock:
            _compiled[key] = compiled
    sql, values = compiled.sql_and_params(params or {})
    make = row_maker(row_type)
    connection = engine.raw_connection()
    try:
        fetched: Sequence[Any] = connection.driver_connection.execute(sql, values).fetchall()  # type: ignore[union-attr]
    finally:
        connection.close()
    converters = compiled.converters
    if not converters:
        return [make(*r) for r in fetched]
    out = []
    for r in fetched:
        row = list(r)
        for i, convert in converters:
            value = row[i]
            if value is not None:
                row[i] = convert(value)
        out.append(make(*row))
    return out
