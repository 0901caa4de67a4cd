"""The report's content as one model: the JSON format, and what every template is given.

Keys are stable: add fields, never rename or remove them without raising `format_version`.
`assessor.report.contents` fills it from an assessment's records.

One module a part: what every part shares (`parts`), the assessment and what the reader is told
of the stages and terms (`assessment`), the results (`results`), the action plan (`plan`), a
workshop's voices (`workshop`), what moved since the previous assessment (`moved_since`) and
where peers stand (`peers`); here the whole, `Report`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from assessor.report.model.assessment import (
    AssessmentInfo,
    ContinuumStage,
    GlossaryTerm,
    ParticipantInfo,
)
from assessor.report.model.moved_since import MovedSince
from assessor.report.model.parts import _d, _Part
from assessor.report.model.peers import PeerBenchmarks
from assessor.report.model.plan import PlanInfo
from assessor.report.model.results import DomainResult, Overall, RetiredAnswer
from assessor.report.model.workshop import WorkshopInfo


class Report(_Part):
    format: Literal["assessor-report"] = _d("always assessor-report", default="assessor-report")
    format_version: Literal[1] = _d("raised only when a field is renamed or removed", default=1)
    generated_at: datetime = _d("when the report was made")
    assessment: AssessmentInfo = _d("the assessment")
    participants: list[ParticipantInfo] = _d("everyone on the roster (workshops)")
    continuum: list[ContinuumStage] = _d("the five stages explained")
    overall: Overall = _d("the overall result")
    domains: list[DomainResult] = _d("per domain, the result and every answer")
    plan: PlanInfo = _d("the action plan")
    no_longer_in_bank: list[RetiredAnswer] = _d(
        "answers kept on record to questions since removed from the banks"
    )
    workshop: WorkshopInfo | None = _d(
        "for a workshop: every voice, the spread and the agreement", default=None
    )
    moved_since: MovedSince | None = _d(
        "what moved since the partnership's previous complete assessment; null for a first one",
        default=None,
    )
    peers: PeerBenchmarks | None = _d(
        "where the partnership sits among the others in its database that share their scores "
        "with the programme; null where no partnership there shares",
        default=None,
    )
    glossary: list[GlossaryTerm] = _d(
        "the glossary's terms that this report's questions (their wording and descriptors) and "
        "actions use, in glossary order",
        default_factory=list,
    )


def report_json_schema() -> dict:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
