"""What every part of the report model shares: its base, a field with its documentation, and
the names a stage or an answer is written as."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assessor.answers import AnswerValue
from assessor.continuum import Stage

StageName = Literal["isolation", "communication", "coordination", "collaboration", "integration"]
AnswerName = Literal[
    "isolation",
    "communication",
    "coordination",
    "collaboration",
    "integration",
    "not-applicable",
    "dont-know",
    "skipped",
]


def answer_name(value: AnswerValue) -> AnswerName:
    """The name an answer is written as in a report: its stage's, or its special answer's."""
    choice = value.choice
    if isinstance(choice, Stage):  # each enum's value is typed as its names; the union's is str
        return choice.value
    return choice.value


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _d(text: str, **kwargs: Any) -> Any:  # a field with its documentation
    return Field(description=text, **kwargs)
