"""The action plan: from answers and banks to ordered, explained steps. Pure functions.

For every question below its target stage, the bank's actions for each step from the current
stage up to the target (one stage up unless a domain has a target). Priority is weight x gap.
Actions are grouped by horizon (Now 0-3 months, Next 3-12 months, Later 12+ months); within a
horizon the weakest domains come first, then higher priority, and an action never comes before
what it depends on: its `after` ids (actions, or every planned action of a question) and the
earlier steps of its own question. A dependency planned for a later horizon pulls the dependent
action with it.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from assessor.answers import AnswerValue, Special, is_asked
from assessor.banks.loader import BankSet
from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.scoring import Profile, profile


class Horizon(StrEnum):
    NOW = "now"
    NEXT = "next"
    LATER = "later"

    @property
    def label(self) -> str:
        return {
            "now": "Now (0-3 months)",
            "next": "Next (3-12 months)",
            "later": "Later (12+ months)",
        }[self.value]

    @property
    def rank(self) -> int:
        return list(Horizon).index(self)


HORIZON_OF_TIMESCALE = {
    "0-3 months": Horizon.NOW,
    "3-12 months": Horizon.NEXT,
    "12+ months": Horizon.LATER,
}


class ActionKind(StrEnum):
    STEP = "step"  # a bank action moving a question up a stage
    FIND_OUT = "find-out"  # a don't-know answer: find out where the partnership stands
    AGREE = "agree"  # a workshop left it without consensus: agree a shared view


@dataclass(frozen=True)
class Source:
    """The question an action comes from, and where it stands."""

    question_id: str
    question_text: str
    domain_id: str
    domain_title: str
    current: Stage | None  # None for a don't-know answer
    step_to: Stage | None  # the stage this action moves towards
    target: Stage | None
    note: str = ""


@dataclass
class PlannedAction:
    id: str
    text: str
    owner: str
    timescale: str
    kind: ActionKind
    sources: list[Source]
    priority: float  # weight x gap (the largest, where merged)
    horizon: Horizon
    weight: float = 1.0
    gap: int = 0
    depends_on: list[str] = field(default_factory=list)  # ids of planned actions that come first
    quick_win: bool = False
    order: int = 0

    @property
    def why(self) -> str:
        """Where the action comes from, in words."""
        parts = []
        for s in self.sources:
            asked = first_sentence(s.question_text)
            if self.kind is ActionKind.AGREE:
                parts.append(f"{asked} (no consensus in the workshop)")
            elif s.current is None:
                parts.append(f"{asked} (answered don't know)")
            else:
                assert s.step_to is not None and s.target is not None
                parts.append(
                    f"{asked} (now {s.current.value}; this step reaches {s.step_to.value}, "
                    f"target {s.target.value})"
                )
        return " / ".join(parts)

    @property
    def priority_reason(self) -> str:
        if self.kind is ActionKind.FIND_OUT:
            return f"{self.priority:g} (weight {self.weight:g}; not known yet)"
        if self.kind is ActionKind.AGREE:
            return f"{self.priority:g} (weight {self.weight:g}; no agreed view)"
        return f"{self.priority:g} (weight {self.weight:g} x gap {self.gap})"


@dataclass(frozen=True)
class Plan:
    actions: list[PlannedAction]
    targets: dict[str, Stage]
    domain_order: list[str]  # weakest first

    def in_horizon(self, horizon: Horizon) -> list[PlannedAction]:
        return [a for a in self.actions if a.horizon is horizon]


def first_sentence(text: str) -> str:
    """A question's first sentence, enough to recognise it in a plan."""
    match = re.match(r"(.+?[?.!])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _most_common_owner(question: Question) -> str:
    owners = [a.owner for a in question.actions.all()]
    return max(owners, key=owners.count) if owners else "Family hubs programme board"


def _question_action(
    question: Question, bank_id: str, bank_title: str, note: str, kind: ActionKind, text: str
) -> PlannedAction:
    """A find-out or agree-a-shared-view action: one per question, due now."""
    return PlannedAction(
        id=f"{question.id}.{'agree' if kind is ActionKind.AGREE else 'find_out'}",
        text=text,
        owner=_most_common_owner(question),
        timescale="0-3 months",
        kind=kind,
        sources=[Source(question.id, question.text, bank_id, bank_title, None, None, None, note)],
        priority=question.weight,
        horizon=Horizon.NOW,
        weight=question.weight,
    )


def _domain_order(result: Profile) -> list[str]:
    """Weakest scored domain first; domains with no score last, in bank order."""
    scored = [d for d in result.domains if d.score is not None]
    unscored = [d.bank_id for d in result.domains if d.score is None]
    return [d.bank_id for d in sorted(scored, key=lambda d: d.score)] + unscored  # type: ignore[arg-type, return-value]


def _steps(current: Stage, target: Stage) -> list[Stage]:
    """The stages an action starts from, current up to one below target."""
    return [s for s in Stage if current.value_number <= s.value_number < target.value_number]


def build_plan(
    bank_set: BankSet,
    answers: Mapping[str, AnswerValue],
    notes: Mapping[str, str] | None = None,
    targets: Mapping[str, Stage] | None = None,
    disputes: Mapping[str, str] | None = None,
) -> Plan:
    """`disputes`: questions a workshop parked without consensus, with who said what."""
    notes = notes or {}
    disputes = disputes or {}
    targets = dict(targets or {})
    known = {q.id for q in bank_set.questions}
    result = profile(bank_set, answers)
    domain_order = _domain_order(result)
    by_text: dict[str, PlannedAction] = {}
    planned: dict[str, PlannedAction] = {}
    raw_after: dict[str, set[str]] = {}
    question_actions: dict[str, list[str]] = {}
    positions: dict[str, tuple[int, int, int]] = {}

    for bank in bank_set.banks:
        for q_index, question in enumerate(bank.questions):
            answer = answers.get(question.id)
            if question.id in disputes:
                single = _question_action(
                    question,
                    bank.id,
                    bank.title,
                    notes.get(question.id, ""),
                    ActionKind.AGREE,
                    f"Agree a shared view: {first_sentence(question.text)} The workshop did "
                    f"not agree ({disputes[question.id]}). Look for: {question.evidence}",
                )
            elif answer is None or not is_asked(question, answers, known):
                continue
            elif answer.special is Special.DONT_KNOW:
                single = _question_action(
                    question,
                    bank.id,
                    bank.title,
                    notes.get(question.id, ""),
                    ActionKind.FIND_OUT,
                    f"Find out: {first_sentence(question.text)} Look for: {question.evidence}",
                )
            else:
                single = None
            if single is not None:
                planned[single.id] = single
                question_actions.setdefault(question.id, []).append(single.id)
                raw_after[single.id] = set()
                positions[single.id] = (domain_order.index(bank.id), q_index, 0)
                continue
            assert answer is not None
            if answer.stage is None:
                continue
            current = answer.stage
            target = targets.get(bank.id) or current.next
            if target is None or target.value_number <= current.value_number:
                continue
            gap = target.value_number - current.value_number
            previous_step: list[str] = []
            for step in _steps(current, target):
                step_ids = []
                for a_index, bank_action in enumerate(question.actions.for_stage(step)):
                    source = Source(
                        question.id,
                        question.text,
                        bank.id,
                        bank.title,
                        current,
                        step.next,
                        target,
                        notes.get(question.id, ""),
                    )
                    key = _normal(bank_action.text)
                    if key in by_text:  # word for word the same as one already planned: merge
                        merged = by_text[key]
                        merged.sources.append(source)
                        if question.weight * gap > merged.priority:
                            merged.priority = question.weight * gap
                            merged.weight, merged.gap = question.weight, gap
                        raw_after[merged.id] |= set(bank_action.after) | set(previous_step)
                        step_ids.append(merged.id)
                        continue
                    action = PlannedAction(
                        id=bank_action.id,
                        text=bank_action.text,
                        owner=bank_action.owner,
                        timescale=bank_action.timescale,
                        kind=ActionKind.STEP,
                        sources=[source],
                        priority=question.weight * gap,
                        horizon=HORIZON_OF_TIMESCALE[bank_action.timescale],
                        weight=question.weight,
                        gap=gap,
                    )
                    by_text[key] = action
                    planned[action.id] = action
                    # No dependency on the question an ask_if hangs on: a follow-up question is
                    # only planned when that condition already holds.
                    raw_after[action.id] = set(bank_action.after) | set(previous_step)
                    positions[action.id] = (
                        domain_order.index(bank.id),
                        q_index,
                        step.value_number * 10 + a_index,
                    )
                    step_ids.append(action.id)
                question_actions.setdefault(question.id, []).extend(step_ids)
                previous_step = step_ids

    # Resolve `after` ids to planned actions: an action id directly, a question id to that
    # question's planned actions. Anything not in the plan is already done or not needed.
    for action_id, refs in raw_after.items():
        resolved: set[str] = set()
        for ref in refs:
            if ref in planned:
                resolved.add(ref)
            elif ref in question_actions:
                resolved.update(question_actions[ref])
        resolved.discard(action_id)
        planned[action_id].depends_on = sorted(resolved)

    ordered = _order(planned, positions)
    for number, action in enumerate(ordered, start=1):
        action.order = number
        action.quick_win = action.horizon is Horizon.NOW and not action.depends_on
    return Plan(ordered, targets, domain_order)


def _order(
    planned: dict[str, PlannedAction], positions: dict[str, tuple[int, int, int]]
) -> list[PlannedAction]:
    """Dependencies first; otherwise by horizon, weakest domain, priority, bank order."""
    # A dependency's horizon pulls its dependants to at least the same horizon.
    changed = True
    while changed:
        changed = False
        for action in planned.values():
            for dep in action.depends_on:
                if planned[dep].horizon.rank > action.horizon.rank:
                    action.horizon = planned[dep].horizon
                    changed = True
    waiting = {a.id: set(a.depends_on) for a in planned.values()}
    dependants: dict[str, list[str]] = {}
    for action_id, deps in waiting.items():
        for dep in deps:
            dependants.setdefault(dep, []).append(action_id)

    def key(action_id: str) -> tuple:
        action = planned[action_id]
        return (
            action.horizon.rank,
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
