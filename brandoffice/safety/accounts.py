"""Accounts and sign-in: roles, argon2id passwords, lockout, and the login settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from brandoffice.db.retry import retry_conflicts
from brandoffice.errors import KnownError, NotFoundError, ValidationError
from brandoffice.model import Account, table_of
from brandoffice.model.vocab import Role
from brandoffice.safety import passwords
from brandoffice.safety.login_settings import DEFAULT_IDLE_MINUTES as DEFAULT_IDLE_MINUTES
from brandoffice.safety.login_settings import IDLE_SETTING, LOGIN_SETTING
from brandoffice.safety.login_settings import idle_lock_minutes as idle_lock_minutes
from brandoffice.safety.login_settings import login_required as login_required
from brandoffice.safety.masking import mask_text
from brandoffice.safety.permissions import Action
from brandoffice.services import audit, validate
from brandoffice.services.context import AppContext
from brandoffice.setting_rows import store
from brandoffice.text_safety import printable

ACCOUNT = table_of(Account)
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
WRONG = "用户名或密码错误"


class LoginError(KnownError):
    """Sign-in refused: wrong name or password, locked or disabled account."""


@dataclass(frozen=True)
class AccountRow:
    """An account as the account page shows it (never the hash)."""

    id: int
    name: str
    role: str
    failed_count: int
    locked_until: dt.datetime | None
    disabled: bool
    created_at: dt.datetime
    last_login: dt.datetime | None

    def locked_at(self, now: dt.datetime) -> bool:
        """Tell whether the account is locked out at ``now``."""
        return self.locked_until is not None and self.locked_until > now


_ROW_COLUMNS = [ACCOUNT.c[f.name] for f in dataclasses.fields(AccountRow)]


# -- settings ------------------------------------------------------------------


@retry_conflicts
def set_login_required(ctx: AppContext, required: bool) -> None:
    """Turn the sign-in on or off (SQLite, 管理员); turning it on needs an active 管理员 account.

    Turning it off here also stops the checks of this database's gate; turning it on
    leaves a session begun without sign-in as it is until the next start.
    """
    ctx.require(Action.SETTINGS)
    if not ctx.db.is_sqlite and not required:
        raise ValidationError("服务器数据库必须登录使用，不能关闭登录")
    with ctx.db.write.begin() as s:
        if required and not _active_admins(s):
            raise ValidationError("请先创建一个管理员账户，再开启登录", "login_required")
        store(s, LOGIN_SETTING, "1" if required else "0")
        audit.record(s, ctx, "开启登录" if required else "关闭登录", object_type="设置")
    if not required:
        ctx.gate.enforce(False)


@retry_conflicts
def set_idle_lock_minutes(ctx: AppContext, minutes: int) -> None:
    """Set the idle lock (0 turns it off, at most 240 minutes; 管理员)."""
    ctx.require(Action.SETTINGS)
    if not 0 <= minutes <= 240:
        raise ValidationError("空闲锁定时间应在 0–240 分钟之间（0 表示不锁定）", "idle_lock")
    with ctx.db.write.begin() as s:
        store(s, IDLE_SETTING, str(int(minutes)))
        audit.record(s, ctx, "设置空闲锁定", object_type="设置", detail=f"{minutes} 分钟")


# -- accounts ------------------------------------------------------------------


def _active_admins(session: Session) -> int:
    query = select(func.count()).where(ACCOUNT.c.role == Role.ADMIN.value, ~ACCOUNT.c.disabled)
    return int(session.scalar(query) or 0)


def _require_accounts(ctx: AppContext, session: Session, *, first_admin: bool = False) -> None:
    """Refuse unless the role manages accounts, or this creates the first 管理员.

    With no active 管理员 (a new server database, or sign-in just turned on) anyone
    may create one: that is how the first administrator comes to exist.
    """
    if first_admin and _active_admins(session) == 0:
        return
    ctx.require(Action.ACCOUNTS)


def needs_first_admin(ctx: AppContext) -> bool:
    """Tell whether sign-in is required but no active 管理员 exists (show the setup dialog).

    On a server only a login that may add accounts (the owner, a 管理员's) is offered
    the setup; a 组织员's or 领导's login signs in (its 管理员 comes from ``server add-login``).
    """
    if not login_required(ctx):
        return False
    with ctx.db.read() as s:
        if _active_admins(s):
            return False
        return ctx.db.is_sqlite or bool(
            s.scalar(text("SELECT has_table_privilege(current_user, 'accounts', 'INSERT')"))
        )


def list_accounts(ctx: AppContext) -> list[AccountRow]:
    """Return every account by name (管理员)."""
    ctx.require(Action.ACCOUNTS)
    with ctx.db.read() as s:
        rows = s.execute(select(*_ROW_COLUMNS).order_by(ACCOUNT.c.name))
        return [AccountRow(*r) for r in rows]


def get_account(ctx: AppContext, name: str) -> AccountRow:
    """Return one account or raise NotFoundError."""
    with ctx.db.read() as s:
        row = s.execute(select(*_ROW_COLUMNS).where(ACCOUNT.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"找不到账户“{name}”")
    return AccountRow(*row)


def _load(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise NotFoundError(f"找不到账户“{name}”")
    return account


@retry_conflicts
def create_account(ctx: AppContext, name: str, role: str, password: str) -> AccountRow:
    """Add an account after checking the name, the role and the password policy (管理员).

    The first 管理员 of a database without one may be created by anyone.
    """
    cleaned = validate.text(name, "用户名", "name", max_len=50)
    wanted = validate.choice(role, Role, "角色", "role")
    first_admin = wanted is Role.ADMIN
    with ctx.db.read() as s:
        _require_accounts(ctx, s, first_admin=first_admin)
    passwords.check_policy(password, cleaned)
    hashed = passwords.hash_password(password)
    now = ctx.clock()
    with ctx.db.write.begin() as s:
        _require_accounts(ctx, s, first_admin=first_admin)
        if s.scalar(select(ACCOUNT.c.id).where(ACCOUNT.c.name == cleaned)) is not None:
            raise ValidationError(f"用户名“{cleaned}”已存在", "name")
        account = Account(
            name=cleaned,
            role=wanted.value,
            password_hash=hashed,
            failed_count=0,
            disabled=False,
            created_at=now,
            password_changed_at=now,
        )
        s.add(account)
        s.flush()
        audit.record_about(s, ctx, "新增账户", "账户", account, f"角色：{wanted.value}")
    return get_account(ctx, cleaned)


@retry_conflicts
def change_password(
    ctx: AppContext, name: str, new_password: str, old_password: str | None = None
) -> None:
    """Change a password; with ``old_password`` None it is a 管理员's reset.

    A successful change also clears the failure count and any lockout. Only a
    管理员 resets, or changes another account's password.
    """
    if old_password is None or ctx.gate.account != name:
        ctx.require(Action.ACCOUNTS)
    passwords.check_policy(new_password, name)
    with ctx.db.read() as s:
        stored = _load(s, name).password_hash
    if old_password is not None and not passwords.verify_password(stored, old_password):
        raise LoginError("原密码不正确")
    hashed = passwords.hash_password(new_password)
    with ctx.db.write.begin() as s:
        account = _load(s, name)
        account.password_hash = hashed
        account.password_changed_at = ctx.clock()
        account.failed_count = 0
        account.locked_until = None
        action = "修改密码" if old_password is not None else "重置密码"
        audit.record_about(s, ctx, action, "账户", account)


def _keep_an_admin(session: Session, account: Account) -> None:
    if account.role == Role.ADMIN.value and not account.disabled and _active_admins(session) <= 1:
        raise ValidationError("至少要保留一个可用的管理员账户", "role")


@retry_conflicts
def set_role(ctx: AppContext, name: str, role: str) -> AccountRow:
    """Change an account's role (管理员); the last active 管理员 cannot lose it."""
    ctx.require(Action.ACCOUNTS)
    wanted = validate.choice(role, Role, "角色", "role")
    with ctx.db.write.begin() as s:
        account = _load(s, name)
        if wanted.value != account.role:
            _keep_an_admin(s, account)
            old = account.role
            account.role = wanted.value
            audit.record_about(s, ctx, "修改角色", "账户", account, f"{old} → {wanted.value}")
    return get_account(ctx, name)


@retry_conflicts
def set_disabled(ctx: AppContext, name: str, disabled: bool) -> AccountRow:
    """Disable or enable an account (管理员); the last active 管理员 cannot be disabled."""
    ctx.require(Action.ACCOUNTS)
    with ctx.db.write.begin() as s:
        account = _load(s, name)
        if disabled and not account.disabled:
            _keep_an_admin(s, account)
        account.disabled = disabled
        audit.record_about(s, ctx, "停用账户" if disabled else "启用账户", "账户", account)
    return get_account(ctx, name)


@retry_conflicts
def unlock(ctx: AppContext, name: str) -> None:
    """Lift a lockout before its 15 minutes are over (管理员)."""
    ctx.require(Action.ACCOUNTS)
    with ctx.db.write.begin() as s:
        account = _load(s, name)
        account.failed_count = 0
        account.locked_until = None
        audit.record_about(s, ctx, "解除锁定", "账户", account)


# -- sign-in -------------------------------------------------------------------


def _record_attempt(
    session: Session, ctx: AppContext, name: str, ok: bool, detail: str | None
) -> None:
    shown = mask_text(printable(name).replace("\n", " "))
    actor = dataclasses.replace(ctx, account=shown[:50] or "（空）")
    audit.record(
        session,
        actor,
        "登录" if ok else "登录失败",
        object_type="账户",
        object_name=shown[:200],
        result="成功" if ok else "失败",
        detail=detail,
    )


def _audit_attempt(ctx: AppContext, name: str, ok: bool, detail: str | None) -> None:
    with ctx.db.write.begin() as s:
        _record_attempt(s, ctx, name, ok, detail)


@retry_conflicts
def authenticate(ctx: AppContext, name: str, password: str) -> AccountRow:
    """Check a sign-in, count failures and lock out after 5 for 15 minutes.

    Every attempt is audited (登录 / 登录失败) under the name typed. The clock
    is ``ctx.clock``.

    Returns:
        The signed-in account; set ``ctx.account`` to its name.

    Raises:
        LoginError: Wrong name or password, a locked or disabled account.
    """
    now = ctx.clock()
    name = name.strip()
    with ctx.db.read() as s:
        found = s.execute(
            select(
                ACCOUNT.c.id, ACCOUNT.c.password_hash, ACCOUNT.c.disabled, ACCOUNT.c.locked_until
            ).where(ACCOUNT.c.name == name)
        ).first()
    if found is None:
        passwords.verify_password(passwords.dummy_hash(), password)
        _audit_attempt(ctx, name, False, "账户不存在")
        raise LoginError(WRONG)
    if found.disabled:
        _audit_attempt(ctx, name, False, "账户已停用")
        raise LoginError("此账户已停用，请联系管理员")
    if found.locked_until is not None and found.locked_until > now:
        _audit_attempt(ctx, name, False, "账户锁定中")
        raise LoginError(_locked_message(found.locked_until))
    if passwords.verify_password(found.password_hash, password):
        values: dict[str, object] = {"failed_count": 0, "locked_until": None, "last_login": now}
        if passwords.needs_rehash(found.password_hash):
            values["password_hash"] = passwords.hash_password(password)
        with ctx.db.write.begin() as s:
            s.execute(update(ACCOUNT).where(ACCOUNT.c.id == found.id).values(**values))
            _record_attempt(s, ctx, name, True, None)
        return get_account(ctx, name)
    with ctx.db.write.begin() as s:
        s.execute(
            update(ACCOUNT)
            .where(ACCOUNT.c.id == found.id)
            .values(failed_count=ACCOUNT.c.failed_count + 1)
        )
        query = select(ACCOUNT.c.failed_count).where(ACCOUNT.c.id == found.id)
        failures = int(s.scalar(query) or 0)
        locked_until = None
        if failures >= MAX_FAILURES:
            locked_until = now + LOCKOUT
            s.execute(
                update(ACCOUNT)
                .where(ACCOUNT.c.id == found.id)
                .values(failed_count=0, locked_until=locked_until)
            )
        detail = f"密码错误（第 {failures} 次）" + ("，账户锁定 15 分钟" if locked_until else "")
        _record_attempt(s, ctx, name, False, detail)
    if locked_until is not None:
        raise LoginError(f"连续 {MAX_FAILURES} 次密码错误。" + _locked_message(locked_until))
    raise LoginError(WRONG)


def _locked_message(until: dt.datetime) -> str:
    return f"账户已锁定，请于 {until:%H:%M} 后再试，或请管理员解除锁定"


def sign_in(ctx: AppContext, name: str, password: str) -> AccountRow:
    """Check a sign-in (see :func:`authenticate`) and act as the account from now on.

    The window and the command line both sign in here: the database's gate then
    checks the account's role in every service, and the audit log names it.
    """
    row = authenticate(ctx, name, password)
    ctx.sign_in(row.name, row.role)
    return row


def sign_out(ctx: AppContext, reason: str = "退出登录") -> None:
    """Audit the end of a session (``退出登录``, or ``空闲锁定`` when the idle lock fired).

    The database's gate forgets the account even when the entry cannot be written:
    nothing is allowed until the next sign-in.
    """
    try:
        with ctx.db.write.begin() as s:
            audit.record(s, ctx, reason, object_type="账户", object_name=ctx.account)
    finally:
        ctx.gate.sign_out()
