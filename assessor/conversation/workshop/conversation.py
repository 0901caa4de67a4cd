"""The workshop conversation: each question rated by everyone in the room, then agreed.

The same engine as an individual assessment, with two phases per question: ratings (one by one
or on one line), then the spread and an agreed stage with a rationale. The individual ratings
and the dissent stay on record; the agreed answer is what scores. Its parts, each a layer over
the one before: the roster (`roster.RosterConversation`), the ratings and the spread
(`rating.RatingConversation`), the agreement (`agreeing.AgreeingConversation`), and here the
replies and the end.
"""

from __future__ import annotations

from assessor.analysis.scoring import profile
from assessor.analysis.workshop import (
    NO_CONSENSUS,
    Parsed,
    parked_by_domain,
    parked_questions,
    parse_ratings,
)
from assessor.answers import AnswerValue, Special
from assessor.banks.models import Question
from assessor.conversation.commands import Command, parse_command
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.wording import summary_message
from assessor.conversation.workshop.agreeing import AgreeingConversation
from assessor.conversation.workshop.help import HELP, HELP_COLUMN
from assessor.conversation.workshop.phrasing import listed, sentences
from assessor.conversation.workshop.proposals import read_words
from assessor.conversation.workshop.vocabulary import AGREE, ALL_RATED, PARK, REVEAL, bare_rating
from assessor.text.profile import coverage_sentence


class WorkshopConversation(AgreeingConversation):
    MINUTES_PER_QUESTION = 4.0  # rating, discussion and agreement take longer than one voice

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
