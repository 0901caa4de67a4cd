"""Turning an utterance into comparable words, with negation marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_INNER_HYPHEN = re.compile(r"(?<=[a-z])[-\u2010\u2011](?=[a-z])")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?\u2014\u2013]| - ")

NEGATORS = frozenset(
    "not no never nor without none nobody nothing neither cannot cant can't don't dont "
    "doesn't doesnt didn't didnt isn't isnt aren't arent wasn't wasnt haven't havent hasn't "
    "hasnt hadn't won't wont wouldn't shouldn't lack lacking lacks".split()
)
# A negation reaches forward until a clause ends or at most this many words.
NEGATION_REACH = 5
CLAUSE_BREAKS = frozenset(
    ". , ; : ! ? \u2014 \u2013 - but however although though whereas while".split()
)

STOPWORDS = frozenset(
    "a an the and or of to in on at by for with from as is are was were be been being it its "
    "it's this that these those there their they them we we're were us our ours i i'm i'd me my "
    "you your he she his her has have had do does did so than then too very can could would "
    "should will shall may might must just also about into over under up down out what which "
    "who whom when where why how all any each every some such only own same other more most "
    "much many if else s t d ll re ve m o".split()
)


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, no hyphen inside a word ("co-ordination")."""
    text = text.translate(_APOSTROPHES).lower()
    return _INNER_HYPHEN.sub("", text)


@dataclass(frozen=True)
class Word:
    text: str
    negated: bool


def words(text: str) -> tuple[Word, ...]:
    """Content words in order, each marked when it lies inside a negation's reach."""
    found: list[Word] = []
    reach = 0
    for token in _TOKEN.findall(normalise(text)):
        token = token.strip()
        if token in CLAUSE_BREAKS:
            reach = 0
            continue
        if token in NEGATORS:
            reach = NEGATION_REACH
            continue
        if token in STOPWORDS:
            continue
        found.append(Word(token, reach > 0))
        reach = max(reach - 1, 0)
    return tuple(found)


def tokens(text: str) -> list[str]:
    """Every word of the text, normalised, punctuation dropped."""
    return [t for t in _TOKEN.findall(normalise(text)) if t.strip() and t.strip()[0].isalnum()]


_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ly", "es", "s")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude stem, enough to make "meetings" meet "meeting" and "plans" meet "planning"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    return word[:-1] if len(word) > 3 and word.endswith("e") else word
