"""An answer read in its words: what each step of the decision after what is said outright
looks at."""

from __future__ import annotations

from dataclasses import dataclass

from assessor.answers import Special
from assessor.banks.models import Question
from assessor.continuum import Stage
from assessor.conversation.parsed import ParsedAnswer
from assessor.conversation.understanding.weighed import WeighedAnswer


@dataclass(frozen=True)
class Said:
    """An answer read in its words: what each later step of the decision looks at."""

    text: str
    stripped: str
    question: Question
    parsed: ParsedAnswer
    answer: WeighedAnswer
    mentioned: dict[Stage, float]  # stages named outright (by word or as a rating)
    negated_names: set[Stage]  # stages named and denied ("not integrated")
    special: Special | None  # don't know or not applicable said anywhere in it
