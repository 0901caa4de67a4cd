"""What a reading of an answer holds, and how sure each kind of evidence makes it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assessor.answers import Special
from assessor.continuum import Stage
from assessor.conversation.commands import Parsed

ACCEPT_AT = 0.8  # a reading at least this sure is taken without asking
EXACT, MISSPELT, KEYWORD, MENTIONED = 1.0, 0.9, 0.85, 0.6
AGREED = 0.82  # the reading and the answer's likeness to each stage's texts agree, clearly
LIKE = 0.5  # a stage proposed because the answer lies nearest to what people say at it
EVIDENCE_FLOOR = 1.0  # less descriptor evidence than this says nothing about the stage
SECOND_WITHIN = 0.75  # a runner-up this close to the top is offered too
MAX_CHARS = 1000  # an answer longer than this is read from its start; the rest is a note


class Decision(StrEnum):
    ACCEPT = "accept"
    CONFIRM = "confirm"
    NOT_A_STAGE = "not-a-stage"
    COMMAND = "command"


@dataclass(frozen=True)
class Reading:
    decision: Decision
    stage: Stage | None = None
    confidence: float = 0.0
    candidates: tuple[tuple[Stage, float], ...] = ()
    special: Special | None = None
    matched: tuple[str, ...] = ()
    note: str = ""
    command: Parsed | None = None
    ruled_out: tuple[Stage, ...] = ()
    split: bool = False  # two stages held by different people: ask for one overall rating
    looks_like_evidence: bool = False  # no stage, but it reads as evidence for a note
    off_topic: bool = False  # a remark aside or a question back: no stage, back to the question
    # the person's own words, as said, that the first stage offered was read from: what the bot
    # quotes when it proposes ("because you said 'separate systems' and 'emailing things across'")
    because: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "decision": self.decision.value,
            "stage": self.stage.value if self.stage else None,
            "confidence": round(self.confidence, 2),
            "candidates": [{"stage": s.value, "score": round(v, 2)} for s, v in self.candidates],
            "special": self.special.value if self.special else None,
            "matched": list(self.matched),
            "note": self.note,
            "command": self.command.command.value if self.command else None,
            "split": self.split,
            "off_topic": self.off_topic,
            "because": list(self.because),
        }
