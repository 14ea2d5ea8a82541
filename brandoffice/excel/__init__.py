"""Excel import and export of the register (units, members, brands, tasks) and campaign records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brandoffice.excel.batch import ImportSummary
    from brandoffice.excel.columns import EXCEL_KINDS
    from brandoffice.excel.rowcheck import Progress
    from brandoffice.services.context import AppContext

__all__ = [
    "EXCEL_KINDS",
    "ImportSummary",
    "export_kind",
    "import_kind",
    "undo_last_import",
    "write_template",
]

# The work happens in submodules imported on first use: openpyxl and the import machinery
# cost half a second, and every CLI command reads EXCEL_KINDS for its help text. The two
# names below load on first use too, so that the kinds' registry can import the column
# building blocks (colspec) without the package importing the registry back.


def __getattr__(name: str) -> Any:
    if name == "EXCEL_KINDS":
        from brandoffice.excel.columns import EXCEL_KINDS

        return EXCEL_KINDS
    if name == "ImportSummary":
        from brandoffice.excel.batch import ImportSummary

        return ImportSummary
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def write_template(kind: str, path: Path) -> None:
    """Write the import template of a kind (see :mod:`brandoffice.excel.template`)."""
    from brandoffice.excel.template import write_template as write

    write(kind, path)


def export_kind(
    ctx: AppContext,
    kind: str,
    path: Path,
    *,
    reveal: bool = False,
    progress: Progress | None = None,
) -> int:
    """Export a kind to .xlsx; return the rows written (see :mod:`brandoffice.excel.exporter`)."""
    from brandoffice.excel.exporter import export_kind as export

    return export(ctx, kind, path, reveal=reveal, progress=progress)


def import_kind(
    ctx: AppContext, kind: str, path: Path, *, progress: Progress | None = None
) -> ImportSummary:
    """Import a filled template, all rows or none (see :mod:`brandoffice.excel.importer`).

    The cyclic collector stays paused until the rows are freed: re-enabled while they
    live, its first full pass over millions of cells holds every thread (the window's
    event loop too) for a quarter of a second.
    """
    from brandoffice.excel.importer import import_kind as run
    from brandoffice.excel.rowcheck import paused_gc
    from brandoffice.safety.permissions import Action

    ctx.require(Action.IMPORT)
    with paused_gc():
        return run(ctx, kind, path, progress=progress)


def undo_last_import(ctx: AppContext) -> ImportSummary:
    """Undo the most recent import (see :mod:`brandoffice.excel.undo`)."""
    from brandoffice.excel.undo import undo_last_import as undo
    from brandoffice.safety.permissions import Action

    ctx.require(Action.IMPORT)

    return undo(ctx)
