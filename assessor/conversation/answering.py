"""Reading an answer and confirming it: a reading put back to the person, their reply to it
(yes, no, another stage, "the other one", "one lower"), what was not understood, and the answer
recorded with its words and its note."""

from __future__ import annotations

from assessor.answers import AnswerValue, Special
from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.asking import Asking
from assessor.conversation.commands import Command
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.understanding.reading import Reading
from assessor.conversation.wording import (
    GIVE_THE_NUMBER,
    levels_message,
    listed,
    options_for,
    proposal_message,
    said,
    two_views_message,
)
from assessor.store.records import Answer

_WHICH_FITS = "Which fits best? Give the number."


class Answering(Asking):
    def _confirm_message(self, question: Question, reading: Reading, said: str) -> BotMessage:
        """The bot's reading put back to the person: the stage (or the two it sits between),
        why, in the person's own words as typed, and each stage's descriptor here."""
        if reading.split:
            return two_views_message(question, reading)
        return proposal_message(question, reading, said)

    def _words_and_note(self, question_id: str, text: str, reading: Reading) -> tuple[str, str]:
        """What was said for an answer, with what was said towards it before (the words a
        proposal was read from, a no with more after it), and its note: a split view answered
        with one rating keeps the difference in the note."""
        words = self.session.said_with(question_id, text)
        if self.session.pending is None:
            return words, reading.note
        proposal, said_first = self.session.pending
        note = reading.note
        if proposal.split:
            note = "; ".join(n for n in (f"Views differ: {said_first}", note) if n)
        return words, note or proposal.note

    def _not_understood(self, question: Question, text: str, reading: Reading) -> list[BotMessage]:
        stripped = text.strip()
        lowered = stripped.lower().rstrip(".!")
        shown = STAGES
        closing = "Give the number, or say 'skip' or 'not sure'."
        if stripped.lstrip("-").replace(".", "", 1).isdigit():
            opening = "The stages go from 1 (isolation) to 5 (integration)."
        elif lowered in ("no", "nope", "not really", "no we don't", "no there isn't"):
            opening = (
                "A yes or no doesn't place it on the continuum, but a no usually means one of "
                "the first stages. Is it one of these?"
            )
            shown = STAGES[:2]
            closing = "Give the number, or another one from 3 to 5 if it fits better."
        elif lowered in ("yes", "yeah", "yep"):
            opening = "A yes or no doesn't place it on the continuum. Which of these is closest?"
        elif reading.ruled_out and len(reading.ruled_out) < len(STAGES):
            self.session.keep_said(question.id, stripped)  # saved with the stage picked next
            shown = tuple(s for s in STAGES if s not in reading.ruled_out)
            opening = f"{_ruled_out(reading.ruled_out, shown)} Which of these is closest?"
        elif reading.looks_like_evidence:
            self.session.held_note = (question.id, stripped)
            opening = (
                "That sounds like evidence: I'll keep it as the note for this answer. "
                "Which of these fits?"
            )
        elif reading.off_topic:  # an aside or a question back: a short nudge, not the levels
            nudge = (
                f"Back to the question: {question.text}\n"
                f"{GIVE_THE_NUMBER}, say 'levels' to see them, or 'skip'."
            )
            return [BotMessage(Kind.ERROR, nudge, question.id)]
        else:
            self.session.keep_said(question.id, stripped)  # saved with the stage picked next
            opening = "I couldn't place that on the continuum. Which of these is closest?"
        return [
            BotMessage(Kind.ERROR, opening, question.id),
            levels_message(question, closing=closing, stages=shown),
        ]

    # -- replies to a reading put back ----------------------------------------------------------

    def _confirmed(self, note: str) -> list[BotMessage]:
        """Yes to the reading put back: recorded, or, between two stages, asked which."""
        question = self.session.current
        assert self.session.pending is not None and question is not None
        reading, _ = self.session.pending
        words = self.session.said_with(question.id)
        assert reading.stage is not None
        if len(reading.candidates) > 1:
            numbers = " or ".join(str(s.value_number) for s, _ in reading.candidates)
            return [
                BotMessage(
                    Kind.CONFIRM,
                    f"Which of the two? Give the number: {numbers}.",
                    question.id,
                    options_for(question),
                    tuple(s for s, _ in reading.candidates),
                )
            ]
        given_note = note or reading.note
        return self._record(question, AnswerValue(stage=reading.stage), words, given_note)

    def _refused(self) -> list[BotMessage]:
        """No to the reading put back: the levels, to pick from."""
        question = self.session.current
        assert question is not None
        self.session.pending = None
        return [levels_message(question, closing=_WHICH_FITS)]

    def _pick(self, command: Command, note: str) -> list[BotMessage]:
        """A reply to a proposal that picks by position: "the other one", "one lower"."""
        question = self.session.current
        assert self.session.pending is not None and question is not None
        reading, _ = self.session.pending
        words = self.session.said_with(question.id)
        offered = sorted((s for s, _ in reading.candidates), key=lambda s: s.value_number)
        chosen: Stage | None
        if len(offered) > 1:
            first, second = (s for s, _ in reading.candidates[:2])
            chosen = {
                Command.FIRST: first,
                Command.SECOND: second,
                Command.LOWER: offered[0],
                Command.HIGHER: offered[-1],
            }[command]
        elif command is Command.FIRST:
            chosen = offered[0]
        elif command is Command.SECOND:  # "the other one" when one was offered: not that
            self.session.pending = None
            return [levels_message(question, closing=_WHICH_FITS)]
        else:
            step = -1 if command is Command.LOWER else 1
            number = offered[0].value_number + step
            if not 1 <= number <= len(STAGES):
                edge = "first" if step < 0 else "last"
                return [
                    BotMessage(
                        Kind.CONFIRM,
                        f"{offered[0].label} is the {edge} stage. Say yes to keep it, or give "
                        "another number.",
                        question.id,
                        options_for(question),
                        (offered[0],),
                    )
                ]
            chosen = Stage.from_number(number)
        return self._record(question, AnswerValue(stage=chosen), words, note or reading.note)

    # -- an answer recorded ---------------------------------------------------------------------

    def _record(
        self, question: Question, answer: AnswerValue, words: str, note: str = ""
    ) -> list[BotMessage]:
        session = self.session
        earlier = session.store.answer(session.assessment.id, question.id)
        if not note and session.held_note is not None and session.held_note[0] == question.id:
            note = session.held_note[1]
        if earlier is not None and not note:
            note = earlier.note  # a changed stage keeps the evidence already noted

        def save(seen: int) -> Answer:
            return session.store.record_answer(
                session.assessment.id, question.id, answer, words.strip(), note, seen=seen
            )

        offer = f"Keep theirs, or replace it with yours ({said(answer)})? Say 'keep' or 'replace'."
        return self.writes.save(
            question.id, save, lambda: self._recorded(question, answer, note), offer
        )

    def _recorded(self, question: Question, answer: AnswerValue, note: str) -> list[BotMessage]:
        """The replies once an answer is saved."""
        self.session.held_note = None
        self.session.took(question.id, answer)
        if answer.stage is not None:
            ack = f"That's {answer.stage.value} — noted."
            if note:
                ack += " Your note is saved with it."
            else:
                ack += f" (Evidence? Type 'note …', for example: {question.evidence})"
        elif answer.special is Special.DONT_KNOW:
            ack = "Noted as don't know; the action plan will suggest finding out."
        elif answer.special is Special.NOT_APPLICABLE:
            ack = "Noted as not applicable; it won't count towards the score."
        else:
            ack = "Skipped; it won't count towards the score."
        return [BotMessage(Kind.ACK, ack, question.id), *self.ask_next()]


def _ruled_out(ruled: tuple[Stage, ...], remaining: tuple[Stage, ...]) -> str:
    """ "So beyond isolation." when the lowest stages are ruled out, "So not integration
    yet." when the highest are, "So not coordination." otherwise."""
    names = listed([s.value for s in ruled])
    if max(s.value_number for s in ruled) < min(s.value_number for s in remaining):
        return f"So beyond {listed([s.value for s in ruled], 'and')}."
    if min(s.value_number for s in ruled) > max(s.value_number for s in remaining):
        return f"So not {names} yet."
    return f"So not {names}."
