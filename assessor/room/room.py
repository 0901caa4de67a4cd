"""A workshop's room: people join from their own devices and rate the current question there,
blind until the reveal; the facilitator's conversation runs the workshop as before.

Everything goes through the workshop's conversation and the store, so a room's ratings are the
workshop's ratings (reports, spreads and comparisons read them unchanged), each committed before
the device is told it is saved. What a device may see is decided here, once: before the reveal
only the current question, the viewer's own rating and how many have rated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from assessor.analysis.workshop import counted_voices
from assessor.banks.models import Question
from assessor.conversation.engine import Conversation
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.workshop import WorkshopConversation, read_as_something_else
from assessor.person_names import looks_like_key, name_problem
from assessor.room.checks import (
    COMMENT_LIMIT,
    NAME_LIMIT,
    ORGANISATION_LIMIT,
    Refused,
    control_free,
    name_shape,
    on_this_computer,
    one_line,
)
from assessor.room.choices import choice_label, choice_of, rating_of, value_of
from assessor.room.keys import (
    new_code,
    new_secret,
    new_signing_key,
    participant_in,
    same_code,
    token_for,
)
from assessor.room.limits import Limiter
from assessor.room.sectors import SECTOR_SHORT, sector_named
from assessor.room.showing import note_for, person_view, phase_of, question_view, reveal_of
from assessor.room.views import (
    CHOICES,
    FacilitatorView,
    Mine,
    ParticipantView,
    Phase,
    QuestionView,
    Reveal,
    RosterEntry,
    RosterState,
)
from assessor.store.records import Answer, AnswerFacts, Participant, RoomKeys

# The limits and Refused live in `checks`; the room's web server and the tests import them
# from here too.
__all__ = [
    "COMMENT_LIMIT",
    "JOINS_PER_MINUTE",
    "NAME_LIMIT",
    "ORGANISATION_LIMIT",
    "RATINGS_PER_MINUTE",
    "WRONG_CODES_PER_MINUTE",
    "Joined",
    "Refused",
    "Room",
]

AWAY_AFTER = 45.0  # seconds without a word from a device before its person shows as away
JOINS_PER_MINUTE = 60  # per client address: a room's worth of people behind one address
WRONG_CODES_PER_MINUTE = 10  # per client address: the short code cannot be guessed by trying
RATINGS_PER_MINUTE = 30  # per person
ROOM_LIMIT = 200  # people in one room
# People one address on the network may bring into the room: a laptop shared by a few, not a
# script filling the roster. The facilitator's own computer (loopback) is not counted: whoever
# sits at it can add people anyway.
PEOPLE_PER_ADDRESS = 4


@dataclass(frozen=True)
class Joined:
    participant: Participant
    token: str


Listener = Callable[[list[BotMessage]], None]


@dataclass(frozen=True)
class _Shared:
    """What every device's view of one version of the room shares."""

    version: int
    phase: Phase
    roster: list[Participant]
    question: QuestionView | None
    counted: dict[int, Answer]  # the current question's ratings that count, by participant
    rated: int
    reveal: Reveal | None


class Room:
    """One workshop's room, over its conversation (which the facilitator drives) and store."""

    def __init__(
        self,
        conversation: WorkshopConversation,
        keys: RoomKeys,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.conversation = conversation
        self.keys = keys
        self.version = 1
        self.closed = False
        self._clock = clock
        self._listeners: list[Listener] = []
        self._memo: _Shared | None = None
        self._last_seen: dict[int, float] = {}
        self._joins = Limiter(JOINS_PER_MINUTE, clock)
        self._wrong_codes = Limiter(WRONG_CODES_PER_MINUTE, clock)
        self._ratings = Limiter(RATINGS_PER_MINUTE, clock)
        self._joined_from: dict[str, int] = {}
        conversation.rate_blind()

    @classmethod
    def open(cls, conversation: Conversation, clock: Callable[[], float] = time.monotonic) -> Room:
        """The workshop's room, with the keys it had if it was opened before (so everyone's
        token still works after the facilitator's process stopped), else new ones."""
        store, assessment = conversation.store, conversation.assessment
        if not isinstance(conversation, WorkshopConversation):
            raise ValueError(f"assessment {assessment.id} is not a workshop")
        keys = store.keep_room_keys(assessment.id, new_secret(), new_code(), new_signing_key())
        return cls(conversation, keys, clock)

    # -- telling the faces --------------------------------------------------------------------

    def listen(self, listener: Listener) -> None:
        """Call `listener` after every change, with what the facilitator should read (often
        nothing: a new rating changes the panel, not the transcript)."""
        self._listeners.append(listener)

    def _changed(self, messages: list[BotMessage] | None = None) -> None:
        self.version += 1
        for listener in list(self._listeners):
            listener(list(messages or []))

    def reply(self, text: str) -> list[BotMessage]:
        """The facilitator's line, read by the workshop's conversation; every device then sees
        where the workshop is (a reveal, the next question)."""
        messages = self.conversation.reply(text)
        self._changed()
        return messages

    def close(self) -> None:
        """No more joining or rating: the workshop ended or paused."""
        if not self.closed:
            self.closed = True
            self._changed()

    # -- who is who ---------------------------------------------------------------------------

    @property
    def _assessment_id(self) -> str:
        return self.conversation.assessment.id

    def join(self, code: str, name: str, organisation: str, sector: str, client: str) -> Joined:
        """Someone joins from a device: the short code from the facilitator's screen, their
        name or initials, organisation and sector. Refused when the room is closed, the code is
        wrong, the name is taken or unusable, or the client knocks too often."""
        if self.closed:
            raise Refused(410, "This room has closed: the workshop has ended or paused.")
        if not self._joins.allow(client):
            raise Refused(429, "Too many joins from this device: wait a minute and try again.")
        if not same_code(code, self.keys.code):
            if not self._wrong_codes.allow(client):
                raise Refused(429, "Too many wrong codes: wait a minute and try again.")
            raise Refused(403, "That is not this room's code: check the facilitator's screen.")
        name = one_line(name, NAME_LIMIT, "The name")
        organisation = one_line(organisation, ORGANISATION_LIMIT, "The organisation")
        if problem := name_problem(name) or name_shape(name) or read_as_something_else(name):
            raise Refused(400, f"That name cannot be used: {problem}.")
        if not organisation:
            raise Refused(400, "Give your organisation, so the room can see who says what.")
        chosen = sector_named(sector)
        if chosen is None:
            raise Refused(400, "Choose your sector from the list.")
        roster = self.conversation.roster()
        if any(looks_like_key(p.name) == looks_like_key(name) for p in roster):
            raise Refused(
                409,
                f"Someone in the room is already called {name}: add your surname or another "
                "initial.",
            )
        if len(roster) >= ROOM_LIMIT:
            raise Refused(409, f"This room is full ({ROOM_LIMIT} people).")
        counted = not on_this_computer(client)
        if counted and self._joined_from.get(client, 0) >= PEOPLE_PER_ADDRESS:
            raise Refused(
                429,
                f"{PEOPLE_PER_ADDRESS} people have already joined from this device: ask the "
                "facilitator to add anyone else.",
            )
        store = self.conversation.store
        person = store.add_participant(self._assessment_id, name, organisation, "", chosen)
        if counted:
            self._joined_from[client] = self._joined_from.get(client, 0) + 1
        self._last_seen[person.id] = self._clock()
        where = f" ({organisation}, {SECTOR_SHORT[chosen]})" if organisation else ""
        self._changed(
            [BotMessage(Kind.ACK, f"{person.name}{where} joined the room on their own device.")]
        )
        return Joined(person, token_for(self.keys.signing_key, self._assessment_id, person.id))

    def participant(self, token: str | None) -> Participant:
        """The person a token is for, if they are in this room now."""
        if self.closed:
            raise Refused(410, "This room has closed: the workshop has ended or paused.")
        return self._one_of(self.conversation.roster(), token)

    def _one_of(self, roster: list[Participant], token: str | None) -> Participant:
        found = participant_in(token or "", self.keys.signing_key, self._assessment_id)
        if found is None:
            raise Refused(401, "Join the room first, with the code on the facilitator's screen.")
        for person in roster:
            if person.id == found:
                self._last_seen[person.id] = self._clock()
                return person
        raise Refused(
            403, "The facilitator has taken you off the roster: ask them to add you again."
        )

    def remove(self, participant_id: int) -> list[BotMessage]:
        """The facilitator takes someone off the roster (their token stops working)."""
        for person in self.conversation.roster():
            if person.id == participant_id:
                return self.reply(f"remove {person.name}")
        return [BotMessage(Kind.ERROR, "That person is no longer in the room.")]

    # -- rating -------------------------------------------------------------------------------

    def rate(self, token: str | None, question_id: str, choice: str, comment: str) -> Answer:
        """Save a person's rating of the current question (a change replaces it), committed
        before this returns; once everyone in the room has rated, the spread is revealed."""
        person = self.participant(token)
        question = self.conversation.current
        if self.conversation.setting_up or question is None:
            raise Refused(409, "There is no question to rate yet.")
        if question_id != question.id:
            raise Refused(409, "The workshop has moved on to another question: here it is.")
        if self.conversation.revealed(question.id):
            raise Refused(
                409, "The ratings have been revealed: say in the room if you see it differently."
            )
        if choice not in CHOICES:
            raise Refused(400, "Choose one of the five stages, Not sure or N/A.")
        if not self._ratings.allow(str(person.id)):
            raise Refused(429, "Too many changes: wait a minute and try again.")
        note = control_free(comment, keep_newlines=True).strip()
        if len(note) > COMMENT_LIMIT:
            raise Refused(400, f"The comment is too long: at most {COMMENT_LIMIT} characters.")
        saved = self.conversation.store.record_answer(
            self._assessment_id,
            question.id,
            value_of(choice),
            words=f"rated on own device: {choice_label(choice)}",
            note=note,
            participant_id=person.id,
            changed_by=person.name,
            facts=AnswerFacts(on_device=True),
        )
        messages: list[BotMessage] = []
        if not self._waiting(question):
            messages = [
                BotMessage(Kind.INFO, "Everyone in the room has rated.", question.id),
                *self.conversation.reply("reveal"),
            ]
        self._changed(messages)
        return saved

    def _counted(self, question: Question) -> dict[int, Answer]:
        """The ratings of a question that count, by participant."""
        store = self.conversation.store
        voices = [
            a
            for a in store.answers(self._assessment_id, voices=True, question_id=question.id)
            if a.participant_id is not None
        ]
        everyone = store.participants(self._assessment_id, include_removed=True)
        return {
            a.participant_id: a
            for a in counted_voices(voices, everyone)
            if a.participant_id is not None
        }

    def _waiting(self, question: Question) -> list[Participant]:
        rated = self._counted(question)
        return [p for p in self.conversation.roster() if p.id not in rated]

    # -- what each device sees ----------------------------------------------------------------

    def _reveal(self, question: Question) -> Reveal:
        everyone = self.conversation.store.participants(self._assessment_id, include_removed=True)
        return reveal_of(self._counted(question), everyone)

    def _shared(self) -> _Shared:
        """What every device's view of this version of the room shares, worked out once per
        version: after each change forty devices ask, and the store is read once, not forty
        times. Every change to the room goes through it (`_changed` raises the version)."""
        if self._memo is not None and self._memo.version == self.version:
            return self._memo
        phase = phase_of(self.conversation, self.closed)
        question = self.conversation.current if phase in ("rating", "revealed") else None
        roster = self.conversation.roster()
        counted = self._counted(question) if question is not None else {}
        self._memo = _Shared(
            version=self.version,
            phase=phase,
            roster=roster,
            question=question_view(self.conversation) if question is not None else None,
            counted=counted,
            rated=len([p for p in roster if p.id in counted]),
            reveal=self._reveal(question) if question and phase == "revealed" else None,
        )
        return self._memo

    def participant_view(self, token: str | None) -> ParticipantView:
        """What one person's device shows: the current question and their own rating; the
        spread only once revealed."""
        if self.closed:
            raise Refused(410, "This room has closed: the workshop has ended or paused.")
        shared = self._shared()
        person = self._one_of(shared.roster, token)
        mine = None
        if (own := shared.counted.get(person.id)) is not None:
            choice = choice_of(rating_of(own))
            mine = Mine(choice=choice, label=choice_label(choice), comment=own.note)
        return ParticipantView(
            version=self.version,
            phase=shared.phase,
            you=person_view(person),
            question=shared.question,
            mine=mine,
            rated=shared.rated,
            of=len(shared.roster),
            reveal=shared.reveal,
            note=note_for(shared.phase, mine is not None),
        )

    def facilitator_view(self) -> FacilitatorView:
        """The facilitator's panel: who has rated and who has not, never what, until the
        reveal; then the spread."""
        phase = phase_of(self.conversation, self.closed)
        question = self.conversation.current if phase in ("rating", "revealed") else None
        counted = self._counted(question) if question else {}
        now = self._clock()
        roster = []
        for person in self.conversation.roster():
            on_device = bool(person.sector)  # only a join from a device sets the sector
            seen = self._last_seen.get(person.id)
            state: RosterState
            if person.id in counted:
                state = "rated"
            elif on_device and (seen is None or now - seen > AWAY_AFTER):
                state = "away"
            else:
                state = "not yet"
            roster.append(
                RosterEntry(
                    id=person.id, person=person_view(person), state=state, on_device=on_device
                )
            )
        return FacilitatorView(
            version=self.version,
            phase=phase,
            code=self.keys.code,
            question=question_view(self.conversation) if question else None,
            roster=roster,
            rated=len([r for r in roster if r.state == "rated"]),
            of=len(roster),
            reveal=self._reveal(question) if question and phase == "revealed" else None,
        )
