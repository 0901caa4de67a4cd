"""The conversation engine: understands answers and drives an assessment, with no I/O of its own."""

from assessor.conversation.engine import Conversation, State
from assessor.conversation.interpret import Decision, Reading, interpret
from assessor.conversation.messages import BotMessage, Kind, Option

__all__ = [
    "BotMessage",
    "Conversation",
    "Decision",
    "Kind",
    "Option",
    "Reading",
    "State",
    "interpret",
]
