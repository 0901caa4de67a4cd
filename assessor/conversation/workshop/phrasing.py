"""Small pieces of the workshop's sentences: names listed, problems as sentences."""

from __future__ import annotations


def listed(items: list[str]) -> str:
    """ "AB", "AB and CD", "AB, CD and EF"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def either(names: list[str]) -> str:
    """ "AB or CD", "AB, CD or EF"."""
    return ", ".join(names[:-1]) + " or " + names[-1]


def sentences(problems: list[str]) -> str:
    """Each problem as a sentence: capitalised, with a full stop."""
    return " ".join(p[0].upper() + p[1:] + "." for p in problems)
