"""Numbers, stage-like words and remarks out of place (issue 14), read by a real conversation
over the shipped banks: a number is a rating only in a rating frame, stage names match whole
words (with their short forms), and off-topic remarks and questions back to the bot get no
stage and a short nudge back to the question."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import chat_at_first_question

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Conversation, Kind
from assessor.conversation.messages import BotMessage
from assessor.store import Store

BANKS = load_builtin()


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "chat.db") as opened:
        yield opened


def _chat(store: Store, bank_id: str) -> Conversation:
    """A conversation over one shipped bank, at its first question."""
    return chat_at_first_question(store, BANKS.select([bank_id]))


def _offered(replies: list[BotMessage]) -> set[Stage]:
    return {stage for message in replies for stage in message.proposed}


def _recorded(store: Store, chat: Conversation) -> dict[str, str]:
    return {
        a.question_id: a.stage.value if a.stage else str(a.special)
        for a in store.answers(chat.assessment.id)
    }


# -- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "without_numbers"),
    [
        (
            "It takes about 3 or 4 phone calls to find out who's involved",
            "It takes a few phone calls to find out who's involved",
        ),
        ("hardly ever, maybe 1 in 20 families", "hardly ever, maybe the odd one"),
        ("about 5% of families get a joint plan", "few families get a joint plan"),
        ("2 or 3 people sit on it, no more", "a few people sit on it, no more"),
        ("the board meets at 4 on a Tuesday", "the board meets late on a Tuesday"),
    ],
)
@pytest.mark.parametrize("bank_id", ["case_management", "governance", "families"])
def test_numbers_that_count_are_not_ratings(
    store, tmp_path: Path, bank_id: str, said: str, without_numbers: str
) -> None:
    """A count or a share adds nothing: the answer is read as it is with the numbers left out
    (never as stages 3 or 4 for "3 or 4 phone calls")."""
    chat = _chat(store, bank_id)
    replies = chat.reply(said)
    with Store(tmp_path / "twin.db") as other:
        twin = _chat(other, bank_id)
        assert _offered(replies) == _offered(twin.reply(without_numbers)), replies
    assert _recorded(store, chat) == {}


@pytest.mark.parametrize(
    "said", ["3", "I'd say 3", "a 3", "level 3", "3 out of 5", "3/5", "3, we meet monthly"]
)
def test_a_number_in_a_rating_frame_is_taken(store, said: str) -> None:
    chat = _chat(store, "governance")
    replies = chat.reply(said)
    assert replies[0].text.startswith("That's coordination"), replies
    assert _recorded(store, chat) == {"governance.board": "coordination"}


# -- stage names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    ["a Home-Start coordinator", "We have a Home-Start coordinator", "food bank coordinator"],
)
def test_a_coordinator_is_not_coordination(store, said: str) -> None:
    chat = _chat(store, "governance")
    replies = chat.reply(said)
    assert Stage.COORDINATION not in _offered(replies), replies
    assert _recorded(store, chat) == {}


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        ("iso", "isolation"),
        ("comms", "communication"),
        ("coord", "coordination"),
        ("collab", "collaboration"),
        ("integ", "integration"),
        ("I'd say coord", "coordination"),
    ],
)
def test_short_forms_of_the_stages_are_stages(store, said: str, stage: str) -> None:
    chat = _chat(store, "governance")
    replies = chat.reply(said)
    assert replies[0].text.startswith(f"That's {stage}"), replies
    assert _recorded(store, chat) == {"governance.board": stage}


def test_misspelt_stage_names_are_still_read() -> None:
    from assessor.conversation.interpret import interpret

    question = BANKS.question("governance.board")
    for said, stage in (("colaboration", "collaboration"), ("intergrated", "integration")):
        assert interpret(said, question).stage == Stage(stage)


# -- remarks and questions back -------------------------------------------------------------


def _nudged(replies: list[BotMessage], question_text: str) -> bool:
    """One short message that takes the person back to the question, with no stage offered."""
    return (
        len(replies) == 1
        and replies[0].kind is Kind.ERROR
        and replies[0].text.startswith("Back to the question: ")
        and question_text in replies[0].text
        and not replies[0].proposed
    )


@pytest.mark.parametrize(
    ("bank_id", "said"),
    [
        ("governance", "the building is lovely, it used to be a library"),
        ("families", "the building is lovely, it used to be a library"),
        ("governance", "the car park is full again"),
        ("commissioning", "When you say board, do you mean the Health and Wellbeing Board?"),
        ("governance", "Does adult social care count, or just health services?"),
        ("data_sharing", "We've got a new CEO starting next month, by the way."),
        ("workforce", "Is it ok if I stop at 4? I've a meeting."),
    ],
)
def test_off_topic_remarks_and_questions_back_get_a_nudge(store, bank_id: str, said: str) -> None:
    chat = _chat(store, bank_id)
    question = BANKS.bank(bank_id).questions[0]
    replies = chat.reply(said)
    assert _nudged(replies, question.text), replies
    assert _recorded(store, chat) == {}
    # the question is still open: a rating said next is taken for it ("stage 2", because a
    # bare number to a question that counts is asked about rather than taken)
    assert chat.reply("stage 2")[0].text.startswith("That's communication")
    assert _recorded(store, chat) == {question.id: "communication"}


def test_a_question_about_a_term_is_answered_not_rated(store) -> None:
    chat = _chat(store, "commissioning")
    replies = chat.reply("what do you mean by pooled?")
    assert [m.kind for m in replies] == [Kind.DEFINITION]
    assert _recorded(store, chat) == {}


def test_asking_for_a_break_pauses_and_offers_no_stage(store) -> None:
    chat = _chat(store, "governance")
    replies = chat.reply("can we take a break?")
    assert not _offered(replies) and all(m.kind is not Kind.CONFIRM for m in replies)
    assert _recorded(store, chat) == {}


def test_an_aside_with_an_answer_in_it_is_still_an_answer(store) -> None:
    chat = _chat(store, "governance")
    replies = chat.reply("by the way, it's a 3")
    assert replies[0].text.startswith("That's coordination"), replies


def test_banks_try_says_when_a_remark_is_off_topic(capsys) -> None:
    from assessor.cli import main

    said = "When you say board, do you mean the Health and Wellbeing Board?"
    assert main(["banks", "try", "governance.board", said]) == 0
    assert "off topic:" in capsys.readouterr().out
    assert main(["banks", "try", "governance.board", "coord", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["stage"], shown["off_topic"]) == ("coordination", False)


def test_banks_try_shows_a_control_character_as_the_chat_does(capsys) -> None:
    """Each clause is quoted as 'because' is: an escape shows as '\\u001b', as in every face,
    never as U+FFFD or as itself (one answer was shown two ways on one screen)."""
    from assessor.cli import main

    assert main(["banks", "try", "governance.board", "we meet \x1b[31m monthly \x07 ok"]) == 0
    printed = capsys.readouterr().out
    clause = next(line for line in printed.splitlines() if line.startswith("  'we meet"))
    assert clause.startswith(r"  'we meet \u001b[31m monthly \u0007 ok'")
    assert "\ufffd" not in printed and "\x1b" not in printed and "\x07" not in printed


def test_banks_try_reads_a_number_as_the_chat_does_after_asking(capsys) -> None:
    """The question is asked with its stages listed numbered: a bare number is a rating there,
    even where the question counts things, as `banks try` shows."""
    from assessor.cli import main

    assert main(["banks", "try", "workforce.skill_mix", "3", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["decision"], shown["stage"]) == ("accept", "coordination")
