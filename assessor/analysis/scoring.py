"""Scores on the continuum: per question, per domain (bank) and overall. Pure functions.

A domain's score is the weight-averaged stage value (1-5) of its questions answered with a
stage. Not applicable, don't know and skipped answers are left out of the average and reported as
coverage. Scores are given to one decimal place (halves rounded up), and that shown value is what
`stage_for_score` bands, so a score never reads as one stage and bands as another.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from assessor.answers import AnswerValue, Special, is_asked
from assessor.continuum import Stage

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.banks.models import Question

LOW_COVERAGE = 0.5  # under half of the questions asked answered with a stage
# Domains under half a stage apart differ by less than one answer's move: no strongest or weakest.
STANDS_OUT_BY = 0.5


def one_decimal(value: float) -> float:
    """`value` to one decimal place, halves rounded up (2.45 -> 2.5, as people round)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def stage_for_score(score: float) -> Stage:
    """The nearest stage; a score exactly half-way stays at the lower stage.

    isolation 1.0-1.5, communication over 1.5-2.5, coordination over 2.5-3.5,
    collaboration over 3.5-4.5, integration over 4.5-5.0. A stage is claimed only once a score
    is more than half-way to it, so the banding never flatters.
    """
    if not 1.0 <= score <= 5.0:
        raise ValueError(f"a score lies between 1 and 5, not {score}")
    number = 1
    while number < 5 and score > number + 0.5:
        number += 1
    return Stage.from_number(number)


@dataclass(frozen=True)
class DomainScore:
    bank_id: str
    title: str
    score: float | None
    stage: Stage | None
    answered: int  # answered with a stage
    asked: int  # questions that apply (after ask_if), answered or not
    not_applicable: int = 0
    dont_know: int = 0
    skipped: int = 0
    unanswered: int = 0
    exact: float | None = None  # the unrounded score, for averaging across domains
    # questions not counted in `asked` that an answer still to come may add: their ask_if names
    # a question not answered yet ("0 of 5 answered, up to 6")
    may_add: int = 0

    @property
    def responded(self) -> int:
        """Questions asked that have any answer: a stage, not applicable, don't know, skipped
        (the progress's "done")."""
        return self.asked - self.unanswered

    @property
    def coverage(self) -> float:
        return self.answered / self.asked if self.asked else 0.0

    @property
    def low_coverage(self) -> bool:
        return self.coverage < LOW_COVERAGE


@dataclass(frozen=True)
class Profile:
    domains: list[DomainScore]
    overall: float | None
    overall_stage: Stage | None
    weakest: list[str] = field(default_factory=list)
    strongest: list[str] = field(default_factory=list)
    answered: int = 0
    asked: int = 0
    may_add: int = 0  # as a domain's, over all of them

    @property
    def coverage(self) -> float:
        return self.answered / self.asked if self.asked else 0.0

    @property
    def low_coverage(self) -> bool:
        return self.coverage < LOW_COVERAGE

    @property
    def partly_scored(self) -> list[DomainScore]:
        """The domains scored from under half their questions, when the overall score averages
        more than one domain: each counts in it as fully as a domain answered throughout."""
        scored = [d for d in self.domains if d.score is not None]
        return [d for d in scored if d.low_coverage] if len(scored) > 1 else []


def undecided(question: Question, answers: Mapping[str, AnswerValue], known: set[str]) -> bool:
    """Whether `question` is asked or not depending on an answer still to come: its ask_if
    names a question of the assessment that has no answer yet."""
    condition = question.ask_if
    return (
        condition is not None and condition.question in known and condition.question not in answers
    )


def score_domain(
    bank_id: str,
    bank_set: BankSet,
    answers: Mapping[str, AnswerValue],
    known: set[str] | None = None,
) -> DomainScore:
    """`known`: the ids of the set's questions, when the caller has them (`profile`)."""
    bank = bank_set.bank(bank_id)
    known = {q.id for q in bank_set.questions} if known is None else known
    total = weights = 0.0
    counts = dict.fromkeys(Special, 0)
    answered = asked = unanswered = may_add = 0
    for question in bank.questions:
        if question.ask_if is not None and not is_asked(question, answers, known):
            may_add += undecided(question, answers, known)
            continue
        asked += 1
        answer = answers.get(question.id)
        if answer is None:
            unanswered += 1
        elif answer.special is not None:
            counts[answer.special] += 1
        else:
            assert answer.stage is not None
            answered += 1
            total += question.weight * answer.stage.value_number
            weights += question.weight
    exact = total / weights if weights else None
    score = one_decimal(exact) if exact is not None else None
    return DomainScore(
        bank_id=bank.id,
        title=bank.title,
        score=score,
        stage=stage_for_score(score) if score is not None else None,
        answered=answered,
        asked=asked,
        not_applicable=counts[Special.NOT_APPLICABLE],
        dont_know=counts[Special.DONT_KNOW],
        skipped=counts[Special.SKIPPED],
        unanswered=unanswered,
        exact=exact,
        may_add=may_add,
    )


def profile(bank_set: BankSet, answers: Mapping[str, AnswerValue]) -> Profile:
    """Every domain's score and the overall one: the mean of the domain scores.

    Domains count equally in the overall score, so a bank with more questions does not outweigh
    the others; a domain with no answer that is a stage has no score and is left out.
    """
    known = {q.id for q in bank_set.questions}
    domains = [score_domain(bank.id, bank_set, answers, known) for bank in bank_set.banks]
    scored = [d for d in domains if d.score is not None]
    exacts = [d.exact for d in scored if d.exact is not None]  # a domain with a score has both
    exact = sum(exacts) / len(exacts) if exacts else None
    overall = one_decimal(exact) if exact is not None else None
    low = min((d.score for d in scored if d.score is not None), default=None)
    high = max((d.score for d in scored if d.score is not None), default=None)
    return Profile(
        domains=domains,
        overall=overall,
        overall_stage=stage_for_score(overall) if overall is not None else None,
        weakest=[d.bank_id for d in scored if d.score == low],
        strongest=[d.bank_id for d in scored if d.score == high],
        answered=sum(d.answered for d in domains),
        asked=sum(d.asked for d in domains),
        may_add=sum(d.may_add for d in domains),
    )


def none_stands_out(scores: Sequence[float], unscored: int = 0) -> str | None:
    """The sentence said in place of a strongest and a weakest domain when the highest and the
    lowest of two or more domain `scores` are under `STANDS_OUT_BY` apart; None when one does
    stand out (or there are fewer than two). `unscored`: domains with no score, left out."""
    if len(scores) < 2:
        return None
    low, high = min(scores), max(scores)
    if round(high - low, 1) >= STANDS_OUT_BY:
        return None
    bottom, top = stage_for_score(low), stage_for_score(high)
    stages = bottom.value if bottom is top else f"{bottom.value} to {top.value}"
    every = "every domain with a score" if unscored else "every domain"
    span = f"{low:.1f}" if low == high else f"between {low:.1f} and {high:.1f}"
    return f"No domain stands out: {every} scored {span} of 5 ({stages})."


def skipped_among(
    bank_set: BankSet, answers: Mapping[str, AnswerValue], question_ids: Collection[str]
) -> dict[str, int]:
    """Per domain id: how many of `question_ids` are asked and recorded as skipped.

    A workshop records a question parked without consensus as skipped; this counts those apart,
    from the same answers and the same asked questions as `score_domain`, so the counts add up.
    """
    known = {q.id for q in bank_set.questions}
    found: dict[str, int] = {}
    for bank in bank_set.banks:
        for question in bank.questions:
            answer = answers.get(question.id)
            if (
                question.id in question_ids
                and answer is not None
                and answer.special is Special.SKIPPED
                and is_asked(question, answers, known)
            ):
                found[bank.id] = found.get(bank.id, 0) + 1
    return found
