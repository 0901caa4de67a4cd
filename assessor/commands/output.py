"""Writing a command's result: to stdout, or to a new file (an existing one only with --force)."""

from __future__ import annotations

import sys
from pathlib import Path

from assessor.commands.errors import UserError


def write_output(text: str, output: str | None, force: bool) -> None:
    """To stdout, or to a file that is new (or replaced with --force), never to a folder."""
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    target = Path(output).expanduser()
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise UserError(f"the folder {target.parent} does not exist")
    if target.exists() and not force:
        raise UserError(f"{target} already exists; use --force to replace it")
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {target}", file=sys.stderr)
