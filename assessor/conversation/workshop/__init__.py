"""The workshop conversation: each question rated by everyone in the room, then agreed.

One module a job: the roster (`roster`), the ratings and the spread, blind in a room
(`rating`), agreeing a question on the ratings shown (`agreeing`), reading an agreement
(`agreement`), a rating said in words (`proposals`), what changed since the room last saw it
(`changes`), the spread's closing lines (`discussion`), the words that run a workshop
(`vocabulary`), its help (`help`), and the replies and the end (`conversation`, whose
`WorkshopConversation` is the whole).
"""

from __future__ import annotations

from assessor.conversation.workshop.conversation import WorkshopConversation
from assessor.conversation.workshop.discussion import rests_on
from assessor.conversation.workshop.help import HELP, HELP_COLUMN
from assessor.conversation.workshop.vocabulary import (
    ROSTER_WORDS,
    bare_rating,
    names_a_person,
    read_as_something_else,
)

__all__ = [
    "HELP",
    "HELP_COLUMN",
    "ROSTER_WORDS",
    "WorkshopConversation",
    "bare_rating",
    "names_a_person",
    "read_as_something_else",
    "rests_on",
]
