"""What one clause says for and against each stage: its words against each stage's
descriptor, the phrases that mean a stage on any question, and partners said to work apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from assessor.banks.models import Question
from assessor.continuum import STAGES, Stage
from assessor.conversation.parsed import Clause, LazyPattern, parse, stemmed_tokens
from assessor.conversation.understanding.phrases import Hit, hits_in, phrase_target
from assessor.conversation.understanding.question_index import question_index
from assessor.words.text import normalise, stem
from assessor.words.vocabulary import GENERIC_CUES, ISOLATION_WHEN_DENIED


@dataclass
class Evidence:
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
    # "we", "health", "the council", "each school", "every partner"...
    r"(?:we|they|you|everyone|everybody|each \w+|every \w+|(?:the )?\w+)(?:'s| has| have)? "
    r"(?:just |still |all |only )?(?:do|does|keep|keeps|run|runs|plan|plans|fund|funds|lead|"
    r"leads|count|counts|train|trains|record|records|get on with|gets on with|look after|"
    r"looks after|back to \w+ing)(?: \w+){0,3} (?:ours|theirs|" + _OWN + r")|"
    r"each (?:\w+ ){0,3}(?:with|has|have|does|do|keeps|keep|leads|runs) " + _OWN + r"|"
    r"on " + _OWN + r"|" + _OWN + r" (?:thing|stuff|bit|piece|way|line|lines))\b"
)
_SEPARATE_WEIGHT = 1.5

_APART_SHARE = 0.5  # of a practice's weight, what it keeps in a clause saying each does its own
# words that say each partner apart ("everyone is on different systems"): no extent of a
# shared practice
APART = LazyPattern(r"\b(?:different|separate|separately|own|ours|theirs)\b")
_DENIED_ISOLATION_CAP = 2.0  # what a clause's denials can add to isolation at most
ABSENCE_SHARE = 0.5  # of a denied word's weight, what it adds to isolation


@lru_cache(maxsize=1)
def _generic_cues() -> tuple[tuple[Stage, str, str], ...]:
    """The phrases that mean a stage on any question, with the stem each starts with."""
    return tuple(
        (stage, phrase, phrase_target(phrase)[0][0])
        for stage, phrases in GENERIC_CUES.items()
        for phrase in phrases
        if phrase_target(phrase)[0]
    )


@lru_cache(maxsize=1)
def _cue_stems() -> dict[Stage, frozenset[str]]:
    """Per stage, the first stem of each phrase that means the stage on any question."""
    found: dict[Stage, set[str]] = {stage: set() for stage in STAGES}
    for stage, _, first in _generic_cues():
        found[stage].add(first)
    return {stage: frozenset(s) for stage, s in found.items()}


def _bounded_by_denying(own: dict[str, bool], stage: Stage) -> bool:
    """Whether a stage's texts on this question only deny a word that means the stage on any
    question ("together", "jointly"): its descriptor is bounded by what the stage above does."""
    return any(own.get(stem) is False for stem in _cue_stems()[stage])


def _descriptor_words(clause: Clause, question: Question, found: Evidence, as_denied: bool) -> None:
    """The clause's words against each stage's descriptor and keywords, into `found`. A denied
    word the higher stages say is evidence for isolation, whose descriptors describe absence,
    and never counts against it."""
    index = question_index(question)
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


def clause_evidence(clause: Clause, question: Question, as_denied: bool = False) -> Evidence:
    """How far one clause agrees with each stage's descriptor and with the phrases that mean a
    stage on any question; `as_denied` reads every word as negated (a clause that says what is
    missing)."""
    found = Evidence()
    _descriptor_words(clause, question, found, as_denied)
    stems = question_index(question).stems
    for stage, phrase, first in _generic_cues():
        if first not in clause.starts:
            continue
        for hit in hits_in(clause, phrase):
            negated = hit is Hit.DENIED
            if negated and _bounded_by_denying(stems[stage], stage):
                # "but have not yet reviewed them together": the stage's own texts deny what
                # the cue says, so the answer's "we haven't reviewed anything jointly" may be
                # that very bound, not a denial of the stage
                continue
            value = -1.0 if negated else 1.0 if hit is Hit.SAID else 0.5
            found.add(stage, value, phrase_target(phrase)[0])
            found.matched.append(("not " if negated else "") + phrase)
            if negated:
                found.denied.add(stage)
    for phrase in ISOLATION_WHEN_DENIED:
        for hit in hits_in(clause, phrase):
            if hit is Hit.DENIED:
                found.add(Stage.ISOLATION, 1.0, phrase_target(phrase)[0])
                found.matched.append(f"not {phrase}")
    if match := _SEPARATE.search(normalise(clause.text)):
        # what the clause says is done, each on its own ("the council runs its own courses"):
        # the practice words speak less for the stages that share it
        for stage in STAGES:
            if stage is not Stage.ISOLATION and found.scores[stage] > 0:
                found.scores[stage] *= _APART_SHARE
                found.support[stage] = [
                    (value * _APART_SHARE, said) for value, said in found.support.get(stage, ())
                ]
        found.add(Stage.ISOLATION, _SEPARATE_WEIGHT, stemmed_tokens(match.group(0)))
        found.matched.append(match.group(0))
    return found


def descriptor_evidence(
    text: str, question: Question, as_denied: bool = False
) -> tuple[dict[Stage, float], list[str], set[Stage]]:
    """Per stage, how far the answer's words agree with the stage's descriptor and phrases,
    clause by clause; `as_denied` reads every word as negated."""
    scores = {stage: 0.0 for stage in STAGES}
    matched: list[str] = []
    denied: set[Stage] = set()
    for clause in parse(text).clauses:
        found = clause_evidence(clause, question, as_denied)
        for stage, value in found.scores.items():
            scores[stage] += value
        matched.extend(found.matched)
        denied |= found.denied
    return scores, matched, denied
