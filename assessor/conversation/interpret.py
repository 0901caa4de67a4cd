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
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz, process

from assessor.answers import Special
from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.commands import Command, Parsed, parse_command
from assessor.conversation.text import (
    CLAUSE_BREAKS,
    DENIED,
    NEGATORS,
    normalise,
    prepared_tokens,
    stem,
    tokens,
    words,
)
from assessor.conversation.vocabulary import (
    DONT_KNOW_PHRASES,
    FILLERS,
    GENERIC_CUES,
    HEDGES,
    NOT_APPLICABLE_PHRASES,
    NUMBER_WORDS,
    OPTION_LETTERS,
    STAGE_FORMS,
)

ACCEPT_AT = 0.8  # a reading at least this sure is taken without asking
EXACT, MISSPELT, KEYWORD, MENTIONED = 1.0, 0.9, 0.85, 0.6
EVIDENCE_FLOOR = 1.0  # less descriptor evidence than this says nothing about the stage
SECOND_WITHIN = 0.75  # a runner-up this close to the top is offered too
_SEPARATOR = re.compile(r"\s*(?:\s-{1,2}\s|--|[\u2014\u2013:;,(]|\.\s)\s*")
_RANGE = re.compile(
    r"^(?:between\s+)?(?:stages?\s+|levels?\s+)?([1-5])"
    r"\s*(?:-|\u2013|\u2014|to|or|/|,|and|&)\s*([1-5])\s*\??$"
)
_OUT_OF_FIVE = re.compile(r"^([1-5])\s*/\s*5$")
_NUMBER = re.compile(r"^\(?\s*(-?\d+(?:[.,]\d+)?)\s*\)?[.!]?$")
MAX_CHARS = 1000  # an answer longer than this is read from its start; the rest is a note
_STAGE_NUMBER = re.compile(r"^(?:stage|level|option|number)?\s*([1-5])(?:\s*/\s*5)?[.)]?$")


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
        }


# -- stage words ---------------------------------------------------------------------------


def _stage_of_word(word: str) -> tuple[Stage, float] | None:
    """A word that names a stage, exactly or misspelt ("colaboration")."""
    if word in STAGE_FORMS:
        return STAGE_FORMS[word], EXACT
    if len(word) < 6:
        return None
    match = process.extractOne(word, STAGE_FORMS.keys(), scorer=fuzz.ratio, score_cutoff=84)
    return (STAGE_FORMS[match[0]], MISSPELT) if match else None


def _clear_stage(text: str) -> tuple[Stage, float, bool] | None:
    """A stage said on its own, with fillers only ("I'd say 3", "colaboration").

    Returns the stage, the confidence and whether the words hedge ("maybe 3").
    """
    lowered = normalise(text).strip().rstrip(".!")
    if match := _STAGE_NUMBER.match(lowered):
        return Stage.from_number(int(match.group(1))), EXACT, False
    if lowered in OPTION_LETTERS:
        return Stage.from_number(OPTION_LETTERS[lowered]), EXACT, False
    found: list[tuple[Stage, float]] = []
    hedged = False
    for word in tokens(lowered):
        if word in FILLERS:
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
    if len({stage for stage, _ in found}) != 1:
        return None
    return found[0][0], min(c for _, c in found), hedged


def _mentioned_stages(text: str) -> tuple[dict[Stage, float], set[Stage]]:
    """Stages named anywhere in a longer text: those asserted and those negated."""
    asserted: dict[Stage, float] = {}
    negated: set[Stage] = set()
    lowered = normalise(text)
    for found in re.finditer(
        r"\b(?:stage|level|option)\s*([1-5])\b|\b([1-5])\s*(?:or|/|-|to|and)\s*([1-5])\b", lowered
    ):
        for group in found.groups():
            if group:
                asserted[Stage.from_number(int(group))] = EXACT
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


# -- phrases --------------------------------------------------------------------------------


def _phrase_hits(text: str, phrase: str) -> list[bool]:
    """Each place `phrase` occurs in `text` as whole words (plurals and -ing forms alike):
    True where it is negated (a negation just before it, or a trailing one in its clause)."""
    target = tuple(t for t in _stemmed_phrase(phrase) if t not in CLAUSE_BREAKS)
    if not target:
        return []
    said = _stemmed_utterance(text)
    size = len(target)
    negative_phrase = any(t in _NEGATOR_STEMS for t in target)
    hits: list[bool] = []
    for at in range(len(said) - size + 1):
        if said[at : at + size] != target:
            continue
        negated = any(t in _NEGATOR_STEMS for t in said[max(at - 3, 0) : at])
        for token in said[at + size :]:
            if token in CLAUSE_BREAKS:
                break
            negated = negated or token == DENIED
        hits.append(not negative_phrase and negated)
    return hits


def _stemmed(text: str) -> tuple[str, ...]:
    return tuple(t if t in CLAUSE_BREAKS or t == DENIED else stem(t) for t in prepared_tokens(text))


# Phrases (bank keywords, cues) recur on every call; an utterance recurs only within one call,
# where it is matched against every phrase: a small cache serves that and no more.
_stemmed_phrase = lru_cache(maxsize=8192)(_stemmed)
_stemmed_utterance = lru_cache(maxsize=4)(_stemmed)


_NEGATOR_STEMS = frozenset(stem(n) for n in NEGATORS) | NEGATORS


def _special(text: str) -> Special | None:
    lowered = " ".join(tokens(text))
    raw = normalise(text).strip()
    for phrase in NOT_APPLICABLE_PHRASES:
        if raw == phrase or (" " in phrase and _phrase_hits(text, phrase)):
            return Special.NOT_APPLICABLE
    for phrase in DONT_KNOW_PHRASES:
        if phrase == "?":
            if raw == "?":
                return Special.DONT_KNOW
            continue
        if lowered == " ".join(tokens(phrase)) or _phrase_hits(text, phrase):
            return Special.DONT_KNOW
    return None


# -- descriptors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _QuestionIndex:
    """Per stage: the descriptor's and keywords' word stems (True when said positively)."""

    stems: dict[Stage, dict[str, bool]]
    weight: dict[str, float]
    descriptors: dict[Stage, str] = field(default_factory=dict)


_INDEXES: dict[int, tuple[Question, _QuestionIndex]] = {}


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
    weight = {key: math.log((len(STAGES) + 1) / (count + 0.5)) for key, count in frequency.items()}
    descriptors = {s: " ".join(tokens(question.levels.for_stage(s))) for s in STAGES}
    return _QuestionIndex(stems, weight, descriptors)


def _descriptor_evidence(
    text: str, question: Question
) -> tuple[dict[Stage, float], list[str], set[Stage]]:
    index = _index(question)
    scores = {stage: 0.0 for stage in STAGES}
    matched: list[str] = []
    for word in words(text):
        key = stem(word.text)
        weight = index.weight.get(key)
        if weight is None:
            continue
        for stage in STAGES:
            positive = index.stems[stage].get(key)
            if positive is None:
                continue
            agrees = positive != word.negated
            scores[stage] += weight if agrees else -weight
        matched.append(("not " if word.negated else "") + word.text)
    denied: set[Stage] = set()
    for stage, phrases in GENERIC_CUES.items():
        for phrase in phrases:
            for negated in _phrase_hits(text, phrase):
                scores[stage] += -1.0 if negated else 1.0
                matched.append(("not " if negated else "") + phrase)
                if negated:
                    denied.add(stage)
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
    offered = [(top, top_value)]
    if len(ranked) > 1 and ranked[1][0] >= SECOND_WITHIN * top_value:
        offered.append((ranked[1][1], ranked[1][0]))
    total = sum(v for v, _ in ranked)
    confidence = why or min(top_value / (total + 1.0), ACCEPT_AT - 0.05)
    return Reading(
        Decision.CONFIRM,
        top,
        confidence,
        tuple(offered),
        matched=tuple(matched),
        ruled_out=ruled_out,
    )


def interpret(text: str, question: Question, confirming: bool = False) -> Reading:
    """How the bot reads `text` as an answer to `question`."""
    text = text[:MAX_CHARS]
    stripped = text.strip()
    if not stripped:
        return Reading(Decision.NOT_A_STAGE)
    if (command := parse_command(text, confirming)) is not None:
        return Reading(Decision.COMMAND, command=command)
    if (numeric := _numeric(stripped)) is not None:
        return numeric

    head, _, rest = _split_once(stripped)
    # "no, it's 2", "yes, we have the minutes": the yes or no, then the answer or a note.
    said_first = parse_command(head, confirming=True)
    if rest and said_first is not None and said_first.command in (Command.YES, Command.NO):
        inner = interpret(rest, question)
        if inner.stage is not None or inner.special is not None:
            return inner
        if confirming:
            return Reading(Decision.COMMAND, command=said_first, note=rest)
        return inner

    # A stage on its own in one part of the answer, the rest a note: "3 - we have an ISA",
    # "we meet monthly, so 3".
    clauses = _clauses(stripped)
    clear = [(i, found) for i, c in enumerate(clauses) if (found := _clear_stage(c)) is not None]
    if len({found[0] for _, found in clear}) == 1:
        position, (stage, confidence, hedged) = clear[0]
        others = [c for i, c in enumerate(clauses) if i != position]
        mentioned_elsewhere, _ = _mentioned_stages(" ; ".join(others))
        mentioned_elsewhere.pop(stage, None)
        if mentioned_elsewhere:
            offered = (
                (stage, confidence),
                *sorted(mentioned_elsewhere.items(), key=lambda p: p[0].value_number),
            )
            return Reading(Decision.CONFIRM, stage, 0.5, offered[:2], matched=(clauses[position],))
        note = rest.strip() if position == 0 else "; ".join(others)
        decision = Decision.CONFIRM if hedged or stripped.endswith("?") else Decision.ACCEPT
        return Reading(
            decision,
            stage,
            confidence if decision is Decision.ACCEPT else 0.6,
            ((stage, confidence),),
            matched=(clauses[position],),
            note=note,
        )

    # A phrase the bank lists for one stage of this question.
    keyword_hits: dict[Stage, list[str]] = {}
    negated_hits: set[Stage] = set()
    for stage in STAGES:
        for phrase in question.keywords.for_stage(stage):
            for negated in _phrase_hits(text, phrase):
                if negated:
                    negated_hits.add(stage)
                else:
                    keyword_hits.setdefault(stage, []).append(phrase)
    mentioned, negated_names = _mentioned_stages(text)
    special = _special(text)
    if special is not None and not keyword_hits and not mentioned:
        return Reading(Decision.ACCEPT, None, EXACT, special=special)

    if len(keyword_hits) == 1 and not (set(mentioned) - set(keyword_hits)):
        ((stage, phrases),) = keyword_hits.items()
        hedged = any(t in HEDGES for t in tokens(text)) or special is not None
        if not hedged:
            return Reading(
                Decision.ACCEPT, stage, KEYWORD, ((stage, KEYWORD),), matched=tuple(phrases)
            )

    # Near-verbatim descriptor: the person read the level out.
    said = " ".join(tokens(text))
    index = _index(question)
    for stage, descriptor in index.descriptors.items():
        if len(said) > 20 and fuzz.ratio(said, descriptor) >= 90:
            return Reading(
                Decision.ACCEPT, stage, MISSPELT, ((stage, MISSPELT),), matched=(descriptor,)
            )

    scores, matched, denied = _descriptor_evidence(text, question)
    for stage, phrases in keyword_hits.items():
        scores[stage] += 3.0 * len(phrases)
        matched.extend(phrases)
    denied |= negated_hits | negated_names
    for stage in negated_hits | negated_names:
        scores[stage] -= 3.0
    for stage in mentioned:
        scores[stage] += 3.0
        matched.append(stage.value)
    if mentioned and len(mentioned) == 1:
        ((stage, _),) = mentioned.items()
        reading = _offer(scores, matched, denied, why=MENTIONED)
        if reading.stage is stage:
            return reading
    return _offer(scores, matched, denied)


def _numeric(text: str) -> Reading | None:
    """Answers that are numbers: a range ("3 or 4", "3-4"), a stage, or a number that is not."""
    lowered = normalise(text)
    if match := _OUT_OF_FIVE.match(lowered):  # "4/5": four out of five
        stage = Stage.from_number(int(match.group(1)))
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
        number = float(value)
        if 1 < number < 5 and not number.is_integer():
            offered = tuple((Stage.from_number(n), EXACT) for n in (int(number), int(number) + 1))
            return Reading(Decision.CONFIRM, offered[0][0], 0.5, offered, matched=(text,))
        if not number.is_integer():
            return Reading(Decision.NOT_A_STAGE, matched=(text,))
        value = str(int(number))
    number = int(value)
    if 1 <= number <= 5:
        stage = Stage.from_number(number)
        return Reading(Decision.ACCEPT, stage, EXACT, ((stage, EXACT),), matched=(text,))
    return Reading(Decision.NOT_A_STAGE, matched=(text,))


def _clauses(text: str) -> list[str]:
    """The parts of an answer between separators (dashes, colons, commas, full stops)."""
    return [part.strip() for part in _SEPARATOR.split(text) if part and part.strip()]


def _split_once(text: str) -> tuple[str, str, str]:
    """Text before the first separator, the separator, and the rest."""
    match = _SEPARATOR.search(text)
    if match is None:
        return text, "", ""
    return text[: match.start()], match.group(0), text[match.end() :]
