"""The report's content as one model: the JSON format, and what every template is given.

Keys are stable: add fields, never rename or remove them without raising `format_version`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assessor.banks.loader import BankSet
from assessor.continuum import STAGES, Stage
from assessor.planning import Plan
from assessor.scoring import Profile
from assessor.store.records import Answer, Assessment, Participant

StageName = Literal["isolation", "communication", "coordination", "collaboration", "integration"]
AnswerName = Literal[
    "isolation",
    "communication",
    "coordination",
    "collaboration",
    "integration",
    "not-applicable",
    "dont-know",
    "skipped",
]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContinuumStage(_Part):
    value: int = Field(description="1 (isolation) to 5 (integration)")
    stage: StageName
    label: str
    meaning: str


class BankRef(_Part):
    id: str
    title: str
    version: str


class AssessmentInfo(_Part):
    id: str
    partnership: str
    area: str
    mode: Literal["individual", "workshop"]
    status: Literal["in-progress", "complete"]
    lead: str
    started_at: datetime
    finished_at: datetime | None
    banks: list[BankRef]


class ParticipantInfo(_Part):
    name: str
    organisation: str
    role: str


class QuestionResult(_Part):
    id: str
    text: str
    weight: float
    asked: bool = Field(description="false when an ask_if condition left it out")
    answer: AnswerName | None = Field(description="null when not answered yet")
    value: int | None = Field(description="the stage value 1-5; null for any other answer")
    descriptor: str | None = Field(description="the level descriptor of the stage given")
    words: str = Field(description="what was said")
    note: str = Field(description="the evidence note")


class DomainResult(_Part):
    id: str
    title: str
    score: float | None = Field(description="weight-averaged stage value, 1-5; null if none")
    stage: StageName | None
    target: StageName | None = Field(description="the target set for this domain, if any")
    answered: int
    asked: int
    not_applicable: int
    dont_know: int
    skipped: int
    unanswered: int
    coverage: float
    low_coverage: bool
    questions: list[QuestionResult]


class Overall(_Part):
    score: float | None
    stage: StageName | None
    answered: int
    asked: int
    coverage: float
    low_coverage: bool
    weakest: list[str]
    strongest: list[str]


class ActionSource(_Part):
    question_id: str
    question_text: str
    domain_id: str
    current: StageName | None = Field(description="null for a don't-know answer")
    step_to: StageName | None
    target: StageName | None
    note: str


class PlanAction(_Part):
    order: int
    id: str
    kind: Literal["step", "find-out", "agree"]
    horizon: Literal["now", "next", "later"]
    horizon_label: str
    text: str
    owner: str
    timescale: str
    priority: float
    priority_reason: str
    quick_win: bool
    depends_on: list[str]
    why: str
    sources: list[ActionSource]


class PlanInfo(_Part):
    targets: dict[str, StageName]
    actions: list[PlanAction]


class VoiceRating(_Part):
    participant: str
    organisation: str
    answer: AnswerName | None = Field(description="null when the person abstained")


class QuestionVoices(_Part):
    question_id: str
    domain_id: str
    text: str
    ratings: list[VoiceRating]
    low: int | None
    high: int | None
    median: int | None
    spread: int = Field(description="highest minus lowest stage given")
    flagged: bool = Field(description="a spread of two stages or more, or organisations split")
    agreed: AnswerName | None
    rationale: str
    no_consensus: bool


class OrganisationAverage(_Part):
    organisation: str
    average: float | None = Field(description="weighted mean of its people's stages, 1-5")


class DomainVoices(_Part):
    domain_id: str
    agreed_score: float | None
    organisations: list[OrganisationAverage]


class WorkshopInfo(_Part):
    questions: list[QuestionVoices]
    domains: list[DomainVoices]
    widest: list[str] = Field(description="question ids with the widest disagreement, widest first")


class RetiredAnswer(_Part):
    question_id: str
    answer: AnswerName
    note: str


class Report(_Part):
    format: Literal["assessor-report"] = "assessor-report"
    format_version: Literal[1] = 1
    generated_at: datetime
    assessment: AssessmentInfo
    participants: list[ParticipantInfo]
    continuum: list[ContinuumStage]
    overall: Overall
    domains: list[DomainResult]
    plan: PlanInfo
    no_longer_in_bank: list[RetiredAnswer] = Field(
        description="answers kept on record to questions since removed from the banks"
    )
    workshop: WorkshopInfo | None = Field(
        default=None, description="for a workshop: every voice, the spread and the agreement"
    )


def _name(stage: Stage | None) -> StageName | None:
    return stage.value if stage is not None else None  # type: ignore[return-value]


def build_report(
    assessment: Assessment,
    bank_set: BankSet,
    answers: list[Answer],
    participants: list[Participant],
    result: Profile,
    plan: Plan,
    asked: dict[str, bool],
    generated_at: datetime,
) -> Report:
    own = {a.question_id: a for a in answers if a.in_bank}
    domains = []
    for bank, score in zip(bank_set.banks, result.domains, strict=True):
        questions = []
        for question in bank.questions:
            answer = own.get(question.id)
            stage = answer.stage if answer else None
            questions.append(
                QuestionResult(
                    id=question.id,
                    text=question.text,
                    weight=question.weight,
                    asked=asked[question.id],
                    answer=(stage.value if stage else answer.special.value) if answer else None,  # type: ignore[union-attr]
                    value=stage.value_number if stage else None,
                    descriptor=question.levels.for_stage(stage) if stage else None,
                    words=answer.words if answer else "",
                    note=answer.note if answer else "",
                )
            )
        domains.append(
            DomainResult(
                id=bank.id,
                title=bank.title,
                score=score.score,
                stage=_name(score.stage),
                target=_name(plan.targets.get(bank.id)),
                answered=score.answered,
                asked=score.asked,
                not_applicable=score.not_applicable,
                dont_know=score.dont_know,
                skipped=score.skipped,
                unanswered=score.unanswered,
                coverage=round(score.coverage, 3),
                low_coverage=score.low_coverage,
                questions=questions,
            )
        )
    titles = {b.id: b.title for b in bank_set.banks}
    return Report(
        generated_at=generated_at,
        assessment=AssessmentInfo(
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
        ),
        participants=[
            ParticipantInfo(name=p.name, organisation=p.organisation, role=p.role)
            for p in participants
        ],
        continuum=[
            ContinuumStage(value=s.value_number, stage=s.value, label=s.label, meaning=s.meaning)  # type: ignore[arg-type]
            for s in STAGES
        ],
        overall=Overall(
            score=result.overall,
            stage=_name(result.overall_stage),
            answered=result.answered,
            asked=result.asked,
            coverage=round(result.coverage, 3),
            low_coverage=result.low_coverage,
            weakest=result.weakest,
            strongest=result.strongest,
        ),
        domains=domains,
        plan=PlanInfo(
            targets={k: v.value for k, v in plan.targets.items()},  # type: ignore[misc]
            actions=[
                PlanAction(
                    order=a.order,
                    id=a.id,
                    kind=a.kind.value,  # type: ignore[arg-type]
                    horizon=a.horizon.value,  # type: ignore[arg-type]
                    horizon_label=a.horizon.label,
                    text=a.text,
                    owner=a.owner,
                    timescale=a.timescale,
                    priority=a.priority,
                    priority_reason=a.priority_reason,
                    quick_win=a.quick_win,
                    depends_on=a.depends_on,
                    why=a.why,
                    sources=[
                        ActionSource(
                            question_id=s.question_id,
                            question_text=s.question_text,
                            domain_id=s.domain_id,
                            current=_name(s.current),
                            step_to=_name(s.step_to),
                            target=_name(s.target),
                            note=s.note,
                        )
                        for s in a.sources
                    ],
                )
                for a in plan.actions
            ],
        ),
        no_longer_in_bank=[
            RetiredAnswer(
                question_id=a.question_id,
                answer=a.stage.value if a.stage else a.special.value,  # type: ignore[union-attr, arg-type]
                note=a.note,
            )
            for a in answers
            if not a.in_bank and a.participant_id is None
        ],
    )


def report_json_schema() -> dict:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
