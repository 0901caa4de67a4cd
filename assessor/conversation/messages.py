"""What the bot says: typed messages, so each face can show them its own way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from assessor.analysis.scoring import Profile
from assessor.continuum import Stage


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
class Entry:
    """One entry of a list the bot gives: what to say, or what is counted ("why", "Governance:
    3 of 9 answered"), and what it does ("why this question matters"; empty for an entry of
    one part). `does` may run on over lines, as the text sets it out for a terminal."""

    what: str
    does: str = ""


@dataclass(frozen=True)
class Listing:
    """A message that is a list (the help, the progress), for a face that sets a list out its
    own way: the lines before it, then its entries. The message's text has it in columns."""

    lead: tuple[str, ...]
    entries: tuple[Entry, ...]


def in_columns(entries: Sequence[Entry], width: int) -> list[str]:
    """Entries as a terminal shows them: indented two, what to say in a column `width` wide
    (one longer is followed by two spaces), then what it does, its further lines beneath."""
    lines = []
    for entry in entries:
        first, *further = entry.does.split("\n")
        what = f"{entry.what:<{width}}" if len(entry.what) < width else f"{entry.what}  "
        lines.append(f"  {what}{first}" if first else f"  {entry.what}")
        lines.extend(" " * (2 + width) + line for line in further)
    return lines


@dataclass(frozen=True)
class BotMessage:
    kind: Kind
    text: str
    question_id: str | None = None
    options: tuple[Option, ...] = ()
    proposed: tuple[Stage, ...] = ()  # stages the bot proposes when it asks to confirm
    summary: ProfileSummary | None = None  # the parts of a SUMMARY message
    definition: Definition | None = None  # the parts of a DEFINITION message
    listing: Listing | None = None  # the parts of a message that is a list (help, progress)
    # a proposal's reason: the person's own words it was read from, as typed (user text: shown
    # literally in the app, visibly on a terminal)
    because: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text

    @classmethod
    def listed(
        cls, kind: Kind, listing: Listing, width: int, question_id: str | None = None
    ) -> BotMessage:
        """A message that is a list, its text set out in columns (`in_columns`)."""
        text = "\n".join([*listing.lead, *in_columns(listing.entries, width)])
        return cls(kind, text, question_id, listing=listing)
