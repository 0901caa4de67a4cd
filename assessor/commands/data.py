"""Commands over stored assessments: history, show, export, import, delete."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assessor.commands.errors import UserError
from assessor.commands.output import write_output
from assessor.commands.table import print_table


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the database file (default: $ASSESSOR_DB, else assessor.db in your data folder)",
    )


def open_store(args: argparse.Namespace, must_exist: bool = False):  # -> Store
    from assessor.store import Store, resolve_path

    path = resolve_path(args.db)
    if must_exist and not path.exists():
        raise UserError(f"there is no database at {path} yet: start an assessment first")
    return Store(path)


def _score_text(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}"


def _installed():  # -> BankSet, loaded only when something needs scoring
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
        assessments = store.assessments(args.partnership)
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
        ("id", "partnership", "date", "mode", "status", "overall"),
        [
            (
                s.assessment.id,
                s.assessment.partnership,
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
        assessment = store.assessment(args.id)
        answers = store.answers(assessment.id)
    summary = summarise_answers(assessment, answers, installed)
    parked = no_consensus_by_domain(banks_used(assessment, installed)[0], answers)
    print("\n".join(profile_lines(summary, parked)))
    return 0


def _export(args: argparse.Namespace) -> int:
    from assessor.store.transfer import export_assessment

    with open_store(args, must_exist=True) as store:
        exported = export_assessment(store, args.id)
    write_output(exported.model_dump_json(indent=2) + "\n", args.output, args.force)
    return 0


def _import(args: argparse.Namespace) -> int:
    from assessor.store.transfer import import_assessment, parse_export

    source = Path(args.file)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{source} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{source} cannot be read: {error}") from None
    exported = parse_export(text, str(source))
    with open_store(args) as store:
        imported = import_assessment(store, exported)
    print(f"Imported assessment {imported.id} of {imported.partnership}.")
    return 0


def _delete(args: argparse.Namespace) -> int:
    with open_store(args, must_exist=True) as store:
        assessment = store.assessment(args.id)
        count = len(store.answers(args.id, voices=True))
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
        store.delete_assessment(args.id)
    print(f"Deleted assessment {args.id}.")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    history = commands.add_parser("history", help="list stored assessments")
    history.add_argument("--partnership", metavar="NAME", help="only this partnership's")
    history.add_argument("--json", action="store_true", help="machine-readable output")
    history.set_defaults(run=_history)

    show = commands.add_parser("show", help="an assessment's profile by domain")
    show.add_argument("id", metavar="ID")
    show.set_defaults(run=_show)

    export = commands.add_parser("export", help="write a whole assessment as JSON")
    export.add_argument("id", metavar="ID")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.set_defaults(run=_export)

    importing = commands.add_parser("import", help="add an assessment exported elsewhere")
    importing.add_argument("file", metavar="FILE")
    importing.set_defaults(run=_import)

    delete = commands.add_parser("delete", help="delete an assessment (asks first)")
    delete.add_argument("id", metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask")
    delete.set_defaults(run=_delete)

    for parser in (history, show, export, importing, delete):
        add_db_option(parser)
