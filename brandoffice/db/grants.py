"""The grants of a set-up server database: what each program role's group may do.

Kept apart from :mod:`brandoffice.db.server` so that a migration (``brandoffice.db.migrate``)
can grant the tables it adds without importing the services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brandoffice.model.vocab import Role

if TYPE_CHECKING:
    from sqlalchemy import Connection

GROUPS = {Role.ADMIN: "bo_admin", Role.CLERK: "bo_clerk", Role.LEADER: "bo_leader"}
"""The NOLOGIN group role of each program role."""
ROLE_OF_GROUP = {group: role for role, group in GROUPS.items()}
AUDIT_TABLE = "audit_log"
ACCOUNTS_TABLE = "accounts"
READ_ONLY_TABLES = frozenset({"alembic_version"})
SIGN_IN_COLUMNS = ("failed_count", "locked_until", "last_login", "password_hash")
"""What the sign-in writes into the signing-in account's own row (a rehash, the lockout)."""
OWN_PASSWORD_COLUMNS = ("password_changed_at",)


def quote_name(conn: Connection, name: str) -> str:
    """Return ``name`` quoted as a PostgreSQL identifier."""
    return conn.dialect.identifier_preparer.quote_identifier(name)


def role_exists(conn: Connection, name: str) -> bool:
    """Tell whether the server has a role (group or login) named ``name``."""
    from sqlalchemy import text

    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    return found is not None


def regrant_if_set_up(conn: Connection) -> bool:
    """Grant the group roles their rights again after a migration (tables it added included).

    Does nothing (False) on a database ``setup_server`` has not set up (the group
    roles are the cluster's, so its own row policy on the accounts is the mark).
    """
    from sqlalchemy import text

    query = text(
        "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() "
        "AND tablename = :table AND policyname = 'bo_accounts_own'"
    )
    if conn.execute(query, {"table": ACCOUNTS_TABLE}).first() is None:
        return False
    if not all(role_exists(conn, group) for group in GROUPS.values()):
        return False
    grant_all(conn)
    return True


def create_groups(conn: Connection) -> list[str]:
    from sqlalchemy import text

    created = []
    for group in GROUPS.values():
        if not role_exists(conn, group):
            conn.execute(text(f"CREATE ROLE {quote_name(conn, group)} NOLOGIN"))
            created.append(group)
    return created


def _tables(conn: Connection) -> list[str]:
    from sqlalchemy import text

    query = text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(str(r[0]) for r in conn.execute(query))


def _sequences(conn: Connection) -> dict[str, str]:
    """Return each table's sequences (``serial`` columns) by sequence name."""
    from sqlalchemy import text

    query = text(
        "SELECT s.relname, t.relname FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace"
    )
    return {str(seq): str(table) for seq, table in conn.execute(query)}


def grant_all(conn: Connection) -> int:
    from sqlalchemy import text

    def run(statement: str) -> None:
        conn.execute(text(statement))

    q = {group: quote_name(conn, group) for group in GROUPS.values()}
    admin, clerk, leader = q["bo_admin"], q["bo_clerk"], q["bo_leader"]
    everyone = f"{admin}, {clerk}, {leader}"
    database = quote_name(conn, str(conn.execute(text("SELECT current_database()")).scalar()))
    schema = quote_name(conn, str(conn.execute(text("SELECT current_schema()")).scalar()))
    run(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
    run(f"GRANT CONNECT ON DATABASE {database} TO {everyone}")
    run(f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
    run(f"GRANT USAGE ON SCHEMA {schema} TO {everyone}")
    tables = _tables(conn)
    for table in tables:
        name = quote_name(conn, table)
        run(f"REVOKE ALL ON {name} FROM PUBLIC, {everyone}")
        run(f"GRANT SELECT ON {name} TO {everyone}")
        if table == AUDIT_TABLE:
            run(f"GRANT INSERT ON {name} TO {everyone}")
        elif table == ACCOUNTS_TABLE:
            run(f"GRANT INSERT, UPDATE, DELETE ON {name} TO {admin}")
            columns = ", ".join(SIGN_IN_COLUMNS + OWN_PASSWORD_COLUMNS)
            run(f"GRANT UPDATE ({columns}) ON {name} TO {clerk}, {leader}")
        elif table not in READ_ONLY_TABLES:
            run(f"GRANT INSERT, UPDATE, DELETE ON {name} TO {admin}, {clerk}")
    for sequence, table in _sequences(conn).items():
        name = quote_name(conn, sequence)
        run(f"REVOKE ALL ON SEQUENCE {name} FROM PUBLIC, {everyone}")
        inserters = {AUDIT_TABLE: everyone, ACCOUNTS_TABLE: admin}.get(table, f"{admin}, {clerk}")
        if table not in READ_ONLY_TABLES:
            run(f"GRANT USAGE ON SEQUENCE {name} TO {inserters}")
    if ACCOUNTS_TABLE in tables:
        _own_row_policies(conn, admin, f"{clerk}, {leader}")
    return len(tables)


def _own_row_policies(conn: Connection, admin: str, others: str) -> None:
    """Let every role read the accounts, but only a 管理员 change another one's row.

    A clerk's or a leader's program changes only the signed-in account's own row
    (sign-in bookkeeping, its own password), matched by the login's name.
    """
    from sqlalchemy import text

    table = quote_name(conn, ACCOUNTS_TABLE)
    policies = {
        "bo_accounts_read": "FOR SELECT USING (true)",
        "bo_accounts_admin": f"FOR ALL TO {admin} USING (true) WITH CHECK (true)",
        "bo_accounts_own": (
            f"FOR UPDATE TO {others} USING (name = session_user) WITH CHECK (name = session_user)"
        ),
    }
    conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
    for name, body in policies.items():
        conn.execute(text(f"DROP POLICY IF EXISTS {name} ON {table}"))
        conn.execute(text(f"CREATE POLICY {name} ON {table} {body}"))
