"""Where a partnership sits among its peers, per domain, for its own report.

Only with consent, and never pointing at anyone: the figures come from the other partnerships in
the database that have agreed to share their scores with the programme (each one's latest
complete assessment), are shown only to a partnership that shares its own, never name or
identify another partnership (a median, the quartiles and a count), and are hidden for a domain
fewer than `MIN_PEERS` of them have a score in, where they could point at one.
"""

from __future__ import annotations

import shlex

from assessor.analysis.spread import spread_of
from assessor.banks.bank_set import BankSet
from assessor.report.model import Report
from assessor.report.model.peers import PeerBenchmarks, PeerDomain
from assessor.report.programme import latest_rounds
from assessor.store.store import Store

MIN_PEERS = 5
FEW_WORDS = "five"  # MIN_PEERS, as the sentences say it


def peer_benchmarks(store: Store, report: Report, installed: BankSet) -> PeerBenchmarks | None:
    """The report's domains among its peers; None where no partnership in the store shares
    (a partnership's own database: there is no programme to compare with)."""
    own = report.assessment.partnership
    sharing = store.sharing_partnerships()
    others = sharing - {own}
    if not sharing:
        return None
    if own not in sharing:
        return PeerBenchmarks(
            shown=False,
            reason=(
                f"{own} has not agreed to share its scores with the programme, so it is not "
                "shown beside the partnerships that have (to agree: assessor partnership "
                f"{shlex.quote(own)} --share on)."
            ),
            minimum=MIN_PEERS,
            domains=[],
        )
    rounds = latest_rounds(store, installed, partnerships=others, with_previous=False)
    domains = []
    for domain in report.domains:
        scores = [
            d.score
            for r in rounds
            for d in r.profile.domains
            if d.bank_id == domain.id and d.score is not None
        ]
        found = spread_of(scores) if len(scores) >= MIN_PEERS else None
        domains.append(
            PeerDomain(
                id=domain.id,
                title=domain.title,
                score=domain.score,
                peers=found.count if found else 0,
                median=found.median if found else None,
                lower_quartile=found.lower if found else None,
                upper_quartile=found.upper if found else None,
                hidden=""
                if found
                else (
                    f"fewer than {FEW_WORDS} other partnerships that share their scores have one "
                    "in this domain: too few to show without pointing at one of them"
                ),
            )
        )
    return PeerBenchmarks(shown=True, reason="", minimum=MIN_PEERS, domains=domains)
