"""User and imported text for widgets: shown exactly as written, never obeyed.

Textual reads a `str` given to most widgets (Static, Label, Button, DataTable cells,
SelectionList prompts, notifications) as content markup: `[/]` in a name raises MarkupError and
`[@click=app.quit]` runs an action when clicked. A `rich.text.Text` is always literal, so every
piece of text that is not the app's own goes through `literal` (or `literal_str` where a widget
takes only a plain string and shows it literally, as an Input's placeholder does), which also
shows control characters as `\\uXXXX` instead of sending them to the terminal. An Input shows
its value through `CONTROLS_SHOWN`, and a text area its lines through `controls_shown`: one
visible character for each control character.
"""

from __future__ import annotations

import re

from rich.highlighter import Highlighter
from rich.segment import Segment
from rich.style import StyleType
from rich.text import Text
from textual.strip import Strip

from assessor.terminal_text import HIDDEN, visible


def literal(text: str, style: StyleType = "") -> Text:
    """`text` as a literal Text: no markup, control characters visible (a line's CR LF ends
    it as LF does)."""
    return Text(visible(text).replace("\r\n", "\n"), style=style, end="")


def literal_str(text: str) -> str:
    """`text` with its control characters visible, for a widget that never reads markup."""
    return visible(text).replace("\r\n", "\n")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures: ␛ for ESC, ␇ for BEL
    return "\u2421" if code == 0x7F else "\ufffd"


class ControlsShown(Highlighter):
    """For an Input (given as its highlighter): each control character in the value shown as
    one visible character (␛, ␇, ␡, or � for the others), so the cursor stays where it is."""

    def highlight(self, text: Text) -> None:
        shown = HIDDEN.sub(_picture, text.plain)
        if shown != text.plain:
            text.plain = shown


CONTROLS_SHOWN = ControlsShown()


def controls_shown(strip: Strip) -> Strip:
    """A rendered line of a text area with its control characters shown as `CONTROLS_SHOWN`
    shows them, kept to the line's width (the padding at its end gives way)."""
    if not any(HIDDEN.search(segment.text) for segment in strip):
        return strip
    shown = Strip(
        Segment(HIDDEN.sub(_picture, text), style, control) for text, style, control in strip
    )
    return shown.crop(0, strip.cell_length)
