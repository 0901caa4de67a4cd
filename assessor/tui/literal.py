"""User and imported text for widgets: shown exactly as written, never obeyed.

Textual reads a `str` given to most widgets (Static, Label, Button, DataTable cells,
SelectionList prompts, notifications) as content markup: `[/]` in a name raises MarkupError and
`[@click=app.quit]` runs an action when clicked. A `rich.text.Text` is always literal, so every
piece of text that is not the app's own goes through `literal` (or `literal_str` where a widget
takes only a plain string and shows it literally, as an Input's placeholder does), which also
shows control characters as `\\uXXXX` instead of sending them to the terminal.
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

from assessor.terminal_text import visible


def literal(text: str, style: StyleType = "") -> Text:
    """`text` as a literal Text: no markup, control characters visible."""
    return Text(visible(text), style=style, end="")


def literal_str(text: str) -> str:
    """`text` with its control characters visible, for a widget that never reads markup."""
    return visible(text)
