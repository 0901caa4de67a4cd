"""Commands that work at any point of the conversation, recognised with a misspelling allowed.

The words for each are in `command_words`; a question about a term is read by
`term_questions`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessor.conversation.command_words import (
    AGREEING,
    ALONG_WITH_AGREEMENT,
    COMMAND_WORDS,
    CONFIRM_WORDS,
    FUZZY_WORDS,
    LUKEWARM_PATTERN,
    NEGATING,
    NOTE_PREFIXES,
    SHORT_COMMANDS,
    VOWELS,
    Command,
)
from assessor.conversation.messages import Entry, Listing
from assessor.conversation.term_questions import asked_term
from assessor.words.text import normalise
from assessor.words.vocabulary import NUMBER_WORDS, stage_of_word

if TYPE_CHECKING:
    from assessor.banks.glossary import Glossary

__all__ = ["HELP", "HELP_COLUMN", "Command", "Parsed", "parse_command", "yes_or_no"]

# Framing around a command ("can we go back", "skip this one for now", "summary please").
_LEADING_FRAME = re.compile(
    r"^(?:(?:ok|okay|so|um|er|erm|hmm|right|well|oh|sorry)[, ]+)*"
    r"(?:(?:can|could|may|shall) (?:we|i|you) (?:please )?(?:have |see |get |do )?|please |"
    r"let'?s |let us |i(?:'d| would) like to |i (?:want|need|have|'d like) to |i need |i want |"
    r"i'?d like |we need to |we have to |we'?ll have to |just |what are |show me |tell me |"
    r"give me )*(?:the |a |an |my )?"
)
_TRAILING_FRAME = re.compile(
    r"(?:[ ,]+(?:please|pls|for now|for a bit|for a moment|for a minute|for the moment|"
    r"this one|this question|that one|that question|the question|question|then|now|thanks|"
    r"thank you|again|here))+$"
)
_EXPLAIN = re.compile(
    r"^(?:explain|describe|define|what(?:'s| is| does| do you mean by| is meant by| does it mean "
    r"by)|what's meant by|meaning of|tell me about|more about|say more about|what about)\s+"
    r"(?:stage |level |option |number )?([a-z0-9-]+)"
    r"(?: means?| mean here| here| look like| looks like| look like here| please)?$"
)


@dataclass(frozen=True)
class Parsed:
    command: Command
    argument: str = ""


def parse_command(
    text: str, confirming: bool = False, glossary: Glossary | None = None
) -> Parsed | None:
    """The command in `text`, if it is one; `confirming` also admits yes/no answers, and
    `glossary` questions about its terms ("what is JSNA?")."""
    stripped = text.strip()
    lowered = " ".join(normalise(stripped).rstrip(".!").split())
    for prefix in NOTE_PREFIXES:
        if lowered.startswith(prefix) and (
            len(lowered) == len(prefix) or not lowered[len(prefix)].isalnum()
        ):
            return Parsed(Command.NOTE, stripped[len(prefix) :].lstrip(" :-\u2014\u2013").strip())
    table = {**COMMAND_WORDS, **(CONFIRM_WORDS if confirming else {})}
    if lowered in table:
        return Parsed(table[lowered])
    if len(lowered) > 1:
        lowered = lowered.rstrip("?!. ")
    if confirming and (answer := _agrees(lowered)) is not None:
        return Parsed(answer)
    framed = _TRAILING_FRAME.sub("", _LEADING_FRAME.sub("", lowered)).strip(" ,")
    for candidate in (lowered, framed):
        if candidate in table:
            return Parsed(table[candidate])
        if (explained := _explained(candidate)) is not None:
            return explained
    if glossary is not None and (term := asked_term(stripped, glossary)) is not None:
        return Parsed(Command.DEFINE, term)
    if " " not in framed and (command := _misspelt(framed)) is not None:
        return Parsed(command)
    return None


_FIRST_CLAUSE = re.compile(r"\s*(?:[,;:.!]|\s[-\u2013\u2014]\s)\s*")


def yes_or_no(text: str) -> Command | None:
    """YES or NO when `text` answers a yes-or-no question ("sure", "yes please", "nah", "no
    thanks", "no, let's finish"), else None: the one reading of a yes or a no wherever the chat
    asks one (a proposal's reading goes further, in `interpret`, to the stage said after it)."""
    for said in (text, _FIRST_CLAUSE.split(text.strip(), maxsplit=1)[0]):
        parsed = parse_command(said, confirming=True)
        if parsed is not None and parsed.command in (Command.YES, Command.NO):
            return parsed.command
    return None


def _agrees(text: str) -> Command | None:
    """YES when `text` agrees with a proposal ("yes that's right", "close enough", "yeah I
    guess"), NO when it is a shrug denied ("probably not"), else None."""
    shrugged = LUKEWARM_PATTERN.search(text) is not None
    said = re.findall(r"[a-z0-9']+", LUKEWARM_PATTERN.sub(" ", text))
    along = all(w in AGREEING or w in ALONG_WITH_AGREEMENT or w in NEGATING for w in said)
    if not along:
        return None
    negated = any(w in NEGATING for w in said)
    agreeing = any(w in AGREEING for w in said)
    if not negated and (agreeing or shrugged):
        return Command.YES
    if negated and shrugged and not agreeing:
        return Command.NO
    return None


def _explained(text: str) -> Parsed | None:
    """A request to explain one stage: "can you explain coordination", "what is 3?"."""
    match = _EXPLAIN.match(text)
    if match is None:
        return None
    word = match.group(1)
    if word.isdigit() and 1 <= int(word) <= 5:
        number = int(word)
    elif word in NUMBER_WORDS:
        number = NUMBER_WORDS[word]
    elif (named := stage_of_word(word.replace("-", ""))) is not None:
        number = named[0].value_number
    else:
        return None
    return Parsed(Command.EXPLAIN, str(number))


def _misspelt(word: str) -> Command | None:
    """A command word typed with a slip: long ones by likeness, short ones by one slip."""
    from rapidfuzz import fuzz, process  # loaded on first use: the app starts sooner
    from rapidfuzz.distance import OSA

    if len(word) >= 4:
        match = process.extractOne(word, FUZZY_WORDS, scorer=fuzz.ratio, score_cutoff=80)
        if match:
            return COMMAND_WORDS[match[0]]
    if len(word) < 2 or not word.isalpha():
        return None
    for command in SHORT_COMMANDS:
        if OSA.distance(word, command, score_cutoff=1) != 1:
            continue
        swapped = len(word) == len(command) and sorted(word) == sorted(command)
        dropped = len(word) == len(command) - 1
        vowel_for_vowel = len(word) == len(command) and all(
            a == b or (a in VOWELS and b in VOWELS) for a, b in zip(word, command, strict=True)
        )
        if swapped or dropped or vowel_for_vowel:
            return COMMAND_WORDS[command]
    return None


HELP_COLUMN = 11  # the width of the help's first column on a terminal
HELP = Listing(
    ("You can answer with a number (1-5), a stage name, or in your own words. Any time:",),
    (
        Entry("why", "why this question matters"),
        Entry("levels", "what each stage looks like for this question"),
        Entry("note TEXT", "add evidence to the answer you just gave"),
        Entry("back", "revisit the previous answer"),
        Entry("skip", "leave this question for now"),
        Entry("n/a", "not applicable to your partnership"),
        Entry("not sure", "record don't know (the plan will suggest finding out)"),
        Entry("what is JSNA?", "what a term in the question means (the question stays open)"),
        Entry("progress", "how far we are, per domain"),
        Entry("summary", "the profile so far"),
        Entry("pause", "save and stop; carry on later where you left off"),
    ),
)
