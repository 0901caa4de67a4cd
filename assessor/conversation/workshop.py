"""The workshop conversation: each question rated by everyone in the room, then agreed.

The same engine as an individual assessment, with two phases per question: ratings (one by one
or on one line), then the spread and an agreed stage with a rationale. The individual ratings
and the dissent stay on record; the agreed answer is what scores.
"""

from __future__ import annotations

import re

from assessor.answers import AnswerValue, Special
from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.commands import Command, parse_command
from assessor.conversation.engine import Conversation, options_for
from assessor.conversation.interpret import Decision, interpret
from assessor.conversation.messages import BotMessage, Kind
from assessor.store.records import Participant
from assessor.workshop import NO_CONSENSUS, describe, match_people, parse_ratings, said, spread_of

_ADD = re.compile(r"^\s*add\s+(.+)$", re.IGNORECASE)
_REMOVE = re.compile(r"^\s*remove\s+(.+)$", re.IGNORECASE)
_READY = {"ready", "start", "go", "begin", "done", "that's everyone", "thats everyone", "all here"}
_ALL_RATED = {"done", "that's everyone", "thats everyone", "that's all", "next", "discuss"}
_PARK = {"no consensus", "park", "park it", "parked", "disagree", "we disagree", "can't agree"}
_AGREE = re.compile(r"^\s*(?:we\s+)?agree(?:d)?\b[\s:,-]*(.*)$", re.IGNORECASE | re.DOTALL)
_BECAUSE = re.compile(r"\s*(?:\bbecause\b|\bsince\b|\bas\b|[-\u2013\u2014:;,])\s*", re.IGNORECASE)


class WorkshopConversation(Conversation):
    MINUTES_PER_QUESTION = 4.0  # rating, discussion and agreement take longer than one voice
    HINT = (
        "Rate it one person at a time or on one line ('AB 3, CD 4, EF 2', or 'health 3' for "
        "everyone from an organisation); 'abstain' and 'not sure' are fine. 'levels' shows the "
        "stages, 'why' why it matters."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._setting_up = not self.roster()

    # -- the roster ---------------------------------------------------------------------------

    def roster(self) -> list[Participant]:
        return self.store.participants(self.assessment.id)

    def _ratings(self, question_id: str) -> dict[int, AnswerValue | None]:
        found: dict[int, AnswerValue | None] = {}
        for answer in self.store.answers(self.assessment.id, voices=True):
            if answer.question_id == question_id and answer.participant_id is not None:
                abstained = answer.special is Special.SKIPPED
                found[answer.participant_id] = None if abstained else answer.answer_value
        return found

    def _roster_change(self, text: str) -> list[BotMessage] | None:
        if match := _ADD.match(text):
            parts = [part.strip() for part in match.group(1).split(",")]
            name = parts[0]
            if not name:
                return [
                    BotMessage(
                        Kind.ERROR, "Add whom? For example: add AB, Council, Early help lead"
                    )
                ]
            if any(p.name.lower() == name.lower() for p in self.roster()):
                return [BotMessage(Kind.ERROR, f"{name} is already on the roster.")]
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
        if match := _REMOVE.match(text):
            people = match_people(match.group(1).strip(), self.roster())
            if len(people) != 1:
                return [BotMessage(Kind.ERROR, f"Who? The roster is: {self._names()}.")]
            self.store.remove_participant(people[0].id)
            return [
                BotMessage(
                    Kind.ACK,
                    f"{people[0].name} has left; their ratings so far stay on "
                    f"record. In the room: {self._names() or 'nobody'}.",
                )
            ]
        return None

    def next_to_rate(self) -> Participant | None:
        """Who in the room has not rated the current question yet (None when all have)."""
        if self._setting_up or self._current is None:
            return None
        ratings = self._ratings(self._current.id)
        return next((p for p in self.roster() if p.id not in ratings), None)

    def _names(self) -> str:
        return ", ".join(
            p.name + (f" ({p.organisation})" if p.organisation else "") for p in self.roster()
        )

    # -- the flow -----------------------------------------------------------------------------

    def start(self) -> list[BotMessage]:
        if self._setting_up:
            return [
                BotMessage(
                    Kind.INFO,
                    f"Workshop for the {self.assessment.partnership} partnership. Who is in the "
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
            "we look at the spread, and you agree one answer.",
        )
        return opening

    def _ask(self, question: Question) -> list[BotMessage]:
        messages = super()._ask(question)
        ratings = self._ratings(question.id)
        waiting = [p for p in self.roster() if p.id not in ratings]
        if ratings and not waiting:
            return messages + self._discussion(question)
        if ratings:
            messages.append(BotMessage(Kind.INFO, self._so_far(question.id), question.id))
        return messages

    def _so_far(self, question_id: str) -> str:
        ratings = self._ratings(question_id)
        roster = self.roster()
        given = ", ".join(f"{p.name} {said(ratings[p.id])}" for p in roster if p.id in ratings)
        waiting = ", ".join(p.name for p in roster if p.id not in ratings)
        text = f"So far: {given}." if given else ""
        return (text + f" Still to rate: {waiting}.").strip() if waiting else text

    def _discussion(self, question: Question) -> list[BotMessage]:
        spread = spread_of(
            self._ratings(question.id),
            self.store.participants(self.assessment.id, include_removed=True),
        )
        lines = describe(spread)
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

    # -- replies ------------------------------------------------------------------------------

    def reply(self, text: str) -> list[BotMessage]:
        self.paused = False
        if (change := self._roster_change(text)) is not None:
            return change
        stripped = " ".join(text.lower().split()).rstrip(".!")
        if self._setting_up:
            if stripped in _READY:
                if not self.roster():
                    return [
                        BotMessage(Kind.ERROR, "Add at least one person first: 'add AB, Council'.")
                    ]
                self._setting_up = False
                return self.start()
            return [
                BotMessage(
                    Kind.ERROR, "Add people with 'add NAME, ORGANISATION, ROLE', then say 'ready'."
                )
            ]
        question = self._current
        if question is None:
            return super().reply(text)
        ratings = self._ratings(question.id)
        everyone_rated = bool(ratings) and all(p.id in ratings for p in self.roster())

        parsed = parse_ratings(text, self.roster())
        if parsed.ratings:
            for rating in parsed.ratings:
                answer = rating.answer or AnswerValue(special=Special.SKIPPED)
                self.store.record_answer(
                    self.assessment.id,
                    question.id,
                    answer,
                    text.strip(),
                    participant_id=rating.participant.id,
                    changed_by="facilitator",
                )
            noted = ", ".join(f"{r.participant.name} {said(r.answer)}" for r in parsed.ratings)
            messages = [BotMessage(Kind.ACK, f"Noted: {noted}.", question.id)]
            if parsed.problems:
                messages.append(BotMessage(Kind.ERROR, " ".join(parsed.problems), question.id))
            ratings = self._ratings(question.id)
            if all(p.id in ratings for p in self.roster()):
                return messages + self._discussion(question)
            return [*messages, BotMessage(Kind.INFO, self._so_far(question.id), question.id)]

        if stripped in _ALL_RATED and ratings and not everyone_rated:
            return self._discussion(question)
        if stripped in _PARK and ratings:
            return self._agree(question, AnswerValue(special=Special.SKIPPED), NO_CONSENSUS, "")
        if everyone_rated or (ratings and _AGREE.match(text)):
            agreed = self._read_agreement(text, question)
            if agreed is not None:
                return agreed
        command = parse_command(text, confirming=everyone_rated)
        if command is not None and command.command is Command.SKIP:
            return self._agree(question, AnswerValue(special=Special.SKIPPED), "skip", "")
        if command is not None or everyone_rated:
            return super().reply(text)
        messages = []
        if parsed.problems:
            messages.append(BotMessage(Kind.ERROR, " ".join(parsed.problems), question.id))
        messages.append(
            BotMessage(
                Kind.INFO,
                "Ratings please: for example 'AB 3, CD 4'. " + self._so_far(question.id),
                question.id,
            )
        )
        return messages

    def _read_agreement(self, text: str, question: Question) -> list[BotMessage] | None:
        spread = spread_of(self._ratings(question.id), self.roster())
        match = _AGREE.match(text)
        rest = match.group(1) if match else text
        command = parse_command(text, confirming=True)
        if (match and not rest.strip()) or (command is not None and command.command is Command.YES):
            if spread.median is None:
                return [
                    BotMessage(
                        Kind.ERROR,
                        "There is no median to take: give the stage, 'agree 3 because ...'.",
                    )
                ]
            return self._agree(question, AnswerValue(stage=spread.median), text.strip(), "")
        reading = interpret(rest, question)
        if reading.special is not None:
            return self._agree(
                question, AnswerValue(special=reading.special), text.strip(), reading.note
            )
        if reading.stage is not None and reading.decision in (Decision.ACCEPT, Decision.CONFIRM):
            if reading.decision is Decision.CONFIRM and len(reading.candidates) > 1:
                return [BotMessage(Kind.ERROR, "Agree one stage: give its number.", question.id)]
            rationale = reading.note or _rationale(rest)
            return self._agree(question, AnswerValue(stage=reading.stage), text.strip(), rationale)
        return None

    def _agree(
        self, question: Question, answer: AnswerValue, words: str, rationale: str
    ) -> list[BotMessage]:
        self.store.record_answer(
            self.assessment.id,
            question.id,
            answer,
            words,
            participant_id=None,
            changed_by="facilitator",
            rationale=rationale,
        )
        self._answers[question.id] = answer
        self._last_answered = question.id
        self._pending = None
        ratings = self._ratings(question.id)
        roster = {
            p.id: p for p in self.store.participants(self.assessment.id, include_removed=True)
        }
        if answer.stage is not None:
            dissent = [
                f"{roster[pid].name} {said(a)}"
                for pid, a in ratings.items()
                if a is not None and a.stage is not None and a.stage is not answer.stage
            ]
            text = f"Agreed: {answer.stage.value} ({answer.stage.value_number})."
            if rationale:
                text += f" Rationale noted: {rationale.rstrip('.')}."
            if dissent:
                text += f" Dissent on record: {', '.join(dissent)}."
        elif words == NO_CONSENSUS:
            text = "Parked without consensus; the action plan will ask you to agree a shared view."
        else:
            text = f"Recorded as {answer.label}."
        return [BotMessage(Kind.ACK, text, question.id), *self._ask_next()]


def _rationale(text: str) -> str:
    """What follows the stage in 'coordination because ...' / '3 - ...'."""
    parts = _BECAUSE.split(text, maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
