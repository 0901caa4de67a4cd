"""The question flow: the greeting, each question asked in its domain, the skipped ones offered
again, and the end with the profile.

`Asking` is the base of `Conversation` (`engine`): the reading of answers (`answering`) and the
commands (`chat_commands`) build on it. Its public methods are the hooks a kind of conversation
(the workshop) changes: `minutes_to_go`, `skipped`, `ask`, `ask_next`, `finish`.
"""

from __future__ import annotations

import textwrap

from assessor.analysis.scoring import profile
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.saving import Writes
from assessor.conversation.session import Session
from assessor.conversation.wording import (
    OPTIONS_LINE,
    areas_text,
    options_for,
    questions_text,
    saved_text,
    summary_message,
)
from assessor.partnership_names import the_partnership
from assessor.store.store import Store
from assessor.text.profile import coverage_sentence, partly_scored_sentence


class Asking:
    HINT = (
        "Answer with a number, a stage, or in your own words; 'levels' shows what each "
        "stage looks like here, 'why' says why it matters."
    )

    def __init__(self, store: Store, assessment_id: str, bank_set: BankSet) -> None:
        self.session = Session(store, assessment_id, bank_set)
        self.writes = Writes(self.session)
        self.paused = False
        # how to carry on later; a face may add its own option ("--plain")
        self.resume_command = f"assessor resume {self.session.assessment.id}"

    # -- hooks --------------------------------------------------------------------------------

    def minutes_to_go(self) -> float:
        """One voice reading and answering the questions still to answer, as `banks list`
        counts them (`assessor.banks.timing`)."""
        from assessor.banks.timing import expected_minutes

        session = self.session
        return expected_minutes(
            q for q in session.questions if q.id not in session.answers and session.may_be_asked(q)
        )

    def skipped(self) -> list[str]:
        """The questions skipped, to offer again at the end."""
        return self.session.skipped()

    def start(self) -> list[BotMessage]:
        """The greeting and the first question (or where a resumed assessment stopped)."""
        return [BotMessage(Kind.INFO, self._greeting()), *self.ask_next(resumed=True)]

    def ask_next(self, resumed: bool = False) -> list[BotMessage]:
        """The next question; at the end, the skipped ones offered again, else the finish."""
        session = self.session
        session.pending = None
        session.current = session.next_unanswered(self.skipped)
        if session.current is None:
            skipped = self.skipped()
            if skipped and not session.skipped_offered:
                session.offering_skipped = session.skipped_offered = True
                last = "" if resumed else "That's the last question. "
                return [
                    BotMessage(
                        Kind.CONFIRM,
                        f"{last}You skipped {questions_text(len(skipped))} — go back to "
                        f"{'it' if len(skipped) == 1 else 'them'} now? Say yes, or no to finish.",
                    )
                ]
            return self.finish()
        return self.ask(session.current)

    def ask(self, question: Question) -> list[BotMessage]:
        """The question, numbered in its domain, with the domain introduced the first time."""
        session = self.session
        messages: list[BotMessage] = []
        bank = session.bank_set.bank_of(question.id)
        # numbered by the questions asked: one left out by its condition leaves no gap, and
        # the total drops by one (a question still undecided is counted until it is left out)
        asked = [q.id for q in bank.questions if session.may_be_asked(q) or q.id == question.id]
        if bank.id not in session.introduced:
            session.introduced.add(bank.id)
            messages.append(
                BotMessage(
                    Kind.INFO, f"{bank.title} ({questions_text(len(asked))}). {bank.description}"
                )
            )
        elif (said := session.totals.get(bank.id)) is not None and len(said) != len(asked):
            changed = _total_changed(session.bank_set, said, asked)
            messages.append(BotMessage(Kind.INFO, changed, question.id))
        session.totals[bank.id] = tuple(asked)
        position = asked.index(question.id) + 1
        lines = [f"{bank.title}, question {position} of {len(asked)}:", question.text]
        lines.append(OPTIONS_LINE)
        if not session.hinted:
            session.hinted = True
            lines.append(self.HINT)
        messages.append(
            BotMessage(Kind.QUESTION, "\n".join(lines), question.id, options_for(question))
        )
        return messages

    def finish(self) -> list[BotMessage]:
        """The assessment marked complete, and the profile with where the plan and report are."""
        session = self.session
        session.refresh()
        session.complete()
        result = profile(session.bank_set, session.answers)
        lines = []
        if result.overall_stage is not None:
            lines.append(
                f"Overall: {result.overall_stage.value} ({result.overall:.1f} of 5), from "
                f"{coverage_sentence(result.answered, result.asked, result.may_add)}."
            )
        if result.low_coverage:
            lines.append("Under half the questions have a stage, so treat this as provisional.")
        if partly := partly_scored_sentence([d.title for d in result.partly_scored]):
            lines.append(partly)
        assessment_id = session.assessment.id
        pointer = (
            f"Your answers are saved as assessment {assessment_id}. The action plan: "
            f"'assessor plan {assessment_id}'; the full report: 'assessor report "
            f"{assessment_id} --format html -o report.html'. Type 'back' to change an answer."
        )
        heading = "That's every question. Here is your profile by domain:"
        return [summary_message(heading, result, lines), BotMessage(Kind.POINTER, pointer)]

    # -- the greeting -------------------------------------------------------------------------

    def _greeting(self) -> str:
        """Hello, or welcome back with what is saved and what is left."""
        session = self.session
        remaining = session.at_most_remaining()
        minutes = max(5, round(self.minutes_to_go() / 5) * 5)
        partnership = session.assessment.partnership
        if session.answers and not remaining:
            done = (
                "This assessment is complete."
                if session.assessment.status == "complete"
                else "You have been through every question."
            )
            text = f"Welcome back to the assessment for {partnership}. {done}"
            if not self.skipped():  # else the next message offers them, and nothing more here
                text += " 'back' revisits the last answer, 'summary' shows the profile."
            return text
        if session.answers:
            return (
                f"Welcome back to the assessment for {partnership}. "
                f"{saved_text(len(session.answers))}; {session.to_go()} to go "
                f"(about {minutes} minutes). We'll pick up where you stopped."
            )
        banks = ", ".join(b.title for b in session.bank_set.banks)
        return (
            "Hello. This is a self-assessment of how joined-up "
            f"{the_partnership(partnership)} is for family hubs, along the "
            "continuum isolation, communication, coordination, collaboration, integration.\n"
            f"We'll go through {session.to_go()} in {areas_text(len(session.bank_set.banks))} "
            f"({banks}); it takes about {minutes} minutes. Every answer is saved as you give "
            f"it, so you can stop at any time and carry on later. Type 'help' for what you "
            f"can say."
        )


def _total_changed(bank_set: BankSet, said: tuple[str, ...], now: list[str]) -> str:
    """Why a domain's number of questions changed since it was last said: which questions are
    left out, or asked now, and the earlier answer each depends on."""
    if len(now) < len(said):
        gone = [bank_set.question(q) for q in said if q not in now]
        why = [_because(bank_set, q, "is not asked, because of your answer to") for q in gone]
        if len(why) == 1:
            return f"One question in this area is left out: {why[0]}"
        lines = [f"{len(why)} questions in this area are left out because of earlier answers:"]
        return "\n".join([*lines, *(f"  {w}" for w in why)])
    added = [bank_set.question(q) for q in now if q not in said]
    why = [_because(bank_set, q, "is asked now, because of your changed answer to") for q in added]
    if len(why) == 1:
        return f"One more question in this area applies: {why[0]}"
    lines = [f"{len(why)} more questions in this area apply now, because of changed answers:"]
    return "\n".join([*lines, *(f"  {w}" for w in why)])


def _because(bank_set: BankSet, question: Question, why: str) -> str:
    """ "'<question>' is not asked, because of your answer to '<earlier question>'.", each
    shortened."""
    text = f"'{_short(question.text)}' {why}"
    if question.ask_if is not None and question.ask_if.question in {
        q.id for q in bank_set.questions
    }:
        text += f" '{_short(bank_set.question(question.ask_if.question).text)}'"
    else:
        text += " an earlier question"
    return text + "."


def _short(text: str, width: int = 60) -> str:
    return textwrap.shorten(text, width, placeholder="…")
