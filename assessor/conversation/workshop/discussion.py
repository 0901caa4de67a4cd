"""What the room is shown with the spread: what the proposal rests on, what the disputed stages
look like here, and what to say to agree."""

from __future__ import annotations

from assessor.analysis.workshop import Spread
from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.workshop.phrasing import listed


def rests_on(spread: Spread) -> str:
    """A sentence when the ratings on the continuum come from one person or one organisation
    alone (so the room knows what the proposal stands on), else ''."""
    placed = [p for p, a in spread.given if a is not None and a.stage is not None]
    if len(placed) == 1:
        return (
            f"This rests on one person: only {placed[0].name} placed it on the continuum, so "
            "the proposal is theirs alone."
        )
    organisations = {p.organisation.strip().casefold() for p in placed}
    if len(placed) > 1 and len(organisations) == 1 and placed[0].organisation.strip():
        return (
            f"This rests on one organisation: everyone who placed it on the continuum "
            f"({listed([p.name for p in placed])}) is from {placed[0].organisation.strip()}."
        )
    return ""


def disputed_stages(spread: Spread, question: Question) -> list[str]:
    """When the spread is flagged: what each stage from its lowest to its highest rating looks
    like here."""
    if not (spread.flagged and spread.low and spread.high):
        return []
    disputed = [
        s for s in Stage if spread.low.value_number <= s.value_number <= spread.high.value_number
    ]
    return [
        "What those stages look like here:",
        *(f"  {s.value_number} {s.label}: {question.levels.for_stage(s)}" for s in disputed),
    ]


def what_to_agree(spread: Spread) -> str:
    """The closing question: the median proposed when there is one."""
    if spread.median is not None:
        return (
            f"What do you agree? I'd propose {spread.median.value_number} "
            f"({spread.median.value}), the median. Say 'agree' to take it, or 'agree 3 "
            "because ...' with your own, or 'no consensus' to park it."
        )
    return "Say 'agree 3 because ...', or 'no consensus' to park it, or 'skip'."
