"""Writing a result (a command's, or an export from the app): to stdout, or to a file written
whole (see `whole_file`): a new one, or an existing regular file only with --force.

Files are readable by their owner only, as the database is: exports, reports and comparisons
hold what partners said about their partnership. A file replaced with --force keeps its mode.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from assessor.errors import UserError
from assessor.files.whole_file import FileWriteError, write_whole_file


def write_output(text: str, output: str | None, force: bool) -> None:
    """To stdout, or to a file that is new (or replaced with --force), never to a folder."""
    if output in (None, "-"):
        _to_stdout(text)
        return
    target = Path(output).expanduser()
    try:
        write_whole_file(target, text, replace=force)
    except FileWriteError as error:
        raise UserError(str(error)) from None
    print(f"Wrote {target}", file=sys.stderr)


def _to_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise UserError("no space left on the disk that standard output goes to") from None
        if error.errno == errno.EFBIG:
            raise UserError("standard output is larger than the file-size limit") from None
        raise
