"""The start screen's list of earlier assessments: how wide each column is at a screen's
width, and what its cells and the line under it say."""

from __future__ import annotations

from rich.text import Text

from assessor.analysis.summaries import Overview
from assessor.tui.literal import literal

# The table's optional columns and the screen width from which each is shown.
OPTIONAL_COLUMNS = {"started": 96, "id": 116}
WIDE = 96  # the screen width from which the wide layout (start.tcss's -wide) applies
# Columns the table's width is shared among, and what each takes (its padding included):
# the mark, the id (8 hex digits), "2026-05-04 10:00" over the lead, "collaboration" over
# "3.1 low coverage"; the partnership's name has the rest.
MARK_CELLS, ID_CELLS, STARTED_CELLS, RESULT_CELLS = 3, 10, 18, 18
NAME_CELLS = (8, 40)  # the fewest and the most the partnership's name is given


def earlier_width(screen_width: int) -> int:
    """The width of the earlier-assessments column, as start.tcss lays it out: the screen (at
    most 140) less the padding and the form beside it."""
    if screen_width >= WIDE:
        return min(screen_width, 140) - 2 - 2 - 38 - 2
    return screen_width - 1 - 1 - 32 - 1


def name_cells(screen_width: int, optional: set[str]) -> int:
    """What the partnership's column may take at this width, its padding included: the table's
    width less the other columns and a vertical scrollbar, so the table never scrolls
    sideways."""
    others = MARK_CELLS + RESULT_CELLS + 2  # the scrollbar
    others += ID_CELLS if "id" in optional else 0
    others += STARTED_CELLS if "started" in optional else 0
    return max(NAME_CELLS[0], min(NAME_CELLS[1], earlier_width(screen_width) - others))


def started_text(summary: Overview) -> str:
    """When it started (local time) over who answered: two of one partnership on one day are
    told apart by the minute and the lead."""
    a = summary.assessment
    when = a.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if a.mode == "workshop":
        who = f"workshop, {a.lead}" if a.lead else "workshop"
    else:
        who = a.lead or "self-assessment"
    return f"{when}\n{who}"


def result_text(summary: Overview) -> str:
    """The overall stage over its score (low coverage flagged) of a complete assessment, or how
    far one in progress is."""
    if summary.assessment.status != "complete":
        return f"in progress\n{summary.answered} answered"
    if summary.stage is None or summary.overall is None:
        return "not scored"
    flag = " low coverage" if summary.low_coverage else ""
    return f"{summary.stage.value}\n{summary.overall:.1f}{flag}"


def cell(text: str) -> Text:
    """A table cell: literal, each line drawn no wider than its column, cut with an ellipsis
    (the cell keeps the whole text, and the line under the table shows it)."""
    shown = literal(text)
    shown.no_wrap = True
    shown.overflow = "ellipsis"
    return shown


def details_text(summary: Overview) -> str:
    """Everything about one assessment, for the line under the table."""
    a = summary.assessment
    mode = "workshop" if a.mode == "workshop" else "self-assessment"
    lead = f" · lead {a.lead}" if a.lead else ""
    area = f" ({a.area})" if a.area else ""
    status = "in progress" if a.status != "complete" else "complete"
    action = "see the results" if a.status == "complete" else "carry on"
    return (
        f"{a.id} · {a.partnership}{area} · {mode}{lead} · started "
        f"{a.started_at.astimezone().strftime('%Y-%m-%d %H:%M')} · "
        f"{status} · overall {summary.overall_text}. Enter: {action}; space: mark to compare."
    )
