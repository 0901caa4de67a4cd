"""Reading an answer: which stage it means, how sure we are, and what it was read from.

The order of evidence, strongest first: a stage number or name on its own (misspelling
allowed); a phrase the bank lists for one stage of this question; don't know / not applicable;
then the words of the answer against the question's five descriptors and the phrases that mean
a stage on any question. Negated words count against a stage, not for it. Only clear readings
are accepted; the rest are offered back to the person to confirm, and text that matches no
stage is never taken as one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from assessor.answers import Special
from assessor.banks.glossary import Glossary
from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.commands import Command, Parsed, parse_command
from assessor.conversation.likeness import Likeness, likeness, said_as_example
from assessor.conversation.parsed import (
    Clause,
    Extent,
    LazyPattern,
    ParsedAnswer,
    Time,
    extent_of,
    parse,
    spans_clauses,
    stemmed_tokens,
    stems_of,
    time_of,
)
from assessor.conversation.weighing import agreed, instead, practised_now, thin
from assessor.words.text import (
    CLAUSE_BREAKS,
    DENIED,
    NEGATION_REACH,
    NEGATORS,
    PUT_OFF,
    STOPWORDS,
    UNAWARE,
    alternatives,
    canonical,
    normalise,
    prepared_tokens,
    stem,
    tokens,
    words,
)
from assessor.words.vocabulary import (
    ASIDE_PHRASES,
    CONNECTORS,
    CONTRASTS,
    CORRECTIONS,
    COUNTED,
    DOMAIN_WORDS,
    DONT_KNOW_PATTERNS,
    DONT_KNOW_PHRASES,
    EVIDENCE_WORDS,
    FILLERS,
    FREQUENCIES,
    FREQUENCY_FILLERS,
    GENERIC_CUES,
    HEDGE_PHRASES,
    HEDGES,
    HOW_MANY,
    HOW_OFTEN,
    ISOLATION_WHEN_DENIED,
    NOT_APPLICABLE_PHRASES,
    NUMBER_WORDS,
    OPTION_LETTERS,
    PARTIES,
    PLAIN_PHRASES,
    QUESTION_LEAD_INS,
    QUESTION_OPENERS,
    RARITY,
    RESERVATIONS,
    STRONG_HEDGES,
    stage_of_word,
)

ACCEPT_AT = 0.8  # a reading at least this sure is taken without asking
EXACT, MISSPELT, KEYWORD, MENTIONED = 1.0, 0.9, 0.85, 0.6
AGREED = 0.82  # the reading and the answer's likeness to each stage's texts agree, clearly
LIKE = 0.5  # a stage proposed because the answer lies nearest to what people say at it
EVIDENCE_FLOOR = 1.0  # less descriptor evidence than this says nothing about the stage
SECOND_WITHIN = 0.75  # a runner-up this close to the top is offered too
# "(" opens an aside only after a space: "alert(1)" inside a note is not a stage said apart.
_SEPARATOR = re.compile(r"\s*(?:\s-{1,2}\s|--|[\u2014\u2013:;,]|(?<!\S)\(|\.\s)\s*")
_RANGE = re.compile(
    r"^(?:between\s+)?(?:stages?\s+|levels?\s+)?([1-5])"
    r"\s*(?:-|\u2013|\u2014|to|or|/|,|and|&)\s*([1-5])\s*\??$"
)
_CLAUSE = re.compile(
    r"\s*(?:\s-{1,2}\s|--|[\u2014\u2013:;,]|(?<!\S)\(|\)|\.\s|\s(?:but|though|although)\s)\s*",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\(?\s*(-?\d+(?:[.,]\d+)?)\s*\)?[.!]?$")
MAX_CHARS = 1000  # an answer longer than this is read from its start; the rest is a note
_STAGE_NUMBER = re.compile(r"^(?:stage|level|option|number)?\s*([1-5])[.)]?$")


class Decision(StrEnum):
    ACCEPT = "accept"
    CONFIRM = "confirm"
    NOT_A_STAGE = "not-a-stage"
    COMMAND = "command"


@dataclass(frozen=True)
class Reading:
    decision: Decision
    stage: Stage | None = None
    confidence: float = 0.0
    candidates: tuple[tuple[Stage, float], ...] = ()
    special: Special | None = None
    matched: tuple[str, ...] = ()
    note: str = ""
    command: Parsed | None = None
    ruled_out: tuple[Stage, ...] = ()
    split: bool = False  # two stages held by different people: ask for one overall rating
    looks_like_evidence: bool = False  # no stage, but it reads as evidence for a note
    off_topic: bool = False  # a remark aside or a question back: no stage, back to the question
    # the person's own words, as said, that the first stage offered was read from: what the bot
    # quotes when it proposes ("because you said 'separate systems' and 'emailing things across'")
    because: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "decision": self.decision.value,
            "stage": self.stage.value if self.stage else None,
            "confidence": round(self.confidence, 2),
            "candidates": [{"stage": s.value, "score": round(v, 2)} for s, v in self.candidates],
            "special": self.special.value if self.special else None,
            "matched": list(self.matched),
            "note": self.note,
            "command": self.command.command.value if self.command else None,
            "split": self.split,
            "off_topic": self.off_topic,
            "because": list(self.because),
        }


# -- stage words ---------------------------------------------------------------------------


def _stage_of_word(word: str) -> tuple[Stage, float] | None:
    """A word that names a stage, exactly or misspelt ("colaboration")."""
    named = stage_of_word(word)
    if named is None:
        return None
    return named[0], EXACT if named[1] else MISSPELT


@dataclass(frozen=True)
class _Claim:
    """Stages said outright in one clause ("3", "maybe 4", "2 going on 3", "no, I meant 3")."""

    stages: tuple[Stage, ...]
    confidence: float
    hedged: bool
    corrected: bool


_ISH = re.compile(r"\b([1-5]|one|two|three|four|five)\s*-?\s*ish\b")
_HALF = re.compile(r"\b([1-4])\s+and\s+a\s+half\b")
# "N/5" and "N out of 5" are N on the five-stage scale, said plainly; "3/4" is "3 or 4".
_OUT_OF = re.compile(r"(?<![\d.])([0-9])\s*(?:/\s*5|out\s+of\s+(?:5|five))(?![\d.])")
_DECIMAL = re.compile(r"(?<![\d.])(\d+\.\d+)(?![\d.])")
_HEDGE_PHRASE = re.compile(r"(?<![\w'])(?:" + alternatives(HEDGE_PHRASES) + r")(?![\w'])")
_PLAIN_PHRASE = re.compile(r"(?<![\w'])(?:" + alternatives(PLAIN_PHRASES) + r")(?![\w'])")


def _out_of_five(text: str) -> str:
    """The text with "N/5" and "N out of five" made into the number alone."""
    return _OUT_OF.sub(r"\1", text)


def _between_stages(match: re.Match[str]) -> str:
    """A decimal as the stages either side of it ("3.5" -> "3 4"), a whole one as itself;
    anything else out of range."""
    number = float(match.group(1))
    if number.is_integer():
        return str(int(number))
    if 1 < number < 5:
        return f"{int(number)} {int(number) + 1}"
    return "0"


_AT_LEAST = re.compile(r"\bat\s+least\b")
_AT_MOST = re.compile(r"\bat\s+(?:best|most|the\s+most|a\s+push)\b")


def _claim(text: str) -> _Claim | None:
    """The stages a clause says outright, with fillers only, or None if it says more."""
    lowered = normalise(text).strip().rstrip(".!)").lstrip("(").strip()
    if match := _STAGE_NUMBER.match(lowered):
        return _Claim((Stage.from_number(int(match.group(1))),), EXACT, False, False)
    if lowered in OPTION_LETTERS:
        return _Claim((Stage.from_number(OPTION_LETTERS[lowered]),), EXACT, False, False)
    hedged = corrected = False
    upward = downward = False
    lowered = _PLAIN_PHRASE.sub(" ", _out_of_five(lowered))
    if _HEDGE_PHRASE.search(lowered):
        lowered, hedged = _HEDGE_PHRASE.sub(" ", lowered), True
    if _DECIMAL.search(lowered):
        lowered, hedged = _DECIMAL.sub(_between_stages, lowered), True
    if _ISH.search(lowered):
        lowered, hedged = _ISH.sub(r"\1", lowered), True
    if match := _HALF.search(lowered):
        number = int(match.group(1))
        lowered, hedged = _HALF.sub(f"{number} {number + 1}", lowered), True
    if _AT_LEAST.search(lowered):
        lowered, hedged, upward = _AT_LEAST.sub(" ", lowered), True, True
    if _AT_MOST.search(lowered):
        lowered, hedged, downward = _AT_MOST.sub(" ", lowered), True, True
    said = tokens(lowered)
    if said and said[0] in ("no", "nope") and len(said) > 1:
        if not any(w.isdigit() or w in NUMBER_WORDS for w in said[1:]):
            return None  # "no integration" denies; "no, I meant 3" corrects
        said, corrected = said[1:], True
    found: list[tuple[Stage, float]] = []
    for word in said:
        if word in CORRECTIONS:
            corrected = True
        if word in FILLERS or word in CONNECTORS:
            continue
        if word in HEDGES:
            hedged = True
            continue
        if word.isdigit() and len(word) == 1 and 1 <= int(word) <= 5:
            found.append((Stage.from_number(int(word)), EXACT))
        elif word in NUMBER_WORDS:
            found.append((Stage.from_number(NUMBER_WORDS[word]), EXACT))
        elif (named := _stage_of_word(word)) is not None:
            found.append(named)
        else:
            return None
    if not found:
        return None
    stages = tuple(dict.fromkeys(stage for stage, _ in found))
    if len(stages) == 1 and (upward or downward):
        number = stages[0].value_number + (1 if upward else -1)
        if 1 <= number <= 5:
            stages = tuple(sorted({stages[0], Stage.from_number(number)}, key=_number))
    return _Claim(stages, min(c for _, c in found), hedged, corrected)


def _number(stage: Stage) -> int:
    return stage.value_number


def _mentioned_stages(text: str) -> tuple[dict[Stage, float], set[Stage]]:
    """Stages named anywhere in a longer text: those asserted and those negated."""
    asserted: dict[Stage, float] = {}
    negated: set[Stage] = set()
    for stage in rated_numbers(text):
        asserted[stage] = EXACT
    for word in words(text):
        named = _stage_of_word(word.text)
        if named is None:
            continue
        stage, confidence = named
        if word.negated:
            negated.add(stage)
        else:
            asserted[stage] = max(asserted.get(stage, 0.0), confidence)
    for stage in negated:
        asserted.pop(stage, None)
    return asserted, negated


_VERBS_IN_S = frozenset("is was has does says thinks reckons believes feels us this".split())
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[a-z0-9_]+(?:'[a-z]+)?|[.,;:!?%\u2014\u2013]")
# Words before a number that make it a rating ("a 3", "stage 3", "I'd say 3 or 4").
_RATING_FRAME = frozenset(
    "a an stage stages level levels option between say says said it's its we're were us "
    "like probably maybe perhaps think reckon guess".split()
)
# Words before "at 3" that make it a place on the scale ("we're at 3"), not a time ("I leave
# at 3"); a number after "until", "before" or "after" is always a time.
_AT_A_RATING = frozenset(
    "we're were we are is it's its us them sit sits sitting stand stands standing put stuck be "
    "still now currently probably".split()
)
_TIME_WORDS = frozenset("until till before after".split())


def _said_as_time(said: list[str], at: int) -> bool:
    """Whether the number at `at` is a time of day ("can I leave at 3?", "until 4")."""
    before = said[at - 1] if at > 0 else ""
    if before in _TIME_WORDS:
        return True
    return before == "at" and (at < 2 or said[at - 2] not in _AT_A_RATING)


_RANGE_JOINS = frozenset("or to and - / nor".split())
_RATINGS = frozenset("12345")
_HAS_RATING_DIGIT = re.compile(r"[1-5]")


def _compares(after: list[str]) -> bool:
    """Whether the words after a number make it a share ("5%", "1 in 20", "2 of the 5")."""
    if after[:1] in (["%"], ["of"]):
        return True
    return after[:1] in (["in"], ["out"]) and any(w.isdigit() for w in after[1:3])


def _counts_something(after: list[str]) -> bool:
    """Whether the words after a number say it counts something ("3 or 4 phone calls",
    "2 partners"): up to two words of its clause are looked at."""
    for word in after[:2]:
        if not word[0].isalnum():
            return False
        if word in COUNTED or (word.endswith("s") and len(word) > 2 and word not in _VERBS_IN_S):
            return True
    return False


def _in_rating_frame(said: list[str], at: int, after: list[str]) -> bool:
    """Whether the number at `at`, with the words `after` it, is said as a rating: never a
    time or a share; framed as one ("a 3", "say 3"), or counting nothing after it."""
    if _said_as_time(said, at) or _compares(after):
        return False
    return (at > 0 and said[at - 1] in _RATING_FRAME) or not _counts_something(after)


def rated_numbers(text: str) -> set[Stage]:
    """The stages a text gives as numbers in a rating frame: "stage 3", "level 3", "3 out of 5",
    "3/5", "a 3", "3 or 4" said on its own. A number that counts or compares things ("it takes
    3 or 4 phone calls", "1 in 20 families", "2 years") is no rating."""
    stages: set[Stage] = set()
    if not _HAS_RATING_DIGIT.search(text):
        return stages
    said = _NUMBER_TOKEN.findall(_out_of_five(normalise(text)).replace("/", " / "))
    at = 0
    while at < len(said):
        if said[at] not in _RATINGS:
            at += 1
            continue
        numbers = [int(said[at])]
        end = at + 1
        # a range: "3 or 4", "3-4", "between 3 and 4"
        following = said[end + 1] if end + 1 < len(said) else ""
        if following in _RATINGS and said[end] in _RANGE_JOINS:
            numbers.append(int(following))
            end += 2
        if _in_rating_frame(said, at, said[end:]):
            stages.update(Stage.from_number(n) for n in numbers)
        at = end
    return stages


_VIEW_BREAK = re.compile(
    r"\s*(?:[,;]|\.(?!\d)|\bbut\b|\bwhile\b|\bwhereas\b|\band\b|\u2014|\u2013| - )\s*"
)


def _stages_in(part: str) -> set[Stage]:
    """Stages a stretch of text names by number or name, numbers that count things aside
    ("2 years", "3 partners")."""
    stages = rated_numbers(part)
    for word in tokens(part):
        if (named := _stage_of_word(word)) is not None:
            stages.add(named[0])
    return stages


def _split_views(text: str) -> Reading | None:
    """Two stages held by different people ("the council thinks 4, health would say 2")."""
    views: list[tuple[Stage, frozenset[str]]] = []
    for part in _VIEW_BREAK.split(normalise(text)):
        said = tokens(part)
        stages = _stages_in(part)
        if len(stages) > 1:
            return None
        if stages:
            views.append((stages.pop(), frozenset(w for w in said if w in PARTIES)))
    distinct = tuple(dict.fromkeys(stage for stage, _ in views))
    parties = {who for _, who in views if who}
    if len(distinct) < 2 or len(parties) < 2:
        return None
    offered = tuple((stage, 0.5) for stage in distinct[:2])
    return Reading(
        Decision.CONFIRM, offered[0][0], 0.5, offered, matched=(text,), note=text, split=True
    )


# -- remarks that are not answers ----------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ASIDE = re.compile(r"(?<![\w'])(?:" + alternatives(ASIDE_PHRASES) + r")(?![\w'])")


def _question_back(text: str) -> bool:
    """Whether the text is only questions put to the bot ("What do you mean by pooled? Like a
    shared pot?", "By systems access do you mean the wifi?"): every sentence ends in a question
    mark and the first opens with a question word or asks "you" ("I think it was agreed?"
    does neither)."""
    if not text.rstrip().endswith("?"):
        return False
    sentences = [s for s in _SENTENCE_END.split(normalise(text).strip()) if s]
    if not sentences or not all(s.endswith("?") for s in sentences):
        return False
    said = [w for w in tokens(sentences[0]) if w not in QUESTION_LEAD_INS]
    return bool(said) and (said[0] in QUESTION_OPENERS or "you" in said)


def _aside(text: str) -> bool:
    """Whether the text marks itself as a remark aside ("we've a new CEO, by the way")."""
    return _ASIDE.search(normalise(text)) is not None


def _off_topic(text: str, bank_phrases: dict[Stage, list[str]]) -> bool:
    """Whether a text that names no stage is no answer: a question back to the bot, or a
    remark aside that says none of the bank's phrases for this question ("by the way, we
    have joint training" still answers)."""
    return _question_back(text) or (not bank_phrases and _aside(text))


# -- phrases --------------------------------------------------------------------------------


class Hit(StrEnum):
    """How a phrase occurs in an answer: said, denied or put off, or said with a doubt after it
    ("TAF meetings don't really happen")."""

    SAID = "said"
    DENIED = "denied"
    DOUBTED = "doubted"


def _phrase_hits(text: str, phrase: str) -> list[Hit]:
    """Each place `phrase` occurs in `text` as whole words (plurals and -ing forms alike)."""
    return [hit for clause in parse(text).clauses for hit in _hits_in(clause, phrase)]


def _hits_in(clause: Clause, phrase: str) -> list[Hit]:
    """Each place `phrase` occurs in one clause, said, denied or doubted."""
    target, negative_phrase = _phrase_target(phrase)
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
        negated = any(t in _NEGATOR_STEMS for t in before)
        doubted = False
        for token in said[at + size :]:
            if token in CLAUSE_BREAKS:
                break
            put_off = put_off or token == DENIED
            doubted = doubted or token in _NEGATOR_STEMS
        if put_off or (negated and not negative_phrase):
            hits.append(Hit.DENIED)
        elif doubted and not negative_phrase:
            hits.append(Hit.DOUBTED)
        else:
            hits.append(Hit.SAID)
    return hits


# Phrases (bank keywords, cues) recur on every call and are prepared once.
@lru_cache(maxsize=16384)
def _phrase_target(phrase: str) -> tuple[tuple[str, ...], bool]:
    target = tuple(t for t in stemmed_tokens(phrase) if t not in CLAUSE_BREAKS)
    return target, any(t in _NEGATOR_STEMS for t in target)


_NEGATOR_STEMS = frozenset(stem(n) for n in NEGATORS) | NEGATORS


_DONT_KNOW_SAID = frozenset(" ".join(tokens(p)) for p in DONT_KNOW_PHRASES if p != "?")
_SPECIAL_SAID = _DONT_KNOW_SAID | frozenset(" ".join(tokens(p)) for p in NOT_APPLICABLE_PHRASES)


@lru_cache(maxsize=64)
def _special(text: str) -> Special | None:
    lowered = " ".join(tokens(text))
    raw = normalise(text).strip().rstrip(".!")
    prepared = prepared_tokens(text)
    said = stems_of(prepared)
    present = frozenset(said)
    for phrase in NOT_APPLICABLE_PHRASES:
        if raw == phrase or (" " in phrase and _occurs(said, present, phrase)):
            return Special.NOT_APPLICABLE
    if raw == "?" or lowered in _DONT_KNOW_SAID:
        return Special.DONT_KNOW
    for phrase in DONT_KNOW_PHRASES:
        if phrase != "?" and _occurs(said, present, phrase):
            return Special.DONT_KNOW
    if DONT_KNOW_PATTERNS.search(raw) or UNAWARE in prepared:
        return Special.DONT_KNOW
    return None


def _occurs(said: tuple[str, ...], present: frozenset[str], phrase: str) -> bool:
    """Whether `phrase` occurs in the stemmed tokens `said`, in whatever way."""
    target = _phrase_target(phrase)[0]
    if not target or target[0] not in present:
        return False
    size = len(target)
    return any(said[at : at + size] == target for at in range(len(said) - size + 1))


def _doubtful(clauses: list[str]) -> bool:
    """Whether other parts of an answer doubt the stage it gives ("3, not sure", "3 (ish)",
    "3, on a good day")."""
    return any(
        _special(c) is Special.DONT_KNOW
        or any(w in STRONG_HEDGES for w in tokens(c))
        or _HEDGE_PHRASE.search(normalise(c))
        for c in clauses
    )


def _reserved(text: str, question: Question, stage: Stage | None) -> bool:
    """Whether the answer says the practice is rare, past, planned or partial, or takes it back
    in a contrast ("we rarely do joint visits", "we have TAF meetings but adults never come").
    A contrast that the stage's own descriptor makes ("supportive in principle but no money")
    is no reservation about that stage."""
    if RESERVATIONS.search(canonical(text)):
        return True
    match = _CONTRAST.search(text)
    if match is None:
        return False
    after = text[match.end() :]
    if not any(t in NEGATORS or t in RARITY or t == DENIED for t in prepared_tokens(after)):
        return False
    if stage is None:
        return True
    scores, _, _ = _descriptor_evidence(after, question, as_denied=True)
    return scores[stage] <= 0


_CONTRAST = re.compile(r"\b(?:" + "|".join(sorted(CONTRASTS)) + r")\b", re.IGNORECASE)


# -- descriptors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _QuestionIndex:
    """Per stage: the descriptor's and keywords' word stems (True when said positively)."""

    stems: dict[Stage, dict[str, bool]]
    weight: dict[str, float]
    descriptors: dict[Stage, str] = field(default_factory=dict)
    subject: frozenset[str] = frozenset()  # the stems of the question's own words
    how_often: bool = False  # the question asks how often something happens
    # how widely each stage's descriptor says a thing happens ("in a few agencies", "every")
    extents: dict[Stage, Extent | None] = field(default_factory=dict)
    phrases: tuple[_BankPhrase, ...] = ()  # the bank's phrases for the question's stages
    how_many: bool = False  # the question asks for a count: a number alone may be one


@dataclass(frozen=True)
class _BankPhrase:
    """One of the bank's phrases for a stage of a question, prepared once with its index."""

    stage: Stage
    text: str
    first: str  # the stem it starts with, to pass over clauses that lack it quickly
    spans: bool  # it holds a clause break ("friendly but separate"): matched whole
    own_time: bool  # it names its own time ("agreed on paper"): its stage whatever the time


_INDEXES: dict[int, tuple[Question, _QuestionIndex]] = {}
_DOMAIN_STEMS = frozenset(stem(w) for w in DOMAIN_WORDS)


def _index(question: Question) -> _QuestionIndex:
    """The question's index, built once (the question is kept so its id() stays unique)."""
    cached = _INDEXES.get(id(question))
    if cached is None:
        cached = _INDEXES[id(question)] = (question, _build_index(question))
    return cached[1]


def _build_index(question: Question) -> _QuestionIndex:
    stems: dict[Stage, dict[str, bool]] = {}
    for stage in STAGES:
        found: dict[str, bool] = {}
        texts = [question.levels.for_stage(stage), *question.keywords.for_stage(stage)]
        for text in texts:
            for word in words(text):
                key = stem(word.text)
                found[key] = found.get(key, False) or not word.negated
        stems[stage] = found
    frequency: dict[str, int] = {}
    for found in stems.values():
        for key in found:
            frequency[key] = frequency.get(key, 0) + 1
    # a word in (nearly) every descriptor, or one any answer may use, tells no stage apart
    weight = {
        key: math.log((len(STAGES) + 1) / (count + 0.5))
        for key, count in frequency.items()
        if count < len(STAGES) - 1 and key not in _DOMAIN_STEMS
    }
    descriptors = {s: " ".join(tokens(question.levels.for_stage(s))) for s in STAGES}
    subject = frozenset(stem(w.text) for w in words(question.text))
    how_often = HOW_OFTEN.search(question.text) is not None
    how_many = HOW_MANY.search(question.text) is not None
    extents = {s: extent_of(normalise(question.levels.for_stage(s))) for s in STAGES}
    phrases = tuple(
        _BankPhrase(stage, phrase, target[0], *_phrase_shape(phrase))
        for stage in STAGES
        for phrase in question.keywords.for_stage(stage)
        if (target := _phrase_target(phrase)[0])
    )
    return _QuestionIndex(
        stems, weight, descriptors, subject, how_often, extents, phrases, how_many
    )


@dataclass
class _Evidence:
    """What a clause, or a whole answer, says for and against each stage."""

    scores: dict[Stage, float] = field(default_factory=lambda: {s: 0.0 for s in STAGES})
    matched: list[str] = field(default_factory=list)
    denied: set[Stage] = field(default_factory=set)
    # per stage, the stems each piece of support was read from, with its weight: what the
    # bot quotes back ("because you said ...")
    support: dict[Stage, list[tuple[float, tuple[str, ...]]]] = field(default_factory=dict)

    def add(self, stage: Stage, value: float, said: tuple[str, ...] = ()) -> None:
        self.scores[stage] += value
        if value > 0 and said:
            self.support.setdefault(stage, []).append((value, said))


# "ours is ours, theirs is theirs", "health do their mandatory stuff, we do ours", "each
# service leads its own people": partners apart, which the isolation descriptors describe.
_OWN = r"(?:its|their|there|our) own"  # "there own" as people type it
_SEPARATE = LazyPattern(
    r"\b(?:ours is ours|theirs is theirs|(?:is|are|has|have|does|do) (?:ours|theirs)|"
    r"(?:we|they|you|health|everyone|everybody|each \w+|every \w+)(?:'s| has| have)? "
    r"(?:just |still |all |only )?(?:do|does|keep|keeps|run|runs|plan|plans|fund|funds|lead|"
    r"leads|count|counts|train|trains|record|records|get on with|gets on with|look after|"
    r"looks after|back to \w+ing)(?: \w+){0,3} (?:ours|theirs|" + _OWN + r")|"
    r"each (?:\w+ ){0,3}(?:with|has|have|does|do|keeps|keep|leads|runs) " + _OWN + r"|"
    r"on " + _OWN + r"|" + _OWN + r" (?:thing|stuff|bit|piece|way|line|lines))\b"
)
_SEPARATE_WEIGHT = 1.5
_APART = LazyPattern(r"\b(?:different|separate|separately|own|ours|theirs)\b")
_DENIED_ISOLATION_CAP = 2.0  # what a clause's denials can add to isolation at most
ABSENCE_SHARE = 0.5  # of a denied word's weight, what it adds to isolation


@lru_cache(maxsize=1)
def _generic_cues() -> tuple[tuple[Stage, str, str], ...]:
    """The phrases that mean a stage on any question, with the stem each starts with."""
    return tuple(
        (stage, phrase, _phrase_target(phrase)[0][0])
        for stage, phrases in GENERIC_CUES.items()
        for phrase in phrases
        if _phrase_target(phrase)[0]
    )


def _clause_evidence(clause: Clause, question: Question, as_denied: bool = False) -> _Evidence:
    """How far one clause agrees with each stage's descriptor and with the phrases that mean a
    stage on any question; `as_denied` reads every word as negated (a clause that says what is
    missing). A denied word the higher stages say is evidence for isolation, whose descriptors
    describe absence, and never counts against it."""
    index = _index(question)
    found = _Evidence()
    absent = 0.0
    for word in clause.words:
        negated = word.negated or as_denied
        key = stem(word.text)
        weight = index.weight.get(key)
        if weight is None:
            continue
        practised_above = False
        for stage in STAGES:
            positive = index.stems[stage].get(key)
            if positive is None:
                continue
            if negated and positive and stage is Stage.ISOLATION:
                continue  # "we don't train together" does not deny "each trains its own"
            agrees = positive != negated
            found.add(stage, weight if agrees else -weight, (key,))
            practised_above = practised_above or (positive and stage is not Stage.ISOLATION)
        if negated and practised_above and index.stems[Stage.ISOLATION].get(key) is not False:
            absent += ABSENCE_SHARE * weight
        found.matched.append(("not " if negated else "") + word.text)
    if absent:
        found.add(Stage.ISOLATION, min(absent, _DENIED_ISOLATION_CAP))
    for stage, phrase, first in _generic_cues():
        if first not in clause.starts:
            continue
        for hit in _hits_in(clause, phrase):
            negated = hit is Hit.DENIED
            value = -1.0 if negated else 1.0 if hit is Hit.SAID else 0.5
            found.add(stage, value, _phrase_target(phrase)[0])
            found.matched.append(("not " if negated else "") + phrase)
            if negated:
                found.denied.add(stage)
    for phrase in ISOLATION_WHEN_DENIED:
        for hit in _hits_in(clause, phrase):
            if hit is Hit.DENIED:
                found.add(Stage.ISOLATION, 1.0, _phrase_target(phrase)[0])
                found.matched.append(f"not {phrase}")
    if match := _SEPARATE.search(normalise(clause.text)):
        found.add(Stage.ISOLATION, _SEPARATE_WEIGHT, stemmed_tokens(match.group(0)))
        found.matched.append(match.group(0))
    return found


def _descriptor_evidence(
    text: str, question: Question, as_denied: bool = False
) -> tuple[dict[Stage, float], list[str], set[Stage]]:
    """Per stage, how far the answer's words agree with the stage's descriptor and phrases,
    clause by clause; `as_denied` reads every word as negated."""
    scores = {stage: 0.0 for stage in STAGES}
    matched: list[str] = []
    denied: set[Stage] = set()
    for clause in parse(text).clauses:
        found = _clause_evidence(clause, question, as_denied)
        for stage, value in found.scores.items():
            scores[stage] += value
        matched.extend(found.matched)
        denied |= found.denied
    return scores, matched, denied


# -- the reading ----------------------------------------------------------------------------


def _offer(
    scores: dict[Stage, float],
    matched: list[str],
    denied: set[Stage],
    why: float = 0.0,
) -> Reading:
    ranked = sorted(
        ((v, s) for s, v in scores.items() if v > 0), key=lambda p: (-p[0], p[1].value_number)
    )
    ruled_out = tuple(s for s in STAGES if s in denied)
    if not ranked or ranked[0][0] < EVIDENCE_FLOOR:
        return Reading(Decision.NOT_A_STAGE, matched=tuple(matched), ruled_out=ruled_out)
    top_value, top = ranked[0]
    total = sum(v for v, _ in ranked)
    confidence = why or min(top_value / (total + 1.0), ACCEPT_AT - 0.05)
    # candidates on the same 0-1 scale as the confidence: the runner-up in proportion
    offered = [(top, confidence)]
    # two stages only where the answer sits between them: neighbours ("1 or 5" is no reading)
    if (
        len(ranked) > 1
        and ranked[1][0] >= SECOND_WITHIN * top_value
        and abs(ranked[1][1].value_number - top.value_number) == 1
    ):
        offered.append((ranked[1][1], confidence * ranked[1][0] / top_value))
    return Reading(
        Decision.CONFIRM,
        top,
        confidence,
        tuple(offered),
        matched=tuple(matched),
        ruled_out=ruled_out,
    )


def _with_stage_below(reading: Reading, below_first: bool = True) -> Reading:
    """A reading held back by a reservation: offer the stage below alongside its stage, first
    unless `below_first` is false (the stage's own descriptor says as little)."""
    if reading.decision is not Decision.CONFIRM or reading.stage is None:
        return reading
    if len(reading.candidates) > 1 or reading.stage is Stage.ISOLATION:
        return reading
    below = Stage.from_number(reading.stage.value_number - 1)
    offered: tuple[tuple[Stage, float], ...] = (
        (below, reading.confidence * 0.9),
        (reading.stage, reading.confidence),
    )
    if not below_first:
        offered = offered[::-1]
    return replace(reading, candidates=offered)


def interpret(
    text: str, question: Question, confirming: bool = False, glossary: Glossary | None = None
) -> Reading:
    """How the bot reads `text` as an answer to `question`; with `glossary`, a question about
    one of its terms ("what is JSNA?") is a command, not an answer."""
    text = text[:MAX_CHARS]
    stripped = text.strip()
    if not stripped:
        return Reading(Decision.NOT_A_STAGE)
    if (command := parse_command(text, confirming, glossary)) is not None:
        return Reading(Decision.COMMAND, command=command)
    if (numeric := _numeric(stripped)) is not None:
        return _maybe_a_count(numeric, question)
    if (split := _split_views(stripped)) is not None:
        return split
    # one of the bank's examples said again: its stage, proposed
    if not confirming and (repeated := said_as_example(stripped, question)) is not None:
        return Reading(Decision.CONFIRM, repeated, LIKE, ((repeated, LIKE),))

    head, _, rest = _split_once(stripped)
    # "no, it's 2", "yes, we have the minutes": the yes or no, then the answer or a note.
    said_first = parse_command(head, confirming=True)
    if rest and said_first is not None and said_first.command in (Command.YES, Command.NO):
        if confirming and said_first.command is Command.YES:
            # a yes keeps the proposal; what follows is a note unless it names a stage outright
            claimed = _numeric(rest.strip()) or _claimed(rest.strip())
            return claimed or Reading(Decision.COMMAND, command=said_first, note=_note(rest))
        inner = interpret(rest, question)
        if inner.stage is not None or inner.special is not None:
            return inner
        if confirming:
            return Reading(Decision.COMMAND, command=said_first, note=_note(rest))
        return inner

    if (claimed := _claimed(stripped)) is not None:
        return _maybe_a_count(claimed, question)
    # "n/a - the council funds it", "not sure, ask the finance lead": the rest is a note.
    if rest and (special := _special(head)) is not None and _special_only(head):
        return Reading(Decision.ACCEPT, None, EXACT, special=special, note=rest.strip())
    if _index(question).how_often and (often := _frequency(stripped)) is not None:
        return often

    parsed = parse(text)
    answer = _read_answer(parsed, question)
    keyword_hits, doubted_hits = answer.keyword_hits, answer.doubted_hits
    mentioned, negated_names = _mentioned_stages(text)
    special = _special(text)
    said_phrases = keyword_hits or answer.context_hits
    if special is None and not (mentioned or negated_names) and _off_topic(stripped, said_phrases):
        return Reading(Decision.NOT_A_STAGE, off_topic=True)
    if (
        _index(question).how_often
        and special is None
        and not (said_phrases or doubted_hits or answer.negated_hits or mentioned or negated_names)
        and (often := _frequency_within(stripped, question)) is not None
    ):
        return often
    if special is not None and not said_phrases and not doubted_hits and not mentioned:
        if special is Special.DONT_KNOW and (described := _described(text, question)):
            return described
        if special is not Special.DONT_KNOW or not _described_besides(parsed, answer):
            return Reading(Decision.ACCEPT, None, EXACT, special=special)
        # "staff know to ask her when they're not sure": a doubt beside a practice described
        # is a hedge on the practice, offered to confirm

    scores = answer.evidence.scores
    if len(keyword_hits) == 1 and not (set(mentioned) - set(keyword_hits)):
        ((stage, phrases),) = keyword_hits.items()
        # a doubt or a contrast the bank's own phrase carries ("no idea who else is involved",
        # "warm words but no resources") is the phrase, not a doubt about it
        own = any(_special(p) is not None or _reserved(p, question, stage) for p in phrases)
        hedged = any(t in HEDGES for t in tokens(text)) or (special is not None and not own)
        reserved = _reserved(text, question, stage) and not own
        if not (hedged or doubted_hits or reserved) and _unopposed(answer, stage, phrases):
            return Reading(
                Decision.ACCEPT,
                stage,
                KEYWORD,
                ((stage, KEYWORD),),
                matched=tuple(phrases),
                because=_because(parsed, answer, stage),
            )

    # Near-verbatim descriptor: the person read the level out.
    from rapidfuzz import fuzz  # loaded on first use: the app starts sooner

    said = " ".join(tokens(text))
    index = _index(question)
    for stage, descriptor in index.descriptors.items():
        if len(said) > 20 and fuzz.ratio(said, descriptor) >= 90:
            return Reading(
                Decision.ACCEPT, stage, MISSPELT, ((stage, MISSPELT),), matched=(descriptor,)
            )

    matched = answer.evidence.matched
    denied = answer.evidence.denied | answer.negated_hits | negated_names
    for stage in negated_names:
        scores[stage] -= 3.0
    for stage in mentioned:
        scores[stage] += 3.0
        matched.append(stage.value)
    reading = None
    if mentioned and len(mentioned) == 1:
        ((stage, _),) = mentioned.items()
        reading = _offer(scores, matched, denied, why=MENTIONED)
        if reading.stage is not stage:
            reading = None
    reading = reading or _offer(scores, matched, denied)
    blocked = bool(reading.ruled_out)
    if any(c.time is not Time.NOW for c in parsed.clauses):
        # a plan is no denial ("we're hoping to plan jointly next year" does not say "so not
        # collaboration"): only a stage named and denied outright is ruled out
        reading = replace(reading, ruled_out=tuple(s for s in STAGES if s in negated_names))
    near = likeness(practised_now(parsed), question)
    if reading.decision is Decision.NOT_A_STAGE and not blocked:
        absent = _absence(text, question)
        if absent is not None:
            return replace(absent, because=_because(parsed, answer, Stage.ISOLATION))
        looks = _looks_like_evidence(text)
        remark = not (looks or reading.matched or _touches(text, question))
        if remark or (nearer := instead(near, None)) is None:
            return replace(reading, looks_like_evidence=looks, off_topic=remark)
        reading = _proposed_as_like(reading, nearer, near)
    elif (
        reading.stage is not None
        and not mentioned
        and (nearer := instead(near, reading.stage)) is not None
    ):
        reading = _proposed_as_like(reading, nearer, near)
    if reading.stage is not None and not reading.because:
        reading = replace(reading, because=_because(parsed, answer, reading.stage))
    if (
        reading.stage is not None
        and not (keyword_hits or doubted_hits or mentioned)
        and thin(reading.matched, near, _NOT_A_REASON)
    ):
        # one passing word ("I need a coffee" meets "needs") is no reading of the answer
        looks = _looks_like_evidence(text)
        return Reading(Decision.NOT_A_STAGE, looks_like_evidence=looks, off_topic=not looks)
    if not answer.context and (doubted_hits or _reserved(text, question, reading.stage)):
        # the stage below comes first where the bank's phrase is doubted ("TAF meetings don't
        # really happen") or the practice is rare where the stage says it is routine ("we
        # rarely do joint visits"); a reservation that narrows it or a contrast that denies
        # something ("but adult services never come") is mostly the stage's own: it stays first
        stage_extent = index.extents.get(reading.stage) if reading.stage else None
        routine = stage_extent in (Extent.ALL, Extent.MOST)
        rare = routine and any(c.rare for c in parsed.clauses)
        return _with_stage_below(reading, below_first=bool(doubted_hits) or rare)
    if (
        reading.decision is Decision.CONFIRM
        and reading.stage is not None
        and len(reading.candidates) <= 1
        and not mentioned
        and agreed(near, parsed, reading.stage)
    ):
        return replace(reading, decision=Decision.ACCEPT, confidence=AGREED)
    return reading


def _looks_like_evidence(text: str) -> bool:
    """Whether an answer with no stage reads as evidence for a note ("the ToR are on
    SharePoint")."""
    return any(w in EVIDENCE_WORDS for w in tokens(canonical(text)))


def _proposed_as_like(reading: Reading, stage: Stage, near: Likeness) -> Reading:
    """`reading` proposing `stage`, the one the answer lies nearest to, for the words it shares
    with what people say at that stage."""
    return replace(
        reading,
        decision=Decision.CONFIRM,
        stage=stage,
        confidence=LIKE,
        candidates=((stage, LIKE),),
        matched=near.shared.get(stage, ()),
        because=(),
        off_topic=False,
    )


@dataclass
class _Answer:
    """What a whole answer says for each stage, clause by clause, read by time."""

    evidence: _Evidence
    keyword_hits: dict[Stage, list[str]]  # the bank's phrases said in practice now
    doubted_hits: dict[Stage, list[str]]
    negated_hits: set[Stage]
    context_hits: dict[Stage, list[str]]  # the bank's phrases said of a plan or the past
    pointing: set[Stage]  # the stage each clause of current practice points at most
    context: bool  # a plan, a paper agreement or a lapsed practice says something of a stage
    # per stage: (weight, clause number, stems) of what it was read from
    support: dict[Stage, list[tuple[float, int, tuple[str, ...]]]]
    by_extent: set[Stage]  # the stages whose descriptors say as widely as the answer


KEYWORD_WEIGHT = 3.0
CONTEXT_WEIGHT = 0.5  # a plan's evidence, moved to the stage below the plan's
EXTENT_WEIGHT = 1.0  # an answer's extent meeting a descriptor's ("most agencies")
CLEAR_MARGIN = 2.0  # the top stage at least this many times the runner-up to be taken
# other words for another stage, besides a bank phrase's own, that stop it being taken as read:
# at least this much, and this share of the phrase's stage's evidence
OPPOSED_AT, OPPOSED_SHARE = 2.0, 0.4
PRACTICE_OVER_ABSENCE = 1.5  # support for a practised stage that keeps isolation below it
# evidence, and content words, that make a don't-know in an answer a hedge on what it describes
DESCRIBED_BESIDES = 1.0
DESCRIBED_WORDS = 8


def _read_answer(parsed: ParsedAnswer, question: Question) -> _Answer:
    """Each clause read against the stages. What is practised now counts toward the stage; a
    plan, a paper agreement or a lapsed practice counts only, and less, toward the stage below
    the one it names, and stops the answer being taken without asking."""
    total = _Evidence()
    keyword_hits: dict[Stage, list[str]] = {}
    doubted_hits: dict[Stage, list[str]] = {}
    context_hits: dict[Stage, list[str]] = {}
    negated_hits: set[Stage] = set()
    pointing: set[Stage] = set()
    support: dict[Stage, list[tuple[float, int, tuple[str, ...]]]] = {}
    context = False
    extents: list[Extent] = []
    planned: dict[Stage, float] = {}
    planned_support: list[tuple[Stage, float, int, tuple[str, ...]]] = []
    index = _index(question)
    for number, clause in enumerate(parsed.clauses):
        found = _clause_evidence(clause, question)
        timed = False  # a bank phrase naming its own time said the clause's time
        for bank_phrase in index.phrases:
            if bank_phrase.spans or bank_phrase.first not in clause.starts:
                continue  # one that spans a clause break is matched over the whole answer
            stage, phrase = bank_phrase.stage, bank_phrase.text
            # a bank phrase that names its own time ("agreed on paper", "we're piloting a new
            # role") says the stage it is listed under, whatever the clause's time
            practised = clause.practised or bank_phrase.own_time
            for hit in _hits_in(clause, phrase):
                timed = timed or bank_phrase.own_time
                if hit is Hit.DENIED:
                    negated_hits.add(stage)
                    found.add(stage, -KEYWORD_WEIGHT)
                    found.denied.add(stage)
                    continue
                found.add(stage, KEYWORD_WEIGHT, _phrase_target(phrase)[0])
                found.matched.append(phrase)
                if not practised:
                    context_hits.setdefault(stage, []).append(phrase)
                elif hit is Hit.DOUBTED:
                    doubted_hits.setdefault(stage, []).append(phrase)
                else:
                    keyword_hits.setdefault(stage, []).append(phrase)
        practised = clause.practised or timed
        if number == 0:
            _whole_phrases(parsed, question, found, keyword_hits, negated_hits)
        total.matched.extend(found.matched)
        total.denied |= found.denied
        if practised:
            for stage, value in found.scores.items():
                total.scores[stage] += value
            for stage, items in found.support.items():
                support.setdefault(stage, []).extend((v, number, said) for v, said in items)
            top = max(STAGES, key=lambda s: found.scores[s])
            if found.scores[top] >= EVIDENCE_FLOOR:
                pointing.add(top)
            # "everyone is on different systems", "every service with its own form": each
            # apart, not all together
            if clause.extent is not None and not _APART.search(normalise(clause.text)):
                extents.append(clause.extent)
            continue
        for stage, value in found.scores.items():
            if value <= 0:
                continue
            context = context or value >= EVIDENCE_FLOOR
            if stage is Stage.ISOLATION:
                continue
            below = Stage.from_number(stage.value_number - 1)
            planned[below] = planned.get(below, 0.0) + CONTEXT_WEIGHT * value
            for weight, said in found.support.get(stage, ()):
                planned_support.append((below, CONTEXT_WEIGHT * weight, number, said))
    if not pointing:  # with no practice described, a plan tells the stage below it
        for stage, value in planned.items():
            total.scores[stage] += value
        for stage, weight, number, said in planned_support:
            support.setdefault(stage, []).append((weight, number, said))
    by_extent = _weigh_extents(total.scores, extents, _index(question))
    _absence_below_practice(total.scores, support)
    return _Answer(
        total,
        keyword_hits,
        doubted_hits,
        negated_hits,
        context_hits,
        pointing,
        context,
        support,
        by_extent,
    )


def _weigh_extents(
    scores: dict[Stage, float], extents: list[Extent], index: _QuestionIndex
) -> set[Stage]:
    """How widely the answer says a thing happens ("most agencies", "in a few hubs") decides
    between the stages the words already point at, where their descriptors say as much: the
    stages it speaks for."""
    if not extents:
        return set()
    top = max(STAGES, key=lambda s: scores[s])
    if scores[top] < EVIDENCE_FLOOR:
        return set()
    near = {s for s in STAGES if scores[s] > 0 or abs(s.value_number - top.value_number) == 1}
    chosen: set[Stage] = set()
    for extent in extents:
        for stage in near:
            if index.extents.get(stage) is extent:
                scores[stage] += EXTENT_WEIGHT
                chosen.add(stage)
    return chosen


def _absence_below_practice(
    scores: dict[Stage, float], support: dict[Stage, list[tuple[float, int, tuple[str, ...]]]]
) -> None:
    """Isolation is the absence of the rest: an answer that also describes a practice of a
    higher stage ("separate systems and emailing things across") is read as that practice,
    so isolation stays below it."""
    practised = max(
        (sum(v for v, _, _ in support.get(s, ())) for s in STAGES if s is not Stage.ISOLATION),
        default=0.0,
    )
    if practised >= PRACTICE_OVER_ABSENCE and scores[Stage.ISOLATION] > 0:
        best = max(scores[s] for s in STAGES if s is not Stage.ISOLATION)
        scores[Stage.ISOLATION] = min(scores[Stage.ISOLATION], 0.9 * best)


@lru_cache(maxsize=16384)
def _phrase_shape(phrase: str) -> tuple[bool, bool]:
    """Whether a bank phrase spans a clause break, and whether it names its own time."""
    lowered = normalise(phrase)
    return spans_clauses(phrase), time_of(lowered) is not Time.NOW


def _whole_phrases(
    parsed: ParsedAnswer,
    question: Question,
    found: _Evidence,
    keyword_hits: dict[Stage, list[str]],
    negated_hits: set[Stage],
) -> None:
    """The bank's phrases that hold a contrast ("friendly but separate", "health visitors
    share but schools don't"), matched over the whole answer."""
    for bank_phrase in _index(question).phrases:
        if not bank_phrase.spans:
            continue
        stage, phrase = bank_phrase.stage, bank_phrase.text
        for hit in _hits_in(parsed.whole, phrase):
            if hit is Hit.DENIED:
                negated_hits.add(stage)
                found.add(stage, -KEYWORD_WEIGHT)
                continue
            found.add(stage, KEYWORD_WEIGHT, _phrase_target(phrase)[0])
            found.matched.append(phrase)
            keyword_hits.setdefault(stage, []).append(phrase)


def _described_besides(parsed: ParsedAnswer, answer: _Answer) -> bool:
    """Whether an answer with a doubt in it, that does not open with the doubt, also describes
    a stage at some length ("Our DSL has written guidance on what we can share, and staff know
    to ask her when they're not sure"): the doubt is then a hedge, or someone else's."""
    opening = _clauses(parsed.text)[:1]
    if not opening or _special(opening[0]) is not None:
        return False  # "I'm not sure which partners hold it, I'd need to check": their own
    said = sum(len(c.words) for c in parsed.clauses)
    return said >= DESCRIBED_WORDS and max(answer.evidence.scores.values()) >= DESCRIBED_BESIDES


def _unopposed(answer: _Answer, stage: Stage, phrases: list[str]) -> bool:
    """Whether a reading from the bank's `phrases` may be taken without asking: no plan
    standing in for practice, no clause pointing at another stage, and nothing besides the
    phrases' own words speaking for another stage."""
    if answer.context or answer.pointing - {stage}:
        return False
    # "every partner" where the phrase's stage says "most partners", unless the phrase says
    # how widely itself ("nearly every service")
    said_extent = any(extent_of(normalise(p)) for p in phrases)
    if answer.by_extent and stage not in answer.by_extent and not said_extent:
        return False
    own = {t for p in phrases for t in _phrase_target(p)[0]}
    enough = max(OPPOSED_AT, OPPOSED_SHARE * answer.evidence.scores[stage])
    for other, items in answer.support.items():
        if other is stage:
            continue
        if sum(v for v, _, said in items if not set(said) <= own) >= enough:
            return False
    return True


_WORD_SPAN = LazyPattern(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")
MAX_QUOTES = 3
QUOTE_SHARE = 0.4  # a quote at least this share of the weightiest one's weight
MAX_QUOTE_WORDS = 8


def _because(parsed: ParsedAnswer, answer: _Answer, stage: Stage) -> tuple[str, ...]:
    """The person's own words, as typed, that `stage` was read from: up to three short spans,
    the weightiest first."""
    per_clause: dict[int, tuple[float, set[str]]] = {}
    for weight, number, said in answer.support.get(stage, ()):
        value, stems = per_clause.get(number, (0.0, set()))
        per_clause[number] = (value + weight, stems | set(said))
    spans: list[tuple[float, str]] = []
    for number, (value, stems) in per_clause.items():
        clause = parsed.clauses[number]
        found = [m for m in _WORD_SPAN.finditer(clause.text) if _stem_of(m.group(0)) in stems]
        if not found:
            continue
        # runs of matched words no more than two words apart, each a quote
        runs: list[list[re.Match[str]]] = [[found[0]]]
        everything = list(_WORD_SPAN.finditer(clause.text))
        position = {m.start(): i for i, m in enumerate(everything)}
        for match in found[1:]:
            if position[match.start()] - position[runs[-1][-1].start()] <= 3:
                runs[-1].append(match)
            else:
                runs.append([match])
        for run in runs:
            first, last = position[run[0].start()], position[run[-1].start()]
            # a negation before the words is part of what was said ("nobody checks whether")
            for back in range(first - 1, max(first - 4, -1), -1):
                if normalise(everything[back].group(0)) in NEGATORS:
                    first = back
                    break
            if last - first >= MAX_QUOTE_WORDS:
                last = first + MAX_QUOTE_WORDS - 1
            if first == last and normalise(everything[first].group(0)) in _NOT_A_REASON:
                continue  # "now", "need", "off" alone say nothing worth quoting
            quote = clause.text[everything[first].start() : everything[last].end()]
            spans.append((value * len(run), quote))
    spans.sort(key=lambda p: -p[0])
    # a passing word beside a telling phrase is no reason worth quoting
    telling = [q for w, q in spans if w >= QUOTE_SHARE * spans[0][0]] if spans else []
    unique = {q.lower(): q for q in reversed(telling)}  # the weightiest spelling of each
    return tuple(dict.fromkeys(unique[q.lower()] for q in telling))[:MAX_QUOTES]


# Words too common to be a reason on their own, whatever they matched.
_NOT_A_REASON = STOPWORDS | frozenset(
    "now yet see get gets got put puts off need needs take takes make makes done do does "
    "go goes going come comes know knows use uses used thing things way lot bit hub hubs "
    "health council we've they've i've".split()
)


def _stem_of(word: str) -> str:
    return stem(normalise(word).replace("'s", "").strip("'"))


_RATING_WORDS = re.compile(r"\b(?:level|stage|out of|rating)\b", re.IGNORECASE)


def _maybe_a_count(reading: Reading, question: Question) -> Reading:
    """A rating said as a number, to a question that asks "how many": the number may be the
    count ("1" referral route, "about 5" teams), so it is asked about, never taken."""
    if reading.decision is not Decision.ACCEPT or reading.stage is None:
        return reading
    said = " ".join(reading.matched)
    if not _index(question).how_many or not any(c.isdigit() for c in said):
        return reading
    if _RATING_WORDS.search(said):  # "level 1", "3 out of 5": a rating, whatever is asked
        return reading
    return replace(reading, decision=Decision.CONFIRM, confidence=LIKE)


def _touches(text: str, question: Question) -> bool:
    """Whether an answer names anyone in the partnership ("we", "health", "the council") or a
    word of the question itself: one that does neither, and meets no stage, is a remark aside
    ("the car park is full again")."""
    subject = _index(question).subject
    return any(w in PARTIES or stem(w) in subject for w in tokens(text))


def _claimed(text: str) -> Reading | None:
    """A stage said outright in one part of the answer, the rest a note ("3 - we have an ISA",
    "we meet monthly, so 3"); two said at once ("3, maybe 4") or corrected ("4 - no, 3")."""
    clauses = _clauses(text)
    claims = [(i, found) for i, c in enumerate(clauses) if (found := _claim(c)) is not None]
    if not claims:
        return None
    said_at = {i for i, _ in claims}
    if len(claims) > 1 and claims[-1][1].corrected:  # "4 - no 3": the correction wins
        claims = claims[-1:]
    positions = {i for i, _ in claims}
    stages = tuple(dict.fromkeys(s for _, claim in claims for s in claim.stages))
    others = [c for i, c in enumerate(clauses) if i not in said_at]
    mentioned_elsewhere, _ = _mentioned_stages(" ; ".join(others))
    for other in others:
        for stage in _stages_in(other):
            mentioned_elsewhere.setdefault(stage, EXACT)
    for stage in stages:
        mentioned_elsewhere.pop(stage, None)
    said = tuple(clauses[i] for i in sorted(positions))
    noted = [c for c in others if not _empty(c)]
    _, _, rest = _split_once(text)
    note = rest.strip() if said_at == {0} and rest and noted else "; ".join(noted)
    if mentioned_elsewhere and len(stages) == 1:
        offered = (
            (stages[0], 0.5),
            *((s, 0.5) for s in sorted(mentioned_elsewhere, key=_number)),
        )
        return Reading(Decision.CONFIRM, stages[0], 0.5, offered[:2], matched=said, note=note)
    confidence = min(claim.confidence for _, claim in claims)
    if len(stages) > 1:
        offered = tuple((s, 0.5) for s in sorted(stages, key=_number)[:2])
        return Reading(Decision.CONFIRM, offered[0][0], 0.5, offered, matched=said, note=note)
    (stage,) = stages
    hedged = any(claim.hedged for _, claim in claims)
    if hedged or text.endswith("?") or _doubtful(others):
        return Reading(Decision.CONFIRM, stage, 0.6, ((stage, 0.6),), matched=said, note=note)
    offered = ((stage, confidence),)
    return Reading(Decision.ACCEPT, stage, confidence, offered, matched=said, note=note)


_EMPTY_WORDS = FILLERS | HEDGES | STRONG_HEDGES | CORRECTIONS


def _empty(clause: str) -> bool:
    """Whether a clause says nothing worth keeping as a note ("sorry", "ish")."""
    return all(w in _EMPTY_WORDS for w in tokens(clause))


def _note(text: str) -> str:
    """What follows a yes or a no, kept as a note without its joining word."""
    return re.sub(r"^(?:but|though|although|and|so)\s+", "", text.strip(), flags=re.IGNORECASE)


_SPECIAL_WORDS = tuple(tuple(p.split()) for p in _SPECIAL_SAID)


def _special_only(text: str) -> bool:
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
                if all(w in _EMPTY_WORDS for w in rest):
                    return True
    return False


def _passing_on(text: str) -> bool:
    """Whether `text` passes the question to someone else ("I'd need to ask the performance
    team"): the people named say nothing about the stage."""
    return DONT_KNOW_PATTERNS.search(normalise(text).strip().rstrip(".!")) is not None


def _frequency(text: str) -> Reading | None:
    """An answer to "how often" that is a frequency and nothing more ("never", "quite often")."""
    said = " ".join(w for w in tokens(text) if w not in FREQUENCY_FILLERS)
    for phrase, stages in FREQUENCIES:
        if said != phrase:
            continue
        if len(stages) == 1:
            return Reading(
                Decision.ACCEPT, stages[0], KEYWORD, ((stages[0], KEYWORD),), matched=(phrase,)
            )
        offered = tuple((s, 0.5) for s in stages)
        return Reading(Decision.CONFIRM, stages[0], 0.5, offered, matched=(phrase,))
    return None


def _frequency_within(text: str, question: Question) -> Reading | None:
    """An answer to "how often" that gives a frequency among words that say nothing of the
    stage ("it happens for some families", "sometimes, for the complex families"): the
    frequency's stages, offered to confirm."""
    said = [w for w in tokens(text) if w not in FREQUENCY_FILLERS]
    joined = f" {' '.join(said)} "
    for phrase, stages in sorted(FREQUENCIES, key=lambda f: -len(f[0])):
        if f" {phrase} " not in joined:
            continue
        rest = joined.replace(f" {phrase} ", " ", 1)
        if PUT_OFF in prepared_tokens(text) or any(t in NEGATORS for t in rest.split()):
            return None
        # the question's own words ("work together") and the domain's say nothing more; one
        # word besides may qualify ("the complex families"), more is something else said
        index = _index(question)
        other = [w.text for w in words(rest) if stem(w.text) not in index.subject | _DOMAIN_STEMS]
        if len(other) > 1:
            return None
        scores, _, _ = _descriptor_evidence(" ".join(other), question)
        if max(scores.values()) >= EVIDENCE_FLOOR:
            return None
        offered = tuple((s, 0.5) for s in stages)
        return Reading(Decision.CONFIRM, stages[0], 0.5, offered, matched=(phrase,))
    return None


def _described(text: str, question: Question) -> Reading | None:
    """A don't-know phrase that is part of a descriptor ("we don't know what health spends" is
    isolation on pooled budgets): clear descriptor evidence is offered to confirm. A bare
    don't-know and a question passed to someone else describe nothing, whatever words they
    use ("not sure, I'd need to ask the performance team")."""
    text = " ; ".join(c for c in _clauses(text) if not _special_only(c) and not _passing_on(c))
    if len(words(text)) < 3:
        return None
    scores, matched, denied = _descriptor_evidence(text, question)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 2 * EVIDENCE_FLOOR or ranked[0] < 2 * max(ranked[1], 0.0):
        return None
    reading = _offer(scores, matched, denied)
    if reading.decision is not Decision.CONFIRM:
        return None
    return replace(reading, candidates=reading.candidates[:1])


def _absence(text: str, question: Question) -> Reading | None:
    """An answer that denies the very thing the question asks about ("we haven't got a board",
    "we don't share anything"): that is isolation, offered to confirm."""
    said = [w for w in words(text) if w.text not in FILLERS]
    index = _index(question)
    if not said or not all(w.negated for w in said):
        return None
    named = [w.text for w in said if stem(w.text) in index.subject]
    if not named:
        return None
    offered = ((Stage.ISOLATION, 0.6),)
    return Reading(
        Decision.CONFIRM, Stage.ISOLATION, 0.6, offered, matched=tuple(f"no {w}" for w in named)
    )


def _numeric(text: str) -> Reading | None:
    """Answers that are numbers: a range ("3 or 4", "3-4"), a stage, or a number that is not."""
    lowered = normalise(text)
    if match := _OUT_OF.fullmatch(lowered.strip()):
        number = int(match.group(1))
        if not 1 <= number <= 5:
            return Reading(Decision.NOT_A_STAGE, matched=(text,))
        stage = Stage.from_number(number)
        return Reading(Decision.ACCEPT, stage, EXACT, ((stage, EXACT),), matched=(text,))
    if match := _RANGE.match(lowered):
        low, high = sorted((int(match.group(1)), int(match.group(2))))
        if low == high:
            return None
        offered = tuple((Stage.from_number(n), EXACT) for n in (low, high))
        return Reading(Decision.CONFIRM, offered[0][0], 0.5, offered, matched=(text,))
    match = _NUMBER.match(lowered)
    if match is None:
        return None
    value = match.group(1).replace(",", ".")
    if "." in value:
        decimal = float(value)
        if 1 < decimal < 5 and not decimal.is_integer():
            offered = tuple((Stage.from_number(n), EXACT) for n in (int(decimal), int(decimal) + 1))
            return Reading(Decision.CONFIRM, offered[0][0], 0.5, offered, matched=(text,))
        if not decimal.is_integer():
            return Reading(Decision.NOT_A_STAGE, matched=(text,))
        value = str(int(decimal))
    number = int(value)
    if 1 <= number <= 5:
        stage = Stage.from_number(number)
        return Reading(Decision.ACCEPT, stage, EXACT, ((stage, EXACT),), matched=(text,))
    return Reading(Decision.NOT_A_STAGE, matched=(text,))


def _clauses(text: str) -> list[str]:
    """The parts of an answer between separators (dashes, colons, commas, full stops, "but")."""
    return [part.strip() for part in _CLAUSE.split(text) if part and part.strip()]


def _split_once(text: str) -> tuple[str, str, str]:
    """Text before the first separator, the separator, and the rest."""
    match = _SEPARATOR.search(text)
    if match is None:
        return text, "", ""
    return text[: match.start()], match.group(0), text[match.end() :]


@dataclass(frozen=True)
class ClauseReading:
    """One clause of an answer as the reading saw it, for a bank author to see why."""

    text: str
    time: Time
    negated: bool
    extent: Extent | None
    hedged: bool
    counted: str  # whether it counts toward the stage, or only tells the stage below
    scores: tuple[tuple[Stage, float], ...]  # the clause's evidence per stage, as read

    def as_json(self) -> dict:
        return {
            "clause": self.text,
            "time": self.time.value,
            "negated": self.negated,
            "extent": self.extent.value if self.extent else None,
            "hedged": self.hedged,
            "counted": self.counted,
            "evidence": {s.value: round(v, 2) for s, v in self.scores},
        }


def explain(text: str, question: Question) -> tuple[ClauseReading, ...]:
    """The clauses of an answer with their time, negation, extent and evidence per stage (the
    question's descriptors, its bank phrases and the phrases that mean a stage anywhere)."""
    found: list[ClauseReading] = []
    for clause in parse(text[:MAX_CHARS]).clauses:
        evidence = _clause_evidence(clause, question)
        timed = False
        for stage in STAGES:
            for phrase in question.keywords.for_stage(stage):
                for hit in _hits_in(clause, phrase):
                    timed = timed or _phrase_shape(phrase)[1]
                    sign = -1.0 if hit is Hit.DENIED else 1.0
                    evidence.add(stage, sign * KEYWORD_WEIGHT)
        if clause.practised or timed:
            counted = "counted toward the stage"
        else:
            counted = "not counted: tells the stage below only where no practice is described"
        found.append(
            ClauseReading(
                clause.text,
                clause.time,
                clause.negated,
                clause.extent,
                clause.hedged,
                counted,
                tuple((s, v) for s, v in evidence.scores.items() if abs(v) >= 0.005),
            )
        )
    return tuple(found)


def overall_evidence(text: str, question: Question) -> tuple[tuple[Stage, float], ...]:
    """The answer's evidence per stage once its clauses are weighed together (what counts,
    plans, extent, isolation held below a practice described)."""
    answer = _read_answer(parse(text[:MAX_CHARS]), question)
    return tuple((s, v) for s, v in answer.evidence.scores.items() if abs(v) >= 0.005)
