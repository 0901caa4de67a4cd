"""Commands that work at any point of the conversation, recognised with a misspelling allowed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

from assessor.conversation.text import normalise


class Command(StrEnum):
    HELP = "help"
    WHY = "why"
    LEVELS = "levels"
    BACK = "back"
    SKIP = "skip"
    NOTE = "note"
    PROGRESS = "progress"
    SUMMARY = "summary"
    PAUSE = "pause"
    KEEP = "keep"
    YES = "yes"
    NO = "no"


# What a person might type for each command; the first is the one shown in `help`.
COMMAND_WORDS: dict[str, Command] = {
    "help": Command.HELP,
    "help me": Command.HELP,
    "what can i say": Command.HELP,
    "?": Command.HELP,
    "commands": Command.HELP,
    "why": Command.WHY,
    "why?": Command.WHY,
    "why does this matter": Command.WHY,
    "why does it matter": Command.WHY,
    "levels": Command.LEVELS,
    "options": Command.LEVELS,
    "descriptors": Command.LEVELS,
    "stages": Command.LEVELS,
    "show levels": Command.LEVELS,
    "show options": Command.LEVELS,
    "back": Command.BACK,
    "go back": Command.BACK,
    "previous": Command.BACK,
    "undo": Command.BACK,
    "skip": Command.SKIP,
    "pass": Command.SKIP,
    "skip it": Command.SKIP,
    "next": Command.SKIP,
    "progress": Command.PROGRESS,
    "where are we": Command.PROGRESS,
    "how far": Command.PROGRESS,
    "summary": Command.SUMMARY,
    "profile": Command.SUMMARY,
    "scores": Command.SUMMARY,
    "pause": Command.PAUSE,
    "quit": Command.PAUSE,
    "q": Command.PAUSE,
    "exit": Command.PAUSE,
    "stop": Command.PAUSE,
    "save and quit": Command.PAUSE,
    "bye": Command.PAUSE,
    "keep": Command.KEEP,
    "keep it": Command.KEEP,
    "same": Command.KEEP,
    "leave it": Command.KEEP,
    "unchanged": Command.KEEP,
}
CONFIRM_WORDS: dict[str, Command] = {
    **{
        w: Command.YES
        for w in (
            "yes",
            "y",
            "yeah",
            "yep",
            "yup",
            "correct",
            "right",
            "that's right",
            "thats right",
            "sounds right",
            "that's it",
            "agreed",
            "agree",
            "ok",
            "okay",
            "fine",
            "sure",
            "yes please",
            "confirm",
            "exactly",
        )
    },
    **{
        w: Command.NO
        for w in ("no", "n", "nope", "not quite", "wrong", "no it isn't", "not really")
    },
}
NOTE_PREFIXES = ("note:", "note", "notes:", "evidence:", "evidence")
# Only these may be misspelt: a near miss of "quit" or "next" is too often a real word.
FUZZY_WORDS = frozenset(
    "help commands levels options descriptors stages previous progress summary profile pause "
    "skip back".split()
)


@dataclass(frozen=True)
class Parsed:
    command: Command
    argument: str = ""


def parse_command(text: str, confirming: bool = False) -> Parsed | None:
    """The command in `text`, if it is one; `confirming` also admits yes/no answers."""
    stripped = text.strip()
    lowered = normalise(stripped).rstrip(".!")
    for prefix in NOTE_PREFIXES:
        if lowered.startswith(prefix) and (
            len(lowered) == len(prefix) or not lowered[len(prefix)].isalnum()
        ):
            return Parsed(Command.NOTE, stripped[len(prefix) :].lstrip(" :-\u2014\u2013").strip())
    table = {**COMMAND_WORDS, **(CONFIRM_WORDS if confirming else {})}
    if lowered in table:
        return Parsed(table[lowered])
    if len(lowered) >= 4 and " " not in lowered:
        match = process.extractOne(lowered, FUZZY_WORDS, scorer=fuzz.ratio, score_cutoff=80)
        if match:
            return Parsed(table[match[0]])
    return None


def help_lines() -> list[str]:
    return [
        "You can answer with a number (1-5), a stage name, or in your own words. Any time:",
        "  why        why this question matters",
        "  levels     what each stage looks like for this question",
        "  note TEXT  add evidence to the answer you just gave",
        "  back       revisit the previous answer",
        "  skip       leave this question for now",
        "  n/a        not applicable to your partnership",
        "  not sure   record don't know (the plan will suggest finding out)",
        "  progress   how far we are, per domain",
        "  summary    the profile so far",
        "  pause      save and stop; carry on later where you left off",
    ]
