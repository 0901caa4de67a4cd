"""Where a phrase (a bank's keyword, a cue that means a stage anywhere) occurs in a clause:
said, denied or put off, or said with a doubt after it."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from assessor.conversation.parsed import Clause, Time, spans_clauses, stemmed_tokens, time_of
from assessor.words.text import (
    CLAUSE_BREAKS,
    DENIED,
    NEGATION_REACH,
    NEGATORS,
    PUT_OFF,
    normalise,
    stem,
)


class Hit(StrEnum):
    """How a phrase occurs in an answer: said, denied or put off, or said with a doubt after it
    ("TAF meetings don't really happen")."""

    SAID = "said"
    DENIED = "denied"
    DOUBTED = "doubted"


NEGATOR_STEMS = frozenset(stem(n) for n in NEGATORS) | NEGATORS


def hits_in(clause: Clause, phrase: str) -> list[Hit]:
    """Each place `phrase` occurs in one clause, said, denied or doubted."""
    target, negative_phrase = phrase_target(phrase)
    if not target or target[0] not in clause.starts:
        return []
    said, starts = clause.stemmed, clause.starts
    size = len(target)
    hits: list[Hit] = []
    for at in starts.get(target[0], ()):
        if said[at : at + size] != target:
            continue
        before: list[str] = []
        for token in reversed(said[max(at - NEGATION_REACH, 0) : at]):
            if token in CLAUSE_BREAKS:
                break
            before.append(token)
        put_off = PUT_OFF in before
        negated = any(t in NEGATOR_STEMS for t in before)
        doubted = False
        for token in said[at + size :]:
            if token in CLAUSE_BREAKS:
                break
            put_off = put_off or token == DENIED
            doubted = doubted or token in NEGATOR_STEMS
        if put_off or (negated and not negative_phrase):
            hits.append(Hit.DENIED)
        elif doubted and not negative_phrase:
            hits.append(Hit.DOUBTED)
        else:
            hits.append(Hit.SAID)
    return hits


# Phrases (bank keywords, cues) recur on every call and are prepared once.
@lru_cache(maxsize=16384)
def phrase_target(phrase: str) -> tuple[tuple[str, ...], bool]:
    """The stems a phrase is matched by, and whether it is itself negative ("no wrong door")."""
    target = tuple(t for t in stemmed_tokens(phrase) if t not in CLAUSE_BREAKS)
    return target, any(t in NEGATOR_STEMS for t in target)


@lru_cache(maxsize=16384)
def phrase_shape(phrase: str) -> tuple[bool, bool]:
    """Whether a bank phrase spans a clause break, and whether it names its own time."""
    lowered = normalise(phrase)
    return spans_clauses(phrase), time_of(lowered) is not Time.NOW


def occurs(said: tuple[str, ...], present: frozenset[str], phrase: str) -> bool:
    """Whether `phrase` occurs in the stemmed tokens `said`, in whatever way."""
    target = phrase_target(phrase)[0]
    if not target or target[0] not in present:
        return False
    size = len(target)
    return any(said[at : at + size] == target for at in range(len(said) - size + 1))
