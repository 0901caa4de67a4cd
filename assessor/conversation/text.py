"""Turning an utterance into comparable words, with negation marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_INNER_HYPHEN = re.compile(r"(?<=[a-z])[-\u2010\u2011](?=[a-z])")
_TOKEN = re.compile(r"[a-z0-9_]+(?:'[a-z]+)?|[.,;:!?\u2014\u2013]| - ")

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


# Phrases that deny or postpone what follows them ("far from integration", "we plan to share
# records"), made into one negating word before the text is split into words.
LEADING_NEGATIONS = (
    "far from",
    "nowhere near",
    "a long way from",
    "some way from",
    "hardly",
    "barely",
    "scarcely",
    "plan to",
    "planning to",
    "plans to",
    "hope to",
    "hoping to",
    "aim to",
    "aiming to",
    "would like to",
    "want to",
    "wanting to",
    "intend to",
    "working towards",
    "work towards",
    "not yet",
    "yet to",
)
# Phrases that deny or postpone what came before them in the clause ("integration is a long way
# off", "a shared record is planned").
TRAILING_NEGATIONS = (
    "a long way off",
    "some way off",
    "far off",
    "is planned",
    "are planned",
    "is being planned",
    "not there yet",
    "still to come",
    "in the future",
    "one day",
    "eventually",
    "in the pipeline",
)
_LEADING = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in LEADING_NEGATIONS) + r")\b")
_TRAILING = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in TRAILING_NEGATIONS) + r")\b")


DENIED = "denied_so_far"  # stands where a trailing negation was, in prepared tokens


def prepared_tokens(text: str) -> list[str]:
    """The text's tokens (punctuation kept as clause breaks), with leading negations made into
    "not" and trailing ones into DENIED."""
    prepared = _LEADING.sub(" not ", _TRAILING.sub(f" {DENIED} ", normalise(text)))
    return [t.strip() for t in _TOKEN.findall(prepared) if t.strip()]


def words(text: str) -> tuple[Word, ...]:
    """Content words in order, each marked when it lies inside a negation's reach."""
    found: list[Word] = []
    clause_start = 0
    reach = 0
    for token in prepared_tokens(text):
        if token in CLAUSE_BREAKS:
            reach = 0
            clause_start = len(found)
            continue
        if token == DENIED:  # the clause so far is denied or put off
            found[clause_start:] = [Word(w.text, True) for w in found[clause_start:]]
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
