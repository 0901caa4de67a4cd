"""Turning an utterance into comparable words, with negation marked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from assessor.words.sector_names import ABBREVIATIONS, CAPITALS_ONLY, PROPER_NAMES

_ABBREVIATION = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w'])"
)
# one pattern each for the capitals-only abbreviations and for the proper names, so a text is
# scanned once: the first alternative that matches at a place wins, as the order given
_CAPITALS_ONLY = re.compile(
    r"\b(?:" + "|".join(re.escape(a) for a in sorted(CAPITALS_ONLY, key=len, reverse=True)) + r")\b"
)
_NAME_PATTERNS = [(re.compile(rf"{p}"), r) for p, r in PROPER_NAMES]
_NAMES = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p, _ in PROPER_NAMES) + r")\b")


def _name(match: re.Match[str]) -> str:
    said = match.group(0)
    return next(r for p, r in _NAME_PATTERNS if p.fullmatch(said))


# A stage word opening a capitalised name ("Integrated Family Support Service") names a
# service, not a stage.
_CAPITALISED_NAME = re.compile(
    r"\b(?:Isolat|Communicat|Co-?ordinat|Collaborat|Integrat)[a-z]*\s+(?=[A-Z][a-z])"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_INNER_HYPHEN = re.compile(r"(?<=[a-z])[-\u2010\u2011](?=[a-z])")
_TOKEN = re.compile(r"[a-z0-9_]+(?:'[a-z]+)?|[.,;:!?\u2014\u2013]| - ")

NEGATORS = frozenset(
    "not no never nor without none nobody nobody's noone noone's nothing nothing's neither "
    "nowhere cannot cant can't couldn't couldnt don't dont doesn't doesnt didn't didnt isn't "
    "isnt aren't arent ain't aint wasn't wasnt weren't werent haven't havent hasn't hasnt "
    "hadn't hadnt won't wont wouldn't wouldnt shouldn't shouldnt mustn't mustnt needn't neednt "
    "mightn't lack lacking lacks".split()
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
    "who whom when where why how all any each every such only own same other more "
    "much many if else s t d ll re ve m o still yet already "
    # quantifiers and "one" say nothing about a stage on their own ("everyone is on different
    # systems"); phrases such as "one team" are matched whole, as phrases
    "one everyone everybody everything anyone anybody someone somebody something".split()
)


@lru_cache(maxsize=1024)
def normalise(text: str) -> str:
    """Lower case, straight apostrophes, no hyphen inside a word ("co-ordination")."""
    text = text.translate(_APOSTROPHES).lower()
    return _INNER_HYPHEN.sub("", text)


_HYPHENATED = re.compile(r"[a-z]+(?:[-\u2010\u2011][a-z]+)+")
_HYPHENS = str.maketrans("\u2010\u2011", "--")


def compound_stems(said: Sequence[str], text: str) -> frozenset[str]:
    """The stems of `said` (a text's content words, as `words` reads them from `text`), with
    each compound read both ways, so that one side's "information-sharing agreement" meets
    the other's "sharing agreement" or "information sharing": a hyphenated word of `text` is
    also its parts, and two words in a row are also the word they make together."""
    found = {stem(w) for w in said} | {stem(a + b) for a, b in pairwise(said)}
    if "-" in text or "\u2010" in text or "\u2011" in text:
        lowered = text.translate(_APOSTROPHES).translate(_HYPHENS).lower()
        for hyphenated in _HYPHENATED.findall(lowered):
            found.update(stem(w.text) for w in words(hyphenated.replace("-", " ")))
    return frozenset(found)


@dataclass(frozen=True)
class Word:
    text: str
    negated: bool


# Phrases that deny or postpone what follows them ("far from integration", "we plan to share
# records", "we want no wrong door"), made into one negating word before the text is split.
# A postponement negates even a phrase that is itself negative ("no wrong door").
LEADING_POSTPONEMENTS = (
    "the plan is",
    "the idea is",
    "the hope is",
    "hopefully",
    "plan to",
    "planning to",
    "plans to",
    "hope to",
    "hoping to",
    "hope for",
    "aim to",
    "aiming to",
    "aim for",
    "aiming for",
    "the aim is",
    "our aim is",
    "the goal is",
    "our goal is",
    "the ambition is",
    "would like to",
    "we'd like",
    "would like",
    "want to",
    "wanting to",
    "we want",
    "they want",
    "want",
    "wants",
    "intend to",
    "trying to",
    "try to",
    "working towards",
    "work towards",
    "not yet",
    "yet to",
)
LEADING_NEGATIONS = (
    "far from",
    "nowhere near",
    "a long way from",
    "some way from",
    "hardly",
    "barely",
    "scarcely",
)
# Phrases that deny or postpone what came before them in the clause ("integration is a long way
# off", "a shared record is planned").
TRAILING_NEGATIONS = (
    "is the aim",
    "is our aim",
    "is the goal",
    "is our goal",
    "is the ambition",
    "is the plan",
    "is the hope",
    "is what we want",
    "is what we're aiming for",
    "is coming",
    "on paper only",
    "only on paper",
    "not in practice",
    # a contrast that takes back what came before ("they say integrated but it isn't")
    "but it isn't",
    "but it's not",
    "but it is not",
    "but it's really not",
    "but it isn't really",
    "but we aren't",
    "but we're not",
    "but we are not",
    "but we don't",
    "but they don't",
    "but they aren't",
    "but they're not",
    "but not really",
    "but not in practice",
    # a judgement that denies what it judges ("data quality is poor")
    "is poor",
    "are poor",
    "is weak",
    "are weak",
    "is unreliable",
    "are unreliable",
    "is lacking",
    "are lacking",
    "is missing",
    "are missing",
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


def alternatives(phrases: tuple[str, ...]) -> str:
    """A regex alternation, longest phrase first so "want to" wins over "want"."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_POSTPONING = re.compile(r"\b(?:" + alternatives(LEADING_POSTPONEMENTS) + r")\b")
_LEADING = re.compile(r"\b(?:" + alternatives(LEADING_NEGATIONS) + r")\b")
_TRAILING = re.compile(r"\b(?:" + alternatives(TRAILING_NEGATIONS) + r")\b")


DENIED = "denied_so_far"  # stands where a trailing negation was, in prepared tokens
PUT_OFF = "put_off"  # stands where a leading postponement was, in prepared tokens
UNAWARE = "unaware_of"  # stands where a don't-know with an object was, in prepared tokens
REPEATED = "again_and_again"  # stands where a repetition was, in prepared tokens

# Saying a thing is done again and again ("they tell their story over and over") says it is
# repeated and not done once: it agrees with "again" and "repeat" and denies "once" in a
# descriptor.
_REPETITION = re.compile(
    r"\b(?:again and again|over and over(?: again)?|time and (?:time )?again|time after time|"
    r"repeatedly|every (?:single )?time|each time)\b"
)

# A don't-know with an object ("we don't know who else is involved", "no idea what health
# spends") says something about the partnership: what follows is not negated, and the not
# knowing is one word of its own.
_NOT_KNOWING = re.compile(
    r"\b(?:(?:do not|don't|dont|didn't|didnt|doesn't|doesnt|never|nobody|noone|no one) "
    r"(?:really )?knows?|no idea|no clue|not a clue|haven't a clue|not sure|unsure)"
    r"(?=\s+(?:who|what|which|where|when|how|why)\b)"
)


@lru_cache(maxsize=4096)
def canonical(text: str) -> str:
    """The text normalised, sector abbreviations spelt out and proper names made into single
    tokens, so "ISA" meets "information-sharing agreement" and "integrated care board" claims
    no stage. Applied alike to answers and to the banks' words."""
    text = _CAPITALISED_NAME.sub("", text)
    text = _CAPITALS_ONLY.sub(lambda m: CAPITALS_ONLY[m.group(0)], text)
    text = _NAMES.sub(_name, normalise(text))
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(0)], text)


def prepared_tokens(text: str) -> list[str]:
    """The text's tokens (punctuation kept as clause breaks), with leading negations made into
    "not", postponements into PUT_OFF, trailing negations into DENIED, a don't-know with an
    object into UNAWARE and a repetition into REPEATED."""
    prepared = _NOT_KNOWING.sub(f" {UNAWARE} ", canonical(text))
    prepared = _REPETITION.sub(f" {REPEATED} ", prepared)
    prepared = _TRAILING.sub(f" {DENIED} ", prepared)
    prepared = _LEADING.sub(" not ", _POSTPONING.sub(f" {PUT_OFF} ", prepared))
    return [t.strip() for t in _TOKEN.findall(prepared) if t.strip()]


def words(text: str) -> tuple[Word, ...]:
    """Content words in order, each marked when it lies inside a negation's reach."""
    return words_of(prepared_tokens(text))


def words_of(prepared: list[str]) -> tuple[Word, ...]:
    """`words` from the text's prepared tokens, when they are at hand already."""
    found: list[Word] = []
    clause_start = 0
    reach = 0
    for at, token in enumerate(prepared):
        if token in CLAUSE_BREAKS:
            if token == "," and reach and _list_goes_on(prepared[at + 1 :]):
                continue  # "not committed staff time, services or money": still negated
            reach = 0
            clause_start = len(found)
            continue
        if token == DENIED:  # the clause so far is denied or put off
            found[clause_start:] = [Word(w.text, True) for w in found[clause_start:]]
            continue
        if token in NEGATORS or token == PUT_OFF:
            reach = NEGATION_REACH
            continue
        if token in STOPWORDS:
            continue
        if token == REPEATED:
            found += [Word(w, reach > 0) for w in ("again", "repeat")]
            found.append(Word("once", reach == 0))
            reach = max(reach - 1, 0)
            continue
        found.append(Word(token, reach > 0))
        reach = max(reach - 1, 0)
    return tuple(found)


def _list_goes_on(rest: list[str]) -> bool:
    """Whether the words after a comma end a list ("services or money") within a few words."""
    for token in rest[:4]:
        if token in CLAUSE_BREAKS:
            return False
        if token in ("or", "nor", "and"):
            return True
    return False


def tokens(text: str) -> list[str]:
    """Every word of the text, normalised, punctuation dropped."""
    return list(_tokens(text))


@lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t for t in _TOKEN.findall(normalise(text)) if t.strip() and t.strip()[0].isalnum())


_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ly", "es", "s")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude stem, enough to make "meetings" meet "meeting", "plans" meet "planning" and
    "families" meet "family"."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    if word.endswith("ily"):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


# A negation at most this many words before the words quoted back to the person is quoted
# with them: it is part of what was said ("nobody checks whether", "don't train").
QUOTED_NEGATION_REACH = 3


def is_negation(word: str) -> bool:
    """Whether a word as typed ("Don't", "nobody", "no-one") is a negation; by the word
    itself, never its stem ("notes" is no "not")."""
    return any(t in NEGATORS for t in tokens(word))


def quote_start(said: Sequence[str], first: int) -> int:
    """Where a quote of the words `said[first:]` starts: at the nearest negation at most
    QUOTED_NEGATION_REACH words before them, else at `first`."""
    for back in range(first - 1, max(first - 1 - QUOTED_NEGATION_REACH, -1), -1):
        if is_negation(said[back]):
            return back
    return first
