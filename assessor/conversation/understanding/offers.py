"""The stages offered back from the evidence: the top one, its neighbour where the answer sits
between them, the stage below where a reservation holds the reading back, or the stage the
answer lies nearest to in what people say."""

from __future__ import annotations

from dataclasses import replace

from assessor.continuum import STAGES, Stage
from assessor.conversation.likeness import Likeness
from assessor.conversation.understanding.reading import (
    ACCEPT_AT,
    EVIDENCE_FLOOR,
    LIKE,
    SECOND_WITHIN,
    Decision,
    Reading,
)


def offer(
    scores: dict[Stage, float],
    matched: list[str],
    denied: set[Stage],
    why: float = 0.0,
) -> Reading:
    """The stage the evidence `scores` point at, offered to confirm with its neighbour where the
    answer sits between the two; no stage where the evidence is too thin."""
    ranked = sorted(
        ((v, s) for s, v in scores.items() if v > 0), key=lambda p: (-p[0], p[1].value_number)
    )
    ruled_out = tuple(s for s in STAGES if s in denied)
    if not ranked or ranked[0][0] < EVIDENCE_FLOOR:
        return Reading(Decision.NOT_A_STAGE, matched=tuple(matched), ruled_out=ruled_out)
    top_value, top = ranked[0]
    total = sum(v for v, _ in ranked)
    confidence = why or min(top_value / (total + 1.0), ACCEPT_AT - 0.05)
    # candidates on the same 0-1 scale as the confidence: the runner-up in proportion
    offered = [(top, confidence)]
    # two stages only where the answer sits between them: neighbours ("1 or 5" is no reading)
    if (
        len(ranked) > 1
        and ranked[1][0] >= SECOND_WITHIN * top_value
        and abs(ranked[1][1].value_number - top.value_number) == 1
    ):
        offered.append((ranked[1][1], confidence * ranked[1][0] / top_value))
    return Reading(
        Decision.CONFIRM,
        top,
        confidence,
        tuple(offered),
        matched=tuple(matched),
        ruled_out=ruled_out,
    )


def with_stage_below(reading: Reading, below_first: bool = True) -> Reading:
    """A reading held back by a reservation: offer the stage below alongside its stage, first
    unless `below_first` is false (the stage's own descriptor says as little)."""
    if reading.decision is not Decision.CONFIRM or reading.stage is None:
        return reading
    if len(reading.candidates) > 1 or reading.stage is Stage.ISOLATION:
        return reading
    below = Stage.from_number(reading.stage.value_number - 1)
    offered: tuple[tuple[Stage, float], ...] = (
        (below, reading.confidence * 0.9),
        (reading.stage, reading.confidence),
    )
    if not below_first:
        offered = offered[::-1]
    return replace(reading, candidates=offered)


def proposed_as_like(reading: Reading, stage: Stage, near: Likeness) -> Reading:
    """`reading` proposing `stage`, the one the answer lies nearest to, for the words it shares
    with what people say at that stage."""
    return replace(
        reading,
        decision=Decision.CONFIRM,
        stage=stage,
        confidence=LIKE,
        candidates=((stage, LIKE),),
        matched=near.shared.get(stage, ()),
        because=(),
        off_topic=False,
    )
