"""The workshop conversation: each question rated by everyone in the room, then agreed.

The same engine as an individual assessment, with two phases per question: ratings (one by one
or on one line), then the spread and an agreed stage with a rationale. The individual ratings
and the dissent stay on record; the agreed answer is what scores. Its parts: the roster
(`roster.RosterConversation`), the ratings and the spread (`rating.RatingConversation`), and
here the replies, the agreement and the end.
"""

from __future__ import annotations

from assessor.analysis.scoring import profile
from assessor.analysis.workshop import (
    NO_CONSENSUS,
    Parsed,
    parked_by_domain,
    parked_questions,
    parse_ratings,
    spread_of,
)
from assessor.answers import AnswerValue, Special
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.conversation.commands import Command, parse_command, yes_or_no
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.wording import summary_message
from assessor.conversation.workshop.agreement import (
    Agreed,
    agreed_text,
    dissent_from,
    read_agreement,
)
from assessor.conversation.workshop.changes import changed_since
from assessor.conversation.workshop.help import HELP, HELP_COLUMN
from assessor.conversation.workshop.phrasing import listed, sentences
from assessor.conversation.workshop.proposals import read_words
from assessor.conversation.workshop.rating import RatingConversation
from assessor.conversation.workshop.vocabulary import AGREE, ALL_RATED, PARK, REVEAL, bare_rating
from assessor.store.records import Answer, AnswerFacts, Participant
from assessor.store.store import Store
from assessor.text.profile import coverage_sentence


class WorkshopConversation(RatingConversation):
    MINUTES_PER_QUESTION = 4.0  # rating, discussion and agreement take longer than one voice

    def __init__(self, store: Store, assessment_id: str, bank_set: BankSet) -> None:
        # the question on which 'done' was said before everyone had rated: asked whether to
        # discuss without them, answered by the next line
        self._discuss_asked: str | None = None
        # the question, the words and the ratings then of an agreement asked for before everyone
        # rated it: asked whether to agree it anyway, answered by the next line
        self._agree_asked: tuple[str, str, dict[int, AnswerValue | None]] | None = None
        super().__init__(store, assessment_id, bank_set)

    def minutes_to_go(self) -> float:
        return self.session.at_most_remaining() * self.MINUTES_PER_QUESTION

    def respond(self, text: str) -> list[BotMessage]:
        if (change := self._roster_change(text)) is not None:
            return change
        if (defined := self.defined(text)) is not None:  # before reading it as ratings
            return defined
        stripped = " ".join(text.lower().split()).rstrip(".!")
        if self._setting_up:
            return self._setting_up_reply(text, stripped)
        question = self.current
        if question is None:
            return super().respond(text)
        proposal_answered = self._answer_proposal(question, text) if self._proposal() else None
        if proposal_answered is not None:
            return proposal_answered
        # a line that rates people closes their proposals; the others wait (`_rated`), or go
        # with any other line
        self._proposals.hold()
        try:
            return self._on_line(question, text, stripped)
        finally:
            self._proposals.release()

    def _on_line(self, question: Question, text: str, stripped: str) -> list[BotMessage]:
        """A line on the open question that is no answer to a proposal."""
        ratings = self._ratings(question.id)
        waiting = [p for p in self.roster() if p.id not in ratings]
        # the answer to a question asked on the line before: agree anyway? discuss without them?
        answered = self._agree_anyway(question, text, ratings) or self._discuss_without(
            question, text, stripped, waiting
        )
        if answered is not None:
            return answered
        if waiting and bare_rating(text):  # a rating with no name: the next person's, as in the app
            if (person := self.next_to_rate()) is None:  # a room: nobody to type it for
                return self._bare_in_room(question, text)
            text = f"{person.name} {text.strip()}"
        return self._on_question(question, text, stripped, ratings)

    def _on_question(
        self, question: Question, text: str, stripped: str, ratings: dict[int, AnswerValue | None]
    ) -> list[BotMessage]:
        """A line on the open question, no proposal waiting: 'reveal', 'agree ...', else
        ratings or what else the room says (`_ratings_line`)."""
        if stripped in REVEAL:  # in a room, the hidden ratings; at one keyboard, shown again
            if not ratings:
                return [BotMessage(Kind.INFO, "Nobody has rated this yet.", question.id)]
            return self._discussion(question)
        if AGREE.match(text) and self._unrated_by_some(question.id, ratings):
            return self._ask_to_agree_unrated(question, text, ratings)
        if not self.revealed(question.id) and (AGREE.match(text) or stripped in PARK):
            return [
                BotMessage(
                    Kind.ERROR,
                    "Reveal the ratings first ('reveal'), so that the room agrees on what it has "
                    "seen.",
                    question.id,
                )
            ]
        if AGREE.match(text):
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
        return self._ratings_line(question, text, stripped, ratings)

    def _ratings_line(
        self, question: Question, text: str, stripped: str, ratings: dict[int, AnswerValue | None]
    ) -> list[BotMessage]:
        """Ratings for people, or the words that move the question on: 'done', 'no consensus'."""
        everyone_rated = bool(ratings) and all(p.id in ratings for p in self.roster())
        waiting = [p for p in self.roster() if p.id not in ratings]
        parsed = parse_ratings(text, self.roster())
        proposals, refused = read_words(question, text, parsed)
        if parsed.ratings or proposals:
            return self._rated(question, text, parsed, proposals, refused)
        # words for someone that are no rating, once all have rated: perhaps the agreement
        if refused and everyone_rated and not parsed.problems:
            agreed = self._read_agreement(text, question)
            if agreed is not None:
                return agreed
        parsed.problems += refused
        if stripped in ALL_RATED and ratings and not everyone_rated:
            return self._ask_to_discuss(question, waiting)
        if stripped in ALL_RATED and ratings and stripped != "next":
            return self._discussion(question)  # 'next' once all have rated: the engine's skip
        if stripped in PARK and ratings:
            return self._agree_on_shown(
                question, AnswerValue(special=Special.SKIPPED), NO_CONSENSUS, "", parked=True
            )
        if parsed.named and parsed.problems:  # meant as ratings, but nobody could be placed
            return [
                BotMessage(Kind.ERROR, sentences(parsed.problems), question.id),
                BotMessage(Kind.INFO, self._so_far(question.id) or self.HINT, question.id),
            ]
        return self._no_ratings(question, text, parsed, everyone_rated)

    def _no_ratings(
        self, question: Question, text: str, parsed: Parsed, everyone_rated: bool
    ) -> list[BotMessage]:
        """A line that rates nobody: once all have rated perhaps the agreement; else a command
        (the engine's), or a request for ratings."""
        if everyone_rated:
            agreed = self._read_agreement(text, question)
            if agreed is not None:
                return agreed
        command = parse_command(text, confirming=everyone_rated)
        if command is not None and command.command is Command.SKIP:
            return self._agree(question, AnswerValue(special=Special.SKIPPED), "skip", "")
        if command is not None or everyone_rated:
            return super().respond(text)
        messages = []
        if parsed.problems:
            messages.append(BotMessage(Kind.ERROR, sentences(parsed.problems), question.id))
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
        who = f"{listed([p.name for p in devices])} {'rates' if one else 'rate'}"
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
        who = listed([p.name for p in waiting])
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
        said = yes_or_no(text)
        if stripped in ALL_RATED or said is Command.YES:
            return self._discussion(question)
        if said is Command.NO:
            return [
                BotMessage(Kind.INFO, "Then rate on. " + self._so_far(question.id), question.id)
            ]
        return None

    def _unrated_by_some(self, question_id: str, ratings: dict[int, AnswerValue | None]) -> bool:
        """Whether an agreement now would pass over people: nobody has rated, or someone in the
        room has not and the room has not been shown the ratings as they are (after 'done' and
        yes, or a reveal, it has chosen to go on without them)."""
        if not ratings:
            return True
        waiting = any(p.id not in ratings for p in self.roster())
        return waiting and self.revealed(question_id) and question_id not in self._revealed

    def _ask_to_agree_unrated(
        self, question: Question, text: str, ratings: dict[int, AnswerValue | None]
    ) -> list[BotMessage]:
        """'agree ...' before everyone has rated the question: ask before agreeing it."""
        found = read_agreement(text, question, None)
        if not isinstance(found, Agreed):
            said = "Agree which stage? 'agree 3 because ...'; or rate it first ('AB 3, CD 4')."
            return [found or BotMessage(Kind.ERROR, said, question.id)]
        self._agree_asked = (question.id, text, dict(ratings))
        stage = found.answer.stage
        what = f"{stage.value} ({stage.value_number})" if stage else found.answer.label
        waiting = [p.name for p in self.roster() if p.id not in ratings]
        if not ratings:
            who, then = "Nobody has", "rate it first"
        else:
            has = "has" if len(waiting) == 1 else "have"
            who, then = f"{listed(waiting)} {has} not", "rate on"
        return [
            BotMessage(
                Kind.CONFIRM,
                f"{who} rated this yet: agree {what} anyway? Say yes to agree it, or no to {then}.",
                question.id,
            )
        ]

    def _agree_anyway(
        self, question: Question, text: str, ratings: dict[int, AnswerValue | None]
    ) -> list[BotMessage] | None:
        """The answer to `_ask_to_agree_unrated`: yes agrees (unless someone has rated since),
        no goes back to rating; None for any other line, which is read as usual."""
        asked, self._agree_asked = self._agree_asked, None
        if asked is None or asked[0] != question.id:
            return None
        said = yes_or_no(text)
        if said is None:
            return None
        if said is Command.NO:
            so_far = self._so_far(question.id) or self.HINT
            then = "rate on" if ratings else "rate it first"
            return [BotMessage(Kind.INFO, f"Not agreed: {then}. {so_far}", question.id)]
        if ratings != asked[2]:  # rated since it was asked: what the room has now, as usual
            return self._where_it_stands(question)
        found = read_agreement(asked[1], question, None)
        assert isinstance(found, Agreed)  # it was read as one when asked
        return self._agree(question, found.answer, asked[1].strip(), found.rationale)

    def _read_agreement(self, text: str, question: Question) -> list[BotMessage] | None:
        """An agreed stage (`agreement.read_agreement`), agreed on the ratings last shown."""
        median = spread_of(self._shown.get(question.id, {}), self._everyone()).median  # as shown
        found = read_agreement(text, question, median)
        if isinstance(found, Agreed):
            return self._agree_on_shown(question, found.answer, text.strip(), found.rationale)
        return None if found is None else [found]

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
        told = BotMessage(Kind.INFO, changed_since(shown, now, names), question.id)
        return [told, *self._where_it_stands(question)]

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
        return self.writes.save(
            question.id, save, lambda: self._agreed(question, answer, rationale, parked), offer
        )

    def _agreed(
        self, question: Question, answer: AnswerValue, rationale: str, parked: bool
    ) -> list[BotMessage]:
        """The replies once an agreed answer is saved."""
        self.session.took(question.id, answer)
        dissent = []
        if answer.stage is not None:
            names = {p.id: p.name for p in self._everyone()}
            dissent = dissent_from(answer, self._ratings(question.id), names)
        text = agreed_text(answer, rationale, parked, dissent)
        return [BotMessage(Kind.ACK, text, question.id), *self.ask_next()]

    def command(self, command: Command, argument: str, note: str = "") -> list[BotMessage]:
        """The workshop's own help, and the agreed profile; the rest as for one voice."""
        if command is Command.HELP:
            return [BotMessage.listed(Kind.HELP, HELP, HELP_COLUMN)]
        if command is Command.SUMMARY:
            self.session.refresh()
            result = profile(self.bank_set, self.session.answers)
            return [
                summary_message(
                    "The agreed profile so far:", result, None, self._parked_by_domain()
                )
            ]
        return super().command(command, argument, note)

    def finish(self) -> list[BotMessage]:
        """The agreed profile, with questions parked without consensus counted as such."""
        self.session.refresh()
        self.session.complete()
        result = profile(self.bank_set, self.session.answers)
        parked = self._parked_by_domain()
        lines = []
        if result.overall_stage is not None:
            lines.append(
                f"Overall: {result.overall_stage.value} ({result.overall:.1f} of 5), from "
                f"{coverage_sentence(result.answered, result.asked, result.may_add, 'agreed')}."
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
        """The questions parked with 'no consensus'."""
        return parked_questions(self.store.answers(self.assessment.id))

    def skipped(self) -> list[str]:
        """Skipped questions to offer again; a parked one was decided, not skipped."""
        parked = self._parked()
        return [qid for qid in super().skipped() if qid not in parked]

    def _parked_by_domain(self) -> dict[str, int]:
        """Per domain: the questions asked and parked with 'no consensus'."""
        return parked_by_domain(self.bank_set, self.store.answers(self.assessment.id))
