"""Readings taken without asking from the bank's own words: the one bank phrase said in
practice now, with nothing that hedges, doubts, holds back or opposes it; a descriptor read
out."""

from __future__ import annotations

from assessor.banks.models import Question
from assessor.conversation.understanding.absences import reserved
from assessor.conversation.understanding.opposed import affirms_denied, unopposed
from assessor.conversation.understanding.question_index import question_index
from assessor.conversation.understanding.reading import KEYWORD, MISSPELT, Decision, Reading
from assessor.conversation.understanding.reasons import reasons_for
from assessor.conversation.understanding.said import Said
from assessor.conversation.understanding.specials import special_of
from assessor.words.text import tokens
from assessor.words.vocabulary import HEDGES


def taken_from_bank_phrase(said: Said) -> Reading | None:
    """The stage of the one bank phrase said in practice now, taken without asking where
    nothing hedges, doubts, holds back or opposes it."""
    keyword_hits = said.answer.keyword_hits
    if len(keyword_hits) != 1 or (set(said.mentioned) - set(keyword_hits)):
        return None
    ((stage, phrases),) = keyword_hits.items()
    # a doubt or a contrast the bank's own phrase carries ("no idea who else is involved",
    # "warm words but no resources") is the phrase, not a doubt about it
    own = any(special_of(p) is not None or reserved(p, said.question, stage) for p in phrases)
    hedged = any(t in HEDGES for t in tokens(said.text)) or (said.special is not None and not own)
    held = reserved(said.text, said.question, stage) and not own
    if hedged or said.answer.doubted_hits or held:
        return None
    if not unopposed(said.answer, stage, phrases, said.parsed):
        return None
    if affirms_denied(said.parsed, said.question, stage):
        return None
    return Reading(
        Decision.ACCEPT,
        stage,
        KEYWORD,
        ((stage, KEYWORD),),
        matched=tuple(phrases),
        because=reasons_for(said.parsed, said.answer, stage),
    )


def descriptor_read_out(text: str, question: Question) -> Reading | None:
    """Near-verbatim descriptor: the person read the level out."""
    from rapidfuzz import fuzz  # loaded on first use: the app starts sooner

    said = " ".join(tokens(text))
    for stage, descriptor in question_index(question).descriptors.items():
        if len(said) > 20 and fuzz.ratio(said, descriptor) >= 90:
            return Reading(
                Decision.ACCEPT, stage, MISSPELT, ((stage, MISSPELT),), matched=(descriptor,)
            )
    return None
