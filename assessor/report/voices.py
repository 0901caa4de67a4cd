"""A workshop's voices for the report: every rating, the spread, the agreement, by organisation.

Only the ratings that count are used (`assessor.analysis.workshop.counted_voices`): everyone in
the room, and anyone who has left for the questions agreed before they left. Beside the rating
each person holds now is their first one, the one the room saw when the spread was first shown
(`assessor.analysis.workshop.first_voices`): the first spread, who moved after discussion, and
every word each person said are kept. The widest disagreement is ranked by the first spread, and
each organisation's average is of its people's first ratings: how each saw the question before
the room swayed anyone, beside the agreed score the discussion reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assessor.analysis.scoring import Profile, one_decimal
from assessor.analysis.workshop import (
    FirstVoice,
    Spread,
    counted_voices,
    first_ratings,
    first_voices,
    is_parked,
    parked_questions,
    ratings_by_question,
    said,
    self_assessments_used,
    spread_of,
    widest,
)
from assessor.answers import AnswerValue, Special, is_asked
from assessor.banks.bank_set import BankSet
from assessor.report.model.parts import AnswerName, answer_name
from assessor.report.model.workshop import (
    DomainVoices,
    FirstSpread,
    OrganisationAverage,
    OrganisationSplit,
    QuestionVoices,
    SelfAssessmentUsed,
    VoiceRating,
    WorkshopInfo,
)
from assessor.store.records import Answer, Participant, RevisedAnswer

WIDEST_SHOWN = 5


def _name(answer: AnswerValue | Answer) -> AnswerName:
    return answer_name(answer if isinstance(answer, AnswerValue) else answer.answer_value)


def disputes(bank_set: BankSet, answers: list[Answer], roster: list[Participant]) -> dict[str, str]:
    """Questions parked without consensus, with who said what (for the plan)."""
    parked = parked_questions(answers)
    ratings = ratings_by_question(answers, roster)
    found = {}
    for question in bank_set.questions:
        if question.id in parked:
            given = spread_of(ratings.get(question.id, {}), roster).given
            found[question.id] = ", ".join(f"{p.name} {said(a)}" for p, a in given) or "no ratings"
    return found


def unsure(bank_set: BankSet, answers: list[Answer], roster: list[Participant]) -> dict[str, str]:
    """Questions someone in the workshop rated don't know, with their names (for the plan)."""
    ratings = ratings_by_question(answers, roster)
    found = {}
    for question in bank_set.questions:
        given = spread_of(ratings.get(question.id, {}), roster).given
        names = [p.name for p, a in given if a is not None and a.special is Special.DONT_KNOW]
        if names:
            found[question.id] = (
                names[0] if len(names) == 1 else (", ".join(names[:-1]) + " and " + names[-1])
            )
    return found


def _split(spread: Spread) -> OrganisationSplit | None:
    if not spread.split:
        return None
    organisation, average, others = spread.split
    return OrganisationSplit(
        organisation=organisation, average=one_decimal(average), others=one_decimal(others)
    )


def _spread_fields(spread: Spread) -> dict[str, Any]:
    """A spread as the report states it, for the first ratings (`FirstSpread`) and for the
    ratings that count now (`QuestionVoices`) alike."""
    return {
        "low": spread.low.value_number if spread.low else None,
        "high": spread.high.value_number if spread.high else None,
        "median": spread.median.value_number if spread.median else None,
        "spread": spread.width,
        "flagged": spread.flagged,
        "wide": spread.wide,
        "split": _split(spread),
    }


def _voice(
    person: Participant, answer: AnswerValue | None, comment: str, first: FirstVoice | None
) -> VoiceRating:
    first_answer = answer if first is None else first.first
    words = first.words if first is not None else ()
    return VoiceRating(
        participant=person.name,
        organisation=person.organisation,
        answer=None if answer is None else _name(answer),
        comment=comment,
        first_answer=None if first_answer is None else _name(first_answer),
        moved=first_answer != answer,
        earlier_comments=[w for w in words if w != " ".join(comment.split())],
    )


def _question(
    bank_set: BankSet,
    question_id: str,
    spreads: tuple[Spread, Spread],
    final: Answer | None,
    comments: dict[int, str],
    firsts: dict[int, FirstVoice],
) -> QuestionVoices:
    """`spreads`: the ratings that count now, and everyone's first ratings."""
    question = bank_set.question(question_id)
    spread, first = spreads
    return QuestionVoices(
        question_id=question_id,
        domain_id=bank_set.bank_of(question_id).id,
        text=question.text,
        ratings=[
            _voice(person, answer, comments.get(person.id, ""), firsts.get(person.id))
            for person, answer in spread.given
        ],
        **_spread_fields(spread),
        first=FirstSpread(**_spread_fields(first)),
        agreed=_name(final) if final else None,
        rationale=final.rationale if final else "",
        no_consensus=final is not None and is_parked(final),
    )


def _organisation_averages(
    bank_set: BankSet,
    firsts: Mapping[str, Mapping[int, AnswerValue | None]],
    roster: list[Participant],
    result: Profile,
    scored: set[str],
) -> list[DomainVoices]:
    """Per domain, each organisation's weighted mean of its people's first ratings (`firsts`:
    per question, of the ratings that count), over the questions the agreed score counts
    (`scored`: asked and agreed on a stage), so the two stand side by side on the same
    questions: a question parked, agreed not applicable or left out by an ask_if weighs in
    neither."""
    people = {p.id: p for p in roster}
    weights = {q.id: q.weight for q in bank_set.questions}
    organisations = sorted({p.organisation or p.name for p in roster})
    domains = []
    for domain in result.domains:
        in_domain = {q.id for q in bank_set.bank(domain.bank_id).questions}
        averages = []
        for organisation in organisations:
            total = weight = 0.0
            for question_id, rated in firsts.items():
                if question_id not in in_domain or question_id not in scored:
                    continue
                for participant_id, answer in rated.items():
                    person = people.get(participant_id)
                    if person is None or (person.organisation or person.name) != organisation:
                        continue
                    if answer is None or answer.stage is None:
                        continue
                    total += weights[question_id] * answer.stage.value_number
                    weight += weights[question_id]
            averages.append(
                OrganisationAverage(
                    organisation=organisation,
                    average=one_decimal(total / weight) if weight else None,
                )
            )
        domains.append(
            DomainVoices(
                domain_id=domain.bank_id, agreed_score=domain.score, organisations=averages
            )
        )
    return domains


def _scored(bank_set: BankSet, agreed: Mapping[str, Answer]) -> set[str]:
    """The questions the agreed score counts: asked (ask_if applied to the agreed answers) and
    agreed on a stage."""
    values = {qid: a.answer_value for qid, a in agreed.items()}
    known = {q.id for q in bank_set.questions}
    return {
        q.id
        for q in bank_set.questions
        if q.id in agreed and agreed[q.id].stage is not None and is_asked(q, values, known)
    }


def comments_by_question(counted: Iterable[Answer]) -> dict[str, dict[int, str]]:
    """Per question, each participant's comment on their rating (the rating's note): typed on
    their device in a room, or the words said for them when they were rated by the facilitator."""
    found: dict[str, dict[int, str]] = {}
    for answer in counted:
        if answer.participant_id is not None and answer.note.strip():
            found.setdefault(answer.question_id, {})[answer.participant_id] = answer.note.strip()
    return found


def workshop_info(
    bank_set: BankSet,
    answers: list[Answer],
    roster: list[Participant],
    result: Profile,
    history: list[RevisedAnswer],
) -> WorkshopInfo:
    """`answers`: the workshop's answers with every voice; `roster`: everyone, who left too;
    `history`: the earlier versions of its answers, oldest first."""
    counted = counted_voices(answers, roster)
    agreed = {a.question_id: a for a in counted if a.participant_id is None and a.in_bank}
    ratings = ratings_by_question(counted, roster)
    voices = first_voices(counted, history)
    firsts = first_ratings(voices)
    comments = comments_by_question(counted)
    first_spreads: dict[str, Spread] = {}
    questions: list[QuestionVoices] = []
    for question in bank_set.questions:
        if question.id not in ratings and question.id not in agreed:
            continue
        spread = spread_of(ratings.get(question.id, {}), roster)
        first = spread_of(firsts.get(question.id, {}), roster)
        first_spreads[question.id] = first
        final = agreed.get(question.id)
        said_here = comments.get(question.id, {})
        questions.append(
            _question(
                bank_set,
                question.id,
                (spread, first),
                final,
                said_here,
                voices.get(question.id, {}),
            )
        )
    return WorkshopInfo(
        questions=questions,
        domains=_organisation_averages(bank_set, firsts, roster, result, _scored(bank_set, agreed)),
        widest=widest(first_spreads, WIDEST_SHOWN),
        started_from=[
            SelfAssessmentUsed(participant=person, assessment_id=assessment_id, kept=kept)
            for person, assessment_id, kept in self_assessments_used(answers, roster)
        ],
    )
