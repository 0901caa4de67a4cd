"""Putting the planned actions in order: identical actions merged, dependencies first, then
by horizon, priority band, weakest domain and weight x gap; the quick wins marked."""

from __future__ import annotations

import heapq
import re
import statistics
from collections.abc import Mapping

from assessor.analysis.planning.actions import (
    HORIZON_OF_TIMESCALE,
    TIMESCALE_ORDER,
    ActionKind,
    Horizon,
    PlannedAction,
    Priority,
)
from assessor.answers import AnswerValue, is_asked
from assessor.banks.bank_set import BankSet
from assessor.continuum import Stage


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def merge(
    planned: dict[str, PlannedAction], positions: dict[str, tuple[int, int, int]]
) -> dict[str, PlannedAction]:
    """Word-for-word identical actions as one: all sources and owners, the earliest timescale."""
    keep: dict[str, PlannedAction] = {}
    same: dict[str, str] = {}
    canonical: dict[str, str] = {}
    for action_id in sorted(planned, key=lambda i: (positions[i][0], *positions[i][1:], i)):
        action = planned[action_id]
        key = _normal(action.text)
        if action.kind in (ActionKind.FIND_OUT, ActionKind.AGREE) or key not in same:
            same.setdefault(key, action_id)
            keep[action_id] = action
            canonical[action_id] = action_id
            continue
        into = keep[same[key]]
        canonical[action_id] = into.id
        into.merged_ids.append(action_id)
        into.sources += action.sources
        owners = [o.strip() for o in into.owner.split(";")]
        if action.owner not in owners:
            into.owner = "; ".join([*owners, action.owner])
        if TIMESCALE_ORDER.index(action.timescale) < TIMESCALE_ORDER.index(into.timescale):
            into.timescale = action.timescale
            into.horizon = HORIZON_OF_TIMESCALE[action.timescale]
        if action.priority > into.priority:
            into.priority, into.weight, into.gap = action.priority, action.weight, action.gap
        if into.kind is ActionKind.PREREQUISITE and action.kind is ActionKind.STEP:
            into.kind = ActionKind.STEP
        into.depends_on = sorted(set(into.depends_on) | set(action.depends_on))
        into.required_by = sorted(set(into.required_by) | set(action.required_by))
        into.check_first = list(dict.fromkeys(into.check_first + action.check_first))
    for action in keep.values():
        action.depends_on = sorted({canonical[d] for d in action.depends_on} - {action.id})
        action.required_by = sorted({canonical[d] for d in action.required_by} - {action.id})
    return keep


def mark_quick_wins(
    ordered: list[PlannedAction],
    bank_set: BankSet,
    answers: Mapping[str, AnswerValue],
    known: set[str],
) -> None:
    """See the module docstring for the rule."""
    weights = [
        q.weight for q in bank_set.questions if q.id in answers and is_asked(q, answers, known)
    ]
    if not weights:
        return
    median = statistics.median(weights)
    uniform = max(weights) == min(weights)
    for action in ordered:
        if (
            action.kind is not ActionKind.STEP
            or action.depends_on
            or action.check_first
            or HORIZON_OF_TIMESCALE[action.timescale] is not Horizon.NOW
            or action.horizon is not Horizon.NOW
            or action.gap != 1
        ):
            continue
        source = action.sources[0]
        question = bank_set.question(source.question_id)
        assert source.current is not None
        alone = len(question.actions.for_stage(source.current)) == 1
        weighty = action.weight > median or (uniform and source.current is Stage.ISOLATION)
        action.quick_win = alone and weighty


def in_order(
    planned: dict[str, PlannedAction], positions: dict[str, tuple[int, int, int]]
) -> list[PlannedAction]:
    """Dependencies first; otherwise by horizon, priority band, weakest domain, weight x gap,
    bank order. A dependency takes the band of the most urgent action waiting for it, so a
    band never rises down the list within a horizon."""
    _pull_horizons(planned)
    _raise_bands(planned)
    waiting = {a.id: set(a.depends_on) for a in planned.values()}
    dependants: dict[str, list[str]] = {}
    for action_id, deps in waiting.items():
        for dep in deps:
            dependants.setdefault(dep, []).append(action_id)

    def key(action_id: str) -> tuple[int, int, int, float, int, int, str]:
        action = planned[action_id]
        return (
            action.horizon.rank,
            action.band.rank,
            positions[action_id][0],
            -action.priority,
            *positions[action_id][1:],
            action_id,
        )

    ready = [key(i) for i, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    ordered: list[PlannedAction] = []
    while ready:
        action_id = heapq.heappop(ready)[-1]
        ordered.append(planned[action_id])
        for dependant in dependants.get(action_id, []):
            waiting[dependant].discard(action_id)
            if not waiting[dependant]:
                heapq.heappush(ready, key(dependant))
    if len(ordered) < len(planned):  # a cycle the bank checks would have refused
        ordered += [planned[i] for i in sorted(set(planned) - {a.id for a in ordered})]
    return ordered


def _pull_horizons(planned: dict[str, PlannedAction]) -> None:
    """A dependency's horizon pulls its dependants to at least the same horizon."""
    changed = True
    while changed:
        changed = False
        for action in planned.values():
            for dep in action.depends_on:
                if planned[dep].horizon.rank > action.horizon.rank:
                    action.horizon = planned[dep].horizon
                    changed = True


def _raise_bands(planned: dict[str, PlannedAction]) -> None:
    """Each action's band from its weight x gap, then a dependency raised to the band of the
    most urgent action waiting for it."""
    for action in planned.values():
        action.band = Priority.of(action.priority)
    changed = True
    while changed:
        changed = False
        for action in planned.values():
            for dep in action.depends_on:
                if action.band.rank < planned[dep].band.rank:
                    planned[dep].band = action.band
                    changed = True
