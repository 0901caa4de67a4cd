"""The chat commands' dispatch: each command (`commands.Command`) to what it does, at a question
or after the last one: help, why, levels, a term's meaning, a note, back, progress, the profile
so far, pause."""

from __future__ import annotations

from collections.abc import Callable

from assessor.analysis.scoring import profile
from assessor.answers import AnswerValue, Special
from assessor.continuum import Stage
from assessor.conversation.answering import Answering
from assessor.conversation.commands import HELP, HELP_COLUMN, Command, parse_command, yes_or_no
from assessor.conversation.messages import BotMessage, Definition, Entry, Kind, Listing
from assessor.conversation.wording import (
    at,
    levels_message,
    options_for,
    said,
    saved_text,
    summary_message,
)
from assessor.store.records import Answer

# a handler: the command's argument, and the note said with it
Handler = Callable[[str, str], list[BotMessage]]

_NO_QUESTION = "There's no question open just now."
# what may be said once every question has been through
_AFTER_THE_END = (
    Command.BACK,
    Command.NOTE,
    Command.SUMMARY,
    Command.PROGRESS,
    Command.HELP,
    Command.PAUSE,
)
_SPECIALS = (Special.SKIPPED, Special.NOT_APPLICABLE, Special.DONT_KNOW)


class Commands(Answering):
    # -- hooks --------------------------------------------------------------------------------

    def command(self, command: Command, argument: str, note: str = "") -> list[BotMessage]:
        """What a command does: one handler each (the workshop has its own help and summary)."""
        handler = self._handlers().get(command)
        if handler is None:
            return [BotMessage(Kind.ERROR, _NO_QUESTION)]
        return handler(argument, note)

    def defined(self, text: str) -> list[BotMessage] | None:
        """The glossary's answer when `text` asks what a term means, else None."""
        parsed = parse_command(text, glossary=self.session.bank_set.glossary)
        if parsed is None or parsed.command is not Command.DEFINE:
            return None
        return [self._definition(parsed.argument)]

    def pause(self) -> list[BotMessage]:
        """Stop here: everything is saved, and how to carry on later is said."""
        self.paused = True
        self.session.pending = None
        saved = saved_text(len(self.session.answers)).capitalize()
        return [BotMessage(Kind.INFO, f"{saved}. To carry on later: {self.resume_command}")]

    # -- the dispatch -------------------------------------------------------------------------

    def _handlers(self) -> dict[Command, Handler]:
        def pick(command: Command) -> Handler:
            return lambda _, note: self._pick(command, note)

        return {
            Command.YES: lambda _, note: self._confirmed(note),
            Command.FIRST: pick(Command.FIRST),
            Command.SECOND: pick(Command.SECOND),
            Command.LOWER: pick(Command.LOWER),
            Command.HIGHER: pick(Command.HIGHER),
            Command.NO: lambda _, __: self._refused(),
            Command.DEFINE: lambda asked, _: [self._definition(asked)],
            Command.EXPLAIN: lambda stage, _: self._explain(stage),
            Command.SKIP: lambda _, __: self._skip(),
            Command.KEEP: lambda _, __: self._keep(),
            Command.HELP: lambda _, __: [BotMessage.listed(Kind.HELP, HELP, HELP_COLUMN)],
            Command.WHY: lambda _, __: self._why(),
            Command.LEVELS: lambda _, __: self._levels(),
            Command.NOTE: lambda text, _: self._note(text),
            Command.BACK: lambda _, __: self._back(),
            Command.PROGRESS: lambda _, __: [self._progress()],
            Command.SUMMARY: lambda _, __: self._summary(),
            Command.PAUSE: lambda _, __: self.pause(),
        }

    def _definition(self, asked: str) -> BotMessage:
        """What a term means, from the glossary, leaving the open question (and any proposal)
        as it was: nothing is recorded."""
        current = self.session.current
        question_id = current.id if current else None
        term = self.session.bank_set.glossary.find(asked)
        if term is None:
            text = f"'{asked}' isn't in the glossary, so I can't say what it means here."
            return BotMessage(Kind.DEFINITION, text, question_id, definition=Definition(asked))
        closing = "The question is still open: answer it when you're ready." if question_id else ""
        parts = Definition(asked, term.term, term.stands_for, term.definition, closing)
        text = "\n".join(x for x in (f"{parts.heading}: {parts.meaning}", closing) if x)
        return BotMessage(Kind.DEFINITION, text, question_id, definition=parts)

    def _explain(self, argument: str) -> list[BotMessage]:
        """One stage's descriptor for the open question."""
        question = self.session.current
        if question is None:
            return [BotMessage(Kind.ERROR, _NO_QUESTION)]
        stage = Stage.from_number(int(argument))
        return [
            BotMessage(
                Kind.HELP,
                f"{stage.label} ({stage.value_number}) here means: "
                f"{question.levels.for_stage(stage)}",
                question.id,
                options_for(question),
            )
        ]

    def _skip(self) -> list[BotMessage]:
        question = self.session.current
        if question is None:
            return [BotMessage(Kind.ERROR, _NO_QUESTION)]
        if question.id in self.session.answers:  # revisited: moving on keeps the answer
            return [BotMessage(Kind.ACK, "Kept as it was."), *self.ask_next()]
        return self._record(question, AnswerValue(special=Special.SKIPPED), "skip")

    def _keep(self) -> list[BotMessage]:
        question = self.session.current
        if question is not None and question.id in self.session.answers:
            return [BotMessage(Kind.ACK, "Kept as it was."), *self.ask_next()]
        return [BotMessage(Kind.ERROR, "There's no earlier answer here to keep.")]

    def _why(self) -> list[BotMessage]:
        question = self.session.current
        if question is None:
            return [BotMessage(Kind.ERROR, _NO_QUESTION)]
        return [BotMessage(Kind.HELP, f"Why this matters: {question.help}", question.id)]

    def _levels(self) -> list[BotMessage]:
        question = self.session.current
        if question is None:
            return [BotMessage(Kind.ERROR, _NO_QUESTION)]
        return [levels_message(question)]

    def _summary(self) -> list[BotMessage]:
        self.session.refresh()
        result = profile(self.session.bank_set, self.session.answers)
        return [summary_message("The profile so far:", result)]

    def _note(self, text: str) -> list[BotMessage]:
        if not text:
            return [
                BotMessage(
                    Kind.ERROR, "What's the note? For example: note The ISA was signed in May."
                )
            ]
        session = self.session
        target = session.last_answered
        if target is None:
            return [BotMessage(Kind.ERROR, "There's no answer yet to add a note to: answer first.")]

        def save(seen: int) -> Answer:
            current = session.store.answer(session.assessment.id, target)
            earlier = current.note if current is not None else ""
            combined = f"{earlier}\n{text}" if earlier else text
            return session.store.set_note(session.assessment.id, target, combined, seen=seen)

        short = session.bank_set.question(target).text.split("?")[0][:60].rstrip()
        saved = [BotMessage(Kind.ACK, f'Note saved with your answer to "{short}…".', target)]
        offer = "Say 'keep' to leave it without your note, or 'add' to add your note to it."
        return self.writes.save(target, save, lambda: saved, offer)

    def _back(self) -> list[BotMessage]:
        """The previous answer as it is in the store (another process may have changed it),
        taken as seen: a new answer replaces what was shown, and only that."""
        session = self.session
        stored = session.refresh()
        order = [q for q in session.questions if q.id in session.answers and session.asked(q)]
        if session.current is not None:
            ids = [q.id for q in session.questions]
            position = ids.index(session.current.id)
            order = [q for q in order if ids.index(q.id) < position]
        if not order:
            return [BotMessage(Kind.ERROR, "There's no earlier answer to go back to.")]
        previous = order[-1]
        session.current = previous
        session.pending = None
        session.last_answered = previous.id
        now = stored[previous.id]
        session.seen[previous.id] = now.revision
        if session.given.get(previous.id) == now.answer_value:
            was = f"You said {said(now)}."
        else:
            # not "by": a note added here since names this process as the last to change it
            was = f"It was changed elsewhere (answered at {at(now)}): it is now {said(now)}."
        return [
            BotMessage(
                Kind.INFO,
                f"Back to the previous question. {was} Give a new answer, or 'keep' to leave it "
                "as it is.",
                previous.id,
            ),
            *self.ask(previous),
        ]

    def _progress(self) -> BotMessage:
        """Done (any answer, skipped included), and of those how many answered with a stage (the
        summary's "answered"), per domain too; a domain whose count depends on answers to come
        says "up to". Counted by `Session.domain_progress`, as the summary counts."""
        # the workshop's rules load when progress is asked: not on the app's start path
        from assessor.analysis.workshop import NO_CONSENSUS, parked_questions

        session = self.session
        parked = parked_questions(session.refresh().values())
        domains = session.domain_progress()
        shown = [
            q.id for q in session.questions if q.id in session.answers and session.may_be_asked(q)
        ]
        given = [session.answers[q] for q in shown if q not in parked]
        kinds = [
            (sum(1 for a in given if a.stage is not None), "answered with a stage"),
            *((sum(1 for a in given if a.special is k), k.label) for k in _SPECIALS),
            (len(shown) - len(given), NO_CONSENSUS),
        ]
        given += [session.answers[q] for q in shown if q in parked]
        done = f"{len(given)} done"
        if given:
            done += " (" + ", ".join(f"{n} {label}" for n, label in kinds if n) + ")"
        entries = []
        for d in domains:
            total = f"up to {d.total}" if d.undecided else str(d.total)
            line = (
                f"{d.title}: {d.answered} of {total} done, {d.with_a_stage} answered with a stage"
            )
            entries.append(Entry(line))
        listing = Listing((f"{done}, {session.to_go()} to go.",), tuple(entries))
        return BotMessage.listed(Kind.PROGRESS, listing, 0)

    # -- after the last question --------------------------------------------------------------

    def _after_the_end(self, text: str) -> list[BotMessage]:
        """A line once every question has been through: a term asked about, the answer to the
        offer of the skipped ones, or a command that still applies."""
        if (defined := self.defined(text)) is not None:
            return defined
        if self.session.offering_skipped and (offered := self._skipped_offer(text)) is not None:
            return offered
        parsed = parse_command(text)
        if parsed is not None and parsed.command in _AFTER_THE_END:
            return self.command(parsed.command, parsed.argument)
        return [
            BotMessage(
                Kind.ERROR,
                "There are no more questions. Type 'summary' for the profile, 'back' to change the "
                "last answer, 'note …' to add evidence, or 'quit' to finish.",
            )
        ]

    def _skipped_offer(self, text: str) -> list[BotMessage] | None:
        """The answer to the offer of the skipped questions: yes goes back to them, no finishes;
        None for a command that still applies, which is carried out."""
        session = self.session
        said = yes_or_no(text)
        if said is Command.YES:
            session.offering_skipped = False
            session.revisit = self.skipped()
            return self.ask_next()
        if said is Command.NO:
            session.offering_skipped = False
            return self.finish()
        answer = parse_command(text)
        if answer is None or answer.command not in _AFTER_THE_END:
            return [
                BotMessage(
                    Kind.CONFIRM,
                    "Say yes to go back to the questions you skipped, or no to finish.",
                )
            ]
        if answer.command is Command.BACK:
            session.offering_skipped = False
        return None
