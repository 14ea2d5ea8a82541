"""Bring a database to the program's schema: back up, migrate with FKs off, check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from brandoffice.backup import backup_name, copy_database
from brandoffice.db.engine import make_engine, sqlite_has_table, sqlite_path, sqlite_rows
from brandoffice.errors import SchemaTooNewError, StorageError
from brandoffice.paths import backup_dir

if TYPE_CHECKING:  # Alembic is imported only when a database needs migrating
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD_REVISION = max(p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
"""The newest revision, known without loading Alembic: the scripts are named by revision
(``0005_member_posts.py`` holds revision ``0005``; a test compares it with the scripts)."""
VERSION_TABLE = "alembic_version"


def alembic_config(url: str) -> Config:
    """Return an Alembic configuration for ``url`` using the shipped scripts."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """Return the newest revision of the shipped scripts (loads Alembic; see HEAD_REVISION)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def current_revision(url: str) -> str | None:
    """Return the revision a database is at (None when it has no schema yet).

    An SQLite file is read with :mod:`sqlite3` (the usual start needs no engine).
    """
    path = sqlite_path(url)
    if path is not None:
        if not path.exists() or not sqlite_has_table(path, VERSION_TABLE):
            return None
        found = sqlite_rows(path, f"SELECT version_num FROM {VERSION_TABLE}")
        return str(found[0][0]) if found else None
    from sqlalchemy import inspect, text

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(VERSION_TABLE):
                return None
            rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
            return str(rows[0][0]) if rows else None
    finally:
        engine.dispose()


def _has_tables(url: str) -> bool:
    from sqlalchemy import inspect

    engine = make_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


class SchemaUpgradeRefusedError(StorageError):
    """A server's schema is older than the program and the connected user may not migrate it."""


def _check_may_migrate(url: str, current: str | None, target: str | None) -> None:
    """Refuse to migrate a server database as anyone but its owner (no DDL from a clerk's PC).

    Raises:
        SchemaUpgradeRefusedError: The connected login is not the owner.
    """
    from sqlalchemy import text

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            user = str(conn.execute(text("SELECT current_user")).scalar())
            if current is None:
                query = "SELECT has_schema_privilege(current_schema(), 'CREATE')"
            else:
                query = (
                    "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
                    f"WHERE c.relname = '{VERSION_TABLE}' AND pg_table_is_visible(c.oid)"
                )
            allowed = bool(conn.execute(text(query)).scalar())
    finally:
        engine.dispose()
    if allowed:
        return
    if current is None:
        state = "服务器上的数据库还没有建立本程序的数据表"
    else:
        state = f"服务器上的数据库结构（版本 {current}）比本程序（版本 {target}）旧，需要升级"
    raise SchemaUpgradeRefusedError(
        f"{state}；当前登录的用户“{user}”不是数据库所有者，不能升级。"
        "请区级管理员用数据库所有者账号运行：brandoffice --db 所有者的连接地址 server setup"
    )


def upgrade(url: str, revision: str = "head") -> bool:
    """Migrate ``url`` up to ``revision``.

    On SQLite a database with data is first copied to a verified backup; the
    migration runs with foreign keys off (a batch table rebuild with them on
    would cascade-delete children), then ``foreign_key_check`` must be clean.

    Args:
        url: Database URL.
        revision: Target revision.

    Returns:
        True when anything was migrated.

    Raises:
        SchemaTooNewError: The database was written by a newer program.
        SchemaUpgradeRefusedError: A server's schema needs migrating and the
            connected user is not its owner.
        StorageError: The backup failed or the foreign keys are broken afterwards.
    """
    current = current_revision(url)
    if current == HEAD_REVISION and revision in ("head", HEAD_REVISION):
        return False  # the usual start: no need to load Alembic and its scripts
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(url))
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNewError(
            f"数据库版本（{current}）比本程序新，请升级 BrandOffice 后再打开此数据库。"
        )
    target = script.get_current_head() if revision == "head" else revision
    if current == target:
        return False
    path = sqlite_path(url)
    if path is None:
        _check_may_migrate(url, current, target)
    if path is not None and path.exists() and current is not None and _has_tables(url):
        copy_database(path, backup_dir(path) / backup_name("before-migration"))
    from sqlalchemy import text

    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
            if conn.dialect.name == "postgresql":
                from brandoffice.db.grants import regrant_if_set_up

                regrant_if_set_up(conn)  # a table the migration added gets its grants
                conn.commit()
            if conn.dialect.name == "sqlite":
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                conn.commit()
                if broken:
                    raise StorageError(f"迁移后发现 {len(broken)} 处外键不一致：{broken[:5]}")
    finally:
        engine.dispose()
    if current is None:  # a new database: what this install knew of one at this place is void
        from brandoffice.safety.auditkey import database_identity, forget

        forget(database_identity(url))
    return True
