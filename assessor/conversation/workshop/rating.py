"""Rating a question in a workshop: ratings typed for people (by name, organisation or
sector, or in words), or given blind on each person's own device in a room, saved only over
the ratings last shown; the spread shown once everyone has rated or on 'reveal'."""

from __future__ import annotations

from dataclasses import replace

from assessor.analysis.workshop import (
    Parsed,
    Rating,
    describe,
    ratings_by_question,
    said,
    spread_of,
    value_of,
)
from assessor.answers import AnswerValue, Special
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.conversation.commands import Command, parse_command
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.session import State
from assessor.conversation.wording import options_for, proposal_message
from assessor.conversation.workshop.changes import changed_elsewhere
from assessor.conversation.workshop.discussion import disputed_stages, rests_on, what_to_agree
from assessor.conversation.workshop.phrasing import listed, sentences
from assessor.conversation.workshop.proposals import Proposal, Proposals, replaced
from assessor.conversation.workshop.roster import RosterConversation
from assessor.conversation.workshop.vocabulary import LOOKING
from assessor.store.errors import StaleRatings
from assessor.store.records import Answer, AnswerFacts, Participant
from assessor.store.store import Store


class RatingConversation(RosterConversation):
    """The conversation's part that takes the ratings and shows the spread; `WorkshopConversation`
    is the whole."""

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
        self._proposals = Proposals()  # parts of a line put back to the room
        # In a room nobody sees a rating before the reveal, the facilitator included: the
        # questions whose spread has been shown.
        self._revealed: set[str] = set()
        super().__init__(store, assessment_id, bank_set)

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
    def state(self) -> State:
        state = super().state
        if (proposal := self._proposal()) is not None:
            return replace(state, proposed=tuple(s for s, _ in proposal.reading.candidates))
        return state

    def next_to_rate(self) -> Participant | None:
        """Whom the next bare rating is for: the person whose words were put back to the room,
        else who in the room has not rated the current question yet (None when all have). In a
        room, only someone without a device of their own, and nobody once the spread is shown:
        the others rate on their devices, and the facilitator's buttons then agree."""
        if (proposal := self._proposal()) is not None:
            return proposal.people[0]
        waiting = self._waiting()
        if self.blind and self.current is not None:
            shown = self.revealed(self.current.id)
            waiting = [] if shown else [p for p in waiting if not p.sector]
        return next(iter(waiting), None)

    def rating_on_devices(self) -> list[Participant]:
        """In a room before the reveal: who is still to rate the question on their own device."""
        if not self.blind or self.current is None or self.revealed(self.current.id):
            return []
        return [p for p in self._waiting() if p.sector]

    def _proposal(self) -> Proposal | None:
        """The part of a line put back to the room, while its question is the current one."""
        return self._proposals.on(self.current.id) if self.current else None

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

    def ask(self, question: Question) -> list[BotMessage]:
        """The question, with the ratings given so far (the spread once all have rated)."""
        messages = super().ask(question)
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

    def _discussion(self, question: Question) -> list[BotMessage]:
        self._revealed.add(question.id)
        spread = spread_of(self._show(question.id), self._everyone())
        lines = describe(spread)
        if self.blind and (waiting := self._waiting()):
            lines.insert(0, f"Revealed without {listed([p.name for p in waiting])}.")
        if resting := rests_on(spread):
            lines.append(resting)
        if self.blind:
            lines += self._comments(question.id, [p for p, _ in spread.given])
        lines += disputed_stages(spread, question)
        lines.append(what_to_agree(spread))
        proposed = (spread.median,) if spread.median else ()
        return [
            BotMessage(Kind.CONFIRM, "\n".join(lines), question.id, options_for(question), proposed)
        ]

    def _rated(
        self,
        question: Question,
        text: str,
        parsed: Parsed,
        proposals: list[Proposal],
        refused: list[str],
    ) -> list[BotMessage]:
        messages = []
        self._keep_device_ratings(question, parsed)
        # proposals waiting when the line came: closed for the people it rates, else asked again
        rated = {r.participant.id for r in parsed.ratings}
        rated |= {p.id for proposal in proposals for p in proposal.people}
        closed, still = self._proposals.take_up(question.id, rated)
        if parsed.ratings:
            # saved with the words the closed proposals were read from, as a yes to them is
            words = " / ".join([*dict.fromkeys(p.line.strip() for p in closed), text.strip()])
            if (stale := self._save_ratings(question, words, parsed.ratings)) is not None:
                for proposal in still:
                    self._proposals.keep_words(proposal)
                return stale
            noted = ", ".join(f"{r.participant.name} {said(r.answer)}" for r in parsed.ratings)
            guessed = f" ({'; '.join(parsed.guesses)})" if parsed.guesses else ""
            told = [replaced(p, parsed.ratings) for p in closed]
            ack = " ".join([f"Noted: {noted}{guessed}.", *filter(None, told)])
            messages.append(BotMessage(Kind.ACK, ack, question.id))
        if problems := [*parsed.problems, *refused]:
            messages.append(BotMessage(Kind.ERROR, sentences(problems), question.id))
        if still or proposals:
            self._proposals.waiting = [*still, *proposals]
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
        names = listed([r.participant.name for r in kept])
        parsed.problems.append(
            f"nothing saved for {names}, who rated on their own device: that rating stands (it "
            "can be changed there until the reveal)"
        )

    def _save_ratings(
        self, question: Question, words: str, ratings: list[Rating]
    ) -> list[BotMessage] | None:
        """Save a line's ratings, the whole line or none of it, each with the words said for
        that person as their note; the replies instead when the ratings changed elsewhere.
        What is saved is seen: the next line may change it (before a reveal too). A rating
        given once the spread was shown is marked so: the one it replaces, kept in the history,
        is what the room first saw, and the report says who moved."""
        notes = {}
        for rating in ratings:
            notes[rating.participant.id] = self._proposals.note(question.id, rating)
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
                facts=AnswerFacts(after_spread=question.id in self._revealed),
            )
        except StaleRatings as clash:
            told = BotMessage(Kind.ERROR, self._changed_elsewhere(clash.changed), question.id)
            return [told, *self._where_it_stands(question)]
        seen = self._ratings_seen.setdefault(question.id, {})
        seen.update({a.participant_id: a.revision for a in saved if a.participant_id is not None})
        self._proposals.saved(question.id, ratings)
        return None

    def _propose(self, question: Question) -> BotMessage:
        proposal = self._proposals.waiting[0]
        return proposal_message(question, proposal.reading, proposal.words, proposal.whom)

    def _answer_proposal(self, question: Question, text: str) -> list[BotMessage] | None:
        """Yes, no, or a bare rating for the person whose words were put back; None for any
        other line."""
        proposal = self._proposals.waiting[0]
        command = parse_command(text, confirming=True)
        offered = [s for s, _ in proposal.reading.candidates]
        whom = proposal.whom
        if command is not None and command.command in LOOKING:  # the proposal stays open
            return self.command(command.command, command.argument)
        if command is not None and command.command is Command.YES:
            if len(offered) != 1:
                numbers = " or ".join(f"'{whom} {s.value_number}'" for s in offered)
                return [BotMessage(Kind.ERROR, f"Which is closer for {whom}? {numbers}.")]
            answer: AnswerValue | None = AnswerValue(stage=offered[0])
        elif command is not None and command.command is Command.NO:
            self._proposals.keep_words(self._proposals.waiting.pop(0))
            asked = BotMessage(
                Kind.INFO,
                f"Then what is {whom}'s rating? For example '{whom} 2' or '{whom} not sure'.",
                question.id,
            )
            return [asked, self._propose(question)] if self._proposals.waiting else [asked]
        else:
            value = value_of(text)
            if isinstance(value, str):
                return None
            answer = value
        self._proposals.waiting.pop(0)
        ratings = [Rating(person, answer, proposal.words) for person in proposal.people]
        words = f"{proposal.line.strip()} / {text.strip()}"
        if (stale := self._save_ratings(question, words, ratings)) is not None:
            self._proposals.drop()
            return stale
        noted = ", ".join(f"{r.participant.name} {said(r.answer)}" for r in ratings)
        told = " ".join(filter(None, [f"Noted: {noted}.", replaced(proposal, ratings)]))
        messages = [BotMessage(Kind.ACK, told, question.id)]
        if self._proposals.waiting:
            return [*messages, self._propose(question)]
        return messages + self._where_it_stands(question)

    def _changed_elsewhere(self, changed: dict[int, Answer | None]) -> str:
        """What the room is told when a line is refused: whose ratings changed, and to what."""
        names = {p.id: p.name for p in self._everyone()}
        return changed_elsewhere(changed, names, self.revealed)
