"""How scores spread across partnerships: the median and the quartiles. Pure.

Quartiles are the inclusive kind (spreadsheets' QUARTILE.INC): the middle half of the scores lies
between the lower and the upper quartile, and with one score all three are that score.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from assessor.analysis.scoring import one_decimal


@dataclass(frozen=True)
class Spread:
    median: float
    lower: float  # the lower quartile
    upper: float  # the upper quartile
    count: int  # how many scores

    @property
    def middle_half(self) -> str:
        return f"{self.lower:.1f}-{self.upper:.1f}"


def spread_of(scores: Sequence[float]) -> Spread | None:
    """The median and quartiles of `scores`, each to one decimal; None for no score."""
    if not scores:
        return None
    if len(scores) == 1:
        return Spread(scores[0], scores[0], scores[0], 1)
    lower, median, upper = statistics.quantiles(sorted(scores), n=4, method="inclusive")
    return Spread(one_decimal(median), one_decimal(lower), one_decimal(upper), len(scores))
