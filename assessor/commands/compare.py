"""`assessor compare`: repeat assessments of one partnership side by side."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from assessor.commands.data import add_db_option, open_store
from assessor.commands.file_format import chosen_format
from assessor.errors import UserError

COMPARE_FORMATS = ("text", "md", "html", "json")


def _compare(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.files.output import write_output
    from assessor.report.comparison import comparison_for, partnership_ids
    from assessor.report.render import ReportError, render_comparison
    from assessor.text.comparison import comparison_lines

    if bool(args.ids) == bool(args.partnership):
        raise UserError("give two or more assessment ids, or --partnership NAME (not both)")
    with open_store(args, must_exist=True) as store:
        ids = [store.assessment_id(i) for i in args.ids] or partnership_ids(
            store, store.partnership_named(args.partnership).name
        )
        report = comparison_for(store, ids, load_builtin(), datetime.now(UTC))
    fmt = chosen_format(args.format, args.output, "text", COMPARE_FORMATS)
    if fmt == "text":
        text = "\n".join(comparison_lines(report, args.verbose)) + "\n"
        write_output(text, args.output, args.force)
        return 0
    templates = Path(args.templates).expanduser() if args.templates else None
    try:
        text = render_comparison(report, fmt, templates)
    except ReportError as error:
        raise UserError(str(error)) from None
    write_output(text, args.output, args.force)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    compare = commands.add_parser("compare", help="compare repeat assessments of one partnership")
    compare.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help="two or more assessment ids, each whole or its first few characters (any case)",
    )
    compare.add_argument(
        "--partnership",
        metavar="NAME",
        help="all its complete assessments, instead of ids (default: the ids given)",
    )
    compare.add_argument(
        "--format",
        "-f",
        choices=COMPARE_FORMATS,
        default=None,
        help="text, md, html or json (default: the output file's extension, else text)",
    )
    compare.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write; its extension chooses the format (default: stdout)",
    )
    compare.add_argument("--force", action="store_true", help="replace an existing file")
    compare.add_argument(
        "--verbose", "-v", action="store_true", help="text: list the ids of the questions"
    )
    compare.add_argument(
        "--templates",
        metavar="DIR",
        help="folder of templates that override ours (default: the built-in templates)",
    )
    compare.set_defaults(run=_compare)
    add_db_option(compare)
