"""Declarative base, naming convention and shared column helpers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, String, Table, func
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every mapped table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    """Return the current time in UTC (naive, as stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_uid() -> str:
    """Return a fresh stable identity (UUID4 text, 36 characters)."""
    return str(uuid.uuid4())


def indexed_fk(table: str, ondelete: str, **kwargs: Any) -> MappedColumn[Any]:
    """Return an indexed column holding the ``id`` of a row of ``table``.

    ``ondelete`` is the key's ``ON DELETE`` action (``CASCADE``, ``SET NULL``, ``RESTRICT``);
    ``kwargs`` go to :func:`~sqlalchemy.orm.mapped_column` (``primary_key=True`` …).
    """
    return mapped_column(ForeignKey(f"{table}.id", ondelete=ondelete), index=True, **kwargs)


class HasUid:
    """Mixin: a stable identity that travels with the record between offices (issue 22)."""

    uid: Mapped[str] = mapped_column(String(36), nullable=False, unique=True, default=new_uid)


class Versioned:
    """Mixin: an optimistic-lock version and change timestamps."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, nullable=False, default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime,
        nullable=False,
        default=utcnow,
        onupdate=utcnow,
        server_default=func.current_timestamp(),
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - a declared_attr takes the class
        """Let the ORM check and bump ``version`` on every update."""
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def table_of(model: type[Base]) -> Table:
    """Return the Core table of a mapped class, typed as a Table."""
    return cast(Table, model.__table__)
