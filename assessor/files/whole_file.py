"""Writing an output file whole or not at all: every export, report and comparison, from the
command line and the app.

The text goes to a new temporary file in the target's folder (created exclusively, owner-only
or with the mode of the file it replaces), is flushed and synced, and only then renamed over
the target: a full disk, a file-size limit or a crash leaves the old file as it was and no
temporary file behind. Only a regular file is ever replaced. A symbolic link as the target is
refused, not followed: the name a user gives is the file written, and a link planted in a
shared folder cannot send the write elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

NEW_FILE_MODE = 0o600  # exports and reports hold what partners said: readable by the owner only


class FileWriteError(Exception):
    """A file that was not written, said in one sentence; the old file, if any, is unchanged."""


_KINDS = {
    stat.S_ISDIR: "a folder",
    stat.S_ISCHR: "a device",
    stat.S_ISBLK: "a device",
    stat.S_ISFIFO: "a named pipe",
    stat.S_ISSOCK: "a socket",
}


def write_whole_file(target: Path, text: str, replace: bool = False) -> None:
    """Write `text` (UTF-8) to `target`, a new file, or an existing regular file when `replace`.

    Raises FileWriteError, never OSError: the sentence names the file and says it was not
    changed. A replaced file keeps its permission bits; a new one is owner-only.
    """
    folder = target.parent
    existing = _existing(target, replace)
    if not folder.is_dir():
        raise FileWriteError(f"the folder {folder} does not exist")
    mode = NEW_FILE_MODE if existing is None else stat.S_IMODE(existing.st_mode) & 0o777
    unchanged = f"{target} was not changed" if existing is not None else "nothing was written"
    data = text.encode("utf-8", "replace")  # a lone surrogate cannot be UTF-8: written as '?'
    temporary = folder / f".{target.name[:64]}.{secrets.token_hex(6)}.tmp"
    try:
        handle = os.open(
            temporary,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
            NEW_FILE_MODE,
        )
    except OSError as error:
        raise FileWriteError(_reason(error, target, folder, unchanged)) from None
    try:
        try:
            os.fchmod(handle, mode)  # exactly, whatever the umask
            _write_all(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        _put_in_place(temporary, target, replace)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise FileWriteError(_reason(error, target, folder, unchanged)) from None
        raise
    _sync_folder(folder)


def _existing(target: Path, replace: bool) -> os.stat_result | None:
    """The target's own status (not a link's), refused unless it may be replaced."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise FileWriteError(f"the folder {target.parent} does not exist") from None
    except OSError as error:
        raise FileWriteError(f"cannot write {target}: {error.strerror or error}") from None
    if stat.S_ISLNK(found.st_mode):
        raise FileWriteError(f"{target} is a symbolic link; give the path of a real file")
    for test, kind in _KINDS.items():
        if test(found.st_mode):
            if kind == "a folder":
                raise FileWriteError(f"{target} is a folder; give a file name")
            raise FileWriteError(f"{target} is {kind}, not a regular file; give a file name")
    if not stat.S_ISREG(found.st_mode):
        raise FileWriteError(f"{target} is not a regular file; give a file name")
    if _is_database(target):
        raise FileWriteError(
            f"{target} is a database (or its log): reports and exports never replace one, so "
            "that nothing answered is lost; give another file name"
        )
    if not replace:
        raise FileWriteError(f"{target} already exists; use --force to replace it")
    return found


SQLITE_HEADER = b"SQLite format 3\x00"
_DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")


def _is_database(target: Path) -> bool:
    """Whether `target` is an SQLite database, or the log, index or journal beside one: the
    store in use, or any other, must never be overwritten by a report or an export."""
    for suffix in _DATABASE_COMPANIONS:
        if target.name.endswith(suffix) and _is_database(
            target.with_name(target.name.removesuffix(suffix))
        ):
            return True
    try:
        with open(target, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def _put_in_place(temporary: Path, target: Path, replace: bool) -> None:
    """Rename the whole file over the target; without `replace`, never over a file that
    appeared since it was checked (a hard link fails if the name exists, where rename would
    not)."""
    if replace:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target, follow_symlinks=False)
    except FileExistsError:
        raise FileWriteError(f"{target} already exists; use --force to replace it") from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if os.path.lexists(target):  # a file system without hard links: check, then rename
            raise FileWriteError(f"{target} already exists; use --force to replace it") from None
        os.replace(temporary, target)
        return
    # the file is written; a stray second name is no reason to say otherwise
    with contextlib.suppress(OSError):
        temporary.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; a folder that cannot be opened for it is no failure."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _reason(error: OSError, target: Path, folder: Path, unchanged: str) -> str:
    """One sentence for why the file was not written."""
    code = error.errno
    if code == errno.ENOSPC:
        return f"no space left on the disk that holds {target}; {unchanged}"
    if code == errno.EDQUOT:
        return f"the disk quota for {folder} is used up; {unchanged}"
    if code == errno.EFBIG:
        return f"{target} would be larger than the file-size limit; {unchanged}"
    if code == errno.EROFS:
        return f"cannot write {target}: {folder} is on a read-only disk; {unchanged}"
    if code in (errno.EACCES, errno.EPERM):
        return f"cannot write {target}: permission denied in the folder {folder}; {unchanged}"
    if code == errno.EISDIR:
        return f"{target} is a folder; give a file name"
    if code == errno.ENAMETOOLONG:
        return f"the file name {target.name[:60]}… is too long; give a shorter one"
    return f"cannot write {target}: {error.strerror or error}; {unchanged}"
