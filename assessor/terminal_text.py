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
from typing import Any, TextIO

# C0 controls but tab and new line, a carriage return not ending a line, DEL, C1 controls, the
# bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), and lone surrogates
# (undecodable input bytes, which no terminal encoding can write).
HIDDEN = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _shown(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """`text` with every control character written as `\\uXXXX`; new lines, tabs and line ends
    (CR LF) stay as they are. Idempotent: visible text is left unchanged."""
    return HIDDEN.sub(_shown, text)


class VisibleWriter:
    """A text stream that writes everything through `visible`: the command line's standard
    output and error, so no command can print a raw escape sequence. `exact` is the stream
    beneath, for data (a report or an export) that must reach a pipe or a file unchanged."""

    def __init__(self, exact: TextIO) -> None:
        self.exact = exact

    @classmethod
    def around(cls, stream: TextIO) -> TextIO:
        """`stream`, writing visibly (itself when it already does)."""
        return stream if isinstance(stream, VisibleWriter) else cls(stream)  # type: ignore[return-value]

    def write(self, text: str) -> int:
        self.exact.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding...
        return getattr(self.exact, name)


def data_stream() -> TextIO:
    """Where data written to standard output goes: exact into a pipe or a file, visible on a
    terminal (where a raw escape in a report would act as one)."""
    out = sys.stdout
    exact = out.exact if isinstance(out, VisibleWriter) else out
    return VisibleWriter.around(exact) if exact.isatty() else exact
