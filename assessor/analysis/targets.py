"""The target stages a plan aims at: the partnership's stored ones, or ones given for one plan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from assessor.continuum import Stage
from assessor.store.records import Target


class TargetSource(StrEnum):
    STORED = "stored"  # the partnership's, kept in the database (`assessor targets`)
    GIVEN = "given"  # given for this plan or report only (`--target`)


@dataclass(frozen=True)
class TargetInUse:
    domain_id: str
    stage: Stage
    source: TargetSource
    by: str = ""
    set_at: datetime | None = None  # when it was stored; None for a given one
    over: Target | None = None  # for a given target: the stored one it overrides, if any


def targets_in_use(
    domain_ids: Sequence[str], stored: Iterable[Target], given: Mapping[str, Stage]
) -> list[TargetInUse]:
    """Per domain of the assessment, in its order: the target given for this plan, else the
    stored one; domains with neither aim one stage up and are left out."""
    kept = {t.domain_id: t for t in stored}
    chosen = []
    for domain_id in domain_ids:
        if domain_id in given:
            over = kept.get(domain_id)
            chosen.append(TargetInUse(domain_id, given[domain_id], TargetSource.GIVEN, over=over))
        elif domain_id in kept:
            t = kept[domain_id]
            chosen.append(TargetInUse(domain_id, t.stage, TargetSource.STORED, t.by, t.set_at))
    return chosen


def describe_target(target: TargetInUse) -> str:
    """'collaboration by March 2027 (the partnership's, set 2026-10-14)', for people."""
    by = f" by {target.by}" if target.by else ""
    if target.source is TargetSource.GIVEN:
        over = target.over
        instead = ""
        if over is not None:
            instead = f", over the partnership's {over.stage.value}"
            instead += f" by {over.by}" if over.by else ""
        return f"{target.stage.value}{by} (given for this plan{instead})"
    when = f", set {target.set_at.date().isoformat()}" if target.set_at else ""
    return f"{target.stage.value}{by} (the partnership's{when})"
