"""The integration continuum: five stages from isolation to integration.

Source: ../shared/seeds/002_b413fbeaef338fa7.txt ("The continuum starts with agencies operating
in isolation, moving to increasing levels of communication, coordination and collaboration, and
finally achieving integration").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    """A stage on the continuum; the string value is the name used in the banks."""

    ISOLATION = "isolation"
    COMMUNICATION = "communication"
    COORDINATION = "coordination"
    COLLABORATION = "collaboration"
    INTEGRATION = "integration"

    @property
    def value_number(self) -> int:
        """1 for isolation up to 5 for integration."""
        return _NUMBERS[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def meaning(self) -> str:
        return MEANINGS[self]

    @property
    def next(self) -> Stage | None:
        """The stage one up, or None at integration."""
        position = STAGES.index(self)
        return STAGES[position + 1] if position + 1 < len(STAGES) else None

    @classmethod
    def from_number(cls, number: int) -> Stage:
        if not 1 <= number <= len(STAGES):
            raise ValueError(f"a stage number is 1 to {len(STAGES)}, not {number}")
        return STAGES[number - 1]


STAGES: tuple[Stage, ...] = tuple(Stage)
STAGE_NAMES: tuple[str, ...] = tuple(stage.value for stage in STAGES)
_NUMBERS: dict[Stage, int] = {stage: n for n, stage in enumerate(STAGES, start=1)}

MEANINGS: dict[Stage, str] = {
    Stage.ISOLATION: "agencies work alone; no routine contact",
    Stage.COMMUNICATION: "agencies know of each other and share information when asked",
    Stage.COORDINATION: "agencies align plans, referrals and timing, but keep separate systems",
    Stage.COLLABORATION: "agencies plan, deliver and take decisions together, with shared goals",
    Stage.INTEGRATION: (
        "one joined-up system for families: shared governance, budgets, data, case records"
    ),
}


@dataclass(frozen=True)
class StageInfo:
    """A stage as shown to people: number, name, label and one-line meaning."""

    number: int
    name: str
    label: str
    meaning: str


def describe() -> list[StageInfo]:
    """The continuum as a list, for help screens and reports."""
    return [StageInfo(s.value_number, s.value, s.label, s.meaning) for s in STAGES]
