"""An assessment's profile as plain lines of text, for the terminal and the plain chat."""

from __future__ import annotations

from collections.abc import Mapping

from assessor.analysis.scoring import DomainScore, Profile, none_stands_out
from assessor.analysis.summaries import Summary
from assessor.text.table import format_table


def answered_of(answered: int, asked: int, may_add: int) -> str:
    """A count of questions answered with a stage out of those asked, the way every view of a
    profile writes it: "1/6", or "0/5 (up to 6)" while an answer still to come may add more."""
    return f"{answered}/{asked}" + (f" (up to {asked + may_add})" if may_add else "")


def coverage_sentence(answered: int, asked: int, may_add: int, how: str = "answered") -> str:
    """The overall count in words: "1 of 11 questions answered with a stage", and "(up to 12
    may be asked)" while an answer still to come may add more; `how`: "agreed" in a workshop."""
    text = f"{answered} of {asked} questions {how} with a stage"
    return text + (f" (up to {asked + may_add} may be asked)" if may_add else "")


def partly_scored_sentence(titles: list[str]) -> str:
    """Why the overall score may flatter or undersell: the domains it counts in full though
    under half their questions have a stage; "" when there are none."""
    if not titles:
        return ""
    listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    verb, its = ("counts", "its") if len(titles) == 1 else ("count", "their")
    return (
        "The overall score is the mean of the domain scores, each counting equally: "
        f"{listed} {verb} in full though under half {its} questions have a stage."
    )


def domain_notes(domain: DomainScore, parked: int = 0) -> list[str]:
    """What a domain's coverage is made of, beyond its answered count ("1 n/a", "2 skipped");
    `parked` of its skipped questions were a workshop's, parked without consensus."""
    return coverage_notes(
        not_applicable=domain.not_applicable,
        dont_know=domain.dont_know,
        no_consensus=parked,
        skipped=domain.skipped - parked,
        unanswered=domain.unanswered,
        low_coverage=bool(domain.asked and domain.low_coverage),
    )


def coverage_notes(
    *,
    not_applicable: int,
    dont_know: int,
    no_consensus: int,
    skipped: int,
    unanswered: int,
    low_coverage: bool,
) -> list[str]:
    """A domain's coverage in the words every view of a profile uses (the chat's summary, the
    app's results, `show`): "1 n/a", "2 skipped", "low coverage"."""
    notes = []
    if not_applicable:
        notes.append(f"{not_applicable} n/a")
    if dont_know:
        notes.append(f"{dont_know} don't know")
    if no_consensus:
        notes.append(f"{no_consensus} no consensus")
    if skipped > 0:
        notes.append(f"{skipped} skipped")
    if unanswered:
        notes.append(f"{unanswered} not yet answered")
    if low_coverage:
        notes.append("low coverage")
    return notes


def domain_table(profile: Profile, no_consensus: Mapping[str, int] | None = None) -> list[str]:
    """One row per domain; `no_consensus` (per domain id) counts a workshop's parked questions
    apart from the skipped ones they are recorded as."""
    rows = []
    for d in profile.domains:
        extra = domain_notes(d, (no_consensus or {}).get(d.bank_id, 0))
        rows.append(
            (
                d.title,
                d.stage.value if d.stage else "not scored",
                "-" if d.score is None else f"{d.score:.1f}",
                answered_of(d.answered, d.asked, d.may_add),
                ", ".join(extra),
            )
        )
    return format_table(("domain", "stage", "score", "answered", "notes"), rows, right=(2, 3))


def profile_lines(summary: Summary, no_consensus: Mapping[str, int] | None = None) -> list[str]:
    """`no_consensus`: per domain id, a workshop's questions parked without consensus."""
    a, p = summary.assessment, summary.profile
    area = f" ({a.area})" if a.area else ""
    lines = [
        f"Assessment {a.id}: {a.partnership}{area}, {a.mode}, {a.status}, "
        f"started {a.started_at.date().isoformat()}",
        "",
        *domain_table(p, no_consensus),
        "",
    ]
    if p.overall_stage is None:
        lines.append("Overall: not scored yet (no answer placed on the continuum).")
    else:
        lines.append(f"Overall: {p.overall_stage.value} ({p.overall:.1f} of 5).")
        titles = {d.bank_id: d.title for d in p.domains}
        scores = [d.score for d in p.domains if d.score is not None]
        if close := none_stands_out(scores, len(p.domains) - len(scores)):
            lines.append(close)
        elif len(p.domains) > 1 and p.weakest != p.strongest:
            lines.append("Weakest: " + ", ".join(titles[i] for i in p.weakest) + ".")
            lines.append("Strongest: " + ", ".join(titles[i] for i in p.strongest) + ".")
    lines.append(f"Coverage: {coverage_sentence(p.answered, p.asked, p.may_add)}.")
    if p.low_coverage and p.asked:
        lines.append("Under half the questions have a stage, so treat these scores as provisional.")
    if partly := partly_scored_sentence([d.title for d in p.partly_scored]):
        lines.append(partly)
    if summary.missing_banks:
        lines.append("Not scored (bank not installed): " + ", ".join(summary.missing_banks) + ".")
    return lines
