"""Bring a database to the program's schema: back up, migrate with FKs off, check."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from brandoffice.backup import backup_name, copy_database
from brandoffice.db.engine import make_engine, sqlite_path
from brandoffice.errors import SchemaTooNewError, StorageError
from brandoffice.paths import backup_dir

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    """Return an Alembic configuration for ``url`` using the shipped scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """Return the newest revision this program knows."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def current_revision(url: str) -> str | None:
    """Return the revision a database is at (None when it has no schema yet)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def _has_tables(url: str) -> bool:
    engine = make_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


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
        StorageError: The backup failed or the foreign keys are broken afterwards.
    """
    script = ScriptDirectory.from_config(alembic_config(url))
    current = current_revision(url)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise SchemaTooNewError(
            f"数据库版本（{current}）比本程序新，请升级 BrandOffice 后再打开此数据库。"
        )
    target = script.get_current_head() if revision == "head" else revision
    if current == target:
        return False
    path = sqlite_path(url)
    if path is not None and path.exists() and current is not None and _has_tables(url):
        copy_database(path, backup_dir(path) / backup_name("before-migration"))
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
            if conn.dialect.name == "sqlite":
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                conn.commit()
                if broken:
                    raise StorageError(f"迁移后发现 {len(broken)} 处外键不一致：{broken[:5]}")
    finally:
        engine.dispose()
    return True
