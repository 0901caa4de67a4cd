"""`--help` of `assessor` and of every subcommand, as printed by the real command: every option
says its default and every argument says what it is."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

import pytest

from assessor.cli import build_parser


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser under `parser`, with the words that reach it."""
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += commands(sub, (*path, name))
    return found


EVERY = commands(build_parser())


def entries(help_text: str) -> list[str]:
    """The help's entries: each an argument's line, with its indented lines after, joined."""
    found: list[str] = []
    for line in help_text.splitlines():
        if re.match(r"^  \S", line):
            found.append(line.strip())
        elif re.match(r"^   +\S", line) and found:
            found[-1] += " " + line.strip()
        else:
            found.append("")  # a heading or a blank line ends an entry
    return [entry for entry in found if entry]


def test_the_walk_finds_every_command() -> None:
    names = {" ".join(path) for path, _ in EVERY}
    assert {"", "chat", "report", "compare", "targets", "banks try", "serve"} <= names


@pytest.mark.parametrize(
    ("path", "parser"), EVERY, ids=[" ".join(p) or "assessor" for p, _ in EVERY]
)
def test_help_says_every_default_and_every_argument(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "assessor", *path, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    listed = entries(shown.stdout)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._VersionAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            continue  # each subcommand is walked on its own
        if action.option_strings:
            name = action.option_strings[0]
            (entry,) = [e for e in listed if re.match(rf"{re.escape(name)}\b", e)]
            assert "default" in entry.lower(), f"assessor {' '.join(path)}: {entry}"
        else:
            name = action.metavar if isinstance(action.metavar, str) else action.dest
            (entry,) = [e for e in listed if e == name or e.startswith(f"{name} ")]
            described = entry.removeprefix(name).strip()
            assert len(described.split()) >= 3, (
                f"assessor {' '.join(path)}: {name} is not described"
            )
