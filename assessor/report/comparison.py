"""The comparison report: repeat assessments of one partnership, as JSON, Markdown or HTML."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assessor.banks.loader import BankSet
from assessor.history import Comparison, Entry, compare
from assessor.store.errors import StoreError
from assessor.store.store import Store

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


class ComparedAssessment(_Part):
    id: str
    started_at: datetime
    status: Literal["in-progress", "complete"]
    mode: Literal["individual", "workshop"]
    lead: str
    banks: dict[str, str] = Field(description="bank id -> the version used")


class ComparedQuestion(_Part):
    id: str
    domain: str
    text: str = Field(description="the latest wording")
    answers: list[AnswerName | None] = Field(description="one per assessment, oldest first")
    movement: Literal["improved", "declined", "unchanged", "not compared"]
    change: int | None = Field(description="stages moved from first to latest, where comparable")
    bank_change: Literal["new", "removed", "reworded"] | None


class ComparedDomain(_Part):
    id: str
    title: str
    scores: list[float | None]
    stages: list[StageName | None]
    change: float | None


class ComparedFollowUp(_Part):
    action_id: str
    text: str
    question_id: str
    then: StageName | None
    now: AnswerName | None
    status: Literal["moved up", "still open", "not answered since"]


class ComparisonReport(_Part):
    format: Literal["assessor-comparison"] = "assessor-comparison"
    format_version: Literal[1] = 1
    generated_at: datetime
    partnership: str
    between_leads: bool = Field(
        description="two assessments by different leads: where they differ, not movement"
    )
    assessments: list[ComparedAssessment]
    counts: dict[Literal["improved", "declined", "unchanged", "not compared"], int]
    domains: list[ComparedDomain]
    questions: list[ComparedQuestion]
    new_questions: list[str]
    removed_questions: list[str]
    reworded_questions: list[str]
    follow_ups: list[ComparedFollowUp]


def _answer(value) -> str | None:
    if value is None:
        return None
    return value.stage.value if value.stage is not None else value.special.value


def comparison_report(result: Comparison, generated_at: datetime) -> ComparisonReport:
    from assessor.history import BankChange

    return ComparisonReport(
        generated_at=generated_at,
        partnership=result.assessments[0].partnership,
        between_leads=result.between_leads,
        assessments=[
            ComparedAssessment(
                id=a.id,
                started_at=a.started_at,
                status=a.status,
                mode=a.mode,
                lead=a.lead,
                banks={b.bank_id: b.version for b in a.banks},
            )
            for a in result.assessments
        ],
        counts={m.value: n for m, n in result.counts.items()},  # type: ignore[misc]
        domains=[
            ComparedDomain(
                id=d.domain_id,
                title=d.title,
                scores=d.scores,
                stages=[s.value if s else None for s in d.stages],  # type: ignore[misc]
                change=d.change,
            )
            for d in result.domains
        ],
        questions=[
            ComparedQuestion(
                id=q.question_id,
                domain=q.domain_id,
                text=q.text,
                answers=[_answer(a) for a in q.answers],  # type: ignore[misc]
                movement=q.movement.value,  # type: ignore[arg-type]
                change=q.change,
                bank_change=q.bank_change.value if q.bank_change else None,  # type: ignore[arg-type]
            )
            for q in result.questions
        ],
        new_questions=[q.question_id for q in result.flagged(BankChange.NEW)],
        removed_questions=[q.question_id for q in result.flagged(BankChange.REMOVED)],
        reworded_questions=[q.question_id for q in result.flagged(BankChange.REWORDED)],
        follow_ups=[
            ComparedFollowUp(
                action_id=f.action_id,
                text=f.text,
                question_id=f.question_id,
                then=f.then.value if f.then else None,  # type: ignore[arg-type]
                now=_answer(f.now),  # type: ignore[arg-type]
                status="moved up"
                if f.done
                else "still open"
                if f.done is False
                else "not answered since",
            )
            for f in result.follow_ups
        ],
    )


def entries_for(store: Store, assessment_ids: Sequence[str]) -> list[Entry]:
    """The assessments, checked to be two or more of one partnership, with what they recorded."""
    wanted = list(dict.fromkeys(assessment_ids))
    if len(wanted) < 2:
        raise StoreError("a comparison needs two or more assessments")
    by_id = {a.id: a for a in store.assessments_by_ids(wanted)}
    for assessment_id in wanted:
        if assessment_id not in by_id:
            raise StoreError(f"there is no assessment '{assessment_id}' in {store.path}")
    partnerships = {by_id[i].partnership for i in wanted}
    if len(partnerships) > 1:
        raise StoreError(
            "these assessments are of different partnerships ("
            + ", ".join(sorted(partnerships))
            + "); compare one partnership at a time"
        )
    answers = store.answers_of(wanted)
    wording = store.questions_of(wanted)
    return [Entry(by_id[i], answers[i], wording[i]) for i in wanted]


def partnership_ids(store: Store, partnership: str) -> list[str]:
    """The complete assessments of a partnership, oldest first."""
    found = [a.id for a in store.assessments(partnership) if a.status == "complete"]
    if len(found) < 2:
        raise StoreError(
            f"'{partnership}' has {len(found)} complete assessment(s); "
            "a comparison needs two or more"
        )
    return found


def comparison_for(
    store: Store, assessment_ids: Sequence[str], installed: BankSet, now: datetime
) -> ComparisonReport:
    return comparison_report(compare(entries_for(store, assessment_ids), installed), now)


def comparison_json_schema() -> dict:
    schema = ComparisonReport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _status(done: bool | None) -> Literal["moved up", "still open", "not answered since"]:
    if done is None:
        return "not answered since"
    return "moved up" if done else "still open"
