"""'Did you mean ...?' suggestions for names that are close to a valid one."""

from __future__ import annotations

from collections.abc import Iterable


def closest(name: str, choices: Iterable[str], cutoff: float = 75.0) -> str | None:
    """The choice most like `name`, or None when nothing is close enough."""
    from rapidfuzz import fuzz, process  # only a mistake needs it: keep start-up light

    match = process.extractOne(name, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or an empty string."""
    match = closest(name, choices)
    return f" (did you mean '{match}'?)" if match and match != name else ""
