"""What a device in the room is shown, as data: the participant's page and the facilitator's
panel are drawn from these, and the page's script reads them as JSON.

Before the reveal nothing here carries another person's rating, nor a count by stage: only
the current question, the viewer's own rating, and how many have rated.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Phase = Literal["waiting", "rating", "revealed", "finished", "closed"]
RosterState = Literal["rated", "not yet", "away"]
# A rating's value as a form sends it: a stage's number, or one of the specials.
CHOICES: tuple[str, ...] = ("1", "2", "3", "4", "5", "dont-know", "not-applicable")
CHOICE_LABELS: dict[str, str] = {"dont-know": "Not sure", "not-applicable": "N/A"}


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Level(_View):
    number: int
    name: str  # "Coordination"
    descriptor: str  # what a visitor would see at this stage, for this question


class QuestionView(_View):
    id: str
    domain: str  # the bank's title
    text: str
    levels: list[Level]


class Person(_View):
    name: str
    organisation: str
    sector: str  # a stored sector value ('' when the facilitator added them)
    sector_label: str  # "VCS"; '' when not known


class Mine(_View):
    """The viewer's own rating of the current question."""

    choice: str  # one of CHOICES
    label: str  # "3 Coordination", "Not sure"
    comment: str


class Dot(_View):
    """One person's rating, after the reveal."""

    person: Person
    stage: int | None  # None: not sure, not applicable or abstained
    label: str  # "3 Coordination", "Not sure", "abstains"


class Comment(_View):
    name: str
    text: str


class Reveal(_View):
    """The spread of one question, shown to everyone once revealed."""

    dots: list[Dot]  # on the continuum, lowest first
    off_continuum: list[Dot]  # not sure, n/a, abstained
    median: int | None
    median_name: str
    flags: list[str]  # a wide spread, an organisation apart, a proposal resting on one voice
    comments: list[Comment]


class ParticipantView(_View):
    version: int
    phase: Phase
    you: Person
    question: QuestionView | None
    mine: Mine | None
    rated: int  # how many in the room have rated the current question
    of: int  # how many are in the room
    reveal: Reveal | None
    note: str  # one sentence saying what is happening


class RosterEntry(_View):
    id: int
    person: Person
    state: RosterState
    on_device: bool  # joined from a device (else added by the facilitator)


class FacilitatorView(_View):
    version: int
    phase: Phase
    code: str
    question: QuestionView | None
    roster: list[RosterEntry]
    rated: int
    of: int
    reveal: Reveal | None
