"""Keeping data safe: backups, checks, the instance lock, storage errors, login and audit."""
