"""Optional login: password policy, argon2id, lockout, roles and the login settings."""

from __future__ import annotations

import dataclasses

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from brandoffice.errors import ValidationError
from brandoffice.model import Account, AuditEntry
from brandoffice.model.vocab import Role
from brandoffice.safety import accounts, passwords
from brandoffice.safety.accounts import LoginError, authenticate, create_account
from brandoffice.safety.passwords import password_problem
from brandoffice.safety.permissions import Action, PermissionDeniedError, can, require
from brandoffice.services.context import AppContext
from tests.conftest import FakeClock

GOOD = "Xingfu2026!"


@pytest.fixture(autouse=True)
def _cheap_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash with small argon2id parameters, except where the real ones are checked."""
    if request.node.name != "test_passwords_are_stored_as_argon2id":
        monkeypatch.setattr(passwords, "HASHER", PasswordHasher(1, 1024, 1))


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Ab1!", False),  # short
        ("abcdefgh", False),  # one kind
        ("abcdefg1", False),  # two kinds
        ("abcdef1!", True),  # lower, digit, symbol
        ("Abcdefg1", True),  # upper, lower, digit
        ("ABCDEF!@", False),
        ("ABCDEF!1", True),
        ("张三的密码Ab1", True),  # Chinese characters count as length, not as a kind
    ],
)
def test_password_policy(password: str, ok: bool) -> None:
    problem = password_problem(password)
    assert (problem is None) == ok
    if problem:
        assert "至少 8 位" in problem and "三种" in problem


def test_password_must_not_contain_the_name() -> None:
    assert password_problem("Wangfang2026!", "wangfang") == "密码不能包含用户名"


def test_passwords_are_stored_as_argon2id(ctx: AppContext) -> None:
    create_account(ctx, "wangfang", Role.CLERK, GOOD)
    with ctx.db.read() as s:
        stored = s.scalar(select(Account.password_hash))
    assert stored is not None and stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert GOOD not in stored
    assert authenticate(ctx, "wangfang", GOOD).name == "wangfang"
    with pytest.raises(ValidationError, match="至少 8 位"):
        create_account(ctx, "lisi", Role.CLERK, "short1!")
    with pytest.raises(ValidationError, match="已存在"):
        create_account(ctx, "wangfang", Role.CLERK, GOOD)


def test_lockout_after_five_failures_for_fifteen_minutes(ctx: AppContext, clock: FakeClock) -> None:
    create_account(ctx, "wangfang", Role.CLERK, GOOD)
    for _ in range(4):
        with pytest.raises(LoginError, match="用户名或密码错误"):
            authenticate(ctx, "wangfang", "wrong-Password1")
    with pytest.raises(LoginError, match=r"连续 5 次密码错误.*已锁定"):
        authenticate(ctx, "wangfang", "wrong-Password1")
    clock.advance(minutes=14)
    with pytest.raises(LoginError, match="已锁定"):
        authenticate(ctx, "wangfang", GOOD)  # even the right password, while locked
    clock.advance(minutes=1)
    signed_in = authenticate(ctx, "wangfang", GOOD)
    assert signed_in.name == "wangfang" and signed_in.failed_count == 0
    assert signed_in.last_login == clock.now
    accounts.sign_out(dataclasses.replace(ctx, account=signed_in.name), "空闲锁定")
    with ctx.db.read() as s:
        actions = [(a, r) for a, r in s.execute(select(AuditEntry.action, AuditEntry.result))]
    assert actions[-8:] == [("登录失败", "失败")] * 6 + [("登录", "成功"), ("空闲锁定", "成功")]


def test_unknown_and_disabled_accounts(ctx: AppContext) -> None:
    create_account(ctx, "admin", Role.ADMIN, GOOD)
    create_account(ctx, "lisi", Role.LEADER, GOOD)
    with pytest.raises(LoginError, match="用户名或密码错误"):
        authenticate(ctx, "nobody", GOOD)
    accounts.set_disabled(ctx, "lisi", True)
    with pytest.raises(LoginError, match="已停用"):
        authenticate(ctx, "lisi", GOOD)
    with ctx.db.read() as s:
        query = select(AuditEntry).where(AuditEntry.action == "登录失败").order_by(AuditEntry.id)
        last = s.scalars(query).all()
    assert [e.account for e in last] == ["nobody", "lisi"]
    assert [e.detail for e in last] == ["账户不存在", "账户已停用"]


def test_a_phone_number_typed_as_a_name_is_masked_in_the_audit_log(ctx: AppContext) -> None:
    with pytest.raises(LoginError):
        authenticate(ctx, "13812345678", GOOD)
    with ctx.db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.account == "138****5678"


def test_change_and_reset_password(ctx: AppContext, clock: FakeClock) -> None:
    create_account(ctx, "wangfang", Role.CLERK, GOOD)
    with pytest.raises(LoginError, match="原密码不正确"):
        accounts.change_password(ctx, "wangfang", "Newpass2026!", old_password="bad")
    accounts.change_password(ctx, "wangfang", "Newpass2026!", old_password=GOOD)
    assert authenticate(ctx, "wangfang", "Newpass2026!").name == "wangfang"
    for _ in range(5):
        with pytest.raises(LoginError):
            authenticate(ctx, "wangfang", "wrong-Password1")
    accounts.change_password(ctx, "wangfang", "Reset2026!!")  # a 管理员's reset unlocks
    assert authenticate(ctx, "wangfang", "Reset2026!!").failed_count == 0


def test_roles_and_the_last_admin(ctx: AppContext) -> None:
    create_account(ctx, "admin", Role.ADMIN, GOOD)
    create_account(ctx, "wangfang", Role.CLERK, GOOD)
    assert accounts.set_role(ctx, "wangfang", Role.LEADER).role == "领导"
    with pytest.raises(ValidationError, match="至少要保留一个"):
        accounts.set_role(ctx, "admin", Role.CLERK)
    with pytest.raises(ValidationError, match="至少要保留一个"):
        accounts.set_disabled(ctx, "admin", True)
    accounts.set_role(ctx, "wangfang", Role.ADMIN)
    accounts.set_role(ctx, "admin", Role.CLERK)
    assert [(a.name, a.role) for a in accounts.list_accounts(ctx)] == [
        ("admin", "组织员"),
        ("wangfang", "管理员"),
    ]


def test_permissions_by_role() -> None:
    assert can("领导", Action.READ) and can(Role.LEADER, Action.REPORT)
    assert not can(Role.LEADER, Action.EDIT) and not can(Role.LEADER, Action.EXPORT)
    assert can(Role.CLERK, Action.EDIT) and can(Role.CLERK, Action.IMPORT)
    assert not can(Role.CLERK, Action.ACCOUNTS) and not can(Role.CLERK, Action.RESTORE)
    assert all(can(Role.ADMIN, a) for a in Action)
    assert not can("访客", Action.READ)
    with pytest.raises(PermissionDeniedError, match="您的角色（领导）无权修改"):
        require(Role.LEADER, Action.EDIT)


def test_login_is_off_by_default_on_sqlite_and_needs_an_admin(ctx: AppContext) -> None:
    assert not accounts.login_required(ctx)
    assert not accounts.needs_first_admin(ctx)
    with pytest.raises(ValidationError, match="请先创建一个管理员"):
        accounts.set_login_required(ctx, True)
    create_account(ctx, "admin", Role.ADMIN, GOOD)
    accounts.set_login_required(ctx, True)
    assert accounts.login_required(ctx)
    accounts.set_login_required(ctx, False)
    assert not accounts.login_required(ctx)


def test_idle_lock_setting(ctx: AppContext) -> None:
    assert accounts.idle_lock_minutes(ctx) == accounts.DEFAULT_IDLE_MINUTES
    accounts.set_idle_lock_minutes(ctx, 5)
    assert accounts.idle_lock_minutes(ctx) == 5
    with pytest.raises(ValidationError, match="0–240"):
        accounts.set_idle_lock_minutes(ctx, 999)


@pytest.mark.postgres
def test_login_is_required_on_postgres(pg_url: str) -> None:
    from brandoffice.app import open_context

    ctx = open_context(pg_url)
    try:
        assert accounts.login_required(ctx)
        assert accounts.needs_first_admin(ctx)
        create_account(ctx, "admin", Role.ADMIN, GOOD)
        assert not accounts.needs_first_admin(ctx)
        assert authenticate(ctx, "admin", GOOD).role == "管理员"
        with pytest.raises(ValidationError, match="必须登录"):
            accounts.set_login_required(ctx, False)
    finally:
        ctx.db.dispose()
