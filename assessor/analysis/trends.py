"""Repeat assessments of one partnership compared, question by stable question id. Pure.

A change in a bank is never shown as a change in the partnership: questions new to a bank
version, removed from it, or reworded since are flagged and left out of the improved / declined /
unchanged counts. A question from a bank one of the assessments did not use at all is "not
covered" by it, not a bank change. Each question is shown in the words it was last asked in
(kept with every assessment), and an answer to a question since removed from the banks stays
on record. A domain's change is measured over the questions both the first and the latest
assessment answered with a stage, and flagged when its set of questions changed in the banks;
a domain one of them left out is "not assessed" then, not a change in its questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from assessor.analysis.planning import ActionKind, build_plan
from assessor.analysis.scoring import profile
from assessor.analysis.summaries import banks_used
from assessor.answers import AnswerValue, Special
from assessor.banks.bank_set import BankSet
from assessor.continuum import Stage
from assessor.store.records import Answer, Assessment


class Movement(StrEnum):
    IMPROVED = "improved"
    DECLINED = "declined"
    UNCHANGED = "unchanged"
    NOT_COMPARED = "not compared"  # not a stage both times, or the question changed


class BankChange(StrEnum):
    NEW = "new"  # not in the bank the first assessment used
    REMOVED = "removed"  # not in the bank the latest assessment used
    REWORDED = "reworded"  # asked in different words at some point
    NOT_COVERED = "not covered"  # its bank was left out of the first or the latest assessment


@dataclass(frozen=True)
class Entry:
    """One assessment with what it recorded."""

    assessment: Assessment
    answers: list[Answer]
    wording: dict[str, str]  # question id -> the words it was asked in ({} for older files)


@dataclass(frozen=True)
class QuestionTrend:
    question_id: str
    domain_id: str
    text: str  # the latest wording it was asked in
    answers: list[AnswerValue | None]  # one per assessment, oldest first
    movement: Movement
    change: int | None  # latest stage value minus first, where both are stages
    bank_change: BankChange | None
    first_text: str = ""  # the earliest wording on record


@dataclass(frozen=True)
class DomainTrend:
    domain_id: str
    title: str
    scores: list[float | None]  # each assessment's own score over all it answered
    stages: list[Stage | None]
    common_first: float | None = None  # first and latest, over the questions both answered
    common_latest: float | None = None
    compared: int = 0  # how many questions that is
    questions_changed: bool = False  # the domain's questions differ between first and latest
    assessed: list[bool] = field(default_factory=list)  # whether each assessment covered it

    @property
    def change(self) -> float | None:
        """Latest minus first, over the questions both answered with a stage."""
        first, last = self.common_first, self.common_latest
        return None if first is None or last is None else round(last - first, 1)


class FollowUpStatus(StrEnum):
    DONE = "moved up"  # the question moved up (a find-out: it has been answered)
    OPEN = "still open"
    NOT_ANSWERED = "not answered since"
    GONE = "no longer in the bank"  # the question has since been removed from the banks


@dataclass(frozen=True)
class FollowUp:
    """An action from the previous assessment's plan, and whether its question moved since."""

    action_id: str
    text: str
    question_id: str
    question_text: str  # in the words it was asked in
    then: Stage | None
    now: AnswerValue | None
    status: FollowUpStatus

    @property
    def done(self) -> bool | None:
        if self.status in (FollowUpStatus.NOT_ANSWERED, FollowUpStatus.GONE):
            return None
        return self.status is FollowUpStatus.DONE


@dataclass(frozen=True)
class Comparison:
    assessments: list[Assessment]
    questions: list[QuestionTrend]
    domains: list[DomainTrend]
    follow_ups: list[FollowUp]
    between_leads: bool  # two assessments by different leads: how they see it, not movement
    counts: dict[Movement, int] = field(default_factory=dict)

    def flagged(self, change: BankChange) -> list[QuestionTrend]:
        return [q for q in self.questions if q.bank_change is change]


def _asked_ids(entry: Entry) -> set[str]:
    """The questions an assessment was asked: its recorded wording, else what it answered."""
    return set(entry.wording) or {a.question_id for a in entry.answers}


def _own_values(entry: Entry) -> dict[str, AnswerValue]:
    """Every own answer on record, including those to questions since removed from a bank."""
    return {a.question_id: a.answer_value for a in entry.answers}


def _bank_ids(entry: Entry) -> set[str]:
    return {use.bank_id for use in entry.assessment.banks}


def compare(entries: Sequence[Entry], installed: BankSet, follow_ups: bool = True) -> Comparison:
    """Compare assessments of one partnership, oldest first; without `follow_ups`, the previous
    plan is not rebuilt (most of the cost, where only the movement is wanted)."""
    span = _Span.of(entries)
    ordered, first, last = span.ordered, span.ordered[0], span.ordered[-1]
    domain_ids: list[str] = []
    for entry in ordered:
        for use in entry.assessment.banks:
            if use.bank_id not in domain_ids:
                domain_ids.append(use.bank_id)
    trends = [
        trend
        for qid in _question_ids(ordered, domain_ids, installed)
        if (trend := span.trend(qid, installed)) is not None
    ]
    domains = [_domain_trend(b, ordered, span.values, installed) for b in domain_ids]
    followed = (
        _follow_ups(ordered[-2] if len(ordered) > 1 else first, last, installed)
        if follow_ups
        else []
    )
    counts = {m: sum(1 for t in trends if t.movement is m) for m in Movement}
    leads = {e.assessment.lead for e in ordered}
    between_leads = len(ordered) == 2 and len(leads) == 2 and "" not in leads
    return Comparison(
        [e.assessment for e in ordered], trends, domains, followed, between_leads, counts
    )


def _question_ids(ordered: Sequence[Entry], domain_ids: list[str], installed: BankSet) -> list[str]:
    """Every question to show: the installed banks' in bank order, then any only on record."""
    known_banks = {b.id: b for b in installed.banks}
    question_ids: list[str] = []
    for bank_id in domain_ids:
        if bank_id in known_banks:
            question_ids += [q.id for q in known_banks[bank_id].questions]
    for entry in ordered:
        for qid in sorted(_asked_ids(entry) | {a.question_id for a in entry.answers}):
            if qid not in question_ids:
                question_ids.append(qid)
    return question_ids


@dataclass(frozen=True)
class _Span:
    """The assessments compared, oldest first, with what the first and the latest asked."""

    ordered: list[Entry]
    values: list[dict[str, AnswerValue]]  # each one's own answers
    first_ids: set[str]
    last_ids: set[str]
    first_banks: set[str]
    last_banks: set[str]

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> _Span:
        ordered = sorted(entries, key=lambda e: (e.assessment.started_at, e.assessment.id))
        first, last = ordered[0], ordered[-1]
        return cls(
            ordered,
            [_own_values(e) for e in ordered],
            _asked_ids(first),
            _asked_ids(last),
            _bank_ids(first),
            _bank_ids(last),
        )

    def bank_change(self, qid: str, wordings: list[str]) -> BankChange | None:
        """How the banks changed the question between the first and the latest, if they did."""
        bank_id = qid.split(".", 1)[0]
        if bank_id not in self.first_banks or bank_id not in self.last_banks:
            return BankChange.NOT_COVERED
        if qid not in self.first_ids:
            return BankChange.NEW
        if qid not in self.last_ids:
            return BankChange.REMOVED
        if len(set(wordings)) > 1:
            return BankChange.REWORDED
        return None

    def trend(self, qid: str, installed: BankSet) -> QuestionTrend | None:
        """The question over the assessments; None when none answered or asked it."""
        answers = [v.get(qid) for v in self.values]
        if all(a is None for a in answers) and qid not in self.first_ids | self.last_ids:
            return None
        wordings = [w for e in self.ordered if (w := e.wording.get(qid))]
        change_flag = self.bank_change(qid, wordings)
        text = wordings[-1] if wordings else _current_text(installed, qid)
        movement, delta = (
            (Movement.NOT_COMPARED, None)
            if change_flag is not None
            else _movement(answers[0], answers[-1])
        )
        first_text = wordings[0] if wordings else text
        bank_id = qid.split(".", 1)[0]
        return QuestionTrend(qid, bank_id, text, answers, movement, delta, change_flag, first_text)


def _movement(then: AnswerValue | None, now: AnswerValue | None) -> tuple[Movement, int | None]:
    """How a question moved from the first answer to the latest, and by how many stages."""
    if then is None or now is None or not then.stage or not now.stage:
        return Movement.NOT_COMPARED, None
    delta = now.stage.value_number - then.stage.value_number
    if delta > 0:
        return Movement.IMPROVED, delta
    return (Movement.DECLINED if delta < 0 else Movement.UNCHANGED), delta


def _status(kind: ActionKind, then: Stage | None, now: AnswerValue | None) -> FollowUpStatus:
    """A find-out is done once the question has an answer; a step once it has moved up."""
    if now is None or now.special is Special.SKIPPED:
        return FollowUpStatus.NOT_ANSWERED
    if now.special is Special.NOT_APPLICABLE:
        return FollowUpStatus.DONE  # nothing left to move
    if now.stage is None:  # don't know
        return FollowUpStatus.OPEN if kind is ActionKind.FIND_OUT else FollowUpStatus.NOT_ANSWERED
    if kind is ActionKind.FIND_OUT or then is None:
        return FollowUpStatus.DONE
    return (
        FollowUpStatus.DONE if now.stage.value_number > then.value_number else FollowUpStatus.OPEN
    )


def _domain_trend(
    bank_id: str, ordered: Sequence[Entry], values: list[dict[str, AnswerValue]], installed: BankSet
) -> DomainTrend:
    known_banks = {b.id: b for b in installed.banks}
    title = known_banks[bank_id].title if bank_id in known_banks else bank_id
    if bank_id not in known_banks:
        n = len(ordered)
        covered = [bank_id in _bank_ids(e) for e in ordered]
        return DomainTrend(bank_id, title, [None] * n, [None] * n, assessed=covered)
    bank_set = installed.select([bank_id])
    scores, stages = [], []
    for entry, answered in zip(ordered, values, strict=True):
        if bank_id in _bank_ids(entry):
            result = profile(bank_set, answered).domains[0]
            scores.append(result.score)
            stages.append(result.stage)
        else:
            scores.append(None)
            stages.append(None)
    first, last = values[0], values[-1]
    in_domain = [q.id for q in bank_set.questions]
    shared = {
        q for q in in_domain if first.get(q) and first[q].stage and last.get(q) and last[q].stage
    }

    def own(entry: Entry) -> set[str]:
        return {q for q in _asked_ids(entry) if q.split(".", 1)[0] == bank_id}

    covered = [bank_id in _bank_ids(e) for e in ordered]
    common_first = common_latest = None
    if shared and covered[0] and covered[-1]:
        common_first = profile(bank_set, {q: first[q] for q in shared}).domains[0].score
        common_latest = profile(bank_set, {q: last[q] for q in shared}).domains[0].score
    return DomainTrend(
        bank_id,
        title,
        scores,
        stages,
        common_first,
        common_latest,
        len(shared),
        covered[0] and covered[-1] and own(ordered[0]) != own(ordered[-1]),  # not a left-out area
        covered,
    )


def _follow_ups(previous: Entry, latest: Entry, installed: BankSet) -> list[FollowUp]:
    """The previous assessment's plan, rebuilt from what it recorded, against the latest answers.

    Questions it answered that are no longer in the banks keep a line of their own (their
    actions went with them), so nothing planned then disappears from view.
    """
    then_values = _own_values(previous)
    now_values = _own_values(latest)
    bank_set, _ = banks_used(previous.assessment, installed)
    notes = {a.question_id: a.note for a in previous.answers}
    wording = previous.wording
    found = []
    for action in build_plan(bank_set, then_values, notes, catalogue=installed).actions:
        for source in action.sources:
            now = now_values.get(source.question_id)
            then = source.current
            status = _status(action.kind, then, now)
            text = wording.get(source.question_id) or source.question_text
            found.append(
                FollowUp(action.id, action.text, source.question_id, text, then, now, status)
            )
    in_banks = {q.id for q in installed.questions}
    for answer in previous.answers:
        qid, stage = answer.question_id, answer.stage
        if qid in in_banks or stage is None or stage.next is None:
            continue
        text = wording.get(qid, qid)
        found.append(
            FollowUp(
                f"{qid}.next_step",
                f"Move up from {stage.value} (the question's actions left the bank with it)",
                qid,
                text,
                stage,
                now_values.get(qid),
                FollowUpStatus.GONE,
            )
        )
    return found


def _current_text(installed: BankSet, question_id: str) -> str:
    try:
        return installed.question(question_id).text
    except KeyError:
        return question_id
