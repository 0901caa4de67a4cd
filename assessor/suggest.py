"""'Did you mean ...?' suggestions for names that are close to a valid one."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def closest(name: str, choices: Iterable[str], cutoff: float = 75.0) -> str | None:
    """The choice most like `name`, or None when nothing is close enough."""
    match = process.extractOne(name, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or an empty string."""
    match = closest(name, choices)
    return f" (did you mean '{match}'?)" if match and match != name else ""
