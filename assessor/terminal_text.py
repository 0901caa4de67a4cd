"""Text bound for a terminal: its control characters shown, never obeyed.

A name, a note or a bank's text can hold an escape sequence that, printed raw, would retitle
the terminal, clear it, move the cursor over earlier lines or reorder what is read (bidi
overrides). `visible` writes each such character as a `\\uXXXX` escape instead: readable,
the same in every face (the command line, the plain chat, the app), and, inside a JSON string,
a valid escape of the very character it replaces.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Any, TextIO, cast

# C0 controls but tab and new line, a carriage return not ending a line, DEL, C1 controls, the
# bidi marks, embeddings, overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E,
# U+2066-U+2069), invisible spaces and line separators that make two names look alike or break a
# line unseen (U+200B, U+2028-U+2029, U+2060-U+2064), and lone surrogates (undecodable input
# bytes, which no terminal encoding can write). The zero-width joiners U+200C and U+200D stay
# (scripts such as Persian and Devanagari, and emoji, need them), and so does U+FEFF, the byte
# order mark a CSV printed for a spreadsheet starts with.
HIDDEN = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ud800-\udfff]"
)


def _shown(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """`text` with every control character written as `\\uXXXX`; new lines, tabs and line ends
    (CR LF) stay as they are. Idempotent: visible text is left unchanged."""
    return HIDDEN.sub(_shown, text)


def visible_json(text: str) -> str:
    """JSON text (as pydantic or `json.dumps` write it) with every character `visible` shows
    written as JSON's own `\\uXXXX` escape of it: the data reads back exactly, yet the text holds
    no live control. JSON escapes only the C0 controls itself; C1 controls and bidi overrides
    may stand raw in a string, and `ensure_ascii` would escape every letter beyond ASCII too.
    (Outside its strings JSON holds only spaces and new lines, which `visible` leaves.)"""
    return visible(text)


_LINE_BREAKS = re.compile("[\t\n\r]")


def one_line(text: str) -> str:
    """`text` as `visible` shows it, and its tabs, new lines and carriage returns written as
    `\\uXXXX` too: for a line that holds a name from outside (a file's name, a partnership's),
    which must stay one line."""
    return _LINE_BREAKS.sub(_shown, visible(text))


class VisibleWriter:
    """A text stream that writes everything through `visible`: the command line's standard
    output and error, so no command prints a raw escape sequence, whether to a terminal or to
    a pipe that may end at one (a file written with `-o` holds the text exactly). `exact` is
    the stream beneath."""

    def __init__(self, exact: TextIO) -> None:
        self.exact = exact

    @classmethod
    def around(cls, stream: TextIO) -> TextIO:
        """`stream`, writing visibly (itself when it already does)."""
        # in TextIO's place, with the part of it that print and the commands use
        return stream if isinstance(stream, VisibleWriter) else cast("TextIO", cls(stream))

    def write(self, text: str) -> int:
        self.exact.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding...
        return getattr(self.exact, name)


def styled_stream() -> TextIO:
    """Standard output for a writer that styles its text with escape codes of its own (rich):
    beneath the visible stream, which would show those codes; the writer makes every piece of
    user text `visible` itself."""
    out = sys.stdout
    return out.exact if isinstance(out, VisibleWriter) else out


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes: a wide character (CJK, most emoji) two, a
    combining mark, a joiner or a variation selector none, any other character one. A column
    padded by `len` would slip wherever a name holds wide characters."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        if "\ufe00" <= char <= "\ufe0f":  # variation selectors
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` terminal cells, on the left when `right`."""
    spaces = " " * max(0, width - cell_width(text))
    return spaces + text if right else text + spaces
