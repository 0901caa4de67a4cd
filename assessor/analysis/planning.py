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

from __future__ import annotations

import heapq
import re
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from assessor.analysis.scoring import Profile, profile
from assessor.answers import AnswerValue, Special, is_asked
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Action, Question
from assessor.continuum import Stage


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
TIMESCALE_ORDER = list(HORIZON_OF_TIMESCALE)


class Priority(StrEnum):
    """How urgent an action is, in the words people read: High first, Low last."""

    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"

    @property
    def rank(self) -> int:
        return list(Priority).index(self)

    @classmethod
    def of(cls, weight_x_gap: float) -> Priority:
        if weight_x_gap >= 3:
            return cls.HIGH
        return cls.MEDIUM if weight_x_gap >= 2 else cls.LOW


PRIORITY_RULE = (
    "Priority: High when the question's weight times the stages still to its target is 3 or "
    "more, Medium when it is 2 or more, Low otherwise; an action that another waits for takes "
    "the priority of the most urgent one waiting. High comes first within each period."
)


class ActionKind(StrEnum):
    STEP = "step"  # a bank action moving a question up a stage towards its target
    PREREQUISITE = "prerequisite"  # a bank action another planned action needs done first
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
    required_by: list[str] = field(default_factory=list)  # planned actions that name it `after`
    check_first: list[str] = field(
        default_factory=list
    )  # prerequisites this answer set can't judge
    quick_win: bool = False
    order: int = 0
    merged_ids: list[str] = field(default_factory=list)  # bank ids of the same words, merged in
    # High, Medium or Low: from weight x gap, raised to that of the most urgent action waiting
    band: Priority = Priority.LOW

    @property
    def why(self) -> str:
        """Where the action comes from, in words."""
        parts = []
        for s in self.sources:
            asked = question_label(s.question_text)
            if self.kind is ActionKind.AGREE:
                parts.append(f"{asked} (no consensus in the workshop)")
            elif s.current is None:
                parts.append(f"{asked} (answered don't know)")
            elif self.kind is ActionKind.PREREQUISITE:
                assert s.step_to is not None
                parts.append(
                    f"{asked} (now {s.current.value}; needed first: this step reaches "
                    f"{s.step_to.value}, which a later action depends on)"
                )
            else:
                assert s.step_to is not None and s.target is not None
                parts.append(
                    f"{asked} (now {s.current.value}; this step reaches {s.step_to.value}, "
                    f"target {s.target.value})"
                )
        return " / ".join(parts)

    @property
    def priority_reason(self) -> str:
        """The priority in words: High, Medium or Low, then why (never a bare number, which a
        reader takes as a rank)."""
        if self.kind is ActionKind.FIND_OUT:
            why = f"weight {self.weight:g}; not known yet"
        elif self.kind is ActionKind.AGREE:
            why = f"weight {self.weight:g}; no agreed view"
        elif self.kind is ActionKind.PREREQUISITE:
            why = "needed before a later action"
        else:
            why = f"weight {self.weight:g} x {self.gap} stage{'' if self.gap == 1 else 's'} to go"
        if self.band is not Priority.of(self.priority):
            why += "; a more urgent action waits for it"
        return f"{self.band.value} ({why})"

    @property
    def domain_titles(self) -> list[str]:
        return list(dict.fromkeys(s.domain_title for s in self.sources))


@dataclass(frozen=True)
class Plan:
    actions: list[PlannedAction]
    targets: dict[str, Stage]
    domain_order: list[str]  # weakest first

    def in_horizon(self, horizon: Horizon) -> list[PlannedAction]:
        return [a for a in self.actions if a.horizon is horizon]

    def top_priorities(self, count: int = 5) -> list[PlannedAction]:
        """The most urgent actions: High first, then Medium, then Low, each in plan order (what
        an action waits for is at least as urgent and earlier, so it stays before it)."""
        return sorted(self.actions, key=lambda a: (a.band.rank, a.order))[:count]


def question_label(text: str, short: int = 160) -> str:
    """What identifies a question in a plan: all of it when short, else the first sentence
    that asks (ends in '?'), passing over an example or aside such as "For example, is there
    a protocol?" or "Or does each organisation ...?", which only make sense after it."""
    flat = " ".join(text.split())
    if len(flat) <= short:
        return flat
    for sentence in re.split(r"(?<=[?.!])\s+", flat):
        if sentence.endswith("?") and not _ASIDE.match(sentence):
            return sentence
    return flat


_ASIDE = re.compile(r"(for example|for instance|such as|e\.g\.|say|or)\b", re.IGNORECASE)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _most_common_owner(question: Question) -> str:
    owners = [a.owner for a in question.actions.all()]
    return max(owners, key=owners.count) if owners else "Family hubs programme board"


def _domain_order(result: Profile) -> list[str]:
    """Weakest scored domain first; domains with no score last, in bank order."""
    scored = [(d.score, d.bank_id) for d in result.domains if d.score is not None]
    unscored = [d.bank_id for d in result.domains if d.score is None]
    return [bank_id for _, bank_id in sorted(scored, key=lambda pair: pair[0])] + unscored


def _steps(current: Stage, target: Stage) -> list[Stage]:
    """The stages an action starts from, current up to one below target."""
    return [s for s in Stage if current.value_number <= s.value_number < target.value_number]


@dataclass(frozen=True)
class _Where:
    """A bank action and where it sits."""

    action: Action
    question: Question
    bank_id: str
    bank_title: str
    stage: Stage  # the stage it starts from
    q_index: int
    a_index: int


class _Planner:
    """Builds the plan in one pass over the banks, then pulls in unmet prerequisites."""

    def __init__(
        self,
        bank_set: BankSet,
        answers: Mapping[str, AnswerValue],
        notes: Mapping[str, str],
        targets: Mapping[str, Stage],
        catalogue: BankSet | None,
    ) -> None:
        self.bank_set = bank_set
        self.answers = answers
        self.notes = notes
        self.targets = targets
        self.known = {q.id for q in bank_set.questions}
        self.result = profile(bank_set, answers)
        self.domain_order = _domain_order(self.result)
        self.where: dict[str, _Where] = {}
        self.questions: dict[str, tuple[Question, str, str, int]] = {}
        for bank in bank_set.banks:
            for q_index, question in enumerate(bank.questions):
                self.questions[question.id] = (question, bank.id, bank.title, q_index)
                for stage in Stage:
                    for a_index, action in enumerate(question.actions.for_stage(stage)):
                        self.where[action.id] = _Where(
                            action, question, bank.id, bank.title, stage, q_index, a_index
                        )
        self.outside: dict[str, str] = {}  # ids in other banks -> words, for "check first"
        if catalogue is not None:
            for question in catalogue.questions:
                if question.id in self.questions:
                    continue
                self.outside[question.id] = question_label(question.text)
                for action in question.actions.all():
                    self.outside[action.id] = action.text
        self.planned: dict[str, PlannedAction] = {}
        self.positions: dict[str, tuple[int, int, int]] = {}
        self.by_question: dict[str, dict[str, Stage]] = {}  # question -> action id -> from stage
        self.deps: dict[str, set[str]] = {}
        self.required: dict[str, set[str]] = {}
        self.check: dict[str, list[str]] = {}

    def stage_of(self, question_id: str) -> Stage | None:
        """The question's current stage where this assessment knows it."""
        answer = self.answers.get(question_id)
        if answer is None or question_id not in self.questions:
            return None
        question = self.questions[question_id][0]
        if not is_asked(question, self.answers, self.known):
            return None
        return answer.stage

    def target_of(self, question_id: str, current: Stage) -> Stage | None:
        bank_id = self.questions[question_id][1]
        return self.targets.get(bank_id) or current.next

    def add(self, action_id: str, kind: ActionKind, target: Stage | None) -> bool:
        """Plan a bank action (once); True when it is new."""
        if action_id in self.planned:
            return False
        w = self.where[action_id]
        current = self.stage_of(w.question.id)
        assert current is not None
        gap = (target.value_number - current.value_number) if target else 1
        if kind is ActionKind.PREREQUISITE:
            gap = w.stage.value_number + 1 - current.value_number
        source = Source(
            w.question.id,
            w.question.text,
            w.bank_id,
            w.bank_title,
            current,
            w.stage.next,
            target or w.stage.next,
            self.notes.get(w.question.id, ""),
        )
        self.planned[action_id] = PlannedAction(
            id=action_id,
            text=w.action.text,
            owner=w.action.owner,
            timescale=w.action.timescale,
            kind=kind,
            sources=[source],
            priority=w.question.weight * gap,
            horizon=HORIZON_OF_TIMESCALE[w.action.timescale],
            weight=w.question.weight,
            gap=gap,
        )
        self.positions[action_id] = (
            self.domain_order.index(w.bank_id),
            w.q_index,
            w.stage.value_number * 10 + w.a_index,
        )
        self.by_question.setdefault(w.question.id, {})[action_id] = w.stage
        return True

    def add_single(
        self, question: Question, bank_id: str, title: str, kind: ActionKind, text: str
    ) -> None:
        """A find-out or agree-a-shared-view action: one per question, due now."""
        action_id = f"{question.id}.{'agree' if kind is ActionKind.AGREE else 'find_out'}"
        note = self.notes.get(question.id, "")
        self.planned[action_id] = PlannedAction(
            id=action_id,
            text=text,
            owner=_most_common_owner(question),
            timescale="0-3 months",
            kind=kind,
            sources=[Source(question.id, question.text, bank_id, title, None, None, None, note)],
            priority=question.weight,
            horizon=Horizon.NOW,
            weight=question.weight,
        )
        self.positions[action_id] = (
            self.domain_order.index(bank_id),
            self.questions[question.id][3],
            0,
        )
        self.by_question.setdefault(question.id, {})[action_id] = Stage.ISOLATION

    def pull_up_to(self, question_id: str, below: Stage, only: str | None = None) -> list[str]:
        """Plan the question's steps from its current stage up to `below` (exclusive), plus
        `only` (an action starting at `below`) if given; returns every action id needed."""
        question = self.questions[question_id][0]
        current = self.stage_of(question_id)
        assert current is not None
        needed = []
        for step in _steps(current, below):
            for action in question.actions.for_stage(step):
                needed.append(action.id)
        if only is not None:
            needed.append(only)
        for action_id in needed:
            if self.add(action_id, ActionKind.PREREQUISITE, None):
                self.work.append(action_id)
        return needed

    def resolve(self, action_id: str) -> None:
        """The dependencies of one planned bank action, pulling in what is not done yet."""
        w = self.where[action_id]
        deps: set[str] = set()
        required_stage = w.stage.next
        for ref in w.action.after:
            if ref in self.where:
                ref_where = self.where[ref]
                deps |= self.prerequisite(ref_where.question.id, ref_where.stage, ref, action_id)
            elif ref in self.questions:
                assert required_stage is not None
                deps |= self.prerequisite(ref, required_stage, None, action_id)
            else:
                self.check.setdefault(action_id, []).append(self.outside.get(ref, ref))
        deps.discard(action_id)
        self.deps[action_id] = deps

    def prerequisite(
        self, question_id: str, stage: Stage, ref: str | None, dependant: str
    ) -> set[str]:
        """What `dependant` waits for: an action `ref` starting at `stage`, or (ref None) the
        question reaching `stage`. Empty when the answers show it done or not applicable."""
        answer = self.answers.get(question_id)
        current = self.stage_of(question_id)
        if current is not None:
            reached = (
                current.value_number > stage.value_number
                if ref
                else (current.value_number >= stage.value_number)
            )
            if reached:
                return set()
            self.pull_up_to(question_id, stage, ref)
            # the action named, or the question's last step below the stage: each waits in turn
            # for the steps below it
            needed = (
                {ref}
                if ref
                else {
                    i
                    for i, s in self.by_question[question_id].items()
                    if s.value_number == stage.value_number - 1 and i in self.where
                }
            )
            for i in needed:
                self.required.setdefault(i, set()).add(dependant)
            return needed
        if answer is not None and answer.special is Special.NOT_APPLICABLE:
            return set()
        find_out = f"{question_id}.find_out"
        if find_out in self.planned:
            return {find_out}
        words = (
            self.where[ref].action.text
            if ref and ref in self.where
            else f"{question_label(self.questions[question_id][0].text)} reaches {stage.value}"
        )
        self.check.setdefault(dependant, []).append(words)
        return set()

    def build(self, disputes: Mapping[str, str]) -> Plan:
        for bank in self.bank_set.banks:
            for question in bank.questions:
                answer = self.answers.get(question.id)
                if question.id in disputes:
                    self.add_single(
                        question,
                        bank.id,
                        bank.title,
                        ActionKind.AGREE,
                        f"Agree a shared view: {question_label(question.text)} The workshop did "
                        f"not agree ({disputes[question.id]}). Look for: {question.evidence}",
                    )
                    continue
                if answer is None or not is_asked(question, self.answers, self.known):
                    continue
                if answer.special is Special.DONT_KNOW:
                    self.add_single(
                        question,
                        bank.id,
                        bank.title,
                        ActionKind.FIND_OUT,
                        f"Find out: {question_label(question.text)} Look for: {question.evidence}",
                    )
                    continue
                current = answer.stage
                if current is None:
                    continue
                target = self.target_of(question.id, current)
                if target is None or target.value_number <= current.value_number:
                    continue
                for step in _steps(current, target):
                    for action in question.actions.for_stage(step):
                        self.add(action.id, ActionKind.STEP, target)
        self.work = [i for i in self.planned if i in self.where]
        done: set[str] = set()
        while self.work:
            action_id = self.work.pop(0)
            if action_id in done:
                continue
            done.add(action_id)
            self.resolve(action_id)
        for action_id, w in self.where.items():  # the earlier step of its own question first
            if action_id in self.planned:
                own = self.by_question[w.question.id]
                earlier = {
                    other
                    for other, stage in own.items()
                    if stage.value_number == w.stage.value_number - 1 and other in self.where
                }
                self.deps[action_id] |= earlier
                for other in earlier:  # named as needed first, as an `after` id would be
                    self.required.setdefault(other, set()).add(action_id)
        for action_id, planned in self.planned.items():
            planned.depends_on = sorted(self.deps.get(action_id, set()))
            planned.required_by = sorted(self.required.get(action_id, set()))
            planned.check_first = list(dict.fromkeys(self.check.get(action_id, [])))
        merged = _merge(self.planned, self.positions)
        ordered = _order(merged, self.positions)
        for number, planned in enumerate(ordered, start=1):
            planned.order = number
        _mark_quick_wins(ordered, self.bank_set, self.answers, self.known)
        return Plan(ordered, dict(self.targets), self.domain_order)


def build_plan(
    bank_set: BankSet,
    answers: Mapping[str, AnswerValue],
    notes: Mapping[str, str] | None = None,
    targets: Mapping[str, Stage] | None = None,
    disputes: Mapping[str, str] | None = None,
    catalogue: BankSet | None = None,
) -> Plan:
    """`disputes`: questions a workshop parked without consensus, with who said what.
    `catalogue`: the installed banks, to name prerequisites in banks this assessment did not
    use."""
    planner = _Planner(bank_set, answers, notes or {}, targets or {}, catalogue)
    return planner.build(disputes or {})


def _merge(
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


def _mark_quick_wins(
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


def _order(
    planned: dict[str, PlannedAction], positions: dict[str, tuple[int, int, int]]
) -> list[PlannedAction]:
    """Dependencies first; otherwise by horizon, priority band, weakest domain, weight x gap,
    bank order. A dependency takes the band of the most urgent action waiting for it, so a
    band never rises down the list within a horizon."""
    # A dependency's horizon pulls its dependants to at least the same horizon.
    changed = True
    while changed:
        changed = False
        for action in planned.values():
            for dep in action.depends_on:
                if planned[dep].horizon.rank > action.horizon.rank:
                    action.horizon = planned[dep].horizon
                    changed = True
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
    waiting = {a.id: set(a.depends_on) for a in planned.values()}
    dependants: dict[str, list[str]] = {}
    for action_id, deps in waiting.items():
        for dep in deps:
            dependants.setdefault(dep, []).append(action_id)

    def key(action_id: str) -> tuple:
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
