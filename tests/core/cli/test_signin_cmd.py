"""The command line signs in (``login``/``logout``, ``--user``) and the core checks the role."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from brandoffice.app import open_context
from brandoffice.backup import copy_database
from brandoffice.cli.main import main
from brandoffice.db.engine import resolve_url
from brandoffice.model import AuditEntry, Setting
from brandoffice.model.vocab import Role
from brandoffice.safety import passwords
from brandoffice.safety.accounts import change_password, login_required
from brandoffice.safety.auditchain import first_break
from brandoffice.safety.permissions import NotSignedInError
from brandoffice.safety.signin_token import issue_token, read_token, token_path
from tests.conftest import FakeClock
from tests.core.safety.signin_helpers import PASSWORDS, everything, make_accounts

REFUSED_WITHOUT_SIGN_IN = [
    ["settings", "set", "--kind", "街道", "--name", "幸福街道"],
    ["account", "add", "mole", "--role", "管理员", "--password-stdin"],
    ["account", "role", "li", "管理员"],
    ["account", "passwd", "boss", "--password-stdin"],
    ["account", "unlock", "boss"],
    ["account", "login", "off"],
    ["account", "list"],
    ["list", "orgs"],
    ["list", "members", "--reveal"],
    ["export", "members", "OUT/full.xlsx", "--reveal"],
    ["audit", "OUT/audit.xlsx"],
    ["holidays", "clear", "--year", "2026"],
    ["backup", "--out", "OUT/copy.sqlite3"],
    ["check", "--repair"],
    ["demo"],
]
LEADER_REFUSED = [
    (["account", "role", "li", "管理员"], "无权管理账户"),
    (["account", "add", "mole", "--role", "管理员", "--password-stdin"], "无权管理账户"),
    (["account", "passwd", "boss", "--password-stdin"], "无权管理账户"),
    (["account", "login", "off"], "无权修改系统设置"),
    (["settings", "set", "--kind", "街道", "--name", "幸福街道"], "不能修改数据"),
    (["list", "members", "--reveal"], "无权查看完整"),
    (["export", "members", "OUT/full.xlsx", "--reveal"], "无权导出"),
]


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(1, 1024, 1))


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Give the command line these lines of standard input (passwords, names)."""

    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return feed


@pytest.fixture
def db(empty_template: Path, tmp_path: Path) -> str:
    """An empty database (``init``) with boss, zhang and li, then sign-in on from the command line.

    The file is a copy of the migrated empty database: ``init`` finds it ready.
    """
    path = str(copy_database(empty_template, tmp_path / "office.sqlite3"))
    assert main(["--db", path, "init"]) == 0
    ctx = open_context(path)
    try:
        make_accounts(ctx)
    finally:
        ctx.db.dispose()
    assert main(["--db", path, "account", "login", "on"]) == 0
    return path


def snapshot(path: str) -> dict[str, list[tuple[object, ...]]]:
    ctx = open_context(path)
    try:
        return everything(ctx)
    finally:
        ctx.db.dispose()


def audit_tail(path: str, n: int) -> list[tuple[str, str]]:
    ctx = open_context(path)
    try:
        with ctx.db.read() as s:
            assert first_break(s) is None
            rows = s.execute(select(AuditEntry.account, AuditEntry.action).order_by(AuditEntry.id))
            return [(r.account, r.action) for r in rows][-n:]
    finally:
        ctx.db.dispose()


def run(path: str, args: list[str], folder: Path) -> int:
    return main(["--db", path, *[a.replace("OUT", str(folder)) for a in args]])


@pytest.mark.parametrize("args", REFUSED_WITHOUT_SIGN_IN, ids=lambda a: " ".join(a[:2]))
def test_with_login_on_nothing_runs_without_a_sign_in(
    db: str,
    tmp_path: Path,
    args: list[str],
    stdin: Callable[[str], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(db)
    stdin("Spy-Key-4711!\n")
    capsys.readouterr()
    assert run(db, args, tmp_path) == 2
    out, err = capsys.readouterr()
    assert "命令行须先登录" in err and "brandoffice login" in err and "--user" in err
    assert out == "" and "Traceback" not in err
    assert snapshot(db) == before
    assert not list(tmp_path.glob("*.xlsx")) and not (tmp_path / "copy.sqlite3").exists()


def test_login_acts_as_the_account_until_logout(
    db: str, tmp_path: Path, stdin: Callable[[str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSWORDS["zhang"] + "\n")
    assert main(["--db", db, "login", "--user", "zhang"]) == 0
    assert "已登录：zhang（组织员）" in capsys.readouterr().out
    assert token_path(resolve_url(db)).exists()
    assert main(["--db", db, "settings", "set", "--kind", "街道", "--name", "幸福街道"]) == 0
    assert main(["--db", db, "list", "members", "--reveal"]) == 0
    assert audit_tail(db, 3) == [
        ("zhang", "登录"),
        ("zhang", "修改本单位信息"),
        ("zhang", "列出（未遮蔽）"),
    ]
    stdin("Spy-Key-4711!\n")
    assert main(["--db", db, "account", "add", "mole", "--password-stdin"]) == 2
    assert "组织员" in capsys.readouterr().err
    assert main(["--db", db, "logout"]) == 0
    assert "已退出登录" in capsys.readouterr().out
    before = snapshot(db)
    assert main(["--db", db, "settings", "set", "--name", "和平街道"]) == 2
    assert "命令行须先登录" in capsys.readouterr().err
    assert snapshot(db) == before


@pytest.mark.parametrize(("args", "message"), LEADER_REFUSED, ids=lambda a: str(a))
def test_a_signed_in_leader_cannot_promote_itself_or_write(
    db: str,
    tmp_path: Path,
    args: list[str],
    message: str,
    stdin: Callable[[str], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    stdin(PASSWORDS["li"] + "\n")
    assert main(["--db", db, "login", "--user", "li"]) == 0
    before = snapshot(db)
    stdin("Spy-Key-4711!\n")
    capsys.readouterr()
    assert run(db, args, tmp_path) == 2
    err = capsys.readouterr().err
    assert "领导" in err and message in err
    assert snapshot(db) == before
    assert not list(tmp_path.glob("*.xlsx"))


def test_user_option_signs_in_one_command_with_a_prompted_password(
    db: str, stdin: Callable[[str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSWORDS["boss"] + "\n" + "Fresh-Key-2026!\n")
    assert main(["--db", db, "--user", "boss", "account", "passwd", "li", "--password-stdin"]) == 0
    assert audit_tail(db, 2) == [("boss", "登录"), ("boss", "重置密码")]
    capsys.readouterr()
    before = snapshot(db)
    assert main(["--db", db, "settings", "set", "--name", "幸福街道", "--kind", "街道"]) == 2
    assert snapshot(db) == before  # --user lasts one command
    stdin("Wrong-Key-0000!\n")
    assert main(["--db", db, "--user", "boss", "account", "role", "li", "管理员"]) == 2
    assert "用户名或密码错误" in capsys.readouterr().err
    assert audit_tail(db, 1) == [("boss", "登录失败")]
    stdin("")
    assert main(["--db", db, "--user", "boss", "account", "list"]) == 2
    assert "标准输入已结束" in capsys.readouterr().err


def test_an_admin_signed_in_turns_login_off_and_then_nothing_asks(
    db: str, stdin: Callable[[str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSWORDS["boss"] + "\n")
    assert main(["--db", db, "--user", "boss", "account", "login", "off"]) == 0
    assert audit_tail(db, 1) == [("boss", "关闭登录")]
    assert main(["--db", db, "settings", "set", "--kind", "街道", "--name", "幸福街道"]) == 0
    assert audit_tail(db, 1) == [("本机用户", "修改本单位信息")]
    assert main(["--db", db, "login"]) == 0
    assert "未开启登录" in capsys.readouterr().out


def test_the_token_is_refused_when_expired_edited_moved_or_the_password_changed(
    db: str, tmp_path: Path, clock: FakeClock
) -> None:
    other = str(tmp_path / "other.sqlite3")
    assert main(["--db", other, "init"]) == 0
    ctx = open_context(db, clock=clock)
    try:
        ctx.gate.enforce(True)
        token = issue_token(ctx, "zhang")
        assert token.expires == clock().replace(microsecond=0) + dt.timedelta(hours=8)
        clock.advance(hours=7, minutes=59)
        assert read_token(ctx).account == "zhang" and ctx.role == Role.CLERK.value
        clock.advance(minutes=2)
        with pytest.raises(NotSignedInError, match="登录已过期"):
            read_token(ctx)
        token = issue_token(ctx, "li")
        text = token.path.read_text(encoding="ascii")
        body, _dot, signature = text.strip().partition(".")
        forged = ("B" if body[5] == "A" else "A").join((body[:5], body[6:]))
        token.path.write_text(f"{forged}.{signature}\n", encoding="ascii")
        with pytest.raises(NotSignedInError, match="无效"):
            read_token(ctx)
        token_path(resolve_url(other)).write_text(text, encoding="ascii")  # moved elsewhere
        issue_token(ctx, "li")
        assert read_token(ctx).account == "li" and ctx.role == Role.LEADER.value
        change_password(ctx, "li", "Reader-Key-2027!", PASSWORDS["li"])
        with pytest.raises(NotSignedInError, match="密码已修改"):
            read_token(ctx)
    finally:
        ctx.db.dispose()
    other_ctx = open_context(other, clock=clock)
    try:
        with pytest.raises(NotSignedInError, match="无效"):
            read_token(other_ctx)  # a valid token, but of another database
    finally:
        other_ctx.db.dispose()


def test_a_database_without_an_admin_only_lets_the_first_admin_be_made(
    tmp_path: Path, stdin: Callable[[str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "server-like.sqlite3")
    assert main(["--db", path, "init"]) == 0
    ctx = open_context(path)
    try:
        with ctx.db.write.begin() as s:  # sign-in on with zero accounts, as on a new server
            s.add(Setting(key="login_required", value="1"))
        assert login_required(ctx)
    finally:
        ctx.db.dispose()
    before = snapshot(path)
    for args in (
        ["settings", "set", "--kind", "街道", "--name", "幸福街道"],
        ["account", "add", "zhang", "--role", "组织员", "--password-stdin"],
        ["account", "login", "off"],
        ["login", "--user", "boss"],
    ):
        stdin(PASSWORDS["zhang"] + "\n")
        capsys.readouterr()
        assert main(["--db", path, *args]) == 2
        assert "还没有可用的管理员账户" in capsys.readouterr().err
    assert snapshot(path) == before
    stdin(PASSWORDS["boss"] + "\n")
    assert (
        main(["--db", path, "account", "add", "boss", "--role", "管理员", "--password-stdin"]) == 0
    )
    stdin("Spy-Key-4711!\n")
    assert (
        main(["--db", path, "account", "add", "mole", "--role", "管理员", "--password-stdin"]) == 2
    )
    assert "命令行须先登录" in capsys.readouterr().err
    stdin(PASSWORDS["boss"] + "\n")
    assert main(["--db", path, "login", "--user", "boss"]) == 0
    stdin(PASSWORDS["zhang"] + "\n")
    assert main(["--db", path, "account", "add", "zhang", "--password-stdin"]) == 0
    assert audit_tail(path, 3) == [("本机用户", "新增账户"), ("boss", "登录"), ("boss", "新增账户")]


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the command line in its own process (a server connection ends with it)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])}
    return subprocess.run(
        [sys.executable, "-m", "brandoffice", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.postgres
def test_a_server_database_always_asks_for_a_sign_in(pg_url: str) -> None:
    assert cli("--db", pg_url, "init").returncode == 0
    settings = ("--db", pg_url, "settings", "set", "--kind", "街道", "--name", "幸福街道")
    done = cli(*settings)
    assert done.returncode == 2 and "还没有可用的管理员账户" in done.stderr
    admin = ("--db", pg_url, "account", "add", "boss", "--role", "管理员", "--password-stdin")
    assert cli(*admin, stdin=PASSWORDS["boss"] + "\n").returncode == 0
    done = cli(*settings)
    assert done.returncode == 2 and "命令行须先登录" in done.stderr
    assert cli("--db", pg_url, "account", "login", "off").returncode == 2
    login = cli("--db", pg_url, "login", "--user", "boss", stdin=PASSWORDS["boss"] + "\n")
    assert login.returncode == 0, login.stderr
    assert cli(*settings).returncode == 0
    done = cli("--db", pg_url, "account", "login", "off")
    assert done.returncode == 2 and "服务器数据库必须登录使用" in done.stderr
    assert audit_tail(pg_url, 3) == [
        ("本机用户", "新增账户"),
        ("boss", "登录"),
        ("boss", "修改本单位信息"),
    ]
