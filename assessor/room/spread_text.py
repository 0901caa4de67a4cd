"""A revealed spread as plain lines: a dot plot along the five stages, each dot captioned
with the person's name and sector (the sector is said in words, never by colour alone), the
median marked, then who is off the continuum, the flags and the comments."""

from __future__ import annotations

from assessor.continuum import Stage
from assessor.room.views import Dot, Reveal

DOT = "●"


def _who(dot: Dot) -> str:
    sector = dot.person.sector_label
    return f"{dot.person.name} ({sector})" if sector else dot.person.name


def dot_rows(reveal: Reveal) -> list[tuple[str, str]]:
    """Per stage, lowest first: its number and name, and a dot per person who placed it there
    with their names and sectors ('◀ median' on the median's row)."""
    rows = []
    for stage in Stage:
        number = stage.value_number
        here = [d for d in reveal.dots if d.stage == number]
        placed = f"{DOT * len(here)} {', '.join(_who(d) for d in here)}" if here else "·"
        if reveal.median == number:
            placed += "  ◀ median"
        rows.append((f"{number} {stage.label}", placed))
    return rows


def dot_plot(reveal: Reveal) -> list[str]:
    """`dot_rows` as lines, the stages' names in one column."""
    width = max(len(stage.label) for stage in Stage) + 2
    return [f"{stage:<{width}} {placed}" for stage, placed in dot_rows(reveal)]


def after_the_plot(reveal: Reveal) -> list[str]:
    """What follows the dot plot: the median in words, who is off the continuum, the flags and
    the comments with names."""
    lines = []
    if reveal.median is not None:
        lines.append(f"Median: {reveal.median} {reveal.median_name}.")
    else:
        lines.append("No one placed it on the continuum: no median.")
    for dot in reveal.off_continuum:
        lines.append(f"{_who(dot)}: {dot.label}.")
    lines.extend(f"! {flag}" for flag in reveal.flags)
    lines.extend(f"{c.name}: “{' '.join(c.text.split())}”" for c in reveal.comments)
    return lines


def spread_lines(reveal: Reveal) -> list[str]:
    """The whole reveal as lines: the dot plot, then `after_the_plot`."""
    return dot_plot(reveal) + after_the_plot(reveal)
