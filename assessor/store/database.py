"""Opening an assessor SQLite file safely: identify it first, then migrate, never damage it.

A file is checked read-only before anything writes to it, so a file that is not an assessor
database, or is damaged, or was written by a newer assessor is left exactly as it was. Every
check reads the file as SQLite really sees it, with the write-ahead log beside it: the main
file alone may be half-way through a checkpoint that a crash or a full disk cut off, and is
whole only with its log. Opening writes to a file to migrate it, to switch it to WAL mode, or
to fold back in a log a crash left beside it; before any of these the whole file is checked
(`PRAGMA quick_check`, about 0.25 s for 10,000 assessments on an idle machine). Otherwise
damage is left to SQLite to notice when it reads a damaged page. A file this user cannot write
(or in a folder it cannot write) is opened read-only: it can be read, and any write is refused
as read-only.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import sys
import tempfile
from pathlib import Path

from assessor.store.compaction import TO_COMPACT, compact_if_upgraded
from assessor.store.errors import Damaged, DiskFull, ReadOnly, StoreError, from_sqlite
from assessor.store.migrations import APPLICATION_ID, LATEST, migrations_after
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


def _has_log(path: Path) -> bool:
    """Whether a write-ahead log beside the file may hold part of the database."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


_DEAD_MAN_SWITCH = 128  # the -shm byte every open WAL connection holds a read lock on


def open_elsewhere(path: Path) -> bool:
    """Whether another process has the database open in WAL mode, so that a log beside it is
    that program's work in progress, not a crash's leftover.

    Each open connection holds a read lock on one byte of the -shm; F_GETLK tells whether a
    write lock there would conflict, without taking one (as SQLite itself tests it). False when
    it cannot tell (not 64-bit Linux, no -shm), so that the file is checked; locks held by this
    process are not seen, so a second connection in one process is checked too.
    """
    if sys.platform != "linux" or struct.calcsize("P") != 8:
        return False
    import fcntl

    try:
        handle = os.open(f"{path}-shm", os.O_RDONLY)
    except OSError:
        return False
    try:
        asked = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, _DEAD_MAN_SWITCH, 1, 0)
        found = fcntl.fcntl(handle, fcntl.F_GETLK, asked)
    except OSError:
        return False
    finally:
        os.close(handle)
    lock_type: int = struct.unpack("hhqqi", found)[0]  # struct.flock's l_type
    return lock_type != fcntl.F_UNLCK


def _in_memory(connection: sqlite3.Connection) -> sqlite3.Connection:
    """SQLite's temporary storage (sorts, temporary indexes) kept in memory, not in files in
    TMPDIR: a full or size-limited TMPDIR is then no reason for reading the database to fail,
    nor one to blame on the database's disk. What spills is at most one query's rows (500
    assessments' answers for `history`), which the caller holds in memory as objects anyway."""
    connection.execute("PRAGMA temp_store = MEMORY")
    return connection


def _no_room_for_index(path: Path, error: sqlite3.Error, had_index: bool) -> bool:
    """Whether opening failed only because the log's -shm index could not be made: in a folder
    that cannot be written, or on a full disk, with no program using the file (each keeps a
    -shm open while it does: none before we tried, or one nobody holds, as a failed attempt
    leaves it)."""
    primary = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if not _has_log(path):
        return False
    if primary == 14:  # SQLITE_CANTOPEN: a folder that cannot be written
        return not Path(f"{path}-shm").exists()
    if not isinstance(from_sqlite(path, error), DiskFull):
        return False
    return not had_index or (sys.platform == "linux" and not open_elsewhere(path))


def read_only(path: Path, lasting: bool = False) -> sqlite3.Connection:
    """A read-only connection that sees the file as it really is, its write-ahead log included,
    and never writes to it.

    A WAL-mode file with no log beside it is the whole database: it is read immutable, so that
    nothing is created beside a file that may be refused (`lasting`, for a connection kept
    open, does so only in a folder that cannot be written, where no log can appear). With a
    log (or in rollback-journal mode) SQLite reads the file as any reader does, the log
    included, making a -shm index beside them if there is none. Where that index cannot be
    made (a folder that cannot be written, or a full disk, with no program using the file) it
    is kept in memory. (The main file alone, read immutable, can be half-way through a
    checkpoint when a process was killed or the disk filled during one: only the log makes it
    whole.)
    """
    uri = path.resolve().as_uri()
    quiet = _in_wal_mode(_read_header(path)) and not _has_log(path)
    if quiet and not (lasting and os.access(path.parent, os.W_OK)):
        connection = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
        return _in_memory(connection)
    had_index = Path(f"{path}-shm").exists()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    try:
        connection.execute("PRAGMA schema_version").fetchone()  # opens the log and its index
        return _in_memory(connection)
    except sqlite3.OperationalError as error:
        connection.close()
        if not _no_room_for_index(path, error, had_index):
            raise
    connection = sqlite3.connect(f"{uri}?mode=ro&vfs=unix-none", uri=True, isolation_level=None)
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")  # the log's index in memory, no -shm
    return _in_memory(connection)


def _open_to_check(path: Path) -> sqlite3.Connection:
    try:
        return read_only(path)
    except sqlite3.Error as error:
        raise from_sqlite(path, error) from None


def _damaged(path: Path, error: sqlite3.Error) -> StoreError:
    """What a failed read while checking the file means: damage only if SQLite says so."""
    found = from_sqlite(path, error)
    if isinstance(found, Damaged):
        return Damaged(f"{path} is damaged and was left unchanged ({error})")
    return found


def _identify(path: Path, header: bytes) -> int:
    """The schema version of an existing assessor file, read without writing anything."""
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise StoreError(f"{path} is not an assessor database (it is not an SQLite file)")
    connection = _open_to_check(path)
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise StoreError(f"{path} is an SQLite file, but not an assessor database")
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            raise Damaged(f"{path} is damaged: it has no schema version")
        return int(row[0])
    except ValueError:
        raise Damaged(f"{path} is damaged: its schema version is not a number") from None
    except sqlite3.Error as error:
        raise _damaged(path, error) from None
    finally:
        connection.close()


def _check_intact(path: Path) -> None:
    """Refuse a damaged file before anything writes to it (read-only; the file is not changed)."""
    connection = _open_to_check(path)
    try:
        found = connection.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.Error as error:
        raise _damaged(path, error) from None
    finally:
        connection.close()
    if found is None or found[0] != "ok":
        first = found[0] if found else "no answer from the check"
        first = " ".join(first.replace("*** in database main ***", "").split())
        raise Damaged(f"{path} is damaged and was left unchanged ({first})")


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


_SECURE_DELETE = {0: "OFF", 1: "ON", 2: "FAST"}


def _migrate(connection: sqlite3.Connection, current: int) -> None:
    if current == LATEST:
        return
    # A migration may rebuild a table and drop the old one, whose rows live on in the new. With
    # secure delete on (as Debian's build of SQLite has it), every page dropped would be written
    # over with zeros, through the log and a statement journal each as large as the table.
    was = connection.execute("PRAGMA secure_delete").fetchone()[0]
    connection.execute("PRAGMA secure_delete = FAST")  # zeros only where it costs no writes
    try:
        _migrate_now(connection)
    finally:
        connection.execute(f"PRAGMA secure_delete = {_SECURE_DELETE.get(was, 'ON')}")


def _migrate_now(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        current = _version_in(connection)  # another process may have migrated meanwhile
        if current > LATEST:
            raise _too_new(Path(connection.execute("PRAGMA database_list").fetchone()[2]), current)
        for migration in migrations_after(current):
            for statement in migration.split(";"):
                if statement.strip():
                    connection.execute(statement)
        if current > 0:  # an existing file brought up to date: see `compaction`
            connection.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                (TO_COMPACT, str(current)),
            )
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(
            "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (str(LATEST),),
        )
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:  # SQLite rolls back itself on some errors (a full disk)
            connection.execute("ROLLBACK")
        raise


def _too_new(path: Path, version: int) -> StoreError:
    return StoreError(
        f"{path} was written by a newer assessor (schema {version}; this one reads up to "
        f"{LATEST}); upgrade assessor to open it"
    )


def writable(path: Path) -> bool:
    """Whether this user can write the file and the folder it is in (for its -wal and -shm)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def connect(path: Path) -> tuple[sqlite3.Connection, StoreError | None]:
    """Open (creating if needed) an assessor database at `path`, migrated to the latest schema.

    Returns the connection and, when it is read-only, what any write is refused as (None when
    it can be written): a file (or folder) this user cannot write is opened read-only, and so is
    a file on a full disk that cannot be opened for writing, so that it can still be read.
    """
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
    if not writable(path):
        if version < LATEST:
            raise StoreError(
                f"{path} was written by an older assessor and is read-only here: it is brought "
                "up to date when it is opened, which needs write access to it and its folder"
            )
        return _read_only_store(path), ReadOnly(
            f"{path} is read-only: it can be read, but nothing can be saved to it"
        )
    left_by_a_crash = _has_log(path) and not open_elsewhere(path)
    if version < LATEST or not _in_wal_mode(header) or left_by_a_crash:
        # Opening is about to write to it: migrate, switch it to WAL, or fold back in a log
        # that a crash, a kill or a full disk left beside it (a log of a program using the
        # file now is that program's to fold in: no check, which reads the whole file).
        _check_intact(path)
    # Autocommit mode: every write below opens its own explicit transaction.
    connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed answer survives a power cut, not only a crash of the process.
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        _in_memory(connection)  # a migration's sorts too (an index's: about 60 bytes an answer)
        _migrate(connection, version)
        compact_if_upgraded(connection, path)
    except sqlite3.Error as error:
        connection.close()
        refused = from_sqlite(path, error)
        if not (isinstance(refused, DiskFull) and version == LATEST):
            raise refused from None
        # No room to open it for writing (its log's index, say): read it, refuse writes.
        return _read_only_store(path), refused
    except StoreError:
        connection.close()
        raise
    connection.row_factory = sqlite3.Row
    connection.text_factory = read_stored_text  # one bad byte does not hide a whole assessment
    return _in_memory(connection), None


def _read_only_store(path: Path) -> sqlite3.Connection:
    try:
        connection = read_only(path, lasting=True)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as error:
        raise from_sqlite(path, error) from None
    connection.row_factory = sqlite3.Row
    connection.text_factory = read_stored_text
    return connection
