"""An assessment together with its scored profile, read from the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessor.continuum import Stage
from assessor.scoring import LOW_COVERAGE, Profile, profile
from assessor.store.records import Answer, Assessment, answer_map
from assessor.store.store import Store

if TYPE_CHECKING:
    from assessor.banks.loader import BankSet


@dataclass(frozen=True)
class Summary:
    assessment: Assessment
    profile: Profile
    missing_banks: tuple[str, ...] = ()  # banks the assessment used that are not installed


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


@dataclass(frozen=True)
class Overview:
    """An assessment with its overall result: one line of `history`."""

    assessment: Assessment
    overall: float | None
    stage: Stage | None
    answered: int
    asked: int

    @property
    def low_coverage(self) -> bool:
        return self.asked == 0 or self.answered / self.asked < LOW_COVERAGE

    @property
    def overall_text(self) -> str:
        if self.stage is None or self.overall is None:
            return "not scored"
        flag = " (low coverage)" if self.low_coverage else ""
        return f"{self.stage.value} {self.overall:.1f}{flag}"

    def as_json(self) -> dict:
        a = self.assessment
        return {
            "id": a.id,
            "partnership": a.partnership,
            "area": a.area,
            "started_at": a.started_at.isoformat(),
            "finished_at": a.finished_at.isoformat() if a.finished_at else None,
            "mode": a.mode,
            "status": a.status,
            "overall_score": self.overall,
            "overall_stage": self.stage.value if self.stage else None,
            "coverage": round(self.answered / self.asked, 3) if self.asked else 0.0,
            "low_coverage": self.low_coverage,
        }


def overviews(
    store: Store,
    assessments: Sequence[Assessment],
    installed: Callable[[], BankSet],
    banks_key: str,
) -> list[Overview]:
    """The overall result of many assessments, from a cache kept in the store.

    A cached result is used while the assessment (its revision) and the installed banks (their
    `banks_key`) are as they were when it was scored; otherwise it is scored again and kept.
    The banks are only loaded (`installed()`) when something needs scoring.
    """
    cached = store.cached_summaries([a.id for a in assessments])
    keys = {
        a.id: "|".join([SUMMARY_FORMAT, str(a.revision), banks_key, *(u.bank_id for u in a.banks)])
        for a in assessments
    }
    stale = [a for a in assessments if cached.get(a.id, ("", ""))[0] != keys[a.id]]
    fresh: dict[str, dict] = {}
    if stale:
        answers = store.answers_of(a.id for a in stale)
        bank_set = installed()
        for assessment in stale:
            result = summarise_answers(assessment, answers[assessment.id], bank_set).profile
            fresh[assessment.id] = {
                "overall": result.overall,
                "stage": result.overall_stage.value if result.overall_stage else None,
                "answered": result.answered,
                "asked": result.asked,
            }
        store.keep_summaries((i, keys[i], json.dumps(v)) for i, v in fresh.items())
    found = []
    for assessment in assessments:
        values = fresh.get(assessment.id) or json.loads(cached[assessment.id][1])
        found.append(
            Overview(
                assessment,
                values["overall"],
                Stage(values["stage"]) if values["stage"] else None,
                values["answered"],
                values["asked"],
            )
        )
    return found


SUMMARY_FORMAT = "1"  # raise when what a summary holds, or how it is scored, changes
