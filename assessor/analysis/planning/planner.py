"""Building the plan: the bank actions for each question below its target, then the
prerequisites they wait for (see `assessor.analysis.planning` for the rules)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessor.analysis.planning.actions import (
    HORIZON_OF_TIMESCALE,
    ActionKind,
    Horizon,
    Plan,
    PlannedAction,
    Source,
    question_label,
)
from assessor.analysis.planning.order import in_order, mark_quick_wins, merge
from assessor.analysis.scoring import Profile, profile
from assessor.answers import AnswerValue, Special, is_asked
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Action, Question
from assessor.continuum import Stage


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
        unsure: Mapping[str, str],
    ) -> None:
        self.bank_set = bank_set
        self.unsure = unsure
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
        unsure = self.unsure.get(question.id, "") if kind is ActionKind.FIND_OUT else ""
        self.planned[action_id] = PlannedAction(
            id=action_id,
            text=text,
            owner=_most_common_owner(question),
            timescale="0-3 months",
            kind=kind,
            sources=[
                Source(question.id, question.text, bank_id, title, None, None, None, note, unsure)
            ],
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
                self.plan_question(question, bank.id, bank.title, disputes.get(question.id))
        self.resolve_all()
        self.own_steps_first()
        for action_id, planned in self.planned.items():
            planned.depends_on = sorted(self.deps.get(action_id, set()))
            planned.required_by = sorted(self.required.get(action_id, set()))
            planned.check_first = list(dict.fromkeys(self.check.get(action_id, [])))
        merged = merge(self.planned, self.positions)
        ordered = in_order(merged, self.positions)
        for number, planned in enumerate(ordered, start=1):
            planned.order = number
        mark_quick_wins(ordered, self.bank_set, self.answers, self.known)
        return Plan(ordered, dict(self.targets), self.domain_order)

    def plan_question(
        self, question: Question, bank_id: str, title: str, dispute: str | None
    ) -> None:
        """The question's own actions: agree a view where a workshop parked it (`dispute`: who
        said what), find out for a don't-know, else its steps up to its target."""
        if dispute is not None:
            self.add_single(
                question,
                bank_id,
                title,
                ActionKind.AGREE,
                f"Agree a shared view: {question_label(question.text)} The workshop did "
                f"not agree ({dispute}). Look for: {question.evidence}",
            )
            return
        answer = self.answers.get(question.id)
        if answer is None or not is_asked(question, self.answers, self.known):
            return
        if answer.special is Special.DONT_KNOW:
            self.add_single(
                question,
                bank_id,
                title,
                ActionKind.FIND_OUT,
                f"Find out: {question_label(question.text)} Look for: {question.evidence}",
            )
            return
        current = answer.stage
        if current is None:
            return
        target = self.target_of(question.id, current)
        if target is None or target.value_number <= current.value_number:
            return
        for step in _steps(current, target):
            for action in question.actions.for_stage(step):
                self.add(action.id, ActionKind.STEP, target)

    def resolve_all(self) -> None:
        """The dependencies of every planned bank action, and of each prerequisite pulled in."""
        self.work = [i for i in self.planned if i in self.where]
        done: set[str] = set()
        while self.work:
            action_id = self.work.pop(0)
            if action_id in done:
                continue
            done.add(action_id)
            self.resolve(action_id)

    def own_steps_first(self) -> None:
        """Each planned action waits for the step below it on its own question."""
        for action_id, w in self.where.items():
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


def build_plan(
    bank_set: BankSet,
    answers: Mapping[str, AnswerValue],
    notes: Mapping[str, str] | None = None,
    targets: Mapping[str, Stage] | None = None,
    disputes: Mapping[str, str] | None = None,
    catalogue: BankSet | None = None,
    unsure: Mapping[str, str] | None = None,
) -> Plan:
    """`disputes`: questions a workshop parked without consensus, with who said what.
    `catalogue`: the installed banks, to name prerequisites in banks this assessment did not
    use. `unsure`: a workshop's questions agreed as don't know, with who said they did not
    know."""
    planner = _Planner(bank_set, answers, notes or {}, targets or {}, catalogue, unsure or {})
    return planner.build(disputes or {})
