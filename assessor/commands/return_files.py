"""The files `assessor import` is given: paths and folders as typed, checked before reading.

A folder stands for the export files directly in it: its regular `*.json` files whose names do
not start with a dot. Nothing else in it is read (not its subfolders, hidden entries or other
files, which are counted and said), and a link in it is never followed (said, per link named
`*.json`). A file named on the command line is read wherever a link points, if it is a regular
file. Every refusal is one sentence that names the file.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from assessor.errors import UserError

EXPORT_SUFFIX = ".json"


@dataclass
class Gathered:
    """What the paths given stand for, in order: each file to read, or a path refused with the
    sentence that says why; per folder, a line saying what in it was left alone; and the
    folders that held no export file at all."""

    files: list[tuple[Path, str | None]] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)
    empty_folders: list[Path] = field(default_factory=list)

    def nothing_to_import(self) -> str | None:
        """When every path given was a folder with no export file in it: the sentence that says
        so (no file was refused: there was none to read)."""
        if not self.empty_folders or len(self.empty_folders) != len(self.files):
            return None
        if len(self.empty_folders) == 1:
            return f"{self.empty_folders[0]} holds no export files (*{EXPORT_SUFFIX}) to import"
        return (
            f"none of the folders given holds export files (*{EXPORT_SUFFIX}) to import: "
            + ", ".join(map(str, self.empty_folders))
        )


def gather(paths: list[str]) -> Gathered:
    """Each path given: a file, or a folder's export files (sorted by name)."""
    found = Gathered()
    for given in paths:
        path = Path(given)
        if path.is_dir():  # a link to a folder named on the command line is followed
            _gather_folder(path, found)
        else:
            found.files.append((path, None))
    return found


def _gather_folder(folder: Path, found: Gathered) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        found.files.append((folder, f"{folder} cannot be read: {_reason(error)}"))
        return
    others: list[str] = []
    folders: list[str] = []
    hidden = 0
    exports = links = 0
    for entry in entries:
        if entry.name.startswith("."):
            hidden += 1
        elif entry.is_symlink():
            if entry.name.lower().endswith(EXPORT_SUFFIX):
                links += 1
                found.files.append(
                    (
                        Path(entry.path),
                        f"{entry.path} is a symbolic link; links in a folder are not followed "
                        "(give the file it points to by name to import it)",
                    )
                )
            else:
                others.append(entry.name)
        elif entry.is_dir(follow_symlinks=False):
            folders.append(entry.name + os.sep)
        elif entry.name.lower().endswith(EXPORT_SUFFIX):
            exports += 1
            found.files.append((Path(entry.path), None))
        else:
            others.append(entry.name)
    said = []
    if others:
        said.append(f"{_some(others)} (not {EXPORT_SUFFIX})")
    if folders:
        said.append(f"{_some(folders)} (folders are not looked into)")
    if hidden:
        said.append(f"{hidden} hidden entr{'y' if hidden == 1 else 'ies'}")
    if said:
        found.left_alone.append(f"Left alone in {folder}: {'; '.join(said)}.")
    if not exports and not links:
        found.files.append((folder, f"{folder} has no {EXPORT_SUFFIX} files in it to import"))
        found.empty_folders.append(folder)


def _some(names: list[str], most: int = 5) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def read_export_text(source: Path, limit: int, limit_mb: int) -> str:
    """The text of a file to import: a regular file of at most `limit` bytes, UTF-8.

    Opened without waiting (a FIFO named *.json would otherwise hang the import), then checked
    to be a regular file before anything is read.
    """
    try:
        handle = os.open(source, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        if source.is_symlink():
            raise UserError(
                f"{source} is a symbolic link to {os.readlink(source)}, which does not exist"
            ) from None
        raise UserError(f"{source} does not exist") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UserError(f"{source} is a symbolic link that leads round in a loop") from None
        raise UserError(f"{source} cannot be read: {_reason(error)}") from None
    with os.fdopen(handle, "rb") as file:
        mode = os.fstat(handle)
        if not stat.S_ISREG(mode.st_mode):
            kind = "a folder" if stat.S_ISDIR(mode.st_mode) else "not a regular file"
            raise UserError(f"{source} is {kind}; an export is a .json file")
        if mode.st_size > limit:
            raise _too_large(source, limit_mb)
        try:
            data = file.read(limit + 1)
        except OSError as error:
            raise UserError(f"{source} cannot be read: {_reason(error)}") from None
    if len(data) > limit:  # it grew while being read, or says a smaller size than it holds
        raise _too_large(source, limit_mb)
    if not data.strip():
        raise UserError(f"{source} is empty; an export holds one assessment as JSON")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserError(
            f"{source} is not UTF-8 text: line {line} has a byte that is not UTF-8 "
            f"(0x{data[error.start]:02x}, byte {error.start + 1} of the file)"
        ) from None


def _too_large(source: Path, limit_mb: int) -> UserError:
    return UserError(
        f"{source} is larger than {limit_mb} MB, the most assessor imports (an "
        "export of a 30-person workshop is about 1 MB)"
    )
