"""A district's PostgreSQL server: group roles with the least grants, one login per clerk.

``setup_server`` is run by the district's administrator with the database owner's
credential: it migrates, then (again on every run) creates the group roles and
grants each what its program role needs. The tables stay the owner's, so no
application role can alter them or drop or disable the audit log's triggers.
Clerks get their own logins (``add_login``), members of one group each.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brandoffice.db.engine import is_sqlite, make_engine
from brandoffice.db.grants import (
    ACCOUNTS_TABLE,
    GROUPS,
    ROLE_OF_GROUP,
    create_groups,
    grant_all,
    quote_name,
    role_exists,
)
from brandoffice.errors import NotFoundError, ValidationError
from brandoffice.model.vocab import Role

if TYPE_CHECKING:
    from sqlalchemy import Connection

SCRAM_ITERATIONS = 4096
ROLE_NAME_LIMIT = 63  # bytes: PostgreSQL's identifier limit


@dataclass(frozen=True)
class SetupReport:
    """What ``setup_server`` did.

    Attributes:
        owner: The role that owns the tables (the one that connected).
        migrated: The schema was brought up to date.
        created_groups: Group roles that did not exist before.
        tables: How many tables got their grants.
    """

    owner: str
    migrated: bool
    created_groups: tuple[str, ...]
    tables: int


@dataclass(frozen=True)
class ServerLogin:
    """A clerk's login on the server.

    Attributes:
        name: The login role's name.
        role: The program role of its group (管理员/组织员/领导).
        can_login: The role may connect (False once disabled by hand).
    """

    name: str
    role: str
    can_login: bool


def _require_server(url: str) -> None:
    if is_sqlite(url):
        raise ValidationError("server 命令只用于 PostgreSQL 服务器数据库；单机文件不需要设置角色")


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def scram_verifier(password: str, salt: bytes | None = None) -> str:
    """Return PostgreSQL's SCRAM-SHA-256 verifier of ``password``.

    The server stores and checks only this; sending it instead of the password
    keeps the password itself out of the server's statement log.
    """
    salt = salt if salt is not None else secrets.token_bytes(16)
    normalised = unicodedata.normalize("NFKC", password).encode("utf-8")
    salted = hashlib.pbkdf2_hmac("sha256", normalised, salt, SCRAM_ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _check_owner(conn: Connection) -> str:
    from sqlalchemy import text

    row = conn.execute(
        text(
            "SELECT current_user, r.rolsuper, r.rolcreaterole, "
            "has_database_privilege(current_database(), 'CREATE') "
            "FROM pg_roles r WHERE r.rolname = current_user"
        )
    ).one()
    owner, superuser, creates = str(row[0]), bool(row[1]), bool(row[3])
    manages_roles = superuser or bool(row[2])
    if not superuser and any(
        _member_of(conn, owner, group) for group in GROUPS.values() if role_exists(conn, group)
    ):
        raise ValidationError(f"“{owner}”是程序角色的登录，不是数据库所有者；请用所有者账号运行")
    if not manages_roles or not creates:
        raise ValidationError(
            f"用户“{owner}”没有创建角色或在此数据库建表的权限；请用数据库所有者（有 CREATEROLE 权限）运行"
        )
    return owner


def _member_of(conn: Connection, member: str, group: str) -> bool:
    from sqlalchemy import text

    query = text("SELECT pg_has_role(:m, :g, 'USAGE')")
    return bool(conn.execute(query, {"m": member, "g": group}).scalar())


def setup_server(url: str) -> SetupReport:
    """Migrate a server database as its owner and grant the group roles their least rights.

    Running it again (after installing a newer program, or to repair grants) is safe.

    Args:
        url: The owner's URL (``postgresql://owner@host/db``).

    Returns:
        What was done.

    Raises:
        ValidationError: Not a server database, or the user cannot own it.
    """
    _require_server(url)
    from brandoffice.db.migrate import upgrade

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _check_owner(conn)
        migrated = upgrade(url)
        with engine.begin() as conn:
            owner = _check_owner(conn)
            created = create_groups(conn)
            tables = grant_all(conn)
    finally:
        engine.dispose()
    return SetupReport(owner, migrated, tuple(created), tables)


def _group_of(role: str) -> str:
    try:
        return GROUPS[Role(role)]
    except ValueError:
        choices = "、".join(r.value for r in GROUPS)
        raise ValidationError(f"角色应为 {choices} 之一，不是“{role}”", "role") from None


def _check_login_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("请填写登录名", "name")
    if len(cleaned.encode("utf-8")) > ROLE_NAME_LIMIT:
        raise ValidationError(f"登录名太长（最多 {ROLE_NAME_LIMIT} 个字节，约 21 个汉字）", "name")
    if any(c.isspace() or not c.isprintable() or c in "\"'@/:" for c in cleaned):
        raise ValidationError("登录名不能含空格、引号或 @ / : 等字符", "name")
    if cleaned in GROUPS.values() or cleaned.lower().startswith("pg_"):
        raise ValidationError(f"登录名“{cleaned}”是保留名称", "name")
    return cleaned


def add_login(url: str, name: str, role: str, password: str) -> ServerLogin:
    """Create a clerk's LOGIN role in the group of ``role`` (run by the owner).

    Only the password's SCRAM verifier is sent to the server. The program's
    account of the same name and role is created too (with the same password)
    when there is none: the sign-in's bookkeeping of a clerk or a leader may
    only touch the account named like the login.

    Raises:
        ValidationError: Bad name, role or password, the login exists, or setup has not run.
    """
    _require_server(url)
    from sqlalchemy import text

    from brandoffice.safety.passwords import check_policy

    login = _check_login_name(name)
    group = _group_of(role)
    check_policy(password, login)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _check_owner(conn)
            if not role_exists(conn, group):
                raise ValidationError("请先运行 brandoffice server setup 创建程序角色")
            if role_exists(conn, login):
                raise ValidationError(f"服务器上已有名为“{login}”的角色", "name")
            _check_account_role(conn, login, Role(role).value)
            verifier = _literal(scram_verifier(password))
            conn.exec_driver_sql(  # no bind parameters: a verifier may hold ":x"
                f"CREATE ROLE {quote_name(conn, login)} LOGIN INHERIT NOSUPERUSER NOCREATEDB "
                f"NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD {verifier} "
                f"IN ROLE {quote_name(conn, group)}"
            )
            owner = str(conn.execute(text("SELECT current_user")).scalar())
    finally:
        engine.dispose()
    _ensure_account(url, owner, login, Role(role).value, password)
    return ServerLogin(login, Role(role).value, True)


def _check_account_role(conn: Connection, name: str, role: str) -> None:
    """Refuse a login whose program account of the same name has another role."""
    from sqlalchemy import text

    query = text(f"SELECT role FROM {quote_name(conn, ACCOUNTS_TABLE)} WHERE name = :n")
    found = conn.execute(query, {"n": name}).scalar()
    if found is not None and found != role:
        raise ValidationError(
            f"程序里已有账户“{name}”（{found}），与登录的角色（{role}）不一致；"
            f"请先在账户管理中把它改为{role}，或换一个登录名",
            "role",
        )


def _ensure_account(url: str, owner: str, name: str, role: str, password: str) -> None:
    from brandoffice.app import open_context
    from brandoffice.safety import accounts

    ctx = open_context(url, account=owner)
    try:
        if not any(a.name == name for a in accounts.list_accounts(ctx)):
            accounts.create_account(ctx, name, role, password)
    finally:
        ctx.db.dispose()


def remove_login(url: str, name: str) -> None:
    """Drop a clerk's login (only roles in one of the program's groups).

    Raises:
        NotFoundError: No such login in the program's groups.
    """
    _require_server(url)
    from sqlalchemy import text

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _check_owner(conn)
            if not any(login.name == name for login in _logins(conn)):
                raise NotFoundError(f"服务器上没有程序角色的登录“{name}”")
            conn.execute(text(f"DROP ROLE {quote_name(conn, name)}"))
    finally:
        engine.dispose()


def list_logins(url: str) -> list[ServerLogin]:
    """Return every login in one of the program's groups, by name."""
    _require_server(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _logins(conn)
    finally:
        engine.dispose()


def _logins(conn: Connection) -> list[ServerLogin]:
    from sqlalchemy import text

    query = text(
        "SELECT m.rolname, g.rolname, m.rolcanlogin FROM pg_auth_members a "
        "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
        "WHERE g.rolname = ANY(:groups) AND pg_has_role(m.oid, g.oid, 'USAGE') "
        "ORDER BY m.rolname, g.rolname"
    )
    rows = conn.execute(query, {"groups": list(GROUPS.values())})
    return [ServerLogin(str(n), ROLE_OF_GROUP[str(g)].value, bool(c)) for n, g, c in rows]
