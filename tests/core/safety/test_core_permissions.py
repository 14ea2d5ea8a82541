"""Roles checked in the core: whoever calls the services, a 领导 writes and reveals nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from brandoffice import maintenance
from brandoffice.app import open_context
from brandoffice.demo import build_demo
from brandoffice.excel import export_kind, import_kind, undo_last_import
from brandoffice.idcard import make_id_number
from brandoffice.listing import list_kind
from brandoffice.model import AuditEntry
from brandoffice.model.vocab import Role
from brandoffice.office import OfficeIdentity, OfficeKind
from brandoffice.packet.export import export_down, export_up
from brandoffice.packet.merge import import_packet
from brandoffice.packet.undo import undo_last_packet
from brandoffice.reports.forms import form_data
from brandoffice.safety import accounts, passwords
from brandoffice.safety.accounts import authenticate, create_account
from brandoffice.safety.auditlog import export_audit
from brandoffice.safety.login_settings import login_required
from brandoffice.safety.permissions import NotSignedInError, PermissionDeniedError
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.context import AppContext
from brandoffice.services.holidays import save_year
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService
from brandoffice.services.settings import set_office_identity
from tests.conftest import FakeClock
from tests.core.safety.signin_helpers import PASSWORDS, everything, make_accounts


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(1, 1024, 1))


@dataclass(frozen=True)
class Office:
    """What the refused operations work on."""

    unit_id: int
    member_id: int
    brand_id: int
    backup: Path
    folder: Path


@pytest.fixture
def office(ctx: AppContext, tmp_path: Path) -> Office:
    """An empty database with a unit, a member, a brand, three accounts, then sign-in on."""
    orgs = OrgService(ctx)
    top = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    unit = orgs.create(
        OrgDraft(
            name="幸福社区党委", kind="党委", level="村社区", parent_id=top.id, phone="13812345678"
        )
    )
    member = MemberService(ctx).create(
        MemberDraft(
            org_id=unit.id,
            name="王芳",
            category="在职党员",
            id_number=make_id_number("330106", dt.date(1985, 3, 12), 7),
            phone="13900001111",
        )
    )
    brand = BrandService(ctx).create(BrandDraft(org_id=unit.id, name="幸福驿站", year=2026))
    make_accounts(ctx)
    backup = maintenance.backup(ctx, tmp_path / "before.sqlite3")
    accounts.set_login_required(ctx, True)
    return Office(unit.id, member.id, brand.id, backup, tmp_path)


@pytest.fixture
def sign_in(db_path: Path, clock: FakeClock) -> Iterator[Callable[[str | None], AppContext]]:
    """Open the database as the window or the command line does, signed in as ``name``."""
    opened: list[AppContext] = []

    def open_as(name: str | None) -> AppContext:
        ctx = open_context(str(db_path), clock=clock)
        opened.append(ctx)
        ctx.gate.enforce(login_required(ctx))
        if name is not None:
            row = authenticate(ctx, name, PASSWORDS[name])
            ctx.sign_in(row.name, row.role)
        return ctx

    yield open_as
    for ctx in opened:
        ctx.db.dispose()


Operation = Callable[[AppContext, Office], Any]

WRITES: dict[str, Operation] = {
    "新增组织": lambda c, o: OrgService(c).create(
        OrgDraft(name="和平社区党委", kind="党委", level="村社区")
    ),
    "删除党员": lambda c, o: MemberService(c).delete(o.member_id),
    "导入": lambda c, o: import_kind(c, "orgs", o.folder / "missing.xlsx"),
    "撤销导入": lambda c, o: undo_last_import(c),
    "示例数据": lambda c, o: build_demo(c),
    "本单位信息": lambda c, o: set_office_identity(
        c, OfficeIdentity(kind=OfficeKind.STREET, name="幸福街道")
    ),
    "节假日": lambda c, o: save_year(c, 2031, []),
    "备份": lambda c, o: maintenance.backup(c, o.folder / "copy.sqlite3"),
    "导出（已遮蔽）": lambda c, o: export_kind(c, "orgs", o.folder / "orgs.xlsx"),
    "恢复": lambda c, o: maintenance.restore(c, o.backup),
    "修复": lambda c, o: maintenance.check(c, repair=True),
    "报送数据包": lambda c, o: export_up(c, o.folder / "up.bopkt"),
    "下发数据包": lambda c, o: export_down(c, o.folder / "down.bopkt", "和平街道"),
    "导入数据包": lambda c, o: import_packet(c, o.folder / "missing.bopkt"),
    "撤销数据包导入": lambda c, o: undo_last_packet(c),
}
ADMIN_ONLY: dict[str, Operation] = {
    "提升自己为管理员": lambda c, o: accounts.set_role(c, "li", Role.ADMIN.value),
    "提升组织员": lambda c, o: accounts.set_role(c, "zhang", Role.ADMIN.value),
    "重置管理员密码": lambda c, o: accounts.change_password(c, "boss", "New-Pass-99!"),
    "知道旧密码也不能改别人的": lambda c, o: accounts.change_password(
        c, "boss", "New-Pass-99!", PASSWORDS["boss"]
    ),
    "新增管理员": lambda c, o: create_account(c, "mole", Role.ADMIN.value, "Spy-Key-4711!"),
    "停用账户": lambda c, o: accounts.set_disabled(c, "boss", True),
    "解除锁定": lambda c, o: accounts.unlock(c, "boss"),
    "关闭登录": lambda c, o: accounts.set_login_required(c, False),
    "空闲锁定": lambda c, o: accounts.set_idle_lock_minutes(c, 0),
    "列出账户": lambda c, o: accounts.list_accounts(c),
    "导出审计日志": lambda c, o: export_audit(c, o.folder / "audit.xlsx"),
    "列出审计日志": lambda c, o: list_kind(c, "audit"),
}
REVEALS: dict[str, Operation] = {
    "报送完整证件号": lambda c, o: export_up(c, o.folder / "full.bopkt", full_id=True),
    "导出完整证件号": lambda c, o: export_kind(c, "members", o.folder / "full.xlsx", reveal=True),
    "列出完整证件号": lambda c, o: list_kind(c, "members", reveal=True),
    "登记表完整电话": lambda c, o: form_data(c, o.brand_id, reveal_phone=True),
    "查看完整号码": lambda c, o: MemberService(c).record_reveal(o.member_id),
}
EVERYTHING = {**WRITES, **ADMIN_ONLY, **REVEALS}


def _refused(ctx: AppContext, office: Office, operation: Operation) -> PermissionDeniedError:
    before = everything(ctx)
    with pytest.raises(PermissionDeniedError) as caught:
        operation(ctx, office)
    assert everything(ctx) == before
    return caught.value


@pytest.mark.parametrize("what", list(EVERYTHING))
def test_a_leader_writes_reveals_and_manages_nothing(
    office: Office, sign_in: Callable[[str | None], AppContext], what: str
) -> None:
    leader = sign_in("li")
    error = _refused(leader, office, EVERYTHING[what])
    assert "领导" in str(error) and not isinstance(error, NotSignedInError)
    assert not (office.folder / "full.xlsx").exists()
    assert not (office.folder / "copy.sqlite3").exists()
    assert not list(office.folder.glob("*.bopkt"))


@pytest.mark.parametrize("what", list(EVERYTHING))
def test_nobody_signed_in_does_nothing(
    office: Office, sign_in: Callable[[str | None], AppContext], what: str
) -> None:
    error = _refused(sign_in(None), office, EVERYTHING[what])
    assert isinstance(error, NotSignedInError) and "请先登录" in str(error)


@pytest.mark.parametrize("what", list(ADMIN_ONLY))
def test_a_clerk_does_not_manage_accounts_or_login(
    office: Office, sign_in: Callable[[str | None], AppContext], what: str
) -> None:
    assert "组织员" in str(_refused(sign_in("zhang"), office, ADMIN_ONLY[what]))


def test_a_clerk_writes_and_reveals_under_its_own_name(
    office: Office, sign_in: Callable[[str | None], AppContext]
) -> None:
    clerk = sign_in("zhang")
    OrgService(clerk).create(OrgDraft(name="和平社区党委", kind="党委", level="村社区"))
    MemberService(clerk).record_reveal(office.member_id)
    assert export_kind(clerk, "members", office.folder / "full.xlsx", reveal=True) == 1
    with clerk.db.read() as s:
        rows = s.execute(select(AuditEntry.account, AuditEntry.action).order_by(AuditEntry.id))
        tail = list(rows)[-3:]
    assert tail == [
        ("zhang", "新增组织"),
        ("zhang", "查看完整号码"),
        ("zhang", "导出（未遮蔽）"),
    ]


def test_a_leader_reads_reports_and_changes_its_own_password(
    office: Office, sign_in: Callable[[str | None], AppContext]
) -> None:
    leader = sign_in("li")
    assert [o["name"] for o in list_kind(leader, "orgs")] == ["幸福街道党工委", "幸福社区党委"]
    assert form_data(leader, office.brand_id).phone == "138****5678"
    accounts.change_password(leader, "li", "Reader-Key-456!", PASSWORDS["li"])
    assert authenticate(leader, "li", "Reader-Key-456!").role == Role.LEADER.value


def test_an_admin_manages_accounts_and_turning_login_off_opens_the_gate(
    office: Office, sign_in: Callable[[str | None], AppContext]
) -> None:
    admin = sign_in("boss")
    accounts.set_role(admin, "zhang", Role.ADMIN.value)
    accounts.change_password(admin, "li", "Reader-Key-789!")
    assert [a.name for a in accounts.list_accounts(admin)] == ["boss", "li", "zhang"]
    accounts.set_login_required(admin, False)
    assert admin.role is None  # sign-in off: one PC, everything allowed
    with admin.db.read() as s:
        rows = list(
            s.execute(select(AuditEntry.account, AuditEntry.action).order_by(AuditEntry.id))
        )
    assert ("本机用户", "新增账户") in rows  # the accounts made before sign-in was turned on
    assert rows[-3:] == [("boss", "修改角色"), ("boss", "重置密码"), ("boss", "关闭登录")]


@pytest.mark.postgres
def test_a_server_without_accounts_only_creates_the_first_admin(pg_url: str) -> None:
    ctx = open_context(pg_url)
    try:
        ctx.gate.enforce(login_required(ctx))
        assert ctx.role == ""
        before = everything(ctx)
        for operation in (
            lambda: OrgService(ctx).create(
                OrgDraft(name="党工委", kind="党工委", level="街道乡镇")
            ),
            lambda: create_account(ctx, "zhang", Role.CLERK.value, PASSWORDS["zhang"]),
            lambda: accounts.set_login_required(ctx, False),
        ):
            with pytest.raises(NotSignedInError):
                operation()
        assert everything(ctx) == before
        create_account(ctx, "boss", Role.ADMIN.value, PASSWORDS["boss"])
        with pytest.raises(NotSignedInError):  # only the first one
            create_account(ctx, "mole", Role.ADMIN.value, "Spy-Key-4711!")
        row = authenticate(ctx, "boss", PASSWORDS["boss"])
        ctx.sign_in(row.name, row.role)
        OrgService(ctx).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
        with ctx.db.read() as s:
            last = s.execute(select(AuditEntry.account, AuditEntry.action).order_by(AuditEntry.id))
            assert list(last)[-1] == ("boss", "新增组织")
    finally:
        ctx.db.dispose()
