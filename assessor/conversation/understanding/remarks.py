"""Remarks that are not answers: a question back to the bot, a remark aside, words that touch
neither the partnership nor the question, and answers with no stage that read as evidence."""

from __future__ import annotations

import re

from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.understanding.question_index import question_index
from assessor.words.text import alternatives, canonical, normalise, stem, tokens
from assessor.words.vocabulary import (
    ASIDE_PHRASES,
    EVIDENCE_WORDS,
    PARTIES,
    QUESTION_LEAD_INS,
    QUESTION_OPENERS,
    stage_of_word,
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ASIDE = re.compile(r"(?<![\w'])(?:" + alternatives(ASIDE_PHRASES) + r")(?![\w'])")


# Asking what the question means, however it is put ("depends what you mean by joint", "I'm
# not sure I understand the question"): a question back, not an answer.
_ASKS_MEANING = re.compile(
    r"\bwhat (?:do )?you (?:mean|meant) by\b|\bwhat you(?:'re| are) asking\b"
    r"|\bunderstand the question\b|\bwhat (?:that|this|it) means\b"
)


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


_WH_OPENERS = frozenset("what what's whats which how why who".split())


def compares_stages(text: str) -> bool:
    """Whether the text asks the bot about two stages or more by name ("what's the difference
    between coordination and collaboration?", "how is collab different from integration?"):
    a question back, answered with the levels, never a rating."""
    if not text.rstrip().endswith("?"):
        return False
    said = [w for w in tokens(text) if w not in QUESTION_LEAD_INS]
    if not said or said[0] not in _WH_OPENERS:
        return False
    return len({named[0] for w in said if (named := stage_of_word(w)) is not None}) >= 2


def _aside(text: str) -> bool:
    """Whether the text marks itself as a remark aside ("we've a new CEO, by the way")."""
    return _ASIDE.search(normalise(text)) is not None


def off_topic(text: str, bank_phrases: dict[Stage, list[str]]) -> bool:
    """Whether a text that names no stage is no answer: a question back to the bot, or a
    remark aside that says none of the bank's phrases for this question ("by the way, we
    have joint training" still answers)."""
    return _question_back(text) or (not bank_phrases and (_aside(text) or asks_meaning(text)))


def asks_meaning(text: str) -> bool:
    """Whether the text asks what the question means ("depends what you mean by joint", "not
    sure I understand the question"): a question back, even with a doubt in it."""
    lowered = text.lower()
    if not any(w in lowered for w in ("mean", "asking", "understand")):
        return False  # the common case, told without normalising the text
    return _ASKS_MEANING.search(normalise(text)) is not None


def touches(text: str, question: Question) -> bool:
    """Whether an answer names anyone in the partnership ("we", "health", "the council") or a
    word of the question itself: one that does neither, and meets no stage, is a remark aside
    ("the car park is full again")."""
    subject = question_index(question).subject
    return any(w in PARTIES or stem(w) in subject for w in tokens(text))


def reads_as_evidence(text: str) -> bool:
    """Whether an answer with no stage reads as evidence for a note ("the ToR are on
    SharePoint")."""
    return any(w in EVIDENCE_WORDS for w in tokens(canonical(text)))
