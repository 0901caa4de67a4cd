"""`assessor chat` and `assessor resume` in the plain line chat (screen readers, pipes), alone or
with the workshop's room open beside it."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from assessor.commands.chat_room import resume_options
from assessor.errors import UserError

if TYPE_CHECKING:
    from assessor.banks.bank_set import BankSet
    from assessor.conversation import Conversation
    from assessor.store import Store


def talk(
    store: Store,
    assessment_id: str,
    bank_set: BankSet,
    discard: Callable[[], bool] | None = None,
    room: argparse.Namespace | None = None,
) -> int:
    """The plain chat; with `room` (the command's --room options), the workshop's room open."""
    from assessor.conversation import conversation_for
    from assessor.plain import chat as plain_chat

    conversation = conversation_for(store, assessment_id, bank_set)
    carry_on = plain_chat.resume_command(assessment_id)
    try:
        with _closing_ends_the_chat():
            if room is not None:
                carry_on += " --room"
                return talk_in_room(conversation, room, discard)
            return plain_chat.run(
                conversation, sys.stdin, sys.stdout, echo=not sys.stdin.isatty(), discard=discard
            )
    except _Closed as ended:
        # The terminal closed (or the process was told to end): like the end of the input,
        # an assessment begun here with nothing answered is not kept. Nobody is left to tell.
        if discard is not None:
            discard()
        return 128 + ended.signal_number
    except KeyboardInterrupt:
        if discard is not None and discard():
            print(f"\nStopped. {plain_chat.NOTHING_KEPT}")
            return 130
        closed = "The room has closed. " if room is not None else ""
        print(f"\nStopped. {closed}Your answers are saved; carry on with: {carry_on}")
        return 130


class _Closed(Exception):
    """The chat's terminal closed (SIGHUP) or the process was told to end (SIGTERM)."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number


@contextmanager
def _closing_ends_the_chat() -> Iterator[None]:
    """While the chat runs, SIGHUP and SIGTERM end it as the end of its input does, rather
    than stopping the process where it stands."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def closed(number: int, _frame: object) -> None:
        raise _Closed(number)

    hangup = getattr(signal, "SIGHUP", None)  # not on Windows
    numbers = [n for n in (hangup, signal.SIGTERM) if n is not None]
    earlier = {n: signal.signal(n, closed) for n in numbers}
    try:
        yield
    finally:
        for number, handler in earlier.items():
            signal.signal(number, handler)


def talk_in_room(
    conversation: Conversation, where: argparse.Namespace, discard: Callable[[], bool] | None
) -> int:
    """The plain chat with the workshop's room open: its web server runs on this process's
    event loop beside the chat, and stops when the chat does."""
    import asyncio

    from assessor.conversation.workshop import WorkshopConversation
    from assessor.plain import room_chat
    from assessor.room.room import Room

    if not isinstance(conversation, WorkshopConversation):
        raise UserError(
            f"assessment {conversation.assessment.id} is not a workshop: a room is for a "
            "workshop (assessor chat --workshop --room)"
        )
    from assessor.web.room_server import serve_room

    async def chat() -> int:
        room = Room.open(conversation)
        if where.port is None:
            running = await serve_room(room, host=where.host, expose=where.expose)
        else:
            running = await serve_room(room, host=where.host, port=where.port, expose=where.expose)
        try:
            return await room_chat.run(
                conversation,
                room,
                running.join_address,
                sys.stdin,
                sys.stdout,
                echo=not sys.stdin.isatty(),
                discard=discard,
                options=resume_options(where),
            )
        finally:
            room.close()
            await running.stop()

    return asyncio.run(chat())
