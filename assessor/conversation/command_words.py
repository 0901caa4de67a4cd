"""The words of the chat commands: the commands, what a person might type for each, the
replies to a reading put back ("yes", "the other one", "one lower"), the words that agree with
it, the prefixes that open a note, and which commands may be misspelt."""

from __future__ import annotations

import re
from enum import StrEnum


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
    EXPLAIN = "explain"  # one stage's descriptor for this question; the argument is the stage
    DEFINE = "define"  # what a term means, from the glossary; the argument is the term asked
    # replies to a proposal: the first or second stage offered, or one stage below or above
    FIRST = "first"
    SECOND = "second"
    LOWER = "lower"
    HIGHER = "higher"


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
    "why is this asked": Command.WHY,
    "why this question": Command.WHY,
    "why ask": Command.WHY,
    "explain": Command.LEVELS,
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
    "last": Command.BACK,
    "go back one": Command.BACK,
    "previous one": Command.BACK,
    "skip": Command.SKIP,
    "pass": Command.SKIP,
    "skip it": Command.SKIP,
    "next": Command.SKIP,
    "move on": Command.SKIP,
    "come back to it": Command.SKIP,
    "come back to this": Command.SKIP,
    "come back to it later": Command.SKIP,
    "later": Command.SKIP,
    "progress": Command.PROGRESS,
    "where are we": Command.PROGRESS,
    "how far": Command.PROGRESS,
    "how far along": Command.PROGRESS,
    "where am i": Command.PROGRESS,
    "how many left": Command.PROGRESS,
    "how many to go": Command.PROGRESS,
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
    "finish": Command.PAUSE,
    "stop here": Command.PAUSE,
    "i have to go": Command.PAUSE,
    "i've got to go": Command.PAUSE,
    "got to go": Command.PAUSE,
    "gotta go": Command.PAUSE,
    "leave it there": Command.PAUSE,
    "take a break": Command.PAUSE,
    "a break": Command.PAUSE,
    "continue later": Command.PAUSE,
    "carry on later": Command.PAUSE,
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
            "i think so",
            "i guess so",
            "i suppose so",
            "suppose so",
            "that's the one",
            "that one",
            "that'll do",
        )
    },
    **{
        w: Command.NO
        for w in (
            "no",
            "n",
            "nope",
            "nah",
            "no way",
            "no chance",
            "not quite",
            "wrong",
            "no it isn't",
            "no it's not",
            "not really",
            "not that",
            "neither",
            "none of those",
            "no not that",
            "i don't think so",
            "don't think so",
            "i dont think so",
            "dont think so",
        )
    },
    **dict.fromkeys(("first", "first one", "the first", "the first one", "former"), Command.FIRST),
    **dict.fromkeys(
        (
            "second",
            "second one",
            "the second",
            "the second one",
            "other",
            "other one",
            "the other",
            "the other one",
            "latter",
            "the latter",
            "2nd",
        ),
        Command.SECOND,
    ),
    **dict.fromkeys(
        (
            "lower",
            "one lower",
            "lower one",
            "the lower one",
            "a bit lower",
            "a level lower",
            "one level lower",
            "one down",
            "down one",
            "one below",
            "the one below",
            "below",
            "lower than that",
        ),
        Command.LOWER,
    ),
    **dict.fromkeys(
        (
            "higher",
            "one higher",
            "higher one",
            "the higher one",
            "a bit higher",
            "a level higher",
            "one level higher",
            "one up",
            "up one",
            "one above",
            "the one above",
            "above",
            "higher than that",
        ),
        Command.HIGHER,
    ),
}
# A reply made only of these words agrees with a proposal ("yes that's right", "spot on",
# "sounds about right", "go with that"), provided it holds one of AGREEING and no negation.
AGREEING = frozenset(
    "yes yeah yep yup aye correct right exactly agree agreed ok okay fine sure spot enough "
    "true absolutely indeed fair happy good perfect precisely definitely go".split()
)
ALONG_WITH_AGREEMENT = frozenset(
    "that that's thats it it's its is sounds sound seems looks about pretty much quite so "
    "very on close with the one do will that'll i i'd i'm say think reckon please thanks "
    "thank you we we're can call yes let's lets that'd would be".split()
)
NEGATING = frozenset("no not nope never don't dont isn't wrong".split())
# Agreement with a shrug ("yeah I guess", "pretty much", "sort of"): a yes at a proposal, and,
# with a negation and nothing else ("probably not", "I guess not"), a no.
LUKEWARM: tuple[str, ...] = (
    "i guess",
    "guess so",
    "i suppose",
    "suppose so",
    "i think",
    "i reckon",
    "reckon so",
    "probably",
    "pretty much",
    "more or less",
    "sort of",
    "kind of",
    "near enough",
    "just about",
    "broadly",
    "mostly",
    "largely",
    "roughly",
    "basically",
    "on the whole",
    "ish",
)
LUKEWARM_PATTERN = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(re.escape(p) for p in sorted(LUKEWARM, key=len, reverse=True))
    + r")(?![\w'])"
)
# "evidence" opens a note only with a colon or a dash after it: an answer may start with the word
# ("Evidence doesn't come into it").
NOTE_PREFIXES = (
    "note:",
    "note",
    "notes:",
    "evidence:",
    "evidence -",
    "evidence \u2013",
    "evidence \u2014",
)
# Only these may be misspelt: a near miss of "quit" or "next" is too often a real word.
FUZZY_WORDS = frozenset(
    "help commands levels options descriptors stages previous progress summary profile pause "
    "skip back".split()
)
# Short commands, matched with one slip of the keyboard: two letters swapped ("hlep", "qiut"),
# one left out ("skp", "wy") or one vowel for another ("halp"). Added letters and other
# substitutions are not allowed: "bank", "held", "step" and "quite" are words, not commands.
SHORT_COMMANDS = ("help", "why", "back", "skip", "quit", "exit", "pause", "undo")
VOWELS = frozenset("aeiou")
