"""The `assessor` command line.

Only what a command needs is imported, inside the command: `assessor --version` and the
bank commands must start quickly and never import Textual.
"""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from assessor import __version__
from assessor.commands import banks, chat, compare, data, programme, report, targets
from assessor.errors import UserError
from assessor.terminal_text import VisibleWriter


class DefaultsSaid(argparse.HelpFormatter):
    """Help that says every option's default: an on/off flag's is 'off', an option with a
    value its value, unless its help already says it in words (as every option whose default
    is no value must: `tests/test_help.py` walks every parser)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help
        if not action.option_strings or not text or "default" in text.lower():
            return text
        if isinstance(action, argparse._StoreTrueAction | argparse._StoreFalseAction):
            return f"{text} (default: {'on' if action.default else 'off'})"
        if action.default is not None and action.default is not argparse.SUPPRESS:
            return f"{text} (default: %(default)s)"
        return text


def _say_defaults(parser: argparse.ArgumentParser) -> None:
    """`DefaultsSaid` for this parser and every subcommand's under it."""
    parser.formatter_class = DefaultsSaid
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _say_defaults(sub)


# The commands that start the app (and no command at all, which starts it too): given one of
# them, the command line registers only their module's commands, not every command's options,
# which take longer to build than the rest of the command line.
APP_COMMANDS = frozenset({"chat", "app", "resume"})


def _starts_the_app(argv: Sequence[str]) -> bool:
    """Whether `argv` names an app command, or none, with no global option but --db before it
    (`--version`, `--help` and anything unforeseen get every command)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("--db="):
            return word in APP_COMMANDS
    return True


def build_parser(app_only: bool = False) -> argparse.ArgumentParser:
    """Every command's parser; with `app_only`, only those of the commands in `chat`'s
    module (those that start the app), for a command line `_starts_the_app` says is one."""
    parser = argparse.ArgumentParser(
        prog="assessor",
        description="A guided self-assessment of partnership readiness for family hubs.",
    )
    parser.add_argument("--version", action="version", version=f"assessor {__version__}")
    parser.add_argument(
        "--db",
        dest="global_db",
        metavar="PATH",
        help="the database file or PostgreSQL address, for any command, the same as the "
        "command's own --db (default: $ASSESSOR_DB, else assessor.db in your data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (chat,) if app_only else (banks, chat, data, report, targets, compare, programme):
        module.register(commands)
    _say_defaults(parser)
    return parser


def _one_db(before: str | None, after: str | None) -> str | None:
    """--db before or after the command: the same option; two different files are refused."""
    if before is not None and after is not None and not _same_path(before, after):
        from assessor.store.location import is_server_address

        if is_server_address(before) or is_server_address(after):  # never print a password
            raise UserError("--db is given twice with different databases; give one")
        raise UserError(f"--db is given twice with different files ({before}, {after}); give one")
    return after if after is not None else before


def _same_path(first: str, second: str) -> bool:
    from assessor.store.location import is_server_address

    if is_server_address(first) or is_server_address(second):
        return first.strip() == second.strip()

    def absolute(raw: str) -> str:
        return os.path.abspath(os.path.expanduser(raw))

    return absolute(first) == absolute(second)


def _tolerant_streams() -> None:
    """Input that is not valid in its encoding is read, not fatal: each bad byte arrives as a
    lone surrogate, which the readers turn into U+FFFD (`plain_chat.readable`); output a
    terminal cannot show is replaced rather than ending the command."""
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="surrogateescape")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


@contextmanager
def _warnings_as_sentences() -> Iterator[None]:
    """Damaged stored text is told once per field, as one line on stderr, not as Python's
    warning with a file and line; so is a file being compacted after an upgrade."""
    from assessor.store.errors import Compacting
    from assessor.store.text import DamagedTextWarning

    told: set[str] = set()
    original = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if issubclass(category, Compacting):
            print(f"assessor: {message}", file=sys.stderr, flush=True)
        elif not issubclass(category, DamagedTextWarning):
            original(message, category, filename, lineno, file, line)
        elif str(message) not in told:
            told.add(str(message))
            print(f"assessor: warning: {message}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("always", DamagedTextWarning)
        warnings.simplefilter("always", Compacting)
        warnings.showwarning = show
        yield


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; whatever it prints shows control characters visibly (`visible`)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleWriter.around(out), VisibleWriter.around(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(app_only=_starts_the_app(argv))
    args, extra = parser.parse_known_args(argv)
    # argparse takes a command's positional list only before its first option; a command may
    # name (`more_positionals`) the list that words after an option belong to.
    more = getattr(args, "more_positionals", None)
    if extra and more and not any(word.startswith("-") for word in extra):
        setattr(args, more, [*getattr(args, more), *extra])
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        # No command: the app (the plain chat where the terminal is not interactive).
        args = parser.parse_args(["chat", *(["--db", args.global_db] if args.global_db else [])])
    from assessor.banks.errors import BankLoadError
    from assessor.store.errors import StoreError

    _tolerant_streams()
    try:
        args.db = _one_db(args.global_db, getattr(args, "db", None))
        with _warnings_as_sentences():
            return args.run(args)
    except BankLoadError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except (UserError, StoreError) as error:
        print(f"assessor: {error}", file=sys.stderr)
        return getattr(error, "exit_code", 1)
    except sqlite3.Error as error:  # from a raw connection (import, export): said as the store does
        from pathlib import Path

        from assessor.store import resolve_path
        from assessor.store.errors import from_sqlite

        try:
            found = resolve_path(getattr(args, "db", None))
            where = found if isinstance(found, Path) else None
        except StoreError:
            where = None
        print(f"assessor: {from_sqlite(where, error)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
