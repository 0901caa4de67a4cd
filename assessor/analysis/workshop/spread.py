"""The spread of a question's ratings: lowest, highest, the median the bot proposes, each
organisation's mean, and the flags for discussion (a spread of two stages or more, or
organisations that agree among themselves but not with each other)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessor.answers import AnswerValue
from assessor.continuum import Stage
from assessor.store.records import Participant

WIDE = 2  # stages between the lowest and highest rating that flag a question
ORG_SPLIT = 1.0  # difference between organisations' mean ratings that flags a question


@dataclass(frozen=True)
class Spread:
    """Where the voices fall on one question."""

    given: list[tuple[Participant, AnswerValue | None]]  # everyone who has spoken, in roster order
    low: Stage | None
    high: Stage | None
    median: Stage | None
    organisation_means: dict[str, float]
    wide: bool
    organisations_split: bool
    split: tuple[str, float, float] | None = None  # (organisation, its mean, the others' mean)

    @property
    def flagged(self) -> bool:
        return self.wide or self.organisations_split

    @property
    def width(self) -> int:
        return self.high.value_number - self.low.value_number if self.low and self.high else 0


def _split(by_organisation: dict[str, list[int]]) -> tuple[str, float, float] | None:
    """An organisation speaking with one voice apart from the rest: two or more of its people,
    within one stage of each other, whose mean is ORG_SPLIT or more from everyone else's.

    Returns (organisation, its mean, the others' mean) for the widest such split.
    """
    found = []
    for organisation, own in by_organisation.items():
        others = [
            v for org, values in by_organisation.items() if org != organisation for v in values
        ]
        if len(own) < 2 or max(own) - min(own) > 1 or not others:
            continue
        mine, theirs = sum(own) / len(own), sum(others) / len(others)
        if abs(mine - theirs) >= ORG_SPLIT:
            found.append((organisation, mine, theirs))
    return max(found, key=lambda f: abs(f[1] - f[2]), default=None)


def spread_of(ratings: Mapping[int, AnswerValue | None], roster: Iterable[Participant]) -> Spread:
    """The spread of the ratings given; `ratings` holds only those that count."""
    people = [p for p in roster if p.id in ratings]
    given = [(p, ratings[p.id]) for p in people]
    stages = [a.stage for _, a in given if a is not None and a.stage is not None]
    numbers = sorted(s.value_number for s in stages)
    if not numbers:
        return Spread(given, None, None, None, {}, False, False)
    # The median, rounded down when it falls between two stages: 1 and 3 give 2, 2 and 3 give 2
    # (the proposal never flatters).
    median = Stage.from_number(math.floor(statistics.median(numbers)))
    by_organisation: dict[str, list[int]] = {}
    for person, answer in given:
        if answer is not None and answer.stage is not None and person.organisation:
            by_organisation.setdefault(person.organisation, []).append(answer.stage.value_number)
    means = {org: sum(v) / len(v) for org, v in by_organisation.items()}
    split = _split(by_organisation)
    return Spread(
        given,
        Stage.from_number(numbers[0]),
        Stage.from_number(numbers[-1]),
        median,
        means,
        numbers[-1] - numbers[0] >= WIDE,
        split is not None,
        split,
    )


def widest(spreads: Mapping[str, Spread], limit: int = 5) -> list[str]:
    """The flagged questions, widest spread first (a split between organisations after)."""
    flagged = [(qid, s) for qid, s in spreads.items() if s.flagged]
    flagged.sort(key=lambda item: -item[1].width)
    return [qid for qid, _ in flagged[:limit]]


def said(answer: AnswerValue | None) -> str:
    if answer is None:
        return "abstains"
    choice = answer.choice
    return str(choice.value_number) if isinstance(choice, Stage) else choice.label


def flag_reasons(spread: Spread) -> list[str]:
    """Why a spread is flagged for discussion, each as a clause: "a spread of 2 stages", "NHS
    Trust (3.0) sees this differently from the others (2.0), and agrees within itself"."""
    reasons = []
    if spread.wide:
        reasons.append(f"a spread of {spread.width} stages")
    if spread.split:
        organisation, mine, theirs = spread.split
        reasons.append(
            f"{organisation} ({mine:.1f}) sees this differently from the others ({theirs:.1f}), "
            "and agrees within itself"
        )
    return reasons


def describe(spread: Spread) -> list[str]:
    """The spread in words, for the bot to say."""
    who = ", ".join(f"{p.name} {said(a)}" for p, a in spread.given)
    low, high, median = spread.low, spread.high, spread.median
    if low is None or high is None or median is None:  # all three, or none: someone placed it
        return [f"Who said what: {who}. Nobody placed it on the continuum."]
    lines = [
        f"Spread: lowest {low.value_number} ({low.value}), highest "
        f"{high.value_number} ({high.value}), median "
        f"{median.value_number} ({median.value}).",
        f"Who said what: {who}.",
    ]
    if len(spread.organisation_means) >= 2:
        means = ", ".join(f"{org} {mean:.1f}" for org, mean in spread.organisation_means.items())
        lines.append(f"By organisation: {means}.")
    reasons = flag_reasons(spread)
    if spread.wide:
        reasons[0] = f"That is {reasons[0]}"
    if reasons:
        joined = ", and ".join(reasons) if len(reasons) > 1 else reasons[0]
        lines.append(f"{joined}: worth talking through.")
    return lines
