"""The words that run a workshop, and what a line names: a person, a rating, a command."""

from __future__ import annotations

import re

from assessor.analysis.workshop import SECTOR_WORDS, value_of
from assessor.conversation.commands import Command, parse_command
from assessor.words.text import normalise

ADD = re.compile(r"^\s*add\s+(.+)$", re.IGNORECASE)
REMOVE = re.compile(r"^\s*remove\s+(.+)$", re.IGNORECASE)
READY = frozenset(
    {"ready", "start", "go", "begin", "done", "that's everyone", "thats everyone", "all here"}
)
# Said while the roster is taken, these are not a person's name (the app adds a person for
# any other line): the words that start the workshop, and the commands that mean something then.
ROSTER_WORDS = READY | {"help", "pause", "quit"}
ALL_RATED = {"done", "that's everyone", "thats everyone", "that's all", "next", "discuss"}
# Said in a room (everyone rating on their own device): show the spread now.
REVEAL = {"reveal", "reveal ratings", "reveal the ratings", "show ratings", "show the ratings"}
PARK = {"no consensus", "park", "park it", "parked", "disagree", "we disagree", "can't agree"}
# Commands that only look something up: said while a proposal waits, it keeps waiting.
LOOKING = {
    Command.HELP,
    Command.WHY,
    Command.LEVELS,
    Command.EXPLAIN,
    Command.PROGRESS,
    Command.SUMMARY,
}
AGREE = re.compile(r"^\s*(?:we\s+)?agree(?:d)?\b[\s:,-]*(.*)$", re.IGNORECASE | re.DOTALL)


# Words that run the workshop when typed alone: a person with one of them as their name could
# never be rated by name ("done 4" would be read as 'done').
_RUNS_THE_WORKSHOP = (
    READY | ALL_RATED | PARK | REVEAL | {"agree", "agreed", "add", "remove", "abstain"}
)


def read_as_something_else(name: str) -> str | None:
    """Why a name joining from a device would be read as something other than that person in
    the facilitator's lines ('council 2' rates every council member, '3' is a rating, 'skip'
    a command), or None."""
    said = " ".join(normalise(name).lower().split()).rstrip(".!?")
    if not isinstance(value_of(said), str) or any(w in "12345" for w in said.split()):
        return "it would be read as a rating"
    if said in SECTOR_WORDS:
        return "it would be read as everyone from that sector"
    if said in _RUNS_THE_WORKSHOP or parse_command(said, confirming=True) is not None:
        return "it is one of the words that run the workshop"
    return None


def bare_rating(text: str) -> bool:
    """A rating with no name, as the workshop reads one after a name: a stage's number or name
    ("3", "coord"), not sure ("dunno"), n/a, abstain. A command ("?" for help) is not one."""
    return parse_command(text) is None and not isinstance(value_of(text), str)


def names_a_person(line: str) -> bool:
    """Whether a line said while the roster is taken names someone to add: not 'add' or
    'remove' (which say so themselves), and none of the `ROSTER_WORDS`."""
    said = " ".join(line.lower().split()).rstrip(".!")
    return bool(said) and said.split()[0] not in ("add", "remove") and said not in ROSTER_WORDS
