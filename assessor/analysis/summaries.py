"""An assessment together with its scored profile, read from the store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from assessor.analysis.scoring import LOW_COVERAGE, Profile, profile
from assessor.continuum import Stage
from assessor.store.records import Answer, Assessment, Mode, Status, answer_map
from assessor.store.store import Store

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet


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


class OverviewJson(TypedDict):
    """An overview as `assessor data history --json` prints it."""

    id: str
    partnership: str
    area: str
    started_at: str
    finished_at: str | None
    mode: Mode
    status: Status
    overall_score: float | None
    overall_stage: str | None
    coverage: float
    low_coverage: bool


class _Scored(TypedDict):
    """An assessment's overall result as kept in the store's summary cache (as JSON)."""

    overall: float | None
    stage: str | None
    answered: int
    asked: int


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

    def as_json(self) -> OverviewJson:
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


def banks_key(files: Iterable[Path]) -> str:
    """The key of the banks in `files` for cached summaries: a digest of their names and
    contents, so it changes when any bank's content does (its version raised or not). The app
    and the command line key by it alike, so each uses the summaries the other kept."""
    digest = hashlib.sha256()
    for path in files:
        data = Path(path).read_bytes()
        digest.update(f"{Path(path).name}:{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


RESCORED_AT_ONCE = 500  # assessments scored, and their summaries kept, per round


def overviews(
    store: Store,
    assessments: Sequence[Assessment],
    installed: Callable[[], BankSet],
    bank_files: Iterable[Path],
) -> list[Overview]:
    """The overall result of many assessments, from a cache kept in the store.

    A cached result is used while the assessment (its revision) and the installed banks (the
    `banks_key` of `bank_files`) are as they were when it was scored; otherwise it is scored
    again and kept. The banks are only loaded (`installed()`) when something needs scoring,
    and stale assessments are scored a bounded number at a time, from their answers' values
    alone, so memory stays flat however many there are.
    """
    key = banks_key(bank_files)
    cached = store.cached_summaries([a.id for a in assessments])
    keys = {
        a.id: "|".join([SUMMARY_FORMAT, str(a.revision), key, *(u.bank_id for u in a.banks)])
        for a in assessments
    }
    stale = [a for a in assessments if cached.get(a.id, ("", ""))[0] != keys[a.id]]
    fresh: dict[str, _Scored] = {}
    if stale:
        bank_set = installed()
        selected: dict[tuple[str, ...], tuple[BankSet, tuple[str, ...]]] = {}
        for start in range(0, len(stale), RESCORED_AT_ONCE):
            chunk = stale[start : start + RESCORED_AT_ONCE]
            answers = store.answer_values_of([a.id for a in chunk])
            scored: dict[str, _Scored] = {}
            for assessment in chunk:
                uses = tuple(u.bank_id for u in assessment.banks)
                if uses not in selected:  # one selection per combination of banks
                    selected[uses] = banks_used(assessment, bank_set)
                result = profile(selected[uses][0], answers[assessment.id])
                scored[assessment.id] = {
                    "overall": result.overall,
                    "stage": result.overall_stage.value if result.overall_stage else None,
                    "answered": result.answered,
                    "asked": result.asked,
                }
            store.keep_summaries((i, keys[i], json.dumps(v)) for i, v in scored.items())
            fresh.update(scored)
    found = []
    for assessment in assessments:
        values: _Scored = fresh.get(assessment.id) or json.loads(cached[assessment.id][1])
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
