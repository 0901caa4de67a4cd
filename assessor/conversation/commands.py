"""Commands that work at any point of the conversation, recognised with a misspelling allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from assessor.conversation.messages import Entry, Listing
from assessor.words.text import normalise
from assessor.words.vocabulary import (
    DONT_KNOW_PHRASES,
    NOT_A_TERM,
    NOT_APPLICABLE_PHRASES,
    NOT_IN_A_TERM,
    NUMBER_WORDS,
    OPTION_LETTERS,
    stage_of_word,
)

if TYPE_CHECKING:
    from assessor.banks.glossary import Glossary


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
_ALONG_WITH_AGREEMENT = frozenset(
    "that that's thats it it's its is sounds sound seems looks about pretty much quite so "
    "very on close with the one do will that'll i i'd i'm say think reckon please thanks "
    "thank you we we're can call yes let's lets that'd would be".split()
)
_NEGATING = frozenset("no not nope never don't dont isn't wrong".split())
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
_LUKEWARM = re.compile(
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
_VOWELS = frozenset("aeiou")
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

# Asking what a term means. The plain forms say so whatever the term ("what does FNP mean",
# "define section 75"), so a short term the glossary lacks is answered as unknown. The open forms
# ("what is X", "what's an X", "X?", "explain X") ask about a term only when the glossary has it
# or it is written as an acronym ("what's an EHCP?"): "what is the point, we don't have a
# board" stays an answer.
_ASKING_FRAME = (
    r"^(?:(?:sorry|ok|okay|so|um|er|erm|hmm|oh|wait|and|but|quick question)[,:\s]+)*"
    r"(?:(?:can|could) you (?:please )?(?:tell me |remind me )?|please |remind me |"
    r"tell me )?"
)
_DEFINE_PLAIN = re.compile(
    _ASKING_FRAME + r"(?:what (?:does|do) (?P<a>.+?) (?:mean|stand for)"
    r"|what (?P<b>.+?) (?:means|stands for)"
    r"|(?:define|(?:what is |what's )?(?:the )?(?:definition|meaning) of|what is meant by|"
    r"what's meant by|"
    r"what do you mean by|what does it mean by) (?P<c>.+?))"
    r"(?:,? (?:here|again|exactly|please|then|in this question))*[?!.]*$",
    re.IGNORECASE,
)
_DEFINE_OPEN = re.compile(
    _ASKING_FRAME + r"(?:(?:what|who) (?:is|are)|what's|whats|who's|explain|"
    r"tell me (?:more )?about) (?P<a>.+?)"
    r"(?:,? (?:here|again|exactly|please|then|in this question))*[?!.]*$"
    r"|^(?P<b>[^?]+?)\?+$",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(r"^(?:a|an)\s+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:a|an|the|this|our|your)\s+", re.IGNORECASE)
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&]{1,7}$")
_TERM_WORDS = 5  # a longer phrase is an answer, not a term
_UNKNOWN_TERM_WORDS = 3  # nor is a longer one the glossary does not know


def _asked_term(match: re.Match[str] | None) -> str | None:
    """The term a glossary question names, cleaned: no article or quotes around it, short,
    printable, and not a stage, a number or a pronoun."""
    if match is None:
        return None
    raw = next((g for g in match.groups() if g), None)
    if raw is None:
        return None
    term = _ARTICLE.sub("", raw.strip().strip("'\"\u2018\u2019\u201c\u201d").strip())
    lowered = term.lower()
    if (
        not term
        or not term.isprintable()
        or re.search(r"[,;:!?()]", term)
        or len(term.split()) > _TERM_WORDS
        or lowered in NOT_A_TERM
        or lowered in NUMBER_WORDS
        or lowered in OPTION_LETTERS
        or lowered.isdigit()
        or stage_of_word(lowered.replace("-", "")) is not None
    ):
        return None
    return term


def _could_be_a_term(term: str) -> bool:
    """A term the glossary lacks: a few words, none of them a verb or a pronoun."""
    words = term.lower().split()
    return len(words) <= _UNKNOWN_TERM_WORDS and not any(w in NOT_IN_A_TERM for w in words)


def _glossary_question(text: str, glossary: Glossary) -> Parsed | None:
    """A question about a term (see _DEFINE_PLAIN and _DEFINE_OPEN), or None."""
    said = " ".join(text.translate(_APOSTROPHES).split())
    term = _asked_term(_DEFINE_PLAIN.match(said))
    if term is not None and (glossary.find(term) is not None or _could_be_a_term(term)):
        return Parsed(Command.DEFINE, term)
    open_form = _DEFINE_OPEN.match(said)
    term = _asked_term(open_form)
    if term is None or open_form is None:
        return None
    if glossary.find(term) is not None:
        return Parsed(Command.DEFINE, term)
    if _INDEFINITE.match(open_form.group("a") or "") and _could_be_a_term(term):
        return Parsed(Command.DEFINE, term)  # "what is a hosting agreement?": asks about a term
    lowered = term.lower()
    everyday = (*DONT_KNOW_PHRASES, *NOT_APPLICABLE_PHRASES, *COMMAND_WORDS, *CONFIRM_WORDS)
    if _ACRONYM.match(term) and lowered not in everyday:
        return Parsed(Command.DEFINE, term)
    return None


_APOSTROPHES = str.maketrans("\u2018\u2019", "''")


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
    if glossary is not None and (defined := _glossary_question(stripped, glossary)) is not None:
        return defined
    if " " not in framed and (command := _misspelt(framed)) is not None:
        return Parsed(command)
    return None


def _agrees(text: str) -> Command | None:
    """YES when `text` agrees with a proposal ("yes that's right", "close enough", "yeah I
    guess"), NO when it is a shrug denied ("probably not"), else None."""
    shrugged = _LUKEWARM.search(text) is not None
    said = re.findall(r"[a-z0-9']+", _LUKEWARM.sub(" ", text))
    along = all(w in AGREEING or w in _ALONG_WITH_AGREEMENT or w in _NEGATING for w in said)
    if not along:
        return None
    negated = any(w in _NEGATING for w in said)
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
            a == b or (a in _VOWELS and b in _VOWELS) for a, b in zip(word, command, strict=True)
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
