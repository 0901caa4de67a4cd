"""Gathering one assessment's report from the store."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from assessor.answers import is_asked
from assessor.banks.loader import BankSet
from assessor.continuum import Stage
from assessor.planning import Plan, build_plan
from assessor.report.model import Report, build_report
from assessor.report.voices import disputes, workshop_info
from assessor.scoring import profile
from assessor.store.errors import StoreError
from assessor.store.records import answer_map
from assessor.store.store import Store
from assessor.summaries import banks_used


def plan_for(
    store: Store, assessment_id: str, installed: BankSet, targets: Mapping[str, Stage]
) -> tuple[BankSet, Plan]:
    assessment = store.assessment(assessment_id)
    bank_set, _ = banks_used(assessment, installed)
    unknown = sorted(set(targets) - {b.id for b in bank_set.banks})
    if unknown:
        raise StoreError(
            f"assessment {assessment_id} has no domain '{unknown[0]}' to set a target for; "
            f"its domains are: {', '.join(b.id for b in bank_set.banks)}"
        )
    answers = store.answers(assessment_id)
    notes = {a.question_id: a.note for a in answers}
    parked = {}
    if assessment.mode == "workshop":
        voices = store.answers(assessment_id, voices=True)
        parked = disputes(bank_set, voices, store.participants(assessment_id, include_removed=True))
    return bank_set, build_plan(bank_set, answer_map(answers), notes, targets, parked)


def report_for(
    store: Store,
    assessment_id: str,
    installed: BankSet,
    targets: Mapping[str, Stage] | None = None,
    now: datetime | None = None,
) -> Report:
    assessment = store.assessment(assessment_id)
    bank_set, plan = plan_for(store, assessment_id, installed, targets or {})
    answers = store.answers(assessment_id)
    values = answer_map(answers)
    known = {q.id for q in bank_set.questions}
    asked = {q.id: is_asked(q, values, known) for q in bank_set.questions}
    roster = store.participants(assessment_id, include_removed=True)
    result = profile(bank_set, values)
    report = build_report(
        assessment, bank_set, answers, roster, result, plan, asked, now or datetime.now(UTC)
    )
    if assessment.mode == "workshop":
        voices = store.answers(assessment_id, voices=True)
        report = report.model_copy(
            update={"workshop": workshop_info(bank_set, voices, roster, result)}
        )
    return report
