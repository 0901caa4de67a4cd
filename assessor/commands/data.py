"""Commands over stored assessments: history, show, export, import, delete."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assessor.commands.table import print_table
from assessor.errors import UserError
from assessor.files.output import write_output

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.store import Store
    from assessor.store.location import ServerAddress


ID_HELP = "the assessment's id, or its first few characters (any case)"
IMPORT_HELP = (
    "Each file is imported in its own transaction; a refused file stops nothing else. A "
    "folder stands for the .json files directly in it (not its subfolders, hidden files or "
    "links, and other files are left alone and said). A file already imported, with the same "
    "answers, is said and not imported again. Exit status: 0 when every file is in the "
    "database (imported now, or before); 1 when any file was refused (the summary names each "
    "and says why)."
)
HISTORY_LIMIT = 50  # assessments `history` lists unless told: a screenful, quick at any size


def _count(text: str) -> int:
    """A whole number, 0 or more (an option's value)."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number, 0 or more")
    return number


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
    from assessor.analysis.summaries import overviews
    from assessor.files.resources import builtin_bank_paths
    from assessor.store import resolve_path

    if not resolve_path(args.db).exists():
        print("[]" if args.json else "No assessments yet.")
        return 0
    with open_store(args, must_exist=True) as store:
        # a partnership not there is refused, with the nearest name, as `targets` does
        named = store.partnership_named(args.partnership).name if args.partnership else None
        assessments, total = store.recent_assessments(args.limit or None, named)
        summaries = overviews(store, assessments, _installed, builtin_bank_paths())
    unshown = total - len(assessments)
    more = (
        f"The {len(assessments)} most recent of {total:,} assessments are shown; "
        "--limit 0 lists every one."
    )
    if args.json:
        print(json.dumps([s.as_json() for s in summaries], indent=2, ensure_ascii=False))
        if unshown:
            print(f"assessor: {more}", file=sys.stderr)
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
    if unshown:
        print(more)
    return 0


def _show(args: argparse.Namespace) -> int:
    from assessor.analysis.summaries import banks_used, summarise_answers
    from assessor.analysis.workshop import parked_by_domain
    from assessor.banks import load_builtin
    from assessor.text.profile import profile_lines

    installed = load_builtin()
    with open_store(args, must_exist=True) as store:
        assessment = store.assessment(store.assessment_id(args.id))
        answers = store.answers(assessment.id)
    summary = summarise_answers(assessment, answers, installed)
    parked = parked_by_domain(banks_used(assessment, installed)[0], answers)
    print("\n".join(profile_lines(summary, parked)))
    return 0


def _export(args: argparse.Namespace) -> int:
    from assessor.store.transfer import export_assessment
    from assessor.terminal_text import visible_json

    with open_store(args, must_exist=True) as store:
        exported = export_assessment(store, store.assessment_id(args.id))
    # as every JSON file assessor writes: control and bidi characters as JSON's \uXXXX escapes
    write_output(visible_json(exported.model_dump_json(indent=2)) + "\n", args.output, args.force)
    return 0


def _import(args: argparse.Namespace) -> int:
    from assessor.commands.importing import run

    return run(args)


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
    history.add_argument(
        "--limit",
        metavar="N",
        type=_count,
        default=HISTORY_LIMIT,
        help="list the N most recent (default: %(default)s; 0 lists every one)",
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

    importing = _import_parser(commands)

    delete = commands.add_parser("delete", help="delete an assessment (asks first)")
    delete.add_argument("id", metavar="ID", help=ID_HELP)
    delete.add_argument("--yes", action="store_true", help="do not ask")
    delete.set_defaults(run=_delete)

    partnership = _partnership_parser(commands)

    for parser in (history, show, export, importing, delete, partnership):
        add_db_option(parser)


def _import_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    importing = commands.add_parser(
        "import",
        help="add assessments exported elsewhere: files, or folders of them",
        description=IMPORT_HELP,
    )
    importing.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="a JSON file written by assessor export, or a folder of them",
    )
    importing.set_defaults(run=_import)
    return importing


def _partnership_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
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
    return partnership
