"""How near an answer lies to what people say at each stage of a question.

Each stage of a question has a few texts: its descriptor, its keywords and its examples
(answers people give at that stage, in their own words). An answer is compared with each
text by the words they share, a word counting for as much as it tells the stages apart
(a word every stage uses counts for nothing), the sector's equivalents read as one word
("section 75" is a pooled budget), a negated word kept apart from the word said ("not shared"
never meets "shared") and pairs of neighbouring words counted too ("joint visits"). A stage's
likeness is the mean of its NEAREST texts' likeness: several texts of one stage near an answer
say more than one text alone (on the tuning part of the understanding corpus the stage so
chosen was right 82% of the time, against 79% for the nearest text alone).

This is plain weighted word overlap (tf-idf with cosine similarity) written out here: the
texts of one question are a few dozen short strings, and a library for it would cost the
start-up more than these lines.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.parsed import ParsedAnswer, Time
from assessor.words.equivalents import with_concepts
from assessor.words.text import Word, stem, words

# Words any answer to any question may use: they say nothing about a stage.
_PLAIN = frozenset(
    stem(w)
    for w in "we they our their us them family families partner partners service services "
    "people staff work works working really think bit lot quite".split()
)


@lru_cache(maxsize=8192)
def features(text: str) -> Counter[str]:
    """The words of `text` as compared: stems (a negated one marked "~"), concepts, and each
    pair of neighbouring words."""
    return _counted(words(with_concepts(text)))


def _counted(said: Iterable[Word]) -> Counter[str]:
    """`features` of words already read, the sector's equivalents among them."""
    found: list[str] = []
    for word in said:
        key = stem(word.text)
        if key in _PLAIN:
            continue
        found.append(f"~{key}" if word.negated else key)
    pairs = [f"{a}+{b}" for a, b in pairwise(found)]
    return Counter(found + pairs)


@dataclass(frozen=True)
class _Text:
    stage: Stage
    said: str
    vector: dict[str, float]
    norm: float


@dataclass(frozen=True)
class _Index:
    texts: tuple[_Text, ...]
    weight: dict[str, float]
    # for each word, the texts that hold it and its value there: an answer meets only those
    holders: dict[str, tuple[tuple[int, float], ...]]
    examples: tuple[tuple[Stage, str], ...]  # every example, folded, for `said_as_example`


_INDEXES: dict[int, tuple[Question, _Index]] = {}
NEAREST = 8  # a stage's likeness is the mean over this many of its texts nearest the answer


def _index(question: Question) -> _Index:
    """The question's texts, weighed once (the question is kept so its id() stays unique)."""
    cached = _INDEXES.get(id(question))
    if cached is None:
        cached = _INDEXES[id(question)] = (question, _build(question))
    return cached[1]


def prepare(question: Question) -> None:
    """Weigh the question's texts now, so that no answer pays for it."""
    _index(question)


def _stage_texts(question: Question) -> list[tuple[Stage, str]]:
    found: list[tuple[Stage, str]] = []
    for stage in STAGES:
        found.append((stage, question.levels.for_stage(stage)))
        found.extend((stage, e) for e in question.examples.for_stage(stage))
        found.extend((stage, k) for k in question.keywords.for_stage(stage))
    return found


def _build(question: Question) -> _Index:
    stage_texts = _stage_texts(question)
    counted = [(stage, said, features(said)) for stage, said in stage_texts]
    # how many stages use a word: a word of one stage tells most, one of every stage nothing
    stages_of: dict[str, set[Stage]] = {}
    for stage, _, found in counted:
        for key in found:
            stages_of.setdefault(key, set()).add(stage)
    weight = {
        key: math.log(len(STAGES) / len(stages))
        for key, stages in stages_of.items()
        if len(stages) < len(STAGES)
    }
    texts: list[_Text] = []
    holders: dict[str, list[tuple[int, float]]] = {}
    for stage, said, found in counted:
        vector = {k: (1 + math.log(n)) * weight[k] for k, n in found.items() if k in weight}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        if norm:
            for key, value in vector.items():
                holders.setdefault(key, []).append((len(texts), value))
            texts.append(_Text(stage, said, vector, norm))
    examples = tuple(
        (stage, _folded(e)) for stage in STAGES for e in question.examples.for_stage(stage)
    )
    return _Index(tuple(texts), weight, {k: tuple(v) for k, v in holders.items()}, examples)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Likeness:
    """Per stage, how near the answer lies to that stage's texts (0 to 1), and which text was
    nearest."""

    scores: dict[Stage, float]
    nearest: dict[Stage, str]
    shared: dict[Stage, tuple[str, ...]]  # the answer's word stems its nearest texts share

    def ranked(self) -> list[tuple[Stage, float]]:
        return sorted(self.scores.items(), key=lambda p: (-p[1], p[0].value_number))


def likeness(text: str, question: Question, leave_out: str | None = None) -> Likeness:
    """How near `text` lies to each stage of `question`; `leave_out` is a text of the bank not
    to compare with (to read an example as if the bank did not list it)."""
    return _likeness(features(text), question, leave_out)


def likeness_now(parsed: ParsedAnswer, question: Question) -> Likeness:
    """How near what the answer says happens now lies to each stage of `question`, from the
    words its parse holds: a plan, a lapse or what is only on paper says nothing of the stage
    the partnership is at."""
    said = (w for c in parsed.clauses if c.time is Time.NOW for w in c.concept_words)
    return _likeness(_counted(said), question, None)


def _likeness(found: Counter[str], question: Question, leave_out: str | None) -> Likeness:
    index = _index(question)
    answer = {k: (1 + math.log(n)) * index.weight[k] for k, n in found.items() if k in index.weight}
    norm = math.sqrt(sum(v * v for v in answer.values()))
    near: dict[Stage, list[tuple[float, str, tuple[str, ...]]]] = {stage: [] for stage in STAGES}
    if norm:
        products: dict[int, float] = {}
        common: dict[int, list[str]] = {}
        for key, value in answer.items():
            for at, held in index.holders.get(key, ()):
                products[at] = products.get(at, 0.0) + value * held
                common.setdefault(at, []).append(key)
        for at, product in products.items():
            candidate = index.texts[at]
            if candidate.said == leave_out:
                continue
            similarity = product / (norm * candidate.norm)
            near[candidate.stage].append((similarity, candidate.said, tuple(common[at])))
    scores: dict[Stage, float] = {}
    nearest: dict[Stage, str] = {}
    shared: dict[Stage, tuple[str, ...]] = {}
    for stage, close in near.items():
        close.sort(reverse=True)
        scores[stage] = sum(similarity for similarity, _, _ in close[:NEAREST]) / NEAREST
        if close:
            nearest[stage] = close[0][1]
            words_shared = (k.lstrip("~") for _, _, common in close[:NEAREST] for k in common)
            shared[stage] = tuple(dict.fromkeys(k for k in words_shared if "+" not in k))
    return Likeness(scores, nearest, shared)


VERBATIM = 90  # rapidfuzz ratio at which an answer is one of the bank's examples said again


def said_as_example(text: str, question: Question) -> Stage | None:
    """The stage whose example the answer all but repeats ("Nothing formal, no!"); None where
    it repeats none, or examples of two stages alike."""
    from rapidfuzz import fuzz  # loaded on first use: the app starts sooner

    said = _folded(text)
    if len(said) < 8:
        return None
    # a ratio of 90 needs lengths within a fifth of each other: the rest are not compared
    low, high = len(said) * 0.8, len(said) * 1.25
    found = {
        stage
        for stage, example in _index(question).examples
        if low <= len(example) <= high and fuzz.ratio(said, example) >= VERBATIM
    }
    return found.pop() if len(found) == 1 else None
