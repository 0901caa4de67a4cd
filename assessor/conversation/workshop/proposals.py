"""A rating given in words: read as one voice's answer is read, saved when clear, put back to
the room when not (a proposal), refused when it is no rating."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessor.analysis.workshop import Parsed, Rating
from assessor.answers import AnswerValue, Special
from assessor.banks.models import Question
from assessor.conversation.interpret import Decision, Reading, interpret
from assessor.store.records import Participant


@dataclass(frozen=True)
class Proposal:
    """A person's part of a line that was not clear: the stage it was read as, put back to the
    room before anything is saved for them."""

    question_id: str
    people: tuple[Participant, ...]
    whom: str  # their name (or the organisation or sector named for several)
    words: str  # what was said for them, as typed: their note once rated
    reading: Reading
    line: str  # the whole line it came from


def read_words(question: Question, line: str, parsed: Parsed) -> tuple[list[Proposal], list[str]]:
    """Each part of the line given in words read as one voice's answer is read: a clear
    rating joins `parsed.ratings` with the words as its note; one that is not clear is put
    back to the room (the proposals); one that is no rating is refused (the sentences). The
    room rates against the stages its question lists numbered, so a number picked from them
    ("3 I think") is a rating even where the question counts things, as "AB 3" is."""
    proposals, refused = [], []
    read: list[tuple[int, list[Rating]]] = []
    for part in parsed.said:
        reading = interpret(part.view, question, scale_shown=True)
        whom = part.people[0].name if len(part.people) == 1 else part.name
        if reading.special is not None and reading.special is not Special.SKIPPED:
            answer: AnswerValue | None = AnswerValue(special=reading.special)
        elif reading.stage is not None and reading.decision is Decision.ACCEPT:
            answer = AnswerValue(stage=reading.stage)
        elif reading.stage is not None and reading.decision is Decision.CONFIRM:
            proposals.append(Proposal(question.id, part.people, whom, part.words, reading, line))
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


class Proposals:
    """The parts of a line put back to the room, in order, and the words said for people whose
    proposal was answered with another line: their note once they are rated."""

    def __init__(self) -> None:
        self.waiting: list[Proposal] = []
        # the proposals waiting when a line came that was no answer to them, while that line is
        # read: a line that rates people closes theirs and leaves the others waiting
        # (`take_up`); any other line lets them all go (`release`)
        self.held: list[Proposal] = []
        # (question id, participant id): words said for someone and not yet saved with a rating
        self._unsaved_words: dict[tuple[str, int], str] = {}

    def on(self, question_id: str) -> Proposal | None:
        """The first proposal, while its question is `question_id`."""
        if self.waiting and self.waiting[0].question_id == question_id:
            return self.waiting[0]
        return None

    def drop(self) -> None:
        """Another line than an answer to the proposal: the proposals go, their words are kept
        for when those people are rated."""
        for proposal in self.waiting:
            self.keep_words(proposal)
        self.waiting = []

    def hold(self) -> None:
        """A line that is no answer to the proposals: they are held while it is read."""
        self.held, self.waiting = self.waiting, []

    def release(self) -> None:
        """The line is read and took up none of the proposals held: they go (`drop`)."""
        for proposal in self.held:
            self.keep_words(proposal)
        self.held = []

    def take_up(self, question_id: str, rated: set[int]) -> tuple[list[Proposal], list[Proposal]]:
        """A line rates the people `rated`: the held proposals' parts for them are closed (an
        explicit rating outranks a proposal; their words are kept for their notes), the parts
        for anyone else wait again. Returns both, closed first."""
        closed, still = [], []
        for proposal in self.held:
            if proposal.question_id != question_id:
                self.keep_words(proposal)
                continue
            theirs = tuple(p for p in proposal.people if p.id in rated)
            others = tuple(p for p in proposal.people if p.id not in rated)
            if theirs:
                whom = theirs[0].name if len(theirs) == 1 else proposal.whom
                part = replace(proposal, people=theirs, whom=whom)
                self.keep_words(part)
                closed.append(part)
            if others:
                whom = others[0].name if len(others) == 1 else proposal.whom
                still.append(replace(proposal, people=others, whom=whom))
        self.held = []
        return closed, still

    def keep_words(self, proposal: Proposal) -> None:
        for person in proposal.people:
            key = (proposal.question_id, person.id)
            self._unsaved_words[key] = "; ".join(
                n for n in (self._unsaved_words.get(key, ""), proposal.words) if n
            )

    def note(self, question_id: str, rating: Rating) -> str:
        """A rating's note: the words kept for that person, then the rating's own."""
        earlier = self._unsaved_words.get((question_id, rating.participant.id), "")
        return "; ".join(n for n in (earlier, rating.note) if n)

    def saved(self, question_id: str, ratings: list[Rating]) -> None:
        """The ratings are saved: the words kept for those people are in their notes now."""
        for rating in ratings:
            self._unsaved_words.pop((question_id, rating.participant.id), None)


def replaced(proposal: Proposal, ratings: list[Rating]) -> str:
    """What the room is told when people put back to it are rated otherwise than proposed:
    "CD's rating replaces the communication (2) proposed; CD's words are kept as their note."
    Nothing when the rating is a stage that was proposed."""
    offered = [s for s, _ in proposal.reading.candidates]
    people = {p.id for p in proposal.people}
    given = [r.answer for r in ratings if r.participant.id in people]
    if not given or all(a is not None and a.stage in offered for a in given):
        return ""
    what = " or ".join(f"{s.value} ({s.value_number})" for s in offered)
    whose = "their notes" if len(people) > 1 else "their note"
    return (
        f"{proposal.whom}'s rating replaces the {what} proposed; {proposal.whom}'s words are "
        f"kept as {whose}."
    )
