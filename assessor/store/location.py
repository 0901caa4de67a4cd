"""Which database file to use: --db, else $ASSESSOR_DB, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from assessor.store.errors import StoreError

ENV_VARIABLE = "ASSESSOR_DB"
FILE_NAME = "assessor.db"


def default_path() -> Path:
    from platformdirs import user_data_path  # imported here: only commands with data need it

    return user_data_path("assessor", appauthor=False) / FILE_NAME


def resolve(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The database path to open; a folder or an empty name is refused."""
    raw = cli_value if cli_value is not None else os.environ.get(ENV_VARIABLE) or None
    path = Path(raw).expanduser() if raw is not None else default_path()
    if str(raw).strip() == "" and raw is not None:
        raise StoreError("the database path is empty")
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give the path of a database file")
    return path
