"""SQL run straight on a database at an old revision, for the migration tests."""

from __future__ import annotations

from sqlalchemy import text

from brandoffice.db.engine import make_engine

# A street and one community under it, as revisions 0001 to 0009 store organisations.
STREET_AND_COMMUNITY = (
    "INSERT INTO organisations (id, parent_id, name, initials, kind, level, member_count,"
    " is_demo_point, sort_order) VALUES (1, NULL, '幸福街道党工委', 'x', '党工委',"
    " '街道乡镇', 0, false, 0), (2, 1, '幸福社区党委', 'x', '党委', '村社区', 0, false, 0)"
)
# Two members of unit 2.
TWO_MEMBERS = (
    "INSERT INTO members (org_id, name, initials, category, posts) VALUES"
    " (2, '张三', 'zs', '在职党员', '[]'), (2, '李四', 'ls', '流动党员', '[]')"
)


def execute(url: str, *statements: str) -> None:
    """Run ``statements`` on the database at ``url`` in one transaction."""
    engine = make_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()
