"""How long a bank takes to answer, from what one person must read and say.

A question takes the time to read its text and its five descriptors at `READING_PACE` words a
minute (what a person reads to place the partnership), plus `ANSWER_SECONDS` to answer:

    minutes = (words in the question and its descriptors) / 200 + 20 / 60

A bank's expected minutes are the sum over its questions, every one counted (a question an
`ask_if` may leave out too), so the figure is an upper bound. Every shipped bank together is
held under `WHOLE_ASSESSMENT_MINUTES` by the tests.
"""

from __future__ import annotations

from collections.abc import Iterable

from assessor.banks.models import Question
from assessor.continuum import STAGES

READING_PACE = 200  # words a minute: careful reading, for a mixed room
ANSWER_SECONDS = 20  # to choose a stage and say it
WHOLE_ASSESSMENT_MINUTES = 60  # every shipped bank, one voice


def question_minutes(question: Question) -> float:
    words = len(question.text.split()) + sum(
        len(question.levels.for_stage(stage).split()) for stage in STAGES
    )
    return words / READING_PACE + ANSWER_SECONDS / 60


def expected_minutes(questions: Iterable[Question]) -> float:
    """The minutes one person takes to read and answer these questions."""
    return sum(question_minutes(q) for q in questions)


def formula() -> str:
    """The rule in words, for `banks list`."""
    return (
        f"Minutes: the question and its five descriptors read at {READING_PACE} words a minute, "
        f"plus {ANSWER_SECONDS} seconds to answer each question."
    )
