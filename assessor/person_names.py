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


# Letters of other scripts that print as Latin capitals or small letters (Cyrillic, then
# Greek): a name written with them looks like another person's on every screen.
_LOOKALIKES = str.maketrans(
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0423\u0425\u0405\u0406\u0408\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u051b\u051d\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7\u03bf\u03b9\u03bd",
    "ABEKMHOPCTYXSIJaeopcyxijsdqwABEZHIKMNOPTYXoiv",
)


def looks_like_key(name: str) -> str:
    """A name as it looks on a screen: `person_key` with accents dropped and the letters of
    other scripts that look Latin read as Latin. Two names with one such key cannot be told
    apart by the people reading them."""
    folded = unicodedata.normalize("NFKC", name)
    shown = " ".join("".join(c for c in folded if unicodedata.category(c) != "Cf").split())
    decomposed = unicodedata.normalize("NFKD", shown.translate(_LOOKALIKES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
