"""The conversation engine: understands answers and drives an assessment, with no I/O of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessor.conversation.engine import Conversation, State
from assessor.conversation.interpret import interpret
from assessor.conversation.messages import BotMessage, Definition, Kind, Option, ProfileSummary
from assessor.conversation.understanding.reading import Decision, Reading

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.store import Store


def conversation_for(store: Store, assessment_id: str, bank_set: BankSet) -> Conversation:
    """The conversation an assessment needs: a workshop's, or one voice's."""
    from assessor.conversation.workshop import WorkshopConversation

    if store.assessment(assessment_id).mode == "workshop":
        return WorkshopConversation(store, assessment_id, bank_set)
    return Conversation(store, assessment_id, bank_set)


__all__ = [
    "BotMessage",
    "Conversation",
    "Decision",
    "Definition",
    "Kind",
    "Option",
    "ProfileSummary",
    "Reading",
    "State",
    "conversation_for",
    "interpret",
]
