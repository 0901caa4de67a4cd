"""What moved since the partnership's previous complete assessment: each domain's score over
the questions both share, and the questions whose stage moved."""

from __future__ import annotations

from datetime import datetime

from assessor.report.model.parts import StageName, _d, _Part


class DomainMovement(_Part):
    id: str = _d("the domain")
    title: str = _d("its title")
    before: float | None = _d("the previous score over the questions both assessments have")
    now: float | None = _d("this assessment's score over those same questions")
    change: float | None = _d("now minus before; null unless both are scored")
    compared: int = _d("how many questions both assessments answered with a stage")
    questions_changed: bool = _d(
        "the domain's question set differs between the two (the scores here use the shared ones)"
    )


class QuestionMovement(_Part):
    id: str = _d("the question")
    domain_id: str = _d("its domain")
    text: str = _d("its wording in this assessment")
    before: StageName = _d("the previous stage")
    now: StageName = _d("this assessment's stage")
    change: int = _d("stages moved, + up, - down")


class MovedSince(_Part):
    previous_id: str = _d("the partnership's previous complete assessment")
    previous_started_at: datetime = _d("when that one started")
    previous_lead: str = _d("who answered it")
    domains: list[DomainMovement] = _d("per domain, over the questions both assessments share")
    questions: list[QuestionMovement] = _d("the questions whose stage moved, biggest first")
