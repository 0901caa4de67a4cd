"""An answer cut at its separators (dashes, colons, commas, full stops, "but"), for the steps
that read a stage said in one part and a note in the rest."""

from __future__ import annotations

import re

# "(" opens an aside only after a space: "alert(1)" inside a note is not a stage said apart.
_SEPARATOR = re.compile(r"\s*(?:\s-{1,2}\s|--|[\u2014\u2013:;,]|(?<!\S)\(|\.\s)\s*")
_CLAUSE = re.compile(
    r"\s*(?:\s-{1,2}\s|--|[\u2014\u2013:;,]|(?<!\S)\(|\)|\.\s|\s(?:but|though|although)\s)\s*",
    re.IGNORECASE,
)


def clauses_of(text: str) -> list[str]:
    """The parts of an answer between separators (dashes, colons, commas, full stops, "but")."""
    return [part.strip() for part in _CLAUSE.split(text) if part and part.strip()]


def split_once(text: str) -> tuple[str, str, str]:
    """Text before the first separator, the separator, and the rest."""
    match = _SEPARATOR.search(text)
    if match is None:
        return text, "", ""
    return text[: match.start()], match.group(0), text[match.end() :]


def note_after(text: str) -> str:
    """What follows a yes or a no, kept as a note without its joining word."""
    return re.sub(r"^(?:but|though|although|and|so)\s+", "", text.strip(), flags=re.IGNORECASE)
