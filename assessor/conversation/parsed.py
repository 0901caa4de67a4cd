"""An answer parsed once into clauses, each with its time, negation and extent.

Every later step of the reading works from this structure instead of normalising and
tokenising the text again: which clause says what is practised now, which one is a plan or
only on paper, which one denies, and how widely ("every hub", "some districts", "1 in 20").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from assessor.conversation.clause_extent import (
    ADVERBS,
    EXTENT_ORDER,
    Extent,
    extent_of,
    extent_rank,
    extent_said,
)
from assessor.conversation.clause_time import MONTHS, Time, time_of
from assessor.conversation.lazy_pattern import LazyPattern
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

# the reading's other steps import these from here, with the parse
__all__ = [
    "EXTENT_ORDER",
    "Clause",
    "Extent",
    "LazyPattern",
    "ParsedAnswer",
    "Time",
    "clause_spans",
    "extent_of",
    "extent_rank",
    "parse",
    "spans_clauses",
    "stemmed_tokens",
    "stems_of",
    "time_of",
]


_HEDGE = LazyPattern(
    r"\b(?:maybe|perhaps|possibly|probably|i think|i believe|i guess|i suppose|not sure|"
    r"unsure|sort of|kind of|i'd like to think|as far as i know|as far as i can see|"
    r"i couldn't (?:tell you|swear|say)|i don't know|no idea|i wouldn't say|i'm told|"
    r"apparently|or so|ish)\b|\?"
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
# A comma after an opening word ("no, we don't...", "well, we...") goes with what follows.
_NOT_AFTER_OPENING = r"(?<!\bno)(?<!\bnope)(?<!\byes)(?<!\bwell)"
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
    r"|"
    + _NOT_AFTER_OPENING
    + r",\s*(?=[^,.;!?]*\b(?:has not|have not|hasn't|haven't|has yet to|have yet to|does not|"
    r"do not|doesn't|don't|did not|didn't|is not|are not|isn't|aren't|won't|never)\b)"
    r"|,\s*(?=(?:at the moment|for now|for the moment|right now|at present|currently|"
    r"in practice|these days|so in practice|while|whilst|apart from that)\b)"
    # "it hasn't met since March, mostly we just email": a new subject after a comma starts a
    # clause of its own, so the time and negation of the one before do not reach it
    r"|" + _NOT_AFTER_OPENING + r"(?<!\byeah)(?<!\bso)"
    r",\s*(?=(?:(?:mostly|mainly|now|so|instead|usually|generally|basically|otherwise|then)\s+)?"
    r"(?:we|they|i)\s+(?!all\b|both\b)[a-z']+)",
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


def _clause(start: int, text: str) -> Clause:
    lowered = normalise(text)
    prepared = prepared_tokens(text)
    said = words_of(prepared)
    stemmed = stems_of(prepared)
    negated = any(w.negated for w in said) or any(t in NEGATORS for t in tokens(text))
    extent = extent_said(lowered)
    return Clause(
        text=text.rstrip(" ,.;:"),
        start=start,
        time=time_of(lowered),
        negated=negated,
        extent=extent[0] if extent else None,
        counted=extent is not None and extent[1] not in ADVERBS,
        hedged=_HEDGE.search(lowered) is not None,
        rare=_RARE.search(lowered) is not None,
        contrast=_CONTRAST_OPENING.match(lowered.lstrip()) is not None,
        words=said,
        stemmed=stemmed,
        starts=index_of(stemmed),
    )


# A clause that turns to what happens now ("For now...", "At the moment...") after another.
_TURNS_TO_NOW = LazyPattern(
    r"^(?:but |and |so )?(?:at the moment|for now|for the moment|right now|at present|"
    r"currently|until then|in the meantime|meanwhile|today)\b"
)
# A date ahead or a season said in a clause ("in April", "in the summer term", "this term").
_DATED = LazyPattern(
    r"\b(?:in|from|by) (?:the )?(?:" + MONTHS + r")(?: term)?\b"
    r"|\bthis (?:coming )?(?:term|spring|summer|autumn|winter)\b"
)


def _before_now(clauses: list[Clause]) -> tuple[Clause, ...]:
    """A dated clause followed by one that turns to what happens now is what is to come ("Our
    HV team moves into the hub in April. For now we run weekly clinics there.")."""
    for at in range(len(clauses) - 1):
        clause, following = clauses[at], clauses[at + 1]
        if (
            clause.time is Time.NOW
            and _TURNS_TO_NOW.search(normalise(following.text)) is not None
            and _DATED.search(normalise(clause.text)) is not None
        ):
            clauses[at] = replace(clause, time=Time.PLANNED)
    return tuple(clauses)


# an answer recurs only within one reading (its parts are read again by later steps)
@lru_cache(maxsize=32)
def parse(text: str) -> ParsedAnswer:
    """`text` split into clauses, each with its time, negation, extent and words."""
    clauses = [_clause(start, part) for start, part in clause_spans(text)]
    return ParsedAnswer(text, _before_now(clauses))
