"""`assessor programme`: every partnership's latest complete assessment, for a programme lead."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from assessor.commands.data import add_db_option, open_store
from assessor.commands.file_format import chosen_format
from assessor.errors import UserError

# Kept here rather than imported from the renderer, so that building the parser stays cheap.
PROGRAMME_FORMATS = ("text", "md", "html", "json", "csv")


def _programme(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.files.output import write_output
    from assessor.report.programme import programme_for
    from assessor.report.render import ReportError, render_programme
    from assessor.text.programme import programme_lines

    fmt = chosen_format(args.format, args.output, "text", PROGRAMME_FORMATS)
    area = " ".join(args.area.split()) if args.area is not None else None
    with open_store(args, must_exist=True) as store:
        if area is not None:
            area = _known_area(area, sorted({p.area for p in store.partnerships() if p.area}))
        report = programme_for(store, load_builtin(), datetime.now(UTC), area)
    if fmt == "text":
        write_output("\n".join(programme_lines(report)) + "\n", args.output, args.force)
        return 0
    try:
        text = render_programme(report, fmt)
    except ReportError as error:
        raise UserError(str(error)) from None
    write_output(text, args.output, args.force)
    return 0


def _known_area(area: str, known: list[str]) -> str:
    """The area as the partnerships have it (matched in any case); one no partnership has is
    refused, naming the areas there are."""
    from assessor.suggest import did_you_mean

    if not area:
        raise UserError("--area needs an area's name")
    for spelled in known:
        if spelled.casefold() == area.casefold():
            return spelled
    there = f"; the areas here are: {', '.join(known)}" if known else "; no partnership has one"
    raise UserError(f"no partnership has the area '{area}'{did_you_mean(area, known)}{there}")


def register(commands: argparse._SubParsersAction) -> None:
    programme = commands.add_parser(
        "programme",
        help="every partnership's latest complete assessment, side by side (for a programme lead)",
        description=(
            "Every partnership's latest complete assessment by domain (score, stage, coverage), "
            "what moved since its previous one, and each domain's median and quartiles across "
            "the partnerships. It lists every partnership in the database, whether or not it "
            "shares its scores: what needs a partnership's agreement (assessor partnership NAME "
            "--share on) is the peer figures in another partnership's own report."
        ),
    )
    programme.add_argument(
        "--area", metavar="TEXT", help="only the partnerships in this area (default: every area)"
    )
    programme.add_argument(
        "--format",
        "-f",
        choices=PROGRAMME_FORMATS,
        default=None,
        help="text, md, html, json or csv (default: the output file's extension, else text)",
    )
    programme.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write; its extension chooses the format (default: stdout)",
    )
    programme.add_argument("--force", action="store_true", help="replace an existing file")
    programme.set_defaults(run=_programme)
    add_db_option(programme)
