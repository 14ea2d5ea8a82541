"""Hostile text at every entry and every exit: no traceback, no live formula, nothing unsafe stored.

The corpus holds control characters, zero-width and bidi characters, formula prefixes
(DDE payloads, HYPERLINK) and 10,000-character names. It goes in through the services
(create and update), Excel import and the sign-in, and straight into the database by
SQL (as an older database may hold it); then every report, the bundle, every export,
the audit export and every chart is written through the command line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import python_calamine
from openpyxl import Workbook, load_workbook
from sqlalchemy import String, Text

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.errors import ValidationError
from brandoffice.excel import EXCEL_KINDS
from brandoffice.model import Base
from brandoffice.reports.kinds import REPORT_KINDS
from brandoffice.safety import accounts
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.commitments import CommitmentDraft, CommitmentService
from brandoffice.services.context import AppContext
from brandoffice.services.funds import FundDraft, FundService
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.models_deeds import DeedDraft, ModelService
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.rows import CarrierRow
from brandoffice.services.training import TrainingDraft, TrainingService
from brandoffice.text_safety import FORMULA_PREFIXES
from tests.conftest import FakeClock
from tests.databases import build_template, opened_copy

CONTROLS = {
    "nul": "幸福\x00社区",
    "bell-escape": "幸福\x07\x1b[31m社区",
    "c1": "幸福\x85\x9f社区",
    "delete": "幸福\x7f社区",
    "vertical-tab": "幸福\x0b\x0c社区",
    "nonchar": "幸福\uffff社区",
}
INVISIBLE = {
    "zero-width": "幸福\u200b\u200d\ufeff社区",
    "bidi-override": "幸福\u202e区社\u202c",
    "bidi-isolate": "\u2066幸福社区\u2069",
}
FORMULAS = {
    "hyperlink": '=HYPERLINK("http://evil.example","点我")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(1+1)",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
}
OTHER = {
    "newline": "幸福\n社区",
    "mathtext": "$\\frac{a}{b$ 社区",
    "long": "长" * 10_000,
}
CORPUS = {**CONTROLS, **INVISIBLE, **FORMULAS, **OTHER}
# Characters no stored text may hold: controls other than tab and newline, invisible
# ones (zero-width, bidi), noncharacters.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufffe\uffff]"
)
CHINESE = re.compile("[\u4e00-\u9fff]")
TEXT_CAP = 5000
DAY = dt.date(2026, 5, 20)
REPORT_EXTRA = {"form": ["--all"], "inspection": ["--year", "2026"], "honours": ["--year", "2026"]}
CHARTS = ("phase", "unit", "sector", "progress", "brands")
ALONE_REPORTS = ("inspection",)
"""Reports the bundle does not hold."""
BUNDLED_LISTS = ("orgs", "members", "brands", "progress")
"""Lists the bundle holds."""


# -- helpers ---------------------------------------------------------------------


def _stored_texts(db: Path) -> Iterator[tuple[str, str, str]]:
    """Yield (table, column, value) for every text value in the database."""
    with sqlite3.connect(db) as con:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String | Text):
                    query = f'SELECT "{column.name}" FROM "{table.name}"'
                    for (value,) in con.execute(query):
                        if isinstance(value, str):
                            yield table.name, column.name, value


def assert_nothing_unsafe_stored(db: Path) -> None:
    """Fail when a text column holds a control or invisible character or a huge value."""
    for table, column, value in _stored_texts(db):
        assert not UNSAFE.search(value), (table, column, value[:80])
        assert len(value) <= TEXT_CAP, (table, column, len(value))


def _attempt(action: Callable[[], object]) -> str | None:
    """Run one entry; return the Chinese refusal, or None when accepted."""
    try:
        action()
    except ValidationError as exc:
        assert CHINESE.search(str(exc)), str(exc)
        return str(exc)
    return None


def _text_fields(draft: Any) -> list[tuple[str, bool]]:
    """Return the draft's text fields, each with whether it is a list of texts."""
    found = []
    for f in dataclasses.fields(draft):
        kind = str(f.type)
        if kind in ("str", "str | None"):
            found.append((f.name, False))
        elif kind == "list[str]":
            found.append((f.name, True))
    return found


@pytest.fixture(autouse=True)
def _quick_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip argon2 (about a second per sign-in here): the names are under test, not hashing."""
    from brandoffice.safety import passwords

    monkeypatch.setattr(passwords, "hash_password", lambda password: f"plain:{password}")
    monkeypatch.setattr(passwords, "dummy_hash", lambda: "plain:")
    monkeypatch.setattr(passwords, "verify_password", lambda h, p: h == f"plain:{p}")
    monkeypatch.setattr(passwords, "needs_rehash", lambda h: False)


def run_cli(db: Path, *argv: str) -> int:
    """Run the command line in-process; an exception escaping it is a traceback."""
    return main(["--db", str(db), *argv])


# -- entry: the services ---------------------------------------------------------


def _build_base(ctx: AppContext) -> dict[str, int]:
    """Add a street with one unit, a member, a brand and a campaign with a phase."""
    orgs = OrgService(ctx)
    street = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    unit = orgs.create(
        OrgDraft(name="幸福社区党委", kind="党委", level="村社区", parent_id=street.id)
    )
    member = MemberService(ctx).create(
        MemberDraft(org_id=unit.id, name="张三", category="在职党员")
    )
    brand = BrandService(ctx).create(BrandDraft(org_id=unit.id, name="红色驿站", year=2026))
    campaigns = CampaignService(ctx)
    campaign = campaigns.create_campaign("春季活动", 2026)
    phase = campaigns.add_phase(campaign.id, "动员部署", DAY, DAY + dt.timedelta(days=30))
    return {
        "street": street.id,
        "unit": unit.id,
        "member": member.id,
        "brand": brand.id,
        "phase": phase.id,
    }


@pytest.fixture(scope="module")
def base_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The base street, built once; each test gets its own copy (see ``street``)."""
    path = tmp_path_factory.mktemp("base") / "base.sqlite3"
    return build_template(path, _build_base, FakeClock(dt.datetime(2026, 5, 20, 9, 0)))


@pytest.fixture
def street(
    base_template: tuple[Path, dict[str, int]], tmp_path: Path, clock: FakeClock
) -> Iterator[tuple[AppContext, dict[str, int], Path]]:
    """A private copy of the base street: its context, its ids and its file."""
    path = tmp_path / "street.sqlite3"
    for context in opened_copy(base_template[0], path, clock):
        yield context, base_template[1], path


def _drafts(base: dict[str, int], n: int) -> dict[str, Any]:
    """Return a valid draft of each entity, its names made unique by ``n``."""
    return {
        "org": OrgDraft(f"单位{n}", "党支部", "基层单位", parent_id=base["street"]),
        "member": MemberDraft(base["unit"], f"李{n}", "在职党员"),
        "brand": BrandDraft(base["unit"], f"驿站{n:04d}", 2026),
        "task": TaskDraft(base["phase"], f"任务{n}", DAY),
        "training": TrainingDraft(base["unit"], DAY, "街道级", f"主题{n}", 2.0),
        "fund": FundDraft("申请", 100, f"经费{n}", DAY, brand_id=base["brand"]),
        "deed": DeedDraft(f"事迹{n}", DAY, org_id=base["unit"]),
        "commitment": CommitmentDraft(f"承诺{n}", DAY, org_id=base["unit"]),
    }


def _creators(ctx: AppContext) -> dict[str, Callable[[Any], object]]:
    return {
        "org": OrgService(ctx).create,
        "member": MemberService(ctx).create,
        "brand": BrandService(ctx).create,
        "task": CampaignService(ctx).add_task,
        "training": TrainingService(ctx).create,
        "fund": FundService(ctx).add,
        "deed": ModelService(ctx).create_deed,
        "commitment": CommitmentService(ctx).create,
    }


@pytest.mark.parametrize("key", list(CORPUS))
def test_services_refuse_or_clean_every_text_field(
    key: str, street: tuple[AppContext, dict[str, int], Path]
) -> None:
    ctx, base, db_path = street
    hostile = CORPUS[key]
    creators = _creators(ctx)
    refusals: dict[str, str | None] = {}
    n = 0
    for entity, draft in _drafts(base, 0).items():
        for name, is_list in _text_fields(draft):
            n += 1
            fresh = _drafts(base, n)[entity]
            value: object = [hostile] if is_list else hostile
            changed = dataclasses.replace(fresh, **{name: value})
            refusals[f"{entity}.{name}"] = _attempt(
                lambda make=creators[entity], d=changed: make(d)
            )
    # Updates go through the same checks as creation.
    orgs = OrgService(ctx)
    unit = orgs.get(base["unit"])
    draft = OrgDraft(name=hostile, kind="党委", level="村社区", parent_id=base["street"])
    refusals["org.update"] = _attempt(lambda: orgs.update(unit.id, unit.version, draft))
    brand_draft = BrandDraft(
        base["unit"], "红旗驿站", 2026, carriers=[CarrierRow(hostile, hostile)]
    )
    refusals["brand.carriers"] = _attempt(lambda: BrandService(ctx).create(brand_draft))
    campaigns = CampaignService(ctx)
    refusals["campaign.name"] = _attempt(lambda: campaigns.create_campaign(hostile, 2026))
    refusals["campaign.description"] = _attempt(
        lambda: campaigns.create_campaign(f"活动{key}", 2026, description=hostile)
    )
    refusals["phase.name"] = _attempt(
        lambda: campaigns.add_phase(1, hostile, DAY, DAY + dt.timedelta(days=1))
    )
    refusals["account.name"] = _attempt(
        lambda: accounts.create_account(ctx, hostile, "管理员", "Xingfu#2026")
    )
    for name in ("org.name", "member.name", "brand.name", "campaign.name", "account.name"):
        if key in CONTROLS or key == "long":
            assert refusals[name], (name, key)
    if key == "newline":  # a line break typed into a name: refused, or the name kept on one line
        names = {
            ("organisations", "name"),
            ("members", "name"),
            ("brands", "name"),
            ("campaigns", "name"),
            ("accounts", "name"),
        }
        broken = [(t, c, v) for t, c, v in _stored_texts(db_path) if (t, c) in names and "\n" in v]
        assert broken == []
    if key in CONTROLS:
        accepted = [field for field, refusal in refusals.items() if refusal is None]
        assert not accepted, accepted
    assert_nothing_unsafe_stored(db_path)


def test_messages_name_the_character(street: tuple[AppContext, dict[str, int], Path]) -> None:
    ctx, base, _path = street
    draft = OrgDraft(name="幸福\x07社区", kind="党委", level="村社区", parent_id=base["street"])
    with pytest.raises(ValidationError) as info:
        OrgService(ctx).create(draft)
    assert "组织名称" in str(info.value) and "第3个字符" in str(info.value)
    assert "U+0007" in str(info.value) and info.value.field == "name"
    # A name broken over two lines in a cell is joined (names are tidied to one line);
    # a line break in any other one-line field is refused.
    joined = OrgService(ctx).create(dataclasses.replace(draft, name="和平\n社区党委"))
    assert joined.name == "和平社区党委"
    with pytest.raises(ValidationError, match="只能写一行"):
        OrgService(ctx).create(dataclasses.replace(draft, name="安康社区", address="和平路\n18号"))
    created = OrgService(ctx).create(dataclasses.replace(draft, name="幸\u200b福\u202e社区"))
    assert created.name == "幸福社区"
    note = OrgService(ctx).create(
        dataclasses.replace(draft, name="平安社区", note="第一行\r\n第二行\t完")
    )
    assert note.note == "第一行\n第二行 完"  # tabs tidied to a space


def test_failed_sign_in_with_hostile_names_is_stored_clean(
    street: tuple[AppContext, dict[str, int], Path],
) -> None:
    ctx, _base, db_path = street
    for text in CORPUS.values():
        with pytest.raises(accounts.LoginError):
            accounts.authenticate(ctx, text, "whatever-1A")
    assert_nothing_unsafe_stored(db_path)


# -- entry: Excel ----------------------------------------------------------------


def _org_sheet(path: Path, names: list[str]) -> None:
    """Write an orgs sheet whose names and notes hold the given text, controls included.

    openpyxl refuses control characters, so they are written as placeholders and then
    turned into the escapes (``_x0007_``) by which Excel stores them in its XML.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["组织名称", "上级组织", "组织类别", "组织层级", "备注"])
    for name in names:
        typed = re.sub("[\x00-\x1f\uffff]", lambda m: f"QQ{ord(m.group()):04X}QQ", name)
        sheet.append([typed, None, "党委", "村社区", typed])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # typed as text, never a formula
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                text = re.sub("QQ([0-9A-F]{4})QQ", r"_x\1_", data.decode("utf-8"))
                data = text.encode("utf-8")
            target.writestr(item, data)


def test_excel_import_refuses_controls_and_cleans_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.sqlite3"
    assert run_cli(db, "init") == 0
    sheet = tmp_path / "orgs.xlsx"
    # Excel stores U+FFFF as the text "_xFFFF_": only real control characters here.
    controls = [t for k, t in CONTROLS.items() if k != "nonchar"]
    _org_sheet(sheet, [f"单位{i}{text}" for i, text in enumerate(controls)])
    assert run_cli(db, "import", "orgs", str(sheet)) == 2
    err = capsys.readouterr().err
    # Every row whose cell reaches the program with a control character is refused. (An
    # older python-calamine hands the "_x0007_" escape over as that text, which is harmless.)
    read = python_calamine.CalamineWorkbook.from_path(str(sheet)).get_sheet_by_index(0)
    names = [str(r[0]) for r in read.to_python()[1:]]
    carrying = [row for row, name in enumerate(names, start=2) if UNSAFE.search(name)]
    assert carrying
    for row in carrying:
        assert f"第{row}行 [组织名称]" in err and f"第{row}行 [备注]" in err, (row, err)
    assert "控制字符" in err and not UNSAFE.search(err), err
    assert run_cli(db, "list", "orgs") == 0 and "共 0 条" in capsys.readouterr().out
    formulas = [t for t in FORMULAS.values() if "/" not in t and t[0] not in "\t\r"]
    accepted = [f"单位{i}{t}" for i, t in enumerate([*INVISIBLE.values(), *formulas])]
    _org_sheet(sheet, accepted)
    assert run_cli(db, "import", "orgs", str(sheet)) == 0, capsys.readouterr().err
    assert_nothing_unsafe_stored(db)


# -- exit: every document and export -----------------------------------------------


def assert_no_live_formula(book_bytes: bytes, where: str) -> None:
    """Fail on a formula cell, or text that Excel could take for one without a quote prefix."""
    book = load_workbook(io.BytesIO(book_bytes))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (where, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    assert cell.data_type == "s" and cell.quotePrefix, (where, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not UNSAFE.search(cell.value), (where, cell.coordinate)


def assert_clean_docx(data: bytes, where: str) -> None:
    """Fail when a Word file holds a character XML forbids or an invisible one."""
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert not UNSAFE.search(xml), where


def write_everything(db: Path, out: Path, *, alone: bool = True) -> list[Path]:
    """Write every report, the bundle, every export, the audit log and every chart.

    Args:
        db: The database.
        out: A new folder for the files.
        alone: Also write on their own the reports and lists the bundle holds
            (slow on the demo street; the bundle writes them the same way).

    Returns:
        The documents and workbooks written.
    """
    out.mkdir()
    written = []
    ok = (0, 2) if alone else (0,)  # 2: nothing to report on an empty database
    for kind in REPORT_KINDS:
        if not alone and kind not in ALONE_REPORTS:
            continue
        target = out / f"{kind}.docx"
        extra = REPORT_EXTRA.get(kind, [])
        assert run_cli(db, "report", kind, "--out", str(target), *extra) in ok, kind
        written += [target] if target.exists() else []
    bundle = out / "bundle.zip"
    assert run_cli(db, "bundle", "--out", str(bundle), "--year", "2026") == 0
    written.append(bundle)
    for kind in EXCEL_KINDS:
        if not alone and kind in BUNDLED_LISTS:
            continue
        target = out / f"{kind}.xlsx"
        assert run_cli(db, "export", kind, str(target)) == 0, kind
        written.append(target)
    assert run_cli(db, "audit", str(out / "audit.xlsx")) == 0
    written.append(out / "audit.xlsx")
    for kind in CHARTS:
        assert run_cli(db, "chart", kind, "--out", str(out / f"{kind}.png")) == 0, kind
    return written


def check_written(files: list[Path]) -> None:
    """Open every file written: no live formula, nothing XML forbids."""
    for path in files:
        if path.suffix == ".xlsx":
            assert_no_live_formula(path.read_bytes(), path.name)
        elif path.suffix == ".docx":
            assert_clean_docx(path.read_bytes(), path.name)
        else:
            with zipfile.ZipFile(path) as bundle:
                for name in bundle.namelist():
                    assert not UNSAFE.search(name), name
                    if name.endswith(".xlsx"):
                        assert_no_live_formula(bundle.read(name), name)
                    elif name.endswith(".docx"):
                        assert_clean_docx(bundle.read(name), name)


def _hostile_sql(db: Path) -> None:
    """Write the corpus straight into stored names and notes, as an old database may hold."""
    suffix = "".join(v for k, v in CORPUS.items() if k != "long")
    columns = {
        "organisations": ("name", "secretary", "address", "note"),
        "brands": ("name", "slogan", "theme", "logo_text", "naming_body", "service_site"),
        "members": ("name", "note"),
        "campaigns": ("name", "description"),
        "phases": ("name",),
        "tasks": ("name", "description"),
        "brand_carriers": ("name", "description"),
        "task_progress": ("note",),
        "review_rounds": ("name",),
        "commendations": ("awarded_by", "note"),
        "training_sessions": ("topic", "trainer"),
        "model_deeds": ("title", "summary"),
        "fund_entries": ("item",),
    }
    with sqlite3.connect(db) as con:
        for table, names in columns.items():
            for name in names:
                con.execute(f"UPDATE {table} SET {name} = COALESCE({name}, '') || ?", (suffix,))
        # An old failed sign-in, stored before names were cleaned.
        con.execute(
            "INSERT INTO audit_log (at, account, action, object_type, object_name, result,"
            " detail, prev_hash, hash) VALUES (?, ?, '登录失败', '账户', ?, '失败', ?, '', '')",
            ("2026-05-19 08:00:00", suffix, suffix, CORPUS["hyperlink"]),
        )


def test_documents_and_exports_from_an_empty_database(
    tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "e.sqlite3"
    assert run_cli(db, "init") == 0
    ctx = open_context(str(db), clock=clock)
    try:
        orgs = OrgService(ctx)
        street = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
        units = [
            orgs.create(
                OrgDraft(
                    name=f"{text}{i}",
                    kind="党委",
                    level="村社区",
                    sector="社区",
                    parent_id=street.id,
                    secretary=text[:20],
                    note=text,
                )
            )
            for i, text in enumerate([*FORMULAS.values(), *INVISIBLE.values(), CORPUS["mathtext"]])
            if "/" not in text  # a path separator in unit names is refused
        ]
        BrandService(ctx).create(
            BrandDraft(units[0].id, "=1+2社区", 2026, slogan=CORPUS["dde"], theme=CORPUS["at"])
        )
        campaigns = CampaignService(ctx)
        campaign = campaigns.create_campaign("=HYPERLINK(1)活动", 2026, description="+1")
        phase = campaigns.add_phase(campaign.id, "@阶段", DAY, DAY + dt.timedelta(days=30))
        campaigns.add_task(TaskDraft(phase.id, "-任务", DAY + dt.timedelta(days=5)))
        for text in CORPUS.values():
            with pytest.raises(accounts.LoginError):
                accounts.authenticate(ctx, text, "whatever-1A")
    finally:
        ctx.db.dispose()
    assert_nothing_unsafe_stored(db)
    _hostile_sql(db)
    check_written(write_everything(db, tmp_path / "out"))
    capsys.readouterr()


def test_documents_and_exports_survive_stored_hostile_text(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from brandoffice.backup import copy_database

    db = copy_database(demo_template, tmp_path / "demo.sqlite3")
    _hostile_sql(db)
    check_written(write_everything(db, tmp_path / "out", alone=False))
    with zipfile.ZipFile(tmp_path / "out" / "bundle.zip") as bundle:
        assert any("HYPERLINK" in name for name in bundle.namelist())
    capsys.readouterr()
