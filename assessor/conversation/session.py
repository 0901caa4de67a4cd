"""The session's state: the answers as this conversation knows them, where it stands, and the
counts worked out from them (what is asked, what is left, what was skipped).

One `Session` per conversation, shared by its parts (asking, answering, the commands, the
writes) and by a kind of conversation built on it (the workshop): its fields are public so
that none of them reaches into another's private state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assessor.analysis.scoring import profile
from assessor.answers import AnswerValue, Special, is_asked
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.understanding.reading import Reading
from assessor.conversation.wording import questions_text
from assessor.store.records import Answer, answer_map
from assessor.store.store import Store


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
    answered: int  # done: asked and given any answer, skipped included
    total: int  # questions that may still be asked, those with an undecided condition included
    with_a_stage: int = 0  # the summary's "answered"
    undecided: int = 0  # of the total: asked or not depending on an answer still to come


class Session:
    """One conversation's view of an assessment, and where the conversation stands in it."""

    def __init__(self, store: Store, assessment_id: str, bank_set: BankSet) -> None:
        self.store = store
        self.assessment = store.assessment(assessment_id)
        self.bank_set = bank_set
        self.questions = bank_set.questions
        self.known = {q.id for q in self.questions}
        self.answers: dict[str, AnswerValue] = {}
        self.seen: dict[str, int] = {}  # question id -> revision of the answer as last seen
        self.refresh(seen=True)
        # question id -> the answer this conversation gave (or found on opening): what "you
        # said" may show; a different answer in the store was given elsewhere
        self.given: dict[str, AnswerValue] = dict(self.answers)
        self.current: Question | None = None
        self.pending: tuple[Reading, str] | None = None  # a reading put back, and the words
        self.last_answered: str | None = None
        self.introduced: set[str] = set()  # the domains whose introduction has been said
        # per domain: the questions last said to be in it (their number, as said)
        self.totals: dict[str, tuple[str, ...]] = {}
        self.hinted = False
        # the bot's last message listed the stages numbered: a number said next is a rating
        self.scale_shown = False
        # the bot's last message asked for a number ("give the number"): one said back is picked
        self.number_asked = False
        self.held_note: tuple[str, str] | None = None  # evidence typed before an answer
        # question id -> what the person said towards its answer before the answer itself (the
        # words a proposal was read from, a no with more after it): kept with the answer
        self.said_so_far: tuple[str, tuple[str, ...]] | None = None
        self.offering_skipped = False  # at the end, asking whether to revisit skipped ones
        self.skipped_offered = False
        self.revisit: list[str] = []

    def refresh(self, seen: bool = False) -> dict[str, Answer]:
        """The answers as they are in the store now (another process may have given some), so
        that progress and summaries show what is saved; `seen`: and take them as seen.

        Returns them by question id."""
        stored = self.store.answers(self.assessment.id)
        self.answers = {k: v for k, v in answer_map(stored).items() if k in self.known}
        if seen:
            self.seen = {a.question_id: a.revision for a in stored}
        return {a.question_id: a for a in stored}

    def complete(self) -> None:
        """Mark the assessment complete, once every question has been through."""
        if self.assessment.status != "complete":
            self.assessment = self.store.set_status(self.assessment.id, complete=True)

    def asked(self, question: Question) -> bool:
        return is_asked(question, self.answers, self.known)

    def may_be_asked(self, question: Question) -> bool:
        condition = question.ask_if
        undecided = (
            condition is not None
            and condition.question in self.known
            and condition.question not in self.answers
        )
        return undecided or self.asked(question)

    def remaining(self) -> int:
        """Questions still to answer that will be asked, given the answers so far."""
        return sum(1 for q in self.questions if q.id not in self.answers and self.asked(q))

    def at_most_remaining(self) -> int:
        """Questions still to answer, counting those whose condition is not yet decided."""
        return sum(1 for q in self.questions if q.id not in self.answers and self.may_be_asked(q))

    def to_go(self) -> str:
        remaining, at_most = self.remaining(), self.at_most_remaining()
        if at_most <= remaining:
            return questions_text(remaining)
        return f"up to {questions_text(at_most)}"

    def skipped(self) -> list[str]:
        """The questions asked and skipped, not answered since."""
        return [
            q.id
            for q in self.questions
            if self.asked(q) and self.answers.get(q.id) == AnswerValue(special=Special.SKIPPED)
        ]

    def next_unanswered(self, skipped: Callable[[], list[str]]) -> Question | None:
        """The next question to ask: one being revisited that is still `skipped()`, else the
        first not answered that is asked."""
        while self.revisit:
            question_id = self.revisit.pop(0)
            if question_id in skipped():
                return self.bank_set.question(question_id)
        for question in self.questions:
            if question.id not in self.answers and self.asked(question):
                return question
        return None

    def took(self, question_id: str, answer: AnswerValue) -> None:
        """An answer given here is saved: it counts now, it is what "you said" shows, a note
        goes to it, and no proposal waits any more. A workshop's agreed answer too."""
        self.answers[question_id] = self.given[question_id] = answer
        self.last_answered = question_id
        self.pending = None
        self.said_so_far = None

    def keep_said(self, question_id: str, text: str) -> None:
        """Words said towards the answer to `question_id`, kept to be saved with it."""
        earlier = (
            self.said_so_far[1] if self.said_so_far and self.said_so_far[0] == question_id else ()
        )
        if text.strip() and text.strip() not in earlier:
            self.said_so_far = (question_id, (*earlier, text.strip()))

    def said_with(self, question_id: str, text: str = "") -> str:
        """The words an answer to `question_id` is saved with: what was said towards it on the
        way, then `text`, the words that gave it ("we have a steering group ... / 3")."""
        earlier = (
            self.said_so_far[1] if self.said_so_far and self.said_so_far[0] == question_id else ()
        )
        said = [*earlier, *([text.strip()] if text.strip() and text.strip() not in earlier else [])]
        return " / ".join(said)

    def domain_progress(self) -> list[DomainProgress]:
        """Per domain: questions done and questions that may still be asked, given the answers
        so far: counted by `scoring.profile`, as the summary, the results and the report count
        them, so that every view of one assessment gives the same numbers."""
        return [
            DomainProgress(
                d.bank_id,
                d.title,
                d.responded,
                d.asked + d.may_add,
                with_a_stage=d.answered,
                undecided=d.may_add,
            )
            for d in profile(self.bank_set, self.answers).domains
        ]
