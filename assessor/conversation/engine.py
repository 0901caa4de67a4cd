"""The conversation: one utterance in, the bot's replies out, every answer saved as it is given.

`Conversation` does no I/O of its own beyond the store it is given: the plain chat and the
Textual app are two faces over it. Its parts, one module each: the session's state
(`session`), the writes over what was seen (`saving`), the question flow (`asking`), reading an
answer and confirming it (`answering`), the chat commands (`chat_commands`), and the messages
more than one of them builds (`wording`).

A kind of conversation (the workshop) builds on it through its public members: the hooks
`respond`, `command`, `defined`, `ask`, `ask_next`, `finish`, `skipped`, `minutes_to_go`,
`start`, `state` and `setting_up`, and the collaborators `session` and `writes`.
"""

from __future__ import annotations

from dataclasses import replace

from assessor.answers import AnswerValue
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.conversation.chat_commands import Commands
from assessor.conversation.command_words import Command
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.session import DomainProgress, State
from assessor.conversation.understanding.reading import Decision
from assessor.conversation.wording import asks_for_the_number, picked, shows_the_scale
from assessor.store.errors import StoreError
from assessor.store.records import Assessment
from assessor.store.store import Store


class Conversation(Commands):
    @property
    def store(self) -> Store:
        return self.session.store

    @property
    def assessment(self) -> Assessment:
        return self.session.assessment

    @property
    def bank_set(self) -> BankSet:
        return self.session.bank_set

    @property
    def setting_up(self) -> bool:
        """Still getting ready before the first question (a workshop taking its roster)."""
        return False

    @property
    def state(self) -> State:
        session = self.session
        setting_up = self.setting_up
        pending = session.pending
        return State(
            current_question_id=session.current.id if session.current else None,
            answered=sum(d.answered for d in self.domain_progress()),
            remaining=session.remaining(),
            at_most_remaining=session.at_most_remaining(),
            proposed=tuple(s for s, _ in pending[0].candidates) if pending else (),
            finished=session.current is None
            and not self.paused
            and not session.offering_skipped
            and not setting_up,
            paused=self.paused,
            setting_up=setting_up,
            skipped=len(self.skipped()),
            offering_skipped=session.offering_skipped,
        )

    @property
    def current(self) -> Question | None:
        return self.session.current

    @property
    def last_answered(self) -> str | None:
        """The question a note goes to: the one answered last, or the one gone back to."""
        return self.session.last_answered

    def answers(self) -> dict[str, AnswerValue]:
        return dict(self.session.answers)

    def domain_progress(self) -> list[DomainProgress]:
        """Per domain: questions answered and questions that may still be asked."""
        return self.session.domain_progress()

    def reply(self, text: str) -> list[BotMessage]:
        """The bot's replies to one utterance.

        A store that cannot save just now (busy, full disk, read-only) is said plainly, and
        the conversation carries on from where it was: what was not saved can be said again.
        """
        self.paused = False
        try:
            if self.writes.clash is not None:
                replies = self.writes.settle(text, self.ask_next)
            else:
                replies = self.respond(text)
        except StoreError as error:
            said = str(error)
            current = self.session.current
            return [
                BotMessage(
                    Kind.ERROR,
                    f"{said[:1].upper()}{said[1:]}. What you just said was not saved: say it "
                    "again once that is sorted.",
                    current.id if current else None,
                )
            ]
        self.session.scale_shown = shows_the_scale(replies)
        self.session.number_asked = asks_for_the_number(replies)
        return replies

    def start(self) -> list[BotMessage]:
        """The greeting and the first question, its stages listed numbered."""
        replies = super().start()
        self.session.scale_shown = shows_the_scale(replies)
        self.session.number_asked = asks_for_the_number(replies)
        return replies

    def respond(self, text: str) -> list[BotMessage]:
        """A line read with no clash waiting (the hook `reply` calls): a command, an answer
        recorded, a reading put back to be confirmed, or what was not understood."""
        question = self.session.current
        if question is None:
            return self._after_the_end(text)
        # The reading (the understanding's rules, with their word lists and patterns) loads
        # with the first answer: drawing the first question does not need it.
        from assessor.conversation.interpret import interpret

        pending = self.session.pending
        glossary = self.session.bank_set.glossary
        reading = interpret(
            text,
            question,
            confirming=pending is not None,
            glossary=glossary,
            scale_shown=self.session.scale_shown,
        )
        if reading.decision is Decision.COMMAND:
            assert reading.command is not None
            if pending is not None and reading.command.command is Command.NO and reading.note:
                # "no, only the council has": the words after the no are evidence for the answer
                self.session.keep_said(question.id, text)
            return self.command(reading.command.command, reading.command.argument, reading.note)
        if reading.special is not None:
            words = self.session.said_with(question.id, text)
            return self._record(question, AnswerValue(special=reading.special), words, reading.note)
        if (
            reading.decision is Decision.CONFIRM
            and self.session.number_asked
            and picked(text, reading)
        ):
            # "3 i guess" said back to "give the number": the person's pick, hedge and all
            reading = replace(reading, decision=Decision.ACCEPT)
        if reading.decision is Decision.ACCEPT:
            assert reading.stage is not None
            return self._record(
                question,
                AnswerValue(stage=reading.stage),
                *self._words_and_note(question.id, text, reading),
            )
        if reading.decision is Decision.CONFIRM:
            self.session.keep_said(question.id, text)
            self.session.pending = (reading, text)
            return [self._confirm_message(question, reading, text)]
        return self._not_understood(question, text, reading)
