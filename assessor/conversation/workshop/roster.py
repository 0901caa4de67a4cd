"""A workshop's roster: who is in the room, taken before the first question and changed at any
time ('add AB, Council, Early help lead', 'remove AB'), and who has still to rate."""

from __future__ import annotations

from assessor.analysis.workshop import ratings_by_question, self_assessments_used, suggest_people
from assessor.answers import AnswerValue
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.conversation.commands import Command, parse_command
from assessor.conversation.engine import Conversation
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.workshop.help import HELP, HELP_COLUMN
from assessor.conversation.workshop.phrasing import either
from assessor.conversation.workshop.vocabulary import ADD, READY, REMOVE
from assessor.partnership_names import the_partnership
from assessor.person_names import name_problem, person_key
from assessor.store.records import Participant
from assessor.store.store import Store

# The most words a person's name given without 'add' may have: "Dr Jo Anne Reed".
PERSON_NAME_WORDS = 4


class RosterConversation(Conversation):
    """The conversation's part that keeps the roster; `WorkshopConversation` is the whole."""

    def __init__(self, store: Store, assessment_id: str, bank_set: BankSet) -> None:
        # In a room each person rates on their own device, and joins from it too.
        self.blind = False
        super().__init__(store, assessment_id, bank_set)
        self._setting_up = not self.roster()

    @property
    def setting_up(self) -> bool:
        """Taking the roster: nobody in the room yet, or not yet said 'ready'."""
        return self._setting_up

    def defined(self, text: str) -> list[BotMessage] | None:
        """As for one voice, except that someone's initials ("AB?") are not a term to look up."""
        found = super().defined(text)
        parts = found[0].definition if found else None
        people = {person_key(p.name) for p in self._everyone()} if parts is not None else set()
        if parts is not None and parts.term is None and person_key(parts.asked) in people:
            return None
        return found

    def roster(self) -> list[Participant]:
        """Who is in the room now."""
        return self.store.participants(self.assessment.id)

    def _everyone(self) -> list[Participant]:
        """Everyone who has been in the room, those who left included."""
        return self.store.participants(self.assessment.id, include_removed=True)

    def _ratings(self, question_id: str) -> dict[int, AnswerValue | None]:
        """The ratings that count for a question (see `assessor.analysis.workshop.counts`)."""
        mine = self.store.answers(self.assessment.id, voices=True, question_id=question_id)
        return ratings_by_question(mine, self._everyone()).get(question_id, {})

    def _waiting(self) -> list[Participant]:
        """Who in the room has still to rate the current question."""
        if self._setting_up or self.current is None:
            return []
        ratings = self._ratings(self.current.id)
        return [p for p in self.roster() if p.id not in ratings]

    def _names(self) -> str:
        return ", ".join(
            p.name + (f" ({p.organisation})" if p.organisation else "") for p in self.roster()
        )

    def _carried_in(self) -> str:
        used = self_assessments_used(
            self.store.answers(self.assessment.id, voices=True), self._everyone()
        )
        if not used:
            return ""
        listed = "; ".join(
            f"{person} from assessment {assessment_id} ({count} rating{'s' * (count != 1)})"
            for person, assessment_id, count in used
        )
        return f"\nStarted from their own self-assessments: {listed}."

    def start(self) -> list[BotMessage]:
        if self._setting_up and self.blind:
            return [
                BotMessage(
                    Kind.INFO,
                    f"Workshop for {the_partnership(self.assessment.partnership)}. People join "
                    "from their own phone or laptop with the address and the room code; each "
                    "appears here as they join. Add anyone without a device yourself, for "
                    "example: 'add AB, Riverside Council, Early help lead'. Say 'ready' when "
                    "everyone is in.",
                )
            ]
        if self._setting_up:
            return [
                BotMessage(
                    Kind.INFO,
                    f"Workshop for {the_partnership(self.assessment.partnership)}. Who is in the "
                    "room? Add each person with their organisation and role, for example: "
                    "'add AB, Riverside Council, Early help lead'. Say 'ready' when everyone is "
                    "in.",
                )
            ]
        opening = super().start()
        opening[0] = BotMessage(
            Kind.INFO,
            opening[0].text
            + f"\nIn the room: {self._names()}. For each question everyone rates it, "
            "we look at the spread, and you agree one answer." + self._carried_in(),
        )
        return opening

    def _setting_up_reply(self, text: str, stripped: str) -> list[BotMessage]:
        if stripped in READY:
            if not self.roster():
                return [BotMessage(Kind.ERROR, "Add at least one person first: 'add AB, Council'.")]
            self._setting_up = False
            return self.start()
        command = parse_command(text)
        if command is not None and command.command is Command.HELP:
            return [BotMessage.listed(Kind.HELP, HELP, HELP_COLUMN)]
        if command is not None and command.command is Command.PAUSE:
            return self.pause()  # stop before anyone is asked anything
        if _looks_like_a_person(text):  # "AB, Riverside Council": 'add' left out
            return self._add(text)
        waiting = "wait for people to join, or add" if self.blind else "add"
        return [
            BotMessage(
                Kind.ERROR,
                f"Nobody was added from that line. Say 'ready' to start, or {waiting} people "
                "with 'add NAME, ORGANISATION, ROLE'.",
            )
        ]

    def _roster_change(self, text: str) -> list[BotMessage] | None:
        if match := ADD.match(text):
            return self._add(match.group(1))
        if match := REMOVE.match(text):
            return self._remove(match.group(1).strip())
        return None

    def _add(self, entry: str) -> list[BotMessage]:
        parts = [part.strip() for part in entry.split(",")]
        name = parts[0]
        if not name:
            example = "add AB, Council, Early help lead"
            return [BotMessage(Kind.ERROR, f"Add whom? For example: {example}")]
        if problem := name_problem(name):
            return [BotMessage(Kind.ERROR, f"{name} cannot be added: {problem}.")]
        if any(person_key(p.name) == person_key(name) for p in self.roster()):
            return [
                BotMessage(
                    Kind.ERROR,
                    f"{name} is already in the room; give a newcomer other initials or their "
                    "full name.",
                )
            ]
        returning = [p for p in self._everyone() if person_key(p.name) == person_key(name)]
        if returning:
            person = returning[-1]
            self.store.restore_participant(self.assessment.id, person.id)
            return [
                BotMessage(
                    Kind.ACK,
                    f"Welcome back, {person.name}"
                    + (f" ({person.organisation})" if person.organisation else "")
                    + f": their ratings count again. In the room: {self._names()}.",
                )
            ]
        organisation = parts[1] if len(parts) > 1 else ""
        role = ", ".join(parts[2:]) if len(parts) > 2 else ""
        self.store.add_participant(self.assessment.id, name, organisation, role)
        return [
            BotMessage(
                Kind.ACK,
                f"Added {name}"
                + (f" ({organisation})." if organisation else ".")
                + f" In the room: {self._names()}.",
            )
        ]

    def _remove(self, name: str) -> list[BotMessage]:
        """Only an exact name or initials removes someone; a near miss is asked about."""
        roster = self.roster()
        exact = [p for p in roster if p.name.lower() == " ".join(name.lower().split())]
        if not exact:
            if any(p.name.lower() == name.lower() for p in self._everyone()):
                return [BotMessage(Kind.ERROR, f"{name} has already left.")]
            guesses = [p.name for p in suggest_people(name, roster)]
            if len(guesses) == 1:
                return [
                    BotMessage(
                        Kind.ERROR,
                        f"No one is called {name}; did you mean {guesses[0]}? Say 'remove "
                        f"{guesses[0]}' to confirm.",
                    )
                ]
            if guesses:
                return [
                    BotMessage(
                        Kind.ERROR,
                        f"No one is called {name}; did you mean {either(guesses)}? Say 'remove' "
                        "with the name.",
                    )
                ]
            room = self._names() or "nobody"
            return [BotMessage(Kind.ERROR, f"No one is called {name}. In the room: {room}.")]
        person = exact[0]
        last_to_rate = self._waiting() == [person]
        self.store.remove_participant(person.id)
        left = BotMessage(
            Kind.ACK,
            f"{person.name} has left: their ratings on questions already agreed stay on "
            f"record; open questions go on without them. In the room: "
            f"{self._names() or 'nobody'}.",
        )
        question = self.current
        if last_to_rate and question is not None and self._ratings(question.id):
            return [left, *self._discussion(question)]  # everyone left in the room has rated
        return [left]

    def _discussion(self, question: Question) -> list[BotMessage]:
        """The spread and a proposal, once everyone in the room has rated (`RatingConversation`
        shows it)."""
        raise NotImplementedError


def _looks_like_a_person(line: str) -> bool:
    """A roster line given without 'add': a short name, then a comma and the organisation, as
    in the example shown ('AB, Riverside Council, Early help lead'). Only while the roster is
    taken: later, a line with commas is ratings ('AB 3, CD 4')."""
    name, comma, rest = line.partition(",")
    name = name.strip()
    return (
        bool(comma and rest.strip())
        and name_problem(name) is None
        and len(name.split()) <= PERSON_NAME_WORDS
    )
