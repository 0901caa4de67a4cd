"""The plain chat on a terminal wraps at spaces only: never inside a word, nor at a hyphen, so a
screen reader reading a line reads whole words (piped, lines are left whole)."""

from __future__ import annotations

import re
from pathlib import Path

from test_plain_chat import run, run_at_a_terminal

LONG = "Riverside-and-Lakeside-Family-Hubs-Alliance"  # longer than the terminal is wide
ARGS = ["chat", "--plain", "--partnership", LONG, "--banks", "integration,governance"]
ANSWERS = ["3", "we share newsletters\x1b[31m and co-locate twice a year", "summary"]
ID = re.compile(r"\b[0-9a-f]{8}\b")


def words(text: str) -> list[str]:
    """The words said before the summary (whose table is laid out anew for a narrow terminal)."""
    return ID.sub("ID", text.split("> summary", 1)[0]).split()


def test_lines_break_between_words_only(tmp_path: Path) -> None:
    piped = run(ARGS, ANSWERS, tmp_path / "piped.db").stdout
    for columns in (40, 60):
        shown = run_at_a_terminal(ARGS, ANSWERS, tmp_path / f"t{columns}.db", columns)
        # the same words in the same order as the whole lines have: none split in two
        assert words(shown) == words(piped)
        assert any(LONG in line for line in shown.splitlines())
        # a line longer than the terminal only where one word is
        for line in shown.splitlines():
            assert len(line) < columns or " " not in line.strip(), line
        # a stage's number stays with its name
        assert not any(re.search(r"\w\s+[1-5]$", line) for line in shown.splitlines())
        assert "3 Coordination" in shown
        # control characters stay visible, and whole
        assert "newsletters\\u001b[31m" in shown
