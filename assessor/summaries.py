"""An assessment together with its scored profile, read from the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessor.banks.loader import BankSet
from assessor.scoring import Profile, profile
from assessor.store.records import Answer, Assessment, answer_map
from assessor.store.store import Store


@dataclass(frozen=True)
class Summary:
    assessment: Assessment
    profile: Profile
    missing_banks: tuple[str, ...] = ()  # banks the assessment used that are not installed

    @property
    def overall_text(self) -> str:
        p = self.profile
        if p.overall_stage is None:
            return "not scored"
        flag = " (low coverage)" if p.low_coverage else ""
        return f"{p.overall_stage.value} {p.overall:.1f}{flag}"

    def as_json(self) -> dict:
        a, p = self.assessment, self.profile
        return {
            "id": a.id,
            "partnership": a.partnership,
            "started_at": a.started_at.isoformat(),
            "finished_at": a.finished_at.isoformat() if a.finished_at else None,
            "mode": a.mode,
            "status": a.status,
            "overall_score": p.overall,
            "overall_stage": p.overall_stage.value if p.overall_stage else None,
            "coverage": round(p.coverage, 3),
            "low_coverage": p.low_coverage,
        }


def banks_used(assessment: Assessment, installed: BankSet) -> tuple[BankSet, tuple[str, ...]]:
    """The installed banks an assessment used, in its order, and the ids of any not installed."""
    known = {b.id for b in installed.banks}
    wanted = [b.bank_id for b in assessment.banks]
    return installed.select(w for w in wanted if w in known), tuple(
        w for w in wanted if w not in known
    )


def summarise_answers(assessment: Assessment, answers: list[Answer], installed: BankSet) -> Summary:
    bank_set, missing = banks_used(assessment, installed)
    return Summary(assessment, profile(bank_set, answer_map(answers)), missing)


def summarise(store: Store, assessment: Assessment, installed: BankSet) -> Summary:
    return summarise_answers(assessment, store.answers(assessment.id), installed)


def summarise_many(
    store: Store, assessments: Sequence[Assessment], installed: BankSet
) -> list[Summary]:
    answers = store.answers_of(a.id for a in assessments)
    return [summarise_answers(a, answers[a.id], installed) for a in assessments]
