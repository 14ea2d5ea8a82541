"""Exceptions a clerk can act on, each carrying a Chinese message."""

from __future__ import annotations

from dataclasses import dataclass


class KnownError(Exception):
    """An error the user can understand and act on; ``str()`` is the Chinese message."""


class ValidationError(KnownError):
    """Input breaks a rule of the domain."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(KnownError):
    """A named record does not exist."""


class StaleEditError(KnownError):
    """The record was changed by someone else since it was read."""


class StorageError(KnownError):
    """The database or a file cannot be written or read (full, locked, read-only, corrupt)."""


class SchemaTooNewError(StorageError):
    """The database was written by a newer program."""


@dataclass(frozen=True)
class CellProblem:
    """One bad cell of an imported sheet."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行 [{self.column}] “{self.value}”：{self.reason}"


class ImportRejected(KnownError):  # noqa: N818 - names the outcome the clerk sees
    """An import was refused as a whole; ``problems`` names the first bad cells.

    Attributes:
        problems: The bad cells listed, by row (at most a few hundred).
        total: How many bad cells there are in all.
        more_rows: How many rows hold the bad cells that are not listed.
    """

    def __init__(
        self, problems: list[CellProblem], total: int | None = None, more_rows: int = 0
    ) -> None:
        self.total = len(problems) if total is None else total
        super().__init__(f"导入被拒绝：{self.total} 处数据有误，数据库未作任何改动")
        self.problems = problems
        self.more_rows = more_rows

    def detail_lines(self) -> list[str]:
        """Return one line per listed bad cell, then how many more there are."""
        lines = [str(p) for p in self.problems]
        more = self.total - len(self.problems)
        if more > 0:
            lines.append(f"另有 {more} 处错误未列出，共涉及 {self.more_rows} 行")
        return lines
