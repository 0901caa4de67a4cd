"""Starting an assessment, and picking one up again against the banks installed now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessor.analysis.summaries import banks_used
from assessor.answers import AnswerValue
from assessor.banks.bank_set import BankSet
from assessor.store.errors import StoreError
from assessor.store.records import AnswerFacts, Assessment, BankUse, Mode, answer_map
from assessor.store.store import Store


@dataclass(frozen=True)
class Resumed:
    assessment: Assessment
    bank_set: BankSet
    answers: dict[str, AnswerValue]
    removed: list[str]  # answered earlier, no longer in the banks: kept, marked
    updated: list[tuple[str, str, str]]  # (bank id, version then, version now)


def _uses(bank_set: BankSet) -> list[BankUse]:
    """The banks an assessment of `bank_set` uses, at their versions (validated with the banks)."""
    return [BankUse.model_construct(bank_id=b.id, version=b.version) for b in bank_set.banks]


def resume(store: Store, assessment_id: str, installed: BankSet) -> Resumed:
    """Bring an assessment up to the installed banks: new questions will be asked, answers to
    removed ones stay on record marked as no longer in the bank, and new versions are noted."""
    assessment = store.assessment(assessment_id)
    bank_set, missing = banks_used(assessment, installed)
    if missing:
        raise StoreError(
            f"assessment {assessment_id} uses bank(s) not installed here: {', '.join(missing)}"
        )
    then = {b.bank_id: b.version for b in assessment.banks}
    updated = [(b.id, then[b.id], b.version) for b in bank_set.banks if then[b.id] != b.version]
    if updated:
        store.update_banks(assessment_id, _uses(bank_set))
    removed = store.mark_bank_changes(assessment_id, {q.id for q in bank_set.questions})
    store.record_questions(assessment_id, ((q.id, q.text) for q in bank_set.questions))
    answers = answer_map(store.answers(assessment_id))
    return Resumed(store.assessment(assessment_id), bank_set, answers, removed, updated)


def begin(
    store: Store, partnership: str, bank_set: BankSet, lead: str = "", mode: Mode = "individual"
) -> Assessment:
    """A new assessment of these banks, with the wording of every question recorded."""
    assessment = store.create_assessment(
        partnership,
        _uses(bank_set),
        mode=mode,
        lead=lead,
    )
    store.record_questions(assessment.id, ((q.id, q.text) for q in bank_set.questions))
    return assessment


def discard_if_unanswered(
    store: Store, assessment_id: str, people_given: Sequence[str] = ()
) -> bool:
    """Remove an assessment in which nothing was said that is not on the command line again:
    no answer or rating, and nobody added to the room but `people_given`. True if removed, so
    that an empty input or a mistyped script leaves no empty assessment behind."""
    if store.answers(assessment_id, voices=True):
        return False
    given = set(people_given)
    if any(p.name not in given for p in store.participants(assessment_id, include_removed=True)):
        return False
    store.delete_assessment(assessment_id)
    return True


@dataclass(frozen=True)
class AreaClash:
    """A new assessment not made: the partnership's area is another than the one given."""

    partnership: str
    area: str  # the partnership's area now
    given: str


@dataclass(frozen=True)
class NewAssessment:
    """What a new assessment starts with besides its partnership and banks: the partnership's
    area (recorded for a new partnership or one without; changed only when `change_area`) and
    who answers."""

    area: str = ""
    lead: str = ""
    change_area: bool = False

    def make(
        self, store: Store, partnership: str, bank_set: BankSet, mode: Mode = "individual"
    ) -> str | AreaClash:
        """The new assessment's id, or the clash of areas that stopped it being made."""
        area, lead = " ".join(self.area.split()), " ".join(self.lead.split())
        if area:
            known = store.find_partnership(partnership)
            if known is not None and known.area and known.area != area:
                if not self.change_area:
                    return AreaClash(known.name, known.area, area)
                store.set_area(known.name, area)
            store.partnership(partnership, area)
        return begin(store, partnership, bank_set, lead=lead, mode=mode).id


def prefill_from(store: Store, workshop_id: str, individual_ids: list[str]) -> list[str]:
    """Start a workshop's ratings from its participants' own self-assessments.

    Each individual assessment's lead must be on the workshop's roster (by name or initials);
    their answers become that person's ratings, marked as coming from that assessment. Returns
    one line per assessment used.
    """
    from assessor.analysis.workshop import match_people

    workshop = store.assessment(workshop_id)
    asked = set(store.questions_of([workshop_id])[workshop_id])
    roster = store.participants(workshop_id)
    used = []
    for individual_id in individual_ids:
        individual = store.assessment(individual_id)
        if individual.partnership != workshop.partnership:
            raise StoreError(
                f"assessment {individual_id} is of {individual.partnership}, "
                f"not {workshop.partnership}"
            )
        people = match_people(individual.lead, roster) if individual.lead else []
        if len(people) != 1:
            raise StoreError(
                f"assessment {individual_id} was answered by "
                f"'{individual.lead or 'nobody named'}', who is not on the workshop's roster; "
                "add them first"
            )
        count = 0
        for answer in store.answers(individual_id):
            if answer.question_id in asked and answer.in_bank:
                store.record_answer(
                    workshop_id,
                    answer.question_id,
                    answer.answer_value,
                    f"self-assessment {individual_id}",
                    answer.note,
                    participant_id=people[0].id,
                    facts=AnswerFacts(prefilled_from=individual_id),
                )
                count += 1
        used.append(f"{people[0].name}: {count} ratings from assessment {individual_id}")
    return used
