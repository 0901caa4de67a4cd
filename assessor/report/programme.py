"""The programme view: every partnership's latest complete assessment, side by side.

For the programme lead, over the programme's own database: every partnership in it is listed,
whether or not it has agreed to share its scores (that agreement governs what one partnership's
report may show of the others: `peers`), and each domain's spread is over every partnership
listed. Each partnership's movement is since its previous complete assessment, measured as
`compare` measures it (over the questions both answered with a stage).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from assessor.analysis.scoring import Profile
from assessor.analysis.spread import spread_of
from assessor.analysis.summaries import summarise_answers
from assessor.analysis.trends import Entry, compare
from assessor.banks.bank_set import BankSet
from assessor.report.model.moved_since import MovedSince
from assessor.report.model.parts import StageName, _d, _Part
from assessor.report.movement import movement
from assessor.store.records import Assessment
from assessor.store.store import Store


@dataclass(frozen=True)
class Round:
    """A partnership's latest complete assessment, scored, and its previous one if any."""

    latest: Assessment
    profile: Profile
    previous: Assessment | None = None
    moved: MovedSince | None = None


def _same(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def latest_rounds(
    store: Store,
    installed: BankSet,
    partnerships: set[str] | None = None,
    area: str | None = None,
    with_previous: bool = True,
) -> list[Round]:
    """Each partnership's latest complete assessment (of `partnerships` only, when given; in
    `area`, when given), by partnership name; with what moved since its previous one."""
    complete: dict[str, list[Assessment]] = {}
    for a in store.assessments():  # oldest first
        if a.status != "complete":
            continue
        if partnerships is not None and a.partnership not in partnerships:
            continue
        if area is not None and not _same(a.area, area):
            continue
        complete.setdefault(a.partnership, []).append(a)
    pairs = [
        (found[-1], found[-2] if with_previous and len(found) > 1 else None)
        for _, found in sorted(complete.items(), key=lambda item: item[0].casefold())
    ]
    wanted = [a.id for pair in pairs for a in pair if a is not None]
    answers = store.answers_of(wanted)
    wording = store.questions_of(wanted) if with_previous else {}
    rounds = []
    for latest, previous in pairs:
        scored = summarise_answers(latest, answers[latest.id], installed).profile
        moved = None
        if previous is not None:
            result = compare(
                [
                    Entry(previous, answers[previous.id], wording[previous.id]),
                    Entry(latest, answers[latest.id], wording[latest.id]),
                ],
                installed,
                follow_ups=False,
            )
            moved = movement(result, previous, latest)
        rounds.append(Round(latest, scored, previous, moved))
    return rounds


# -- the programme view as one model: the JSON format, and what the templates are given -------


class ProgrammeDomain(_Part):
    id: str = _d("the domain's id (its bank's id)")
    title: str = _d("its title")


class DomainCell(_Part):
    id: str = _d("the domain")
    score: float | None = _d("the latest assessment's score in it, 1-5; null if not scored")
    stage: StageName | None = _d("the stage the score rounds to")
    answered: int = _d("questions answered with a stage")
    asked: int = _d("questions asked")
    coverage: float = _d("answered / asked, 0-1")
    low_coverage: bool = _d("true when under half the questions have a stage")
    change: float | None = _d(
        "since the previous complete assessment, over the questions both answered with a stage; "
        "null when not comparable (or no previous one)"
    )


class PartnershipRound(_Part):
    partnership: str = _d("the partnership")
    area: str = _d("its area, if given")
    shares_scores: bool = _d(
        "whether it has agreed to share its scores with the programme (only those that have are "
        "counted in other partnerships' peer benchmarks)"
    )
    assessment_id: str = _d("its latest complete assessment")
    started_at: datetime = _d("when that assessment started")
    overall_score: float | None = _d("its overall score, 1-5")
    overall_stage: StageName | None = _d("the stage that rounds to")
    coverage: float = _d("answered / asked over all its domains, 0-1")
    domains: list[DomainCell] = _d("per domain of the programme (a domain it left out: absent)")
    previous_id: str | None = _d("its previous complete assessment; null for a first one")
    previous_started_at: datetime | None = _d("when that one started")
    moved_since: MovedSince | None = _d("what moved since the previous one")


class DomainSpread(_Part):
    id: str = _d("the domain")
    title: str = _d("its title")
    partnerships: int = _d("how many partnerships listed have a score in it")
    median: float | None = _d("the median of their scores")
    lower_quartile: float | None = _d("the lower quartile (inclusive method)")
    upper_quartile: float | None = _d("the upper quartile; the middle half lies between the two")


class ProgrammeReport(_Part):
    format: Literal["assessor-programme"] = _d(
        "always assessor-programme", default="assessor-programme"
    )
    format_version: Literal[1] = _d("raised only when a field is renamed or removed", default=1)
    generated_at: datetime = _d("when the view was made")
    area: str | None = _d("the area the view is limited to; null: every area")
    domains: list[ProgrammeDomain] = _d("the domains any listed assessment covered, bank order")
    partnerships: list[PartnershipRound] = _d(
        "every partnership with a complete assessment, sharing or not, by name"
    )
    spreads: list[DomainSpread] = _d("per domain, the spread across the partnerships listed")
    not_listed: list[str] = _d("partnerships with no complete assessment yet (in the area)")

    @property
    def sharing(self) -> int:
        return sum(1 for p in self.partnerships if p.shares_scores)


def _cell(domain_id: str, found: Round) -> DomainCell | None:
    for d in found.profile.domains:
        if d.bank_id == domain_id:
            change = None
            if found.moved is not None:
                change = next((m.change for m in found.moved.domains if m.id == domain_id), None)
            return DomainCell(
                id=d.bank_id,
                score=d.score,
                stage=d.stage.value if d.stage else None,
                answered=d.answered,
                asked=d.asked,
                coverage=round(d.coverage, 3),
                low_coverage=d.low_coverage,
                change=change,
            )
    return None


# -- the words every format of it shares ------------------------------------------------------

SPREAD_NOTE = (
    "Across every partnership listed, sharing or not: this view is the programme's own. Only "
    "those that share their scores are counted in a partnership's own report's peer figures."
)


def score_text(cell: DomainCell | None) -> str:
    """A domain's score and stage, or "-" where it was not scored."""
    if cell is None or cell.score is None or cell.stage is None:
        return "-"
    return f"{cell.score:.1f} {cell.stage}"


def change_text(value: float | None) -> str:
    if value is None:
        return "-"
    return "no change" if value == 0 else f"{value:+.1f}"


def overall_text(row: PartnershipRound) -> str:
    if row.overall_score is None or row.overall_stage is None:
        return "not scored"
    return f"{row.overall_score:.1f} {row.overall_stage}"


def since_text(row: PartnershipRound) -> str:
    """What its changes are measured from: its previous round, or that there is none."""
    if row.previous_started_at is None:
        return "none: its first complete assessment"
    return f"since {row.previous_started_at.date().isoformat()} ({row.previous_id})"


def programme_report(
    rounds: Sequence[Round],
    installed: BankSet,
    sharing: set[str],
    areas: dict[str, str],
    generated_at: datetime,
    area: str | None = None,
) -> ProgrammeReport:
    """`sharing`: the partnerships that share their scores; `areas`: every partnership here
    and its area (those without a round are listed as not yet assessed)."""
    seen = {d.bank_id for r in rounds for d in r.profile.domains}
    titles = {b.id: b.title for b in installed.banks}
    domains = [ProgrammeDomain(id=b.id, title=b.title) for b in installed.banks if b.id in seen]
    rows = [_round_row(r, domains, sharing) for r in rounds]
    spreads = [_domain_spread(d, rows, titles) for d in domains]
    listed = {r.latest.partnership for r in rounds}
    waiting = [
        name
        for name, its_area in sorted(areas.items(), key=lambda item: item[0].casefold())
        if name not in listed and (area is None or _same(its_area, area))
    ]
    return ProgrammeReport(
        generated_at=generated_at,
        area=area,
        domains=domains,
        partnerships=rows,
        spreads=spreads,
        not_listed=waiting,
    )


def _round_row(r: Round, domains: list[ProgrammeDomain], sharing: set[str]) -> PartnershipRound:
    """A partnership's row: its latest assessment's scores, and what moved since the one before."""
    a = r.latest
    cells = [c for d in domains if (c := _cell(d.id, r)) is not None]
    return PartnershipRound(
        partnership=a.partnership,
        area=a.area,
        shares_scores=a.partnership in sharing,
        assessment_id=a.id,
        started_at=a.started_at,
        overall_score=r.profile.overall,
        overall_stage=r.profile.overall_stage.value if r.profile.overall_stage else None,
        coverage=round(r.profile.coverage, 3),
        domains=cells,
        previous_id=r.previous.id if r.previous else None,
        previous_started_at=r.previous.started_at if r.previous else None,
        moved_since=r.moved,
    )


def _domain_spread(
    d: ProgrammeDomain, rows: list[PartnershipRound], titles: dict[str, str]
) -> DomainSpread:
    """A domain's median and quartiles over the partnerships scored in it."""
    scores = [c.score for row in rows for c in row.domains if c.id == d.id and c.score is not None]
    found = spread_of(scores)
    return DomainSpread(
        id=d.id,
        title=titles.get(d.id, d.id),
        partnerships=len(scores),
        median=found.median if found else None,
        lower_quartile=found.lower if found else None,
        upper_quartile=found.upper if found else None,
    )


def programme_for(
    store: Store, installed: BankSet, now: datetime, area: str | None = None
) -> ProgrammeReport:
    """The programme view of the store (of one area, when given)."""
    rounds = latest_rounds(store, installed, area=area)
    areas = {p.name: p.area for p in store.partnerships()}
    return programme_report(rounds, installed, store.sharing_partnerships(), areas, now, area)


def programme_json_schema() -> dict:
    schema = ProgrammeReport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
