"""A column's distinct cells are converted once each, and equal-looking cells stay apart."""

from __future__ import annotations

import datetime as dt

from brandoffice.excel.colspec import ColType, Column
from brandoffice.excel.rowcheck import CellReader


def test_cells_equal_in_python_but_not_in_the_sheet_read_apart() -> None:
    reader = CellReader(Column("备注", "note", ColType.TEXT))
    assert reader.memo is not None  # a repeating column
    cells: list[object] = [1, True, 1.0, 1.5, "1", True, 1]
    assert [reader.read(c) for c in cells] == [
        ("1", None),
        ("是", None),
        ("1", None),
        ("1.5", None),
        ("1", None),
        ("是", None),
        ("1", None),
    ]


def test_a_bad_repeated_cell_gives_its_problem_every_time() -> None:
    reader = CellReader(Column("入党日期", "join_date", ColType.DATE))
    cells: list[object] = ["不详", dt.date(2001, 7, 1), "不详", None]
    values = [reader.read(c) for c in cells]
    assert values[1] == (dt.date(2001, 7, 1), None)
    assert values[0] == values[2]
    assert values[0][0] is None and values[0][1]
    assert values[3] == (None, None)


def test_unique_columns_are_not_remembered() -> None:
    assert CellReader(Column("身份证号", "id_number", ColType.ID_NUMBER)).memo is None
    assert CellReader(Column("联系电话", "phone", ColType.PHONE)).memo is None


def test_list_cells_give_a_fresh_list_each_row() -> None:
    reader = CellReader(Column("岗位", "posts", ColType.LIST))
    first, _ = reader.read("书记、委员")
    second, _ = reader.read("书记、委员")
    assert first == second == ["书记", "委员"]
    assert first is not second
