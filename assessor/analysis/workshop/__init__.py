"""Workshops: several voices rate each question, the spread is shown, one answer is agreed. Pure.

Ratings are typed one by one or on one line ("AB 3, CD 4, EF 2", "health 3, council 4"); a
person's part of a line may be in their own words ("EF thinks it's more like collaboration",
"CD: we only swap newsletters"), left here for the conversation to read as an answer. Names
are matched to the roster by initials or name, organisations to everyone from them, with a
misspelling allowed, and sectors ("health", "vcs") to everyone whose organisation or role
shows that sector. The bot proposes the median; a spread of two stages or more, or organisations
that agree among themselves but not with each other, is flagged for discussion.

Whose ratings count: everyone in the room, and anyone who has left for the questions agreed
before they left. The spread, the proposal, the dissent and the reports all use that one set.
"""

from assessor.analysis.workshop.counting import (
    counted_voices,
    counts,
    ratings_by_question,
    self_assessments_used,
)
from assessor.analysis.workshop.movement import FirstVoice, first_ratings, first_voices
from assessor.analysis.workshop.parked import is_parked, parked_by_domain, parked_questions
from assessor.analysis.workshop.people import (
    SECTOR_WORDS,
    SECTORS,
    Found,
    find_people,
    match_people,
    sectors_of,
    suggest_people,
)
from assessor.analysis.workshop.ratings import (
    Parsed,
    Rating,
    Said,
    parse_ratings,
    value_of,
    view_in,
)
from assessor.analysis.workshop.spread import (
    ORG_SPLIT,
    WIDE,
    Spread,
    describe,
    flag_reasons,
    said,
    spread_of,
    widest,
)

# The words recorded when a workshop parks a question (the answer is marked `parked`; these
# words are shown, never read back).
NO_CONSENSUS = "no consensus"

__all__ = [
    "NO_CONSENSUS",
    "ORG_SPLIT",
    "SECTORS",
    "SECTOR_WORDS",
    "WIDE",
    "FirstVoice",
    "Found",
    "Parsed",
    "Rating",
    "Said",
    "Spread",
    "counted_voices",
    "counts",
    "describe",
    "find_people",
    "first_ratings",
    "first_voices",
    "flag_reasons",
    "is_parked",
    "match_people",
    "parked_by_domain",
    "parked_questions",
    "parse_ratings",
    "ratings_by_question",
    "said",
    "sectors_of",
    "self_assessments_used",
    "spread_of",
    "suggest_people",
    "value_of",
    "view_in",
    "widest",
]
