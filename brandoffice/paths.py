"""Where BrandOffice keeps its data, and access to the shipped resources."""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "BrandOffice"
DB_ENV = "BRANDOFFICE_DB"
DATA_ENV = "BRANDOFFICE_DATA"


def data_dir() -> Path:
    """Return the user's data folder (``BRANDOFFICE_DATA`` overrides), creating it."""
    override = os.environ.get(DATA_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """Return the path of the default SQLite database."""
    return data_dir() / "brandoffice.sqlite3"


def backup_dir(db_path: Path | None = None) -> Path:
    """Return the folder holding backups of the given (or default) database."""
    base = db_path.parent if db_path is not None else data_dir()
    path = base / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resource(*parts: str) -> Traversable:
    """Return a shipped resource file under ``resources/``."""
    node = resources.files("resources")
    for part in parts:
        node = node.joinpath(part)
    return node
