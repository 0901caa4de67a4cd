"""What the bot says: typed messages, so each face can show them its own way."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assessor.continuum import Stage


class Kind(StrEnum):
    INFO = "info"  # greeting, domain introduction, pause
    QUESTION = "question"
    CONFIRM = "confirm"  # the bot's reading, waiting for yes or another stage
    ACK = "acknowledgement"
    HELP = "help"  # commands, why, levels
    PROGRESS = "progress"
    SUMMARY = "summary"
    POINTER = "pointer"  # after the summary: where the results and the plan are; faces differ
    ERROR = "error"  # not understood, nothing to go back to, ...


@dataclass(frozen=True)
class Option:
    number: int
    stage: Stage
    label: str
    descriptor: str


@dataclass(frozen=True)
class BotMessage:
    kind: Kind
    text: str
    question_id: str | None = None
    options: tuple[Option, ...] = ()
    proposed: tuple[Stage, ...] = ()  # stages the bot proposes when it asks to confirm

    def __str__(self) -> str:
        return self.text
