"""The workshop conversation: each question rated by everyone in the room, then agreed.

The same engine as an individual assessment, with two phases per question: ratings (one by one
or on one line), then the spread and an agreed stage with a rationale. The individual ratings
and the dissent stay on record; the agreed answer is what scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assessor.answers import AnswerValue, Special
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.commands import Command, parse_command
from assessor.conversation.engine import (
    Conversation,
    State,
    options_for,
    proposal_message,
    summary_message,
)
from assessor.conversation.interpret import Decision, Reading, interpret
from assessor.conversation.messages import BotMessage, Entry, Kind, Listing
from assessor.partnership_names import the_partnership
from assessor.person_names import name_problem, person_key
from assessor.scoring import profile
from assessor.store.errors import StaleRatings
from assessor.store.records import Answer, AnswerFacts, Participant
from assessor.store.store import Store
from assessor.words.text import normalise
from assessor.workshop import (
    NO_CONSENSUS,
    SECTOR_WORDS,
    Parsed,
    Rating,
    Spread,
    describe,
    parse_ratings,
    ratings_by_question,
    said,
    self_assessments_used,
    spread_of,
    suggest_people,
    value_of,
)

_ADD = re.compile(r"^\s*add\s+(.+)$", re.IGNORECASE)
_REMOVE = re.compile(r"^\s*remove\s+(.+)$", re.IGNORECASE)
_READY = frozenset(
    {"ready", "start", "go", "begin", "done", "that's everyone", "thats everyone", "all here"}
)
# Said while the roster is taken, these are not a person's name (the app adds a person for
# any other line): the words that start the workshop, and the commands that mean something then.
ROSTER_WORDS = _READY | {"help", "pause", "quit"}
_ALL_RATED = {"done", "that's everyone", "thats everyone", "that's all", "next", "discuss"}
# Said in a room (everyone rating on their own device): show the spread now.
_REVEAL = {"reveal", "reveal ratings", "reveal the ratings", "show ratings", "show the ratings"}
_PARK = {"no consensus", "park", "park it", "parked", "disagree", "we disagree", "can't agree"}
# Commands that only look something up: said while a proposal waits, it keeps waiting.
_LOOKING = {
    Command.HELP,
    Command.WHY,
    Command.LEVELS,
    Command.EXPLAIN,
    Command.PROGRESS,
    Command.SUMMARY,
}
_AGREE = re.compile(r"^\s*(?:we\s+)?agree(?:d)?\b[\s:,-]*(.*)$", re.IGNORECASE | re.DOTALL)
_MEDIAN = re.compile(
    r"^(?:on\s+|to\s+)?(?:the\s+)?(?:median|proposal|proposed|that|it|yours)\b", re.IGNORECASE
)
_REASON = re.compile(r"^\s*(?:\bbecause\b|\bsince\b|\bas\b|[-\u2013\u2014:;,])\s*", re.IGNORECASE)
_BECAUSE = re.compile(r"\s*(?:\bbecause\b|\bsince\b|\bas\b|[-\u2013\u2014:;,])\s*", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?\b")

HELP_COLUMN = 18  # the width of the workshop help's first column on a terminal
HELP = Listing(
    (
        "In a workshop everyone rates each question, we look at the spread, and you agree one "
        "answer.",
    ),
    (
        Entry("AB 3, CD 4", "rate for people by initials or name, one or many on a line"),
        Entry(
            "3",
            "a rating with no name is for the next person still to rate (in a\n"
            "room: without a device; after the reveal, 3 is the stage agreed)",
        ),
        Entry(
            "health 3",
            "rate for everyone from an organisation or sector (council, health,\n"
            "education, early years, voluntary)",
        ),
        Entry("EF abstain", "someone abstains;  'GH not sure' records don't know"),
        Entry(
            "EF thinks it's 4",
            "in words too ('CD: we only swap newsletters'); unclear ones are asked",
        ),
        Entry("add AB, ORG, ROLE", "someone joins;  'remove AB' someone leaves"),
        Entry(
            "done",
            "discuss with the ratings given so far (asks first while someone\nhas still to rate)",
        ),
        Entry("reveal", "in a room: show the spread now (it shows itself once all have rated)"),
        Entry("agree", "take the proposed median"),
        Entry("agree 3 because …", "agree another stage, with the reason (the rationale)"),
        Entry("agree because …", "take the median, with the reason"),
        Entry("no consensus", "park the question; the plan asks you to agree a shared view"),
        Entry("back", "revisit the previous question"),
        Entry("skip", "leave this question for now"),
        Entry("why / levels", "why it matters / what each stage looks like here"),
        Entry("note TEXT", "add evidence to the answer just agreed"),
        Entry("what is JSNA?", "what a term means; the question stays open"),
        Entry("progress / summary", "how far we are / the agreed profile so far"),
        Entry("pause", "save and stop; carry on later with 'assessor resume'"),
    ),
)


# Words that run the workshop when typed alone: a person with one of them as their name could
# never be rated by name ("done 4" would be read as 'done').
_RUNS_THE_WORKSHOP = (
    _READY | _ALL_RATED | _PARK | _REVEAL | {"agree", "agreed", "add", "remove", "abstain"}
)


def read_as_something_else(name: str) -> str | None:
    """Why a name joining from a device would be read as something other than that person in
    the facilitator's lines ('council 2' rates every council member, '3' is a rating, 'skip'
    a command), or None."""
    said = " ".join(normalise(name).lower().split()).rstrip(".!?")
    if not isinstance(value_of(said), str) or any(w in "12345" for w in said.split()):
        return "it would be read as a rating"
    if said in SECTOR_WORDS:
        return "it would be read as everyone from that sector"
    if said in _RUNS_THE_WORKSHOP or parse_command(said, confirming=True) is not None:
        return "it is one of the words that run the workshop"
    return None


def bare_rating(text: str) -> bool:
    """A rating with no name, as the workshop reads one after a name: a stage's number or name
    ("3", "coord"), not sure ("dunno"), n/a, abstain. A command ("?" for help) is not one."""
    return parse_command(text) is None and not isinstance(value_of(text), str)


def rests_on(spread: Spread) -> str:
    """A sentence when the ratings on the continuum come from one person or one organisation
    alone (so the room knows what the proposal stands on), else ''."""
    placed = [p for p, a in spread.given if a is not None and a.stage is not None]
    if len(placed) == 1:
        return (
            f"This rests on one person: only {placed[0].name} placed it on the continuum, so "
            "the proposal is theirs alone."
        )
    organisations = {p.organisation.strip().casefold() for p in placed}
    if len(placed) > 1 and len(organisations) == 1 and placed[0].organisation.strip():
        return (
            f"This rests on one organisation: everyone who placed it on the continuum "
            f"({_listed([p.name for p in placed])}) is from {placed[0].organisation.strip()}."
        )
    return ""


def names_a_person(line: str) -> bool:
    """Whether a line said while the roster is taken names someone to add: not 'add' or
    'remove' (which say so themselves), and none of the `ROSTER_WORDS`."""
    said = " ".join(line.lower().split()).rstrip(".!")
    return bool(said) and said.split()[0] not in ("add", "remove") and said not in ROSTER_WORDS


@dataclass(frozen=True)
class _Proposal:
    """A person's part of a line that was not clear: the stage it was read as, put back to the
    room before anything is saved for them."""

    question_id: str
    people: tuple[Participant, ...]
    whom: str  # their name (or the organisation or sector named for several)
    words: str  # what was said for them, as typed: their note once rated
    reading: Reading
    line: str  # the whole line it came from


class WorkshopConversation(Conversation):
    MINUTES_PER_QUESTION = 4.0  # rating, discussion and agreement take longer than one voice
    HINT = (
        "Rate it one person at a time or on one line ('AB 3, CD 4, EF 2', or 'health 3' for "
        "everyone from an organisation); 'abstain' and 'not sure' are fine. 'help' lists "
        "everything you can say."
    )

    ROOM_HINT = (
        "Everyone rates on their own device; no rating is shown until you say 'reveal' or "
        "everyone has rated. For someone without a device, type theirs ('AB 3'). 'help' lists "
        "everything you can say."
    )

    def __init__(self, store: Store, assessment_id: str, bank_set: BankSet) -> None:
        # per question: each participant's rating revision, and the ratings, as last shown to the
        # room (a line or an agreement based on an older view is refused, not applied)
        self._ratings_seen: dict[str, dict[int, int]] = {}
        self._shown: dict[str, dict[int, AnswerValue | None]] = {}
        self._proposals: list[_Proposal] = []  # parts of a line put back to the room, in order
        # (question id, participant id): words said for someone and not yet saved with a rating
        # (a proposal answered with another line): their note once they are rated
        self._unsaved_words: dict[tuple[str, int], str] = {}
        # the question on which 'done' was said before everyone had rated: asked whether to
        # discuss without them, answered by the next line
        self._discuss_asked: str | None = None
        # In a room each person rates on their own device and nobody sees a rating before the
        # reveal, the facilitator included: the questions whose spread has been shown.
        self.blind = False
        self._revealed: set[str] = set()
        super().__init__(store, assessment_id, bank_set)
        self._setting_up = not self.roster()

    def _minutes_to_go(self) -> float:
        return self._at_most_remaining() * self.MINUTES_PER_QUESTION

    def _defined(self, text: str) -> list[BotMessage] | None:
        """As for one voice, except that someone's initials ("AB?") are not a term to look up."""
        found = super()._defined(text)
        parts = found[0].definition if found else None
        people = {person_key(p.name) for p in self._everyone()} if parts is not None else set()
        if parts is not None and parts.term is None and person_key(parts.asked) in people:
            return None
        return found

    def rate_blind(self) -> None:
        """Run the workshop as a room: each person rates on their own device, and no rating is
        shown (to the facilitator either) until 'reveal' or until everyone has rated."""
        self.blind = True
        self.HINT = self.ROOM_HINT

    def revealed(self, question_id: str) -> bool:
        """Whether the question's ratings may be seen: always, unless the workshop is run as a
        room (`blind`) and its spread has not been shown yet."""
        return not self.blind or question_id in self._revealed

    @property
    def setting_up(self) -> bool:
        """Taking the roster: nobody in the room yet, or not yet said 'ready'."""
        return self._setting_up

    # -- the roster ---------------------------------------------------------------------------

    def roster(self) -> list[Participant]:
        """Who is in the room now."""
        return self.store.participants(self.assessment.id)

    def _everyone(self) -> list[Participant]:
        """Everyone who has been in the room, those who left included."""
        return self.store.participants(self.assessment.id, include_removed=True)

    def _ratings(self, question_id: str) -> dict[int, AnswerValue | None]:
        """The ratings that count for a question (see `assessor.workshop.counts`)."""
        mine = self.store.answers(self.assessment.id, voices=True, question_id=question_id)
        return ratings_by_question(mine, self._everyone()).get(question_id, {})

    def _show(self, question_id: str) -> dict[int, AnswerValue | None]:
        """The ratings as they are in the store now, taken as shown to the room: what the next
        line and the next agreement on this question are based on."""
        mine = self.store.answers(self.assessment.id, voices=True, question_id=question_id)
        self._ratings_seen[question_id] = {
            a.participant_id: a.revision for a in mine if a.participant_id is not None
        }
        shown = ratings_by_question(mine, self._everyone()).get(question_id, {})
        self._shown[question_id] = shown
        return shown

    def _where_it_stands(self, question: Question) -> list[BotMessage]:
        """The ratings now: the spread once everyone in the room has rated, else who has."""
        ratings = self._ratings(question.id)
        if ratings and all(p.id in ratings for p in self.roster()):
            return self._discussion(question)
        return [BotMessage(Kind.INFO, self._so_far(question.id) or self.HINT, question.id)]

    def _roster_change(self, text: str) -> list[BotMessage] | None:
        if match := _ADD.match(text):
            return self._add(match.group(1))
        if match := _REMOVE.match(text):
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
                        f"No one is called {name}; did you mean {_or(guesses)}? Say 'remove' "
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
        question = self._current
        if last_to_rate and question is not None and self._ratings(question.id):
            return [left, *self._discussion(question)]  # everyone left in the room has rated
        return [left]

    def _waiting(self) -> list[Participant]:
        """Who in the room has still to rate the current question."""
        if self._setting_up or self._current is None:
            return []
        ratings = self._ratings(self._current.id)
        return [p for p in self.roster() if p.id not in ratings]

    def next_to_rate(self) -> Participant | None:
        """Whom the next bare rating is for: the person whose words were put back to the room,
        else who in the room has not rated the current question yet (None when all have). In a
        room, only someone without a device of their own, and nobody once the spread is shown:
        the others rate on their devices, and the facilitator's buttons then agree."""
        if (proposal := self._proposal()) is not None:
            return proposal.people[0]
        waiting = self._waiting()
        if self.blind and self._current is not None:
            shown = self.revealed(self._current.id)
            waiting = [] if shown else [p for p in waiting if not p.sector]
        return next(iter(waiting), None)

    def rating_on_devices(self) -> list[Participant]:
        """In a room before the reveal: who is still to rate the question on their own device."""
        if not self.blind or self._current is None or self.revealed(self._current.id):
            return []
        return [p for p in self._waiting() if p.sector]

    def _proposal(self) -> _Proposal | None:
        """The part of a line put back to the room, while its question is the current one."""
        if self._proposals and self._current and self._proposals[0].question_id == self._current.id:
            return self._proposals[0]
        return None

    @property
    def state(self) -> State:
        state = super().state
        if (proposal := self._proposal()) is not None:
            return replace(state, proposed=tuple(s for s, _ in proposal.reading.candidates))
        return state

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

    # -- the flow -----------------------------------------------------------------------------

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

    def _ask(self, question: Question) -> list[BotMessage]:
        messages = super()._ask(question)
        ratings = self._show(question.id)
        waiting = [p for p in self.roster() if p.id not in ratings]
        if ratings and not waiting:
            return messages + self._discussion(question)
        if ratings:
            messages.append(BotMessage(Kind.INFO, self._so_far(question.id), question.id))
        return messages

    def _so_far(self, question_id: str) -> str:
        if not self.revealed(question_id):
            return self._so_far_blind(question_id)
        ratings = self._show(question_id)
        given = ", ".join(
            f"{p.name} {said(ratings[p.id])}" for p in self._everyone() if p.id in ratings
        )
        waiting = ", ".join(p.name for p in self.roster() if p.id not in ratings)
        text = f"So far: {given}." if given else ""
        return (text + f" Still to rate: {waiting}.").strip() if waiting else text

    def _comments(self, question_id: str, given: list[Participant]) -> list[str]:
        """The comments left with the ratings that count, by name: in a room they are typed on
        each device and read by the room only now."""
        notes = {
            a.participant_id: a.note
            for a in self.store.answers(self.assessment.id, voices=True, question_id=question_id)
            if a.participant_id is not None and a.note.strip()
        }
        said = [f"  {p.name}: {' '.join(notes[p.id].split())}" for p in given if p.id in notes]
        return ["Comments:", *said] if said else []

    def _so_far_blind(self, question_id: str) -> str:
        """Who has rated and who has not, never what: the room's ratings stay hidden until the
        reveal."""
        ratings = self._ratings(question_id)
        rated = [p.name for p in self._everyone() if p.id in ratings]
        waiting = [p.name for p in self.roster() if p.id not in ratings]
        text = f"Rated ({len(rated)}): {', '.join(rated)}." if rated else "Nobody has rated yet."
        if waiting:
            text += f" Still to rate: {', '.join(waiting)}."
        return text + " Say 'reveal' to show the spread."

    def _discussion(self, question: Question) -> list[BotMessage]:
        self._revealed.add(question.id)
        spread = spread_of(self._show(question.id), self._everyone())
        lines = describe(spread)
        if self.blind and (waiting := self._waiting()):
            lines.insert(0, f"Revealed without {_listed([p.name for p in waiting])}.")
        if resting := rests_on(spread):
            lines.append(resting)
        if self.blind:
            lines += self._comments(question.id, [p for p, _ in spread.given])
        if spread.flagged and spread.low and spread.high:
            disputed = [
                s
                for s in Stage
                if spread.low.value_number <= s.value_number <= spread.high.value_number
            ]
            lines.append("What those stages look like here:")
            lines += [
                f"  {s.value_number} {s.label}: {question.levels.for_stage(s)}" for s in disputed
            ]
        if spread.median is not None:
            lines.append(
                f"What do you agree? I'd propose {spread.median.value_number} "
                f"({spread.median.value}), the median. Say 'agree' to take it, or 'agree 3 "
                "because ...' with your own, or 'no consensus' to park it."
            )
        else:
            lines.append("Say 'agree 3 because ...', or 'no consensus' to park it, or 'skip'.")
        proposed = (spread.median,) if spread.median else ()
        return [
            BotMessage(Kind.CONFIRM, "\n".join(lines), question.id, options_for(question), proposed)
        ]

    def _finish(self) -> list[BotMessage]:
        """The agreed profile, with questions parked without consensus counted as such."""
        self._refresh()
        if self.assessment.status != "complete":
            self.assessment = self.store.set_status(self.assessment.id, complete=True)
        result = profile(self.bank_set, self._answers)
        parked = self._parked_by_domain()
        lines = []
        if result.overall_stage is not None:
            lines.append(
                f"Overall: {result.overall_stage.value} ({result.overall:.1f} of 5), from "
                f"{result.answered} of {result.asked} questions agreed on a stage."
            )
        if sum(parked.values()):
            count = sum(parked.values())
            lines.append(
                f"{count} question{'s were' if count != 1 else ' was'} left without consensus; "
                "the action plan asks the partnership to agree a shared view."
            )
        if result.low_coverage:
            lines.append("Under half the questions have a stage, so treat this as provisional.")
        pointer = (
            f"Everything is saved as assessment {self.assessment.id}. The action plan: "
            f"'assessor plan {self.assessment.id}'; the full report with every voice: "
            f"'assessor report {self.assessment.id} --format html -o report.html'. "
            "Type 'back' to change an agreed answer."
        )
        heading = "That's every question. Here is the agreed profile by domain:"
        return [summary_message(heading, result, lines, parked), BotMessage(Kind.POINTER, pointer)]

    def _parked(self) -> set[str]:
        """The questions parked with 'no consensus' (recorded as skipped, marked parked)."""
        return {a.question_id for a in self.store.answers(self.assessment.id) if a.parked}

    def _skipped(self) -> list[str]:
        """Skipped questions to offer again; a parked one was decided, not skipped."""
        parked = self._parked()
        return [qid for qid in super()._skipped() if qid not in parked]

    def _parked_by_domain(self) -> dict[str, int]:
        """Per domain: the questions asked and parked with 'no consensus'."""
        parked = self._parked()
        counts: dict[str, int] = {}
        for question in self._questions:
            if question.id in parked and question.id in self._answers and self._asked(question):
                bank_id = self.bank_set.bank_of(question.id).id
                counts[bank_id] = counts.get(bank_id, 0) + 1
        return counts

    def _command(self, command: Command, argument: str, note: str = "") -> list[BotMessage]:
        if command is Command.HELP:
            return [BotMessage.listed(Kind.HELP, HELP, HELP_COLUMN)]
        if command is Command.SUMMARY:
            self._refresh()
            result = profile(self.bank_set, self._answers)
            return [
                summary_message(
                    "The agreed profile so far:", result, None, self._parked_by_domain()
                )
            ]
        return super()._command(command, argument, note)

    # -- replies ------------------------------------------------------------------------------

    def _respond(self, text: str) -> list[BotMessage]:
        if (change := self._roster_change(text)) is not None:
            return change
        if (defined := self._defined(text)) is not None:  # before reading it as ratings
            return defined
        stripped = " ".join(text.lower().split()).rstrip(".!")
        if self._setting_up:
            return self._setting_up_reply(text, stripped)
        question = self._current
        if question is None:
            return super()._respond(text)
        proposal_answered = self._answer_proposal(question, text) if self._proposal() else None
        if proposal_answered is not None:
            return proposal_answered
        self._drop_proposals()
        ratings = self._ratings(question.id)
        everyone_rated = bool(ratings) and all(p.id in ratings for p in self.roster())
        waiting = [p for p in self.roster() if p.id not in ratings]
        if (answered := self._discuss_without(question, text, stripped, waiting)) is not None:
            return answered
        if waiting and bare_rating(text):  # a rating with no name: the next person's, as in the app
            if (person := self.next_to_rate()) is None:  # a room: nobody to type it for
                return self._bare_in_room(question, text)
            text = f"{person.name} {text.strip()}"

        if stripped in _REVEAL and self.blind:
            if not ratings:
                return [BotMessage(Kind.INFO, "Nobody has rated this yet.", question.id)]
            return self._discussion(question)
        if not self.revealed(question.id) and (_AGREE.match(text) or stripped in _PARK):
            return [
                BotMessage(
                    Kind.ERROR,
                    "Reveal the ratings first ('reveal'), so that the room agrees on what it has "
                    "seen.",
                    question.id,
                )
            ]
        if _AGREE.match(text):
            agreed = self._read_agreement(text, question)
            if agreed is not None:
                return agreed
            return [
                BotMessage(
                    Kind.ERROR,
                    "Agree which stage? 'agree' takes the median; 'agree 3 because ...' another.",
                    question.id,
                )
            ]
        parsed = parse_ratings(text, self.roster())
        proposals, refused = self._read_words(question, text, parsed)
        if parsed.ratings or proposals:
            return self._rated(question, text, parsed, proposals, refused)
        # words for someone that are no rating, once all have rated: perhaps the agreement
        if refused and everyone_rated and not parsed.problems:
            agreed = self._read_agreement(text, question)
            if agreed is not None:
                return agreed
        parsed.problems += refused
        if stripped in _ALL_RATED and ratings and not everyone_rated:
            return self._ask_to_discuss(question, waiting)
        if stripped in _ALL_RATED and ratings and stripped != "next":
            return self._discussion(question)  # 'next' once all have rated: the engine's skip
        if stripped in _PARK and ratings:
            return self._agree_on_shown(
                question, AnswerValue(special=Special.SKIPPED), NO_CONSENSUS, "", parked=True
            )
        if parsed.named and parsed.problems:  # meant as ratings, but nobody could be placed
            return [
                BotMessage(Kind.ERROR, _sentences(parsed.problems), question.id),
                BotMessage(Kind.INFO, self._so_far(question.id) or self.HINT, question.id),
            ]
        if everyone_rated:
            agreed = self._read_agreement(text, question)
            if agreed is not None:
                return agreed
        command = parse_command(text, confirming=everyone_rated)
        if command is not None and command.command is Command.SKIP:
            return self._agree(question, AnswerValue(special=Special.SKIPPED), "skip", "")
        if command is not None or everyone_rated:
            return super()._respond(text)
        messages = []
        if parsed.problems:
            messages.append(BotMessage(Kind.ERROR, _sentences(parsed.problems), question.id))
        messages.append(
            BotMessage(
                Kind.INFO,
                "Ratings please: for example 'AB 3, CD 4'. " + self._so_far(question.id),
                question.id,
            )
        )
        return messages

    def _bare_in_room(self, question: Question, text: str) -> list[BotMessage]:
        """A rating with no name in a room, where nobody waits for one from the facilitator:
        after the reveal it is the stage agreed; before it, nobody's (each rates on a device)."""
        if self.revealed(question.id) and (agreed := self._read_agreement(text, question)):
            return agreed
        if self.revealed(question.id):
            said = "Agree which stage? 'agree' takes the median; 'agree 3 because ...' another."
            return [BotMessage(Kind.ERROR, said, question.id)]
        devices = self.rating_on_devices()
        one = len(devices) == 1
        who = f"{_listed([p.name for p in devices])} {'rates' if one else 'rate'}"
        return [
            BotMessage(
                Kind.ERROR,
                f"Nothing saved: {who} on their own device{'' if one else 's'}, so a rating "
                "with no name is nobody's. Say 'reveal' to show the spread; for someone without "
                "a device, type theirs by name ('AB 3').",
                question.id,
            )
        ]

    def _ask_to_discuss(self, question: Question, waiting: list[Participant]) -> list[BotMessage]:
        """'done' before everyone has rated: say who has not, and ask before proposing."""
        self._discuss_asked = question.id
        who = _listed([p.name for p in waiting])
        verb, theirs = ("has", f"{who}'s rating") if len(waiting) == 1 else ("have", "theirs")
        return [
            BotMessage(
                Kind.INFO,
                f"{who} {verb} not rated this yet. Discuss it without them? Say 'yes' to see the "
                f"spread and a proposal from the ratings so far, or give {theirs} (a bare '3' is "
                f"{waiting[0].name}'s).",
                question.id,
            )
        ]

    def _discuss_without(
        self, question: Question, text: str, stripped: str, waiting: list[Participant]
    ) -> list[BotMessage] | None:
        """The answer to `_ask_to_discuss`: yes (or 'done' again) discusses with the ratings so
        far, no goes back to rating; None for any other line, which is read as usual."""
        asked, self._discuss_asked = self._discuss_asked, None
        if asked != question.id or not waiting:
            return None
        command = parse_command(text, confirming=True)
        if stripped in _ALL_RATED or (command is not None and command.command is Command.YES):
            return self._discussion(question)
        if command is not None and command.command is Command.NO:
            return [
                BotMessage(Kind.INFO, "Then rate on. " + self._so_far(question.id), question.id)
            ]
        return None

    def _setting_up_reply(self, text: str, stripped: str) -> list[BotMessage]:
        if stripped in _READY:
            if not self.roster():
                return [BotMessage(Kind.ERROR, "Add at least one person first: 'add AB, Council'.")]
            self._setting_up = False
            return self.start()
        command = parse_command(text)
        if command is not None and command.command is Command.HELP:
            return [BotMessage.listed(Kind.HELP, HELP, HELP_COLUMN)]
        if command is not None and command.command is Command.PAUSE:
            return super()._command(Command.PAUSE, "")  # stop before anyone is asked anything
        waiting = "wait for people to join, or add" if self.blind else "add"
        return [
            BotMessage(
                Kind.ERROR,
                f"Say 'ready' to start, or {waiting} people with 'add NAME, ORGANISATION, ROLE'.",
            )
        ]

    def _read_words(
        self, question: Question, line: str, parsed: Parsed
    ) -> tuple[list[_Proposal], list[str]]:
        """Each part of the line given in words read as one voice's answer is read: a clear
        rating joins `parsed.ratings` with the words as its note; one that is not clear is put
        back to the room (the proposals); one that is no rating is refused (the sentences)."""
        proposals, refused = [], []
        read: list[tuple[int, list[Rating]]] = []
        for part in parsed.said:
            reading = interpret(part.view, question)
            whom = part.people[0].name if len(part.people) == 1 else part.name
            if reading.special is not None and reading.special is not Special.SKIPPED:
                answer: AnswerValue | None = AnswerValue(special=reading.special)
            elif reading.stage is not None and reading.decision is Decision.ACCEPT:
                answer = AnswerValue(stage=reading.stage)
            elif reading.stage is not None and reading.decision is Decision.CONFIRM:
                proposal = _Proposal(question.id, part.people, whom, part.words, reading, line)
                proposals.append(proposal)
                continue
            else:
                refused.append(
                    f"nothing saved for {whom}: '{part.words}' is not a rating (give 1 to 5, a "
                    "stage, 'not sure' or 'abstain')"
                )
                continue
            read.append((part.at, [Rating(person, answer, part.words) for person in part.people]))
        for at, ratings in reversed(read):  # in the order said on the line
            parsed.ratings[at:at] = ratings
        return proposals, refused

    def _rated(
        self,
        question: Question,
        text: str,
        parsed: Parsed,
        proposals: list[_Proposal],
        refused: list[str],
    ) -> list[BotMessage]:
        messages = []
        self._keep_device_ratings(question, parsed)
        if parsed.ratings:
            if (stale := self._save_ratings(question, text.strip(), parsed.ratings)) is not None:
                return stale
            noted = ", ".join(f"{r.participant.name} {said(r.answer)}" for r in parsed.ratings)
            guessed = f" ({'; '.join(parsed.guesses)})" if parsed.guesses else ""
            messages.append(BotMessage(Kind.ACK, f"Noted: {noted}{guessed}.", question.id))
        if problems := [*parsed.problems, *refused]:
            messages.append(BotMessage(Kind.ERROR, _sentences(problems), question.id))
        if proposals:
            self._proposals = list(proposals)
            return [*messages, self._propose(question)]
        return messages + self._where_it_stands(question)

    def _keep_device_ratings(self, question: Question, parsed: Parsed) -> None:
        """Before the reveal in a room, a rating someone gave on their own device is theirs: a
        line typed for them (by name, organisation or sector) leaves it, and its comment, as it
        is, and says so. Someone who joined from a device but has not rated there may be rated
        (and a rating typed for them changed)."""
        if not self.blind or self.revealed(question.id):
            return
        given = self.store.answers(self.assessment.id, voices=True, question_id=question.id)
        rated_there = {a.participant_id for a in given if a.on_device}
        on_device = {p.id for p in self.roster() if p.id in rated_there}
        kept = [r for r in parsed.ratings if r.participant.id in on_device]
        if not kept:
            return
        parsed.ratings = [r for r in parsed.ratings if r.participant.id not in on_device]
        names = _listed([r.participant.name for r in kept])
        parsed.problems.append(
            f"nothing saved for {names}, who rated on their own device: that rating stands (it "
            "can be changed there until the reveal)"
        )

    def _save_ratings(
        self, question: Question, words: str, ratings: list[Rating]
    ) -> list[BotMessage] | None:
        """Save a line's ratings, the whole line or none of it, each with the words said for
        that person as their note; the replies instead when the ratings changed elsewhere.
        What is saved is seen: the next line may change it (before a reveal too)."""
        notes = {}
        for rating in ratings:
            earlier = self._unsaved_words.get((question.id, rating.participant.id), "")
            notes[rating.participant.id] = "; ".join(n for n in (earlier, rating.note) if n)
        try:
            saved = self.store.record_ratings(
                self.assessment.id,
                question.id,
                [
                    (r.participant.id, r.answer or AnswerValue(special=Special.SKIPPED))
                    for r in ratings
                ],
                words,
                changed_by="facilitator",
                seen=self._ratings_seen.get(question.id, {}),
                notes=notes,
            )
        except StaleRatings as clash:
            told = BotMessage(Kind.ERROR, self._changed_elsewhere(clash.changed), question.id)
            return [told, *self._where_it_stands(question)]
        seen = self._ratings_seen.setdefault(question.id, {})
        seen.update({a.participant_id: a.revision for a in saved if a.participant_id is not None})
        for rating in ratings:
            self._unsaved_words.pop((question.id, rating.participant.id), None)
        return None

    def _propose(self, question: Question) -> BotMessage:
        proposal = self._proposals[0]
        return proposal_message(question, proposal.reading, proposal.words, proposal.whom)

    def _drop_proposals(self) -> None:
        """Another line than an answer to the proposal: the proposals go, their words are kept
        for when those people are rated."""
        for proposal in self._proposals:
            self._keep_words(proposal)
        self._proposals = []

    def _keep_words(self, proposal: _Proposal) -> None:
        for person in proposal.people:
            key = (proposal.question_id, person.id)
            self._unsaved_words[key] = "; ".join(
                n for n in (self._unsaved_words.get(key, ""), proposal.words) if n
            )

    def _answer_proposal(self, question: Question, text: str) -> list[BotMessage] | None:
        """Yes, no, or a bare rating for the person whose words were put back; None for any
        other line."""
        proposal = self._proposals[0]
        command = parse_command(text, confirming=True)
        offered = [s for s, _ in proposal.reading.candidates]
        whom = proposal.whom
        if command is not None and command.command in _LOOKING:  # the proposal stays open
            return self._command(command.command, command.argument)
        if command is not None and command.command is Command.YES:
            if len(offered) != 1:
                numbers = " or ".join(f"'{whom} {s.value_number}'" for s in offered)
                return [BotMessage(Kind.ERROR, f"Which is closer for {whom}? {numbers}.")]
            answer: AnswerValue | None = AnswerValue(stage=offered[0])
        elif command is not None and command.command is Command.NO:
            self._keep_words(self._proposals.pop(0))
            asked = BotMessage(
                Kind.INFO,
                f"Then what is {whom}'s rating? For example '{whom} 2' or '{whom} not sure'.",
                question.id,
            )
            return [asked, self._propose(question)] if self._proposals else [asked]
        else:
            value = value_of(text)
            if isinstance(value, str):
                return None
            answer = value
        self._proposals.pop(0)
        ratings = [Rating(person, answer, proposal.words) for person in proposal.people]
        words = f"{proposal.line.strip()} / {text.strip()}"
        if (stale := self._save_ratings(question, words, ratings)) is not None:
            self._drop_proposals()
            return stale
        noted = ", ".join(f"{r.participant.name} {said(r.answer)}" for r in ratings)
        messages = [BotMessage(Kind.ACK, f"Noted: {noted}.", question.id)]
        if self._proposals:
            return [*messages, self._propose(question)]
        return messages + self._where_it_stands(question)

    def _changed_elsewhere(self, changed: dict[int, Answer | None]) -> str:
        """What the room is told when a line is refused: whose ratings changed, and to what."""
        names = {p.id: p.name for p in self._everyone()}
        now = ", ".join(
            f"{names.get(pid, 'someone')} "
            + (
                "no rating"
                if answer is None
                else said(_rating_value(answer))
                if self.revealed(answer.question_id)
                else "rated on their own device"
                if answer.on_device
                else "rated (not shown before the reveal)"
            )
            for pid, answer in changed.items()
        )
        whose = _listed([f"{names.get(pid, 'someone')}'s" for pid in changed])
        if len(changed) == 1:
            what = f"{whose} rating was changed elsewhere since you saw it"
        else:
            what = f"{whose} ratings were changed elsewhere since you saw them"
        return (
            f"Nothing on that line was saved: {what} (now: {now}). Say the line again if it "
            "still stands."
        )

    def _agree_on_shown(
        self,
        question: Question,
        answer: AnswerValue,
        words: str,
        rationale: str,
        parked: bool = False,
    ) -> list[BotMessage]:
        """Agree only on the ratings last shown: if they have changed since (another process,
        someone leaving), show them as they are now and ask again. `parked`: the question is
        left without consensus (`answer` is then skipped)."""
        shown = self._shown.get(question.id, {})
        now = self._ratings(question.id)
        if now == shown:
            return self._agree(question, answer, words, rationale, parked)
        names = {p.id: p.name for p in self._everyone()}
        changes = []
        for pid in [*shown, *(p for p in now if p not in shown)]:
            before, after = shown.get(pid, _NONE), now.get(pid, _NONE)
            if before == after:
                continue
            name = names.get(pid, "someone")
            if after is _NONE:
                changes.append(f"{name}'s rating no longer counts")
            elif before is _NONE:
                changes.append(f"{name} {said(after)} (new)")  # type: ignore[arg-type]
            else:
                changes.append(f"{name} {said(after)} (was {said(before)})")  # type: ignore[arg-type]
        told = BotMessage(
            Kind.INFO,
            f"The ratings have changed since you saw them: {', '.join(changes)}. Nothing is "
            "agreed yet; here they are now.",
            question.id,
        )
        return [told, *self._where_it_stands(question)]

    def _read_agreement(self, text: str, question: Question) -> list[BotMessage] | None:
        """An agreed stage: explicit first ('agree 2 because ...', 'agree the median', 'agree'),
        the free text read for a stage only when it names none."""
        match = _AGREE.match(text)
        rest = (match.group(1) if match else text).strip()
        if not match:
            command = parse_command(text, confirming=True)
            if command is not None:
                if command.command is not Command.YES:
                    return None  # 'why', 'levels', 'back', 'no' ...: the engine's
                rest = ""
        median = spread_of(self._shown.get(question.id, {}), self._everyone()).median  # as shown
        if not rest or _MEDIAN.match(rest) or _REASON.match(rest):
            if median is None:
                return [
                    BotMessage(
                        Kind.ERROR,
                        "There is no median to take: give the stage, 'agree 3 because ...'.",
                        question.id,
                    )
                ]
            reason = _MEDIAN.sub("", rest, count=1) if _MEDIAN.match(rest) else rest
            return self._agree_on_shown(
                question, AnswerValue(stage=median), text.strip(), _reason(reason)
            )
        if number := _LEADING_NUMBER.match(rest):
            value = value_of(number.group())
            if not isinstance(value, AnswerValue):
                return [
                    BotMessage(
                        Kind.ERROR,
                        f"The stages go from 1 (isolation) to 5 (integration), not "
                        f"{number.group()}.",
                        question.id,
                    )
                ]
            return self._agree_on_shown(
                question, value, text.strip(), _reason(rest[number.end() :])
            )
        words = rest.split()
        for size in (1, 2, 3):
            head = " ".join(words[:size]).rstrip(",:;.-\u2013\u2014")
            value = value_of(head) if len(words) >= size else None
            if isinstance(value, AnswerValue):
                after = rest.split(None, size)[size] if len(words) > size else ""
                return self._agree_on_shown(question, value, text.strip(), _reason(after))
        reading = interpret(rest, question)
        if reading.special is not None:
            return self._agree_on_shown(
                question, AnswerValue(special=reading.special), text.strip(), reading.note
            )
        if reading.stage is not None and reading.decision in (Decision.ACCEPT, Decision.CONFIRM):
            if reading.decision is Decision.CONFIRM and len(reading.candidates) > 1:
                return [BotMessage(Kind.ERROR, "Agree one stage: give its number.", question.id)]
            rationale = reading.note or _rationale(rest) or rest
            return self._agree_on_shown(
                question, AnswerValue(stage=reading.stage), text.strip(), rationale
            )
        return None

    def _agree(
        self,
        question: Question,
        answer: AnswerValue,
        words: str,
        rationale: str,
        parked: bool = False,
    ) -> list[BotMessage]:
        def save(seen: int) -> Answer:
            return self.store.record_answer(
                self.assessment.id,
                question.id,
                answer,
                words,
                participant_id=None,
                changed_by="facilitator",
                rationale=rationale,
                seen=seen,
                facts=AnswerFacts(parked=parked),
            )

        yours = f"{answer.stage.value} ({answer.stage.value_number})" if answer.stage else words
        offer = f"Keep theirs, or replace it with yours ({yours})? Say 'keep' or 'replace'."
        return self._save(
            question.id, save, lambda: self._agreed(question, answer, rationale, parked), offer
        )

    def _agreed(
        self, question: Question, answer: AnswerValue, rationale: str, parked: bool
    ) -> list[BotMessage]:
        """The replies once an agreed answer is saved."""
        self._answers[question.id] = self._given[question.id] = answer
        self._last_answered = question.id
        self._pending = None
        ratings = self._ratings(question.id)
        names = {p.id: p.name for p in self._everyone()}
        if answer.stage is not None:
            dissent = [
                f"{names[pid]} {said(a)}"
                for pid, a in ratings.items()
                if a is not None and a.stage is not None and a.stage is not answer.stage
            ]
            text = f"Agreed: {answer.stage.value} ({answer.stage.value_number})."
            if rationale:
                text += f" Rationale noted: {rationale.rstrip('.')}."
            if dissent:
                text += f" Dissent on record: {', '.join(dissent)}."
        elif parked:
            text = "Parked without consensus; the action plan will ask you to agree a shared view."
        else:
            text = f"Recorded as {answer.label}."
        return [BotMessage(Kind.ACK, text, question.id), *self._ask_next()]


_NONE = object()  # no rating at all (None is an abstention)


def _rating_value(answer: Answer) -> AnswerValue | None:
    """A stored rating as the spread counts it: an abstention is None."""
    return None if answer.special is Special.SKIPPED else answer.answer_value


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _or(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1]


def _sentences(problems: list[str]) -> str:
    return " ".join(p[0].upper() + p[1:] + "." for p in problems)


def _reason(text: str) -> str:
    """The rationale after a stage: 'because ...', '- ...', ': ...', ', ...' or just words."""
    return _REASON.sub("", text.strip(), count=1).strip()


def _rationale(text: str) -> str:
    """What follows the stage in 'coordination because ...' / '3 - ...'."""
    parts = _BECAUSE.split(text, maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
