"""Who moved after discussion: each person's first rating of a question, the one the room saw
when its spread was first shown, beside the rating that counts now, and every word they said
with either.

A rating given after the spread was shown is marked `after_spread`; the version it replaced is
kept in the history. A person's first rating is the version in place when their first rating
after the spread was given (a correction made before the spread is not a move), or, for
someone who rated only after it, their first one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assessor.answers import AnswerValue, Special
from assessor.store.records import Answer


@dataclass(frozen=True)
class FirstVoice:
    """One person's first rating of one question (None: they abstained) and everything they
    said with any of their ratings of it, oldest first, each once."""

    first: AnswerValue | None
    words: tuple[str, ...]


def _rating(answer: Answer) -> AnswerValue | None:
    return None if answer.special is Special.SKIPPED else answer.answer_value


def first_voices(
    counted: Iterable[Answer], history: Iterable[Answer]
) -> dict[str, dict[int, FirstVoice]]:
    """Per question and participant, their first rating and all their words, for each rating
    in `counted` (the ratings that count: `counted_voices`); `history` holds the earlier
    versions of the workshop's answers, oldest first."""
    current = {
        (a.question_id, a.participant_id): a for a in counted if a.participant_id is not None
    }
    versions: dict[tuple[str, int | None], list[Answer]] = {key: [] for key in current}
    for earlier in history:
        key = (earlier.question_id, earlier.participant_id)
        if key in versions:
            versions[key].append(earlier)
    found: dict[str, dict[int, FirstVoice]] = {}
    for (question_id, participant_id), now in current.items():
        assert participant_id is not None
        every = [*versions[(question_id, participant_id)], now]
        after = next((n for n, a in enumerate(every) if a.after_spread), len(every))
        first = every[max(after - 1, 0)]
        words: list[str] = []
        for version in every:
            note = " ".join(version.note.split())
            if note and note not in words:
                words.append(note)
        found.setdefault(question_id, {})[participant_id] = FirstVoice(_rating(first), tuple(words))
    return found


def first_ratings(
    voices: dict[str, dict[int, FirstVoice]],
) -> dict[str, dict[int, AnswerValue | None]]:
    """Every question's first ratings by participant id, as `ratings_by_question` gives the
    ratings that count now."""
    return {qid: {p: v.first for p, v in people.items()} for qid, people in voices.items()}
