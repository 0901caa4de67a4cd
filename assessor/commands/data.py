"""Commands over stored assessments: history, show, export, import, delete."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assessor.commands.table import print_table
from assessor.errors import UserError
from assessor.output import write_output

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.store import Store
    from assessor.store.location import ServerAddress
    from assessor.store.records import Assessment, Partnership, Target


ID_HELP = "the assessment's id, or its first few characters (any case)"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the database file, or a PostgreSQL address postgresql://USER@HOST/DATABASE "
        "(default: $ASSESSOR_DB, else assessor.db in your data folder)",
    )


def open_store(args: argparse.Namespace, must_exist: bool = False) -> Store:
    from assessor.store import Store, resolve_path

    path = resolve_path(args.db)
    if must_exist and not path.exists():
        raise UserError(f"there is no database at {path} yet: start an assessment first")
    return Store(path)


def _score_text(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"


def _installed() -> BankSet:  # loaded only when something needs scoring
    from assessor.banks import load_builtin

    return load_builtin()


def _history(args: argparse.Namespace) -> int:
    from assessor.resources import builtin_banks_key
    from assessor.store import resolve_path
    from assessor.summaries import overviews

    if not resolve_path(args.db).exists():
        print("[]" if args.json else "No assessments yet.")
        return 0
    with open_store(args, must_exist=True) as store:
        # a partnership not there is refused, with the nearest name, as `targets` does
        named = store.partnership_named(args.partnership).name if args.partnership else None
        assessments = store.assessments(named)
        summaries = overviews(store, assessments, _installed, builtin_banks_key())
    if args.json:
        print(json.dumps([s.as_json() for s in summaries], indent=2, ensure_ascii=False))
        return 0
    if not summaries:
        print(
            "No assessments yet."
            if not args.partnership
            else f"No assessments of {args.partnership}."
        )
        return 0
    print_table(
        ("id", "partnership", "area", "date", "mode", "status", "overall"),
        [
            (
                s.assessment.id,
                s.assessment.partnership,
                s.assessment.area or "-",
                s.assessment.started_at.date().isoformat(),
                s.assessment.mode,
                s.assessment.status,
                s.overall_text,
            )
            for s in summaries
        ],
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.profile_text import profile_lines
    from assessor.report.voices import no_consensus_by_domain
    from assessor.summaries import banks_used, summarise_answers

    installed = load_builtin()
    with open_store(args, must_exist=True) as store:
        assessment = store.assessment(store.assessment_id(args.id))
        answers = store.answers(assessment.id)
    summary = summarise_answers(assessment, answers, installed)
    parked = no_consensus_by_domain(banks_used(assessment, installed)[0], answers)
    print("\n".join(profile_lines(summary, parked)))
    return 0


def _export(args: argparse.Namespace) -> int:
    from assessor.store.transfer import export_assessment

    with open_store(args, must_exist=True) as store:
        exported = export_assessment(store, store.assessment_id(args.id))
    write_output(exported.model_dump_json(indent=2) + "\n", args.output, args.force)
    return 0


def _import(args: argparse.Namespace) -> int:
    from assessor.store import resolve_path
    from assessor.store.transfer import check_export, import_assessment, parse_export

    source = Path(args.file)
    text = _export_text(source)
    domains = [bank.id for bank in _installed().banks]
    exported = parse_export(text, str(source), domains)
    check_export(exported)  # before a database file is created or opened
    path = resolve_path(args.db)
    created = not path.exists()
    try:
        with open_store(args) as store:
            before = store.find_partnership(exported.assessment.partnership)
            targets_here = store.targets(before.name) if before else []
            imported = import_assessment(store, exported)
    except BaseException:
        if created and isinstance(path, Path):
            remove_if_empty(path)
        raise
    print(f"Imported assessment {imported.id} of {imported.partnership}.")
    if before is not None:
        for line in _partnership_differences(exported.assessment, before):
            print(line)
        for line in _target_differences(exported.targets, targets_here, before.name):
            print(line)
    return 0


def _export_text(source: Path) -> str:
    """The text of a file to import: at most FILE_LIMIT bytes (more is refused unread), UTF-8."""
    from assessor.store.transfer import FILE_LIMIT, FILE_LIMIT_MB

    try:
        with source.open("rb") as file:
            data = file.read(FILE_LIMIT + 1)
    except FileNotFoundError:
        raise UserError(f"{source} does not exist") from None
    except OSError as error:
        raise UserError(f"{source} cannot be read: {error.strerror or error}") from None
    if len(data) > FILE_LIMIT:
        raise UserError(
            f"{source} is larger than {FILE_LIMIT_MB} MB, the most assessor imports (an "
            "export of a 30-person workshop is about 1 MB)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserError(
            f"{source} is not UTF-8 text: line {line} has a byte that is not UTF-8 "
            f"(0x{data[error.start]:02x}, byte {error.start + 1} of the file)"
        ) from None


def _target_differences(exported: list[Target], here: list[Target], name: str) -> list[str]:
    """What the export's targets add to a partnership already here, or differ from its own."""
    mine = {t.domain_id: t for t in here}
    lines = []
    for theirs in exported:
        said = theirs.stage.value + (f" by {theirs.by}" if theirs.by else "")
        kept = mine.get(theirs.domain_id)
        if kept is None:
            lines.append(f"Its target for {theirs.domain_id}, {said}, came with the export.")
        elif (kept.stage, kept.by) != (theirs.stage, theirs.by):
            ours = kept.stage.value + (f" by {kept.by}" if kept.by else "")
            command = f"assessor targets {shlex.quote(name)} {theirs.domain_id}={theirs.stage}"
            command += f" --by {shlex.quote(theirs.by)}" if theirs.by else ""
            lines.append(
                f"The export's target for {theirs.domain_id} is {said}; the target here, {ours}, "
                f"is kept (to change it: {command})."
            )
    return lines


def _partnership_differences(exported: Assessment, existing: Partnership) -> list[str]:
    """What the export says about a partnership already here, where it differs."""
    lines = []
    if " ".join(exported.partnership.split()) != existing.name:
        lines.append(
            f"The export calls it '{exported.partnership}'; the name here, "
            f"'{existing.name}', is kept."
        )
    wanted = " ".join(exported.area.split())
    if wanted and not existing.area:
        lines.append(f"Its area was not set here; it is now '{wanted}', from the export.")
    elif wanted and wanted != existing.area:
        command = f"assessor partnership {shlex.quote(existing.name)} --area {shlex.quote(wanted)}"
        lines.append(
            f"The export gives its area as '{wanted}'; the area here, '{existing.area}', is "
            f"kept (to change it: {command})."
        )
    return lines


def remove_if_empty(path: Path | ServerAddress) -> None:
    """Remove a database file this command created, if nothing was ever written into it (a
    server's database is never removed)."""
    import sqlite3

    if not isinstance(path, Path):
        return

    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            used = connection.execute("SELECT EXISTS (SELECT 1 FROM partnerships)").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return
    if not used:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)


def _delete(args: argparse.Namespace) -> int:
    with open_store(args, must_exist=True) as store:
        assessment = store.assessment(store.assessment_id(args.id))
        count = len(store.answers(assessment.id, voices=True))
        if not args.yes:
            prompt = (
                f"Delete assessment {assessment.id} of {assessment.partnership} "
                f"({assessment.started_at.date()}, {count} answers)? This cannot be undone. [y/N] "
            )
            print(prompt, end="", flush=True)
            reply = sys.stdin.readline().strip().lower()
            if reply not in ("y", "yes"):
                print("Nothing deleted.")
                return 1
        store.delete_assessment(assessment.id)
    print(f"Deleted assessment {assessment.id}.")
    return 0


def _partnership(args: argparse.Namespace) -> int:
    with open_store(args, must_exist=True) as store:
        found = store.partnership_named(args.name)
        if args.area is not None:
            changed = store.set_area(found.name, args.area)
            was = f" (was '{found.area}')" if found.area and found.area != changed.area else ""
            now = f"'{changed.area}'" if changed.area else "not set"
            print(f"{changed.name}: area {now}{was}.")
        if args.share is not None:
            store.set_sharing(found.name, args.share == "on")
            print(f"{found.name}: {_sharing_words(args.share == 'on')}.")
        if args.area is not None or args.share is not None:
            return 0
        count = len(store.assessments(found.name))
        area = f"area '{found.area}'" if found.area else "area not set"
        shares = _sharing_words(store.shares_scores(found.name))
        print(f"{found.name}: {area}; {count} assessment{'' if count == 1 else 's'}; {shares}.")
    return 0


def _sharing_words(shares: bool) -> str:
    if shares:
        return "shares its scores with the programme (counted in other partnerships' peer figures)"
    return "does not share its scores with the programme"


def register(commands: argparse._SubParsersAction) -> None:
    history = commands.add_parser("history", help="list stored assessments")
    history.add_argument(
        "--partnership",
        metavar="NAME",
        help="only this partnership's (default: every partnership's)",
    )
    history.add_argument("--json", action="store_true", help="machine-readable output")
    history.set_defaults(run=_history)

    show = commands.add_parser("show", help="an assessment's profile by domain")
    show.add_argument("id", metavar="ID", help=ID_HELP)
    show.set_defaults(run=_show)

    export = commands.add_parser("export", help="write a whole assessment as JSON")
    export.add_argument("id", metavar="ID", help=ID_HELP)
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.set_defaults(run=_export)

    importing = commands.add_parser("import", help="add an assessment exported elsewhere")
    importing.add_argument("file", metavar="FILE", help="a JSON file written by assessor export")
    importing.set_defaults(run=_import)

    delete = commands.add_parser("delete", help="delete an assessment (asks first)")
    delete.add_argument("id", metavar="ID", help=ID_HELP)
    delete.add_argument("--yes", action="store_true", help="do not ask")
    delete.set_defaults(run=_delete)

    partnership = commands.add_parser(
        "partnership",
        help="a partnership's area and whether it shares its scores: show them, or set them",
    )
    partnership.add_argument("name", metavar="NAME", help="the partnership's name (any case)")
    partnership.add_argument(
        "--area", metavar="AREA", help="set the area ('' clears it; default: show it unchanged)"
    )
    partnership.add_argument(
        "--share",
        choices=("on", "off"),
        help="on: it agrees to share its scores with the programme, so that they count, unnamed, "
        "in other partnerships' peer figures, and its own report shows its peers; off: it does "
        "not (default: unchanged; a new partnership does not share)",
    )
    partnership.set_defaults(run=_partnership)

    for parser in (history, show, export, importing, delete, partnership):
        add_db_option(parser)
