"""The action plan: from answers and banks to ordered, explained steps. Pure functions.

For every question below its target stage, the bank's actions for each step from the current
stage up to the target (one stage up unless a domain has a target). Priority is weight x gap.
Actions are grouped by horizon (Now 0-3 months, Next 3-12 months, Later 12+ months); within a
horizon High priority comes first, then Medium, then Low (`PRIORITY_RULE`); within a priority the
weakest domains come first, then the larger weight x gap; and an action never comes before what
it depends on: the earlier steps of its own question and its `after` ids (a prerequisite takes
the priority of the most urgent action waiting for it). A dependency planned for a later horizon
pulls the dependent action with it.

An `after` id is a prerequisite, and it counts as done only when the partnership's answers show
it done:

- an action id: done when that action's question stands above the stage the action starts
  from. Otherwise the action is planned first: if the plan would not hold it anyway, it is
  pulled in as a *prerequisite* (with any lower steps of its question still to take), and
  explained as needed before the action that named it.
- a question id: done when that question has reached the stage the dependent action moves to.
  Otherwise that question's steps up to that stage are planned first (pulled in likewise).
- a prerequisite whose question was answered "don't know" waits for its find-out action; one
  answered "not applicable" does not apply. One this assessment has no stage for (not
  answered, skipped, or in a bank it did not use) cannot be judged: it is kept on the action
  as *check first*, so it is never silently treated as done.

Actions that are word for word the same (case and spacing aside) are merged: every source, every
owner (joined), the earliest timescale and the highest priority are kept.

A *quick win* is an action due now (0-3 months by its own timescale) with nothing planned or to
check before it, that on its own closes a question's one-stage gap to its target, on a question
weighted above the median weight of the questions asked (or, where every question weighs the
same, an action starting from isolation: the first step out of working alone).
"""

from assessor.analysis.planning.actions import (
    HORIZON_OF_TIMESCALE,
    PRIORITY_LEGEND,
    PRIORITY_RULE,
    TIMESCALE_ORDER,
    ActionKind,
    Horizon,
    Plan,
    PlannedAction,
    Priority,
    Source,
    question_label,
)
from assessor.analysis.planning.planner import build_plan

__all__ = [
    "HORIZON_OF_TIMESCALE",
    "PRIORITY_LEGEND",
    "PRIORITY_RULE",
    "TIMESCALE_ORDER",
    "ActionKind",
    "Horizon",
    "Plan",
    "PlannedAction",
    "Priority",
    "Source",
    "build_plan",
    "question_label",
]
