"""The report's model filled from an assessment's records: the assessment and who took part,
each domain and question with its answer, the overall result, the plan, and the glossary's
terms the report uses."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from assessor.analysis.planning import PRIORITY_LEGEND, PRIORITY_RULE, Plan, PlannedAction
from assessor.analysis.scoring import DomainScore, Profile, skipped_among
from assessor.analysis.targets import TargetInUse as ChosenTarget
from assessor.banks.bank_set import BankSet
from assessor.banks.models import Bank
from assessor.continuum import STAGES, Stage
from assessor.report.model import Report
from assessor.report.model.assessment import (
    AssessmentInfo,
    BankRef,
    ContinuumStage,
    GlossaryTerm,
    ParticipantInfo,
)
from assessor.report.model.parts import StageName, answer_name
from assessor.report.model.plan import ActionSource, PlanAction, PlanInfo, TargetInUse
from assessor.report.model.results import DomainResult, Overall, QuestionResult, RetiredAnswer
from assessor.store.records import Answer, Assessment, Participant, answer_map

QUICK_WIN_RULE = (
    "Quick win: due in 0-3 months, nothing to do or check before it, and on its own it closes "
    "a question's one-stage gap to its target, on a question weighted above the median (where "
    "all weigh the same: a first step out of isolation)."
)


def _name(stage: Stage | None) -> StageName | None:
    return stage.value if stage is not None else None


def build_report(
    assessment: Assessment,
    bank_set: BankSet,
    answers: list[Answer],
    participants: list[Participant],
    result: Profile,
    plan: Plan,
    asked: dict[str, bool],
    generated_at: datetime,
    wording: Mapping[str, str] | None = None,
    parked: Collection[str] = (),
    targets_in_use: Sequence[ChosenTarget] = (),
) -> Report:
    """`wording`: question id -> the words the assessment asked it in (shown over the banks');
    `parked`: the questions a workshop left without consensus, counted apart from skipped;
    `targets_in_use`: the targets the plan aims at, with where they came from."""
    wording = wording or {}
    own = {a.question_id: a for a in answers if a.in_bank}
    no_consensus = skipped_among(bank_set, answer_map(answers), parked)
    answered = _Answered(own, asked, wording, parked)
    domains = [
        _domain(
            bank,
            score,
            answered,
            plan.targets.get(bank.id),
            no_consensus.get(bank.id, 0),
        )
        for bank, score in zip(bank_set.banks, result.domains, strict=True)
    ]
    titles = {b.id: b.title for b in bank_set.banks}
    return Report(
        generated_at=generated_at,
        assessment=_assessment_info(assessment, titles),
        participants=[
            ParticipantInfo(
                name=p.name, organisation=p.organisation, role=p.role, left_at=p.removed_at
            )
            for p in participants
        ],
        continuum=[
            ContinuumStage(value=s.value_number, stage=s.value, label=s.label, meaning=s.meaning)
            for s in STAGES
        ],
        overall=_overall(result),
        domains=domains,
        plan=_plan_info(plan, targets_in_use, titles),
        no_longer_in_bank=_retired(answers, bank_set, wording),
        glossary=_glossary_terms(bank_set, plan, answered),
    )


def _retired(
    answers: list[Answer], bank_set: BankSet, wording: Mapping[str, str]
) -> list[RetiredAnswer]:
    """The agreed answers to questions no longer in the banks, kept on record."""
    in_banks = {q.id for q in bank_set.questions}
    return [
        RetiredAnswer(
            question_id=a.question_id,
            text=wording.get(a.question_id) or a.question_id,
            answer=answer_name(a.answer_value),
            note=a.note,
        )
        for a in answers
        if (not a.in_bank or a.question_id not in in_banks) and a.participant_id is None
    ]


def _glossary_terms(bank_set: BankSet, plan: Plan, answered: _Answered) -> list[GlossaryTerm]:
    """The glossary's terms that the questions shown (their wording and descriptors) and the
    plan's actions use."""
    shown = [
        q
        for bank in bank_set.banks
        for q in bank.questions
        if answered.asked[q.id] or (q.id in answered.own)
    ]
    used = bank_set.glossary.mentioned_in(
        [
            *(answered.wording.get(q.id) or q.text for q in shown),
            *(q.levels.for_stage(s) for q in shown for s in STAGES),
            *(a.text for a in plan.actions),
        ]
    )
    return [
        GlossaryTerm(term=t.term, stands_for=t.stands_for, definition=t.definition) for t in used
    ]


@dataclass(frozen=True)
class _Answered:
    """What the assessment recorded of each question: its own answer, whether it was asked,
    the words it was asked in, and whether a workshop parked it."""

    own: Mapping[str, Answer]
    asked: Mapping[str, bool]
    wording: Mapping[str, str]
    parked: Collection[str]


def _domain(
    bank: Bank, score: DomainScore, answered: _Answered, target: Stage | None, no_consensus: int
) -> DomainResult:
    """One domain's result, with each of its questions and the answer given."""
    questions = []
    for question in bank.questions:
        answer = answered.own.get(question.id)
        stage = answer.stage if answer else None
        questions.append(
            QuestionResult(
                id=question.id,
                text=answered.wording.get(question.id) or question.text,
                weight=question.weight,
                asked=answered.asked[question.id],
                answer=answer_name(answer.answer_value) if answer else None,
                value=stage.value_number if stage else None,
                descriptor=question.levels.for_stage(stage) if stage else None,
                words=answer.words if answer else "",
                note=answer.note if answer else "",
                no_consensus=question.id in answered.parked,
            )
        )
    return DomainResult(
        id=bank.id,
        title=bank.title,
        score=score.score,
        stage=_name(score.stage),
        target=_name(target),
        answered=score.answered,
        asked=score.asked,
        not_applicable=score.not_applicable,
        dont_know=score.dont_know,
        skipped=score.skipped - no_consensus,
        no_consensus=no_consensus,
        unanswered=score.unanswered,
        may_add=score.may_add,
        coverage=round(score.coverage, 3),
        low_coverage=score.low_coverage,
        questions=questions,
    )


def _assessment_info(assessment: Assessment, titles: Mapping[str, str]) -> AssessmentInfo:
    return AssessmentInfo(
        id=assessment.id,
        partnership=assessment.partnership,
        area=assessment.area,
        mode=assessment.mode,
        status=assessment.status,
        lead=assessment.lead,
        started_at=assessment.started_at,
        finished_at=assessment.finished_at,
        banks=[
            BankRef(id=b.bank_id, title=titles.get(b.bank_id, b.bank_id), version=b.version)
            for b in assessment.banks
        ],
    )


def _overall(result: Profile) -> Overall:
    return Overall(
        score=result.overall,
        stage=_name(result.overall_stage),
        answered=result.answered,
        asked=result.asked,
        may_add=result.may_add,
        partly_scored=[d.title for d in result.partly_scored],
        coverage=round(result.coverage, 3),
        low_coverage=result.low_coverage,
        weakest=result.weakest,
        strongest=result.strongest,
    )


def _plan_info(
    plan: Plan, targets_in_use: Sequence[ChosenTarget], titles: Mapping[str, str]
) -> PlanInfo:
    return PlanInfo(
        targets={k: v.value for k, v in plan.targets.items()},
        targets_in_use=[
            TargetInUse(
                domain_id=t.domain_id,
                domain_title=titles.get(t.domain_id, t.domain_id),
                stage=t.stage.value,
                by=t.by,
                source=t.source.value,
                set_at=t.set_at,
            )
            for t in targets_in_use
        ],
        quick_win_rule=QUICK_WIN_RULE,
        priority_rule=PRIORITY_RULE,
        priority_legend=PRIORITY_LEGEND,
        top_priorities=[a.order for a in plan.top_priorities()],
        actions=[_plan_action(a) for a in plan.actions],
    )


def _plan_action(a: PlannedAction) -> PlanAction:
    return PlanAction(
        order=a.order,
        id=a.id,
        kind=a.kind.value,
        horizon=a.horizon.value,
        horizon_label=a.horizon.label,
        text=a.text,
        owner=a.owner,
        timescale=a.timescale,
        priority=a.priority,
        priority_reason=a.priority_reason,
        priority_band=a.band.value,
        quick_win=a.quick_win,
        depends_on=a.depends_on,
        required_by=a.required_by,
        check_first=a.check_first,
        domains=a.domain_titles,
        why=a.why,
        sources=[
            ActionSource(
                question_id=s.question_id,
                question_text=s.question_text,
                domain_id=s.domain_id,
                domain_title=s.domain_title,
                current=_name(s.current),
                step_to=_name(s.step_to),
                target=_name(s.target),
                note=s.note,
            )
            for s in a.sources
        ],
    )
