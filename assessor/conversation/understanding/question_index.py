"""A question's descriptors and the bank's phrases for its stages, prepared once per question:
the word stems each stage says (and whether positively), how much each word tells the stages
apart, what the question itself is about, and how widely each descriptor says things happen."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.parsed import Extent, extent_rank, parse
from assessor.conversation.understanding.phrases import phrase_shape, phrase_target
from assessor.words.text import compound_stems, stem, tokens, words
from assessor.words.vocabulary import DOMAIN_WORDS, HOW_MANY, HOW_MUCH, HOW_OFTEN


@dataclass(frozen=True)
class BankPhrase:
    """One of the bank's phrases for a stage of a question, prepared once with its index."""

    stage: Stage
    text: str
    first: str  # the stem it starts with, to pass over clauses that lack it quickly
    spans: bool  # it holds a clause break ("friendly but separate"): matched whole
    own_time: bool  # it names its own time ("agreed on paper"): its stage whatever the time


@dataclass(frozen=True)
class QuestionIndex:
    """Per stage: the descriptor's and keywords' word stems (True when said positively)."""

    stems: dict[Stage, dict[str, bool]]
    weight: dict[str, float]
    descriptors: dict[Stage, str] = field(default_factory=dict)
    subject: frozenset[str] = frozenset()  # the stems of the question's own words
    how_often: bool = False  # the question asks how often something happens
    # how widely each stage's descriptor says a thing happens ("in a few agencies", "every")
    extents: dict[Stage, Extent | None] = field(default_factory=dict)
    phrases: tuple[BankPhrase, ...] = ()  # the bank's phrases for the question's stages
    how_many: bool = False  # the question asks for a count: a number alone may be one
    # the stages whose descriptors climb by extent ("a few", "most", "every"), lowest first:
    # empty where fewer than two do
    ladder: tuple[Stage, ...] = ()
    # the stems every descriptor of the ladder says: what its rungs share besides the extent
    ladder_words: frozenset[str] = frozenset()
    # the stems the question's stages speak with: descriptors, keywords and examples
    vocabulary: frozenset[str] = frozenset()
    how_much: bool = False  # the question asks how much or how widely


_INDEXES: dict[int, tuple[Question, QuestionIndex]] = {}
# the stems of words any answer in the domain may use ("family", "service"): they tell no
# stage apart
DOMAIN_STEMS = frozenset(stem(w) for w in DOMAIN_WORDS)


def question_index(question: Question) -> QuestionIndex:
    """The question's index, built once (the question is kept so its id() stays unique)."""
    cached = _INDEXES.get(id(question))
    if cached is None:
        cached = _INDEXES[id(question)] = (question, _build_index(question))
    return cached[1]


def _stage_stems(question: Question) -> dict[Stage, dict[str, bool]]:
    stems: dict[Stage, dict[str, bool]] = {}
    for stage in STAGES:
        found: dict[str, bool] = {}
        texts = [question.levels.for_stage(stage), *question.keywords.for_stage(stage)]
        for text in texts:
            for word in words(text):
                key = stem(word.text)
                found[key] = found.get(key, False) or not word.negated
        stems[stage] = found
    return stems


def _build_index(question: Question) -> QuestionIndex:
    stems = _stage_stems(question)
    frequency: dict[str, int] = {}
    for found in stems.values():
        for key in found:
            frequency[key] = frequency.get(key, 0) + 1
    # a word in (nearly) every descriptor, or one any answer may use, tells no stage apart
    weight = {
        key: math.log((len(STAGES) + 1) / (count + 0.5))
        for key, count in frequency.items()
        if count < len(STAGES) - 1 and key not in DOMAIN_STEMS
    }
    descriptors = {s: " ".join(tokens(question.levels.for_stage(s))) for s in STAGES}
    subject = frozenset(stem(w.text) for w in words(question.text))
    how_often = HOW_OFTEN.search(question.text) is not None
    how_many = HOW_MANY.search(question.text) is not None
    extents = {s: descriptor_extent(question.levels.for_stage(s)) for s in STAGES}
    ladder = extent_ladder(extents)
    phrases = tuple(
        BankPhrase(stage, phrase, target[0], *phrase_shape(phrase))
        for stage in STAGES
        for phrase in question.keywords.for_stage(stage)
        if (target := phrase_target(phrase)[0])
    )
    return QuestionIndex(
        stems,
        weight,
        descriptors,
        subject,
        how_often,
        extents,
        phrases,
        how_many,
        ladder,
        _shared_by(question, ladder),
        _stage_vocabulary(question),
        how_much=HOW_MUCH.search(question.text) is not None,
    )


def _stage_vocabulary(question: Question) -> frozenset[str]:
    """The stems the question's stages speak with (descriptors, keywords, examples) and the
    question's own."""
    found: set[str] = {stem(w.text) for w in words(question.text)}
    for stage in STAGES:
        texts = [
            question.levels.for_stage(stage),
            *question.keywords.for_stage(stage),
            *question.examples.for_stage(stage),
        ]
        for text in texts:
            found.update(stem(w.text) for w in words(text))
    return frozenset(found)


def _shared_by(question: Question, ladder: tuple[Stage, ...]) -> frozenset[str]:
    """The content stems every descriptor of the ladder says, words any answer uses aside."""
    if not ladder:
        return frozenset()
    said = [_descriptor_stems(question.levels.for_stage(s)) - DOMAIN_STEMS for s in ladder]
    return frozenset(set.intersection(*said))


def _descriptor_stems(descriptor: str) -> set[str]:
    """A descriptor's content stems, each compound read both ways: people say "the sharing
    agreement" of an "information-sharing agreement"."""
    return set(compound_stems([w.text for w in words(descriptor)], descriptor))


def descriptor_extent(descriptor: str) -> Extent | None:
    """How widely a descriptor says its thing happens: the extent of its first clause that
    says one ("Most agencies use the common approach; a few still use their own tools" is
    most, not a few)."""
    for clause in parse(descriptor).clauses:
        if clause.extent is not None:
            return clause.extent
    return None


def extent_ladder(extents: dict[Stage, Extent | None]) -> tuple[Stage, ...]:
    """The stages whose descriptors climb by extent: the longest run of stages, each with an
    extent wider than the one below it, at least two long ("some hub services", "most hub
    services", "every hub service"); a stage without an extent may sit inside the run."""
    best: tuple[Stage, ...] = ()
    for start in STAGES:
        if extents[start] is None:
            continue
        run = [start]
        for stage in STAGES[start.value_number :]:
            extent = extents[stage]
            if extent is None:
                continue
            if extent_rank(extent) <= extent_rank(extents[run[-1]]):
                break
            run.append(stage)
        if len(run) > len(best):
            best = tuple(run)
    return best if len(best) >= 2 else ()
