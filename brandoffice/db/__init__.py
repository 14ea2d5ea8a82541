"""Database access: engines, sessions, migrations."""
