"""What the bot says: typed messages, so each face can show them its own way."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assessor.continuum import Stage
from assessor.scoring import Profile


class Kind(StrEnum):
    INFO = "info"  # greeting, domain introduction, pause
    QUESTION = "question"
    CONFIRM = "confirm"  # the bot's reading, waiting for yes or another stage
    ACK = "acknowledgement"
    HELP = "help"  # commands, why, levels
    DEFINITION = "definition"  # what a term means, from the glossary; the question stays open
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
class ProfileSummary:
    """What a summary is made of, for a face that shows the profile its own way (the message's
    text has it as a table)."""

    heading: str
    profile: Profile
    closing: tuple[str, ...] = ()  # the overall stage and any caveats, after the profile
    no_consensus: tuple[tuple[str, int], ...] = ()  # per domain id: a workshop's parked questions


@dataclass(frozen=True)
class Definition:
    """A glossary answer's parts: the term as asked, and what the glossary says of it (`term`
    None when the glossary lacks it)."""

    asked: str
    term: str | None = None
    stands_for: str | None = None
    meaning: str = ""
    closing: str = ""  # what happens next: the question is still open

    @property
    def heading(self) -> str:
        """'JSNA (joint strategic needs assessment)', the term alone, or the words asked."""
        if self.term is None:
            return self.asked
        return f"{self.term} ({self.stands_for})" if self.stands_for else self.term


@dataclass(frozen=True)
class BotMessage:
    kind: Kind
    text: str
    question_id: str | None = None
    options: tuple[Option, ...] = ()
    proposed: tuple[Stage, ...] = ()  # stages the bot proposes when it asks to confirm
    summary: ProfileSummary | None = None  # the parts of a SUMMARY message
    definition: Definition | None = None  # the parts of a DEFINITION message
    # a proposal's reason: the person's own words it was read from, as typed (user text: shown
    # literally in the app, visibly on a terminal)
    because: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text
