"""Whose ratings count: everyone in the room, and anyone who has left for the questions agreed
before they left. The spread, the proposal, the dissent and the reports all use that one set."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from assessor.answers import AnswerValue, Special
from assessor.store.records import Answer, Participant


def counts(person: Participant, agreed_at: datetime | None) -> bool:
    """A rating counts while its rater is in the room, and for good on a question agreed
    before they left; a question still open when someone leaves goes on without them."""
    return person.removed_at is None or (agreed_at is not None and agreed_at <= person.removed_at)


def counted_voices(answers: Iterable[Answer], roster: Iterable[Participant]) -> list[Answer]:
    """A workshop's answers (with voices) less the ratings that no longer count (see `counts`).

    The agreed answers (no participant) are all kept.
    """
    answers = list(answers)
    people = {p.id: p for p in roster}
    agreed = {a.question_id: a.answered_at for a in answers if a.participant_id is None}
    return [
        a
        for a in answers
        if a.participant_id is None
        or (
            a.participant_id in people
            and counts(people[a.participant_id], agreed.get(a.question_id))
        )
    ]


def ratings_by_question(
    answers: Iterable[Answer], roster: Iterable[Participant]
) -> dict[str, dict[int, AnswerValue | None]]:
    """Every question's counted ratings by participant id; None is an abstention."""
    found: dict[str, dict[int, AnswerValue | None]] = {}
    for answer in counted_voices(answers, roster):
        if answer.participant_id is not None:
            abstained = answer.special is Special.SKIPPED
            found.setdefault(answer.question_id, {})[answer.participant_id] = (
                None if abstained else answer.answer_value
            )
    return found


def self_assessments_used(
    answers: Iterable[Answer], roster: Iterable[Participant]
) -> list[tuple[str, str, int]]:
    """(person, assessment id, ratings still as they came) for each self-assessment used."""
    names = {p.id: p.name for p in roster}
    used: dict[tuple[str, str], int] = {}
    for answer in answers:
        if answer.prefilled_from is not None and answer.participant_id in names:
            key = (names[answer.participant_id], answer.prefilled_from)
            used[key] = used.get(key, 0) + 1
    return [(person, assessment_id, n) for (person, assessment_id), n in used.items()]
