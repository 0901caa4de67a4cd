"""Answers to a question that asks how often something happens: a frequency alone ("never",
"quite often"), or among words that say nothing more of the stage."""

from __future__ import annotations

from assessor.banks.models import Question
from assessor.conversation.understanding.evidence import descriptor_evidence
from assessor.conversation.understanding.question_index import DOMAIN_STEMS, question_index
from assessor.conversation.understanding.reading import (
    EVIDENCE_FLOOR,
    KEYWORD,
    Decision,
    Reading,
)
from assessor.words.text import NEGATORS, PUT_OFF, prepared_tokens, stem, tokens, words
from assessor.words.vocabulary import FREQUENCIES, FREQUENCY_FILLERS


def frequency_only(text: str) -> Reading | None:
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


def frequency_within(text: str, question: Question) -> Reading | None:
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
        index = question_index(question)
        other = [w.text for w in words(rest) if stem(w.text) not in index.subject | DOMAIN_STEMS]
        if len(other) > 1:
            return None
        scores, _, _ = descriptor_evidence(" ".join(other), question)
        if max(scores.values()) >= EVIDENCE_FLOOR:
            return None
        offered = tuple((s, 0.5) for s in stages)
        return Reading(Decision.CONFIRM, stages[0], 0.5, offered, matched=(phrase,))
    return None
