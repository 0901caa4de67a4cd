"""Agreeing a question in a workshop: an agreed stage read from what the facilitator says,
agreed only on the ratings last shown, with the dissent kept; asking first where some in the
room have not rated ('done' or 'agree ...' before everyone has)."""

from __future__ import annotations

from assessor.analysis.workshop import spread_of
from assessor.answers import AnswerValue
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Question
from assessor.conversation.commands import Command, yes_or_no
from assessor.conversation.messages import BotMessage, Kind
from assessor.conversation.workshop.agreement import (
    Agreed,
    agreed_text,
    dissent_from,
    read_agreement,
)
from assessor.conversation.workshop.changes import changed_since
from assessor.conversation.workshop.phrasing import listed
from assessor.conversation.workshop.rating import RatingConversation
from assessor.conversation.workshop.vocabulary import ALL_RATED
from assessor.store.records import Answer, AnswerFacts, Participant
from assessor.store.store import Store


class AgreeingConversation(RatingConversation):
    """The conversation's part that agrees each question on the ratings shown, and asks first
    where some have not rated; `WorkshopConversation` is the whole."""

    def __init__(self, store: Store, assessment_id: str, bank_set: BankSet) -> None:
        # the question on which 'done' was said before everyone had rated: asked whether to
        # discuss without them, answered by the next line
        self._discuss_asked: str | None = None
        # the question, the words and the ratings then of an agreement asked for before everyone
        # rated it: asked whether to agree it anyway, answered by the next line
        self._agree_asked: tuple[str, str, dict[int, AnswerValue | None]] | None = None
        super().__init__(store, assessment_id, bank_set)

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
