"""Stages named in a longer text, by word ("collaboration", "colaboration") or by a number
said as a rating; and two stages held by different people."""

from __future__ import annotations

import re

from assessor.continuum import Stage
from assessor.conversation.understanding.numbers import rated_numbers
from assessor.conversation.understanding.reading import EXACT, MISSPELT, Decision, Reading
from assessor.words.text import normalise, tokens, words
from assessor.words.vocabulary import PARTIES, stage_of_word


def named_stage(word: str) -> tuple[Stage, float] | None:
    """A word that names a stage, exactly or misspelt ("colaboration")."""
    named = stage_of_word(word)
    if named is None:
        return None
    return named[0], EXACT if named[1] else MISSPELT


def stage_number(stage: Stage) -> int:
    return stage.value_number


def mentioned_stages(text: str) -> tuple[dict[Stage, float], set[Stage]]:
    """Stages named anywhere in a longer text: those asserted and those negated."""
    asserted: dict[Stage, float] = {}
    negated: set[Stage] = set()
    for stage in rated_numbers(text):
        asserted[stage] = EXACT
    acting = _acting(text)
    for word in words(text):
        named = named_stage(word.text)
        if named is None or word.text in acting:
            continue
        stage, confidence = named
        if word.negated:
            negated.add(stage)
        else:
            asserted[stage] = max(asserted.get(stage, 0.0), confidence)
    for stage in negated:
        asserted.pop(stage, None)
    return asserted, negated


# words that open what an "-ing" form acts on or with ("coordinating all of us")
_OBJECT_OPENERS = (
    "the a an all our their his her its them us it each every everyone everything both "
    "with across between services partners teams families"
)
_ACTING = re.compile(r"\b(\w+ing) (?:" + "|".join(_OBJECT_OPENERS.split()) + r")\b")


def _acting(text: str) -> set[str]:
    """A stage's "-ing" form followed by what it acts on ("she's the one coordinating all of
    us", "integrating the two teams") is an action, as "we collaborate" is, not the stage
    named."""
    return {match.group(1) for match in _ACTING.finditer(normalise(text))}


_VIEW_BREAK = re.compile(
    r"\s*(?:[,;]|\.(?!\d)|\bbut\b|\bwhile\b|\bwhereas\b|\band\b|\u2014|\u2013| - )\s*"
)


def stages_in(part: str) -> set[Stage]:
    """Stages a stretch of text names by number or name, numbers that count things aside
    ("2 years", "3 partners")."""
    stages = rated_numbers(part)
    for word in tokens(part):
        if (named := named_stage(word)) is not None:
            stages.add(named[0])
    return stages


def split_views(text: str) -> Reading | None:
    """Two stages held by different people ("the council thinks 4, health would say 2")."""
    views: list[tuple[Stage, frozenset[str]]] = []
    for part in _VIEW_BREAK.split(normalise(text)):
        said = tokens(part)
        stages = stages_in(part)
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
