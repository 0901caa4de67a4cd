"""An answer reached through an exchange (a proposal put back, a no, a pick) keeps everything the
person said about the question on the way, and a number picked when asked for is taken."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Conversation, Kind
from assessor.store import BankUse, Store

DESCRIBED = "there's a steering group, decisions still go through each org's own SMT"


@pytest.fixture
def chat(tmp_path: Path):
    banks = load_builtin().select(["governance"])
    with Store(tmp_path / "exchange.db") as store:
        assessment = store.create_assessment(
            "Northshire", [BankUse(bank_id=b.id, version=b.version) for b in banks.banks]
        )
        conversation = Conversation(store, assessment.id, banks)
        conversation.start()
        yield conversation


def _proposed(chat: Conversation) -> None:
    replies = chat.reply(DESCRIBED)
    assert replies[-1].kind is Kind.CONFIRM
    assert "Is that right?" in replies[-1].text


def _stored(chat: Conversation, question_id: str = "governance.board"):
    answer = chat.store.answer(chat.assessment.id, question_id)
    assert answer is not None
    return answer


def test_a_hedged_number_after_a_proposal_is_taken_with_the_description(chat) -> None:
    _proposed(chat)
    replies = chat.reply("3 i guess")
    assert replies[0].kind is Kind.ACK
    assert "Is that right?" not in "\n".join(m.text for m in replies)
    answer = _stored(chat)
    assert answer.stage is Stage.COORDINATION
    assert answer.words == f"{DESCRIBED} / 3 i guess"


def test_a_hedged_number_picked_from_the_levels_is_taken(chat) -> None:
    _proposed(chat)
    assert "Which fits best? Give the number." in chat.reply("no")[-1].text
    replies = chat.reply("2 i guess")
    assert replies[0].kind is Kind.ACK, replies[0].text
    assert _stored(chat).stage is Stage.COMMUNICATION


def test_a_no_with_words_then_a_number_keeps_the_description_and_the_words(chat) -> None:
    _proposed(chat)
    chat.reply("no, neither. only the council has")
    chat.reply("3")
    answer = _stored(chat)
    assert answer.stage is Stage.COORDINATION
    assert answer.words == f"{DESCRIBED} / no, neither. only the council has / 3"


def test_a_yes_to_a_second_proposal_keeps_the_first_description(chat) -> None:
    _proposed(chat)
    second = chat.reply("we share a plan and minutes, the board is advisory")
    if second[-1].kind is Kind.CONFIRM:
        chat.reply("yes")
    words = _stored(chat).words
    assert words.startswith(DESCRIBED), words
    assert "we share a plan and minutes" in words


@pytest.mark.parametrize("refusal", ["no way, just the one", "nope, just the one"])
def test_a_no_with_words_after_it_shows_the_levels(chat, refusal: str) -> None:
    _proposed(chat)
    replies = chat.reply(refusal)
    assert "Back to the question" not in replies[0].text
    assert replies[-1].kind is Kind.HELP and "Give the number" in replies[-1].text
    chat.reply("2")
    answer = _stored(chat)
    assert answer.stage is Stage.COMMUNICATION
    assert answer.words == f"{DESCRIBED} / {refusal} / 2"


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        # a stage ruled out, the others listed to pick from
        ("we have a board but it doesn't decide anything jointly", "Which of these is closest?"),
        # not placed at all
        ("decisions on the hubs sit with the programme office", "couldn't place that"),
    ],
)
def test_words_the_chat_could_not_place_are_kept_with_the_number_picked_after(
    chat, said: str, asked: str
) -> None:
    """Before, an answer the chat could not place, or placed only by ruling stages out, was
    lost: the stage picked next was saved with the number alone."""
    replies = chat.reply(said)
    assert asked in replies[0].text, replies[0].text
    chat.reply("2")
    answer = _stored(chat)
    assert answer.stage is Stage.COMMUNICATION
    assert answer.words == f"{said} / 2"
