"""alt+enter as a key of its own where the terminal sends it as ESC CR (xterm, tmux, VTE...).

Textual reads ESC CR as a plain enter, so alt+enter could not start a new line in a note. One
entry in its table of key sequences makes it `alt+enter`; terminals with the kitty keyboard
protocol report alt+enter without it. If Textual moves that table, nothing breaks: alt+enter is
then read as enter again and ctrl+j still starts a new line.
"""

from __future__ import annotations

from typing import NamedTuple

ESC_CR = "\x1b\r"


class _Key(NamedTuple):
    value: str  # what the parser reads from a table entry


def read_alt_enter() -> None:
    try:
        from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
    except ImportError:  # pragma: no cover - a Textual without this table
        return
    if isinstance(ANSI_SEQUENCES_KEYS, dict):
        ANSI_SEQUENCES_KEYS.setdefault(ESC_CR, (_Key("alt+enter"),))
