"""A python-calamine whose API does not match is a bug in the log, never "文件已损坏"."""

from __future__ import annotations

from pathlib import Path

import pytest
import python_calamine

from brandoffice.errors import KnownError
from brandoffice.excel import import_kind, write_template
from brandoffice.services.context import AppContext


class _OldBook:
    """A workbook as an old python-calamine gives it: no context manager, no ``end``."""

    sheet_names = ("组织",)

    @classmethod
    def from_path(cls, _path: str) -> _OldBook:
        return cls()


def test_an_api_mismatch_is_not_reported_as_a_damaged_file(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "orgs.xlsx"
    write_template("orgs", path)
    monkeypatch.setattr(python_calamine, "CalamineWorkbook", _OldBook)
    with pytest.raises((AttributeError, TypeError)) as caught:
        import_kind(ctx, "orgs", path)
    assert not isinstance(caught.value, KnownError)
