"""Starting an assessment, and picking one up again against the banks installed now."""

from __future__ import annotations

from dataclasses import dataclass

from assessor.answers import AnswerValue
from assessor.banks.loader import BankSet
from assessor.store.errors import StoreError
from assessor.store.records import Assessment, BankUse, answer_map
from assessor.store.store import Store
from assessor.summaries import banks_used


@dataclass(frozen=True)
class Resumed:
    assessment: Assessment
    bank_set: BankSet
    answers: dict[str, AnswerValue]
    removed: list[str]  # answered earlier, no longer in the banks: kept, marked
    updated: list[tuple[str, str, str]]  # (bank id, version then, version now)


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
        store.update_banks(
            assessment_id, [BankUse(bank_id=b.id, version=b.version) for b in bank_set.banks]
        )
    removed = store.mark_bank_changes(assessment_id, {q.id for q in bank_set.questions})
    store.record_questions(assessment_id, ((q.id, q.text) for q in bank_set.questions))
    answers = answer_map(store.answers(assessment_id))
    return Resumed(store.assessment(assessment_id), bank_set, answers, removed, updated)


def begin(
    store: Store, partnership: str, bank_set: BankSet, lead: str = "", mode: str = "individual"
) -> Assessment:
    """A new assessment of these banks, with the wording of every question recorded."""
    assessment = store.create_assessment(
        partnership,
        [BankUse(bank_id=b.id, version=b.version) for b in bank_set.banks],
        mode=mode,  # type: ignore[arg-type]
        lead=lead,
    )
    store.record_questions(assessment.id, ((q.id, q.text) for q in bank_set.questions))
    return assessment
