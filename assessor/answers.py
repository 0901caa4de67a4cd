"""What an answer can be: a stage on the continuum, or one of three answers that are not a stage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from assessor.continuum import Stage

if TYPE_CHECKING:  # only a type here: the bank models stay unloaded where nothing needs them
    from assessor.banks.models import Question


class Special(StrEnum):
    """Answers that are never a stage: they do not count as a low score."""

    NOT_APPLICABLE = "not-applicable"
    DONT_KNOW = "dont-know"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return {
            "not-applicable": "not applicable",
            "dont-know": "don't know",
            "skipped": "skipped",
        }[self.value]


@dataclass(frozen=True)
class AnswerValue:
    """Exactly one of a stage or a special answer."""

    stage: Stage | None = None
    special: Special | None = None

    def __post_init__(self) -> None:
        if (self.stage is None) == (self.special is None):
            raise ValueError("an answer is either a stage or a special answer, not both or neither")

    @property
    def choice(self) -> Stage | Special:
        """The stage, or else the special answer: whichever of the two is set."""
        if self.stage is not None:
            return self.stage
        assert self.special is not None  # __post_init__ allows exactly one
        return self.special

    @property
    def label(self) -> str:
        choice = self.choice
        return choice.value if isinstance(choice, Stage) else choice.label

    @classmethod
    def of(cls, stage_or_special: Stage | Special) -> AnswerValue:
        if isinstance(stage_or_special, Stage):
            return cls(stage=stage_or_special)
        return cls(special=stage_or_special)


def is_asked(question: Question, answers: Mapping[str, AnswerValue], known_ids: set[str]) -> bool:
    """Whether `question` is asked given the answers so far.

    A question whose `ask_if` names a question outside this assessment is asked: the condition
    cannot be judged, and asking loses nothing.
    """
    condition = question.ask_if
    if condition is None or condition.question not in known_ids:
        return True
    earlier = answers.get(condition.question)
    return condition.holds(earlier.stage if earlier is not None else None)
