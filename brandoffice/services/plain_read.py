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
from itertools import starmap
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from brandoffice.services.context import AppContext
from brandoffice.services.lazy_rows import LazyRows

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.engine import Dialect

R = TypeVar("R")
Convert = Callable[[Any], Any]

_makers: dict[Hashable, Callable[..., Any]] = {}
_compiled: dict[Hashable, _Compiled] = {}
_lock = threading.Lock()


def row_maker(
    row_type: type[R], converters: Mapping[int, Convert] | None = None
) -> Callable[..., R]:
    """Return a positional constructor of a frozen, slotted row type, about five times faster.

    A frozen dataclass sets each field with ``object.__setattr__``. Its twin here
    (a class with the same slots, as :mod:`dataclasses` itself writes ``__init__``
    from source) stores the fields plainly and then gives the object the frozen
    class, whose layout is the same: the result is an instance of ``row_type``
    equal to ``row_type(*values)``. ``converters`` (field index → function) are
    applied to values that are not None on the way. A type that is not a frozen
    slotted dataclass, or has a ``__post_init__``, is its own constructor (then
    ``converters`` must be empty).
    """
    wanted = dict(converters or {})
    key = (row_type, tuple(sorted(wanted.items(), key=lambda kv: kv[0])))
    maker = _makers.get(key)
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
        if wanted:
            raise TypeError(f"{row_type.__name__} cannot take converters")
        _makers[key] = row_type
        return row_type
    names = [f.name for f in dataclasses.fields(row_type)]  # type: ignore[arg-type]
    body = [
        f"    self.{n} = _c{i}({n}) if {n} is not None else None"
        if i in wanted
        else f"    self.{n} = {n}"
        for i, n in enumerate(names)
    ]
    source = "\n".join(
        [f"def __init__(self, {', '.join(names)}):", *body, "    self.__class__ = _row"]
    )
    namespace: dict[str, Any] = {"_row": row_type} | {f"_c{i}": c for i, c in wanted.items()}
    exec(source, namespace)  # as dataclasses writes __init__: from the field names
    twin = type(
        f"_Plain{row_type.__name__}",
        (),
        {"__slots__": tuple(names), "__init__": namespace["__init__"], "__module__": __name__},
    )
    with _lock:
        _makers[key] = twin
    return twin


def tuple_converter(
    converters: Mapping[int, Convert], width: int
) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """Return a function converting the given positions of a row of ``width`` values."""
    items = [
        f"_c{i}(r[{i}]) if r[{i}] is not None else None" if i in converters else f"r[{i}]"
        for i in range(width)
    ]
    namespace: dict[str, Any] = {f"_c{i}": c for i, c in converters.items()}
    exec(f"def convert(r):\n    return ({', '.join(items)},)", namespace)
    return namespace["convert"]  # type: ignore[no-any-return]


class _Compiled:
    """A select compiled for SQLite: its SQL, bind names and column converters."""

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.names: list[str] = list(compiled.positiontup or [])
        self.expanding = {name for name in self.names if compiled.binds[name].expanding}
        self.defaults = {name: compiled.binds[name].value for name in self.names}
        self.width = len(statement.selected_columns)
        self.converters: dict[int, Convert] = {}
        for i, column in enumerate(statement.selected_columns):
            convert = _converter(column.type, dialect)
            if convert is not None:
                self.converters[i] = convert
        self.convert_row = tuple_converter(self.converters, self.width)

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


def _compiled_for(
    ctx: AppContext, shape: Hashable, statement: Callable[[], Select[Any]]
) -> _Compiled:
    dialect = ctx.db.read_engine.dialect
    key = (shape, type(dialect))
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _Compiled(statement(), dialect)
        with _lock:
            _compiled[key] = compiled
    return compiled


def _fetch(ctx: AppContext, compiled: _Compiled, params: Mapping[str, Any] | None) -> list[Any]:
    sql, values = compiled.sql_and_params(params or {})
    connection = ctx.db.read_engine.raw_connection()
    try:
        cursor = connection.driver_connection.execute(sql, values)  # type: ignore[union-attr]
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        connection.close()


def plain_tuples(
    ctx: AppContext,
    shape: Hashable,
    statement: Callable[[], Select[Any]],
    params: Mapping[str, Any] | None = None,
) -> list[tuple[Any, ...]] | None:
    """Return the typed values of a select's rows, or None when not on SQLite.

    Args:
        ctx: The application context.
        shape: A key naming the select's shape; ``statement`` is called and compiled
            once per shape, its bind parameters taking ``params`` (by ``bindparam`` name)
            or the values it was built with.
        statement: Builds the select.
        params: Values of named bind parameters (expanding ones take sequences).
    """
    if not ctx.db.is_sqlite:
        return None
    compiled = _compiled_for(ctx, shape, statement)
    fetched = _fetch(ctx, compiled, params)
    if not compiled.converters:
        return fetched
    return list(map(compiled.convert_row, fetched))


def plain_rows(
    ctx: AppContext,
    row_type: type[R],
    shape: Hashable,
    statement: Callable[[], Select[Any]],
    params: Mapping[str, Any] | None = None,
) -> list[R] | None:
    """Return the select's rows as ``row_type`` (its fields in the select's order), or None.

    See :func:`plain_tuples`; None when not on SQLite.
    """
    if not ctx.db.is_sqlite:
        return None
    compiled = _compiled_for(ctx, (row_type, shape), statement)
    make = row_maker(row_type, compiled.converters)
    return list(starmap(make, _fetch(ctx, compiled, params)))


def plain_index(
    ctx: AppContext,
    row_type: type[R],
    shape: Hashable,
    statement: Callable[[], Select[Any]],
    params: Mapping[str, Any] | None = None,
    *,
    key: tuple[int, int],
) -> LazyRows[tuple[Any, Any], R] | None:
    """Return the select's rows keyed by the values at two positions, or None.

    As :func:`plain_rows`, but a row is built (and its values converted) only when it
    is first read (:class:`LazyRows`): a large grid of cells is indexed without
    touching each row in Python. The keys are the fetched values, not converted.
    """
    if not ctx.db.is_sqlite:
        return None
    compiled = _compiled_for(ctx, (row_type, shape), statement)
    make = row_maker(row_type, compiled.converters)
    fetched = _fetch(ctx, compiled, params)
    cells = dict(zip(map(itemgetter(*key), fetched), fetched, strict=True))
    return LazyRows(cells, make, field_names(row_type), compiled.converters)


def field_names(row_type: type[Any]) -> tuple[str, ...]:
    """Return the field names of a dataclass row type, in order."""
    return tuple(f.name for f in dataclasses.fields(row_type))
