"""Expected minutes: per question from what a person reads and answers, per bank in `banks list`,
and every shipped bank together held under an hour."""

from __future__ import annotations

from pathlib import Path

from assessor.banks import load_builtin
from assessor.banks.models import Levels
from assessor.banks.timing import WHOLE_ASSESSMENT_MINUTES, expected_minutes, question_minutes
from assessor.cli import main
from assessor.conversation import Conversation
from assessor.sessions import begin
from assessor.store import Store

BANKS = load_builtin()


def test_a_question_is_its_reading_at_200_words_a_minute_and_20_seconds_to_answer() -> None:
    forty = " ".join(["word"] * 38)
    question = BANKS.questions[0].model_copy(
        update={
            "text": "Ten words make up this question, asked of the room?",
            "levels": Levels(
                isolation=forty,
                communication=forty,
                coordination=forty,
                collaboration=forty,
                integration=forty,
            ),
        }
    )
    # 10 + 5 x 38 = 200 words: one minute's reading, and a third of a minute to answer
    assert abs(question_minutes(question) - (1 + 1 / 3)) < 1e-9
    assert abs(expected_minutes([question, question]) - 2 * (1 + 1 / 3)) < 1e-9


def test_every_shipped_bank_together_takes_under_an_hour() -> None:
    """The whole instrument, one voice, every question counted: under 60 minutes."""
    assert WHOLE_ASSESSMENT_MINUTES == 60
    total = expected_minutes(BANKS.questions)
    assert total < WHOLE_ASSESSMENT_MINUTES, f"{total:.0f} minutes: shorten or drop questions"


def test_banks_list_shows_each_banks_minutes_and_the_total(capsys) -> None:
    assert main(["banks", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in lines[1:-1]}
    for bank in BANKS.banks:
        assert rows[bank.id][-1] == f"{expected_minutes(bank.questions):.0f}"
    total = rows["total"]
    assert total[-2:] == [str(len(BANKS.questions)), f"{expected_minutes(BANKS.questions):.0f}"]
    assert lines[-1] == (
        "Minutes: the question and its five descriptors read at 200 words a minute, plus 20 "
        "seconds to answer each question."
    )


def test_the_greeting_says_the_same_time_as_banks_list(tmp_path: Path) -> None:
    with Store(tmp_path / "t.db") as store:
        chat = Conversation(store, begin(store, "Riverside", BANKS).id, BANKS)
        greeting = chat.start()[0].text
    minutes = max(5, round(expected_minutes(BANKS.questions) / 5) * 5)
    assert f"it takes about {minutes} minutes" in greeting
