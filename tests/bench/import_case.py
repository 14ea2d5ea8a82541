"""Benchmark: import 50,000 members from Excel against calamine + sqlite3 executemany."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from brandoffice.app import open_context
from brandoffice.excel import import_kind
from brandoffice.idcard import make_id_number
from brandoffice.model.base import new_uid
from brandoffice.services.context import AppContext
from tests.bench.cases import Case
from tests.bench.district import CATEGORIES, person_name
from tests.core.excel.excel_helpers import write_big_xlsx

HEADER = ("姓名", "所属组织", "党员类别", "身份证号", "联系电话", "入党日期")
ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
PHONE_SHAPE = re.compile(r"^1[3-9][0-9]{9}$")


def _checked(
    cells: list[Any], unit_of: dict[str, int], categories: set[str], seen: set[str], today: dt.date
) -> tuple[Any, ...] | None:
    """Return (unit, name, gender, category, ID, phone, join date) of a good row, else None."""
    name, unit, category, id_number, phone, joined = cells
    name, id_number, phone = str(name).strip(), str(id_number).strip().upper(), str(phone)
    org_id = unit_of.get(unit)
    joined = joined if isinstance(joined, dt.date) else None
    if not name or len(name) > 50 or org_id is None or category not in categories:
        return None
    if not ID_SHAPE.match(id_number) or id_number in seen or not PHONE_SHAPE.match(phone):
        return None
    try:
        born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None
    total = sum(int(c) * w for c, w in zip(id_number, ID_WEIGHTS, strict=False))
    if id_number[17] != ID_CHECK[total % 11] or not dt.date(1900, 1, 1) <= born <= today:
        return None
    if joined and joined > today:
        return None
    sex = "男" if int(id_number[16]) % 2 else "女"
    return (org_id, name, sex, category, id_number, phone, joined and joined.isoformat())


def _verified_copy(con: sqlite3.Connection, dest: Path) -> None:
    """Copy the database before writing and check the copy, as the program must (issue 10)."""
    dest.unlink(missing_ok=True)
    copy = sqlite3.connect(str(dest))
    try:
        con.backup(copy)
        if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise AssertionError("the floor's backup did not verify")
    finally:
        copy.close()


def _base_without_members(ctx: AppContext, work: Path) -> Path:
    """Copy the district database and drop its members: the import's starting point."""
    base = work / "import_base.sqlite3"
    src = sqlite3.connect(str(ctx.db.path))
    dst = sqlite3.connect(str(base))
    src.backup(dst)
    src.close()
    dst.execute("DELETE FROM members")
    dst.commit()
    dst.execute("VACUUM")
    dst.close()
    return base


def import_members_case(ctx: AppContext, work: Path, scale: float) -> Case:
    """Return the import case; the file is written once, each run imports into a fresh copy."""
    import random

    rng = random.Random(11)
    base = _base_without_members(ctx, work)
    con = sqlite3.connect(str(base))
    units = con.execute(
        "SELECT o.id, p.name || '/' || o.name FROM organisations o"
        " JOIN organisations p ON p.id = o.parent_id WHERE o.level = '基层单位'"
    ).fetchall()
    con.close()
    rows = []
    for i in range(max(500, int(50_000 * scale))):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
        unit = units[i % len(units)]
        rows.append(
            (
                person_name(rng),
                unit[1],
                rng.choice(CATEGORIES),
                make_id_number(f"5101{i % 100:02d}", born, i // 100 % 1000),
                f"13{rng.randrange(0, 10**9):09d}",
                born + dt.timedelta(days=9000),
            )
        )
    seen: set[str] = set()
    rows = [r for r in rows if not (r[3] in seen or seen.add(r[3]))]  # type: ignore[func-returns-value]
    xlsx = write_big_xlsx(work / "members.xlsx", "党员", HEADER, rows)
    unit_of = {path: org_id for org_id, path in units}

    def fresh(name: str) -> Path:
        target = work / name
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(base, target)
        return target

    def run() -> object:
        target = fresh("import_run.sqlite3")
        run_ctx = open_context(str(target))
        try:
            return import_kind(run_ctx, "members", xlsx)
        finally:
            run_ctx.db.dispose()

    def floor() -> object:
        from python_calamine import CalamineWorkbook

        target = fresh("import_floor.sqlite3")
        data = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
        con = sqlite3.connect(str(target))
        con.executemany(
            "INSERT INTO members (org_id, name, initials, category, id_number, phone, join_date,"
            " posts, version, created_at, updated_at, uid) VALUES (?, ?, '', ?, ?, ?, ?, '[]', 1,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)",
            [(unit_of[r[1]], r[0], r[2], r[3], r[4], str(r[5]), new_uid()) for r in data[1:]],
        )
        con.commit()
        con.close()
        return len(data)

    def honest() -> object:
        """The floor plus what a clerk needs checked and stored (see ``unfair``)."""
        from python_calamine import CalamineWorkbook

        from brandoffice.model.vocab import MemberCategory
        from brandoffice.textsearch import initials

        target = fresh("import_honest.sqlite3")
        data = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
        categories = {c.value for c in MemberCategory}
        today, seen, values, problems = dt.date.today(), set[str](), [], []
        for n, cells in enumerate(data[1:], 2):
            row = _checked(cells, unit_of, categories, seen, today)
            if row is None:
                problems.append(n)
            else:
                seen.add(row[4])
                values.append((*row[:2], initials(row[1]), *row[2:], new_uid()))
        con = sqlite3.connect(str(target))
        taken = {r[0] for r in con.execute("SELECT id_number FROM members")} & seen
        _verified_copy(con, work / "import_honest_backup.sqlite3")
        if problems or taken:
            raise AssertionError(f"the bench file should be clean: {problems[:5]} {taken}")
        con.executemany(
            "INSERT INTO members (org_id, name, initials, gender, category, id_number, phone,"
            " join_date, posts, version, created_at, updated_at, uid) VALUES (?, ?, ?, ?, ?, ?, ?,"
            " ?, '[]', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)",
            values,
        )
        con.commit()
        con.close()
        return len(values)

    return Case(
        f"import {len(rows):,} members from Excel",
        run,
        floor,
        goal=1.3,
        honest=honest,
        unfair="it stores the cells unchecked and without initials; a clerk needs each row"
        " checked (name, unit, category, ID number shape, birth date and check digit, no"
        " repeat in the file or the database, phone, join date not in the future) and the"
        " name's initials for search (the program's own textsearch.initials), gender taken"
        " from the ID number, and a verified copy of the database before writing (issue"
        " 10: sqlite3's backup, then integrity_check on the copy); the honest floor does"
        " these in plain Python",
    )
