"""A device's choice ("3", "dont_know", "abstain") and the answer it stands for."""

from __future__ import annotations

from assessor.answers import AnswerValue, Special
from assessor.continuum import Stage
from assessor.room.views import CHOICE_LABELS
from assessor.store.records import Answer


def choice_of(value: AnswerValue | None) -> str:
    if value is None or value.special is Special.SKIPPED:
        return "abstain"
    if value.stage is not None:
        return str(value.stage.value_number)
    assert value.special is not None
    return value.special.value


def choice_label(choice: str) -> str:
    if choice in CHOICE_LABELS:
        return CHOICE_LABELS[choice]
    if choice.isdigit():
        stage = Stage.from_number(int(choice))
        return f"{choice} {stage.label}"
    return "abstains"


def value_of(choice: str) -> AnswerValue:
    if choice.isdigit():
        return AnswerValue(stage=Stage.from_number(int(choice)))
    return AnswerValue(special=Special(choice))


def rating_of(answer: Answer) -> AnswerValue | None:
    """A stored rating as the spread reads it: an abstention is no rating."""
    return None if answer.special is Special.SKIPPED else answer.answer_value
