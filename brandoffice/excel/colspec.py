"""The building blocks of a sheet's columns: cell types, a column, a kind's sheet."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from enum import Enum, StrEnum

from brandoffice.errors import ValidationError

IGNORED_PREFIX = "ignored:"


class ColType(Enum):
    """How a column's cells are read and written."""

    TEXT = "文本"
    NAME = "文本（汉字之间的空格会去掉）"
    INT = "整数"
    FLOAT = "数字"
    DATE = "日期"
    BOOL = "是/否"
    CHOICE = "选择"
    LIST = "多项"
    ID_NUMBER = "身份证号"
    PHONE = "电话"
    ORG = "组织名称或路径"
    CARRIERS = "载体"
    MONEY = "金额（元，最多两位小数）"
    LINES = "多行，每行一项"
    UID = "记录标识"
    IGNORED = "不导入"


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    Attributes:
        header: The Chinese header text the clerk sees (and the importer matches).
        field: The key of the value in a parsed row.
        kind: How cells are converted.
        required: Whether a blank cell is refused.
        max_len: Longest text accepted (TEXT, ORG and list items).
        choices: The vocabulary of a CHOICE column, or of each item of a LIST column.
        example: The value shown in the template's example row.
        width: Column width in the workbook (characters).
        aliases: Other headers clerks use for the same column.
        hint: A short note shown in the 说明 sheet.
        not_in_future: A date that may not be later than today (:meth:`refuse_future`, called
            by the service's rules, so the form and the import refuse it alike).
        matched: The header text a sheet had for the column (the header or an alias);
            set by :meth:`SheetSpec.by_header`, not compared.
    """

    header: str
    field: str
    kind: ColType = ColType.TEXT
    required: bool = False
    max_len: int = 100
    choices: type[StrEnum] | None = None
    example: object = None
    width: int = 14
    aliases: tuple[str, ...] = ()
    hint: str = ""
    not_in_future: bool = False
    matched: str = dataclass_field(default="", compare=False)

    @property
    def ignored(self) -> bool:
        """Tell whether the column is one clerks' lists have that is not imported."""
        return self.kind is ColType.IGNORED

    def refuse_future(self, value: dt.date | None, today: dt.date) -> None:
        """Refuse a date after today when the column may not hold one.

        Raises:
            ValidationError: ``{header}不能晚于今天``, under the column's field.
        """
        if self.not_in_future and value is not None and value > today:
            raise ValidationError(f"{self.header}不能晚于今天", self.field)


UID_HEADER = "标识（勿改）"
UID_HINT = (
    "导出时自动写入（列已隐藏），改名后再导入仍能找到同一条记录；请勿修改，"
    "新记录留空；模板和自己做的表可以没有这一列"
)


def uid_column() -> Column:
    """The optional last column holding a record's stable identity (written by exports)."""
    return Column(UID_HEADER, "uid", ColType.UID, max_len=36, width=10,
                  aliases=("标识", "记录标识"), hint=UID_HINT)  # fmt: skip


@dataclass(frozen=True)
class SheetSpec:
    """The columns of one importable kind, in template order.

    Attributes:
        kind: The CLI name (orgs, members …).
        label: The Chinese name, also the data sheet's name.
        columns: The columns in template order.
        intro: The first line of the 说明 sheet.
        references: Further vocabularies listed in 可选值 (values some free column takes).
        ignored: Headers clerks' lists have (the national member system's export …)
            that carry nothing this kind keeps, each with the note the import result
            shows; such columns are read past instead of refused.
    """

    kind: str
    label: str
    columns: tuple[Column, ...]
    intro: str
    references: tuple[tuple[str, type[StrEnum]], ...] = ()
    ignored: tuple[tuple[str, str], ...] = ()

    def by_header(self) -> dict[str, Column]:
        """Return the columns keyed by header and every alias, each knowing the name it
        was found by, and the ignored headers as columns of kind IGNORED."""
        found: dict[str, Column] = {}
        for column in self.columns:
            for name in (column.header, *column.aliases):
                found[name] = replace(column, matched=name)
            # headers are read NFKC-normalised: （） arrive as (), still the header itself
            found.setdefault(unicodedata.normalize("NFKC", column.header), found[column.header])
        for name, note in self.ignored:
            field_name = IGNORED_PREFIX + name
            found.setdefault(name, Column(name, field_name, ColType.IGNORED, hint=note))
        return found

    def column(self, field: str) -> Column:
        """Return the column of a field."""
        return next(c for c in self.columns if c.field == field)
