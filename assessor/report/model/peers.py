"""Where the partnership sits among the others that share their scores: per domain, the
median and quartiles, or why they are hidden."""

from __future__ import annotations

from assessor.report.model.parts import _d, _Part


class PeerDomain(_Part):
    id: str = _d("the domain")
    title: str = _d("its title")
    score: float | None = _d("this assessment's score in it, 1-5; null if not scored")
    peers: int = _d(
        "how many other partnerships that share their scores have a score in it (0 when hidden "
        "for too few)"
    )
    median: float | None = _d("their median score; null when hidden")
    lower_quartile: float | None = _d("their lower quartile; null when hidden")
    upper_quartile: float | None = _d("their upper quartile (the middle half lies between)")
    hidden: str = _d("why the figures are not shown, in a sentence; empty when they are")


class PeerBenchmarks(_Part):
    shown: bool = _d("false when no figure is shown at all (see reason)")
    reason: str = _d("why none is shown; empty when shown")
    minimum: int = _d("the fewest peers a domain's figures are shown for")
    domains: list[PeerDomain] = _d(
        "per domain, where this assessment sits among the other partnerships that share their "
        "scores (each one's latest complete assessment); no partnership is named"
    )
