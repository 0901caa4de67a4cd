"""Gathering one assessment's report from the store."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from assessor.analysis.planning import Plan, build_plan
from assessor.analysis.scoring import profile
from assessor.analysis.summaries import banks_used
from assessor.analysis.targets import TargetInUse, targets_in_use
from assessor.analysis.trends import compare
from assessor.analysis.workshop import parked_questions
from assessor.answers import is_asked
from assessor.banks.bank_set import BankSet
from assessor.continuum import Stage
from assessor.report.comparison import entries_for
from assessor.report.contents import build_report
from assessor.report.model import Report
from assessor.report.model.moved_since import MovedSince
from assessor.report.movement import movement
from assessor.report.peers import peer_benchmarks
from assessor.report.voices import disputes, unsure, workshop_info
from assessor.store.errors import StoreError
from assessor.store.records import Assessment, answer_map
from assessor.store.store import Store
from assessor.suggest import did_you_mean


def plan_for(
    store: Store,
    assessment_id: str,
    installed: BankSet,
    targets: Mapping[str, Stage] | None = None,
) -> tuple[BankSet, Plan, list[TargetInUse]]:
    """The assessment's plan, aiming at the partnership's stored targets, except where
    `targets` gives one for this plan; with the targets in use and where each came from."""
    assessment = store.assessment(assessment_id)
    bank_set, _ = banks_used(assessment, installed)
    domain_ids = [b.id for b in bank_set.banks]
    unknown = sorted(set(targets or {}) - set(domain_ids))
    if unknown:
        raise StoreError(
            f"assessment {assessment_id} has no domain '{unknown[0]}' to set a target for"
            f"{did_you_mean(unknown[0], domain_ids)}; its domains are: {', '.join(domain_ids)}"
        )
    in_use = targets_in_use(domain_ids, store.targets(assessment.partnership), targets or {})
    answers = store.answers(assessment_id)
    notes = {a.question_id: a.note for a in answers}
    parked: dict[str, str] = {}
    unsure_of: dict[str, str] = {}
    if assessment.mode == "workshop":
        voices = store.answers(assessment_id, voices=True)
        roster = store.participants(assessment_id, include_removed=True)
        parked = disputes(bank_set, voices, roster)
        unsure_of = unsure(bank_set, voices, roster)
    aims = {t.domain_id: t.stage for t in in_use}
    plan = build_plan(
        bank_set, answer_map(answers), notes, aims, parked, catalogue=installed, unsure=unsure_of
    )
    return bank_set, plan, in_use


def report_for(
    store: Store,
    assessment_id: str,
    installed: BankSet,
    targets: Mapping[str, Stage] | None = None,
    now: datetime | None = None,
) -> Report:
    """`targets`: given for this report, over the partnership's stored ones (see `plan_for`)."""
    assessment = store.assessment(assessment_id)
    bank_set, plan, in_use = plan_for(store, assessment_id, installed, targets)
    answers = store.answers(assessment_id)
    values = answer_map(answers)
    known = {q.id for q in bank_set.questions}
    asked = {q.id: is_asked(q, values, known) for q in bank_set.questions}
    roster = store.participants(assessment_id, include_removed=True)
    result = profile(bank_set, values)
    wording = store.questions_of([assessment_id])[assessment_id]
    report = build_report(
        assessment,
        bank_set,
        answers,
        roster,
        result,
        plan,
        asked,
        now or datetime.now(UTC),
        wording,
        parked_questions(answers) if assessment.mode == "workshop" else (),
        in_use,
    )
    report = report.model_copy(update={"moved_since": moved_since(store, assessment, installed)})
    report = report.model_copy(update={"peers": peer_benchmarks(store, report, installed)})
    if assessment.mode == "workshop":
        voices = store.answers(assessment_id, voices=True)
        report = report.model_copy(
            update={
                "workshop": workshop_info(
                    bank_set, voices, roster, result, store.history(assessment_id)
                )
            }
        )
    return report


def earlier_assessments(store: Store, assessment: Assessment) -> list[Assessment]:
    """The partnership's complete assessments started before this one, the latest first."""
    key = (assessment.started_at, assessment.id)
    earlier = [
        a
        for a in store.assessments(assessment.partnership)
        if a.status == "complete" and a.id != assessment.id and (a.started_at, a.id) < key
    ]
    return sorted(earlier, key=lambda a: (a.started_at, a.id), reverse=True)


def moved_since(store: Store, assessment: Assessment, installed: BankSet) -> MovedSince | None:
    """What moved since the latest earlier complete assessment with questions in common (both
    answered with a stage); None when there is none: an assessment with nothing in common
    moves nothing that can be measured, so it is never compared."""
    for previous in earlier_assessments(store, assessment):
        entries = entries_for(store, [previous.id, assessment.id])
        result = compare(entries, installed, follow_ups=False)  # only the movement is shown
        if any(d.compared for d in result.domains):
            break
    else:
        return None
    return movement(result, previous, assessment)
