"""Import templates: Chinese headers, one example row, dropdowns and a 说明 sheet."""

from __future__ import annotations

from pathlib import Path

from brandoffice.excel.columns import spec_for
from brandoffice.excel.writer import write_sheet


def write_template(kind: str, path: Path) -> None:
    """Write the empty import template of a kind, with one realistic example row.

    Args:
        kind: One of :data:`brandoffice.excel.EXCEL_KINDS`.
        path: The .xlsx file to write (replaced if it exists).

    Raises:
        ValidationError: Unknown kind.
        StorageError: The file cannot be written.
    """
    spec = spec_for(kind)
    example = {c.field: c.example for c in spec.columns if c.example is not None}
    write_sheet(Path(path), spec, [example], example=True)
