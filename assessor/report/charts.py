"""Geometry for the inline SVG charts: computed here, drawn by the templates."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from assessor.report.model.results import DomainResult

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
    rings: list[str]  # polygon points, one ring per stage 1-5 (three or more domains)
    circles: list[float]  # ring radii instead, where one or two domains make no polygon
    axes: list[Axis]
    shape: str  # polygon points of the scores
    points: list[tuple[float, float, str]]  # x, y, title for each scored domain
    ring_labels: list[tuple[float, float, str]]  # x, y, text: each stage's ring, named


LINE_HEIGHT = 13
STAGE_NAMES = ("isolation", "communication", "coordination", "collaboration", "integration")


def _point(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def radar(domains: list[DomainResult], width: int = 500, height: int = 380) -> Radar:
    """A spider chart: one axis per domain, rings at stages 1-5, the scores as a polygon."""
    return radar_of([(d.title, d.score) for d in domains], width, height)


def radar_of(items: list[tuple[str, float | None]], width: int = 500, height: int = 380) -> Radar:
    cx, cy = width / 2, height / 2
    reach = min(width / 2 - 120, height / 2 - 50)  # room for labels at the sides and ends
    count = max(len(items), 1)
    rings, circles = [], []
    for level in range(1, 6):
        if count < 3:
            circles.append(reach * level / 5)
            continue
        corners = [_point(cx, cy, reach * level / 5, i, count) for i in range(count)]
        rings.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in corners))
    axes = []
    for i, (title, _) in enumerate(items):
        x, y = _point(cx, cy, reach, i, count)
        lx, ly = _point(cx, cy, reach + 12, i, count)
        lines = textwrap.wrap(title, 18) or [title]
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        if ly < cy - 5:  # above the centre: the label ends just above the axis
            first = ly - LINE_HEIGHT * (len(lines) - 1)
        elif ly > cy + 5:  # below: it starts just below
            first = ly + LINE_HEIGHT - 2
        else:
            first = ly - LINE_HEIGHT * (len(lines) - 1) / 2 + 4
        axes.append(Axis(lines, x, y, lx, first, anchor))
    shape, points = shape_of(items, cx, cy, reach)
    # the rings are named along the first axis (straight up), just to its right
    ring_labels = [
        (cx + 4, cy - reach * level / 5 + 11, f"{level} {name}")
        for level, name in enumerate(STAGE_NAMES, start=1)
    ]
    return Radar(width, height, cx, cy, rings, circles, axes, shape, points, ring_labels)


def shape_of(
    items: list[tuple[str, float | None]], cx: float, cy: float, reach: float
) -> tuple[str, list[tuple[float, float, str]]]:
    """The polygon of scores on a radar, and a titled point per scored domain."""
    count = max(len(items), 1)
    corners, points = [], []
    for i, (title, score) in enumerate(items):
        x, y = _point(cx, cy, reach * (score or 0) / 5, i, count)
        corners.append(f"{x:.1f},{y:.1f}")
        if score is not None:
            points.append((x, y, f"{title}: {score:.1f}"))
    return " ".join(corners), points


def overlay(
    titles: list[str], first: list[float | None], latest: list[float | None]
) -> tuple[Radar, str, str]:
    """A radar with the first assessment's polygon and the latest's drawn over it."""
    chart = radar_of(list(zip(titles, latest, strict=True)))
    reach = min(chart.width / 2 - 120, chart.height / 2 - 50)
    first_shape, _ = shape_of(list(zip(titles, first, strict=True)), chart.cx, chart.cy, reach)
    return chart, first_shape, chart.shape


SERIES_COLOURS = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#17becf",
    "#bcbd22",
]


@dataclass(frozen=True)
class Series:
    title: str
    colour: str
    points: str  # polyline points (scored assessments only)
    dots: list[tuple[float, float, str]]
    end_label: tuple[float, float, str] | None  # x, y, text beside the last point


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    levels: list[tuple[float, str]]  # y and label of each stage line
    ticks: list[tuple[float, str]]  # x and label of each assessment
    series: list[Series]


def line_chart(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    width: int = 900,
    height: int = 320,
) -> LineChart:
    """Each domain's score over time: one line per domain, x the assessments in date order.

    Lines that meet on the same score are set a few pixels apart so none hides another, and
    each line is named, with its last score, beside its own last point (names beside the same
    assessment pushed apart to stay legible).
    """
    left, right, top, bottom = 110.0, width - 230.0, 20.0, height - 40.0
    count = max(len(labels), 2)

    def x_of(index: int) -> float:
        return left + (right - left) * index / (count - 1)

    def y_of(score: float) -> float:
        return bottom - (bottom - top) * (score - 1) / 4

    levels = [(y_of(n), f"{n} {name}") for n, name in enumerate(STAGE_NAMES, start=1)]
    ticks = [(x_of(i), label) for i, label in enumerate(labels)]
    sharing = _sharing(series)
    drawn = []
    ends: list[tuple[float, float, int, str]] = []  # x, y, series number, name
    for number, (title, scores) in enumerate(series):
        dots = []
        for i, score in enumerate(scores):
            if score is None:
                continue
            group = sharing[(i, round(score, 1))]
            offset = (group.index(number) - (len(group) - 1) / 2) * 3.0
            dots.append((x_of(i), y_of(score) + offset, f"{title}: {score:.1f}"))
        last = next((s for s in reversed(scores) if s is not None), None)
        if dots and last is not None:
            short = textwrap.shorten(title, 26, placeholder="…")  # the legend has it in full
            ends.append((dots[-1][0], dots[-1][1], number, f"{last:.1f} {short}"))
        drawn.append((title, dots))
    end_of = _names_beside(ends)
    return LineChart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        levels,
        ticks,
        [
            Series(
                title,
                SERIES_COLOURS[number % len(SERIES_COLOURS)],
                " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in dots),
                dots,
                end_of.get(number),
            )
            for number, (title, dots) in enumerate(drawn)
        ],
    )


def _sharing(series: list[tuple[str, list[float | None]]]) -> dict[tuple[int, float], list[int]]:
    """The lines that share each (assessment, score), by series number: those get spread out."""
    sharing: dict[tuple[int, float], list[int]] = {}
    for number, (_, scores) in enumerate(series):
        for i, score in enumerate(scores):
            if score is not None:
                sharing.setdefault((i, round(score, 1)), []).append(number)
    return sharing


def _names_beside(
    ends: list[tuple[float, float, int, str]],
) -> dict[int, tuple[float, float, str]]:
    """Where each line's name goes, by series number: beside its own last point (a line that
    stops early, where it stops); names beside the same assessment are pushed at least a line
    of text apart."""
    ends = sorted(ends)
    for k in range(1, len(ends)):
        x, y, number, text = ends[k]
        if x == ends[k - 1][0]:
            ends[k] = (x, max(y, ends[k - 1][1] + LINE_HEIGHT), number, text)
    return {number: (x + 10, y + 4, text) for x, y, number, text in ends}


def colour(stage: str | None) -> str:
    return STAGE_COLOURS.get(stage, STAGE_COLOURS[None])
