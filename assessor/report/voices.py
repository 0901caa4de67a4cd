"""A workshop's voices for the report: every rating, the spread, the agreement, by organisation."""

from __future__ import annotations

from assessor.banks.loader import BankSet
from assessor.report.model import (
    DomainVoices,
    OrganisationAverage,
    QuestionVoices,
    VoiceRating,
    WorkshopInfo,
)
from assessor.scoring import Profile, one_decimal
from assessor.store.records import Answer, Participant
from assessor.workshop import NO_CONSENSUS, spread_of

WIDEST_SHOWN = 5


def _name(answer: Answer) -> str:
    return answer.stage.value if answer.stage else answer.special.value  # type: ignore[union-attr]


def _short(answer: Answer) -> str:
    if answer.stage is not None:
        return str(answer.stage.value_number)
    return "abstains" if answer.special.value == "skipped" else answer.special.label  # type: ignore[union-attr]


def disputes(bank_set: BankSet, answers: list[Answer], roster: list[Participant]) -> dict[str, str]:
    """Questions parked without consensus, with who said what (for the plan)."""
    names = {p.id: p.name for p in roster}
    parked = {
        a.question_id for a in answers if a.participant_id is None and a.words == NO_CONSENSUS
    }
    found = {}
    for question in bank_set.questions:
        if question.id in parked:
            said = [
                f"{names.get(a.participant_id or 0, '?')} {_short(a)}"
                for a in answers
                if a.question_id == question.id and a.participant_id is not None
            ]
            found[question.id] = ", ".join(said) or "no ratings"
    return found


def workshop_info(
    bank_set: BankSet, answers: list[Answer], roster: list[Participant], result: Profile
) -> WorkshopInfo:
    people = {p.id: p for p in roster}
    agreed = {a.question_id: a for a in answers if a.participant_id is None and a.in_bank}
    questions: list[QuestionVoices] = []
    for question in bank_set.questions:
        voices = [
            a for a in answers if a.question_id == question.id and a.participant_id is not None
        ]
        if not voices and question.id not in agreed:
            continue
        ratings = {
            a.participant_id: (
                None if a.special and a.special.value == "skipped" else a.answer_value
            )
            for a in voices
        }
        spread = spread_of(ratings, roster)  # type: ignore[arg-type]
        final = agreed.get(question.id)
        questions.append(
            QuestionVoices(
                question_id=question.id,
                domain_id=bank_set.bank_of(question.id).id,
                text=question.text,
                ratings=[
                    VoiceRating(
                        participant=people[a.participant_id].name,  # type: ignore[index]
                        organisation=people[a.participant_id].organisation,  # type: ignore[index]
                        answer=None if ratings[a.participant_id] is None else _name(a),  # type: ignore[arg-type]
                    )
                    for a in sorted(voices, key=lambda v: v.participant_id or 0)
                ],
                low=spread.low.value_number if spread.low else None,
                high=spread.high.value_number if spread.high else None,
                median=spread.median.value_number if spread.median else None,
                spread=spread.width,
                flagged=spread.flagged,
                agreed=_name(final) if final else None,  # type: ignore[arg-type]
                rationale=final.rationale if final else "",
                no_consensus=bool(final and final.words == NO_CONSENSUS),
            )
        )
    weights = {q.id: q.weight for q in bank_set.questions}
    organisations = sorted({p.organisation or p.name for p in roster})
    domains = []
    for domain in result.domains:
        averages = []
        for organisation in organisations:
            total = weight = 0.0
            for a in answers:
                person = people.get(a.participant_id) if a.participant_id is not None else None
                if person is None or (person.organisation or person.name) != organisation:
                    continue
                if a.stage is None or not a.question_id.startswith(domain.bank_id + "."):
                    continue
                total += weights.get(a.question_id, 1.0) * a.stage.value_number
                weight += weights.get(a.question_id, 1.0)
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
    widest = sorted((q for q in questions if q.spread > 0), key=lambda q: -q.spread)
    return WorkshopInfo(
        questions=questions, domains=domains, widest=[q.question_id for q in widest[:WIDEST_SHOWN]]
    )
