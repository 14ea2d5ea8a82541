"""党员示范岗, the kind added through the registry alone: Excel, undo, list, service, report, panel."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from brandoffice.cli.main import main
from brandoffice.errors import ImportRejected, KnownError, ValidationError
from brandoffice.excel import import_kind, undo_last_import
from brandoffice.kinds import by_name
from brandoffice.kinds.simple_service import SimpleRecords
from brandoffice.listing import list_kind
from brandoffice.reports.common import ReportOptions
from brandoffice.reports.progress_report import write_progress
from brandoffice.services.context import AppContext
from tests.core.excel.excel_helpers import write_xlsx
from tests.core.reports import docx_checks as dc
from tests.core.services.records_fixtures import Street, build_street
from ui.orgs.records.panel import RecordsPanel
from ui.orgs.runner import ImmediateRunner

KIND = by_name("member-posts")
HEADER = ["姓名", "所属组织", "身份证号", "岗位名称", "设岗日期", "备注"]
UNIT = "幸福街道党工委/幸福驿站社区党委"


def _sheet(path: Path, *rows: list[object]) -> Path:
    return write_xlsx(path, HEADER, rows, sheet=KIND.label)


def test_a_filled_row_imports_lists_and_undoes(ctx: AppContext, tmp_path: Path) -> None:
    build_street(ctx)
    path = _sheet(
        tmp_path / "posts.xlsx", ["张伟", UNIT, None, "便民服务岗", dt.date(2026, 3, 5), None]
    )
    summary = import_kind(ctx, "member-posts", path)
    assert (summary.inserted, summary.updated) == (1, 0)
    items = list_kind(ctx, "member-posts")
    assert [(i["name"], i["member"], i["org"]) for i in items] == [
        ("便民服务岗", "张伟", "幸福驿站社区党委")
    ]
    again = import_kind(ctx, "member-posts", _sheet(
        tmp_path / "again.xlsx", ["张伟", UNIT, None, "便民服务岗", dt.date(2026, 3, 6), "改"]
    ))  # fmt: skip
    assert (again.inserted, again.updated) == (0, 1)
    undo_last_import(ctx)
    assert list_kind(ctx, "member-posts")[0]["set_up_on"] == "2026-03-05"
    assert undo_last_import(ctx).inserted == 1  # the row is back at the version it was added
    assert list_kind(ctx, "member-posts") == []


def test_an_edit_after_the_import_still_blocks_its_undo(ctx: AppContext, tmp_path: Path) -> None:
    street = build_street(ctx)
    path = _sheet(
        tmp_path / "posts.xlsx", ["张伟", UNIT, None, "便民服务岗", dt.date(2026, 3, 5), None]
    )
    import_kind(ctx, "member-posts", path)
    service = SimpleRecords(ctx, KIND)
    row = service.rows()[0]
    service.update(row.id, row.version, street.members["张伟"], {**row.values, "note": "改"})
    with pytest.raises(KnownError, match="导入新增的党员示范岗后来又被修改"):
        undo_last_import(ctx)


def test_undo_removes_an_imported_post(ctx: AppContext, tmp_path: Path) -> None:
    build_street(ctx)
    path = _sheet(
        tmp_path / "posts.xlsx", ["张伟", UNIT, None, "便民服务岗", dt.date(2026, 3, 5), None]
    )
    import_kind(ctx, "member-posts", path)
    assert (undo_last_import(ctx).inserted, list_kind(ctx, "member-posts")) == (1, [])


def test_the_cli_lists_them_as_json(
    ctx: AppContext, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    street = build_street(ctx)
    SimpleRecords(ctx, KIND).add(
        street.members["王芳"], {"name": "政策宣传岗", "set_up_on": dt.date(2026, 4, 1)}
    )
    assert main(["--db", str(db_path), "list", "member-posts", "--json"]) == 0
    assert [i["name"] for i in json.loads(capsys.readouterr().out)] == ["政策宣传岗"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": "岗", "set_up_on": dt.date(2026, 6, 1)}, "set_up_on", "设岗日期不能晚于今天"),
        ({"name": "  ", "set_up_on": dt.date(2026, 1, 1)}, "name", "岗位名称不能为空"),
        ({"name": "岗" * 101, "set_up_on": dt.date(2026, 1, 1)}, "name", "岗位名称不能超过100个字"),
    ],
)
def test_the_form_and_excel_refuse_alike(
    ctx: AppContext, tmp_path: Path, values: dict[str, object], field: str, message: str
) -> None:
    street = build_street(ctx)
    with pytest.raises(ValidationError, match=message) as refused:
        SimpleRecords(ctx, KIND).add(street.members["张伟"], values)
    assert refused.value.field == field
    row = ["张伟", UNIT, None, values["name"], values["set_up_on"], None]
    with pytest.raises(ImportRejected) as rejected:
        import_kind(ctx, "member-posts", _sheet(tmp_path / "bad.xlsx", row))
    problems = [(p.column, p.reason) for p in rejected.value.problems]
    header = KIND.spec.column(field).header
    if field == "name" and not str(values["name"]).strip():
        assert problems[0][0] == header  # the reader refuses a blank required cell itself
    else:
        assert len(problems) == 1 and problems[0][0] == header
        assert problems[0][1].startswith(message)
    assert list_kind(ctx, "member-posts") == []


def test_service_edits_refuse_duplicates_and_stale_versions(ctx: AppContext) -> None:
    street = build_street(ctx)
    service = SimpleRecords(ctx, KIND)
    first = service.add(
        street.members["张伟"], {"name": "便民服务岗", "set_up_on": dt.date(2026, 1, 2)}
    )
    with pytest.raises(ValidationError, match="已有“便民服务岗”"):
        service.add(
            street.members["张伟"], {"name": "便民服务岗", "set_up_on": dt.date(2026, 1, 3)}
        )
    moved = service.update(
        first.id, first.version, street.members["刘洋"], {**first.values, "note": "调岗"}
    )
    assert (moved.member_name, moved.org_id, moved.version) == ("刘洋", street.dongfeng, 2)
    with pytest.raises(Exception, match="已被他人修改"):
        service.update(first.id, first.version, street.members["刘洋"], first.values)
    service.delete(first.id)
    assert service.rows() == []


def test_the_progress_report_has_the_section(ctx: AppContext, tmp_path: Path) -> None:
    street = build_street(ctx)
    SimpleRecords(ctx, KIND).add(
        street.members["孙丽"], {"name": "红色代办岗", "set_up_on": dt.date(2026, 2, 1)}
    )
    text = dc.body_text(write_progress(ctx, tmp_path / "p.docx", ReportOptions()))
    assert "、党员示范岗" in text and "2026年度登记党员示范岗1个" in text and "红色代办岗" in text


def test_the_panel_shows_them(qtbot: QtBot, ctx: AppContext) -> None:
    street: Street = build_street(ctx)
    SimpleRecords(ctx, KIND).add(
        street.members["赵磊"], {"name": "网格服务岗", "set_up_on": dt.date(2026, 2, 1)}
    )
    panel = RecordsPanel(ctx, ImmediateRunner())
    qtbot.addWidget(panel)
    panel.show()
    from brandoffice.services.orgs import OrgService

    panel.set_org(OrgService(ctx).get(street.xingfu))
    tab = panel.show_kind("党员示范岗")
    assert tab.table is not None and tab.table.model.rowCount() == 1
