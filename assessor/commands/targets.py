"""`assessor targets`: a partnership's target stage per domain, kept for its plans and reports.

Also the one reader of DOMAIN=STAGE, shared with `--target` on `assessor plan` and `report`.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence

from assessor.commands.data import add_db_option, open_store
from assessor.commands.table import print_table
from assessor.errors import UserError

EXAMPLE = "data_sharing=collaboration"


def parse_targets(values: Sequence[str] | None, option: str = "--target") -> dict:
    """DOMAIN=STAGE items (a stage name or 1-5) as domain id -> Stage; `option` names them in
    errors ('' for positional items). A stage name is read as the chat reads one, short forms
    and misspellings included (`stage_of_word`)."""
    from assessor.continuum import STAGE_NAMES, Stage
    from assessor.suggest import did_you_mean
    from assessor.words.text import normalise
    from assessor.words.vocabulary import stage_of_word

    label = f"{option} " if option else ""
    targets: dict[str, Stage] = {}
    for value in values or []:
        domain, sep, stage_text = value.partition("=")
        domain, stage_text = domain.strip().lower(), stage_text.strip().lower()
        if not sep or not domain or not stage_text:
            raise UserError(f"{label}'{value}' should read DOMAIN=STAGE, e.g. {EXAMPLE}")
        if stage_text.isdigit() and 1 <= int(stage_text) <= 5:
            stage = Stage.from_number(int(stage_text))
        elif (named := stage_of_word(normalise(stage_text))) is not None:
            # the chat's reading of a stage word: 'collab', 'co-ordination', 'colaboration'
            stage = named[0]
        else:
            raise UserError(
                f"{label}'{value}': '{stage_text}' is not a stage"
                f"{did_you_mean(stage_text, STAGE_NAMES)}; the stages are "
                f"{', '.join(STAGE_NAMES)} (or 1-5)"
            )
        if targets.get(domain, stage) != stage:
            raise UserError(
                f"{domain} is given two targets ({targets[domain].value}, {stage.value}); give one"
            )
        targets[domain] = stage
    return targets


def check_domain(domain: str, known: Sequence[str]) -> None:
    """Refuse a domain id that is not one of `known`, with the nearest as a suggestion."""
    from assessor.suggest import did_you_mean

    if domain not in known:
        raise UserError(
            f"there is no domain '{domain}'{did_you_mean(domain, known)}; "
            f"the domains are: {', '.join(known)}"
        )


def _targets(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.store.records import clean_by
    from assessor.suggest import did_you_mean

    wanted = parse_targets(args.set, option="")
    clearing = list(dict.fromkeys(d.strip().lower() for d in args.clear or []))
    if args.by is not None and not wanted:
        raise UserError(f"--by goes with a target to set, e.g. {EXAMPLE} --by 'March 2027'")
    try:
        by = clean_by(args.by or "")
    except ValueError as error:
        raise UserError(f"--by: {error}") from None
    both = sorted(set(wanted) & set(clearing))
    if both:
        raise UserError(f"{both[0]} is both set and cleared; give one")
    installed = load_builtin()
    titles = {b.id: b.title for b in installed.banks}
    for domain in wanted:
        check_domain(domain, list(titles))
    with open_store(args, must_exist=True) as store:
        found = store.partnership_named(args.partnership)
        stored = {t.domain_id for t in store.targets(found.name)}
        for domain in clearing:
            if domain not in stored:
                nearest = did_you_mean(domain, sorted(stored))
                raise UserError(f"{found.name} has no target for '{domain}' to clear{nearest}")
        for domain, stage in wanted.items():
            store.set_target(found.name, domain, stage, by)
            print(f"{titles[domain]}: target {stage.value}{f' by {by}' if by else ''}.")
        for domain in clearing:
            store.clear_target(found.name, domain)
            print(f"{titles.get(domain, domain)}: target cleared (plans aim one stage up).")
        targets = store.targets(found.name)
    if not targets:
        command = f"assessor targets {shlex.quote(found.name)} {EXAMPLE} --by 'March 2027'"
        print(
            f"{found.name} has no targets: its plans aim one stage up in every domain "
            f"(to set one: {command})."
        )
        return 0
    if wanted or clearing:
        print()
    print(f"Targets of {found.name} (its plans aim at these; other domains one stage up):")
    print_table(
        ("domain", "title", "target", "by", "set"),
        [
            (
                t.domain_id,
                titles.get(t.domain_id, "(not an installed domain)"),
                t.stage.value,
                t.by or "-",
                t.set_at.date().isoformat(),
            )
            for t in targets
        ],
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    targets = commands.add_parser(
        "targets",
        help="a partnership's target stage per domain: list, set or clear them",
        description=(
            "A partnership's target stage per domain. Its plans and reports aim at these "
            "(every step from the current stage to the target, in order); other domains aim "
            "one stage up. --target on plan or report overrides them for that one call."
        ),
    )
    targets.add_argument(
        "partnership", metavar="PARTNERSHIP", help="the partnership's name (any case)"
    )
    targets.add_argument(
        "set",
        nargs="*",
        metavar="DOMAIN=STAGE",
        help=f"set a target, e.g. {EXAMPLE} or governance=4 (replaces the domain's earlier one)",
    )
    targets.add_argument(
        "--by",
        metavar="WHEN",
        help="by when, for the targets set: a date or a short phrase, e.g. 'March 2027' "
        "(default: no date)",
    )
    targets.add_argument(
        "--clear",
        action="append",
        metavar="DOMAIN",
        help="remove a domain's target (repeatable; default: none removed)",
    )
    targets.set_defaults(run=_targets, more_positionals="set")
    add_db_option(targets)
