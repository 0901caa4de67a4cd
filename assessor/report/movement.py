"""What moved between two complete assessments of one partnership, as a report says it."""

from __future__ import annotations

from assessor.analysis.trends import Comparison, Movement
from assessor.answers import AnswerValue
from assessor.continuum import Stage
from assessor.report.model.moved_since import DomainMovement, MovedSince, QuestionMovement
from assessor.store.records import Assessment


def _stage(answer: AnswerValue | None) -> Stage:
    """The stage at one end of a question that moved: both ends are stages, or it did not move."""
    assert answer is not None and answer.stage is not None
    return answer.stage


def movement(result: Comparison, previous: Assessment, assessment: Assessment) -> MovedSince:
    """What moved from `previous` to `assessment`, as `compare` found it: per domain of this
    assessment, over the questions both answered with a stage, and the questions that moved."""
    moved = [q for q in result.questions if q.movement in (Movement.IMPROVED, Movement.DECLINED)]
    moved.sort(key=lambda q: (-abs(q.change or 0), q.question_id))
    return MovedSince(
        previous_id=previous.id,
        previous_started_at=previous.started_at,
        previous_lead=previous.lead,
        domains=[
            DomainMovement(
                id=d.domain_id,
                title=d.title,
                before=d.common_first,
                now=d.common_latest,
                change=d.change,
                compared=d.compared,
                questions_changed=d.questions_changed,
            )
            for d in result.domains
            if d.domain_id in {b.bank_id for b in assessment.banks}
        ],
        questions=[
            QuestionMovement(
                id=q.question_id,
                domain_id=q.domain_id,
                text=q.text,
                before=_stage(q.answers[0]).value,
                now=_stage(q.answers[-1]).value,
                change=q.change or 0,
            )
            for q in moved
        ],
    )
