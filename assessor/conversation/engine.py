"""The conversation: one utterance in, the bot's replies out, every answer saved as it is given.

`Conversation` does no I/O of its own beyond the store it is given: the plain chat and the
Textual app are two faces over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assessor.analysis.scoring import Profile, profile
from assessor.answers import AnswerValue, Special, is_asked
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.commands import HELP, HELP_COLUMN, Command
from assessor.conversation.messages import (
    BotMessage,
    Definition,
    Entry,
    Kind,
    Listing,
    Option,
    ProfileSummary,
)
from assessor.conversation.quoting import because_said, quoted
from assessor.conversation.understanding.reading import Decision, Reading
from assessor.partnership_names import the_partnership
from assessor.store.errors import Conflict, StoreError
from assessor.store.records import Answer, answer_map
from assessor.store.store import Store
from assessor.text.profile import domain_table

OPTIONS_LINE = "  ".join(f"{s.value_number} {s.label}" for s in STAGES)


@dataclass(frozen=True)
class State:
    current_question_id: str | None
    answered: int  # questions answered that are still asked (as the progress counts them)
    remaining: int  # questions still to answer that will be asked, given the answers so far
    proposed: tuple[Stage, ...]
    finished: bool
    paused: bool
    setting_up: bool = False  # a workshop still taking its roster: no question asked yet
    at_most_remaining: int = 0  # with the questions whose condition is not decided yet
    skipped: int = 0  # questions skipped and not answered since
    offering_skipped: bool = False  # at the end, asking whether to go back to the skipped ones

    @property
    def to_go(self) -> str:
        """How many are left, as one count everywhere: "12", or "up to 14" while conditions on
        earlier answers are undecided."""
        if self.at_most_remaining > self.remaining:
            return f"up to {self.at_most_remaining}"
        return str(self.remaining)


@dataclass(frozen=True)
class DomainProgress:
    bank_id: str
    title: str
    answered: int
    total: int  # questions that may still be asked, those with an undecided condition included
    with_a_stage: int = 0
    undecided: int = 0  # of the total: asked or not depending on an answer still to come


@dataclass(frozen=True)
class Clash:
    """A write refused because the answer changed elsewhere: theirs, and how to save ours."""

    question_id: str
    theirs: Answer | None
    save: Callable[[int], Answer]  # ours, over the revision given
    then: Callable[[], list[BotMessage]]  # the replies once ours is saved
    offer: str  # the choice, as put to the person


_REPLACE = {"replace", "replace it", "replace theirs", "mine", "use mine", "add", "add it"}
_KEEP_THEIRS = {"keep", "keep theirs", "keep it", "theirs", "keep their answer", "leave it"}


def options_for(question: Question) -> tuple[Option, ...]:
    return tuple(Option(s.value_number, s, s.label, question.levels.for_stage(s)) for s in STAGES)


def _saved(count: int) -> str:
    return "1 answer is saved" if count == 1 else f"{count} answers are saved"


def _areas(count: int) -> str:
    return "1 area" if count == 1 else f"{count} areas"


def _questions(count: int) -> str:
    return "1 question" if count == 1 else f"{count} questions"


def _listed(names: list[str], joiner: str = "or") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {joiner} " + names[-1]


def _stage_name(stage: Stage) -> str:
    return f"{stage.value} ({stage.value_number})"


def _said(answer: AnswerValue | Answer) -> str:
    """An answer as the bot says it: "coordination (3)", "don't know"."""
    value = answer.answer_value if isinstance(answer, Answer) else answer
    return _stage_name(value.stage) if value.stage is not None else value.label


def _at(answer: Answer) -> str:
    return answer.answered_at.astimezone().strftime("%H:%M")


def proposal_message(question: Question, reading: Reading, said: str, whom: str = "") -> BotMessage:
    """The bot's reading of `said` put back to be confirmed: the stage, or the two it sits
    between, why, in the words as typed, and each stage's descriptor here. `whom`: in a workshop,
    the person the words were said for."""
    proposed = tuple(s for s, _ in reading.candidates)
    quotes = quoted(said, reading)
    ordered = sorted(proposed, key=lambda s: s.value_number)
    described = "\n".join(
        f"  {s.value_number} {s.label}: {question.levels.for_stage(s)}" for s in ordered
    )
    opening = f"For {whom}, I think" if whom else "I think"
    if len(ordered) == 1:
        closing = (
            f"Is that right? Say yes, or give {whom}'s rating another way ('{whom} 2', "
            f"'{whom} not sure')."
            if whom
            else "Is that right? Say yes, give the number that fits better, or name another stage."
        )
        text = f"{opening} that's {_stage_name(ordered[0])}{because_said(quotes)}.\n"
    else:
        names = " and ".join(_stage_name(s) for s in ordered)
        numbers = " or ".join(f"'{whom} {s.value_number}'" for s in ordered)
        closing = (
            f"Which is closer? Give {whom}'s rating: {numbers}."
            if whom
            else "Which is closer? Give the number, or name another stage."
        )
        text = f"{opening} that's between {names}{because_said(quotes)}.\n"
    return BotMessage(
        Kind.CONFIRM,
        f"{text}{described}\n{closing}",
        question.id,
        options_for(question),
        proposed,
        because=quotes,
    )


def summary_message(
    heading: str,
    result: Profile,
    closing: list[str] | None = None,
    no_consensus: dict[str, int] | None = None,
) -> BotMessage:
    """The profile as a table under its heading, then any closing lines (the table set apart by
    blank lines when there are some), with its parts kept for a face that shows them its own
    way."""
    table = domain_table(result, no_consensus)
    lines = [heading, "", *table, "", *closing] if closing else [heading, *table]
    parts = ProfileSummary(
        heading, result, tuple(closing or ()), tuple(sorted((no_consensus or {}).items()))
    )
    return BotMessage(Kind.SUMMARY, "\n".join(lines), summary=parts)


class Conversation:
    HINT = (
        "Answer with a number, a stage, or in your own words; 'levels' shows what each "
        "stage looks like here, 'why' says why it matters."
    )

    def __init__(self, store: Store, assessment_id: str, bank_set: BankSet) -> None:
        self.store = store
        self.assessment = store.assessment(assessment_id)
        self.bank_set = bank_set
        self._questions = bank_set.questions
        self._known = {q.id for q in self._questions}
        self._answers: dict[str, AnswerValue] = {}
        self._seen: dict[str, int] = {}  # question id -> revision of the answer as last seen
        self._clash: Clash | None = None
        self._refresh(seen=True)
        # question id -> the answer this conversation gave (or found on opening): what "you
        # said" may show; a different answer in the store was given elsewhere
        self._given: dict[str, AnswerValue] = dict(self._answers)
        self._current: Question | None = None
        self._pending: tuple[Reading, str] | None = None
        self._last_answered: str | None = None
        self._introduced: set[str] = set()
        self._totals: dict[str, int] = {}  # per domain: the number of questions last said
        self._hinted = False
        self._held_note: tuple[str, str] | None = None  # evidence typed before an answer
        self._offering_skipped = False  # at the end, asking whether to revisit skipped ones
        self._skipped_offered = False
        self._revisit: list[str] = []
        self.paused = False
        # how to carry on later; a face may add its own option ("--plain")
        self.resume_command = f"assessor resume {self.assessment.id}"

    # -- state --------------------------------------------------------------------------------

    @property
    def setting_up(self) -> bool:
        """Still getting ready before the first question (a workshop taking its roster)."""
        return False

    @property
    def state(self) -> State:
        setting_up = self.setting_up
        return State(
            current_question_id=self._current.id if self._current else None,
            answered=sum(d.answered for d in self.domain_progress()),
            remaining=self._remaining(),
            at_most_remaining=self._at_most_remaining(),
            proposed=tuple(s for s, _ in self._pending[0].candidates) if self._pending else (),
            finished=self._current is None
            and not self.paused
            and not self._offering_skipped
            and not setting_up,
            paused=self.paused,
            setting_up=setting_up,
            skipped=len(self._skipped()),
            offering_skipped=self._offering_skipped,
        )

    @property
    def current(self) -> Question | None:
        return self._current

    @property
    def last_answered(self) -> str | None:
        """The question a note goes to: the one answered last, or the one gone back to."""
        return self._last_answered

    def answers(self) -> dict[str, AnswerValue]:
        return dict(self._answers)

    def _refresh(self, seen: bool = False) -> dict[str, Answer]:
        """The answers as they are in the store now (another process may have given some), so
        that progress and summaries show what is saved; `seen`: and take them as seen.

        Returns them by question id."""
        stored = self.store.answers(self.assessment.id)
        self._answers = {k: v for k, v in answer_map(stored).items() if k in self._known}
        if seen:
            self._seen = {a.question_id: a.revision for a in stored}
        return {a.question_id: a for a in stored}

    def _asked(self, question: Question) -> bool:
        return is_asked(question, self._answers, self._known)

    def _may_be_asked(self, question: Question) -> bool:
        condition = question.ask_if
        undecided = (
            condition is not None
            and condition.question in self._known
            and condition.question not in self._answers
        )
        return undecided or self._asked(question)

    def _remaining(self) -> int:
        """Questions still to answer that will be asked, given the answers so far."""
        return sum(1 for q in self._questions if q.id not in self._answers and self._asked(q))

    def _at_most_remaining(self) -> int:
        """Questions still to answer, counting those whose condition is not yet decided."""
        return sum(
            1 for q in self._questions if q.id not in self._answers and self._may_be_asked(q)
        )

    def _minutes_to_go(self) -> float:
        """One voice reading and answering the questions still to answer, as `banks list`
        counts them (`assessor.banks.timing`)."""
        from assessor.banks.timing import expected_minutes

        return expected_minutes(
            q for q in self._questions if q.id not in self._answers and self._may_be_asked(q)
        )

    def _to_go(self) -> str:
        remaining, at_most = self._remaining(), self._at_most_remaining()
        return _questions(remaining) if at_most <= remaining else f"up to {_questions(at_most)}"

    def _skipped(self) -> list[str]:
        return [
            q.id
            for q in self._questions
            if self._asked(q) and self._answers.get(q.id) == AnswerValue(special=Special.SKIPPED)
        ]

    def _next_unanswered(self) -> Question | None:
        while self._revisit:
            question_id = self._revisit.pop(0)
            if question_id in self._skipped():
                return self.bank_set.question(question_id)
        for question in self._questions:
            if question.id not in self._answers and self._asked(question):
                return question
        return None

    # -- the flow -----------------------------------------------------------------------------

    def start(self) -> list[BotMessage]:
        """The greeting and the first question (or where a resumed assessment stopped)."""
        remaining = self._at_most_remaining()
        minutes = max(5, round(self._minutes_to_go() / 5) * 5)
        banks = ", ".join(b.title for b in self.bank_set.banks)
        if self._answers and not remaining:
            done = (
                "This assessment is complete."
                if self.assessment.status == "complete"
                else "You have been through every question."
            )
            text = f"Welcome back to the assessment for {self.assessment.partnership}. {done}"
            if not self._skipped():  # else the next message offers them, and nothing more here
                text += " 'back' revisits the last answer, 'summary' shows the profile."
        elif self._answers:
            text = (
                f"Welcome back to the assessment for {self.assessment.partnership}. "
                f"{_saved(len(self._answers))}; {self._to_go()} to go "
                f"(about {minutes} minutes). We'll pick up where you stopped."
            )
        else:
            text = (
                "Hello. This is a self-assessment of how joined-up "
                f"{the_partnership(self.assessment.partnership)} is for family hubs, along the "
                "continuum isolation, communication, coordination, collaboration, integration.\n"
                f"We'll go through {self._to_go()} in {_areas(len(self.bank_set.banks))} "
                f"({banks}); it takes about {minutes} minutes. Every answer is saved as you give "
                f"it, so you can stop at any time and carry on later. Type 'help' for what you "
                f"can say."
            )
        messages = [BotMessage(Kind.INFO, text)]
        return messages + self._ask_next(resumed=True)

    def _ask_next(self, resumed: bool = False) -> list[BotMessage]:
        self._pending = None
        self._current = self._next_unanswered()
        if self._current is None:
            skipped = self._skipped()
            if skipped and not self._skipped_offered:
                self._offering_skipped = self._skipped_offered = True
                last = "" if resumed else "That's the last question. "
                return [
                    BotMessage(
                        Kind.CONFIRM,
                        f"{last}You skipped {_questions(len(skipped))} — go back to "
                        f"{'it' if len(skipped) == 1 else 'them'} now? Say yes, or no to finish.",
                    )
                ]
            return self._finish()
        return self._ask(self._current)

    def _ask(self, question: Question) -> list[BotMessage]:
        messages: list[BotMessage] = []
        bank = self.bank_set.bank_of(question.id)
        # numbered by the questions asked: one left out by its condition leaves no gap, and
        # the total drops by one (a question still undecided is counted until it is left out)
        asked = [q.id for q in bank.questions if self._may_be_asked(q) or q.id == question.id]
        if bank.id not in self._introduced:
            self._introduced.add(bank.id)
            messages.append(
                BotMessage(
                    Kind.INFO, f"{bank.title} ({_questions(len(asked))}). {bank.description}"
                )
            )
        elif (said := self._totals.get(bank.id)) is not None and said != len(asked):
            messages.append(BotMessage(Kind.INFO, _total_changed(said, len(asked)), question.id))
        self._totals[bank.id] = len(asked)
        position = asked.index(question.id) + 1
        lines = [f"{bank.title}, question {position} of {len(asked)}:", question.text]
        lines.append(OPTIONS_LINE)
        if not self._hinted:
            self._hinted = True
            lines.append(self.HINT)
        messages.append(
            BotMessage(Kind.QUESTION, "\n".join(lines), question.id, options_for(question))
        )
        return messages

    def _finish(self) -> list[BotMessage]:
        self._refresh()
        if self.assessment.status != "complete":
            self.assessment = self.store.set_status(self.assessment.id, complete=True)
        result = profile(self.bank_set, self._answers)
        lines = []
        if result.overall_stage is not None:
            lines.append(
                f"Overall: {result.overall_stage.value} ({result.overall:.1f} of 5), from "
                f"{result.answered} of {result.asked} questions answered with a stage."
            )
        if result.low_coverage:
            lines.append("Under half the questions have a stage, so treat this as provisional.")
        pointer = (
            f"Your answers are saved as assessment {self.assessment.id}. The action plan: "
            f"'assessor plan {self.assessment.id}'; the full report: 'assessor report "
            f"{self.assessment.id} --format html -o report.html'. Type 'back' to change an answer."
        )
        heading = "That's every question. Here is your profile by domain:"
        return [summary_message(heading, result, lines), BotMessage(Kind.POINTER, pointer)]

    # -- replies ------------------------------------------------------------------------------

    def reply(self, text: str) -> list[BotMessage]:
        """The bot's replies to one utterance.

        A store that cannot save just now (busy, full disk, read-only) is said plainly, and
        the conversation carries on from where it was: what was not saved can be said again.
        """
        self.paused = False
        try:
            if self._clash is not None:
                return self._settle(text)
            return self._respond(text)
        except StoreError as error:
            said = str(error)
            return [
                BotMessage(
                    Kind.ERROR,
                    f"{said[:1].upper()}{said[1:]}. What you just said was not saved: say it "
                    "again once that is sorted.",
                    self._current.id if self._current else None,
                )
            ]

    def _respond(self, text: str) -> list[BotMessage]:
        question = self._current
        if question is None:
            return self._after_the_end(text)
        # The reading (the understanding's rules, with their word lists and patterns) loads
        # with the first answer: drawing the first question does not need it.
        from assessor.conversation.interpret import interpret

        reading = interpret(
            text, question, confirming=self._pending is not None, glossary=self.bank_set.glossary
        )
        if reading.decision is Decision.COMMAND:
            assert reading.command is not None
            return self._command(reading.command.command, reading.command.argument, reading.note)
        if reading.special is not None:
            return self._record(question, AnswerValue(special=reading.special), text, reading.note)
        if reading.decision is Decision.ACCEPT:
            assert reading.stage is not None
            return self._record(
                question, AnswerValue(stage=reading.stage), *self._words_and_note(text, reading)
            )
        if reading.decision is Decision.CONFIRM:
            self._pending = (reading, text)
            return [self._confirm_message(question, reading, text)]
        return self._not_understood(question, text, reading)

    def _words_and_note(self, text: str, reading: Reading) -> tuple[str, str]:
        """What was said for an answer given after a proposal, and its note: a split view
        answered with one rating keeps the difference in the note."""
        if self._pending is None:
            return text, reading.note
        proposal, said = self._pending
        note = reading.note
        if proposal.split:
            note = "; ".join(n for n in (f"Views differ: {said}", note) if n)
        return f"{said} / {text}", note or proposal.note

    def _after_the_end(self, text: str) -> list[BotMessage]:
        from assessor.conversation.commands import parse_command

        if (defined := self._defined(text)) is not None:
            return defined
        if self._offering_skipped:
            answer = parse_command(text, confirming=True)
            if answer is not None and answer.command is Command.YES:
                self._offering_skipped = False
                self._revisit = self._skipped()
                return self._ask_next()
            if answer is not None and answer.command is Command.NO:
                self._offering_skipped = False
                return self._finish()
            if answer is None or answer.command not in (
                Command.SUMMARY,
                Command.PROGRESS,
                Command.HELP,
                Command.PAUSE,
                Command.BACK,
                Command.NOTE,
            ):
                return [
                    BotMessage(
                        Kind.CONFIRM,
                        "Say yes to go back to the questions you skipped, or no to finish.",
                    )
                ]
            if answer.command is Command.BACK:
                self._offering_skipped = False
        parsed = parse_command(text)
        if parsed is not None and parsed.command in (
            Command.BACK,
            Command.NOTE,
            Command.SUMMARY,
            Command.PROGRESS,
            Command.HELP,
            Command.PAUSE,
        ):
            return self._command(parsed.command, parsed.argument)
        return [
            BotMessage(
                Kind.ERROR,
                "There are no more questions. Type 'summary' for the profile, 'back' to change the "
                "last answer, 'note …' to add evidence, or 'quit' to finish.",
            )
        ]

    def _confirm_message(self, question: Question, reading: Reading, said: str) -> BotMessage:
        """The bot's reading put back to the person: the stage (or the two it sits between),
        why, in the person's own words as typed, and each stage's descriptor here."""
        proposed = tuple(s for s, _ in reading.candidates)
        if reading.split:
            described = "\n".join(
                f"  {s.value_number} {s.label}: {question.levels.for_stage(s)}" for s in proposed
            )
            names = " and ".join(_stage_name(s) for s in proposed)
            text = (
                f"That's two views: {names}. They differ, and that difference is worth noting.\n"
                f"{described}\nWhat one rating fits the partnership as a whole? Give the number; "
                "the difference will be kept in the note."
            )
            return BotMessage(Kind.CONFIRM, text, question.id, options_for(question), proposed)
        return proposal_message(question, reading, said)

    def _not_understood(self, question: Question, text: str, reading: Reading) -> list[BotMessage]:
        stripped = text.strip()
        said = stripped.lower().rstrip(".!")
        shown = STAGES
        closing = "Give the number, or say 'skip' or 'not sure'."
        if stripped.lstrip("-").replace(".", "", 1).isdigit():
            opening = "The stages go from 1 (isolation) to 5 (integration)."
        elif said in ("no", "nope", "not really", "no we don't", "no there isn't"):
            opening = (
                "A yes or no doesn't place it on the continuum, but a no usually means one of "
                "the first stages. Is it one of these?"
            )
            shown = STAGES[:2]
            closing = "Give the number, or another one from 3 to 5 if it fits better."
        elif said in ("yes", "yeah", "yep"):
            opening = "A yes or no doesn't place it on the continuum. Which of these is closest?"
        elif reading.ruled_out and len(reading.ruled_out) < len(STAGES):
            shown = tuple(s for s in STAGES if s not in reading.ruled_out)
            opening = f"{self._ruled_out(reading.ruled_out, shown)} Which of these is closest?"
        elif reading.looks_like_evidence:
            self._held_note = (question.id, stripped)
            opening = (
                "That sounds like evidence: I'll keep it as the note for this answer. "
                "Which of these fits?"
            )
        elif reading.off_topic:  # an aside or a question back: a short nudge, not the levels
            nudge = (
                f"Back to the question: {question.text}\n"
                "Give the number that fits (1 to 5), say 'levels' to see them, or 'skip'."
            )
            return [BotMessage(Kind.ERROR, nudge, question.id)]
        else:
            opening = "I couldn't place that on the continuum. Which of these is closest?"
        return [
            BotMessage(Kind.ERROR, opening, question.id),
            self._levels_message(question, closing=closing, stages=shown),
        ]

    @staticmethod
    def _ruled_out(ruled: tuple[Stage, ...], remaining: tuple[Stage, ...]) -> str:
        """ "So beyond isolation." when the lowest stages are ruled out, "So not integration
        yet." when the highest are, "So not coordination." otherwise."""
        names = _listed([s.value for s in ruled])
        if max(s.value_number for s in ruled) < min(s.value_number for s in remaining):
            return f"So beyond {_listed([s.value for s in ruled], 'and')}."
        if min(s.value_number for s in ruled) > max(s.value_number for s in remaining):
            return f"So not {names} yet."
        return f"So not {names}."

    def _levels_message(
        self, question: Question, closing: str = "", stages: tuple[Stage, ...] = STAGES
    ) -> BotMessage:
        lines = [f"  {s.value_number} {s.label}: {question.levels.for_stage(s)}" for s in stages]
        if closing:
            lines.append(closing)
        return BotMessage(Kind.HELP, "\n".join(lines), question.id, options_for(question))

    def _record(
        self, question: Question, answer: AnswerValue, words: str, note: str = ""
    ) -> list[BotMessage]:
        earlier = self.store.answer(self.assessment.id, question.id)
        if not note and self._held_note is not None and self._held_note[0] == question.id:
            note = self._held_note[1]
        if earlier is not None and not note:
            note = earlier.note  # a changed stage keeps the evidence already noted

        def save(seen: int) -> Answer:
            return self.store.record_answer(
                self.assessment.id, question.id, answer, words.strip(), note, seen=seen
            )

        offer = f"Keep theirs, or replace it with yours ({_said(answer)})? Say 'keep' or 'replace'."
        return self._save(question.id, save, lambda: self._recorded(question, answer, note), offer)

    def _recorded(self, question: Question, answer: AnswerValue, note: str) -> list[BotMessage]:
        """The replies once an answer is saved."""
        self._held_note = None
        self._took(question.id, answer)
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
        return [BotMessage(Kind.ACK, ack, question.id), *self._ask_next()]

    def _took(self, question_id: str, answer: AnswerValue) -> None:
        """An answer given here is saved: it counts now, it is what "you said" shows, a note
        goes to it, and no proposal waits any more. A workshop's agreed answer too."""
        self._answers[question_id] = self._given[question_id] = answer
        self._last_answered = question_id
        self._pending = None

    # -- writes based on what was seen ---------------------------------------------------------

    def _save(
        self,
        question_id: str,
        save: Callable[[int], Answer],
        then: Callable[[], list[BotMessage]],
        offer: str,
    ) -> list[BotMessage]:
        """Save an answer only over the one this conversation last saw; if another process
        changed it meanwhile, ask whether to keep theirs or replace it."""
        try:
            saved = save(self._seen.get(question_id, 0))
        except Conflict as clash:
            self._clash = Clash(question_id, clash.theirs, save, then, offer)
            return [self._clash_message(self._clash)]
        self._seen[question_id] = saved.revision
        if saved.in_bank and question_id in self._known:  # a note may go to another's answer
            self._answers[question_id] = saved.answer_value
        return then()

    def _clash_message(self, clash: Clash) -> BotMessage:
        theirs = clash.theirs
        if theirs is None:
            what = "This answer was removed elsewhere since you saw it."
        else:
            by = f" by {theirs.changed_by}" if theirs.changed_by else ""
            what = f"This answer was changed elsewhere at {_at(theirs)}{by}: it is now "
            what += _said(theirs)
            what += f", with the note '{theirs.note}'." if theirs.note else "."
        return BotMessage(Kind.CONFIRM, f"{what} {clash.offer}", clash.question_id)

    def _settle(self, text: str) -> list[BotMessage]:
        """The reply to a clash: keep theirs, or replace it with ours."""
        clash = self._clash
        assert clash is not None
        said = " ".join(text.lower().split()).rstrip(".!")
        if said in _REPLACE:
            self._clash = None
            return self._replace(clash)
        if said in _KEEP_THEIRS:
            self._clash = None
            theirs = clash.theirs
            if theirs is None:
                self._answers.pop(clash.question_id, None)
                self._seen[clash.question_id] = 0
                kept = "Left as it is now, with no answer."
            else:
                if theirs.in_bank and clash.question_id in self._known:
                    self._answers[clash.question_id] = theirs.answer_value
                self._seen[clash.question_id] = theirs.revision
                self._last_answered = clash.question_id
                kept = f"Kept theirs: {_said(theirs)}."
            return [BotMessage(Kind.ACK, kept, clash.question_id), *self._ask_next()]
        return [self._clash_message(clash)]

    def _replace(self, clash: Clash) -> list[BotMessage]:
        """Save ours over theirs (asked again if it changed once more meanwhile)."""
        self._seen[clash.question_id] = clash.theirs.revision if clash.theirs else 0
        return self._save(clash.question_id, clash.save, clash.then, clash.offer)

    # -- commands -----------------------------------------------------------------------------

    def _defined(self, text: str) -> list[BotMessage] | None:
        """The glossary's answer when `text` asks what a term means, else None."""
        from assessor.conversation.commands import parse_command

        parsed = parse_command(text, glossary=self.bank_set.glossary)
        if parsed is None or parsed.command is not Command.DEFINE:
            return None
        return [self._definition(parsed.argument)]

    def _definition(self, asked: str) -> BotMessage:
        """What a term means, from the glossary, leaving the open question (and any proposal)
        as it was: nothing is recorded."""
        question_id = self._current.id if self._current else None
        term = self.bank_set.glossary.find(asked)
        if term is None:
            text = f"'{asked}' isn't in the glossary, so I can't say what it means here."
            return BotMessage(Kind.DEFINITION, text, question_id, definition=Definition(asked))
        closing = "The question is still open: answer it when you're ready." if question_id else ""
        parts = Definition(asked, term.term, term.stands_for, term.definition, closing)
        text = "\n".join(x for x in (f"{parts.heading}: {parts.meaning}", closing) if x)
        return BotMessage(Kind.DEFINITION, text, question_id, definition=parts)

    def _command(self, command: Command, argument: str, note: str = "") -> list[BotMessage]:
        question = self._current
        if command is Command.YES:
            assert self._pending is not None and question is not None
            reading, words = self._pending
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
        if command in (Command.FIRST, Command.SECOND, Command.LOWER, Command.HIGHER):
            assert self._pending is not None and question is not None
            return self._pick(question, command, note)
        if command is Command.NO:
            assert question is not None
            self._pending = None
            return [self._levels_message(question, closing="Which fits best? Give the number.")]
        if command is Command.DEFINE:
            return [self._definition(argument)]
        if command is Command.EXPLAIN:
            if question is None:
                return [BotMessage(Kind.ERROR, "There's no question open just now.")]
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
        if command is Command.SKIP and question is not None:
            if question.id in self._answers:  # revisited: moving on keeps the answer
                return [BotMessage(Kind.ACK, "Kept as it was."), *self._ask_next()]
            return self._record(question, AnswerValue(special=Special.SKIPPED), "skip")
        if command is Command.KEEP:
            if question is not None and question.id in self._answers:
                return [BotMessage(Kind.ACK, "Kept as it was."), *self._ask_next()]
            return [BotMessage(Kind.ERROR, "There's no earlier answer here to keep.")]
        if command is Command.HELP:
            return [BotMessage.listed(Kind.HELP, HELP, HELP_COLUMN)]
        if command is Command.WHY:
            if question is None:
                return [BotMessage(Kind.ERROR, "There's no question open just now.")]
            return [BotMessage(Kind.HELP, f"Why this matters: {question.help}", question.id)]
        if command is Command.LEVELS:
            if question is None:
                return [BotMessage(Kind.ERROR, "There's no question open just now.")]
            return [self._levels_message(question)]
        if command is Command.NOTE:
            return self._note(argument)
        if command is Command.BACK:
            return self._back()
        if command is Command.PROGRESS:
            return [self._progress()]
        if command is Command.SUMMARY:
            self._refresh()
            result = profile(self.bank_set, self._answers)
            return [summary_message("The profile so far:", result)]
        if command is Command.PAUSE:
            self.paused = True
            self._pending = None
            return [
                BotMessage(
                    Kind.INFO,
                    f"{_saved(len(self._answers)).capitalize()}. To carry on later: "
                    f"{self.resume_command}",
                )
            ]
        return [BotMessage(Kind.ERROR, "There's no question open just now.")]

    def _pick(self, question: Question, command: Command, note: str) -> list[BotMessage]:
        """A reply to a proposal that picks by position: "the other one", "one lower"."""
        assert self._pending is not None
        reading, words = self._pending
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
            self._pending = None
            return [self._levels_message(question, closing="Which fits best? Give the number.")]
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

    def _note(self, text: str) -> list[BotMessage]:
        if not text:
            return [
                BotMessage(
                    Kind.ERROR, "What's the note? For example: note The ISA was signed in May."
                )
            ]
        target = self.last_answered
        if target is None:
            return [BotMessage(Kind.ERROR, "There's no answer yet to add a note to: answer first.")]

        def save(seen: int) -> Answer:
            current = self.store.answer(self.assessment.id, target)
            earlier = current.note if current is not None else ""
            combined = f"{earlier}\n{text}" if earlier else text
            return self.store.set_note(self.assessment.id, target, combined, seen=seen)

        short = self.bank_set.question(target).text.split("?")[0][:60].rstrip()
        saved = [BotMessage(Kind.ACK, f'Note saved with your answer to "{short}…".', target)]
        offer = "Say 'keep' to leave it without your note, or 'add' to add your note to it."
        return self._save(target, save, lambda: saved, offer)

    def _back(self) -> list[BotMessage]:
        """The previous answer as it is in the store (another process may have changed it),
        taken as seen: a new answer replaces what was shown, and only that."""
        stored = self._refresh()
        order = [q for q in self._questions if q.id in self._answers and self._asked(q)]
        if self._current is not None:
            position = [q.id for q in self._questions].index(self._current.id)
            order = [q for q in order if [x.id for x in self._questions].index(q.id) < position]
        if not order:
            return [BotMessage(Kind.ERROR, "There's no earlier answer to go back to.")]
        previous = order[-1]
        self._current = previous
        self._pending = None
        self._last_answered = previous.id
        now = stored[previous.id]
        self._seen[previous.id] = now.revision
        if self._given.get(previous.id) == now.answer_value:
            was = f"You said {_said(now)}."
        else:
            # not "by": a note added here since names this process as the last to change it
            was = f"It was changed elsewhere (answered at {_at(now)}): it is now {_said(now)}."
        return [
            BotMessage(
                Kind.INFO,
                f"Back to the previous question. {was} Give a new answer, or 'keep' to leave it "
                "as it is.",
                previous.id,
            ),
            *self._ask(previous),
        ]

    def domain_progress(self) -> list[DomainProgress]:
        """Per domain: questions answered and questions that may still be asked, given the answers
        so far (once every condition is decided, as the summary counts them)."""
        found = []
        for bank in self.bank_set.banks:
            asked = [q for q in bank.questions if self._may_be_asked(q)]
            answered = [self._answers[q.id] for q in asked if q.id in self._answers]
            found.append(
                DomainProgress(
                    bank.id,
                    bank.title,
                    len(answered),
                    len(asked),
                    with_a_stage=sum(1 for a in answered if a.stage is not None),
                    undecided=sum(1 for q in asked if not self._asked(q)),
                )
            )
        return found

    def _progress(self) -> BotMessage:
        """Answered, and of those how many with a stage (the summary's count), per domain too; a
        domain whose count depends on answers to come says "up to"."""
        self._refresh()
        domains = self.domain_progress()
        given = [
            self._answers[q.id]
            for q in self._questions
            if q.id in self._answers and self._may_be_asked(q)
        ]
        kinds = [
            (sum(1 for a in given if a.stage is not None), "with a stage"),
            *((sum(1 for a in given if a.special is k), k.label) for k in _SPECIALS),
        ]
        answered = f"{len(given)} answered"
        if kinds[0][0] != len(given):
            answered += " (" + ", ".join(f"{n} {label}" for n, label in kinds if n) + ")"
        entries = []
        for d in domains:
            total = f"up to {d.total}" if d.undecided else str(d.total)
            line = f"{d.title}: {d.answered} of {total} answered"
            if d.with_a_stage != d.answered:
                line += f", {d.with_a_stage} with a stage"
            entries.append(Entry(line))
        listing = Listing((f"{answered}, {self._to_go()} to go.",), tuple(entries))
        return BotMessage.listed(Kind.PROGRESS, listing, 0)


_SPECIALS = (Special.SKIPPED, Special.NOT_APPLICABLE, Special.DONT_KNOW)


def _total_changed(said: int, now: int) -> str:
    """Why a domain's number of questions changed since it was last said."""
    if now < said:
        count = said - now
        left = "One question" if count == 1 else f"{count} questions"
        verb = "is" if count == 1 else "are"
        return f"{left} in this area {verb} left out because of an earlier answer."
    count = now - said
    more = "One more question" if count == 1 else f"{count} more questions"
    verb = "applies" if count == 1 else "apply"
    return f"{more} in this area {verb} now, because of a changed answer."
