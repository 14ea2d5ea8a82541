"""Test databases: a template built once per session, private copies opened per test; a
look at a file's audit log from outside the program."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from brandoffice.app import open_context
from brandoffice.backup import copy_database, readonly_uri
from brandoffice.services.context import AppContext, Clock, system_clock

Made = TypeVar("Made")


def build_template(
    path: Path, build: Callable[[AppContext], Made], clock: Clock = system_clock
) -> tuple[Path, Made]:
    """Build a database at ``path`` with ``build`` on ``clock``; return it and what ``build`` made."""
    context = open_context(str(path), clock=clock)
    try:
        return path, build(context)
    finally:
        context.db.dispose()


def opened(path: str | Path, clock: Clock = system_clock) -> Iterator[AppContext]:
    """Open the database at ``path`` on ``clock``, yield its context, then dispose it.

    Fixtures ``yield from`` it.
    """
    context = open_context(str(path), clock=clock)
    yield context
    context.db.dispose()


def opened_copy(template: Path, path: Path, clock: Clock) -> Iterator[AppContext]:
    """Like :func:`opened`, on a private copy of ``template`` made at ``path``."""
    return opened(copy_database(template, path), clock)


def audit_names(db: Path) -> list[str]:
    """Read the audit entries' object names, in order, with a fresh read-only connection."""
    con = sqlite3.connect(readonly_uri(db), uri=True)
    try:
        return [r[0] for r in con.execute("SELECT object_name FROM audit_log ORDER BY id")]
    finally:
        con.close()
