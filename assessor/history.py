"""Repeat assessments of one partnership compared, question by stable question id. Pure.

A change in a bank is never shown as a change in the partnership: questions new to a bank
version, removed from it, or reworded since are flagged and left out of the improved / declined /
unchanged counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from assessor.answers import AnswerValue
from assessor.banks.loader import BankSet
from assessor.continuum import Stage
from assessor.planning import build_plan
from assessor.scoring import profile
from assessor.store.records import Answer, Assessment, answer_map
from assessor.summaries import banks_used


class Movement(StrEnum):
    IMPROVED = "improved"
    DECLINED = "declined"
    UNCHANGED = "unchanged"
    NOT_COMPARED = "not compared"  # not a stage both times, or the question changed


class BankChange(StrEnum):
    NEW = "new"  # not in the bank the first assessment used
    REMOVED = "removed"  # not in the bank the latest assessment used
    REWORDED = "reworded"  # asked in different words at some point


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
    text: str
    answers: list[AnswerValue | None]  # one per assessment, oldest first
    movement: Movement
    change: int | None  # latest stage value minus first, where both are stages
    bank_change: BankChange | None


@dataclass(frozen=True)
class DomainTrend:
    domain_id: str
    title: str
    scores: list[float | None]
    stages: list[Stage | None]

    @property
    def change(self) -> float | None:
        first, last = self.scores[0], self.scores[-1]
        return None if first is None or last is None else last - first


@dataclass(frozen=True)
class FollowUp:
    """An action from the first assessment's plan, and whether its question has moved since."""

    action_id: str
    text: str
    question_id: str
    then: Stage | None
    now: AnswerValue | None
    done: bool | None  # True: the question moved up; False: still open; None: not answered now


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


def compare(entries: Sequence[Entry], installed: BankSet) -> Comparison:
    """Compare assessments of one partnership, oldest first."""
    ordered = sorted(entries, key=lambda e: (e.assessment.started_at, e.assessment.id))
    values = [answer_map(e.answers) for e in ordered]
    first, last = ordered[0], ordered[-1]
    first_ids, last_ids = _asked_ids(first), _asked_ids(last)

    domain_ids: list[str] = []
    for entry in ordered:
        for use in entry.assessment.banks:
            if use.bank_id not in domain_ids:
                domain_ids.append(use.bank_id)
    known_banks = {b.id: b for b in installed.banks}

    question_ids: list[str] = []
    for bank_id in domain_ids:  # bank order, then any question only on record
        if bank_id in known_banks:
            question_ids += [q.id for q in known_banks[bank_id].questions]
    for entry in ordered:
        for qid in sorted(_asked_ids(entry) | {a.question_id for a in entry.answers}):
            if qid not in question_ids:
                question_ids.append(qid)

    trends: list[QuestionTrend] = []
    for qid in question_ids:
        answers = [v.get(qid) for v in values]
        if all(a is None for a in answers) and qid not in first_ids | last_ids:
            continue
        wordings = [e.wording.get(qid) for e in ordered if e.wording.get(qid)]
        if qid not in first_ids:
            change_flag: BankChange | None = BankChange.NEW
        elif qid not in last_ids:
            change_flag = BankChange.REMOVED
        elif len(set(wordings)) > 1:
            change_flag = BankChange.REWORDED
        else:
            change_flag = None
        text = wordings[-1] if wordings else _current_text(installed, qid)
        then, now = answers[0], answers[-1]
        both = then is not None and now is not None and then.stage and now.stage
        if change_flag is not None or not both:
            movement, delta = Movement.NOT_COMPARED, None
        else:
            assert then is not None and now is not None and then.stage and now.stage
            delta = now.stage.value_number - then.stage.value_number
            movement = (
                Movement.IMPROVED
                if delta > 0
                else Movement.DECLINED
                if delta < 0
                else Movement.UNCHANGED
            )
        trends.append(
            QuestionTrend(qid, qid.split(".", 1)[0], text, answers, movement, delta, change_flag)
        )

    domains = []
    profiles = []
    for entry, answered in zip(ordered, values, strict=True):
        bank_set, _ = banks_used(entry.assessment, installed)
        profiles.append({d.bank_id: d for d in profile(bank_set, answered).domains})
    for bank_id in domain_ids:
        scores = [p[bank_id].score if bank_id in p else None for p in profiles]
        stages = [p[bank_id].stage if bank_id in p else None for p in profiles]
        title = known_banks[bank_id].title if bank_id in known_banks else bank_id
        domains.append(DomainTrend(bank_id, title, scores, stages))

    follow_ups = []
    first_banks, _ = banks_used(first.assessment, installed)
    notes = {a.question_id: a.note for a in first.answers}
    for action in build_plan(first_banks, values[0], notes).actions:
        for source in action.sources:
            now = values[-1].get(source.question_id)
            then = source.current
            if now is None or now.stage is None:
                done = None
            else:
                done = then is not None and now.stage.value_number > then.value_number
            follow_ups.append(FollowUp(action.id, action.text, source.question_id, then, now, done))

    counts = {m: sum(1 for t in trends if t.movement is m) for m in Movement}
    leads = {e.assessment.lead for e in ordered}
    between_leads = len(ordered) == 2 and len(leads) == 2 and "" not in leads
    return Comparison(
        [e.assessment for e in ordered], trends, domains, follow_ups, between_leads, counts
    )


def _current_text(installed: BankSet, question_id: str) -> str:
    try:
        return installed.question(question_id).text
    except KeyError:
        return question_id
