"""What a denial, a don't-know or a contrast says of the stage: an answer that denies the very
thing asked about, a don't-know that is part of a descriptor, and a reservation that holds a
practice back."""

from __future__ import annotations

import re
from dataclasses import replace

from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.understanding.clauses import clauses_of
from assessor.conversation.understanding.evidence import descriptor_evidence
from assessor.conversation.understanding.offers import offer
from assessor.conversation.understanding.question_index import question_index
from assessor.conversation.understanding.reading import EVIDENCE_FLOOR, Decision, Reading
from assessor.conversation.understanding.specials import passing_on, special_only
from assessor.words.text import DENIED, NEGATORS, canonical, prepared_tokens, stem, words
from assessor.words.vocabulary import CONTRASTS, FILLERS, RARITY, RESERVATIONS

_CONTRAST = re.compile(r"\b(?:" + "|".join(sorted(CONTRASTS)) + r")\b", re.IGNORECASE)


def reserved(text: str, question: Question, stage: Stage | None) -> bool:
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
    scores, _, _ = descriptor_evidence(after, question, as_denied=True)
    return scores[stage] <= 0


def described(text: str, question: Question) -> Reading | None:
    """A don't-know phrase that is part of a descriptor ("we don't know what health spends" is
    isolation on pooled budgets): clear descriptor evidence is offered to confirm. A bare
    don't-know and a question passed to someone else describe nothing, whatever words they
    use ("not sure, I'd need to ask the performance team")."""
    text = " ; ".join(c for c in clauses_of(text) if not special_only(c) and not passing_on(c))
    if len(words(text)) < 3:
        return None
    scores, matched, denied = descriptor_evidence(text, question)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 2 * EVIDENCE_FLOOR or ranked[0] < 2 * max(ranked[1], 0.0):
        return None
    reading = offer(scores, matched, denied)
    if reading.decision is not Decision.CONFIRM:
        return None
    return replace(reading, candidates=reading.candidates[:1])


def absence(text: str, question: Question) -> Reading | None:
    """An answer that denies the very thing the question asks about ("we haven't got a board",
    "we don't share anything"): that is isolation, offered to confirm."""
    said = [w for w in words(text) if w.text not in FILLERS]
    index = question_index(question)
    if not said or not all(w.negated for w in said):
        return None
    named = [w.text for w in said if stem(w.text) in index.subject]
    if not named:
        return None
    offered = ((Stage.ISOLATION, 0.6),)
    return Reading(
        Decision.CONFIRM, Stage.ISOLATION, 0.6, offered, matched=tuple(f"no {w}" for w in named)
    )
