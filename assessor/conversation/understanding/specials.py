"""Don't know and not applicable: said alone, said with a note, or a question passed on to
someone else."""

from __future__ import annotations

import re
from functools import lru_cache

from assessor.answers import Special
from assessor.conversation.parsed import stems_of
from assessor.conversation.understanding.phrases import occurs
from assessor.words.text import UNAWARE, normalise, prepared_tokens, tokens
from assessor.words.vocabulary import (
    CORRECTIONS,
    DONT_KNOW_PATTERNS,
    DONT_KNOW_PHRASES,
    FILLERS,
    HEDGES,
    NOT_APPLICABLE_PHRASES,
    STRONG_HEDGES,
)

_DONT_KNOW_SAID = frozenset(" ".join(tokens(p)) for p in DONT_KNOW_PHRASES if p != "?")
_SPECIAL_SAID = _DONT_KNOW_SAID | frozenset(" ".join(tokens(p)) for p in NOT_APPLICABLE_PHRASES)
_SPECIAL_WORDS = tuple(tuple(p.split()) for p in _SPECIAL_SAID)
# words that say nothing worth keeping as a note ("sorry", "ish", "really")
EMPTY_WORDS = FILLERS | HEDGES | STRONG_HEDGES | CORRECTIONS


@lru_cache(maxsize=64)
def special_of(text: str) -> Special | None:
    """Whether `text` says don't know or not applicable, anywhere in it. What others do not
    know ("the service managers don't really know it exists") is no don't-know of the
    speaker's: it describes the practice."""
    text = _OTHERS_UNAWARE.sub(" ", normalise(text))
    lowered = " ".join(tokens(text))
    raw = normalise(text).strip().rstrip(".!")
    prepared = prepared_tokens(text)
    said = stems_of(prepared)
    present = frozenset(said)
    for phrase in NOT_APPLICABLE_PHRASES:
        if raw == phrase or (" " in phrase and occurs(said, present, phrase)):
            return Special.NOT_APPLICABLE
    if raw == "?" or lowered in _DONT_KNOW_SAID:
        return Special.DONT_KNOW
    for phrase in DONT_KNOW_PHRASES:
        if phrase != "?" and occurs(said, present, phrase):
            return Special.DONT_KNOW
    if DONT_KNOW_PATTERNS.search(raw):
        return Special.DONT_KNOW
    if prepared.count(UNAWARE) > len(_UNAWARE_OF_EACH_OTHER.findall(raw)):
        return Special.DONT_KNOW
    return None


# Others who do not know something: "staff don't know", "the managers on the ground don't
# really know it exists", "nobody knows" (no "I" or "we": the speaker's own is a don't-know).
_OTHERS_UNAWARE = re.compile(
    r"\b(?:staff|managers|workers|practitioners|families|parents|carers|partners|teams|"
    r"services|schools|colleagues|people|they|others)(?: \w+){0,3}? (?:really )?"
    r"(?:don't|dont|do not|doesn't|does not) (?:really |even )?know\b"
    r"(?! (?:who|what|which|whether|if)\b)"
)
# Partners who do not know what the others do describe how apart they work ("we don't really
# know what the others do"): no don't-know of the speaker's.
_UNAWARE_OF_EACH_OTHER = re.compile(
    r"\b(?:we|they|partners|services|teams|agencies) (?:do not|don't|dont) (?:really )?know "
    r"(?:what|who) (?:the others?|each other|one another|everyone else)\b"
)


def special_only(text: str) -> bool:
    """Whether `text` is a don't-know or not-applicable phrase and nothing more, fillers aside
    ("n/a", "not sure", "I'm really not sure")."""
    raw = normalise(text).strip().rstrip(".!")
    if raw in NOT_APPLICABLE_PHRASES:
        return True
    said = tuple(tokens(text))
    for phrase in _SPECIAL_WORDS:
        for at in range(len(said) - len(phrase) + 1):
            if said[at : at + len(phrase)] == phrase:
                rest = said[:at] + said[at + len(phrase) :]
                if all(w in EMPTY_WORDS for w in rest):
                    return True
    return False


def passing_on(text: str) -> bool:
    """Whether `text` passes the question to someone else ("I'd need to ask the performance
    team"): the people named say nothing about the stage."""
    return DONT_KNOW_PATTERNS.search(normalise(text).strip().rstrip(".!")) is not None
