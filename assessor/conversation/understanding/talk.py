"""Talk that is no answer, read from what each clause is about rather than how it opens:
the exchange itself ("sorry, wrong question, ignore that", "can you say it again"), the
speaker ("I'm really tired today", "my phone keeps buzzing") or the room ("the coffee here is
terrible"). Such a clause names no one of the partnership acting and no word of the
question's stages; an answer made only of such clauses, and of clauses that say nothing the
question's stages say, gets no stage and a nudge back to the question."""

from __future__ import annotations

from assessor.banks.models import Question
from assessor.conversation.parsed import Clause, ParsedAnswer
from assessor.conversation.understanding.question_index import DOMAIN_STEMS, question_index
from assessor.words.text import STOPWORDS, stem, tokens
from assessor.words.vocabulary import (
    ACTORS,
    DEPENDS_WORDS,
    FREQUENCIES,
    LIGHT_WORDS,
    OWN_SIDE,
    QUESTION_LEAD_INS,
    QUESTION_OPENERS,
    TALK_FORM_ONLY,
    TALK_WORDS,
    WEAK_WORDS,
)

_TALK_STEMS = frozenset(stem(w) for w in TALK_WORDS - TALK_FORM_ONLY) | TALK_WORDS
_WEAK_STEMS = frozenset(stem(w) for w in WEAK_WORDS) | WEAK_WORDS
# words of the exchange itself: a denial with one of them is about answering, not the partnership
_EXCHANGE = frozenset("question questions answer answers answered answering asking wrong".split())
_DEPENDS_STEMS = frozenset(stem(w) for w in DEPENDS_WORDS)
_LIGHT_STEMS = frozenset(stem(w) for w in LIGHT_WORDS) | LIGHT_WORDS
_NOT_TOPICAL = _TALK_STEMS | _WEAK_STEMS | _LIGHT_STEMS | DOMAIN_STEMS


def weak(key: str) -> bool:
    """Whether a word's stem says only when, or keeps the talk going ("last year", "let me"):
    sharing it with a stage's texts is sharing nothing of the stage."""
    return key in _WEAK_STEMS or key in STOPWORDS


def only_weak(phrase: str) -> bool:
    """Whether every word of a phrase the reading matched only says when ("monthly" met in
    "last month"); a phrase of small words ("each with their own") says something."""
    said = phrase.split()
    return bool(said) and all(stem(w) in _WEAK_STEMS or w in _WEAK_STEMS for w in said)


def _topical(clause: Clause, vocabulary: frozenset[str]) -> bool:
    """Whether the clause says a word the question's stages speak with (`vocabulary`), words
    of talk and words every answer uses aside."""
    for word in clause.words:
        key = stem(word.text)
        if key in vocabulary and key not in _NOT_TOPICAL and word.text not in TALK_WORDS:
            return True
    return False


def _acted(clause: Clause) -> bool:
    """Whether someone of the partnership acts in the clause ("we", "health", "the hubs")."""
    return any(t in ACTORS for t in tokens(clause.text))


def _how_often(clause: Clause) -> bool:
    """Whether the clause says how often, how widely or how many ("never, I'm afraid",
    "always", "3 or 4 phone calls")."""
    if clause.extent is not None or clause.rare:
        return True
    said = f" {' '.join(tokens(clause.text))} "
    if any(ch.isdigit() for ch in said):
        return True
    return any(f" {phrase} " in said for phrase, _ in FREQUENCIES)


def _says_nothing(clause: Clause, vocabulary: frozenset[str]) -> bool:
    """Whether a clause says nothing the question's stages speak of: no word of theirs, no one
    of the partnership acting, nothing about how often, and no denial (unless of answering)."""
    if _topical(clause, vocabulary) or _acted(clause) or _how_often(clause):
        return False
    return not clause.negated or bool(_EXCHANGE & set(tokens(clause.text)))


def only_talk(parsed: ParsedAnswer, question: Question) -> bool:
    """Whether no clause of the answer says anything the question's stages speak of: none
    names someone of the partnership acting, says how often or how widely, denies something
    (unless it denies answering) or holds a word of the question's stages; what is left is
    talk about the exchange, the speaker or the room ("it's been a long week, honestly")."""
    vocabulary = question_index(question).vocabulary
    # "not that I know of, sorry" denies; "I'd rather not answer" talks
    return all(_says_nothing(clause, vocabulary) for clause in parsed.clauses)


def _depends(clause: Clause) -> bool:
    """Whether a clause says only that the thing varies ("it depends on the family", "it
    varies by worker"): what it names is what it varies with, not anyone acting."""
    said = set(tokens(clause.text))
    return bool(said & DEPENDS_WORDS) and not said & (OWN_SIDE | {"they", "they're", "they've"})


def only_depends(parsed: ParsedAnswer, question: Question) -> bool:
    """Whether the answer says only that it depends ("it really depends on the area and the
    worker, honestly"), without saying how it goes anywhere: no stage can be read from it.
    "It depends: in the north we share a record, in the south we don't" says how, and where a
    stage's own texts say it depends ("trust depends on individuals"), so does the answer."""
    if not any(_depends(c) for c in parsed.clauses):
        return False
    index = question_index(question)
    if any(_DEPENDS_STEMS & said.keys() for said in index.stems.values()):
        return False  # "trust depends on individuals": a stage's own words, read as such
    vocabulary = index.vocabulary
    return all(_depends(c) or _says_nothing(c, vocabulary) for c in parsed.clauses)


def asks_aside(parsed: ParsedAnswer, question: Question) -> bool:
    """Whether the answer opens with a question to the bot about the exchange rather than the
    question ("are we nearly done?", "how long is left?") and no later clause has someone of the
    partnership acting or denying: what follows is the speaker's own news ("I've got a clinic
    at two"), not practice, even where it holds a word the question's stages use."""
    clauses = parsed.clauses
    if len(clauses) < 2 or not clauses[0].text.rstrip().endswith("?"):
        return False
    said = [w for w in tokens(clauses[0].text) if w not in QUESTION_LEAD_INS]
    if not said or said[0] not in QUESTION_OPENERS:
        return False
    if _topical(clauses[0], question_index(question).vocabulary):
        return False  # "do you mean the pooled budget? ...": about the question, answered
    return not any(_acted(c) or c.negated or _how_often(c) for c in clauses[1:])
