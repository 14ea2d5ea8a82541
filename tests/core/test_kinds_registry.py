"""The registry is the one list of record kinds: every layer shows exactly its kinds."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from brandoffice.cli.main import main
from brandoffice.excel import EXCEL_KINDS, export_kind, write_template
from brandoffice.excel.importer import HANDLERS
from brandoffice.excel.record_kinds import MEMBER_KINDS
from brandoffice.excel.undo_records import DELETE_ORDER, RECORD_TABLES
from brandoffice.kinds import KINDS, by_name
from brandoffice.listing import KINDS as LIST_KINDS
from brandoffice.reports.records import SECTIONS
from brandoffice.services.context import AppContext
from tests.core.excel.records_data import RECORD_KINDS as ROUND_TRIPPED
from ui.excel_flows import PERSONAL_NUMBERS
from ui.orgs.records.panel import PAGES, RecordsPanel
from ui.orgs.runner import ImmediateRunner

NAMES = [k.name for k in KINDS]


def test_names_and_labels_are_unique() -> None:
    assert len(set(NAMES)) == len(NAMES)
    assert len({k.label for k in KINDS}) == len(KINDS)
    assert all(k.spec.kind == k.name and k.spec.label == k.label for k in KINDS)


def test_every_layer_derives_its_kinds_from_the_registry() -> None:
    assert [k for k in EXCEL_KINDS if k in NAMES] == NAMES
    assert set(NAMES) <= set(HANDLERS) and set(NAMES) <= set(LIST_KINDS)
    assert set(MEMBER_KINDS) == {k.name for k in KINDS if k.names_members}
    assert {k for k, v in PERSONAL_NUMBERS.items() if v == "党员身份证号"} == set(MEMBER_KINDS)
    assert [t for t, _tab in PAGES] == [k.label for k in KINDS if k.tab is not None]
    assert list(SECTIONS) == [k.label for k in KINDS if k.section is not None]
    for kind in KINDS:
        assert all(RECORD_TABLES[t] in DELETE_ORDER for t in kind.undo.tables)
        assert kind.table in RECORD_TABLES
        for field in kind.key:
            kind.spec.column(field)  # the upsert key names the kind's own fields
        if kind.dated:
            kind.spec.column(kind.dated)


def test_every_hook_imports() -> None:
    for kind in KINDS:
        for hook in ("planner", "applier", "exporter", "tab", "section", "rules"):
            if getattr(kind, hook) is not None:
                assert callable(kind.hook(hook)), (kind.name, hook)


def test_a_kind_without_data_behind_it_in_the_round_trip_tests_has_its_own() -> None:
    simple = {k.name for k in KINDS if k.name not in ROUND_TRIPPED}
    # tests/core/test_member_posts.py, tests/core/test_honours_scenario.py
    assert simple == {"member-posts", "commendations"}


def test_unknown_kind_is_refused_in_chinese() -> None:
    with pytest.raises(Exception, match="没有“nope”这种记录"):
        by_name("nope")


def test_list_help_names_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    out = "".join(capsys.readouterr().out.split())  # argparse wraps long lines
    for kind in KINDS:
        assert kind.name in out and kind.label in out


@pytest.mark.parametrize("kind", NAMES)
def test_listable_exportable_and_templated_on_an_empty_database(
    kind: str, ctx: AppContext, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "list", kind, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert export_kind(ctx, kind, tmp_path / "out.xlsx") == 0
    write_template(kind, tmp_path / "template.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "template.xlsx")[by_name(kind).label]
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert headers == [c.header for c in by_name(kind).spec.columns]


def test_listable_on_the_demo_with_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "demo.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    capsys.readouterr()
    for kind in KINDS:
        assert main(["--db", db, "list", kind.name, "--json"]) == 0
        items = json.loads(capsys.readouterr().out)
        if items and kind.list_name:
            assert all("name" in item for item in items), kind.name


def test_the_panel_has_a_tab_per_kind(qtbot: QtBot, ctx: AppContext) -> None:
    panel = RecordsPanel(ctx, ImmediateRunner())
    qtbot.addWidget(panel)
    titles = [panel.kinds.item(i).text() for i in range(panel.kinds.count())]
    assert titles == [k.label for k in KINDS if k.tab is not None]
    assert "党员示范岗" in titles and "书记述职评议" in titles
