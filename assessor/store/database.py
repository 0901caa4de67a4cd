"""Opening an assessor SQLite file safely: identify it first, then migrate, never damage it.

A file is checked read-only before anything writes to it, so a file that is not an assessor
database, or is damaged, or was written by a newer assessor is left exactly as it was. Opening
writes to a file only to migrate it or to switch it to WAL mode; before either, the whole file
is checked (`PRAGMA quick_check`, about 0.25 s for 10,000 assessments). Otherwise damage is
left to SQLite to notice when it reads a damaged page.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from assessor.store.errors import StoreError
from assessor.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS
from assessor.store.text import read_stored_text

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
WAL_FORMAT = 2  # header bytes 18 and 19 (write and read versions): 1 rollback journal, 2 WAL
BUSY_TIMEOUT_MS = 10_000


def _read_header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEADER_SIZE)


def _in_wal_mode(header: bytes) -> bool:
    return len(header) == HEADER_SIZE and header[18] == header[19] == WAL_FORMAT


def _identify(path: Path, header: bytes) -> int:
    """The schema version of an existing assessor file, read without writing anything.

    Opened immutable: nothing is created beside it (no -wal or -shm), nothing in it changes.
    """
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise StoreError(f"{path} is not an assessor database (it is not an SQLite file)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened: {error}") from None
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise StoreError(f"{path} is an SQLite file, but not an assessor database")
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            raise StoreError(f"{path} is damaged: it has no schema version")
        return int(row[0])
    except ValueError:
        raise StoreError(f"{path} is damaged: its schema version is not a number") from None
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is damaged and was left unchanged ({error})") from None
    finally:
        connection.close()


def _check_intact(path: Path, header: bytes) -> None:
    """Refuse a damaged file before anything writes to it (read-only; the file is not changed).

    A WAL-mode file with no -wal beside it is read immutable, so that no -wal or -shm is left
    beside a file that is then refused; otherwise read-only, seeing what a -wal holds.
    """
    quiet = _in_wal_mode(header) and not Path(f"{path}-wal").exists()
    mode = "ro&immutable=1" if quiet else "ro"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened: {error}") from None
    try:
        found = connection.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is damaged and was left unchanged ({error})") from None
    finally:
        connection.close()
    if found is None or found[0] != "ok":
        first = found[0] if found else "no answer from the check"
        first = " ".join(first.replace("*** in database main ***", "").split())
        raise StoreError(f"{path} is damaged and was left unchanged ({first})")


def _create(path: Path) -> None:
    """Create a new, fully migrated database at `path`, owner-only, atomically.

    It is built under a temporary name beside `path` and linked into place, so another process
    never sees a half-made file; if one creates `path` first, theirs is kept and ours dropped.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise StoreError(f"cannot create {path}: {error.strerror or error}") from None
    os.close(handle)  # mkstemp makes it readable and writable by its owner only
    building = Path(temporary)
    try:
        connection = sqlite3.connect(building, isolation_level=None)
        try:
            _migrate(connection, 0)
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
        os.link(building, path)
    except FileExistsError:
        pass  # created meanwhile by another process: use theirs
    except OSError as error:
        raise StoreError(f"cannot create {path}: {error.strerror or error}") from None
    finally:
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)


def _version_in(connection: sqlite3.Connection) -> int:
    has_meta = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_meta:
        return 0
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _migrate(connection: sqlite3.Connection, current: int) -> None:
    if current == LATEST:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = _version_in(connection)  # another process may have migrated meanwhile
        if current > LATEST:
            raise _too_new(Path(connection.execute("PRAGMA database_list").fetchone()[2]), current)
        for version in range(current + 1, LATEST + 1):
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(
            "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (str(LATEST),),
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _too_new(path: Path, version: int) -> StoreError:
    return StoreError(
        f"{path} was written by a newer assessor (schema {version}; this one reads up to "
        f"{LATEST}); upgrade assessor to open it"
    )


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) an assessor database at `path`, migrated to the latest schema."""
    if not path.exists():
        _create(path)
    if not path.is_file():
        raise StoreError(f"{path} is not a regular file; give the path of a database file")
    if path.stat().st_size == 0:
        raise StoreError(f"{path} is an empty file, not an assessor database")
    header = _read_header(path)
    version = _identify(path, header)
    if version > LATEST:
        raise _too_new(path, version)
    if version < LATEST or not _in_wal_mode(header):
        _check_intact(path, header)  # opening is about to write to it: migrate, or switch to WAL
    # Autocommit mode: every write below opens its own explicit transaction.
    connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed answer survives a power cut, not only a crash of the process.
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, version)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise StoreError(f"{path} cannot be used: {error}") from None
    except StoreError:
        connection.close()
        raise
    connection.row_factory = sqlite3.Row
    connection.text_factory = read_stored_text  # one bad byte does not hide a whole assessment
    return connection
