"""What `assessor chat` makes before the conversation starts, for the plain chat and the app
alike: the banks `--banks` names, the roster `--participant` gives, the self-assessments `--from`
starts a workshop's ratings from, and the new assessment itself."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from assessor.errors import UserError

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.store import Store
    from assessor.store.records import Mode


def banks_chosen(selection: str | None, installed: BankSet | None = None) -> BankSet:
    """The banks `--banks` names, from `installed` (loaded when not given); all without it."""
    from assessor.banks import load_builtin
    from assessor.suggest import did_you_mean

    installed = installed or load_builtin()
    if selection is None:
        return installed
    wanted = [part.strip() for part in selection.split(",") if part.strip()]
    if not wanted:
        raise UserError("--banks names no bank; give ids such as governance,data_sharing")
    known = [b.id for b in installed.banks]
    for bank_id in wanted:
        if bank_id not in known:
            raise UserError(
                f"there is no bank '{bank_id}'{did_you_mean(bank_id, known)}; "
                f"the banks are: {', '.join(known)}"
            )
    return installed.select(wanted)


def new_assessment(
    store: Store,
    args: argparse.Namespace,
    name: str,
    bank_set: BankSet,
    mode: Mode,
    people: list[tuple[str, str, str]],
) -> str:
    """The assessment `chat` starts, for the plain chat and the app alike: the self-assessments
    --from names and the area are checked before anything is made, and a workshop whose
    starting ratings are refused all the same is not left behind."""
    from assessor.sessions import begin, prefill_from
    from assessor.store.errors import StoreError

    sources = _sources(store, name, args.from_ids, people) if args.from_ids else []
    if args.area:
        _agree_area(store, name, args.area)
    assessment = begin(store, name, bank_set, lead=args.lead or "", mode=mode)
    for person, organisation, role in people:
        store.add_participant(assessment.id, person, organisation, role)
    if sources:
        try:
            prefill_from(store, assessment.id, sources)
        except StoreError:
            store.delete_assessment(assessment.id)  # no half-made workshop is left behind
            raise
    return assessment.id


def participants(entries: list[str]) -> list[tuple[str, str, str]]:
    """'NAME, ORG, ROLE' from each --participant; names must differ."""
    from assessor.person_names import name_problem, person_key

    people: list[tuple[str, str, str]] = []
    for entry in entries:
        person, organisation, *role = [part.strip() for part in entry.split(",")] + ["", ""]
        if not person:
            raise UserError(f"--participant '{entry}' needs a name: 'AB, Council, Early help lead'")
        if problem := name_problem(person):
            raise UserError(f"--participant '{person}' cannot be a name: {problem}")
        if any(person_key(person) == person_key(other) for other, _, _ in people):
            raise UserError(
                f"--participant '{person}' is given twice; two people in the room need different "
                "names or initials"
            )
        people.append((person, organisation, ", ".join(r for r in role if r)))
    return people


def _sources(
    store: Store, partnership: str, from_ids: str, people: list[tuple[str, str, str]]
) -> list[str]:
    """The self-assessments --from names, checked before the workshop is created: each of this
    partnership, answered by someone given with --participant."""
    from datetime import UTC, datetime

    from assessor.analysis.workshop import match_people
    from assessor.store.records import Participant

    ids = list(dict.fromkeys(store.assessment_id(i) for i in from_ids.split(",") if i.strip()))
    if not ids:
        raise UserError("--from names no assessment; give ids such as 3f2a9c,7b1d04")
    now = datetime.now(UTC)
    roster = [
        Participant(id=n, name=person, organisation=org, role=role, added_at=now)
        for n, (person, org, role) in enumerate(people, start=1)
    ]
    for individual in (store.assessment(i) for i in ids):
        if individual.mode != "individual":
            raise UserError(f"assessment {individual.id} is a workshop, not a self-assessment")
        if individual.partnership.casefold() != partnership.casefold():
            raise UserError(
                f"assessment {individual.id} is of {individual.partnership}, not {partnership}"
            )
        if not individual.lead or len(match_people(individual.lead, roster)) != 1:
            raise UserError(
                f"assessment {individual.id} was answered by "
                f"'{individual.lead or 'nobody named'}', who is not among the participants; add "
                f"them with --participant '{individual.lead or 'NAME'}, ORGANISATION, ROLE'"
            )
    return ids


def _agree_area(store: Store, name: str, area: str) -> None:
    """Record the area of a new partnership (or one without); refuse to change one silently."""
    import shlex

    owner = store.partnership(name, area)
    if owner.area != " ".join(area.split()):
        command = f"assessor partnership {shlex.quote(owner.name)} --area {shlex.quote(area)}"
        raise UserError(f"{owner.name}'s area is '{owner.area}'; to change it: {command}")
