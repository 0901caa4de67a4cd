"""`assessor banks ...`: list, validate and describe question banks."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assessor.commands.table import print_table


def _banks_list(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin
    from assessor.banks.timing import expected_minutes, formula

    bank_set = load_builtin()
    rows = [
        (b.id, b.title, b.version, str(len(b.questions)), f"{expected_minutes(b.questions):.0f}")
        for b in bank_set.banks
    ]
    total = ("total", "", "", str(len(bank_set.questions)))
    rows.append((*total, f"{expected_minutes(bank_set.questions):.0f}"))
    print_table(("id", "title", "version", "questions", "minutes"), rows, right=(3, 4))
    print(formula())
    return 0


def _banks_validate(args: argparse.Namespace) -> int:
    from assessor.banks import load_banks
    from assessor.files.resources import builtin_bank_paths

    paths: list[Path | str] = list(args.paths) or list(builtin_bank_paths())
    context = None
    if args.paths:  # references to the installed banks' ids are fine in a bank checked alone
        context, _ = load_banks(builtin_bank_paths())
    warnings: list = []
    bank_set, problems = load_banks(paths, context, warnings)
    for problem in problems:
        print(problem, file=sys.stderr)
    for warning in warnings:  # worth fixing, but the banks are valid without
        print(f"{warning} (warning)", file=sys.stderr)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{len(problems)} {noun} found in {len(paths)} file(s).", file=sys.stderr)
        return 1
    questions = sum(len(b.questions) for b in bank_set.banks)
    terms = len(bank_set.glossary.terms)
    print(
        f"{len(bank_set.banks)} bank(s), {questions} questions, {terms} glossary terms: all valid."
    )
    return 0


def _banks_schema(args: argparse.Namespace) -> int:
    if args.glossary:
        from assessor.banks.glossary import glossary_json_schema as json_schema
    else:
        from assessor.banks import bank_json_schema as json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    banks = commands.add_parser("banks", help="list, check and describe question banks")
    bank_commands = banks.add_subparsers(dest="bank_command", metavar="SUBCOMMAND", required=True)
    listing = bank_commands.add_parser("list", help="the built-in banks")
    listing.set_defaults(run=_banks_list)
    validate = bank_commands.add_parser(
        "validate", help="check bank files (the built-in ones when no path is given)"
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="bank YAML files (a glossary.yaml beside them is checked too, or given by name)",
    )
    validate.set_defaults(run=_banks_validate)
    schema = bank_commands.add_parser("schema", help="print the JSON Schema of a bank file")
    schema.add_argument(
        "--glossary", action="store_true", help="the schema of glossary.yaml instead"
    )
    schema.set_defaults(run=_banks_schema)
    from assessor.commands.banks_try import register_try

    register_try(bank_commands)
