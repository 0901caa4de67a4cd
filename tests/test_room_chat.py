"""The plain chat with a room open: the facilitator's lines come through a real pipe, read
without blocking the event loop, while people join and rate on the same loop through the room
itself (the real core and store); what the room says is printed as it happens, and the room
closes when the workshop pauses or the input ends."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from assessor.banks import load_builtin
from assessor.conversation import conversation_for
from assessor.conversation.workshop import WorkshopConversation
from assessor.plain import room_chat
from assessor.room.room import Refused, Room
from assessor.sessions import begin
from assessor.store import Store

ADDRESS = "http://127.0.0.1:8765/join/secret-in-the-address"


class _Facilitator:
    """The write end of a real pipe whose read end is the chat's input."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.lines = os.fdopen(read, "r", encoding="utf-8")
        self._write = os.fdopen(write, "w", encoding="utf-8")

    def says(self, line: str) -> None:
        self._write.write(line + "\n")
        self._write.flush()

    def stops(self) -> None:
        self._write.close()


async def until(condition: Callable[[], bool]) -> None:
    """Wait, yielding to the loop, until `condition` holds (the chat runs on the same loop)."""
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the chat never got there")


def _workshop(tmp_path: Path) -> tuple[Store, WorkshopConversation, Room]:
    store = Store(tmp_path / "room.db")
    banks = load_builtin().select(["governance"])
    assessment = begin(store, "Riverside", banks, mode="workshop")
    conversation = conversation_for(store, assessment.id, banks)
    assert isinstance(conversation, WorkshopConversation)
    return store, conversation, Room.open(conversation)


def test_a_room_workshop_in_the_plain_chat_from_joining_to_the_next_question(
    tmp_path: Path,
) -> None:
    store, conversation, room = _workshop(tmp_path)
    facilitator, out = _Facilitator(), io.StringIO()

    async def workshop() -> int:
        chat = asyncio.create_task(
            room_chat.run(conversation, room, ADDRESS, facilitator.lines, out, echo=True)
        )
        await until(lambda: "Say 'ready'" in out.getvalue())
        code = room.keys.code
        people = [
            room.join(code, "AB", "Riverside Council", "council", "10.0.0.2"),
            room.join(code, "CD", "NHS Trust", "health", "10.0.0.3"),
            room.join(code, "EF", "Young Minds", "voluntary", "10.0.0.4"),
        ]
        await until(lambda: "EF (Young Minds, VCS) joined the room" in out.getvalue())
        facilitator.says("ready")
        await until(lambda: "question 1 of 9" in out.getvalue())
        question = conversation.current
        assert question is not None
        for person, choice in zip(people, ("2", "4", "4"), strict=True):
            room.rate(person.token, question.id, choice, "")
        await until(lambda: "Everyone in the room has rated." in out.getvalue())
        facilitator.says("agree")
        await until(lambda: "question 2 of 9" in out.getvalue())
        facilitator.says("pause")
        return await chat

    assert asyncio.run(workshop()) == 0
    said = out.getvalue()
    # the address and the code in words; no QR code drawn into a pipe
    assert f"Join address: {ADDRESS}" in said
    assert f"Room code: {room.keys.code}" in said
    assert "█" not in said
    # who rated, as they rated, and never what, before the reveal
    before_reveal = said[: said.index("Everyone in the room has rated.")]
    assert "AB has rated (1 of 3 rated so far)." in before_reveal
    assert "CD has rated (2 of 3 rated so far)." in before_reveal
    assert "AB 2" not in before_reveal and "CD 4" not in before_reveal
    assert "Who said what: AB 2, CD 4, EF 4." in said
    assert "Agreed: collaboration (4)." in said
    assert "The room has closed." in said
    assert room.closed
    with pytest.raises(Refused) as refused:
        room.join(room.keys.code, "GH", "School", "education", "10.0.0.5")
    assert refused.value.status == 410
    # the ratings are the workshop's, stored as if the facilitator had typed them
    first = conversation.bank_set.questions[0].id
    agreed = {a.question_id: a for a in store.answers(conversation.assessment.id)}
    assert agreed[first].value == 4
    voices = store.answers(conversation.assessment.id, voices=True)
    assert sorted(a.stage.value_number for a in voices if a.stage and a.participant_id) == [
        2,
        4,
        4,
    ]


def test_the_room_closes_when_the_input_ends_and_says_how_to_carry_on(tmp_path: Path) -> None:
    _store, conversation, room = _workshop(tmp_path)
    facilitator, out = _Facilitator(), io.StringIO()

    async def workshop() -> int:
        chat = asyncio.create_task(
            room_chat.run(conversation, room, ADDRESS, facilitator.lines, out, echo=True)
        )
        await until(lambda: "Say 'ready'" in out.getvalue())
        room.join(room.keys.code, "AB", "Riverside Council", "council", "10.0.0.2")
        facilitator.says("ready")
        await until(lambda: "question 1 of 9" in out.getvalue())
        facilitator.stops()
        return await chat

    assert asyncio.run(workshop()) == 0
    assert room.closed
    said = " ".join(out.getvalue().split())
    assert "Input ended. The room has closed; every rating is saved." in said
    assert f"assessor resume {conversation.assessment.id} --plain --room" in said


def test_on_a_terminal_the_join_address_is_also_drawn_as_a_qr_code() -> None:
    lines = room_chat.announcement(ADDRESS, "K7QM", drawn=True)
    assert f"Join address: {ADDRESS}" in lines and "Room code: K7QM" in lines
    drawn = [line for line in lines if line.startswith("█")]
    assert len(drawn) > 10
    assert len({len(line) for line in drawn}) == 1  # a square, every line as wide
    assert set("".join(drawn)) <= set("█▀▄ ")
    assert not any(line.startswith("█") for line in room_chat.announcement(ADDRESS, "K", False))
