"""The command line's sign-in: a short-lived token signed with a secret of this install.

``brandoffice login`` checks the password once and writes a token into the user's
data folder; every later command of the same database reads it back. The token
names the account, the database (a hash of its URL), when it expires (8 hours) and
when the account's password last changed (a new password ends every sign-in). It
is signed with HMAC-SHA256 and a random secret kept in the data folder, outside
the database: a token edited by hand, copied from another install or meant for
another database is refused.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from brandoffice.paths import data_dir
from brandoffice.safety.permissions import NotSignedInError
from brandoffice.services.context import AppContext

LIFETIME = dt.timedelta(hours=8)
SECRET_FILE = "signin.key"
TOKEN_FOLDER = "signin"
LOGIN_HINT = "请先运行 brandoffice login 登录（或在命令前加 --user 用户名，按提示输入密码）"
EXPIRED = "登录已过期（命令行登录 8 小时内有效）。"
INVALID = "登录凭据无效（已被改动、来自别的电脑或不属于此数据库）。"


@dataclass(frozen=True)
class Token:
    """A signed-in command line.

    Attributes:
        account: The account name.
        expires: When the sign-in ends (by the services' clock).
        path: The file holding it.
    """

    account: str
    expires: dt.datetime
    path: Path


def _secret() -> bytes:
    """Return this install's signing secret, made (readable by the user only) on first use."""
    path = data_dir() / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
        path.unlink()  # a damaged secret: every token made with it is void anyway
        return _secret()
    secret = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as out:
        out.write(secret)
    return secret


def _database_id(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def token_path(url: str) -> Path:
    """Return the file of the command line's sign-in to the database at ``url``."""
    return data_dir() / TOKEN_FOLDER / f"{_database_id(url)[:32]}.token"


def _signature(body: str) -> str:
    return hmac.new(_secret(), body.encode("ascii"), hashlib.sha256).hexdigest()


def _password_changed(ctx: AppContext, name: str) -> tuple[str, bool, str] | None:
    """Return ``(role, disabled, password changed at)`` of an account, or None."""
    from sqlalchemy import select

    from brandoffice.safety.accounts import ACCOUNT

    with ctx.db.read() as s:
        row = s.execute(
            select(ACCOUNT.c.role, ACCOUNT.c.disabled, ACCOUNT.c.password_changed_at).where(
                ACCOUNT.c.name == name
            )
        ).first()
    if row is None:
        return None
    changed = row.password_changed_at.isoformat() if row.password_changed_at else ""
    return str(row.role), bool(row.disabled), changed


def issue_token(ctx: AppContext, account: str) -> Token:
    """Write the token of a signed-in account (after its password was checked)."""
    found = _password_changed(ctx, account)
    if found is None:
        raise NotSignedInError(f"找不到账户“{account}”")
    now = ctx.clock().replace(microsecond=0)
    expires = now + LIFETIME
    payload = {
        "account": account,
        "database": _database_id(ctx.db.url),
        "issued": now.isoformat(),
        "expires": expires.isoformat(),
        "password": found[2],
    }
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    body = base64.urlsafe_b64encode(raw).decode("ascii")
    path = token_path(ctx.db.url)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(f"{body}.{_signature(body)}\n")
    os.replace(part, path)
    return Token(account, expires, path)


def remove_token(url: str) -> bool:
    """Delete the command line's sign-in to a database; tell whether there was one."""
    path = token_path(url)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
        return True
    return False


def _payload(text: str) -> dict[str, str]:
    body, _dot, signature = text.strip().partition(".")
    if not hmac.compare_digest(_signature(body), signature):
        raise NotSignedInError(INVALID + LOGIN_HINT)
    try:
        payload = json.loads(base64.urlsafe_b64decode(body.encode("ascii")))
    except (ValueError, binascii.Error) as exc:
        raise NotSignedInError(INVALID + LOGIN_HINT) from exc
    if not isinstance(payload, dict):
        raise NotSignedInError(INVALID + LOGIN_HINT)
    return {str(k): str(v) for k, v in payload.items()}


def read_token(ctx: AppContext) -> Token:
    """Check the command line's sign-in to this database and sign the context in.

    Raises:
        NotSignedInError: No token, a token edited or made elsewhere or for another
            database, an expired one, a password changed since, or an account
            disabled or deleted; the message says to run ``brandoffice login``.
    """
    path = token_path(ctx.db.url)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise NotSignedInError("此数据库已开启登录，命令行须先登录。" + LOGIN_HINT) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NotSignedInError(INVALID + LOGIN_HINT) from exc
    payload = _payload(text)
    if payload.get("database") != _database_id(ctx.db.url):
        raise NotSignedInError(INVALID + LOGIN_HINT)
    try:
        expires = dt.datetime.fromisoformat(payload["expires"])
        issued = dt.datetime.fromisoformat(payload["issued"])
    except (KeyError, ValueError) as exc:
        raise NotSignedInError(INVALID + LOGIN_HINT) from exc
    now = ctx.clock()
    if now >= expires or issued > now + dt.timedelta(minutes=5):
        raise NotSignedInError(EXPIRED + LOGIN_HINT)
    name = payload.get("account", "")
    found = _password_changed(ctx, name)
    if found is None:
        raise NotSignedInError(f"账户“{name}”已不存在。" + LOGIN_HINT)
    role, disabled, changed = found
    if disabled:
        raise NotSignedInError(f"账户“{name}”已停用，请联系管理员")
    if changed != payload.get("password"):
        raise NotSignedInError("登录后密码已修改，请重新登录。" + LOGIN_HINT)
    ctx.sign_in(name, role)
    return Token(name, expires, path)
