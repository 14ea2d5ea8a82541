"""Inserting many rows in one statement without SQLAlchemy's work for every row."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session


def insert_many(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    shared: Mapping[str, Any] | None = None,
) -> None:
    """Insert rows that all name the same columns, plus values ``shared`` by every row.

    Columns that neither a row nor ``shared`` names take their Python-side defaults (a
    callable one, such as a new uid, is called for every row). On SQLite the values go
    through each column type's bind processor once per value and then to the driver's
    ``executemany`` as tuples, which skips SQLAlchemy's per-row parameter handling (in a
    50,000-member import it took 1.6 times the driver's own time, now 0.7); elsewhere the rows go
    through ``session.execute`` as usual. Either way the statement passes the engine's
    event hooks (the write guard sees it) and runs in the session's transaction.
    """
    if not rows:
        return
    given = dict(shared or {})
    keys = list(rows[0].keys())
    constant = {k: v for k, v in given.items() if k not in rows[0]}
    defaults = _defaults(table, [*keys, *constant])
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        full = [{**constant, **{k: f() for k, f in defaults.items()}, **row} for row in rows]
        session.execute(table.insert(), full)
        return
    processors = {k: p for k in (*keys, *defaults) if (p := _processor(table, k, dialect))}
    fixed = tuple(_processed(table, k, v, dialect) for k, v in constant.items())
    changed = [(i, _memoised(processors[k])) for i, k in enumerate(keys) if k in processors]
    made = [(f, processors.get(k)) for k, f in defaults.items()]
    take = itemgetter(*keys) if len(keys) > 1 else lambda row: (row[keys[0]],)
    params = []
    for row in rows:
        values = list(take(row))
        for i, process in changed:
            if values[i] is not None:
                values[i] = process(values[i])
        extra = tuple(f() if p is None else p(f()) for f, p in made)
        params.append((*values, *fixed, *extra))
    quote = dialect.identifier_preparer
    names = ", ".join(quote.format_column(table.c[k]) for k in (*keys, *constant, *defaults))
    marks = ", ".join("?" * (len(keys) + len(constant) + len(defaults)))
    sql = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({marks})"
    session.connection().exec_driver_sql(sql, params)


def _memoised(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Return ``process`` computing each distinct value once (a unit's 500 members share a
    join date's text, every new member's empty list of posts the same JSON)."""
    memo: dict[tuple[Any, ...], Any] = {}

    def run(value: Any) -> Any:
        if type(value) is list:  # 1, 1.0 and True are equal keys: their types tell them apart
            key: tuple[Any, ...] = (list, tuple(value), tuple(map(type, value)))
        else:
            key = (type(value), value)
        try:
            return memo[key]
        except KeyError:
            memo[key] = done = process(value)
            return done
        except TypeError:  # not hashable (a dict, a list of lists)
            return process(value)

    return run


def _defaults(table: Table, named: Sequence[str]) -> dict[str, Callable[[], Any]]:
    """Return a maker of the Python-side default of every column the rows leave out."""
    makers: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        default = column.default
        if column.key in named or default is None:
            continue
        if not (default.is_scalar or default.is_callable):
            continue  # an SQL expression: the statement computes it
        arg: Any = default.arg  # type: ignore[attr-defined]
        makers[column.key] = partial(arg, None) if default.is_callable else partial(_same, arg)
    return makers


def _same(value: Any) -> Any:
    return value


def _processed(table: Table, name: str, value: Any, dialect: Any) -> Any:
    """Return a value as the driver gets it for a column."""
    process = _processor(table, name, dialect)
    return value if process is None or value is None else process(value)


def _processor(table: Table, name: str, dialect: Any) -> Callable[[Any], Any] | None:
    """Return the bind processor of a column's type on this dialect (None: values pass)."""
    kind = table.c[name].type
    result: Callable[[Any], Any] | None = kind.dialect_impl(dialect).bind_processor(dialect)
    return result
