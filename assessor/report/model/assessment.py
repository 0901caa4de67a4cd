"""What was assessed and with whom: the assessment, its banks, its participants; and what the
reader is told of the five stages and of the banks' terms."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from assessor.report.model.parts import StageName, _d, _Part


class ContinuumStage(_Part):
    value: int = _d("1 (isolation) to 5 (integration)")
    stage: StageName = _d("the stage's id")
    label: str = _d("the stage's name, as shown")
    meaning: str = _d("what the stage means for joint working, in one sentence")


class BankRef(_Part):
    id: str = _d("the question bank's id, which is also the domain's id")
    title: str = _d("the domain's title")
    version: str = _d("the version of the bank the assessment was last asked from")


class AssessmentInfo(_Part):
    id: str = _d("the assessment's id")
    partnership: str = _d("the partnership assessed")
    area: str = _d("the local area, if given")
    mode: Literal["individual", "workshop"] = _d("one lead answering, or a workshop")
    status: Literal["in-progress", "complete"] = _d("whether the assessment was finished")
    lead: str = _d("who answered (individual) or led the workshop")
    started_at: datetime = _d("when the assessment started")
    finished_at: datetime | None = _d("when it was marked complete; null while in progress")
    banks: list[BankRef] = _d("the question banks used, in the order asked")


class ParticipantInfo(_Part):
    name: str = _d("the participant's name")
    organisation: str = _d("the organisation they spoke for")
    role: str = _d("their role")
    left_at: datetime | None = _d(
        "when they left the workshop (their ratings count only on the questions agreed before "
        "then); null if they stayed",
        default=None,
    )


class GlossaryTerm(_Part):
    term: str = _d("the term as the banks use it: 'JSNA', 'theory of change'")
    stands_for: str | None = _d("what an acronym stands for; null for other terms")
    definition: str = _d("what it means, in plain words")
