"""`assessor compare`: repeat assessments of one partnership side by side."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assessor.commands.data import add_db_option, open_store
from assessor.commands.errors import UserError
from assessor.commands.table import format_table

if TYPE_CHECKING:
    from assessor.report.comparison import ComparisonReport


def comparison_lines(report: ComparisonReport, verbose: bool = False) -> list[str]:
    """The comparison as plain lines for the terminal; `verbose` lists question ids too."""
    from assessor.report.comparison import change_words, follow_up_summary, not_assessed_lines

    labels = [a.label for a in report.assessments]
    view = "Two views of" if report.between_leads else "Progress of"
    lines = [
        f"{view} {report.partnership}: "
        + ", ".join(
            f"{a.id} ({a.started_at.date().isoformat()}{', ' + a.lead if a.lead else ''})"
            for a in report.assessments
        ),
        "",
    ]
    rows = []
    for d in report.domains:
        cells = [
            "-" if s is None else f"{s:.1f} {stage}"
            for s, stage in zip(d.scores, d.stages, strict=True)
        ]
        figure, note = change_words(d, report.between_leads)
        shown = note if figure == "-" and note else f"{figure} ({note})" if note else figure
        rows.append((d.title, *cells, shown))
    change = "difference" if report.between_leads else "change"
    both = "both views" if report.between_leads else "the first and the latest assessment"
    lines += format_table(("domain", *labels, change), rows, right=tuple(range(1, len(labels) + 1)))
    lines.append(
        f"({change.capitalize()}: over the questions {both} answered with a stage; where those "
        "are not all they answered, the two scores over those questions are given with it.)"
    )
    c = report.counts
    if report.between_leads:
        summary = (
            f"Questions: {c['unchanged']} seen the same, "
            f"{c['improved'] + c['declined']} seen differently "
            f"({c['improved']} higher in the second view, {c['declined']} lower), "
            f"{c['not compared']} not compared."
        )
    else:
        summary = (
            f"Questions: {c['improved']} improved, {c['declined']} declined, "
            f"{c['unchanged']} unchanged, {c['not compared']} not compared."
        )
    lines += ["", summary]
    areas = not_assessed_lines(report)
    if areas:
        lines.append("Not assessed every time (not compared, and not a change in the banks):")
        for line, area in zip(areas, report.not_assessed, strict=True):
            lines.append(f"  {line}" + (f": {', '.join(area.questions)}" if verbose else ""))
    for label, ids in (
        ("New in the banks", report.new_questions),
        ("No longer asked", report.removed_questions),
        ("Reworded in the banks", report.reworded_questions),
    ):
        if ids:
            lines.append(f"{label}: {', '.join(ids)}")
    if report.follow_ups and not report.between_leads:
        lines.append(f"Plan of {report.follow_ups_of}: {follow_up_summary(report)}")
    if not verbose and report.not_assessed:
        lines.append("(--verbose lists the questions' ids.)")
    return lines


def _compare(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.commands.output import write_output
    from assessor.report.comparison import comparison_for, partnership_ids
    from assessor.report.render import ReportError, render_comparison

    if bool(args.ids) == bool(args.partnership):
        raise UserError("give two or more assessment ids, or --partnership NAME (not both)")
    with open_store(args, must_exist=True) as store:
        ids = args.ids or partnership_ids(store, args.partnership)
        report = comparison_for(store, ids, load_builtin(), datetime.now(UTC))
    if args.format == "text":
        text = "\n".join(comparison_lines(report, args.verbose)) + "\n"
        write_output(text, args.output, args.force)
        return 0
    templates = Path(args.templates).expanduser() if args.templates else None
    try:
        text = render_comparison(report, args.format, templates)
    except ReportError as error:
        raise UserError(str(error)) from None
    write_output(text, args.output, args.force)
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    compare = commands.add_parser("compare", help="compare repeat assessments of one partnership")
    compare.add_argument("ids", nargs="*", metavar="ID", help="two or more assessment ids")
    compare.add_argument("--partnership", metavar="NAME", help="all its complete assessments")
    compare.add_argument("--format", "-f", choices=("text", "md", "html", "json"), default="text")
    compare.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    compare.add_argument("--force", action="store_true", help="replace an existing file")
    compare.add_argument(
        "--verbose", "-v", action="store_true", help="text: list the ids of the questions"
    )
    compare.add_argument(
        "--templates", metavar="DIR", help="folder of templates that override ours"
    )
    compare.set_defaults(run=_compare)
    add_db_option(compare)
