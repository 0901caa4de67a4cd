"""A stage said outright in one part of an answer, the rest a note ("3 - we have an ISA",
"we meet monthly, so 3"); two said at once ("3, maybe 4"), hedged ("3-ish", "at least 3") or
corrected ("4 - no, 3")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor.answers import Special
from assessor.continuum import Stage
from assessor.conversation.understanding.clauses import clauses_of, split_once
from assessor.conversation.understanding.numbers import out_of_five
from assessor.conversation.understanding.reading import EXACT, Decision, Reading
from assessor.conversation.understanding.specials import EMPTY_WORDS, special_of
from assessor.conversation.understanding.stage_words import (
    mentioned_stages,
    named_stage,
    stage_number,
    stages_in,
)
from assessor.words.text import alternatives, normalise, tokens
from assessor.words.vocabulary import (
    CONNECTORS,
    CORRECTIONS,
    FILLERS,
    HEDGE_PHRASES,
    HEDGES,
    NUMBER_WORDS,
    OPTION_LETTERS,
    PLAIN_PHRASES,
    STRONG_HEDGES,
)


@dataclass(frozen=True)
class _Claim:
    """Stages said outright in one clause ("3", "maybe 4", "2 going on 3", "no, I meant 3")."""

    stages: tuple[Stage, ...]
    confidence: float
    hedged: bool
    corrected: bool


_STAGE_NUMBER = re.compile(r"^(?:stage|level|option|number)?\s*([1-5])[.)]?$")
_ISH = re.compile(r"\b([1-5]|one|two|three|four|five)\s*-?\s*ish\b")
_HALF = re.compile(r"\b([1-4])\s+and\s+a\s+half\b")
_DECIMAL = re.compile(r"(?<![\d.])(\d+\.\d+)(?![\d.])")
_HEDGE_PHRASE = re.compile(r"(?<![\w'])(?:" + alternatives(HEDGE_PHRASES) + r")(?![\w'])")
_PLAIN_PHRASE = re.compile(r"(?<![\w'])(?:" + alternatives(PLAIN_PHRASES) + r")(?![\w'])")
_AT_LEAST = re.compile(r"\bat\s+least\b")
_AT_MOST = re.compile(r"\bat\s+(?:best|most|the\s+most|a\s+push)\b")


def _between_stages(match: re.Match[str]) -> str:
    """A decimal as the stages either side of it ("3.5" -> "3 4"), a whole one as itself;
    anything else out of range."""
    number = float(match.group(1))
    if number.is_integer():
        return str(int(number))
    if 1 < number < 5:
        return f"{int(number)} {int(number) + 1}"
    return "0"


def _without_hedges(lowered: str) -> tuple[str, bool, bool, bool]:
    """The clause with its hedges said as phrases, decimals, "-ish", "and a half", "at least"
    and "at most" made plain: the text left, whether it was hedged, and whether it leans up
    or down."""
    hedged = upward = downward = False
    lowered = _PLAIN_PHRASE.sub(" ", out_of_five(lowered))
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
    return lowered, hedged, upward, downward


def _stages_said(said: list[str]) -> tuple[list[tuple[Stage, float]], bool, bool] | None:
    """The stages the words name, with whether a hedge or a correction was among them; None
    where a word is neither a stage nor a filler."""
    found: list[tuple[Stage, float]] = []
    hedged = corrected = False
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
        elif (named := named_stage(word)) is not None:
            found.append(named)
        else:
            return None
    return found, hedged, corrected


def _claim(text: str) -> _Claim | None:
    """The stages a clause says outright, with fillers only, or None if it says more."""
    lowered = normalise(text).strip().rstrip(".!)").lstrip("(").strip()
    if match := _STAGE_NUMBER.match(lowered):
        return _Claim((Stage.from_number(int(match.group(1))),), EXACT, False, False)
    if lowered in OPTION_LETTERS:
        return _Claim((Stage.from_number(OPTION_LETTERS[lowered]),), EXACT, False, False)
    lowered, hedged, upward, downward = _without_hedges(lowered)
    corrected = False
    said = tokens(lowered)
    if said and said[0] in ("no", "nope") and len(said) > 1:
        if not any(w.isdigit() or w in NUMBER_WORDS for w in said[1:]):
            return None  # "no integration" denies; "no, I meant 3" corrects
        said, corrected = said[1:], True
    words_said = _stages_said(said)
    if words_said is None or not words_said[0]:
        return None
    found, hedged_by_word, corrected_by_word = words_said
    stages = tuple(dict.fromkeys(stage for stage, _ in found))
    if len(stages) == 1 and (upward or downward):
        number = stages[0].value_number + (1 if upward else -1)
        if 1 <= number <= 5:
            stages = tuple(sorted({stages[0], Stage.from_number(number)}, key=stage_number))
    confidence = min(c for _, c in found)
    return _Claim(stages, confidence, hedged or hedged_by_word, corrected or corrected_by_word)


def _empty(clause: str) -> bool:
    """Whether a clause says nothing worth keeping as a note ("sorry", "ish")."""
    return all(w in EMPTY_WORDS for w in tokens(clause))


def _doubtful(clauses: list[str]) -> bool:
    """Whether other parts of an answer doubt the stage it gives ("3, not sure", "3 (ish)",
    "3, on a good day")."""
    return any(
        special_of(c) is Special.DONT_KNOW
        or any(w in STRONG_HEDGES for w in tokens(c))
        or _HEDGE_PHRASE.search(normalise(c))
        for c in clauses
    )


def _as_typed(text: str, clauses: list[str], said_at: set[int]) -> str | None:
    """The answer as typed from its first to its last clause worth keeping, where the stage was
    said only before or after them ("…, but CAMHS, SALT and the midwives… so maybe 3"): the
    note keeps the person's own commas. None where the stage was said between two such clauses,
    or a clause cannot be found in the text as typed."""
    spans: list[tuple[int, int]] = []
    position = 0
    for clause in clauses:
        at = text.find(clause, position)
        if at < 0:
            return None
        spans.append((at, at + len(clause)))
        position = at + len(clause)
    kept = [i for i, c in enumerate(clauses) if i not in said_at and not _empty(c)]
    if not kept or any(kept[0] < i < kept[-1] for i in said_at):
        return None
    return text[spans[kept[0]][0] : spans[kept[-1]][1]].strip()


def claimed(text: str) -> Reading | None:
    """A stage said outright in one part of the answer, the rest a note ("3 - we have an ISA",
    "we meet monthly, so 3"); two said at once ("3, maybe 4") or corrected ("4 - no, 3")."""
    clauses = clauses_of(text)
    claims = [(i, found) for i, c in enumerate(clauses) if (found := _claim(c)) is not None]
    if not claims:
        return None
    said_at = {i for i, _ in claims}
    if len(claims) > 1 and claims[-1][1].corrected:  # "4 - no 3": the correction wins
        claims = claims[-1:]
    positions = {i for i, _ in claims}
    stages = tuple(dict.fromkeys(s for _, claim in claims for s in claim.stages))
    others = [c for i, c in enumerate(clauses) if i not in said_at]
    mentioned_elsewhere, _ = mentioned_stages(" ; ".join(others))
    for other in others:
        for stage in stages_in(other):
            mentioned_elsewhere.setdefault(stage, EXACT)
    for stage in stages:
        mentioned_elsewhere.pop(stage, None)
    said = tuple(clauses[i] for i in sorted(positions))
    noted = [c for c in others if not _empty(c)]
    _, _, rest = split_once(text)
    if said_at == {0} and rest and noted:
        note = rest.strip()
    else:
        note = _as_typed(text, clauses, said_at) or "; ".join(noted)
    if mentioned_elsewhere and len(stages) == 1:
        offered = (
            (stages[0], 0.5),
            *((s, 0.5) for s in sorted(mentioned_elsewhere, key=stage_number)),
        )
        return Reading(Decision.CONFIRM, stages[0], 0.5, offered[:2], matched=said, note=note)
    confidence = min(claim.confidence for _, claim in claims)
    if len(stages) > 1:
        offered = tuple((s, 0.5) for s in sorted(stages, key=stage_number)[:2])
        return Reading(Decision.CONFIRM, offered[0][0], 0.5, offered, matched=said, note=note)
    (stage,) = stages
    hedged = any(claim.hedged for _, claim in claims)
    if hedged or text.endswith("?") or _doubtful(others):
        return Reading(Decision.CONFIRM, stage, 0.6, ((stage, 0.6),), matched=said, note=note)
    offered = ((stage, confidence),)
    return Reading(Decision.ACCEPT, stage, confidence, offered, matched=said, note=note)
