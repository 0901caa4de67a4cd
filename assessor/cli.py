"""The `assessor` command line.

Only what a command needs is imported, inside the command: `assessor --version` and the
bank commands must start quickly and never import Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from assessor import __version__


class UserError(Exception):
    """A problem the user can fix; shown as one sentence with a non-zero exit, no traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _banks_list(args: argparse.Namespace) -> int:
    from assessor.banks import load_builtin

    bank_set = load_builtin()
    rows = [("id", "title", "version", "questions")]
    rows += [(b.id, b.title, b.version, str(len(b.questions))) for b in bank_set.banks]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(widths[i]) if i < 3 else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())
    return 0


def _banks_validate(args: argparse.Namespace) -> int:
    from assessor.banks import load_banks
    from assessor.resources import builtin_bank_paths

    paths: list[Path | str] = list(args.paths) or list(builtin_bank_paths())
    bank_set, problems = load_banks(paths)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{len(problems)} {noun} found in {len(paths)} file(s).", file=sys.stderr)
        return 1
    questions = sum(len(b.questions) for b in bank_set.banks)
    print(f"{len(bank_set.banks)} bank(s), {questions} questions: all valid.")
    return 0


def _banks_schema(args: argparse.Namespace) -> int:
    from assessor.banks import bank_json_schema

    print(json.dumps(bank_json_schema(), indent=2, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assessor",
        description="A guided, chat-style self-assessment of partnership readiness for family hubs.",
    )
    parser.add_argument("--version", action="version", version=f"assessor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    banks = commands.add_parser("banks", help="list, check and describe question banks")
    bank_commands = banks.add_subparsers(dest="bank_command", metavar="SUBCOMMAND", required=True)
    listing = bank_commands.add_parser("list", help="the built-in banks")
    listing.set_defaults(run=_banks_list)
    validate = bank_commands.add_parser(
        "validate", help="check bank files (the built-in ones when no path is given)"
    )
    validate.add_argument("paths", nargs="*", metavar="PATH", help="bank YAML files")
    validate.set_defaults(run=_banks_validate)
    schema = bank_commands.add_parser("schema", help="print the JSON Schema of a bank file")
    schema.set_defaults(run=_banks_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    from assessor.banks import BankLoadError

    try:
        return args.run(args)
    except BankLoadError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except UserError as error:
        print(f"assessor: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
