"""`assessor report` and `assessor plan`: the report files and the action plan in the terminal."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assessor.commands.data import ID_HELP, add_db_option, open_store
from assessor.commands.file_format import chosen_format
from assessor.commands.targets import parse_targets
from assessor.errors import UserError
from assessor.files.output import write_output
from assessor.terminal_text import styled_stream, visible

if TYPE_CHECKING:  # loaded where they are used, so that building the parser stays cheap
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from assessor.analysis.planning import Plan, PlannedAction
    from assessor.analysis.targets import TargetInUse
    from assessor.banks.bank_set import BankSet
    from assessor.store.records import Assessment

# Kept here rather than imported from the renderer, so that building the parser stays cheap.
REPORT_FORMATS = ("md", "html", "json", "csv", "board", "board-md")


def _report(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.report import ReportError, render, report_for

    fmt = chosen_format(args.format, args.output, "md", REPORT_FORMATS)
    if args.plan and fmt != "csv":
        raise UserError("--plan goes with --format csv (the other formats always hold the plan)")
    targets = parse_targets(args.target)
    with open_store(args, must_exist=True) as store:
        report = report_for(store, store.assessment_id(args.id), load_builtin(), targets)
    templates = Path(args.templates).expanduser() if args.templates else None
    try:
        text = render(report, fmt, templates, plan=args.plan)
    except ReportError as error:
        raise UserError(str(error)) from None
    write_output(text, args.output, args.force)
    return 0


def _plan(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.report import plan_for

    targets = parse_targets(args.target)
    with open_store(args, must_exist=True) as store:
        assessment = store.assessment(store.assessment_id(args.id))
        bank_set, plan, in_use = plan_for(store, assessment.id, load_builtin(), targets)
    print_plan(assessment, bank_set, plan, in_use)
    return 0


def print_plan(
    assessment: Assessment, bank_set: BankSet, plan: Plan, in_use: Sequence[TargetInUse]
) -> None:
    """The plan in the terminal: the targets, the top priorities, then each period.

    A table on a wide terminal; under 100 columns, where a table's seven columns would cut
    words short, one block per action. `in_use`: the targets the plan aims at
    (`TargetInUse`), with where each came from."""
    # rich is imported here, not at the top: the CLI must start quickly for every other command
    from rich.console import Console
    from rich.text import Text

    from assessor.analysis.planning import PRIORITY_LEGEND
    from assessor.analysis.targets import describe_target

    # a terminal's own width (or COLUMNS); a pipe or file gets a width that fits the table
    wide_enough = sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit()
    # rich writes its own styles, so it writes beneath the visible stream, and every piece of
    # user or bank text reaches it as a `_text` (a str would be read as markup)
    console = Console(
        file=styled_stream(), highlight=False, markup=False, width=None if wide_enough else 120
    )
    console.print(
        _text(f"Action plan for {assessment.partnership} (assessment {assessment.id})", "bold")
    )
    chosen = {t.domain_id: describe_target(t) for t in in_use}
    console.print(Text("Targets:"))
    for bank in bank_set.banks:
        console.print(_text(f"  {bank.title}: {chosen.get(bank.id, 'one stage up')}"))
    if not plan.actions:
        console.print("No actions: every answered question is at its target.")
        return
    order_of = {a.id: a.order for a in plan.actions}
    console.print(Text(PRIORITY_LEGEND, "dim"))

    number_width = len(f"#{len(plan.actions)}")
    top = plan.top_priorities()
    if top:
        console.print(Text("\nTop priorities", "bold"))
        grid = _hanging(number_width)
        for number, action in enumerate(top, start=1):
            grid.add_row(f"{number}.", _text(f"{action.text} ({action.owner}; #{action.order})"))
        console.print(grid)
    _print_periods(console, plan, order_of, number_width)


def _print_periods(
    console: Console, plan: Plan, order_of: dict[str, int], number_width: int
) -> None:
    """Each period's actions: a table, or one block an action under 100 columns."""
    from rich.text import Text

    from assessor.analysis.planning import Horizon

    narrow = console.width < 100
    for horizon in Horizon:
        actions = plan.in_horizon(horizon)
        if not actions:
            continue
        console.print()
        if narrow:
            console.print(Text(horizon.label, "bold"))
            grid = _hanging(number_width)
            for a in actions:
                if a is not actions[0]:
                    grid.add_row("", "")
                grid.add_row(f"#{a.order}", _action_block(a, order_of))
            console.print(grid)
            continue
        console.print(_horizon_table(horizon.label, actions, order_of))


def _hanging(number_width: int) -> Table:
    """A grid of a number, then text that wraps under itself, not under it."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, min_width=number_width)
    grid.add_column(ratio=1)
    return grid


def _horizon_table(label: str, actions: Sequence[PlannedAction], order_of: dict[str, int]) -> Table:
    """One period's actions as a table, for a terminal wide enough for its seven columns."""
    from rich.table import Table

    table = Table(title=label, title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Action", ratio=5)
    table.add_column("Owner", ratio=2, min_width=14)
    table.add_column("Timescale", no_wrap=True)
    table.add_column("Priority", ratio=1, min_width=12)
    table.add_column("Domain", ratio=2, min_width=12)
    for a in actions:
        cell = _action_text(a)
        for line in _order_lines(a, order_of):
            cell.append(f"\n{line}", "dim")
        for check in a.check_first:
            cell.append(_text(f"\ncheck first: {check}", "dim"))
        table.add_row(
            str(a.order),
            cell,
            _text(a.owner),
            _text(a.timescale),
            _text(a.priority_reason),
            _text("; ".join(a.domain_titles)),
        )
    return table


def _text(value: str, style: str = "") -> Text:
    """User or bank text for rich: literal (never markup), its control characters visible."""
    from rich.text import Text

    return Text(visible(value), style)


def _action_text(action: PlannedAction) -> Text:
    cell = _text(action.text)
    if action.kind.value == "prerequisite":
        cell.append("  (prerequisite)", "italic")
    if action.quick_win:
        cell.append("  [quick win]", "bold green")
    return cell


def _order_lines(action: PlannedAction, order_of: dict[str, int]) -> list[str]:
    """ "after #1" and "needed for #9, #15", as the report files say them."""
    lines = []
    if action.depends_on:
        lines.append("after " + ", ".join(f"#{order_of[d]}" for d in action.depends_on))
    if action.required_by:
        lines.append("needed for " + ", ".join(f"#{order_of[d]}" for d in action.required_by))
    return lines


def _action_block(action: PlannedAction, order_of: dict[str, int]) -> Text:
    """One action for a narrow terminal: its text, then who, when, how urgent, what order, where."""
    cell = _action_text(action)
    cell.append(
        _text(f"\n{action.owner} · {action.timescale} · priority {action.priority_reason}", "cyan")
    )
    details = [*_order_lines(action, order_of), "; ".join(action.domain_titles)]
    cell.append(_text("\n" + " · ".join(details), "dim"))
    for check in action.check_first:
        cell.append(_text(f"\ncheck first: {check}", "dim"))
    return cell


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help="write an assessment's report (md, html, json, csv) or board summary"
    )
    report.add_argument("id", metavar="ID", help=ID_HELP)
    report.add_argument(
        "--format",
        "-f",
        choices=REPORT_FORMATS,
        default=None,
        help=(
            "md, html, json, csv, or board: the one-page summary for a partnership's board "
            "(HTML to print; board-md or a .md file: Markdown to email); default: the output "
            "file's extension (.html, .htm, .md, .json, .csv), else md"
        ),
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write; its extension chooses the format (default: stdout)",
    )
    report.add_argument("--force", action="store_true", help="replace an existing file")
    report.add_argument(
        "--templates",
        metavar="DIR",
        help="folder of templates that override ours (default: the built-in templates)",
    )
    report.add_argument("--plan", action="store_true", help="with --format csv: the action plan")
    report.set_defaults(run=_report)

    plan = commands.add_parser("plan", help="the action plan as a table")
    plan.add_argument("id", metavar="ID", help=ID_HELP)
    plan.set_defaults(run=_plan)
    for parser in (report, plan):
        parser.add_argument(
            "--target",
            action="append",
            metavar="DOMAIN=STAGE",
            help=(
                "a target stage for a domain, for this call only, over the partnership's own "
                "(assessor targets), e.g. data_sharing=collaboration (repeatable; default: the "
                "partnership's own targets, and one stage up where it has none)"
            ),
        )
        add_db_option(parser)
