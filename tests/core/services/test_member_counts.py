"""党员人数 follows the roster; a typed figure counts only above it.

Every scenario starts from an empty database (init), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import asdict
from pathlib import Path

from openpyxl import load_workbook

from brandoffice.excel import export_kind, import_kind, undo_last_import
from brandoffice.listing import list_kind
from brandoffice.maintenance import check
from brandoffice.reports.bundle import write_bundle
from brandoffice.services.context import AppContext
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from tests.core.excel.excel_helpers import id_number, write_xlsx

MEMBER_HEADER = ["姓名", "所属组织", "党员类别", "身份证号"]


def _units(ctx: AppContext, typed_a: int = 0, typed_b: int = 0) -> tuple[int, int]:
    orgs = OrgService(ctx)
    root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇")).id
    a = orgs.create(
        OrgDraft(
            name="幸福社区党委", kind="党委", level="村社区", parent_id=root, member_count=typed_a
        )
    ).id
    b = orgs.create(
        OrgDraft(
            name="和平社区党委", kind="党委", level="村社区", parent_id=root, member_count=typed_b
        )
    ).id
    return a, b


def _roster(tmp_path: Path, unit: str, first: int, n: int) -> Path:
    rows = [[f"党员{i}", unit, "在职党员", id_number(100 + i)] for i in range(first, first + n)]
    return write_xlsx(tmp_path / f"roster-{first}.xlsx", MEMBER_HEADER, rows)


def _shown(ctx: AppContext, org_id: int) -> int:
    return OrgService(ctx).get(org_id).member_count


def test_a_roster_import_sets_the_count_and_undo_gives_it_back(
    each_db_ctx: AppContext, tmp_path: Path
) -> None:
    ctx = each_db_ctx
    a, b = _units(ctx)
    assert _shown(ctx, a) == 0
    import_kind(ctx, "members", _roster(tmp_path, "幸福社区党委", 1, 3))
    assert (_shown(ctx, a), _shown(ctx, b)) == (3, 0)
    listed = {o["name"]: o["member_count"] for o in list_kind(ctx, "orgs")}
    assert listed["幸福社区党委"] == 3
    export_kind(ctx, "orgs", tmp_path / "orgs.xlsx")
    sheet = load_workbook(tmp_path / "orgs.xlsx").worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    by_name = {
        r[0]: r[header.index("党员人数")] for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert by_name["幸福社区党委"] == 3
    report = check(ctx)
    assert report.ok and report.warnings == []  # nothing to reconcile
    undo_last_import(ctx)
    assert _shown(ctx, a) == 0


def test_a_typed_figure_counts_until_the_roster_passes_it(
    each_db_ctx: AppContext, tmp_path: Path
) -> None:
    ctx = each_db_ctx
    a, _b = _units(ctx, typed_a=5)
    import_kind(ctx, "members", _roster(tmp_path, "幸福社区党委", 1, 3))
    assert _shown(ctx, a) == 5  # the roster is catching up with the figure
    assert check(ctx).warnings == [
        "“幸福社区党委”党员人数 5，名册中有 3 名党员（另有 2 名未录入名册）"
    ]
    import_kind(ctx, "members", _roster(tmp_path, "幸福社区党委", 4, 3))
    assert _shown(ctx, a) == 6  # the roster passed it
    assert check(ctx).warnings == []
    undo_last_import(ctx)
    assert _shown(ctx, a) == 5


def test_moves_and_deletes_keep_both_counts(each_db_ctx: AppContext) -> None:
    ctx = each_db_ctx
    a, b = _units(ctx, typed_a=10)  # 幸福: 10 members, only some on the roster
    members = MemberService(ctx)
    ids = [
        members.create(MemberDraft(org_id=a, name=f"党员{i}", category="在职党员")).id
        for i in range(4)
    ]
    members.create(MemberDraft(org_id=b, name="和平一号", category="在职党员"))
    assert (_shown(ctx, a), _shown(ctx, b)) == (10, 1)
    members.delete(ids[0])
    assert (_shown(ctx, a), _shown(ctx, b)) == (9, 1)  # the 6 off the roster stay counted
    members.move([ids[1], ids[2]], b)
    assert (_shown(ctx, a), _shown(ctx, b)) == (7, 3)
    moved = members.get(ids[3])
    draft = MemberDraft(**{**_member_fields(moved), "org_id": b})
    members.update(moved.id, moved.version, draft)  # the form's 所属组织 changed
    assert (_shown(ctx, a), _shown(ctx, b)) == (6, 4)
    members.move([ids[1]], a)
    assert (_shown(ctx, a), _shown(ctx, b)) == (7, 3)  # 幸福 has members off the roster: +1
    assert check(ctx).ok


def test_a_unit_counted_by_its_roster_follows_it_exactly(each_db_ctx: AppContext) -> None:
    ctx = each_db_ctx
    a, b = _units(ctx)
    members = MemberService(ctx)
    ids = [
        members.create(MemberDraft(org_id=a, name=f"党员{i}", category="在职党员")).id
        for i in range(3)
    ]
    orgs = OrgService(ctx)
    unit = orgs.get(a)
    orgs.update(a, unit.version, OrgDraft(**_org_fields(unit)))  # the form saved as shown
    members.delete(ids[0])
    members.move([ids[1]], b)
    assert (_shown(ctx, a), _shown(ctx, b)) == (1, 1)
    unit = orgs.get(a)
    orgs.update(a, unit.version, OrgDraft(**{**_org_fields(unit), "member_count": 0}))
    assert _shown(ctx, a) == 1  # a figure below the roster: the roster counts
    unit = orgs.get(a)
    orgs.update(a, unit.version, OrgDraft(**{**_org_fields(unit), "member_count": 30}))
    assert _shown(ctx, a) == 30
    assert check(ctx).warnings == [
        "“幸福社区党委”党员人数 30，名册中有 1 名党员（另有 29 名未录入名册）"
    ]


def test_an_imported_unit_list_keeps_roster_counts(each_db_ctx: AppContext, tmp_path: Path) -> None:
    ctx = each_db_ctx
    a, _b = _units(ctx)
    import_kind(ctx, "members", _roster(tmp_path, "幸福社区党委", 1, 4))
    export_kind(ctx, "orgs", tmp_path / "orgs.xlsx", reveal=True)
    again = import_kind(ctx, "orgs", tmp_path / "orgs.xlsx")
    assert (again.inserted, again.updated) == (0, 0)  # the shown count round-trips
    path = write_xlsx(
        tmp_path / "stale.xlsx",
        ["组织名称", "上级组织", "组织类别", "组织层级", "党员人数"],
        [["幸福社区党委", "幸福街道党工委", "党委", "村社区", 2]],
    )
    import_kind(ctx, "orgs", path)  # an old list with a figure below the roster
    assert _shown(ctx, a) == 4
    members = MemberService(ctx)
    gone = members.page([a], 0, 1)[0]
    members.delete(gone.id)
    assert _shown(ctx, a) == 3


def test_the_bundle_lists_units_with_their_roster_counts(
    each_db_ctx: AppContext, tmp_path: Path
) -> None:
    ctx = each_db_ctx
    _units(ctx, typed_b=12)
    import_kind(ctx, "members", _roster(tmp_path, "幸福社区党委", 1, 3))
    out = write_bundle(ctx, tmp_path / "bundle.zip", year=2026)
    with zipfile.ZipFile(out) as archive:
        book = load_workbook(io.BytesIO(archive.read("02-Excel名册/党组织名册.xlsx")))
        report = archive.read("01-报告/组织架构与换届.docx")
    sheet = book.worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("党员人数")
    counts = {r[0]: r[column] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert (counts["幸福社区党委"], counts["和平社区党委"]) == (3, 12)
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(report)).paragraphs)
    assert "登记党员15名" in text


def _member_fields(row: object) -> dict[str, object]:
    data = asdict(row)  # type: ignore[call-overload]
    for key in ("id", "version"):
        data.pop(key)
    return data


def _org_fields(row: object) -> dict[str, object]:
    return _member_fields(row)
