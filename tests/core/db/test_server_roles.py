"""The server enforces the roles: `server setup` grants, per-clerk logins, raw SQL refused."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from brandoffice.app import open_context
from brandoffice.cli.main import main
from brandoffice.db import server
from brandoffice.db.connection import ConnectionFailedError, probe_connection
from brandoffice.errors import KnownError, ValidationError
from brandoffice.listing import list_kind
from brandoffice.model import Base
from brandoffice.safety import accounts
from brandoffice.services.brands import BrandDraft, BrandService
from brandoffice.services.campaigns import CampaignService, TaskDraft
from brandoffice.services.members import MemberDraft, MemberService
from brandoffice.services.orgs import OrgDraft, OrgService

pytestmark = pytest.mark.postgres

PASSWORD = "Qingming-2026"
TRIGGERS = ("audit_log_append_only", "audit_log_no_truncate")


@dataclass(frozen=True)
class District:
    """A set-up server database: the owner's URL and one login per program role."""

    owner: str
    leader: str
    clerk: str
    admin: str
    names: dict[str, str]


def _login_url(owner_url: str, name: str) -> str:
    return make_url(owner_url).set(username=name, password=PASSWORD).render_as_string(False)


@pytest.fixture
def district(pg_url: str) -> Iterator[District]:
    """Run `server setup` and add a 领导, a 组织员 and a 管理员 login (dropped afterwards)."""
    server.setup_server(pg_url)
    tag = uuid.uuid4().hex[:6]
    names = {"领导": f"lead_{tag}", "组织员": f"clerk_{tag}", "管理员": f"admin_{tag}"}
    for role, name in names.items():
        server.add_login(pg_url, name, role, PASSWORD)
    yield District(
        pg_url,
        _login_url(pg_url, names["领导"]),
        _login_url(pg_url, names["组织员"]),
        _login_url(pg_url, names["管理员"]),
        names,
    )
    for name in names.values():
        server.remove_login(pg_url, name)


def _refused(conn: Connection, statement: str) -> str:
    """Run ``statement`` in a savepoint; return the server's error (fail if it was allowed)."""
    savepoint = conn.begin_nested()
    try:
        conn.execute(text(statement))
    except DBAPIError as exc:
        savepoint.rollback()
        return str(exc.orig)
    savepoint.rollback()
    pytest.fail(f"the server allowed: {statement}")


def _business_tables() -> list[str]:
    return sorted(t for t in Base.metadata.tables if t != "audit_log")


def test_setup_is_idempotent_and_groups_are_nologin(pg_url: str) -> None:
    first = server.setup_server(pg_url)
    again = server.setup_server(pg_url)
    assert again.created_groups == () and again.tables == first.tables
    assert not again.migrated
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'bo\\_%'")
        ).all()
        owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename='audit_log'"))
        assert owner.scalar() == first.owner
    engine.dispose()
    assert dict(rows) == {"bo_admin": False, "bo_clerk": False, "bo_leader": False}


def test_a_leader_login_cannot_write_any_business_table(district: District) -> None:
    engine = create_engine(district.leader)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar() == district.names["领导"]
            for table in _business_tables():
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() is not None
                column = next(iter(Base.metadata.tables[table].columns)).name
                for statement in (
                    f"INSERT INTO {table} DEFAULT VALUES",
                    f"UPDATE {table} SET {column} = {column}",
                    f"DELETE FROM {table}",
                    f"TRUNCATE {table}",
                ):
                    if table == "accounts" and statement.startswith("UPDATE"):
                        continue  # its own row's sign-in columns: below
                    assert "permission denied" in _refused(conn, statement), statement
            assert "permission denied" in _refused(conn, "UPDATE accounts SET role = '管理员'")
            assert "permission denied" in _refused(conn, "CREATE TABLE mine (id int)")
    finally:
        engine.dispose()


def test_leader_and_clerk_touch_only_their_own_account_row(district: District) -> None:
    for url, name in ((district.leader, "领导"), (district.clerk, "组织员")):
        engine = create_engine(url)
        with engine.begin() as conn:
            own = conn.execute(
                text("UPDATE accounts SET failed_count = 3 WHERE name = session_user")
            ).rowcount
            others = conn.execute(
                text("UPDATE accounts SET password_hash = 'x' WHERE name <> session_user")
            ).rowcount
            assert (own, others) == (1, 0), name
            conn.execute(text("UPDATE accounts SET failed_count = 0 WHERE name = session_user"))
        engine.dispose()


def test_the_program_as_a_leader_reads_signs_in_and_is_refused_every_write(
    district: District,
) -> None:
    owner = open_context(district.owner)
    OrgService(owner).create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇"))
    owner.db.dispose()
    ctx = open_context(district.leader)
    try:
        row = accounts.authenticate(ctx, district.names["领导"], PASSWORD)
        assert row.role == "领导" and accounts.get_account(ctx, row.name).last_login is not None
        assert [o["name"] for o in list_kind(ctx, "orgs")] == ["幸福街道党工委"]
        with pytest.raises((KnownError, DBAPIError)) as refused:
            OrgService(ctx).create(OrgDraft(name="东风社区党委", kind="党委", level="村社区"))
        assert "permission denied" in str(refused.value) or "权限" in str(refused.value)
    finally:
        ctx.db.dispose()


def test_a_clerk_runs_the_service_flow_but_cannot_touch_the_audit_log(district: District) -> None:
    ctx = open_context(district.clerk, account=district.names["组织员"])
    try:
        orgs = OrgService(ctx)
        root = orgs.create(OrgDraft(name="幸福街道党工委", kind="党工委", level="街道乡镇")).id
        unit = orgs.create(
            OrgDraft(name="东风社区党委", kind="党委", level="村社区", parent_id=root)
        ).id
        member = MemberService(ctx).create(
            MemberDraft(org_id=unit, name="刘洋", category="在职党员")
        )
        brand = BrandService(ctx).create(BrandDraft(org_id=unit, name="东风暖心驿站", year=2026))
        campaigns = CampaignService(ctx)
        campaign = campaigns.create_campaign(
            "2026年品牌创建",
            2026,
            scope_org_id=root,
            start_on=dt.date(2026, 3, 1),
            end_on=dt.date(2026, 12, 31),
        ).id
        phase = campaigns.add_phase(campaign, "动员部署", dt.date(2026, 3, 1), dt.date(2026, 4, 30))
        task = campaigns.add_task(
            TaskDraft(phase_id=phase.id, name="制定方案", due_on=dt.date(2026, 4, 30))
        )
        assert campaigns.set_progress([(task.id, unit)], "已完成") == 1
        assert [p.status for p in campaigns.progress(campaign) if p.org_id == unit] == ["已完成"]
        MemberService(ctx).delete(member.id)
        assert brand.id
    finally:
        ctx.db.dispose()
    engine = create_engine(district.clerk)
    try:
        with engine.connect() as conn:
            entries = conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
            assert entries and entries >= 6
            for statement in (
                "UPDATE audit_log SET action = '改过'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
                *(f"DROP TRIGGER {t} ON audit_log" for t in TRIGGERS),
                *(f"ALTER TABLE audit_log DISABLE TRIGGER {t}" for t in TRIGGERS),
                "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                "ALTER TABLE organisations ADD COLUMN x int",
                "ALTER TABLE accounts DISABLE ROW LEVEL SECURITY",
                "DROP FUNCTION audit_log_append_only() CASCADE",
                "UPDATE accounts SET role = '管理员' WHERE name = session_user",
                "INSERT INTO accounts (name, role, password_hash, failed_count, disabled, "
                "created_at) VALUES ('x', '管理员', 'x', 0, false, now())",
                "CREATE TABLE mine (id int)",
            ):
                reason = _refused(conn, statement)
                assert "permission denied" in reason or "must be owner" in reason, statement
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == entries
    finally:
        engine.dispose()


def test_the_owner_credential_is_nowhere_on_the_clerk_side(district: District) -> None:
    engine = create_engine(district.clerk)
    owner = make_url(district.owner).username
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT r.rolsuper, r.rolcreaterole, r.rolbypassrls, "
                    "pg_has_role(current_user, :owner, 'MEMBER') "
                    "FROM pg_roles r WHERE r.rolname = current_user"
                ),
                {"owner": owner},
            ).one()
            assert tuple(found) == (False, False, False, False)
            reason = _refused(conn, f'SET ROLE "{owner}"')
            assert "permission denied" in reason
    finally:
        engine.dispose()
    assert owner not in district.clerk and make_url(district.clerk).username != owner


def test_only_a_login_that_may_add_accounts_is_offered_the_first_administrator(
    pg_url: str,
) -> None:
    server.setup_server(pg_url)
    name = f"only_{uuid.uuid4().hex[:6]}"
    server.add_login(pg_url, name, "组织员", PASSWORD)
    try:
        clerk = open_context(_login_url(pg_url, name))
        owner = open_context(pg_url)
        try:
            assert accounts.login_required(clerk) and not accounts.needs_first_admin(clerk)
            assert accounts.authenticate(clerk, name, PASSWORD).role == "组织员"
            assert accounts.needs_first_admin(owner)
        finally:
            clerk.db.dispose()
            owner.db.dispose()
    finally:
        server.remove_login(pg_url, name)


def test_a_migration_by_the_owner_grants_the_tables_it_adds(
    district: District, pg_server: Any
) -> None:
    from alembic import command

    from brandoffice.db.migrate import alembic_config, upgrade

    engine = create_engine(district.owner)
    with engine.connect() as conn:
        cfg = alembic_config(district.owner)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")  # drops holidays (0006), created again below
        conn.commit()
    engine.dispose()
    assert upgrade(district.owner)  # as `init` with the owner's URL does, without setup
    clerk = create_engine(district.clerk)
    leader = create_engine(district.leader)
    try:
        with clerk.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO holidays (year, day, kind, name) VALUES (2027, '2027-01-01', '休', '元旦')"
                )
            )
        with leader.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM holidays")).scalar() == 1
            reason = _refused(conn, "DELETE FROM holidays")
            assert "permission denied" in reason
    finally:
        clerk.dispose()
        leader.dispose()
    # Another database of the same server, never set up, gets no grants from a migration.
    elsewhere = pg_server.create_database(f"t_not_set_up_{uuid.uuid4().hex[:6]}")
    assert upgrade(elsewhere)
    engine = create_engine(elsewhere)
    try:
        with engine.connect() as conn:
            query = "SELECT has_table_privilege('bo_clerk', 'organisations', 'SELECT')"
            assert conn.execute(text(query)).scalar() is False
    finally:
        engine.dispose()


def test_a_login_that_is_not_the_owner_is_told_to_ask_for_an_upgrade(district: District) -> None:
    engine = create_engine(district.owner)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    engine.dispose()
    with pytest.raises(KnownError) as refused:
        open_context(district.clerk)
    message = str(refused.value)
    assert "不是数据库所有者" in message and "server setup" in message
    assert "0008" in message and district.names["组织员"] in message
    assert PASSWORD not in message


def test_setup_refuses_a_program_login_and_add_login_checks_its_input(district: District) -> None:
    with pytest.raises(ValidationError, match="不是数据库所有者"):
        server.setup_server(district.clerk)
    with pytest.raises(ValidationError, match="已有"):
        server.add_login(district.owner, district.names["组织员"], "组织员", PASSWORD)
    with pytest.raises(ValidationError, match="角色"):
        server.add_login(district.owner, "someone", "书记", PASSWORD)
    with pytest.raises(ValidationError):
        server.add_login(district.owner, "weak_one", "组织员", "12345678")
    owner = open_context(district.owner)
    try:
        accounts.create_account(owner, "wang_leader", "领导", PASSWORD)
    finally:
        owner.db.dispose()
    with pytest.raises(ValidationError, match="不一致"):
        server.add_login(district.owner, "wang_leader", "组织员", PASSWORD)
    logins = {(login.name, login.role) for login in server.list_logins(district.owner)}
    assert "wang_leader" not in {name for name, _ in logins}
    assert {(n, r) for r, n in district.names.items()} <= logins


def test_the_command_line_sets_up_and_adds_a_login_from_stdin(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    name = f"cli_{uuid.uuid4().hex[:6]}"
    assert main(["--db", pg_url, "server", "setup"]) == 0
    assert main(["--db", pg_url, "server", "setup"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["--db", pg_url, "server", "add-login", name, "--role", "领导"]) == 0
    assert main(["--db", pg_url, "server", "list-logins"]) == 0
    out = capsys.readouterr().out
    assert f"{name}\t领导" in out
    assert main(["--db", pg_url, "server", "remove-login", name]) == 0
    assert main(["--db", pg_url, "server", "remove-login", name]) == 2
    assert "没有" in capsys.readouterr().err
    assert os.environ.get("BRANDOFFICE_DB") is None


@pytest.fixture
def passwords_checked(pg_server: Any) -> Iterator[None]:
    """Make the test server check the logins' passwords (SCRAM) while the owner stays trusted."""
    hba = pg_server.data / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text("local all brandoffice trust\nlocal all all scram-sha-256\n" + original)

    def reload() -> None:
        pg_server._run(str(pg_server.bindir / "pg_ctl"), "-D", str(pg_server.data), "reload")
        time.sleep(0.5)

    reload()
    try:
        yield
    finally:
        hba.write_text(original)
        reload()


def test_a_login_signs_in_with_its_own_password_only(
    district: District, passwords_checked: None
) -> None:
    assert probe_connection(district.clerk) == district.names["组织员"]
    wrong = make_url(district.clerk).set(password="Wrong-pass-1").render_as_string(False)
    with pytest.raises(ConnectionFailedError, match="用户名或密码不正确") as refused:
        probe_connection(wrong)
    assert "Wrong-pass-1" not in str(refused.value) + refused.value.detail


def test_no_password_reaches_the_servers_statement_log(pg_url: str, pg_server: Any) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        database = conn.execute(text("SELECT current_database()")).scalar()
        conn.execute(text(f"ALTER DATABASE \"{database}\" SET log_statement = 'all'"))
    engine.dispose()
    secret = f"Log-{uuid.uuid4().hex[:8]}"
    name = f"logged_{uuid.uuid4().hex[:6]}"
    server.setup_server(pg_url)
    server.add_login(pg_url, name, "组织员", secret)
    try:
        log = (pg_server.root / "log.txt").read_text(encoding="utf-8", errors="replace")
        assert f'CREATE ROLE "{name}"' in log or f"CREATE ROLE {name}" in log  # it was logged
        assert secret not in log and "SCRAM-SHA-256$" in log
    finally:
        server.remove_login(pg_url, name)
