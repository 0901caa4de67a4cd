"""Geometry for the inline SVG charts: computed here, drawn by the templates."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from assessor.report.model import DomainResult

STAGE_COLOURS = {
    "isolation": "#c0392b",
    "communication": "#e67e22",
    "coordination": "#d4ac0d",
    "collaboration": "#27ae60",
    "integration": "#1e8449",
    None: "#9e9e9e",
}


@dataclass(frozen=True)
class Axis:
    lines: list[str]  # the domain's title, wrapped
    x: float  # end of the axis
    y: float
    label_x: float
    label_y: float  # baseline of the first line
    anchor: str  # text-anchor for the label


@dataclass(frozen=True)
class Radar:
    width: int
    height: int
    cx: float
    cy: float
    rings: list[str]  # polygon points, one ring per stage 1-5
    axes: list[Axis]
    shape: str  # polygon points of the scores
    points: list[tuple[float, float, str]]  # x, y, title for each scored domain


LINE_HEIGHT = 13


def _point(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def radar(domains: list[DomainResult], width: int = 500, height: int = 380) -> Radar:
    """A spider chart: one axis per domain, rings at stages 1-5, the scores as a polygon."""
    cx, cy = width / 2, height / 2
    reach = min(width / 2 - 120, height / 2 - 50)  # room for labels at the sides and ends
    count = max(len(domains), 1)
    rings = []
    for level in range(1, 6):
        corners = [_point(cx, cy, reach * level / 5, i, count) for i in range(count)]
        rings.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in corners))
    axes = []
    for i, domain in enumerate(domains):
        x, y = _point(cx, cy, reach, i, count)
        lx, ly = _point(cx, cy, reach + 12, i, count)
        lines = textwrap.wrap(domain.title, 18) or [domain.title]
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        if ly < cy - 5:  # above the centre: the label ends just above the axis
            first = ly - LINE_HEIGHT * (len(lines) - 1)
        elif ly > cy + 5:  # below: it starts just below
            first = ly + LINE_HEIGHT - 2
        else:
            first = ly - LINE_HEIGHT * (len(lines) - 1) / 2 + 4
        axes.append(Axis(lines, x, y, lx, first, anchor))
    corners, points = [], []
    for i, domain in enumerate(domains):
        radius = reach * (domain.score or 0) / 5
        x, y = _point(cx, cy, radius, i, count)
        corners.append(f"{x:.1f},{y:.1f}")
        if domain.score is not None:
            points.append((x, y, f"{domain.title}: {domain.score:.1f} ({domain.stage})"))
    return Radar(width, height, cx, cy, rings, axes, " ".join(corners), points)


def colour(stage: str | None) -> str:
    return STAGE_COLOURS.get(stage, STAGE_COLOURS[None])
