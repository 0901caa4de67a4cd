"""The conversation engine: understands answers and drives an assessment, with no I/O of its own.

The reader of answers is `assessor.conversation.interpret.interpret`: not loaded with the
package, as the first question is drawn before any answer is read.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TypeGuard

from assessor.conversation.engine import Conversation
from assessor.conversation.messages import BotMessage, Definition, Kind, Option, ProfileSummary
from assessor.conversation.session import State
from assessor.conversation.understanding.reading import Decision, Reading

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.conversation.workshop import WorkshopConversation
    from assessor.store import Store

WORKSHOP_MODULE = "assessor.conversation.workshop"


def conversation_for(store: Store, assessment_id: str, bank_set: BankSet) -> Conversation:
    """The conversation an assessment needs: a workshop's, or one voice's."""
    if store.assessment(assessment_id).mode == "workshop":
        from assessor.conversation.workshop import WorkshopConversation

        return WorkshopConversation(store, assessment_id, bank_set)
    return Conversation(store, assessment_id, bank_set)


def is_workshop(conversation: object) -> TypeGuard[WorkshopConversation]:
    """Whether `conversation` is a workshop's. Asking loads none of the workshop's code: until
    its class is defined, no workshop's conversation can exist (a self-assessment's app never
    loads it). The class is looked for, not assumed: the app asks from its own thread while
    the store's thread may be part-way through loading the module."""
    workshop = getattr(sys.modules.get(WORKSHOP_MODULE), "WorkshopConversation", None)
    return workshop is not None and isinstance(conversation, workshop)


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
    "is_workshop",
]
