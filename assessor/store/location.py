"""Which database to use: --db, else $ASSESSOR_DB, else the user's data folder.

A database is a file (SQLite, the default) or a PostgreSQL address (`postgresql://...`). An
address is kept as a `ServerAddress`, which prints without its password: whatever names the
database in a message, a report or a notice shows it as `str()` does.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from assessor.store.errors import StoreError

ENV_VARIABLE = "ASSESSOR_DB"
FILE_NAME = "assessor.db"
SCHEMES = ("postgresql://", "postgres://")


def is_server_address(raw: str) -> bool:
    return raw.strip().lower().startswith(SCHEMES)


_USER_PASSWORD = re.compile(r"^([a-z]+://[^:@/?]*):([^@/?]*)@", re.I)
_PASSWORD_PARAMETER = re.compile(r"([?&][^=&]*password[^=&]*=)([^&]*)", re.I)


def passwords_in(address: str) -> list[str]:
    """Every password an address holds, as written and as meant (percent-decoded): read
    without parsing the whole address, so that one too malformed to parse is covered too."""
    found = [m.group(2) for m in _USER_PASSWORD.finditer(address)]
    found += [m.group(2) for m in _PASSWORD_PARAMETER.finditer(address)]
    return [p for written in found if written for p in {written, unquote(written)}]


def _shown(address: str) -> str:
    """The address without its password (in the user part, or as a `password` parameter)."""
    try:
        parts = urlsplit(address)
    except ValueError:  # malformed: the password cut out as written
        cut = _USER_PASSWORD.sub(r"\1@", address)
        return _PASSWORD_PARAMETER.sub(r"\1***", cut)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, where = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}@{where}"
    query = [
        (key, "***" if "password" in key.lower() else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    shown = f"{parts.scheme}://{netloc}{parts.path}"
    return f"{shown}?{urlencode(query, safe='/*')}" if query else shown


@dataclass(frozen=True)
class ServerAddress:
    """A PostgreSQL database's address. `secret` is for connecting only; `str()` (and `repr()`)
    give it without the password."""

    secret: str = field(repr=False)

    def __str__(self) -> str:
        return _shown(self.secret)

    def __repr__(self) -> str:
        return f"ServerAddress({str(self)!r})"

    @property
    def name(self) -> str:
        """The database's name, as a file's name is its last part."""
        return urlsplit(self.secret).path.lstrip("/") or str(self)

    def exists(self) -> bool:
        """A server's database is made by whoever runs the server, before assessor is given its
        address; assessor makes its tables in it on first use."""
        return True


Location = Path | ServerAddress


def default_path() -> Path:
    from platformdirs import user_data_path  # imported here: only commands with data need it

    return user_data_path("assessor", appauthor=False) / FILE_NAME


def resolve(cli_value: str | os.PathLike[str] | None = None) -> Location:
    """The database to open: a path, or a PostgreSQL address; a folder or an empty name is
    refused."""
    raw = cli_value if cli_value is not None else os.environ.get(ENV_VARIABLE) or None
    if isinstance(raw, str) and is_server_address(raw):
        return ServerAddress(raw.strip())
    path = Path(raw).expanduser() if raw is not None else default_path()
    if str(raw).strip() == "" and raw is not None:
        raise StoreError("the database path is empty")
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give the path of a database file")
    return path
