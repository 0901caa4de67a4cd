"""The format of a command's output file: `--format` where given, else the file's extension.

`-o report.html` writes HTML, `.md` Markdown, `.json` JSON, `.csv` CSV, `.txt` text (for the
commands that write each); a `--format` the extension contradicts is refused in one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assessor.errors import UserError

# the formats each extension can hold, the first by default
FORMATS_OF_EXTENSION = {
    ".html": ("html", "board"),
    ".htm": ("html", "board"),
    ".md": ("md", "board-md"),
    ".json": ("json",),
    ".csv": ("csv",),
    ".txt": ("text",),
}
KIND_OF_EXTENSION = {
    ".html": "an HTML",
    ".htm": "an HTML",
    ".md": "a Markdown",
    ".json": "a JSON",
    ".csv": "a CSV",
    ".txt": "a text",
}
EXTENSION_OF_FORMAT = {"board": ".html", "board-md": ".md", "text": ".txt"}


def chosen_format(
    given: str | None, output: str | None, default: str, offered: Sequence[str]
) -> str:
    """The format to write: `given` (a `--format`), else the output file's extension among the
    `offered` formats, else `default`. The board summary to a .md file is its Markdown one."""
    extension = Path(output).suffix.lower() if output not in (None, "-") else ""
    allowed = [f for f in FORMATS_OF_EXTENSION.get(extension, ()) if f in offered]
    if not allowed:
        return given or default
    if given is None:
        return allowed[0]
    if given == "board" and "board-md" in allowed:
        return "board-md"
    if given not in allowed:
        wanted = EXTENSION_OF_FORMAT.get(given, "." + given)
        raise UserError(
            f"--format {given} does not match {output}, {KIND_OF_EXTENSION[extension]} file "
            f"name: leave --format out, or name a file ending in {wanted}"
        )
    return given
