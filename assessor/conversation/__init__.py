"""The conversation engine: understands answers and drives an assessment, with no I/O of its own."""

from assessor.conversation.engine import Conversation, State
from assessor.conversation.interpret import Decision, Reading, interpret
from assessor.conversation.messages import BotMessage, Definition, Kind, Option, ProfileSummary


def conversation_for(store, assessment_id: str, bank_set) -> Conversation:
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
