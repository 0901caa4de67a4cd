"""People's names in a workshop: when two names are one person, and what a name may hold.

Pure functions, no I/O: the room, the command line and the import all ask the same questions.
"""

from __future__ import annotations

import unicodedata

# What separates people in a line of ratings ("AB 3, CD 4; EF=2", "GH: 3"): never part of a name.
NAME_SEPARATORS = frozenset(",;:=\n\r")


def person_key(name: str) -> str:
    """A name as the room tells two people apart: compatibility forms folded (NFKC), invisible
    format characters (zero-width spaces, direction marks) dropped, spaces collapsed, case
    ignored. 'AB', 'ab ', 'A\u200bB' are one person."""
    folded = unicodedata.normalize("NFKC", name)
    shown = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return " ".join(shown.split()).casefold()


def name_problem(name: str) -> str | None:
    """Why `name` cannot be someone's name in a workshop, or None: it must show something, and
    hold none of the characters that separate people in a line of ratings."""
    if not person_key(name):
        return "a name needs at least one visible letter or digit"
    if any(c in NAME_SEPARATORS for c in name):
        return "a name cannot hold ',', ';', ':' or '=', which separate people in a line of ratings"
    return None
