"""Errors a user can cause with a database file; each reads as one clear sentence.

`from_sqlite` names what SQLite's error code means for the file (busy, full disk, read-only,
damaged), so that no failure of the disk or of another program is called damage. It reads the
code from the exception, so that importing this module (as the command line does) does not load
sqlite3.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assessor.store.records import Answer

# SQLite's primary result codes (https://sqlite.org/rescode.html)
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3,
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    26,
)


class Compacting(UserWarning):
    """A file being compacted once after an upgrade freed much of it: said before the wait, and
    said if it could not be done (the command line prints each as one line)."""


class StoreError(Exception):
    """A database that cannot be used as asked (not assessor's, damaged, too new, unknown id)."""


class NotFound(StoreError):
    """An id or name that is not in the database."""


class Unavailable(StoreError):
    """The file cannot be written just now (busy, full disk, read-only, an I/O failure): what
    was saved before is intact, and what was being saved was not."""


class Busy(Unavailable):
    """Another program holds the write lock for longer than the store waits."""


class DiskFull(Unavailable):
    """No space left on the disk (or the file reached a size limit)."""


class ReadOnly(Unavailable):
    """The file, or its folder, cannot be written by this user."""


class Damaged(StoreError):
    """SQLite, reading the file as it really is (with its write-ahead log), finds it damaged."""


class Conflict(StoreError):
    """A write based on a stale view: the answer was changed elsewhere since it was read.

    `theirs` is the answer as it is now (None if it was removed).
    """

    def __init__(self, message: str, theirs: Answer | None) -> None:
        super().__init__(message)
        self.theirs = theirs


class StaleRatings(Conflict):
    """Ratings on a workshop line that changed elsewhere since they were read: none of the line
    was written.

    `changed` holds, per participant id, the rating as it is now (None if removed).
    """

    def __init__(self, message: str, changed: dict[int, Answer | None]) -> None:
        super().__init__(message, next(iter(changed.values()), None))
        self.changed = changed


def _named(path: os.PathLike[str] | str | None) -> str:
    return f"the database {path}" if path is not None else "the database"


def _disk_full(path: os.PathLike[str] | str | None) -> bool:
    """Whether the disk holding `path` has no room left (SQLite says only "disk I/O error" when
    it cannot even make the -shm index there)."""
    if path is None:
        return False
    try:
        found = os.statvfs(os.path.dirname(os.path.abspath(path)) or ".")
    except (OSError, AttributeError):  # no statvfs (Windows): say what SQLite said
        return False
    return found.f_bavail * found.f_frsize < 64 * 1024


_WAL_FRAME = 65536 + 24  # the most one write to the database or its log adds at once


def _size_limited(path: os.PathLike[str] | str | None) -> bool:
    """Whether the database or its log has reached this process's file-size limit (`ulimit
    -f`): writing past it fails with EFBIG, which SQLite reports only as "disk I/O error"."""
    if path is None:
        return False
    try:
        import resource
    except ImportError:  # no such limit (Windows)
        return False
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return False
    for file in (str(path), f"{path}-wal", f"{path}-journal"):
        try:
            if os.stat(file).st_size + _WAL_FRAME > limit:
                return True
        except OSError:
            continue
    return False


def from_sqlite(path: os.PathLike[str] | str | None, error: Any) -> StoreError:
    """The StoreError that says what `error` (an sqlite3.Error) means for the file at `path`."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    file = str(path) if path is not None else "the database file"
    if primary in (_BUSY, _LOCKED):
        return Busy(f"{_named(path)} is busy: another program is writing to it; try again")
    if primary in (_FULL, _IOERR) and _size_limited(path):
        return DiskFull(
            f"{_named(path)} has reached the file-size limit (ulimit -f); nothing you answered "
            "earlier was lost"
        )
    if primary == _FULL or (primary == _IOERR and _disk_full(path)):
        return DiskFull(
            f"no space left on the disk that holds {file}; nothing you answered was lost"
        )
    if primary in (_READONLY, _PERM):
        return ReadOnly(f"{file} is read-only: it can be read, but nothing can be saved to it")
    if primary in (_CORRUPT, _NOTADB):
        return Damaged(f"{file} is damaged ({error})")
    if primary == _CANTOPEN:
        return Unavailable(f"{file} cannot be opened ({error})")
    if primary == _IOERR:
        return Unavailable(
            f"{file} could not be read or written ({error}); nothing saved before was lost"
        )
    return StoreError(f"{file} cannot be used: {error}")
