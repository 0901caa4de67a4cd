"""A proposal says why: "I think that's communication (2), because you said 'send updates'",
quoting the person's own words as typed, in the conversation, the plain chat and the app; a
remark aside gets the same short nudge in both faces."""

from __future__ import annotations

import asyncio
from pathlib import Path

from conftest import chat_at_first_question, settle
from test_plain_chat import run
from test_tui import Clock, bot_texts, say, start_chat

from assessor.banks import load_builtin
from assessor.continuum import Stage
from assessor.conversation import Kind
from assessor.conversation.interpret import Decision, Reading
from assessor.conversation.quoting import quoted
from assessor.conversation.wording import proposal_message
from assessor.store import Store
from assessor.tui.app import AssessorApp
from assessor.tui.widgets import BotBubble
from assessor.words.text import quote_start

HOSTILE = "Maybe partners send updates when\u202e\x9b [/]asked"  # a bidi override, a C1 CSI, markup


def test_a_proposal_quotes_the_words_it_was_read_from_as_typed(tmp_path: Path, two_banks) -> None:
    with Store(tmp_path / "c.db") as store:
        chat = chat_at_first_question(store, two_banks)
        (proposal,) = chat.reply("Partners Send updates when someone asks, nothing more")
        assert proposal.kind is Kind.CONFIRM and proposal.proposed == (Stage.COMMUNICATION,)
        assert proposal.because == ("Send updates when someone asks",)  # as typed, capital S
        assert proposal.text.splitlines() == [
            "I think that's communication (2), because you said 'Send updates when someone asks'.",
            "  2 Communication: Partners send each other updates when asked.",
            "Is that right? Say yes, give the number that fits better, or name another stage.",
        ]
        assert store.answers(chat.assessment.id) == []  # nothing taken until confirmed
        assert chat.reply("yes")[0].text.startswith("That's communication — noted.")


def test_a_proposal_between_two_stages_names_both_in_order(tmp_path: Path, two_banks) -> None:
    with Store(tmp_path / "c.db") as store:
        chat = chat_at_first_question(store, two_banks)
        (proposal,) = chat.reply("4 or 3")
        assert proposal.text.splitlines()[0] == (
            "I think that's between coordination (3) and collaboration (4), because you said "
            "'4 or 3'."
        )
        assert proposal.text.splitlines()[-1] == (
            "Which is closer? Give the number, or name another stage."
        )
        assert chat.reply("coordination")[0].text.startswith("That's coordination — noted.")


def test_a_reading_that_names_its_words_is_quoted_from_them(tmp_path: Path, two_banks) -> None:
    """`Reading.because`, where the reading fills it, is what is quoted: the words as said."""
    question = two_banks.banks[0].questions[0]
    said = "For now it's two systems and we're emailing things across"
    reading = Reading(
        Decision.CONFIRM,
        Stage.COMMUNICATION,
        0.6,
        ((Stage.COMMUNICATION, 0.6),),
        matched=("system", "email"),
        because=("two systems", "emailing things across"),
    )
    assert quoted(said, reading) == ("two systems", "emailing things across")
    message = proposal_message(question, reading, said)
    assert message.text.startswith(
        "I think that's communication (2), because you said 'two systems' and 'emailing things "
        "across'.\n"
    )
    # without `because`, the matched words found again in the answer
    fallback = quoted(said, Reading(Decision.CONFIRM, matched=("systems", "email")))
    assert fallback == ("systems", "emailing")


def test_a_negated_word_is_quoted_with_its_negation() -> None:
    said = "We DON'T plan  separately\nany more"
    reading = Reading(Decision.CONFIRM, matched=("not plan separately", "not separately"))
    assert quoted(said, reading) == ("DON'T plan separately",)  # one line, one space


def test_a_word_spelt_like_a_negation_is_not_quoted_as_one() -> None:
    """The word "notes" stems to "not": the negation quoted with "shared" is the "not" said
    before it, by the rule the reading's own reasons follow."""
    said = "We do not keep notes shared"
    reading = Reading(Decision.CONFIRM, matched=("not shared",))
    assert quoted(said, reading) == ("not keep notes shared",)


def test_a_negation_comes_with_the_quoted_words_from_three_words_before_at_most() -> None:
    assert quote_start(["Nobody", "really", "ever", "checks"], 3) == 0
    assert quote_start(["no-one", "at", "all", "really", "checks"], 4) == 4
    assert quote_start(["we", "don\u2019t", "train"], 2) == 1


def test_a_remark_aside_gets_a_short_nudge_not_a_stage(tmp_path: Path) -> None:
    governance = load_builtin().select(["governance"])
    with Store(tmp_path / "c.db") as store:
        chat = chat_at_first_question(store, governance)
        question = chat.current
        assert question is not None
        (nudge,) = chat.reply("the coffee in this room is dreadful")
        assert nudge.kind is Kind.ERROR and nudge.proposed == ()
        assert nudge.text == (
            f"Back to the question: {question.text}\n"
            "Give the number that fits (1 to 5), say 'levels' to see them, or 'skip'."
        )


def test_the_plain_chat_says_why_and_shows_quoted_controls_visibly(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    result = run(
        ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"],
        ["the coffee in this room is dreadful", "we only swap newsletters", "yes"],
        db,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\nBack to the question: " in out
    assert (
        "I think that's communication (2), because you said 'newsletters'.\n"
        "  2 Communication: " in out
    )
    assert "That's communication — noted." in out
    hostile = run(
        ["chat", "--plain", "--partnership", "Northshire", "--banks", "governance"],
        [HOSTILE.replace("Maybe partners send updates", "we only swap newsletters")],
        tmp_path / "hostile.db",
    )
    assert "\u202e" not in hostile.stdout and "\x9b" not in hostile.stdout
    assert "because you said 'newsletters when\\u202e\\u009b [/]asked'." in hostile.stdout


def test_the_app_shows_the_reason_and_quoted_text_literally(tmp_path: Path, two_banks) -> None:
    async def run_app() -> None:
        app = AssessorApp(tmp_path / "app.db", two_banks, blink=False, clock=Clock())
        async with app.run_test(size=(100, 32)) as pilot:
            await start_chat(pilot, app)
            await say(pilot, app, "the coffee in this room is dreadful")
            assert bot_texts(app)[-1].startswith("Back to the question: Who oversees the work?")
            await say(pilot, app, HOSTILE)
            bubble = list(app.screen.query(BotBubble))[-1]
            assert bubble.message.because == ("send updates when\u202e\x9b [/]asked",)
            shown = str(bubble.render())  # markup would have crashed or vanished; controls shown
            assert shown.startswith(
                "I think that's communication (2), because you said 'send updates when"
                "\\u202e\\u009b [/]asked'."
            )
            assert app.screen.query_one("#yes").display
            assert "proposed" in app.screen.query_one("#level-communication").classes
            await pilot.click("#yes")
            await settle(pilot, app)
            assert any(t.startswith("That's communication — noted.") for t in bot_texts(app))

    asyncio.run(run_app())
