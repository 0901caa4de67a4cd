"""An answer parsed once into clauses, each with its time, negation and extent.

Every later step of the reading works from this structure instead of normalising and
tokenising the text again: which clause says what is practised now, which one is a plan or
only on paper, which one denies, and how widely ("every hub", "some districts", "1 in 20").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache

from assessor.words.equivalents import with_concepts
from assessor.words.text import (
    CLAUSE_BREAKS,
    DENIED,
    NEGATORS,
    PUT_OFF,
    Word,
    normalise,
    prepared_tokens,
    stem,
    tokens,
    words,
    words_of,
)


class Time(StrEnum):
    """When, and how really, a clause says a thing happens."""

    NOW = "now"  # current practice
    PLANNED = "planned"  # planned, hoped for, piloted, about to start
    ON_PAPER = "on paper"  # agreed or written but not practised
    PAST = "past"  # practised once, stopped or lapsed


class Extent(StrEnum):
    """How widely or often a clause says a thing happens."""

    ALL = "all"  # every hub, all partners, always
    MOST = "most"  # most, mostly, usually
    SOME = "some"  # some districts, only in the north, now and then
    FEW = "few"  # rarely, hardly ever, 1 in 20
    HALF = "half"  # about half, fifty-fifty, one in two


# How widely each extent says a thing happens, narrowest first: what climbs up a ladder whose
# descriptors differ by extent ("a few", "most", "every").
EXTENT_ORDER: dict[Extent, int] = {
    Extent.FEW: 1,
    Extent.SOME: 2,
    Extent.HALF: 3,
    Extent.MOST: 4,
    Extent.ALL: 5,
}


def extent_rank(extent: Extent | None) -> int:
    """How widely `extent` says a thing happens, 0 for none said."""
    return EXTENT_ORDER[extent] if extent is not None else 0


class LazyPattern:
    """A regular expression compiled on its first use, so that importing the parser costs the
    app's start nothing."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self._pattern().search(text)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self._pattern().match(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._pattern().finditer(text)


_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "spring|summer|autumn|winter|new year|new financial year"
)
_PERIODS = "year|month|term|quarter|week|spring|summer|autumn|winter|financial year"
# What an extent counts ("all the partners", "some districts").
_UNITS = (
    r"partners|agencies|hubs|services|staff|teams|schools|areas|districts|localities|sites|"
    r"families|workers|practitioners|organisations|providers|settings|wards|centres|councils|"
    r"professionals|leads|contracts|courses|groups|transitions|pathways|three|four|five"
)
# A clause that says what happens now ("at the moment", "in practice") is current practice,
# whatever else it holds ("for now we just share calendars").
_NOW = LazyPattern(
    r"\b(?:at the moment|for now|for the moment|right now|at present|currently|in practice|"
    r"these days|today|actually happens|what actually happens|as it stands|so far)\b"
)
_ON_PAPER = LazyPattern(
    r"\b(?:on paper|in theory|in principle|supposed to|meant to|nominally|technically|"
    # a wish said as if it were so ("I'd like to say everyone does it"): not practice
    r"i'?d like to (?:say|think|believe)|i would like to (?:say|think)|i wish|ideally|"
    r"in an ideal world|"
    r"(?:has|have)n'?t (?:met|been used|been looked at|happened)|not met since|"
    r"never been (?:used|met)|not been used|(?:nobody|no one)(?:'s| has) looked at it since|"
    r"sits on a shelf|on the shelf|gathering dust)\b"
)
_PAST = LazyPattern(
    r"\b(?:used to|stopped|no longer|lapsed|fizzled|petered out|died (?:off|out|a death)|"
    r"dropped off|fell away|any ?more|in the past|previously|before covid|was scrapped|"
    r"were scrapped|was dropped|came to an end)\b"
)
_PLANNED = LazyPattern(
    r"\b(?:going to|gonna|plan(?:s|ning)? to|the plan is|hop(?:e|es|ing) to|hoping for|"
    r"hopefully|want(?:s)? to|we want|they want|aim(?:s|ing)? (?:to|for)|the aim is|"
    r"intend(?:s|ing)? to|would like|we'd like|i'd like to (?!think|say)|launching|"
    r"will (?:be|have|start|take|go|move|get|run|come|join|begin|include|sit|make|roll)|"
    r"'ll (?:be|have|start|take|get|begin|move|run)|"
    r"(?:is|are) (?:being|to be) (?:set up|drafted|developed|built|recruited|planned|"
    r"written|designed|agreed|put together|rolled out|introduced|piloted|trialled|reviewed)|"
    r"being (?:set up|drafted|developed|built|planned|written|designed|put together)|"
    r"putting together|bidding|a bid in|rolling out|roll(?:ing)? it out|due to|(?:is|are) due|"
    r"next (?:" + _PERIODS + r")|from next|this time next|later this (?:" + _PERIODS + r")|"
    r"(?:from|by|starting|starting in|this coming) (?:the )?(?:" + _MONTHS + r")|"
    r"pilot(?:ing|s)?|trial(?:ling|s)?|(?:is|are) on the agenda|on the agenda for|"
    r"working towards|work towards|respecifying|re-?commission(?:ed|ing)? (?:in|from|next)|"
    r"in the pipeline|in future|in the future|one day|eventually|soon|shortly|about to|"
    r"yet to|not yet|once the)\b"
)
_HEDGE = LazyPattern(
    r"\b(?:maybe|perhaps|possibly|probably|i think|i believe|i guess|i suppose|not sure|"
    r"unsure|sort of|kind of|i'd like to think|as far as i know|as far as i can see|"
    r"i couldn't (?:tell you|swear|say)|i don't know|no idea|i wouldn't say|i'm told|"
    r"apparently|or so|ish)\b|\?"
)
# Extent and frequency, narrowest first: the first class found is the clause's.
_EXTENTS: tuple[tuple[Extent, LazyPattern], ...] = (
    (
        Extent.FEW,
        LazyPattern(
            r"\b(?:rarely|seldom|hardly (?:ever|any)|barely|almost never|very few|"
            r"(?:1|one) in (?:\d{2,}|ten|twenty|fifty|a hundred)|the odd (?:one|family|case))\b"
        ),
    ),
    (
        Extent.SOME,
        LazyPattern(
            r"\b(?:some(?! (?:time|years?|months?|weeks?) ago)|"
            r"(?:a few|several|a couple)(?! (?:of )?(?:years|months|weeks|days|times)\b)|"
            r"one or two|(?:two|three|\d) of (?:the|our)|"
            r"in (?:two|three|a few|some|\d) (?:districts|areas|hubs|localities|sites|places)|"
            r"in places|(?<!the )only (?:in|the|a|one|two|for|with|that|those|when)|"
            r"partly|partially|"
            r"patchy|now and (?:then|again)|occasionally|from time to time|sometimes|"
            r"not (?:all|every|the rest)|but not)\b"
        ),
    ),
    (
        Extent.HALF,
        LazyPattern(
            r"\b(?:about half|around half|roughly half|half (?:of|the|and half|their|our)|"
            r"half|fifty[- ]?fifty|50[- /]50|(?:1|one) (?:in|out of) (?:2|two)|even split|"
            r"toss-?up)\b"
        ),
    ),
    (
        Extent.MOST,
        LazyPattern(
            r"\b(?:most|mostly|majority|nearly (?:all|every)|almost (?:all|every)|"
            r"pretty much (?:all|every)|usually|generally|on the whole|apart from|"
            # "every visit except the odd cover day", "all but one hub": nearly every one
            r"(?:every|all)\w*(?: \w+){0,3} (?:except|bar|but) (?:for )?"
            r"(?:the odd|one|a few|a couple|two)|"
            r"more often than not|(?:8|9|eight|nine) (?:in|out of) (?:10|ten)|"
            r"(?:eight|nine) times out of ten)\b"
        ),
    ),
    (
        Extent.ALL,
        LazyPattern(
            r"\b(?:every(?! (?:\w+ )?(?:" + _PERIODS + r"|day|fortnight|time|session|"
            r"meeting|monday|tuesday|wednesday|thursday|friday)s?\b)|"
            r"everyone|everybody|everything|all (?:(?:the|our|of the|of our|their) )?(?:\w+ )?"
            r"(?:" + _UNITS + r")|"
            r"right across|across the (?:whole|borough|county|partnership)|whole|always|"
            r"routinely|universal(?:ly)?|without exception)\b"
        ),
    ),
)
# Saying a thing happens seldom or now and then ("we rarely do joint visits", "sometimes"):
# the practice is there, but less than its stage.
_RARE = LazyPattern(
    r"\b(?:rarely|seldom|hardly|barely|occasionally|sometimes|now and (?:then|again)|"
    r"from time to time|not (?:very )?often|once or twice|the odd|every so often|patchy|"
    r"sporadic(?:ally)?)\b"
)
# A clause that opens with a contrast ("but adult services never come").
_CONTRAST_OPENING = LazyPattern(r"^(?:but|although|though|whereas|however|except)\b")
# Where a clause ends: a sentence, a semicolon or a dash, before a word of contrast, and before
# a phrase that turns to what happens now ("We're launching X in September. At the moment...").
_CLAUSE_SPLIT = LazyPattern(
    r"(?<=[.!?])\s+(?=\S)"
    r"|\s*;\s*"
    r"|\s+(?:-{1,2}|\u2014|\u2013)\s+"
    r"|,?\s+(?=(?:but|although|though|whereas|however|except that)\b)"
    # "they say integrated but it isn't": the denial takes back its own clause
    r"(?!but (?:it isn't|it's not|it is not|it's really not|it isn't really|we aren't|"
    r"we're not|we are not|we don't|they don't|they aren't|they're not|not really|"
    r"not in practice)\b)"
    # "most partners signed it, the school trust has not yet": a denial after a comma is a
    # clause of its own, so it takes back only what it says
    # (not after an opening "no," or "well,", which goes with what follows)
    r"|(?<!\bno)(?<!\bnope)(?<!\byes)(?<!\bwell)"
    r",\s*(?=[^,.;!?]*\b(?:has not|have not|hasn't|haven't|has yet to|have yet to|does not|"
    r"do not|doesn't|don't|did not|didn't|is not|are not|isn't|aren't|won't|never)\b)"
    r"|,\s*(?=(?:at the moment|for now|for the moment|right now|at present|currently|"
    r"in practice|these days|so in practice|while|whilst|apart from that)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    """One clause of an answer, as typed and as read."""

    text: str  # as typed
    start: int  # where it starts in the answer
    time: Time
    negated: bool  # a negator stands in this clause (its reach ends with the clause)
    extent: Extent | None
    counted: bool  # the extent counts something ("most hubs"), not an adverb ("mostly")
    hedged: bool
    rare: bool  # says the thing happens seldom or now and then
    contrast: bool  # opens with a contrast ("but ...")
    words: tuple[Word, ...]  # content words, each marked if a negator reaches it
    stemmed: tuple[str, ...]  # prepared tokens, stemmed, for matching phrases
    starts: dict[str, tuple[int, ...]] = field(hash=False, compare=False, default_factory=dict)

    @property
    def practised(self) -> bool:
        """Whether the clause says what is done now (it counts toward the stage)."""
        return self.time is Time.NOW

    @cached_property
    def concept_words(self) -> tuple[Word, ...]:
        """Its words with the sector's equivalents read as one ("section 75" is a pooled
        budget), each marked if a negator reaches it: what the answer's likeness to each
        stage's texts is read from. Worked out once, when first asked for."""
        return words(with_concepts(self.text))


@dataclass(frozen=True)
class ParsedAnswer:
    """An answer split into clauses, each read once."""

    text: str
    clauses: tuple[Clause, ...]

    @cached_property
    def whole(self) -> Clause:
        """The answer read as one clause, for a bank's phrases that span a contrast."""
        return self.clauses[0] if len(self.clauses) == 1 else _clause(0, self.text)


# Words a phrase may gain or lose without changing ("everything is under one roof" says
# "everything under one roof"; "we don't share anything" says "we just don't share").
GLUE = frozenset("is are was were be been just really actually still also the a an".split())


def stemmed_tokens(text: str) -> tuple[str, ...]:
    """The text's prepared tokens stemmed, glue words dropped, clause breaks kept."""
    return stems_of(prepared_tokens(text))


def stems_of(prepared: list[str]) -> tuple[str, ...]:
    """`stemmed_tokens` from the text's prepared tokens, when they are at hand already."""
    return tuple(
        t if t in CLAUSE_BREAKS or t in (DENIED, PUT_OFF) else stem(t)
        for t in prepared
        if t not in GLUE
    )


def index_of(stemmed: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    starts: dict[str, list[int]] = {}
    for at, token in enumerate(stemmed):
        starts.setdefault(token, []).append(at)
    return {k: tuple(v) for k, v in starts.items()}


def clause_spans(text: str) -> list[tuple[int, str]]:
    """The clauses of `text` with where each starts, empty ones dropped."""
    spans: list[tuple[int, str]] = []
    at = 0
    for match in _CLAUSE_SPLIT.finditer(text):
        spans.append((at, text[at : match.start()]))
        at = match.end()
    spans.append((at, text[at:]))
    found: list[tuple[int, str]] = []
    for start, part in spans:
        stripped = part.strip()
        if any(ch.isalnum() for ch in stripped):
            found.append((start + part.index(stripped), stripped))
    return found


def spans_clauses(text: str) -> bool:
    """Whether `text` (a bank's phrase) holds a clause break ("friendly but separate")."""
    return len(clause_spans(text)) > 1


def time_of(lowered: str) -> Time:
    """A clause's time from its normalised text: what happens now wins over a plan named in
    the same clause ("for now we share calendars, a joint programme comes in September")."""
    if _ON_PAPER.search(lowered):
        return Time.ON_PAPER
    if _NOW.search(lowered):
        return Time.NOW
    if _PAST.search(lowered):
        return Time.PAST
    if _PLANNED.search(lowered):
        return Time.PLANNED
    return Time.NOW


def extent_of(lowered: str) -> Extent | None:
    """How widely or often a text says a thing happens, if it says so."""
    found = _extent_said(lowered)
    return found[0] if found else None


def _extent_said(lowered: str) -> tuple[Extent, str] | None:
    """The extent a text says, narrowest first, with the words that said it ("most weeks"
    said as "mostly": how often, not how many)."""
    for extent, pattern in _EXTENTS:
        if match := pattern.search(lowered):
            if _HOW_OFTEN_UNIT.match(lowered, match.end()):
                return extent, "mostly"
            return extent, match.group(0)
    return None


# An extent of these is how often ("most weeks", "some days", "every time").
_HOW_OFTEN_UNIT = LazyPattern(
    r"\s+(?:of the )?(?:weeks?|days?|months?|times?|sessions?|visits?|mornings?|afternoons?)\b"
)


# Extents said by an adverb ("mostly", "usually", "always"): how often or how much, which may
# qualify anything ("it's still mostly our one analyst"); the rest count something ("most
# hubs", "every partner", "in two districts").
_ADVERBS = frozenset(
    "mostly usually generally always routinely rarely seldom barely occasionally sometimes "
    "partly partially patchy universally universal whole".split()
) | frozenset(
    (
        "on the whole",
        "now and then",
        "now and again",
        "from time to time",
        "hardly ever",
        "almost never",
        "more often than not",
        "in places",
        "without exception",
    )
)


def _clause(start: int, text: str) -> Clause:
    lowered = normalise(text)
    prepared = prepared_tokens(text)
    said = words_of(prepared)
    stemmed = stems_of(prepared)
    negated = any(w.negated for w in said) or any(t in NEGATORS for t in tokens(text))
    extent = _extent_said(lowered)
    return Clause(
        text=text.rstrip(" ,.;:"),
        start=start,
        time=time_of(lowered),
        negated=negated,
        extent=extent[0] if extent else None,
        counted=extent is not None and extent[1] not in _ADVERBS,
        hedged=_HEDGE.search(lowered) is not None,
        rare=_RARE.search(lowered) is not None,
        contrast=_CONTRAST_OPENING.match(lowered.lstrip()) is not None,
        words=said,
        stemmed=stemmed,
        starts=index_of(stemmed),
    )


# an answer recurs only within one reading (its parts are read again by later steps)
@lru_cache(maxsize=32)
def parse(text: str) -> ParsedAnswer:
    """`text` split into clauses, each with its time, negation, extent and words."""
    return ParsedAnswer(text, tuple(_clause(start, part) for start, part in clause_spans(text)))
