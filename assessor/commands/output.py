"""Writing a command's result: to stdout, or to a new file (an existing one only with --force).

Files are readable by their owner only, as the database is: exports, reports and comparisons
hold what partners said about their partnership.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from assessor.commands.errors import UserError


def write_output(text: str, output: str | None, force: bool) -> None:
    """To stdout, or to a file that is new (or replaced with --force), never to a folder."""
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    target = Path(output).expanduser()
    if target.is_symlink():  # lstat: a dangling link "does not exist", yet a write follows it
        raise UserError(f"{target} is a symbolic link; give the path of a real file")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise UserError(f"the folder {target.parent} does not exist")
    if target.exists() and not force:
        raise UserError(f"{target} already exists; use --force to replace it")
    # O_NOFOLLOW and O_EXCL: nothing swapped in since the checks above is written through
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_TRUNC if force else os.O_EXCL)
    try:
        handle = os.open(target, flags, 0o600)
    except FileExistsError:
        raise UserError(f"{target} already exists; use --force to replace it") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UserError(f"{target} is a symbolic link; give the path of a real file") from None
        raise UserError(f"cannot write {target}: {error.strerror or error}") from None
    os.fchmod(handle, 0o600)  # also when --force replaces a file that others could read
    with open(handle, "w", encoding="utf-8") as file:
        file.write(text)
    print(f"Wrote {target}", file=sys.stderr)
