"""Words people use for the stages, for special answers and for commands, on every question,
gathered from the modules that hold them, one job each: `stage_names` (a stage named
outright), `rating_words` (the words around it), `practice_words` (how an answer describes
practice), `stage_cues` (phrases that mean a stage on any question), `special_words` (don't
know, not applicable), `sector_names` (abbreviations and proper names) and `remark_words` (talk
that is no answer).

Per-question phrases live in the banks (`keywords`); these are the ones that mean the same
whatever the question.
"""

from __future__ import annotations

from assessor.words.practice_words import (
    ACTORS,
    CONTRASTS,
    DOMAIN_WORDS,
    EVIDENCE_WORDS,
    FREQUENCIES,
    FREQUENCY_FILLERS,
    HEARSAY,
    HOW_MANY,
    HOW_MUCH,
    HOW_OFTEN,
    ON_ITS_OWN,
    OWN_SIDE,
    PARTIES,
    PARTNER_NAMES,
    RARITY,
    RESERVATIONS,
)
from assessor.words.rating_words import (
    CONNECTORS,
    CORRECTIONS,
    COUNTED,
    FILLERS,
    HEDGE_PHRASES,
    HEDGES,
    PLAIN_PHRASES,
    STRONG_HEDGES,
)
from assessor.words.remark_words import (
    ASIDE_PHRASES,
    DEPENDS_WORDS,
    LIGHT_WORDS,
    NOT_A_TERM,
    NOT_IN_A_TERM,
    QUESTION_LEAD_INS,
    QUESTION_OPENERS,
    TALK_FORM_ONLY,
    TALK_WORDS,
    WEAK_WORDS,
)
from assessor.words.sector_names import (
    ABBREVIATIONS,
    CAPITALS_ONLY,
    PROPER_NAMES,
)
from assessor.words.special_words import (
    DONT_KNOW_PATTERNS,
    DONT_KNOW_PHRASES,
    NOT_APPLICABLE_PHRASES,
)
from assessor.words.stage_cues import (
    GENERIC_CUES,
    ISOLATION_WHEN_DENIED,
)
from assessor.words.stage_names import (
    NUMBER_WORDS,
    OPTION_LETTERS,
    STAGE_FORMS,
    stage_of_word,
)

__all__ = [
    "ABBREVIATIONS",
    "ACTORS",
    "ASIDE_PHRASES",
    "CAPITALS_ONLY",
    "CONNECTORS",
    "CONTRASTS",
    "CORRECTIONS",
    "COUNTED",
    "DEPENDS_WORDS",
    "DOMAIN_WORDS",
    "DONT_KNOW_PATTERNS",
    "DONT_KNOW_PHRASES",
    "EVIDENCE_WORDS",
    "FILLERS",
    "FREQUENCIES",
    "FREQUENCY_FILLERS",
    "GENERIC_CUES",
    "HEARSAY",
    "HEDGES",
    "HEDGE_PHRASES",
    "HOW_MANY",
    "HOW_MUCH",
    "HOW_OFTEN",
    "ISOLATION_WHEN_DENIED",
    "LIGHT_WORDS",
    "NOT_APPLICABLE_PHRASES",
    "NOT_A_TERM",
    "NOT_IN_A_TERM",
    "NUMBER_WORDS",
    "ON_ITS_OWN",
    "OPTION_LETTERS",
    "OWN_SIDE",
    "PARTIES",
    "PARTNER_NAMES",
    "PLAIN_PHRASES",
    "PROPER_NAMES",
    "QUESTION_LEAD_INS",
    "QUESTION_OPENERS",
    "RARITY",
    "RESERVATIONS",
    "STAGE_FORMS",
    "STRONG_HEDGES",
    "TALK_FORM_ONLY",
    "TALK_WORDS",
    "WEAK_WORDS",
    "stage_of_word",
]
